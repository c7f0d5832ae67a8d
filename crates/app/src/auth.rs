//! Signing in and out, sessions, API tokens and the login rate limit.

use std::num::NonZeroU32;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use jiff::Timestamp;
use nqtrack_domain::policy::{self, Actor, Grant, UserActor};
use nqtrack_domain::user::check_new_password;
use nqtrack_store::{ApiToken, Session, User};
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::password::{self, DUMMY_HASH, random_hex, token_hash};
use crate::{App, AppError, Result};

/// Per-account and per-address login limits. An account under attack is slowed, not locked, so an
/// attacker cannot lock a real official out.
pub(crate) struct LoginLimiter {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<String>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        let quota = |per_minute: u32, burst: u32| {
            Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
                .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
        };
        Self {
            per_account: DefaultKeyedRateLimiter::keyed(quota(5, 5)),
            per_address: DefaultKeyedRateLimiter::keyed(quota(30, 30)),
        }
    }
}

impl LoginLimiter {
    fn check(&self, username: &str, address: &str) -> Result<()> {
        for (limiter, key) in [(&self.per_account, username), (&self.per_address, address)] {
            if let Err(not_until) = limiter.check_key(&key.to_owned()) {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                return Err(AppError::RateLimited { retry_after_secs: wait.as_secs().max(1) });
            }
        }
        // Keep the maps from growing without bound under a spray of usernames.
        if self.per_account.len() > 10_000 {
            self.per_account.retain_recent();
            self.per_address.retain_recent();
        }
        Ok(())
    }
}

pub struct LoginInput {
    pub username: String,
    pub password: String,
    pub ip: String,
    pub user_agent: String,
}

/// A new session: the secret goes into the cookie once and is never stored.
pub struct NewSession {
    pub token: String,
    pub session: Session,
    pub user: User,
}

/// Who a request belongs to.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub actor: Actor,
    pub user: User,
    /// Present for cookie sessions (with their CSRF token), absent for API tokens.
    pub session: Option<Session>,
}

/// Sessions are refreshed at most this often, so browsing does not write on every request.
const TOUCH_INTERVAL_SECS: i64 = 60;

impl App {
    pub async fn login(&self, input: LoginInput) -> Result<NewSession> {
        let username = input.username.trim().to_ascii_lowercase();
        self.limiter.check(&username, &input.ip)?;
        let user = self.store.read().await?.user_by_username(&username).await?;
        let hash = user.as_ref().map_or(DUMMY_HASH.to_owned(), |u| u.password_hash.clone());
        let matches = password::verify(input.password, hash).await;
        let user = match user {
            Some(user) if matches && !user.disabled => user,
            _ => {
                tracing::warn!(username, ip = input.ip, "failed login");
                return Err(AppError::Invalid(nqtrack_domain::Invalid::one("password", "wrong-password")));
            }
        };
        let now = self.clock.now();
        let token = random_hex(32)?;
        let session = Session {
            id: Uuid::now_v7(),
            token_hash: token_hash(&token),
            user_id: user.id,
            csrf_token: random_hex(32)?,
            created_at: now,
            last_seen_at: now,
            expires_at: self.session_expiry(now),
            user_agent: input.user_agent.chars().take(300).collect(),
            ip: input.ip,
            revoked_at: None,
        };
        let actor = self.actor_for(&user).await?;
        let mut tx = self.store.write().await?;
        tx.insert_session(&session).await?;
        let unit = tx.unit(user.unit_id).await?;
        Change {
            action: "session.login",
            object_type: "user",
            object_id: user.id.to_string(),
            unit_path: unit.as_ref().map(|u| &u.path),
            before: None,
            after: snapshot(&session),
        }
        .record(&mut tx, &actor, now)
        .await?;
        tx.commit().await?;
        Ok(NewSession { token, session, user })
    }

    fn session_expiry(&self, from: Timestamp) -> Timestamp {
        from.saturating_add(self.settings.session_idle).unwrap_or(from)
    }

