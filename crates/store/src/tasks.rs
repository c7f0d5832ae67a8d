//! Tasks: writing a task and its history (deadlines, progress, completions, extensions, coordinators).
//! Lists and counts, which classify tasks "as of" a date in SQL, are in `task_queries.rs`.

use jiff::civil::Date;
use nqtrack_domain::text::fold_vi;
use nqtrack_domain::unit::UnitPath;
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::Tx;
use crate::error::{Result, StoreError};
use crate::instant::Instant;
use crate::records::Unit;
use crate::task_records::{Completion, DeadlineChange, Extension, ProgressReport, Task};
use crate::units::{UNIT_COLUMNS, UnitRow};

pub(crate) const TASK_COLUMNS: &str = "t.id, t.code, t.title, t.content, t.source, t.document_id, t.clause, \
     t.assigner_id, t.assigner_path, t.presiding_id, t.presiding_path, t.leader_id, t.kind, t.parent_id, t.series_id, \
     t.period_label, t.assigned_on, t.deadline_working_days, t.original_deadline, t.deadline, t.deadline_changed_on, \
     t.product, t.key_results, t.field, t.priority, t.confidentiality, t.allow_later_children, t.progress_percent, \
     t.progress_on, t.last_reported_on, t.completed_on, t.completion_state, t.completion_changed_on, t.cancelled_on, \
     t.cancel_reason, t.version, t.created_by, t.created_at, t.updated_at";

type Day = jiff_sqlx::Date;

#[derive(FromRow)]
pub(crate) struct TaskRow {
    id: Uuid,
    code: String,
    title: String,
    content: String,
    source: String,
    document_id: Option<Uuid>,
    clause: String,
    assigner_id: Uuid,
    assigner_path: String,
    presiding_id: Uuid,
    presiding_path: String,
    leader_id: Option<Uuid>,
    kind: String,
    parent_id: Option<Uuid>,
    series_id: Option<Uuid>,
    period_label: Option<String>,
    assigned_on: Day,
    deadline_working_days: Option<i32>,
    original_deadline: Option<Day>,
    deadline: Option<Day>,
    deadline_changed_on: Option<Day>,
    product: String,
    key_results: String,
    field: String,
    priority: String,
    confidentiality: String,
    allow_later_children: bool,
    progress_percent: i32,
    progress_on: Option<Day>,
    last_reported_on: Option<Day>,
    completed_on: Option<Day>,
    completion_state: Option<String>,
    completion_changed_on: Option<Day>,
    cancelled_on: Option<Day>,
    cancel_reason: String,
    version: i32,
    created_by: Option<Uuid>,
    created_at: Instant,
    updated_at: Instant,
}

fn day(value: Option<Day>) -> Option<Date> {
    value.map(|d| d.to_jiff())
}

impl TryFrom<TaskRow> for Task {
    type Error = StoreError;
    fn try_from(row: TaskRow) -> Result<Self> {
        use nqtrack_domain::task::*;
        Ok(Task {
            id: row.id,
            code: row.code,
            title: row.title,
            content: row.content,
            source: TaskSource::parse("source", &row.source)?,
            document_id: row.document_id,
            clause: row.clause,
            assigner_id: row.assigner_id,
            assigner_path: UnitPath::from_stored(row.assigner_path),
            presiding_id: row.presiding_id,
            presiding_path: UnitPath::from_stored(row.presiding_path),
            leader_id: row.leader_id,
            kind: TaskKind::parse("kind", &row.kind)?,
            parent_id: row.parent_id,
            series_id: row.series_id,
            period_label: row.period_label,
            assigned_on: row.assigned_on.to_jiff(),
            deadline_working_days: row.deadline_working_days,
            original_deadline: day(row.original_deadline),
            deadline: day(row.deadline),
            deadline_changed_on: day(row.deadline_changed_on),
            product: row.product,
            key_results: row.key_results,
            field: Field::parse("field", &row.field)?,
            priority: Priority::parse("priority", &row.priority)?,
            confidentiality: Confidentiality::parse("confidentiality", &row.confidentiality)?,
            allow_later_children: row.allow_later_children,
            progress_percent: row.progress_percent,
            progress_on: day(row.progress_on),
            last_reported_on: day(row.last_reported_on),
            completed_on: day(row.completed_on),
            completion_state: row
                .completion_state
                .map(|s| CompletionState::parse("completion_state", &s))
                .transpose()?,
            completion_changed_on: day(row.completion_changed_on),
            cancelled_on: day(row.cancelled_on),
            cancel_reason: row.cancel_reason,
            version: row.version,
            created_by: row.created_by,
            created_at: row.created_at.to_jiff(),
            updated_at: row.updated_at.to_jiff(),
        })
    }
}

