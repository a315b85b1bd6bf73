//! Typed columns: where stored values become domain types and back.
//!
//! Each enum column has its own SQL type, stored as text on both backends, so
//! a row reads back as `Role`, `ActionState` and so on; a stored name the enum
//! does not know is an error naming its table and column, never a default.
//! Ids are stored as `BIGINT` and read back as the id type of their entity.

use super::connection::MultiBackend;
use crate::domain::history::{Change, Entity};
use crate::domain::ids::*;
use crate::domain::kinds::*;
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::expression::AsExpression;
use diesel::internal::derives::as_expression::Bound;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{BigInt, HasSqlType, Nullable, Text};
use diesel::sqlite::Sqlite;

/// `AsExpression` for a type and a SQL type, as diesel's derive would write it.
macro_rules! as_expression {
    ($ty:ty, $sql:ty) => {
        impl AsExpression<$sql> for $ty {
            type Expression = Bound<$sql, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }
        impl AsExpression<Nullable<$sql>> for $ty {
            type Expression = Bound<Nullable<$sql>, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }
        impl<'a> AsExpression<$sql> for &'a $ty {
            type Expression = Bound<$sql, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }
        impl<'a> AsExpression<Nullable<$sql>> for &'a $ty {
            type Expression = Bound<Nullable<$sql>, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }
        impl<DB: Backend> ToSql<Nullable<$sql>, DB> for $ty
        where
            $ty: ToSql<$sql, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                ToSql::<$sql, DB>::to_sql(self, out)
            }
        }
    };
}

/// Lets a type be read as a whole column value of any SQL type it converts from.
macro_rules! queryable {
    ($($ty:ty),+ $(,)?) => {$(
    impl<DB: Backend, ST> Queryable<ST, DB> for $ty
    where
        ST: diesel::sql_types::SingleValue,
        $ty: FromSql<ST, DB>,
    {
        type Row = Self;
        fn build(row: Self) -> deserialize::Result<Self> {
            Ok(row)
        }
    }
    )+};
}

/// The SQL types of enum columns, one per column so that errors can name it.
pub mod sql {
    /// Declares a text-stored SQL type for one enum column.
    macro_rules! text_type {
        ($($name:ident),+ $(,)?) => {$(
            #[derive(Debug, Clone, Copy, Default, diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
            #[diesel(postgres_type(oid = 25, array_oid = 1009))]
            #[diesel(sqlite_type(name = "Text"))]
            pub struct $name;
        )+};
    }
    text_type!(
        RoleName,
        InspectionKindName,
        OverallJudgementName,
        JudgementGradeName,
        FindingKindName,
        ActionStateName,
        RagName,
        EvidenceKindName,
        ReviewStateName,
        MeasureKindName,
        UnitName,
        DirectionName,
        FrequencyName,
        SessionKindName,
        SignInOutcomeName,
        ReportKindName,
        ReportFormatName,
        ReportFormName,
        ImportKindName,
        RequestStateName,
        SignOffDecisionName,
    );
}

/// Maps an enum to the text of one column, naming `table.column` when a stored
/// value is not one of the enum's names.
macro_rules! text_column {
    ($ty:ty, $sql:ident, $column:literal) => {
        impl HasSqlType<sql::$sql> for MultiBackend {
            fn metadata(lookup: &mut Self::MetadataLookup) -> Self::TypeMetadata {
                MultiBackend::lookup_sql_type::<sql::$sql>(lookup)
            }
        }
        as_expression!($ty, sql::$sql);
        impl ToSql<sql::$sql, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <str as ToSql<Text, Pg>>::to_sql(self.as_str(), out)
            }
        }
        impl ToSql<sql::$sql, Sqlite> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                out.set_value(self.as_str());
                Ok(IsNull::No)
            }
        }
        impl ToSql<sql::$sql, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((sql::$sql, self));
                Ok(IsNull::No)
            }
        }
        impl FromSql<sql::$sql, Pg> for $ty {
            fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
                text.parse().map_err(|e| format!("{}: {e}", $column).into())
            }
        }
        impl FromSql<sql::$sql, Sqlite> for $ty {
            fn from_sql(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, Sqlite>>::from_sql(bytes)?;
                text.parse().map_err(|e| format!("{}: {e}", $column).into())
            }
        }
        impl FromSql<sql::$sql, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                bytes.from_sql::<$ty, sql::$sql>()
            }
        }
    };
}

