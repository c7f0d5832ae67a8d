//! Assigning a task, editing it, adjusting its deadline and cancelling it: the assigning unit's work.

use jiff::civil::Date;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::error::Checker;
use nqtrack_domain::period::Period;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::task::{
    Confidentiality, Field, Priority, TEXT_MAX, TITLE_MAX, TaskCode, TaskKind, TaskSource, check_child_deadline,
    check_deadline, check_unit_below, optional_text, required_text,
};
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{DeadlineChange, NewTask, Task, Tx, Unit};
use serde::Deserialize;
use uuid::Uuid;

use super::{check_not_cancelled, load_task, save};
use crate::audit::{Change, snapshot};
use crate::units::live_unit;
use crate::{App, AppError, Result};

/// A task as typed in a form, an API call or a spreadsheet row; everything is text until checked.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskInput {
    /// Empty: made from the assigning unit's code, the year and a number.
    pub code: String,
    pub title: String,
    pub content: String,
    /// `document`, `meeting` or `own`; empty: `document` when a document is given, else `own`.
    pub source: String,
    pub document_id: Option<Uuid>,
    pub clause: String,
    pub assigner_id: Option<Uuid>,
    pub presiding_id: Option<Uuid>,
    pub coordinator_ids: Vec<Uuid>,
    /// A member of a steering committee of the assigning unit or above.
    pub leader_id: Option<Uuid>,
    /// Empty: a deadline task.
    pub kind: String,
    /// dd/mm/yyyy or ISO; empty: today.
    pub assigned_on: String,
    /// dd/mm/yyyy or ISO. For a recurring task, the last day of the series.
    pub deadline: String,
    /// Instead of a date: this many working days after assignment (holidays excluded).
    pub working_days: Option<u32>,
    pub product: String,
    pub key_results: String,
    pub field: String,
    pub priority: String,
    pub confidentiality: String,
    /// Let tasks cascaded from this one fall due after it.
    pub allow_later_children: bool,
}

/// Corrections to a task's own fields by its assigning unit; `None` keeps a field. `version` is the
/// version the editor read, so that a second editor gets a conflict instead of overwriting the first.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskChanges {
    /// Required: the version the editor read.
    pub version: Option<i32>,
    pub title: Option<String>,
    pub content: Option<String>,
    pub clause: Option<String>,
    pub product: Option<String>,
    pub key_results: Option<String>,
    pub field: Option<String>,
    pub priority: Option<String>,
    pub confidentiality: Option<String>,
    pub presiding_id: Option<Uuid>,
    pub coordinator_ids: Option<Vec<Uuid>>,
    pub leader_id: Option<Uuid>,
}

/// A new deadline set by the assigning unit, or a cancellation; both need a reason.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AdjustInput {
    /// The task version the editor saw; empty: do not check.
    pub version: Option<i32>,
    pub deadline: String,
    pub reason: String,
}

/// The checked parts of a [`TaskInput`] that do not need the database.
struct ValidFields {
    code: Option<TaskCode>,
    title: String,
    content: String,
    source: TaskSource,
    clause: String,
    kind: TaskKind,
    assigned_on: Date,
    deadline: Option<Date>,
    product: String,
    key_results: String,
    field: Field,
    priority: Priority,
    confidentiality: Confidentiality,
}

fn or_default<'a>(input: &'a str, default: &'a str) -> &'a str {
    if input.trim().is_empty() { default } else { input }
}

