//! Turning use-case errors into HTTP answers: problem+json for the API, a page for people.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nqtrack_app::AppError;
use serde::Serialize;

use crate::i18n::{Lang, field_error_message, tr, tr_args};

/// One failing field (or, for imports, one failing cell) in a problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
}

/// RFC 9457 problem details, with the failing fields.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Invalid(_) | AppError::ImportRejected(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Denied(_) => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn problem_key(error: &AppError) -> &'static str {
    match error {
        AppError::Invalid(_) | AppError::ImportRejected(_) => "invalid",
        AppError::Denied(_) => "forbidden",
        AppError::NotFound(_) => "not-found",
        AppError::Conflict(_) => "conflict",
        AppError::Unauthenticated => "unauthenticated",
        AppError::RateLimited { .. } => "rate-limited",
        AppError::Store(_) | AppError::Internal(_) => "internal",
    }
}

/// The translated title of an error, for pages and problem documents alike.
pub fn error_title(lang: Lang, error: &AppError) -> String {
    match error {
        AppError::RateLimited { retry_after_secs } => {
            tr_args(lang, "problem-rate-limited", &[("seconds", retry_after_secs.to_string())])
        }
        other => tr(lang, &format!("problem-{}", problem_key(other))),
    }
}

/// Every field or cell problem, translated.
pub fn field_messages(lang: Lang, error: &AppError) -> Vec<ProblemField> {
    match error {
        // A conflict names what changed under the user (e.g. `version`/`edit-conflict`).
        AppError::Invalid(invalid) | AppError::Conflict(invalid) => invalid
            .0
            .iter()
            .map(|e| ProblemField {
                field: e.field.clone(),
                code: e.code.to_owned(),
                message: field_error_message(lang, &e.field, e.code, &e.args),
                row: None,
            })
            .collect(),
        AppError::ImportRejected(report) => report
            .problems
            .iter()
            .map(|p| ProblemField {
                field: p.column.clone(),
                code: p.code.to_owned(),
                message: field_error_message(lang, &p.column, p.code, &p.args),
                row: Some(p.row),
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub fn log_if_internal(error: &AppError) {
    if status_of(error).is_server_error() {
        tracing::error!(%error, "request failed");
    }
}

/// An API error: answered as `application/problem+json` in the caller's language.
#[derive(Debug)]
pub struct ApiError {
    pub lang: Lang,
    pub error: AppError,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_if_internal(&self.error);
        let status = status_of(&self.error);
        let problem = Problem {
            kind: format!("https://nqtrack.dev/problems/{}", problem_key(&self.error)),
            title: error_title(self.lang, &self.error),
            status: status.as_u16(),
            errors: field_messages(self.lang, &self.error),
        };
        let mut response = (status, Json(problem)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let AppError::RateLimited { retry_after_secs } = self.error
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}
