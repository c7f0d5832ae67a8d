//! Creating, editing, moving, browsing and searching units.

use jiff::civil::Date;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::error::Checker;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::reorg::name_as_of;
use nqtrack_domain::text::query_terms;
use nqtrack_domain::unit::{Level, Name, UnitCode, UnitKind, UnitPath, check_level_under, check_no_cycle};
use nqtrack_store::{
    Committee, CommitteeMember, LineageLink, Liveness, Tx, Unit, UnitEvent, UnitGroup, UnitWithChildren, User,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::{App, AppError, Result};

/// A unit as typed in a form or an API call; everything is text until checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnitInput {
    pub code: String,
    pub name: String,
    pub kind: String,
    /// Empty: the level the kind usually has under this parent.
    #[serde(default)]
    pub level: String,
    pub parent_id: Option<Uuid>,
    /// dd/mm/yyyy or yyyy-mm-dd; empty when unknown.
    #[serde(default)]
    pub established_on: String,
}

/// Corrections to a unit's own fields; `None` keeps the field as it is. A change of name that takes
/// effect on a date is a rename.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnitChanges {
    pub code: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub level: Option<String>,
}

/// A checked unit definition.
pub(crate) struct ValidUnit {
    pub code: UnitCode,
    pub name: Name,
    pub kind: UnitKind,
    pub level: Level,
    pub established_on: Option<Date>,
}

/// Checks every field of a unit placed under `parent_level`, reporting all problems at once.
pub(crate) fn validate_unit(
    code: &str,
    name: &str,
    kind: &str,
    level: &str,
    established_on: &str,
    parent_level: Option<Level>,
) -> std::result::Result<ValidUnit, nqtrack_domain::Invalid> {
    let mut checker = Checker::default();
    let code = checker.check(UnitCode::parse("code", code));
    let name = checker.check(Name::parse("name", name));
    let kind = checker.check(UnitKind::parse("kind", kind));
    let level = if level.trim().is_empty() {
        kind.map(|k| k.usual_level(parent_level))
    } else {
        checker.check(Level::parse("level", level))
    };
    if let (Some(parent), Some(level)) = (parent_level, level) {
        checker.check(check_level_under(parent, level));
    }
    let established_on = if established_on.trim().is_empty() {
        None
    } else {
        checker.check(parse_date("established_on", established_on))
    };
    checker.finish()?;
    match (code, name, kind, level) {
        (Some(code), Some(name), Some(kind), Some(level)) => Ok(ValidUnit { code, name, kind, level, established_on }),
        _ => Err(nqtrack_domain::Invalid(Vec::new())),
    }
}

/// Everything a unit page shows.
#[derive(Debug, Clone, Serialize)]
pub struct UnitDetails {
    pub unit: Unit,
    /// From the root down to the parent.
    pub ancestors: Vec<Unit>,
    pub children: Vec<UnitWithChildren>,
    pub committee: Option<Committee>,
    pub standing_office: Option<Unit>,
    pub members: Vec<CommitteeMember>,
    pub groups: Vec<UnitGroup>,
    pub owned_groups: Vec<UnitGroup>,
    pub lineage: Vec<LineageLink>,
    pub renames: Vec<UnitEvent>,
    /// Only when the actor may see accounts here.
    pub users: Option<Vec<User>>,
    pub can_manage: bool,
    pub can_manage_users: bool,
}

/// How many results a search returns at most.
pub const SEARCH_LIMIT: i64 = 50;

impl App {
    pub async fn create_unit(&self, actor: &Actor, input: UnitInput) -> Result<Unit> {
        let mut tx = self.store.write().await?;
        let parent = match input.parent_id {
            Some(id) => Some(live_unit(&mut tx, id, "parent_id").await?),
            None => None,
        };
        match &parent {
            Some(parent) => policy::authorize(actor, Action::ManageUnits, &parent.path)?,
            None => policy::authorize_system(actor)?,
        }
        let valid = validate_unit(
            &input.code,
            &input.name,
            &input.kind,
            &input.level,
            &input.established_on,
            parent.as_ref().map(|p| p.level),
        )?;
        let now = self.clock.now();
        let id = Uuid::now_v7();
        let unit = Unit {
            id,
            code: valid.code.as_str().to_owned(),
            name: valid.name.as_str().to_owned(),
            kind: valid.kind,
            level: valid.level,
            parent_id: parent.as_ref().map(|p| p.id),
            path: parent.as_ref().map_or_else(|| UnitPath::root(id), |p| p.path.child(id)),
            established_on: valid.established_on,
            dissolved_on: None,
            created_at: now,
            updated_at: now,
        };
        insert_unit_recorded(&mut tx, actor, &unit, "unit.create", now).await?;
        tx.commit().await?;
        Ok(unit)
    }

