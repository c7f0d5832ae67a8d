//! Task pages: a unit's tasks, the assignment form, the task page with its forms, and evidence downloads.
//!
//! Every page calls the use cases of `nqtrack_app`; nothing here decides who may do what or whether a
//! task is late. The submodules share the form plumbing of `form` (typed values kept, problems placed
//! next to their fields) and the translated names of `labels`.

mod actions;
mod attachments;
pub(super) mod form;
mod labels;
mod list;
mod new;
mod show;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tasks", get(list::tasks_page))
        .route("/tasks/new", get(new::new_page).post(new::assign))
        .route("/tasks/{id}", get(show::task_page))
        .route("/tasks/{id}/progress", post(actions::progress))
        .route("/tasks/{id}/completion", post(actions::completion))
        .route("/tasks/{id}/completion/decide", post(actions::decide_completion))
        .route("/tasks/{id}/extensions", post(actions::request_extension))
        .route("/tasks/{id}/extensions/{extension}/decide", post(actions::decide_extension))
        .route("/tasks/{id}/cascade", post(actions::cascade))
        .route("/tasks/{id}/edit", post(actions::edit))
        .route("/tasks/{id}/deadline", post(actions::adjust_deadline))
        .route("/tasks/{id}/cancel", post(actions::cancel))
        .route("/attachments/{id}", get(attachments::download))
}
