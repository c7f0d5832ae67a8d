//! Tasks in and out of spreadsheets over the API: importing a plan's task annex, its template, and a
//! filtered task list as XLSX or CSV. The file answers and the upload reading here are shared with the
//! pages (`views::task_exchange`), so a browser and a machine client get the same files.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::HeaderValue;
use axum::response::Response;
use nqtrack_app::{App, AppError, ImportReport, TaskExport};
use nqtrack_domain::FieldError;
use nqtrack_domain::policy::Actor;
use nqtrack_office::export::{write_csv, write_xlsx};
use nqtrack_office::table::MAX_IMPORT_BYTES;
use nqtrack_office::tasks::task_template_xlsx;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::tasks::{FileBytes, TasksQuery};
use crate::api::{ApiQuery, ApiResult, Problems, problem};
use crate::auth::Caller;
use crate::download::download;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_tasks))
        .routes(routes!(task_import_template))
        .routes(routes!(export_tasks_xlsx))
        .routes(routes!(export_tasks_csv))
}

/// The media type of an XLSX workbook.
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// CSV as written by `nqtrack_office::export::write_csv`: UTF-8 with a byte order mark.
const CSV: &str = "text/csv; charset=utf-8";

/// The template's name as officials file it, and the ASCII name for clients that cannot read the other.
const TEMPLATE_NAME: &str = "Mẫu phụ lục nhiệm vụ.xlsx";
const TEMPLATE_ASCII_NAME: &str = "mau-phu-luc-nhiem-vu.xlsx";

/// The formats a task list is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExportFormat {
    Xlsx,
    Csv,
}

/// A file to save, never to show: `attachment` with the exact name (RFC 8187, so Vietnamese names
/// keep their diacritics) and an ASCII fallback. Task lists may be confidential, so no shared cache keeps
/// them.
/// The writers only fail on content beyond Excel's limits, which the app's limits rule out: a failure is
/// a fault of ours, not of the request.
fn office_fault(error: nqtrack_office::OfficeError) -> AppError {
    AppError::Internal(error.to_string())
}

/// The task annex template as a download.
pub(crate) fn template_download() -> Result<Response, AppError> {
    let bytes = task_template_xlsx().map_err(office_fault)?;
    Ok(download(bytes, HeaderValue::from_static(XLSX), TEMPLATE_NAME, Some(TEMPLATE_ASCII_NAME)))
}

/// An exported task list as a download named after its unit and date.
pub(crate) fn export_download(export: &TaskExport, format: ExportFormat) -> Result<Response, AppError> {
    let (bytes, content_type, name) = match format {
        ExportFormat::Xlsx => (write_xlsx(&export.sheet).map_err(office_fault)?, XLSX, export.file_name("xlsx")),
        ExportFormat::Csv => (write_csv(&export.sheet), CSV, export.file_name("csv")),
    };
    Ok(download(bytes, HeaderValue::from_static(content_type), &name, Some(&name)))
}

/// An annex upload as sent by the page's form or a client: the file and where its tasks go.
#[derive(Debug, Default)]
pub(crate) struct ImportForm {
    pub(crate) assigner_id: Option<Uuid>,
    pub(crate) document_id: Option<Uuid>,
    /// The uploaded file's name and bytes; `None` when no file was sent.
    pub(crate) file: Option<(String, Vec<u8>)>,
}

impl ImportForm {
    /// Reads the parts `file`, `assigner_id` and `document_id`; other parts (the CSRF token) are skipped.
    /// An id that is not an id names a record that does not exist, as in every form.
    pub(crate) async fn read(mut multipart: Multipart) -> Result<Self, AppError> {
        let mut form = ImportForm::default();
        // The router's body limit cuts a larger upload off mid-stream, which reads as a broken part.
        let too_large =
            || FieldError::new("file", "file-too-large").with_arg("limit", format!("{} MB", MAX_IMPORT_BYTES >> 20));
        while let Some(field) = multipart.next_field().await.map_err(|_| too_large())? {
            let name = field.name().unwrap_or_default().to_owned();
            match name.as_str() {
                "file" => {
                    let file_name = field.file_name().unwrap_or_default().to_owned();
                    let bytes = field.bytes().await.map_err(|_| too_large())?;
                    // A file input left empty still sends a nameless, empty part.
                    if !bytes.is_empty() {
                        form.file = Some((file_name, bytes.to_vec()));
                    }
                }
                "assigner_id" | "document_id" => {
                    let text = field.text().await.map_err(|_| too_large())?;
                    let id = match text.trim() {
                        "" => None,
                        id => Some(id.parse::<Uuid>().map_err(|_| FieldError::new(&name, "not-found"))?),
                    };
                    if name == "assigner_id" {
                        form.assigner_id = id;
                    } else {
                        form.document_id = id;
                    }
                }
                _ => {}
            }
        }
        Ok(form)
    }

    /// Imports the file with the app's one import use case.
    pub(crate) async fn import(self, app: &App, actor: &Actor) -> Result<ImportReport, AppError> {
        let mut missing = Vec::new();
        if self.assigner_id.is_none() {
            missing.push(FieldError::new("assigner_id", "required"));
        }
        if self.file.is_none() {
            missing.push(FieldError::new("file", "required"));
        }
        match (self.assigner_id, self.file) {
            (Some(assigner_id), Some((file_name, bytes))) => {
                app.import_tasks(actor, assigner_id, self.document_id, &file_name, &bytes).await
            }
            _ => Err(nqtrack_domain::Invalid(missing).into()),
        }
    }
}

