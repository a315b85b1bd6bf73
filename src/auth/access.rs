//! Who may use a route: the rules the access check applies, read out of the
//! route table when the app is built.

use crate::domain::kinds::Role;
use actix_web::http::Method;
use std::collections::HashMap;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// A signed-in user whose role includes this one.
    SignedIn(Role),
}

/// The access rules by method and path pattern.
#[derive(Debug, Clone, Default)]
pub struct AccessTable(HashMap<(Method, &'static str), Access>);

impl AccessTable {
    /// Rules from (method, path pattern, access) rows.
    pub fn new(rules: impl IntoIterator<Item = (Method, &'static str, Access)>) -> Self {
        Self(rules.into_iter().map(|(m, p, a)| ((m, p), a)).collect())
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
