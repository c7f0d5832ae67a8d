//! Indicator values in and out: the JSON push of batches, spreadsheet uploads (long format, read by
//! `nqtrack_office::indicators::read_values`), and the round template. The upload reading and the
//! template are shared with the pages (`views::indicator_rounds`).

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::HeaderValue;
use axum::response::Response;
use nqtrack_app::{AppError, ImportReport, IndicatorImport, IndicatorImportOutcome, IndicatorImportRow, RowProblem};
use nqtrack_domain::FieldError;
use nqtrack_domain::policy::Actor;
use nqtrack_office::indicators::{RoundTemplate, TemplateIndicator, TemplateUnit, ValueReadError, read_values};
use nqtrack_office::table::{MAX_IMPORT_BYTES, TableError, TableFormat};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::indicators::{Record, find_round};
use crate::api::task_exchange::XLSX;
use crate::api::tasks::FileBytes;
use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, Problems, problem};
use crate::auth::Caller;
use crate::download::download;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(push_batch)).routes(routes!(upload_values)).routes(routes!(round_template))
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct BatchRequest {
    /// Chosen by the sender, unique per batch: the same batch again changes nothing (`replayed`).
    batch_key: String,
    rows: Vec<BatchRow>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct BatchRow {
    unit_code: String,
    indicator_code: String,
    /// e.g. `2025-Q3`.
    period: String,
    /// As typed: `95,5`, `có`, `12/40`.
    value: String,
    comment: String,
}

/// Pushes values from another system, in long format. Every row is checked like a form; if any is
/// bad nothing is written and the 422 problem lists every bad row (`row`, `field`). The same
/// `batch_key` with the same rows answers the first outcome with `replayed: true`; with other rows,
/// 409 (`import-batch-conflict`).
#[utoipa::path(post, path = "/indicator-values/batches", tag = "indicators", request_body = BatchRequest,
    responses((status = 200, description = "`batch_key`, `rows`, `written`, `replayed`", body = Record), Problems))]
async fn push_batch(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<BatchRequest>,
) -> ApiResult<IndicatorImportOutcome> {
    let batch = IndicatorImport {
        batch_key: request.batch_key,
        rows: request
            .rows
            .into_iter()
            .map(|r| IndicatorImportRow {
                row: 0,
                unit_code: r.unit_code,
                indicator_code: r.indicator_code,
                period: r.period,
                value: r.value,
                comment: r.comment,
            })
            .collect(),
    };
    Ok(Json(state.app.import_indicator_values(caller.actor(), batch).await.map_err(problem(caller.lang))?))
}

fn rejected(problems: Vec<RowProblem>) -> AppError {
    AppError::ImportRejected(ImportReport { created: 0, problems })
}

fn file_problem(code: &'static str, row: usize, args: Vec<(&'static str, String)>) -> RowProblem {
    RowProblem { row, column: "file".to_owned(), code, args }
}

/// Reads an uploaded values file into import rows, or rejects it with every problem of its columns.
pub(crate) fn read_upload(file_name: &str, bytes: &[u8]) -> Result<Vec<IndicatorImportRow>, AppError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(rejected(vec![file_problem(
            "file-too-large",
            0,
            vec![("limit", format!("{} MB", MAX_IMPORT_BYTES >> 20))],
        )]));
    }
    let format = TableFormat::sniff(bytes)
        .or_else(|| TableFormat::from_file_name(file_name))
        .ok_or_else(|| rejected(vec![file_problem("file-type", 0, Vec::new())]))?;
    let rows = read_values(bytes, format).map_err(|error| match error {
        ValueReadError::Table(table) => rejected(vec![match table {
            TableError::TooLarge { limit_bytes } => {
                file_problem("file-too-large", 0, vec![("limit", format!("{} MB", limit_bytes >> 20))])
            }
            TableError::TooManyRows { limit } => file_problem("too-many-rows", 0, vec![("limit", limit.to_string())]),
            TableError::Empty | TableError::NoSheet => file_problem("file-empty", 0, Vec::new()),
            TableError::NotUtf8 { row } => file_problem("file-malformed", row, vec![("detail", "UTF-8".into())]),
            TableError::MalformedCsv { row, detail } => file_problem("file-malformed", row, vec![("detail", detail)]),
            TableError::UnreadableXlsx { detail } => file_problem("file-malformed", 0, vec![("detail", detail)]),
        }]),
        ValueReadError::Problems(problems) => rejected(
            problems
                .into_iter()
                .map(|p| {
                    let mut args = Vec::new();
                    if let Some(letter) = p.letter() {
                        args.push(("column", letter.to_owned()));
                    }
                    if let Some(source) = &p.source {
                        args.push(("header", source.header.clone()));
                    }
                    RowProblem { row: p.problem.row, column: p.problem.column, code: p.problem.code, args }
                })
                .collect(),
        ),
    })?;
    Ok(rows
        .into_iter()
        // The template lists every pair: a row left empty is not a value.
        .filter(|r| !r.value_text.trim().is_empty())
        .map(|r| IndicatorImportRow {
            row: r.row,
            unit_code: r.unit_code,
            indicator_code: r.indicator_code,
            period: r.period,
            value: r.value_text,
            comment: r.comment,
        })
        .collect())
}

/// An upload as sent by the page's form or a client.
#[derive(Debug, Default)]
pub(crate) struct ValuesUpload {
    pub(crate) batch_key: Option<String>,
    pub(crate) file: Option<(String, Vec<u8>)>,
}

