//! The signed-in user's own account: sessions, API tokens, password.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use nqtrack_app::AppError;
use nqtrack_store::{ApiToken, Session};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
        .route("/account/sessions/{id}/revoke", post(revoke_session))
        .route("/account/sessions/revoke-others", post(revoke_others))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    base: Base,
    sessions: Vec<Session>,
    current: Option<Uuid>,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
}

impl AccountPage {
    fn is_current(&self, session: &Session) -> bool {
        self.current == Some(session.id)
    }
}

async fn account_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    show(&state, &viewer, None, None).await
}

async fn show(state: &AppState, viewer: &Viewer, new_token: Option<String>, error: Option<AppError>) -> PageResult {
    require_signed_in(viewer)?;
    let Some(signed_in) = &viewer.signed_in else { return Err(PageError::new(viewer, AppError::Unauthenticated)) };
    let sessions = state.app.sessions(signed_in).await.map_err(|e| PageError::new(viewer, e))?;
    let tokens = state.app.tokens(signed_in).await.map_err(|e| PageError::new(viewer, e))?;
    let mut base = Base::new(viewer);
    let status = error.as_ref().map_or(axum::http::StatusCode::OK, crate::error::status_of);
    if let Some(error) = &error {
        base = base.with_error(error);
    }
    let current = signed_in.session.as_ref().map(|s| s.id);
    Ok((status, render(&AccountPage { base, sessions, current, tokens, new_token })).into_response())
}

async fn after_post<T>(state: &AppState, viewer: &Viewer, result: Result<T, AppError>) -> PageResult {
    match result {
        Ok(_) => Ok(saved("/account")),
        Err(error @ AppError::Invalid(_)) => show(state, viewer, None, Some(error)).await,
        Err(error) => Err(PageError::new(viewer, error)),
    }
}

#[derive(Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    repeat_password: String,
}

async fn change_password(State(state): State<AppState>, viewer: Viewer, Form(form): Form<PasswordForm>) -> PageResult {
    require_signed_in(&viewer)?;
    let Some(signed_in) = &viewer.signed_in else { return Err(PageError::new(&viewer, AppError::Unauthenticated)) };
    let result = if form.new_password == form.repeat_password {
        state.app.change_password(signed_in, &form.current_password, &form.new_password).await
    } else {
        Err(nqtrack_domain::FieldError::new("repeat_password", "password-mismatch").into())
    };
    after_post(&state, &viewer, result).await
}

async fn revoke_session(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    require_signed_in(&viewer)?;
    let Some(signed_in) = &viewer.signed_in else { return Err(PageError::new(&viewer, AppError::Unauthenticated)) };
    let result = state.app.revoke_session(signed_in, Some(id)).await;
    after_post(&state, &viewer, result).await
}

async fn revoke_others(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    require_signed_in(&viewer)?;
    let Some(signed_in) = &viewer.signed_in else { return Err(PageError::new(&viewer, AppError::Unauthenticated)) };
    let result = state.app.revoke_session(signed_in, None).await;
    after_post(&state, &viewer, result).await
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

/// The secret is shown once, on this response, and never again.
async fn create_token(State(state): State<AppState>, viewer: Viewer, Form(form): Form<TokenForm>) -> PageResult {
    require_signed_in(&viewer)?;
    let Some(signed_in) = &viewer.signed_in else { return Err(PageError::new(&viewer, AppError::Unauthenticated)) };
    match state.app.create_token(signed_in, &form.name).await {
        Ok((_, secret)) => show(&state, &viewer, Some(secret), None).await,
        Err(error) => after_post::<()>(&state, &viewer, Err(error)).await,
    }
}

async fn revoke_token(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    require_signed_in(&viewer)?;
    let Some(signed_in) = &viewer.signed_in else { return Err(PageError::new(&viewer, AppError::Unauthenticated)) };
    let result = state.app.revoke_token(signed_in, id).await;
    after_post(&state, &viewer, result).await
}
