//! JSON bodies and query strings read against a declared list of fields.
//!
//! Each resource declares its fields once (`Field`): the same list reads the
//! request (every missing, unknown or mistyped field named at once, in a 422)
//! and describes the request in the OpenAPI document, so the two cannot drift.
//! What the fields mean is then checked by the domain's `Validate`, as for a form.

use crate::domain::dates::parse_written;
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::str::FromStr;

/// The JSON type of a field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ty {
    /// A string.
    Text,
    /// A calendar date, `YYYY-MM-DD` (in an address, `DD/MM/YYYY` too).
    Date,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Bool,
    /// The id of another record.
    Id,
    /// A list of ids.
    Ids,
    /// One of these names.
    Choice(&'static [&'static str]),
}

/// One field of a request body or query string.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    /// Must be given (and not null).
    pub required: bool,
    /// What it is, for the documentation.
    pub doc: &'static str,
}

impl Field {
    /// A field that must be given.
    pub const fn required(name: &'static str, ty: Ty, doc: &'static str) -> Self {
        Self { name, ty, required: true, doc }
    }

    /// A field that may be left out or null.
    pub const fn optional(name: &'static str, ty: Ty, doc: &'static str) -> Self {
        Self { name, ty, required: false, doc }
    }
}

/// A request read against its fields: typed values, and every problem found.
#[derive(Debug, Default)]
pub struct Body {
    values: Map<String, Value>,
    pub errors: FieldErrors,
}

/// Words for a JSON type in a message.
fn expected(ty: Ty) -> String {
    match ty {
        Ty::Text => "text".into(),
        Ty::Date => "a date as YYYY-MM-DD".into(),
        Ty::Integer | Ty::Id => "a whole number".into(),
        Ty::Number => "a number".into(),
        Ty::Bool => "true or false".into(),
        Ty::Ids => "a list of ids (whole numbers)".into(),
        Ty::Choice(names) => format!("one of: {}", names.join(", ")),
    }
}

