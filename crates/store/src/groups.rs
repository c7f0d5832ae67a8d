//! Unit groups ("mountainous provinces") for comparing peers.

use sqlx::FromRow;
use uuid::Uuid;

use crate::db::Tx;
use crate::error::Result;
use crate::records::{Unit, UnitGroup};
use crate::units::{UNIT_COLUMNS, UnitRow};

#[derive(FromRow)]
struct GroupRow {
    id: Uuid,
    code: String,
    name: String,
    owner_id: Uuid,
    created_at: crate::instant::Instant,
}

impl From<GroupRow> for UnitGroup {
    fn from(row: GroupRow) -> Self {
        UnitGroup {
            id: row.id,
            code: row.code,
            name: row.name,
            owner_id: row.owner_id,
            created_at: row.created_at.to_jiff(),
        }
    }
}

impl Tx {
    pub async fn insert_group(&mut self, group: &UnitGroup) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO unit_groups (id, code, name, owner_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(group.id)
        .bind(&group.code)
        .bind(&group.name)
        .bind(group.owner_id)
        .bind(crate::instant::Instant::from(group.created_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn group(&mut self, id: Uuid) -> Result<Option<UnitGroup>> {
        let row = on_conn!(self, conn => sqlx::query_as::<_, GroupRow>(
            "SELECT id, code, name, owner_id, created_at FROM unit_groups WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(conn)
        .await)?;
        Ok(row.map(UnitGroup::from))
    }

    /// Groups owned by a unit (the unit that compares its members).
    pub async fn groups_owned_by(&mut self, owner_id: Uuid) -> Result<Vec<UnitGroup>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, GroupRow>(
            "SELECT id, code, name, owner_id, created_at FROM unit_groups WHERE owner_id = $1 ORDER BY code",
        )
        .bind(owner_id)
        .fetch_all(conn)
        .await)?;
        Ok(rows.into_iter().map(UnitGroup::from).collect())
    }

    pub async fn groups_of_unit(&mut self, unit_id: Uuid) -> Result<Vec<UnitGroup>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, GroupRow>(
            "SELECT g.id, g.code, g.name, g.owner_id, g.created_at FROM unit_groups g \
             JOIN unit_group_members m ON m.group_id = g.id WHERE m.unit_id = $1 ORDER BY g.code",
        )
        .bind(unit_id)
        .fetch_all(conn)
        .await)?;
        Ok(rows.into_iter().map(UnitGroup::from).collect())
    }

    pub async fn group_members(&mut self, group_id: Uuid) -> Result<Vec<Unit>> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM units u JOIN unit_group_members m ON m.unit_id = u.id \
             WHERE m.group_id = $1 ORDER BY u.code"
        );
        let rows = on_conn!(self, conn => sqlx::query_as::<_, UnitRow>(sqlx::AssertSqlSafe(sql)).bind(group_id).fetch_all(conn).await)?;
        rows.into_iter().map(Unit::try_from).collect()
    }

    /// Adds a unit to a group; returns false when it was already a member.
    pub async fn add_group_member(&mut self, group_id: Uuid, unit_id: Uuid) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query(
            "INSERT INTO unit_group_members (group_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(group_id)
        .bind(unit_id)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn remove_group_member(&mut self, group_id: Uuid, unit_id: Uuid) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query("DELETE FROM unit_group_members WHERE group_id = $1 AND unit_id = $2")
            .bind(group_id)
            .bind(unit_id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }

    /// Moves group memberships from a merged-away unit to its successor.
    pub async fn move_group_memberships(&mut self, from: Uuid, to: Uuid) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO unit_group_members (group_id, unit_id) SELECT group_id, $2 FROM unit_group_members \
             WHERE unit_id = $1 ON CONFLICT DO NOTHING",
        )
        .bind(from)
        .bind(to)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        on_conn!(self, conn => sqlx::query("DELETE FROM unit_group_members WHERE unit_id = $1").bind(from).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }
}
