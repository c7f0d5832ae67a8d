//! What the store hands back: plain records with domain types, converted from rows at the boundary.

use jiff::Timestamp;
use jiff::civil::Date;
use nqtrack_domain::committee::{Body, MemberRole};
use nqtrack_domain::unit::{Level, UnitKind, UnitPath};
use nqtrack_domain::user::Role;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub level: Level,
    pub parent_id: Option<Uuid>,
    #[serde(skip)]
    pub path: UnitPath,
    pub established_on: Option<Date>,
    pub dissolved_on: Option<Date>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Unit {
    pub fn is_live(&self) -> bool {
        self.dissolved_on.is_none()
    }
}

/// A unit with the number of live units directly under it, for tree browsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitWithChildren {
    #[serde(flatten)]
    pub unit: Unit,
    pub live_children: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitGroup {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub owner_id: Uuid,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Committee {
    pub unit_id: Uuid,
    pub name: String,
    pub standing_office_id: Option<Uuid>,
    pub decision: String,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitteeMember {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub body: Body,
    pub role: MemberRole,
    pub user_id: Option<Uuid>,
    pub person_name: String,
    pub position: String,
    pub portfolio: String,
    pub sort_order: i32,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub unit_id: Uuid,
    #[serde(skip)]
    pub password_hash: String,
    pub disabled: bool,
    pub must_change_password: bool,
    pub locale: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A role held at a unit, with the unit's path so the policy can decide without another query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleGrant {
    pub user_id: Uuid,
    pub role: Role,
    pub unit_id: Uuid,
    pub unit_code: String,
    pub unit_name: String,
    #[serde(skip)]
    pub unit_path: UnitPath,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub id: Uuid,
    #[serde(skip)]
    pub token_hash: String,
    pub user_id: Uuid,
    #[serde(skip)]
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
    pub user_agent: String,
    pub ip: String,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// A reorganisation event: a merge, a split or a rename with its effective date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitEvent {
    pub id: Uuid,
    pub kind: String,
    pub effective_on: Date,
    pub reason: String,
    pub unit_id: Option<Uuid>,
    pub old_name: Option<String>,
    pub new_name: Option<String>,
    pub actor_id: Option<Uuid>,
    pub created_at: Timestamp,
}

/// One edge of a unit's lineage: `predecessor` was replaced (wholly or in part) by `successor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineageLink {
    pub event_id: Uuid,
    pub kind: String,
    pub effective_on: Date,
    pub predecessor_id: Uuid,
    pub predecessor_code: String,
    pub predecessor_name: String,
    pub successor_id: Uuid,
    pub successor_code: String,
    pub successor_name: String,
}
