//! The signed-in person's notifications: the list, marking read, and the unread badge in the menu.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use nqtrack_store::Notification;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/badge", get(badge))
        .route("/notifications/read-all", post(read_all))
        .route("/notifications/{id}/read", post(read_one))
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    base: Base,
    items: Vec<Notification>,
    unread: i64,
    next_before: Option<Uuid>,
}

#[derive(Deserialize, Default)]
struct Paging {
    before: Option<Uuid>,
}

async fn list(State(state): State<AppState>, viewer: Viewer, Query(paging): Query<Paging>) -> PageResult {
    require_signed_in(&viewer)?;
    let page = state.app.notifications(&viewer.actor(), paging.before).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(render(&NotificationsPage {
        base: Base::new(&viewer),
        items: page.items,
        unread: page.unread,
        next_before: page.next_before,
    }))
}

#[derive(Template)]
#[template(path = "notification_badge_partial.html")]
struct Badge {
    base: Base,
    unread: i64,
}

/// The unread count in the menu, loaded by htmx after the page (so no page pays for it, and a page
/// without JavaScript simply shows the menu entry). Never an error: at worst the badge stays empty.
async fn badge(State(state): State<AppState>, viewer: Viewer) -> impl IntoResponse {
    let unread = match &viewer.signed_in {
        Some(_) => state.app.unread_count(&viewer.actor()).await.unwrap_or(0),
        None => 0,
    };
    render(&Badge { base: Base::new(&viewer), unread })
}

async fn read_one(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    require_signed_in(&viewer)?;
    state.app.mark_read(&viewer.actor(), id).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(saved("/notifications"))
}

async fn read_all(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    require_signed_in(&viewer)?;
    state.app.mark_all_read(&viewer.actor()).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(saved("/notifications"))
}
