//! The route table: every path, its handler and who may use it, in one place.
//! The access check (`auth::guard`) and the authorization tests both read it.

pub use crate::auth::access::{Access, AccessTable};
use crate::domain::kinds::Role;
use actix_web::http::Method;
use actix_web::web::{self, ServiceConfig};

/// One row of the route table.
pub struct RouteDef {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    route: fn() -> actix_web::Route,
}

impl RouteDef {
    const fn new(method: Method, path: &'static str, access: Access, route: fn() -> actix_web::Route) -> Self {
        Self { method, path, access, route }
    }
}

const VIEWER: Access = Access::SignedIn(Role::Viewer);
const CONTRIBUTOR: Access = Access::SignedIn(Role::Contributor);
const LEADER: Access = Access::SignedIn(Role::Leader);
const ADMIN: Access = Access::SignedIn(Role::Admin);

/// Every route of the application. A path with a literal segment comes before
/// the same path with a parameter (`/users/new` before `/users/{id}`).
pub fn table() -> Vec<RouteDef> {
    use super::{
        actions, areas, assets, council, dashboard, evidence, findings, health, history, inspections, measures,
    };
    use super::{owners, packs, reports, shares, sheets, signin, users};
    use crate::api;
    use Method as M;
    // The forms that change the plan come first, so that each literal path
    // (`/areas/new`) is matched before a page's `/areas/{id}`.
    // Literal paths that a form's pattern would otherwise match come first of all.
    let mut table = vec![RouteDef::new(M::GET, "/owners/me", VIEWER, || web::get().to(owners::me))];
    table.extend(plan_changes());
    table.extend(api_routes());
    table.extend(vec![
        RouteDef::new(M::GET, "/healthz", Access::Public, || web::get().to(health::healthz)),
        RouteDef::new(M::GET, "/metrics", ADMIN, || web::get().to(health::metrics)),
        RouteDef::new(M::GET, "/assets/print-frame.css", Access::Public, || web::get().to(assets::print_frame)),
        RouteDef::new(M::GET, "/assets/council.css", Access::Public, || web::get().to(assets::council_colour)),
        RouteDef::new(M::GET, "/assets/{file}", Access::Public, || web::get().to(assets::asset)),
        RouteDef::new(M::GET, "/sign-in", Access::Public, || web::get().to(signin::form)),
        RouteDef::new(M::POST, "/sign-in", Access::Public, || web::post().to(signin::submit)),
        RouteDef::new(M::POST, "/sign-out", VIEWER, || web::post().to(signin::sign_out)),
        // The pages that read: every one takes `?as_at=YYYY-MM-DD`.
        RouteDef::new(M::GET, "/", VIEWER, || web::get().to(dashboard::show)),
        RouteDef::new(M::GET, "/areas", VIEWER, || web::get().to(areas::list)),
        RouteDef::new(M::GET, "/areas/{id}", VIEWER, || web::get().to(areas::show)),
        RouteDef::new(M::GET, "/inspections", VIEWER, || web::get().to(inspections::list)),
        RouteDef::new(M::GET, "/inspections/{id}", VIEWER, || web::get().to(inspections::show)),
        RouteDef::new(M::GET, "/inspections/{id}/pack", VIEWER, || web::get().to(packs::show)),
        RouteDef::new(M::GET, "/inspections/{id}/pack.zip", VIEWER, || web::get().to(packs::zip)),
        RouteDef::new(M::POST, "/inspections/{id}/shares", LEADER, || web::post().to(shares::create)),
        RouteDef::new(M::POST, "/shares/{id}/revoke", LEADER, || web::post().to(shares::revoke)),
        // A link shared with an inspector: one pack, no account.
        RouteDef::new(M::GET, "/shared/{token}", Access::Public, || web::get().to(shares::shared_page)),
        RouteDef::new(M::GET, "/shared/{token}/pack.zip", Access::Public, || web::get().to(shares::shared_zip)),
        RouteDef::new(M::GET, "/findings/{id}", VIEWER, || web::get().to(findings::show)),
        RouteDef::new(M::GET, "/measures", VIEWER, || web::get().to(measures::list)),
        RouteDef::new(M::GET, "/measures/{id}", VIEWER, || web::get().to(measures::show)),
        RouteDef::new(M::GET, "/owners", VIEWER, || web::get().to(owners::list)),
        RouteDef::new(M::GET, "/owners/{id}", VIEWER, || web::get().to(owners::show)),
        RouteDef::new(M::GET, "/history", VIEWER, || web::get().to(history::list)),
        RouteDef::new(M::GET, "/reports/progress", VIEWER, || web::get().to(reports::progress)),
        RouteDef::new(M::GET, "/reports/progress.pdf", VIEWER, || web::get().to(reports::progress_pdf)),
        RouteDef::new(M::GET, "/reports/progress.docx", VIEWER, || web::get().to(reports::progress_docx)),
        RouteDef::new(M::GET, "/actions/{id}", VIEWER, || web::get().to(actions::show)),
        RouteDef::new(M::GET, "/evidence/{id}", VIEWER, || web::get().to(evidence::show)),
        RouteDef::new(M::POST, "/evidence/{id}/review", LEADER, || web::post().to(evidence::review)),
        RouteDef::new(M::GET, "/attachments/{id}", VIEWER, || web::get().to(evidence::download)),
        // Spreadsheets: registers out (streamed), templates, plan and results in.
        RouteDef::new(M::GET, "/plan/export", VIEWER, || web::get().to(sheets::export)),
        RouteDef::new(M::GET, "/plan/export/download", VIEWER, || web::get().to(sheets::download_export)),
        RouteDef::new(M::GET, "/plan/template.xlsx", VIEWER, || web::get().to(sheets::plan_template_xlsx)),
        RouteDef::new(M::GET, "/plan/template.csv", VIEWER, || web::get().to(sheets::plan_template_csv)),
        RouteDef::new(M::GET, "/plan/template.zip", VIEWER, || web::get().to(sheets::plan_template_zip)),
        RouteDef::new(M::GET, "/results/template.xlsx", VIEWER, || web::get().to(sheets::results_template_xlsx)),
        RouteDef::new(M::GET, "/results/template.csv", VIEWER, || web::get().to(sheets::results_template_csv)),
        RouteDef::new(M::GET, "/plan/import", LEADER, || web::get().to(sheets::plan_form)),
        RouteDef::new(M::POST, "/plan/import", LEADER, || web::post().to(sheets::plan_upload)),
        RouteDef::new(M::POST, "/plan/import/confirm", LEADER, || web::post().to(sheets::plan_confirm)),
        RouteDef::new(M::POST, "/plan/import/create-missing", LEADER, || web::post().to(sheets::plan_create_missing)),
        RouteDef::new(M::GET, "/results/import", CONTRIBUTOR, || web::get().to(sheets::results_form)),
        RouteDef::new(M::POST, "/results/import", CONTRIBUTOR, || web::post().to(sheets::results_upload)),
        RouteDef::new(M::POST, "/results/import/confirm", CONTRIBUTOR, || web::post().to(sheets::results_confirm)),
        RouteDef::new(M::GET, "/account", VIEWER, || web::get().to(users::account)),
        RouteDef::new(M::POST, "/account/sessions", VIEWER, || web::post().to(users::sign_out_others)),
        RouteDef::new(M::GET, "/account/password", VIEWER, || web::get().to(users::password_form)),
        RouteDef::new(M::POST, "/account/password", VIEWER, || web::post().to(users::change_password)),
        RouteDef::new(M::GET, "/council", ADMIN, || web::get().to(council::show)),
        RouteDef::new(M::POST, "/council", ADMIN, || web::post().to(council::update)),
        RouteDef::new(M::GET, "/users", ADMIN, || web::get().to(users::list)),
        RouteDef::new(M::GET, "/users/new", ADMIN, || web::get().to(users::new)),
        RouteDef::new(M::POST, "/users", ADMIN, || web::post().to(users::create)),
        RouteDef::new(M::GET, "/users/{id}", ADMIN, || web::get().to(users::show)),
        RouteDef::new(M::POST, "/users/{id}", ADMIN, || web::post().to(users::update)),
        RouteDef::new(M::POST, "/users/{id}/password", ADMIN, || web::post().to(users::reset_password)),
        RouteDef::new(M::POST, "/api/v1/tokens", Access::Public, || web::post().to(api::tokens::create)),
        RouteDef::new(M::DELETE, "/api/v1/tokens/current", VIEWER, || web::delete().to(api::tokens::revoke_current)),
    ]);
    table
}

