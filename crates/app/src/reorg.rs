//! Merging, splitting and renaming units. Old units are closed, never deleted: they keep their
//! history and point to their successors, and what they held moves to the successor.

use jiff::civil::Date;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::error::Checker;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::reorg::{Participant, ReorgKind, check_merge, check_rename, check_split};
use nqtrack_domain::unit::Name;
use nqtrack_store::{Tx, Unit, UnitEvent};
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::units::{insert_unit_recorded, live_unit, validate_unit};
use crate::{App, AppError, Result};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MergeInput {
    pub source_ids: Vec<Uuid>,
    pub target_id: Uuid,
    pub effective_on: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SuccessorInput {
    pub code: String,
    pub name: String,
    pub kind: String,
    /// Codes of the source's direct sub-units that move to this successor.
    #[serde(default)]
    pub children: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SplitInput {
    pub source_id: Uuid,
    pub successors: Vec<SuccessorInput>,
    pub effective_on: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RenameInput {
    pub name: String,
    pub effective_on: String,
    #[serde(default)]
    pub reason: String,
}

fn participant(unit: &Unit) -> Participant {
    Participant { id: unit.id, level: unit.level, path: unit.path.clone(), dissolved_on: unit.dissolved_on }
}

fn reason_text(reason: &str) -> Result<String, nqtrack_domain::FieldError> {
    if reason.trim().is_empty() { Ok(String::new()) } else { Name::parse("reason", reason).map(String::from) }
}

impl App {
    /// Merges the sources into the target: their sub-units, accounts, roles and group memberships
    /// move to the target, and they are closed on the effective date.
    pub async fn merge_units(&self, actor: &Actor, input: MergeInput) -> Result<UnitEvent> {
        let mut checker = Checker::default();
        let effective_on = checker.check(parse_date("effective_on", &input.effective_on));
        let reason = checker.check(reason_text(&input.reason));
        let mut tx = self.store.write().await?;
        let target = tx.unit(input.target_id).await?.ok_or(AppError::NotFound("unit"))?;
        let mut sources = Vec::new();
        for id in &input.source_ids {
            sources.push(tx.unit(*id).await?.ok_or(AppError::NotFound("unit"))?);
        }
        for unit in sources.iter().chain([&target]) {
            policy::authorize(actor, Action::ManageUnits, &unit.path)?;
        }
        checker.finish()?;
        let (Some(effective_on), Some(reason)) = (effective_on, reason) else {
            return Err(AppError::Internal("validated input incomplete".into()));
        };
        let participants: Vec<Participant> = sources.iter().map(participant).collect();
        check_merge(&participants, &participant(&target), effective_on, self.today())?;
        let now = self.clock.now();
        let event = new_event(actor, ReorgKind::Merge, effective_on, reason, None, now);
        tx.insert_unit_event(&event).await?;
        for source in &sources {
            hand_over(&mut tx, source, &target, now).await?;
            close_unit(&mut tx, actor, source, &event, now).await?;
            tx.insert_lineage(event.id, source.id, target.id).await?;
        }
        Change {
            action: "unit.merge",
            object_type: "unit",
            object_id: target.id.to_string(),
            unit_path: Some(&target.path),
            before: None,
            after: snapshot(&serde_json::json!({
                "event": event.id, "effective_on": event.effective_on,
                "sources": sources.iter().map(|s| &s.code).collect::<Vec<_>>(), "target": target.code,
            })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    /// Splits a unit into new units at its level under the same parent; each direct sub-unit goes to
    /// the successor that lists it, or to the first one. Accounts and roles go to the first one.
    pub async fn split_unit(&self, actor: &Actor, input: SplitInput) -> Result<(UnitEvent, Vec<Unit>)> {
        let mut checker = Checker::default();
        let effective_on = checker.check(parse_date("effective_on", &input.effective_on));
        let reason = checker.check(reason_text(&input.reason));
        let mut tx = self.store.write().await?;
        let source = tx.unit(input.source_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ManageUnits, &source.path)?;
        let parent = match source.parent_id {
            Some(parent) => Some(live_unit(&mut tx, parent, "source_id").await?),
            None => None,
        };
        // The successors are created under the parent, so the actor needs the right to do that too.
        match &parent {
            Some(parent) => policy::authorize(actor, Action::ManageUnits, &parent.path)?,
            None => policy::authorize_system(actor)?,
        }
        let now = self.clock.now();
        let mut successors = Vec::new();
        for (i, successor) in input.successors.iter().enumerate() {
            match validate_unit(
                &successor.code,
                &successor.name,
                &successor.kind,
                source.level.as_str(),
                "",
                parent.as_ref().map(|p| p.level),
            ) {
                Ok(valid) => {
                    let id = Uuid::now_v7();
                    successors.push(Unit {
                        id,
                        code: valid.code.to_string(),
                        name: valid.name.into(),
                        kind: valid.kind,
                        level: valid.level,
                        parent_id: parent.as_ref().map(|p| p.id),
                        path: parent
                            .as_ref()
                            .map_or_else(|| nqtrack_domain::unit::UnitPath::root(id), |p| p.path.child(id)),
                        established_on: effective_on,
                        dissolved_on: None,
                        created_at: now,
                        updated_at: now,
                    });
                }
                Err(invalid) => invalid.0.into_iter().for_each(|mut e| {
                    e.field = format!("successors[{i}].{}", e.field);
                    checker.push(e);
                }),
            }
        }
        checker.finish()?;
        let (Some(effective_on), Some(reason)) = (effective_on, reason) else {
            return Err(AppError::Internal("validated input incomplete".into()));
        };
        check_split(&participant(&source), input.successors.len(), effective_on, self.today())?;
        let event = new_event(actor, ReorgKind::Split, effective_on, reason, None, now);
        tx.insert_unit_event(&event).await?;
        // Closed first, so a successor may carry the old code on.
        close_unit(&mut tx, actor, &source, &event, now).await?;
        for successor in &successors {
            insert_unit_recorded(&mut tx, actor, successor, "unit.create", now).await?;
            tx.insert_lineage(event.id, source.id, successor.id).await?;
        }
        let children = tx.children(source.id, nqtrack_store::Liveness::All).await?;
        for child in children {
            let index = input
                .successors
                .iter()
                .position(|s| s.children.iter().any(|c| c.trim() == child.unit.code))
                .unwrap_or(0);
            let successor = &successors[index];
            tx.move_subtree(child.unit.id, &child.unit.path, successor, now).await?;
        }
        let first = &successors[0];
        tx.move_users(source.id, first.id).await?;
        tx.move_grants(source.id, first.id).await?;
        tx.move_group_memberships(source.id, first.id).await?;
        Change {
            action: "unit.split",
            object_type: "unit",
            object_id: source.id.to_string(),
            unit_path: Some(&source.path),
            before: snapshot(&source),
            after: snapshot(&serde_json::json!({
                "event": event.id, "effective_on": event.effective_on,
                "successors": successors.iter().map(|s| &s.code).collect::<Vec<_>>(),
            })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok((event, successors))
    }

    /// Renames a unit from a date; its former name stays in its history and in reports before then.
    pub async fn rename_unit(&self, actor: &Actor, id: Uuid, input: RenameInput) -> Result<Unit> {
        let mut checker = Checker::default();
        let effective_on = checker.check(parse_date("effective_on", &input.effective_on));
        let name = checker.check(Name::parse("name", &input.name));
        let reason = checker.check(reason_text(&input.reason));
        let mut tx = self.store.write().await?;
        let unit = tx.unit(id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ManageUnits, &unit.path)?;
        checker.finish()?;
        let (Some(effective_on), Some(name), Some(reason)) = (effective_on, name, reason) else {
            return Err(AppError::Internal("validated input incomplete".into()));
        };
        check_rename(&participant(&unit), &unit.name, name.as_str(), effective_on, self.today())?;
        let now = self.clock.now();
        let mut event = new_event(actor, ReorgKind::Rename, effective_on, reason, Some(unit.id), now);
        event.old_name = Some(unit.name.clone());
        event.new_name = Some(name.as_str().to_owned());
        tx.insert_unit_event(&event).await?;
        let after = Unit { name: name.into(), updated_at: now, ..unit.clone() };
        tx.update_unit(&after).await?;
        Change::unit_edit("unit.rename", &unit, &after).record(&mut tx, actor, now).await?;
        tx.commit().await?;
        Ok(after)
    }
}

fn new_event(
    actor: &Actor,
    kind: ReorgKind,
    effective_on: Date,
    reason: String,
    unit_id: Option<Uuid>,
    at: jiff::Timestamp,
) -> UnitEvent {
    UnitEvent {
        id: Uuid::now_v7(),
        kind: kind.as_str().to_owned(),
        effective_on,
        reason,
        unit_id,
        old_name: None,
        new_name: None,
        actor_id: actor.user_id(),
        created_at: at,
    }
}

/// Moves what `from` holds to `to`: sub-units, accounts, roles and group memberships.
async fn hand_over(tx: &mut Tx, from: &Unit, to: &Unit, at: jiff::Timestamp) -> Result<()> {
    tx.move_descendants(from, to, at).await?;
    tx.move_users(from.id, to.id).await?;
    tx.move_grants(from.id, to.id).await?;
    tx.move_group_memberships(from.id, to.id).await?;
    Ok(())
}

async fn close_unit(tx: &mut Tx, actor: &Actor, unit: &Unit, event: &UnitEvent, at: jiff::Timestamp) -> Result<()> {
    let closed = Unit { dissolved_on: Some(event.effective_on), updated_at: at, ..unit.clone() };
    tx.update_unit(&closed).await?;
    Change {
        action: "unit.dissolve",
        object_type: "unit",
        object_id: unit.id.to_string(),
        unit_path: Some(&unit.path),
        before: snapshot(unit),
        after: snapshot(&closed),
    }
    .record(tx, actor, at)
    .await?;
    Ok(())
}
