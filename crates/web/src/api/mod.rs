//! The JSON API under `/api/v1`, described by an OpenAPI document generated from the handlers.

mod account;
mod audit;
mod committees;
mod dashboard;
mod documents;
pub(crate) mod evaluation;
mod extract;
mod groups;
mod holidays;
pub(crate) mod indicator_exchange;
pub(crate) mod indicators;
mod me;
mod notifications;
pub(crate) mod portal;
mod reorganisations;
pub(crate) mod reports;
mod schema;
pub(crate) mod task_exchange;
mod tasks;
mod units;
mod users;

use axum::Json;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use nqtrack_app::AppError;
use serde::Serialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use extract::{ApiJson, ApiPath, ApiQuery};

use crate::error::{ApiError, Problem};
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "nqtrack API", description = "Monitoring and evaluation of Resolution 57-NQ/TW: organisation units, accounts, audit."),
    components(schemas(crate::error::Problem, crate::error::ProblemField)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "account", description = "The caller's own account: sessions, API tokens, password."),
        (name = "units", description = "The organisation tree: browsing, searching, creating, editing, importing."),
        (name = "reorganisations", description = "Merging and splitting units; old units are closed, never deleted."),
        (name = "committees", description = "A unit's steering committee and working group."),
        (name = "groups", description = "Unit groups owned by a unit (\"mountainous provinces\")."),
        (name = "holidays", description = "The holiday calendar for deadlines in working days: days off and weekend days worked."),
        (name = "notifications", description = "The caller's reminders, missed-deadline notices and escalations."),
        (name = "documents", description = "Documents that tasks come from: resolutions, plans, conclusion notices."),
        (name = "tasks", description = "Tasks: assignment, cascade, progress, completion, extensions, statuses as of a date, evidence."),
        (name = "indicators", description = "Indicators: catalogue, targets, data sets, collection rounds, forms, approval, aggregates and value imports."),
        (name = "evaluation", description = "Scorecards, composite index methodologies, rankings of peers with drill-down, period closing."),
        (name = "dashboard", description = "The leaders' dashboard of a unit's subtree: counts and their change, lists, slowest units, indicators, ranking, map, early warnings."),
        (name = "portal", description = "Publishing on the public portal, and the portal's open data (no account needed)."),
        (name = "users", description = "Accounts and their roles."),
        (name = "audit", description = "The hash-chained audit log."),
    ),
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("nqt_…").build()),
        );
    }
}

fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(me::routes())
        .merge(dashboard::routes())
        .merge(portal::routes())
        .merge(account::routes())
        .merge(units::routes())
        .merge(reorganisations::routes())
        .merge(committees::routes())
        .merge(groups::routes())
        .merge(holidays::routes())
        .merge(notifications::routes())
        .merge(documents::routes())
        .merge(tasks::routes())
        .merge(task_exchange::routes())
        .merge(indicators::routes())
        .merge(indicator_exchange::routes())
        .merge(evaluation::routes())
        .merge(reports::routes())
        .merge(users::routes())
        .merge(audit::routes())
}

pub fn routes() -> Router<AppState> {
    let (router, _) = api_router().split_for_parts();
    router.route("/openapi.json", get(|| async { Json(openapi_document()) }))
}

fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, mut openapi) = api_router().split_for_parts();
    openapi.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    openapi
}

/// The OpenAPI document as pretty JSON (served at `/api/v1/openapi.json`, snapshot-tested).
pub fn openapi_json() -> String {
    openapi_document().to_pretty_json().unwrap_or_default()
}

/// Shorthand for handler results.
pub type ApiResult<T> = Result<Json<T>, ApiError>;

/// Turns a use-case error into the caller's problem document: `.map_err(problem(caller.lang))`.
pub fn problem(lang: Lang) -> impl FnOnce(AppError) -> ApiError {
    move |error| ApiError { lang, error }
}

/// 201 Created with the new resource and its address.
pub struct Created<T> {
    pub location: String,
    pub body: T,
}

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        (StatusCode::CREATED, [(header::LOCATION, self.location)], Json(self.body)).into_response()
    }
}

/// The error answers every endpoint documents, all `application/problem+json`.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // only described, never built: errors are answered by `ApiError`
pub enum Problems {
    /// Not signed in, or the session or token has ended (or the account was disabled).
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthenticated(Problem),
    /// The caller's roles do not allow this on this unit.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such resource (or a malformed id).
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The request names the failing fields (for imports, every failing cell with its row).
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
}

/// A field the request must carry: its absence is reported like any other field error.
pub fn required<T>(lang: Lang, field: &'static str, value: Option<T>) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError { lang, error: AppError::Invalid(nqtrack_domain::Invalid::one(field, "required")) })
}
