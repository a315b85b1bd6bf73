//! Inputs as they were read from a form or a JSON body, before they are known
//! to be whole (`valid::Draft`): each required link, kind and date that was
//! left out or could not be read is `None`, and each input's rules are written
//! here once, against its draft, so that a draft with fields missing still has
//! every other problem reported. A whole input (`ActionInput`...) is checked by
//! the same rules through `valid::check_whole`.

use super::fields::FieldErrors;

/// A draft, its `From<Input>`, its `Complete` and the input's `Validate` (by
/// the draft's rules, `valid::check_whole`), from one list of the input's
/// fields, so that a field added to an input is added to its draft in one
/// place. A field written `name: Type => "message"` is required: `Option<Type>`
/// in the draft, and asked for with that message when it is missing; the
/// others are kept as they are. Missing fields are asked for in the list's
/// order, or in the order of an `ask [..]` line after it, which must name every
/// required field (the input is not built otherwise).
macro_rules! draft {
    (
        $(#[$attr:meta])*
        pub struct $draft:ident for $input:ident {
            $($field:ident: $ty:ty $(=> $message:literal)?),+ $(,)?
        }
        $(ask [$($asked:ident),+])?
    ) => {
        $(#[$attr])*
        pub struct $draft {
            $(pub $field: $crate::domain::drafts::draft!(@type $ty $(=> $message)?),)+
        }

        impl From<$input> for $draft {
            fn from(input: $input) -> Self {
                let $input { $($field),+ } = input;
                Self { $($field: $crate::domain::drafts::draft!(@from $field $(=> $message)?)),+ }
            }
        }

        impl $crate::domain::valid::Complete for $draft {
            type Input = $input;

            fn complete(self) -> Result<$input, $crate::domain::fields::FieldErrors> {
                let Self { $($field),+ } = self;
                let mut missing = $crate::domain::fields::FieldErrors::new();
                $crate::domain::drafts::draft!(@ask missing [$($field $(=> $message)?),+] $([$($asked),+])?);
                Ok($input { $($field),+ })
            }
        }

        impl $crate::domain::valid::Validate for $input {
            /// The rules of its draft, which every reader shares.
            fn tidy_and_check(
                &mut self,
                context: &$crate::domain::valid::Context,
            ) -> $crate::domain::fields::FieldErrors {
                $crate::domain::valid::check_whole::<$draft>(self, context)
            }
        }
    };
    (@type $ty:ty => $message:literal) => { Option<$ty> };
    (@type $ty:ty) => { $ty };
    (@from $field:ident => $message:literal) => { Some($field) };
    (@from $field:ident) => { $field };
    (@take $missing:ident $field:ident => $message:literal) => {
        let Some($field) = $field else { return Err($missing) };
    };
    (@take $missing:ident $field:ident) => {};
    // In the list's order.
    (@ask $missing:ident [$($field:ident $(=> $message:literal)?),+]) => {
        $($(
            let $field = $crate::domain::drafts::required(&mut $missing, stringify!($field), $message, $field);
        )?)+
        $($crate::domain::drafts::draft!(@take $missing $field $(=> $message)?);)+
    };
    // In the order of `ask`: a message is found by its field's name.
    (@ask $missing:ident [$($field:ident $(=> $message:literal)?),+] [$($asked:ident),+]) => {
        macro_rules! message_for {
            $($(($field) => { $message };)?)+
        }
        $(
            let $asked =
                $crate::domain::drafts::required(&mut $missing, stringify!($asked), message_for!($asked), $asked);
        )+
        $(let Some($asked) = $asked else { return Err($missing) };)+
    };
}
pub(crate) use draft;

pub mod evidence;
pub mod plan;

/// A required value: there, or asked for with `message` under `field`.
pub fn required<T>(missing: &mut FieldErrors, field: &str, message: &str, value: Option<T>) -> Option<T> {
    if value.is_none() {
        missing.add(field, message);
    }
    value
}
