//! Collection rounds: `/indicator-rounds` (every round), `/indicator-rounds/{id}` (the coordinator's
//! overview: completeness and timeliness, the units with their state, approve/return, the template and
//! spreadsheet uploads with a per-row report) and `/indicator-rounds/{id}/units/{unit_id}` (a unit's
//! data entry form: save a draft or submit, problems at their field, warnings shown).
//!
//! The rules are the app's; uploads and the template are the API's (`api::indicator_exchange`).

use askama::Template;
use axum::Router;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use nqtrack_app::{AppError, Completeness, IndicatorForm, ValueInput, ValuesInput};
use nqtrack_domain::FieldError;
use nqtrack_domain::indicator::{SubmissionState, Value, ValueType};
use nqtrack_store::{DataSetRecord, RoundRecord};
use uuid::Uuid;

use super::task_exchange::ProblemLine;
use super::tasks::form::{problems, uuid_field, value};
use crate::api::indicator_exchange::{ValuesUpload, template_download};
use crate::api::indicators::{all_rounds, find_round, step};
use crate::auth::Viewer;
use crate::error::{field_messages, status_of};
use crate::i18n::{Lang, field_error_message, field_label};
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

type Pairs = Vec<(String, String)>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/indicator-rounds", get(rounds_page))
        .route("/indicator-rounds/{id}", get(round_page))
        .route("/indicator-rounds/{id}/upload", post(upload))
        .route("/indicator-rounds/{id}/template.xlsx", get(template))
        .route("/indicator-rounds/{id}/units/{unit_id}", get(form_page).post(save_form))
        .route("/indicator-rounds/{id}/units/{unit_id}/decide", post(decide))
}

#[derive(Template)]
#[template(path = "indicator_rounds.html")]
struct RoundsPage {
    base: Base,
    rounds: Vec<(RoundRecord, DataSetRecord)>,
    /// The catalogue's managers see the forms: a new data set, a round per data set, close/reopen.
    can_manage: bool,
    data_sets: Vec<DataSetRecord>,
    indicators: Vec<nqtrack_store::IndicatorRecord>,
    periodicities: &'static [nqtrack_domain::period::Periodicity],
    levels: &'static [nqtrack_domain::unit::Level],
}

async fn rounds_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let fail = |e| PageError::new(&viewer, e);
    let rounds = all_rounds(&state, &actor).await.map_err(fail)?;
    let can_manage = super::indicator_admin::may_manage(&actor);
    let (data_sets, indicators) = if can_manage {
        (state.app.indicator_data_sets(&actor).await.map_err(fail)?, state.app.indicators(&actor).await.map_err(fail)?)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(render(&RoundsPage {
        base: Base::new(&viewer),
        rounds,
        can_manage,
        data_sets,
        indicators,
        periodicities: nqtrack_domain::period::Periodicity::ALL,
        levels: nqtrack_domain::unit::Level::ALL,
    }))
}

#[derive(Template)]
#[template(path = "indicator_round.html")]
struct RoundPage {
    base: Base,
    round: RoundRecord,
    data_set: DataSetRecord,
    unit_id: Uuid,
    completeness: Completeness,
    imported: Option<usize>,
    problems: Vec<ProblemLine>,
}

impl RoundPage {
    fn can_decide(&self, state: &Option<SubmissionState>) -> bool {
        matches!(state, Some(SubmissionState::Submitted))
    }

    fn can_reopen(&self, state: &Option<SubmissionState>) -> bool {
        matches!(state, Some(SubmissionState::Approved))
    }

    fn percent(&self, part: &usize) -> String {
        if self.completeness.expected == 0 {
            "—".to_owned()
        } else {
            self.base.percent_or_dash(&Some(*part as f64 / self.completeness.expected as f64 * 100.0))
        }
    }
}

async fn round_view(
    state: &AppState,
    viewer: &Viewer,
    id: Uuid,
    pairs: &[(String, String)],
) -> Result<RoundPage, AppError> {
    let actor = viewer.actor();
    let (round, data_set) = find_round(state, &actor, id).await?;
    let unit_id = match uuid_field(pairs, "unit_id").map_err(|e| AppError::from(nqtrack_domain::Invalid(vec![e])))? {
        Some(id) => id,
        None => state.app.home_unit(&actor).await?.id,
    };
    let completeness = state.app.round_completeness(&actor, id, unit_id).await?;
    Ok(RoundPage {
        base: Base::new(viewer),
        round,
        data_set,
        unit_id,
        completeness,
        imported: None,
        problems: Vec::new(),
    })
}

async fn round_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Query(pairs): Query<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let page = round_view(&state, &viewer, id, &pairs).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(render(&page))
}

