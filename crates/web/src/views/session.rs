//! Signing in and out, and the language switch.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use nqtrack_app::{AppError, LoginInput};
use serde::Deserialize;

use crate::auth::{LANG_COOKIE, SESSION_COOKIE, Viewer};
use crate::i18n::{Lang, tr};
use crate::state::AppState;
use crate::views::page::{Base, render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(switch_language))
}

/// The peer address when served from a socket; tests that call the router directly have none.
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        Ok(ClientIp(ip.unwrap_or_else(|| "local".to_owned())))
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    base: Base,
    next: String,
    username: String,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only paths on this site: an open redirect would help phishing.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next.to_owned()
    } else {
        "/units".to_owned()
    }
}

async fn login_page(viewer: Viewer, Query(query): Query<NextQuery>) -> Response {
    if viewer.signed_in.is_some() {
        return Redirect::to(&safe_next(&query.next)).into_response();
    }
    render(&LoginPage { base: Base::new(&viewer), next: safe_next(&query.next), username: String::new() })
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

fn cookie_header(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

async fn login(
    State(state): State<AppState>,
    viewer: Viewer,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let input = LoginInput { username: form.username.clone(), password: form.password, ip, user_agent };
    match state.app.login(input).await {
        Ok(session) => {
            let mut response = Redirect::to(&safe_next(&form.next)).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, cookie_header(SESSION_COOKIE, &session.token, None, state.secure_cookies));
            response
        }
        Err(error) => {
            let mut base = Base::new(&viewer);
            base.errors = vec![match &error {
                AppError::RateLimited { .. } => crate::error::error_title(viewer.lang, &error),
                _ => tr(viewer.lang, "login-failed"),
            }];
            let page = LoginPage { base, next: safe_next(&form.next), username: form.username };
            (crate::error::status_of(&error), render(&page)).into_response()
        }
    }
}

async fn logout(State(state): State<AppState>, viewer: Viewer) -> Response {
    if let Some(signed_in) = &viewer.signed_in
        && let Err(error) = state.app.logout(signed_in).await
    {
        tracing::warn!(%error, "logout failed");
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie_header(SESSION_COOKIE, "", Some(0), state.secure_cookies));
    response
}

#[derive(Deserialize, Default)]
struct BackQuery {
    #[serde(default)]
    back: String,
}

async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<BackQuery>,
) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let mut response = Redirect::to(&safe_next(&query.back)).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        cookie_header(LANG_COOKIE, lang.code(), Some(60 * 60 * 24 * 365), state.secure_cookies),
    );
    response
}
