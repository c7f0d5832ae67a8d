//! `/reports`: a unit's period report (month, quarter, half-year, nine months, year, custom range) as
//! a page, with its DOCX and XLSX downloads (`/reports/export.docx`, `.xlsx`); `/people`: the person
//! scorecards of a unit. Everything is computed by `App::period_report` and `App::person_scorecards`,
//! the same as the JSON API.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use jiff::civil::Date;
use nqtrack_app::{AppError, PeriodReport, PersonScorecards};
use nqtrack_domain::evaluation::report_prose::number_or_no_data;
use nqtrack_domain::policy::Actor;
use nqtrack_store::{Liveness, Unit};
use uuid::Uuid;

use super::tasks::form::{uuid_field, value};
use crate::api::reports::{ReportFormat, ReportQuery, report_file, unit_or_home};
use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports", get(report_page))
        .route("/reports/export.docx", get(export_docx))
        .route("/reports/export.xlsx", get(export_xlsx))
        .route("/people", get(people_page))
}

/// The units offered in the select: the viewer's home unit and those directly below it, and the unit
/// shown if it is elsewhere in scope.
async fn unit_choices(state: &AppState, actor: &Actor, shown: Option<&Unit>) -> Result<Vec<Unit>, AppError> {
    let home = state.app.home_unit(actor).await?;
    let children = state.app.browse_units(actor, Some(home.id), Liveness::Live).await?;
    let mut units = vec![home];
    units.extend(children.into_iter().map(|c| c.unit));
    if let Some(shown) = shown.filter(|s| !units.iter().any(|u| u.id == s.id)) {
        units.insert(0, shown.clone());
    }
    Ok(units)
}

/// The report query of a page's address.
fn report_query(pairs: &[(String, String)]) -> Result<ReportQuery, AppError> {
    let text = |key: &str| Some(value(pairs, key).to_owned()).filter(|v| !v.is_empty());
    Ok(ReportQuery { unit: uuid_field(pairs, "unit")?, period: text("period"), from: text("from"), to: text("to") })
}

/// The periods offered: the months, quarters, halves, nine months and year of this year and last.
fn period_choices(today: Date) -> Vec<(String, String)> {
    let mut choices = Vec::new();
    for year in [today.year(), today.year() - 1] {
        choices.push((format!("{year}"), format!("Năm {year}")));
        choices.push((format!("{year}-9M"), format!("9 tháng năm {year}")));
        choices.push((format!("{year}-H2"), format!("6 tháng cuối năm {year}")));
        choices.push((format!("{year}-H1"), format!("6 tháng đầu năm {year}")));
        for quarter in (1..=4).rev() {
            choices.push((format!("{year}-Q{quarter}"), format!("Quý {quarter}/{year}")));
        }
        for month in (1..=12).rev() {
            choices.push((format!("{year}-{month:02}"), format!("Tháng {month}/{year}")));
        }
    }
    choices
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportPage {
    base: Base,
    units: Vec<Unit>,
    unit_id: Option<Uuid>,
    periods: Vec<(String, String)>,
    period: String,
    from: String,
    to: String,
    report: Option<PeriodReport>,
    /// The query string of the downloads.
    download_query: String,
}

impl ReportPage {
    fn is_unit(&self, id: &Uuid) -> bool {
        self.unit_id == Some(*id)
    }

    fn is_period(&self, key: &str) -> bool {
        self.period == key
    }

    fn number(&self, value: &Option<f64>) -> String {
        number_or_no_data(*value)
    }

    fn opt_date(&self, date: &Option<Date>) -> String {
        date.map(|d| self.base.date(&d)).unwrap_or_default()
    }
}

async fn report_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let fail = |e| PageError::new(&viewer, e);
    let query = report_query(&pairs).map_err(fail)?;
    let today = state.app.today();
    let period = query
        .period
        .clone()
        .unwrap_or_else(|| if query.from.is_some() { "custom".into() } else { format!("{}-9M", today.year()) });
    let query = ReportQuery { period: Some(period.clone()), ..query };
    let mut base = Base::new(&viewer);
    // Bad input shows the form again with the reasons; a unit out of scope is an error page (403).
    let report = match query.report(&state.app, &actor).await {
        Ok(report) => Some(report),
        Err(error @ AppError::Invalid(_)) => {
            base = base.with_error(&error);
            None
        }
        Err(error) => return Err(fail(error)),
    };
    let shown = match &report {
        Some(report) => Some(state.app.unit_details(&actor, report.unit.id).await.map_err(fail)?.unit),
        None => None,
    };
    let units = unit_choices(&state, &actor, shown.as_ref()).await.map_err(fail)?;
    let mut download_query = form_urlencoded::Serializer::new(String::new());
    download_query
        .append_pair("unit", &report.as_ref().map(|r| r.unit.id.to_string()).unwrap_or_default())
        .append_pair("period", &period);
    for (key, text) in [("from", query.from()), ("to", query.to())] {
        if !text.is_empty() {
            download_query.append_pair(key, text);
        }
    }
    let download_query = download_query.finish();
    Ok(render(&ReportPage {
        base,
        unit_id: report.as_ref().map(|r| r.unit.id).or(query.unit),
        units,
        periods: period_choices(today),
        from: query.from().to_owned(),
        to: query.to().to_owned(),
        period,
        report,
        download_query,
    }))
}

async fn export(
    state: AppState,
    viewer: Viewer,
    pairs: Vec<(String, String)>,
    format: ReportFormat,
) -> Result<Response, PageError> {
    require_signed_in(&viewer)?;
    let fail = |e| PageError::new(&viewer, e);
    let query = report_query(&pairs).map_err(fail)?;
    report_file(&state.app, &viewer.actor(), &query, format).await.map_err(fail)
}

async fn export_docx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    export(state, viewer, pairs, ReportFormat::Docx).await
}

async fn export_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    export(state, viewer, pairs, ReportFormat::Xlsx).await
}

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    base: Base,
    units: Vec<Unit>,
    as_of: String,
    scorecards: PersonScorecards,
}

impl PeoplePage {
    fn is_unit(&self, id: &Uuid) -> bool {
        self.scorecards.unit_id == *id
    }

    fn rate(&self, rate: &Option<f64>) -> String {
        rate.map_or_else(|| self.base.t("reports-no-data"), |r| format!("{} %", number_or_no_data(Some(r))))
    }
}

async fn people_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let fail = |e| PageError::new(&viewer, e);
    let unit = uuid_field(&pairs, "unit").map_err(|e| fail(e.into()))?;
    let unit = unit_or_home(&state.app, &actor, unit).await.map_err(fail)?;
    let as_of = value(&pairs, "as_of").to_owned();
    let scorecards = state.app.person_scorecards(&actor, unit, &as_of).await.map_err(fail)?;
    let shown = state.app.unit_details(&actor, scorecards.unit_id).await.map_err(fail)?.unit;
    let units = unit_choices(&state, &actor, Some(&shown)).await.map_err(fail)?;
    let as_of = nqtrack_domain::dates::format_date(scorecards.as_of);
    Ok(render(&PeoplePage { base: Base::new(&viewer), units, as_of, scorecards }))
}
