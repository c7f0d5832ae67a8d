//! Integration tests of the whole router, over real databases, without a listening port.

mod api;
mod dashboard_views;
mod evaluation_api;
mod evaluation_journey;
mod evaluation_views;
mod holidays;
mod indicator_api;
mod indicator_views;
mod notifications;
mod portal_views;
mod report_views;
mod support;
mod task_api;
mod task_exchange;
mod task_journey;
mod task_views;
mod views;
