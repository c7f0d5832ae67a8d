//! Evaluation pages: `/evaluation` (the scorecards and methodologies the viewer may use, with links to
//! their rankings; for coordinators a new-scorecard link and a TOML/JSON upload), `/scorecards/{id}`
//! and `/methodologies/{id}` (a definition, also as `….toml` to download, edit and share).
//!
//! The scorecard form is `evaluation_form`, the rankings and drill-down `evaluation_rankings`, period
//! closing `evaluation_periods`. The rules are the app's (`nqtrack_app::evaluation`).

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use jiff::civil::Date;
use nqtrack_app::{AppError, DefinitionFormat, definition_toml, parse_definition};
use nqtrack_domain::evaluation::{MeasureKind, Methodology, Node, Normalisation, RankBy};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::status::Colour;
use nqtrack_store::{MethodologyRecord, ScorecardRecord, Unit};
use uuid::Uuid;

use super::tasks::form::{Problem, problems, read_multipart};
use crate::auth::Viewer;
use crate::download::download;
use crate::error::status_of;
use crate::i18n::{Lang, field_error_message, tr};
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/evaluation", get(evaluation_page).post(upload))
        .route("/scorecards/{id}", get(scorecard_page))
        .route("/methodologies/{id}", get(methodology_page))
        .merge(super::evaluation_form::routes())
        .merge(super::evaluation_rankings::routes())
        .merge(super::evaluation_periods::routes())
}

/// Most bytes a definition file may have: a scorecard or a methodology is a page of text.
const DEFINITION_MAX_BYTES: usize = 256 * 1024;

/// The viewer's home unit if they may manage evaluation there (define scorecards, close periods).
pub async fn managed_home(state: &AppState, actor: &Actor) -> Option<Unit> {
    let home = state.app.home_unit(actor).await.ok()?;
    policy::authorize(actor, Action::ManageEvaluation, &home.path).is_ok().then_some(home)
}

/// The periods that have ended by `today`, newest first in each kind: the last six months, four
/// quarters, two half-years and two years (what is closed or ranked in practice).
pub fn ended_periods(today: Date) -> Vec<Period> {
    let mut periods = Vec::new();
    for (periodicity, count) in
        [(Periodicity::Quarter, 4), (Periodicity::Month, 6), (Periodicity::HalfYear, 2), (Periodicity::Year, 2)]
    {
        let mut period = Period::containing(periodicity, today);
        if period.end() >= today {
            period = period.previous();
        }
        for _ in 0..count {
            periods.push(period);
            period = period.previous();
        }
    }
    periods
}

/// A period as people read it: "quý II/2025" in Vietnamese, "2025-Q2" in English.
pub fn period_name(lang: Lang, period: &Period) -> String {
    match lang {
        Lang::Vi => period.label_vi(),
        Lang::En => period.label(),
    }
}

impl Base {
    pub fn measure(&self, kind: &MeasureKind) -> String {
        self.t(&format!("measure-{}", kind.as_str()))
    }

    pub fn normalisation(&self, normalisation: &Normalisation) -> String {
        self.t(&format!("normalisation-{}", normalisation.as_str()))
    }

    pub fn rank_by(&self, rank_by: &RankBy) -> String {
        self.t(&format!("rank-by-{}", rank_by.as_str()))
    }

    /// A number the viewer's way.
    pub fn num(&self, x: &f64) -> String {
        crate::views::indicators::format_number(self.lang, *x)
    }

    pub fn period_name(&self, period: &Period) -> String {
        period_name(self.lang, period)
    }

    pub fn chip(&self, colour: &Option<Colour>) -> &'static str {
        chip_class(*colour)
    }

    pub fn colour_word(&self, colour: &Option<Colour>) -> String {
        colour_name(self.lang, *colour)
    }
}

/// The chip class of a colour; no colour is "no data".
pub fn chip_class(colour: Option<Colour>) -> &'static str {
    match colour {
        Some(Colour::Green) => "chip chip-green",
        Some(Colour::Yellow) => "chip chip-yellow",
        Some(Colour::Red) => "chip chip-red",
        None => "chip chip-none",
    }
}

/// The name of a colour; no colour is "no data", never a colour.
pub fn colour_name(lang: Lang, colour: Option<Colour>) -> String {
    match colour {
        Some(colour) => tr(lang, &format!("task-colour-{}", colour.as_str())),
        None => tr(lang, "evaluation-no-data"),
    }
}

