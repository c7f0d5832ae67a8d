//! The unit tree, search, the unit page and its forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::{Form, Router};
use nqtrack_app::{
    AppError, CommitteeInput, GroupInput, MemberInput, MergeInput, RenameInput, UnitChanges, UnitDetails, UnitInput,
};
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_store::{Liveness, Unit, UnitWithChildren};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/units") }))
        .route("/units", get(units_page))
        .route("/units/{id}", get(unit_page))
        .route("/units/{id}/tree", get(tree_partial))
        .route("/units/{id}/children", post(create_child))
        .route("/units/{id}/edit", post(edit))
        .route("/units/{id}/rename", post(rename))
        .route("/units/{id}/move", post(move_unit))
        .route("/units/{id}/merge", post(merge))
        .route("/units/{id}/committee", post(committee))
        .route("/units/{id}/members", post(add_member))
        .route("/units/{id}/members/{member}/remove", post(remove_member))
        .route("/units/{id}/groups", post(create_group))
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    base: Base,
    query: String,
    dissolved: bool,
    results: Option<Vec<Unit>>,
    items: Vec<UnitWithChildren>,
}

#[derive(Deserialize, Default)]
struct UnitsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    dissolved: Option<String>,
}

async fn units_page(State(state): State<AppState>, viewer: Viewer, Query(query): Query<UnitsQuery>) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let dissolved = query.dissolved.is_some();
    let liveness = if dissolved { Liveness::All } else { Liveness::Live };
    let fail = |e| PageError::new(&viewer, e);
    let (results, items) = if query.q.trim().is_empty() {
        (None, state.app.browse_units(&actor, None, liveness).await.map_err(fail)?)
    } else {
        (Some(state.app.search_units(&actor, &query.q, None, liveness).await.map_err(fail)?), Vec::new())
    };
    Ok(render(&UnitsPage { base: Base::new(&viewer), query: query.q, dissolved, results, items }))
}

#[derive(Template)]
#[template(path = "unit_tree_partial.html")]
struct TreePartial {
    base: Base,
    items: Vec<UnitWithChildren>,
}

async fn tree_partial(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    require_signed_in(&viewer)?;
    let items = state
        .app
        .browse_units(&viewer.actor(), Some(id), Liveness::Live)
        .await
        .map_err(|e| PageError::new(&viewer, e))?;
    Ok(render(&TreePartial { base: Base::new(&viewer), items }))
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    base: Base,
    d: UnitDetails,
    kinds: &'static [UnitKind],
    levels: &'static [Level],
}

async fn unit_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    show_unit(&state, &viewer, id, None).await
}

/// The unit page, showing `error` when a form on it was refused.
async fn show_unit(state: &AppState, viewer: &Viewer, id: Uuid, error: Option<AppError>) -> PageResult {
    require_signed_in(viewer)?;
    let d = state.app.unit_details(&viewer.actor(), id).await.map_err(|e| PageError::new(viewer, e))?;
    let mut base = Base::new(viewer);
    let status = match &error {
        Some(error) => {
            base = base.with_error(error);
            crate::error::status_of(error)
        }
        None => StatusCode::OK,
    };
    Ok((status, render(&UnitPage { base, d, kinds: UnitKind::ALL, levels: Level::ALL })).into_response())
}

/// Back to the unit page: "saved" on success, the form's problems on a refusal.
async fn after_post<T>(state: &AppState, viewer: &Viewer, id: Uuid, result: Result<T, AppError>) -> PageResult {
    match result {
        Ok(_) => Ok(saved(&format!("/units/{id}"))),
        Err(error @ AppError::Invalid(_)) => show_unit(state, viewer, id, Some(error)).await,
        Err(error) => Err(PageError::new(viewer, error)),
    }
}

#[derive(Deserialize)]
struct ChildForm {
    code: String,
    name: String,
    kind: String,
    #[serde(default)]
    level: String,
}

