//! Unit groups, owned by the unit that compares their members ("mountainous provinces").

use nqtrack_domain::error::Checker;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::unit::{Name, UnitCode};
use nqtrack_store::{Unit, UnitGroup};
use serde::Deserialize;
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::units::live_unit;
use crate::{App, AppError, Result};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GroupInput {
    pub code: String,
    pub name: String,
}

impl App {
    pub async fn create_group(&self, actor: &Actor, owner_id: Uuid, input: GroupInput) -> Result<UnitGroup> {
        let mut checker = Checker::default();
        let code = checker.check(UnitCode::parse("code", &input.code));
        let name = checker.check(Name::parse("name", &input.name));
        checker.finish()?;
        let (Some(code), Some(name)) = (code, name) else {
            return Err(AppError::Internal("validated input incomplete".into()));
        };
        let mut tx = self.store.write().await?;
        let owner = live_unit(&mut tx, owner_id, "owner_id").await?;
        policy::authorize(actor, Action::ManageUnits, &owner.path)?;
        let now = self.clock.now();
        let group =
            UnitGroup { id: Uuid::now_v7(), code: code.to_string(), name: name.into(), owner_id, created_at: now };
        tx.insert_group(&group).await?;
        Change {
            action: "group.create",
            object_type: "group",
            object_id: group.id.to_string(),
            unit_path: Some(&owner.path),
            before: None,
            after: snapshot(&group),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(group)
    }

    pub async fn group_members(&self, actor: &Actor, group_id: Uuid) -> Result<(UnitGroup, Vec<Unit>)> {
        let mut tx = self.store.read().await?;
        let group = tx.group(group_id).await?.ok_or(AppError::NotFound("group"))?;
        let owner = tx.unit(group.owner_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewUnit, &owner.path)?;
        let members = tx.group_members(group_id).await?;
        Ok((group, members))
    }

    /// Adds (or removes) a unit to a group; the unit must lie in the owner's subtree.
    pub async fn set_group_member(&self, actor: &Actor, group_id: Uuid, unit_id: Uuid, member: bool) -> Result<()> {
        let mut tx = self.store.write().await?;
        let group = tx.group(group_id).await?.ok_or(AppError::NotFound("group"))?;
        let owner = tx.unit(group.owner_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ManageUnits, &owner.path)?;
        let unit = live_unit(&mut tx, unit_id, "unit_id").await?;
        if !unit.path.is_within(&owner.path) {
            return Err(nqtrack_domain::FieldError::new("unit_id", "outside-owner").into());
        }
        let changed = if member {
            tx.add_group_member(group_id, unit_id).await?
        } else {
            tx.remove_group_member(group_id, unit_id).await?
        };
        if changed {
            let now = self.clock.now();
            let record = serde_json::json!({ "unit_id": unit.id, "unit_code": unit.code }).to_string();
            let (action, before, after) = if member {
                ("group.member_add", None, Some(record))
            } else {
                ("group.member_remove", Some(record), None)
            };
            Change {
                action,
                object_type: "group",
                object_id: group_id.to_string(),
                unit_path: Some(&owner.path),
                before,
                after,
            }
            .record(&mut tx, actor, now)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