/// The six routes of a record in the API: list, create, get, update, archive
/// and restore. `$make` may add records, `$change` may change them, `$archive`
/// may archive and restore them (the handlers check the row itself too).
macro_rules! api_crud {
    ($base:literal, $r:ty, $make:expr, $change:expr, $archive:expr) => {
        [
            RouteDef::new(Method::GET, $base, VIEWER, || web::get().to(records::list::<$r>)),
            RouteDef::new(Method::POST, $base, $make, || web::post().to(records::create::<$r>)),
            RouteDef::new(Method::GET, concat!($base, "/{id}"), VIEWER, || web::get().to(records::get::<$r>)),
            RouteDef::new(Method::PUT, concat!($base, "/{id}"), $change, || web::put().to(records::update::<$r>)),
            RouteDef::new(Method::POST, concat!($base, "/{id}/archive"), $archive, || {
                web::post().to(records::archive::<$r>)
            }),
            RouteDef::new(Method::POST, concat!($base, "/{id}/restore"), $archive, || {
                web::post().to(records::restore::<$r>)
            }),
        ]
    };
}

/// The JSON API (issue 13): every record, every verdict.
fn api_routes() -> Vec<RouteDef> {
    use crate::api::actions::{self, Actions, FindingActions, ProgressUpdates};
    use crate::api::evidence::{self, Evidence};
    use crate::api::measures::{Measures, Results};
    use crate::api::plan::{Areas, Findings, Inspections, Judgements, Owners};
    use crate::api::{history, openapi, records, users, verdicts};
    use Method as M;
    let mut table = vec![
        RouteDef::new(M::GET, "/api/v1/verdicts", VIEWER, || web::get().to(verdicts::list)),
        RouteDef::new(M::GET, "/api/v1/areas/{id}/verdict", VIEWER, || web::get().to(verdicts::one)),
        RouteDef::new(M::GET, "/api/v1/areas/{id}/status-history", VIEWER, || web::get().to(verdicts::status_history)),
        RouteDef::new(M::GET, "/api/v1/measures/{id}/statistics", VIEWER, || web::get().to(verdicts::statistics)),
        RouteDef::new(M::GET, "/api/v1/readiness", VIEWER, || web::get().to(verdicts::readiness_all)),
        RouteDef::new(M::GET, "/api/v1/inspections/{id}/readiness", VIEWER, || web::get().to(verdicts::readiness_one)),
        RouteDef::new(M::GET, "/api/v1/history", VIEWER, || web::get().to(history::list)),
        RouteDef::new(M::GET, "/api/v1/openapi.json", Access::Public, || web::get().to(openapi::serve)),
        RouteDef::new(M::GET, "/api/docs", Access::Public, || web::get().to(super::api_docs::page)),
    ];
    table.extend(api_crud!("/api/v1/inspections", Inspections, LEADER, LEADER, LEADER));
    table.extend(api_crud!("/api/v1/judgements", Judgements, LEADER, LEADER, LEADER));
    table.extend(api_crud!("/api/v1/findings", Findings, LEADER, LEADER, LEADER));
    table.extend(api_crud!("/api/v1/areas", Areas, LEADER, LEADER, LEADER));
    table.extend(api_crud!("/api/v1/owners", Owners, LEADER, LEADER, LEADER));
    table.extend(api_crud!("/api/v1/actions", Actions, LEADER, CONTRIBUTOR, LEADER));
    table.extend(api_crud!("/api/v1/measures", Measures, LEADER, LEADER, LEADER));
    table.extend(api_crud!("/api/v1/results", Results, CONTRIBUTOR, CONTRIBUTOR, CONTRIBUTOR));
    table.extend(api_crud!("/api/v1/evidence", Evidence, CONTRIBUTOR, CONTRIBUTOR, CONTRIBUTOR));
    table.extend([
        RouteDef::new(M::GET, "/api/v1/progress-updates", VIEWER, || web::get().to(records::list::<ProgressUpdates>)),
        RouteDef::new(M::POST, "/api/v1/progress-updates", CONTRIBUTOR, || web::post().to(actions::add_update)),
        RouteDef::new(M::GET, "/api/v1/finding-actions", VIEWER, || web::get().to(records::list::<FindingActions>)),
        RouteDef::new(M::POST, "/api/v1/finding-actions", LEADER, || web::post().to(actions::link)),
        RouteDef::new(M::DELETE, "/api/v1/finding-actions/{finding_id}/{action_id}", LEADER, || {
            web::delete().to(actions::unlink)
        }),
        RouteDef::new(M::GET, "/api/v1/evidence/{id}/attachments", VIEWER, || web::get().to(evidence::attachments_of)),
        RouteDef::new(M::POST, "/api/v1/evidence/{id}/attachments", CONTRIBUTOR, || web::post().to(evidence::upload)),
        RouteDef::new(M::POST, "/api/v1/evidence/{id}/review", LEADER, || web::post().to(evidence::review)),
        RouteDef::new(M::GET, "/api/v1/attachments/{id}", VIEWER, || web::get().to(evidence::download)),
        RouteDef::new(M::GET, "/api/v1/users", ADMIN, || web::get().to(users::list)),
        RouteDef::new(M::POST, "/api/v1/users", ADMIN, || web::post().to(users::create)),
        RouteDef::new(M::GET, "/api/v1/users/{id}", ADMIN, || web::get().to(users::get)),
        RouteDef::new(M::PUT, "/api/v1/users/{id}", ADMIN, || web::put().to(users::update)),
    ]);
    table
}

