//! Units and the tree: insert, update, look-ups, subtree ranges and search.

use jiff::Timestamp;
use nqtrack_domain::policy::Scope;
use nqtrack_domain::text::fold_vi;
use nqtrack_domain::unit::{Level, UnitKind, UnitPath};
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::{Backend, Tx, TxInner};
use crate::error::{Result, StoreError};
use crate::records::{Unit, UnitWithChildren};
use crate::scope_sql::push_scope;

pub(crate) const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.level, u.parent_id, u.path, \
     u.established_on, u.dissolved_on, u.created_at, u.updated_at";

#[derive(FromRow)]
pub(crate) struct UnitRow {
    id: Uuid,
    code: String,
    name: String,
    kind: String,
    level: String,
    parent_id: Option<Uuid>,
    path: String,
    established_on: Option<jiff_sqlx::Date>,
    dissolved_on: Option<jiff_sqlx::Date>,
    created_at: crate::instant::Instant,
    updated_at: crate::instant::Instant,
}

impl TryFrom<UnitRow> for Unit {
    type Error = StoreError;
    fn try_from(row: UnitRow) -> Result<Self> {
        Ok(Unit {
            id: row.id,
            code: row.code,
            name: row.name,
            kind: UnitKind::parse("kind", &row.kind)?,
            level: Level::parse("level", &row.level)?,
            parent_id: row.parent_id,
            path: UnitPath::from_stored(row.path),
            established_on: row.established_on.map(|d| d.to_jiff()),
            dissolved_on: row.dissolved_on.map(|d| d.to_jiff()),
            created_at: row.created_at.to_jiff(),
            updated_at: row.updated_at.to_jiff(),
        })
    }
}

#[derive(FromRow)]
struct UnitWithChildrenRow {
    #[sqlx(flatten)]
    unit: UnitRow,
    live_children: i64,
}

fn convert(rows: Vec<UnitRow>) -> Result<Vec<Unit>> {
    rows.into_iter().map(Unit::try_from).collect()
}

/// Everything a unit is searched by: its code, its name and the words for its kind ("xa", "tinh").
fn search_text(unit: &Unit) -> String {
    fold_vi(&format!("{} {} {}", unit.code, unit.name, unit.kind.search_words()))
}

/// Ordering shared by every list: official codes sort provinces and communes in their usual order.
const ORDER: &str = " ORDER BY u.code, u.id";

/// Which units a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    Live,
    All,
}

impl Liveness {
    fn condition(self) -> &'static str {
        match self {
            Liveness::Live => " AND u.dissolved_on IS NULL",
            Liveness::All => "",
        }
    }
}

