//! The organisation tree: browsing, searching, details, creating, editing, moving, renaming and
//! importing units.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use jiff::Timestamp;
use jiff::civil::Date;
use nqtrack_app::{RenameInput, UnitChanges, UnitDetails, UnitInput};
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_store::{Liveness, Unit, UnitWithChildren};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::committees::{CommitteeDto, MemberDto};
use crate::api::groups::GroupDto;
use crate::api::reorganisations::{LineageDto, UnitEventDto};
use crate::api::schema::{LevelSchema, UnitKindSchema};
use crate::api::users::UserDto;
use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, Created, Problems, problem, required};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units, create_unit))
        .routes(routes!(unit_by_code))
        .routes(routes!(unit_details, update_unit))
        .routes(routes!(subtree))
        .routes(routes!(move_unit))
        .routes(routes!(rename_unit))
        .routes(routes!(import_units))
}

/// A unit of the organisation tree.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDto {
    pub id: Uuid,
    #[schema(example = "08")]
    pub code: String,
    #[schema(example = "Tuyên Quang")]
    pub name: String,
    #[schema(value_type = UnitKindSchema)]
    pub kind: UnitKind,
    #[schema(value_type = LevelSchema)]
    pub level: Level,
    /// Absent for a root unit.
    pub parent_id: Option<Uuid>,
    #[schema(value_type = Option<String>, format = Date, example = "2025-07-01")]
    pub established_on: Option<Date>,
    /// Set once the unit was merged or split away; it keeps its history.
    #[schema(value_type = Option<String>, format = Date)]
    pub dissolved_on: Option<Date>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
    /// In tree listings: how many live units sit directly under this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live_children: Option<i64>,
}

impl From<Unit> for UnitDto {
    fn from(unit: Unit) -> Self {
        Self {
            id: unit.id,
            code: unit.code,
            name: unit.name,
            kind: unit.kind,
            level: unit.level,
            parent_id: unit.parent_id,
            established_on: unit.established_on,
            dissolved_on: unit.dissolved_on,
            created_at: unit.created_at,
            updated_at: unit.updated_at,
            live_children: None,
        }
    }
}

impl From<UnitWithChildren> for UnitDto {
    fn from(node: UnitWithChildren) -> Self {
        Self { live_children: Some(node.live_children), ..UnitDto::from(node.unit) }
    }
}

/// Everything known about one unit, as its page shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDetailsDto {
    pub unit: UnitDto,
    /// From the root down to the parent.
    pub ancestors: Vec<UnitDto>,
    /// Direct sub-units, dissolved ones included.
    pub children: Vec<UnitDto>,
    pub committee: Option<CommitteeDto>,
    pub standing_office: Option<UnitDto>,
    pub members: Vec<MemberDto>,
    /// Groups the unit belongs to.
    pub groups: Vec<GroupDto>,
    /// Groups the unit owns.
    pub owned_groups: Vec<GroupDto>,
    pub lineage: Vec<LineageDto>,
    pub renames: Vec<UnitEventDto>,
    /// The accounts of the unit itself, present only when the caller may see them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<UserDto>>,
    pub can_manage: bool,
    pub can_manage_users: bool,
}

impl From<UnitDetails> for UnitDetailsDto {
    fn from(details: UnitDetails) -> Self {
        fn all<A, B: From<A>>(items: Vec<A>) -> Vec<B> {
            items.into_iter().map(B::from).collect()
        }
        Self {
            unit: details.unit.into(),
            ancestors: all(details.ancestors),
            children: all(details.children),
            committee: details.committee.map(Into::into),
            standing_office: details.standing_office.map(Into::into),
            members: all(details.members),
            groups: all(details.groups),
            owned_groups: all(details.owned_groups),
            lineage: all(details.lineage),
            renames: all(details.renames),
            users: details.users.map(all),
            can_manage: details.can_manage,
            can_manage_users: details.can_manage_users,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitsQuery {
    /// List the units directly under this one; without it (and without `q`), the caller's top
    /// units: the roots for a system administrator, otherwise the units their roles are granted at.
    parent: Option<Uuid>,
    /// Search by code or name, with or without Vietnamese diacritics ("tuyen quang" finds "Tuyên
    /// Quang"); at most 50 results, limited to what the caller may see. Takes precedence over `parent`.
    q: Option<String>,
    /// Search only under this unit.
    within: Option<Uuid>,
    /// Include dissolved (merged or split) units.
    #[serde(default)]
    include_dissolved: bool,
}

/// Browses the tree or searches it.
#[utoipa::path(get, path = "/units", tag = "units", params(UnitsQuery),
    responses((status = 200, description = "The units", body = Vec<UnitDto>), Problems))]
async fn list_units(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<UnitsQuery>,
) -> ApiResult<Vec<UnitDto>> {
    let liveness = if query.include_dissolved { Liveness::All } else { Liveness::Live };
    let units: Vec<UnitDto> = match query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => state
            .app
            .search_units(caller.actor(), q, query.within, liveness)
            .await
            .map_err(problem(caller.lang))?
            .into_iter()
            .map(UnitDto::from)
            .collect(),
        None => state
            .app
            .browse_units(caller.actor(), query.parent, liveness)
            .await
            .map_err(problem(caller.lang))?
            .into_iter()
            .map(UnitDto::from)
            .collect(),
    };
    Ok(Json(units))
}

