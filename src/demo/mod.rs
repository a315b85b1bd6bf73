//! The fictional demo authority, Hartwell Borough Council: its data (`data`,
//! pure and built back from an "as at" date) and the loader that writes it
//! through the repository like any other change.

pub mod data;
mod load;

pub use load::{clear, load};
