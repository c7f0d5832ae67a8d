//! Account administration: create, disable, reset, grant and revoke roles.

use nqtrack_domain::error::Checker;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::unit::Name;
use nqtrack_domain::user::{Role, Username, check_new_password, parse_email};
use nqtrack_store::{RoleGrant, Tx, Unit, User};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::units::live_unit;
use crate::{App, AppError, Result, password};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    pub unit_id: Uuid,
    pub password: String,
    /// A role to grant at the user's own unit at once; empty for none.
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserDetails {
    pub user: User,
    pub unit: Unit,
    pub grants: Vec<RoleGrant>,
    pub can_manage: bool,
}

impl App {
    pub async fn create_user(&self, actor: &Actor, input: UserInput) -> Result<User> {
        let mut checker = Checker::default();
        let username = checker.check(Username::parse("username", &input.username));
        let display_name = checker.check(Name::parse("display_name", &input.display_name));
        let email = checker.check(parse_email("email", &input.email));
        checker.check(check_new_password("password", &input.password));
        let role = if input.role.trim().is_empty() { None } else { checker.check(Role::parse("role", &input.role)) };
        let mut tx = self.store.write().await?;
        let unit = match live_unit(&mut tx, input.unit_id, "unit_id").await {
            Ok(unit) => Some(unit),
            Err(AppError::Invalid(invalid)) => {
                invalid.0.into_iter().for_each(|e| checker.push(e));
                None
            }
            Err(other) => return Err(other),
        };
        checker.finish()?;
        let (Some(username), Some(display_name), Some(email), Some(unit)) = (username, display_name, email, unit)
        else {
            return Err(AppError::Internal("validated input incomplete".into()));
        };
        policy::authorize(actor, Action::ManageUsers, &unit.path)?;
        if let Some(role) = role {
            policy::authorize_grant(actor, role, &unit.path)?;
        }
        drop(tx);
        let hash = password::hash(input.password, self.settings.argon2_memory_kib).await?;
        let now = self.clock.now();
        let user = User {
            id: Uuid::now_v7(),
            username: username.as_str().to_owned(),
            display_name: display_name.as_str().to_owned(),
            email,
            unit_id: unit.id,
            password_hash: hash,
            disabled: false,
            must_change_password: false,
            locale: "vi".to_owned(),
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.store.write().await?;
        insert_user_recorded(&mut tx, actor, &user, &unit, role, now).await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn user_details(&self, actor: &Actor, id: Uuid) -> Result<UserDetails> {
        let mut tx = self.store.read().await?;
        let user = tx.user(id).await?.ok_or(AppError::NotFound("user"))?;
        let unit = tx.unit(user.unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        if policy::authorize_own_account(actor, id).is_err() {
            policy::authorize(actor, Action::ViewUsers, &unit.path)?;
        }
        let grants = tx.grants_of(id).await?;
        let can_manage = policy::authorize(actor, Action::ManageUsers, &unit.path).is_ok();
        Ok(UserDetails { user, unit, grants, can_manage })
    }

    /// Accounts of a unit, or of its whole subtree, that the actor may see.
    pub async fn list_users(&self, actor: &Actor, unit_id: Uuid, whole_subtree: bool) -> Result<Vec<User>> {
        let mut tx = self.store.read().await?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        let scope = policy::scope(actor, Action::ViewUsers);
        if !scope.contains(&unit.path) && !whole_subtree {
            return Err(AppError::Denied(policy::Denied { action: Action::ViewUsers }));
        }
        Ok(tx.users_under(&unit.path, !whole_subtree, &scope, 1_000).await?)
    }

    /// Disables or re-enables an account; disabling also ends its sessions.
    pub async fn set_user_disabled(&self, actor: &Actor, id: Uuid, disabled: bool) -> Result<User> {
        let action = if disabled { "user.disable" } else { "user.enable" };
        self.change_user(actor, id, action, |user| user.disabled = disabled, disabled).await
    }

    /// Sets a one-time password the user must change, ends their sessions and returns the password.
    pub async fn reset_password(&self, actor: &Actor, id: Uuid) -> Result<String> {
        let temporary = password::temporary_password()?;
        let hash = password::hash(temporary.clone(), self.settings.argon2_memory_kib).await?;
        self.change_user(
            actor,
            id,
            "user.password_reset",
            move |user| {
                user.password_hash = hash;
                user.must_change_password = true;
            },
            true,
        )
        .await?;
        Ok(temporary)
    }

    async fn change_user(
        &self,
        actor: &Actor,
        id: Uuid,
        action: &'static str,
        change: impl FnOnce(&mut User),
        end_sessions: bool,
    ) -> Result<User> {
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let before = tx.user(id).await?.ok_or(AppError::NotFound("user"))?;
        let unit = tx.unit(before.unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ManageUsers, &unit.path)?;
        // Resetting or disabling an account is taking it over: only someone who could grant every
        // role it holds may do it, so a coordinator cannot reset an administrator's password.
        for grant in tx.grants_of(id).await? {
            policy::authorize_grant(actor, grant.role, &grant.unit_path)?;
        }
        let mut after = before.clone();
        change(&mut after);
        after.updated_at = now;
        tx.update_user(&after).await?;
        if end_sessions {
            tx.revoke_sessions(id, None, now).await?;
            tx.revoke_tokens(id, now).await?;
        }
        Change {
            action,
            object_type: "user",
            object_id: id.to_string(),
            unit_path: Some(&unit.path),
            before: snapshot(&before),
            after: snapshot(&after),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn grant_role(&self, actor: &Actor, user_id: Uuid, role: &str, unit_id: Uuid) -> Result<()> {
        self.change_grant(actor, user_id, role, unit_id, true).await
    }

    pub async fn revoke_role(&self, actor: &Actor, user_id: Uuid, role: &str, unit_id: Uuid) -> Result<()> {
        self.change_grant(actor, user_id, role, unit_id, false).await
    }

    async fn change_grant(&self, actor: &Actor, user_id: Uuid, role: &str, unit_id: Uuid, grant: bool) -> Result<()> {
        let role = Role::parse("role", role)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let user = tx.user(user_id).await?.ok_or(AppError::NotFound("user"))?;
        let unit = live_unit(&mut tx, unit_id, "unit_id").await?;
        policy::authorize_grant(actor, role, &unit.path)?;
        let user_unit = tx.unit(user.unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ManageUsers, &user_unit.path)?;
        let record = serde_json::json!({ "role": role, "unit_id": unit.id, "unit_code": unit.code }).to_string();
        let (action, before, after) = if grant {
            tx.insert_grant(user_id, role, unit_id, now).await?;
            ("user.grant", None, Some(record))
        } else {
            if !tx.delete_grant(user_id, role, unit_id).await? {
                return Err(AppError::NotFound("grant"));
            }
            ("user.revoke", Some(record), None)
        };
        Change {
            action,
            object_type: "user",
            object_id: user_id.to_string(),
            unit_path: Some(&user_unit.path),
            before,
            after,
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Inserts an account (and an optional role at its unit) with its audit entries.
pub(crate) async fn insert_user_recorded(
    tx: &mut Tx,
    actor: &Actor,
    user: &User,
    unit: &Unit,
    role: Option<Role>,
    at: jiff::Timestamp,
) -> Result<()> {
    tx.insert_user(user).await?;
    Change {
        action: "user.create",
        object_type: "user",
        object_id: user.id.to_string(),
        unit_path: Some(&unit.path),
        before: None,
        after: snapshot(user),
    }
    .record(tx, actor, at)
    .await?;
    if let Some(role) = role {
        tx.insert_grant(user.id, role, unit.id, at).await?;
        Change {
            action: "user.grant",
            object_type: "user",
            object_id: user.id.to_string(),
            unit_path: Some(&unit.path),
            before: None,
            after: Some(serde_json::json!({ "role": role, "unit_id": unit.id, "unit_code": unit.code }).to_string()),
        }
        .record(tx, actor, at)
        .await?;
    }
    Ok(())
}
