//! Tasks: assigning, listing and counting them as of a date, editing, cascading, reporting progress and
//! completion with evidence, extensions, deadline adjustments, cancellation, and evidence downloads.
//!
//! Every rule (who may do what, what is valid) is the app's; these handlers read the request, call one
//! use case and write its answer.

mod dto;
mod requests;

use std::borrow::Cow;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nqtrack_app::TaskListQuery;
use nqtrack_domain::dates::parse_date;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, Problems, problem, required};
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::i18n::Lang;
use crate::state::AppState;

pub use dto::{
    AttachmentDto, CascadeOutcomeDto, CompletionDto, ExtensionDto, ProgressReportDto, TaskCountsDto, TaskDto,
    TaskListDto, TaskListItemDto, TaskPageDto,
};
use requests::{
    CancelRequest, CascadeRequest, CompletionForm, CompletionRequest, DeadlineRequest, DecisionRequest,
    ExtensionRequest, JsonOrForm, ProgressForm, ProgressRequest, Report, TaskChangesRequest, TaskRequest, if_match,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tasks, create_task))
        .routes(routes!(task_counts))
        .routes(routes!(task, update_task))
        .routes(routes!(cascade))
        .routes(routes!(report_progress))
        .routes(routes!(report_completion))
        .routes(routes!(decide_completion))
        .routes(routes!(request_extension))
        .routes(routes!(decide_extension))
        .routes(routes!(adjust_deadline))
        .routes(routes!(cancel))
        .routes(routes!(attachment))
}

/// The answer to a stale `version`: someone changed the task since the caller read it.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // only described, never built: errors are answered by `ApiError`
enum EditConflict {
    /// The task changed since the caller read it (field `version`, code `edit-conflict`): nothing was
    /// written; read it again and retry.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
}

/// A `yyyy-mm-dd` or `dd/mm/yyyy` date, `None` when empty; a bad one is a problem naming `field`.
fn optional_date(lang: Lang, field: &str, input: Option<&str>) -> Result<Option<jiff::civil::Date>, ApiError> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => parse_date(field, text).map(Some).map_err(|e| problem(lang)(e.into())),
        None => Ok(None),
    }
}

/// The `If-Match` version, or a problem naming `version`.
fn header_version(lang: Lang, headers: &HeaderMap) -> Result<Option<i32>, ApiError> {
    if_match(headers).map_err(|e| problem(lang)(e.into()))
}

/// The task's version as a strong entity tag, so that a client can send it back in `If-Match`.
fn etag(version: i32) -> [(header::HeaderName, String); 1] {
    [(header::ETAG, format!("\"{version}\""))]
}

#[derive(Debug, Default, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct TasksQuery {
    /// The unit whose tasks are listed; without it, the first unit of the caller's scope.
    unit_id: Option<Uuid>,
    /// `subtree` (default: presided anywhere in the unit's subtree), `leading` (presided by the unit
    /// itself), `assigned` (assigned by the unit), `supporting` (the unit coordinates).
    relation: Option<String>,
    /// Only tasks presided within the subtree of this unit (below `unit_id`).
    within_id: Option<Uuid>,
    /// Comma-separated statuses: `completed_on_time`, `completed_late`, `in_progress`, `overdue`,
    /// `reported`, `not_reported`.
    status: Option<String>,
    /// Comma-separated colours: `green`, `yellow`, `red`.
    colour: Option<String>,
    /// Deadlines on or after this date (`yyyy-mm-dd` or `dd/mm/yyyy`).
    deadline_from: Option<String>,
    /// Deadlines on or before this date.
    deadline_to: Option<String>,
    document_id: Option<Uuid>,
    /// A field of work, e.g. `digital_government`.
    field: Option<String>,
    /// A task kind, e.g. `deadline` or `regular`.
    kind: Option<String>,
    /// The committee member in charge.
    leader_id: Option<Uuid>,
    /// Words of the code, title or content, with or without diacritics.
    q: Option<String>,
    /// Only tasks due within the next days (7 unless configured).
    due_soon: bool,
    /// `deadline` (default: earliest first), `code`, `recent`, `progress` (least first).
    sort: Option<String>,
    /// From 1; 50 tasks a page.
    page: Option<i64>,
    /// Compute every status as of this date (`yyyy-mm-dd` or `dd/mm/yyyy`); today when omitted.
    as_of: Option<String>,
}

