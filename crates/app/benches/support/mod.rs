//! What the national benchmarks share: a database of either backend, seeded with the national demo.
//!
//! A fixture lives in a `static`, which Rust never drops, so a temporary SQLite directory (2.5 GB with
//! the national demo) would outlive the run; each benchmark's `main` calls [`clean_up`] after divan.

use std::path::PathBuf;
use std::sync::Mutex;

use nqtrack_app::demo::Scale;
use nqtrack_app::{App, Clock, Settings};
use nqtrack_domain::policy::Actor;
use nqtrack_store::Store;
use tokio::runtime::Runtime;

/// The SQLite directories made for this run, removed by [`clean_up`].
static SQLITE_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held for the whole run.
pub enum Database {
    Sqlite,
    Postgres { _cluster: nqtrack_store::testing::TestDatabase },
}

/// Removes the run's SQLite directories.
pub fn clean_up() {
    let dirs = std::mem::take(&mut *SQLITE_DIRS.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    for dir in dirs {
        if let Err(error) = std::fs::remove_dir_all(&dir) {
            eprintln!("could not remove {}: {error}", dir.display());
        }
    }
}

/// A new temporary directory for a SQLite database, removed by [`clean_up`].
pub fn sqlite_url() -> String {
    let dir = tempfile::tempdir().expect("temp dir").keep();
    let url = format!("sqlite://{}/bench.sqlite3", dir.display());
    SQLITE_DIRS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(dir);
    url
}

/// A new database: SQLite in a temporary directory, or with `NQTRACK_BENCH_BACKEND=postgres` a
/// throwaway PostgreSQL cluster started like the tests do (or the one in `NQTRACK_TEST_DATABASE_URL`).
pub fn database(runtime: &Runtime) -> (Database, String) {
    runtime.block_on(async {
        if std::env::var("NQTRACK_BENCH_BACKEND").as_deref() == Ok("postgres") {
            let database = nqtrack_store::testing::postgres().await.expect("a PostgreSQL server for the bench");
            let url = database.url().to_owned();
            (Database::Postgres { _cluster: database }, url)
        } else {
            (Database::Sqlite, sqlite_url())
        }
    })
}

/// The application on a migrated database seeded with the national demo; prints the seeding time.
pub async fn national_app(url: &str, operator: &Actor, what: &str) -> App {
    let store = Store::connect(url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let app = App::new(store, Clock::System, Settings { argon2_memory_kib: 1024, ..Settings::default() });
    let started = std::time::Instant::now();
    app.seed_demo(operator, Scale::National).await.expect("seed");
    eprintln!("national demo ({what}) seeded in {:.1} s", started.elapsed().as_secs_f64());
    app
}
