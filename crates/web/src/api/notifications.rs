//! The caller's own notifications: reminders, missed deadlines and escalations.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use nqtrack_store::Notification;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::{ApiPath, ApiQuery, ApiResult, Problems, problem};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(mark_read)).routes(routes!(mark_all_read))
}

/// One notice for the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: Uuid,
    /// `remind` (before a deadline), `missed`, `escalate` (overdue, told to the leader in charge and
    /// the assigning unit) or `regular` (a regular task not reported this month).
    #[schema(example = "remind")]
    pub kind: String,
    pub task_id: Option<Uuid>,
    #[schema(example = "Nhắc hạn: nhiệm vụ TQ-2026-001 đến hạn ngày 29/11/2026")]
    pub subject: String,
    pub body: String,
    /// Where the notice leads in the web interface.
    #[schema(example = "/tasks/01936f1e-8f4c-7a35-9d8e-4b5c6d7e8f90")]
    pub link: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// When the caller marked it read; absent while unread.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub read_at: Option<Timestamp>,
}

impl From<Notification> for NotificationDto {
    fn from(n: Notification) -> Self {
        Self {
            id: n.id,
            kind: n.kind,
            task_id: n.task_id,
            subject: n.subject,
            body: n.body,
            link: n.link,
            created_at: n.created_at,
            read_at: n.read_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only notifications older than this one (the previous page's `next_before`).
    before: Option<Uuid>,
}

/// A page of the caller's notifications, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationList {
    pub items: Vec<NotificationDto>,
    /// How many of all the caller's notifications are unread.
    pub unread: i64,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<Uuid>,
}

/// The caller's notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/notifications", tag = "notifications", params(NotificationQuery),
    responses((status = 200, description = "A page of notifications", body = NotificationList), Problems))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<NotificationQuery>,
) -> ApiResult<NotificationList> {
    let page = state.app.notifications(caller.actor(), query.before).await.map_err(problem(caller.lang))?;
    Ok(Json(NotificationList {
        items: page.items.into_iter().map(NotificationDto::from).collect(),
        unread: page.unread,
        next_before: page.next_before,
    }))
}

/// Marks one of the caller's notifications read (again: no change). Another person's is not found.
#[utoipa::path(post, path = "/notifications/{id}/read", tag = "notifications",
    params(("id" = Uuid, Path, description = "The notification's id")),
    responses((status = 204, description = "The notification is read"), Problems))]
async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.mark_read(caller.actor(), id).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many notifications were marked.
#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedAll {
    /// The number that were unread.
    pub marked: u64,
}

/// Marks all the caller's notifications read.
#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications",
    responses((status = 200, description = "How many were unread", body = MarkedAll), Problems))]
async fn mark_all_read(State(state): State<AppState>, caller: Caller) -> ApiResult<MarkedAll> {
    let marked = state.app.mark_all_read(caller.actor()).await.map_err(problem(caller.lang))?;
    Ok(Json(MarkedAll { marked }))
}
