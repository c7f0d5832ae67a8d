//! Rankings: `/rankings` (peers ranked on a scorecard or an index for a period, two subjects side by
//! side with `compare`, the provinces also on the map), `/rankings/export.xlsx` (the same table as a
//! workbook) and `/rankings/explain` (one unit's score down to its criteria or index nodes, its tasks
//! and its indicator values).
//!
//! The defaults (first scorecard, the home unit's peers, the last ended quarter) are the API's
//! (`api::evaluation::choose`), so a link without parameters means the same in both.

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::routing::get;
use jiff::civil::Date;
use nqtrack_app::{AppError, Outcome, PeerSpec, Ranking, RankingRow, score_percent};
use nqtrack_domain::evaluation::{IndicatorFact, MeasureKind, TaskTally};
use nqtrack_domain::period::Period;
use nqtrack_domain::policy::Actor;
use nqtrack_domain::status::Colour;
use nqtrack_office::export::{Cell, Sheet, write_xlsx};
use nqtrack_store::{MethodologyRecord, ScorecardRecord};
use uuid::Uuid;

use super::tasks::form::value;
use crate::api::evaluation::{RankingChoice, choose, default_peers_of};
use crate::api::task_exchange::XLSX;
use crate::auth::Viewer;
use crate::download::download;
use crate::i18n::{Lang, tr, tr_args};
use crate::state::AppState;
use crate::views::dashboard::{MapEntry, map_svg};
use crate::views::evaluation::{TreeRow, chip_class, colour_name, ended_periods, period_name, tree_rows};
use crate::views::indicators::format_number;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/rankings", get(rankings_page))
        .route("/rankings/export.xlsx", get(export_xlsx))
        .route("/rankings/explain", get(explain_page))
}

/// What a ranking is computed on, with its definition.
pub enum Definition {
    Scorecard(ScorecardRecord),
    Index(MethodologyRecord),
}

/// Loads the definition a subject key names (`scorecard:<id>`, `index:<id>`), if the actor may use it.
async fn definition(state: &AppState, actor: &Actor, key: &str) -> Result<Definition, AppError> {
    let invalid =
        || AppError::from(nqtrack_domain::FieldError::new("subject", "subject-format").with_arg("value", key));
    let (kind, id) = key.trim().split_once(':').ok_or_else(invalid)?;
    let id: Uuid = id.parse().map_err(|_| invalid())?;
    match kind {
        "scorecard" => Ok(Definition::Scorecard(state.app.scorecard(actor, id).await?)),
        "index" => Ok(Definition::Index(state.app.methodology(actor, id).await?)),
        _ => Err(invalid()),
    }
}

/// A score as shown: a scorecard's 0–100, an index's points; "no data" never reads as zero.
fn score_text(lang: Lang, row: &RankingRow) -> String {
    row.score.map_or_else(|| tr(lang, "evaluation-no-data"), |s| format_number(lang, s))
}

/// "▲2", "▼1", "–", or "mới" for a unit ranked now but not before.
fn change_text(lang: Lang, row: &RankingRow) -> (String, &'static str) {
    match (row.rank, row.change) {
        (None, _) => (String::new(), ""),
        (Some(_), Some(d)) if d > 0 => (format!("▲{d}"), "change-up"),
        (Some(_), Some(d)) if d < 0 => (format!("▼{}", -d), "change-down"),
        (Some(_), Some(_)) => ("–".to_owned(), "change-same"),
        (Some(_), None) => (tr(lang, "ranking-new"), "change-new"),
    }
}

/// One small cell per criterion (its colour) or per pillar (its points).
pub struct Mark {
    pub class: &'static str,
    pub text: String,
    pub title: String,
}

pub struct RowView {
    pub rank: Option<u32>,
    pub name: String,
    pub score: String,
    pub normalised: String,
    pub colour: Option<Colour>,
    pub change: String,
    pub change_class: &'static str,
    pub marks: Vec<Mark>,
    pub explain_href: String,
}

pub struct RankingView {
    pub ranking: Ranking,
    /// The peer group as people call it.
    pub peers_label: String,
    pub is_index: bool,
    /// The criteria's (or pillars') codes, with their names as titles.
    pub headers: Vec<(String, String)>,
    pub rows: Vec<RowView>,
    pub ranked: u32,
}