/// What a task is found by: its code, title, content, product and clause, folded.
pub(crate) fn task_search_text(task: &Task) -> String {
    fold_vi(&format!("{} {} {} {} {}", task.code, task.title, task.content, task.product, task.clause))
}

/// Rows per multi-row INSERT: well under SQLite's limit of 32,766 bound parameters.
const INSERT_CHUNK: usize = 500;

/// A new task with its coordinating units (id and path).
pub struct NewTask<'a> {
    pub task: &'a Task,
    pub coordinators: &'a [(Uuid, UnitPath)],
}

impl Tx {
    /// Inserts tasks with their coordinating units and their original deadlines, many rows per
    /// statement, so that a cascade to thousands of units stays one quick transaction.
    pub async fn insert_tasks(&mut self, tasks: &[NewTask<'_>]) -> Result<()> {
        for chunk in tasks.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO tasks (id, code, title, content, source, document_id, clause, assigner_id, \
                     assigner_path, presiding_id, presiding_path, leader_id, kind, parent_id, series_id, period_label, \
                     assigned_on, deadline_working_days, original_deadline, deadline, deadline_changed_on, product, \
                     key_results, field, priority, confidentiality, allow_later_children, progress_percent, \
                     progress_on, last_reported_on, completed_on, completion_state, completion_changed_on, \
                     cancelled_on, cancel_reason, search_text, version, created_by, created_at, updated_at) ",
                );
                query.push_values(chunk, |mut row, new| {
                    let t = new.task;
                    row.push_bind(t.id)
                        .push_bind(t.code.clone())
                        .push_bind(t.title.clone())
                        .push_bind(t.content.clone())
                        .push_bind(t.source.as_str())
                        .push_bind(t.document_id)
                        .push_bind(t.clause.clone())
                        .push_bind(t.assigner_id)
                        .push_bind(t.assigner_path.as_str().to_owned())
                        .push_bind(t.presiding_id)
                        .push_bind(t.presiding_path.as_str().to_owned())
                        .push_bind(t.leader_id)
                        .push_bind(t.kind.as_str())
                        .push_bind(t.parent_id)
                        .push_bind(t.series_id)
                        .push_bind(t.period_label.clone())
                        .push_bind(Day::from(t.assigned_on))
                        .push_bind(t.deadline_working_days)
                        .push_bind(t.original_deadline.map(Day::from))
                        .push_bind(t.deadline.map(Day::from))
                        .push_bind(t.deadline_changed_on.map(Day::from))
                        .push_bind(t.product.clone())
                        .push_bind(t.key_results.clone())
                        .push_bind(t.field.as_str())
                        .push_bind(t.priority.as_str())
                        .push_bind(t.confidentiality.as_str())
                        .push_bind(t.allow_later_children)
                        .push_bind(t.progress_percent)
                        .push_bind(t.progress_on.map(Day::from))
                        .push_bind(t.last_reported_on.map(Day::from))
                        .push_bind(t.completed_on.map(Day::from))
                        .push_bind(t.completion_state.map(|s| s.as_str()))
                        .push_bind(t.completion_changed_on.map(Day::from))
                        .push_bind(t.cancelled_on.map(Day::from))
                        .push_bind(t.cancel_reason.clone())
                        .push_bind(task_search_text(t))
                        .push_bind(t.version)
                        .push_bind(t.created_by)
                        .push_bind(Instant::from(t.created_at))
                        .push_bind(Instant::from(t.updated_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        let coordinators: Vec<(Uuid, &(Uuid, UnitPath))> =
            tasks.iter().flat_map(|new| new.coordinators.iter().map(move |c| (new.task.id, c))).collect();
        for chunk in coordinators.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new("INSERT INTO task_coordinators (task_id, unit_id, unit_path) ");
                query.push_values(chunk, |mut row, (task_id, (unit_id, path))| {
                    row.push_bind(*task_id).push_bind(*unit_id).push_bind(path.as_str().to_owned());
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        let originals: Vec<&Task> =
            tasks.iter().map(|new| new.task).filter(|t| t.original_deadline.is_some()).collect();
        for chunk in originals.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO task_deadlines (id, task_id, effective_on, deadline, cause, created_at) ",
                );
                query.push_values(chunk, |mut row, t| {
                    row.push_bind(Uuid::now_v7())
                        .push_bind(t.id)
                        .push_bind(Day::from(t.assigned_on))
                        .push_bind(t.original_deadline.map(Day::from))
                        .push_bind("original")
                        .push_bind(Instant::from(t.created_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    /// Writes every mutable field of `task` if nobody changed it since `expected_version` was read, and
    /// bumps the version. `false` means someone else saved first: the caller reports a conflict.
    pub async fn save_task(&mut self, task: &Task, expected_version: i32) -> Result<bool> {
        let rows = on_conn!(self, conn => sqlx::query(
            "UPDATE tasks SET code = $2, title = $3, content = $4, source = $5, document_id = $6, clause = $7, \
             presiding_id = $8, presiding_path = $9, leader_id = $10, deadline_working_days = $11, \
             original_deadline = $12, deadline = $13, deadline_changed_on = $14, product = $15, key_results = $16, \
             field = $17, priority = $18, confidentiality = $19, allow_later_children = $20, progress_percent = $21, \
             progress_on = $22, last_reported_on = $23, completed_on = $24, completion_state = $25, \
             completion_changed_on = $26, cancelled_on = $27, cancel_reason = $28, search_text = $29, \
             version = $30 + 1, updated_at = $31 WHERE id = $1 AND version = $30",
        )
        .bind(task.id)
        .bind(&task.code)
        .bind(&task.title)
        .bind(&task.content)
        .bind(task.source.as_str())
        .bind(task.document_id)
        .bind(&task.clause)
        .bind(task.presiding_id)
        .bind(task.presiding_path.as_str())
        .bind(task.leader_id)
        .bind(task.deadline_working_days)
        .bind(task.original_deadline.map(Day::from))
        .bind(task.deadline.map(Day::from))
        .bind(task.deadline_changed_on.map(Day::from))
        .bind(&task.product)
        .bind(&task.key_results)
        .bind(task.field.as_str())
        .bind(task.priority.as_str())
        .bind(task.confidentiality.as_str())
        .bind(task.allow_later_children)
        .bind(task.progress_percent)
        .bind(task.progress_on.map(Day::from))
        .bind(task.last_reported_on.map(Day::from))
        .bind(task.completed_on.map(Day::from))
        .bind(task.completion_state.map(|s| s.as_str()))
        .bind(task.completion_changed_on.map(Day::from))
        .bind(task.cancelled_on.map(Day::from))
        .bind(&task.cancel_reason)
        .bind(task_search_text(task))
        .bind(expected_version)
        .bind(Instant::from(task.updated_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(rows == 1)
    }

    pub async fn task(&mut self, id: Uuid) -> Result<Option<Task>> {
        let sql = format!("SELECT {TASK_COLUMNS} FROM tasks t WHERE t.id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, TaskRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await)?;
        row.map(Task::try_from).transpose()
    }

    pub async fn task_by_code(&mut self, code: &str) -> Result<Option<Task>> {
        let sql = format!("SELECT {TASK_COLUMNS} FROM tasks t WHERE t.code = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, TaskRow>(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(conn).await)?;
        row.map(Task::try_from).transpose()
    }

    /// How many task codes start with `prefix`: the next free number of a generated code.
    pub async fn count_task_codes(&mut self, prefix: &str) -> Result<i64> {
        let end = format!("{prefix}\u{10FFFF}");
        let count = on_conn!(self, conn => sqlx::query_scalar("SELECT COUNT(*) FROM tasks WHERE code >= $1 AND code < $2")
            .bind(prefix).bind(end).fetch_one(conn).await)?;
        Ok(count)
    }

    /// The tasks directly under `parent_id` (cascaded children, or the occurrences of a series).
    pub async fn child_tasks(&mut self, parent_id: Uuid) -> Result<Vec<Task>> {
        let sql =
            format!("SELECT {TASK_COLUMNS} FROM tasks t WHERE t.parent_id = $1 OR t.series_id = $1 ORDER BY t.code");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, TaskRow>(sqlx::AssertSqlSafe(sql)).bind(parent_id).fetch_all(conn).await)?;
        rows.into_iter().map(Task::try_from).collect()
    }

    pub async fn task_coordinators(&mut self, task_id: Uuid) -> Result<Vec<Unit>> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM task_coordinators c JOIN units u ON u.id = c.unit_id \
             WHERE c.task_id = $1 ORDER BY u.code"
        );
        let rows = on_conn!(self, conn => sqlx::query_as::<_, UnitRow>(sqlx::AssertSqlSafe(sql)).bind(task_id).fetch_all(conn).await)?;
        rows.into_iter().map(Unit::try_from).collect()
    }

    /// Replaces the coordinating units of a task.
    pub async fn set_task_coordinators(&mut self, task_id: Uuid, units: &[(Uuid, UnitPath)]) -> Result<()> {
        on_conn!(self, conn => sqlx::query("DELETE FROM task_coordinators WHERE task_id = $1")
            .bind(task_id).execute(conn).await.map(|done| done.rows_affected()))?;
        for (unit_id, path) in units {
            on_conn!(self, conn => sqlx::query(
                "INSERT INTO task_coordinators (task_id, unit_id, unit_path) VALUES ($1, $2, $3)",
            )
            .bind(task_id).bind(unit_id).bind(path.as_str())
            .execute(conn).await.map(|done| done.rows_affected()))?;
        }
        Ok(())
    }

    pub async fn insert_deadline_change(&mut self, change: &DeadlineChange) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO task_deadlines (id, task_id, effective_on, deadline, cause, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(change.id)
        .bind(change.task_id)
        .bind(Day::from(change.effective_on))
        .bind(Day::from(change.deadline))
        .bind(&change.cause)
        .bind(Instant::from(change.created_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Every deadline the task has had, oldest first.
    pub async fn deadline_changes(&mut self, task_id: Uuid) -> Result<Vec<DeadlineChange>> {
        let rows: Vec<(Uuid, Uuid, Day, Day, String, Instant)> = on_conn!(self, conn => sqlx::query_as(
            "SELECT id, task_id, effective_on, deadline, cause, created_at FROM task_deadlines \
             WHERE task_id = $1 ORDER BY effective_on, created_at",
        )
        .bind(task_id).fetch_all(conn).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, task_id, effective_on, deadline, cause, created_at)| DeadlineChange {
                id,
                task_id,
                effective_on: effective_on.to_jiff(),
                deadline: deadline.to_jiff(),
                cause,
                created_at: created_at.to_jiff(),
            })
            .collect())
    }
}

#[derive(FromRow)]
struct ProgressRow {
    id: Uuid,
    task_id: Uuid,
    unit_id: Uuid,
    kind: String,
    reported_on: Day,
    percent: Option<i32>,
    done: String,
    difficulties: String,
    proposals: String,
    backwards_reason: String,
    reported_by: Option<Uuid>,
    created_at: Instant,
}

#[derive(FromRow)]
struct CompletionRow {
    id: Uuid,
    task_id: Uuid,
    reported_on: Day,
    product: String,
    note: String,
    reported_by: Option<Uuid>,
    state: String,
    decided_on: Option<Day>,
    decided_by: Option<Uuid>,
    decision_reason: String,
    created_at: Instant,
}

#[derive(FromRow)]
struct ExtensionRow {
    id: Uuid,
    task_id: Uuid,
    requested_on: Day,
    current_deadline: Day,
    requested_deadline: Day,
    reason: String,
    requested_by: Option<Uuid>,
    state: String,
    decided_on: Option<Day>,
    decided_by: Option<Uuid>,
    decision_note: String,
    created_at: Instant,
}

impl Tx {
    pub async fn insert_progress(&mut self, report: &ProgressReport) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO progress_reports (id, task_id, unit_id, kind, reported_on, percent, done, difficulties, \
             proposals, backwards_reason, reported_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(report.id)
        .bind(report.task_id)
        .bind(report.unit_id)
        .bind(report.kind.as_str())
        .bind(Day::from(report.reported_on))
        .bind(report.percent)
        .bind(&report.done)
        .bind(&report.difficulties)
        .bind(&report.proposals)
        .bind(&report.backwards_reason)
        .bind(report.reported_by)
        .bind(Instant::from(report.created_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Progress reports and contributions, oldest first.
    pub async fn progress_reports(&mut self, task_id: Uuid) -> Result<Vec<ProgressReport>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, ProgressRow>(
            "SELECT id, task_id, unit_id, kind, reported_on, percent, done, difficulties, proposals, \
             backwards_reason, reported_by, created_at FROM progress_reports WHERE task_id = $1 \
             ORDER BY reported_on, created_at",
        )
        .bind(task_id).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|row| {
                Ok(ProgressReport {
                    id: row.id,
                    task_id: row.task_id,
                    unit_id: row.unit_id,
                    kind: nqtrack_domain::task::ProgressKind::parse("kind", &row.kind)?,
                    reported_on: row.reported_on.to_jiff(),
                    percent: row.percent,
                    done: row.done,
                    difficulties: row.difficulties,
                    proposals: row.proposals,
                    backwards_reason: row.backwards_reason,
                    reported_by: row.reported_by,
                    created_at: row.created_at.to_jiff(),
                })
            })
            .collect()
    }

    pub async fn insert_completion(&mut self, completion: &Completion) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO task_completions (id, task_id, reported_on, product, note, reported_by, state, decided_on, \
             decided_by, decision_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(completion.id)
        .bind(completion.task_id)
        .bind(Day::from(completion.reported_on))
        .bind(&completion.product)
        .bind(&completion.note)
        .bind(completion.reported_by)
        .bind(completion.state.as_str())
        .bind(completion.decided_on.map(Day::from))
        .bind(completion.decided_by)
        .bind(&completion.decision_reason)
        .bind(Instant::from(completion.created_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Records the assigning unit's decision on a completion report still awaiting one.
    pub async fn decide_completion(&mut self, completion: &Completion) -> Result<bool> {
        let rows = on_conn!(self, conn => sqlx::query(
            "UPDATE task_completions SET state = $2, decided_on = $3, decided_by = $4, decision_reason = $5 \
             WHERE id = $1 AND state = 'awaiting'",
        )
        .bind(completion.id)
        .bind(completion.state.as_str())
        .bind(completion.decided_on.map(Day::from))
        .bind(completion.decided_by)
        .bind(&completion.decision_reason)
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(rows == 1)
    }

    /// Completion reports, oldest first.
    pub async fn completions(&mut self, task_id: Uuid) -> Result<Vec<Completion>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, CompletionRow>(
            "SELECT id, task_id, reported_on, product, note, reported_by, state, decided_on, decided_by, \
             decision_reason, created_at FROM task_completions WHERE task_id = $1 ORDER BY reported_on, created_at",
        )
        .bind(task_id).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|row| {
                Ok(Completion {
                    id: row.id,
                    task_id: row.task_id,
                    reported_on: row.reported_on.to_jiff(),
                    product: row.product,
                    note: row.note,
                    reported_by: row.reported_by,
                    state: nqtrack_domain::task::CompletionState::parse("state", &row.state)?,
                    decided_on: day(row.decided_on),
                    decided_by: row.decided_by,
                    decision_reason: row.decision_reason,
                    created_at: row.created_at.to_jiff(),
                })
            })
            .collect()
    }

    pub async fn insert_extension(&mut self, extension: &Extension) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO task_extensions (id, task_id, requested_on, current_deadline, requested_deadline, reason, \
             requested_by, state, decided_on, decided_by, decision_note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(extension.id)
        .bind(extension.task_id)
        .bind(Day::from(extension.requested_on))
        .bind(Day::from(extension.current_deadline))
        .bind(Day::from(extension.requested_deadline))
        .bind(&extension.reason)
        .bind(extension.requested_by)
        .bind(extension.state.as_str())
        .bind(extension.decided_on.map(Day::from))
        .bind(extension.decided_by)
        .bind(&extension.decision_note)
        .bind(Instant::from(extension.created_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Records the decision on a pending extension request.
    pub async fn decide_extension(&mut self, extension: &Extension) -> Result<bool> {
        let rows = on_conn!(self, conn => sqlx::query(
            "UPDATE task_extensions SET state = $2, decided_on = $3, decided_by = $4, decision_note = $5 \
             WHERE id = $1 AND state = 'pending'",
        )
        .bind(extension.id)
        .bind(extension.state.as_str())
        .bind(extension.decided_on.map(Day::from))
        .bind(extension.decided_by)
        .bind(&extension.decision_note)
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(rows == 1)
    }

    /// Extension requests, oldest first.
    pub async fn extensions(&mut self, task_id: Uuid) -> Result<Vec<Extension>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, ExtensionRow>(
            "SELECT id, task_id, requested_on, current_deadline, requested_deadline, reason, requested_by, state, \
             decided_on, decided_by, decision_note, created_at FROM task_extensions WHERE task_id = $1 \
             ORDER BY created_at",
        )
        .bind(task_id).fetch_all(conn).await)?;
        rows.into_iter()
            .map(|row| {
                Ok(Extension {
                    id: row.id,
                    task_id: row.task_id,
                    requested_on: row.requested_on.to_jiff(),
                    current_deadline: row.current_deadline.to_jiff(),
                    requested_deadline: row.requested_deadline.to_jiff(),
                    reason: row.reason,
                    requested_by: row.requested_by,
                    state: nqtrack_domain::task::ExtensionState::parse("state", &row.state)?,
                    decided_on: day(row.decided_on),
                    decided_by: row.decided_by,
                    decision_note: row.decision_note,
                    created_at: row.created_at.to_jiff(),
                })
            })
            .collect()
    }
}

impl Tx {
    /// Writes generated histories in bulk (the demo data set): progress reports, completions,
    /// extension requests and deadline changes, many rows per statement.
    pub async fn insert_histories(
        &mut self,
        progress: &[ProgressReport],
        completions: &[Completion],
        extensions: &[Extension],
        deadlines: &[DeadlineChange],
    ) -> Result<()> {
        for chunk in progress.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO progress_reports (id, task_id, unit_id, kind, reported_on, percent, done, difficulties, \
                     proposals, backwards_reason, reported_by, created_at) ",
                );
                query.push_values(chunk, |mut row, r| {
                    row.push_bind(r.id).push_bind(r.task_id).push_bind(r.unit_id).push_bind(r.kind.as_str())
                        .push_bind(Day::from(r.reported_on)).push_bind(r.percent).push_bind(r.done.clone())
                        .push_bind(r.difficulties.clone()).push_bind(r.proposals.clone())
                        .push_bind(r.backwards_reason.clone()).push_bind(r.reported_by).push_bind(Instant::from(r.created_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        for chunk in completions.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO task_completions (id, task_id, reported_on, product, note, reported_by, state, \
                     decided_on, decided_by, decision_reason, created_at) ",
                );
                query.push_values(chunk, |mut row, c| {
                    row.push_bind(c.id).push_bind(c.task_id).push_bind(Day::from(c.reported_on))
                        .push_bind(c.product.clone()).push_bind(c.note.clone()).push_bind(c.reported_by)
                        .push_bind(c.state.as_str()).push_bind(c.decided_on.map(Day::from)).push_bind(c.decided_by)
                        .push_bind(c.decision_reason.clone()).push_bind(Instant::from(c.created_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        for chunk in extensions.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO task_extensions (id, task_id, requested_on, current_deadline, requested_deadline, \
                     reason, requested_by, state, decided_on, decided_by, decision_note, created_at) ",
                );
                query.push_values(chunk, |mut row, e| {
                    row.push_bind(e.id).push_bind(e.task_id).push_bind(Day::from(e.requested_on))
                        .push_bind(Day::from(e.current_deadline)).push_bind(Day::from(e.requested_deadline))
                        .push_bind(e.reason.clone()).push_bind(e.requested_by).push_bind(e.state.as_str())
                        .push_bind(e.decided_on.map(Day::from)).push_bind(e.decided_by)
                        .push_bind(e.decision_note.clone()).push_bind(Instant::from(e.created_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        for chunk in deadlines.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO task_deadlines (id, task_id, effective_on, deadline, cause, created_at) ",
                );
                query.push_values(chunk, |mut row, d| {
                    row.push_bind(d.id).push_bind(d.task_id).push_bind(Day::from(d.effective_on))
                        .push_bind(Day::from(d.deadline)).push_bind(d.cause.clone()).push_bind(Instant::from(d.created_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }
}
