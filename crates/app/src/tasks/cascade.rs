//! Cascade: the unit that received a task breaks it down for units below it, one by one or all at once.

use nqtrack_domain::audit::AuditEvent;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::policy::{self, Action, Actor, Scope};
use nqtrack_domain::task::{TEXT_MAX, TITLE_MAX, TaskKind, check_child_deadline, check_deadline, optional_text};
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{Liveness, NewTask, Task, Unit};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{check_not_cancelled, load_task};
use crate::audit::{Change, snapshot};
use crate::units::live_unit;
use crate::{App, Result};

/// Which units below the receiving unit get a child task.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum CascadeTargets {
    /// These units, each in the receiving unit's subtree.
    Units { unit_ids: Vec<Uuid> },
    /// Every live unit of this level in the subtree ("every commune of this province").
    Level { level: String },
    /// Every live unit of this kind in the subtree ("every department").
    Kind { kind: String },
}

#[derive(Debug, Clone, Deserialize)]
pub struct CascadeInput {
    pub targets: CascadeTargets,
    /// Empty: the parent's title.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub content: String,
    /// Empty: the parent's deadline.
    #[serde(default)]
    pub deadline: String,
    /// Allow a child deadline after the parent's; only when the parent allows it.
    #[serde(default)]
    pub allow_later: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CascadeOutcome {
    pub created: usize,
    /// Units that already had a task cascaded from this one: skipped, not duplicated.
    pub skipped: Vec<String>,
}

impl App {
    pub async fn cascade_task(&self, actor: &Actor, parent_id: Uuid, input: CascadeInput) -> Result<CascadeOutcome> {
        let mut tx = self.store.write().await?;
        let parent = load_task(&mut tx, parent_id).await?;
        // The receiving (presiding) unit breaks the task down; it becomes the children's assigner.
        policy::authorize(actor, Action::ManageTasks, &parent.presiding_path)?;
        check_not_cancelled(&parent)?;
        if parent.kind.recurrence().is_some() {
            return Err(FieldError::new("task", "cascade-series").into());
        }
        let receiver = live_unit(&mut tx, parent.presiding_id, "presiding_id").await?;
        let today = self.today();
        let title = if input.title.trim().is_empty() {
            parent.title.clone()
        } else {
            optional_text("title", &input.title, TITLE_MAX)?
        };
        let content = if input.content.trim().is_empty() {
            parent.content.clone()
        } else {
            optional_text("content", &input.content, TEXT_MAX)?
        };
        let deadline = match (input.deadline.trim().is_empty(), parent.kind) {
            (_, TaskKind::Regular) => None,
            (true, _) => parent.deadline,
            (false, _) => {
                let deadline = parse_date("deadline", &input.deadline)?;
                check_deadline(today, deadline)?;
                check_child_deadline(
                    parent.deadline,
                    Some(deadline),
                    parent.allow_later_children && input.allow_later,
                )?;
                Some(deadline)
            }
        };
        let targets = self.cascade_targets(&mut tx, &receiver, &input.targets).await?;
        if targets.is_empty() {
            return Err(Invalid::one("targets", "no-units").into());
        }
        let existing: Vec<Uuid> = tx.child_tasks(parent.id).await?.iter().map(|t| t.presiding_id).collect();
        let now = self.clock.now();
        let mut skipped = Vec::new();
        let mut children = Vec::new();
        for unit in &targets {
            if existing.contains(&unit.id) {
                skipped.push(unit.code.clone());
                continue;
            }
            children.push(Task {
                id: Uuid::now_v7(),
                code: format!("{}.{}", parent.code, unit.code),
                title: title.clone(),
                content: content.clone(),
                assigner_id: receiver.id,
                assigner_path: receiver.path.clone(),
                presiding_id: unit.id,
                presiding_path: unit.path.clone(),
                leader_id: None,
                parent_id: Some(parent.id),
                assigned_on: today.max(parent.assigned_on),
                deadline_working_days: None,
                original_deadline: deadline,
                deadline,
                deadline_changed_on: None,
                allow_later_children: false,
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
                ..parent.clone()
            });
        }
        let new: Vec<NewTask> = children.iter().map(|task| NewTask { task, coordinators: &[] }).collect();
        tx.insert_tasks(&new).await?;
        let events = children
            .iter()
            .map(|child| AuditEvent {
                actor_id: actor.user_id(),
                actor_name: actor.display_name(),
                action: "task.cascade".to_owned(),
                object_type: "task".to_owned(),
                object_id: child.id.to_string(),
                unit_path: Some(child.presiding_path.as_str().to_owned()),
                before: None,
                after: snapshot(child),
            })
            .collect();
        tx.append_audit_batch(events, now).await?;
        Change {
            action: "task.cascade",
            object_type: "task",
            object_id: parent.id.to_string(),
            unit_path: Some(&parent.presiding_path),
            before: None,
            after: snapshot(
                &serde_json::json!({ "children": children.len(), "skipped": skipped, "deadline": deadline }),
            ),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(CascadeOutcome { created: children.len(), skipped })
    }

    async fn cascade_targets(
        &self,
        tx: &mut nqtrack_store::Tx,
        receiver: &Unit,
        targets: &CascadeTargets,
    ) -> Result<Vec<Unit>> {
        let below = |unit: &Unit| unit.path.is_within(&receiver.path) && unit.id != receiver.id && unit.is_live();
        match targets {
            CascadeTargets::Units { unit_ids } => {
                let mut units = Vec::new();
                for id in unit_ids {
                    let unit = live_unit(tx, *id, "unit_ids").await?;
                    if !below(&unit) {
                        return Err(FieldError::new("unit_ids", "unit-outside-assigner")
                            .with_arg("unit", &unit.code)
                            .into());
                    }
                    units.push(unit);
                }
                Ok(units)
            }
            CascadeTargets::Level { level } => {
                let level = Level::parse("level", level)?;
                let units = tx.subtree(&receiver.path, &Scope::Everything, Liveness::Live, i64::MAX, 0).await?;
                Ok(units.into_iter().filter(|u| below(u) && u.level == level).collect())
            }
            CascadeTargets::Kind { kind } => {
                let kind = UnitKind::parse("kind", kind)?;
                let units = tx.subtree(&receiver.path, &Scope::Everything, Liveness::Live, i64::MAX, 0).await?;
                Ok(units.into_iter().filter(|u| below(u) && u.kind == kind).collect())
            }
        }
    }
}
