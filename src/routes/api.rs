//! The API's rows of the route table (issue 13): every record, every verdict.
//! Each row also says what the OpenAPI document shows of it, from the same
//! declarations the handlers read (each record's fields, filters and sort keys).

use super::{Access, RouteDef, ADMIN, CONTRIBUTOR, LEADER, VIEWER};
use crate::api::answers;
use crate::api::body::{Field, Ty};
use crate::api::operation::{Answer, Description};
use crate::api::records::{self, list_fields, with_version, Archivable, JsonRecord, Listed, VERSION_ONLY};
use actix_web::http::Method;
use actix_web::web;

/// The four addresses of a record: its list, one, archive and restore.
macro_rules! paths {
    ($base:literal) => {
        [$base, concat!($base, "/{id}"), concat!($base, "/{id}/archive"), concat!($base, "/{id}/restore")]
    };
}

/// Who may add, change, and archive and restore a record (the handlers check
/// the row itself too); anyone signed in may read it.
#[derive(Debug, Clone, Copy)]
struct Roles(Access, Access, Access);

/// The six routes of a record: list, add, one, change, archive and restore.
fn record<R: JsonRecord + Archivable>(paths: [&'static str; 4], tag: &'static str, roles: Roles) -> [RouteDef; 6] {
    let [list, one, archive, restore] = paths;
    let Roles(make, change, archiving) = roles;
    [
        RouteDef::new(Method::GET, list, VIEWER, || web::get().to(records::list::<R>)).described(
            Description::new(tag, &format!("List live {tag}, filtered, sorted and a page at a time"))
                .query(list_fields::<R>())
                .answers(200, Answer::page::<R::Answer>()),
        ),
        RouteDef::new(Method::POST, list, make, || web::post().to(records::create::<R>)).described(
            Description::new(tag, &format!("Add one of the {tag}"))
                .body(R::FIELDS.to_vec())
                .answers(201, Answer::record::<R::Answer>()),
        ),
        RouteDef::new(Method::GET, one, VIEWER, || web::get().to(records::get::<R>)).described(
            Description::new(tag, &format!("One of the {tag}, archived or not"))
                .answers(200, Answer::record::<R::Answer>()),
        ),
        RouteDef::new(Method::PUT, one, change, || web::put().to(records::update::<R>)).described(
            Description::new(tag, "Change it, at the version read (a stale version answers 409 with it as it is now)")
                .body(with_version(R::FIELDS))
                .answers(200, Answer::record::<R::Answer>())
                .versioned(),
        ),
        RouteDef::new(Method::POST, archive, archiving, || web::post().to(records::archive::<R>)).described(
            Description::new(tag, "Archive it (kept, with its history), at the version read")
                .body(VERSION_ONLY.to_vec())
                .answers(200, Answer::record::<R::Answer>())
                .versioned(),
        ),
        RouteDef::new(Method::POST, restore, archiving, || web::post().to(records::restore::<R>)).described(
            Description::new(tag, "Restore it, at the version read")
                .body(VERSION_ONLY.to_vec())
                .answers(200, Answer::record::<R::Answer>())
                .versioned(),
        ),
    ]
}

/// A list of records that are added by their own routes, not as a record's six.
fn list_only<L: Listed>(path: &'static str, tag: &'static str, summary: &str) -> RouteDef {
    RouteDef::new(Method::GET, path, VIEWER, || web::get().to(records::list::<L>))
        .described(Description::new(tag, summary).query(list_fields::<L>()).answers(200, Answer::page::<L::Answer>()))
}

/// Every route of the API, and of its document.
pub fn routes() -> Vec<RouteDef> {
    use crate::api::{actions, evidence, measures, plan};
    let leader = Roles(LEADER, LEADER, LEADER);
    let contributor = Roles(CONTRIBUTOR, CONTRIBUTOR, CONTRIBUTOR);
    let mut table = verdicts();
    table.extend([
        RouteDef::new(Method::GET, "/api/v1/openapi.json", Access::Public, || web::get().to(super::docs::json))
            .described(Description::new("documentation", "This document")),
        RouteDef::new(Method::GET, "/api/docs", Access::Public, || web::get().to(super::docs::page)).described(
            Description::new("documentation", "This document as a page for people").answers(200, Answer::Html),
        ),
    ]);
    table.extend(record::<plan::Inspections>(paths!("/api/v1/inspections"), "inspections", leader));
    table.extend(record::<plan::Judgements>(paths!("/api/v1/judgements"), "judgements", leader));
    table.extend(record::<plan::Findings>(paths!("/api/v1/findings"), "findings", leader));
    table.extend(record::<plan::Areas>(paths!("/api/v1/areas"), "areas", leader));
    table.extend(record::<plan::Owners>(paths!("/api/v1/owners"), "owners", leader));
    table.extend(record::<actions::Actions>(paths!("/api/v1/actions"), "actions", Roles(LEADER, CONTRIBUTOR, LEADER)));
    table.extend(record::<measures::Measures>(paths!("/api/v1/measures"), "measures", leader));
    table.extend(record::<measures::Results>(paths!("/api/v1/results"), "results", contributor));
    // Before the evidence record's `{id}`, which would otherwise be checked for it.
    table.extend(reviews());
    table.extend(record::<evidence::Evidence>(paths!("/api/v1/evidence"), "evidence", contributor));
    table.extend(links_files_and_users());
    table.extend(evidence_requests());
    table.extend(published_figures());
    table.extend(tokens());
    table
}

/// Several evidence items reviewed at once, and a case audit's result recorded as evidence.
fn reviews() -> [RouteDef; 2] {
    use crate::api::reviews;
    [
        RouteDef::new(Method::POST, "/api/v1/evidence/reviews", LEADER, || web::post().to(reviews::bulk)).described(
            Description::new(
                "evidence",
                "Verify, reject or return several items at once, each at the version read: one changed since is \
                 answered stale and left as it is, and the others are decided",
            )
            .schema_body::<reviews::BulkReview>()
            .answers(200, Answer::record::<reviews::ReviewOutcomes>()),
        ),
        RouteDef::new(Method::POST, "/api/v1/results/{id}/evidence", CONTRIBUTOR, || {
            web::post().to(reviews::from_result)
        })
        .described(
            Description::new(
                "results",
                "Record a case audit's result as a case-audit evidence item of its area, linked to it (201), \
                 or answer the item it has already (200)",
            )
            .body(reviews::FROM_RESULT_FIELDS.to_vec())
            .answers(201, Answer::record::<answers::Evidence>())
            .also_answers(200),
        ),
    ]
}

/// Requests for evidence: listed, asked and closed unanswered; answered by
/// adding evidence with `request_id`.
fn evidence_requests() -> [RouteDef; 4] {
    use crate::api::requests::{self, Requests};
    const TAG: &str = "requests for evidence";
    [
        list_only::<Requests>("/api/v1/requests", TAG, "List requests for evidence, with where each stands today"),
        RouteDef::new(Method::POST, "/api/v1/requests", LEADER, || web::post().to(requests::create)).described(
            Description::new(TAG, "Ask an owner for evidence about a finding, an action or a practice area, by a date")
                .body(requests::ASK_FIELDS.to_vec())
                .answers(201, Answer::record::<answers::EvidenceRequest>()),
        ),
        RouteDef::new(Method::GET, "/api/v1/requests/{id}", VIEWER, || web::get().to(requests::get)).described(
            Description::new(TAG, "One request for evidence")
                .answers(200, Answer::record::<answers::EvidenceRequest>()),
        ),
        RouteDef::new(Method::POST, "/api/v1/requests/{id}/close", LEADER, || web::post().to(requests::close))
            .described(
                Description::new(TAG, "Close a waiting request without evidence, with the reason, at the version read")
                    .body(requests::CLOSE_FIELDS.to_vec())
                    .answers(200, Answer::record::<answers::EvidenceRequest>())
                    .versioned(),
            ),
    ]
}

/// Exchanging an email and password for a token, and ending its session.
fn tokens() -> [RouteDef; 2] {
    use crate::api::tokens;
    [
        RouteDef::new(Method::POST, "/api/v1/tokens", Access::Public, || web::post().to(tokens::create)).described(
            Description::new("tokens", "Exchange an email and password for a bearer token")
                .body(vec![
                    Field::required("email", Ty::Text, "Email address"),
                    Field::required("password", Ty::Text, "Password"),
                ])
                .answers(201, Answer::Object),
        ),
        RouteDef::new(Method::DELETE, "/api/v1/tokens/current", VIEWER, || web::delete().to(tokens::revoke_current))
            .described(Description::new("tokens", "End the session of the token used").answers(204, Answer::Empty)),
    ]
}

/// How the council compares on the DfE's published figures, read only.
fn published_figures() -> [RouteDef; 3] {
    use crate::api::figures;
    const TAG: &str = "published figures";
    [
        // Before `{id}`, which would otherwise be checked for it.
        RouteDef::new(Method::GET, "/api/v1/figures/councils", VIEWER, || web::get().to(figures::councils)).described(
            Description::new(TAG, "Every council with published figures, by name, to choose one for `la`")
                .answers(200, Answer::record::<answers::FigureCouncils>()),
        ),
        RouteDef::new(Method::GET, "/api/v1/figures", VIEWER, || web::get().to(figures::list)).described(
            Description::new(
                TAG,
                "A council's every published indicator in its latest year, beside its statistical neighbours' median, its region and England, with its trend",
            )
            .query(vec![figures::LA])
            .answers(200, Answer::record::<answers::Figures>())
            .may_not_find(),
        ),
        RouteDef::new(Method::GET, "/api/v1/figures/{id}", VIEWER, || web::get().to(figures::one)).described(
            Description::new(TAG, "One published indicator for a council, every year, with each neighbour's figure")
                .query(vec![figures::LA])
                .answers(200, Answer::record::<answers::IndicatorYears>()),
        ),
    ]
}

/// The verdicts, readiness and history, read only.
fn verdicts() -> Vec<RouteDef> {
    use crate::api::{history, verdicts};
    use Method as M;
    let d = Description::new;
    vec![
        RouteDef::new(M::GET, "/api/v1/verdicts", VIEWER, || web::get().to(verdicts::list)).described(
            d("verdicts", "Every live area's verdict and reasons, as at a date").query(verdicts::LIST_FIELDS.to_vec()),
        ),
        RouteDef::new(M::GET, "/api/v1/areas/{id}/verdict", VIEWER, || web::get().to(verdicts::one)).described(
            d("verdicts", "One area's verdict, as at a date, with when it would slip if nothing new were recorded")
                .query(vec![verdicts::AS_AT])
                .answers(200, Answer::record::<answers::AreaVerdict>()),
        ),
        RouteDef::new(M::GET, "/api/v1/areas/{id}/status-history", VIEWER, || web::get().to(verdicts::status_history))
            .described(d("verdicts", "An area's status at each month end").query(verdicts::HISTORY_FIELDS.to_vec())),
        RouteDef::new(M::GET, "/api/v1/measures/{id}/statistics", VIEWER, || web::get().to(verdicts::statistics))
            .described(
                d("verdicts", "A measure's SPC statistics (as `sustain spc` prints them)").query(vec![verdicts::AS_AT]),
            ),
        RouteDef::new(M::GET, "/api/v1/readiness", VIEWER, || web::get().to(verdicts::readiness_all))
            .described(d("verdicts", "Readiness for inspection, per live inspection").query(vec![verdicts::AS_AT])),
        RouteDef::new(M::GET, "/api/v1/inspections/{id}/readiness", VIEWER, || web::get().to(verdicts::readiness_one))
            .described(d("verdicts", "One inspection's readiness and gaps").query(vec![verdicts::AS_AT])),
        RouteDef::new(M::GET, "/api/v1/history", VIEWER, || web::get().to(history::list)).described(
            d("history", "Change history, newest first, a page at a time")
                .query(history::fields())
                .answers(200, Answer::page::<answers::Change>()),
        ),
    ]
}

/// Progress updates and finding-action links, evidence files and reviews, user accounts.
fn links_files_and_users() -> Vec<RouteDef> {
    use crate::api::actions::{self, FindingActions, ProgressUpdates};
    use crate::api::{evidence, users};
    use Method as M;
    let d = Description::new;
    vec![
        list_only::<ProgressUpdates>(
            "/api/v1/progress-updates",
            "progress updates",
            "List progress updates, oldest first",
        ),
        RouteDef::new(M::POST, "/api/v1/progress-updates", CONTRIBUTOR, || web::post().to(actions::add_update))
            .described(
                d("progress updates", "Add a progress update to an action you may change")
                    .body(actions::UPDATE_FIELDS.to_vec())
                    .answers(201, Answer::record::<answers::ProgressUpdate>()),
            ),
        list_only::<FindingActions>(
            "/api/v1/finding-actions",
            "finding-action links",
            "List the links between live findings and actions",
        ),
        RouteDef::new(M::POST, "/api/v1/finding-actions", LEADER, || web::post().to(actions::link)).described(
            d("finding-action links", "Link an action to a finding it answers")
                .body(actions::LINK_FIELDS.to_vec())
                .answers(201, Answer::record::<answers::FindingAction>()),
        ),
        RouteDef::new(M::DELETE, "/api/v1/finding-actions/{finding_id}/{action_id}", LEADER, || {
            web::delete().to(actions::unlink)
        })
        .described(
            d("finding-action links", "Remove a link (harmless when there is none)").answers(204, Answer::Empty),
        ),
        RouteDef::new(M::GET, "/api/v1/evidence/{id}/attachments", VIEWER, || web::get().to(evidence::attachments_of))
            .described(
                d("evidence", "The item's files, without their content")
                    .answers(200, Answer::record::<answers::Attachments>()),
            ),
        RouteDef::new(M::POST, "/api/v1/evidence/{id}/attachments", CONTRIBUTOR, || web::post().to(evidence::upload))
            .described(
                d("evidence", "Add files to an item; it goes back for review")
                    .files()
                    .answers(201, Answer::record::<answers::Evidence>())
                    .versioned(),
            ),
        RouteDef::new(M::POST, "/api/v1/actions/{id}/sign-off", LEADER, || web::post().to(actions::sign_off))
            .described(
                d("actions", "Sign off a completed action awaiting sign-off, or return it to its owner with a reason")
                    .body(actions::SIGN_OFF_FIELDS.to_vec())
                    .answers(200, Answer::record::<answers::Action>())
                    .versioned(),
            ),
        RouteDef::new(M::POST, "/api/v1/evidence/{id}/review", LEADER, || web::post().to(evidence::review)).described(
            d("evidence", "Verify or reject an item, at the version read")
                .body(evidence::REVIEW_FIELDS.to_vec())
                .answers(200, Answer::record::<answers::Evidence>())
                .versioned(),
        ),
        RouteDef::new(M::GET, "/api/v1/attachments/{id}", VIEWER, || web::get().to(evidence::download))
            .described(d("evidence", "Download a file as it was uploaded").answers(200, Answer::File)),
        RouteDef::new(M::GET, "/api/v1/users", ADMIN, || web::get().to(users::list)).described(
            d("users", "List user accounts")
                .query(users::FILTERS.to_vec())
                .answers(200, Answer::page::<answers::User>()),
        ),
        RouteDef::new(M::POST, "/api/v1/users", ADMIN, || web::post().to(users::create)).described(
            d("users", "Add a user; the generated password is answered once")
                .body(users::NEW_FIELDS.to_vec())
                .answers(201, Answer::record::<answers::NewUser>()),
        ),
        RouteDef::new(M::GET, "/api/v1/users/{id}", ADMIN, || web::get().to(users::get))
            .described(d("users", "One user account").answers(200, Answer::record::<answers::User>())),
        RouteDef::new(M::PUT, "/api/v1/users/{id}", ADMIN, || web::put().to(users::update)).described(
            d("users", "Change a user's name, role or status, at the version read")
                .body(users::CHANGE_FIELDS.to_vec())
                .answers(200, Answer::record::<answers::User>())
                .versioned(),
        ),
    ]
}
