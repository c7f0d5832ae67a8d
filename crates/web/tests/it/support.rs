//! Shared test helpers: the whole application over a fresh, seeded database, and requests sent
//! straight to the router (`oneshot`, no port).

#![allow(dead_code)] // each test binary module uses a different part

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use jiff::civil::Date;
use nqtrack_app::demo::{DEMO_PASSWORD, Scale};
use nqtrack_app::{App, AppError, Clock, LoginInput, NewSession, Settings};
use nqtrack_domain::dates::vietnam;
use nqtrack_domain::policy::Actor;
use nqtrack_store::Store;
use nqtrack_store::testing::{self, TestDatabase};
use serde_json::Value;
use tower::ServiceExt as _;
use uuid::Uuid;

/// "Now" for every test: 15 September 2025, 09:00 in Vietnam.
pub const NOW: &str = "2025-09-15T02:00:00Z";

/// The application over its own database, seeded with the demo data.
pub struct Harness {
    pub app: App,
    pub router: Router,
    pub backend: &'static str,
    _db: TestDatabase,
}

/// A fresh SQLite database.
pub async fn sqlite() -> Harness {
    harness(testing::sqlite(), "sqlite").await
}

/// A fresh PostgreSQL database, or `None` when no server is available (see
/// `nqtrack_store::testing`: with `NQTRACK_REQUIRE_POSTGRES=1` that is a failure instead).
pub async fn postgres() -> Option<Harness> {
    Some(harness(testing::postgres().await?, "postgres").await)
}

async fn harness(db: TestDatabase, backend: &'static str) -> Harness {
    let store = Store::connect(db.url()).await.expect("connect to the test database");
    store.migrate().await.expect("migrate the test database");
    let now = NOW.parse().expect("a valid timestamp");
    let settings = Settings { argon2_memory_kib: 1024, ..Default::default() };
    let app = App::new(store, Clock::fixed(now), settings);
    app.seed_demo(&Actor::Operator { name: "test".into() }, Scale::Small).await.expect("seed the demo data");
    let router = nqtrack_web::router(nqtrack_web::state(app.clone(), false, true));
    Harness { app, router, backend, _db: db }
}

/// An answer, with its body read (as JSON when it is JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
    /// The body as sent (for downloads).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// Asserts a problem+json answer with this status; returns the problem.
    pub fn problem(&self, status: StatusCode) -> &Value {
        assert_eq!(self.status, status, "expected a {status} problem, got: {}", self.text);
        assert_eq!(self.content_type(), "application/problem+json", "{}", self.text);
        assert_eq!(self.json["status"], status.as_u16(), "{}", self.text);
        assert!(self.json["title"].as_str().is_some_and(|t| !t.is_empty()), "{}", self.text);
        &self.json
    }

    /// Asserts a 422 problem with an error on `field` with `code`; returns that error.
    pub fn field_error(&self, field: &str, code: &str) -> &Value {
        let problem = self.problem(StatusCode::UNPROCESSABLE_ENTITY);
        let errors = problem["errors"].as_array().unwrap_or_else(|| panic!("no errors: {}", self.text));
        errors
            .iter()
            .find(|e| e["field"] == field && e["code"] == code)
            .unwrap_or_else(|| panic!("no error {field}/{code} in {}", self.text))
    }

    /// Asserts this status and returns the JSON body.
    pub fn ok(&self, status: StatusCode) -> &Value {
        assert_eq!(self.status, status, "{}", self.text);
        &self.json
    }
}

/// A request being built.
pub struct Call {
    builder: axum::http::request::Builder,
    body: Body,
}

impl Call {
    pub fn new(method: Method, uri: &str) -> Self {
        Self { builder: Request::builder().method(method).uri(uri), body: Body::empty() }
    }

    pub fn token(mut self, token: &str) -> Self {
        self.builder = self.builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.builder = self.builder.header(name, value);
        self
    }

    pub fn json(mut self, value: &Value) -> Self {
        self.builder = self.builder.header(header::CONTENT_TYPE, "application/json");
        self.body = Body::from(value.to_string());
        self
    }

