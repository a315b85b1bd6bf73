//! Every integration test in one binary: the crate and its dependencies are linked once, not once per
//! file, and the migrated (and demo) template databases of `common` are made once per run.
//! A file of tests is a module here: `cargo test --test integration sign_ins::` runs one file.

#[macro_use]
mod common;
mod api_client;
mod defects_fixture;
mod plan_fixture;
mod security_fixture;
mod smtp;
mod text_fixture;

mod api_actions;
mod api_docs;
mod api_reads;
mod api_records;
mod architecture;
mod as_it_stood;
mod attacks;
mod cache;
mod cli;
mod cli_pipe;
mod council;
mod crawl;
mod dates;
mod deadlines;
mod defects_input;
mod defects_sessions;
mod demo;
mod digest;
mod evidence_pack;
mod evidence_review;
mod figures_compare;
mod figures_load;
mod figures_upload;
mod finding_readiness;
mod first_run;
mod form_walk;
mod frameworks;
mod invitations;
mod links;
mod measure_indicator;
mod memory;
mod migrations;
mod password_rules;
mod past_evidence;
mod plan_forms;
mod plan_pages;
mod progress_report;
mod published_inspections;
mod read_pages;
mod report_commentary;
mod report_compared;
mod repository;
mod requests;
mod security;
mod sign_ins;
mod sign_off;
mod slipping;
mod spreadsheets;
mod stored_text;
mod text_edge;
mod transfer;
mod users;
mod values;
mod web;
mod workbook;
