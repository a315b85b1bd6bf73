//! The route table: every path of the pages and of the API, its handler, who
//! may use it and, for the API, what the OpenAPI document says of it, in one
//! place. Registration (`configure`), the access check (`access_table`), the
//! document (`docs`) and the tests all read it. It sits above `web` and `api`,
//! which know nothing of each other.

pub mod api;
pub mod docs;
pub mod pages;

use crate::api::operation::{Description, Operation};
pub use crate::auth::access::{Access, AccessTable};
use crate::domain::kinds::Role;
use actix_web::http::Method;
use actix_web::web::{self, ServiceConfig};

/// One row of the route table.
pub struct RouteDef {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    /// What the API document says of it; `None` for a page.
    pub description: Option<Description>,
    route: fn() -> actix_web::Route,
}

impl RouteDef {
    const fn new(method: Method, path: &'static str, access: Access, route: fn() -> actix_web::Route) -> Self {
        Self { method, path, access, description: None, route }
    }

    /// The row with what the API document says of it.
    fn described(self, description: Description) -> Self {
        Self { description: Some(description), ..self }
    }

    /// The row as an operation of the API document, if it is one.
    pub fn operation(&self) -> Option<Operation> {
        let role = match self.access {
            Access::Public => None,
            Access::SignedIn(role) => Some(role),
        };
        let description = self.description.clone()?;
        Some(Operation { method: self.method.clone(), path: self.path, role, description })
    }
}

const VIEWER: Access = Access::SignedIn(Role::Viewer);
const CONTRIBUTOR: Access = Access::SignedIn(Role::Contributor);
const LEADER: Access = Access::SignedIn(Role::Leader);
const ADMIN: Access = Access::SignedIn(Role::Admin);

/// Every route of the application. A path with a literal segment comes before
/// the same path with a parameter (`/users/new` before `/users/{id}`).
/// The role matrix test walks the table in this order, changing records as
/// it goes: the API's routes come before the reading pages' reviews and shares.
pub fn table() -> Vec<RouteDef> {
    let mut table = pages::changes();
    table.extend(api::routes());
    table.extend(pages::reading());
    table
}

/// Registers every route of the table, then the 404 page for the rest.
pub fn configure(cfg: &mut ServiceConfig) {
    for def in table() {
        cfg.route(def.path, (def.route)());
    }
    cfg.default_service(web::to(crate::web::errors::not_found));
}

/// The access rules of the route table, for the access check.
pub fn access_table() -> AccessTable {
    AccessTable::new(table().into_iter().map(|d| (d.method, d.path, d.access)))
}