fn validate_fields(
    input: &TaskInput,
    today: Date,
    calendar: &nqtrack_domain::calendar::HolidayCalendar,
) -> Result<ValidFields, Invalid> {
    let mut checker = Checker::default();
    let code = if input.code.trim().is_empty() { None } else { checker.check(TaskCode::parse("code", &input.code)) };
    let title = checker.check(required_text("title", &input.title, TITLE_MAX));
    let content = checker.check(optional_text("content", &input.content, TEXT_MAX));
    let default_source = if input.document_id.is_some() { "document" } else { "own" };
    let source = checker.check(TaskSource::parse("source", or_default(&input.source, default_source)));
    if source == Some(TaskSource::Document) && input.document_id.is_none() {
        checker.push(FieldError::new("document_id", "required"));
    }
    let clause = checker.check(optional_text("clause", &input.clause, TITLE_MAX));
    let kind = checker.check(TaskKind::parse("kind", or_default(&input.kind, "deadline")));
    let assigned_on = if input.assigned_on.trim().is_empty() {
        Some(today)
    } else {
        checker.check(parse_date("assigned_on", &input.assigned_on))
    };
    let deadline = match (input.deadline.trim().is_empty(), input.working_days, assigned_on) {
        (true, Some(days), Some(assigned_on)) if days > 0 => Some(calendar.add_working_days(assigned_on, days)),
        (true, Some(_), _) => {
            checker.push(FieldError::new("working_days", "working-days-positive"));
            None
        }
        (true, None, _) => None,
        (false, _, _) => checker.check(parse_date("deadline", &input.deadline)),
    };
    if kind.is_some_and(|k| k != TaskKind::Regular) && deadline.is_none() && input.deadline.trim().is_empty() {
        checker.push(FieldError::new("deadline", "required"));
    }
    if let (Some(assigned_on), Some(deadline)) = (assigned_on, deadline) {
        checker.check(check_deadline(assigned_on, deadline));
    }
    let product = checker.check(optional_text("product", &input.product, TEXT_MAX));
    let key_results = checker.check(optional_text("key_results", &input.key_results, TEXT_MAX));
    let field = checker.check(Field::parse("field", or_default(&input.field, "other")));
    let priority = checker.check(Priority::parse("priority", or_default(&input.priority, "normal")));
    let confidentiality =
        checker.check(Confidentiality::parse("confidentiality", or_default(&input.confidentiality, "internal")));
    checker.finish()?;
    match (title, content, source, clause, kind, assigned_on, product, key_results, field, priority, confidentiality) {
        (
            Some(title),
            Some(content),
            Some(source),
            Some(clause),
            Some(kind),
            Some(assigned_on),
            Some(product),
            Some(key_results),
            Some(field),
            Some(priority),
            Some(confidentiality),
        ) => Ok(ValidFields {
            code,
            title,
            content,
            source,
            clause,
            kind,
            assigned_on,
            deadline: if kind == TaskKind::Regular { None } else { deadline },
            product,
            key_results,
            field,
            priority,
            confidentiality,
        }),
        _ => Err(Invalid(Vec::new())),
    }
}

/// Checks the units, document and leader of a task against the assigning unit.
pub(crate) async fn check_people_and_units(
    tx: &mut Tx,
    assigner: &Unit,
    presiding_id: Option<Uuid>,
    coordinator_ids: &[Uuid],
    leader_id: Option<Uuid>,
    document_id: Option<Uuid>,
) -> Result<(Unit, Vec<(Uuid, nqtrack_domain::unit::UnitPath)>)> {
    let mut checker = Checker::default();
    let presiding = match presiding_id {
        Some(id) => match live_unit(tx, id, "presiding_id").await {
            Ok(unit) => {
                checker.check(check_unit_below("presiding_id", &assigner.path, &unit.path, false)).map(|_| unit)
            }
            Err(AppError::Invalid(invalid)) => {
                invalid.0.into_iter().for_each(|e| checker.push(e));
                None
            }
            Err(other) => return Err(other),
        },
        None => {
            checker.push(FieldError::new("presiding_id", "required"));
            None
        }
    };
    let mut coordinators = Vec::new();
    for id in coordinator_ids {
        if Some(*id) == presiding_id {
            checker.push(FieldError::new("coordinator_ids", "coordinator-is-presiding"));
            continue;
        }
        match live_unit(tx, *id, "coordinator_ids").await {
            Ok(unit) => {
                if checker.check(check_unit_below("coordinator_ids", &assigner.path, &unit.path, false)).is_some()
                    && !coordinators.iter().any(|(c, _)| c == id)
                {
                    coordinators.push((unit.id, unit.path));
                }
            }
            Err(AppError::Invalid(invalid)) => invalid.0.into_iter().for_each(|e| checker.push(e)),
            Err(other) => return Err(other),
        }
    }
    if let Some(leader_id) = leader_id {
        let member = tx.committee_member(leader_id).await?;
        let member_unit = match &member {
            Some(member) => tx.unit(member.unit_id).await?,
            None => None,
        };
        // The leader sits on the committee of the assigning unit or of a unit above it.
        if !member_unit.is_some_and(|unit| assigner.path.is_within(&unit.path)) {
            checker.push(FieldError::new("leader_id", "leader-not-member"));
        }
    }
    if let Some(document_id) = document_id
        && tx.document(document_id).await?.is_none()
    {
        checker.push(FieldError::new("document_id", "not-found"));
    }
    checker.finish()?;
    let presiding = presiding.ok_or_else(|| Invalid::one("presiding_id", "required"))?;
    Ok((presiding, coordinators))
}

