//! Merging and splitting units. Old units are closed on the effective date, never deleted: they keep
//! their history and point to their successors.

use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use jiff::civil::Date;
use nqtrack_app::{MergeInput, SplitInput, SuccessorInput};
use nqtrack_store::{LineageLink, UnitEvent};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::units::UnitDto;
use crate::api::{ApiJson, ApiResult, Problems, problem, required};
use crate::auth::Caller;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(merge)).routes(routes!(split))
}

/// A reorganisation event: a merge, a split or a rename, with its effective date.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitEventDto {
    pub id: Uuid,
    /// `merge`, `split` or `rename`.
    #[schema(example = "rename")]
    pub kind: String,
    #[schema(value_type = String, format = Date)]
    pub effective_on: Date,
    pub reason: String,
    /// The renamed unit (renames only).
    pub unit_id: Option<Uuid>,
    pub old_name: Option<String>,
    pub new_name: Option<String>,
    /// The account that recorded it; absent when done by the server's operator.
    pub actor_id: Option<Uuid>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<UnitEvent> for UnitEventDto {
    fn from(event: UnitEvent) -> Self {
        Self {
            id: event.id,
            kind: event.kind,
            effective_on: event.effective_on,
            reason: event.reason,
            unit_id: event.unit_id,
            old_name: event.old_name,
            new_name: event.new_name,
            actor_id: event.actor_id,
            created_at: event.created_at,
        }
    }
}

/// One edge of a unit's lineage: the predecessor was replaced (wholly or in part) by the successor.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineageDto {
    pub event_id: Uuid,
    /// `merge` or `split`.
    pub kind: String,
    #[schema(value_type = String, format = Date)]
    pub effective_on: Date,
    pub predecessor_id: Uuid,
    pub predecessor_code: String,
    pub predecessor_name: String,
    pub successor_id: Uuid,
    pub successor_code: String,
    pub successor_name: String,
}

impl From<LineageLink> for LineageDto {
    fn from(link: LineageLink) -> Self {
        Self {
            event_id: link.event_id,
            kind: link.kind,
            effective_on: link.effective_on,
            predecessor_id: link.predecessor_id,
            predecessor_code: link.predecessor_code,
            predecessor_name: link.predecessor_name,
            successor_id: link.successor_id,
            successor_code: link.successor_code,
            successor_name: link.successor_name,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The units merged into the target.
    #[schema(required = true)]
    #[serde(default)]
    pub source_ids: Vec<Uuid>,
    #[schema(required = true, value_type = Uuid)]
    #[serde(default)]
    pub target_id: Option<Uuid>,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`, not in the future.
    #[schema(required = true, example = "2025-07-01")]
    #[serde(default)]
    pub effective_on: String,
    #[serde(default)]
    pub reason: String,
}

/// Merges units into a target: their sub-units, accounts, roles and group memberships move to the
/// target, and they are closed on the effective date.
#[utoipa::path(post, path = "/reorganisations/merge", tag = "reorganisations", request_body = MergeRequest,
    responses((status = 200, description = "The merge event", body = UnitEventDto), Problems))]
async fn merge(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<MergeRequest>,
) -> ApiResult<UnitEventDto> {
    let input = MergeInput {
        source_ids: request.source_ids,
        target_id: required(caller.lang, "target_id", request.target_id)?,
        effective_on: request.effective_on,
        reason: request.reason,
    };
    let event = state.app.merge_units(caller.actor(), input).await.map_err(problem(caller.lang))?;
    Ok(Json(event.into()))
}

/// A new unit taking over part of a split unit.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuccessorRequest {
    #[schema(required = true)]
    #[serde(default)]
    pub code: String,
    #[schema(required = true)]
    #[serde(default)]
    pub name: String,
    #[schema(required = true)]
    #[serde(default)]
    pub kind: String,
    /// Codes of the split unit's direct sub-units that move to this successor (the others go to the
    /// first successor).
    #[serde(default)]
    pub children: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitRequest {
    #[schema(required = true, value_type = Uuid)]
    #[serde(default)]
    pub source_id: Option<Uuid>,
    /// At least two; the first also receives the accounts, roles and group memberships.
    #[schema(required = true)]
    #[serde(default)]
    pub successors: Vec<SuccessorRequest>,
    #[schema(required = true, example = "2025-07-01")]
    #[serde(default)]
    pub effective_on: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SplitResult {
    pub event: UnitEventDto,
    pub successors: Vec<UnitDto>,
}

/// Splits a unit into new units at its level under the same parent; the unit is closed on the
/// effective date.
#[utoipa::path(post, path = "/reorganisations/split", tag = "reorganisations", request_body = SplitRequest,
    responses((status = 200, description = "The split event and the new units", body = SplitResult), Problems))]
async fn split(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<SplitRequest>,
) -> ApiResult<SplitResult> {
    let input = SplitInput {
        source_id: required(caller.lang, "source_id", request.source_id)?,
        successors: request
            .successors
            .into_iter()
            .map(|s| SuccessorInput { code: s.code, name: s.name, kind: s.kind, children: s.children })
            .collect(),
        effective_on: request.effective_on,
        reason: request.reason,
    };
    let (event, successors) = state.app.split_unit(caller.actor(), input).await.map_err(problem(caller.lang))?;
    Ok(Json(SplitResult { event: event.into(), successors: successors.into_iter().map(UnitDto::from).collect() }))
}