/// The provinces and the ministries by their translated names; other groups by their unit's name.
fn peers_label(lang: Lang, ranking: &Ranking) -> String {
    match ranking.peers {
        PeerSpec::Provinces => tr(lang, "peers-provinces"),
        PeerSpec::Ministries => tr(lang, "peers-ministries"),
        _ => ranking.peers_name.clone(),
    }
}

/// A measured value: a percent measure with its sign; none is "no data".
fn measured(lang: Lang, value: Option<f64>, measure: Option<MeasureKind>) -> String {
    match value {
        Some(v) if measure.is_some_and(MeasureKind::is_percent) => format!("{} %", format_number(lang, v)),
        Some(v) => format_number(lang, v),
        None => tr(lang, "evaluation-no-data"),
    }
}

fn explain_href(ranking: &Ranking, unit: Uuid) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("subject", &ranking.subject)
        .append_pair("peers", &ranking.peers.to_string())
        .append_pair("period", &ranking.period.label())
        .append_pair("unit", &unit.to_string())
        .finish();
    format!("/rankings/explain?{query}")
}

fn view(lang: Lang, ranking: Ranking, definition: &Definition) -> RankingView {
    let headers: Vec<(String, String)> = match definition {
        Definition::Scorecard(s) => s.scorecard.criteria.iter().map(|c| (c.code.clone(), c.name.clone())).collect(),
        Definition::Index(m) => m.methodology.pillars.iter().map(|p| (p.code.clone(), p.name.clone())).collect(),
    };
    let measures: BTreeMap<&str, MeasureKind> = match definition {
        Definition::Scorecard(s) => s.scorecard.criteria.iter().map(|c| (c.code.as_str(), c.measure)).collect(),
        Definition::Index(_) => BTreeMap::new(),
    };
    let rows = ranking
        .rows
        .iter()
        .map(|row| {
            let marks = match &row.outcome {
                Outcome::Scorecard(score) => score
                    .criteria
                    .iter()
                    .map(|c| Mark {
                        class: chip_class(c.colour),
                        text: match c.value {
                            Some(v) => measured(lang, Some(v), measures.get(c.code.as_str()).copied()),
                            None => "—".to_owned(),
                        },
                        title: format!("{}: {}", c.code, colour_name(lang, c.colour)),
                    })
                    .collect(),
                Outcome::Index(result) => headers
                    .iter()
                    .map(|(code, _)| {
                        let node = result.nodes.iter().find(|n| &n.code == code);
                        Mark {
                            class: "",
                            text: node
                                .filter(|_| result.points.is_some())
                                .map_or_else(|| "—".to_owned(), |n| format_number(lang, n.points)),
                            title: node.map_or_else(String::new, |n| {
                                format!(
                                    "{code}: {}/{}",
                                    format_number(lang, n.points),
                                    format_number(lang, n.max_points)
                                )
                            }),
                        }
                    })
                    .collect(),
            };
            let (change, change_class) = change_text(lang, row);
            RowView {
                rank: row.rank,
                name: row.name.clone(),
                score: score_text(lang, row),
                normalised: row.normalised.map_or_else(String::new, |n| format_number(lang, n)),
                colour: row.colour,
                change,
                change_class,
                marks,
                explain_href: explain_href(&ranking, row.unit_id),
            }
        })
        .collect();
    let ranked = ranking.rows.first().map_or(0, |r| r.of);
    RankingView {
        is_index: matches!(definition, Definition::Index(_)),
        peers_label: peers_label(lang, &ranking),
        headers,
        rows,
        ranked,
        ranking,
    }
}

/// The provinces coloured by score in five bands (the dashboard's map), each linking to its drill-down.
fn province_map(lang: Lang, view: &RankingView) -> String {
    let ranking = &view.ranking;
    let entries: Vec<MapEntry> = ranking
        .rows
        .iter()
        .zip(&view.rows)
        .map(|(row, shown)| MapEntry {
            code: row.code.clone(),
            name: row.name.clone(),
            rank: row.rank,
            of: row.of,
            percent: score_percent(row),
            href: Some(shown.explain_href.clone()),
        })
        .collect();
    map_svg(lang, &ranking.subject_name, &ranking.period, &entries)
}