impl Tx {
    pub async fn insert_unit(&mut self, unit: &Unit) -> Result<()> {
        let search = search_text(unit);
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO units (id, code, name, kind, level, parent_id, path, search_text, established_on, \
             dissolved_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(unit.id)
        .bind(&unit.code)
        .bind(&unit.name)
        .bind(unit.kind.as_str())
        .bind(unit.level.as_str())
        .bind(unit.parent_id)
        .bind(unit.path.as_str())
        .bind(&search)
        .bind(unit.established_on.map(jiff_sqlx::Date::from))
        .bind(unit.dissolved_on.map(jiff_sqlx::Date::from))
        .bind(crate::instant::Instant::from(unit.created_at))
        .bind(crate::instant::Instant::from(unit.updated_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        self.index_unit_search(unit.id, &search, false).await
    }

    /// Writes every field but the id, parent and path (those change only by moving the subtree).
    pub async fn update_unit(&mut self, unit: &Unit) -> Result<()> {
        let search = search_text(unit);
        on_conn!(self, conn => sqlx::query(
            "UPDATE units SET code = $2, name = $3, kind = $4, level = $5, search_text = $6, established_on = $7, \
             dissolved_on = $8, updated_at = $9 WHERE id = $1",
        )
        .bind(unit.id)
        .bind(&unit.code)
        .bind(&unit.name)
        .bind(unit.kind.as_str())
        .bind(unit.level.as_str())
        .bind(&search)
        .bind(unit.established_on.map(jiff_sqlx::Date::from))
        .bind(unit.dissolved_on.map(jiff_sqlx::Date::from))
        .bind(crate::instant::Instant::from(unit.updated_at))
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        self.index_unit_search(unit.id, &search, true).await
    }

    /// SQLite keeps search words in an FTS5 table written here; PostgreSQL derives its `tsvector`
    /// column from `search_text` by itself.
    async fn index_unit_search(&mut self, id: Uuid, search: &str, replace: bool) -> Result<()> {
        if let TxInner::Sqlite(tx) = &mut self.inner {
            if replace {
                sqlx::query("DELETE FROM unit_search WHERE unit_id = $1").bind(id).execute(&mut **tx).await?;
            }
            sqlx::query("INSERT INTO unit_search (unit_id, search_text) VALUES ($1, $2)")
                .bind(id)
                .bind(search)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub async fn unit(&mut self, id: Uuid) -> Result<Option<Unit>> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, UnitRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await)?;
        row.map(Unit::try_from).transpose()
    }

    /// The living unit with this code, or else the most recently dissolved one.
    pub async fn unit_by_code(&mut self, code: &str) -> Result<Option<Unit>> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM units u WHERE u.code = $1 \
             ORDER BY CASE WHEN u.dissolved_on IS NULL THEN 0 ELSE 1 END, u.dissolved_on DESC LIMIT 1"
        );
        let row = on_conn!(self, conn => sqlx::query_as::<_, UnitRow>(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(conn).await)?;
        row.map(Unit::try_from).transpose()
    }

    /// Every living unit; imports resolve parent codes against this (a few thousand rows at most).
    pub async fn live_units(&mut self) -> Result<Vec<Unit>> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.dissolved_on IS NULL{ORDER}");
        let rows =
            on_conn!(self, conn => sqlx::query_as::<_, UnitRow>(sqlx::AssertSqlSafe(sql)).fetch_all(conn).await)?;
        convert(rows)
    }

    /// The units with no parent (normally one: the central steering committee).
    pub async fn root_units(&mut self, liveness: Liveness) -> Result<Vec<UnitWithChildren>> {
        self.units_with_children("u.parent_id IS NULL", None, liveness).await
    }

    pub async fn children(&mut self, parent: Uuid, liveness: Liveness) -> Result<Vec<UnitWithChildren>> {
        self.units_with_children("u.parent_id = ", Some(parent), liveness).await
    }

    async fn units_with_children(
        &mut self,
        condition: &str,
        parent: Option<Uuid>,
        liveness: Liveness,
    ) -> Result<Vec<UnitWithChildren>> {
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!(
                "SELECT {UNIT_COLUMNS}, (SELECT COUNT(*) FROM units c WHERE c.parent_id = u.id \
                 AND c.dissolved_on IS NULL) AS live_children FROM units u WHERE {condition}"
            ));
            if let Some(parent) = parent {
                query.push_bind(parent);
            }
            query.push(liveness.condition()).push(ORDER);
            query.build_query_as::<UnitWithChildrenRow>().fetch_all(conn).await
        })?;
        rows.into_iter()
            .map(|row| Ok(UnitWithChildren { unit: Unit::try_from(row.unit)?, live_children: row.live_children }))
            .collect()
    }

    /// The units on the path from the root down to (and including) the given one.
    pub async fn ancestors(&mut self, path: &UnitPath) -> Result<Vec<Unit>> {
        let ids: Vec<Uuid> = path.ids().collect();
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.id IN ("));
            let mut list = query.separated(", ");
            for id in &ids {
                list.push_bind(*id);
            }
            query.push(")");
            query.build_query_as::<UnitRow>().fetch_all(conn).await
        })?;
        let mut units = convert(rows)?;
        units.sort_by_key(|unit| unit.path.depth());
        Ok(units)
    }

    /// A page of the units under `root` (itself included) that `scope` allows, by one index range.
    pub async fn subtree(
        &mut self,
        root: &UnitPath,
        scope: &Scope,
        liveness: Liveness,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Unit>> {
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.path >= "));
            query.push_bind(root.as_str().to_owned()).push(" AND u.path < ").push_bind(root.subtree_end());
            query.push(liveness.condition());
            push_scope(&mut query, "u.path", scope);
            query.push(" ORDER BY u.path LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
            query.build_query_as::<UnitRow>().fetch_all(conn).await
        })?;
        convert(rows)
    }

    /// How many units lie under `root` (itself included) within `scope`.
    pub async fn count_subtree(&mut self, root: &UnitPath, scope: &Scope, liveness: Liveness) -> Result<i64> {
        let count = on_conn!(self, conn => {
            let mut query = QueryBuilder::new("SELECT COUNT(*) FROM units u WHERE u.path >= ");
            query.push_bind(root.as_str().to_owned()).push(" AND u.path < ").push_bind(root.subtree_end());
            query.push(liveness.condition());
            push_scope(&mut query, "u.path", scope);
            query.build_query_scalar::<i64>().fetch_one(conn).await
        })?;
        Ok(count)
    }

    /// Units whose code, name or kind contain every query word as a word prefix, diacritics ignored:
    /// "tuyen quang" finds "Tuyên Quang". `terms` come from [`nqtrack_domain::text::query_terms`].
    pub async fn search_units(
        &mut self,
        terms: &[String],
        within: Option<&UnitPath>,
        scope: &Scope,
        liveness: Liveness,
        limit: i64,
    ) -> Result<Vec<Unit>> {
        // Folded terms hold only letters and digits, so they are safe inside both query syntaxes.
        let terms: Vec<&String> =
            terms.iter().filter(|t| !t.is_empty() && t.chars().all(char::is_alphanumeric)).collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let sqlite = self.backend() == Backend::Sqlite;
        let rows = on_conn!(self, conn => {
            let mut query = match sqlite {
                true => {
                    let matcher = terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" ");
                    let mut query = QueryBuilder::new(format!(
                        "SELECT {UNIT_COLUMNS} FROM unit_search s JOIN units u ON u.id = s.unit_id \
                         WHERE unit_search MATCH "
                    ));
                    query.push_bind(matcher);
                    query
                }
                false => {
                    let matcher = terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & ");
                    let mut query = QueryBuilder::new(format!(
                        "SELECT {UNIT_COLUMNS} FROM units u WHERE u.search_tsv @@ to_tsquery('simple', "
                    ));
                    query.push_bind(matcher).push(")");
                    query
                }
            };
            if let Some(root) = within {
                query.push(" AND u.path >= ").push_bind(root.as_str().to_owned());
                query.push(" AND u.path < ").push_bind(root.subtree_end());
            }
            query.push(liveness.condition());
            push_scope(&mut query, "u.path", scope);
            query.push(" ORDER BY length(u.path), u.code LIMIT ").push_bind(limit);
            query.build_query_as::<UnitRow>().fetch_all(conn).await
        })?;
        convert(rows)
    }

    /// Moves the subtree at `old_root` under `new_parent` in one statement: every path in the range
    /// gets the new prefix, so the tree never passes through an inconsistent state.
    pub async fn move_subtree(
        &mut self,
        unit_id: Uuid,
        old_root: &UnitPath,
        new_parent: &Unit,
        at: Timestamp,
    ) -> Result<()> {
        let new_root = new_parent.path.child(unit_id);
        on_conn!(self, conn => sqlx::query(
            "UPDATE units SET path = $1 || substr(path, $2) WHERE path >= $3 AND path < $4",
        )
        .bind(new_root.as_str())
        .bind(i32::try_from(old_root.as_str().len() + 1).map_err(|e| StoreError::Corrupt(e.to_string()))?)
        .bind(old_root.as_str())
        .bind(old_root.subtree_end())
        .execute(conn)
        .await.map(|done| done.rows_affected()))?;
        on_conn!(self, conn => sqlx::query("UPDATE units SET parent_id = $1, updated_at = $2 WHERE id = $3")
            .bind(new_parent.id)
            .bind(crate::instant::Instant::from(at))
            .bind(unit_id)
            .execute(conn)
            .await.map(|done| done.rows_affected()))?;
        Ok(())
    }
}
