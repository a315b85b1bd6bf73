//! Evidence of practice change in the API, with its attachments: uploaded as
//! multipart (the same reader, limits and file checks as the pages) and
//! downloaded as they were stored.

use super::answers;
use super::body::{Body, Field, Ty};
use super::plan::by_text;
use super::records::{at_version, JsonRecord, Listed};
use crate::auth::CurrentUser;
use crate::db::attachments;
use crate::db::evidence::{self, EvidenceRow, Links};
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::access::evidence_edit;
use crate::domain::drafts::evidence::EvidenceDraft;
use crate::domain::evidence::{Review, Verification, Verifier};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::*;
use crate::domain::kinds::{EvidenceKind, ReviewState};
use crate::domain::valid::{finish, parse, Context};
use crate::error::AppError;
use crate::read::cache::Snapshot;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use std::collections::HashSet;

pub use crate::records::Evidence;

impl Listed for Evidence {
    type Item<'a> = &'a EvidenceRow;
    type Answer = answers::Evidence;
    const PATH: &'static str = "evidence";
    const FILTERS: &'static [Field] = &[
        Field::optional("area", Ty::Id, "Only this practice area's evidence"),
        Field::optional("kind", Ty::Choice(EvidenceKind::NAMES), "Only this kind of evidence"),
        Field::optional("review_state", Ty::Choice(ReviewState::NAMES), "Only evidence in this review state"),
        Field::optional("finding", Ty::Id, "Only evidence linked to this finding"),
        Field::optional("action", Ty::Id, "Only evidence linked to this action"),
    ];
    const SORTS: &'static [&'static str] = &["observed_on", "title"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, sort: &str, _: NaiveDate) -> Vec<&'a EvidenceRow> {
        let plan = &snapshot.plan;
        let area: Option<AreaId> = q.id("area");
        let kind: Option<EvidenceKind> = q.choice("kind");
        let state: Option<ReviewState> = q.choice("review_state");
        let (finding, action): (Option<FindingId>, Option<ActionId>) = (q.id("finding"), q.id("action"));
        let of_finding: Option<HashSet<EvidenceId>> =
            finding.map(|f| plan.evidence_of_finding.get(&f).into_iter().flatten().copied().collect());
        let of_action: Option<HashSet<EvidenceId>> =
            action.map(|a| plan.evidence_of_action.get(&a).into_iter().flatten().copied().collect());
        let mut rows: Vec<_> = plan
            .evidence
            .iter()
            .filter(|e| area.is_none_or(|a| e.practice_area_id == a))
            .filter(|e| kind.is_none_or(|k| e.kind == k) && state.is_none_or(|s| e.review_state == s))
            .filter(|e| of_finding.as_ref().is_none_or(|set| set.contains(&e.id)))
            .filter(|e| of_action.as_ref().is_none_or(|set| set.contains(&e.id)))
            .collect();
        match sort {
            "title" => rows.sort_by(|a, b| by_text(&a.title, &b.title).then(a.id.cmp(&b.id))),
            _ => rows.sort_by_key(|e| (e.observed_on, e.id)),
        }
        rows
    }
}

/// The fields that record a verification as it happened.
const VERIFIED_ON: Field = Field::optional(
    "verified_on",
    Ty::Date,
    "Leaders: the day it was verified (today or earlier, not before it was observed)",
);
const VERIFIED_BY: Field =
    Field::optional("verified_by", Ty::Id, "Leaders: the user who verified it (default: you), with verified_on");
const VERIFIED_BY_NAME: Field = Field::optional(
    "verified_by_name",
    Ty::Text,
    "Leaders: who verified it, when they are not a user of Sustain, with verified_on",
);

