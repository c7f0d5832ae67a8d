//! `/dashboard`: the leaders' overview of a unit's subtree (the viewer's home unit unless `?unit=`),
//! as of a date (`?as_of=dd/mm/yyyy`) and ranked on a subject (`?subject=`): counts with their change,
//! the lists to act on, the slowest units, indicator tiles with sparklines, the peer ranking, the
//! provinces on a map and the early warnings. Everything is computed by `App::dashboard`.

use std::borrow::Borrow;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use nqtrack_app::{AppError, Dashboard, IndicatorTile, PeerSpec, ProvinceMap, SeriesPoint, band_of};
use nqtrack_domain::evaluation::TaskTally;
use nqtrack_domain::period::Period;
use nqtrack_domain::policy::{self, Action};
use nqtrack_office::map::{LegendEntry, MapRequest, NO_DATA_CLASS, ProvinceStyle, province_map_svg};

use super::indicators::format_number;
use super::tasks::form::{uuid_field, value};
use crate::auth::Viewer;
use crate::i18n::{Lang, tr, tr_args};
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in};

pub fn routes() -> Router<AppState> {
    Router::new().route("/dashboard", get(dashboard_page)).route("/dashboard/indicators", get(indicators_partial))
}

/// One count with its change since the baseline.
pub struct CountTile {
    pub label: String,
    pub class: &'static str,
    pub count: i64,
    /// "▲ 3", "▼ 2" or "=".
    pub arrow: String,
    /// The change in words, for screen readers and print.
    pub words: String,
    pub href: String,
}

/// The change of a count in an arrow and in words.
pub fn change(lang: Lang, now: i64, before: i64) -> (String, String) {
    let count = (now - before).abs().to_string();
    match now - before {
        0 => ("=".to_owned(), tr(lang, "dashboard-change-none")),
        d if d > 0 => (format!("▲ {count}"), tr_args(lang, "dashboard-change-up", &[("count", count)])),
        _ => (format!("▼ {count}"), tr_args(lang, "dashboard-change-down", &[("count", count)])),
    }
}

fn tiles(lang: Lang, now: &TaskTally, before: &TaskTally, tasks_href: &str) -> (Vec<CountTile>, Vec<CountTile>) {
    let tile = |key: &str, class: &'static str, filter: &str, now: i64, before: i64| {
        let (arrow, words) = change(lang, now, before);
        CountTile { label: tr(lang, key), class, count: now, arrow, words, href: format!("{tasks_href}{filter}") }
    };
    let statuses = vec![
        tile("dashboard-total", "", "", now.total, before.total),
        tile(
            "task-status-completed_on_time",
            "tile-green",
            "&status=completed_on_time",
            now.completed_on_time,
            before.completed_on_time,
        ),
        tile(
            "task-status-completed_late",
            "tile-yellow",
            "&status=completed_late",
            now.completed_late,
            before.completed_late,
        ),
        tile("task-status-in_progress", "", "&status=in_progress", now.in_progress, before.in_progress),
        tile("task-status-overdue", "tile-red", "&status=overdue", now.overdue, before.overdue),
        tile("task-status-reported", "tile-green", "&status=reported", now.reported, before.reported),
        tile("task-status-not_reported", "tile-red", "&status=not_reported", now.not_reported, before.not_reported),
    ];
    let colours = vec![
        tile("task-colour-green", "tile-green", "&colour=green", now.green, before.green),
        tile("task-colour-yellow", "tile-yellow", "&colour=yellow", now.yellow, before.yellow),
        tile("task-colour-red", "tile-red", "&colour=red", now.red, before.red),
    ];
    (statuses, colours)
}

/// A small line of the values (no axes): missing periods break the line.
pub fn sparkline(points: &[SeriesPoint], label: &str) -> String {
    const W: f64 = 120.0;
    const H: f64 = 32.0;
    const PAD: f64 = 3.0;
    let values: Vec<f64> = points.iter().filter_map(|p| p.value).collect();
    let (low, high) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(*v), h.max(*v)));
    let span = if high > low { high - low } else { 1.0 };
    let step = if points.len() > 1 { (W - 2.0 * PAD) / (points.len() - 1) as f64 } else { 0.0 };
    let mut path = String::new();
    let mut pen_down = false;
    let mut last = None;
    for (i, point) in points.iter().enumerate() {
        let Some(v) = point.value else {
            pen_down = false;
            continue;
        };
        let x = PAD + step * i as f64;
        let y = H - PAD - (v - low) / span * (H - 2.0 * PAD);
        path.push_str(&format!("{}{x:.1},{y:.1} ", if pen_down { 'L' } else { 'M' }));
        pen_down = true;
        last = Some((x, y));
    }
    let dot = last
        .map(|(x, y)| format!("<circle class=\"spark-last\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\"/>"))
        .unwrap_or_default();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sparkline\" viewBox=\"0 0 {W} {H}\" role=\"img\" \
         aria-label=\"{}\"><path class=\"spark-line\" d=\"{}\" fill=\"none\"/>{dot}</svg>",
        escape(label),
        path.trim_end()
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The period as officials write it: "Quý III/2026", "Tháng 10/2026", "Năm 2026".
pub fn period_label(lang: Lang, period: &Period) -> String {
    let label = period.label();
    let (year, rest) = label.split_once('-').unwrap_or((label.as_str(), ""));
    match rest.strip_prefix('Q') {
        Some(q) => tr_args(lang, "dashboard-period-quarter", &[("quarter", q.to_owned()), ("year", year.to_owned())]),
        None if rest.len() == 2 => {
            tr_args(lang, "dashboard-period-month", &[("month", rest.to_owned()), ("year", year.to_owned())])
        }
        _ => label.clone(),
    }
}

