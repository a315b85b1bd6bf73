//! Evidence: adding an item with its files and links, showing it, adding more
//! files, and serving its files back; its review is in `review`. Changing and
//! archiving an item is in `write::evidence`.

mod review;

use super::forms::{required_id, version, FormSource, RawForm};
use super::html;
use super::page::{context, return_to, returning, saved, Page};
use super::write::evidence::{choices_for, parse_with, read_values};
use crate::auth::csrf;
use crate::auth::session::Generation;
use crate::db::attachments::NewAttachment;
use crate::db::{evidence, DbError};
use crate::domain::access::evidence_edit;
use crate::domain::evidence::Review;
use crate::domain::fields::FieldErrors;
use crate::domain::history::Entity;
use crate::domain::ids::{AreaId, AttachmentId, EvidenceId};
use crate::domain::kinds::Role;
use crate::domain::upload::human_size;
use crate::domain::valid::finish;
use crate::error::AppError;
use crate::files::upload::{read_multipart, Upload, UploadLimits};
use crate::read::evidence_page;
use crate::state::AppState;
use crate::views::components::StaleEdit;
use crate::views::evidence::{evidence_page as page, EvidenceControls, ReviewFormValues};
use crate::views::fields::DateInput;
use crate::views::form_page::FormState;
use crate::views::forms::evidence::{choose_area_page, evidence_form, EvidenceValues};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

pub use review::{read_verification, review, verification_errors_named, verifier_choices};

/// The upload limits from the settings.
pub fn limits(state: &AppState) -> UploadLimits {
    let c = &state.config;
    UploadLimits { per_file: c.upload_limit_bytes, files: c.upload_max_files, total: c.upload_total_limit_bytes }
}

fn limit_text(state: &AppState) -> String {
    format!(
        "up to {} files, each smaller than {}",
        state.config.upload_max_files,
        human_size(state.config.upload_limit_bytes)
    )
}

async fn render_new(
    state: &web::Data<AppState>,
    page: &Page,
    (values, back): (EvidenceValues, Option<String>),
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let snapshot = state.plan(page.generation).await?;
    let plan_for_choices = snapshot.clone();
    let (values, mut choices) = state
        .db(move |conn| {
            let choices = choices_for(conn, &plan_for_choices.plan, &values)?;
            Ok((values, choices))
        })
        .await?;
    choices.upload_limit = Some(limit_text(state));
    choices.requests = crate::read::requests::waiting_choices(&snapshot.plan, page.today);
    if page.user.may(Role::Leader) {
        choices.verifiers = Some(verifier_choices(&snapshot, page.user.id));
    }
    let chrome = page.chrome("/evidence");
    let view: FormState<'_, EvidenceId, _, _> = FormState {
        id: None,
        version: None,
        values: &values,
        choices: &choices,
        errors,
        stale: None::<&StaleEdit>,
        chrome: &chrome,
        return_to: back.as_deref(),
    };
    Ok(html(status, evidence_form(view)))
}

