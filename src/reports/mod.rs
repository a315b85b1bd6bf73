//! Documents people take away: spreadsheets of the plan and its registers,
//! and the templates to bring a plan in.

pub mod sheets;