/// The seven routes of a record's forms: new, create, edit, update, the
/// archive confirmation, archive and restore. `$make` may add records,
/// `$change` may change them, `$archive` may archive and restore them (the
/// handlers check the row itself too).
macro_rules! crud {
    ($base:literal, $r:ty, $make:expr, $change:expr, $archive:expr) => {
        [
            RouteDef::new(Method::GET, concat!($base, "/new"), $make, || web::get().to(crud::new::<$r>)),
            RouteDef::new(Method::POST, $base, $make, || web::post().to(crud::create::<$r>)),
            RouteDef::new(Method::GET, concat!($base, "/{id}/edit"), $change, || web::get().to(crud::edit::<$r>)),
            RouteDef::new(Method::POST, concat!($base, "/{id}"), $change, || web::post().to(crud::update::<$r>)),
            RouteDef::new(Method::GET, concat!($base, "/{id}/archive"), $archive, || {
                web::get().to(crud::confirm_archive::<$r>)
            }),
            RouteDef::new(Method::POST, concat!($base, "/{id}/archive"), $archive, || {
                web::post().to(crud::archive::<$r>)
            }),
            RouteDef::new(Method::POST, concat!($base, "/{id}/restore"), $archive, || {
                web::post().to(crud::restore::<$r>)
            }),
        ]
    };
}

