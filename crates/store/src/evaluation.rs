//! Evaluation: scorecards and index methodologies, period closings with the figures they froze, and
//! publications on the public portal.
//!
//! Definitions are stored whole as JSON (they are read whole and validated by the domain before they
//! are written). Frozen figures are JSON too: a closed period is read back exactly as it was written,
//! whatever the tables it was computed from say later.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use nqtrack_domain::evaluation::{Methodology, Scorecard, UnitFacts};
use nqtrack_domain::period::Period;
use nqtrack_domain::unit::UnitPath;
use serde::Serialize;
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::Tx;
use crate::error::{Result, StoreError};
use crate::instant::Instant;

type Day = jiff_sqlx::Date;

/// Rows per multi-row INSERT: a unit's facts are a few kilobytes, so keep statements modest.
const INSERT_CHUNK: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorecardRecord {
    pub id: Uuid,
    pub owner_id: Uuid,
    #[serde(skip)]
    pub owner_path: UnitPath,
    /// Bumped on every change, so a ranking can say which edit of the scorecard it used.
    pub version: i32,
    pub scorecard: Scorecard,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodologyRecord {
    pub id: Uuid,
    pub owner_id: Uuid,
    #[serde(skip)]
    pub owner_path: UnitPath,
    pub methodology: Methodology,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodClosing {
    pub id: Uuid,
    pub unit_id: Uuid,
    #[serde(skip)]
    pub unit_path: UnitPath,
    pub period: Period,
    pub starts_on: Date,
    pub ends_on: Date,
    pub closed_at: Timestamp,
    pub closed_by: Option<Uuid>,
    pub reopened_at: Option<Timestamp>,
    pub reopened_by: Option<Uuid>,
    pub reopen_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publication {
    pub id: Uuid,
    /// `unit_progress`, `ranking`, `index` or `indicator`.
    pub kind: String,
    /// The item's key within its kind (a unit id, `<subject>|<peers>`, an indicator code).
    pub subject: String,
    pub unit_id: Uuid,
    #[serde(skip)]
    pub unit_path: UnitPath,
    pub title: String,
    pub published_by: Option<Uuid>,
    pub published_at: Timestamp,
}

fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[derive(FromRow)]
struct ScorecardRow {
    id: Uuid,
    owner_id: Uuid,
    owner_path: String,
    version: i32,
    definition: String,
    created_by: Option<Uuid>,
    created_at: Instant,
    updated_at: Instant,
}

impl TryFrom<ScorecardRow> for ScorecardRecord {
    type Error = StoreError;
    fn try_from(row: ScorecardRow) -> Result<Self> {
        Ok(ScorecardRecord {
            id: row.id,
            owner_id: row.owner_id,
            owner_path: UnitPath::from_stored(row.owner_path),
            version: row.version,
            scorecard: from_json(&row.definition)?,
            created_by: row.created_by,
            created_at: row.created_at.to_jiff(),
            updated_at: row.updated_at.to_jiff(),
        })
    }
}

const SCORECARD_COLUMNS: &str = "id, owner_id, owner_path, version, definition, created_by, created_at, updated_at";

#[derive(FromRow)]
struct MethodologyRow {
    id: Uuid,
    owner_id: Uuid,
    owner_path: String,
    definition: String,
    created_by: Option<Uuid>,
    created_at: Instant,
}

impl TryFrom<MethodologyRow> for MethodologyRecord {
    type Error = StoreError;
    fn try_from(row: MethodologyRow) -> Result<Self> {
        Ok(MethodologyRecord {
            id: row.id,
            owner_id: row.owner_id,
            owner_path: UnitPath::from_stored(row.owner_path),
            methodology: from_json(&row.definition)?,
            created_by: row.created_by,
            created_at: row.created_at.to_jiff(),
        })
    }
}

const METHODOLOGY_COLUMNS: &str = "id, owner_id, owner_path, definition, created_by, created_at";

#[derive(FromRow)]
struct ClosingRow {
    id: Uuid,
    unit_id: Uuid,
    unit_path: String,
    period_label: String,
    starts_on: Day,
    ends_on: Day,
    closed_at: Instant,
    closed_by: Option<Uuid>,
    reopened_at: Option<Instant>,
    reopened_by: Option<Uuid>,
    reopen_reason: String,
}

impl TryFrom<ClosingRow> for PeriodClosing {
    type Error = StoreError;
    fn try_from(row: ClosingRow) -> Result<Self> {
        Ok(PeriodClosing {
            id: row.id,
            unit_id: row.unit_id,
            unit_path: UnitPath::from_stored(row.unit_path),
            period: Period::parse("period", &row.period_label)?,
            starts_on: row.starts_on.to_jiff(),
            ends_on: row.ends_on.to_jiff(),
            closed_at: row.closed_at.to_jiff(),
            closed_by: row.closed_by,
            reopened_at: row.reopened_at.map(|at| at.to_jiff()),
            reopened_by: row.reopened_by,
            reopen_reason: row.reopen_reason,
        })
    }
}

const CLOSING_COLUMNS: &str = "id, unit_id, unit_path, period_label, starts_on, ends_on, closed_at, closed_by, \
     reopened_at, reopened_by, reopen_reason";

#[derive(FromRow)]
struct PublicationRow {
    id: Uuid,
    kind: String,
    subject: String,
    unit_id: Uuid,
    unit_path: String,
    title: String,
    published_by: Option<Uuid>,
    published_at: Instant,
}

impl From<PublicationRow> for Publication {
    fn from(row: PublicationRow) -> Self {
        Publication {
            id: row.id,
            kind: row.kind,
            subject: row.subject,
            unit_id: row.unit_id,
            unit_path: UnitPath::from_stored(row.unit_path),
            title: row.title,
            published_by: row.published_by,
            published_at: row.published_at.to_jiff(),
        }
    }
}

const PUBLICATION_COLUMNS: &str = "id, kind, subject, unit_id, unit_path, title, published_by, published_at";

impl Tx {
    // ---- Scorecards and methodologies ----

    /// Inserts a scorecard, or rewrites the one with the same id (its version already bumped).
    pub async fn put_scorecard(&mut self, record: &ScorecardRecord) -> Result<()> {
        let definition = json(&record.scorecard)?;
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO scorecards (id, owner_id, owner_path, code, version, definition, created_by, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (id) DO UPDATE SET code = excluded.code, version = excluded.version, \
             definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(record.id)
        .bind(record.owner_id)
        .bind(record.owner_path.as_str())
        .bind(record.scorecard.code.as_str())
        .bind(record.version)
        .bind(definition)
        .bind(record.created_by)
        .bind(Instant::from(record.created_at))
        .bind(Instant::from(record.updated_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn scorecard(&mut self, id: Uuid) -> Result<Option<ScorecardRecord>> {
        let sql = format!("SELECT {SCORECARD_COLUMNS} FROM scorecards WHERE id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, ScorecardRow>(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(conn).await)?;
        row.map(ScorecardRecord::try_from).transpose()
    }

    pub async fn scorecard_by_code(&mut self, owner_id: Uuid, code: &str) -> Result<Option<ScorecardRecord>> {
        let sql = format!("SELECT {SCORECARD_COLUMNS} FROM scorecards WHERE owner_id = $1 AND code = $2");
        let row = on_conn!(self, conn => sqlx::query_as::<_, ScorecardRow>(sqlx::AssertSqlSafe(sql))
            .bind(owner_id).bind(code).fetch_optional(conn).await)?;
        row.map(ScorecardRecord::try_from).transpose()
    }

    /// Every scorecard, the owners nearest the root first.
    pub async fn scorecards(&mut self) -> Result<Vec<ScorecardRecord>> {
        let sql = format!("SELECT {SCORECARD_COLUMNS} FROM scorecards ORDER BY length(owner_path), code");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, ScorecardRow>(sqlx::AssertSqlSafe(sql))
            .fetch_all(conn).await)?;
        rows.into_iter().map(ScorecardRecord::try_from).collect()
    }

    pub async fn insert_methodology(&mut self, record: &MethodologyRecord) -> Result<()> {
        let definition = json(&record.methodology)?;
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO methodologies (id, owner_id, owner_path, code, version, definition, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(record.id)
        .bind(record.owner_id)
        .bind(record.owner_path.as_str())
        .bind(record.methodology.code.as_str())
        .bind(record.methodology.version)
        .bind(definition)
        .bind(record.created_by)
        .bind(Instant::from(record.created_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn methodology(&mut self, id: Uuid) -> Result<Option<MethodologyRecord>> {
        let sql = format!("SELECT {METHODOLOGY_COLUMNS} FROM methodologies WHERE id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, MethodologyRow>(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(conn).await)?;
        row.map(MethodologyRecord::try_from).transpose()
    }

    pub async fn methodology_version(
        &mut self,
        owner_id: Uuid,
        code: &str,
        version: i32,
    ) -> Result<Option<MethodologyRecord>> {
        let sql = format!(
            "SELECT {METHODOLOGY_COLUMNS} FROM methodologies WHERE owner_id = $1 AND code = $2 AND version = $3"
        );
        let row = on_conn!(self, conn => sqlx::query_as::<_, MethodologyRow>(sqlx::AssertSqlSafe(sql))
            .bind(owner_id).bind(code).bind(version).fetch_optional(conn).await)?;
        row.map(MethodologyRecord::try_from).transpose()
    }

    /// Every methodology version, by owner (nearest the root first), code and version.
    pub async fn methodologies(&mut self) -> Result<Vec<MethodologyRecord>> {
        let sql = format!("SELECT {METHODOLOGY_COLUMNS} FROM methodologies ORDER BY length(owner_path), code, version");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, MethodologyRow>(sqlx::AssertSqlSafe(sql))
            .fetch_all(conn).await)?;
        rows.into_iter().map(MethodologyRecord::try_from).collect()
    }

    // ---- Period closings ----

    pub async fn insert_closing(&mut self, closing: &PeriodClosing) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO period_closings (id, unit_id, unit_path, period_label, starts_on, ends_on, closed_at, \
             closed_by, reopen_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '')",
        )
        .bind(closing.id)
        .bind(closing.unit_id)
        .bind(closing.unit_path.as_str())
        .bind(closing.period.label())
        .bind(Day::from(closing.starts_on))
        .bind(Day::from(closing.ends_on))
        .bind(Instant::from(closing.closed_at))
        .bind(closing.closed_by)
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn closing(&mut self, id: Uuid) -> Result<Option<PeriodClosing>> {
        let sql = format!("SELECT {CLOSING_COLUMNS} FROM period_closings WHERE id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, ClosingRow>(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(conn).await)?;
        row.map(PeriodClosing::try_from).transpose()
    }

    /// The closing in force (not reopened) of a unit's period, if any.
    pub async fn closing_in_force(&mut self, unit_id: Uuid, period: Period) -> Result<Option<PeriodClosing>> {
        let sql = format!(
            "SELECT {CLOSING_COLUMNS} FROM period_closings WHERE unit_id = $1 AND period_label = $2 \
             AND reopened_at IS NULL"
        );
        let row = on_conn!(self, conn => sqlx::query_as::<_, ClosingRow>(sqlx::AssertSqlSafe(sql))
            .bind(unit_id).bind(period.label()).fetch_optional(conn).await)?;
        row.map(PeriodClosing::try_from).transpose()
    }

    /// The closings (in force or reopened) of the units on `path` and above it: those whose frozen
    /// figures may speak for the unit. Newest first.
    pub async fn closings_covering(&mut self, ancestors: &[Uuid]) -> Result<Vec<PeriodClosing>> {
        if ancestors.is_empty() {
            return Ok(Vec::new());
        }
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!("SELECT {CLOSING_COLUMNS} FROM period_closings WHERE unit_id IN ("));
            let mut list = query.separated(", ");
            for id in ancestors {
                list.push_bind(*id);
            }
            query.push(") ORDER BY ends_on DESC, closed_at DESC");
            query.build_query_as::<ClosingRow>().fetch_all(conn).await
        })?;
        rows.into_iter().map(PeriodClosing::try_from).collect()
    }

    /// Marks a closing reopened; false when it was already reopened (nothing changed).
    pub async fn reopen_closing(&mut self, id: Uuid, by: Option<Uuid>, at: Timestamp, reason: &str) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query(
            "UPDATE period_closings SET reopened_at = $2, reopened_by = $3, reopen_reason = $4 \
             WHERE id = $1 AND reopened_at IS NULL",
        )
        .bind(id)
        .bind(Instant::from(at))
        .bind(by)
        .bind(reason)
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(done == 1)
    }

    /// Stores the figures a closing froze, one row per unit.
    pub async fn insert_unit_facts(&mut self, closing_id: Uuid, facts: &[(Uuid, UnitFacts)]) -> Result<()> {
        let texts: Vec<(Uuid, String)> =
            facts.iter().map(|(unit, facts)| Ok((*unit, json(facts)?))).collect::<Result<_>>()?;
        for chunk in texts.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new("INSERT INTO period_unit_facts (closing_id, unit_id, facts) ");
                query.push_values(chunk, |mut row, (unit, text)| {
                    row.push_bind(closing_id).push_bind(*unit).push_bind(text.as_str());
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    /// The frozen figures of some units in one closing.
    pub async fn unit_facts(&mut self, closing_id: Uuid, units: &[Uuid]) -> Result<HashMap<Uuid, UnitFacts>> {
        let mut found = HashMap::with_capacity(units.len());
        for chunk in units.chunks(INSERT_CHUNK) {
            let rows = on_conn!(self, conn => {
                let mut query =
                    QueryBuilder::new("SELECT unit_id, facts FROM period_unit_facts WHERE closing_id = ");
                query.push_bind(closing_id).push(" AND unit_id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(")");
                query.build_query_as::<(Uuid, String)>().fetch_all(conn).await
            })?;
            for (unit, text) in rows {
                found.insert(unit, from_json(&text)?);
            }
        }
        Ok(found)
    }

    pub async fn insert_rankings(&mut self, closing_id: Uuid, rankings: &[(String, String, String)]) -> Result<()> {
        for chunk in rankings.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query =
                    QueryBuilder::new("INSERT INTO period_rankings (closing_id, subject, peers, ranking) ");
                query.push_values(chunk, |mut row, (subject, peers, ranking)| {
                    row.push_bind(closing_id).push_bind(subject.as_str()).push_bind(peers.as_str())
                        .push_bind(ranking.as_str());
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    /// A ranking (as JSON) frozen by a closing.
    pub async fn frozen_ranking(&mut self, closing_id: Uuid, subject: &str, peers: &str) -> Result<Option<String>> {
        let row = on_conn!(self, conn => sqlx::query_as::<_, (String,)>(
            "SELECT ranking FROM period_rankings WHERE closing_id = $1 AND subject = $2 AND peers = $3",
        )
        .bind(closing_id).bind(subject).bind(peers).fetch_optional(conn).await)?;
        Ok(row.map(|(text,)| text))
    }

    // ---- Publications ----

    pub async fn insert_publication(&mut self, publication: &Publication) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO publications (id, kind, subject, unit_id, unit_path, title, published_by, published_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(publication.id)
        .bind(publication.kind.as_str())
        .bind(publication.subject.as_str())
        .bind(publication.unit_id)
        .bind(publication.unit_path.as_str())
        .bind(publication.title.as_str())
        .bind(publication.published_by)
        .bind(Instant::from(publication.published_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn delete_publication(&mut self, id: Uuid) -> Result<bool> {
        let done = on_conn!(self, conn => sqlx::query("DELETE FROM publications WHERE id = $1")
            .bind(id).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(done == 1)
    }

    pub async fn publication(&mut self, kind: &str, subject: &str) -> Result<Option<Publication>> {
        let sql = format!("SELECT {PUBLICATION_COLUMNS} FROM publications WHERE kind = $1 AND subject = $2");
        let row = on_conn!(self, conn => sqlx::query_as::<_, PublicationRow>(sqlx::AssertSqlSafe(sql))
            .bind(kind).bind(subject).fetch_optional(conn).await)?;
        Ok(row.map(Publication::from))
    }

    pub async fn publication_by_id(&mut self, id: Uuid) -> Result<Option<Publication>> {
        let sql = format!("SELECT {PUBLICATION_COLUMNS} FROM publications WHERE id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, PublicationRow>(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(conn).await)?;
        Ok(row.map(Publication::from))
    }

    /// Everything published, newest first.
    pub async fn publications(&mut self) -> Result<Vec<Publication>> {
        let sql = format!("SELECT {PUBLICATION_COLUMNS} FROM publications ORDER BY published_at DESC");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, PublicationRow>(sqlx::AssertSqlSafe(sql))
            .fetch_all(conn).await)?;
        Ok(rows.into_iter().map(Publication::from).collect())
    }
}
