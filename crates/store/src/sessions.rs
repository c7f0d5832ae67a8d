//! Login sessions and API tokens. Only hashes of their secrets are stored.

use jiff::Timestamp;
use sqlx::FromRow;
use uuid::Uuid;

use crate::db::Tx;
use crate::error::Result;
use crate::records::{ApiToken, Session};

#[derive(FromRow)]
struct SessionRow {
    id: Uuid,
    token_hash: String,
    user_id: Uuid,
    csrf_token: String,
    created_at: crate::instant::Instant,
    last_seen_at: crate::instant::Instant,
    expires_at: crate::instant::Instant,
    user_agent: String,
    ip: String,
    revoked_at: Option<crate::instant::Instant>,
}

impl From<SessionRow> for Session {
    fn from(row: SessionRow) -> Self {
        Session {
            id: row.id,
            token_hash: row.token_hash,
            user_id: row.user_id,
            csrf_token: row.csrf_token,
            created_at: row.created_at.to_jiff(),
            last_seen_at: row.last_seen_at.to_jiff(),
            expires_at: row.expires_at.to_jiff(),
            user_agent: row.user_agent,
            ip: row.ip,
            revoked_at: row.revoked_at.map(|t| t.to_jiff()),
        }
    }
}

#[derive(FromRow)]
struct TokenRow {
    id: Uuid,
    user_id: Uuid,
    name: String,
    token_hash: String,
    created_at: crate::instant::Instant,
    last_used_at: Option<crate::instant::Instant>,
    revoked_at: Option<crate::instant::Instant>,
}

impl From<TokenRow> for ApiToken {
    fn from(row: TokenRow) -> Self {
        ApiToken {
            id: row.id,
            user_id: row.user_id,
            name: row.name,
            token_hash: row.token_hash,
            created_at: row.created_at.to_jiff(),
            last_used_at: row.last_used_at.map(|t| t.to_jiff()),
            revoked_at: row.revoked_at.map(|t| t.to_jiff()),
        }
    }
}

const SESSION_COLUMNS: &str =
    "id, token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, user_agent, ip, revoked_at";
const TOKEN_COLUMNS: &str = "id, user_id, name, token_hash, created_at, last_used_at, revoked_at";

impl Tx {
    pub async fn insert_session(&mut self, session: &Session) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, \
             user_agent, ip, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(session.id)
        .bind(&session.token_hash)
        .bind(session.user_id)
        .bind(&session.csrf_token)
        .bind(crate::instant::Instant::from(session.created_at))
        .bind(crate::instant::Instant::from(session.last_seen_at))
        .bind(crate::instant::Instant::from(session.expires_at))
        .bind(&session.user_agent)
        .bind(&session.ip)
        .bind(session.revoked_at.map(crate::instant::Instant::from))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn session_by_token_hash(&mut self, token_hash: &str) -> Result<Option<Session>> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE token_hash = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, SessionRow>(sqlx::AssertSqlSafe(sql)).bind(token_hash).fetch_optional(conn).await)?;
        Ok(row.map(Session::from))
    }

    /// Extends a session that is being used (sliding expiry).
    pub async fn touch_session(&mut self, id: Uuid, seen_at: Timestamp, expires_at: Timestamp) -> Result<()> {
        on_conn!(self, conn => sqlx::query("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1")
            .bind(id)
            .bind(crate::instant::Instant::from(seen_at))
            .bind(crate::instant::Instant::from(expires_at))
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// The sessions of an account that are neither revoked nor expired at `now`, newest first.
    pub async fn active_sessions(&mut self, user_id: Uuid, now: Timestamp) -> Result<Vec<Session>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 \
             ORDER BY id DESC"
        );
        let rows = on_conn!(self, conn => sqlx::query_as::<_, SessionRow>(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .bind(crate::instant::Instant::from(now))
            .fetch_all(conn)
            .await)?;
        Ok(rows.into_iter().map(Session::from).collect())
    }

    /// Revokes one session of the account, or all of them when `id` is `None`; returns how many.
    pub async fn revoke_sessions(&mut self, user_id: Uuid, id: Option<Uuid>, at: Timestamp) -> Result<u64> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND ($2 IS NULL OR id = $2) AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(id)
        .bind(crate::instant::Instant::from(at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done)
    }

    pub async fn insert_token(&mut self, token: &ApiToken) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, last_used_at, revoked_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token.id)
        .bind(token.user_id)
        .bind(&token.name)
        .bind(&token.token_hash)
        .bind(crate::instant::Instant::from(token.created_at))
        .bind(token.last_used_at.map(crate::instant::Instant::from))
        .bind(token.revoked_at.map(crate::instant::Instant::from))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn token_by_hash(&mut self, token_hash: &str) -> Result<Option<ApiToken>> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, TokenRow>(sqlx::AssertSqlSafe(sql)).bind(token_hash).fetch_optional(conn).await)?;
        Ok(row.map(ApiToken::from))
    }

    pub async fn tokens_of(&mut self, user_id: Uuid) -> Result<Vec<ApiToken>> {
        let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, TokenRow>(sqlx::AssertSqlSafe(sql)).bind(user_id).fetch_all(conn).await)?;
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    pub async fn touch_token(&mut self, id: Uuid, at: Timestamp) -> Result<()> {
        on_conn!(self, conn => sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(id)
            .bind(crate::instant::Instant::from(at))
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Revokes every live token of an account (when it is disabled or its password reset).
    pub async fn revoke_tokens(&mut self, user_id: Uuid, at: Timestamp) -> Result<u64> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(crate::instant::Instant::from(at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done)
    }

    /// Returns whether a live token of that account was revoked.
    pub async fn revoke_token(&mut self, user_id: Uuid, id: Uuid, at: Timestamp) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(user_id)
        .bind(crate::instant::Instant::from(at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }
}
