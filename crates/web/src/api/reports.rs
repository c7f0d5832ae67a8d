//! Period reports and person scorecards as JSON, and the report's DOCX and XLSX downloads: the same
//! `App::period_report` as the `/reports` page.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::Response;
use nqtrack_app::{App, PeriodReport, PersonScorecards, ReportFile, Result as AppResult};
use nqtrack_domain::policy::Actor;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::indicators::Record;
use crate::api::task_exchange::XLSX;
use crate::api::tasks::FileBytes;
use crate::api::{ApiError, ApiQuery, ApiResult, Problems, problem};
use crate::auth::Caller;
use crate::download::download;
use crate::state::AppState;

pub(crate) const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report))
        .routes(routes!(report_docx))
        .routes(routes!(report_xlsx))
        .routes(routes!(people))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The unit whose subtree is reported on; the caller's home unit when omitted.
    pub unit: Option<Uuid>,
    /// `2026-09` (month), `2026-Q3`, `2026-H1`, `2026-9M` (1 January – 30 September), `2026` (year), or
    /// `custom` / omitted with `from` and `to`.
    pub period: Option<String>,
    /// First day of a custom range, `dd/mm/yyyy`.
    pub from: Option<String>,
    /// Last day of a custom range, `dd/mm/yyyy`.
    pub to: Option<String>,
}

/// The unit a report or scorecard is about: the one asked for, or the actor's home unit.
pub(crate) async fn unit_or_home(app: &App, actor: &Actor, unit: Option<Uuid>) -> AppResult<Uuid> {
    match unit {
        Some(id) => Ok(id),
        None => Ok(app.home_unit(actor).await?.id),
    }
}

impl ReportQuery {
    pub(crate) async fn report(&self, app: &App, actor: &Actor) -> AppResult<PeriodReport> {
        let unit = unit_or_home(app, actor, self.unit).await?;
        app.period_report(actor, unit, self.period(), self.from(), self.to()).await
    }

    pub(crate) fn period(&self) -> &str {
        self.period.as_deref().unwrap_or_default()
    }

    pub(crate) fn from(&self) -> &str {
        self.from.as_deref().unwrap_or_default()
    }

    pub(crate) fn to(&self) -> &str {
        self.to.as_deref().unwrap_or_default()
    }
}

/// Which file a report is downloaded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReportFormat {
    Docx,
    Xlsx,
}

/// The report as a file to save.
pub(crate) async fn report_file(
    app: &App,
    actor: &Actor,
    query: &ReportQuery,
    format: ReportFormat,
) -> AppResult<Response> {
    let unit = unit_or_home(app, actor, query.unit).await?;
    let (file, content_type): (ReportFile, &'static str) = match format {
        ReportFormat::Docx => {
            (app.period_report_docx(actor, unit, query.period(), query.from(), query.to()).await?, DOCX)
        }
        ReportFormat::Xlsx => {
            (app.period_report_xlsx(actor, unit, query.period(), query.from(), query.to()).await?, XLSX)
        }
    };
    // The name is already ASCII ("bao-cao-9-thang-nam-2026-tuyen-quang.docx").
    Ok(download(file.bytes, HeaderValue::from_static(content_type), &file.name, Some(&file.name)))
}

/// A unit's period report: `period` (kind, `start`, `end`, Vietnamese `label`), `as_of` (the end, or
/// today while the period runs), `frozen` (the closing whose figures are shown, if any), `tasks` (counts
/// by status and colour; `null` when there is no data, never zeros), `previous` (the last report's date
/// and counts), the sentences `tasks_text`, `changes_text`, `colours_text`, `on_time_rate`, the
/// `completed` and `overdue` lists (at most 200 each, with `total`), `difficulties` and `proposals` from
/// progress reports, `indicators` against their targets (`value: null` = no data) and `ranks` among the
/// unit's peers. Secret tasks are listed as "Nhiệm vụ mật" and their progress notes are left out.
#[utoipa::path(get, path = "/reports", tag = "evaluation", params(ReportQuery),
    responses((status = 200, description = "The report", body = Record), Problems))]
async fn report(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> ApiResult<PeriodReport> {
    Ok(Json(query.report(&state.app, caller.actor()).await.map_err(problem(caller.lang))?))
}

/// The report as an editable DOCX in the Vietnamese administrative style (Decree 30/2020): header
/// block, Times New Roman, numbered sections and tables; the number and signature are left to fill in.
#[utoipa::path(get, path = "/reports/export.docx", tag = "evaluation", params(ReportQuery),
    responses((status = 200, description = "The report, as a download", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = FileBytes,
        headers(("content-disposition" = String, description = "`attachment`, named like `bao-cao-9-thang-nam-2026-tuyen-quang.docx`"))),
        Problems))]
async fn report_docx(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    report_file(&state.app, caller.actor(), &query, ReportFormat::Docx).await.map_err(problem(caller.lang))
}

/// The report's text and tables as an XLSX workbook.
#[utoipa::path(get, path = "/reports/export.xlsx", tag = "evaluation", params(ReportQuery),
    responses((status = 200, description = "The report, as a download", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes,
        headers(("content-disposition" = String, description = "`attachment`, named like `bao-cao-9-thang-nam-2026-tuyen-quang.xlsx`"))),
        Problems))]
async fn report_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    report_file(&state.app, caller.actor(), &query, ReportFormat::Xlsx).await.map_err(problem(caller.lang))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// The unit whose subtree's tasks are counted; the caller's home unit when omitted.
    pub unit: Option<Uuid>,
    /// `dd/mm/yyyy`; today when omitted.
    pub as_of: Option<String>,
}

/// Person scorecards: for each leader in charge (`leader_id`, `name`, `position`), the tasks of their
/// portfolio presided in the unit's subtree counted by status and colour (`tasks`) and their
/// `on_time_rate` (`null` while no outcome is known); tasks without a leader are the last row
/// (`leader_id: null`, "Chưa phân công lãnh đạo").
#[utoipa::path(get, path = "/people", tag = "evaluation", params(PeopleQuery),
    responses((status = 200, description = "The scorecards", body = Record), Problems))]
async fn people(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<PeopleQuery>,
) -> ApiResult<PersonScorecards> {
    let scorecards = async {
        let unit = unit_or_home(&state.app, caller.actor(), query.unit).await?;
        state.app.person_scorecards(caller.actor(), unit, query.as_of.as_deref().unwrap_or_default()).await
    }
    .await
    .map_err(problem(caller.lang))?;
    Ok(Json(scorecards))
}
