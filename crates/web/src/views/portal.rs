//! The public portal, open without an account: `/public` (what was published), a unit's progress
//! `/public/units/{id}`, a ranking `/public/rankings?subject&peers&period` (with the map when the
//! provinces are ranked) and an indicator `/public/indicators/{code}`, each also as open data
//! (`….csv` with a byte order mark, `….json`). And `/publications`, where a coordinator publishes and
//! withdraws items through forms carrying the CSRF token.
//!
//! Every figure comes cut down from the app (`App::public_*`): an unpublished item is a 404 page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use nqtrack_app::{AppError, PUBLICATION_KINDS, PeerSpec, PublicIndicator, PublicProgress, PublicRanking};
use nqtrack_office::export::{Cell, Sheet, write_csv};
use nqtrack_store::Publication;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::dashboard::{MapEntry, map_svg, period_label, sparkline};
use super::indicators::format_number;
use super::tasks::form::value;
use crate::api::portal::{PublicItemDto, public_href};
use crate::auth::Viewer;
use crate::download::download;
use crate::i18n::{Lang, tr};
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/public", get(items_page))
        .route("/public/units/{file}", get(unit_page))
        .route("/public/rankings", get(ranking_page))
        .route("/public/rankings.csv", get(ranking_csv))
        .route("/public/rankings.json", get(ranking_json))
        .route("/public/indicators/{file}", get(indicator_page))
        .route("/publications", get(publications_page).post(publish))
        .route("/publications/{id}/withdraw", post(withdraw))
}

/// CSV as `nqtrack_office::export::write_csv` writes it: UTF-8 with a byte order mark, for Excel.
const CSV: &str = "text/csv; charset=utf-8";
const JSON: &str = "application/json";

/// What a `{file}` path segment asks for: the page, or its data as CSV or JSON.
enum Format {
    Page,
    Csv,
    Json,
}

/// The item named by a `{file}` path segment and the format asked for (`…/{id}.csv`).
fn wanted(file: &str) -> (&str, Format) {
    if let Some(stem) = file.strip_suffix(".csv") {
        (stem, Format::Csv)
    } else if let Some(stem) = file.strip_suffix(".json") {
        (stem, Format::Json)
    } else {
        (file, Format::Page)
    }
}

fn csv_download(sheet: &Sheet, name: &str) -> Response {
    download(write_csv(sheet), HeaderValue::from_static(CSV), name, Some(name))
}

fn json_download<T: Serialize>(value: &T, name: &str) -> Result<Response, AppError> {
    let bytes = serde_json::to_vec_pretty(value).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download(bytes, HeaderValue::from_static(JSON), name, Some(name)))
}

fn number_cell(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, Cell::Number)
}

fn headers(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(lang, k)).collect()
}

// ---------------------------------------------------------------- the list ----

#[derive(Template)]
#[template(path = "public_items.html")]
struct ItemsPage {
    base: Base,
    items: Vec<PublicItemDto>,
}

async fn items_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    let items = state.app.public_items().await.map_err(|e| PageError::new(&viewer, e))?;
    let today = state.app.today();
    let items = items.into_iter().map(|p| PublicItemDto::new(p, today)).collect();
    Ok(render(&ItemsPage { base: Base::new(&viewer), items }))
}

// ---------------------------------------------------------- a unit's progress ----

#[derive(Template)]
#[template(path = "public_unit.html")]
struct UnitPage {
    base: Base,
    p: PublicProgress,
    as_of: String,
}

fn progress_sheet(lang: Lang, p: &PublicProgress) -> Sheet {
    Sheet {
        title: p.unit_name.clone(),
        headers: headers(
            lang,
            &[
                "portal-task-code",
                "portal-task-title",
                "portal-task-presiding",
                "portal-task-deadline",
                "portal-task-status",
                "portal-task-colour",
                "portal-task-percent",
            ],
        ),
        rows: p
            .items
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(t.code.clone()),
                    Cell::Text(t.title.clone()),
                    Cell::Text(t.presiding_unit.clone()),
                    t.deadline.map_or(Cell::Empty, Cell::Date),
                    t.status.map_or(Cell::Empty, |s| Cell::Text(tr(lang, &format!("task-status-{}", s.as_str())))),
                    t.colour.map_or(Cell::Empty, |c| Cell::Text(tr(lang, &format!("task-colour-{}", c.as_str())))),
                    Cell::Integer(i64::from(t.progress_percent)),
                ]
            })
            .collect(),
    }
}

