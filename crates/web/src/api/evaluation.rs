//! Evaluation: scorecards and index methodologies (as JSON, or as the TOML/JSON files officials
//! share), rankings of peers with the explanation of any score, and period closing.
//!
//! Every rule is the app's (`nqtrack_app::evaluation`); these handlers read the request, call one use
//! case and write its answer. The defaults of a ranking (peers, period) are chosen here and shared with
//! the pages (`views::evaluation_rankings`), so the page and the API rank the same group by default.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use jiff::civil::Date;
use nqtrack_app::{AppError, ClosingOutcome, DefinitionFormat, Explanation, PeerSpec, Ranking, default_peers};
use nqtrack_domain::evaluation::{Methodology, Scorecard};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::policy::Actor;
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{MethodologyRecord, PeriodClosing, ScorecardRecord, Unit};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json_;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::indicators::{Record, Records};
use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, Created, Problems, problem, required};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_scorecards, create_scorecard))
        .routes(routes!(import_scorecard))
        .routes(routes!(scorecard))
        .routes(routes!(list_methodologies, create_methodology))
        .routes(routes!(import_methodology))
        .routes(routes!(methodology))
        .routes(routes!(ranking))
        .routes(routes!(explain))
        .routes(routes!(list_closings, close_period))
        .routes(routes!(reopen_period))
}

/// The last quarter that has ended by `today`: what a ranking shows unless told otherwise (a running
/// quarter is not yet comparable).
pub(crate) fn last_ended_quarter(today: Date) -> Period {
    nqtrack_app::last_ended(Periodicity::Quarter, today)
}

/// The peers a viewer ranks by default: their home unit's own group, the provinces at the root.
pub(crate) fn default_peers_of(home: &Unit) -> String {
    default_peers(home).unwrap_or(PeerSpec::Provinces).to_string()
}

/// A ranking's three choices, each defaulted when left empty.
pub(crate) struct RankingChoice {
    pub subject: String,
    pub peers: String,
    pub period: String,
}

/// Fills in what the request left empty: the first scorecard the actor may use (else the first
/// methodology), the home unit's peers, the last ended quarter.
pub(crate) async fn choose(
    state: &AppState,
    actor: &Actor,
    subject: &str,
    peers: &str,
    period: &str,
) -> Result<RankingChoice, AppError> {
    let subject = match subject.trim() {
        "" => match state.app.scorecards(actor).await?.first() {
            Some(first) => format!("scorecard:{}", first.id),
            None => match state.app.methodologies(actor).await?.first() {
                Some(first) => format!("index:{}", first.id),
                None => return Err(Invalid::one("subject", "required").into()),
            },
        },
        given => given.to_owned(),
    };
    let peers = match peers.trim() {
        "" => default_peers_of(&state.app.home_unit(actor).await?),
        given => given.to_owned(),
    };
    let period = match period.trim() {
        "" => last_ended_quarter(state.app.today()).label(),
        given => given.to_owned(),
    };
    Ok(RankingChoice { subject, peers, period })
}

/// The format of a definition sent as a request body, from its `Content-Type`: JSON for
/// `application/json` (or `+json`), TOML otherwise.
fn format_of(headers: &HeaderMap) -> DefinitionFormat {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        DefinitionFormat::Json
    } else {
        DefinitionFormat::Toml
    }
}

/// A definition sent as JSON with its owner beside its own fields: `owner_id` is taken out (the
/// definition itself refuses unknown fields), the rest read as the definition.
fn with_owner<T: DeserializeOwned>(body: Json_) -> Result<(Option<Uuid>, T), AppError> {
    let Json_::Object(mut fields) = body else {
        return Err(FieldError::new("body", "json-invalid").with_arg("detail", "object expected").into());
    };
    let owner_id = match fields.remove("owner_id") {
        None | Some(Json_::Null) => None,
        Some(Json_::String(text)) => {
            Some(Uuid::parse_str(text.trim()).map_err(|_| FieldError::new("owner_id", "not-found"))?)
        }
        Some(_) => return Err(FieldError::new("owner_id", "not-found").into()),
    };
    let definition = serde_json::from_value(Json_::Object(fields))
        .map_err(|e| FieldError::new("body", "json-invalid").with_arg("detail", e.to_string()))?;
    Ok((owner_id, definition))
}