async fn create_child(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<ChildForm>,
) -> PageResult {
    let input = UnitInput {
        code: form.code,
        name: form.name,
        kind: form.kind,
        level: form.level,
        parent_id: Some(id),
        established_on: String::new(),
    };
    let result = state.app.create_unit(&viewer.actor(), input).await;
    match result {
        Ok(unit) => Ok(saved(&format!("/units/{}", unit.id))),
        Err(error) => after_post::<()>(&state, &viewer, id, Err(error)).await,
    }
}

async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<ChildForm>,
) -> PageResult {
    let changes =
        UnitChanges { code: Some(form.code), name: Some(form.name), kind: Some(form.kind), level: Some(form.level) };
    let result = state.app.update_unit(&viewer.actor(), id, changes).await;
    after_post(&state, &viewer, id, result).await
}

#[derive(Deserialize)]
struct RenameForm {
    name: String,
    effective_on: String,
    #[serde(default)]
    reason: String,
}

async fn rename(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<RenameForm>,
) -> PageResult {
    let input = RenameInput { name: form.name, effective_on: form.effective_on, reason: form.reason };
    let result = state.app.rename_unit(&viewer.actor(), id, input).await;
    after_post(&state, &viewer, id, result).await
}

#[derive(Deserialize)]
struct MoveForm {
    parent_code: String,
}

async fn move_unit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<MoveForm>,
) -> PageResult {
    let actor = viewer.actor();
    let result = match unit_by_code_field(&state, &viewer, &form.parent_code, "parent_code").await {
        Ok(parent) => state.app.move_unit(&actor, id, parent.id).await,
        Err(error) => Err(error),
    };
    after_post(&state, &viewer, id, result).await
}

/// A unit typed by its code in a form; an unknown code is a problem of that field.
async fn unit_by_code_field(state: &AppState, viewer: &Viewer, code: &str, field: &str) -> Result<Unit, AppError> {
    match state.app.unit_by_code(&viewer.actor(), code).await {
        Err(AppError::NotFound(_)) => {
            Err(nqtrack_domain::FieldError::new(field, "unknown-parent").with_arg("value", code.trim()).into())
        }
        other => other,
    }
}

#[derive(Deserialize)]
struct MergeForm {
    source_codes: String,
    effective_on: String,
    #[serde(default)]
    reason: String,
}

async fn merge(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<MergeForm>,
) -> PageResult {
    let mut source_ids = Vec::new();
    for code in form.source_codes.split([',', ';', ' ']).filter(|c| !c.trim().is_empty()) {
        match unit_by_code_field(&state, &viewer, code, "sources").await {
            Ok(unit) => source_ids.push(unit.id),
            Err(error) => return after_post::<()>(&state, &viewer, id, Err(error)).await,
        }
    }
    let input = MergeInput { source_ids, target_id: id, effective_on: form.effective_on, reason: form.reason };
    let result = state.app.merge_units(&viewer.actor(), input).await;
    after_post(&state, &viewer, id, result).await
}

async fn committee(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<CommitteeInput>,
) -> PageResult {
    let result = state.app.set_committee(&viewer.actor(), id, form).await;
    after_post(&state, &viewer, id, result).await
}

async fn add_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<MemberInput>,
) -> PageResult {
    let result = state.app.add_committee_member(&viewer.actor(), id, form).await;
    after_post(&state, &viewer, id, result).await
}

async fn remove_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, member)): Path<(Uuid, Uuid)>,
) -> PageResult {
    let result = state.app.remove_committee_member(&viewer.actor(), member).await;
    after_post(&state, &viewer, id, result).await
}

async fn create_group(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<GroupInput>,
) -> PageResult {
    match state.app.create_group(&viewer.actor(), id, form).await {
        Ok(group) => Ok(saved(&format!("/groups/{}", group.id))),
        Err(error) => after_post::<()>(&state, &viewer, id, Err(error)).await,
    }
}