async fn unit_page(State(state): State<AppState>, viewer: Viewer, Path(file): Path<String>) -> PageResult {
    let fail = |e: AppError| PageError::new(&viewer, e);
    let (stem, format) = wanted(&file);
    let id: Uuid = stem.parse().map_err(|_| fail(AppError::NotFound("unit")))?;
    let p = state.app.public_unit_progress(id).await.map_err(fail)?;
    let name = format!("tien-do-{}", p.unit_code);
    match format {
        Format::Csv => Ok(csv_download(&progress_sheet(viewer.lang, &p), &format!("{name}.csv"))),
        Format::Json => json_download(&p, &format!("{name}.json")).map_err(fail),
        Format::Page => {
            let as_of = nqtrack_domain::dates::format_date(p.as_of);
            Ok(render(&UnitPage { base: Base::new(&viewer), p, as_of }))
        }
    }
}

// ------------------------------------------------------------------ a ranking ----

#[derive(Template)]
#[template(path = "public_ranking.html")]
struct RankingPage {
    base: Base,
    r: PublicRanking,
    period: String,
    map: Option<String>,
    query: String,
}

impl RankingPage {
    fn number(&self, x: &Option<f64>) -> String {
        x.map_or_else(|| "—".to_owned(), |x| format_number(self.base.lang, x))
    }
}

fn ranking_sheet(lang: Lang, r: &PublicRanking) -> Sheet {
    Sheet {
        title: r.subject_name.clone(),
        headers: headers(
            lang,
            &[
                "portal-rank",
                "portal-unit-code",
                "portal-unit",
                "portal-score",
                "portal-task-colour",
                "portal-rank-change",
            ],
        ),
        rows: r
            .rows
            .iter()
            .map(|row| {
                vec![
                    row.rank.map_or(Cell::Empty, |rank| Cell::Integer(i64::from(rank))),
                    Cell::Text(row.unit_code.clone()),
                    Cell::Text(row.unit_name.clone()),
                    number_cell(row.score),
                    row.colour.map_or(Cell::Empty, |c| Cell::Text(tr(lang, &format!("task-colour-{}", c.as_str())))),
                    row.change.map_or(Cell::Empty, |c| Cell::Integer(i64::from(c))),
                ]
            })
            .collect(),
    }
}

async fn load_ranking(state: &AppState, pairs: &[(String, String)]) -> Result<PublicRanking, AppError> {
    state.app.public_ranking(value(pairs, "subject"), value(pairs, "peers"), value(pairs, "period")).await
}

async fn ranking_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let r = load_ranking(&state, &pairs).await.map_err(|e| PageError::new(&viewer, e))?;
    let lang = viewer.lang;
    let map = (r.peers == PeerSpec::Provinces).then(|| {
        let entries: Vec<MapEntry> = r
            .rows
            .iter()
            .map(|row| MapEntry {
                code: row.unit_code.clone(),
                name: row.unit_name.clone(),
                rank: row.rank,
                of: row.of,
                percent: row.percent,
                href: None,
            })
            .collect();
        map_svg(lang, &r.subject_name, &r.period, &entries)
    });
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("subject", &r.subject)
        .append_pair("peers", &r.peers.to_string())
        .append_pair("period", &r.period.label())
        .finish();
    let period = period_label(lang, &r.period);
    Ok(render(&RankingPage { base: Base::new(&viewer), r, period, map, query }))
}

async fn ranking_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let r = load_ranking(&state, &pairs).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(csv_download(&ranking_sheet(viewer.lang, &r), &format!("xep-hang-{}.csv", r.period.label())))
}

async fn ranking_json(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let fail = |e: AppError| PageError::new(&viewer, e);
    let r = load_ranking(&state, &pairs).await.map_err(fail)?;
    json_download(&r, &format!("xep-hang-{}.json", r.period.label())).map_err(fail)
}

