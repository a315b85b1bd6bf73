//! Sustain: records inspection findings, links them to improvement-plan actions,
//! owners, evidence and audit results, and computes with readable reasons
//! whether each practice area is embedded or not yet sustained.

pub mod api;
pub mod app;
pub mod auth;
pub mod blocking;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod files;
pub mod mail;
pub mod read;
pub mod records;
pub mod reports;
pub mod routes;
pub mod state;
pub mod telemetry;
pub mod views;
pub mod web;
