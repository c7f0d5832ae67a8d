//! Period closing: `/periods` lists the closings that cover a unit (the viewer's home unit, or
//! `?unit=`), with a form to close an ended period and, per closing in force, a form to reopen it with
//! a reason. Refusals (a period not ended, closed already, a reason missing) are shown in the page.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use nqtrack_app::AppError;
use nqtrack_domain::policy::{self, Action};
use nqtrack_store::{PeriodClosing, Unit};
use uuid::Uuid;

use super::tasks::form::{FormState, problems, uuid_field, value};
use crate::auth::Viewer;
use crate::error::status_of;
use crate::i18n::tr;
use crate::state::AppState;
use crate::views::evaluation::{ended_periods, period_name};
use crate::views::evaluation_rankings::Choice;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

type Pairs = Vec<(String, String)>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/periods", get(periods_page))
        .route("/periods/close", post(close))
        .route("/periods/{id}/reopen", post(reopen))
}

/// A closing as listed, with who closed and reopened it.
pub struct Listed {
    pub closing: PeriodClosing,
    pub unit_name: String,
    pub closed_by: String,
    pub reopened_by: String,
    /// Whether the viewer may reopen it (it is in force and within their management).
    pub can_reopen: bool,
}

#[derive(Template)]
#[template(path = "periods.html")]
struct PeriodsPage {
    base: Base,
    unit: Unit,
    closings: Vec<Listed>,
    can_close: bool,
    periods: Vec<Choice>,
    /// The form sent ("close" or "reopen"), with its values and problems.
    form: FormState,
}

impl PeriodsPage {
    /// Whether the reopen form sent was this closing's (its hidden `closing` field says which).
    fn is_reopen_of(&self, id: &Uuid) -> bool {
        self.form.is("reopen") && self.form.value("closing") == id.to_string()
    }
}

/// The name of an account, if the viewer may see it.
async fn user_name(state: &AppState, viewer: &Viewer, id: Option<Uuid>) -> String {
    match id {
        Some(id) => state.app.user_details(&viewer.actor(), id).await.map(|d| d.user.display_name).unwrap_or_default(),
        None => String::new(),
    }
}

async fn show(
    state: &AppState,
    viewer: &Viewer,
    unit_id: Option<Uuid>,
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let fail = |e| PageError::new(viewer, e);
    let actor = viewer.actor();
    let unit = match unit_id {
        Some(id) => state.app.unit_details(&actor, id).await.map_err(fail)?.unit,
        None => state.app.home_unit(&actor).await.map_err(fail)?,
    };
    let mut closings = Vec::new();
    for closing in state.app.period_closings(&actor, unit.id).await.map_err(fail)? {
        let unit_name = if closing.unit_id == unit.id {
            unit.name.clone()
        } else {
            state
                .app
                .unit_name_as_of(&actor, closing.unit_id, state.app.today())
                .await
                .unwrap_or_else(|_| tr(viewer.lang, "evaluation-owner-above"))
        };
        let can_reopen = closing.reopened_at.is_none()
            && policy::authorize(&actor, Action::ManageEvaluation, &closing.unit_path).is_ok();
        closings.push(Listed {
            closed_by: user_name(state, viewer, closing.closed_by).await,
            reopened_by: user_name(state, viewer, closing.reopened_by).await,
            unit_name,
            can_reopen,
            closing,
        });
    }
    let can_close = policy::authorize(&actor, Action::ManageEvaluation, &unit.path).is_ok();
    let periods = ended_periods(state.app.today())
        .into_iter()
        .map(|p| Choice { value: p.label(), label: period_name(viewer.lang, &p) })
        .collect();
    let mut base = Base::new(viewer);
    base.errors = form.messages();
    let page = PeriodsPage { base, unit, closings, can_close, periods, form };
    Ok((status, render(&page)).into_response())
}

async fn periods_page(State(state): State<AppState>, viewer: Viewer, Query(pairs): Query<Pairs>) -> PageResult {
    require_signed_in(&viewer)?;
    let unit = uuid_field(&pairs, "unit").map_err(|e| PageError::new(&viewer, e.into()))?;
    show(&state, &viewer, unit, FormState::default(), StatusCode::OK).await
}

/// Back to the list of the unit the form was for, saying "saved"; or the page again with the problem.
async fn answer(
    state: &AppState,
    viewer: &Viewer,
    unit: Option<Uuid>,
    form: FormState,
    result: Result<(), AppError>,
) -> PageResult {
    match result {
        Ok(()) => Ok(saved(&unit.map_or_else(|| "/periods".to_owned(), |id| format!("/periods?unit={id}")))),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let found = problems(viewer.lang, &error);
            show(state, viewer, unit, form.with_problems(found), status_of(&error)).await
        }
        Err(error) => Err(PageError::new(viewer, error)),
    }
}

async fn close(State(state): State<AppState>, viewer: Viewer, Form(pairs): Form<Pairs>) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let unit = uuid_field(&pairs, "unit").map_err(|e| PageError::new(&viewer, e.into()))?;
    let result = async {
        let unit_id = match unit {
            Some(id) => id,
            None => state.app.home_unit(&actor).await?.id,
        };
        state.app.close_period(&actor, unit_id, value(&pairs, "period")).await.map(|_| ())
    }
    .await;
    answer(&state, &viewer, unit, FormState::new("close", pairs), result).await
}

async fn reopen(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let unit = uuid_field(&pairs, "unit").map_err(|e| PageError::new(&viewer, e.into()))?;
    let result = state.app.reopen_period(&viewer.actor(), id, value(&pairs, "reason")).await.map(|_| ());
    answer(&state, &viewer, unit, FormState::new("reopen", pairs), result).await
}
