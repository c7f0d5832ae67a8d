//! Indicators: the catalogue, targets, data sets and rounds, a unit's form (draft, submission and the
//! decisions on it), completeness, aggregates, series and value history.
//!
//! Every rule is the app's (`nqtrack_app::indicators`); these handlers read the request, call one use
//! case and write its answer. The records are answered as the app returns them.

use axum::Json;
use axum::extract::State;
use nqtrack_app::{
    AppError, Completeness, DataSetInput, IndicatorAggregate, IndicatorForm, RoundInput, SavedIndicator,
    SubmissionOutcome, TargetInput, ValuesInput,
};
use nqtrack_domain::indicator::{Action as Step, IndicatorDefinition};
use nqtrack_domain::policy::Actor;
use nqtrack_domain::unit::Level;
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{DataSetRecord, IndicatorRecord, IndicatorTarget, IndicatorValue, RoundRecord, Submission};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json_;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, Problems, problem, required};
use crate::auth::Caller;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_indicators, create_indicator))
        .routes(routes!(indicator, revise_indicator))
        .routes(routes!(set_target))
        .routes(routes!(aggregate))
        .routes(routes!(series))
        .routes(routes!(history))
        .routes(routes!(list_data_sets, create_data_set))
        .routes(routes!(list_rounds, open_round))
        .routes(routes!(round))
        .routes(routes!(close_round))
        .routes(routes!(completeness))
        .routes(routes!(form))
        .routes(routes!(save_values))
        .routes(routes!(submit_values))
        .routes(routes!(decide))
}

/// An object as the application returns it (see the field list in `docs/api.md`).
#[derive(ToSchema)]
#[schema(value_type = Object)]
#[allow(dead_code)] // only described
pub struct Record(serde_json::Map<String, Json_>);

/// A list of objects as the application returns them.
#[derive(ToSchema)]
#[schema(value_type = Vec<Object>)]
#[allow(dead_code)] // only described
pub struct Records(Vec<Json_>);

/// Finds a round by id among every data set's rounds (the app reads rounds per data set).
pub(crate) async fn find_round(
    state: &AppState,
    actor: &Actor,
    round_id: Uuid,
) -> Result<(RoundRecord, DataSetRecord), AppError> {
    for data_set in state.app.indicator_data_sets(actor).await? {
        if let Some(round) =
            state.app.indicator_rounds(actor, data_set.id).await?.into_iter().find(|r| r.id == round_id)
        {
            return Ok((round, data_set));
        }
    }
    Err(AppError::NotFound("round"))
}

/// Every round of every data set, latest period first.
pub(crate) async fn all_rounds(state: &AppState, actor: &Actor) -> Result<Vec<(RoundRecord, DataSetRecord)>, AppError> {
    let mut rounds = Vec::new();
    for data_set in state.app.indicator_data_sets(actor).await? {
        for round in state.app.indicator_rounds(actor, data_set.id).await? {
            rounds.push((round, data_set.clone()));
        }
    }
    rounds.sort_by(|a, b| {
        b.0.round.period.cmp(&a.0.round.period).then(a.1.data_set.name.as_str().cmp(b.1.data_set.name.as_str()))
    });
    Ok(rounds)
}

