//! Unit groups, owned by the unit that compares their members ("mountainous provinces").

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use nqtrack_app::GroupInput;
use nqtrack_store::UnitGroup;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::units::UnitDto;
use crate::api::{ApiJson, ApiPath, ApiResult, Created, Problems, problem};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_group)).routes(routes!(group)).routes(routes!(add_member, remove_member))
}

/// A group of units, owned by a unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupDto {
    pub id: Uuid,
    #[schema(example = "MIEN-NUI")]
    pub code: String,
    #[schema(example = "Các tỉnh miền núi")]
    pub name: String,
    /// The unit that owns the group; members lie in its subtree.
    pub owner_id: Uuid,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<UnitGroup> for GroupDto {
    fn from(group: UnitGroup) -> Self {
        Self {
            id: group.id,
            code: group.code,
            name: group.name,
            owner_id: group.owner_id,
            created_at: group.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupRequest {
    #[schema(required = true, example = "MIEN-NUI")]
    #[serde(default)]
    pub code: String,
    #[schema(required = true, example = "Các tỉnh miền núi")]
    #[serde(default)]
    pub name: String,
}

/// Creates a group owned by a unit the caller manages.
#[utoipa::path(post, path = "/units/{id}/groups", tag = "groups",
    params(("id" = Uuid, Path, description = "The owning unit's id")), request_body = GroupRequest,
    responses((status = 201, description = "The new group", body = GroupDto, headers(("location" = String, description = "The new group's address"))), Problems))]
async fn create_group(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(owner_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<GroupRequest>,
) -> Result<Created<GroupDto>, ApiError> {
    let input = GroupInput { code: request.code, name: request.name };
    let group = state.app.create_group(caller.actor(), owner_id, input).await.map_err(problem(caller.lang))?;
    Ok(Created { location: format!("/api/v1/groups/{}", group.id), body: group.into() })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupWithMembers {
    pub group: GroupDto,
    pub members: Vec<UnitDto>,
}

/// A group and its member units.
#[utoipa::path(get, path = "/groups/{id}", tag = "groups",
    params(("id" = Uuid, Path, description = "The group's id")),
    responses((status = 200, description = "The group and its members", body = GroupWithMembers), Problems))]
async fn group(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<GroupWithMembers> {
    let (group, members) = state.app.group_members(caller.actor(), id).await.map_err(problem(caller.lang))?;
    Ok(Json(GroupWithMembers { group: group.into(), members: members.into_iter().map(UnitDto::from).collect() }))
}

/// Adds a unit (in the owner's subtree) to a group; adding a member again changes nothing.
#[utoipa::path(put, path = "/groups/{id}/members/{unit_id}", tag = "groups",
    params(("id" = Uuid, Path, description = "The group's id"), ("unit_id" = Uuid, Path, description = "The unit's id")),
    responses((status = 204, description = "The unit is a member"), Problems))]
async fn add_member(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, unit_id)): ApiPath<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    state.app.set_group_member(caller.actor(), id, unit_id, true).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a unit from a group; removing a non-member changes nothing.
#[utoipa::path(delete, path = "/groups/{id}/members/{unit_id}", tag = "groups",
    params(("id" = Uuid, Path, description = "The group's id"), ("unit_id" = Uuid, Path, description = "The unit's id")),
    responses((status = 204, description = "The unit is not a member"), Problems))]
async fn remove_member(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, unit_id)): ApiPath<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    state.app.set_group_member(caller.actor(), id, unit_id, false).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}
