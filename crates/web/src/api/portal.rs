//! Publishing on the public portal (coordinators), and the portal's open data (anyone, no account).

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use jiff::Timestamp;
use nqtrack_app::{PublicIndicator, PublicProgress, PublicRanking};
use nqtrack_store::Publication;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::evaluation::last_ended_quarter;
use crate::api::indicators::{Record, Records};
use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, Created, Problems, problem};
use crate::auth::{Caller, request_lang};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_publications, publish))
        .routes(routes!(withdraw))
        .routes(routes!(public_items))
        .routes(routes!(public_unit))
        .routes(routes!(public_ranking))
        .routes(routes!(public_indicator))
}

/// The language of an anonymous API request (from `Accept-Language`); nothing else is read.
pub(crate) struct AnonymousLang(pub Lang);

impl FromRequestParts<AppState> for AnonymousLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        Ok(AnonymousLang(request_lang(parts)))
    }
}

/// A published item as the public sees it: who published it is not said.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicItemDto {
    pub id: Uuid,
    /// `unit_progress`, `ranking` or `indicator`.
    pub kind: String,
    /// A unit id, `<subject>|<peers>`, or an indicator code.
    pub subject: String,
    pub title: String,
    #[schema(value_type = String, format = DateTime)]
    pub published_at: Timestamp,
    /// The portal page of the item (a ranking: its last ended quarter).
    pub href: String,
}

/// The portal page of a published item; a ranking opens on the last quarter ended by `today`.
pub(crate) fn public_href(publication: &Publication, today: jiff::civil::Date) -> String {
    match publication.kind.as_str() {
        "unit_progress" => format!("/public/units/{}", publication.subject),
        "ranking" => {
            let (subject, peers) = publication.subject.split_once('|').unwrap_or((&publication.subject, ""));
            let period = last_ended_quarter(today);
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("subject", subject)
                .append_pair("peers", peers)
                .append_pair("period", &period.label())
                .finish();
            format!("/public/rankings?{query}")
        }
        _ => format!("/public/indicators/{}", publication.subject),
    }
}

impl PublicItemDto {
    pub(crate) fn new(publication: Publication, today: jiff::civil::Date) -> Self {
        Self {
            href: public_href(&publication, today),
            id: publication.id,
            kind: publication.kind,
            subject: publication.subject,
            title: publication.title,
            published_at: publication.published_at,
        }
    }
}

/// The published items the caller may withdraw, newest first.
#[utoipa::path(get, path = "/publications", tag = "portal",
    responses((status = 200, description = "The caller's publications", body = Records), Problems))]
async fn list_publications(State(state): State<AppState>, caller: Caller) -> ApiResult<Vec<Publication>> {
    Ok(Json(state.app.publications(caller.actor()).await.map_err(problem(caller.lang))?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// `unit_progress`, `ranking` or `indicator`.
    #[schema(example = "unit_progress")]
    #[serde(default)]
    pub kind: String,
    /// A unit id; `<subject key>|<peers>` (e.g. `scorecard:<id>|provinces`); an indicator code.
    #[serde(default)]
    pub subject: String,
    #[schema(example = "Tiến độ thực hiện Nghị quyết 57 của tỉnh")]
    #[serde(default)]
    pub title: String,
}

/// Publishes an item on the portal (needs evaluation management where the item belongs).
#[utoipa::path(post, path = "/publications", tag = "portal", request_body = PublishRequest,
    responses((status = 201, description = "Published", body = Record), Problems))]
async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<PublishRequest>,
) -> Result<Created<Publication>, ApiError> {
    let publication = state
        .app
        .publish(caller.actor(), &request.kind, &request.subject, &request.title)
        .await
        .map_err(problem(caller.lang))?;
    Ok(Created { location: format!("/api/v1/publications/{}", publication.id), body: publication })
}

/// Takes an item off the portal; its public pages answer 404 again.
#[utoipa::path(delete, path = "/publications/{id}", tag = "portal",
    params(("id" = Uuid, Path, description = "The publication")),
    responses((status = 204, description = "Withdrawn"), Problems))]
async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.withdraw(caller.actor(), id).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything published, newest first. No account needed.
#[utoipa::path(get, path = "/public/items", tag = "portal", security(()),
    responses((status = 200, description = "The published items", body = Vec<PublicItemDto>), Problems))]
async fn public_items(
    State(state): State<AppState>,
    AnonymousLang(lang): AnonymousLang,
) -> ApiResult<Vec<PublicItemDto>> {
    let items = state.app.public_items().await.map_err(problem(lang))?;
    let today = state.app.today();
    Ok(Json(items.into_iter().map(|p| PublicItemDto::new(p, today)).collect()))
}

/// A unit's published progress: counts of its public tasks and the tasks (title, presiding unit,
/// deadline, status). Not published: 404.
#[utoipa::path(get, path = "/public/units/{id}", tag = "portal", security(()),
    params(("id" = Uuid, Path, description = "The unit")),
    responses((status = 200, description = "The published progress", body = Record), Problems))]
async fn public_unit(
    State(state): State<AppState>,
    AnonymousLang(lang): AnonymousLang,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<PublicProgress> {
    Ok(Json(state.app.public_unit_progress(id).await.map_err(problem(lang))?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicRankingQuery {
    /// `scorecard:<id>` or `index:<id>`.
    #[serde(default)]
    subject: String,
    /// `provinces`, `ministries`, `communes:<id>`, `children:<id>`, `group:<id>`.
    #[serde(default)]
    peers: String,
    /// `2026-Q3`, `2026-09`, `2026`.
    #[serde(default)]
    period: String,
}

/// A published ranking for a period: ranks, units, scores and colours. Not published: 404.
#[utoipa::path(get, path = "/public/rankings", tag = "portal", security(()), params(PublicRankingQuery),
    responses((status = 200, description = "The published ranking", body = Record), Problems))]
async fn public_ranking(
    State(state): State<AppState>,
    AnonymousLang(lang): AnonymousLang,
    ApiQuery(query): ApiQuery<PublicRankingQuery>,
) -> ApiResult<PublicRanking> {
    let ranking = state.app.public_ranking(&query.subject, &query.peers, &query.period).await.map_err(problem(lang))?;
    Ok(Json(ranking))
}

/// A published indicator: the provinces' values against their targets in the latest period with a
/// national value, and the national series. Not published: 404.
#[utoipa::path(get, path = "/public/indicators/{code}", tag = "portal", security(()),
    params(("code" = String, Path, description = "The indicator code")),
    responses((status = 200, description = "The published indicator", body = Record), Problems))]
async fn public_indicator(
    State(state): State<AppState>,
    AnonymousLang(lang): AnonymousLang,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<PublicIndicator> {
    Ok(Json(state.app.public_indicator(&code).await.map_err(problem(lang))?))
}