/// The owner named, or the caller's home unit.
async fn owner_or_home(state: &AppState, actor: &Actor, owner_id: Option<Uuid>) -> Result<Uuid, AppError> {
    match owner_id {
        Some(id) => Ok(id),
        None => Ok(state.app.home_unit(actor).await?.id),
    }
}

/// The scorecards the caller may use: those of their units and of the units above them.
#[utoipa::path(get, path = "/scorecards", tag = "evaluation",
    responses((status = 200, description = "The scorecards (`id`, `owner_id`, `version`, `scorecard`, ...)", body = Records), Problems))]
async fn list_scorecards(State(state): State<AppState>, caller: Caller) -> ApiResult<Vec<ScorecardRecord>> {
    Ok(Json(state.app.scorecards(caller.actor()).await.map_err(problem(caller.lang))?))
}

/// Saves a scorecard: the fields of its file (`code`, `name`, `description`, `rank_by`, `green_at`,
/// `yellow_at`, `criteria` with `code`, `name`, `measure`, `indicator`, `green`, `yellow`, `weight`)
/// and `owner_id` (default: the caller's home unit). The owner's scorecard of the same code is
/// replaced (its `version` goes up). Every bad criterion is named, e.g. `criteria[1].indicator`.
#[utoipa::path(post, path = "/scorecards", tag = "evaluation", request_body = Record,
    responses((status = 201, description = "The scorecard", body = Record), Problems))]
async fn create_scorecard(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Json_>,
) -> Result<Created<ScorecardRecord>, ApiError> {
    let fail = problem(caller.lang);
    let saved = async {
        let (owner_id, scorecard): (_, Scorecard) = with_owner(body)?;
        let owner_id = owner_or_home(&state, caller.actor(), owner_id).await?;
        state.app.save_scorecard(caller.actor(), owner_id, scorecard).await
    }
    .await
    .map_err(fail)?;
    Ok(Created { location: format!("/api/v1/scorecards/{}", saved.id), body: saved })
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct OwnerQuery {
    /// The unit that owns the definition (default: the caller's home unit).
    owner_id: Option<Uuid>,
}

/// Saves a scorecard from its file, sent as the request body: TOML (`application/toml`,
/// `text/plain`) or JSON (`application/json`). A file that cannot be read is a 422 on `file`.
#[utoipa::path(post, path = "/scorecards/import", tag = "evaluation", params(OwnerQuery),
    request_body(description = "The definition file", content(("application/toml"), ("text/plain"), ("application/json"))),
    responses((status = 201, description = "The scorecard", body = Record), Problems))]
async fn import_scorecard(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<OwnerQuery>,
    headers: HeaderMap,
    body: String,
) -> Result<Created<ScorecardRecord>, ApiError> {
    let saved = async {
        let owner_id = owner_or_home(&state, caller.actor(), query.owner_id).await?;
        state.app.import_scorecard(caller.actor(), owner_id, &body, format_of(&headers)).await
    }
    .await
    .map_err(problem(caller.lang))?;
    Ok(Created { location: format!("/api/v1/scorecards/{}", saved.id), body: saved })
}

/// One scorecard, if the caller may use it.
#[utoipa::path(get, path = "/scorecards/{id}", tag = "evaluation",
    params(("id" = Uuid, Path, description = "The scorecard's id")),
    responses((status = 200, description = "The scorecard", body = Record), Problems))]
async fn scorecard(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<ScorecardRecord> {
    Ok(Json(state.app.scorecard(caller.actor(), id).await.map_err(problem(caller.lang))?))
}

/// The methodology versions the caller may use.
#[utoipa::path(get, path = "/methodologies", tag = "evaluation",
    responses((status = 200, description = "The methodology versions (`id`, `owner_id`, `methodology`, ...)", body = Records), Problems))]
async fn list_methodologies(State(state): State<AppState>, caller: Caller) -> ApiResult<Vec<MethodologyRecord>> {
    Ok(Json(state.app.methodologies(caller.actor()).await.map_err(problem(caller.lang))?))
}

/// Saves a new version of a composite index's methodology: `code`, `version`, `name`,
/// `description`, `total_points`, `normalisation` (`against_target`, `min_max`), `pillars` (nodes
/// with `code`, `name`, `points`, and either `children` or `measure` with `indicator` and
/// `normalisation`), and `owner_id` (default: the caller's home unit). Points that do not add up
/// are named at their node (`pillars[0].points`); an existing version is a 409.
#[utoipa::path(post, path = "/methodologies", tag = "evaluation", request_body = Record,
    responses((status = 201, description = "The methodology version", body = Record), Problems,
        (status = 409, description = "This version exists already", content_type = "application/problem+json", body = crate::error::Problem)))]