impl From<TasksQuery> for TaskListQuery {
    fn from(q: TasksQuery) -> Self {
        TaskListQuery {
            unit_id: q.unit_id,
            relation: q.relation.unwrap_or_default(),
            within_id: q.within_id,
            status: q.status.unwrap_or_default(),
            colour: q.colour.unwrap_or_default(),
            deadline_from: q.deadline_from.unwrap_or_default(),
            deadline_to: q.deadline_to.unwrap_or_default(),
            document_id: q.document_id,
            field: q.field.unwrap_or_default(),
            kind: q.kind.unwrap_or_default(),
            leader_id: q.leader_id,
            q: q.q.unwrap_or_default(),
            due_soon: q.due_soon,
            sort: q.sort.unwrap_or_default(),
            page: q.page,
            as_of: q.as_of.unwrap_or_default(),
        }
    }
}

/// A unit's tasks as of a date, filtered, one page at a time, with the counts of the whole list.
#[utoipa::path(get, path = "/tasks", tag = "tasks", params(TasksQuery),
    responses((status = 200, description = "A page of tasks and the counts by status and colour", body = TaskListDto), Problems))]
async fn list_tasks(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<TasksQuery>,
) -> ApiResult<TaskListDto> {
    let list = state.app.list_tasks(caller.actor(), &query.into()).await.map_err(problem(caller.lang))?;
    Ok(Json(list.into()))
}

