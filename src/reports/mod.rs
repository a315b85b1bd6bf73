//! Read models that gather rows and verdicts for pages, reports and the CLI.

pub mod action_page;
pub mod evidence_page;
pub mod overview;