/// A definition in the list, with its owner's name.
pub struct Listed {
    pub href: String,
    pub ranking_href: String,
    pub code: String,
    pub name: String,
    /// The scorecard's edit count, or the methodology's version.
    pub version: i32,
    pub owner: String,
    pub updated: jiff::Timestamp,
}

#[derive(Template)]
#[template(path = "evaluation.html")]
struct EvaluationPage {
    base: Base,
    scorecards: Vec<Listed>,
    methodologies: Vec<Listed>,
    /// The unit the viewer defines for, when they may.
    home: Option<Unit>,
    /// The upload's problems, each with where in the file it lies.
    upload_problems: Vec<String>,
    upload_kind: String,
}

/// Owner names, each looked up once (by the light name lookup: a unit's details read its users too);
/// an owner the viewer may not open (a province, seen from one of
/// its communes) is named as "a unit above".
async fn owner_names(
    state: &AppState,
    actor: &Actor,
    ids: impl Iterator<Item = Uuid>,
    lang: Lang,
) -> BTreeMap<Uuid, String> {
    let mut names = BTreeMap::new();
    for id in ids {
        if names.contains_key(&id) {
            continue;
        }
        let name = match state.app.unit_name_as_of(actor, id, state.app.today()).await {
            Ok(name) => name,
            Err(_) => tr(lang, "evaluation-owner-above"),
        };
        names.insert(id, name);
    }
    names
}

async fn listing(state: &AppState, viewer: &Viewer) -> Result<(Vec<Listed>, Vec<Listed>), AppError> {
    let actor = viewer.actor();
    let scorecards = state.app.scorecards(&actor).await?;
    let methodologies = state.app.methodologies(&actor).await?;
    let owners = scorecards.iter().map(|s| s.owner_id).chain(methodologies.iter().map(|m| m.owner_id));
    let names = owner_names(state, &actor, owners, viewer.lang).await;
    let owner = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    let scorecards = scorecards
        .into_iter()
        .map(|s| Listed {
            href: format!("/scorecards/{}", s.id),
            ranking_href: format!("/rankings?subject=scorecard:{}", s.id),
            code: s.scorecard.code,
            name: s.scorecard.name,
            version: s.version,
            owner: owner(&s.owner_id),
            updated: s.updated_at,
        })
        .collect();
    let methodologies = methodologies
        .into_iter()
        .map(|m| Listed {
            href: format!("/methodologies/{}", m.id),
            ranking_href: format!("/rankings?subject=index:{}", m.id),
            code: m.methodology.code,
            name: m.methodology.name,
            version: m.methodology.version,
            owner: owner(&m.owner_id),
            updated: m.created_at,
        })
        .collect();
    Ok((scorecards, methodologies))
}

async fn show_list(
    state: &AppState,
    viewer: &Viewer,
    upload_problems: Vec<String>,
    upload_kind: String,
    status: StatusCode,
) -> PageResult {
    let (scorecards, methodologies) = listing(state, viewer).await.map_err(|e| PageError::new(viewer, e))?;
    let home = managed_home(state, &viewer.actor()).await;
    let page =
        EvaluationPage { base: Base::new(viewer), scorecards, methodologies, home, upload_problems, upload_kind };
    Ok((status, render(&page)).into_response())
}

async fn evaluation_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    require_signed_in(&viewer)?;
    show_list(&state, &viewer, Vec::new(), "scorecard".to_owned(), StatusCode::OK).await
}

/// The node a field of a methodology names (`pillars[0].children[1].points` is the second child of
/// the first pillar), to say which node a problem is about.
pub fn node_at<'m>(methodology: &'m Methodology, field: &str) -> Option<&'m Node> {
    let index = |segment: &str, name: &str| -> Option<usize> {
        segment.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
    };
    let mut segments = field.split('.');
    let mut node = methodology.pillars.get(index(segments.next()?, "pillars")?)?;
    for segment in segments {
        match index(segment, "children") {
            Some(i) => node = node.children.get(i)?,
            None => break,
        }
    }
    Some(node)
}

