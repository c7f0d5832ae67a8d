//! Who is asking: the session cookie (people) or a bearer token (machines), and in which language.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use nqtrack_app::SignedIn;
use nqtrack_domain::policy::Actor;

use crate::error::ApiError;
use crate::i18n::Lang;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "nqtrack_session";
pub const LANG_COOKIE: &str = "nqtrack_lang";

/// The value of one cookie from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// The language of a page: `?lang=`, then the cookie set by the language switch, then Vietnamese.
/// Browsers' `Accept-Language` is not used for pages: many officials' computers run an English
/// Windows, and the interface must still speak Vietnamese first.
pub fn page_lang(parts: &Parts) -> Lang {
    Lang::negotiate(query_lang(parts).as_deref(), cookie(&parts.headers, LANG_COOKIE), None)
}

fn query_lang(parts: &Parts) -> Option<String> {
    parts
        .uri
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "lang").map(|(_, v)| v.into_owned()))
}

/// The language of an API answer: `?lang=`, the cookie, then `Accept-Language` (machine clients say
/// what they want), then Vietnamese.
pub fn request_lang(parts: &Parts) -> Lang {
    let query_lang = query_lang(parts);
    let accept = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    Lang::negotiate(query_lang.as_deref(), cookie(&parts.headers, LANG_COOKIE), accept)
}

/// Resolves the caller once per request; the CSRF layer may already have done it.
pub async fn signed_in(parts: &mut Parts, state: &AppState) -> Option<SignedIn> {
    if let Some(found) = parts.extensions.get::<SignedIn>() {
        return Some(found.clone());
    }
    let result = if let Some(token) = bearer(&parts.headers) {
        state.app.authenticate_token(token).await
    } else {
        let token = cookie(&parts.headers, SESSION_COOKIE)?;
        state.app.authenticate_session(token).await
    };
    let signed_in = result.ok()?;
    parts.extensions.insert(signed_in.clone());
    Some(signed_in)
}

/// A page request: the language, and the account if signed in.
pub struct Viewer {
    pub lang: Lang,
    pub signed_in: Option<SignedIn>,
    /// Path and query, to come back here after signing in.
    pub here: String,
}

impl Viewer {
    pub fn actor(&self) -> Actor {
        self.signed_in.as_ref().map_or(Actor::Public, |s| s.actor.clone())
    }

    pub fn csrf(&self) -> String {
        self.signed_in.as_ref().and_then(|s| s.session.as_ref()).map(|s| s.csrf_token.clone()).unwrap_or_default()
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = page_lang(parts);
        let here = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
        let signed_in = signed_in(parts, state).await;
        Ok(Viewer { lang, signed_in, here })
    }
}

/// An API request from a signed-in caller; anything else is answered 401 in problem+json.
pub struct Caller {
    pub lang: Lang,
    pub signed_in: SignedIn,
}

impl Caller {
    pub fn actor(&self) -> &Actor {
        &self.signed_in.actor
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = request_lang(parts);
        match signed_in(parts, state).await {
            Some(signed_in) => Ok(Caller { lang, signed_in }),
            None => Err(ApiError { lang, error: nqtrack_app::AppError::Unauthenticated }),
        }
    }
}
