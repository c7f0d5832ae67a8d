//! A unit's steering committee, its members and its working group.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use nqtrack_app::{CommitteeInput, MemberInput};
use nqtrack_domain::committee::{Body, MemberRole};
use nqtrack_store::{Committee, CommitteeMember};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::schema::{BodySchema, MemberRoleSchema};
use crate::api::{ApiJson, ApiPath, ApiResult, Problems, problem};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(set_committee)).routes(routes!(add_member)).routes(routes!(remove_member))
}

/// A unit's steering committee.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitteeDto {
    pub unit_id: Uuid,
    pub name: String,
    /// The unit that serves as the committee's standing office.
    pub standing_office_id: Option<Uuid>,
    /// The decision that set the committee up.
    pub decision: String,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl From<Committee> for CommitteeDto {
    fn from(committee: Committee) -> Self {
        Self {
            unit_id: committee.unit_id,
            name: committee.name,
            standing_office_id: committee.standing_office_id,
            decision: committee.decision,
            updated_at: committee.updated_at,
        }
    }
}

/// A person on a unit's steering committee or working group.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDto {
    pub id: Uuid,
    pub unit_id: Uuid,
    #[schema(value_type = BodySchema)]
    pub body: Body,
    #[schema(value_type = MemberRoleSchema)]
    pub role: MemberRole,
    /// The member's account, when they have one.
    pub user_id: Option<Uuid>,
    pub person_name: String,
    pub position: String,
    pub portfolio: String,
    pub sort_order: i32,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<CommitteeMember> for MemberDto {
    fn from(member: CommitteeMember) -> Self {
        Self {
            id: member.id,
            unit_id: member.unit_id,
            body: member.body,
            role: member.role,
            user_id: member.user_id,
            person_name: member.person_name,
            position: member.position,
            portfolio: member.portfolio,
            sort_order: member.sort_order,
            created_at: member.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeRequest {
    #[schema(required = true, example = "Ban Chỉ đạo tỉnh Tuyên Quang")]
    #[serde(default)]
    pub name: String,
    /// The code of the standing office unit; empty for none.
    #[serde(default)]
    pub standing_office_code: String,
    /// E.g. "Quyết định số 123-QĐ/TU".
    #[serde(default)]
    pub decision: String,
}

/// Sets up (or corrects) a unit's steering committee.
#[utoipa::path(put, path = "/units/{id}/committee", tag = "committees",
    params(("id" = Uuid, Path, description = "The unit's id")), request_body = CommitteeRequest,
    responses((status = 200, description = "The committee as saved", body = CommitteeDto), Problems))]
async fn set_committee(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(unit_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CommitteeRequest>,
) -> ApiResult<CommitteeDto> {
    let input = CommitteeInput {
        name: request.name,
        standing_office_code: request.standing_office_code,
        decision: request.decision,
    };
    let committee = state.app.set_committee(caller.actor(), unit_id, input).await.map_err(problem(caller.lang))?;
    Ok(Json(committee.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberRequest {
    /// `committee` or `working_group`.
    #[schema(required = true, example = "committee")]
    #[serde(default)]
    pub body: String,
    /// `head`, `deputy` or `member`.
    #[schema(required = true, example = "member")]
    #[serde(default)]
    pub role: String,
    #[schema(required = true)]
    #[serde(default)]
    pub person_name: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub portfolio: String,
    /// Links the member to an account, when they have one.
    #[serde(default)]
    pub username: String,
}

/// Adds a person to a unit's steering committee or working group.
#[utoipa::path(post, path = "/units/{id}/committee/members", tag = "committees",
    params(("id" = Uuid, Path, description = "The unit's id")), request_body = MemberRequest,
    responses((status = 201, description = "The new member", body = MemberDto), Problems))]
async fn add_member(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(unit_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<MemberRequest>,
) -> Result<(StatusCode, Json<MemberDto>), ApiError> {
    let input = MemberInput {
        body: request.body,
        role: request.role,
        person_name: request.person_name,
        position: request.position,
        portfolio: request.portfolio,
        username: request.username,
    };
    let member = state.app.add_committee_member(caller.actor(), unit_id, input).await.map_err(problem(caller.lang))?;
    Ok((StatusCode::CREATED, Json(member.into())))
}

/// Removes a person from a committee or working group.
#[utoipa::path(delete, path = "/committee-members/{id}", tag = "committees",
    params(("id" = Uuid, Path, description = "The member's id")),
    responses((status = 204, description = "Removed"), Problems))]
async fn remove_member(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.remove_committee_member(caller.actor(), id).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}
