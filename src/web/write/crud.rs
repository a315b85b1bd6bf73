//! The one shape every record's pages take: a form to add one
//! (`/{things}/new`, POST `/{things}`), a form to change one
//! (`/{things}/{id}/edit`, POST `/{things}/{id}`), a confirmation before
//! archiving it (`/{things}/{id}/archive`), and restoring it.
//!
//! Each kind of record says, by implementing `Resource`, how its form is read,
//! checked and saved; these handlers do the rest the same way for all: the
//! permission, the error page (422 with every field's message), the stale edit
//! (409 with their values beside yours), the success banner after a save.

use super::super::forms::{version, FormFields, FormSource, RawForm};
use super::super::html;
use super::super::page::{context, return_to, returning, saved, Page};
use crate::auth::csrf::CheckedForm;
use crate::auth::session::Generation;
use crate::db::{DbConnection, DbError};
use crate::domain::access::Refusal;
use crate::domain::fields::FieldErrors;
use crate::domain::status::Rules;
use crate::domain::valid::Context;
use crate::error::AppError;
use crate::read::archived::RecordKind;
use crate::read::plan::PlanIndex;
use crate::records::{self, Archivable, Record, Saved};
use crate::state::AppState;
use crate::views::components::StaleEdit;
use crate::views::form_page::FormState;
use crate::views::forms::archive::{confirm_page, ArchiveNotes};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::Markup;
use serde::de::DeserializeOwned;

/// The form state a resource's page is drawn from.
pub type View<'a, R> = FormState<'a, <R as Record>::Id, <R as Resource>::Values, <R as Resource>::Choices>;

/// A kind of record that people add, change, archive and restore in forms:
/// the shared record model (`records::Record`) read from a form.
pub trait Resource: Archivable<Id: DeserializeOwned, New = <Self as Record>::Input> {
    /// The form's values as typed.
    type Values: FormFields + Clone + Send + 'static;
    /// What the form offers to choose from.
    type Choices: Send + 'static;

    const KIND: RecordKind;

    /// Reads the values typed into the form.
    fn read(form: &RawForm) -> Self::Values;
    /// A new record's form, filled from the address (`?inspection=3`).
    fn blank(query: &RawForm) -> Self::Values;
    /// A stored record's form.
    fn values_of(conn: &mut DbConnection, row: &Self::Row) -> Result<Self::Values, DbError>;
    /// What the form offers, for these values: from the cached plan, with
    /// the connection for what it leaves out (archived records still linked).
    fn choices(
        conn: &mut DbConnection,
        plan: &PlanIndex,
        values: &Self::Values,
        rules: &Rules,
    ) -> Result<Self::Choices, DbError>;
    /// Checks the values, giving every problem at once.
    fn parse(values: &Self::Values, context: &Context) -> Result<Self::Input, FieldErrors>;

