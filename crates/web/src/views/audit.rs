//! The audit history: everything in the viewer's scope, or one object's history.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use axum::routing::get;
use nqtrack_domain::audit::AuditEntry;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in};

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(recent)).route("/audit/{object_type}/{object_id}", get(object)).route(
        "/units/{id}/history",
        get(|Path(id): Path<Uuid>| async move { Redirect::to(&format!("/audit/unit/{id}")) }),
    )
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    base: Base,
    subject: Option<String>,
    entries: Vec<AuditEntry>,
    next_before: Option<i64>,
}

#[derive(Deserialize, Default)]
struct Paging {
    before: Option<i64>,
}

fn page(viewer: &Viewer, subject: Option<String>, entries: Vec<AuditEntry>) -> AuditPage {
    let full = entries.len() as i64 >= nqtrack_app::HISTORY_PAGE;
    let next_before = if full { entries.last().map(|e| e.seq) } else { None };
    AuditPage { base: Base::new(viewer), subject, entries, next_before }
}

async fn recent(State(state): State<AppState>, viewer: Viewer, Query(paging): Query<Paging>) -> PageResult {
    require_signed_in(&viewer)?;
    let entries =
        state.app.recent_history(&viewer.actor(), paging.before).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(render(&page(&viewer, None, entries)))
}

async fn object(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((object_type, object_id)): Path<(String, String)>,
    Query(paging): Query<Paging>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let entries = state
        .app
        .object_history(&viewer.actor(), &object_type, &object_id, paging.before)
        .await
        .map_err(|e| PageError::new(&viewer, e))?;
    Ok(render(&page(&viewer, Some(object_type), entries)))
}