    pub fn raw(mut self, content_type: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.builder = self.builder.header(header::CONTENT_TYPE, content_type);
        self.body = Body::from(bytes.into());
        self
    }
}

impl Harness {
    pub async fn send(&self, call: Call) -> Reply {
        let request = call.builder.body(call.body).expect("a well-formed request");
        let response = self.router.clone().oneshot(request).await.expect("the router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("read the body").to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply { status, headers, text, json, bytes: bytes.to_vec() }
    }

    pub async fn get(&self, token: &str, uri: &str) -> Reply {
        self.send(Call::new(Method::GET, uri).token(token)).await
    }

    pub async fn post(&self, token: &str, uri: &str, body: Value) -> Reply {
        self.send(Call::new(Method::POST, uri).token(token).json(&body)).await
    }

    pub async fn login(&self, username: &str, password: &str) -> Result<NewSession, AppError> {
        self.app
            .login(LoginInput {
                username: username.into(),
                password: password.into(),
                ip: "192.0.2.1".into(),
                user_agent: "nqtrack-web tests".into(),
            })
            .await
    }

    /// A bearer token of a demo account.
    pub async fn token(&self, username: &str) -> String {
        let session = self.login(username, DEMO_PASSWORD).await.expect("demo login");
        let signed_in = self.app.authenticate_session(&session.token).await.expect("fresh session");
        let (_, secret) = self.app.create_token(&signed_in, "test").await.expect("create a token");
        secret
    }

    /// The id of a unit, looked up as the server's operator.
    pub async fn unit_id(&self, code: &str) -> Uuid {
        self.app.unit_by_code(&Actor::Operator { name: "test".into() }, code).await.expect("a seeded unit").id
    }
}

/// The codes in a JSON array of units.
pub fn codes(units: &Value) -> Vec<&str> {
    units.as_array().expect("an array").iter().map(|u| u["code"].as_str().expect("a code")).collect()
}

/// A browser session: its cookie and the CSRF token the pages carry.
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

/// A form's fields, URL-encoded as a browser sends them.
pub fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

fn meta_csrf(page: &str) -> String {
    let marker = "name=\"csrf-token\" content=\"";
    let start = page.find(marker).map(|i| i + marker.len()).expect("the layout carries the CSRF token");
    page[start..].split('"').next().unwrap_or_default().to_owned()
}

impl Harness {
    /// Signs in through the login form and reads the CSRF token from a page.
    pub async fn sign_in(&self, username: &str) -> Browser {
        let reply = self
            .send(Call::new(Method::POST, "/login").raw(
                "application/x-www-form-urlencoded",
                form(&[("username", username), ("password", DEMO_PASSWORD), ("next", "/units")]),
            ))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
        let set_cookie = reply.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("a session cookie");
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
        let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();
        let page = self.page(&Browser { cookie: cookie.clone(), csrf: String::new() }, "/units").await;
        Browser { csrf: meta_csrf(&page.text), cookie }
    }

    pub async fn page(&self, browser: &Browser, uri: &str) -> Reply {
        self.send(Call::new(Method::GET, uri).header("cookie", &browser.cookie)).await
    }

    /// Posts a form with the session's CSRF token.
    pub async fn submit(&self, browser: &Browser, uri: &str, pairs: &[(&str, &str)]) -> Reply {
        let mut pairs = pairs.to_vec();
        pairs.push(("csrf_token", &browser.csrf));
        self.send(
            Call::new(Method::POST, uri)
                .header("cookie", &browser.cookie)
                .raw("application/x-www-form-urlencoded", form(&pairs)),
        )
        .await
    }
}

/// Moves the harness's clock to 09:00 (Vietnam) on `day`.
pub fn travel_to(h: &Harness, day: Date) {
    let target = day.at(9, 0, 0, 0).to_zoned(vietnam()).expect("a valid time").timestamp();
    let clock = h.app.clock();
    let by = target.duration_since(clock.now());
    assert!(by.is_positive(), "time only moves forward: {day}");
    clock.advance(by);
    assert_eq!(h.app.today(), day);
}
