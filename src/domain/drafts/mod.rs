//! Inputs as they were read from a form or a JSON body, before they are known
//! to be whole (`valid::Draft`): each required link, kind and date that was
//! left out or could not be read is `None`, and each input's rules are written
//! here once, against its draft, so that a draft with fields missing still has
//! every other problem reported. A whole input (`ActionInput`...) is checked by
//! the same rules through `valid::check_whole`.

pub mod evidence;
pub mod plan;

use super::fields::FieldErrors;

/// A required value: there, or asked for with `message` under `field`.
pub fn required<T>(missing: &mut FieldErrors, field: &str, message: &str, value: Option<T>) -> Option<T> {
    if value.is_none() {
        missing.add(field, message);
    }
    value
}
