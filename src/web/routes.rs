//! The route table: every path, its handler and who may use it, in one place.
//! The access check (`auth::guard`) and the authorization tests both read it.

use crate::domain::kinds::Role;
use actix_web::http::Method;
use actix_web::web::{self, ServiceConfig};
use std::collections::HashMap;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// A signed-in user whose role includes this one.
    SignedIn(Role),
}

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
    use super::{actions, areas, assets, evidence, health, signin, users};
    use crate::api;
    use Method as M;
    vec![
        RouteDef::new(M::GET, "/healthz", Access::Public, || web::get().to(health::healthz)),
        RouteDef::new(M::GET, "/assets/{file}", Access::Public, || web::get().to(assets::asset)),
        RouteDef::new(M::GET, "/sign-in", Access::Public, || web::get().to(signin::form)),
        RouteDef::new(M::POST, "/sign-in", Access::Public, || web::post().to(signin::submit)),
        RouteDef::new(M::POST, "/sign-out", VIEWER, || web::post().to(signin::sign_out)),
        RouteDef::new(M::GET, "/", VIEWER, || web::get().to(areas::overview)),
        RouteDef::new(M::GET, "/actions/{id}", VIEWER, || web::get().to(actions::show)),
        RouteDef::new(M::GET, "/actions/{id}/edit", CONTRIBUTOR, || web::get().to(actions::edit)),
        RouteDef::new(M::POST, "/actions/{id}", CONTRIBUTOR, || web::post().to(actions::update)),
        RouteDef::new(M::POST, "/actions/{id}/updates", CONTRIBUTOR, || web::post().to(actions::add_update)),
        RouteDef::new(M::GET, "/evidence/new", CONTRIBUTOR, || web::get().to(evidence::new)),
        RouteDef::new(M::POST, "/evidence", CONTRIBUTOR, || web::post().to(evidence::create)),
        RouteDef::new(M::GET, "/evidence/{id}", VIEWER, || web::get().to(evidence::show)),
        RouteDef::new(M::POST, "/evidence/{id}/review", LEADER, || web::post().to(evidence::review)),
        RouteDef::new(M::GET, "/attachments/{id}", VIEWER, || web::get().to(evidence::download)),
        RouteDef::new(M::GET, "/account/password", VIEWER, || web::get().to(users::password_form)),
        RouteDef::new(M::POST, "/account/password", VIEWER, || web::post().to(users::change_password)),
        RouteDef::new(M::GET, "/users", ADMIN, || web::get().to(users::list)),
        RouteDef::new(M::GET, "/users/new", ADMIN, || web::get().to(users::new)),
        RouteDef::new(M::POST, "/users", ADMIN, || web::post().to(users::create)),
        RouteDef::new(M::GET, "/users/{id}", ADMIN, || web::get().to(users::show)),
        RouteDef::new(M::POST, "/users/{id}", ADMIN, || web::post().to(users::update)),
        RouteDef::new(M::POST, "/users/{id}/password", ADMIN, || web::post().to(users::reset_password)),
        RouteDef::new(M::POST, "/api/v1/tokens", Access::Public, || web::post().to(api::tokens::create)),
        RouteDef::new(M::GET, "/api/v1/areas", VIEWER, || web::get().to(api::areas::list)),
    ]
}

/// Registers every route of the table, then the 404 page for the rest.
pub fn configure(cfg: &mut ServiceConfig) {
    for def in table() {
        cfg.route(def.path, (def.route)());
    }
    cfg.default_service(web::to(super::errors::not_found));
}

/// The access rules by method and path pattern.
#[derive(Debug, Clone)]
pub struct AccessTable(HashMap<(Method, &'static str), Access>);

impl AccessTable {
    /// Reads the rules out of the route table.
    pub fn build() -> Self {
        Self(table().into_iter().map(|d| ((d.method, d.path), d.access)).collect())
    }

    /// The rule for a matched route; `None` when the table has no rule for it.
    /// A known path asked with another method is public: it only gets a 404 or 405.
    pub fn access(&self, method: &Method, pattern: &str) -> Option<Access> {
        let mut known_path = false;
        for ((m, p), access) in &self.0 {
            if *p == pattern {
                if m == method {
                    return Some(*access);
                }
                known_path = true;
            }
        }
        known_path.then_some(Access::Public)
    }
}
