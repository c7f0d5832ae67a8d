//! The coordinator's pages for the catalogue, at the root: `/indicators/new` and
//! `/indicators/{code}/edit` (define or revise an indicator, problems at their field, what was typed
//! kept), `/indicators/{code}/targets` (the small target form on the indicator page),
//! `/indicator-data-sets` (create a data set), `/indicator-data-sets/{id}/rounds` (open a round) and
//! `/indicator-rounds/{id}/close` (close or reopen one), the last three posted from `/indicator-rounds`.
//!
//! The rules are the app's (`save_indicator`, `set_indicator_target`, `create_data_set`, `open_round`,
//! `close_round`); these handlers map the form onto their inputs and show their answer.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use nqtrack_app::{AppError, DataSetInput, RoundInput, TargetInput};
use nqtrack_domain::FieldError;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::error::Checker;
use nqtrack_domain::indicator::{
    Aggregation, Direction, Formula, IndicatorCode, IndicatorDefinition, IndicatorGroup, IndicatorVersion, Source,
    SourceKind, ValueType, Weight,
};
use nqtrack_domain::period::Periodicity;
use nqtrack_domain::policy::{Action, Actor, Scope, scope};
use nqtrack_domain::task::Field;
use nqtrack_domain::unit::{Level, Name};
use nqtrack_store::IndicatorRecord;
use uuid::Uuid;

use super::tasks::form::{FormState, checked, problems, value};
use crate::auth::Viewer;
use crate::error::status_of;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

type Pairs = Vec<(String, String)>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/indicators/new", get(new_page).post(create))
        .route("/indicators/{code}/edit", get(edit_page).post(revise))
        .route("/indicators/{code}/targets", post(set_target))
        .route("/indicator-data-sets", post(create_data_set))
        .route("/indicator-data-sets/{id}/rounds", post(open_round))
        .route("/indicator-rounds/{id}/close", post(close_round))
}

/// Whether the viewer may manage the catalogue: `ManageIndicators` at a root unit.
pub fn may_manage(actor: &Actor) -> bool {
    match scope(actor, Action::ManageIndicators) {
        Scope::Everything => true,
        Scope::Within { subtrees, .. } => subtrees.iter().any(|root| root.depth() == 1),
    }
}

fn denied() -> AppError {
    AppError::Denied(nqtrack_domain::policy::Denied { action: Action::ManageIndicators })
}

#[derive(Template)]
#[template(path = "indicator_edit.html")]
struct EditPage {
    base: Base,
    form: FormState,
    /// The code of the indicator revised, or `None` for a new one.
    code: Option<String>,
    value_types: &'static [ValueType],
    directions: &'static [Direction],
    groups: &'static [IndicatorGroup],
    fields: &'static [Field],
    periodicities: &'static [Periodicity],
    levels: &'static [Level],
    aggregations: &'static [Aggregation],
    sources: &'static [SourceKind],
}

impl EditPage {
    fn action(&self) -> String {
        match &self.code {
            Some(code) => format!("/indicators/{code}/edit"),
            None => "/indicators/new".to_owned(),
        }
    }
}

fn show(viewer: &Viewer, code: Option<String>, form: FormState, status: StatusCode) -> PageResult {
    let mut base = Base::new(viewer);
    base.errors = form.messages();
    let page = EditPage {
        base,
        form,
        code,
        value_types: ValueType::ALL,
        directions: Direction::ALL,
        groups: IndicatorGroup::ALL,
        fields: Field::ALL,
        periodicities: Periodicity::ALL,
        levels: Level::ALL,
        aggregations: Aggregation::ALL,
        sources: SourceKind::ALL,
    };
    Ok((status, render(&page)).into_response())
}

async fn new_page(viewer: Viewer) -> PageResult {
    require_signed_in(&viewer)?;
    if !may_manage(&viewer.actor()) {
        return Err(PageError::new(&viewer, denied()));
    }
    let defaults = [
        ("value_type", "number"),
        ("direction", "higher_is_better"),
        ("group", "strategic"),
        ("periodicity", "quarter"),
        ("aggregation", "sum"),
        ("source", "entered"),
    ];
    let pairs = defaults.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    show(&viewer, None, FormState::new("indicator", pairs), StatusCode::OK)
}

