//! The caller's own account: sessions, API tokens and password.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use nqtrack_store::{ApiToken, Session};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::{ApiJson, ApiPath, ApiResult, Problems, problem};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sessions))
        .routes(routes!(revoke_session))
        .routes(routes!(tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(change_password))
}

/// A signed-in browser session of the caller's account.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    pub id: Uuid,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub last_seen_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: Timestamp,
    pub user_agent: String,
    pub ip: String,
    /// The session this request was made with.
    pub current: bool,
}

fn session_dto(session: Session, current: Option<Uuid>) -> SessionDto {
    SessionDto {
        current: Some(session.id) == current,
        id: session.id,
        created_at: session.created_at,
        last_seen_at: session.last_seen_at,
        expires_at: session.expires_at,
        user_agent: session.user_agent,
        ip: session.ip,
    }
}

/// The caller's active sessions.
#[utoipa::path(get, path = "/me/sessions", tag = "account",
    responses((status = 200, description = "The active sessions", body = Vec<SessionDto>), Problems))]
async fn sessions(State(state): State<AppState>, caller: Caller) -> ApiResult<Vec<SessionDto>> {
    let sessions = state.app.sessions(&caller.signed_in).await.map_err(problem(caller.lang))?;
    let current = caller.signed_in.session.as_ref().map(|s| s.id);
    Ok(Json(sessions.into_iter().map(|s| session_dto(s, current)).collect()))
}

/// Ends one of the caller's sessions (signs that browser out).
#[utoipa::path(delete, path = "/me/sessions/{id}", tag = "account",
    params(("id" = Uuid, Path, description = "The session's id")),
    responses((status = 204, description = "Ended"), Problems))]
async fn revoke_session(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.revoke_session(&caller.signed_in, Some(id)).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// An API token of the caller's account (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenDto {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_used_at: Option<Timestamp>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<Timestamp>,
}

impl From<ApiToken> for TokenDto {
    fn from(token: ApiToken) -> Self {
        Self {
            id: token.id,
            name: token.name,
            created_at: token.created_at,
            last_used_at: token.last_used_at,
            revoked_at: token.revoked_at,
        }
    }
}

/// The caller's API tokens, revoked ones included.
#[utoipa::path(get, path = "/me/tokens", tag = "account",
    responses((status = 200, description = "The tokens", body = Vec<TokenDto>), Problems))]
async fn tokens(State(state): State<AppState>, caller: Caller) -> ApiResult<Vec<TokenDto>> {
    let tokens = state.app.tokens(&caller.signed_in).await.map_err(problem(caller.lang))?;
    Ok(Json(tokens.into_iter().map(TokenDto::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    /// What the token is for, e.g. the name of the program using it.
    #[schema(required = true, example = "provincial dashboard")]
    #[serde(default)]
    pub name: String,
}

/// A new API token: the secret is shown here once and never again.
#[derive(Serialize, ToSchema)]
pub struct NewToken {
    pub id: Uuid,
    pub name: String,
    /// Send as `Authorization: Bearer <token>`.
    #[schema(example = "nqt_0123456789abcdef…")]
    pub token: String,
}

/// Creates an API token acting with the caller's roles.
#[utoipa::path(post, path = "/me/tokens", tag = "account", request_body = CreateTokenRequest,
    responses((status = 201, description = "The new token, with its secret", body = NewToken), Problems))]
async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<CreateTokenRequest>,
) -> Result<(StatusCode, Json<NewToken>), ApiError> {
    let (token, secret) =
        state.app.create_token(&caller.signed_in, &request.name).await.map_err(problem(caller.lang))?;
    Ok((StatusCode::CREATED, Json(NewToken { id: token.id, name: token.name, token: secret })))
}

/// Revokes one of the caller's API tokens.
#[utoipa::path(delete, path = "/me/tokens/{id}", tag = "account",
    params(("id" = Uuid, Path, description = "The token's id")),
    responses((status = 204, description = "Revoked"), Problems))]
async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.revoke_token(&caller.signed_in, id).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[schema(required = true)]
    #[serde(default)]
    pub current_password: String,
    #[schema(required = true)]
    #[serde(default)]
    pub new_password: String,
}

/// Changes the caller's password; the caller's other sessions end.
#[utoipa::path(post, path = "/me/password", tag = "account", request_body = ChangePasswordRequest,
    responses((status = 204, description = "Changed"), Problems))]
async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .change_password(&caller.signed_in, &request.current_password, &request.new_password)
        .await
        .map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}
