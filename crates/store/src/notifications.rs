//! In-app notifications: reminders, missed-deadline notices and escalations for one person each.
//!
//! A notification is written once per person and dedupe key (`notifications_dedupe`), so the urging
//! job can run again, after a crash or on a second server, without adding anything twice. The same
//! rows feed the daily e-mail digest: `emailed_at` says which ones a digest has already carried.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::Tx;
use crate::error::Result;
use crate::instant::Instant;

/// One message for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    pub id: Uuid,
    pub user_id: Uuid,
    /// What it is about (`remind`, `missed`, `escalate`, `regular`); the app gives these meaning.
    pub kind: String,
    pub task_id: Option<Uuid>,
    pub subject: String,
    pub body: String,
    /// Where in the application it leads, e.g. `/tasks/{id}`.
    pub link: String,
    /// Unique per person: the same event never notifies the same person twice.
    #[serde(skip)]
    pub dedupe_key: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
    #[serde(skip)]
    pub emailed_at: Option<Timestamp>,
}

/// Someone with notifications that no digest has carried yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestRecipient {
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
}

#[derive(FromRow)]
struct NotificationRow {
    id: Uuid,
    user_id: Uuid,
    kind: String,
    task_id: Option<Uuid>,
    subject: String,
    body: String,
    link: String,
    dedupe_key: String,
    created_at: Instant,
    read_at: Option<Instant>,
    emailed_at: Option<Instant>,
}

impl From<NotificationRow> for Notification {
    fn from(row: NotificationRow) -> Self {
        Notification {
            id: row.id,
            user_id: row.user_id,
            kind: row.kind,
            task_id: row.task_id,
            subject: row.subject,
            body: row.body,
            link: row.link,
            dedupe_key: row.dedupe_key,
            created_at: row.created_at.to_jiff(),
            read_at: row.read_at.map(Instant::to_jiff),
            emailed_at: row.emailed_at.map(Instant::to_jiff),
        }
    }
}

#[derive(FromRow)]
struct RecipientRow {
    id: Uuid,
    email: Option<String>,
    display_name: String,
}

const COLUMNS: &str = "n.id, n.user_id, n.kind, n.task_id, n.subject, n.body, n.link, n.dedupe_key, n.created_at, n.read_at, n.emailed_at";

/// Rows per multi-row INSERT: 11 parameters each stays far below SQLite's and PostgreSQL's limits
/// on bound parameters, while one round trip carries hundreds of rows.
const INSERT_CHUNK: usize = 400;

impl Tx {
    /// Inserts the notifications that are new and ignores those whose person and dedupe key already
    /// exist (`ON CONFLICT … DO NOTHING`, the same on both backends); returns how many were new.
    pub async fn insert_notifications(&mut self, notifications: &[Notification]) -> Result<u64> {
        let mut inserted = 0;
        for chunk in notifications.chunks(INSERT_CHUNK) {
            inserted += on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO notifications (id, user_id, kind, task_id, subject, body, link, dedupe_key, \
                     created_at, read_at, emailed_at) ",
                );
                query.push_values(chunk, |mut row, n| {
                    row.push_bind(n.id)
                        .push_bind(n.user_id)
                        .push_bind(n.kind.clone())
                        .push_bind(n.task_id)
                        .push_bind(n.subject.clone())
                        .push_bind(n.body.clone())
                        .push_bind(n.link.clone())
                        .push_bind(n.dedupe_key.clone())
                        .push_bind(Instant::from(n.created_at))
                        .push_bind(n.read_at.map(Instant::from))
                        .push_bind(n.emailed_at.map(Instant::from));
                });
                query.push(" ON CONFLICT (user_id, dedupe_key) DO NOTHING");
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(inserted)
    }

    /// Inserts one notification unless its person already has one with the same dedupe key;
    /// returns whether it was new.
    pub async fn insert_notification(&mut self, notification: &Notification) -> Result<bool> {
        Ok(self.insert_notifications(std::slice::from_ref(notification)).await? == 1)
    }

