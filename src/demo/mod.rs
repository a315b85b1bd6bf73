//! The fictional demo authorities and the loader that writes them through the
//! repository like any other change. `data` is Hartwell Borough Council, the
//! normal demo; `large` is Marlshire County Council, the largest authority,
//! for trying Sustain at scale. Both are pure data built back from an "as at"
//! date, in the same types, written by the same loader.

pub mod data;
pub mod large;
mod load;
mod progress;
mod requests;
mod scale;

pub use crate::db::transfer::clear;
pub use load::{load, load_large, load_scaled};
pub use progress::{Progress, Quiet};
pub use scale::{authority, Scale};
