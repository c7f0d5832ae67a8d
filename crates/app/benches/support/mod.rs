//! What the national benchmarks share: a database of either backend, seeded with the national demo.

use nqtrack_app::demo::Scale;
use nqtrack_app::{App, Clock, Settings};
use nqtrack_domain::policy::Actor;
use nqtrack_store::Store;
use tokio::runtime::Runtime;

/// Held for the whole run: dropping it removes the database.
pub enum Database {
    Sqlite { _dir: tempfile::TempDir },
    Postgres { _cluster: nqtrack_store::testing::TestDatabase },
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
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/bench.sqlite3", dir.path().display());
            (Database::Sqlite { _dir: dir }, url)
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
