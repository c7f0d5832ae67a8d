//! CSRF protection for cookie sessions: unsafe requests must come from this site (Origin and
//! Sec-Fetch-Site) and carry the session's synchronizer token, in the `X-CSRF-Token` header (htmx,
//! fetch), a `csrf_token` form field, or a `csrf_token` query parameter (multipart uploads).
//! Bearer-token API calls carry no ambient credentials and are exempt.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{SESSION_COOKIE, bearer, cookie};
use crate::state::AppState;

pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf_token";
/// Form posts larger than this are not forms a person typed.
const MAX_FORM_BYTES: usize = 1024 * 1024;

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) || bearer(request.headers()).is_some()
    {
        return next.run(request).await;
    }
    if !same_site(&request) {
        return forbidden();
    }
    let Some(token) = cookie(request.headers(), SESSION_COOKIE).map(str::to_owned) else {
        // No session: nothing ambient to abuse (the login form itself is guarded by the origin check).
        return next.run(request).await;
    };
    let Ok(signed_in) = state.app.authenticate_session(&token).await else {
        return next.run(request).await;
    };
    let expected = signed_in.session.as_ref().map(|s| s.csrf_token.clone()).unwrap_or_default();
    let (mut parts, body) = request.into_parts();
    let from_header = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let from_query = parts
        .uri
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned()));
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (body, from_form) = if is_form && from_header.is_none() && from_query.is_none() {
        let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
            return (StatusCode::PAYLOAD_TOO_LARGE, "form too large").into_response();
        };
        let found = form_urlencoded::parse(&bytes).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned());
        (Body::from(bytes), found)
    } else {
        (body, None)
    };
    let presented = from_header.or(from_query).or(from_form);
    if expected.is_empty() || presented.as_deref() != Some(expected.as_str()) {
        return forbidden();
    }
    parts.extensions.insert(signed_in);
    next.run(Request::from_parts(parts, body)).await
}

/// Browsers say where a request comes from; anything cross-site is refused.
fn same_site(request: &Request) -> bool {
    let headers = request.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|v| v == "cross-site") {
        return false;
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin.split("://").nth(1).is_some_and(|o| o == host),
        _ => true,
    }
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "CSRF check failed: reload the page and try again / Phiên biểu mẫu đã hết hạn, vui lòng tải lại trang",
    )
        .into_response()
}
