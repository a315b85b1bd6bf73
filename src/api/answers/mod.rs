//! What the API sends: one answer type per kind of record, made from the
//! stored row or the cached plan's item, never the row itself, so a column
//! added to a table (a password hash, say) is sent only when an answer names
//! it. The OpenAPI document's answer schemas are derived from these types
//! (`schemas`), so it describes what is sent.

/// An answer made plainly from a stored row: its struct (what is sent, and
/// what the OpenAPI document describes) and its `From<&Row>` (a copy of each
/// field), from one list of fields, so the two cannot drift apart and a field
/// is named once. `..record,` in the list stands for the four fields every
/// record ends with (`created_at`, `updated_at`, `version`, `archived_at`),
/// in that order; the fields are sent in the order listed. An answer not
/// copied field by field from one row is written out: `Change` (its fields
/// before and after depend on who reads them) and `NewUser` (a row and a
/// password).
///
/// A moment is UTC without an offset, as `2025-01-31T09:30:00`, which is not
/// an RFC 3339 date-time: it is described as a string.
macro_rules! answer {
    (
        $(#[doc = $doc:literal])*
        #[schema(as = $schema:ident)]
        $name:ident from $row:ty {
            $($(#[$meta:meta])* $field:ident: $ty:ty,)*
            ..record,
            $($(#[$after_meta:meta])* $after:ident: $after_ty:ty,)*
        }
    ) => {
        answer! {
            $(#[doc = $doc])*
            #[schema(as = $schema)]
            $name from $row {
                $($(#[$meta])* $field: $ty,)*
                #[schema(value_type = String)]
                created_at: ::chrono::NaiveDateTime,
                #[schema(value_type = String)]
                updated_at: ::chrono::NaiveDateTime,
                version: i32,
                #[schema(value_type = Option<String>)]
                archived_at: Option<::chrono::NaiveDateTime>,
                $($(#[$after_meta])* $after: $after_ty,)*
            }
        }
    };
    (
        $(#[doc = $doc:literal])*
        #[schema(as = $schema:ident)]
        $name:ident from $row:ty {
            $($(#[$meta:meta])* $field:ident: $ty:ty,)*
        }
    ) => {
        #[derive(Debug, ::serde::Serialize, ::utoipa::ToSchema)]
        $(#[doc = $doc])*
        #[schema(as = $schema)]
        pub struct $name {
            $($(#[$meta])* pub $field: $ty,)*
        }

        impl From<&$row> for $name {
            // Most fields are `Copy` (ids, dates, kinds); one rule for all.
            #[allow(clippy::clone_on_copy)]
            fn from(row: &$row) -> Self {
                Self { $($field: row.$field.clone(),)* }
            }
        }
    };
}

mod evidence;
mod figures;
mod history;
mod plan;
mod requests;
mod users;
mod verdicts;
mod work;

pub use evidence::{Attachment, Attachments, Evidence};
pub use figures::{Councils as FigureCouncils, Figures, IndicatorYears};
pub use history::Change;
pub use plan::{Finding, Inspection, Judgement, Owner, PracticeArea};
pub use requests::EvidenceRequest;
pub use users::{NewUser, User};
pub use verdicts::{AreaVerdict, SlippingAhead};
pub use work::{Action, ActionSignOff, FindingAction, Measure, MeasureResult, ProgressUpdate};

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
    named::<ActionSignOff>(&mut all);
    named::<ProgressUpdate>(&mut all);
    named::<FindingAction>(&mut all);
    named::<Measure>(&mut all);
    named::<MeasureResult>(&mut all);
    named::<Evidence>(&mut all);
    named::<Attachments>(&mut all);
    named::<crate::api::reviews::BulkReview>(&mut all);
    named::<crate::api::reviews::ReviewOutcomes>(&mut all);
    named::<EvidenceRequest>(&mut all);
    named::<User>(&mut all);
    named::<NewUser>(&mut all);
    named::<Change>(&mut all);
    named::<Figures>(&mut all);
    named::<IndicatorYears>(&mut all);
    named::<FigureCouncils>(&mut all);
    named::<AreaVerdict>(&mut all);
    all
}
