use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Postgres, Sqlite, Transaction};

use crate::error::{Result, StoreError};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The database, cheap to clone; every read and write starts with [`Store::read`] or [`Store::write`].
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    /// Write transactions committed through this store (this process only).
    writes: Arc<AtomicU64>,
}

pub(crate) enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// One transaction on either backend. Dropping it without [`Tx::commit`] rolls it back, so an error
/// anywhere in a use case leaves the data as it was.
pub struct Tx {
    pub(crate) inner: TxInner,
    /// The store's write counter, for a write transaction: bumped when it commits.
    writes: Option<Arc<AtomicU64>>,
}

/// Runs `$body` with `$conn` bound to the transaction's connection of whichever backend is in use.
/// The body is compiled once per backend, so the same SQL and row types serve both.
macro_rules! on_conn {
    ($tx:expr, $conn:ident => $body:expr) => {
        match &mut $tx.inner {
            $crate::db::TxInner::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::db::TxInner::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

impl Store {
    /// Opens `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self> {
        let pool = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL makes each commit durable across a power cut, which NORMAL does not in WAL mode.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            Pool::Sqlite(SqlitePoolOptions::new().max_connections(8).connect_with(options).await?)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Pool::Postgres(PgPoolOptions::new().max_connections(16).connect(url).await?)
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        Ok(Self { pool, writes: Arc::default() })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies every embedded migration not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Fails with [`StoreError::MigrationsPending`] when the schema is older than this binary, so a
    /// server never runs against a schema it does not know.
    pub async fn check_migrated(&self) -> Result<()> {
        const APPLIED: &str = "SELECT version FROM _sqlx_migrations WHERE success";
        let (applied, expected) = match &self.pool {
            Pool::Sqlite(pool) => {
                (sqlx::query_scalar::<_, i64>(APPLIED).fetch_all(pool).await, versions(&SQLITE_MIGRATIONS))
            }
            Pool::Postgres(pool) => {
                (sqlx::query_scalar::<_, i64>(APPLIED).fetch_all(pool).await, versions(&POSTGRES_MIGRATIONS))
            }
        };
        let applied = match applied {
            Ok(applied) => applied,
            // No migrations table yet: nothing has been applied.
            Err(sqlx::Error::Database(_)) => Vec::new(),
            Err(other) => return Err(other.into()),
        };
        if expected.iter().all(|v| applied.contains(v)) { Ok(()) } else { Err(StoreError::MigrationsPending) }
    }

    /// A transaction for reading: a consistent snapshot of several queries.
    pub async fn read(&self) -> Result<Tx> {
        let inner = match &self.pool {
            Pool::Sqlite(pool) => TxInner::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) => TxInner::Postgres(pool.begin_with("BEGIN READ ONLY").await?),
        };
        Ok(Tx { inner, writes: None })
    }

    /// A transaction for writing. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`): a
    /// deferred transaction that reads first and writes later can fail when another writer got in
    /// between, and the busy timeout cannot help with that.
    pub async fn write(&self) -> Result<Tx> {
        let inner = match &self.pool {
            Pool::Sqlite(pool) => TxInner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx { inner, writes: Some(self.writes.clone()) })
    }

    /// How many write transactions this process has committed: anything computed from the data at
    /// one count is still exact while the count stays the same (other processes' writes aside).
    pub fn write_count(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    /// Checks that the database answers; used by `/readyz`.
    pub async fn ping(&self) -> Result<()> {
        let mut tx = self.read().await?;
        on_conn!(tx, conn => sqlx::query("SELECT 1").execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Brings the planner's statistics up to date after a bulk load. PostgreSQL plans a freshly
    /// loaded table from empty statistics (and cannot answer from an index alone until it is
    /// vacuumed); SQLite keeps its planner without statistics, whose plans the queries are written for.
    pub async fn refresh_statistics(&self) -> Result<()> {
        if let Pool::Postgres(pool) = &self.pool {
            sqlx::query("VACUUM (ANALYZE)").execute(pool).await?;
        }
        Ok(())
    }

    /// Copies a SQLite database to `destination` while it is in use (`VACUUM INTO`), giving a
    /// consistent, compact file. PostgreSQL is backed up with its own tools (`pg_dump`).
    pub async fn backup_sqlite(&self, destination: &str) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => {
                sqlx::query("VACUUM INTO $1").bind(destination.to_owned()).execute(pool).await?;
                Ok(())
            }
            Pool::Postgres(_) => Err(StoreError::UnsupportedUrl("backup of PostgreSQL: use pg_dump".into())),
        }
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}

fn versions(migrator: &Migrator) -> Vec<i64> {
    migrator.iter().map(|m| m.version).collect()
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        if let Some(writes) = self.writes {
            writes.fetch_add(1, Ordering::Release);
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both backends must carry the same schema versions, or one of them is missing a change.
    #[test]
    fn migration_versions_match_across_backends() {
        let sqlite: Vec<_> = SQLITE_MIGRATIONS.iter().map(|m| (m.version, m.description.to_string())).collect();
        let postgres: Vec<_> = POSTGRES_MIGRATIONS.iter().map(|m| (m.version, m.description.to_string())).collect();
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, postgres);
    }
}
