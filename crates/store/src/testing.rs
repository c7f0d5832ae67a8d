//! Fresh, real databases for tests (compiled only with the `testing` cargo feature).
//!
//! Every test that touches storage — the store conformance suite, the application tests and the
//! web tests — runs against *real* database servers, never a mock or an in-memory fake: the whole
//! point of the conformance suite is to prove that the SQLite and PostgreSQL backends behave
//! identically, and that can only be shown on the real engines (their type systems, collations,
//! constraint and locking behaviour differ in ways no fake reproduces).
//!
//! * [`sqlite()`] gives a database file in a fresh temporary directory (removed when the
//!   [`TestDatabase`] is dropped).
//! * [`postgres()`] gives a freshly created, empty database on a PostgreSQL server. The server is
//!   found once per test process:
//!   1. if `NQTRACK_TEST_DATABASE_URL` is set, it is the admin URL of an existing server (a
//!      database is created on it per call; they are not dropped afterwards);
//!   2. otherwise a throwaway cluster is created with the PostgreSQL server binaries found on
//!      `PATH` or under `/usr/lib/postgresql/<version>/bin` (highest version). It listens on a
//!      unix socket only, in its own temporary directory, and runs with durability switched off
//!      (it is thrown away anyway). When the test process runs as root, the cluster runs as the
//!      `postgres` OS user (PostgreSQL refuses to run as root). A small watchdog shell stops the
//!      server and removes its directory as soon as the test process exits, however it exits
//!      (it waits for end-of-file on a pipe whose write end only the test process holds).
//!
//!   When no server can be had, [`postgres()`] returns `None` and says once on stderr that the
//!   PostgreSQL tests are skipped — unless `NQTRACK_REQUIRE_POSTGRES=1` is set (as in CI), in
//!   which case it panics with the reason: CI must never silently skip a backend.

use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::{AssertSqlSafe, Connection as _, PgConnection};
use tokio::sync::OnceCell;

/// Environment variable: admin URL of an existing PostgreSQL server to create test databases on.
pub const DATABASE_URL_ENV: &str = "NQTRACK_TEST_DATABASE_URL";
/// Environment variable: when `1`, a missing PostgreSQL server is a test failure instead of a skip.
pub const REQUIRE_POSTGRES_ENV: &str = "NQTRACK_REQUIRE_POSTGRES";

/// How long to wait for a throwaway cluster to accept connections.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// A fresh, empty database for one test. Dropping it keeps nothing alive that matters (the temp
/// dir for SQLite is removed).
#[derive(Debug)]
pub enum TestDatabase {
    /// A SQLite database file (not created yet) inside its own temporary directory.
    Sqlite { url: String, _dir: tempfile::TempDir },
    /// A newly created, empty database on a PostgreSQL server.
    Postgres { url: String },
}

impl TestDatabase {
    /// The connection URL of this database.
    pub fn url(&self) -> &str {
        match self {
            TestDatabase::Sqlite { url, .. } | TestDatabase::Postgres { url } => url,
        }
    }
}

/// A fresh SQLite database: `sqlite://<tempdir>/test.sqlite3`. The file does not exist yet (the
/// store creates it); the directory is removed when the returned value is dropped.
pub fn sqlite() -> TestDatabase {
    let dir = tempfile::Builder::new()
        .prefix("nqtrack-test-")
        .tempdir()
        .expect("cannot create a temporary directory for a SQLite test database");
    let url = format!("sqlite://{}/test.sqlite3", dir.path().display());
    TestDatabase::Sqlite { url, _dir: dir }
}

