//! The scorecard form: `/scorecards/new` (for the viewer's home unit) and `/scorecards/{id}/edit`.
//! A criterion is one row of inputs named `criteria[i].<field>`; rows left blank are ignored, and a
//! problem the app names `criteria[k].<field>` (k counting only the rows filled in) is shown at the row
//! it came from, with everything typed kept.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use nqtrack_app::AppError;
use nqtrack_domain::evaluation::{Criterion, MeasureKind, RankBy, Scorecard};
use nqtrack_domain::indicator::value::parse_number;
use nqtrack_domain::policy::{Action, Denied};
use nqtrack_domain::{FieldError, Invalid};
use uuid::Uuid;

use super::tasks::form::{FormState, Problem, problems, value};
use crate::auth::Viewer;
use crate::error::status_of;
use crate::i18n::{Lang, field_error_message};
use crate::state::AppState;
use crate::views::evaluation::managed_home;
use crate::views::indicators::format_number;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

type Pairs = Vec<(String, String)>;

/// Blank criterion rows offered below the filled ones.
const BLANK_ROWS: usize = 3;
/// Most rows a posted form may have (a bound on what a crafted post makes the server render).
const MAX_ROWS: usize = 100;
/// The inputs of one criterion row.
const ROW_FIELDS: [&str; 7] = ["code", "name", "measure", "indicator", "green", "yellow", "weight"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/scorecards/new", get(new_page).post(create))
        .route("/scorecards/{id}/edit", get(edit_page).post(update))
}

/// One input of a criterion row: its name, what it holds, its problem.
pub struct Input {
    pub name: String,
    pub value: String,
    pub error: Option<String>,
}

impl Input {
    fn message(&self) -> &str {
        self.error.as_deref().unwrap_or_default()
    }
}

pub struct Row {
    pub index: usize,
    pub inputs: Vec<Input>,
}

impl Row {
    /// The input of `field` (one of [`ROW_FIELDS`]).
    fn input(&self, field: &str) -> &Input {
        let at = ROW_FIELDS.iter().position(|f| *f == field).unwrap_or_default();
        &self.inputs[at]
    }
}

#[derive(Template)]
#[template(path = "scorecard_form.html")]
struct FormPage {
    base: Base,
    form: FormState,
    rows: Vec<Row>,
    /// The scorecard edited, or `None` for a new one.
    id: Option<Uuid>,
    owner: String,
    measures: &'static [MeasureKind],
    rank_bys: &'static [RankBy],
    /// The catalogue's codes, offered as the indicator inputs' suggestions.
    indicator_codes: Vec<String>,
}

impl FormPage {
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/scorecards/{id}/edit"),
            None => "/scorecards/new".to_owned(),
        }
    }
}

/// How many criterion rows the pairs hold (the highest index sent, plus one), bounded.
fn rows_sent(pairs: &[(String, String)]) -> usize {
    pairs
        .iter()
        .filter_map(|(k, _)| k.strip_prefix("criteria[")?.split(']').next()?.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
        .min(MAX_ROWS)
}

fn rows_of(form: &FormState, count: usize) -> Vec<Row> {
    (0..count)
        .map(|index| Row {
            index,
            inputs: ROW_FIELDS
                .iter()
                .map(|field| {
                    let name = format!("criteria[{index}].{field}");
                    Input { value: form.value(&name).to_owned(), error: form.error(&name), name }
                })
                .collect(),
        })
        .collect()
}

async fn show(
    state: &AppState,
    viewer: &Viewer,
    id: Option<Uuid>,
    owner: String,
    form: FormState,
    filled: usize,
    status: StatusCode,
) -> PageResult {
    let indicator_codes = state
        .app
        .indicators(&viewer.actor())
        .await
        .map(|all| all.into_iter().map(|r| r.definition.code.to_string()).collect())
        .unwrap_or_default();
    let mut base = Base::new(viewer);
    base.errors = form.messages();
    let rows = rows_of(&form, filled.max(rows_sent(form.pairs())));
    let page =
        FormPage { base, form, rows, id, owner, measures: MeasureKind::ALL, rank_bys: RankBy::ALL, indicator_codes };
    Ok((status, render(&page)).into_response())
}

fn denied() -> AppError {
    AppError::Denied(Denied { action: Action::ManageEvaluation })
}

async fn new_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    require_signed_in(&viewer)?;
    let home = managed_home(&state, &viewer.actor()).await.ok_or_else(|| PageError::new(&viewer, denied()))?;
    let defaults = [("rank_by", "score"), ("green_at", "80"), ("yellow_at", "50")];
    let pairs = defaults.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    show(&state, &viewer, None, home.name, FormState::new("scorecard", pairs), BLANK_ROWS, StatusCode::OK).await
}

