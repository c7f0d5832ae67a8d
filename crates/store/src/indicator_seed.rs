//! Bulk writes for seeding indicator data (the demo and the benchmarks): submissions, values and
//! targets, many rows per statement, like `insert_tasks`. They only insert: the use cases replace
//! values with [`Tx::upsert_indicator_values`] and keep the replaced ones in history.

use sqlx::QueryBuilder;

use crate::db::Tx;
use crate::error::Result;
use nqtrack_domain::indicator::Value;

use crate::indicators::{IndicatorTarget, IndicatorValue, Submission};
use crate::instant::Instant;

type Day = jiff_sqlx::Date;

/// Rows per multi-row INSERT: at most 14 columns, well under SQLite's limit of 32,766 bound parameters.
const INSERT_CHUNK: usize = 2_000;

/// The columns a value is stored in, as `indicators.rs` writes them.
fn value_columns(value: Value) -> (Option<f64>, Option<bool>, Option<f64>, Option<f64>) {
    match value {
        Value::Number(x) => (Some(x), None, None, None),
        Value::YesNo(yes) => (None, Some(yes), None, None),
        Value::Ratio { numerator, denominator } => (None, None, Some(numerator), Some(denominator)),
    }
}

impl Tx {
    /// Inserts new submissions (none may exist yet for the same round and unit), many rows per statement.
    pub async fn insert_submissions(&mut self, submissions: &[Submission]) -> Result<()> {
        for chunk in submissions.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO indicator_submissions (id, round_id, unit_id, unit_path, state, submitted_on, \
                     decided_on, decided_by, reason, version, updated_at) ",
                );
                query.push_values(chunk, |mut row, s| {
                    row.push_bind(s.id)
                        .push_bind(s.round_id)
                        .push_bind(s.unit_id)
                        .push_bind(s.unit_path.as_str().to_owned())
                        .push_bind(s.state.as_str())
                        .push_bind(s.submitted_on.map(Day::from))
                        .push_bind(s.decided_on.map(Day::from))
                        .push_bind(s.decided_by)
                        .push_bind(s.reason.clone())
                        .push_bind(s.version)
                        .push_bind(Instant::from(s.updated_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    /// Inserts new values (none may exist yet for the same unit, indicator and period), many rows per
    /// statement.
    pub async fn insert_indicator_values(&mut self, values: &[IndicatorValue]) -> Result<()> {
        for chunk in values.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO indicator_values (id, submission_id, unit_id, unit_path, indicator_id, \
                     indicator_version, period_label, number, yes_no, numerator, denominator, comment, updated_by, \
                     updated_at) ",
                );
                query.push_values(chunk, |mut row, v| {
                    let (number, yes_no, numerator, denominator) = value_columns(v.value);
                    row.push_bind(v.id)
                        .push_bind(v.submission_id)
                        .push_bind(v.unit_id)
                        .push_bind(v.unit_path.as_str().to_owned())
                        .push_bind(v.indicator_id)
                        .push_bind(i32::try_from(v.indicator_version.get()).unwrap_or(i32::MAX))
                        .push_bind(v.period.label())
                        .push_bind(number)
                        .push_bind(yes_no)
                        .push_bind(numerator)
                        .push_bind(denominator)
                        .push_bind(v.comment.clone())
                        .push_bind(v.updated_by)
                        .push_bind(Instant::from(v.updated_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

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