/// A definition as sent: the fields of `IndicatorDefinition`, with defaults for the optional ones
/// (`version` is decided by the server).
pub(crate) fn definition_from_json(code: Option<&str>, body: Json_) -> Result<IndicatorDefinition, AppError> {
    let Json_::Object(mut fields) = body else {
        return Err(FieldError::new("body", "json-invalid").with_arg("detail", "object expected").into());
    };
    if let Some(code) = code {
        fields.insert("code".into(), Json_::String(code.to_owned()));
    }
    let defaults = [
        ("version", serde_json::json!(1)),
        ("name_en", Json_::Null),
        ("unit_of_measure", serde_json::json!("")),
        ("direction", serde_json::json!("higher_is_better")),
        ("group", serde_json::json!("strategic")),
        ("field", Json_::Null),
        ("weight", Json_::Null),
        ("source", serde_json::json!("entered")),
        ("allow_negative", serde_json::json!(false)),
        ("tasks", serde_json::json!([])),
    ];
    for (name, value) in defaults {
        fields.entry(name).or_insert(value);
    }
    for name in ["code", "name_vi", "value_type", "periodicity", "levels", "aggregation"] {
        if !fields.contains_key(name) {
            return Err(Invalid::one(name, "required").into());
        }
    }
    serde_json::from_value(Json_::Object(fields))
        .map_err(|e| FieldError::new("body", "json-invalid").with_arg("detail", e.to_string()).into())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct IndicatorsQuery {
    /// `strategic` or `operational`.
    group: Option<String>,
    /// A field of work, e.g. `digital_government`.
    field: Option<String>,
    /// Words of the code or name, with or without diacritics.
    q: Option<String>,
}

/// Filters the catalogue the way the page does: group, field, and words folded without diacritics.
pub(crate) fn filter_catalogue(
    records: Vec<IndicatorRecord>,
    group: &str,
    field: &str,
    q: &str,
) -> Vec<IndicatorRecord> {
    let terms = nqtrack_domain::text::query_terms(q);
    records
        .into_iter()
        .filter(|r| group.is_empty() || r.definition.group.as_str() == group)
        .filter(|r| field.is_empty() || r.definition.field.is_some_and(|f| f.as_str() == field))
        .filter(|r| {
            let d = &r.definition;
            let text = nqtrack_domain::text::fold_vi(&format!(
                "{} {} {}",
                d.code,
                d.name_vi.as_str(),
                d.name_en.as_ref().map_or("", |n| n.as_str())
            ));
            terms.iter().all(|t| text.contains(t.as_str()))
        })
        .collect()
}

/// The catalogue, each indicator in its version in force, filtered.
#[utoipa::path(get, path = "/indicators", tag = "indicators", params(IndicatorsQuery),
    responses((status = 200, description = "The indicators (`id`, `definition`, `created_at`, `updated_at`)", body = Records), Problems))]
async fn list_indicators(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<IndicatorsQuery>,
) -> ApiResult<Vec<IndicatorRecord>> {
    let all = state.app.indicators(caller.actor()).await.map_err(problem(caller.lang))?;
    Ok(Json(filter_catalogue(
        all,
        query.group.as_deref().unwrap_or_default(),
        query.field.as_deref().unwrap_or_default(),
        query.q.as_deref().unwrap_or_default(),
    )))
}

/// Defines an indicator (or revises the one with the same code). Body: `code`, `name_vi`, `value_type`
/// (`number`, `percent`, `yes_no`, `ratio`), `periodicity`, `levels`, `aggregation`, and optionally
/// `name_en`, `unit_of_measure`, `direction`, `group`, `field`, `weight`, `source` (`"entered"`,
/// `{"imported": {"system": "…"}}`, `{"formula": "A / B"}`), `allow_negative`, `tasks`.
#[utoipa::path(post, path = "/indicators", tag = "indicators", request_body = Record,
    responses((status = 200, description = "`indicator` and `outcome` (`created`, `new_version`, `same_version`, `unchanged`)", body = Record), Problems))]
async fn create_indicator(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Json_>,
) -> ApiResult<SavedIndicator> {
    let definition = definition_from_json(None, body).map_err(problem(caller.lang))?;
    Ok(Json(state.app.save_indicator(caller.actor(), definition).await.map_err(problem(caller.lang))?))
}

async fn find_indicator(state: &AppState, actor: &Actor, code: &str) -> Result<IndicatorRecord, AppError> {
    let code = code.trim().to_ascii_uppercase();
    state
        .app
        .indicators(actor)
        .await?
        .into_iter()
        .find(|r| r.definition.code.as_str() == code)
        .ok_or(AppError::NotFound("indicator"))
}

/// One indicator, in its version in force.
#[utoipa::path(get, path = "/indicators/{code}", tag = "indicators",
    params(("code" = String, Path, description = "The indicator's code")),
    responses((status = 200, description = "The indicator", body = Record), Problems))]
async fn indicator(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<IndicatorRecord> {
    Ok(Json(find_indicator(&state, caller.actor(), &code).await.map_err(problem(caller.lang))?))
}

/// Revises an indicator: the same body as `POST /indicators`, the code taken from the path. A change of
/// meaning makes a new version; values keep the version they were entered under.
#[utoipa::path(put, path = "/indicators/{code}", tag = "indicators",
    params(("code" = String, Path, description = "The indicator's code")), request_body = Record,
    responses((status = 200, description = "`indicator` and `outcome`", body = Record), Problems))]