/// A choice of a select.
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "ranking.html")]
struct RankingPage {
    base: Base,
    choice: RankingChoice,
    compare: String,
    subjects: Vec<Choice>,
    peers: Vec<Choice>,
    periods: Vec<Choice>,
    views: Vec<RankingView>,
    map: Option<String>,
    export_href: String,
}

/// Everything `/rankings` and its export compute: the choice and one ranking per subject.
async fn load(
    state: &AppState,
    viewer: &Viewer,
    pairs: &[(String, String)],
) -> Result<(RankingChoice, String, Vec<RankingView>), AppError> {
    let actor = viewer.actor();
    let choice = choose(state, &actor, value(pairs, "subject"), value(pairs, "peers"), value(pairs, "period")).await?;
    let compare = value(pairs, "compare").to_owned();
    let mut views = Vec::new();
    for subject in std::iter::once(choice.subject.as_str()).chain((!compare.is_empty()).then_some(compare.as_str())) {
        let definition = definition(state, &actor, subject).await?;
        let ranking = state.app.ranking(&actor, subject, &choice.peers, &choice.period).await?;
        views.push(view(viewer.lang, ranking, &definition));
    }
    Ok((choice, compare, views))
}

async fn subject_choices(state: &AppState, actor: &Actor) -> Result<Vec<Choice>, AppError> {
    let mut choices: Vec<Choice> = state
        .app
        .scorecards(actor)
        .await?
        .into_iter()
        .map(|s| Choice { value: format!("scorecard:{}", s.id), label: s.scorecard.name })
        .collect();
    choices.extend(state.app.methodologies(actor).await?.into_iter().map(|m| Choice {
        value: format!("index:{}", m.id),
        label: format!("{} (v{})", m.methodology.name, m.methodology.version),
    }));
    Ok(choices)
}

/// The peer groups offered: the provinces, the ministries, the home unit's own group and its
/// communes or children; and the group shown, whatever it is.
async fn peer_choices(state: &AppState, viewer: &Viewer, shown: &Ranking) -> Vec<Choice> {
    let lang = viewer.lang;
    let mut choices = vec![
        Choice { value: PeerSpec::Provinces.to_string(), label: tr(lang, "peers-provinces") },
        Choice { value: PeerSpec::Ministries.to_string(), label: tr(lang, "peers-ministries") },
    ];
    if let Ok(home) = state.app.home_unit(&viewer.actor()).await {
        let own = default_peers_of(&home);
        let below = match home.level {
            nqtrack_domain::unit::Level::Province => Some(PeerSpec::CommunesOf(home.id)),
            _ => Some(PeerSpec::ChildrenOf(home.id)),
        };
        let name = |key: &str| tr_args(lang, key, &[("value", home.name.clone())]);
        if !choices.iter().any(|c| c.value == own) {
            choices.push(Choice { value: own, label: name("peers-own") });
        }
        if let Some(below) = below.filter(|_| home.parent_id.is_some()) {
            let key = if matches!(below, PeerSpec::CommunesOf(_)) { "peers-communes" } else { "peers-children" };
            choices.push(Choice { value: below.to_string(), label: name(key) });
        }
    }
    let current = shown.peers.to_string();
    if !choices.iter().any(|c| c.value == current) {
        choices.push(Choice { value: current, label: peers_label(lang, shown) });
    }
    choices
}

/// The ended periods, the quarter under way first (ranked on today's figures, and said so), and the
/// period shown whatever it is.
fn period_choices(lang: Lang, today: Date, chosen: &str) -> Vec<Choice> {
    let running = Period::containing(nqtrack_domain::period::Periodicity::Quarter, today);
    let mut choices = vec![Choice {
        value: running.label(),
        label: format!("{} ({})", period_name(lang, &running), tr(lang, "ranking-running")),
    }];
    let periods = ended_periods(today);
    if let Ok(period) = Period::parse("period", chosen)
        && period != running
        && !periods.contains(&period)
    {
        choices.push(Choice { value: period.label(), label: period_name(lang, &period) });
    }
    choices.extend(periods.into_iter().map(|p| Choice { value: p.label(), label: period_name(lang, &p) }));
    choices
}

