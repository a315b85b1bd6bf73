//! Pages as pure functions from data to markup: no queries, no actix.

pub mod actions;
pub mod areas;
pub mod components;
pub mod errors;
pub mod evidence;
pub mod layout;
pub mod signin;
pub mod users;

pub use layout::{layout, Chrome};
