//! Accounts and the roles granted to them.

use nqtrack_domain::policy::Scope;
use nqtrack_domain::unit::UnitPath;
use nqtrack_domain::user::Role;
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::Tx;
use crate::error::{Result, StoreError};
use crate::records::{RoleGrant, User};
use crate::scope_sql::push_scope;

const USER_COLUMNS: &str = "usr.id, usr.username, usr.display_name, usr.email, usr.unit_id, usr.password_hash, \
     usr.disabled, usr.must_change_password, usr.locale, usr.created_at, usr.updated_at";

#[derive(FromRow)]
struct UserRow {
    id: Uuid,
    username: String,
    display_name: String,
    email: Option<String>,
    unit_id: Uuid,
    password_hash: String,
    disabled: bool,
    must_change_password: bool,
    locale: String,
    created_at: crate::instant::Instant,
    updated_at: crate::instant::Instant,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            username: row.username,
            display_name: row.display_name,
            email: row.email,
            unit_id: row.unit_id,
            password_hash: row.password_hash,
            disabled: row.disabled,
            must_change_password: row.must_change_password,
            locale: row.locale,
            created_at: row.created_at.to_jiff(),
            updated_at: row.updated_at.to_jiff(),
        }
    }
}

#[derive(FromRow)]
struct GrantRow {
    user_id: Uuid,
    role: String,
    unit_id: Uuid,
    code: String,
    name: String,
    path: String,
}

impl TryFrom<GrantRow> for RoleGrant {
    type Error = StoreError;
    fn try_from(row: GrantRow) -> Result<Self> {
        Ok(RoleGrant {
            user_id: row.user_id,
            role: Role::parse("role", &row.role)?,
            unit_id: row.unit_id,
            unit_code: row.code,
            unit_name: row.name,
            unit_path: UnitPath::from_stored(row.path),
        })
    }
}

impl Tx {
    pub async fn insert_user(&mut self, user: &User) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO users (id, username, display_name, email, unit_id, password_hash, disabled, \
             must_change_password, locale, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(user.id)
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(&user.email)
        .bind(user.unit_id)
        .bind(&user.password_hash)
        .bind(user.disabled)
        .bind(user.must_change_password)
        .bind(&user.locale)
        .bind(crate::instant::Instant::from(user.created_at))
        .bind(crate::instant::Instant::from(user.updated_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Writes every field but the id, username and creation time.
    pub async fn update_user(&mut self, user: &User) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "UPDATE users SET display_name = $2, email = $3, unit_id = $4, password_hash = $5, disabled = $6, \
             must_change_password = $7, locale = $8, updated_at = $9 WHERE id = $1",
        )
        .bind(user.id)
        .bind(&user.display_name)
        .bind(&user.email)
        .bind(user.unit_id)
        .bind(&user.password_hash)
        .bind(user.disabled)
        .bind(user.must_change_password)
        .bind(&user.locale)
        .bind(crate::instant::Instant::from(user.updated_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn user(&mut self, id: Uuid) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users usr WHERE usr.id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await)?;
        Ok(row.map(User::from))
    }

    pub async fn user_by_username(&mut self, username: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users usr WHERE usr.username = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql)).bind(username).fetch_optional(conn).await)?;
        Ok(row.map(User::from))
    }

    /// Accounts of the units under `root` that `scope` allows, optionally only those of `root` itself.
    pub async fn users_under(
        &mut self,
        root: &UnitPath,
        only_root: bool,
        scope: &Scope,
        limit: i64,
    ) -> Result<Vec<User>> {
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!(
                "SELECT {USER_COLUMNS} FROM users usr JOIN units u ON u.id = usr.unit_id WHERE "
            ));
            if only_root {
                query.push("u.path = ").push_bind(root.as_str().to_owned());
            } else {
                query.push("u.path >= ").push_bind(root.as_str().to_owned());
                query.push(" AND u.path < ").push_bind(root.subtree_end());
            }
            push_scope(&mut query, "u.path", scope);
            query.push(" ORDER BY u.path, usr.username LIMIT ").push_bind(limit);
            query.build_query_as::<UserRow>().fetch_all(conn).await
        })?;
        Ok(rows.into_iter().map(User::from).collect())
    }

    pub async fn grants_of(&mut self, user_id: Uuid) -> Result<Vec<RoleGrant>> {
        let rows = on_conn!(self, conn => sqlx::query_as::<_, GrantRow>(
            "SELECT g.user_id, g.role, g.unit_id, u.code, u.name, u.path FROM role_grants g \
             JOIN units u ON u.id = g.unit_id WHERE g.user_id = $1 ORDER BY u.path, g.role",
        )
        .bind(user_id)
        .fetch_all(conn)
        .await)?;
        rows.into_iter().map(RoleGrant::try_from).collect()
    }

    pub async fn insert_grant(&mut self, user_id: Uuid, role: Role, unit_id: Uuid, at: jiff::Timestamp) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO role_grants (user_id, role, unit_id, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(role.as_str())
        .bind(unit_id)
        .bind(crate::instant::Instant::from(at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Returns whether a grant was removed.
    pub async fn delete_grant(&mut self, user_id: Uuid, role: Role, unit_id: Uuid) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query(
            "DELETE FROM role_grants WHERE user_id = $1 AND role = $2 AND unit_id = $3",
        )
        .bind(user_id)
        .bind(role.as_str())
        .bind(unit_id)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        Ok(done > 0)
    }

    /// Moves every account of one unit to another (when the unit is merged away).
    pub async fn move_users(&mut self, from: Uuid, to: Uuid) -> Result<u64> {
        let done = on_conn!(self, conn => sqlx::query("UPDATE users SET unit_id = $2 WHERE unit_id = $1")
            .bind(from)
            .bind(to)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        Ok(done)
    }

    /// Moves the roles granted at one unit to another, keeping one copy where both already exist.
    pub async fn move_grants(&mut self, from: Uuid, to: Uuid) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO role_grants (user_id, role, unit_id, created_at) \
             SELECT user_id, role, $2, created_at FROM role_grants WHERE unit_id = $1 ON CONFLICT DO NOTHING",
        )
        .bind(from)
        .bind(to)
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        on_conn!(self, conn => sqlx::query("DELETE FROM role_grants WHERE unit_id = $1").bind(from).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }
}