/// A fresh, empty PostgreSQL database, or `None` when no PostgreSQL server is available and
/// `NQTRACK_REQUIRE_POSTGRES=1` is not set (see the module documentation).
///
/// # Panics
///
/// When PostgreSQL is required but unavailable, or when creating the database fails.
pub async fn postgres() -> Option<TestDatabase> {
    static SERVER: OnceCell<Result<String, String>> = OnceCell::const_new();
    let server = SERVER
        .get_or_init(|| async {
            let found = find_server().await;
            if let Err(why) = &found
                && !postgres_required()
            {
                eprintln!(
                    "PostgreSQL not available (set {DATABASE_URL_ENV} or install the server): \
                     PostgreSQL tests skipped ({why})"
                );
            }
            found
        })
        .await;
    let admin_url = match server {
        Ok(url) => url,
        Err(why) if postgres_required() => {
            panic!("{REQUIRE_POSTGRES_ENV}=1 but no PostgreSQL server is available: {why}")
        }
        Err(_) => return None,
    };

    let name = format!("nqtrack_test_{}", uuid::Uuid::now_v7().simple());
    let mut conn = PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the PostgreSQL test server {admin_url}: {e}"));
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("cannot create test database {name} on {admin_url}: {e}"));
    // Closing politely is best effort; the database exists either way.
    let _ = conn.close().await;
    Some(TestDatabase::Postgres { url: with_database(admin_url, &name) })
}

fn postgres_required() -> bool {
    std::env::var(REQUIRE_POSTGRES_ENV).is_ok_and(|v| v.trim() == "1")
}

/// `url` with its path (the database name) replaced by `database`, query string kept.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..].find('/').map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{database}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// The admin URL of a usable server, or why there is none.
async fn find_server() -> Result<String, String> {
    if let Ok(url) = std::env::var(DATABASE_URL_ENV)
        && !url.trim().is_empty()
    {
        // An explicitly configured server that does not answer is a misconfiguration, not an
        // absent server: fail loudly instead of silently skipping.
        return match PgConnection::connect(&url).await {
            Ok(conn) => {
                let _ = conn.close().await;
                Ok(url)
            }
            Err(e) => panic!("{DATABASE_URL_ENV} is set but connecting to it failed: {e}"),
        };
    }
    start_throwaway_cluster().await
}