/// The form to add evidence: first which area it is about (unless the link
/// came from an action or an area), then the item, its links and files.
pub async fn new(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    query: web::Query<RawForm>,
) -> Result<HttpResponse, AppError> {
    let mut values = EvidenceValues { observed_on: DateInput::of(Some(page.today)), ..Default::default() };
    let action = query.text("action");
    let area = query.text("area");
    let finding = query.text("finding");
    let back = returning(page.param("return"));
    // "Add evidence" from a request: the item answers it, about what it asked.
    if let Ok(request_id) = query.text("request").trim().parse() {
        let snapshot = state.plan(generation).await?;
        super::requests::answering(&snapshot.plan, request_id, &mut values)?;
    } else if let Ok(finding_id) = finding.trim().parse() {
        let snapshot = state.plan(generation).await?;
        let found = snapshot
            .plan
            .finding(finding_id)
            .ok_or_else(|| AppError::NotFound(format!("No finding with id {finding_id}")))?;
        values.practice_area_id = found.practice_area_id.to_string();
        values.finding_ids = vec![finding_id.to_string()];
    } else if let Ok(action_id) = action.trim().parse() {
        let snapshot = state.plan(generation).await?;
        let found = snapshot
            .plan
            .action(action_id)
            .ok_or_else(|| AppError::NotFound(format!("No action with id {action_id}")))?;
        values.practice_area_id = found.practice_area_id.to_string();
        values.action_ids = vec![action_id.to_string()];
    } else if query.has("area") {
        let mut errors = FieldErrors::new();
        let chosen: Option<AreaId> = required_id(&mut errors, "area", "the practice area the evidence is about", &area);
        let snapshot = state.plan(generation).await?;
        match chosen.filter(|id| snapshot.plan.area(*id).is_some()) {
            Some(id) => values.practice_area_id = id.to_string(),
            None => {
                if errors.is_empty() {
                    errors.add("area", "Choose one of the practice areas shown");
                }
                let areas = state.db(|conn| Ok(evidence_page::area_choices(conn)?)).await?;
                let markup = choose_area_page(&areas, &errors, &page.chrome("/evidence"));
                return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, markup));
            }
        }
    } else {
        let areas = state.db(|conn| Ok(evidence_page::area_choices(conn)?)).await?;
        return Ok(html(StatusCode::OK, choose_area_page(&areas, &FieldErrors::new(), &page.chrome("/evidence"))));
    }
    render_new(&state, &page, (values, back), &FieldErrors::new(), StatusCode::OK).await
}

/// Checks every file sent; problems are reported against the file field.
fn files_of(upload: &Upload, state: &AppState) -> (Vec<NewAttachment>, FieldErrors) {
    upload.attachments("file", state.config.upload_limit_bytes)
}

/// A browser cannot fill a file input again: say so rather than drop the files silently.
fn ask_for_files_again(upload: &Upload, errors: &mut FieldErrors) {
    if !upload.files.is_empty() && errors.for_field("file").is_none() {
        let names: Vec<&str> = upload.files.iter().map(|f| f.name.as_str()).collect();
        errors.add(
            "file",
            format!("Select your files again ({}): files are not kept when the form has a problem", names.join(", ")),
        );
    }
}

fn count_files(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " with 1 file".into(),
        n => format!(" with {n} files"),
    }
}

