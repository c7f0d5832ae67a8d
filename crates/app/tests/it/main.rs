//! The use cases end to end: every case runs on a fresh, migrated and demo-seeded SQLite database and,
//! when a server can be had, on a fresh PostgreSQL database, so both backends are held to the same
//! behaviour. `NQTRACK_REQUIRE_POSTGRES=1` turns a missing PostgreSQL server into a failure.
//!
//! A case is a plain `async fn(Harness)`; `both!` at the end of its module turns each listed case into
//! `<module>::<case>::sqlite` and `<module>::<case>::postgres`.

/// Declares one test per backend for each listed case of the current module. Attributes written
/// before a case (`#[ignore = "why"]`) go on both of its tests.
macro_rules! both {
    ($($(#[$attr:meta])* $case:ident),* $(,)?) => {
        $(
            mod $case {
                $(#[$attr])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$case($crate::support::Harness::sqlite().await).await
                }

                $(#[$attr])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(harness) = $crate::support::Harness::postgres().await {
                        super::$case(harness).await
                    }
                }
            }
        )*
    };
}

mod support;

mod audit;
mod committees;
mod dashboard;
mod demo_indicators;
mod evaluation;
mod holidays;
mod import;
mod indicators;
mod portal;
mod reorg;
mod reports;
mod scope;
mod sessions;
mod task_import;
mod tasks;
mod units;
mod urging;
mod users;
mod vn_admin;