async fn rankings_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e| PageError::new(&viewer, e);
    let actor = viewer.actor();
    let (choice, compare, views) = load(&state, &viewer, &pairs).await.map_err(fail)?;
    let Some(first) = views.first() else { return Err(fail(AppError::NotFound("ranking"))) };
    let map = (first.ranking.peers == PeerSpec::Provinces).then(|| province_map(viewer.lang, first));
    let peers = peer_choices(&state, &viewer, &first.ranking).await;
    let subjects = subject_choices(&state, &actor).await.map_err(fail)?;
    let periods = period_choices(viewer.lang, state.app.today(), &choice.period);
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("subject", &choice.subject)
        .append_pair("peers", &choice.peers)
        .append_pair("period", &choice.period);
    if !compare.is_empty() {
        query.append_pair("compare", &compare);
    }
    let export_href = format!("/rankings/export.xlsx?{}", query.finish());
    Ok(render(&RankingPage {
        base: Base::new(&viewer),
        choice,
        compare,
        subjects,
        peers,
        periods,
        views,
        map,
        export_href,
    }))
}

/// The ranking (and the compared one, as a second sheet's columns) as a workbook.
async fn export_xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e| PageError::new(&viewer, e);
    let lang = viewer.lang;
    let (choice, _, views) = load(&state, &viewer, &pairs).await.map_err(fail)?;
    let mut headers: Vec<String> = ["ranking-subject", "ranking-rank", "ranking-code", "ranking-unit", "ranking-score"]
        .iter()
        .chain(["ranking-normalised", "ranking-colour", "ranking-previous-rank", "ranking-change"].iter())
        .map(|k| tr(lang, k))
        .collect();
    headers.push(tr(lang, "ranking-frozen-column"));
    let number = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Number);
    let integer = |x: Option<u32>| x.map_or(Cell::Empty, |x| Cell::Integer(i64::from(x)));
    let rows = views
        .iter()
        .flat_map(|v| {
            v.ranking.rows.iter().map(move |r| {
                vec![
                    Cell::Text(v.ranking.subject_name.clone()),
                    integer(r.rank),
                    Cell::Text(r.code.clone()),
                    Cell::Text(r.name.clone()),
                    number(r.score),
                    number(r.normalised),
                    Cell::Text(colour_name(lang, r.colour)),
                    integer(r.previous_rank),
                    r.change.map_or(Cell::Empty, |c| Cell::Integer(i64::from(c))),
                    Cell::Text(if v.ranking.frozen { tr(lang, "evaluation-yes") } else { String::new() }),
                ]
            })
        })
        .collect();
    let sheet = Sheet { title: tr(lang, "rankings-title"), headers, rows };
    let bytes = write_xlsx(&sheet).map_err(|e| fail(AppError::Internal(e.to_string())))?;
    let name = format!("xep-hang-{}.xlsx", choice.period);
    Ok(download(bytes, HeaderValue::from_static(XLSX), &name, Some(&name)))
}

/// One criterion of the explained score.
pub struct CriterionLine {
    pub code: String,
    pub name: String,
    pub measure: MeasureKind,
    pub indicator: Option<String>,
    /// The measured value as shown ("no data" without one).
    pub value: String,
    pub thresholds: String,
    pub colour: Option<Colour>,
    pub points: Option<f64>,
    pub weight: f64,
}

/// One node of the explained index.
pub struct NodeLine {
    pub tree: TreeRow,
    pub points: f64,
    pub max_points: f64,
    pub value: Option<f64>,
    pub normalised: Option<f64>,
    pub missing: usize,
}

pub struct IndicatorLine {
    pub code: String,
    pub name: String,
    pub fact: IndicatorFact,
}

#[derive(Template)]
#[template(path = "ranking_explain.html")]
struct ExplainPage {
    base: Base,
    subject_name: String,
    period: Period,
    back_href: String,
    row: RankingRow,
    criteria: Vec<CriterionLine>,
    nodes: Vec<NodeLine>,
    tasks: TaskTally,
    indicators: Vec<IndicatorLine>,
    can_open_details: bool,
    /// "▲2", "▼1", "–", "mới" (empty without a rank).
    change: String,
    /// The date the figures are as of, as the task list reads it (dd/mm/yyyy).
    as_of: String,
}

impl ExplainPage {
    fn tasks_href(&self, status: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("unit_id", &self.row.unit_id.to_string()).append_pair("as_of", &self.as_of);
        if !status.is_empty() {
            query.append_pair("status", status);
        }
        format!("/tasks?{}", query.finish())
    }

