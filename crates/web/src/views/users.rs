//! Account administration pages.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use nqtrack_app::{AppError, UserDetails, UserInput};
use nqtrack_domain::user::Role;
use nqtrack_store::{Unit, User};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", get(users_page).post(create_user))
        .route("/users/{id}", get(user_page))
        .route("/users/{id}/disable", post(disable))
        .route("/users/{id}/enable", post(enable))
        .route("/users/{id}/reset", post(reset))
        .route("/users/{id}/grant", post(grant))
        .route("/users/{id}/revoke", post(revoke))
}

#[derive(Deserialize, Default)]
struct NewUserForm {
    #[serde(default)]
    unit_code: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    base: Base,
    unit: Option<Unit>,
    unit_code: String,
    users: Vec<User>,
    form: NewUserForm,
    roles: &'static [Role],
}

#[derive(Deserialize, Default)]
struct UsersQuery {
    #[serde(default)]
    unit: String,
}

/// The unit whose accounts are listed: the one asked for, else where the viewer's first role is.
async fn listed_unit(state: &AppState, viewer: &Viewer, code: &str) -> Result<Unit, AppError> {
    let actor = viewer.actor();
    if !code.trim().is_empty() {
        return state.app.unit_by_code(&actor, code).await;
    }
    let tops = state.app.browse_units(&actor, None, nqtrack_store::Liveness::Live).await?;
    tops.into_iter().next().map(|t| t.unit).ok_or(AppError::NotFound("unit"))
}

async fn users_page(State(state): State<AppState>, viewer: Viewer, Query(query): Query<UsersQuery>) -> PageResult {
    show_users(&state, &viewer, &query.unit, NewUserForm::default(), None).await
}

async fn show_users(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    form: NewUserForm,
    error: Option<AppError>,
) -> PageResult {
    require_signed_in(viewer)?;
    let unit = listed_unit(state, viewer, code).await.map_err(|e| PageError::new(viewer, e))?;
    let users = state.app.list_users(&viewer.actor(), unit.id, true).await.map_err(|e| PageError::new(viewer, e))?;
    let mut base = Base::new(viewer);
    let status = error.as_ref().map_or(axum::http::StatusCode::OK, crate::error::status_of);
    if let Some(error) = &error {
        base = base.with_error(error);
    }
    let form = NewUserForm {
        unit_code: if form.unit_code.is_empty() { unit.code.clone() } else { form.unit_code },
        password: String::new(),
        ..form
    };
    let page = UsersPage { base, unit_code: unit.code.clone(), unit: Some(unit), users, form, roles: Role::ALL };
    Ok((status, render(&page)).into_response())
}

async fn create_user(State(state): State<AppState>, viewer: Viewer, Form(form): Form<NewUserForm>) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let result = match state.app.unit_by_code(&actor, &form.unit_code).await {
        Ok(unit) => {
            let input = UserInput {
                username: form.username.clone(),
                display_name: form.display_name.clone(),
                email: form.email.clone(),
                unit_id: unit.id,
                password: form.password.clone(),
                role: form.role.clone(),
            };
            state.app.create_user(&actor, input).await
        }
        Err(AppError::NotFound(_)) => Err(nqtrack_domain::FieldError::new("unit", "not-found").into()),
        Err(error) => Err(error),
    };
    match result {
        Ok(user) => Ok(saved(&format!("/users/{}", user.id))),
        Err(error @ AppError::Invalid(_)) => {
            let code = form.unit_code.clone();
            show_users(&state, &viewer, &code, form, Some(error)).await
        }
        Err(error) => Err(PageError::new(&viewer, error)),
    }
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    base: Base,
    d: UserDetails,
    roles: &'static [Role],
    temporary_password: Option<String>,
}

async fn user_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    show_user(&state, &viewer, id, None, None).await
}

async fn show_user(
    state: &AppState,
    viewer: &Viewer,
    id: Uuid,
    temporary_password: Option<String>,
    error: Option<AppError>,
) -> PageResult {
    require_signed_in(viewer)?;
    let d = state.app.user_details(&viewer.actor(), id).await.map_err(|e| PageError::new(viewer, e))?;
    let mut base = Base::new(viewer);
    let status = error.as_ref().map_or(axum::http::StatusCode::OK, crate::error::status_of);
    if let Some(error) = &error {
        base = base.with_error(error);
    }
    Ok((status, render(&UserPage { base, d, roles: Role::ALL, temporary_password })).into_response())
}

async fn after_post<T>(state: &AppState, viewer: &Viewer, id: Uuid, result: Result<T, AppError>) -> PageResult {
    match result {
        Ok(_) => Ok(saved(&format!("/users/{id}"))),
        Err(error @ AppError::Invalid(_)) => show_user(state, viewer, id, None, Some(error)).await,
        Err(error) => Err(PageError::new(viewer, error)),
    }
}

async fn disable(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    let result = state.app.set_user_disabled(&viewer.actor(), id, true).await;
    after_post(&state, &viewer, id, result).await
}

async fn enable(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    let result = state.app.set_user_disabled(&viewer.actor(), id, false).await;
    after_post(&state, &viewer, id, result).await
}

/// Shows the one-time password on the page itself: it is never stored in clear or put in a URL.
async fn reset(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    match state.app.reset_password(&viewer.actor(), id).await {
        Ok(password) => show_user(&state, &viewer, id, Some(password), None).await,
        Err(error) => after_post::<()>(&state, &viewer, id, Err(error)).await,
    }
}

#[derive(Deserialize)]
struct GrantForm {
    role: String,
    unit_code: String,
}

async fn change_grant(state: &AppState, viewer: &Viewer, id: Uuid, form: GrantForm, grant: bool) -> PageResult {
    let actor = viewer.actor();
    let result = match state.app.unit_by_code(&actor, &form.unit_code).await {
        Ok(unit) if grant => state.app.grant_role(&actor, id, &form.role, unit.id).await,
        Ok(unit) => state.app.revoke_role(&actor, id, &form.role, unit.id).await,
        Err(AppError::NotFound(_)) => Err(nqtrack_domain::FieldError::new("unit", "not-found").into()),
        Err(error) => Err(error),
    };
    after_post(state, viewer, id, result).await
}

async fn grant(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<GrantForm>,
) -> PageResult {
    change_grant(&state, &viewer, id, form, true).await
}

async fn revoke(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(form): Form<GrantForm>,
) -> PageResult {
    change_grant(&state, &viewer, id, form, false).await
}