/// A code made from the assigning unit's code, the year and the next free number: `08-2026-001`.
async fn next_code(tx: &mut Tx, assigner: &Unit, year: i16) -> Result<String> {
    let prefix = format!("{}-{year}-", assigner.code);
    let mut number = tx.count_task_codes(&prefix).await? + 1;
    loop {
        let code = format!("{prefix}{number:03}");
        if tx.task_by_code(&code).await?.is_none() {
            return Ok(code);
        }
        number += 1;
    }
}

/// Assigns a task inside the caller's transaction (an import assigns many in one), writing the task,
/// the occurrences of a recurring one, and the audit entry. Returns the task (the series for a
/// recurring one).
pub(crate) async fn assign_in_tx(
    tx: &mut Tx,
    actor: &Actor,
    input: &TaskInput,
    today: Date,
    now: jiff::Timestamp,
) -> Result<Task> {
    let assigner_id = input.assigner_id.ok_or_else(|| Invalid::one("assigner_id", "required"))?;
    let assigner = live_unit(tx, assigner_id, "assigner_id").await?;
    policy::authorize(actor, Action::ManageTasks, &assigner.path)?;
    let calendar = crate::holidays::calendar(tx).await?;
    let fields = validate_fields(input, today, &calendar);
    let units = check_people_and_units(
        tx,
        &assigner,
        input.presiding_id,
        &input.coordinator_ids,
        input.leader_id,
        input.document_id,
    )
    .await;
    let (fields, (presiding, coordinators)) = match (fields, units) {
        (Ok(fields), Ok(units)) => (fields, units),
        (Err(mut a), Err(AppError::Invalid(b))) => {
            a.0.extend(b.0);
            return Err(a.into());
        }
        (Err(a), _) => return Err(a.into()),
        (_, Err(b)) => return Err(b),
    };
    let code = match &fields.code {
        Some(code) => code.as_str().to_owned(),
        None => next_code(tx, &assigner, fields.assigned_on.year()).await?,
    };
    let task = Task {
        id: Uuid::now_v7(),
        code,
        title: fields.title,
        content: fields.content,
        source: fields.source,
        document_id: input.document_id,
        clause: fields.clause,
        assigner_id: assigner.id,
        assigner_path: assigner.path.clone(),
        presiding_id: presiding.id,
        presiding_path: presiding.path.clone(),
        leader_id: input.leader_id,
        kind: fields.kind,
        parent_id: None,
        series_id: None,
        period_label: None,
        assigned_on: fields.assigned_on,
        deadline_working_days: input.working_days.filter(|_| input.deadline.trim().is_empty()).map(|d| d as i32),
        original_deadline: fields.deadline,
        deadline: fields.deadline,
        deadline_changed_on: None,
        product: fields.product,
        key_results: fields.key_results,
        field: fields.field,
        priority: fields.priority,
        confidentiality: fields.confidentiality,
        allow_later_children: input.allow_later_children,
        progress_percent: 0,
        progress_on: None,
        last_reported_on: None,
        completed_on: None,
        completion_state: None,
        completion_changed_on: None,
        cancelled_on: None,
        cancel_reason: String::new(),
        version: 1,
        created_by: actor.user_id(),
        created_at: now,
        updated_at: now,
    };
    let occurrences = occurrences_of(&task);
    let mut new: Vec<NewTask> = vec![NewTask { task: &task, coordinators: &coordinators }];
    new.extend(occurrences.iter().map(|occurrence| NewTask { task: occurrence, coordinators: &coordinators }));
    tx.insert_tasks(&new).await?;
    Change {
        action: "task.assign",
        object_type: "task",
        object_id: task.id.to_string(),
        unit_path: Some(&task.presiding_path),
        before: None,
        after: snapshot(&serde_json::json!({ "task": &task, "coordinators": coordinators.iter().map(|(id, _)| id).collect::<Vec<_>>(), "occurrences": occurrences.len() })),
    }
    .record(tx, actor, now)
    .await?;
    Ok(task)
}

