//! The holiday table: days off and the weekend days worked in exchange, one row per day.
//!
//! Rows come back as [`nqtrack_domain::calendar::Holiday`], so the working-day calendar is built from
//! exactly what is stored. Days are civil dates (`DATE` on PostgreSQL, ISO text on SQLite, which sorts
//! and compares like a date).

use jiff::civil::Date;
use nqtrack_domain::calendar::Holiday;
use sqlx::FromRow;

use crate::db::Tx;
use crate::error::Result;

#[derive(FromRow)]
struct HolidayRow {
    day: jiff_sqlx::Date,
    name: String,
    working: bool,
}

impl From<HolidayRow> for Holiday {
    fn from(row: HolidayRow) -> Self {
        Holiday { day: row.day.to_jiff(), name: row.name, working: row.working }
    }
}

impl Tx {
    /// The entries from `from` to `to`, both included, in date order.
    pub async fn list_holidays(&mut self, from: Date, to: Date) -> Result<Vec<Holiday>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, HolidayRow>(
            "SELECT day, name, working FROM holidays WHERE day >= $1 AND day <= $2 ORDER BY day",
        )
        .bind(jiff_sqlx::Date::from(from))
        .bind(jiff_sqlx::Date::from(to))
        .fetch_all(conn)
        .await)?;
        Ok(rows.into_iter().map(Holiday::from).collect())
    }

    /// The whole table, in date order: what the working-day calendar is built from. It holds a few
    /// dozen rows per year, so reading it whole is cheaper than guessing which years a deadline needs.
    pub async fn all_holidays(&mut self) -> Result<Vec<Holiday>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, HolidayRow>(
            "SELECT day, name, working FROM holidays ORDER BY day",
        )
        .fetch_all(conn)
        .await)?;
        Ok(rows.into_iter().map(Holiday::from).collect())
    }

    pub async fn holiday(&mut self, day: Date) -> Result<Option<Holiday>> {
        let row = on_conn!(self, conn => sqlx::query_as::<_, HolidayRow>(
            "SELECT day, name, working FROM holidays WHERE day = $1",
        )
        .bind(jiff_sqlx::Date::from(day))
        .fetch_optional(conn)
        .await)?;
        Ok(row.map(Holiday::from))
    }

    /// Adds the entry for its day, or replaces the one already there (a day has one entry).
    pub async fn upsert_holiday(&mut self, holiday: &Holiday) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO holidays (day, name, working) VALUES ($1, $2, $3) \
             ON CONFLICT (day) DO UPDATE SET name = excluded.name, working = excluded.working",
        )
        .bind(jiff_sqlx::Date::from(holiday.day))
        .bind(&holiday.name)
        .bind(holiday.working)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Removes the entry for a day; false when there was none.
    pub async fn delete_holiday(&mut self, day: Date) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query("DELETE FROM holidays WHERE day = $1")
            .bind(jiff_sqlx::Date::from(day))
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn holidays_count(&mut self) -> Result<i64> {
        let count = on_conn!(self, conn => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM holidays")
            .fetch_one(conn)
            .await)?;
        Ok(count)
    }
}