async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, unit_id)): Path<(Uuid, Uuid)>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let back = match value(&pairs, "back") {
        b if b.starts_with("/indicator-rounds/") => b.to_owned(),
        _ => format!("/indicator-rounds/{id}"),
    };
    let result = match step(value(&pairs, "action"), value(&pairs, "reason").to_owned()) {
        Ok(step) => {
            let version = value(&pairs, "version").parse().ok();
            state.app.decide_submission(&viewer.actor(), id, unit_id, step, version).await.map(|_| ())
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => Ok(saved(&back)),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let mut page = round_view(&state, &viewer, id, &[]).await.map_err(|e| PageError::new(&viewer, e))?;
            page.base = page.base.with_error(&error);
            Ok((status_of(&error), render(&page)).into_response())
        }
        Err(error) => Err(PageError::new(&viewer, error)),
    }
}

async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Query(pairs): Query<Pairs>,
    multipart: Multipart,
) -> PageResult {
    require_signed_in(&viewer)?;
    let result = match ValuesUpload::read(multipart).await {
        Ok(form) => form.import(&state, &viewer.actor()).await,
        Err(error) => Err(error),
    };
    let mut page = round_view(&state, &viewer, id, &pairs).await.map_err(|e| PageError::new(&viewer, e))?;
    match result {
        Ok(outcome) => {
            page.imported = Some(outcome.written);
            Ok(render(&page))
        }
        Err(error @ (AppError::ImportRejected(_) | AppError::Invalid(_) | AppError::Conflict(_))) => {
            page.problems = problem_lines(viewer.lang, &error);
            Ok((status_of(&error), render(&page)).into_response())
        }
        Err(error) => Err(PageError::new(&viewer, error)),
    }
}

/// Every problem of a refused upload, with the column as the official sees it.
fn problem_lines(lang: Lang, error: &AppError) -> Vec<ProblemLine> {
    let report = match error {
        AppError::ImportRejected(report) => report.problems.as_slice(),
        _ => &[],
    };
    field_messages(lang, error)
        .into_iter()
        .enumerate()
        .map(|(index, problem)| {
            let arg = |name: &str| {
                report.get(index).and_then(|p| p.args.iter().find(|(n, _)| *n == name)).map(|(_, v)| v.as_str())
            };
            let label = field_label(lang, &problem.field);
            let column = match (arg("column"), arg("header")) {
                (Some(letter), Some(header)) => format!("{letter} ({header})"),
                _ => label,
            };
            ProblemLine { row: problem.row.unwrap_or(0), column, message: problem.message }
        })
        .collect()
}

async fn template(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Query(pairs): Query<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e| PageError::new(&viewer, e);
    let actor = viewer.actor();
    let unit_id = match uuid_field(&pairs, "unit_id").map_err(|e| fail(nqtrack_domain::Invalid(vec![e]).into()))? {
        Some(id) => id,
        None => state.app.home_unit(&actor).await.map_err(fail)?.id,
    };
    template_download(&state, &actor, id, unit_id).await.map_err(fail)
}

/// One line of the entry form, ready to show.
pub struct EntryRow {
    pub code: String,
    pub name: String,
    pub unit_of_measure: String,
    pub value_type: ValueType,
    pub computed: bool,
    pub previous: String,
    pub target: String,
    /// What the input holds: the stored value, or what was typed when refused.
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub comment: String,
    /// The stored value as the pages show it (read-only forms), or a dash.
    pub display: String,
    pub error: Option<String>,
    pub warning: Option<String>,
}

impl EntryRow {
    fn is(&self, kind: &str) -> bool {
        self.value_type.as_str() == kind
    }
}

#[derive(Template)]
#[template(path = "indicator_form.html")]
struct FormPage {
    base: Base,
    form: IndicatorForm,
    rows: Vec<EntryRow>,
    warnings: Vec<String>,
    submitted: bool,
    state: Option<SubmissionState>,
}

impl FormPage {
    fn version(&self) -> String {
        self.form.submission.as_ref().map_or_else(String::new, |s| s.version.to_string())
    }
}

/// A number as a form input holds it: a decimal comma, no grouping, so it reads back the same.
fn raw_number(x: f64) -> String {
    x.to_string().replace('.', ",")
}

/// The text the app parses for an indicator from the posted form.
fn typed(pairs: &[(String, String)], code: &str, value_type: ValueType) -> String {
    if value_type == ValueType::Ratio {
        let (n, d) = (value(pairs, &format!("num.{code}")), value(pairs, &format!("den.{code}")));
        if n.is_empty() && d.is_empty() { String::new() } else { format!("{n}/{d}") }
    } else {
        value(pairs, &format!("value.{code}")).to_owned()
    }
}

