//! `POST /api/v1/evidence/reviews`: a leader's decisions on several evidence
//! items at once, each at the version read, answered item by item; and
//! `POST /api/v1/results/{id}/evidence`: a case audit's result recorded as
//! case-audit evidence of its area.

use super::answers::{self, Evidence};
use super::body::{Body, Field, Ty};
use crate::auth::CurrentUser;
use crate::db::evidence::{self, Recorded};
use crate::db::{Actor, DbError};
use crate::domain::evidence::Review;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{EvidenceId, ResultId};
use crate::domain::kinds::Role;
use crate::domain::valid::{finish, Context, Valid};
use crate::error::AppError;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The most items one request may decide on.
pub const MOST_ITEMS: usize = 100;

/// The fields of each item of a bulk review.
const ITEM_FIELDS: &[Field] = &[
    Field::required("id", Ty::Id, "The evidence item"),
    Field::required("version", Ty::Integer, "The version the item was read at"),
    Field::required("decision", Ty::Choice(&["verify", "reject", "return"]), "Verify, reject, or return for changes"),
    Field::optional("reason", Ty::Text, "Why it is rejected or returned (needed for both)"),
];

/// One decision of a bulk review.
#[allow(dead_code)] // Read field by field (`Body`), so that each problem is named; this is its documented shape.
#[derive(Debug, ToSchema)]
#[schema(as = review_decision)]
pub struct ReviewDecision {
    /// The evidence item.
    id: i64,
    /// The version the item was read at: an item changed since is left as it is.
    version: i32,
    /// `verify`, `reject`, or `return` (to the person who added it, for changes).
    decision: String,
    /// Why it is rejected or returned (needed for both).
    reason: Option<String>,
}

/// Decisions on several evidence items, each at the version read.
#[allow(dead_code)] // As `ReviewDecision`.
#[derive(Debug, ToSchema)]
#[schema(as = bulk_review)]
pub struct BulkReview {
    /// At most 100 decisions, each on a different item.
    items: Vec<ReviewDecision>,
}

/// What became of one decision.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = review_outcome)]
pub struct ReviewOutcome {
    pub id: i64,
    /// `verified`, `rejected`, `returned`; or, left as it is, `stale` (changed
    /// since it was read), `not_found`, or `refused` (its own dates refuse it).
    pub outcome: String,
    /// Why it was left as it is.
    pub message: Option<String>,
    /// The item as it is now (after the decision, or as it stands when left).
    pub evidence: Option<Evidence>,
}

/// What became of each decision, in the order sent.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = review_outcomes)]
pub struct ReviewOutcomes {
    pub items: Vec<ReviewOutcome>,
}

/// Reads the body whole: every problem of every item, named `items[2].reason`, at once.
fn read(body: Value, context: &Context) -> Result<Vec<(EvidenceId, i32, Valid<Review>)>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let Value::Object(mut top) = body else {
        return Err(FieldErrors::one("body", super::BODY_SHAPE));
    };
    for name in top.keys().filter(|k| *k != "items") {
        errors.add(name, format!("{name} is not a field of this request: remove it"));
    }
    let items = match top.remove("items") {
        Some(Value::Array(items)) if !items.is_empty() && items.len() <= MOST_ITEMS => items,
        Some(Value::Array(items)) if items.is_empty() => {
            errors.add("items", "Send at least one decision");
            return Err(errors);
        }
        Some(Value::Array(_)) => {
            errors.add("items", format!("Send at most {MOST_ITEMS} decisions at once"));
            return Err(errors);
        }
        _ => {
            errors.add("items", "Send items: a list of decisions, each {id, version, decision, reason}");
            return Err(errors);
        }
    };
    let mut read = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let b = Body::read(item, ITEM_FIELDS);
        let reason = b.text("reason");
        let decision = match b.opt_text("decision").as_deref() {
            Some("verify") => Some(Review::Verify),
            Some("reject") => Some(Review::Reject { reason }),
            Some("return") => Some(Review::Return { reason }),
            _ => None,
        };
        let (id, version) = (b.id::<EvidenceId>("id"), b.int("version"));
        let checked = match decision {
            Some(decision) => finish(b.errors, decision, context),
            None => Err(b.errors),
        };
        match (checked, id, version) {
            (Ok(decision), Some(id), Some(version)) if read.iter().all(|(seen, _, _)| *seen != id) => {
                read.push((id, version, decision))
            }
            (Ok(_), Some(id), Some(_)) => errors.add(&format!("items[{i}].id"), format!("Item {id} is given twice")),
            (outcome, _, _) => {
                for e in outcome.err().unwrap_or_default().iter() {
                    errors.add(&format!("items[{i}].{}", e.field), e.message.clone());
                }
            }
        }
    }
    errors.into_result(read)
}