    /// A person's notifications, newest first, `limit` at a time; `before` is the last id of the
    /// previous page (keyset paging, so a page costs the same however deep it is).
    pub async fn notifications_of(
        &mut self,
        user_id: Uuid,
        before: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!("SELECT {COLUMNS} FROM notifications n WHERE n.user_id = "));
            query.push_bind(user_id);
            if let Some(before) = before {
                // The cursor row is looked up by its primary key; rows of another person never match.
                query.push(
                    " AND EXISTS (SELECT 1 FROM notifications c WHERE c.id = ",
                ).push_bind(before);
                query.push(
                    " AND c.user_id = n.user_id AND (n.created_at < c.created_at \
                     OR (n.created_at = c.created_at AND n.id < c.id)))",
                );
            }
            query.push(" ORDER BY n.created_at DESC, n.id DESC LIMIT ").push_bind(limit);
            query.build_query_as::<NotificationRow>().fetch_all(conn).await
        })?;
        Ok(rows.into_iter().map(Notification::from).collect())
    }

    pub async fn notification(&mut self, id: Uuid) -> Result<Option<Notification>> {
        let sql = format!("SELECT {COLUMNS} FROM notifications n WHERE n.id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, NotificationRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await)?;
        Ok(row.map(Notification::from))
    }

    pub async fn unread_notification_count(&mut self, user_id: Uuid) -> Result<i64> {
        let count = on_conn!(self, conn => sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(conn)
        .await)?;
        Ok(count)
    }

    /// Marks one of `user_id`'s notifications read (keeping the first reading time). Returns false
    /// when there is no such notification *of this person*, so nobody can touch another's.
    pub async fn mark_notification_read(&mut self, user_id: Uuid, id: Uuid, at: Timestamp) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2",
        )
        .bind(id)
        .bind(user_id)
        .bind(Instant::from(at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }

    /// Marks every unread notification of a person read; returns how many there were.
    pub async fn mark_all_notifications_read(&mut self, user_id: Uuid, at: Timestamp) -> Result<u64> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user_id)
        .bind(Instant::from(at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done)
    }

    /// The notifications of a person that no digest has carried yet, created at or before
    /// `up_to`, oldest first.
    pub async fn unemailed_notifications(&mut self, user_id: Uuid, up_to: Timestamp) -> Result<Vec<Notification>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM notifications n WHERE n.user_id = $1 AND n.emailed_at IS NULL \
             AND n.created_at <= $2 ORDER BY n.created_at, n.id"
        );
        let rows = on_conn!(self, conn => sqlx::query_as::<_, NotificationRow>(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .bind(Instant::from(up_to))
            .fetch_all(conn)
            .await)?;
        Ok(rows.into_iter().map(Notification::from).collect())
    }

    /// Records that a digest carries these notifications (by id, so that one written meanwhile by
    /// another transaction is not marked without being carried); returns how many were marked.
    pub async fn mark_notifications_emailed(&mut self, ids: &[Uuid], at: Timestamp) -> Result<u64> {
        let mut marked = 0;
        for chunk in ids.chunks(INSERT_CHUNK) {
            marked += on_conn!(self, conn => {
                let mut query = QueryBuilder::new("UPDATE notifications SET emailed_at = ");
                query.push_bind(Instant::from(at)).push(" WHERE emailed_at IS NULL AND id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(")");
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(marked)
    }

    /// Active people with an e-mail address and notifications created at or before `up_to` that
    /// no digest has carried yet, by id, `limit` at a time after `after`. Runs once a day in the
    /// background; it reads every not-yet-e-mailed row (there is no index on `emailed_at`).
    pub async fn digest_recipients(
        &mut self,
        up_to: Timestamp,
        after: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<DigestRecipient>> {
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(
                "SELECT usr.id, usr.email, usr.display_name FROM users usr WHERE usr.disabled = FALSE \
                 AND usr.email IS NOT NULL AND usr.email <> '' AND EXISTS (SELECT 1 FROM notifications n \
                 WHERE n.user_id = usr.id AND n.emailed_at IS NULL AND n.created_at <= ",
            );
            query.push_bind(Instant::from(up_to)).push(")");
            if let Some(after) = after {
                query.push(" AND usr.id > ").push_bind(after);
            }
            query.push(" ORDER BY usr.id LIMIT ").push_bind(limit);
            query.build_query_as::<RecipientRow>().fetch_all(conn).await
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(DigestRecipient { user_id: row.id, email: row.email?, display_name: row.display_name })
            })
            .collect())
    }
}
