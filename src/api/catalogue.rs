//! Every operation of the API, described from the same declarations the
//! handlers read (each record's fields, filters and sort keys), with the least
//! role it needs. The OpenAPI document is built from this list; a test checks
//! it against the route table, path by path and role by role.

use super::body::{Field, Ty};
use super::records::{list_fields, with_version, JsonRecord, Listed, VERSION_ONLY};
use super::{actions, evidence, history, measures, plan, users, verdicts};
use crate::domain::kinds::Role;

/// The four addresses of a record: its list, one, archive and restore.
macro_rules! paths {
    ($base:literal) => {
        [$base, concat!($base, "/{id}"), concat!($base, "/{id}/archive"), concat!($base, "/{id}/restore")]
    };
}

/// What a request carries.
#[derive(Debug, Clone)]
pub enum RequestBody {
    None,
    /// A JSON object with these fields.
    Json(Vec<Field>),
    /// Files as multipart/form-data, in parts named `file`, with a `version` part.
    Files,
}

/// What a successful answer carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// One record of this schema.
    Record(&'static str),
    /// A page of records of this schema.
    Page(&'static str),
    /// A JSON object described in the summary.
    Object,
    /// No content.
    Empty,
    /// A file.
    File,
    /// A page for people.
    Html,
}

/// One operation of the API.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    /// The least role that may call it; `None` for anyone.
    pub role: Option<Role>,
    pub tag: &'static str,
    pub summary: String,
    pub query: Vec<Field>,
    pub body: RequestBody,
    pub status: u16,
    pub answer: Answer,
    /// Whether someone else's change can make it answer 409.
    pub versioned: bool,
}

impl Operation {
    fn new(method: &'static str, path: &'static str, role: Option<Role>, tag: &'static str, summary: &str) -> Self {
        Self {
            method,
            path,
            role,
            tag,
            summary: summary.to_string(),
            query: Vec::new(),
            body: RequestBody::None,
            status: 200,
            answer: Answer::Object,
            versioned: false,
        }
    }

    fn query(mut self, fields: Vec<Field>) -> Self {
        self.query = fields;
        self
    }

    fn body(mut self, fields: Vec<Field>) -> Self {
        self.body = RequestBody::Json(fields);
        self
    }

    fn answers(mut self, status: u16, answer: Answer) -> Self {
        self.status = status;
        self.answer = answer;
        self
    }

    fn versioned(mut self) -> Self {
        self.versioned = true;
        self
    }
}

/// The roles of a record's operations: add, change, archive and restore.
#[derive(Debug, Clone, Copy)]
struct Roles(Role, Role, Role);

