//! The holiday calendar, one year per page: everyone signed in reads it; administrators at a root unit
//! add, change and remove days, and fill in the decreed days of the years the system knows.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use jiff::civil::Date;
use nqtrack_app::{AppError, HolidayInput};
use nqtrack_domain::calendar::{Holiday, HolidayCalendar};
use nqtrack_domain::dates::{format_date, parse_date};
use serde::Deserialize;

use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/holidays", get(holidays_page).post(save))
        .route("/holidays/delete", post(delete))
        .route("/holidays/seed", post(seed))
}

/// One line of the table, ready to show.
struct HolidayLine {
    /// yyyy-mm-dd, for the delete form.
    day: String,
    shown: String,
    weekday: String,
    name: String,
    working: bool,
}

#[derive(Deserialize, Default)]
struct HolidayForm {
    #[serde(default)]
    day: String,
    #[serde(default)]
    name: String,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    working: Option<String>,
}

#[derive(Template)]
#[template(path = "holidays.html")]
struct HolidaysPage {
    base: Base,
    year: i16,
    lines: Vec<HolidayLine>,
    working_days: i32,
    can_edit: bool,
    form: HolidayForm,
}

#[derive(Deserialize, Default)]
struct YearQuery {
    #[serde(default)]
    year: String,
}

async fn holidays_page(State(state): State<AppState>, viewer: Viewer, Query(query): Query<YearQuery>) -> PageResult {
    let year = match query.year.trim() {
        "" => state.app.today().year(),
        // Not a number is as wrong as a year out of range, and the app says which years are allowed.
        text => text.parse().unwrap_or(i16::MIN),
    };
    show(&state, &viewer, year, HolidayForm::default(), None).await
}

async fn show(state: &AppState, viewer: &Viewer, year: i16, form: HolidayForm, error: Option<AppError>) -> PageResult {
    require_signed_in(viewer)?;
    let actor = viewer.actor();
    let holidays = state.app.holidays(&actor, year).await.map_err(|e| PageError::new(viewer, e))?;
    let mut base = Base::new(viewer);
    let status = error.as_ref().map_or(StatusCode::OK, crate::error::status_of);
    if let Some(error) = &error {
        base = base.with_error(error);
    }
    let working_days = working_days_in(year, &holidays);
    let lines = holidays.into_iter().map(|holiday| line(&base, holiday)).collect();
    // Only decides whether the forms are shown; the app checks every change itself.
    let can_edit = nqtrack_domain::policy::authorize_system(&actor).is_ok();
    let page = HolidaysPage { base, year, lines, working_days, can_edit, form };
    Ok((status, render(&page)).into_response())
}

fn line(base: &Base, holiday: Holiday) -> HolidayLine {
    let weekday = holiday.day.weekday().to_monday_one_offset();
    HolidayLine {
        day: holiday.day.to_string(),
        shown: format_date(holiday.day),
        weekday: base.t(&format!("holidays-weekday-{weekday}")),
        name: holiday.name,
        working: holiday.working,
    }
}

/// The working days of the year: a quick check for whoever edits the table. The year's own entries are
/// all that count, since the days counted all lie in that year.
fn working_days_in(year: i16, holidays: &[Holiday]) -> i32 {
    let calendar: HolidayCalendar = holidays.iter().cloned().collect();
    let Some(previous) = year.checked_sub(1) else { return 0 };
    match (Date::new(previous, 12, 31), Date::new(year, 12, 31)) {
        (Ok(eve), Ok(last)) => calendar.working_days_between(eve, last),
        _ => 0,
    }
}

/// The page to come back to after a change: the year of the day changed, when it can be read.
fn year_of(day: &str, fallback: i16) -> i16 {
    parse_date("day", day).map_or(fallback, |day| day.year())
}

async fn save(State(state): State<AppState>, viewer: Viewer, Form(form): Form<HolidayForm>) -> PageResult {
    require_signed_in(&viewer)?;
    let year = year_of(&form.day, state.app.today().year());
    let input = HolidayInput { day: form.day.clone(), name: form.name.clone(), working: form.working.is_some() };
    match state.app.save_holiday(&viewer.actor(), input).await {
        Ok(holiday) => Ok(saved(&format!("/holidays?year={}", holiday.day.year()))),
        Err(error @ AppError::Invalid(_)) => show(&state, &viewer, year, form, Some(error)).await,
        Err(error) => Err(PageError::new(&viewer, error)),
    }
}

#[derive(Deserialize)]
struct DayForm {
    #[serde(default)]
    day: String,
}

async fn delete(State(state): State<AppState>, viewer: Viewer, Form(form): Form<DayForm>) -> PageResult {
    require_signed_in(&viewer)?;
    let day = parse_date("day", &form.day).map_err(|e| PageError::new(&viewer, e.into()))?;
    state.app.delete_holiday(&viewer.actor(), day).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(saved(&format!("/holidays?year={}", day.year())))
}

async fn seed(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    require_signed_in(&viewer)?;
    state.app.seed_holidays(&viewer.actor()).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(saved("/holidays"))
}
