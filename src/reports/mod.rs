//! Documents people take away: the lead-member progress report (HTML, PDF,
//! Word), evidence packs for inspectors, spreadsheets of the plan and its
//! registers, and the templates to bring a plan in.

pub mod pack;
pub mod pdf;
pub mod progress;
pub mod remake;
pub mod sheets;
pub mod word;