/// A stored scorecard as the form's fields (numbers the viewer's way).
fn pairs_of(viewer: &Viewer, scorecard: &Scorecard) -> Pairs {
    let number = |x: f64| format_number(viewer.lang, x);
    let mut pairs: Vec<(String, String)> = vec![
        ("code".into(), scorecard.code.clone()),
        ("name".into(), scorecard.name.clone()),
        ("description".into(), scorecard.description.clone()),
        ("rank_by".into(), scorecard.rank_by.as_str().to_owned()),
        ("green_at".into(), number(scorecard.green_at)),
        ("yellow_at".into(), number(scorecard.yellow_at)),
    ];
    for (i, c) in scorecard.criteria.iter().enumerate() {
        let values = [
            c.code.clone(),
            c.name.clone(),
            c.measure.as_str().to_owned(),
            c.indicator.clone().unwrap_or_default(),
            number(c.green),
            number(c.yellow),
            number(c.weight),
        ];
        pairs.extend(ROW_FIELDS.iter().zip(values).map(|(field, v)| (format!("criteria[{i}].{field}"), v)));
    }
    pairs
}

async fn edit_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let record = state.app.scorecard(&actor, id).await.map_err(|e| PageError::new(&viewer, e))?;
    if nqtrack_domain::policy::authorize(&actor, Action::ManageEvaluation, &record.owner_path).is_err() {
        return Err(PageError::new(&viewer, denied()));
    }
    let owner = state.app.unit_name_as_of(&actor, record.owner_id, state.app.today()).await.unwrap_or_default();
    let form = FormState::new("scorecard", pairs_of(&viewer, &record.scorecard));
    show(&state, &viewer, Some(id), owner, form, record.scorecard.criteria.len() + BLANK_ROWS, StatusCode::OK).await
}

/// A number typed the Vietnamese or the English way; empty is `default`, or `required` without one.
fn number(pairs: &[(String, String)], key: &str, default: Option<f64>, found: &mut Vec<FieldError>) -> f64 {
    match (value(pairs, key), default) {
        ("", Some(default)) => default,
        ("", None) => {
            found.push(FieldError::new(key, "required"));
            0.0
        }
        (text, _) => parse_number(key, text).unwrap_or_else(|e| {
            found.push(e);
            0.0
        }),
    }
}

/// The form mapped onto a scorecard, with the form row of each criterion; or the problems found
/// reading it (each at its input). The app checks the rest.
fn to_scorecard(pairs: &[(String, String)]) -> Result<(Scorecard, Vec<usize>), Vec<FieldError>> {
    let mut found = Vec::new();
    let rank_by = RankBy::parse("rank_by", value(pairs, "rank_by")).map_err(|e| found.push(e)).ok();
    let green_at = number(pairs, "green_at", Some(80.0), &mut found);
    let yellow_at = number(pairs, "yellow_at", Some(50.0), &mut found);
    let mut criteria = Vec::new();
    let mut rows = Vec::new();
    for i in 0..rows_sent(pairs) {
        let key = |field: &str| format!("criteria[{i}].{field}");
        let typed = |field: &str| value(pairs, &key(field));
        let blank = ["code", "name", "indicator", "green", "yellow"].iter().all(|f| typed(f).is_empty());
        if blank {
            continue;
        }
        let measure = MeasureKind::parse(&key("measure"), typed("measure")).map_err(|e| found.push(e)).ok();
        let green = number(pairs, &key("green"), None, &mut found);
        let yellow = number(pairs, &key("yellow"), None, &mut found);
        let weight = number(pairs, &key("weight"), Some(1.0), &mut found);
        if let Some(measure) = measure {
            let indicator = Some(typed("indicator").to_owned()).filter(|c| !c.is_empty());
            criteria.push(Criterion {
                code: typed("code").to_owned(),
                name: typed("name").to_owned(),
                measure,
                indicator,
                green,
                yellow,
                weight,
            });
            rows.push(i);
        }
    }
    match (found.is_empty(), rank_by) {
        (true, Some(rank_by)) => Ok((
            Scorecard {
                code: value(pairs, "code").to_owned(),
                name: value(pairs, "name").to_owned(),
                description: value(pairs, "description").to_owned(),
                rank_by,
                green_at,
                yellow_at,
                criteria,
            },
            rows,
        )),
        _ => Err(found),
    }
}