/// The problems of a refused methodology file, each prefixed with the node it is about
/// ("NT – Nhu cầu: ...") so that the official finds it in the file.
fn methodology_problems(lang: Lang, error: &AppError, text: &str, format: DefinitionFormat) -> Vec<String> {
    let parsed: Option<Methodology> = parse_definition(text, format).ok();
    let (AppError::Invalid(invalid) | AppError::Conflict(invalid)) = error else {
        return problems(lang, error).into_iter().map(|p| p.message).collect();
    };
    invalid
        .0
        .iter()
        .map(|e| {
            let message = field_error_message(lang, &e.field, e.code, &e.args);
            match parsed.as_ref().and_then(|m| node_at(m, &e.field)) {
                Some(node) => format!("{} – {}: {message}", node.code, node.name),
                None => match parsed.as_ref().filter(|_| e.field == "total_points") {
                    Some(m) => format!("{} – {}: {message}", m.code, m.name),
                    None => message,
                },
            }
        })
        .collect()
}

/// A definition file posted from `/evaluation`: a scorecard or a methodology version of the viewer's
/// home unit. Problems are listed above the upload form, nothing is saved.
async fn upload(State(state): State<AppState>, viewer: Viewer, multipart: Multipart) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let limit = format!("{} KB", DEFINITION_MAX_BYTES / 1024);
    let posted = read_multipart(multipart, &limit).await.map_err(|e| PageError::new(&viewer, e))?;
    let kind = posted.value("kind");
    let Some(home) = managed_home(&state, &actor).await else {
        return Err(PageError::new(&viewer, AppError::Denied(policy::Denied { action: Action::ManageEvaluation })));
    };
    let file = posted.files.into_iter().next();
    let read = match file {
        None => Err(AppError::from(nqtrack_domain::FieldError::new("file", "required"))),
        Some(file) if file.bytes.len() > DEFINITION_MAX_BYTES => {
            Err(nqtrack_domain::FieldError::new("file", "file-too-large").with_arg("limit", &limit).into())
        }
        Some(file) => match String::from_utf8(file.bytes) {
            Ok(text) => Ok((DefinitionFormat::of_file(&file.name), text)),
            Err(_) => {
                Err(nqtrack_domain::FieldError::new("file", "definition-format").with_arg("detail", "UTF-8").into())
            }
        },
    };
    let result = match read {
        Ok((format, text)) => {
            let saved = if kind == "methodology" {
                state
                    .app
                    .import_methodology(&actor, home.id, &text, format)
                    .await
                    .map(|m| format!("/methodologies/{}", m.id))
            } else {
                state
                    .app
                    .import_scorecard(&actor, home.id, &text, format)
                    .await
                    .map(|s| format!("/scorecards/{}", s.id))
            };
            saved.map_err(|e| (e, Some((format, text))))
        }
        Err(error) => Err((error, None)),
    };
    match result {
        Ok(to) => Ok(saved(&to)),
        Err((error @ (AppError::Invalid(_) | AppError::Conflict(_)), file)) => {
            let found = match (&file, kind.as_str()) {
                (Some((format, text)), "methodology") => methodology_problems(viewer.lang, &error, text, *format),
                _ => problems(viewer.lang, &error).into_iter().map(|p: Problem| p.message).collect(),
            };
            show_list(&state, &viewer, found, kind, status_of(&error)).await
        }
        Err((error, _)) => Err(PageError::new(&viewer, error)),
    }
}

/// `{id}` or `{id}.toml`: the page or the file.
fn id_and_file(text: &str) -> Result<(Uuid, bool), AppError> {
    let (id, file) = match text.strip_suffix(".toml") {
        Some(id) => (id, true),
        None => (text, false),
    };
    Ok((id.parse().map_err(|_| AppError::NotFound("definition"))?, file))
}

/// A definition as a TOML file named after its code.
fn toml_file(text: String, name: &str) -> axum::response::Response {
    download(text.into_bytes(), HeaderValue::from_static("application/toml; charset=utf-8"), name, Some(name))
}

#[derive(Template)]
#[template(path = "scorecard.html")]
struct ScorecardPage {
    base: Base,
    record: ScorecardRecord,
    owner: String,
    can_edit: bool,
}