/// Creates and starts a throwaway cluster listening on a unix socket only; returns its admin URL.
async fn start_throwaway_cluster() -> Result<String, String> {
    let (dir, log) =
        tokio::task::spawn_blocking(spawn_cluster).await.map_err(|e| format!("cluster setup task failed: {e}"))??;
    let url = format!("postgres://postgres@localhost:5432/postgres?host={}", dir.display());

    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        match PgConnection::connect(&url).await {
            Ok(conn) => {
                let _ = conn.close().await;
                tracing::debug!(%url, "throwaway PostgreSQL cluster ready");
                return Ok(url);
            }
            Err(e) if Instant::now() >= deadline => {
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                return Err(format!(
                    "the throwaway cluster in {} did not accept connections within {}s: {e}; server log:\n{log}",
                    dir.display(),
                    READY_TIMEOUT.as_secs()
                ));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Blocking part of the cluster setup: initdb, then the server under its watchdog. Returns the
/// cluster directory (also the socket directory) and the server log path.
fn spawn_cluster() -> Result<(PathBuf, PathBuf), String> {
    let bin = find_server_binaries()
        .ok_or("no PostgreSQL server binaries (initdb, postgres) on PATH or under /usr/lib/postgresql/*/bin")?;
    // PostgreSQL refuses to run as root: then run it as the `postgres` OS user.
    let run_as = if effective_uid() == Some(0) {
        if !command_succeeds(Command::new("id").args(["-u", "postgres"])) {
            return Err("running as root and there is no `postgres` OS user to run the server as".into());
        }
        Some(find_program("runuser", &["/usr/sbin", "/sbin"]).ok_or("running as root and `runuser` is not found")?)
    } else {
        None
    };

    // Under /tmp (world-traversable) with mode 0755, so the `postgres` user can reach it; short,
    // so the socket path stays far below the unix socket path limit.
    let tmp = tempfile::Builder::new()
        .prefix("nqtrack-pg-")
        .permissions(std::fs::Permissions::from_mode(0o755))
        .tempdir_in("/tmp")
        .map_err(|e| format!("cannot create a temporary directory for the cluster: {e}"))?;
    let dir = tmp.path().to_path_buf();
    if run_as.is_some() {
        let out = Command::new("chown")
            .arg("postgres:postgres")
            .arg(&dir)
            .output()
            .map_err(|e| format!("cannot run chown: {e}"))?;
        if !out.status.success() {
            return Err(format!("chown postgres {} failed: {}", dir.display(), String::from_utf8_lossy(&out.stderr)));
        }
    }

    let data = dir.join("data");
    let mut initdb = as_server_user(run_as.as_deref(), &bin.join("initdb"), &dir);
    initdb.arg("-D").arg(&data).args([
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
        "--no-instructions",
    ]);
    let out = initdb.output().map_err(|e| format!("cannot run initdb: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "initdb failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }

    // The watchdog: starts the server, then blocks reading its stdin, a pipe whose write end
    // only this process holds (std opens pipes close-on-exec, so no other child inherits it).
    // When this process exits — normally, by panic or killed — the read hits end-of-file, and
    // the watchdog stops the server (fast shutdown, immediate after 30 s) and removes the
    // directory. It runs in its own process group so a terminal's Ctrl-C does not kill it
    // before it has cleaned up.
    const WATCHDOG: &str = r#"
dir=$1
"$2" -D "$dir/data" -k "$dir" -p 5432 -c listen_addresses= -c fsync=off -c synchronous_commit=off \
  -c full_page_writes=off -c max_connections=200 </dev/null >"$dir/postgres.log" 2>&1 &
pid=$!
while read -r _line; do :; done
kill -INT "$pid" 2>/dev/null
(
  trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  sleep 30 & nap=$!
  wait "$nap" && kill -QUIT "$pid" 2>/dev/null
) </dev/null >/dev/null 2>&1 &
timer=$!
wait "$pid" 2>/dev/null
kill "$timer" 2>/dev/null
wait "$timer" 2>/dev/null
rm -rf "$dir"
"#;
    let mut watchdog = as_server_user(run_as.as_deref(), Path::new("sh"), &dir);
    watchdog
        .args(["-c", WATCHDOG, "nqtrack-pg-watchdog"])
        .arg(&dir)
        .arg(bin.join("postgres"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    let child = watchdog.spawn().map_err(|e| format!("cannot start the PostgreSQL server: {e}"))?;
    // From now on the watchdog owns the directory. Keep the child (and the pipe's write end) for
    // the rest of the process's life.
    let _ = tmp.keep();
    std::mem::forget(child);
    Ok((dir.clone(), dir.join("postgres.log")))
}

/// `program` run as the `postgres` user when `runuser` is given, in `cwd` (a directory the server
/// user can enter, unlike perhaps the test's working directory).
fn as_server_user(runuser: Option<&Path>, program: &Path, cwd: &Path) -> Command {
    let mut cmd = match runuser {
        Some(runuser) => {
            let mut cmd = Command::new(runuser);
            cmd.args(["-u", "postgres", "--"]).arg(program);
            cmd
        }
        None => Command::new(program),
    };
    cmd.current_dir(cwd);
    cmd
}

/// The directory holding both `initdb` and `postgres`: from `PATH` first, else the highest
/// version under `/usr/lib/postgresql/*/bin`.
fn find_server_binaries() -> Option<PathBuf> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    if let Some(initdb) = find_in_path("initdb")
        && let Ok(initdb) = initdb.canonicalize()
        && let Some(dir) = initdb.parent()
        && has_server(dir)
    {
        return Some(dir.to_path_buf());
    }
    let mut versions: Vec<(Vec<u64>, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version =
                entry.file_name().to_str()?.split('.').map(|part| part.parse().ok()).collect::<Option<_>>()?;
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|path| path.is_file())
}

fn find_program(name: &str, extra_dirs: &[&str]) -> Option<PathBuf> {
    find_in_path(name).or_else(|| extra_dirs.iter().map(|dir| Path::new(dir).join(name)).find(|p| p.is_file()))
}

/// The effective user id, from `/proc/self/status`, else from `id -u`.
fn effective_uid() -> Option<u32> {
    let from_proc = std::fs::read_to_string("/proc/self/status").ok().and_then(|status| {
        let line = status.lines().find(|line| line.starts_with("Uid:"))?;
        line.split_whitespace().nth(2)?.parse().ok()
    });
    from_proc.or_else(|| {
        let out = Command::new("id").arg("-u").output().ok()?;
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    })
}

fn command_succeeds(cmd: &mut Command) -> bool {
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Anything a list of units is made of, so tests can compare lists by their codes.
pub trait AsUnit {
    fn as_unit(&self) -> &crate::Unit;
}

impl AsUnit for crate::Unit {
    fn as_unit(&self) -> &crate::Unit {
        self
    }
}

impl AsUnit for crate::UnitWithChildren {
    fn as_unit(&self) -> &crate::Unit {
        &self.unit
    }
}

/// The codes of `units`, in order: the compact form of most list assertions.
pub fn codes(units: &[impl AsUnit]) -> Vec<&str> {
    units.iter().map(|u| u.as_unit().code.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr as _;

    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions as _, Connection as _, PgConnection};

    use super::*;

    #[tokio::test]
    async fn sqlite_database_is_fresh_and_usable() {
        let db = sqlite();
        let url = db.url().to_owned();
        assert!(url.starts_with("sqlite://") && url.ends_with("/test.sqlite3"), "{url}");
        let path = PathBuf::from(url.trim_start_matches("sqlite://"));
        assert!(!path.exists(), "the file is left for the store to create");

        let mut conn = SqliteConnectOptions::from_str(&url).unwrap().create_if_missing(true).connect().await.unwrap();
        let one: i64 = sqlx::query_scalar("SELECT 1").fetch_one(&mut conn).await.unwrap();
        assert_eq!(one, 1);
        conn.close().await.unwrap();

        let dir = path.parent().unwrap().to_path_buf();
        assert!(dir.is_dir());
        drop(db);
        assert!(!dir.exists(), "dropping the TestDatabase removes its directory");
    }

    #[tokio::test]
    async fn postgres_databases_are_fresh_and_distinct() {
        let Some(a) = postgres().await else { return };
        let b = postgres().await.expect("the server was available a moment ago");
        assert_ne!(a.url(), b.url());

        let mut names = Vec::new();
        for db in [&a, &b] {
            let mut conn = PgConnection::connect(db.url()).await.unwrap();
            let one: i32 = sqlx::query_scalar("SELECT 1").fetch_one(&mut conn).await.unwrap();
            assert_eq!(one, 1);
            let name: String = sqlx::query_scalar("SELECT current_database()").fetch_one(&mut conn).await.unwrap();
            assert!(name.starts_with("nqtrack_test_"), "{name}");
            let tables: i64 =
                sqlx::query_scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
                    .fetch_one(&mut conn)
                    .await
                    .unwrap();
            assert_eq!(tables, 0, "a fresh database is empty");
            conn.close().await.unwrap();
            names.push(name);
        }
        assert_ne!(names[0], names[1]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_databases_can_be_created_concurrently() {
        let tasks: Vec<_> = (0..8).map(|_| tokio::spawn(postgres())).collect();
        let mut urls = Vec::new();
        for task in tasks {
            match task.await.unwrap() {
                Some(db) => urls.push(db.url().to_owned()),
                None => return,
            }
        }
        urls.sort();
        urls.dedup();
        assert_eq!(urls.len(), 8);
    }

    #[test]
    fn database_name_is_replaced_and_query_kept() {
        assert_eq!(
            with_database("postgres://postgres@localhost:5432/postgres?host=/tmp/x", "db"),
            "postgres://postgres@localhost:5432/db?host=/tmp/x"
        );
        assert_eq!(with_database("postgres://u:p@h/admin", "db"), "postgres://u:p@h/db");
        assert_eq!(with_database("postgres://u@h:1", "db"), "postgres://u@h:1/db");
        assert_eq!(with_database("postgres://u@h/?sslmode=disable", "db"), "postgres://u@h/db?sslmode=disable");
    }
}
