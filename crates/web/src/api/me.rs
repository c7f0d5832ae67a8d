//! The caller's own account.

use axum::Json;
use nqtrack_store::{RoleGrant, User};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::ApiResult;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    #[schema(value_type = Object)]
    pub user: User,
    #[schema(value_type = Vec<Object>)]
    pub grants: Vec<RoleGrant>,
}

/// The signed-in account and its roles.
#[utoipa::path(get, path = "/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = crate::error::Problem, content_type = "application/problem+json")))]
async fn me(axum::extract::State(state): axum::extract::State<AppState>, caller: Caller) -> ApiResult<Me> {
    let details = state
        .app
        .user_details(caller.actor(), caller.signed_in.user.id)
        .await
        .map_err(|error| ApiError { lang: caller.lang, error })?;
    Ok(Json(Me { user: details.user, grants: details.grants }))
}