fn outcome(
    id: EvidenceId,
    done: Result<crate::db::evidence::EvidenceRow, DbError>,
    now: Option<Evidence>,
) -> ReviewOutcome {
    let (outcome, message, evidence) = match done {
        Ok(row) => {
            let outcome = match (row.review_state, row.returned_on.is_some()) {
                (crate::domain::kinds::ReviewState::Verified, _) => "verified",
                (crate::domain::kinds::ReviewState::Rejected, _) => "rejected",
                (_, true) => "returned",
                (_, false) => "draft",
            };
            (outcome, None, Some(Evidence::from(&row)))
        }
        Err(e @ DbError::Conflict { .. }) => ("stale", Some(AppError::from(e).public_message()), now),
        Err(DbError::NotFound { .. }) => ("not_found", Some(format!("There is no evidence item {id}")), None),
        Err(DbError::Invalid(errors)) => {
            let message = errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("; ");
            ("refused", Some(message), now)
        }
        Err(e) => ("refused", Some(AppError::from(e).public_message()), now),
    };
    ReviewOutcome { id: id.0, outcome: outcome.into(), message, evidence }
}

/// `POST /api/v1/evidence/reviews`: decisions on several items, in one
/// transaction; an item changed since it was read is named `stale` and left
/// as it is, and the others are decided.
pub async fn bulk(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let context = state.context();
    let items = read(body.into_inner(), &context).map_err(AppError::Invalid)?;
    let today = context.today;
    let actor = Actor::user(user.id, &user.name);
    let outcomes = state
        .db(move |conn| {
            let done = evidence::review_each(conn, &actor, &items, today)?;
            let mut outcomes = Vec::with_capacity(done.len());
            for (id, result) in done {
                // Left as it is: answer it as it stands, so the client can decide again.
                let now = match &result {
                    Err(DbError::Conflict { .. } | DbError::Invalid(_)) => {
                        Some(Evidence::from(&evidence::get_any(conn, id)?))
                    }
                    _ => None,
                };
                outcomes.push(outcome(id, result, now));
            }
            Ok(outcomes)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ReviewOutcomes { items: outcomes }))
}

/// The body of recording a result as evidence.
pub const FROM_RESULT_FIELDS: &[Field] = &[Field::optional(
    "verified",
    Ty::Bool,
    "Record it verified today by you (leaders only); left out or false, it is a draft for review",
)];

/// `POST /api/v1/results/{id}/evidence`: a case audit's result recorded as a
/// case-audit evidence item of its area, linked to it: 201 with the new item,
/// or 200 with the one it has already.
pub async fn from_result(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let id = ResultId(path.into_inner());
    let b = Body::read(body.into_inner(), FROM_RESULT_FIELDS);
    let verified = b.bool("verified").unwrap_or(false);
    b.errors.clone().into_result(()).map_err(AppError::Invalid)?;
    if verified && !user.may(Role::Leader) {
        return Err(AppError::Forbidden);
    }
    let context = state.context();
    let actor = Actor::user(user.id, &user.name);
    let recorded = state.db(move |conn| Ok(evidence::from_audit(conn, &actor, id, verified, &context)?)).await?;
    let answer = answers::Evidence::from(recorded.item());
    Ok(match recorded {
        Recorded::Added(_) => HttpResponse::Created().json(answer),
        Recorded::Already(_) => HttpResponse::Ok().json(answer),
    })
}
