//! Ids of stored records, one type per entity, so that an area's id can never
//! be passed where an action's is meant.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! entity_id {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> $name {
                $name(id)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    )+};
}

entity_id! {
    /// A person who signs in.
    UserId;
    /// A person who owns actions or areas.
    OwnerId;
    /// An inspection, visit or review.
    InspectionId;
    /// One graded judgement of an inspection.
    JudgementId;
    /// A practice area.
    AreaId;
    /// A finding of an inspection.
    FindingId;
    /// A plan action.
    ActionId;
    /// A progress update on an action.
    UpdateId;
    /// An evidence item.
    EvidenceId;
    /// A file attached to evidence.
    AttachmentId;
    /// A measure.
    MeasureId;
    /// A recalculation point of a measure.
    RecalculationId;
    /// A result of a measure.
    ResultId;
    /// A request for evidence, asked of an owner.
    RequestId;
    /// A leader's sign-off or return of a completed action.
    SignOffId;
}
