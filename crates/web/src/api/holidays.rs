//! The holiday calendar behind deadlines given in working days: read by every account, edited by
//! administrators at a root unit.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::civil::Date;
use nqtrack_app::HolidayInput;
use nqtrack_domain::calendar::Holiday;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, Problems, problem};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_holidays, save_holiday)).routes(routes!(delete_holiday))
}

/// A day off, or a Saturday or Sunday worked in exchange for one.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolidayDto {
    #[schema(value_type = String, format = Date, example = "2026-04-27")]
    pub day: Date,
    #[schema(example = "Nghỉ bù Giỗ Tổ Hùng Vương")]
    pub name: String,
    /// True for a weekend day worked in exchange for a day off; false for a day off.
    pub working: bool,
}

impl From<Holiday> for HolidayDto {
    fn from(holiday: Holiday) -> Self {
        Self { day: holiday.day, name: holiday.name, working: holiday.working }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HolidaysQuery {
    /// The calendar year (1900–2200); this year in Vietnam when omitted.
    year: Option<i16>,
}

/// The entries of one year, in date order.
#[utoipa::path(get, path = "/holidays", tag = "holidays", params(HolidaysQuery),
    responses((status = 200, description = "The year's days off and worked weekend days", body = Vec<HolidayDto>), Problems))]
async fn list_holidays(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<HolidaysQuery>,
) -> ApiResult<Vec<HolidayDto>> {
    let year = query.year.unwrap_or_else(|| state.app.today().year());
    let holidays = state.app.holidays(caller.actor(), year).await.map_err(problem(caller.lang))?;
    Ok(Json(holidays.into_iter().map(HolidayDto::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidayRequest {
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[schema(required = true, example = "2026-04-27")]
    #[serde(default)]
    pub day: String,
    #[schema(required = true, example = "Nghỉ bù Giỗ Tổ Hùng Vương")]
    #[serde(default)]
    pub name: String,
    /// A Saturday or Sunday worked in exchange for a day off (only a weekend day can be).
    #[serde(default)]
    pub working: bool,
}

/// Adds the entry for a day, or replaces the one already there (a day has one entry).
#[utoipa::path(post, path = "/holidays", tag = "holidays", request_body = HolidayRequest,
    responses((status = 200, description = "The saved entry", body = HolidayDto), Problems))]
async fn save_holiday(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<HolidayRequest>,
) -> ApiResult<HolidayDto> {
    let input = HolidayInput { day: request.day, name: request.name, working: request.working };
    let holiday = state.app.save_holiday(caller.actor(), input).await.map_err(problem(caller.lang))?;
    Ok(Json(holiday.into()))
}

/// Removes the entry for a day: it becomes an ordinary weekday or weekend day again.
#[utoipa::path(delete, path = "/holidays/{day}", tag = "holidays",
    params(("day" = String, Path, format = Date, description = "The day, `yyyy-mm-dd`")),
    responses((status = 204, description = "The entry is gone"), Problems))]
async fn delete_holiday(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(day): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let day = nqtrack_domain::dates::parse_date("day", &day).map_err(|e| problem(caller.lang)(e.into()))?;
    state.app.delete_holiday(caller.actor(), day).await.map_err(problem(caller.lang))?;
    Ok(StatusCode::NO_CONTENT)
}
