//! A seeded application per case, the demo accounts as actors, and assertions on errors.

use std::process::Stdio;

use jiff::civil::Date;
use nqtrack_app::demo::{DEMO_PASSWORD, Scale};
use nqtrack_app::{App, AppError, Clock, LoginInput, NewSession, Settings, SignedIn, UnitInput, UserInput};
use nqtrack_domain::policy::{Actor, Grant, UserActor};
pub use nqtrack_store::testing::codes;
use nqtrack_store::testing::{self, TestDatabase};
use nqtrack_store::{Backend, Liveness, Store, Unit, User};
use uuid::Uuid;

/// "Now" for every case: 10:00 on 22 November 2026 in Vietnam.
pub const NOW: &str = "2026-11-22T03:00:00Z";

/// A password every account created by a case uses.
pub const PASSWORD: &str = "mật khẩu đủ dài";

/// The application on its own fresh database, seeded with the real units and the demo accounts.
pub struct Harness {
    pub app: App,
    /// The operator running `nqtrack` on the server: allowed everything.
    pub operator: Actor,
    database: TestDatabase,
}

impl Harness {
    pub async fn sqlite() -> Self {
        Self::open(testing::sqlite()).await
    }

    /// `None` when PostgreSQL is unavailable and not required.
    pub async fn postgres() -> Option<Self> {
        Some(Self::open(testing::postgres().await?).await)
    }

    async fn open(database: TestDatabase) -> Self {
        let store = Store::connect(database.url()).await.expect("connect to the test database");
        store.migrate().await.expect("migrate the test database");
        let clock = Clock::fixed(NOW.parse().expect("a valid instant"));
        let app = App::new(store, clock, Settings { argon2_memory_kib: 1024, ..Default::default() });
        let operator = Actor::Operator { name: "test".into() };
        app.seed_demo(&operator, Scale::Small).await.expect("seed the demo");
        Self { app, operator, database }
    }

    pub fn today(&self) -> Date {
        self.app.today()
    }

    /// The unit with this code, read behind the use cases (the live one, else the last dissolved).
    pub async fn unit(&self, code: &str) -> Unit {
        let mut tx = self.app.store().read().await.expect("read");
        tx.unit_by_code(code).await.expect("read unit").unwrap_or_else(|| panic!("no unit {code}"))
    }

    /// A unit as stored now, by id.
    pub async fn unit_by_id(&self, id: Uuid) -> Unit {
        let mut tx = self.app.store().read().await.expect("read");
        tx.unit(id).await.expect("read unit").expect("the unit exists")
    }

    pub async fn unit_exists(&self, code: &str) -> bool {
        let mut tx = self.app.store().read().await.expect("read");
        tx.unit_by_code(code).await.expect("read unit").is_some()
    }

    /// The live communes (and other direct sub-units) of a province, by code.
    pub async fn communes(&self, province: &str) -> Vec<Unit> {
        let province = self.unit(province).await;
        let mut tx = self.app.store().read().await.expect("read");
        let children = tx.children(province.id, Liveness::Live).await.expect("read children");
        children.into_iter().map(|c| c.unit).collect()
    }

    pub async fn user(&self, username: &str) -> User {
        let mut tx = self.app.store().read().await.expect("read");
        tx.user_by_username(username).await.expect("read user").unwrap_or_else(|| panic!("no user {username}"))
    }

    /// The actor of an account, built from its stored grants (no login, so no rate limit is spent).
    pub async fn actor(&self, username: &str) -> Actor {
        let user = self.user(username).await;
        let mut tx = self.app.store().read().await.expect("read");
        let grants = tx.grants_of(user.id).await.expect("read grants");
        Actor::User(UserActor {
            user_id: user.id,
            username: user.username,
            grants: grants
                .into_iter()
                .map(|g| Grant { role: g.role, unit_id: g.unit_id, unit_path: g.unit_path })
                .collect(),
        })
    }