/// Maps a type to a plain text column that any text reads as: change
/// history keeps what every version wrote, so a name this version does not
/// know reads as the type's `Other`, never as an error.
macro_rules! open_text_column {
    ($($ty:ty),+ $(,)?) => {$(
        as_expression!($ty, Text);
        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <str as ToSql<Text, Pg>>::to_sql(self.as_str(), out)
            }
        }
        impl ToSql<Text, Sqlite> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                out.set_value(self.as_str());
                Ok(IsNull::No)
            }
        }
        impl ToSql<Text, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }
        impl FromSql<Text, Pg> for $ty {
            fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                <String as FromSql<Text, Pg>>::from_sql(bytes).map(|text| <$ty>::from_stored(&text))
            }
        }
        impl FromSql<Text, Sqlite> for $ty {
            fn from_sql(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                <String as FromSql<Text, Sqlite>>::from_sql(bytes).map(|text| <$ty>::from_stored(&text))
            }
        }
        impl FromSql<Text, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                bytes.from_sql::<$ty, Text>()
            }
        }
    )+};
}

/// Maps an id type to a `BIGINT` column.
macro_rules! id_column {
    ($($ty:ident),+ $(,)?) => {$(
        as_expression!($ty, BigInt);
        impl ToSql<BigInt, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <i64 as ToSql<BigInt, Pg>>::to_sql(&self.0, out)
            }
        }
        impl ToSql<BigInt, Sqlite> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                <i64 as ToSql<BigInt, Sqlite>>::to_sql(&self.0, out)
            }
        }
        impl ToSql<BigInt, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((BigInt, self));
                Ok(IsNull::No)
            }
        }
        impl FromSql<BigInt, Pg> for $ty {
            fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                <i64 as FromSql<BigInt, Pg>>::from_sql(bytes).map($ty)
            }
        }
        impl FromSql<BigInt, Sqlite> for $ty {
            fn from_sql(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                <i64 as FromSql<BigInt, Sqlite>>::from_sql(bytes).map($ty)
            }
        }
        impl FromSql<BigInt, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                bytes.from_sql::<$ty, BigInt>()
            }
        }
    )+};
}

queryable!(Role, InspectionKind, FindingKind, ActionState, Rag, EvidenceKind, ReviewState, MeasureKind, Unit);
queryable!(Direction, Frequency, Grade, SessionKind, SignInOutcome, ReportKind, ReportFormat, ImportKind);
queryable!(ReportForm, SignOffDecision);
queryable!(UserId, OwnerId, InspectionId, JudgementId, AreaId, FindingId, ActionId, UpdateId, EvidenceId);
queryable!(AttachmentId, MeasureId, RecalculationId, ResultId, RequestId, RequestState, SignOffId);
queryable!(Entity, Change);

text_column!(Role, RoleName, "users.role");
text_column!(InspectionKind, InspectionKindName, "inspections.kind");
text_column!(FindingKind, FindingKindName, "findings.kind");
text_column!(ActionState, ActionStateName, "actions.state");
text_column!(Rag, RagName, "action_updates.rag");
text_column!(EvidenceKind, EvidenceKindName, "evidence.kind");
text_column!(ReviewState, ReviewStateName, "evidence.review_state");
text_column!(MeasureKind, MeasureKindName, "measures.kind");
text_column!(Unit, UnitName, "measures.unit");
text_column!(Direction, DirectionName, "measures.direction");
text_column!(Frequency, FrequencyName, "measures.frequency");
text_column!(SessionKind, SessionKindName, "sessions.kind");
text_column!(SignInOutcome, SignInOutcomeName, "sign_in_attempts.outcome");
text_column!(ReportKind, ReportKindName, "reports.kind");
text_column!(ReportFormat, ReportFormatName, "reports.format");
text_column!(ReportForm, ReportFormName, "reports.form");
text_column!(ImportKind, ImportKindName, "pending_imports.kind");
text_column!(RequestState, RequestStateName, "evidence_requests.state");
text_column!(SignOffDecision, SignOffDecisionName, "action_sign_offs.decision");

// `change_history.entity` and `.what`.
open_text_column!(Entity, Change);

// Grades are stored in two columns, each with its own SQL type so that an
// error names the right one; the Rust type is `Grade` for both.
text_column!(Grade, JudgementGradeName, "judgements.grade");
text_column!(Grade, OverallJudgementName, "inspections.overall_judgement");

id_column!(
    UserId,
    OwnerId,
    InspectionId,
    JudgementId,
    AreaId,
    FindingId,
    ActionId,
    UpdateId,
    EvidenceId,
    AttachmentId,
    MeasureId,
    RecalculationId,
    ResultId,
    RequestId,
    SignOffId,
);