    /// The form page.
    fn page(view: View<'_, Self>) -> Markup;

    /// What archiving keeps and changes, or why it cannot be done yet.
    fn archive_notes(plan: &PlanIndex, row: &Self::Row) -> ArchiveNotes;
}

/// How a save ended, short of a failure, as the form shows it.
enum Outcome<R: Resource> {
    Saved(R::Row),
    /// Someone else saved first: their values and the version now.
    Stale(R::Values, i32),
    Invalid(FieldErrors),
}

/// A save as the form shows it: a missing linked record or a rule the
/// database enforces becomes a field message.
fn outcome<R: Resource>(conn: &mut DbConnection, saved: Saved<R>) -> Result<Outcome<R>, DbError> {
    Ok(match saved {
        Saved::Done(row) => Outcome::Saved(row),
        Saved::Invalid(errors) => Outcome::Invalid(errors),
        Saved::Missing { field, .. } => Outcome::Invalid(FieldErrors::one(
            field.unwrap_or("version"),
            "Choose from the options shown: that one no longer exists",
        )),
        Saved::Blocked(reason) => Outcome::Invalid(FieldErrors::one("archive", reason)),
        Saved::Stale { now: row, .. } => Outcome::Stale(R::values_of(conn, &row)?, R::version_of(&row)),
    })
}

struct Shown<R: Resource> {
    id: Option<R::Id>,
    version: Option<String>,
    values: R::Values,
    errors: FieldErrors,
    stale: Option<StaleEdit>,
    /// The page the form was opened from, to go back to after saving.
    back: Option<String>,
}

async fn render<R: Resource>(
    state: &web::Data<AppState>,
    page: &Page,
    shown: Shown<R>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let rules = state.config.rules.clone();
    let Shown { id, version, values, errors, stale, back } = shown;
    let snapshot = state.plan(page.generation).await?;
    let (values, choices) = state
        .db(move |conn| {
            let choices = R::choices(conn, &snapshot.plan, &values, &rules)?;
            Ok((values, choices))
        })
        .await?;
    let chrome = page.chrome(R::KIND.nav());
    let view = FormState {
        id,
        version: version.as_deref(),
        values: &values,
        choices: &choices,
        errors: &errors,
        stale: stale.as_ref(),
        chrome: &chrome,
        return_to: back.as_deref(),
    };
    Ok(html(status, R::page(view)))
}

fn refused(refusal: Result<(), Refusal>) -> Result<(), AppError> {
    refusal.map_err(|_| AppError::Forbidden)
}

/// The form to add a record.
pub async fn new<R: Resource>(
    state: web::Data<AppState>,
    page: Page,
    query: web::Query<RawForm>,
) -> Result<HttpResponse, AppError> {
    refused(R::may_create(&page.user))?;
    let back = returning(page.param("return"));
    let shown =
        Shown::<R> { id: None, version: None, values: R::blank(&query), errors: FieldErrors::new(), stale: None, back };
    render(&state, &page, shown, StatusCode::OK).await
}

/// Adds a record; any problem re-shows the form as typed and saves nothing.
pub async fn create<R: Resource>(
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    refused(R::may_create(&page.user))?;
    let values = R::read(&raw);
    let back = returning(Some(&raw.text("return")));
    let invalid =
        |values, errors| Shown::<R> { id: None, version: None, values, errors, stale: None, back: back.clone() };
    let parsed = match R::parse(&values, &context(&state)) {
        Ok(parsed) => parsed,
        Err(errors) => return render(&state, &page, invalid(values, errors), StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let (actor, user) = (page.actor(), page.user.clone());
    let result = state
        .db(move |conn| {
            let saved = records::create::<R>(conn, &actor, &user, &parsed)?;
            Ok(outcome(conn, saved)?)
        })
        .await?;
    match result {
        Outcome::Saved(row) => {
            let notice = format!("{} added: {}", capitalised(R::KIND.noun()), R::title_of(&row));
            Ok(saved(return_to(back.as_deref(), R::KIND.path(R::id_of(&row))), notice))
        }
        Outcome::Invalid(errors) => {
            render(&state, &page, invalid(values, errors), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Outcome::Stale(_, _) => Err(AppError::Conflict("This was changed by someone else".into())),
    }
}

/// The form to change a record, filled with it as it is now.
pub async fn edit<R: Resource>(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<R::Id>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let user = page.user.clone();
    let (values, version) = state
        .db(move |conn| {
            let row = records::editable::<R>(conn, &user, id)?;
            Ok((R::values_of(conn, &row)?, R::version_of(&row)))
        })
        .await?;
    let shown = Shown::<R> {
        id: Some(id),
        version: Some(version.to_string()),
        values,
        errors: FieldErrors::new(),
        stale: None,
        back: returning(page.param("return")),
    };
    render(&state, &page, shown, StatusCode::OK).await
}

/// Saves a change made at the version the form carries. A stale edit is
/// refused with the form as typed and their values beside it.
pub async fn update<R: Resource>(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<R::Id>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let values = R::read(&raw);
    let back = returning(Some(&raw.text("return")));
    let typed_version = raw.text("version");
    // The version and the values are read whole, every problem at once, before anything is tried.
    let (expected, parsed) = match FieldErrors::both(version(&typed_version), R::parse(&values, &context(&state))) {
        Ok(both) => both,
        Err(errors) => {
            let shown = Shown::<R> { id: Some(id), version: Some(typed_version), values, errors, stale: None, back };
            return render(&state, &page, shown, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let (actor, user) = (page.actor(), page.user.clone());
    let result = state
        .db(move |conn| {
            let saved = records::update::<R>(conn, (&actor, &user), id, expected, &parsed)?;
            Ok(outcome(conn, saved)?)
        })
        .await?;
    match result {
        Outcome::Saved(row) => {
            let notice = format!("{} saved: {}", capitalised(R::KIND.noun()), R::title_of(&row));
            Ok(saved(return_to(back.as_deref(), R::KIND.path(id)), notice))
        }
        Outcome::Invalid(errors) => {
            let shown = Shown::<R> { id: Some(id), version: Some(typed_version), values, errors, stale: None, back };
            render(&state, &page, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Outcome::Stale(theirs, now) => {
            // The form keeps what was typed, now at the current version, so
            // saving again is a choice made with both sets of values in view.
            let stale = super::super::forms::stale_edit(&theirs, &values);
            let shown = Shown::<R> {
                id: Some(id),
                version: Some(now.to_string()),
                values,
                errors: FieldErrors::new(),
                stale: Some(stale),
                back,
            };
            render(&state, &page, shown, StatusCode::CONFLICT).await
        }
    }
}

async fn show_confirm<R: Resource>(
    state: &web::Data<AppState>,
    (page, generation): (&Page, Generation),
    id: R::Id,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let user = page.user.clone();
    let row = state.db(move |conn| Ok(records::archivable::<R>(conn, &user, id)?)).await?;
    let snapshot = state.plan(generation).await?;
    let notes = R::archive_notes(&snapshot.plan, &row);
    let title = R::title_of(&row);
    let markup = confirm_page(
        R::KIND,
        &id.to_string(),
        (&title, R::version_of(&row)),
        &notes,
        errors,
        &page.chrome(R::KIND.nav()),
    );
    Ok(html(status, markup))
}

/// "Check before you archive": what stays, what changes, and one button.
pub async fn confirm_archive<R: Resource>(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<R::Id>,
) -> Result<HttpResponse, AppError> {
    show_confirm::<R>(&state, (&page, generation), path.into_inner(), &FieldErrors::new(), StatusCode::OK).await
}

/// Archives a record read at the version the confirmation carried.
pub async fn archive<R: Resource>(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<R::Id>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let expected = version(&raw.text("version")).map_err(missing_version)?;
    let snapshot = state.plan(generation).await?;
    let (actor, user) = (page.actor(), page.user.clone());
    let result = state
        .db(move |conn| match records::archive::<R>(conn, (&actor, &user), &snapshot.plan, id, expected)? {
            Saved::Blocked(reason) => Ok(Err(reason)),
            Saved::Stale { .. } => Ok(Err(
                "It was changed by someone else since you opened this page. Check what it is now, then confirm again."
                    .to_string(),
            )),
            other => Ok(Ok(R::title_of(&other.done()?))),
        })
        .await?;
    match result {
        Ok(title) => {
            let notice =
                format!("{} archived: {title}. It can be restored from this list.", capitalised(R::KIND.noun()));
            Ok(saved(R::KIND.archived_path(), notice))
        }
        Err(message) => {
            let errors = FieldErrors::one("archive", message);
            let now = state.db(|conn| Ok(crate::db::sessions::generation(conn)?)).await?;
            show_confirm::<R>(&state, (&page, Generation(now)), id, &errors, StatusCode::CONFLICT).await
        }
    }
}

/// A button's form without its version cannot be acted on; nothing is tried.
fn missing_version(_: FieldErrors) -> AppError {
    AppError::BadRequest("The form is missing its version: reload the page and try again".into())
}

/// Brings an archived record back, at the version the button carried.
pub async fn restore<R: Resource>(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<R::Id>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let expected = version(&raw.text("version")).map_err(missing_version)?;
    let (actor, user) = (page.actor(), page.user.clone());
    let title = state
        .db(move |conn| Ok(R::title_of(&records::restore::<R>(conn, (&actor, &user), id, expected)?.done()?)))
        .await?;
    Ok(saved(R::KIND.path(id), format!("{} restored: {title}", capitalised(R::KIND.noun()))))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