async fn create_methodology(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Json_>,
) -> Result<Created<MethodologyRecord>, ApiError> {
    let saved = async {
        let (owner_id, methodology): (_, Methodology) = with_owner(body)?;
        let owner_id = owner_or_home(&state, caller.actor(), owner_id).await?;
        state.app.save_methodology(caller.actor(), owner_id, methodology).await
    }
    .await
    .map_err(problem(caller.lang))?;
    Ok(Created { location: format!("/api/v1/methodologies/{}", saved.id), body: saved })
}

/// Saves a methodology version from its file (TOML or JSON, by `Content-Type`).
#[utoipa::path(post, path = "/methodologies/import", tag = "evaluation", params(OwnerQuery),
    request_body(description = "The definition file", content(("application/toml"), ("text/plain"), ("application/json"))),
    responses((status = 201, description = "The methodology version", body = Record), Problems,
        (status = 409, description = "This version exists already", content_type = "application/problem+json", body = crate::error::Problem)))]
async fn import_methodology(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<OwnerQuery>,
    headers: HeaderMap,
    body: String,
) -> Result<Created<MethodologyRecord>, ApiError> {
    let saved = async {
        let owner_id = owner_or_home(&state, caller.actor(), query.owner_id).await?;
        state.app.import_methodology(caller.actor(), owner_id, &body, format_of(&headers)).await
    }
    .await
    .map_err(problem(caller.lang))?;
    Ok(Created { location: format!("/api/v1/methodologies/{}", saved.id), body: saved })
}

/// One methodology version, if the caller may use it.
#[utoipa::path(get, path = "/methodologies/{id}", tag = "evaluation",
    params(("id" = Uuid, Path, description = "The methodology version's id")),
    responses((status = 200, description = "The methodology version", body = Record), Problems))]
async fn methodology(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<MethodologyRecord> {
    Ok(Json(state.app.methodology(caller.actor(), id).await.map_err(problem(caller.lang))?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct RankingQuery {
    /// `scorecard:<id>` or `index:<id>` (default: the first scorecard the caller may use).
    subject: Option<String>,
    /// `provinces`, `ministries`, `communes:<province id>`, `children:<unit id>`, `group:<group id>`
    /// (default: the caller's home unit's peers; the provinces at the root).
    peers: Option<String>,
    /// `2026-Q3`, `2026-09`, `2026-H1` or `2026` (default: the last quarter that has ended).
    period: Option<String>,
}

/// A ranking of peers for a period: each unit's `rank` (equal scores share a rank: 1, 2, 2, 4),
/// `score` (a scorecard's 0–100, or an index's points), `normalised` (an index's 0–1), `colour`,
/// `change` (places gained since the previous period) and `outcome` (criteria or index nodes). Units
/// without data come last with no rank and no score (never zero). `frozen` when the period was closed.
#[utoipa::path(get, path = "/rankings", tag = "evaluation", params(RankingQuery),
    responses((status = 200, description = "The ranking", body = Record), Problems))]
async fn ranking(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<RankingQuery>,
) -> ApiResult<Ranking> {
    let ranking = async {
        let choice = choose(
            &state,
            caller.actor(),
            query.subject.as_deref().unwrap_or_default(),
            query.peers.as_deref().unwrap_or_default(),
            query.period.as_deref().unwrap_or_default(),
        )
        .await?;
        state.app.ranking(caller.actor(), &choice.subject, &choice.peers, &choice.period).await
    }
    .await
    .map_err(problem(caller.lang))?;
    Ok(Json(ranking))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ExplainQuery {
    /// As for `/rankings`.
    subject: Option<String>,
    /// As for `/rankings`.
    peers: Option<String>,
    /// As for `/rankings`.
    period: Option<String>,
    /// The unit whose score is explained.
    unit: Option<Uuid>,
}

/// Everything behind one unit's score: its `ranking_row`, the `facts` it was computed from (tasks
/// counted by status and colour, each indicator's value, target, achievement and own period), and
/// `can_open_details` (whether the caller may open the unit's tasks).
#[utoipa::path(get, path = "/rankings/explain", tag = "evaluation", params(ExplainQuery),
    responses((status = 200, description = "The explanation", body = Record), Problems))]
async fn explain(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ExplainQuery>,
) -> ApiResult<Explanation> {
    let unit = required(caller.lang, "unit", query.unit)?;
    let explanation = async {
        let choice = choose(
            &state,
            caller.actor(),
            query.subject.as_deref().unwrap_or_default(),
            query.peers.as_deref().unwrap_or_default(),
            query.period.as_deref().unwrap_or_default(),
        )
        .await?;
        state.app.explain_score(caller.actor(), &choice.subject, &choice.peers, &choice.period, unit).await
    }
    .await
    .map_err(problem(caller.lang))?;
    Ok(Json(explanation))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ClosingsQuery {
    /// The unit (default: the caller's home unit).
    unit: Option<Uuid>,
}

/// The closings that cover a unit (its own and its ancestors'), in force or reopened, newest first.
#[utoipa::path(get, path = "/period-closings", tag = "evaluation", params(ClosingsQuery),
    responses((status = 200, description = "The closings (`id`, `unit_id`, `period`, `starts_on`, `ends_on`, `closed_at`, `closed_by`, `reopened_at`, `reopened_by`, `reopen_reason`)", body = Records), Problems))]
