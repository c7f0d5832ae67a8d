//! The caller's own account.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::users::{GrantDto, UserDto};
use crate::api::{ApiResult, Problems, problem};
use crate::auth::Caller;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub user: UserDto,
    pub grants: Vec<GrantDto>,
}

/// The signed-in account and its roles.
#[utoipa::path(get, path = "/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "The caller's account and roles", body = Me), Problems))]
async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Me> {
    let details =
        state.app.user_details(caller.actor(), caller.signed_in.user.id).await.map_err(problem(caller.lang))?;
    Ok(Json(Me { user: details.user.into(), grants: details.grants.into_iter().map(GrantDto::from).collect() }))
}