/// Changing the plan (issue 11): every record's forms and archiving, the
/// action tracker, the evidence library and review queue, results entry.
fn plan_changes() -> Vec<RouteDef> {
    use super::write::{action::Actions, area::Areas, crud, finding::Findings, inspection::Inspections};
    use super::write::{archived, evidence::Evidence, measure::Measures, owner::Owners};
    use super::{actions, evidence, library, results, tracker};
    use Method as M;
    let mut table = Vec::new();
    table.extend(crud!("/inspections", Inspections, LEADER, LEADER, LEADER));
    table.extend(crud!("/findings", Findings, LEADER, LEADER, LEADER));
    table.extend(crud!("/areas", Areas, LEADER, LEADER, LEADER));
    table.extend(crud!("/owners", Owners, LEADER, LEADER, LEADER));
    table.extend(crud!("/measures", Measures, LEADER, LEADER, LEADER));
    table.extend(crud!("/actions", Actions, LEADER, CONTRIBUTOR, LEADER));
    table.extend([
        RouteDef::new(M::GET, "/actions", VIEWER, || web::get().to(tracker::list)),
        RouteDef::new(M::GET, "/actions.csv", VIEWER, || web::get().to(tracker::csv)),
        RouteDef::new(M::POST, "/actions/{id}/updates", CONTRIBUTOR, || web::post().to(actions::add_update)),
        RouteDef::new(M::GET, "/evidence", VIEWER, || web::get().to(library::library)),
        RouteDef::new(M::GET, "/evidence/new", CONTRIBUTOR, || web::get().to(evidence::new)),
        RouteDef::new(M::POST, "/evidence", CONTRIBUTOR, || web::post().to(evidence::create)),
        RouteDef::new(M::GET, "/evidence/review", LEADER, || web::get().to(library::review_queue)),
        RouteDef::new(M::GET, "/evidence/{id}/edit", CONTRIBUTOR, || web::get().to(crud::edit::<Evidence>)),
        RouteDef::new(M::POST, "/evidence/{id}", CONTRIBUTOR, || web::post().to(crud::update::<Evidence>)),
        RouteDef::new(M::GET, "/evidence/{id}/archive", CONTRIBUTOR, || {
            web::get().to(crud::confirm_archive::<Evidence>)
        }),
        RouteDef::new(M::POST, "/evidence/{id}/archive", CONTRIBUTOR, || web::post().to(crud::archive::<Evidence>)),
        RouteDef::new(M::POST, "/evidence/{id}/restore", CONTRIBUTOR, || web::post().to(crud::restore::<Evidence>)),
        RouteDef::new(M::POST, "/evidence/{id}/files", CONTRIBUTOR, || web::post().to(evidence::add_files)),
        RouteDef::new(M::GET, "/archived", VIEWER, || web::get().to(archived::list)),
        RouteDef::new(M::GET, "/measures/{id}/results/new", CONTRIBUTOR, || web::get().to(results::new)),
        RouteDef::new(M::POST, "/measures/{id}/results", CONTRIBUTOR, || web::post().to(results::create)),
        RouteDef::new(M::GET, "/measures/{id}/results/import", CONTRIBUTOR, || web::get().to(results::import)),
        RouteDef::new(M::POST, "/measures/{id}/results/import", CONTRIBUTOR, || web::post().to(results::import_check)),
        RouteDef::new(M::POST, "/measures/{id}/results/import/confirm", CONTRIBUTOR, || {
            web::post().to(results::import_confirm)
        }),
        RouteDef::new(M::GET, "/measures/{id}/results/{result_id}/edit", CONTRIBUTOR, || web::get().to(results::edit)),
        RouteDef::new(M::POST, "/measures/{id}/results/{result_id}", CONTRIBUTOR, || web::post().to(results::update)),
        RouteDef::new(M::GET, "/measures/{id}/recalculations/new", LEADER, || {
            web::get().to(results::recalculation_new)
        }),
        RouteDef::new(M::POST, "/measures/{id}/recalculations", LEADER, || {
            web::post().to(results::recalculation_create)
        }),
    ]);
    table
}

/// Registers every route of the table, then the 404 page for the rest.
pub fn configure(cfg: &mut ServiceConfig) {
    for def in table() {
        cfg.route(def.path, (def.route)());
    }
    cfg.default_service(web::to(super::errors::not_found));
}

/// The access rules of the route table, for the access check.
pub fn access_table() -> AccessTable {
    AccessTable::new(table().into_iter().map(|d| (d.method, d.path, d.access)))
}
