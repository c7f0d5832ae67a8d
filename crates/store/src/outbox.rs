//! The e-mail outbox: each message is written in the database before anyone tries to send it, and a
//! sender takes it with a lease (a conditional `UPDATE`), so that
//!
//! * a message is never lost: it stays `pending` until a send succeeded, whatever crashes;
//! * two senders never hold the same message: the `UPDATE` only succeeds while no live lease exists;
//! * a crash between taking and sending only delays it: the lease runs out and it is taken again;
//! * a message marked `sent` is never taken again.
//!
//! (A crash *after* the SMTP server accepted a message but before it was marked sent can still send
//! it twice: no protocol can make that atomic. The message carries a stable `Message-ID`, so mail
//! clients show one copy.)

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::db::Tx;
use crate::error::{Result, StoreError};
use crate::instant::Instant;

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting to be sent, or to be retried after a temporary failure.
    Pending,
    /// Accepted by the SMTP server.
    Sent,
    /// Refused for good (e.g. no such mailbox); kept with its error until an operator retries it.
    Failed,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        match text {
            "pending" => Ok(OutboxState::Pending),
            "sent" => Ok(OutboxState::Sent),
            "failed" => Ok(OutboxState::Failed),
            other => Err(StoreError::Corrupt(format!("outbox state {other:?}"))),
        }
    }
}

/// One e-mail: the daily digest of one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    pub id: Uuid,
    pub user_id: Uuid,
    pub recipient: String,
    /// The day (in Vietnam) the digest is for: one message per person and day.
    pub digest_on: Date,
    pub subject: String,
    pub body: String,
    pub state: OutboxState,
    /// How many times a sender has taken it.
    pub attempts: i32,
    pub next_attempt_at: Timestamp,
    pub lease_until: Option<Timestamp>,
    pub sent_at: Option<Timestamp>,
    pub last_error: String,
    pub created_at: Timestamp,
}

impl OutboxMessage {
    /// A new pending digest, due at once.
    pub fn digest(
        user_id: Uuid,
        recipient: String,
        digest_on: Date,
        subject: String,
        body: String,
        now: Timestamp,
    ) -> Self {
        OutboxMessage {
            id: Uuid::now_v7(),
            user_id,
            recipient,
            digest_on,
            subject,
            body,
            state: OutboxState::Pending,
            attempts: 0,
            next_attempt_at: now,
            lease_until: None,
            sent_at: None,
            last_error: String::new(),
            created_at: now,
        }
    }
}

/// How many messages are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

#[derive(FromRow)]
struct MessageRow {
    id: Uuid,
    user_id: Uuid,
    recipient: String,
    digest_on: jiff_sqlx::Date,
    subject: String,
    body: String,
    state: String,
    attempts: i32,
    next_attempt_at: Instant,
    lease_until: Option<Instant>,
    sent_at: Option<Instant>,
    last_error: String,
    created_at: Instant,
}

impl TryFrom<MessageRow> for OutboxMessage {
    type Error = StoreError;
    fn try_from(row: MessageRow) -> Result<Self> {
        Ok(OutboxMessage {
            id: row.id,
            user_id: row.user_id,
            recipient: row.recipient,
            digest_on: row.digest_on.to_jiff(),
            subject: row.subject,
            body: row.body,
            state: OutboxState::parse(&row.state)?,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at.to_jiff(),
            lease_until: row.lease_until.map(Instant::to_jiff),
            sent_at: row.sent_at.map(Instant::to_jiff),
            last_error: row.last_error,
            created_at: row.created_at.to_jiff(),
        })
    }
}

const COLUMNS: &str = "id, user_id, recipient, digest_on, subject, body, state, attempts, next_attempt_at, \
     lease_until, sent_at, last_error, created_at";

/// What makes a message takeable at `$1`: pending, due, and not held by a live lease.
const TAKEABLE: &str = "state = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)";