    /// The actor behind a session cookie; ended, revoked or disabled sessions are refused.
    pub async fn authenticate_session(&self, token: &str) -> Result<SignedIn> {
        let now = self.clock.now();
        let mut tx = self.store.read().await?;
        let session = tx.session_by_token_hash(&token_hash(token)).await?.ok_or(AppError::Unauthenticated)?;
        if session.revoked_at.is_some() || session.expires_at <= now {
            return Err(AppError::Unauthenticated);
        }
        let user = tx.user(session.user_id).await?.filter(|u| !u.disabled).ok_or(AppError::Unauthenticated)?;
        let grants = tx.grants_of(user.id).await?;
        drop(tx);
        if now.duration_since(session.last_seen_at).as_secs() >= TOUCH_INTERVAL_SECS {
            let mut tx = self.store.write().await?;
            tx.touch_session(session.id, now, self.session_expiry(now)).await?;
            tx.commit().await?;
        }
        Ok(SignedIn { actor: actor_from(&user, grants), user, session: Some(session) })
    }

    /// The actor behind an API bearer token.
    pub async fn authenticate_token(&self, secret: &str) -> Result<SignedIn> {
        let now = self.clock.now();
        let mut tx = self.store.read().await?;
        let token = tx.token_by_hash(&token_hash(secret)).await?.ok_or(AppError::Unauthenticated)?;
        if token.revoked_at.is_some() {
            return Err(AppError::Unauthenticated);
        }
        let user = tx.user(token.user_id).await?.filter(|u| !u.disabled).ok_or(AppError::Unauthenticated)?;
        let grants = tx.grants_of(user.id).await?;
        drop(tx);
        if token.last_used_at.is_none_or(|at| now.duration_since(at).as_secs() >= TOUCH_INTERVAL_SECS) {
            let mut tx = self.store.write().await?;
            tx.touch_token(token.id, now).await?;
            tx.commit().await?;
        }
        Ok(SignedIn { actor: actor_from(&user, grants), user, session: None })
    }

    pub(crate) async fn actor_for(&self, user: &User) -> Result<Actor> {
        let grants = self.store.read().await?.grants_of(user.id).await?;
        Ok(actor_from(user, grants))
    }

    pub async fn logout(&self, signed_in: &SignedIn) -> Result<()> {
        let Some(session) = &signed_in.session else { return Ok(()) };
        self.revoke_sessions_recorded(signed_in, Some(session.id), "session.logout").await.map(|_| ())
    }

    pub async fn sessions(&self, signed_in: &SignedIn) -> Result<Vec<Session>> {
        Ok(self.store.read().await?.active_sessions(signed_in.user.id, self.clock.now()).await?)
    }

    /// Ends one of the actor's own sessions, or all of them but the current one when `id` is `None`.
    pub async fn revoke_session(&self, signed_in: &SignedIn, id: Option<Uuid>) -> Result<u64> {
        match id {
            Some(id) => self.revoke_sessions_recorded(signed_in, Some(id), "session.revoke").await,
            None => {
                let current = signed_in.session.as_ref().map(|s| s.id);
                let mut revoked = 0;
                for session in self.sessions(signed_in).await? {
                    if Some(session.id) != current {
                        revoked += self.revoke_sessions_recorded(signed_in, Some(session.id), "session.revoke").await?;
                    }
                }
                Ok(revoked)
            }
        }
    }

    async fn revoke_sessions_recorded(
        &self,
        signed_in: &SignedIn,
        id: Option<Uuid>,
        action: &'static str,
    ) -> Result<u64> {
        policy::authorize_own_account(&signed_in.actor, signed_in.user.id)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let revoked = tx.revoke_sessions(signed_in.user.id, id, now).await?;
        if revoked == 0 {
            return Err(AppError::NotFound("session"));
        }
        let unit = tx.unit(signed_in.user.unit_id).await?;
        Change {
            action,
            object_type: "user",
            object_id: signed_in.user.id.to_string(),
            unit_path: unit.as_ref().map(|u| &u.path),
            before: None,
            after: id.map(|id| format!("{{\"session\":\"{id}\"}}")),
        }
        .record(&mut tx, &signed_in.actor, now)
        .await?;
        tx.commit().await?;
        Ok(revoked)
    }