async fn revise_indicator(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<Json_>,
) -> ApiResult<SavedIndicator> {
    let definition = definition_from_json(Some(&code), body).map_err(problem(caller.lang))?;
    Ok(Json(state.app.save_indicator(caller.actor(), definition).await.map_err(problem(caller.lang))?))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct TargetRequest {
    /// The period, e.g. `2025-Q3`.
    period: String,
    /// Every unit of this level (exactly one of `level` and `unit_id`).
    #[schema(value_type = Option<String>)]
    level: Option<Level>,
    /// One unit.
    unit_id: Option<Uuid>,
    target: Option<f64>,
    baseline: Option<f64>,
}

/// Sets the target and baseline of an indicator for a period: for a level (the catalogue's managers)
/// or for one unit (the managers of the unit above it).
#[utoipa::path(post, path = "/indicators/{code}/targets", tag = "indicators",
    params(("code" = String, Path, description = "The indicator's code")), request_body = TargetRequest,
    responses((status = 200, description = "The target", body = Record), Problems))]
async fn set_target(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
    ApiJson(request): ApiJson<TargetRequest>,
) -> ApiResult<IndicatorTarget> {
    let input = TargetInput {
        indicator: code,
        period: request.period,
        level: request.level,
        unit_id: request.unit_id,
        target: request.target,
        baseline: request.baseline,
    };
    Ok(Json(state.app.set_indicator_target(caller.actor(), input).await.map_err(problem(caller.lang))?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct UnitPeriodQuery {
    /// The unit.
    unit_id: Option<Uuid>,
    /// The period, e.g. `2025-Q3`.
    period: Option<String>,
}

/// An indicator for a unit and period, rolled up from the approved values below it, with how many
/// units are included of those expected (`partial`), the targets and the achievement.
#[utoipa::path(get, path = "/indicators/{code}/aggregate", tag = "indicators",
    params(("code" = String, Path, description = "The indicator's code"), UnitPeriodQuery),
    responses((status = 200, description = "The aggregate", body = Record), Problems))]
async fn aggregate(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<UnitPeriodQuery>,
) -> ApiResult<IndicatorAggregate> {
    let unit_id = required(caller.lang, "unit_id", query.unit_id)?;
    let period = required(caller.lang, "period", query.period)?;
    let found =
        state.app.aggregate_indicator(caller.actor(), unit_id, &code, &period).await.map_err(problem(caller.lang))?;
    Ok(Json(found))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct UnitQuery {
    /// The unit.
    unit_id: Option<Uuid>,
}

/// A unit's own values of an indicator, oldest period first.
#[utoipa::path(get, path = "/indicators/{code}/series", tag = "indicators",
    params(("code" = String, Path, description = "The indicator's code"), UnitQuery),
    responses((status = 200, description = "The values", body = Records), Problems))]
async fn series(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<UnitQuery>,
) -> ApiResult<Vec<IndicatorValue>> {
    let unit_id = required(caller.lang, "unit_id", query.unit_id)?;
    Ok(Json(state.app.indicator_series(caller.actor(), unit_id, &code).await.map_err(problem(caller.lang))?))
}

#[derive(Debug, Serialize)]
struct HistoryDto {
    value: Option<IndicatorValue>,
    history: Vec<nqtrack_store::ValueChange>,
}

/// A unit's value of an indicator for a period and the values it replaced, oldest first.
#[utoipa::path(get, path = "/indicators/{code}/history", tag = "indicators",
    params(("code" = String, Path, description = "The indicator's code"), UnitPeriodQuery),
    responses((status = 200, description = "`value` (absent when none) and `history`", body = Record), Problems))]
async fn history(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<UnitPeriodQuery>,
) -> Result<Json<HistoryDto>, crate::error::ApiError> {
    let unit_id = required(caller.lang, "unit_id", query.unit_id)?;
    let period = required(caller.lang, "period", query.period)?;
    let (value, history) = state
        .app
        .indicator_value_history(caller.actor(), unit_id, &code, &period)
        .await
        .map_err(problem(caller.lang))?;
    Ok(Json(HistoryDto { value, history }))
}

/// The data sets, by name.
#[utoipa::path(get, path = "/indicator-data-sets", tag = "indicators",
    responses((status = 200, description = "The data sets", body = Records), Problems))]
async fn list_data_sets(State(state): State<AppState>, caller: Caller) -> ApiResult<Vec<DataSetRecord>> {
    Ok(Json(state.app.indicator_data_sets(caller.actor()).await.map_err(problem(caller.lang))?))
}

/// Creates a data set: `name`, `periodicity`, `indicators` (codes in form order), `rules`, and
/// `children_first` (default true: a unit is approved only once all its children are).
#[utoipa::path(post, path = "/indicator-data-sets", tag = "indicators", request_body = Record,
    responses((status = 200, description = "The data set", body = Record), Problems))]