async fn find(state: &AppState, actor: &Actor, code: &str) -> Result<IndicatorRecord, AppError> {
    let code = code.trim().to_ascii_uppercase();
    state
        .app
        .indicators(actor)
        .await?
        .into_iter()
        .find(|r| r.definition.code.as_str() == code)
        .ok_or(AppError::NotFound("indicator"))
}

/// A stored definition as the form's fields.
fn pairs_of(d: &IndicatorDefinition) -> Pairs {
    let mut pairs: Vec<(&str, String)> = vec![
        ("code", d.code.as_str().to_owned()),
        ("name_vi", d.name_vi.as_str().to_owned()),
        ("name_en", d.name_en.as_ref().map(|n| n.as_str().to_owned()).unwrap_or_default()),
        ("unit_of_measure", d.unit_of_measure.clone()),
        ("value_type", d.value_type.as_str().to_owned()),
        ("direction", d.direction.as_str().to_owned()),
        ("group", d.group.as_str().to_owned()),
        ("field", d.field.map(|f| f.as_str().to_owned()).unwrap_or_default()),
        ("periodicity", d.periodicity.as_str().to_owned()),
        ("aggregation", d.aggregation.as_str().to_owned()),
        (
            "weight",
            match &d.weight {
                Some(Weight::Denominator) => "denominator".to_owned(),
                Some(Weight::Indicator(code)) => code.as_str().to_owned(),
                None => String::new(),
            },
        ),
        ("source", d.source.kind().as_str().to_owned()),
    ];
    match &d.source {
        Source::Imported { system } => pairs.push(("system", system.clone())),
        Source::Formula(formula) => pairs.push(("formula", formula.text().to_owned())),
        Source::Entered => {}
    }
    if d.allow_negative {
        pairs.push(("allow_negative", "1".to_owned()));
    }
    for level in &d.levels {
        pairs.push(("levels", level.as_str().to_owned()));
    }
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

async fn edit_page(State(state): State<AppState>, viewer: Viewer, Path(code): Path<String>) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    if !may_manage(&actor) {
        return Err(PageError::new(&viewer, denied()));
    }
    let record = find(&state, &actor, &code).await.map_err(|e| PageError::new(&viewer, e))?;
    let code = record.definition.code.as_str().to_owned();
    show(&viewer, Some(code), FormState::new("indicator", pairs_of(&record.definition)), StatusCode::OK)
}

/// The form mapped onto a definition, or every problem found on the way, each at its field.
fn to_definition(pairs: &[(String, String)], tasks: Vec<Uuid>) -> Result<IndicatorDefinition, Vec<FieldError>> {
    let mut checker = Checker::default();
    let code = checker.check(IndicatorCode::parse("code", value(pairs, "code")));
    let name_vi = checker.check(Name::parse("name_vi", value(pairs, "name_vi")));
    let name_en = match value(pairs, "name_en") {
        "" => Some(None),
        text => checker.check(Name::parse("name_en", text)).map(Some),
    };
    let value_type = checker.check(ValueType::parse("value_type", value(pairs, "value_type")));
    let direction = checker.check(Direction::parse("direction", value(pairs, "direction")));
    let group = checker.check(IndicatorGroup::parse("indicator_group", value(pairs, "group")));
    let field = match value(pairs, "field") {
        "" => Some(None),
        text => checker.check(Field::parse("field", text)).map(Some),
    };
    let periodicity = checker.check(Periodicity::parse("periodicity", value(pairs, "periodicity")));
    let levels: Vec<Level> = pairs
        .iter()
        .filter(|(k, v)| k == "levels" && !v.trim().is_empty())
        .filter_map(|(_, v)| checker.check(Level::parse("levels", v)))
        .collect();
    let aggregation = checker.check(Aggregation::parse("aggregation", value(pairs, "aggregation")));
    let weight = match value(pairs, "weight") {
        "" => Some(None),
        text => checker.check(Weight::parse("weight", text)).map(Some),
    };
    let source = match checker.check(SourceKind::parse("indicator_source", value(pairs, "source"))) {
        Some(SourceKind::Entered) => Some(Source::Entered),
        Some(SourceKind::Imported) => Some(Source::Imported { system: value(pairs, "system").to_owned() }),
        Some(SourceKind::Formula) => {
            checker.check(Formula::parse_field("formula", value(pairs, "formula"))).map(Source::Formula)
        }
        None => None,
    };
    let (
        Some(code),
        Some(name_vi),
        Some(name_en),
        Some(value_type),
        Some(direction),
        Some(group),
        Some(field),
        Some(periodicity),
        Some(aggregation),
        Some(weight),
        Some(source),
    ) = (code, name_vi, name_en, value_type, direction, group, field, periodicity, aggregation, weight, source)
    else {
        return Err(checker.finish().err().map(|i| i.0).unwrap_or_default());
    };
    if let Err(invalid) = checker.finish() {
        return Err(invalid.0);
    }
    Ok(IndicatorDefinition {
        code,
        version: IndicatorVersion::FIRST,
        name_vi,
        name_en,
        unit_of_measure: value(pairs, "unit_of_measure").to_owned(),
        value_type,
        direction,
        group,
        field,
        periodicity,
        levels,
        aggregation,
        weight,
        source,
        allow_negative: checked(pairs, "allow_negative"),
        tasks,
    })
}

