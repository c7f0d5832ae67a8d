//! The permission policy: the one place that decides whether an actor may do an action on a unit.
//!
//! Deny by default: an action is allowed only when one of the actor's grants allows it and the target
//! lies in that grant's subtree. The same grants give the store the subtrees a list may show, so a check
//! forgotten in a handler cannot leak rows.

use serde::Serialize;
use uuid::Uuid;

use crate::unit::UnitPath;
use crate::user::Role;

/// Everything the policy distinguishes. New capabilities add a variant here and a line in `reach`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Read a unit, its sub-units, groups, committee and history.
    ViewUnit,
    /// Create, edit, import and reorganise units; manage unit groups.
    ManageUnits,
    /// Set up a unit's steering committee, working group and standing office.
    ManageCommittee,
    /// See the accounts of a unit and its subtree.
    ViewUsers,
    /// Create, disable and reset accounts and grant roles.
    ManageUsers,
    /// Read the audit history of objects.
    ViewAudit,
    /// Work that belongs to the whole installation: verifying the audit chain, holidays, settings.
    AdministerSystem,
    /// Read the documents and tasks of a unit and its subtree.
    ViewTasks,
    /// As the assigning unit: enter documents, assign, edit, cascade, cancel and adjust tasks.
    ManageTasks,
    /// As the assigning unit: confirm or return completions, approve or refuse extensions.
    DecideTasks,
    /// As the presiding or a coordinating unit: report progress and completion, ask for extensions.
    ReportTasks,
    /// Read indicators, targets, rounds, submitted values, completeness and aggregates of a subtree.
    ViewIndicators,
    /// Define indicators and their targets, data sets and collection rounds.
    ManageIndicators,
    /// Enter and submit the indicator values of one's own unit.
    ReportIndicators,
    /// As the unit above: approve, return or reopen a unit's submission.
    ApproveIndicators,
    /// Read scorecards, rankings, dashboards and period reports of a subtree.
    ViewEvaluation,
    /// Define scorecards and index methodologies, close and reopen periods, choose what is published.
    ManageEvaluation,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::ViewUnit,
        Action::ManageUnits,
        Action::ManageCommittee,
        Action::ViewUsers,
        Action::ManageUsers,
        Action::ViewAudit,
        Action::AdministerSystem,
        Action::ViewTasks,
        Action::ManageTasks,
        Action::DecideTasks,
        Action::ReportTasks,
        Action::ViewIndicators,
        Action::ManageIndicators,
        Action::ReportIndicators,
        Action::ApproveIndicators,
        Action::ViewEvaluation,
        Action::ManageEvaluation,
    ];
}

/// How far below the granted unit a role's permission reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The granted unit and everything under it.
    Subtree,
    /// The granted unit only.
    UnitOnly,
}

/// The role table. `None` means the role never allows the action.
pub fn reach(role: Role, action: Action) -> Option<Reach> {
    use Action::*;
    use Role::*;
    match (role, action) {
        (Administrator, _) => Some(Reach::Subtree),
        (Coordinator, AdministerSystem) => None,
        (Coordinator, _) => Some(Reach::Subtree),
        (
            Leader,
            ViewUnit | ViewUsers | ViewAudit | ViewTasks | DecideTasks | ViewIndicators | ApproveIndicators
            | ViewEvaluation,
        ) => Some(Reach::Subtree),
        (Inspector, ViewUnit | ViewUsers | ViewAudit | ViewTasks | ViewIndicators | ViewEvaluation) => {
            Some(Reach::Subtree)
        }
        (Reporter, ViewUnit | ViewTasks | ViewIndicators | ViewEvaluation) => Some(Reach::Subtree),
        // A reporter speaks for their own unit only, not for the units below it.
        (Reporter, ViewUsers | ReportTasks | ReportIndicators) => Some(Reach::UnitOnly),
        _ => None,
    }
}

/// A role held at a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub role: Role,
    pub unit_id: Uuid,
    pub unit_path: UnitPath,
}