fn entry_rows(
    lang: Lang,
    form: &IndicatorForm,
    sent: Option<&[(String, String)]>,
    problems: &[super::tasks::form::Problem],
    warnings: &[FieldError],
) -> Vec<EntryRow> {
    form.rows
        .iter()
        .map(|row| {
            let d = &row.definition;
            let code = d.code.as_str().to_owned();
            let stored = row.value.as_ref().map(|v| v.value);
            let (mut value_text, mut numerator, mut denominator) = match stored {
                Some(Value::Number(x)) => (raw_number(x), String::new(), String::new()),
                Some(Value::YesNo(yes)) => {
                    ((if yes { "có" } else { "không" }).to_owned(), String::new(), String::new())
                }
                Some(Value::Ratio { numerator, denominator }) => {
                    (String::new(), raw_number(numerator), raw_number(denominator))
                }
                None => (String::new(), String::new(), String::new()),
            };
            let mut comment = row.value.as_ref().map(|v| v.comment.clone()).unwrap_or_default();
            if let Some(pairs) = sent {
                value_text = value(pairs, &format!("value.{code}")).to_owned();
                numerator = value(pairs, &format!("num.{code}")).to_owned();
                denominator = value(pairs, &format!("den.{code}")).to_owned();
                comment = value(pairs, &format!("comment.{code}")).to_owned();
            }
            let messages: Vec<&str> = problems.iter().filter(|p| p.field == code).map(|p| p.message.as_str()).collect();
            let warned: Vec<String> = warnings
                .iter()
                .filter(|w| w.field == code)
                .map(|w| field_error_message(lang, &w.field, w.code, &w.args))
                .collect();
            EntryRow {
                name: match lang {
                    Lang::Vi => d.name_vi.as_str().to_owned(),
                    Lang::En => d.name_en_or_vi().to_owned(),
                },
                unit_of_measure: d.unit_of_measure.clone(),
                value_type: d.value_type,
                computed: d.source.formula().is_some(),
                previous: row
                    .previous
                    .map_or_else(|| "—".to_owned(), |v| super::indicators::format_value(lang, &v, d.value_type)),
                target: row
                    .targets
                    .target
                    .map_or_else(|| "—".to_owned(), |t| super::indicators::format_number(lang, t)),
                display: stored
                    .map_or_else(|| "—".to_owned(), |v| super::indicators::format_value(lang, &v, d.value_type)),
                value: value_text,
                numerator,
                denominator,
                comment,
                error: (!messages.is_empty()).then(|| messages.join(" ")),
                warning: (!warned.is_empty()).then(|| warned.join(" ")),
                code,
            }
        })
        .collect()
}

async fn form_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, unit_id)): Path<(Uuid, Uuid)>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let form = state.app.indicator_form(&viewer.actor(), id, unit_id).await.map_err(|e| PageError::new(&viewer, e))?;
    let rows = entry_rows(viewer.lang, &form, None, &[], &[]);
    Ok(render(&FormPage {
        base: Base::new(&viewer),
        state: form.submission.as_ref().map(|s| s.state),
        form,
        rows,
        warnings: Vec::new(),
        submitted: false,
    }))
}

async fn save_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, unit_id)): Path<(Uuid, Uuid)>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let fail = |e| PageError::new(&viewer, e);
    let form = state.app.indicator_form(&actor, id, unit_id).await.map_err(fail)?;
    let input = ValuesInput {
        version: value(&pairs, "version").parse().ok(),
        values: form
            .rows
            .iter()
            .filter(|r| r.definition.source.formula().is_none())
            .map(|r| {
                let code = r.definition.code.as_str();
                ValueInput {
                    indicator: code.to_owned(),
                    value: typed(&pairs, code, r.definition.value_type),
                    comment: value(&pairs, &format!("comment.{code}")).to_owned(),
                }
            })
            .collect(),
    };
    let submit = value(&pairs, "action") == "submit";
    let result = if submit {
        state.app.submit_indicator_values(&actor, id, unit_id, input).await
    } else {
        state.app.save_indicator_values(&actor, id, unit_id, input).await
    };
    match result {
        Ok(outcome) if outcome.warnings.is_empty() => Ok(saved(&format!("/indicator-rounds/{id}/units/{unit_id}"))),
        Ok(outcome) => {
            // Submitted, with warnings to read: the form again, each at its indicator.
            let form = state.app.indicator_form(&actor, id, unit_id).await.map_err(fail)?;
            let rows = entry_rows(viewer.lang, &form, None, &[], &outcome.warnings);
            let warnings =
                outcome.warnings.iter().map(|w| field_error_message(viewer.lang, &w.field, w.code, &w.args)).collect();
            Ok(render(&FormPage {
                base: Base::new(&viewer),
                state: form.submission.as_ref().map(|s| s.state),
                form,
                rows,
                warnings,
                submitted: submit,
            }))
        }
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let found = problems(viewer.lang, &error);
            let rows = entry_rows(viewer.lang, &form, Some(&pairs), &found, &[]);
            let base = Base::new(&viewer).with_error(&error);
            let status = status_of(&error);
            let page = FormPage {
                base,
                state: form.submission.as_ref().map(|s| s.state),
                form,
                rows,
                warnings: Vec::new(),
                submitted: false,
            };
            Ok((if status.is_client_error() { status } else { StatusCode::UNPROCESSABLE_ENTITY }, render(&page))
                .into_response())
        }
        Err(error) => Err(fail(error)),
    }
}