/// A verification given in a body: none when none of its fields is; the
/// day is needed, and a user or a name (neither: the person recording it).
fn verification_in(b: &mut Body) -> Option<Verification> {
    let (on, user, name) = (b.date("verified_on"), b.id::<UserId>("verified_by"), b.opt_text("verified_by_name"));
    if on.is_none() && (user.is_some() || name.is_some()) && b.errors.for_field("verified_on").is_none() {
        b.errors.add("verified_on", "Give verified_on, the day it was verified, with who verified it");
    }
    if user.is_some() && name.is_some() {
        b.errors.add(
            "verified_by_name",
            "Give verified_by (a user) or verified_by_name (someone who is not one), not both",
        );
    }
    let by = match (user, name) {
        (Some(user), _) => Verifier::User(user),
        (None, Some(name)) => Verifier::Named(name),
        (None, None) => Verifier::Recorder,
    };
    on.map(|on| Verification { on, by })
}

impl JsonRecord for Evidence {
    const FIELDS: &'static [Field] = &[
        Field::required("title", Ty::Text, "Title"),
        Field::required("kind", Ty::Choice(EvidenceKind::NAMES), "Kind of evidence"),
        Field::optional("description", Ty::Text, "What it shows"),
        Field::required("observed_on", Ty::Date, "When the practice was seen (today or earlier)"),
        Field::optional("period_start", Ty::Date, "Start of the period it covers"),
        Field::optional("period_end", Ty::Date, "End of the period it covers"),
        Field::required("practice_area_id", Ty::Id, "The practice area"),
        Field::optional("finding_ids", Ty::Ids, "Findings it is evidence for"),
        Field::optional("action_ids", Ty::Ids, "Actions it is evidence for"),
        Field::optional(
            "request_id",
            Ty::Id,
            "The request for evidence it answers, which is then marked answered (when it is added; a change ignores it)",
        ),
        VERIFIED_ON,
        VERIFIED_BY,
        VERIFIED_BY_NAME,
    ];

    fn answer(row: &EvidenceRow) -> answers::Evidence {
        row.into()
    }

    fn parse(mut b: Body, context: &Context) -> Result<Self::Input, FieldErrors> {
        let answers = b.id::<RequestId>("request_id").map(|r| (r, context.today));
        let links = Links { finding_ids: b.ids("finding_ids"), action_ids: b.ids("action_ids"), answers };
        let verification = verification_in(&mut b);
        let draft = EvidenceDraft {
            title: b.text("title"),
            kind: b.choice("kind"),
            description: b.text("description"),
            observed_on: b.date("observed_on"),
            period_start: b.date("period_start"),
            period_end: b.date("period_end"),
            practice_area_id: b.id("practice_area_id"),
        };
        let mut errors = b.errors;
        let verified = match verification {
            Some(mut verification) => {
                errors.merge(verification.check(context, draft.observed_on));
                finish(FieldErrors::new(), Review::Verified(verification), context).ok().map(|v| (v, context.today))
            }
            None => None,
        };
        Ok((parse(errors, draft, context)?, links, verified))
    }
}

/// `POST /api/v1/evidence/{id}/attachments`: adds files (multipart, each in a
/// part named `file`, with a `version` field); the item goes back for review.
pub async fn upload(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    path: web::Path<i64>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let is_multipart = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(AppError::UnsupportedMediaType(
            "Send the files as multipart/form-data, each in a part named file, with the version".into(),
        ));
    }
    let id = EvidenceId(path.into_inner());
    let c = &state.config;
    let limits = crate::files::upload::UploadLimits {
        per_file: c.upload_limit_bytes,
        files: c.upload_max_files,
        total: c.upload_total_limit_bytes,
    };
    let upload = crate::files::upload::read_multipart(payload, "file", limits).await?;
    if let Some(message) = upload.problems.for_field("file").filter(|m| m.contains("smaller than")) {
        return Err(AppError::TooLarge(message.to_string()));
    }
    let (files, mut errors) = upload.attachments("file", c.upload_limit_bytes);
    if files.is_empty() && errors.for_field("file").is_none() {
        errors.add("file", "Send at least one file, in a part named file");
    }
    let version =
        upload.text("version").trim().parse::<i32>().map_err(|_| {
            FieldErrors::one("version", "Enter version: the version the item was read at, as a whole number")
        });
    // The files and the version are read whole, every problem at once, before anything is tried.
    let (files, version) = FieldErrors::both(errors.into_result(files), version).map_err(AppError::Invalid)?;
    let actor = Actor::user(user.id, &user.name);
    let allow = Box::new(move |row: &EvidenceRow, by| evidence_edit(user.role, user.id, by, row.review_state).is_ok());
    let write = move |conn: &mut DbConnection| evidence::add_files(conn, &actor, id, version, &files, allow);
    at_version(&state, write, move |conn| evidence::get_any(conn, id), answer, StatusCode::CREATED).await
}