// --------------------------------------------------------------- an indicator ----

#[derive(Template)]
#[template(path = "public_indicator.html")]
struct IndicatorPage {
    base: Base,
    i: PublicIndicator,
    period: String,
    chart: String,
}

impl IndicatorPage {
    fn number(&self, x: &Option<f64>) -> String {
        x.map_or_else(|| "—".to_owned(), |x| format_number(self.base.lang, x))
    }
}

fn indicator_sheet(lang: Lang, i: &PublicIndicator) -> Sheet {
    Sheet {
        title: i.code.clone(),
        headers: headers(
            lang,
            &[
                "portal-unit-code",
                "portal-unit",
                "portal-value",
                "portal-target",
                "portal-achievement",
                "portal-partial",
            ],
        ),
        rows: i
            .provinces
            .iter()
            .map(|row| {
                vec![
                    Cell::Text(row.unit_code.clone()),
                    Cell::Text(row.unit_name.clone()),
                    number_cell(row.value),
                    number_cell(row.target),
                    number_cell(row.achievement),
                    Cell::Text(tr(lang, if row.partial { "portal-yes" } else { "portal-no" })),
                ]
            })
            .collect(),
    }
}

async fn indicator_page(State(state): State<AppState>, viewer: Viewer, Path(file): Path<String>) -> PageResult {
    let fail = |e: AppError| PageError::new(&viewer, e);
    let (code, format) = wanted(&file);
    let i = state.app.public_indicator(code).await.map_err(fail)?;
    let name = format!("chi-tieu-{}", i.code);
    match format {
        Format::Csv => Ok(csv_download(&indicator_sheet(viewer.lang, &i), &format!("{name}.csv"))),
        Format::Json => json_download(&i, &format!("{name}.json")).map_err(fail),
        Format::Page => {
            let period = i.period.map(|p| period_label(viewer.lang, &p)).unwrap_or_default();
            let chart = sparkline(&i.national, &i.name);
            Ok(render(&IndicatorPage { base: Base::new(&viewer), i, period, chart }))
        }
    }
}

// ------------------------------------------------------- the coordinator's page ----

/// A published item in the coordinator's list.
pub struct Listed {
    pub publication: Publication,
    pub href: String,
}

#[derive(Template)]
#[template(path = "publications.html")]
struct PublicationsPage {
    base: Base,
    items: Vec<Listed>,
    kinds: &'static [&'static str],
    form: PublishForm,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PublishForm {
    kind: String,
    subject: String,
    title: String,
}

async fn show(state: &AppState, viewer: &Viewer, form: PublishForm, error: Option<AppError>) -> PageResult {
    let items = state.app.publications(&viewer.actor()).await.map_err(|e| PageError::new(viewer, e))?;
    let today = state.app.today();
    let items = items.into_iter().map(|p| Listed { href: public_href(&p, today), publication: p }).collect();
    let base = match &error {
        Some(error) => Base::new(viewer).with_error(error),
        None => Base::new(viewer),
    };
    let page = render(&PublicationsPage { base, items, kinds: PUBLICATION_KINDS, form });
    Ok(match error {
        Some(error) => (crate::error::status_of(&error), page).into_response(),
        None => page,
    })
}

async fn publications_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    // The dashboard links here with the item to publish filled in.
    let form = PublishForm {
        kind: value(&pairs, "kind").to_owned(),
        subject: value(&pairs, "subject").to_owned(),
        title: value(&pairs, "title").to_owned(),
    };
    show(&state, &viewer, form, None).await
}

async fn publish(State(state): State<AppState>, viewer: Viewer, Form(form): Form<PublishForm>) -> PageResult {
    require_signed_in(&viewer)?;
    match state.app.publish(&viewer.actor(), &form.kind, &form.subject, &form.title).await {
        Ok(_) => Ok(saved("/publications")),
        Err(AppError::Denied(denied)) => Err(PageError::new(&viewer, AppError::Denied(denied))),
        Err(error) => show(&state, &viewer, form, Some(error)).await,
    }
}

async fn withdraw(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    require_signed_in(&viewer)?;
    state.app.withdraw(&viewer.actor(), id).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(saved("/publications"))
}