    pub async fn update_unit(&self, actor: &Actor, id: Uuid, changes: UnitChanges) -> Result<Unit> {
        let mut tx = self.store.write().await?;
        let before = live_unit(&mut tx, id, "id").await?;
        policy::authorize(actor, Action::ManageUnits, &before.path)?;
        let parent_level = match before.parent_id {
            Some(parent) => tx.unit(parent).await?.map(|p| p.level),
            None => None,
        };
        let valid = validate_unit(
            changes.code.as_deref().unwrap_or(&before.code),
            changes.name.as_deref().unwrap_or(&before.name),
            changes.kind.as_deref().unwrap_or(before.kind.as_str()),
            changes.level.as_deref().unwrap_or(before.level.as_str()),
            "",
            parent_level,
        )?;
        let children = tx.children(id, Liveness::Live).await?;
        if let Some(child) = children.iter().find(|c| check_level_under(valid.level, c.unit.level).is_err()) {
            return Err(nqtrack_domain::FieldError::new("level", "level-above-parent")
                .with_arg("level", child.unit.level)
                .with_arg("parent_level", valid.level)
                .into());
        }
        let now = self.clock.now();
        let after = Unit {
            code: valid.code.as_str().to_owned(),
            name: valid.name.as_str().to_owned(),
            kind: valid.kind,
            level: valid.level,
            updated_at: now,
            ..before.clone()
        };
        tx.update_unit(&after).await?;
        Change::unit_edit("unit.update", &before, &after).record(&mut tx, actor, now).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Moves a unit and its whole subtree under another parent.
    pub async fn move_unit(&self, actor: &Actor, id: Uuid, new_parent_id: Uuid) -> Result<Unit> {
        let mut tx = self.store.write().await?;
        let unit = live_unit(&mut tx, id, "id").await?;
        let new_parent = live_unit(&mut tx, new_parent_id, "parent_id").await?;
        policy::authorize(actor, Action::ManageUnits, &unit.path)?;
        policy::authorize(actor, Action::ManageUnits, &new_parent.path)?;
        check_no_cycle(&unit.path, &new_parent.path)?;
        check_level_under(new_parent.level, unit.level).map(|_| ()).map_err(|e| e.with_arg("field", "parent_id"))?;
        let now = self.clock.now();
        tx.move_subtree(unit.id, &unit.path, &new_parent, now).await?;
        let after = tx.unit(id).await?.ok_or(AppError::NotFound("unit"))?;
        Change::unit_edit("unit.move", &unit, &after).record(&mut tx, actor, now).await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn unit_details(&self, actor: &Actor, id: Uuid) -> Result<UnitDetails> {
        let mut tx = self.store.read().await?;
        let unit = tx.unit(id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewUnit, &unit.path)?;
        let mut ancestors = tx.ancestors(&unit.path).await?;
        ancestors.pop();
        // The breadcrumb shows only what the actor may open.
        ancestors.retain(|a| policy::authorize(actor, Action::ViewUnit, &a.path).is_ok());
        let committee = tx.committee(id).await?;
        let standing_office = match committee.as_ref().and_then(|c| c.standing_office_id) {
            Some(office) => tx.unit(office).await?,
            None => None,
        };
        let can_view_users = policy::authorize(actor, Action::ViewUsers, &unit.path).is_ok();
        let users = if can_view_users {
            Some(tx.users_under(&unit.path, true, &policy::scope(actor, Action::ViewUsers), 500).await?)
        } else {
            None
        };
        Ok(UnitDetails {
            children: tx.children(id, Liveness::All).await?,
            members: tx.committee_members(id).await?,
            groups: tx.groups_of_unit(id).await?,
            owned_groups: tx.groups_owned_by(id).await?,
            lineage: tx.lineage(id).await?,
            renames: tx.unit_events(id).await?.into_iter().filter(|e| e.kind == "rename").collect(),
            can_manage: policy::authorize(actor, Action::ManageUnits, &unit.path).is_ok(),
            can_manage_users: policy::authorize(actor, Action::ManageUsers, &unit.path).is_ok(),
            users,
            committee,
            standing_office,
            ancestors,
            unit,
        })
    }

    /// The unit's name on a past date, following its renames.
    pub async fn unit_name_as_of(&self, actor: &Actor, id: Uuid, date: Date) -> Result<String> {
        let mut tx = self.store.read().await?;
        let unit = tx.unit(id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewUnit, &unit.path)?;
        let renames: Vec<(Date, String, String)> = tx
            .unit_events(id)
            .await?
            .into_iter()
            .filter_map(|e| Some((e.effective_on, e.old_name?, e.new_name?)))
            .collect();
        Ok(name_as_of(&unit.name, &renames, date).to_owned())
    }

    /// The top of the tree, or the children of one unit.
    pub async fn browse_units(
        &self,
        actor: &Actor,
        parent: Option<Uuid>,
        liveness: Liveness,
    ) -> Result<Vec<UnitWithChildren>> {
        let mut tx = self.store.read().await?;
        match parent {
            Some(parent) => {
                let unit = tx.unit(parent).await?.ok_or(AppError::NotFound("unit"))?;
                policy::authorize(actor, Action::ViewUnit, &unit.path)?;
                Ok(tx.children(parent, liveness).await?)
            }
            None => top_units(&mut tx, actor, liveness).await,
        }
    }

    /// Search without diacritics: "tuyen quang" finds "Tuyên Quang". Limited to `within` if given.
    pub async fn search_units(
        &self,
        actor: &Actor,
        query: &str,
        within: Option<Uuid>,
        liveness: Liveness,
    ) -> Result<Vec<Unit>> {
        let terms = query_terms(query);
        let mut tx = self.store.read().await?;
        let root = match within {
            Some(id) => Some(tx.unit(id).await?.ok_or(AppError::NotFound("unit"))?.path),
            None => None,
        };
        let scope = policy::scope(actor, Action::ViewUnit);
        Ok(tx.search_units(&terms, root.as_ref(), &scope, liveness, SEARCH_LIMIT).await?)
    }

    /// A page of the whole subtree under a unit, in tree order.
    pub async fn subtree(&self, actor: &Actor, root: Uuid, limit: i64, offset: i64) -> Result<(Vec<Unit>, i64)> {
        let mut tx = self.store.read().await?;
        let unit = tx.unit(root).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewUnit, &unit.path)?;
        let scope = policy::scope(actor, Action::ViewUnit);
        let units = tx.subtree(&unit.path, &scope, Liveness::Live, limit, offset).await?;
        let total = tx.count_subtree(&unit.path, &scope, Liveness::Live).await?;
        Ok((units, total))
    }

    pub async fn unit_by_code(&self, actor: &Actor, code: &str) -> Result<Unit> {
        let unit = self.store.read().await?.unit_by_code(code.trim()).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewUnit, &unit.path)?;
        Ok(unit)
    }
}