/// An item as the API sends it.
fn answer(_: &mut DbConnection, row: &EvidenceRow) -> Result<answers::Evidence, DbError> {
    Ok(answers::Evidence::from(row))
}

/// `GET /api/v1/evidence/{id}/attachments`: the item's files, without their content.
pub async fn attachments_of(state: web::Data<AppState>, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = EvidenceId(path.into_inner());
    let files = state
        .db(move |conn| {
            evidence::get_any(conn, id)?;
            Ok(attachments::for_evidence(conn, id)?)
        })
        .await?;
    let items = files.iter().map(answers::Attachment::from).collect();
    Ok(HttpResponse::Ok().json(answers::Attachments { items }))
}

/// `GET /api/v1/attachments/{id}`: a file as it was uploaded, always as a download.
pub async fn download(state: web::Data<AppState>, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    crate::files::send_attachment(&state, AttachmentId(path.into_inner())).await
}

/// The body of a review.
pub const REVIEW_FIELDS: &[Field] = &[
    Field::required(
        "decision",
        Ty::Choice(&["verify", "reject", "return"]),
        "Verify the item, reject it, or return it to the person who added it for changes",
    ),
    Field::optional("reason", Ty::Text, "Why it is rejected or returned (needed for both)"),
    Field::required("version", Ty::Integer, "The version the item was read at"),
    Field::optional(
        "verified_on",
        Ty::Date,
        "To verify: the day it was verified (default today), not before it was observed",
    ),
    VERIFIED_BY,
    VERIFIED_BY_NAME,
];

/// `POST /api/v1/evidence/{id}/review`: a leader verifies, rejects or
/// returns an item, at the version read.
pub async fn review(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: web::Json<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let id = EvidenceId(path.into_inner());
    let mut b = Body::read(body.into_inner(), REVIEW_FIELDS);
    let verification = verification_in(&mut b);
    let decision = match (b.opt_text("decision").as_deref(), verification) {
        (Some(choice @ ("reject" | "return")), verification) => {
            if verification.is_some() {
                b.errors.add("verified_on", "Only a verified item has a date it was verified: leave out verified_on");
            }
            let reason = b.text("reason");
            Some(if choice == "reject" { Review::Reject { reason } } else { Review::Return { reason } })
        }
        (Some("verify"), Some(verification)) => Some(Review::Verified(verification)),
        (Some("verify"), None) => Some(Review::Verify),
        // A decision left out or not one of the two is already among the body's problems.
        _ => None,
    };
    let context = state.context();
    let today = context.today;
    // A missing or bad version is already among the body's problems; the decision is checked all the same.
    let version = b.int("version").ok_or_else(FieldErrors::new);
    let decision = match decision {
        Some(decision) => finish(b.errors, decision, &context),
        None => Err(b.errors),
    };
    let (decision, version) = FieldErrors::both(decision, version).map_err(AppError::Invalid)?;
    let actor = Actor::user(user.id, &user.name);
    let write = move |conn: &mut DbConnection| evidence::review(conn, &actor, id, version, &decision, today);
    at_version(&state, write, move |conn| evidence::get_any(conn, id), answer, StatusCode::OK).await
}
