//! The store conformance suite: every case runs against a fresh, migrated SQLite database and a
//! fresh, migrated PostgreSQL database, so the two backends are held to the same behaviour.
//!
//! A case is a plain `async fn(&TestStore)` in the module of its aggregate; `conformance!` at the end
//! of that module turns each listed case into `<module>::<case>::sqlite` and
//! `<module>::<case>::postgres`. The PostgreSQL half skips when no server can be had, unless
//! `NQTRACK_REQUIRE_POSTGRES=1` (then it fails).

/// Declares one test per backend for each listed case of the current module. Attributes written
/// before a case (`#[ignore = "why"]`) go on both of its tests.
macro_rules! conformance {
    ($($(#[$attr:meta])* $case:ident),* $(,)?) => {
        $(
            mod $case {
                $(#[$attr])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    let store = $crate::support::sqlite_store().await;
                    super::$case(&store).await;
                    store.close().await;
                }

                $(#[$attr])*
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    if let Some(store) = $crate::support::postgres_store().await {
                        super::$case(&store).await;
                        store.close().await;
                    }
                }
            }
        )*
    };
}

mod support;

mod audit;
mod committees;
mod holidays;
mod notifications;
mod reorg;
mod sessions;
mod transactions;
mod units;
mod users;