impl ValuesUpload {
    /// Reads the parts `file` and `batch_key`; other parts (the CSRF token) are skipped.
    pub(crate) async fn read(mut multipart: Multipart) -> Result<Self, AppError> {
        let mut form = ValuesUpload::default();
        let too_large =
            || FieldError::new("file", "file-too-large").with_arg("limit", format!("{} MB", MAX_IMPORT_BYTES >> 20));
        while let Some(field) = multipart.next_field().await.map_err(|_| too_large())? {
            match field.name().unwrap_or_default() {
                "file" => {
                    let name = field.file_name().unwrap_or_default().to_owned();
                    let bytes = field.bytes().await.map_err(|_| too_large())?;
                    if !bytes.is_empty() {
                        form.file = Some((name, bytes.to_vec()));
                    }
                }
                "batch_key" => {
                    let text = field.text().await.map_err(|_| too_large())?;
                    if !text.trim().is_empty() {
                        form.batch_key = Some(text.trim().to_owned());
                    }
                }
                _ => {}
            }
        }
        Ok(form)
    }

    /// Imports the file's rows as one batch (a fresh key unless one was sent).
    pub(crate) async fn import(self, state: &AppState, actor: &Actor) -> Result<IndicatorImportOutcome, AppError> {
        let Some((name, bytes)) = self.file else { return Err(FieldError::new("file", "required").into()) };
        let rows = read_upload(&name, &bytes)?;
        let batch_key = self.batch_key.unwrap_or_else(|| format!("upload-{}", Uuid::now_v7()));
        state.app.import_indicator_values(actor, IndicatorImport { batch_key, rows }).await
    }
}

/// The upload as `multipart/form-data`.
#[derive(ToSchema)]
#[allow(dead_code)] // only described: the form is read part by part
pub struct ValuesUploadForm {
    /// Long format (unit code, indicator code, period, value, comment), XLSX or CSV, at most 10 MB;
    /// the round template filled in. Rows without a value are skipped.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Optional: makes the upload idempotent like a pushed batch.
    batch_key: Option<String>,
}

/// Imports values from a spreadsheet in long format (the round template filled in). If any cell is
/// wrong nothing is written: the 422 problem lists every failing cell with its `row` and `field`.
#[utoipa::path(post, path = "/indicator-values/import", tag = "indicators",
    request_body(content = ValuesUploadForm, content_type = "multipart/form-data"),
    responses((status = 200, description = "`batch_key`, `rows`, `written`, `replayed`", body = Record), Problems))]
async fn upload_values(
    State(state): State<AppState>,
    caller: Caller,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<IndicatorImportOutcome> {
    let multipart = multipart.map_err(|_| problem(caller.lang)(FieldError::new("file", "required").into()))?;
    let form = ValuesUpload::read(multipart).await.map_err(problem(caller.lang))?;
    Ok(Json(form.import(&state, caller.actor()).await.map_err(problem(caller.lang))?))
}

/// The template of a round for the units that report under `unit_id` (or the unit itself when it
/// reports), as a download.
pub(crate) async fn template_download(
    state: &AppState,
    actor: &Actor,
    round_id: Uuid,
    unit_id: Uuid,
) -> Result<Response, AppError> {
    let (round, data_set) = find_round(state, actor, round_id).await?;
    let completeness = state.app.round_completeness(actor, round_id, unit_id).await?;
    let mut units: Vec<TemplateUnit> =
        completeness.units.iter().map(|u| TemplateUnit { code: u.code.clone(), name: u.name.clone() }).collect();
    let mut due = completeness.units.iter().map(|u| u.due).min();
    let form = state.app.indicator_form(actor, round_id, unit_id).await?;
    if !form.rows.is_empty() {
        units.insert(0, TemplateUnit { code: form.unit.code.clone(), name: form.unit.name.clone() });
        due = due.or(round.round.due_for(form.unit.level));
    }
    let catalogue = state.app.indicators(actor).await?;
    let indicators = data_set
        .data_set
        .indicators
        .iter()
        .filter_map(|code| catalogue.iter().find(|r| r.definition.code == *code))
        .filter(|r| r.definition.source.formula().is_none())
        .map(|r| TemplateIndicator::from(&r.definition))
        .collect();
    let template = RoundTemplate {
        title: data_set.data_set.name.as_str().to_owned(),
        period: round.round.period,
        due: due.unwrap_or(round.round.period.end()),
        units,
        indicators,
    };
    let bytes =
        nqtrack_office::indicators::round_template_xlsx(&template).map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!("Mẫu nhập số liệu {} {}.xlsx", form.unit.code, round.round.period.label());
    let ascii = format!("mau-so-lieu-{}-{}.xlsx", form.unit.code, round.round.period.label());
    Ok(download(bytes, HeaderValue::from_static(XLSX), &name, Some(&ascii)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct TemplateQuery {
    /// The unit whose reporting units are listed; the caller's home unit when omitted.
    unit_id: Option<Uuid>,
}

/// The round's template: every unit × indicator pair in long format, value and comment to fill in,
/// and a guide sheet.
#[utoipa::path(get, path = "/indicator-rounds/{id}/template.xlsx", tag = "indicators",
    params(("id" = Uuid, Path, description = "The round's id"), TemplateQuery),
    responses((status = 200, description = "The template, as a download", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes), Problems))]
async fn round_template(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<TemplateQuery>,
) -> Result<Response, ApiError> {
    let unit_id = match query.unit_id {
        Some(id) => id,
        None => state.app.home_unit(caller.actor()).await.map_err(problem(caller.lang))?.id,
    };
    template_download(&state, caller.actor(), id, unit_id).await.map_err(problem(caller.lang))
}
