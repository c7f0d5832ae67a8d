//! Indicator pages: the catalogue `/indicators` (group and field filters, search without diacritics)
//! and `/indicators/{code}` (the definition, a unit's series against its target as an SVG chart drawn
//! here, the units directly below compared for a period, and that table as XLSX).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::routing::get;
use nqtrack_app::AppError;
use nqtrack_domain::indicator::{SubmissionState, Value, ValueType};
use nqtrack_domain::period::Period;
use nqtrack_office::indicators::{ValueExportRow, values_xlsx};
use nqtrack_store::{IndicatorRecord, Unit};

use super::tasks::form::{uuid_field, value};
use crate::api::indicators::{all_rounds, filter_catalogue};
use crate::api::task_exchange::XLSX;
use crate::auth::Viewer;
use crate::download::download;
use crate::i18n::{Lang, tr};
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/indicators", get(catalogue_page))
        .route("/indicators/{code}", get(indicator_page))
        .route("/indicators/{code}/export.xlsx", get(export_xlsx))
}

/// A number the Vietnamese way (`1.234,5`) or the English way (`1,234.5`), at most two decimals.
pub fn format_number(lang: Lang, x: f64) -> String {
    nqtrack_domain::text::format_number(x, lang == Lang::Vi)
}

/// A value as the pages show it: `1.234,5`, `95,5 %`, `Có`, `12/40`.
pub fn format_value(lang: Lang, value: &Value, value_type: ValueType) -> String {
    match value {
        Value::Number(x) if value_type == ValueType::Percent => format!("{} %", format_number(lang, *x)),
        Value::Number(x) => format_number(lang, *x),
        Value::YesNo(yes) => tr(lang, if *yes { "indicator-yes" } else { "indicator-no" }),
        Value::Ratio { numerator, denominator } => {
            format!("{}/{}", format_number(lang, *numerator), format_number(lang, *denominator))
        }
    }
}

impl Base {
    /// The message `<prefix>-<key>`: the translated name of a closed value.
    pub fn word(&self, prefix: &str, key: &str) -> String {
        self.t(&format!("{prefix}-{key}"))
    }

    pub fn num_or_dash(&self, x: &Option<f64>) -> String {
        x.map_or_else(|| "—".to_owned(), |x| format_number(self.lang, x))
    }

    pub fn percent_or_dash(&self, x: &Option<f64>) -> String {
        x.map_or_else(|| "—".to_owned(), |x| format!("{} %", format_number(self.lang, x)))
    }

    pub fn indicator_value(&self, value: &Option<Value>, value_type: &ValueType) -> String {
        value.as_ref().map_or_else(|| "—".to_owned(), |v| format_value(self.lang, v, *value_type))
    }

    pub fn value_type(&self, value_type: &ValueType) -> String {
        self.t(&format!("indicator-value-type-{}", value_type.as_str()))
    }

    pub fn submission_state(&self, state: &Option<SubmissionState>) -> String {
        match state {
            Some(state) => self.t(&format!("submission-state-{}", state.as_str())),
            None => self.t("submission-state-none"),
        }
    }

    pub fn indicator_name(&self, record: &IndicatorRecord) -> String {
        match self.lang {
            Lang::Vi => record.definition.name_vi.as_str().to_owned(),
            Lang::En => record.definition.name_en_or_vi().to_owned(),
        }
    }
}

#[derive(Template)]
#[template(path = "indicators.html")]
struct CataloguePage {
    base: Base,
    indicators: Vec<IndicatorRecord>,
    group: String,
    field: String,
    q: String,
    fields: Vec<nqtrack_domain::task::Field>,
    can_manage: bool,
}

async fn catalogue_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let all = state.app.indicators(&viewer.actor()).await.map_err(|e| PageError::new(&viewer, e))?;
    let (group, field, q) =
        (value(&pairs, "group").to_owned(), value(&pairs, "field").to_owned(), value(&pairs, "q").to_owned());
    let indicators = filter_catalogue(all, &group, &field, &q);
    let fields = nqtrack_domain::task::Field::ALL.to_vec();
    let can_manage = super::indicator_admin::may_manage(&viewer.actor());
    Ok(render(&CataloguePage { base: Base::new(&viewer), indicators, group, field, q, fields, can_manage }))
}

/// One point of the series.
pub struct Point {
    pub period: Period,
    pub value: Option<f64>,
    pub target: Option<f64>,
}