async fn create_data_set(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<DataSetInput>,
) -> ApiResult<DataSetRecord> {
    Ok(Json(state.app.create_data_set(caller.actor(), input).await.map_err(problem(caller.lang))?))
}

/// The rounds of a data set, latest period first.
#[utoipa::path(get, path = "/indicator-data-sets/{id}/rounds", tag = "indicators",
    params(("id" = Uuid, Path, description = "The data set's id")),
    responses((status = 200, description = "The rounds", body = Records), Problems))]
async fn list_rounds(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Vec<RoundRecord>> {
    Ok(Json(state.app.indicator_rounds(caller.actor(), id).await.map_err(problem(caller.lang))?))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct DueDate {
    /// The level, e.g. `commune`.
    #[schema(value_type = String)]
    level: Level,
    /// `yyyy-mm-dd`.
    #[schema(value_type = String)]
    due: jiff::civil::Date,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct RoundRequest {
    /// The period, e.g. `2025-Q3`.
    period: String,
    /// The due date of each reporting level.
    due_dates: Vec<DueDate>,
    /// Entry locks from this date (`yyyy-mm-dd`).
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    locks_on: Option<jiff::civil::Date>,
}

/// Opens a collection round of a data set for one period.
#[utoipa::path(post, path = "/indicator-data-sets/{id}/rounds", tag = "indicators",
    params(("id" = Uuid, Path, description = "The data set's id")), request_body = RoundRequest,
    responses((status = 200, description = "The round", body = Record), Problems))]
async fn open_round(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<RoundRequest>,
) -> ApiResult<RoundRecord> {
    let input = RoundInput {
        period: request.period,
        due_dates: request.due_dates.into_iter().map(|d| (d.level, d.due)).collect(),
        locks_on: request.locks_on,
    };
    Ok(Json(state.app.open_round(caller.actor(), id, input).await.map_err(problem(caller.lang))?))
}

#[derive(Debug, Serialize)]
struct RoundDto {
    #[serde(flatten)]
    round: RoundRecord,
    data_set: DataSetRecord,
}

/// A round with its data set.
#[utoipa::path(get, path = "/indicator-rounds/{id}", tag = "indicators",
    params(("id" = Uuid, Path, description = "The round's id")),
    responses((status = 200, description = "The round and its `data_set`", body = Record), Problems))]
async fn round(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<RoundDto>, crate::error::ApiError> {
    let (round, data_set) = find_round(&state, caller.actor(), id).await.map_err(problem(caller.lang))?;
    Ok(Json(RoundDto { round, data_set }))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct CloseRequest {
    /// `true` closes the round (entry locked whatever the date), `false` opens it again.
    closed: bool,
}

/// Closes a round by hand, or opens it again.
#[utoipa::path(post, path = "/indicator-rounds/{id}/close", tag = "indicators",
    params(("id" = Uuid, Path, description = "The round's id")), request_body = CloseRequest,
    responses((status = 200, description = "The round", body = Record), Problems))]
async fn close_round(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CloseRequest>,
) -> ApiResult<RoundRecord> {
    Ok(Json(state.app.close_round(caller.actor(), id, request.closed).await.map_err(problem(caller.lang))?))
}

/// Completeness and timeliness of a round for the units under `unit_id` (the caller's home unit when
/// omitted): counts, and every expected unit with its state, submission date and due date.
#[utoipa::path(get, path = "/indicator-rounds/{id}/completeness", tag = "indicators",
    params(("id" = Uuid, Path, description = "The round's id"), UnitQuery),
    responses((status = 200, description = "The completeness", body = Record), Problems))]
async fn completeness(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<UnitQuery>,
) -> ApiResult<Completeness> {
    let unit_id = match query.unit_id {
        Some(id) => id,
        None => state.app.home_unit(caller.actor()).await.map_err(problem(caller.lang))?.id,
    };
    Ok(Json(state.app.round_completeness(caller.actor(), id, unit_id).await.map_err(problem(caller.lang))?))
}

/// A unit's form in a round: its indicators with the values entered, the previous period's values
/// and the targets in force, its submission, and whether the caller may edit it.
#[utoipa::path(get, path = "/indicator-rounds/{id}/units/{unit_id}", tag = "indicators",
    params(("id" = Uuid, Path, description = "The round's id"), ("unit_id" = Uuid, Path, description = "The unit's id")),
    responses((status = 200, description = "The form", body = Record), Problems))]
