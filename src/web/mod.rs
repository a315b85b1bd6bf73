//! HTML pages: one file per resource, and error pages. Their routes are rows
//! of the route table (`routes::pages`); they use nothing of the API (`api`).

pub mod actions;
pub mod areas;
pub mod assets;
pub mod bodies;
pub mod commentary;
pub mod council;
pub mod dashboard;
pub mod dates;
pub mod downloads;
pub mod errors;
pub mod evidence;
pub mod figures;
pub mod figures_import;
pub mod findings;
pub mod forms;
pub mod health;
pub mod history;
pub mod inspections;
pub mod invitations;
pub mod issued;
pub mod library;
pub mod measures;
pub mod oidc;
pub mod owners;
pub mod packs;
pub mod page;
pub mod read;
pub mod reports;
pub mod requests;
pub mod results;
pub mod reviews;
pub mod shares;
pub mod sheets;
pub mod signin;
pub mod tracker;
pub mod users;
pub mod write;

/// An HTML response with a status.
pub fn html(status: actix_web::http::StatusCode, markup: maud::Markup) -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(status).content_type("text/html; charset=utf-8").body(markup.into_string())
}