/// The annex as `multipart/form-data`.
#[derive(ToSchema)]
#[allow(dead_code)] // only described: the form is read part by part
pub struct TaskImportForm {
    /// The annex, XLSX or CSV (UTF-8, comma or semicolon separated), at most 10 MB; see the template.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The assigning unit of every task in the file.
    assigner_id: Uuid,
    /// The document every task comes from (its clause is the `Điều khoản` column).
    document_id: Option<Uuid>,
}

/// The outcome of an accepted annex.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskImportResult {
    /// How many tasks were assigned (a recurring task counts once, whatever its occurrences).
    pub created: usize,
}

/// Assigns every task of a plan's annex (Phụ lục nhiệm vụ), laid out as the template. Each row is checked
/// as if typed in the assignment form, unit codes and the leader's name are looked up, and if any cell
/// is wrong nothing is written: the 422 problem lists every failing cell with its `row` and column
/// (`field`: `code`, `title`, `presiding`, `coordinating`, `kind`, `deadline`, `working_days`, `field`,
/// `priority`, `confidentiality`, `leader`, ...).
#[utoipa::path(post, path = "/tasks/import", tag = "tasks",
    request_body(content = TaskImportForm, content_type = "multipart/form-data"),
    responses((status = 200, description = "The whole annex was imported", body = TaskImportResult), Problems))]
async fn import_tasks(
    State(state): State<AppState>,
    caller: Caller,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<TaskImportResult> {
    // A body that is not multipart carries no file.
    let multipart = multipart.map_err(|_| problem(caller.lang)(FieldError::new("file", "required").into()))?;
    let form = ImportForm::read(multipart).await.map_err(problem(caller.lang))?;
    let report = form.import(&state.app, caller.actor()).await.map_err(problem(caller.lang))?;
    Ok(Json(TaskImportResult { created: report.created }))
}

/// The annex template to fill in: one task per row, codes formatted as text, dropdowns for the kind,
/// field, priority and confidentiality, and a sheet explaining every column.
#[utoipa::path(get, path = "/tasks/import/template.xlsx", tag = "tasks",
    responses((status = 200, description = "The template, as a download", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes,
        headers(("content-disposition" = String, description = "`attachment`, named “Mẫu phụ lục nhiệm vụ.xlsx”"))),
        Problems))]
async fn task_import_template(caller: Caller) -> Result<Response, ApiError> {
    template_download().map_err(problem(caller.lang))
}

/// The tasks of a list (the same query as `GET /tasks`, every page) as an XLSX sheet in the caller's
/// language: code, title, units, document, deadline in force, status, colour, progress, completion date,
/// field and leader, dates as Excel dates. At most 100,000 tasks.
#[utoipa::path(get, path = "/tasks/export.xlsx", tag = "tasks", params(TasksQuery),
    responses((status = 200, description = "The list, as a download", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes,
        headers(("content-disposition" = String, description = "`attachment`, named `nhiem-vu-<unit code>-<yyyy-mm-dd>.xlsx`"))),
        Problems))]
async fn export_tasks_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<TasksQuery>,
) -> Result<Response, ApiError> {
    export(&state, &caller, query, ExportFormat::Xlsx).await
}

/// The same list as CSV: UTF-8 with a byte order mark (for Excel), comma separated, dates dd/mm/yyyy.
#[utoipa::path(get, path = "/tasks/export.csv", tag = "tasks", params(TasksQuery),
    responses((status = 200, description = "The list, as a download", content_type = "text/csv", body = String,
        headers(("content-disposition" = String, description = "`attachment`, named `nhiem-vu-<unit code>-<yyyy-mm-dd>.csv`"))),
        Problems))]
async fn export_tasks_csv(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<TasksQuery>,
) -> Result<Response, ApiError> {
    export(&state, &caller, query, ExportFormat::Csv).await
}

async fn export(
    state: &AppState,
    caller: &Caller,
    query: TasksQuery,
    format: ExportFormat,
) -> Result<Response, ApiError> {
    let export = state
        .app
        .export_tasks(caller.actor(), &query.into(), caller.lang.code())
        .await
        .map_err(problem(caller.lang))?;
    export_download(&export, format).map_err(problem(caller.lang))
}

#[cfg(test)]
mod tests {
    use axum::http::header;

    use super::*;

    #[test]
    fn downloads_keep_vietnamese_names() {
        let response = download(Vec::new(), HeaderValue::from_static(XLSX), TEMPLATE_NAME, Some(TEMPLATE_ASCII_NAME));
        let disposition = response.headers().get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok());
        assert_eq!(
            disposition,
            Some(
                "attachment; filename=\"mau-phu-luc-nhiem-vu.xlsx\"; \
                 filename*=UTF-8''M%E1%BA%ABu%20ph%E1%BB%A5%20l%E1%BB%A5c%20nhi%E1%BB%87m%20v%E1%BB%A5.xlsx"
            )
        );
    }
}