/// A unit found by its code.
#[utoipa::path(get, path = "/units/by-code/{code}", tag = "units",
    params(("code" = String, Path, description = "The unit's code, e.g. `08`")),
    responses((status = 200, description = "The unit", body = UnitDto), Problems))]
async fn unit_by_code(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<UnitDto> {
    let unit = state.app.unit_by_code(caller.actor(), &code).await.map_err(problem(caller.lang))?;
    Ok(Json(unit.into()))
}

/// A unit with its committee, members, sub-units, groups, lineage, renames and (when the caller
/// may see them) accounts.
#[utoipa::path(get, path = "/units/{id}", tag = "units",
    params(("id" = Uuid, Path, description = "The unit's id")),
    responses((status = 200, description = "The unit and what belongs to it", body = UnitDetailsDto), Problems))]
async fn unit_details(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<UnitDetailsDto> {
    let details = state.app.unit_details(caller.actor(), id).await.map_err(problem(caller.lang))?;
    Ok(Json(details.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubtreeQuery {
    /// Page size: 100 when omitted, at most 1000.
    limit: Option<i64>,
    /// How many units to skip.
    offset: Option<i64>,
}

/// One page of a subtree.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubtreePage {
    /// How many live units the whole subtree holds (the root included).
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    pub items: Vec<UnitDto>,
}

const SUBTREE_DEFAULT_LIMIT: i64 = 100;
const SUBTREE_MAX_LIMIT: i64 = 1000;

/// The live units of a whole subtree, in tree order, a page at a time.
#[utoipa::path(get, path = "/units/{id}/subtree", tag = "units",
    params(("id" = Uuid, Path, description = "The root of the subtree"), SubtreeQuery),
    responses((status = 200, description = "A page of the subtree", body = SubtreePage), Problems))]
async fn subtree(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<SubtreeQuery>,
) -> ApiResult<SubtreePage> {
    let limit = query.limit.unwrap_or(SUBTREE_DEFAULT_LIMIT).clamp(1, SUBTREE_MAX_LIMIT);
    let offset = query.offset.unwrap_or(0).max(0);
    let (units, total) = state.app.subtree(caller.actor(), id, limit, offset).await.map_err(problem(caller.lang))?;
    Ok(Json(SubtreePage { total, limit, offset, items: units.into_iter().map(UnitDto::from).collect() }))
}

/// A new unit. Every field is checked and every problem is reported at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUnitRequest {
    /// Letters, digits, `.`, `-` and `_`; unique among all units.
    #[schema(required = true, example = "08.STTTT")]
    #[serde(default)]
    pub code: String,
    #[schema(required = true, example = "Sở Khoa học và Công nghệ")]
    #[serde(default)]
    pub name: String,
    /// A kind (`department`) or its Vietnamese name (`sở`).
    #[schema(required = true, example = "department")]
    #[serde(default)]
    pub kind: String,
    /// Empty or omitted: the usual level of the kind under the parent.
    #[schema(example = "province")]
    #[serde(default)]
    pub level: String,
    /// The parent unit; only a system administrator may create a root unit.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`; empty when unknown.
    #[schema(example = "2025-07-01")]
    #[serde(default)]
    pub established_on: String,
}

/// Creates a unit under a parent the caller manages.
#[utoipa::path(post, path = "/units", tag = "units", request_body = CreateUnitRequest,
    responses((status = 201, description = "The new unit", body = UnitDto, headers(("location" = String, description = "The new unit's address"))), Problems))]