/// The problems of a refused scorecard, translated. A code is labelled as a scorecard's or
/// criterion's code: the shared label `field-code` names a unit's code.
fn scorecard_problems(lang: Lang, error: &AppError) -> Vec<Problem> {
    match error {
        AppError::Invalid(invalid) | AppError::Conflict(invalid) if !invalid.0.is_empty() => invalid
            .0
            .iter()
            .map(|e| {
                let label = if e.field == "code" || e.field.ends_with(".code") { "evaluation_code" } else { &e.field };
                Problem { field: e.field.clone(), message: field_error_message(lang, label, e.code, &e.args) }
            })
            .collect(),
        other => problems(lang, other),
    }
}

/// The app counts only the criteria filled in: `criteria[k]` is the form's row `rows[k]`.
fn at_form_rows(problems: Vec<Problem>, rows: &[usize]) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|mut p| {
            let moved = p.field.strip_prefix("criteria[").and_then(|rest| {
                let (k, field) = rest.split_once(']')?;
                let row = rows.get(k.parse::<usize>().ok()?)?;
                Some(format!("criteria[{row}]{field}"))
            });
            if let Some(field) = moved {
                p.field = field;
            }
            p
        })
        .collect()
}

async fn save(state: &AppState, viewer: &Viewer, id: Option<Uuid>, pairs: Pairs) -> PageResult {
    let actor = viewer.actor();
    let fail = |e| PageError::new(viewer, e);
    // An edit keeps the scorecard's owner and code (a scorecard is replaced by code within its owner).
    let (owner_id, owner, pairs) = match id {
        Some(id) => {
            let record = state.app.scorecard(&actor, id).await.map_err(fail)?;
            let mut pairs: Pairs = pairs.into_iter().filter(|(k, _)| k != "code").collect();
            pairs.push(("code".to_owned(), record.scorecard.code.clone()));
            let owner = state.app.unit_name_as_of(&actor, record.owner_id, state.app.today()).await.unwrap_or_default();
            (record.owner_id, owner, pairs)
        }
        None => {
            let home = managed_home(state, &actor).await.ok_or_else(|| fail(denied()))?;
            (home.id, home.name, pairs)
        }
    };
    let form = FormState::new("scorecard", pairs.clone());
    let (result, rows) = match to_scorecard(&pairs) {
        Ok((scorecard, rows)) => (state.app.save_scorecard(&actor, owner_id, scorecard).await, rows),
        Err(found) => (Err(AppError::Invalid(Invalid(found))), Vec::new()),
    };
    match result {
        Ok(record) => Ok(saved(&format!("/scorecards/{}", record.id))),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let found = at_form_rows(scorecard_problems(viewer.lang, &error), &rows);
            show(state, viewer, id, owner, form.with_problems(found), 0, status_of(&error)).await
        }
        Err(error) => Err(fail(error)),
    }
}

async fn create(State(state): State<AppState>, viewer: Viewer, Form(pairs): Form<Pairs>) -> PageResult {
    require_signed_in(&viewer)?;
    save(&state, &viewer, None, pairs).await
}

async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    save(&state, &viewer, Some(id), pairs).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Pairs {
        items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn blank_rows_are_skipped_and_problems_go_back_to_their_row() {
        let sent = pairs(&[
            ("code", "TD"),
            ("name", "Tiến độ"),
            ("rank_by", "score"),
            ("criteria[0].code", ""),
            ("criteria[0].measure", ""),
            ("criteria[1].code", "C1"),
            ("criteria[1].name", "Xanh"),
            ("criteria[1].measure", "tasks_green_share"),
            ("criteria[1].green", "80"),
            ("criteria[1].yellow", "60,5"),
            ("criteria[3].code", ""),
        ]);
        let (card, rows) = to_scorecard(&sent).expect("reads");
        assert_eq!(rows, vec![1]);
        assert_eq!((card.criteria[0].yellow, card.criteria[0].weight), (60.5, 1.0));
        let moved = at_form_rows(vec![Problem { field: "criteria[0].green".into(), message: "m".into() }], &rows);
        assert_eq!(moved[0].field, "criteria[1].green");
        assert_eq!(rows_sent(&sent), 4);
        let bad = to_scorecard(&pairs(&[("rank_by", "score"), ("criteria[0].code", "C"), ("criteria[0].green", "x")]));
        let fields: Vec<String> = bad.expect_err("refused").into_iter().map(|e| e.field).collect();
        assert!(fields.contains(&"criteria[0].green".to_owned()) && fields.contains(&"criteria[0].yellow".to_owned()));
    }
}
