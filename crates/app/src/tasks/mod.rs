//! Tasks: assignment, cascade, progress, completion, extensions, and reading them "as of" a date.

mod assign;
mod cascade;
mod evidence;
mod export;
mod import;
mod kept_counts;
mod queries;
mod reports;

use nqtrack_domain::policy::{self, Action, Actor, Denied};
use nqtrack_domain::status::{CompletionFact, TaskFacts};
use nqtrack_domain::task::{CompletionState, Confidentiality};
use nqtrack_store::{Completion, DeadlineChange, ProgressReport, Task, Tx, Unit};
use uuid::Uuid;

use crate::{AppError, Result};

pub(crate) use assign::assign_in_tx;
pub use assign::{AdjustInput, TaskChanges, TaskInput};
pub use cascade::{CascadeInput, CascadeOutcome, CascadeTargets};
pub use evidence::{EvidenceInput, Upload};
pub(crate) use evidence::{check_evidence, store_evidence};
pub use export::{EXPORT_MAX_ROWS, TaskExport, colour_word, field_word, status_word};
pub(crate) use kept_counts::KeptCounts;
pub use queries::{CheckedQuery, ChildSummary, TaskList, TaskListQuery, TaskPage, TaskPermissions};
pub use reports::{CompletionInput, DecisionInput, ExtensionInput, ProgressInput};

/// How many tasks one page of a list shows.
pub const TASK_PAGE: i64 = 50;

/// Loads a task or says it does not exist.
pub(crate) async fn load_task(tx: &mut Tx, id: Uuid) -> Result<Task> {
    tx.task(id).await?.ok_or(AppError::NotFound("task"))
}

/// Whether `actor` may read `task`: their scope covers the presiding or the assigning unit, or (for tasks
/// that are not secret) one of the coordinating units.
pub(crate) fn may_view(actor: &Actor, task: &Task, coordinators: &[Unit]) -> bool {
    let covers = |path| policy::authorize(actor, Action::ViewTasks, path).is_ok();
    covers(&task.presiding_path)
        || covers(&task.assigner_path)
        || (task.confidentiality != Confidentiality::Secret && coordinators.iter().any(|unit| covers(&unit.path)))
}

pub(crate) fn authorize_view(actor: &Actor, task: &Task, coordinators: &[Unit]) -> Result<()> {
    if may_view(actor, task, coordinators) {
        Ok(())
    } else {
        Err(AppError::Denied(Denied { action: Action::ViewTasks }))
    }
}

/// A task that was cancelled accepts no more reports or decisions.
pub(crate) fn check_not_cancelled(task: &Task) -> Result<()> {
    match task.cancelled_on {
        Some(_) => Err(nqtrack_domain::FieldError::new("task", "task-cancelled").into()),
        None => Ok(()),
    }
}

/// Saves the task or reports that someone else changed it first.
pub(crate) async fn save(tx: &mut Tx, task: &mut Task, expected_version: i32) -> Result<()> {
    if tx.save_task(task, expected_version).await? {
        task.version = expected_version + 1;
        Ok(())
    } else {
        Err(AppError::Conflict(nqtrack_domain::Invalid::one("version", "edit-conflict")))
    }
}

/// The history a task's status is computed from, for the pure rules of `nqtrack_domain::status`.
pub(crate) fn facts(
    task: &Task,
    deadlines: &[DeadlineChange],
    completions: &[Completion],
    progress: &[ProgressReport],
) -> TaskFacts {
    TaskFacts {
        kind: task.kind,
        assigned_on: task.assigned_on,
        deadlines: deadlines.iter().map(|change| (change.effective_on, change.deadline)).collect(),
        completions: completions
            .iter()
            .map(|c| CompletionFact {
                reported_on: c.reported_on,
                confirmed_on: c.decided_on.filter(|_| c.state == CompletionState::Confirmed),
                returned_on: c.decided_on.filter(|_| c.state == CompletionState::Returned),
            })
            .collect(),
        progress: progress
            .iter()
            .filter(|report| report.kind == nqtrack_domain::task::ProgressKind::Progress)
            .map(|report| (report.reported_on, report.percent.unwrap_or(0).clamp(0, 100) as u8))
            .collect(),
        cancelled_on: task.cancelled_on,
    }
}