async fn create_unit(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<CreateUnitRequest>,
) -> Result<Created<UnitDto>, ApiError> {
    let input = UnitInput {
        code: request.code,
        name: request.name,
        kind: request.kind,
        level: request.level,
        parent_id: request.parent_id,
        established_on: request.established_on,
    };
    let unit = state.app.create_unit(caller.actor(), input).await.map_err(problem(caller.lang))?;
    Ok(Created { location: format!("/api/v1/units/{}", unit.id), body: unit.into() })
}

/// Corrections to a unit's own fields; a field left out keeps its value. A change of name that takes
/// effect on a date is a rename (`POST /units/{id}/rename`), which keeps the former name in the history.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUnitRequest {
    pub code: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub level: Option<String>,
}

/// Corrects a unit's code, name, kind and level.
#[utoipa::path(patch, path = "/units/{id}", tag = "units",
    params(("id" = Uuid, Path, description = "The unit's id")), request_body = UpdateUnitRequest,
    responses((status = 200, description = "The corrected unit", body = UnitDto), Problems))]
async fn update_unit(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<UpdateUnitRequest>,
) -> ApiResult<UnitDto> {
    let changes = UnitChanges { code: request.code, name: request.name, kind: request.kind, level: request.level };
    let unit = state.app.update_unit(caller.actor(), id, changes).await.map_err(problem(caller.lang))?;
    Ok(Json(unit.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveUnitRequest {
    /// The new parent; the caller must manage both the unit and the new parent.
    #[schema(required = true, value_type = Uuid)]
    #[serde(default)]
    pub parent_id: Option<Uuid>,
}

/// Moves a unit, with its whole subtree, under another parent.
#[utoipa::path(post, path = "/units/{id}/move", tag = "units",
    params(("id" = Uuid, Path, description = "The unit to move")), request_body = MoveUnitRequest,
    responses((status = 200, description = "The moved unit", body = UnitDto), Problems))]
async fn move_unit(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<MoveUnitRequest>,
) -> ApiResult<UnitDto> {
    let parent_id = required(caller.lang, "parent_id", request.parent_id)?;
    let unit = state.app.move_unit(caller.actor(), id, parent_id).await.map_err(problem(caller.lang))?;
    Ok(Json(unit.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameRequest {
    #[schema(required = true, example = "Phường Minh Xuân")]
    #[serde(default)]
    pub name: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`, not in the future.
    #[schema(required = true, example = "2025-07-01")]
    #[serde(default)]
    pub effective_on: String,
    /// E.g. the decision that renamed the unit.
    #[serde(default)]
    pub reason: String,
}

/// Renames a unit from a date; its former name stays in its history and in reports before then.
#[utoipa::path(post, path = "/units/{id}/rename", tag = "units",
    params(("id" = Uuid, Path, description = "The unit to rename")), request_body = RenameRequest,
    responses((status = 200, description = "The renamed unit", body = UnitDto), Problems))]
async fn rename_unit(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<RenameRequest>,
) -> ApiResult<UnitDto> {
    let input = RenameInput { name: request.name, effective_on: request.effective_on, reason: request.reason };
    let unit = state.app.rename_unit(caller.actor(), id, input).await.map_err(problem(caller.lang))?;
    Ok(Json(unit.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The parent of rows that name no parent code.
    parent_id: Option<Uuid>,
    /// The uploaded file's name; its extension helps tell CSV from XLSX.
    file_name: Option<String>,
}

/// The outcome of an accepted import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    /// How many units were created.
    pub created: usize,
}

/// Imports units from a CSV or XLSX file sent as the raw request body. Columns: `code`, `name`,
/// `kind`, and optionally `level` and `parent_code` (Vietnamese headers are accepted too). Every
/// row is checked first; if any cell is wrong, nothing is written and the 422 problem lists every
/// failing cell with its `row` and column (`field`).
#[utoipa::path(post, path = "/units/import", tag = "units", params(ImportQuery),
    request_body(description = "The file's bytes", content(
        ("text/csv"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("application/octet-stream"),
    )),
    responses((status = 200, description = "The whole file was imported", body = ImportResult), Problems))]
async fn import_units(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<ImportResult> {
    let file_name = query.file_name.unwrap_or_else(|| file_name_for(&headers).to_owned());
    let report = state
        .app
        .import_units(caller.actor(), &file_name, &body, query.parent_id)
        .await
        .map_err(problem(caller.lang))?;
    Ok(Json(ImportResult { created: report.created }))
}

/// A file name that tells the importer the format the `Content-Type` announces (the importer also
/// recognises the format from the content itself).
fn file_name_for(headers: &HeaderMap) -> &'static str {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "text/csv" => "upload.csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "upload.xlsx",
        _ => "upload",
    }
}
