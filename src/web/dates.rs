//! Dates given to pages. Forms ask for a date as three fields (the GOV.UK
//! date input: `as_at-day`, `as_at-month`, `as_at-year`); addresses carry it
//! once, as `as_at=2025-12-31` or `as_at=31/12/2025`. A GET form's three
//! fields that make a real date are turned into the address's one parameter
//! by a redirect, so every page is linked, bookmarked and read one way; fields
//! that do not are left for the page, which shows the pattern's messages
//! beside them.

use super::forms::date;
use super::page::Page;
use crate::domain::dates::{parse_written, AsAt};
use crate::domain::fields::FieldErrors;
use crate::views::fields::DateInput;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::LOCATION;
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::HttpResponse;
use chrono::NaiveDate;

/// The dates pages take, with how their messages name them.
pub const DATE_PARAMS: &[(&str, &str)] = &[
    ("as_at", "The \"as at\" date"),
    ("as_recorded", "The \"as recorded\" date"),
    ("since", "The earlier date"),
    ("from", "The start date"),
    ("to", "The end date"),
];

/// The label of a date parameter, for its messages.
pub fn label_of(name: &str) -> &'static str {
    DATE_PARAMS.iter().find(|(n, _)| *n == name).map_or("The date", |(_, label)| label)
}

/// The names a date's three fields are sent under.
fn part_names(name: &str) -> [String; 3] {
    [format!("{name}-day"), format!("{name}-month"), format!("{name}-year")]
}

/// The three fields of a date as sent, if any of them was.
fn typed(query: &[(String, String)], name: &str) -> Option<DateInput> {
    let [day, month, year] = part_names(name);
    let first = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    if [&day, &month, &year].iter().all(|key| first(key).is_none()) {
        return None;
    }
    Some(DateInput {
        day: first(&day).unwrap_or_default(),
        month: first(&month).unwrap_or_default(),
        year: first(&year).unwrap_or_default(),
    })
}

/// The address the query stands for with every date's three fields made its
/// one parameter (blank fields: no parameter), or none when there is nothing
/// to change or a date's fields do not make a real date.
pub fn canonical_query(query: &[(String, String)]) -> Option<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = query.to_vec();
    let mut changed = false;
    for (name, label) in DATE_PARAMS {
        let Some(input) = typed(query, name) else { continue };
        let parts = part_names(name);
        out.retain(|(k, _)| k != name && !parts.contains(k));
        changed = true;
        if input.is_blank() {
            continue;
        }
        let mut errors = FieldErrors::new();
        let day = date(&mut errors, name, label, &input, false)?;
        out.push((name.to_string(), day.format("%Y-%m-%d").to_string()));
    }
    changed.then_some(out)
}

/// Sends a GET page whose address holds a date as three fields on to the
/// same page with the date as one parameter. The API takes no such fields.
pub async fn canonical(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    if req.method() == Method::GET && !req.path().starts_with("/api/") && req.query_string().contains("-day=") {
        let query: Vec<(String, String)> =
            url::form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect();
        if let Some(pairs) = canonical_query(&query) {
            let path = req.path().to_string();
            let target = if pairs.is_empty() {
                path
            } else {
                format!("{path}?{}", url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish())
            };
            let response = HttpResponse::SeeOther().insert_header((LOCATION, target)).finish();
            return Ok(req.into_response(response).map_into_right_body());
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// A date the page was given under `name`, none when not given: its three
/// fields when they could not be read (with the pattern's message on the
/// part at fault), else its address spelling.
pub fn given(page: &Page, name: &str) -> Result<Option<NaiveDate>, FieldErrors> {
    let label = label_of(name);
    if let Some(input) = typed(&page.query, name) {
        let mut errors = FieldErrors::new();
        let day = date(&mut errors, name, label, &input, false);
        return if errors.is_empty() { Ok(day) } else { Err(errors) };
    }
    let Some(text) = page.param(name) else { return Ok(None) };
    match parse_written(text) {
        Some(day) => Ok(Some(day)),
        None => Err(FieldErrors::one(name, format!("{label} must be a real date, like 31/3/2025 or 2025-03-31"))),
    }
}

/// A date that may not be after today (`as_at`, `since`), today when none is given.
pub fn as_at_given(page: &Page, name: &str) -> Result<AsAt, FieldErrors> {
    match given(page, name)? {
        Some(day) => AsAt::check(day, page.today, (name, label_of(name))),
        None => Ok(AsAt::today(page.today)),
    }
}

/// What the person typed for a date, to show in its three fields again: the
/// fields as sent, or the address's date split into them.
pub fn typed_again(query: &[(String, String)], name: &str) -> DateInput {
    if let Some(input) = typed(query, name) {
        return input;
    }
    let text = query.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    match parse_written(&text) {
        Some(day) => DateInput::of(Some(day)),
        None => DateInput { day: text, ..DateInput::default() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn three_fields_that_make_a_date_become_one_parameter() {
        let query = pairs(&[("area", "3"), ("as_at-day", "31"), ("as_at-month", "12"), ("as_at-year", "2025")]);
        assert_eq!(canonical_query(&query), Some(pairs(&[("area", "3"), ("as_at", "2025-12-31")])));
        let blank = pairs(&[("as_at", "2025-01-31"), ("as_at-day", ""), ("as_at-month", ""), ("as_at-year", "")]);
        assert_eq!(canonical_query(&blank), Some(vec![]), "blank fields mean today");
        let both = pairs(&[
            ("from-day", "1"),
            ("from-month", "2"),
            ("from-year", "2025"),
            ("to-day", ""),
            ("to-month", ""),
            ("to-year", ""),
        ]);
        assert_eq!(canonical_query(&both), Some(pairs(&[("from", "2025-02-01")])));
    }

    #[test]
    fn fields_that_make_no_date_are_left_for_the_page() {
        let query = pairs(&[("as_at-day", "31"), ("as_at-month", "2"), ("as_at-year", "2025")]);
        assert_eq!(canonical_query(&query), None);
        assert_eq!(canonical_query(&pairs(&[("as_at", "2025-12-31")])), None, "nothing to change");
        assert_eq!(typed_again(&query, "as_at").day, "31");
        assert_eq!(
            typed_again(&pairs(&[("as_at", "31/12/2025")]), "as_at"),
            DateInput::of(NaiveDate::from_ymd_opt(2025, 12, 31))
        );
    }
}