async fn save(state: &AppState, viewer: &Viewer, code: Option<String>, pairs: Pairs) -> PageResult {
    let actor = viewer.actor();
    let fail = |e| PageError::new(viewer, e);
    // A revision keeps the tasks the indicator measures (not on this form) and its code.
    let (pairs, tasks) = match &code {
        Some(code) => {
            let record = find(state, &actor, code).await.map_err(fail)?;
            let mut pairs: Pairs = pairs.into_iter().filter(|(k, _)| k != "code").collect();
            pairs.push(("code".to_owned(), record.definition.code.as_str().to_owned()));
            (pairs, record.definition.tasks)
        }
        None => (pairs, Vec::new()),
    };
    let form = FormState::new("indicator", pairs.clone());
    let result = match to_definition(&pairs, tasks) {
        Ok(definition) => state.app.save_indicator(&actor, definition).await,
        Err(found) => Err(AppError::Invalid(nqtrack_domain::Invalid(found))),
    };
    match result {
        Ok(saved_one) => Ok(saved(&format!("/indicators/{}", saved_one.indicator.definition.code))),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let found = problems(viewer.lang, &error);
            show(viewer, code, form.with_problems(found), status_of(&error))
        }
        Err(error) => Err(fail(error)),
    }
}

async fn create(State(state): State<AppState>, viewer: Viewer, Form(pairs): Form<Pairs>) -> PageResult {
    require_signed_in(&viewer)?;
    save(&state, &viewer, None, pairs).await
}

async fn revise(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    save(&state, &viewer, Some(code), pairs).await
}

/// A number typed the Vietnamese way (`1.234,5`) or plainly (`1234.5`); empty is none.
fn number(pairs: &[(String, String)], key: &str, field: &str, problems: &mut Vec<FieldError>) -> Option<f64> {
    let text = value(pairs, key);
    if text.is_empty() {
        return None;
    }
    let normal = if text.contains(',') { text.replace('.', "").replace(',', ".") } else { text.to_owned() };
    match normal.parse::<f64>() {
        Ok(x) if x.is_finite() => Some(x),
        _ => {
            problems.push(FieldError::new(field, "indicator-number-format").with_arg("value", text));
            None
        }
    }
}

/// Shows the outcome of a post from another page: back there saying "saved", or the error page with
/// every problem of the form.
fn answer(viewer: &Viewer, back: &str, result: Result<(), AppError>) -> PageResult {
    match result {
        Ok(()) => Ok(saved(back)),
        Err(error) => Err(PageError::new(viewer, error)),
    }
}

