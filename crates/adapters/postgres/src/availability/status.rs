//! The `availability_status` PostgreSQL enum as a Diesel type.

use std::io::Write as _;

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use tastebuds_media::AvailabilityStatus;

use crate::schema::sql_types;

/// An [`AvailabilityStatus`] read from or written to an `availability_status` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = sql_types::AvailabilityStatus)]
pub(super) struct AvailabilityStatusSql(pub(super) AvailabilityStatus);

impl ToSql<sql_types::AvailabilityStatus, Pg> for AvailabilityStatusSql {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(self.0.as_str().as_bytes())?;
        Ok(IsNull::No)
    }
}

impl FromSql<sql_types::AvailabilityStatus, Pg> for AvailabilityStatusSql {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        let label = std::str::from_utf8(value.as_bytes())?;
        Ok(Self(label.parse()?))
    }
}
