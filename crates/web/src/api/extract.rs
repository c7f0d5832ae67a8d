//! Extractors that answer malformed requests the way the API answers everything else: a
//! problem+json document in the caller's language, naming what was wrong.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nqtrack_app::AppError;
use serde::de::DeserializeOwned;

use crate::auth::request_lang;
use crate::error::{ApiError, Problem, ProblemField, error_title};
use crate::i18n::{Lang, field_error_message};

/// A request that could not be read: 422 (or the transport status, e.g. 413) with one field error.
#[derive(Debug)]
pub struct Unreadable {
    lang: Lang,
    status: StatusCode,
    field: &'static str,
    code: &'static str,
    detail: String,
}

impl IntoResponse for Unreadable {
    fn into_response(self) -> Response {
        let translated = field_error_message(self.lang, self.field, self.code, &[("detail", self.detail.clone())]);
        // Unless the catalogue's message quotes it, the parser's own words follow in parentheses.
        let message = if self.detail.is_empty() || translated.contains(&self.detail) {
            translated
        } else {
            format!("{} ({}).", translated.trim_end_matches('.'), self.detail)
        };
        let invalid = AppError::Invalid(nqtrack_domain::Invalid::one(self.field, self.code));
        let problem = Problem {
            kind: "https://nqtrack.dev/problems/invalid".to_owned(),
            title: error_title(self.lang, &invalid),
            status: self.status.as_u16(),
            errors: vec![ProblemField { field: self.field.to_owned(), code: self.code.to_owned(), message, row: None }],
        };
        let mut response = (self.status, Json(problem)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        response
    }
}

/// The innermost cause of an error: serde's own words, without axum's preamble.
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

/// A JSON request body; anything unreadable is a 422 problem naming the field `body`.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Unreadable;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let lang = request_lang(&parts);
        match Json::<T>::from_request(Request::from_parts(parts, body), state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => {
                let (status, detail) = match &rejection {
                    JsonRejection::JsonDataError(e) => (StatusCode::UNPROCESSABLE_ENTITY, innermost(e)),
                    JsonRejection::JsonSyntaxError(e) => (StatusCode::UNPROCESSABLE_ENTITY, innermost(e)),
                    JsonRejection::MissingJsonContentType(_) => {
                        (StatusCode::UNPROCESSABLE_ENTITY, rejection.body_text())
                    }
                    // Transport problems (a body over the size limit...) keep their own status.
                    other => (other.status(), other.body_text()),
                };
                Err(Unreadable { lang, status, field: "body", code: "json-invalid", detail })
            }
        }
    }
}

/// Query parameters; unreadable ones are a 422 problem naming the field `query`.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Unreadable;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => {
                let detail = match &rejection {
                    QueryRejection::FailedToDeserializeQueryString(e) => innermost(e),
                    other => other.body_text(),
                };
                Err(Unreadable {
                    lang: request_lang(parts),
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    field: "query",
                    code: "query-invalid",
                    detail,
                })
            }
        }
    }
}

/// Path parameters; an id that cannot be one (not a UUID) names nothing that exists: 404.
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => {
                let error = match rejection {
                    PathRejection::FailedToDeserializePathParams(_) => AppError::NotFound("resource"),
                    other => AppError::Internal(other.body_text()),
                };
                Err(ApiError { lang: request_lang(parts), error })
            }
        }
    }
}
