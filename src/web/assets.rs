//! Static files, built into the binary so it runs from any folder.

use actix_web::{web, HttpResponse};

const FILES: &[(&str, &str, &str)] = &[
    ("sustain.css", "text/css; charset=utf-8", include_str!("../../assets/sustain.css")),
    ("print.css", "text/css; charset=utf-8", include_str!("../../assets/print.css")),
];

/// Serves one of the bundled files, cached for a day.
pub async fn asset(file: web::Path<String>) -> HttpResponse {
    match FILES.iter().find(|(name, _, _)| *name == file.as_str()) {
        Some((_, media_type, body)) => HttpResponse::Ok()
            .content_type(*media_type)
            .insert_header(("Cache-Control", "public, max-age=86400"))
            .body(*body),
        None => HttpResponse::NotFound().content_type("text/plain").body("Not found"),
    }
}

/// A CSS string: quotes and backslashes escaped, control characters dropped.
fn css_string(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect()
}

/// The margins of every printed page: the council's name, the date the page
/// shows things as at, the date it was printed, and the page number. Served
/// per page because the first three change; `assets/print.css` sets the rest.
pub async fn print_frame(state: web::Data<crate::state::AppState>, req: actix_web::HttpRequest) -> HttpResponse {
    let today = state.today();
    let asked = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(name, _)| name == "as_at")
        .map(|(_, value)| value.into_owned());
    let as_at = crate::domain::dates::AsAt::parse(asked.as_deref(), today).map_or(today, |a| a.date());
    let long = crate::domain::dates::long_date;
    // Public (it is fetched beside every page), so it reads the generation
    // itself: a page printed just after the name changed shows the new name.
    let authority = match state.current_plan().await {
        Ok(snapshot) => snapshot.authority().to_string(),
        Err(_) => state.config.authority().to_string(),
    };
    let line = format!("{authority} · As at {} · Printed {}", long(as_at), long(today));
    let css = format!(
        "@page {{\n  @bottom-left {{ content: \"{}\"; }}\n  @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); }}\n}}\n",
        css_string(&line)
    );
    HttpResponse::Ok().content_type("text/css; charset=utf-8").insert_header(("Cache-Control", "no-store")).body(css)
}

/// The header in the council's colour (`?colour=1d3a5f`), as a stylesheet
/// since pages carry no inline style. The colour is in the address, so the
/// file can be cached: a new colour is a new address.
pub async fn council_colour(req: actix_web::HttpRequest) -> HttpResponse {
    let asked = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(name, _)| name == "colour")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let colour = crate::domain::council::parse_colour(&asked)
        .map_or_else(|_| crate::domain::council::DEFAULT_COLOUR.to_string(), crate::domain::council::hex);
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=86400"))
        .body(format!(".app-header {{ background: {colour}; }}\n"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_css_string_cannot_be_broken_out_of() {
        assert_eq!(super::css_string("Bob's \"council\" \\ }\n"), "Bob's \\\"council\\\" \\\\ }");
    }
}
