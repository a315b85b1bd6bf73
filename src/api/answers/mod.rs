//! What the API sends: one answer type per kind of record, made from the
//! stored row or the cached plan's item, never the row itself, so a column
//! added to a table (a password hash, say) is sent only when an answer names
//! it. The OpenAPI document's answer schemas are derived from these types
//! (`schemas`), so it describes what is sent.

mod evidence;
mod history;
mod plan;
mod users;
mod work;

pub use evidence::{Attachment, Attachments, Evidence};
pub use history::Change;
pub use plan::{Finding, Inspection, Judgement, Owner, PracticeArea};
pub use users::{NewUser, User};
pub use work::{Action, FindingAction, Measure, MeasureResult, ProgressUpdate};

use utoipa::openapi::{RefOr, Schema};
use utoipa::ToSchema;

/// Every answer schema, by the name its `$ref`s use.
pub fn schemas() -> Vec<(String, RefOr<Schema>)> {
    fn named<T: ToSchema>(all: &mut Vec<(String, RefOr<Schema>)>) {
        all.push((T::name().into_owned(), T::schema()));
        T::schemas(all);
    }
    let mut all = Vec::new();
    named::<Inspection>(&mut all);
    named::<Judgement>(&mut all);
    named::<Finding>(&mut all);
    named::<PracticeArea>(&mut all);
    named::<Owner>(&mut all);
    named::<Action>(&mut all);
    named::<ProgressUpdate>(&mut all);
    named::<FindingAction>(&mut all);
    named::<Measure>(&mut all);
    named::<MeasureResult>(&mut all);
    named::<Evidence>(&mut all);
    named::<Attachments>(&mut all);
    named::<User>(&mut all);
    named::<NewUser>(&mut all);
    named::<Change>(&mut all);
    all
}
