//! Account administration: listing, creating, disabling, resetting, granting and revoking roles.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use nqtrack_app::{UserDetails, UserInput};
use nqtrack_domain::user::Role;
use nqtrack_store::{RoleGrant, User};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::schema::RoleSchema;
use crate::api::units::UnitDto;
use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, Created, Problems, problem, required};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(user))
        .routes(routes!(disable))
        .routes(routes!(enable))
        .routes(routes!(reset_password))
        .routes(routes!(grant, revoke))
}

/// An account (never its password).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: Uuid,
    #[schema(example = "tuyenquang.thuongtruc")]
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    /// The unit the account belongs to.
    pub unit_id: Uuid,
    pub disabled: bool,
    /// Set after a password reset: the next sign-in must choose a new password.
    pub must_change_password: bool,
    #[schema(example = "vi")]
    pub locale: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl From<User> for UserDto {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            email: user.email,
            unit_id: user.unit_id,
            disabled: user.disabled,
            must_change_password: user.must_change_password,
            locale: user.locale,
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

/// A role held at a unit; it reaches the unit's whole subtree.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantDto {
    #[schema(value_type = RoleSchema)]
    pub role: Role,
    pub unit_id: Uuid,
    pub unit_code: String,
    pub unit_name: String,
}

impl From<RoleGrant> for GrantDto {
    fn from(grant: RoleGrant) -> Self {
        Self { role: grant.role, unit_id: grant.unit_id, unit_code: grant.unit_code, unit_name: grant.unit_name }
    }
}

/// An account with its unit and roles.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDetailsDto {
    pub user: UserDto,
    pub unit: UnitDto,
    pub grants: Vec<GrantDto>,
    /// Whether the caller may disable, reset and grant roles to this account.
    pub can_manage: bool,
}

impl From<UserDetails> for UserDetailsDto {
    fn from(details: UserDetails) -> Self {
        Self {
            user: details.user.into(),
            unit: details.unit.into(),
            grants: details.grants.into_iter().map(GrantDto::from).collect(),
            can_manage: details.can_manage,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsersQuery {
    /// The unit whose accounts to list; the caller's own unit when omitted.
    unit_id: Option<Uuid>,
    /// Also list the accounts of every unit below (those the caller may see).
    #[serde(default)]
    subtree: bool,
}

/// Accounts of a unit, or of its whole subtree (at most 1000).
#[utoipa::path(get, path = "/users", tag = "users", params(UsersQuery),
    responses((status = 200, description = "The accounts", body = Vec<UserDto>), Problems))]
async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<UsersQuery>,
) -> ApiResult<Vec<UserDto>> {
    let unit_id = query.unit_id.unwrap_or(caller.signed_in.user.unit_id);
    let users = state.app.list_users(caller.actor(), unit_id, query.subtree).await.map_err(problem(caller.lang))?;
    Ok(Json(users.into_iter().map(UserDto::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// 3 to 64 characters: lower-case letters, digits, `.`, `-`, `_`.
    #[schema(required = true, example = "tuyenquang.so-khcn")]
    #[serde(default)]
    pub username: String,
    #[schema(required = true)]
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    /// The unit the account belongs to; the caller must manage accounts there.
    #[schema(required = true, value_type = Uuid)]
    #[serde(default)]
    pub unit_id: Option<Uuid>,
    /// The initial password.
    #[schema(required = true)]
    #[serde(default)]
    pub password: String,
    /// A role to grant at the account's unit at once; empty for none.
    #[schema(example = "reporter")]
    #[serde(default)]
    pub role: String,
}

/// Creates an account in a unit the caller manages.
#[utoipa::path(post, path = "/users", tag = "users", request_body = CreateUserRequest,
    responses((status = 201, description = "The new account", body = UserDto, headers(("location" = String, description = "The new account's address"))), Problems))]
async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<CreateUserRequest>,
) -> Result<Created<UserDto>, ApiError> {
    let input = UserInput {
        username: request.username,
        display_name: request.display_name,
        email: request.email,
        unit_id: required(caller.lang, "unit_id", request.unit_id)?,
        password: request.password,
        role: request.role,
    };
    let user = state.app.create_user(caller.actor(), input).await.map_err(problem(caller.lang))?;
    Ok(Created { location: format!("/api/v1/users/{}", user.id), body: user.into() })
}

