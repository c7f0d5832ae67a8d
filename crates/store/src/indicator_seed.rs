//! Bulk writes for seeding indicator data (the demo and the benchmarks): targets, many rows per
//! statement, like `insert_tasks`, and a count of what was written. Submissions and values are seeded
//! with the bulk writes the use cases use ([`Tx::insert_submissions`], [`Tx::upsert_indicator_values`]).

use sqlx::QueryBuilder;

use crate::db::Tx;
use crate::error::Result;
use crate::indicators::IndicatorTarget;
use crate::instant::Instant;

/// Rows per multi-row INSERT: 10 columns, well under SQLite's limit of 32,766 bound parameters.
const INSERT_CHUNK: usize = 2_000;

impl Tx {
    /// How many values and submissions are stored (what a seed wrote).
    pub async fn count_indicator_rows(&mut self) -> Result<(i64, i64)> {
        let values: i64 = on_conn!(self, conn => sqlx::query_scalar("SELECT COUNT(*) FROM indicator_values")
            .fetch_one(conn).await)?;
        let submissions: i64 = on_conn!(self, conn => sqlx::query_scalar("SELECT COUNT(*) FROM indicator_submissions")
            .fetch_one(conn).await)?;
        Ok((values, submissions))
    }

    /// Inserts new targets (level defaults and unit overrides that do not exist yet), many rows per
    /// statement. [`Tx::put_indicator_target`] replaces one.
    pub async fn insert_indicator_targets(&mut self, targets: &[IndicatorTarget]) -> Result<()> {
        for chunk in targets.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO indicator_targets (id, indicator_id, period_label, level, unit_id, unit_path, \
                     target, baseline, updated_by, updated_at) ",
                );
                query.push_values(chunk, |mut row, t| {
                    row.push_bind(uuid::Uuid::now_v7())
                        .push_bind(t.indicator_id)
                        .push_bind(t.period.label())
                        .push_bind(t.level.map(|l| l.as_str()))
                        .push_bind(t.unit_id)
                        .push_bind(t.unit_path.as_ref().map(|p| p.as_str().to_owned()))
                        .push_bind(t.targets.target)
                        .push_bind(t.targets.baseline)
                        .push_bind(t.updated_by)
                        .push_bind(Instant::from(t.updated_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }
}
