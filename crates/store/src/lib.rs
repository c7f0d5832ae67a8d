//! Storage for nqtrack behind one interface, [`Store`], with two real backends chosen at start-up:
//! SQLite (the embedded default) and PostgreSQL.
//!
//! Every query is written once. A [`Tx`] holds either backend's transaction and the `on_conn!` macro
//! expands each query body for both concrete sqlx drivers, so there is no `dyn`, no `Any` driver, and
//! no second copy of the SQL; the few places where the dialects differ (full-text search) say so.
//! Reads and writes both go through a transaction, so a page sees one consistent snapshot.

#[macro_use]
mod db;
mod audit;
mod committees;
mod documents;
mod error;
mod evaluation;
mod evaluation_queries;
mod groups;
mod holidays;
mod indicator_seed;
mod indicators;
mod instant;
mod jobs;
mod notifications;
mod outbox;
mod records;
mod reorg;
mod scope_sql;
mod sessions;
mod task_queries;
mod task_records;
mod tasks;
mod units;
mod urging;
mod users;

#[cfg(feature = "testing")]
pub mod testing;

pub use audit::AuditFilter;
pub use db::{Backend, Store, Tx};
pub use documents::DocumentFilter;
pub use error::StoreError;
pub use evaluation::{MethodologyRecord, PeriodClosing, Publication, ScorecardRecord};
pub use evaluation_queries::{LeaderCells, ProgressNote, ReportTask};
pub use indicators::{
    DataSetRecord, ImportBatch, IndicatorRecord, IndicatorTarget, IndicatorValue, RoundRecord, Submission, ValueChange,
};
pub use jobs::Job;
pub use notifications::{DigestRecipient, Notification};
pub use outbox::{OutboxCounts, OutboxMessage, OutboxState};
pub use records::*;
pub use task_queries::{TaskFilter, TaskFocus, TaskSort};
pub use task_records::*;
pub use tasks::NewTask;
pub use units::Liveness;
pub use urging::{UrgingRecipient, UrgingSelection, UrgingTask};
