//! Integration tests of the whole router, over real databases, without a listening port.

mod api;
mod holidays;
mod indicator_api;
mod indicator_views;
mod notifications;
mod support;
mod task_api;
mod task_exchange;
mod task_journey;
mod task_views;
mod views;