/// One unit directly below, compared for the period.
pub struct Compared {
    pub unit: Unit,
    pub value: Option<Value>,
    pub target: Option<f64>,
    pub achievement: Option<f64>,
    pub partial: Option<(usize, usize)>,
    pub state: Option<SubmissionState>,
    pub submitted_on: Option<jiff::civil::Date>,
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    base: Base,
    record: IndicatorRecord,
    name: String,
    unit: Unit,
    period: Option<Period>,
    periods: Vec<Period>,
    points: Vec<Point>,
    chart: String,
    compared: Vec<Compared>,
    can_manage: bool,
}

impl IndicatorPage {
    fn is_period(&self, period: &Period) -> bool {
        self.period == Some(*period)
    }
}

/// Everything the indicator page and its export need.
struct Loaded {
    record: IndicatorRecord,
    unit: Unit,
    period: Option<Period>,
    periods: Vec<Period>,
    points: Vec<Point>,
    compared: Vec<Compared>,
}

async fn load(state: &AppState, viewer: &Viewer, code: &str, pairs: &[(String, String)]) -> Result<Loaded, AppError> {
    let actor = viewer.actor();
    let code = code.trim().to_ascii_uppercase();
    let record = state
        .app
        .indicators(&actor)
        .await?
        .into_iter()
        .find(|r| r.definition.code.as_str() == code)
        .ok_or(AppError::NotFound("indicator"))?;
    let unit_id = match uuid_field(pairs, "unit_id").map_err(|e| AppError::from(nqtrack_domain::Invalid(vec![e])))? {
        Some(id) => id,
        None => state.app.home_unit(&actor).await?.id,
    };
    let details = state.app.unit_details(&actor, unit_id).await?;
    // The periods of the rounds that collect this indicator, oldest first.
    let rounds: Vec<_> = all_rounds(state, &actor)
        .await?
        .into_iter()
        .filter(|(_, d)| d.data_set.indicators.contains(&record.definition.code))
        .collect();
    let mut periods: Vec<Period> = rounds.iter().map(|(r, _)| r.round.period).collect();
    periods.sort();
    periods.dedup();
    let chosen = match value(pairs, "period") {
        "" => periods.last().copied(),
        text => Some(Period::parse("period", text).map_err(AppError::from)?),
    };
    let mut points = Vec::new();
    for period in periods.iter().rev().take(12).rev() {
        let aggregate = state.app.aggregate_indicator(&actor, unit_id, code.as_str(), &period.label()).await?;
        points.push(Point { period: *period, value: aggregate.number, target: aggregate.targets.target });
    }
    let mut compared = Vec::new();
    if let Some(period) = chosen {
        let round = rounds.iter().find(|(r, _)| r.round.period == period).map(|(r, _)| r.id);
        let completeness = match round {
            Some(round) => Some(state.app.round_completeness(&actor, round, unit_id).await?),
            None => None,
        };
        for child in details.children.into_iter().map(|c| c.unit).filter(Unit::is_live) {
            let aggregate = state.app.aggregate_indicator(&actor, child.id, code.as_str(), &period.label()).await?;
            let row = completeness.as_ref().and_then(|c| c.units.iter().find(|u| u.unit_id == child.id));
            compared.push(Compared {
                value: aggregate.value,
                target: aggregate.targets.target,
                achievement: aggregate.achievement,
                partial: (aggregate.from_level.is_some()).then_some((aggregate.included, aggregate.expected)),
                state: row.and_then(|r| r.state),
                submitted_on: row.and_then(|r| r.submitted_on),
                unit: child,
            });
        }
    }
    Ok(Loaded { record, unit: details.unit, period: chosen, periods, points, compared })
}

async fn indicator_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let loaded = load(&state, &viewer, &code, &pairs).await.map_err(|e| PageError::new(&viewer, e))?;
    let chart = line_chart(viewer.lang, &loaded.points);
    let base = Base::new(&viewer);
    Ok(render(&IndicatorPage {
        name: base.indicator_name(&loaded.record),
        base,
        record: loaded.record,
        unit: loaded.unit,
        period: loaded.period,
        periods: loaded.periods,
        points: loaded.points,
        chart,
        compared: loaded.compared,
        can_manage: super::indicator_admin::may_manage(&viewer.actor()),
    }))
}

