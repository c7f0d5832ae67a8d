//! What the presiding and coordinating units report (progress, completion, extension requests) and
//! what the assigning unit decides (confirm or return a completion, approve or refuse an extension).

use nqtrack_domain::FieldError;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::task::{
    CompletionState, ExtensionState, ProgressKind, TEXT_MAX, TaskKind, check_extension_request, check_progress,
    optional_text, required_text,
};
use nqtrack_store::{Completion, Extension, ProgressReport, Task};
use serde::Deserialize;
use uuid::Uuid;

use super::assign::change_deadline;
use super::evidence::{EvidenceInput, check_evidence_with, store_evidence};
use super::{check_not_cancelled, load_task, save};
use crate::audit::{Change, snapshot};
use crate::{App, AppError, Result};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProgressInput {
    /// The unit reporting: the presiding unit (a progress report) or a coordinating unit (a
    /// contribution). Empty: the presiding unit.
    pub unit_id: Option<Uuid>,
    /// 0–100; empty keeps the last percent.
    pub percent: Option<i64>,
    pub done: String,
    pub difficulties: String,
    pub proposals: String,
    /// Needed when the percent goes down.
    pub backwards_reason: String,
    #[serde(flatten)]
    pub evidence: EvidenceInput,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CompletionInput {
    /// The task version the reporter saw; empty: do not check.
    pub version: Option<i32>,
    pub product: String,
    pub note: String,
    #[serde(flatten)]
    pub evidence: EvidenceInput,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExtensionInput {
    pub requested_deadline: String,
    pub reason: String,
}

/// The assigning unit's decision; a reason is required to return or refuse.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    /// The task version the decider saw; empty: do not check.
    pub version: Option<i32>,
    pub approve: bool,
    pub reason: String,
}

impl App {
    pub async fn report_progress(&self, actor: &Actor, task_id: Uuid, input: ProgressInput) -> Result<ProgressReport> {
        let mut tx = self.store.write().await?;
        let task = load_task(&mut tx, task_id).await?;
        let unit_id = input.unit_id.unwrap_or(task.presiding_id);
        let kind = if unit_id == task.presiding_id {
            ProgressKind::Progress
        } else if tx.task_coordinators(task_id).await?.iter().any(|u| u.id == unit_id) {
            ProgressKind::Contribution
        } else {
            return Err(FieldError::new("unit_id", "not-involved").into());
        };
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ReportTasks, &unit.path)?;
        check_not_cancelled(&task)?;
        if task.kind.recurrence().is_some() {
            return Err(FieldError::new("task", "report-on-occurrence").into());
        }
        let mut checker = nqtrack_domain::error::Checker::default();
        let previous = task.progress_percent.clamp(0, 100) as u8;
        let percent = match (kind, input.percent) {
            (ProgressKind::Progress, Some(percent)) => {
                checker.check(check_progress(previous, percent, &input.backwards_reason))
            }
            (ProgressKind::Progress, None) => Some(previous),
            (ProgressKind::Contribution, _) => None,
        };
        let done = checker.check(required_text("done", &input.done, TEXT_MAX));
        let difficulties = checker.check(optional_text("difficulties", &input.difficulties, TEXT_MAX));
        let proposals = checker.check(optional_text("proposals", &input.proposals, TEXT_MAX));
        let evidence = check_evidence_with(&mut checker, &input.evidence, self.settings.evidence_max_bytes);
        if task.completed_on.is_some() && kind == ProgressKind::Progress {
            checker.push(FieldError::new("task", "already-completed"));
        }
        checker.finish()?;
        let (Some(done), Some(difficulties), Some(proposals)) = (done, difficulties, proposals) else {
            return Err(nqtrack_domain::Invalid(Vec::new()).into());
        };
        let today = self.today();
        let now = self.clock.now();
        let report = ProgressReport {
            id: Uuid::now_v7(),
            task_id,
            unit_id,
            kind,
            reported_on: today,
            percent: percent.map(i32::from),
            done,
            difficulties,
            proposals,
            backwards_reason: optional_text("backwards_reason", &input.backwards_reason, TEXT_MAX)?,
            reported_by: actor.user_id(),
            created_at: now,
        };
        tx.insert_progress(&report).await?;
        let attachments = store_evidence(&mut tx, "progress", report.id, evidence, actor.user_id(), now).await?;
        if let Some(percent) = percent {
            let mut after = Task {
                progress_percent: i32::from(percent),
                progress_on: Some(today),
                last_reported_on: Some(today),
                updated_at: now,
                ..task.clone()
            };
            save(&mut tx, &mut after, task.version).await?;
        }
        Change {
            action: if kind == ProgressKind::Progress { "task.progress" } else { "task.contribution" },
            object_type: "task",
            object_id: task_id.to_string(),
            unit_path: Some(&task.presiding_path),
            before: None,
            after: snapshot(&serde_json::json!({ "report": &report, "evidence": attachments })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    /// The presiding unit reports the task done; it counts as completed (awaiting confirmation) from today.
    pub async fn report_completion(&self, actor: &Actor, task_id: Uuid, input: CompletionInput) -> Result<Completion> {
        let mut tx = self.store.write().await?;
        let task = load_task(&mut tx, task_id).await?;
        policy::authorize(actor, Action::ReportTasks, &task.presiding_path)?;
        check_not_cancelled(&task)?;
        if task.kind != TaskKind::Deadline {
            return Err(FieldError::new("task", "completion-needs-deadline-task").into());
        }
        if task.completed_on.is_some() {
            return Err(FieldError::new("task", "already-completed").into());
        }
        let mut checker = nqtrack_domain::error::Checker::default();
        let product = checker.check(required_text("product", &input.product, TEXT_MAX));
        let note = checker.check(optional_text("note", &input.note, TEXT_MAX));
        let evidence = check_evidence_with(&mut checker, &input.evidence, self.settings.evidence_max_bytes);
        checker.finish()?;
        let (Some(product), Some(note)) = (product, note) else {
            return Err(nqtrack_domain::Invalid(Vec::new()).into());
        };
        let today = self.today();
        let now = self.clock.now();
        let completion = Completion {
            id: Uuid::now_v7(),
            task_id,
            reported_on: today,
            product,
            note,
            reported_by: actor.user_id(),
            state: CompletionState::Awaiting,
            decided_on: None,
            decided_by: None,
            decision_reason: String::new(),
            created_at: now,
        };
        tx.insert_completion(&completion).await?;
        let attachments = store_evidence(&mut tx, "completion", completion.id, evidence, actor.user_id(), now).await?;
        let mut after = Task {
            completed_on: Some(today),
            completion_state: Some(CompletionState::Awaiting),
            progress_percent: 100,
            updated_at: now,
            ..task.clone()
        };
        save(&mut tx, &mut after, input.version.unwrap_or(task.version)).await?;
        Change {
            action: "task.complete",
            object_type: "task",
            object_id: task_id.to_string(),
            unit_path: Some(&task.presiding_path),
            before: None,
            after: snapshot(&serde_json::json!({ "completion": &completion, "evidence": attachments })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(completion)
    }

    /// The assigning unit confirms the completion awaiting confirmation, or returns it with a reason
    /// (the task is then in progress again, judged as if never completed from the day of return).
    pub async fn decide_completion(&self, actor: &Actor, task_id: Uuid, input: DecisionInput) -> Result<Completion> {
        let mut tx = self.store.write().await?;
        let task = load_task(&mut tx, task_id).await?;
        policy::authorize(actor, Action::DecideTasks, &task.assigner_path)?;
        check_not_cancelled(&task)?;
        let awaiting = tx
            .completions(task_id)
            .await?
            .into_iter()
            .rfind(|c| c.state == CompletionState::Awaiting)
            .ok_or_else(|| FieldError::new("task", "no-completion-awaiting"))?;
        let reason = if input.approve {
            optional_text("reason", &input.reason, TEXT_MAX)?
        } else {
            required_text("reason", &input.reason, TEXT_MAX)?
        };
        let today = self.today();
        let now = self.clock.now();
        let state = if input.approve { CompletionState::Confirmed } else { CompletionState::Returned };
        let decided = Completion {
            state,
            decided_on: Some(today),
            decided_by: actor.user_id(),
            decision_reason: reason,
            ..awaiting
        };
        if !tx.decide_completion(&decided).await? {
            return Err(AppError::Conflict(nqtrack_domain::Invalid::one("version", "edit-conflict")));
        }
        let mut after = if input.approve {
            Task { completion_state: Some(CompletionState::Confirmed), updated_at: now, ..task.clone() }
        } else {
            Task {
                completed_on: None,
                completion_state: Some(CompletionState::Returned),
                completion_changed_on: Some(today),
                progress_percent: task.progress_percent.min(99),
                updated_at: now,
                ..task.clone()
            }
        };
        save(&mut tx, &mut after, input.version.unwrap_or(task.version)).await?;
        Change {
            action: if input.approve { "task.confirm" } else { "task.return" },
            object_type: "task",
            object_id: task_id.to_string(),
            unit_path: Some(&task.presiding_path),
            before: None,
            after: snapshot(&decided),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(decided)
    }

    /// The presiding unit asks for a later deadline, before the deadline in force has passed.
    pub async fn request_extension(&self, actor: &Actor, task_id: Uuid, input: ExtensionInput) -> Result<Extension> {
        let mut tx = self.store.write().await?;
        let task = load_task(&mut tx, task_id).await?;
        policy::authorize(actor, Action::ReportTasks, &task.presiding_path)?;
        check_not_cancelled(&task)?;
        let in_force = task.deadline.ok_or_else(|| FieldError::new("task", "regular-has-no-deadline"))?;
        if task.completed_on.is_some() {
            return Err(FieldError::new("task", "already-completed").into());
        }
        if tx.extensions(task_id).await?.iter().any(|e| e.state == ExtensionState::Pending) {
            return Err(FieldError::new("task", "extension-pending").into());
        }
        let mut checker = nqtrack_domain::error::Checker::default();
        let requested = checker.check(parse_date("requested_deadline", &input.requested_deadline));
        let reason = checker.check(required_text("reason", &input.reason, TEXT_MAX));
        let today = self.today();
        if let Some(requested) = requested {
            checker.check(check_extension_request(today, in_force, requested));
        }
        checker.finish()?;
        let (Some(requested), Some(reason)) = (requested, reason) else {
            return Err(nqtrack_domain::Invalid(Vec::new()).into());
        };
        let now = self.clock.now();
        let extension = Extension {
            id: Uuid::now_v7(),
            task_id,
            requested_on: today,
            current_deadline: in_force,
            requested_deadline: requested,
            reason,
            requested_by: actor.user_id(),
            state: ExtensionState::Pending,
            decided_on: None,
            decided_by: None,
            decision_note: String::new(),
            created_at: now,
        };
        tx.insert_extension(&extension).await?;
        Change {
            action: "task.extension_request",
            object_type: "task",
            object_id: task_id.to_string(),
            unit_path: Some(&task.presiding_path),
            before: None,
            after: snapshot(&extension),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(extension)
    }

    /// The assigning unit approves (the new deadline is in force from today) or refuses an extension.
    pub async fn decide_extension(
        &self,
        actor: &Actor,
        task_id: Uuid,
        extension_id: Uuid,
        input: DecisionInput,
    ) -> Result<Extension> {
        let mut tx = self.store.write().await?;
        let task = load_task(&mut tx, task_id).await?;
        policy::authorize(actor, Action::DecideTasks, &task.assigner_path)?;
        check_not_cancelled(&task)?;
        let pending = tx
            .extensions(task_id)
            .await?
            .into_iter()
            .find(|e| e.id == extension_id)
            .ok_or(AppError::NotFound("extension"))?;
        if pending.state != ExtensionState::Pending {
            return Err(FieldError::new("extension", "already-decided").into());
        }
        let note = if input.approve {
            optional_text("reason", &input.reason, TEXT_MAX)?
        } else {
            required_text("reason", &input.reason, TEXT_MAX)?
        };
        let today = self.today();
        let now = self.clock.now();
        let decided = Extension {
            state: if input.approve { ExtensionState::Approved } else { ExtensionState::Refused },
            decided_on: Some(today),
            decided_by: actor.user_id(),
            decision_note: note,
            ..pending
        };
        if !tx.decide_extension(&decided).await? {
            return Err(AppError::Conflict(nqtrack_domain::Invalid::one("version", "edit-conflict")));
        }
        if input.approve {
            let mut after =
                change_deadline(&mut tx, &task, decided.requested_deadline, "extension", today, now).await?;
            save(&mut tx, &mut after, input.version.unwrap_or(task.version)).await?;
        }
        Change {
            action: if input.approve { "task.extension_approve" } else { "task.extension_refuse" },
            object_type: "task",
            object_id: task_id.to_string(),
            unit_path: Some(&task.presiding_path),
            before: None,
            after: snapshot(&decided),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(decided)
    }
}