    pub async fn login(&self, username: &str, password: &str) -> Result<NewSession, AppError> {
        self.app
            .login(LoginInput {
                username: username.into(),
                password: password.into(),
                ip: "203.0.113.7".into(),
                user_agent: "nqtrack-tests".into(),
            })
            .await
    }

    /// Logs in with the demo password and resolves the session, as a request would.
    pub async fn sign_in(&self, username: &str) -> SignedIn {
        let session = self.login(username, DEMO_PASSWORD).await.expect("log in");
        self.app.authenticate_session(&session.token).await.expect("a fresh session is valid")
    }

    /// The sequence number of the last audit entry.
    pub async fn audit_seq(&self) -> i64 {
        let mut tx = self.app.store().read().await.expect("read");
        tx.audit_head().await.expect("read the audit head").0
    }

    /// Creates an account at `unit` as the operator, with the role given (empty for none).
    pub async fn add_user(&self, username: &str, unit: &Unit, role: &str) -> User {
        self.app.create_user(&self.operator, user_input(username, unit, role)).await.expect("create user")
    }

    /// Runs one statement on the database behind the application's back, with the engine's own
    /// command-line client (`sqlite3` or `psql`): this crate has no SQL driver of its own.
    pub async fn raw_sql(&self, sql: &str) {
        let url = self.database.url();
        let mut command = match self.app.store().backend() {
            Backend::Sqlite => {
                let mut command = tokio::process::Command::new("sqlite3");
                command.arg(url.trim_start_matches("sqlite://")).arg(sql);
                command
            }
            Backend::Postgres => {
                let mut command = tokio::process::Command::new("psql");
                command.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]);
                command
            }
        };
        let out = command
            .stdin(Stdio::null())
            .output()
            .await
            .unwrap_or_else(|e| panic!("cannot run the database client for {sql:?}: {e}"));
        assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// A unit form under `parent`, level left to the kind.
pub fn new_unit(code: &str, name: &str, kind: &str, parent: &Unit) -> UnitInput {
    UnitInput {
        code: code.into(),
        name: name.into(),
        kind: kind.into(),
        level: String::new(),
        parent_id: Some(parent.id),
        established_on: String::new(),
    }
}

/// An account form at `unit` with [`PASSWORD`].
pub fn user_input(username: &str, unit: &Unit, role: &str) -> UserInput {
    UserInput {
        username: username.into(),
        display_name: "Nguyễn Văn An".into(),
        email: format!("{}@example.vn", username.trim()),
        unit_id: unit.id,
        password: PASSWORD.into(),
        role: role.into(),
    }
}

/// The error of a result that must have failed.
#[track_caller]
fn error<T>(result: Result<T, AppError>, expected: &str) -> AppError {
    match result {
        Err(error) => error,
        Ok(_) => panic!("expected {expected}, but it succeeded"),
    }
}

/// The field errors of an `Invalid` result as `(field, code)`, in the order reported.
#[track_caller]
pub fn field_errors<T>(result: Result<T, AppError>) -> Vec<(String, &'static str)> {
    match error(result, "invalid input") {
        AppError::Invalid(invalid) => invalid.0.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

/// Asserts that the result is `Invalid` with exactly these `(field, code)` pairs, in any order.
#[track_caller]
pub fn assert_invalid<T>(result: Result<T, AppError>, expected: &[(&str, &str)]) {
    let mut got = field_errors(result);
    got.sort();
    let mut expected: Vec<(String, &str)> = expected.iter().map(|(f, c)| ((*f).to_owned(), *c)).collect();
    expected.sort();
    assert_eq!(got, expected);
}

#[track_caller]
pub fn assert_denied<T>(result: Result<T, AppError>) {
    let error = error(result, "permission denied");
    assert!(matches!(error, AppError::Denied(_)), "expected permission denied, got {error:?}");
}

#[track_caller]
pub fn assert_unauthenticated<T>(result: Result<T, AppError>) {
    let error = error(result, "unauthenticated");
    assert!(matches!(error, AppError::Unauthenticated), "expected unauthenticated, got {error:?}");
}