/// A province as the map draws it.
pub struct MapEntry {
    pub code: String,
    pub name: String,
    pub rank: Option<u32>,
    pub of: u32,
    pub percent: Option<f64>,
    /// The drill-down; public pages have none.
    pub href: Option<String>,
}

/// The dashboard's provinces, each linking to its drill-down.
fn map_entries(map: &ProvinceMap) -> Vec<MapEntry> {
    map.provinces
        .iter()
        .map(|province| {
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("subject", &map.subject)
                .append_pair("peers", &PeerSpec::Provinces.to_string())
                .append_pair("period", &map.period.label())
                .append_pair("unit", &province.unit_id.to_string())
                .finish();
            MapEntry {
                code: province.code.clone(),
                name: province.name.clone(),
                rank: province.rank,
                of: province.of,
                percent: province.percent,
                href: Some(format!("/rankings/explain?{query}")),
            }
        })
        .collect()
}

/// The provinces in five bands of their score (and "no data"), with the legend and attribution.
pub fn map_svg(lang: Lang, subject_name: &str, period: &Period, provinces: &[MapEntry]) -> String {
    let caption = tr_args(
        lang,
        "dashboard-map-caption",
        &[("subject", subject_name.to_owned()), ("period", period_label(lang, period))],
    );
    let mut request = MapRequest::new(caption);
    for province in provinces {
        let style = match (province.percent, province.rank) {
            (Some(percent), Some(rank)) => ProvinceStyle {
                class: format!("band-{}", band_of(percent)),
                tooltip: tr_args(
                    lang,
                    "dashboard-map-tooltip",
                    &[
                        ("name", province.name.clone()),
                        ("score", format_number(lang, percent)),
                        ("rank", rank.to_string()),
                        ("of", province.of.to_string()),
                    ],
                ),
                href: province.href.clone(),
                label: Some(rank.to_string()),
            },
            _ => ProvinceStyle {
                class: NO_DATA_CLASS.to_owned(),
                tooltip: format!("{}: {}", province.name, tr(lang, "dashboard-no-data")),
                href: province.href.clone(),
                label: None,
            },
        };
        request.provinces.insert(province.code.clone(), style);
    }
    request.legend = (1..=5)
        .map(|b| LegendEntry { class: format!("band-{b}"), label: format!("{}–{}", (b - 1) * 20, b * 20) })
        .chain(std::iter::once(LegendEntry { class: NO_DATA_CLASS.to_owned(), label: tr(lang, "dashboard-no-data") }))
        .collect();
    province_map_svg(&request)
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    base: Base,
    d: Dashboard,
    as_of: String,
    since: String,
    statuses: Vec<CountTile>,
    colours: Vec<CountTile>,
    /// The indicator tiles, loaded after the page.
    indicators_href: String,
    map: Option<String>,
    tasks_href: String,
    period: String,
    tolerance: String,
    /// The viewer may publish the unit's progress on the portal.
    can_publish: bool,
}

impl DashboardPage {
    fn percent(&self, x: impl Borrow<Option<f64>>) -> String {
        percent(self.base.lang, *x.borrow())
    }

    fn number(&self, x: impl Borrow<Option<f64>>) -> String {
        number(self.base.lang, *x.borrow())
    }

    /// Places gained or lost since the previous period, as an arrow.
    fn rank_change(&self, change: &Option<i32>) -> String {
        match change {
            Some(c) if *c > 0 => format!("▲ {c}"),
            Some(c) if *c < 0 => format!("▼ {}", c.abs()),
            Some(_) => "=".to_owned(),
            None => String::new(),
        }
    }

    fn selected(&self, key: &str) -> bool {
        self.d.subject.as_ref().is_some_and(|s| s.key == key)
    }
}

fn percent(lang: Lang, x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{} %", format_number(lang, x)))
}

