//! Steering committees, their members and working groups.

use nqtrack_domain::committee::{Body, MemberRole};
use sqlx::FromRow;
use uuid::Uuid;

use crate::db::Tx;
use crate::error::{Result, StoreError};
use crate::records::{Committee, CommitteeMember};

#[derive(FromRow)]
struct CommitteeRow {
    unit_id: Uuid,
    name: String,
    standing_office_id: Option<Uuid>,
    decision: String,
    updated_at: crate::instant::Instant,
}

#[derive(FromRow)]
struct MemberRow {
    id: Uuid,
    unit_id: Uuid,
    body: String,
    role: String,
    user_id: Option<Uuid>,
    person_name: String,
    position: String,
    portfolio: String,
    sort_order: i32,
    created_at: crate::instant::Instant,
}

impl TryFrom<MemberRow> for CommitteeMember {
    type Error = StoreError;
    fn try_from(row: MemberRow) -> Result<Self> {
        Ok(CommitteeMember {
            id: row.id,
            unit_id: row.unit_id,
            body: Body::parse("body", &row.body)?,
            role: MemberRole::parse("role", &row.role)?,
            user_id: row.user_id,
            person_name: row.person_name,
            position: row.position,
            portfolio: row.portfolio,
            sort_order: row.sort_order,
            created_at: row.created_at.to_jiff(),
        })
    }
}

const MEMBER_COLUMNS: &str =
    "id, unit_id, body, role, user_id, person_name, position, portfolio, sort_order, created_at";

impl Tx {
    pub async fn committee(&mut self, unit_id: Uuid) -> Result<Option<Committee>> {
        let row = on_conn!(self, conn => sqlx::query_as::<_, CommitteeRow>(
            "SELECT unit_id, name, standing_office_id, decision, updated_at FROM committees WHERE unit_id = $1",
        )
        .bind(unit_id)
        .fetch_optional(conn)
        .await)?;
        Ok(row.map(|row| Committee {
            unit_id: row.unit_id,
            name: row.name,
            standing_office_id: row.standing_office_id,
            decision: row.decision,
            updated_at: row.updated_at.to_jiff(),
        }))
    }

    pub async fn upsert_committee(&mut self, committee: &Committee) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO committees (unit_id, name, standing_office_id, decision, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (unit_id) DO UPDATE SET name = excluded.name, standing_office_id = excluded.standing_office_id, \
             decision = excluded.decision, updated_at = excluded.updated_at",
        )
        .bind(committee.unit_id)
        .bind(&committee.name)
        .bind(committee.standing_office_id)
        .bind(&committee.decision)
        .bind(crate::instant::Instant::from(committee.updated_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn committee_members(&mut self, unit_id: Uuid) -> Result<Vec<CommitteeMember>> {
        let sql = format!(
            "SELECT {MEMBER_COLUMNS} FROM committee_members WHERE unit_id = $1 ORDER BY body, sort_order, person_name"
        );
        let rows = on_conn!(self, conn => sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(sql)).bind(unit_id).fetch_all(conn).await)?;
        rows.into_iter().map(CommitteeMember::try_from).collect()
    }

    pub async fn committee_member(&mut self, id: Uuid) -> Result<Option<CommitteeMember>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM committee_members WHERE id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await)?;
        row.map(CommitteeMember::try_from).transpose()
    }

    pub async fn insert_committee_member(&mut self, member: &CommitteeMember) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO committee_members (id, unit_id, body, role, user_id, person_name, position, portfolio, \
             sort_order, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(member.id)
        .bind(member.unit_id)
        .bind(member.body.as_str())
        .bind(member.role.as_str())
        .bind(member.user_id)
        .bind(&member.person_name)
        .bind(&member.position)
        .bind(&member.portfolio)
        .bind(member.sort_order)
        .bind(crate::instant::Instant::from(member.created_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn delete_committee_member(&mut self, id: Uuid) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query("DELETE FROM committee_members WHERE id = $1").bind(id).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }
}