/// Adds an evidence item (as a draft) with every file chosen and its links, in
/// one transaction; any problem re-shows the form and saves nothing.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let upload = read_multipart(payload, "file", limits(&state)).await?;
    csrf::check(&req, &upload.text(csrf::CSRF_FIELD))?;
    let values = read_values(&upload);
    let back = returning(Some(&upload.text("return")));
    let (files, mut file_errors) = files_of(&upload, &state);
    let context = context(&state);
    // A leader may add an item verified already, as it happened; contributors cannot verify.
    let verification = match read_verification(&mut file_errors, &values.verification, "") {
        Some(_) if !page.user.may(Role::Leader) => return Err(AppError::Forbidden),
        Some(mut verification) => {
            let observed = values.observed_on.date();
            file_errors.merge(verification.check(&context, observed));
            finish(FieldErrors::new(), Review::Verified(verification), &context).ok()
        }
        None => None,
    };
    let (input, links) = match parse_with(file_errors, &values, &context) {
        Ok(parsed) => parsed,
        Err(mut errors) => {
            ask_for_files_again(&upload, &mut errors);
            return render_new(&state, &page, (values, back), &errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let count = files.len();
    let verified = verification.is_some();
    let answers = links.answers.is_some();
    let actor = page.actor();
    let today = page.today;
    let outcome = state
        .db(move |conn| {
            let saved = match &verification {
                Some(verified) => evidence::create_verified(conn, &actor, (&input, &files, &links), (verified, today)),
                None => evidence::create_linked(conn, &actor, &input, &files, &links),
            };
            match saved {
                Ok(item) => Ok(Ok(item.id)),
                Err(DbError::Invalid(errors)) => Ok(Err(errors)),
                Err(DbError::NotFound { entity, .. }) => Ok(Err(FieldErrors::one(
                    match entity {
                        Entity::PracticeArea => "practice_area_id",
                        Entity::Finding => "finding_ids",
                        _ => "action_ids",
                    },
                    "Choose from the options shown: that one no longer exists",
                ))),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    match outcome {
        Ok(id) => {
            let mut state = if verified { "verified as recorded" } else { "as a draft for review" }.to_string();
            if answers {
                state.push_str(", answering the request for it");
            }
            Ok(saved(
                return_to(back.as_deref(), format!("/evidence/{id}")),
                format!("Evidence added{}, {state}", count_files(count)),
            ))
        }
        Err(mut errors) => {
            ask_for_files_again(&upload, &mut errors);
            render_new(&state, &page, (values, back), &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

async fn render(
    state: &web::Data<AppState>,
    (page_in, generation): (&Page, Generation),
    id: EvidenceId,
    form: Option<ReviewFormValues>,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let snapshot = state.plan(generation).await?;
    let cached = evidence_page::from_plan(&snapshot, id, page_in.today);
    let query = crate::db::history::HistoryQuery {
        entities: vec![Entity::Evidence],
        entity_id: Some(id.0),
        ..Default::default()
    };
    let (detail, latest) = state
        .db(move |conn| {
            let detail = match cached {
                Some(mut detail) => {
                    detail.added_by = evidence::added_by(conn, id)?;
                    detail
                }
                None => evidence_page::load(conn, id)?,
            };
            Ok((detail, crate::db::history::latest(conn, &query, super::read::RECORD_HISTORY)?))
        })
        .await?;
    let changes = super::read::in_words(&snapshot, &latest, page_in.user.role);
    // The decision is left unchosen: verifying is a judgement, never a default.
    let users = verifier_choices(&snapshot, page_in.user.id);
    let values = match form {
        Some(typed) => ReviewFormValues { users, ..typed },
        None => ReviewFormValues { version: detail.item.version.to_string(), users, ..ReviewFormValues::default() },
    };
    let user = &page_in.user;
    let controls = EvidenceControls {
        edit: evidence_edit(user.role, user.id, detail.added_by, detail.item.review_state),
        review: user.may(Role::Leader),
    };
    let markup =
        page((&detail, &changes), controls, (&values, errors), &limit_text(state), &page_in.chrome("/evidence"));
    Ok(html(status, markup))
}

/// An evidence item.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<EvidenceId>,
) -> Result<HttpResponse, AppError> {
    render(&state, (&page, generation), path.into_inner(), None, &FieldErrors::new(), StatusCode::OK).await
}

/// Adds files to an item, at the version the page was read at; the item goes
/// back to draft for review.
pub async fn add_files(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<EvidenceId>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let upload = read_multipart(payload, "file", limits(&state)).await?;
    csrf::check(&req, &upload.text(csrf::CSRF_FIELD))?;
    let (files, mut errors) = files_of(&upload, &state);
    if files.is_empty() && errors.is_empty() {
        errors.add("file", "Select at least one file to add");
    }
    let expected = match FieldErrors::both(version(&upload.text("version")), errors.into_result(())) {
        Ok((expected, ())) => expected,
        Err(errors) => {
            return render(&state, (&page, generation), id, None, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    };
    let count = files.len();
    let (actor, user) = (page.actor(), page.user.clone());
    let outcome = state
        .db(move |conn| {
            let allow = Box::new(move |row: &evidence::EvidenceRow, by| {
                evidence_edit(user.role, user.id, by, row.review_state).is_ok()
            });
            match evidence::add_files(conn, &actor, id, expected, &files, allow) {
                Ok(_) => Ok(None),
                Err(e @ DbError::Conflict { .. }) => Ok(Some(AppError::from(e).public_message())),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    match outcome {
        None => Ok(saved(
            format!("/evidence/{id}"),
            format!("Added{}; the item is back in the review queue", count_files(count)),
        )),
        Some(message) => {
            let errors = FieldErrors::one("file", format!("{message} Select your files again."));
            let now = state.db(|conn| Ok(crate::db::sessions::generation(conn)?)).await?;
            render(&state, (&page, Generation(now)), id, None, &errors, StatusCode::CONFLICT).await
        }
    }
}

/// Serves a file as a download, never shown inline, under its cleaned name.
pub async fn download(state: web::Data<AppState>, path: web::Path<AttachmentId>) -> Result<HttpResponse, AppError> {
    crate::files::send_attachment(&state, path.into_inner()).await
}