/// One deadline task per period for a recurring task, from the period of assignment to the period of
/// the series' last day, each due on its period's last day.
fn occurrences_of(series: &Task) -> Vec<Task> {
    let (Some(periodicity), Some(until)) = (series.kind.recurrence(), series.deadline) else {
        return Vec::new();
    };
    let mut period = Period::containing(periodicity, series.assigned_on);
    let mut occurrences = Vec::new();
    while period.start() <= until {
        let deadline = period.end().min(until);
        let assigned_on = period.start().max(series.assigned_on);
        occurrences.push(Task {
            id: Uuid::now_v7(),
            code: format!("{}-{}", series.code, period.label()),
            kind: TaskKind::Deadline,
            series_id: Some(series.id),
            period_label: Some(period.label()),
            assigned_on,
            original_deadline: Some(deadline),
            deadline: Some(deadline),
            ..series.clone()
        });
        period = period.next();
    }
    occurrences
}

impl App {
    pub async fn assign_task(&self, actor: &Actor, input: TaskInput) -> Result<Task> {
        let mut tx = self.store.write().await?;
        let task = assign_in_tx(&mut tx, actor, &input, self.today(), self.clock.now()).await?;
        tx.commit().await?;
        Ok(task)
    }

    /// Edits a task's own fields; recorded with the values before and after.
    pub async fn update_task(&self, actor: &Actor, id: Uuid, changes: TaskChanges) -> Result<Task> {
        let mut tx = self.store.write().await?;
        let before = load_task(&mut tx, id).await?;
        policy::authorize(actor, Action::ManageTasks, &before.assigner_path)?;
        check_not_cancelled(&before)?;
        let version = changes.version.ok_or_else(|| Invalid::one("version", "required"))?;
        let assigner = live_unit(&mut tx, before.assigner_id, "assigner_id").await?;
        let mut checker = Checker::default();
        let text =
            |checker: &mut Checker, field: &str, value: &Option<String>, old: &str, max: usize, required| match value {
                Some(value) if required => checker.check(required_text(field, value, max)),
                Some(value) => checker.check(optional_text(field, value, max)),
                None => Some(old.to_owned()),
            };
        let title = text(&mut checker, "title", &changes.title, &before.title, TITLE_MAX, true);
        let content = text(&mut checker, "content", &changes.content, &before.content, TEXT_MAX, false);
        let clause = text(&mut checker, "clause", &changes.clause, &before.clause, TITLE_MAX, false);
        let product = text(&mut checker, "product", &changes.product, &before.product, TEXT_MAX, false);
        let key_results = text(&mut checker, "key_results", &changes.key_results, &before.key_results, TEXT_MAX, false);
        let field = changes.field.as_deref().map_or(Some(before.field), |f| checker.check(Field::parse("field", f)));
        let priority = changes
            .priority
            .as_deref()
            .map_or(Some(before.priority), |p| checker.check(Priority::parse("priority", p)));
        let confidentiality = changes
            .confidentiality
            .as_deref()
            .map_or(Some(before.confidentiality), |c| checker.check(Confidentiality::parse("confidentiality", c)));
        checker.finish()?;
        let old_coordinators: Vec<Uuid> = tx.task_coordinators(id).await?.into_iter().map(|u| u.id).collect();
        let coordinator_ids = changes.coordinator_ids.clone().unwrap_or_else(|| old_coordinators.clone());
        let (presiding, coordinators) = check_people_and_units(
            &mut tx,
            &assigner,
            Some(changes.presiding_id.unwrap_or(before.presiding_id)),
            &coordinator_ids,
            changes.leader_id.or(before.leader_id),
            None,
        )
        .await?;
        let now = self.clock.now();
        let (Some(title), Some(content), Some(clause), Some(product), Some(key_results)) =
            (title, content, clause, product, key_results)
        else {
            return Err(Invalid(Vec::new()).into());
        };
        let mut after = Task {
            title,
            content,
            clause,
            product,
            key_results,
            field: field.unwrap_or(before.field),
            priority: priority.unwrap_or(before.priority),
            confidentiality: confidentiality.unwrap_or(before.confidentiality),
            presiding_id: presiding.id,
            presiding_path: presiding.path.clone(),
            leader_id: changes.leader_id.or(before.leader_id),
            updated_at: now,
            ..before.clone()
        };
        save(&mut tx, &mut after, version).await?;
        if changes.coordinator_ids.is_some() {
            tx.set_task_coordinators(id, &coordinators).await?;
        }
        Change {
            action: "task.update",
            object_type: "task",
            object_id: id.to_string(),
            unit_path: Some(&after.presiding_path),
            before: snapshot(&serde_json::json!({ "task": &before, "coordinators": old_coordinators })),
            after: snapshot(&serde_json::json!({ "task": &after, "coordinators": coordinators.iter().map(|(id, _)| id).collect::<Vec<_>>() })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The assigning unit sets a new deadline, with a reason; the old one stays in the history.
    pub async fn adjust_deadline(&self, actor: &Actor, id: Uuid, input: AdjustInput) -> Result<Task> {
        let mut tx = self.store.write().await?;
        let before = load_task(&mut tx, id).await?;
        policy::authorize(actor, Action::ManageTasks, &before.assigner_path)?;
        check_not_cancelled(&before)?;
        let mut checker = Checker::default();
        let deadline = checker.check(parse_date("deadline", &input.deadline));
        let reason = checker.check(required_text("reason", &input.reason, TEXT_MAX));
        if before.kind == TaskKind::Regular {
            checker.push(FieldError::new("deadline", "regular-has-no-deadline"));
        }
        if let Some(deadline) = deadline {
            checker.check(check_deadline(before.assigned_on, deadline));
            // A cascaded task stays within its parent's deadline, as when it was cascaded.
            if let Some(parent_id) = before.parent_id {
                let parent = load_task(&mut tx, parent_id).await?;
                checker.check(check_child_deadline(parent.deadline, Some(deadline), parent.allow_later_children));
            }
        }
        checker.finish()?;
        let (Some(deadline), Some(reason)) = (deadline, reason) else { return Err(Invalid(Vec::new()).into()) };
        let today = self.today();
        let now = self.clock.now();
        let mut after = change_deadline(&mut tx, &before, deadline, "adjustment", today, now).await?;
        save(&mut tx, &mut after, input.version.unwrap_or(before.version)).await?;
        Change {
            action: "task.adjust_deadline",
            object_type: "task",
            object_id: id.to_string(),
            unit_path: Some(&after.presiding_path),
            before: snapshot(&serde_json::json!({ "deadline": before.deadline })),
            after: snapshot(&serde_json::json!({ "deadline": deadline, "reason": reason })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Cancels a task with a reason: it leaves the counts from today on but stays on record.
    pub async fn cancel_task(&self, actor: &Actor, id: Uuid, input: AdjustInput) -> Result<Task> {
        let mut tx = self.store.write().await?;
        let before = load_task(&mut tx, id).await?;
        policy::authorize(actor, Action::ManageTasks, &before.assigner_path)?;
        check_not_cancelled(&before)?;
        let reason = required_text("reason", &input.reason, TEXT_MAX)?;
        let now = self.clock.now();
        let mut after =
            Task { cancelled_on: Some(self.today()), cancel_reason: reason, updated_at: now, ..before.clone() };
        save(&mut tx, &mut after, input.version.unwrap_or(before.version)).await?;
        Change {
            action: "task.cancel",
            object_type: "task",
            object_id: id.to_string(),
            unit_path: Some(&after.presiding_path),
            before: None,
            after: snapshot(&serde_json::json!({ "cancelled_on": after.cancelled_on, "reason": after.cancel_reason })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}

/// Puts a new deadline in force from `today`, keeping the old one in the history.
pub(crate) async fn change_deadline(
    tx: &mut Tx,
    task: &Task,
    deadline: Date,
    cause: &str,
    today: Date,
    now: jiff::Timestamp,
) -> Result<Task> {
    tx.insert_deadline_change(&DeadlineChange {
        id: Uuid::now_v7(),
        task_id: task.id,
        effective_on: today,
        deadline,
        cause: cause.to_owned(),
        created_at: now,
    })
    .await?;
    Ok(Task { deadline: Some(deadline), deadline_changed_on: Some(today), updated_at: now, ..task.clone() })
}
