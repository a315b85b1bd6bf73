//! The two demo authorities: the normal one and the largest.

use super::data::{hartwell, DemoAuthority};
use super::large::marlshire;
use chrono::NaiveDate;

/// Which demo authority to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    /// Hartwell Borough Council: ten practice areas, quick to load and read.
    #[default]
    Normal,
    /// Marlshire County Council: the largest authority, forty practice areas
    /// and over a hundred thousand rows of change history.
    Large,
}

impl Scale {
    /// The name of the scale's council.
    pub fn authority_name(self) -> &'static str {
        match self {
            Scale::Normal => super::data::NAME,
            Scale::Large => super::large::NAME,
        }
    }

    /// The real council whose published figures the fictional demo authority
    /// shows as its comparison, set as its local authority number in council
    /// details: Swindon (866) for Hartwell, a borough with ten neighbours in the
    /// model; Kent (886) for Marlshire, a large county.
    pub fn compared_with(self) -> &'static str {
        match self {
            Scale::Normal => "866",
            Scale::Large => "886",
        }
    }
}

/// The demo authority of a scale as at a date.
pub fn authority(scale: Scale, as_at: NaiveDate) -> DemoAuthority {
    match scale {
        Scale::Normal => hartwell(as_at),
        Scale::Large => marlshire(as_at),
    }
}
