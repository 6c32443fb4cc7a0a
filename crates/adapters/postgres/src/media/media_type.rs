//! The `media_type` PostgreSQL enum as a Diesel type.

use std::io::Write as _;

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use tastebuds_media::MediaType;

use crate::schema::sql_types;

/// A [`MediaType`] read from or written to a `media_type` column (the domain crate stays
/// free of Diesel, hence the wrapper).
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = sql_types::MediaType)]
pub(crate) struct MediaTypeSql(pub(crate) MediaType);

impl ToSql<sql_types::MediaType, Pg> for MediaTypeSql {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(self.0.as_str().as_bytes())?;
        Ok(IsNull::No)
    }
}

impl FromSql<sql_types::MediaType, Pg> for MediaTypeSql {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        let label = std::str::from_utf8(value.as_bytes())?;
        Ok(Self(label.parse()?))
    }
}
