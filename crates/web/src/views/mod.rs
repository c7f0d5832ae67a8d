//! Server-rendered pages. One module per screen; templates live in `templates/`.

mod account;
mod audit;
mod dashboard;
mod documents;
mod evaluation;
mod evaluation_form;
mod evaluation_periods;
mod evaluation_rankings;
mod groups;
mod holidays;
mod import;
mod indicator_admin;
mod indicator_rounds;
mod indicators;
mod notifications;
mod page;
mod portal;
mod reports;
mod session;
mod task_exchange;
mod tasks;
mod units;
mod users;

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(session::routes())
        .merge(dashboard::routes())
        .merge(portal::routes())
        .merge(units::routes())
        .merge(users::routes())
        .merge(import::routes())
        .merge(audit::routes())
        .merge(groups::routes())
        .merge(holidays::routes())
        .merge(notifications::routes())
        .merge(tasks::routes())
        .merge(task_exchange::routes())
        .merge(documents::routes())
        .merge(indicators::routes())
        .merge(indicator_admin::routes())
        .merge(indicator_rounds::routes())
        .merge(evaluation::routes())
        .merge(reports::routes())
        .merge(account::routes())
}