impl Tx {
    /// Queues a message unless its person already has one for that day; returns whether it was new.
    pub async fn enqueue_email(&mut self, message: &OutboxMessage) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query(
            "INSERT INTO email_outbox (id, user_id, recipient, digest_on, subject, body, state, attempts, \
             next_attempt_at, lease_until, sent_at, last_error, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (user_id, digest_on) DO NOTHING",
        )
        .bind(message.id)
        .bind(message.user_id)
        .bind(&message.recipient)
        .bind(jiff_sqlx::Date::from(message.digest_on))
        .bind(&message.subject)
        .bind(&message.body)
        .bind(message.state.as_str())
        .bind(message.attempts)
        .bind(Instant::from(message.next_attempt_at))
        .bind(message.lease_until.map(Instant::from))
        .bind(message.sent_at.map(Instant::from))
        .bind(&message.last_error)
        .bind(Instant::from(message.created_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }

    /// Takes up to `limit` due messages for sending, leasing each until `lease_until` and counting
    /// the attempt. Commit before sending, so other senders see the lease.
    ///
    /// Each message is taken by its own conditional `UPDATE … WHERE <still takeable>`: when two
    /// senders pick the same candidate, PostgreSQL re-checks the condition after the first one's
    /// write and the second gets no row; SQLite serialises writers anyway.
    pub async fn take_due_emails(
        &mut self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>> {
        let sql = format!("SELECT id FROM email_outbox WHERE {TAKEABLE} ORDER BY next_attempt_at, id LIMIT $2");
        let candidates = on_conn!(self, conn => sqlx::query_scalar::<_, Uuid>(sqlx::AssertSqlSafe(sql))
            .bind(Instant::from(now))
            .bind(limit)
            .fetch_all(conn)
            .await)?;
        let take = format!(
            "UPDATE email_outbox SET lease_until = $2, attempts = attempts + 1 WHERE id = $3 AND {TAKEABLE} \
             RETURNING {COLUMNS}"
        );
        let mut taken = Vec::with_capacity(candidates.len());
        for id in candidates {
            let row = on_conn!(self, conn => sqlx::query_as::<_, MessageRow>(sqlx::AssertSqlSafe(take.clone()))
                .bind(Instant::from(now))
                .bind(Instant::from(lease_until))
                .bind(id)
                .fetch_optional(conn)
                .await)?;
            if let Some(row) = row {
                taken.push(OutboxMessage::try_from(row)?);
            }
        }
        Ok(taken)
    }

    /// Records a successful send. Only a pending message changes, so a late duplicate report
    /// cannot rewrite the first sending time.
    pub async fn mark_email_sent(&mut self, id: Uuid, at: Timestamp) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE email_outbox SET state = 'sent', sent_at = $2, lease_until = NULL, last_error = '' \
             WHERE id = $1 AND state = 'pending'",
        )
        .bind(id)
        .bind(Instant::from(at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }

    /// Records a failed send: retried from `retry_at`, or, when `None` (the server refused it for
    /// good), kept as `failed` with its error.
    pub async fn mark_email_failed(&mut self, id: Uuid, error: &str, retry_at: Option<Timestamp>) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE email_outbox SET state = $2, next_attempt_at = COALESCE($3, next_attempt_at), \
             lease_until = NULL, last_error = $4 WHERE id = $1 AND state = 'pending'",
        )
        .bind(id)
        .bind(if retry_at.is_some() { OutboxState::Pending.as_str() } else { OutboxState::Failed.as_str() })
        .bind(retry_at.map(Instant::from))
        .bind(error)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }

    /// Puts every `failed` message back in the queue, due at `now` (after an operator fixed the
    /// cause); returns how many.
    pub async fn retry_failed_emails(&mut self, now: Timestamp) -> Result<u64> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE email_outbox SET state = 'pending', next_attempt_at = $1, lease_until = NULL WHERE state = 'failed'",
        )
        .bind(Instant::from(now))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done)
    }

    pub async fn email(&mut self, id: Uuid) -> Result<Option<OutboxMessage>> {
        let sql = format!("SELECT {COLUMNS} FROM email_outbox WHERE id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, MessageRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await)?;
        row.map(OutboxMessage::try_from).transpose()
    }

    /// The messages of one person, newest day first.
    pub async fn emails_of(&mut self, user_id: Uuid, limit: i64) -> Result<Vec<OutboxMessage>> {
        let sql = format!("SELECT {COLUMNS} FROM email_outbox WHERE user_id = $1 ORDER BY digest_on DESC LIMIT $2");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, MessageRow>(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .bind(limit)
            .fetch_all(conn)
            .await)?;
        rows.into_iter().map(OutboxMessage::try_from).collect()
    }

    pub async fn outbox_counts(&mut self) -> Result<OutboxCounts> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, (String, i64)>(
            "SELECT state, COUNT(*) FROM email_outbox GROUP BY state",
        )
        .fetch_all(conn)
        .await)?;
        let mut counts = OutboxCounts::default();
        for (state, count) in rows {
            match OutboxState::parse(&state)? {
                OutboxState::Pending => counts.pending = count,
                OutboxState::Sent => counts.sent = count,
                OutboxState::Failed => counts.failed = count,
            }
        }
        Ok(counts)
    }
}