    fn indicator_href(&self, line: &IndicatorLine) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("unit_id", &self.row.unit_id.to_string());
        if let Some(period) = line.fact.period {
            query.append_pair("period", &period.label());
        }
        format!("/indicators/{}?{}", line.code, query.finish())
    }

    fn optional(&self, x: &Option<f64>) -> String {
        x.map_or_else(|| self.base.t("evaluation-no-data"), |x| format_number(self.base.lang, x))
    }

    fn number(&self, x: &f64) -> String {
        format_number(self.base.lang, *x)
    }
}

async fn explain_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e| PageError::new(&viewer, e);
    let actor = viewer.actor();
    let lang = viewer.lang;
    let choice = choose(&state, &actor, value(&pairs, "subject"), value(&pairs, "peers"), value(&pairs, "period"))
        .await
        .map_err(fail)?;
    let unit: Uuid = value(&pairs, "unit").parse().map_err(|_| fail(AppError::NotFound("unit")))?;
    let explanation =
        state.app.explain_score(&actor, &choice.subject, &choice.peers, &choice.period, unit).await.map_err(fail)?;
    let definition = definition(&state, &actor, &choice.subject).await.map_err(fail)?;
    let period = Period::parse("period", &choice.period).map_err(|e| fail(e.into()))?;
    let facts = &explanation.facts;
    let (subject_name, criteria, nodes) = match (&definition, &explanation.ranking_row.outcome) {
        (Definition::Scorecard(s), Outcome::Scorecard(score)) => {
            let lines = s
                .scorecard
                .criteria
                .iter()
                .zip(&score.criteria)
                .map(|(c, result)| {
                    let indicator = c.indicator.as_deref();
                    let sign = if facts.lower_is_better(c.measure, indicator) { "≤" } else { "≥" };
                    CriterionLine {
                        code: c.code.clone(),
                        name: c.name.clone(),
                        measure: c.measure,
                        indicator: c.indicator.clone(),
                        value: measured(lang, result.value, Some(c.measure)),
                        thresholds: format!(
                            "{sign} {} / {sign} {}",
                            format_number(lang, c.green),
                            format_number(lang, c.yellow)
                        ),
                        colour: result.colour,
                        points: result.points,
                        weight: result.weight,
                    }
                })
                .collect();
            (s.scorecard.name.clone(), lines, Vec::new())
        }
        (Definition::Index(m), Outcome::Index(result)) => {
            let lines = tree_rows(&m.methodology)
                .into_iter()
                .zip(&result.nodes)
                .map(|(tree, node)| NodeLine {
                    tree,
                    points: node.points,
                    max_points: node.max_points,
                    value: node.value,
                    normalised: node.normalised,
                    missing: node.missing,
                })
                .collect();
            (format!("{} (v{})", m.methodology.name, m.methodology.version), Vec::new(), lines)
        }
        _ => return Err(fail(AppError::NotFound("ranking"))),
    };
    let names: BTreeMap<String, String> = state
        .app
        .indicators(&actor)
        .await
        .map(|all| {
            let base = Base::new(&viewer);
            all.iter().map(|r| (r.definition.code.to_string(), base.indicator_name(r))).collect()
        })
        .unwrap_or_default();
    let indicators = facts
        .indicators
        .iter()
        .map(|(code, fact)| IndicatorLine {
            code: code.clone(),
            name: names.get(code).cloned().unwrap_or_default(),
            fact: *fact,
        })
        .collect();
    let as_of = nqtrack_domain::dates::format_date(period.end().min(state.app.today()));
    let back = form_urlencoded::Serializer::new(String::new())
        .append_pair("subject", &choice.subject)
        .append_pair("peers", &choice.peers)
        .append_pair("period", &choice.period)
        .finish();
    let (change, _) = change_text(lang, &explanation.ranking_row);
    Ok(render(&ExplainPage {
        base: Base::new(&viewer),
        change,
        subject_name,
        period,
        back_href: format!("/rankings?{back}"),
        tasks: facts.tasks,
        row: explanation.ranking_row,
        criteria,
        nodes,
        indicators,
        can_open_details: explanation.can_open_details,
        as_of,
    }))
}