async fn form(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, unit_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<IndicatorForm> {
    Ok(Json(state.app.indicator_form(caller.actor(), id, unit_id).await.map_err(problem(caller.lang))?))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ValuesRequest {
    /// The submission version read; when given and stale, 409.
    version: Option<i32>,
    /// The values: an empty value is left out.
    values: Vec<ValueRequest>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ValueRequest {
    /// The indicator's code.
    indicator: String,
    /// As typed: `95,5`, `1.234`, `có`, `12/40`.
    value: String,
    comment: String,
}

impl From<ValuesRequest> for ValuesInput {
    fn from(request: ValuesRequest) -> Self {
        ValuesInput {
            version: request.version,
            values: request
                .values
                .into_iter()
                .map(|v| nqtrack_app::ValueInput { indicator: v.indicator, value: v.value, comment: v.comment })
                .collect(),
        }
    }
}

/// Saves values as a draft. A bad value is a 422 naming the indicator's code as the field.
#[utoipa::path(put, path = "/indicator-rounds/{id}/units/{unit_id}/values", tag = "indicators",
    params(("id" = Uuid, Path, description = "The round's id"), ("unit_id" = Uuid, Path, description = "The unit's id")),
    request_body = ValuesRequest,
    responses((status = 200, description = "`submission`, `changed` and `warnings`", body = Record), Problems))]
async fn save_values(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, unit_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(request): ApiJson<ValuesRequest>,
) -> ApiResult<SubmissionOutcome> {
    let outcome = state
        .app
        .save_indicator_values(caller.actor(), id, unit_id, request.into())
        .await
        .map_err(problem(caller.lang))?;
    Ok(Json(outcome))
}

#[derive(Debug, Serialize)]
struct OutcomeDto {
    submission: Submission,
    changed: usize,
    warnings: Vec<crate::error::ProblemField>,
}

/// Saves the values given (if any) and submits the whole form: blocking findings refuse it (422,
/// each naming its indicator); `warnings` are translated like problems.
#[utoipa::path(post, path = "/indicator-rounds/{id}/units/{unit_id}/submit", tag = "indicators",
    params(("id" = Uuid, Path, description = "The round's id"), ("unit_id" = Uuid, Path, description = "The unit's id")),
    request_body = ValuesRequest,
    responses((status = 200, description = "`submission`, `changed` and `warnings`", body = Record), Problems))]
async fn submit_values(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, unit_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(request): ApiJson<ValuesRequest>,
) -> Result<Json<OutcomeDto>, crate::error::ApiError> {
    let outcome = state
        .app
        .submit_indicator_values(caller.actor(), id, unit_id, request.into())
        .await
        .map_err(problem(caller.lang))?;
    let warnings = crate::error::field_messages(caller.lang, &AppError::Invalid(Invalid(outcome.warnings)));
    Ok(Json(OutcomeDto { submission: outcome.submission, changed: outcome.changed, warnings }))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct DecisionRequest {
    /// `approve`, `return`, `reopen` (by the unit above) or `withdraw` (by the unit itself).
    action: String,
    /// Required to return or reopen.
    reason: String,
    /// The submission version read; when given and stale, 409.
    version: Option<i32>,
}

/// The step a decision names.
pub(crate) fn step(action: &str, reason: String) -> Result<Step, AppError> {
    Ok(match action.trim() {
        "approve" => Step::Approve,
        "return" => Step::Return { reason },
        "reopen" => Step::Reopen { reason },
        "withdraw" => Step::Withdraw,
        "" => return Err(Invalid::one("action", "required").into()),
        other => return Err(FieldError::new("action", "submission-wrong-state").with_arg("value", other).into()),
    })
}

/// A decision on a unit's submission.
#[utoipa::path(post, path = "/indicator-rounds/{id}/units/{unit_id}/decision", tag = "indicators",
    params(("id" = Uuid, Path, description = "The round's id"), ("unit_id" = Uuid, Path, description = "The unit's id")),
    request_body = DecisionRequest,
    responses((status = 200, description = "The submission", body = Record), Problems))]
async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, unit_id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(request): ApiJson<DecisionRequest>,
) -> ApiResult<Submission> {
    let step = step(&request.action, request.reason).map_err(problem(caller.lang))?;
    let submission = state
        .app
        .decide_submission(caller.actor(), id, unit_id, step, request.version)
        .await
        .map_err(problem(caller.lang))?;
    Ok(Json(submission))
}
