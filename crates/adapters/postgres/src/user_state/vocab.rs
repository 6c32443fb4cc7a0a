//! The `user_item_status` and `user_item_log_type` PostgreSQL enums as Diesel types.

use std::io::Write as _;

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use tastebuds_user_state::{LogType, UserItemStatus};

use crate::schema::sql_types;

/// A [`UserItemStatus`] in a `user_item_status` column (the domain crate stays free of
/// Diesel, hence the wrapper).
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = sql_types::UserItemStatus)]
pub(super) struct StatusSql(pub(super) UserItemStatus);

impl ToSql<sql_types::UserItemStatus, Pg> for StatusSql {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(self.0.as_str().as_bytes())?;
        Ok(IsNull::No)
    }
}

impl FromSql<sql_types::UserItemStatus, Pg> for StatusSql {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        let label = std::str::from_utf8(value.as_bytes())?;
        Ok(Self(label.parse()?))
    }
}

/// A [`LogType`] in a `user_item_log_type` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = sql_types::UserItemLogType)]
pub(super) struct LogTypeSql(pub(super) LogType);

impl ToSql<sql_types::UserItemLogType, Pg> for LogTypeSql {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(self.0.as_str().as_bytes())?;
        Ok(IsNull::No)
    }
}

impl FromSql<sql_types::UserItemLogType, Pg> for LogTypeSql {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        let label = std::str::from_utf8(value.as_bytes())?;
        Ok(Self(label.parse()?))
    }
}