async fn export_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e| PageError::new(&viewer, e);
    let loaded = load(&state, &viewer, &code, &pairs).await.map_err(fail)?;
    let Some(period) = loaded.period else {
        return Err(fail(nqtrack_domain::Invalid::one("period", "required").into()));
    };
    let definition = &loaded.record.definition;
    let rows: Vec<ValueExportRow> = loaded
        .compared
        .iter()
        .map(|c| ValueExportRow {
            unit_code: c.unit.code.clone(),
            unit_name: c.unit.name.clone(),
            indicator_code: definition.code.as_str().to_owned(),
            indicator_name: definition.name_vi.as_str().to_owned(),
            unit_of_measure: definition.unit_of_measure.clone(),
            period,
            value: c.value.map(|v| format_value(Lang::Vi, &v, definition.value_type)).unwrap_or_default(),
            target: c.target,
            achievement: c.achievement,
            state: c.state,
            submitted_on: c.submitted_on,
            comment: String::new(),
        })
        .collect();
    let bytes = values_xlsx(&rows).map_err(|e| fail(AppError::Internal(e.to_string())))?;
    let name = format!("chi-tieu-{}-{}-{}.xlsx", definition.code, loaded.unit.code, period.label());
    Ok(download(bytes, HeaderValue::from_static(XLSX), &name, Some(&name)))
}

/// The series as an SVG line chart: the values as a solid line with dots, the targets as a dashed
/// line, periods along the bottom. Drawn here, no script; the numbers are also in the table below it.
pub fn line_chart(lang: Lang, points: &[Point]) -> String {
    const W: f64 = 640.0;
    const H: f64 = 240.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 16.0;
    const BOTTOM: f64 = 40.0;
    let numbers: Vec<f64> = points.iter().flat_map(|p| [p.value, p.target]).flatten().collect();
    let max = numbers.iter().copied().fold(0.0_f64, f64::max);
    let min = numbers.iter().copied().fold(0.0_f64, f64::min);
    let span = if max - min > 0.0 { max - min } else { 1.0 };
    let n = points.len().max(1);
    let x = |i: usize| {
        if n == 1 { LEFT + (W - LEFT - RIGHT) / 2.0 } else { LEFT + (W - LEFT - RIGHT) * i as f64 / (n - 1) as f64 }
    };
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - min) / span);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        escape(&tr(lang, "indicator-chart-label"))
    );
    // Axes and the top and bottom values.
    svg.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{}\" stroke=\"#888\"/><line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"#888\"/>",
        H - BOTTOM,
        W - RIGHT,
        b = H - BOTTOM
    ));
    for v in [min, max] {
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            LEFT - 4.0,
            y(v) + 4.0,
            escape(&format_number(lang, v))
        ));
    }
    for (i, p) in points.iter().enumerate() {
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x(i),
            H - BOTTOM + 16.0,
            escape(&p.period.label())
        ));
    }
    let line = |values: Vec<Option<f64>>, class: &str, dash: &str| {
        let mut d = String::new();
        let mut pen_down = false;
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    d.push_str(&format!("{}{:.1},{:.1} ", if pen_down { "L" } else { "M" }, x(i), y(*v)));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if d.is_empty() {
            String::new()
        } else {
            format!("<path class=\"{class}\" d=\"{}\" fill=\"none\" stroke-width=\"2\"{dash}/>", d.trim_end())
        }
    };
    svg.push_str(&line(
        points.iter().map(|p| p.target).collect(),
        "chart-target",
        " stroke=\"#b45309\" stroke-dasharray=\"6 4\"",
    ));
    svg.push_str(&line(points.iter().map(|p| p.value).collect(), "chart-value", " stroke=\"#1d4ed8\""));
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.value {
            svg.push_str(&format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"#1d4ed8\"><title>{}: {}</title></circle>",
                x(i),
                y(v),
                escape(&p.period.label()),
                escape(&format_number(lang, v))
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_the_vietnamese_way() {
        assert_eq!(format_number(Lang::Vi, 1234.5), "1.234,5");
        assert_eq!(format_number(Lang::En, 1234.5), "1,234.5");
        assert_eq!(format_number(Lang::Vi, 95.0), "95");
        assert_eq!(format_number(Lang::Vi, -1234567.891), "-1.234.567,89");
        assert_eq!(format_number(Lang::Vi, 0.3), "0,3");
    }

    #[test]
    fn the_chart_draws_values_and_targets() {
        let period = |s| Period::parse("p", s).unwrap();
        let points = vec![
            Point { period: period("2025-Q2"), value: Some(40.0), target: Some(80.0) },
            Point { period: period("2025-Q3"), value: Some(60.0), target: Some(80.0) },
        ];
        let svg = line_chart(Lang::Vi, &points);
        assert!(svg.starts_with("<svg") && svg.contains("<path class=\"chart-value\" d=\"M"));
        assert!(svg.contains("chart-target") && svg.contains("2025-Q3"));
        assert!(line_chart(Lang::Vi, &[]).contains("</svg>"));
    }
}
