//! The leaders' dashboard as JSON: the same figures as the `/dashboard` page.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::indicators::{Record, Records};
use crate::api::{ApiQuery, ApiResult, Problems, problem};
use crate::auth::Caller;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(dashboard)).routes(routes!(dashboard_indicators))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// The unit whose subtree is shown; the caller's home unit when omitted.
    unit: Option<Uuid>,
    /// `dd/mm/yyyy` or `yyyy-mm-dd`; today when omitted (never later than today).
    as_of: Option<String>,
    /// `scorecard:<id>` or `index:<id>`; the first scorecard the caller may use when omitted.
    subject: Option<String>,
}

/// A unit's dashboard: `tasks` (counts by status and colour, with `due_soon` and `at_risk`), `previous`
/// (the counts at the end of the previous month or the last closed period, `date`), `overdue`,
/// `due_soon` and `at_risk` (the first 10 tasks of each), `most_overdue`, `worst_reporting` and
/// `pace_warnings` (units directly below), `ranking` (the top 10 of the unit's peers and its own row),
/// `map` (the provinces in five `band`s). The indicator tiles are `/dashboard/indicators`.
#[utoipa::path(get, path = "/dashboard", tag = "dashboard", params(DashboardQuery),
    responses((status = 200, description = "The dashboard", body = Record), Problems))]
async fn dashboard(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> ApiResult<nqtrack_app::Dashboard> {
    let dashboard = async {
        let (unit, as_of) = unit_and_date(&state, &caller, &query).await?;
        state.app.dashboard(caller.actor(), unit, as_of, query.subject.as_deref()).await
    }
    .await
    .map_err(problem(caller.lang))?;
    Ok(Json(dashboard))
}

async fn unit_and_date(
    state: &AppState,
    caller: &Caller,
    query: &DashboardQuery,
) -> Result<(Uuid, Option<jiff::civil::Date>), nqtrack_app::AppError> {
    let unit = match query.unit {
        Some(id) => id,
        None => state.app.home_unit(caller.actor()).await?.id,
    };
    let as_of = match query.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => Some(nqtrack_domain::dates::parse_date("as_of", text)?),
        None => None,
    };
    Ok((unit, as_of))
}

/// The dashboard's indicator tiles (up to 8): `code`, `name`, `fact` (the latest `value`, `target`,
/// `achievement`, `partial`, `period`) and `series` (the last 12 periods). `subject` is ignored.
#[utoipa::path(get, path = "/dashboard/indicators", tag = "dashboard", params(DashboardQuery),
    responses((status = 200, description = "The indicator tiles", body = Records), Problems))]
async fn dashboard_indicators(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> ApiResult<Vec<nqtrack_app::IndicatorTile>> {
    let tiles = async {
        let (unit, as_of) = unit_and_date(&state, &caller, &query).await?;
        state.app.dashboard_indicators(caller.actor(), unit, as_of).await
    }
    .await
    .map_err(problem(caller.lang))?;
    Ok(Json(tiles))
}
