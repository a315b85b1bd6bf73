//! The answer of one area's verdict: what the status engine says as at a
//! date, and when the area would stop being embedded if nothing new were
//! recorded.

use crate::domain::ids::AreaId;
use crate::domain::status::{Slip, Verdict};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// One practice area's verdict as at a date.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = area_verdict)]
pub struct AreaVerdict {
    #[schema(value_type = i64)]
    pub area_id: AreaId,
    /// The area's name.
    pub name: String,
    /// The date the verdict is as at (inclusive).
    pub as_at: NaiveDate,
    /// not_started, in_progress, not_yet_sustained, embedded or slipping.
    pub status: &'static str,
    /// Every criterion, met or not, with its reasons; the rules used; each measure's statistics.
    #[schema(value_type = Object)]
    pub verdict: Verdict,
    /// For an area embedded on the date: the first day in the next 90 on
    /// which it would stop being embedded if nothing new were recorded, and
    /// why; null when it is not embedded or holds throughout.
    pub slipping: Option<SlippingAhead>,
}

/// When an embedded area would stop being embedded, and why.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = slipping_ahead)]
pub struct SlippingAhead {
    /// The first day it would no longer be embedded.
    pub on: NaiveDate,
    /// The last day it stays embedded.
    pub embedded_until: NaiveDate,
    /// Days from the verdict's date to `on`.
    pub days: i64,
    /// The criterion that stops holding: delivered, practice_changed or sustained.
    pub criterion: &'static str,
    /// Why, in plain words: "Evidence runs out on 14 May 2025: 1 verified item will remain, 2 are needed".
    pub reason: String,
}

impl SlippingAhead {
    /// The slip the engine found, counted from `as_at`.
    pub fn new(slip: &Slip, as_at: NaiveDate) -> Self {
        SlippingAhead {
            on: slip.on,
            embedded_until: slip.embedded_until,
            days: slip.days_from(as_at),
            criterion: slip.criterion.as_str(),
            reason: slip.reason.clone(),
        }
    }
}