async fn scorecard_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e| PageError::new(&viewer, e);
    let actor = viewer.actor();
    let (id, file) = id_and_file(&id).map_err(fail)?;
    let record = state.app.scorecard(&actor, id).await.map_err(fail)?;
    if file {
        let text = definition_toml(&record.scorecard).map_err(fail)?;
        return Ok(toml_file(text, &format!("{}.toml", record.scorecard.code)));
    }
    let owner = owner_names(&state, &actor, std::iter::once(record.owner_id), viewer.lang).await;
    let can_edit = policy::authorize(&actor, Action::ManageEvaluation, &record.owner_path).is_ok();
    Ok(render(&ScorecardPage {
        base: Base::new(&viewer),
        owner: owner.into_values().next().unwrap_or_default(),
        record,
        can_edit,
    }))
}

/// One node of a methodology's tree, flattened for a table.
pub struct TreeRow {
    pub depth: usize,
    pub code: String,
    pub name: String,
    pub points: f64,
    pub measure: Option<MeasureKind>,
    pub indicator: Option<String>,
    /// The normalisation a leaf uses (its own, else the methodology's).
    pub normalisation: Option<Normalisation>,
}

/// The tree depth first, a pillar before its children: the order of an index's node results.
pub fn tree_rows(methodology: &Methodology) -> Vec<TreeRow> {
    fn walk(node: &Node, depth: usize, default: Normalisation, out: &mut Vec<TreeRow>) {
        out.push(TreeRow {
            depth,
            code: node.code.clone(),
            name: node.name.clone(),
            points: node.points,
            measure: node.measure,
            indicator: node.indicator.clone(),
            normalisation: node.measure.map(|_| node.normalisation.unwrap_or(default)),
        });
        node.children.iter().for_each(|child| walk(child, depth + 1, default, out));
    }
    let mut out = Vec::new();
    methodology.pillars.iter().for_each(|p| walk(p, 0, methodology.normalisation, &mut out));
    out
}

#[derive(Template)]
#[template(path = "methodology.html")]
struct MethodologyPage {
    base: Base,
    record: MethodologyRecord,
    rows: Vec<TreeRow>,
    owner: String,
    /// The other versions of the same index, to compare side by side.
    versions: Vec<MethodologyRecord>,
}

async fn methodology_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e| PageError::new(&viewer, e);
    let actor = viewer.actor();
    let (id, file) = id_and_file(&id).map_err(fail)?;
    let record = state.app.methodology(&actor, id).await.map_err(fail)?;
    if file {
        let text = definition_toml(&record.methodology).map_err(fail)?;
        let name = format!("{}-v{}.toml", record.methodology.code, record.methodology.version);
        return Ok(toml_file(text, &name));
    }
    let versions = state
        .app
        .methodologies(&actor)
        .await
        .map_err(fail)?
        .into_iter()
        .filter(|m| m.owner_id == record.owner_id && m.methodology.code == record.methodology.code && m.id != record.id)
        .collect();
    let owner = owner_names(&state, &actor, std::iter::once(record.owner_id), viewer.lang).await;
    Ok(render(&MethodologyPage {
        base: Base::new(&viewer),
        rows: tree_rows(&record.methodology),
        owner: owner.into_values().next().unwrap_or_default(),
        record,
        versions,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn ended_periods_have_ended() {
        let today = date(2025, 9, 15);
        let periods = ended_periods(today);
        assert!(periods.iter().all(|p| p.end() < today));
        assert_eq!(periods[0].label(), "2025-Q2");
        assert!(periods.iter().any(|p| p.label() == "2025-08") && periods.iter().any(|p| p.label() == "2024"));
    }

    #[test]
    fn fields_name_their_node() {
        let text = r#"
            code = "DTI"
            version = 1
            name = "DTI"
            total_points = 100
            [[pillars]]
            code = "NT"
            name = "Nhận thức"
            points = 100
            [[pillars.children]]
            code = "NT1"
            name = "Leaf"
            points = 100
            measure = "tasks_green_share"
        "#;
        let methodology: Methodology = parse_definition(text, DefinitionFormat::Toml).expect("reads");
        assert_eq!(node_at(&methodology, "pillars[0].points").map(|n| n.code.as_str()), Some("NT"));
        assert_eq!(node_at(&methodology, "pillars[0].children[0].indicator").map(|n| n.code.as_str()), Some("NT1"));
        assert!(node_at(&methodology, "total_points").is_none() && node_at(&methodology, "pillars[3]").is_none());
        let rows = tree_rows(&methodology);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].depth, rows[1].normalisation), (1, Some(Normalisation::AgainstTarget)));
    }
}
