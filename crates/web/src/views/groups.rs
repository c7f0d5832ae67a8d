//! Unit groups: create one under a unit, add and remove members by code.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use nqtrack_app::AppError;
use nqtrack_store::{Unit, UnitGroup};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/groups/{id}", get(group_page))
        .route("/groups/{id}/members", post(add_member))
        .route("/groups/{id}/members/remove", post(remove_member))
}

#[derive(Template)]
#[template(path = "group.html")]
struct GroupPage {
    base: Base,
    group: UnitGroup,
    members: Vec<Unit>,
}

async fn group_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    show(&state, &viewer, id, None).await
}

async fn show(state: &AppState, viewer: &Viewer, id: Uuid, error: Option<AppError>) -> PageResult {
    require_signed_in(viewer)?;
    let (group, members) = state.app.group_members(&viewer.actor(), id).await.map_err(|e| PageError::new(viewer, e))?;
    let mut base = Base::new(viewer);
    let status = error.as_ref().map_or(axum::http::StatusCode::OK, crate::error::status_of);
    if let Some(error) = &error {
        base = base.with_error(error);
    }
    Ok((status, render(&GroupPage { base, group, members })).into_response())
}

#[derive(Deserialize)]
struct MemberForm {
    unit_code: String,
}

async fn change_member(state: &AppState, viewer: &Viewer, id: Uuid, code: &str, member: bool) -> PageResult {
    require_signed_in(viewer)?;
    let actor = viewer.actor();
    let result = match state.app.unit_by_code(&actor, code).await {
        Ok(unit) => state.app.set_group_member(&actor, id, unit.id, member).await,
        Err(AppError::NotFound(_)) => {
            Err(nqtrack_domain::FieldError::new("unit", "unknown-parent").with_arg("value", code.trim()).into())
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => Ok(saved(&format!("/groups/{id}"))),
        Err(error @ AppError::Invalid(_)) => show(state, viewer, id, Some(error)).await,
        Err(error) => Err(PageError::new(viewer, error)),
    }
}

async fn add_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<MemberForm>,
) -> PageResult {
    change_member(&state, &viewer, id, &form.unit_code, true).await
}

async fn remove_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<MemberForm>,
) -> PageResult {
    change_member(&state, &viewer, id, &form.unit_code, false).await
}
