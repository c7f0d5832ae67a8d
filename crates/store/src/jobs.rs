//! Background jobs run by whichever server instance takes the lease first.
//!
//! The lease is a conditional `UPDATE` on the job's row (no advisory locks, no `LISTEN`), so it works
//! the same on SQLite, PostgreSQL and the Postgres-compatible distributed engines.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::FromRow;

use crate::db::Tx;
use crate::error::Result;
use crate::instant::Instant;

/// A job's schedule and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Job {
    pub name: String,
    pub next_run_at: Timestamp,
    pub lease_owner: Option<String>,
    pub lease_until: Option<Timestamp>,
    pub last_run_at: Option<Timestamp>,
    pub last_error: String,
}

#[derive(FromRow)]
struct JobRow {
    name: String,
    next_run_at: Instant,
    lease_owner: Option<String>,
    lease_until: Option<Instant>,
    last_run_at: Option<Instant>,
    last_error: String,
}

impl From<JobRow> for Job {
    fn from(row: JobRow) -> Self {
        Job {
            name: row.name,
            next_run_at: row.next_run_at.to_jiff(),
            lease_owner: row.lease_owner,
            lease_until: row.lease_until.map(Instant::to_jiff),
            last_run_at: row.last_run_at.map(Instant::to_jiff),
            last_error: row.last_error,
        }
    }
}

const COLUMNS: &str = "name, next_run_at, lease_owner, lease_until, last_run_at, last_error";

impl Tx {
    /// Takes the lease on job `name` for `owner` until `lease_until`, if the job is due at `now` and
    /// nobody holds a live lease. A job seen for the first time is created, due at `first_run_at`.
    /// Commit at once, so other instances see the lease; `None` means "not yours to run now".
    pub async fn take_job(
        &mut self,
        name: &str,
        owner: &str,
        now: Timestamp,
        lease_until: Timestamp,
        first_run_at: Timestamp,
    ) -> Result<Option<Job>> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO jobs (name, next_run_at, last_error) VALUES ($1, $2, '') ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(Instant::from(first_run_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        let sql = format!(
            "UPDATE jobs SET lease_owner = $2, lease_until = $4 WHERE name = $1 AND next_run_at <= $3 \
             AND (lease_until IS NULL OR lease_until <= $3) RETURNING {COLUMNS}"
        );
        let row = on_conn!(self, conn => sqlx::query_as::<_, JobRow>(sqlx::AssertSqlSafe(sql))
            .bind(name)
            .bind(owner)
            .bind(Instant::from(now))
            .bind(Instant::from(lease_until))
            .fetch_optional(conn)
            .await)?;
        Ok(row.map(Job::from))
    }

    /// Ends `owner`'s run of a job: records when it ran and how (an empty error for success), sets
    /// the next run and releases the lease. Returns false when the lease was no longer `owner`'s
    /// (it ran out and another instance took the job), and then changes nothing.
    pub async fn finish_job(
        &mut self,
        name: &str,
        owner: &str,
        ran_at: Timestamp,
        next_run_at: Timestamp,
        error: &str,
    ) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE jobs SET next_run_at = $4, last_run_at = $3, last_error = $5, lease_owner = NULL, \
             lease_until = NULL WHERE name = $1 AND lease_owner = $2",
        )
        .bind(name)
        .bind(owner)
        .bind(Instant::from(ran_at))
        .bind(Instant::from(next_run_at))
        .bind(error)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn job(&mut self, name: &str) -> Result<Option<Job>> {
        let sql = format!("SELECT {COLUMNS} FROM jobs WHERE name = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, JobRow>(sqlx::AssertSqlSafe(sql)).bind(name).fetch_optional(conn).await)?;
        Ok(row.map(Job::from))
    }
}