    /// Creates an API token for the actor's own account; the secret is returned once.
    pub async fn create_token(&self, signed_in: &SignedIn, name: &str) -> Result<(ApiToken, String)> {
        self.create_token_for(&signed_in.actor, signed_in.user.id, name).await
    }

    /// Creates an API token for an account: one's own, or (for a machine client set up by an
    /// administrator or the operator) an account the actor could take over entirely.
    pub async fn create_token_for(&self, actor: &Actor, user_id: Uuid, name: &str) -> Result<(ApiToken, String)> {
        let name = nqtrack_domain::unit::Name::parse("name", name)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let user = tx.user(user_id).await?.ok_or(AppError::NotFound("user"))?;
        let unit = tx.unit(user.unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        if policy::authorize_own_account(actor, user_id).is_err() {
            policy::authorize(actor, policy::Action::ManageUsers, &unit.path)?;
            for grant in tx.grants_of(user_id).await? {
                policy::authorize_grant(actor, grant.role, &grant.unit_path)?;
            }
        }
        let secret = format!("nqt_{}", random_hex(32)?);
        let token = ApiToken {
            id: Uuid::now_v7(),
            user_id,
            name: name.as_str().to_owned(),
            token_hash: token_hash(&secret),
            created_at: now,
            last_used_at: None,
            revoked_at: None,
        };
        tx.insert_token(&token).await?;
        Change {
            action: "token.create",
            object_type: "user",
            object_id: user_id.to_string(),
            unit_path: Some(&unit.path),
            before: None,
            after: snapshot(&token),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok((token, secret))
    }

    pub async fn tokens(&self, signed_in: &SignedIn) -> Result<Vec<ApiToken>> {
        Ok(self.store.read().await?.tokens_of(signed_in.user.id).await?)
    }

    pub async fn revoke_token(&self, signed_in: &SignedIn, id: Uuid) -> Result<()> {
        policy::authorize_own_account(&signed_in.actor, signed_in.user.id)?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        if !tx.revoke_token(signed_in.user.id, id, now).await? {
            return Err(AppError::NotFound("token"));
        }
        let unit = tx.unit(signed_in.user.unit_id).await?;
        Change {
            action: "token.revoke",
            object_type: "user",
            object_id: signed_in.user.id.to_string(),
            unit_path: unit.as_ref().map(|u| &u.path),
            before: None,
            after: Some(format!("{{\"token\":\"{id}\"}}")),
        }
        .record(&mut tx, &signed_in.actor, now)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes the actor's own password after checking the current one; other sessions end.
    pub async fn change_password(&self, signed_in: &SignedIn, current: &str, new: &str) -> Result<()> {
        policy::authorize_own_account(&signed_in.actor, signed_in.user.id)?;
        check_new_password("new_password", new)?;
        if !password::verify(current.to_owned(), signed_in.user.password_hash.clone()).await {
            return Err(AppError::Invalid(nqtrack_domain::Invalid::one("current_password", "wrong-password")));
        }
        let hash = password::hash(new.to_owned(), self.settings.argon2_memory_kib).await?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        let mut user = tx.user(signed_in.user.id).await?.ok_or(AppError::NotFound("user"))?;
        user.password_hash = hash;
        user.must_change_password = false;
        user.updated_at = now;
        tx.update_user(&user).await?;
        let current_session = signed_in.session.as_ref().map(|s| s.id);
        for session in tx.active_sessions(user.id, now).await? {
            if Some(session.id) != current_session {
                tx.revoke_sessions(user.id, Some(session.id), now).await?;
            }
        }
        let unit = tx.unit(user.unit_id).await?;
        Change {
            action: "user.password_change",
            object_type: "user",
            object_id: user.id.to_string(),
            unit_path: unit.as_ref().map(|u| &u.path),
            before: None,
            after: None,
        }
        .record(&mut tx, &signed_in.actor, now)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

pub(crate) fn actor_from(user: &User, grants: Vec<nqtrack_store::RoleGrant>) -> Actor {
    Actor::User(UserActor {
        user_id: user.id,
        username: user.username.clone(),
        grants: grants
            .into_iter()
            .map(|g| Grant { role: g.role, unit_id: g.unit_id, unit_path: g.unit_path })
            .collect(),
    })
}