/// An account with its unit and roles.
#[utoipa::path(get, path = "/users/{id}", tag = "users",
    params(("id" = Uuid, Path, description = "The account's id")),
    responses((status = 200, description = "The account", body = UserDetailsDto), Problems))]
async fn user(State(state): State<AppState>, caller: Caller, ApiPath(id): ApiPath<Uuid>) -> ApiResult<UserDetailsDto> {
    let details = state.app.user_details(caller.actor(), id).await.map_err(problem(caller.lang))?;
    Ok(Json(details.into()))
}

/// Disables an account and ends its sessions; its API tokens stop working.
#[utoipa::path(post, path = "/users/{id}/disable", tag = "users",
    params(("id" = Uuid, Path, description = "The account's id")),
    responses((status = 200, description = "The disabled account", body = UserDto), Problems))]
async fn disable(State(state): State<AppState>, caller: Caller, ApiPath(id): ApiPath<Uuid>) -> ApiResult<UserDto> {
    let user = state.app.set_user_disabled(caller.actor(), id, true).await.map_err(problem(caller.lang))?;
    Ok(Json(user.into()))
}

/// Enables a disabled account again.
#[utoipa::path(post, path = "/users/{id}/enable", tag = "users",
    params(("id" = Uuid, Path, description = "The account's id")),
    responses((status = 200, description = "The enabled account", body = UserDto), Problems))]
async fn enable(State(state): State<AppState>, caller: Caller, ApiPath(id): ApiPath<Uuid>) -> ApiResult<UserDto> {
    let user = state.app.set_user_disabled(caller.actor(), id, false).await.map_err(problem(caller.lang))?;
    Ok(Json(user.into()))
}

#[derive(Serialize, ToSchema)]
pub struct TemporaryPassword {
    /// A one-time password to hand to the account's owner, who must change it at the next sign-in.
    /// Shown only in this answer.
    pub temporary_password: String,
}

/// Sets a one-time password and ends the account's sessions.
#[utoipa::path(post, path = "/users/{id}/reset-password", tag = "users",
    params(("id" = Uuid, Path, description = "The account's id")),
    responses((status = 200, description = "The one-time password", body = TemporaryPassword), Problems))]
async fn reset_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<TemporaryPassword> {
    let temporary_password = state.app.reset_password(caller.actor(), id).await.map_err(problem(caller.lang))?;
    Ok(Json(TemporaryPassword { temporary_password }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantRequest {
    #[schema(required = true, example = "coordinator")]
    #[serde(default)]
    pub role: String,
    /// Where the role applies: this unit and everything under it.
    #[schema(required = true, value_type = Uuid)]
    #[serde(default)]
    pub unit_id: Option<Uuid>,
}

/// Grants a role at a unit.
#[utoipa::path(post, path = "/users/{id}/grants", tag = "users",
    params(("id" = Uuid, Path, description = "The account's id")), request_body = GrantRequest,
    responses((status = 204, description = "Granted"), Problems))]
async fn grant(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<GrantRequest>,
) -> Result<StatusCode, ApiError> {
    let unit_id = required(caller.lang, "unit_id", request.unit_id)?;
    state.app.grant_role(caller.actor(), id, &request.role, unit_id).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevokeQuery {
    /// The role to revoke.
    #[param(required = true, value_type = String)]
    role: Option<String>,
    /// The unit it was granted at.
    #[param(required = true, value_type = Uuid)]
    unit_id: Option<Uuid>,
}

/// Revokes a role held at a unit.
#[utoipa::path(delete, path = "/users/{id}/grants", tag = "users",
    params(("id" = Uuid, Path, description = "The account's id"), RevokeQuery),
    responses((status = 204, description = "Revoked"), Problems))]
async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<RevokeQuery>,
) -> Result<StatusCode, ApiError> {
    let unit_id = required(caller.lang, "unit_id", query.unit_id)?;
    let role = query.role.unwrap_or_default();
    state.app.revoke_role(caller.actor(), id, &role, unit_id).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}