async fn set_target(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let mut found = Vec::new();
    let target = number(&pairs, "target", "target_value", &mut found);
    let baseline = number(&pairs, "baseline", "baseline", &mut found);
    let mut input = TargetInput {
        indicator: code.clone(),
        period: period_label(value(&pairs, "period")),
        level: None,
        unit_id: None,
        target,
        baseline,
    };
    match value(&pairs, "unit_code") {
        "" => match Level::parse("level", value(&pairs, "level")) {
            Ok(level) => input.level = Some(level),
            Err(e) => found.push(e),
        },
        unit_code => match state.app.unit_by_code(&actor, unit_code).await {
            Ok(unit) => input.unit_id = Some(unit.id),
            Err(AppError::NotFound(_) | AppError::Denied(_)) => {
                found.push(FieldError::new("unit_code", "unit-code-unknown").with_arg("value", unit_code))
            }
            Err(other) => return Err(PageError::new(&viewer, other)),
        },
    }
    let result = if found.is_empty() {
        state.app.set_indicator_target(&actor, input).await.map(|_| ())
    } else {
        Err(AppError::Invalid(nqtrack_domain::Invalid(found)))
    };
    answer(&viewer, &format!("/indicators/{}", code.trim().to_ascii_uppercase()), result)
}

/// A period as typed: the stable label (`2026-Q4`, `2026-07`, `2026`) or a month as `12/2026`.
pub fn period_label(text: &str) -> String {
    let text = text.trim();
    match text.split_once('/') {
        Some((month, year)) if month.len() <= 2 && month.chars().all(|c| c.is_ascii_digit()) && year.len() == 4 => {
            format!("{year}-{month:0>2}")
        }
        _ => text.to_owned(),
    }
}

async fn create_data_set(State(state): State<AppState>, viewer: Viewer, Form(pairs): Form<Pairs>) -> PageResult {
    require_signed_in(&viewer)?;
    let result = match Periodicity::parse("periodicity", value(&pairs, "periodicity")) {
        Ok(periodicity) => {
            let input = DataSetInput {
                name: value(&pairs, "name").to_owned(),
                periodicity,
                indicators: pairs
                    .iter()
                    .filter(|(k, v)| k == "indicators" && !v.trim().is_empty())
                    .map(|(_, v)| v.trim().to_owned())
                    .collect(),
                rules: Vec::new(),
                children_first: true,
            };
            state.app.create_data_set(&viewer.actor(), input).await.map(|_| ())
        }
        Err(e) => Err(e.into()),
    };
    answer(&viewer, "/indicator-rounds", result)
}

async fn open_round(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let mut found = Vec::new();
    let mut due_dates = Vec::new();
    for level in Level::ALL {
        let key = format!("due.{}", level.as_str());
        match value(&pairs, &key) {
            "" => {}
            text => match parse_date("due_dates", text) {
                Ok(date) => due_dates.push((*level, date)),
                Err(e) => found.push(e),
            },
        }
    }
    let locks_on = match value(&pairs, "locks_on") {
        "" => None,
        text => parse_date("locks_on", text).map_err(|e| found.push(e)).ok(),
    };
    let result = if found.is_empty() {
        let input = RoundInput { period: period_label(value(&pairs, "period")), due_dates, locks_on };
        state.app.open_round(&viewer.actor(), id, input).await.map(|_| ())
    } else {
        Err(AppError::Invalid(nqtrack_domain::Invalid(found)))
    };
    answer(&viewer, "/indicator-rounds", result)
}

async fn close_round(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let closed = value(&pairs, "closed") != "false";
    let result = state.app.close_round(&viewer.actor(), id, closed).await.map(|_| ());
    answer(&viewer, "/indicator-rounds", result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_as_typed() {
        assert_eq!(period_label("12/2026"), "2026-12");
        assert_eq!(period_label("3/2026"), "2026-03");
        assert_eq!(period_label(" 2026-Q4 "), "2026-Q4");
    }

    #[test]
    fn a_bad_form_names_its_fields() {
        let pairs: Pairs = [("code", "1BAD"), ("name_vi", ""), ("value_type", "percent"), ("source", "entered")]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let problems = to_definition(&pairs, Vec::new()).expect_err("refused");
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"code") && fields.contains(&"name_vi"), "{fields:?}");
    }
}
