//! How we compare: the published figures pages. The council is the one
//! `?la=` names, else the local authority number in council details. The
//! figures are the DfE's yearly ones, not the plan's, so these pages have no
//! "as at" date: they show what is loaded.

use super::html;
use super::page::Page;
use crate::auth::session::Generation;
use crate::error::AppError;
use crate::read::figures::Chosen;
use crate::state::AppState;
use crate::views::figures::{figure_page, figures_list, FiguresPage};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

const NAV: &str = "/figures";

async fn figures_page(state: &AppState, page: &Page, generation: Generation) -> Result<FiguresPage, AppError> {
    let chosen = state.chosen_figures(generation, page.single("la")?).await?;
    let councils = state.figure_councils(generation).await?;
    Ok(FiguresPage { chosen, councils, authority: page.authority.clone() })
}

/// A council the files do not name is not found; the page says so and offers the chooser.
fn status_of(data: &FiguresPage) -> StatusCode {
    match data.chosen {
        Chosen::Unknown { asked: true, .. } => StatusCode::NOT_FOUND,
        _ => StatusCode::OK,
    }
}

/// Every indicator's latest year for the council.
pub async fn list(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let data = figures_page(&state, &page, generation).await?;
    Ok(html(status_of(&data), figures_list(&data, &page.chrome(NAV))))
}

/// One indicator for the council, every year.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let data = figures_page(&state, &page, generation).await?;
    let Chosen::Council { figures, own } = &data.chosen else {
        // No council to show this indicator for: the list says why and offers the chooser.
        return Ok(html(status_of(&data), figures_list(&data, &page.chrome(NAV))));
    };
    let indicator =
        figures.indicator(id).ok_or_else(|| AppError::NotFound(format!("No published indicator with id {id}")))?;
    Ok(html(StatusCode::OK, figure_page(&data, figures, indicator, *own, &page.chrome(NAV))))
}