/// Who is acting: an anonymous visitor, a signed-in account with its grants, or the operator who runs
/// `nqtrack` commands on the server itself (and so already holds the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Public,
    User(UserActor),
    Operator { name: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserActor {
    pub user_id: Uuid,
    pub username: String,
    pub grants: Vec<Grant>,
}

impl Actor {
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::User(user) => Some(user.user_id),
            Actor::Public | Actor::Operator { .. } => None,
        }
    }

    /// The name written in the audit log.
    pub fn display_name(&self) -> String {
        match self {
            Actor::Public => "public".to_owned(),
            Actor::User(user) => user.username.clone(),
            Actor::Operator { name } => format!("operator:{name}"),
        }
    }

    fn grants(&self) -> &[Grant] {
        match self {
            Actor::User(user) => &user.grants,
            Actor::Public | Actor::Operator { .. } => &[],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("permission denied: {action:?}")]
pub struct Denied {
    pub action: Action,
}

/// Decides whether `actor` may do `action` on the unit at `target`.
pub fn authorize(actor: &Actor, action: Action, target: &UnitPath) -> Result<(), Denied> {
    // Anonymous visitors get nothing here: what they may read is decided item by item, by
    // [`authorize_published`].
    let allowed = match actor {
        Actor::Public => false,
        Actor::User(_) => actor.grants().iter().any(|grant| grant_covers(grant, action, target)),
        Actor::Operator { .. } => true,
    };
    if allowed { Ok(()) } else { Err(Denied { action }) }
}

fn grant_covers(grant: &Grant, action: Action, target: &UnitPath) -> bool {
    match reach(grant.role, action) {
        Some(Reach::Subtree) => target.is_within(&grant.unit_path),
        Some(Reach::UnitOnly) => *target == grant.unit_path,
        None => false,
    }
}

/// Installation-wide actions need an administrator grant at a root unit.
pub fn authorize_system(actor: &Actor) -> Result<(), Denied> {
    let allowed = matches!(actor, Actor::Operator { .. })
        || actor.grants().iter().any(|grant| grant.role == Role::Administrator && grant.unit_path.depth() == 1);
    if allowed { Ok(()) } else { Err(Denied { action: Action::AdministerSystem }) }
}

/// Whether `actor` may read what is shared under `target` with the units below it: allowed where
/// `action` is allowed at `target`, and also to anyone granted `action` somewhere inside `target`'s
/// subtree. This is how a province sees the ranking of the 34 provinces (shared under the root) and
/// the scorecards its ministry defined, without seeing the other provinces' own data.
pub fn authorize_shared(actor: &Actor, action: Action, target: &UnitPath) -> Result<(), Denied> {
    let below =
        actor.grants().iter().any(|grant| reach(grant.role, action).is_some() && grant.unit_path.is_within(target));
    if below { Ok(()) } else { authorize(actor, action, target) }
}

/// Anyone, signed in or not, may read an item a coordinator published; nobody reads an unpublished
/// one through the public portal (the signed-in pages check their own actions).
pub fn authorize_published(published: bool) -> Result<(), Denied> {
    if published { Ok(()) } else { Err(Denied { action: Action::ViewEvaluation }) }
}

/// A signed-in user may always manage their own sessions, tokens and password.
pub fn authorize_own_account(actor: &Actor, account: Uuid) -> Result<(), Denied> {
    if actor.user_id() == Some(account) { Ok(()) } else { Err(Denied { action: Action::ManageUsers }) }
}

/// Granting a role needs `ManageUsers` at the unit, and only an administrator may make administrators,
/// so that a coordinator cannot lift anyone (or themself) above their own power.
pub fn authorize_grant(actor: &Actor, role: Role, at: &UnitPath) -> Result<(), Denied> {
    authorize(actor, Action::ManageUsers, at)?;
    if role == Role::Administrator && !matches!(actor, Actor::Operator { .. }) {
        let is_admin_there =
            actor.grants().iter().any(|grant| grant.role == Role::Administrator && at.is_within(&grant.unit_path));
        if !is_admin_there {
            return Err(Denied { action: Action::ManageUsers });
        }
    }
    Ok(())
}

/// Which rows a list may show: the store filters by this, so the policy also bounds every query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Everything,
    /// Units at or below any of these paths (and, for `UnitOnly` grants, exactly these units).
    Within {
        subtrees: Vec<UnitPath>,
        units: Vec<UnitPath>,
    },
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        matches!(self, Scope::Within { subtrees, units } if subtrees.is_empty() && units.is_empty())
    }

    /// Whether every unit at or below `root` is in the scope, so that filtering by it changes nothing.
    pub fn covers_subtree(&self, root: &UnitPath) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Within { subtrees, .. } => subtrees.iter().any(|subtree| root.is_within(subtree)),
        }
    }

    pub fn contains(&self, path: &UnitPath) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Within { subtrees, units } => {
                subtrees.iter().any(|root| path.is_within(root)) || units.contains(path)
            }
        }
    }
}

/// The rows of which units `actor` may see for `action`.
pub fn scope(actor: &Actor, action: Action) -> Scope {
    if matches!(actor, Actor::Operator { .. }) {
        return Scope::Everything;
    }
    let mut subtrees: Vec<UnitPath> = Vec::new();
    let mut units = Vec::new();
    for grant in actor.grants() {
        match reach(grant.role, action) {
            Some(Reach::Subtree) => subtrees.push(grant.unit_path.clone()),
            Some(Reach::UnitOnly) => units.push(grant.unit_path.clone()),
            None => {}
        }
    }
    // A subtree inside another adds nothing and would only lengthen the query.
    subtrees.sort();
    let mut kept: Vec<UnitPath> = Vec::new();
    for path in subtrees {
        if !kept.iter().any(|root| path.is_within(root)) {
            kept.push(path);
        }
    }
    units.retain(|unit| !kept.iter().any(|root| unit.is_within(root)));
    Scope::Within { subtrees: kept, units }
}
