//! The shape of a record that is changed at a version, declared once: its row,
//! and the values its domain input writes, from one list of fields.

/// Declares a versioned record's row, in its table's column order: the id, the
/// fields, any fields the record keeps for itself (`kept`), then the times,
/// version and archive mark every such record carries, then any columns the
/// table gained later (`added later`). The row is `Stored` in change history
/// under `entity`.
///
/// Given `written from Input as Values`, the fields are those of the domain's
/// `Input`, and it also declares `Values` (those fields, inserted or set whole,
/// an empty optional field set to null), `Values::from(&input)` and
/// `Row::into_input`, so the list is written here once rather than in four
/// places that must agree.
macro_rules! versioned_row {
    (
        $(#[$meta:meta])*
        pub struct $row:ident in $table:ident as $entity:path {
            id: $id:ty,
            written from $input:ident as $values:ident { $( $(#[$fmeta:meta])* $field:ident: $fty:ty, )+ }
            $($rest:tt)*
        }
    ) => {
        $crate::db::versioned::versioned_row! {
            $(#[$meta])*
            pub struct $row in $table as $entity { id: $id, { $( $(#[$fmeta])* $field: $fty, )+ } $($rest)* }
        }
        $crate::db::versioned::versioned_row!(@written $table, $row, $input, $values { $( $field: $fty, )+ });
    };
    (
        $(#[$meta:meta])*
        pub struct $row:ident in $table:ident as $entity:path {
            id: $id:ty,
            { $( $(#[$fmeta:meta])* $field:ident: $fty:ty, )+ }
            $( kept { $( $(#[$kmeta:meta])* $kept:ident: $kty:ty, )+ } )?
            $( added later { $( $(#[$ameta:meta])* $added:ident: $aty:ty, )+ } )?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            PartialEq,
            diesel::Queryable,
            diesel::Selectable,
            diesel::Insertable,
            serde::Serialize,
            serde::Deserialize,
        )]
        #[diesel(table_name = $table)]
        pub struct $row {
            pub id: $id,
            $( $(#[$fmeta])* pub $field: $fty, )+
            $( $( $(#[$kmeta])* pub $kept: $kty, )+ )?
            pub created_at: chrono::NaiveDateTime,
            pub updated_at: chrono::NaiveDateTime,
            pub version: i32,
            pub archived_at: Option<chrono::NaiveDateTime>,
            $( $( $(#[$ameta])* pub $added: $aty, )+ )?
        }

        $crate::db::write::stored_row!($row, $entity, version);
    };
    (@written $table:ident, $row:ident, $input:ident, $values:ident { $( $field:ident: $fty:ty, )+ }) => {
        /// The fields an input writes, inserted or set whole: an empty optional
        /// field is set to null.
        #[derive(diesel::Insertable, diesel::AsChangeset)]
        #[diesel(table_name = $table, treat_none_as_null = true)]
        struct $values {
            $( $field: $fty, )+
        }

        impl From<&$input> for $values {
            #[allow(clippy::clone_on_copy)]
            fn from(input: &$input) -> Self {
                Self { $( $field: input.$field.clone(), )+ }
            }
        }

        impl $row {
            /// The stored record as the input that would write it, to compare
            /// with one read from a file or to copy it.
            pub fn into_input(self) -> $input {
                $input { $( $field: self.$field, )+ }
            }
        }
    };
}
pub(crate) use versioned_row;

/// Gives an entity module `create` (a new row at version 1 from a valid
/// input) and `update` (the row read at `expected_version` set whole from a
/// valid input), each with change history. `checked by` names a function that
/// checks the input's links first; `refused as` maps the database's refusal (a
/// name already taken) to a field error.
macro_rules! written_whole {
    ($table:ident, $row:ty, $id:ty, $input:ty as $values:ident $(, checked by $check:path)?, refused as $refused:path) => {
        /// Adds one from a valid input.
        pub fn create(
            conn: &mut $crate::db::DbConnection,
            actor: &$crate::db::Actor,
            input: &$crate::domain::valid::Valid<$input>,
        ) -> Result<$row, $crate::db::DbError> {
            $( $check(conn, input)?; )?
            $crate::db::write::create(conn, actor, |c| {
                $crate::db::write::insert_at_version_one!(c, actor, $table, $values::from(&**input)).map_err($refused)
            })
        }

        /// Changes one read at `expected_version`, setting every field from a valid input.
        pub fn update(
            conn: &mut $crate::db::DbConnection,
            actor: &$crate::db::Actor,
            id: $id,
            expected_version: i32,
            input: &$crate::domain::valid::Valid<$input>,
        ) -> Result<$row, $crate::db::DbError> {
            $( $check(conn, input)?; )?
            let change = $crate::domain::history::Change::Update;
            $crate::db::write::update(conn, actor, change, id, expected_version, get_any, |c| {
                $crate::db::write::update_at_version!(c, actor, $table, id, expected_version, $values::from(&**input))
                    .map_err($refused)
            })
        }
    };
}
pub(crate) use written_whole;