/// The six operations of a record.
fn record<R: JsonRecord>(base: [&'static str; 4], tag: &'static str, roles: Roles) -> Vec<Operation> {
    let [list, one, archive, restore] = base;
    let (name, v) = (R::ENTITY, Some(Role::Viewer));
    vec![
        Operation::new("get", list, v, tag, &format!("List live {tag}, filtered, sorted and a page at a time"))
            .query(list_fields::<R>())
            .answers(200, Answer::Page(name)),
        Operation::new("post", list, Some(roles.0), tag, &format!("Add one of the {tag}"))
            .body(R::FIELDS.to_vec())
            .answers(201, Answer::Record(name)),
        Operation::new("get", one, v, tag, &format!("One of the {tag}, archived or not"))
            .answers(200, Answer::Record(name)),
        Operation::new(
            "put",
            one,
            Some(roles.1),
            tag,
            "Change it, at the version read (a stale version answers 409 with it as it is now)",
        )
        .body(with_version(R::FIELDS))
        .answers(200, Answer::Record(name))
        .versioned(),
        Operation::new("post", archive, Some(roles.2), tag, "Archive it (kept, with its history), at the version read")
            .body(VERSION_ONLY.to_vec())
            .answers(200, Answer::Record(name))
            .versioned(),
        Operation::new("post", restore, Some(roles.2), tag, "Restore it, at the version read")
            .body(VERSION_ONLY.to_vec())
            .answers(200, Answer::Record(name))
            .versioned(),
    ]
}

fn list_only<L: Listed>(path: &'static str, tag: &'static str, schema: &'static str, summary: &str) -> Operation {
    Operation::new("get", path, Some(Role::Viewer), tag, summary)
        .query(list_fields::<L>())
        .answers(200, Answer::Page(schema))
}

/// Every record's fields as its answers show them, for the schemas.
pub fn record_fields() -> Vec<(&'static str, Vec<Field>)> {
    vec![
        ("inspection", <plan::Inspections as JsonRecord>::FIELDS.to_vec()),
        ("judgement", <plan::Judgements as JsonRecord>::FIELDS.to_vec()),
        ("finding", <plan::Findings as JsonRecord>::FIELDS.to_vec()),
        ("practice_area", <plan::Areas as JsonRecord>::FIELDS.to_vec()),
        ("owner", <plan::Owners as JsonRecord>::FIELDS.to_vec()),
        ("action", <actions::Actions as JsonRecord>::FIELDS.to_vec()),
        ("measure", <measures::Measures as JsonRecord>::FIELDS.to_vec()),
        ("result", <measures::Results as JsonRecord>::FIELDS.to_vec()),
        ("evidence", <evidence::Evidence as JsonRecord>::FIELDS.to_vec()),
        ("progress_update", actions::UPDATE_FIELDS.to_vec()),
        ("finding_action", actions::LINK_FIELDS.to_vec()),
        ("user", users::NEW_FIELDS.iter().chain(&users::CHANGE_FIELDS[2..3]).copied().collect()),
    ]
}

/// Every operation of the API.
pub fn operations() -> Vec<Operation> {
    use Role::{Admin, Contributor, Leader, Viewer};
    let v = Some(Viewer);
    let leader = Roles(Leader, Leader, Leader);
    let mut all = vec![
        Operation::new("post", "/api/v1/tokens", None, "tokens", "Exchange an email and password for a bearer token")
            .body(vec![
                Field::required("email", Ty::Text, "Email address"),
                Field::required("password", Ty::Text, "Password"),
            ])
            .answers(201, Answer::Object),
        Operation::new("delete", "/api/v1/tokens/current", v, "tokens", "End the session of the token used")
            .answers(204, Answer::Empty),
        Operation::new("get", "/api/v1/verdicts", v, "verdicts", "Every live area's verdict and reasons, as at a date")
            .query(verdicts::LIST_FIELDS.to_vec()),
        Operation::new("get", "/api/v1/areas/{id}/verdict", v, "verdicts", "One area's verdict, as at a date")
            .query(vec![verdicts::AS_AT]),
        Operation::new("get", "/api/v1/areas/{id}/status-history", v, "verdicts", "An area's status at each month end")
            .query(verdicts::HISTORY_FIELDS.to_vec()),
        Operation::new(
            "get",
            "/api/v1/measures/{id}/statistics",
            v,
            "verdicts",
            "A measure's SPC statistics (as `sustain spc` prints them)",
        )
        .query(vec![verdicts::AS_AT]),
        Operation::new("get", "/api/v1/readiness", v, "verdicts", "Readiness for inspection, per live inspection")
            .query(vec![verdicts::AS_AT]),
        Operation::new(
            "get",
            "/api/v1/inspections/{id}/readiness",
            v,
            "verdicts",
            "One inspection's readiness and gaps",
        )
        .query(vec![verdicts::AS_AT]),
        Operation::new("get", "/api/v1/history", v, "history", "Change history, newest first, a page at a time")
            .query(history::fields())
            .answers(200, Answer::Page("change")),
    ];
    all.extend(record::<plan::Inspections>(paths!("/api/v1/inspections"), "inspections", leader));
    all.extend(record::<plan::Judgements>(paths!("/api/v1/judgements"), "judgements", leader));
    all.extend(record::<plan::Findings>(paths!("/api/v1/findings"), "findings", leader));
    all.extend(record::<plan::Areas>(paths!("/api/v1/areas"), "areas", leader));
    all.extend(record::<plan::Owners>(paths!("/api/v1/owners"), "owners", leader));
    all.extend(record::<actions::Actions>(paths!("/api/v1/actions"), "actions", Roles(Leader, Contributor, Leader)));
    all.extend(record::<measures::Measures>(paths!("/api/v1/measures"), "measures", leader));
    let contributor = Roles(Contributor, Contributor, Contributor);
    all.extend(record::<measures::Results>(paths!("/api/v1/results"), "results", contributor));
    all.extend(record::<evidence::Evidence>(paths!("/api/v1/evidence"), "evidence", contributor));
    all.extend([
        list_only::<actions::ProgressUpdates>(
            "/api/v1/progress-updates",
            "progress updates",
            "progress_update",
            "List progress updates, oldest first",
        ),
        Operation::new(
            "post",
            "/api/v1/progress-updates",
            Some(Contributor),
            "progress updates",
            "Add a progress update to an action you may change",
        )
        .body(actions::UPDATE_FIELDS.to_vec())
        .answers(201, Answer::Record("progress_update")),
        list_only::<actions::FindingActions>(
            "/api/v1/finding-actions",
            "finding-action links",
            "finding_action",
            "List the links between live findings and actions",
        ),
        Operation::new(
            "post",
            "/api/v1/finding-actions",
            Some(Leader),
            "finding-action links",
            "Link an action to a finding it answers",
        )
        .body(actions::LINK_FIELDS.to_vec())
        .answers(201, Answer::Record("finding_action")),
        Operation::new(
            "delete",
            "/api/v1/finding-actions/{finding_id}/{action_id}",
            Some(Leader),
            "finding-action links",
            "Remove a link (harmless when there is none)",
        )
        .answers(204, Answer::Empty),
        Operation::new(
            "get",
            "/api/v1/evidence/{id}/attachments",
            v,
            "evidence",
            "The item's files, without their content",
        ),
        Operation {
            body: RequestBody::Files,
            ..Operation::new(
                "post",
                "/api/v1/evidence/{id}/attachments",
                Some(Contributor),
                "evidence",
                "Add files to an item; it goes back for review",
            )
            .answers(201, Answer::Record("evidence"))
            .versioned()
        },
        Operation::new(
            "post",
            "/api/v1/evidence/{id}/review",
            Some(Leader),
            "evidence",
            "Verify or reject an item, at the version read",
        )
        .body(evidence::REVIEW_FIELDS.to_vec())
        .answers(200, Answer::Record("evidence"))
        .versioned(),
        Operation::new("get", "/api/v1/attachments/{id}", v, "evidence", "Download a file as it was uploaded")
            .answers(200, Answer::File),
        Operation::new("get", "/api/v1/users", Some(Admin), "users", "List user accounts")
            .query(users::FILTERS.to_vec())
            .answers(200, Answer::Page("user")),
        Operation::new(
            "post",
            "/api/v1/users",
            Some(Admin),
            "users",
            "Add a user; the generated password is answered once",
        )
        .body(users::NEW_FIELDS.to_vec())
        .answers(201, Answer::Record("user")),
        Operation::new("get", "/api/v1/users/{id}", Some(Admin), "users", "One user account")
            .answers(200, Answer::Record("user")),
        Operation::new(
            "put",
            "/api/v1/users/{id}",
            Some(Admin),
            "users",
            "Change a user's name, role or status, at the version read",
        )
        .body(users::CHANGE_FIELDS.to_vec())
        .answers(200, Answer::Record("user"))
        .versioned(),
        Operation::new("get", "/api/v1/openapi.json", None, "documentation", "This document"),
        Operation::new("get", "/api/docs", None, "documentation", "This document as a page for people")
            .answers(200, Answer::Html),
    ]);
    all
}