#[derive(Debug, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountsQuery {
    /// The unit whose subtree is counted; without it, the first unit of the caller's scope.
    unit_id: Option<Uuid>,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`; today when omitted.
    as_of: Option<String>,
}

/// Counts by status and colour of the tasks presided in a unit's subtree, as of a date.
#[utoipa::path(get, path = "/tasks/counts", tag = "tasks", params(CountsQuery),
    responses((status = 200, description = "The counts", body = TaskCountsDto), Problems))]
async fn task_counts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<CountsQuery>,
) -> ApiResult<TaskCountsDto> {
    let as_of = optional_date(caller.lang, "as_of", query.as_of.as_deref())?.unwrap_or_else(|| state.app.today());
    let unit_id = match query.unit_id {
        Some(id) => id,
        None => state.app.home_unit(caller.actor()).await.map_err(problem(caller.lang))?.id,
    };
    let counts = state.app.task_counts(caller.actor(), unit_id, as_of).await.map_err(problem(caller.lang))?;
    Ok(Json(TaskCountsDto { unit_id, as_of, counts: counts.into() }))
}

/// Assigns a task. Every field is checked and every problem is reported at once.
#[utoipa::path(post, path = "/tasks", tag = "tasks", request_body = TaskRequest,
    responses((status = 201, description = "The new task (for a recurring task, the series; its occurrences are its children)", body = TaskDto,
        headers(("location" = String, description = "The new task's address"), ("etag" = String, description = "The task's version"))), Problems))]
async fn create_task(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<TaskRequest>,
) -> Result<Response, ApiError> {
    let task = state.app.assign_task(caller.actor(), request.into()).await.map_err(problem(caller.lang))?;
    let location = format!("/api/v1/tasks/{}", task.id);
    let headers = [(header::LOCATION, location), (header::ETAG, format!("\"{}\"", task.version))];
    Ok((StatusCode::CREATED, headers, Json(TaskDto::from(task))).into_response())
}

#[derive(Debug, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// Compute the standing and the children's counts as of this date (`yyyy-mm-dd` or
    /// `dd/mm/yyyy`); today when omitted.
    as_of: Option<String>,
}

/// A task with its standing as of a date, its units, document, parent, children's counts, and its
/// whole history: progress, completions, extensions, deadlines and evidence.
#[utoipa::path(get, path = "/tasks/{id}", tag = "tasks",
    params(("id" = Uuid, Path, description = "The task's id"), AsOfQuery),
    responses((status = 200, description = "The task", body = TaskPageDto,
        headers(("etag" = String, description = "The task's version, for `If-Match`"))), Problems))]
async fn task(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<AsOfQuery>,
) -> Result<Response, ApiError> {
    let as_of = optional_date(caller.lang, "as_of", query.as_of.as_deref())?;
    let page = state.app.task_page(caller.actor(), id, as_of).await.map_err(problem(caller.lang))?;
    Ok((etag(page.task.version), Json(TaskPageDto::from(page))).into_response())
}

/// Corrects a task's own fields (the assigning unit). The version read must be sent, in `version` or
/// in `If-Match` (the body's wins); if the task changed since, nothing is written and the answer is 409.
#[utoipa::path(patch, path = "/tasks/{id}", tag = "tasks",
    params(("id" = Uuid, Path, description = "The task's id"),
        ("If-Match" = Option<String>, Header, description = "The version read (the `ETag` of `GET /tasks/{id}`), when the body has no `version`")),
    request_body = TaskChangesRequest,
    responses((status = 200, description = "The corrected task", body = TaskDto,
        headers(("etag" = String, description = "The task's new version"))), Problems, EditConflict))]
async fn update_task(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<TaskChangesRequest>,
) -> Result<Response, ApiError> {
    let changes = request.into_changes(header_version(caller.lang, &headers)?);
    let task = state.app.update_task(caller.actor(), id, changes).await.map_err(problem(caller.lang))?;
    Ok((etag(task.version), Json(TaskDto::from(task))).into_response())
}

/// Breaks the task down for units below its presiding unit: chosen units, or every unit of a level or
/// kind. Units that already have a child task are skipped, not duplicated.
#[utoipa::path(post, path = "/tasks/{id}/cascade", tag = "tasks",
    params(("id" = Uuid, Path, description = "The parent task's id")), request_body = CascadeRequest,
    responses((status = 200, description = "How many child tasks were created", body = CascadeOutcomeDto), Problems))]
async fn cascade(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CascadeRequest>,
) -> ApiResult<CascadeOutcomeDto> {
    let input = required(caller.lang, "targets", request.into_input())?;
    let outcome = state.app.cascade_task(caller.actor(), id, input).await.map_err(problem(caller.lang))?;
    Ok(Json(outcome.into()))
}

/// Reads a report sent as JSON or as a multipart form, with the `If-Match` version.
fn report_input<T: Report>(lang: Lang, headers: &HeaderMap, body: JsonOrForm<T>) -> Result<T::Input, ApiError> {
    Ok(body.request.into_input(body.files, header_version(lang, headers)?))
}

/// Reports progress (the presiding unit) or a contribution (a coordinating unit). Nothing reported is
/// ever overwritten. Evidence: `links` and `document_numbers` in JSON, or the same fields and `files`
/// parts in a `multipart/form-data` body.
#[utoipa::path(post, path = "/tasks/{id}/progress", tag = "tasks",
    params(("id" = Uuid, Path, description = "The task's id")),
    request_body(content((ProgressRequest = "application/json"), (ProgressForm = "multipart/form-data"))),
    responses((status = 201, description = "The report as recorded", body = ProgressReportDto), Problems))]
async fn report_progress(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    body: JsonOrForm<ProgressRequest>,
) -> Result<(StatusCode, Json<ProgressReportDto>), ApiError> {
    let input = report_input(caller.lang, &headers, body)?;
    let report = state.app.report_progress(caller.actor(), id, input).await.map_err(problem(caller.lang))?;
    Ok((StatusCode::CREATED, Json(report.into())))
}

/// Reports the task completed (the presiding unit), with its product and evidence, as JSON or as a
/// multipart form with `files`. It counts as completed, awaiting confirmation, from today.
#[utoipa::path(post, path = "/tasks/{id}/completion", tag = "tasks",
    params(("id" = Uuid, Path, description = "The task's id"),
        ("If-Match" = Option<String>, Header, description = "The version read, when the body has no `version`")),
    request_body(content((CompletionRequest = "application/json"), (CompletionForm = "multipart/form-data"))),
    responses((status = 201, description = "The completion report", body = CompletionDto), Problems, EditConflict))]
async fn report_completion(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    body: JsonOrForm<CompletionRequest>,
) -> Result<(StatusCode, Json<CompletionDto>), ApiError> {
    let input = report_input(caller.lang, &headers, body)?;
    let completion = state.app.report_completion(caller.actor(), id, input).await.map_err(problem(caller.lang))?;
    Ok((StatusCode::CREATED, Json(completion.into())))
}

/// The assigning unit confirms the completion awaiting confirmation, or returns it with a reason (the
/// task is then in progress again).
#[utoipa::path(post, path = "/tasks/{id}/completion/decision", tag = "tasks",
    params(("id" = Uuid, Path, description = "The task's id"),
        ("If-Match" = Option<String>, Header, description = "The version read, when the body has no `version`")),
    request_body = DecisionRequest,
    responses((status = 200, description = "The completion as decided", body = CompletionDto), Problems, EditConflict))]
async fn decide_completion(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<DecisionRequest>,
) -> ApiResult<CompletionDto> {
    let input = required(caller.lang, "approve", request.into_input(header_version(caller.lang, &headers)?))?;
    let completion = state.app.decide_completion(caller.actor(), id, input).await.map_err(problem(caller.lang))?;
    Ok(Json(completion.into()))
}

/// The presiding unit asks for a later deadline, before the deadline in force has passed; one request
/// at a time.
#[utoipa::path(post, path = "/tasks/{id}/extensions", tag = "tasks",
    params(("id" = Uuid, Path, description = "The task's id")), request_body = ExtensionRequest,
    responses((status = 201, description = "The pending request", body = ExtensionDto), Problems))]
async fn request_extension(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<ExtensionRequest>,
) -> Result<(StatusCode, Json<ExtensionDto>), ApiError> {
    let extension =
        state.app.request_extension(caller.actor(), id, request.into()).await.map_err(problem(caller.lang))?;
    Ok((StatusCode::CREATED, Json(extension.into())))
}

/// The assigning unit approves an extension (the new deadline is in force from today) or refuses it
/// with a reason.
#[utoipa::path(post, path = "/tasks/{id}/extensions/{extension_id}/decision", tag = "tasks",
    params(("id" = Uuid, Path, description = "The task's id"), ("extension_id" = Uuid, Path, description = "The request's id"),
        ("If-Match" = Option<String>, Header, description = "The version read, when the body has no `version`")),
    request_body = DecisionRequest,
    responses((status = 200, description = "The request as decided", body = ExtensionDto), Problems, EditConflict))]
async fn decide_extension(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, extension_id)): ApiPath<(Uuid, Uuid)>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<DecisionRequest>,
) -> ApiResult<ExtensionDto> {
    let input = required(caller.lang, "approve", request.into_input(header_version(caller.lang, &headers)?))?;
    let extension =
        state.app.decide_extension(caller.actor(), id, extension_id, input).await.map_err(problem(caller.lang))?;
    Ok(Json(extension.into()))
}

/// The assigning unit sets a new deadline, with a reason; the old one stays in the history and past
/// dates are still judged against it.
#[utoipa::path(post, path = "/tasks/{id}/deadline", tag = "tasks",
    params(("id" = Uuid, Path, description = "The task's id"),
        ("If-Match" = Option<String>, Header, description = "The version read, when the body has no `version`")),
    request_body = DeadlineRequest,
    responses((status = 200, description = "The task with its new deadline", body = TaskDto), Problems, EditConflict))]
async fn adjust_deadline(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<DeadlineRequest>,
) -> Result<Response, ApiError> {
    let input = request.into_input(header_version(caller.lang, &headers)?);
    let task = state.app.adjust_deadline(caller.actor(), id, input).await.map_err(problem(caller.lang))?;
    Ok((etag(task.version), Json(TaskDto::from(task))).into_response())
}

/// The assigning unit cancels the task with a reason: from today it leaves the counts, but stays on
/// record and accepts no more reports.
#[utoipa::path(post, path = "/tasks/{id}/cancel", tag = "tasks",
    params(("id" = Uuid, Path, description = "The task's id"),
        ("If-Match" = Option<String>, Header, description = "The version read, when the body has no `version`")),
    request_body = CancelRequest,
    responses((status = 200, description = "The cancelled task", body = TaskDto), Problems, EditConflict))]
async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<CancelRequest>,
) -> Result<Response, ApiError> {
    let input = request.into_input(header_version(caller.lang, &headers)?);
    let task = state.app.cancel_task(caller.actor(), id, input).await.map_err(problem(caller.lang))?;
    Ok((etag(task.version), Json(TaskDto::from(task))).into_response())
}

/// The bytes of a file, in the OpenAPI document.
pub struct FileBytes;

impl utoipa::PartialSchema for FileBytes {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for FileBytes {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("FileBytes")
    }
}

/// Downloads an evidence or document file, if the caller may see its task (or document).
#[utoipa::path(get, path = "/attachments/{id}", tag = "tasks",
    params(("id" = Uuid, Path, description = "The attachment's id (`href` of an attachment of kind `file`)")),
    responses((status = 200, description = "The file, with the media type sniffed when it was uploaded, as a download",
        content_type = "application/octet-stream", body = FileBytes,
        headers(("content-disposition" = String, description = "`attachment`, with the file's name"))), Problems))]
async fn attachment(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, ApiError> {
    let (attachment, bytes) = state.app.attachment_file(caller.actor(), id).await.map_err(problem(caller.lang))?;
    Ok(crate::download::uploaded_file(&attachment, bytes))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn if_match_carries_a_version() {
        let mut headers = HeaderMap::new();
        assert_eq!(if_match(&headers).ok(), Some(None));
        for (value, version) in [("\"3\"", Some(3)), ("W/\"4\"", Some(4)), ("5", Some(5)), ("*", None)] {
            headers.insert(header::IF_MATCH, HeaderValue::from_static(value));
            assert_eq!(if_match(&headers).ok(), Some(version), "{value}");
        }
        headers.insert(header::IF_MATCH, HeaderValue::from_static("\"abc\""));
        assert_eq!(if_match(&headers).map_err(|e| e.code), Err("if-match-invalid"));
    }
}