fn number(lang: Lang, x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format_number(lang, x))
}

#[derive(Template)]
#[template(path = "dashboard_indicators_partial.html")]
struct IndicatorsPartial {
    base: Base,
    unit_id: uuid::Uuid,
    tiles: Vec<IndicatorTile>,
    sparklines: Vec<String>,
}

impl IndicatorsPartial {
    fn percent(&self, x: &Option<f64>) -> String {
        percent(self.base.lang, *x)
    }

    fn number(&self, x: &Option<f64>) -> String {
        number(self.base.lang, *x)
    }
}

/// The unit and date of a dashboard request (`?unit=`, `?as_of=`).
async fn unit_and_date(
    state: &AppState,
    viewer: &Viewer,
    pairs: &[(String, String)],
) -> Result<(uuid::Uuid, Option<jiff::civil::Date>), AppError> {
    let unit_id = match uuid_field(pairs, "unit").map_err(|e| AppError::from(nqtrack_domain::Invalid(vec![e])))? {
        Some(id) => id,
        None => state.app.home_unit(&viewer.actor()).await?.id,
    };
    let as_of = match value(pairs, "as_of") {
        "" => None,
        text => Some(nqtrack_domain::dates::parse_date("as_of", text)?),
    };
    Ok((unit_id, as_of))
}

/// The indicator tiles of `/dashboard`, fetched by the page once it has loaded.
async fn indicators_partial(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e: AppError| PageError::new(&viewer, e);
    let (unit_id, as_of) = unit_and_date(&state, &viewer, &pairs).await.map_err(fail)?;
    let tiles = state.app.dashboard_indicators(&viewer.actor(), unit_id, as_of).await.map_err(fail)?;
    let sparklines = tiles.iter().map(|tile| sparkline(&tile.series, &tile.name)).collect();
    Ok(render(&IndicatorsPartial { base: Base::new(&viewer), unit_id, tiles, sparklines }))
}

async fn dashboard_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e: AppError| PageError::new(&viewer, e);
    let actor = viewer.actor();
    let (unit_id, as_of) = unit_and_date(&state, &viewer, &pairs).await.map_err(fail)?;
    let subject = Some(value(&pairs, "subject")).filter(|s| !s.is_empty());
    let d = state.app.dashboard(&actor, unit_id, as_of, subject).await.map_err(fail)?;
    let lang = viewer.lang;
    let as_of_text = nqtrack_domain::dates::format_date(d.as_of);
    let tasks_href = format!("/tasks?unit_id={}&as_of={as_of_text}", d.unit.id);
    let (statuses, colours) = tiles(lang, &d.tasks, &d.previous.tasks, &tasks_href);
    let since = tr_args(
        lang,
        if d.previous.frozen { "dashboard-since-closing" } else { "dashboard-since" },
        &[("date", nqtrack_domain::dates::format_date(d.previous.date))],
    );
    let indicators_href = format!("/dashboard/indicators?unit={}&as_of={as_of_text}", d.unit.id);
    let map = d.map.as_ref().map(|m| map_svg(lang, &m.subject_name, &m.period, &map_entries(m)));
    let period = d.map.as_ref().map(|m| period_label(lang, &m.period)).unwrap_or_default();
    Ok(render(&DashboardPage {
        base: Base::new(&viewer),
        as_of: as_of_text,
        since,
        statuses,
        colours,
        indicators_href,
        map,
        tasks_href,
        period,
        tolerance: format_number(lang, nqtrack_app::PACE_TOLERANCE_PERCENT),
        can_publish: policy::authorize(&actor, Action::ManageEvaluation, &d.unit.path).is_ok(),
        d,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_in_arrows_and_words() {
        assert_eq!(change(Lang::Vi, 5, 2).0, "▲ 3");
        assert_eq!(change(Lang::Vi, 2, 5).0, "▼ 3");
        assert_eq!(change(Lang::Vi, 2, 2).0, "=");
        assert_eq!(change(Lang::Vi, 5, 2).1, "tăng 3");
    }

    #[test]
    fn a_sparkline_breaks_at_missing_values() {
        let period = |label: &str| Period::parse("period", label).expect("a period");
        let points = [
            SeriesPoint { period: period("2026-Q1"), value: Some(1.0) },
            SeriesPoint { period: period("2026-Q2"), value: None },
            SeriesPoint { period: period("2026-Q3"), value: Some(3.0) },
        ];
        let svg = sparkline(&points, "A & B");
        assert_eq!(svg.matches('M').count(), 2, "{svg}");
        assert!(svg.contains("A &amp; B") && svg.contains("spark-last"));
        assert!(sparkline(&[], "x").contains("</svg>"));
        assert_eq!(period_label(Lang::Vi, &period("2026-Q3")), "Quý 3/2026");
    }
}