/// Where an actor's tree starts: the roots for the operator, otherwise the units their roles are
/// granted at (a provincial coordinator starts at the province).
async fn top_units(tx: &mut Tx, actor: &Actor, liveness: Liveness) -> Result<Vec<UnitWithChildren>> {
    match policy::scope(actor, Action::ViewUnit) {
        policy::Scope::Everything => Ok(tx.root_units(liveness).await?),
        policy::Scope::Within { subtrees, units } => {
            let mut tops = Vec::new();
            for path in subtrees.iter().chain(&units) {
                let Some(id) = path.ids().last() else { continue };
                let Some(unit) = tx.unit(id).await? else { continue };
                let live_children = tx.children(id, Liveness::Live).await?.len() as i64;
                tops.push(UnitWithChildren { unit, live_children });
            }
            Ok(tops)
        }
    }
}

/// A unit that exists and has not been dissolved; `field` names the input that pointed to it.
pub(crate) async fn live_unit(tx: &mut Tx, id: Uuid, field: &str) -> Result<Unit> {
    match tx.unit(id).await? {
        Some(unit) if unit.is_live() => Ok(unit),
        Some(_) => Err(nqtrack_domain::FieldError::new(field, "unit-dissolved").into()),
        None => Err(nqtrack_domain::FieldError::new(field, "not-found").into()),
    }
}

pub(crate) async fn insert_unit_recorded(
    tx: &mut Tx,
    actor: &Actor,
    unit: &Unit,
    action: &'static str,
    at: jiff::Timestamp,
) -> Result<()> {
    tx.insert_unit(unit).await?;
    Change {
        action,
        object_type: "unit",
        object_id: unit.id.to_string(),
        unit_path: Some(&unit.path),
        before: None,
        after: snapshot(unit),
    }
    .record(tx, actor, at)
    .await?;
    Ok(())
}
