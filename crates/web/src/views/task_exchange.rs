//! Tasks in and out of spreadsheets: `/tasks/import` (upload a plan's task annex, with every problem
//! listed by row and column), its template, and `/tasks/export.xlsx` / `.csv` of the list `/tasks` shows.
//!
//! The files and the upload are those of the API (`api::task_exchange`); the import and the export are
//! the app's. This module only adds the page.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Query, State};
use axum::response::IntoResponse;
use axum::routing::get;
use nqtrack_app::{AppError, DocumentQuery, TaskListQuery};
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{DocumentSummary, Unit};
use uuid::Uuid;

use super::tasks::form::{checked, uuid_field, value};
use crate::api::task_exchange::{ExportFormat, ImportForm, export_download, template_download};
use crate::auth::Viewer;
use crate::error::{field_messages, status_of};
use crate::i18n::field_label;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tasks/import", get(import_page).post(upload))
        .route("/tasks/import/template.xlsx", get(template))
        .route("/tasks/export.xlsx", get(export_xlsx))
        .route("/tasks/export.csv", get(export_csv))
}

/// One refused cell, as the official finds it in the sheet.
pub struct ProblemLine {
    /// Spreadsheet row; 0 for the file as a whole or a field of the form.
    pub row: usize,
    /// "D (Mã đơn vị chủ trì)": the column letter and the header as the file has it; the field's name
    /// when the file has no such column.
    pub column: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "task_import.html")]
struct TaskImportPage {
    base: Base,
    /// The units the viewer assigns from: their home unit and the units directly below it.
    assigners: Vec<Unit>,
    documents: Vec<DocumentSummary>,
    assigner_id: Option<Uuid>,
    document_id: Option<Uuid>,
    created: Option<usize>,
    problems: Vec<ProblemLine>,
}

impl TaskImportPage {
    fn is_assigner(&self, id: &Uuid) -> bool {
        self.assigner_id == Some(*id)
    }

    fn is_document(&self, id: &Uuid) -> bool {
        self.document_id == Some(*id)
    }
}

/// The list's query string mapped onto [`TaskListQuery`] the way `/tasks` reads it (ticked boxes, ids
/// that are not ids named as problems of their field), so an export holds exactly the list shown.
pub(crate) fn task_list_query(pairs: &[(String, String)]) -> (TaskListQuery, Vec<FieldError>) {
    let mut problems = Vec::new();
    let mut id = |key: &str| {
        uuid_field(pairs, key).unwrap_or_else(|e| {
            problems.push(e);
            None
        })
    };
    let query = TaskListQuery {
        unit_id: id("unit_id"),
        within_id: id("within_id"),
        document_id: id("document_id"),
        leader_id: id("leader_id"),
        relation: value(pairs, "relation").to_owned(),
        status: value(pairs, "status").to_owned(),
        colour: value(pairs, "colour").to_owned(),
        deadline_from: value(pairs, "deadline_from").to_owned(),
        deadline_to: value(pairs, "deadline_to").to_owned(),
        field: value(pairs, "field").to_owned(),
        kind: value(pairs, "kind").to_owned(),
        q: value(pairs, "q").to_owned(),
        due_soon: checked(pairs, "due_soon"),
        sort: value(pairs, "sort").to_owned(),
        page: value(pairs, "page").parse().ok(),
        as_of: value(pairs, "as_of").to_owned(),
    };
    (query, problems)
}

async fn import_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    // A link may choose the assigning unit and the document ("import tasks of this plan").
    let assigner_id = uuid_field(&pairs, "assigner_id").ok().flatten();
    let document_id = uuid_field(&pairs, "document_id").ok().flatten();
    let page = page(&state, &viewer, assigner_id, document_id).await?;
    Ok(render(&page))
}

