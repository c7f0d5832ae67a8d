//! The append-only, hash-chained audit log, written in the same transaction as the change it records.

use jiff::Timestamp;
use nqtrack_domain::audit::{AuditEntry, AuditEvent};
use nqtrack_domain::policy::Scope;
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::Tx;
use crate::error::Result;
use crate::scope_sql::push_scope;

const AUDIT_COLUMNS: &str = "a.seq, a.at, a.actor_id, a.actor_name, a.action, a.object_type, a.object_id, \
     a.unit_path, a.before_json, a.after_json, a.prev_hash, a.hash";

#[derive(FromRow)]
struct AuditRow {
    seq: i64,
    at: crate::instant::Instant,
    actor_id: Option<Uuid>,
    actor_name: String,
    action: String,
    object_type: String,
    object_id: String,
    unit_path: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    prev_hash: String,
    hash: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        AuditEntry {
            seq: row.seq,
            at: row.at.to_jiff(),
            actor_id: row.actor_id,
            actor_name: row.actor_name,
            action: row.action,
            object_type: row.object_type,
            object_id: row.object_id,
            unit_path: row.unit_path,
            before: row.before_json,
            after: row.after_json,
            prev_hash: row.prev_hash,
            hash: row.hash,
        }
    }
}

/// What the history of an object or a unit is asked for.
#[derive(Debug, Clone)]
pub enum AuditFilter<'a> {
    Object { object_type: &'a str, object_id: &'a str },
    Everything,
}

impl Tx {
    /// Appends an entry after the current head. Updating the head row first takes its lock (or, on
    /// SQLite, relies on the write lock already held), so concurrent writers chain one after another.
    pub async fn append_audit(&mut self, event: AuditEvent, at: Timestamp) -> Result<AuditEntry> {
        let (seq, prev_hash): (i64, String) = on_conn!(self, conn => sqlx::query_as(
            "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq - 1, hash",
        )
        .fetch_one(conn)
        .await)?;
        let entry = event.chain(seq, &prev_hash, at);
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_id, actor_name, action, object_type, object_id, unit_path, \
             before_json, after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(entry.seq)
        .bind(crate::instant::Instant::from(entry.at))
        .bind(entry.actor_id)
        .bind(&entry.actor_name)
        .bind(&entry.action)
        .bind(&entry.object_type)
        .bind(&entry.object_id)
        .bind(&entry.unit_path)
        .bind(&entry.before)
        .bind(&entry.after)
        .bind(&entry.prev_hash)
        .bind(&entry.hash)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        on_conn!(self, conn => sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&entry.hash)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        Ok(entry)
    }

    /// Appends many entries at once (a cascade to thousands of units): one head update, multi-row
    /// inserts, the same chain as appending them one by one.
    pub async fn append_audit_batch(&mut self, events: Vec<AuditEvent>, at: Timestamp) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let count = events.len() as i64;
        let (mut seq, mut prev_hash): (i64, String) = on_conn!(self, conn => sqlx::query_as(
            "UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq - $1, hash",
        )
        .bind(count)
        .fetch_one(conn)
        .await)?;
        let mut entries = Vec::with_capacity(events.len());
        for event in events {
            let entry = event.chain(seq, &prev_hash, at);
            seq = entry.seq;
            prev_hash.clone_from(&entry.hash);
            entries.push(entry);
        }
        // Twelve parameters a row: 400 rows stay under SQLite's limit of bound parameters.
        for chunk in entries.chunks(400) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO audit_log (seq, at, actor_id, actor_name, action, object_type, object_id, unit_path, \
                     before_json, after_json, prev_hash, hash) ",
                );
                query.push_values(chunk, |mut row, entry| {
                    row.push_bind(entry.seq)
                        .push_bind(crate::instant::Instant::from(entry.at))
                        .push_bind(entry.actor_id)
                        .push_bind(entry.actor_name.clone())
                        .push_bind(entry.action.clone())
                        .push_bind(entry.object_type.clone())
                        .push_bind(entry.object_id.clone())
                        .push_bind(entry.unit_path.clone())
                        .push_bind(entry.before.clone())
                        .push_bind(entry.after.clone())
                        .push_bind(entry.prev_hash.clone())
                        .push_bind(entry.hash.clone());
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        on_conn!(self, conn => sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&prev_hash)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// The sequence number and hash the chain should end with.
    pub async fn audit_head(&mut self) -> Result<(i64, String)> {
        let head = on_conn!(self, conn => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(conn).await)?;
        Ok(head)
    }

    /// Up to `limit` entries after `after_seq`, in order: verification reads the log in such pages.
    pub async fn audit_page(&mut self, after_seq: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(sql))
            .bind(after_seq)
            .bind(limit)
            .fetch_all(conn)
            .await)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// The newest entries matching `filter` that `scope` may see (entries without a unit are visible
    /// only to an unrestricted scope), newest first, before `before_seq` when paging.
    pub async fn audit_history(
        &mut self,
        filter: AuditFilter<'_>,
        scope: &Scope,
        before_seq: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!("SELECT {AUDIT_COLUMNS} FROM audit_log a WHERE 1 = 1"));
            if let AuditFilter::Object { object_type, object_id } = &filter {
                query.push(" AND a.object_type = ").push_bind(object_type.to_string());
                query.push(" AND a.object_id = ").push_bind(object_id.to_string());
            }
            if let Some(before) = before_seq {
                query.push(" AND a.seq < ").push_bind(before);
            }
            push_scope(&mut query, "a.unit_path", scope);
            query.push(" ORDER BY a.seq DESC LIMIT ").push_bind(limit);
            query.build_query_as::<AuditRow>().fetch_all(conn).await
        })?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }
}