async fn list_closings(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ClosingsQuery>,
) -> ApiResult<Vec<PeriodClosing>> {
    let closings = async {
        let unit = owner_or_home(&state, caller.actor(), query.unit).await?;
        state.app.period_closings(caller.actor(), unit).await
    }
    .await
    .map_err(problem(caller.lang))?;
    Ok(Json(closings))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CloseRequest {
    /// The unit whose subtree is closed.
    unit_id: Option<Uuid>,
    /// The period, which must have ended: `2026-Q3`, `2026-09`, `2026-H1` or `2026`.
    period: String,
}

/// Closes a period for a unit's subtree: its figures and the rankings of its peer groups are frozen.
/// A period that has not ended is a 422 (`period-not-ended`); one closed already a 409
/// (`period-already-closed`).
#[utoipa::path(post, path = "/period-closings", tag = "evaluation", request_body = CloseRequest,
    responses((status = 201, description = "`closing`, and how many `units` and `rankings` were frozen", body = Record), Problems,
        (status = 409, description = "The period is closed already", content_type = "application/problem+json", body = crate::error::Problem)))]
async fn close_period(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<CloseRequest>,
) -> Result<Created<ClosingOutcome>, ApiError> {
    let unit_id = required(caller.lang, "unit_id", request.unit_id)?;
    let outcome =
        state.app.close_period(caller.actor(), unit_id, &request.period).await.map_err(problem(caller.lang))?;
    Ok(Created { location: "/api/v1/period-closings".to_owned(), body: outcome })
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ReopenRequest {
    /// Why the period is reopened (required; kept in the audit log).
    reason: String,
}

/// Reopens a closed period: its figures are live again until it is closed anew. A closing already
/// reopened is a 409 (`period-not-closed`).
#[utoipa::path(post, path = "/period-closings/{id}/reopen", tag = "evaluation",
    params(("id" = Uuid, Path, description = "The closing's id")), request_body = ReopenRequest,
    responses((status = 200, description = "The closing, reopened", body = Record), Problems,
        (status = 409, description = "The closing was reopened already", content_type = "application/problem+json", body = crate::error::Problem)))]
async fn reopen_period(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<ReopenRequest>,
) -> ApiResult<PeriodClosing> {
    Ok(Json(state.app.reopen_period(caller.actor(), id, &request.reason).await.map_err(problem(caller.lang))?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_default_period_is_the_last_ended_quarter() {
        assert_eq!(last_ended_quarter(date(2025, 9, 15)).label(), "2025-Q2");
        assert_eq!(last_ended_quarter(date(2025, 9, 30)).label(), "2025-Q3");
        assert_eq!(last_ended_quarter(date(2026, 1, 1)).label(), "2025-Q4");
    }

    #[test]
    fn the_owner_is_taken_out_of_the_definition() {
        let id = Uuid::now_v7();
        let body = serde_json::json!({"owner_id": id.to_string(), "code": "TD", "name": "x", "criteria": []});
        let (owner, card): (_, Scorecard) = with_owner(body).expect("reads");
        assert_eq!((owner, card.code.as_str()), (Some(id), "TD"));
        let bad = with_owner::<Scorecard>(serde_json::json!({"owner_id": 3, "code": "TD"}));
        assert!(bad.is_err());
    }
}