fn fits(ty: Ty, value: &Value) -> bool {
    match (ty, value) {
        (Ty::Text, Value::String(_)) => true,
        (Ty::Date, Value::String(s)) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok(),
        (Ty::Integer, Value::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        (Ty::Id, Value::Number(n)) => n.as_i64().is_some_and(|n| n > 0),
        (Ty::Number, Value::Number(n)) => n.as_f64().is_some_and(f64::is_finite),
        (Ty::Bool, Value::Bool(_)) => true,
        (Ty::Ids, Value::Array(items)) => items.iter().all(|i| fits(Ty::Id, i)),
        (Ty::Choice(names), Value::String(s)) => names.contains(&s.as_str()),
        _ => false,
    }
}

impl Body {
    /// Reads a JSON value as an object with these fields: a field not in the
    /// list, a required one missing and one of the wrong type are each named.
    pub fn read(value: Value, fields: &[Field]) -> Self {
        let mut body = Body::default();
        let Value::Object(values) = value else {
            body.errors.add("body", super::BODY_SHAPE);
            return body;
        };
        for name in values.keys() {
            if !fields.iter().any(|f| f.name == name) {
                body.errors.add(name, format!("{name} is not a field of this request: remove it"));
            }
        }
        for field in fields {
            match values.get(field.name) {
                None | Some(Value::Null) if field.required => {
                    body.errors.add(field.name, format!("Enter {}", field.name));
                }
                None | Some(Value::Null) => {}
                Some(value) if !fits(field.ty, value) => {
                    body.errors.add(field.name, format!("{} must be {}", field.name, expected(field.ty)));
                }
                Some(_) => {}
            }
        }
        body.values = values;
        body
    }

    /// Reads query-string pairs: each must be a declared field and read as
    /// its type (text, a number, `true`/`false`, a date, a name); a bad one
    /// is named in `errors`. A parameter given twice cannot be read at all (400),
    /// as everywhere else.
    pub fn query(pairs: &[(String, String)], fields: &[Field]) -> Result<Self, AppError> {
        let mut map = Map::new();
        let mut errors = FieldErrors::new();
        for (i, (name, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(earlier, _)| earlier == name) {
                return Err(AppError::BadRequest(format!(
                    "The address could not be read: {name} is given more than once. Give it once."
                )));
            }
        }
        for (name, text) in pairs {
            let Some(field) = fields.iter().find(|f| f.name == name) else {
                errors.add(name, format!("{name} is not a parameter of this address: remove it"));
                continue;
            };
            let value = match field.ty {
                Ty::Integer | Ty::Id => text.trim().parse::<i64>().map(Value::from).unwrap_or(Value::Null),
                Ty::Number => text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number),
                Ty::Bool => match text.trim() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::Null,
                },
                // An address may write a date either way people do; a body writes it one way.
                Ty::Date => {
                    parse_written(text).map_or(Value::Null, |d| Value::String(d.format("%Y-%m-%d").to_string()))
                }
                _ => Value::String(text.clone()),
            };
            if value.is_null() || !fits(field.ty, &value) {
                let wanted = match field.ty {
                    Ty::Date => "a real date, like 2025-12-31 or 31/12/2025".to_string(),
                    ty => expected(ty),
                };
                errors.add(name, format!("{name} must be {wanted}"));
                continue;
            }
            map.insert(name.clone(), value);
        }
        let mut body = Body::read(Value::Object(map), fields);
        errors.merge(std::mem::take(&mut body.errors));
        body.errors = errors;
        Ok(body)
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name).filter(|v| !v.is_null())
    }

    /// Text, empty when left out (the domain's checks say when it is needed).
    pub fn text(&self, name: &str) -> String {
        self.opt_text(name).unwrap_or_default()
    }

    /// Text, or `None` when left out or null.
    pub fn opt_text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(Value::as_str).map(str::to_string)
    }

    /// A date, when given and readable.
    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        self.get(name).and_then(Value::as_str).and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
    }

    /// A whole number that fits the stored column.
    pub fn int(&self, name: &str) -> Option<i32> {
        self.get(name).and_then(Value::as_i64).and_then(|n| i32::try_from(n).ok())
    }

    /// A number.
    pub fn number(&self, name: &str) -> Option<f64> {
        self.get(name).and_then(Value::as_f64)
    }

    /// A flag; false when left out.
    pub fn flag(&self, name: &str) -> bool {
        self.get(name).and_then(Value::as_bool).unwrap_or(false)
    }

    /// True or false, when given.
    pub fn bool(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Value::as_bool)
    }

    /// Whether the field was given (and not null).
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// An id of another record.
    pub fn id<T: From<i64>>(&self, name: &str) -> Option<T> {
        self.get(name).and_then(Value::as_i64).map(T::from)
    }

    /// A list of ids; empty when left out.
    pub fn ids<T: From<i64>>(&self, name: &str) -> Vec<T> {
        let mut seen = std::collections::HashSet::new();
        match self.get(name) {
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_i64).filter(|id| seen.insert(*id)).map(T::from).collect()
            }
            _ => Vec::new(),
        }
    }

    /// One of a vocabulary's names.
    pub fn choice<T: FromStr>(&self, name: &str) -> Option<T> {
        self.get(name).and_then(Value::as_str).and_then(|s| s.parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FIELDS: &[Field] = &[
        Field::required("title", Ty::Text, "A title"),
        Field::optional("due_date", Ty::Date, "When"),
        Field::required("state", Ty::Choice(&["planned", "completed"]), "State"),
        Field::optional("ids", Ty::Ids, "Links"),
    ];

    #[test]
    fn every_bad_field_is_named_at_once() {
        let body = Body::read(json!({"due_date": "31/03/2025", "state": "done", "ids": [1, "x"], "extra": 1}), FIELDS);
        for name in ["title", "due_date", "state", "ids", "extra"] {
            assert!(body.errors.for_field(name).is_some(), "{name} is named");
        }
    }

    #[test]
    fn a_good_body_reads_as_typed_values() {
        let body =
            Body::read(json!({"title": "Audit", "due_date": "2025-03-31", "state": "planned", "ids": [3]}), FIELDS);
        assert!(body.errors.is_empty(), "{:?}", body.errors);
        assert_eq!(body.date("due_date"), NaiveDate::from_ymd_opt(2025, 3, 31));
        assert_eq!(body.ids::<i64>("ids"), vec![3]);
    }

    #[test]
    fn a_query_parameter_given_twice_or_unknown_is_refused() {
        let pairs =
            vec![("title".to_string(), "a".to_string()), ("title".into(), "b".into()), ("x".into(), "1".into())];
        assert!(matches!(Body::query(&pairs, FIELDS), Err(AppError::BadRequest(_))));
        let body = Body::query(&pairs[2..], FIELDS).unwrap();
        assert!(body.errors.for_field("x").is_some());
    }
}
