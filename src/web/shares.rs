//! Sharing one evidence pack with an inspector: leaders make and revoke
//! links on the pack page; anyone holding a live link may open that pack
//! (`/shared/{token}`) and its ZIP, and nothing else. An unknown token is
//! 404; a revoked or expired one, or one whose inspection is archived, is 410.

use super::forms::{date, FormSource, RawForm};
use super::packs::stream_page;
use super::page::{chrome_for, saved, Page};
use crate::auth::csrf::CheckedForm;
use crate::auth::session::Generation;
use crate::db::shares::{self, Refusal, MAX_DAYS};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::InspectionId;
use crate::domain::kinds::Role;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::pack::PackLinks;
use crate::views::shares::{share_panel, MadeLink, ShareForm};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};

fn today(state: &AppState) -> chrono::NaiveDate {
    state.today()
}

/// The share panel for a leader; nothing for anyone else.
pub async fn panel(state: &AppState, page: &Page, id: InspectionId) -> Result<Markup, AppError> {
    panel_with(state, page, id, (&ShareForm::default(), &FieldErrors::new(), None)).await
}

async fn panel_with(
    state: &AppState,
    page: &Page,
    id: InspectionId,
    shown: (&ShareForm, &FieldErrors, Option<&MadeLink>),
) -> Result<Markup, AppError> {
    if !page.user.role.includes(Role::Leader) {
        return Ok(html! {});
    }
    let rows = state.db(move |conn| Ok(shares::for_inspection(conn, id)?)).await?;
    Ok(share_panel(id.0, &rows, shown, (&page.csrf.0, today(state))))
}

/// Makes a link to the pack. Its address is shown once, in the answer to
/// this request (the pack page), and is never put in a cookie or an address.
pub async fn create(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    req: HttpRequest,
    path: web::Path<InspectionId>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let turn = state.documents.turn().await?;
    let data = super::packs::load(&state, None, generation, id, today(&state)).await?;
    let mut form = ShareForm { label: raw.text("label"), expires_on: raw.date("expires_on") };
    let mut errors = FieldErrors::new();
    errors.line("label", "who the link is for", &mut form.label, 200, true);
    let expires = date(&mut errors, "expires_on", "Expiry date", &form.expires_on, true);
    let latest = today(&state) + chrono::Duration::days(MAX_DAYS);
    if let Some(day) = expires {
        if day < today(&state) {
            errors.add("expires_on", "The expiry date must be today or later");
        } else if day > latest {
            errors.add(
                "expires_on",
                format!(
                    "The expiry date must be at most 90 days ahead, by {}",
                    crate::domain::dates::long_date(latest)
                ),
            );
        }
    }
    let Some(expires) = expires.filter(|_| errors.is_empty()) else {
        let panel = panel_with(&state, &page, id, (&form, &errors, None)).await?;
        let chrome = page.chrome("/inspections");
        let parts = crate::views::pack::pack_page(&data, panel, &chrome);
        return Ok(stream_page(StatusCode::UNPROCESSABLE_ENTITY, parts, data, PackLinks::App, turn));
    };
    let actor = page.actor();
    let label = form.label.clone();
    let (_, token) = state.db(move |conn| Ok(shares::create(conn, &actor, id, &label, expires)?)).await?;
    let address = {
        let info = req.connection_info();
        format!("{}://{}/shared/{token}", info.scheme(), info.host())
    };
    let made = MadeLink { label: form.label.clone(), address };
    let panel = panel_with(&state, &page, id, (&ShareForm::default(), &FieldErrors::new(), Some(&made))).await?;
    let chrome = page.chrome("/inspections");
    let parts = crate::views::pack::pack_page(&data, panel, &chrome);
    Ok(stream_page(StatusCode::OK, parts, data, PackLinks::App, turn))
}

/// Ends a link at once.
pub async fn revoke(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<i64>,
    CheckedForm(_): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let actor = page.actor();
    let row = state.db(move |conn| Ok(shares::revoke(conn, &actor, id)?)).await?;
    Ok(saved(format!("/inspections/{}/pack", row.inspection_id), format!("Link for {} revoked", row.label)))
}

/// The pack a live token opens, its use recorded; otherwise the error page (404 or 410).
async fn opened(
    state: &AppState,
    req: &HttpRequest,
    token: String,
) -> Result<Result<InspectionId, HttpResponse>, AppError> {
    let client = crate::auth::credentials::client_address(req);
    let well_formed = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let result = if well_formed {
        let today = today(state);
        state.db(move |conn| Ok(shares::open(conn, &token, today, &client)?)).await?
    } else {
        Err(Refusal::Unknown)
    };
    let chrome = chrome_for(req, None);
    Ok(match result {
        Ok(row) => Ok(InspectionId(row.inspection_id)),
        Err(Refusal::Unknown) => Err(super::html(
            StatusCode::NOT_FOUND,
            crate::views::errors::error_page(
                404,
                ("Page not found", "No shared pack has this address."),
                None,
                &chrome,
            ),
        )),
        Err(Refusal::Ended) => Err(super::html(
            StatusCode::GONE,
            crate::views::errors::error_page(
                410,
                (
                    "This link has ended",
                    "The link was revoked or has expired, or the inspection it shares was archived. Ask the council for a new one.",
                ),
                None,
                &chrome,
            ),
        )),
    })
}

/// The shared pack as a page, as at today.
pub async fn shared_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let id = match opened(&state, &req, token.clone()).await? {
        Ok(id) => id,
        Err(response) => return Ok(response),
    };
    let turn = state.documents.turn().await?;
    let generation = Generation(state.db(|conn| Ok(crate::db::sessions::generation(conn)?)).await?);
    let data = super::packs::load(&state, None, generation, id, today(&state)).await?;
    let links = PackLinks::Shared(format!("/shared/{token}/pack.zip"));
    let parts = crate::views::pack::pack_shared(&data, &links, &state.authority());
    Ok(stream_page(StatusCode::OK, parts, data, links, turn))
}

/// The shared pack's ZIP, as at today.
pub async fn shared_zip(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = match opened(&state, &req, path.into_inner()).await? {
        Ok(id) => id,
        Err(response) => return Ok(response),
    };
    let turn = state.documents.turn().await?;
    let generation = Generation(state.db(|conn| Ok(crate::db::sessions::generation(conn)?)).await?);
    let data = super::packs::load(&state, None, generation, id, today(&state)).await?;
    Ok(super::packs::stream_zip(&state, data, turn))
}
