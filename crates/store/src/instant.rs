//! Instants in storage. PostgreSQL keeps them as `timestamptz`; SQLite as text, which must sort like
//! time, so it is written fixed-width with microseconds (`2026-11-22T03:00:00.000000Z`): the variable
//! width of RFC 3339 ("…:20Z" vs "…:20.5Z") would make text comparison wrong within a second.
//! Both backends then keep microseconds, so a value reads back the same on either.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Unit};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Instant(Timestamp);

impl Instant {
    pub(crate) fn to_jiff(self) -> Timestamp {
        self.0
    }

    fn sqlite_text(self) -> String {
        let at = TimeZone::UTC.to_datetime(self.0);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            at.year(),
            at.month(),
            at.day(),
            at.hour(),
            at.minute(),
            at.second(),
            at.subsec_nanosecond() / 1_000
        )
    }
}

impl From<Timestamp> for Instant {
    fn from(at: Timestamp) -> Self {
        Instant(at.round(Unit::Microsecond).unwrap_or(at))
    }
}

impl Type<Sqlite> for Instant {
    fn type_info() -> SqliteTypeInfo {
        <str as Type<Sqlite>>::type_info()
    }
}

impl Encode<'_, Sqlite> for Instant {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(self.sqlite_text(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Instant {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(Instant(text.parse()?))
    }
}

impl Type<Postgres> for Instant {
    fn type_info() -> PgTypeInfo {
        <jiff_sqlx::Timestamp as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Instant {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode_by_ref(&jiff_sqlx::Timestamp::from(self.0), buf)
    }
}

impl<'r> Decode<'r, Postgres> for Instant {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Instant(<jiff_sqlx::Timestamp as Decode<Postgres>>::decode(value)?.to_jiff()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_text_sorts_like_time() {
        let whole: Timestamp = "2026-11-22T03:00:20Z".parse().expect("valid");
        let half = whole + jiff::SignedDuration::from_millis(500);
        let (a, b) = (Instant::from(whole).sqlite_text(), Instant::from(half).sqlite_text());
        assert_eq!(a, "2026-11-22T03:00:20.000000Z");
        assert!(a < b);
        assert_eq!(b.parse::<Timestamp>().expect("parses"), half);
    }
}