/// The form with its choices; the chosen assigner and document are offered even when they are not
/// among the usual ones.
async fn page(
    state: &AppState,
    viewer: &Viewer,
    assigner_id: Option<Uuid>,
    document_id: Option<Uuid>,
) -> Result<TaskImportPage, PageError> {
    let actor = viewer.actor();
    let home = state.app.home_unit(&actor).await.map_err(|e| PageError::new(viewer, e))?;
    let mut assigners = vec![home.clone()];
    // The units below are a convenience: a viewer who may not open their home unit still imports for it.
    if let Ok(details) = state.app.unit_details(&actor, home.id).await {
        assigners.extend(details.children.into_iter().map(|c| c.unit).filter(Unit::is_live));
    }
    if let Some(id) = assigner_id
        && !assigners.iter().any(|u| u.id == id)
        && let Ok(details) = state.app.unit_details(&actor, id).await
    {
        assigners.push(details.unit);
    }
    let mut documents =
        state.app.list_documents(&actor, &DocumentQuery::default()).await.map(|d| d.items).unwrap_or_default();
    if let Some(id) = document_id
        && !documents.iter().any(|d| d.document.id == id)
        && let Ok(found) = state.app.document_details(&actor, id, 1).await
    {
        let summary =
            DocumentSummary { document: found.document, issuer_name: found.issuer.name, task_count: found.task_total };
        documents.insert(0, summary);
    }
    Ok(TaskImportPage {
        base: Base::new(viewer),
        assigners,
        documents,
        assigner_id,
        document_id,
        created: None,
        problems: Vec::new(),
    })
}

async fn upload(State(state): State<AppState>, viewer: Viewer, multipart: Multipart) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let (result, assigner_id, document_id) = match ImportForm::read(multipart).await {
        Ok(form) => {
            let (assigner_id, document_id) = (form.assigner_id, form.document_id);
            (form.import(&state.app, &actor).await, assigner_id, document_id)
        }
        Err(error) => (Err(error), None, None),
    };
    let mut page = page(&state, &viewer, assigner_id, document_id).await?;
    match result {
        Ok(report) => {
            page.created = Some(report.created);
            Ok(render(&page))
        }
        Err(error @ (AppError::ImportRejected(_) | AppError::Invalid(_))) => {
            page.problems = problem_lines(&viewer, &error);
            Ok((status_of(&error), render(&page)).into_response())
        }
        Err(error) => Err(PageError::new(&viewer, error)),
    }
}

/// Every problem of a refused upload, translated, with the column as the official sees it.
fn problem_lines(viewer: &Viewer, error: &AppError) -> Vec<ProblemLine> {
    let report = match error {
        AppError::ImportRejected(report) => report.problems.as_slice(),
        _ => &[],
    };
    field_messages(viewer.lang, error)
        .into_iter()
        .enumerate()
        .map(|(index, problem)| {
            let arg = |name: &str| {
                report.get(index).and_then(|p| p.args.iter().find(|(n, _)| *n == name)).map(|(_, v)| v.as_str())
            };
            let label = field_label(viewer.lang, &problem.field);
            let column = match (arg("column"), arg("header")) {
                (Some(letter), Some(header)) => format!("{letter} ({header})"),
                (Some(letter), None) => format!("{letter} ({label})"),
                _ => label,
            };
            ProblemLine { row: problem.row.unwrap_or(0), column, message: problem.message }
        })
        .collect()
}

async fn template(viewer: Viewer) -> PageResult {
    require_signed_in(&viewer)?;
    template_download().map_err(|e| PageError::new(&viewer, e))
}

async fn export_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    export(&state, &viewer, &pairs, ExportFormat::Xlsx).await
}

async fn export_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    export(&state, &viewer, &pairs, ExportFormat::Csv).await
}

async fn export(state: &AppState, viewer: &Viewer, pairs: &[(String, String)], format: ExportFormat) -> PageResult {
    require_signed_in(viewer)?;
    let fail = |e| PageError::new(viewer, e);
    let (query, bad_ids) = task_list_query(pairs);
    if !bad_ids.is_empty() {
        return Err(fail(Invalid(bad_ids).into()));
    }
    let export = state.app.export_tasks(&viewer.actor(), &query, viewer.lang.code()).await.map_err(fail)?;
    export_download(&export, format).map_err(fail)
}
