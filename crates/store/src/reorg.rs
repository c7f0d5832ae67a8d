//! Reorganisation records: events (merge, split, rename), lineage edges and moving what a dissolved
//! unit held to its successor.

use jiff::Timestamp;
use nqtrack_domain::unit::UnitPath;
use sqlx::FromRow;
use uuid::Uuid;

use crate::db::Tx;
use crate::error::{Result, StoreError};
use crate::records::{LineageLink, Unit, UnitEvent};

#[derive(FromRow)]
struct EventRow {
    id: Uuid,
    kind: String,
    effective_on: jiff_sqlx::Date,
    reason: String,
    unit_id: Option<Uuid>,
    old_name: Option<String>,
    new_name: Option<String>,
    actor_id: Option<Uuid>,
    created_at: crate::instant::Instant,
}

#[derive(FromRow)]
struct LineageRow {
    event_id: Uuid,
    kind: String,
    effective_on: jiff_sqlx::Date,
    predecessor_id: Uuid,
    predecessor_code: String,
    predecessor_name: String,
    successor_id: Uuid,
    successor_code: String,
    successor_name: String,
}

impl Tx {
    pub async fn insert_unit_event(&mut self, event: &UnitEvent) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO unit_events (id, kind, effective_on, reason, unit_id, old_name, new_name, actor_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(event.id)
        .bind(&event.kind)
        .bind(jiff_sqlx::Date::from(event.effective_on))
        .bind(&event.reason)
        .bind(event.unit_id)
        .bind(&event.old_name)
        .bind(&event.new_name)
        .bind(event.actor_id)
        .bind(crate::instant::Instant::from(event.created_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn insert_lineage(&mut self, event_id: Uuid, predecessor: Uuid, successor: Uuid) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO unit_lineage (event_id, predecessor_id, successor_id) VALUES ($1, $2, $3)",
        )
        .bind(event_id)
        .bind(predecessor)
        .bind(successor)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Renames of a unit (events that name it), oldest first.
    pub async fn unit_events(&mut self, unit_id: Uuid) -> Result<Vec<UnitEvent>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, EventRow>(
            "SELECT id, kind, effective_on, reason, unit_id, old_name, new_name, actor_id, created_at \
             FROM unit_events WHERE unit_id = $1 ORDER BY effective_on, id",
        )
        .bind(unit_id)
        .fetch_all(conn)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|row| UnitEvent {
                id: row.id,
                kind: row.kind,
                effective_on: row.effective_on.to_jiff(),
                reason: row.reason,
                unit_id: row.unit_id,
                old_name: row.old_name,
                new_name: row.new_name,
                actor_id: row.actor_id,
                created_at: row.created_at.to_jiff(),
            })
            .collect())
    }

    /// Every lineage edge touching the unit, as predecessor or successor.
    pub async fn lineage(&mut self, unit_id: Uuid) -> Result<Vec<LineageLink>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, LineageRow>(
            "SELECT l.event_id, e.kind, e.effective_on, l.predecessor_id, p.code AS predecessor_code, \
             p.name AS predecessor_name, l.successor_id, s.code AS successor_code, s.name AS successor_name \
             FROM unit_lineage l JOIN unit_events e ON e.id = l.event_id \
             JOIN units p ON p.id = l.predecessor_id JOIN units s ON s.id = l.successor_id \
             WHERE l.predecessor_id = $1 OR l.successor_id = $1 ORDER BY e.effective_on, l.event_id",
        )
        .bind(unit_id)
        .fetch_all(conn)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|row| LineageLink {
                event_id: row.event_id,
                kind: row.kind,
                effective_on: row.effective_on.to_jiff(),
                predecessor_id: row.predecessor_id,
                predecessor_code: row.predecessor_code,
                predecessor_name: row.predecessor_name,
                successor_id: row.successor_id,
                successor_code: row.successor_code,
                successor_name: row.successor_name,
            })
            .collect())
    }

    /// Units of a subtree closed into exactly one successor (merged or renamed, not split), with the
    /// predecessor's path and the successor's: whose history is carried on by whom.
    pub async fn successions_within(&mut self, root: &UnitPath) -> Result<Vec<(UnitPath, UnitPath)>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, (String, String)>(
            "SELECT p.path, s.path FROM unit_lineage l JOIN units p ON p.id = l.predecessor_id \
             JOIN units s ON s.id = l.successor_id WHERE p.path >= $1 AND p.path < $2 \
             AND (SELECT COUNT(*) FROM unit_lineage o WHERE o.predecessor_id = l.predecessor_id) = 1",
        )
        .bind(root.as_str())
        .bind(root.subtree_end())
        .fetch_all(conn)
        .await)?;
        Ok(rows.into_iter().map(|(p, s)| (UnitPath::from_stored(p), UnitPath::from_stored(s))).collect())
    }

    /// Moves everything under `from` (not `from` itself) under `to`, keeping the shape of the subtree.
    pub async fn move_descendants(&mut self, from: &Unit, to: &Unit, at: Timestamp) -> Result<()> {
        let cut = i32::try_from(from.path.as_str().len() + 1).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        on_conn!(self, conn => sqlx::query(
            "UPDATE units SET path = $1 || substr(path, $2) WHERE path > $3 AND path < $4",
        )
        .bind(to.path.as_str())
        .bind(cut)
        .bind(from.path.as_str())
        .bind(from.path.subtree_end())
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        on_conn!(self, conn => sqlx::query("UPDATE units SET parent_id = $2, updated_at = $3 WHERE parent_id = $1")
            .bind(from.id)
            .bind(to.id)
            .bind(crate::instant::Instant::from(at))
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        Ok(())
    }
}
