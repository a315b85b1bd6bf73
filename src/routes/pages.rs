//! The pages' rows of the route table: reading, the forms that change the
//! plan, spreadsheets, accounts and the council's settings.

use super::{Access, RouteDef, ADMIN, CONTRIBUTOR, LEADER, VIEWER};
use actix_web::http::Method;
use actix_web::web;

/// The forms that change the plan, so that each literal path (`/areas/new`)
/// is matched before a page's `/areas/{id}`; literal paths that a form's
/// pattern would otherwise match come first of all.
pub fn changes() -> Vec<RouteDef> {
    let mut table = vec![RouteDef::new(Method::GET, "/owners/me", VIEWER, || web::get().to(crate::web::owners::me))];
    table.extend(plan_changes());
    table
}

/// The pages that read, sign-in, spreadsheets, accounts and the council's settings.
pub fn reading() -> Vec<RouteDef> {
    use crate::web::{
        actions, areas, assets, council, dashboard, evidence, figures, findings, health, history, inspections, measures,
    };
    use crate::web::{
        commentary, figures_import, invitations, issued, oidc, owners, packs, reports, shares, sheets, signin, users,
    };
    use Method as M;
    vec![
        RouteDef::new(M::GET, "/healthz", Access::Public, || web::get().to(health::healthz)),
        RouteDef::new(M::GET, "/livez", Access::Public, || web::get().to(health::livez)),
        RouteDef::new(M::GET, "/readyz", Access::Public, || web::get().to(health::readyz)),
        // Public to the access check: the handler lets in only this machine or the metrics token.
        RouteDef::new(M::GET, "/metrics", Access::Public, || web::get().to(health::metrics)),
        RouteDef::new(M::GET, "/assets/print-frame.css", Access::Public, || web::get().to(assets::print_frame)),
        RouteDef::new(M::GET, "/assets/council.css", Access::Public, || web::get().to(assets::council_colour)),
        RouteDef::new(M::GET, "/assets/{file}", Access::Public, || web::get().to(assets::asset)),
        RouteDef::new(M::GET, "/sign-in", Access::Public, || web::get().to(signin::form)),
        RouteDef::new(M::POST, "/sign-in", Access::Public, || web::post().to(signin::submit)),
        RouteDef::new(M::POST, "/sign-out", VIEWER, || web::post().to(signin::sign_out)),
        // Single sign-on: leaving for a provider, coming back, and signing out there too.
        RouteDef::new(M::GET, "/auth/oidc/{provider}", Access::Public, || web::get().to(oidc::start)),
        RouteDef::new(M::GET, "/auth/oidc/{provider}/callback", Access::Public, || web::get().to(oidc::callback)),
        RouteDef::new(M::GET, "/signed-out", Access::Public, || web::get().to(oidc::signed_out)),
        // An invitation's link: the person sets their own password.
        RouteDef::new(M::GET, "/invitations/{token}", Access::Public, || web::get().to(invitations::open)),
        RouteDef::new(M::POST, "/invitations/{token}", Access::Public, || web::post().to(invitations::accept)),
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
        RouteDef::new(M::GET, "/reports/issued/{id}", VIEWER, || web::get().to(issued::show)),
        RouteDef::new(M::GET, "/reports/progress.pdf", VIEWER, || web::get().to(reports::progress_pdf)),
        RouteDef::new(M::GET, "/reports/progress.docx", VIEWER, || web::get().to(reports::progress_docx)),
        RouteDef::new(M::GET, "/reports/progress/commentary", LEADER, || web::get().to(commentary::show)),
        RouteDef::new(M::POST, "/reports/progress/commentary", LEADER, || web::post().to(commentary::save)),
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
        RouteDef::new(M::POST, "/account/sessions/{handle}/end", VIEWER, || web::post().to(users::end_session)),
        RouteDef::new(M::GET, "/account/password", VIEWER, || web::get().to(users::password_form)),
        RouteDef::new(M::POST, "/account/password", VIEWER, || web::post().to(users::change_password)),
        RouteDef::new(M::GET, "/council", ADMIN, || web::get().to(council::show)),
        RouteDef::new(M::POST, "/council", ADMIN, || web::post().to(council::update)),
        // Published figures loaded from files; this literal path must stay before any `/figures/{id}`.
        RouteDef::new(M::GET, "/figures/import", ADMIN, || web::get().to(figures_import::form)),
        RouteDef::new(M::POST, "/figures/import", ADMIN, || web::post().to(figures_import::upload)),
        RouteDef::new(M::GET, "/users", ADMIN, || web::get().to(users::list)),
        RouteDef::new(M::GET, "/users/new", ADMIN, || web::get().to(users::new)),
        RouteDef::new(M::GET, "/users/invite", ADMIN, || web::get().to(invitations::new)),
        RouteDef::new(M::POST, "/users/invitations", ADMIN, || web::post().to(invitations::create)),
        RouteDef::new(M::POST, "/users/invitations/{id}/resend", ADMIN, || web::post().to(invitations::resend)),
        RouteDef::new(M::POST, "/users/invitations/{id}/revoke", ADMIN, || web::post().to(invitations::revoke)),
        RouteDef::new(M::POST, "/users", ADMIN, || web::post().to(users::create)),
        RouteDef::new(M::GET, "/users/{id}", ADMIN, || web::get().to(users::show)),
        RouteDef::new(M::POST, "/users/{id}", ADMIN, || web::post().to(users::update)),
        RouteDef::new(M::POST, "/users/{id}/password", ADMIN, || web::post().to(users::reset_password)),
        RouteDef::new(M::POST, "/users/{id}/invitation", ADMIN, || web::post().to(invitations::invite_user)),
        RouteDef::new(M::POST, "/users/{id}/sessions", ADMIN, || web::post().to(users::end_sessions)),
        // Last, so that a literal path under /figures/ (the admins' upload) is matched first.
        RouteDef::new(M::GET, "/figures", VIEWER, || web::get().to(figures::list)),
        RouteDef::new(M::GET, "/figures/{id}", VIEWER, || web::get().to(figures::show)),
    ]
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
    use crate::web::write::{action::Actions, area::Areas, crud, finding::Findings, inspection::Inspections};
    use crate::web::write::{archived, evidence::Evidence, measure::Measures, owner::Owners};
    use crate::web::{actions, evidence, library, requests, results, reviews, tracker};
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
        RouteDef::new(M::POST, "/actions/{id}/sign-off", LEADER, || web::post().to(actions::decide)),
        RouteDef::new(M::GET, "/evidence", VIEWER, || web::get().to(library::library)),
        RouteDef::new(M::GET, "/evidence/new", CONTRIBUTOR, || web::get().to(evidence::new)),
        RouteDef::new(M::POST, "/evidence", CONTRIBUTOR, || web::post().to(evidence::create)),
        RouteDef::new(M::GET, "/evidence/review", LEADER, || web::get().to(library::review_queue)),
        RouteDef::new(M::POST, "/evidence/review", LEADER, || web::post().to(reviews::review_selected)),
        RouteDef::new(M::GET, "/evidence/{id}/edit", CONTRIBUTOR, || web::get().to(crud::edit::<Evidence>)),
        RouteDef::new(M::POST, "/evidence/{id}", CONTRIBUTOR, || web::post().to(crud::update::<Evidence>)),
        RouteDef::new(M::GET, "/evidence/{id}/archive", CONTRIBUTOR, || {
            web::get().to(crud::confirm_archive::<Evidence>)
        }),
        RouteDef::new(M::POST, "/evidence/{id}/archive", CONTRIBUTOR, || web::post().to(crud::archive::<Evidence>)),
        RouteDef::new(M::POST, "/evidence/{id}/restore", CONTRIBUTOR, || web::post().to(crud::restore::<Evidence>)),
        RouteDef::new(M::POST, "/evidence/{id}/files", CONTRIBUTOR, || web::post().to(evidence::add_files)),
        // Requests for evidence: asked by leaders, answered by adding evidence.
        RouteDef::new(M::GET, "/requests", VIEWER, || web::get().to(requests::list)),
        RouteDef::new(M::GET, "/requests/new", LEADER, || web::get().to(requests::new)),
        RouteDef::new(M::POST, "/requests", LEADER, || web::post().to(requests::create)),
        RouteDef::new(M::GET, "/requests/{id}", VIEWER, || web::get().to(requests::show)),
        RouteDef::new(M::POST, "/requests/{id}/close", LEADER, || web::post().to(requests::close)),
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
