//! Indicators and their data collection: definitions in versions, targets, data sets, rounds,
//! submissions, values with their history, and import batches. The reads that feed aggregation,
//! completeness and time series are at the end.

use jiff::Timestamp;
use jiff::civil::Date;
use nqtrack_domain::indicator::{
    ApprovalSettings, DataSet, IndicatorDefinition, IndicatorVersion, Round, SubmissionState, Targets, ValidationRule,
    Value,
};
use nqtrack_domain::period::Period;
use nqtrack_domain::unit::{Level, UnitKind, UnitPath};
use serde::Serialize;
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::Tx;
use crate::error::{Result, StoreError};
use crate::instant::Instant;
use crate::records::Unit;
use crate::units::{UNIT_COLUMNS, UnitRow};

type Day = jiff_sqlx::Date;

/// Rows per multi-row INSERT: well under SQLite's limit of 32,766 bound parameters.
const INSERT_CHUNK: usize = 500;

/// An indicator with its definition in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorRecord {
    pub id: Uuid,
    pub definition: IndicatorDefinition,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A target and baseline for one period: a level's default (`level`) or one unit's override (`unit_id`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorTarget {
    pub indicator_id: Uuid,
    pub period: Period,
    pub level: Option<Level>,
    pub unit_id: Option<Uuid>,
    #[serde(skip)]
    pub unit_path: Option<UnitPath>,
    pub targets: Targets,
    pub updated_by: Option<Uuid>,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataSetRecord {
    pub id: Uuid,
    pub data_set: DataSet,
    pub rules: Vec<ValidationRule>,
    pub settings: ApprovalSettings,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundRecord {
    pub id: Uuid,
    pub data_set_id: Uuid,
    pub round: Round,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
}

/// One unit's submission in one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submission {
    pub id: Uuid,
    pub round_id: Uuid,
    pub unit_id: Uuid,
    #[serde(skip)]
    pub unit_path: UnitPath,
    pub state: SubmissionState,
    /// The first submission: what timeliness counts.
    pub submitted_on: Option<Date>,
    pub decided_on: Option<Date>,
    pub decided_by: Option<Uuid>,
    /// Why it was last returned or reopened.
    pub reason: String,
    pub version: i32,
    pub updated_at: Timestamp,
}

/// A value in force for one unit, indicator and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub id: Uuid,
    pub submission_id: Uuid,
    pub unit_id: Uuid,
    #[serde(skip)]
    pub unit_path: UnitPath,
    pub indicator_id: Uuid,
    pub indicator_version: IndicatorVersion,
    pub period: Period,
    pub value: Value,
    pub comment: String,
    pub updated_by: Option<Uuid>,
    pub updated_at: Timestamp,
}

/// A value that was replaced, with who entered it, who replaced it, when and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueChange {
    pub id: Uuid,
    pub value_id: Uuid,
    pub indicator_version: IndicatorVersion,
    pub value: Value,
    pub comment: String,
    pub entered_by: Option<Uuid>,
    pub entered_at: Timestamp,
    pub replaced_by: Option<Uuid>,
    pub replaced_at: Timestamp,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportBatch {
    pub id: Uuid,
    pub batch_key: String,
    pub content_hash: String,
    pub row_count: i64,
    pub imported_by: Option<Uuid>,
    pub created_at: Timestamp,
}

/// The columns a value is stored in: exactly one of number, yes/no, or numerator and denominator.
fn value_columns(value: Value) -> (Option<f64>, Option<bool>, Option<f64>, Option<f64>) {
    match value {
        Value::Number(x) => (Some(x), None, None, None),
        Value::YesNo(yes) => (None, Some(yes), None, None),
        Value::Ratio { numerator, denominator } => (None, None, Some(numerator), Some(denominator)),
    }
}

fn value_from_columns(
    number: Option<f64>,
    yes_no: Option<bool>,
    numerator: Option<f64>,
    denominator: Option<f64>,
) -> Result<Value> {
    match (number, yes_no, numerator, denominator) {
        (Some(x), None, None, None) => Ok(Value::Number(x)),
        (None, Some(yes), None, None) => Ok(Value::YesNo(yes)),
        (None, None, Some(numerator), Some(denominator)) => Ok(Value::Ratio { numerator, denominator }),
        _ => Err(StoreError::Corrupt("an indicator value has no single kind".into())),
    }
}

fn period(label: &str) -> Result<Period> {
    Ok(Period::parse("period", label)?)
}

fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// `levels` as stored: ",commune,province,".
fn levels_text(levels: &[Level]) -> String {
    let mut text = String::from(",");
    for level in levels {
        text.push_str(level.as_str());
        text.push(',');
    }
    text
}

#[derive(FromRow)]
struct IndicatorRow {
    id: Uuid,
    definition: String,
    created_at: Instant,
    updated_at: Instant,
}

impl TryFrom<IndicatorRow> for IndicatorRecord {
    type Error = StoreError;
    fn try_from(row: IndicatorRow) -> Result<Self> {
        Ok(IndicatorRecord {
            id: row.id,
            definition: from_json(&row.definition)?,
            created_at: row.created_at.to_jiff(),
            updated_at: row.updated_at.to_jiff(),
        })
    }
}

const INDICATOR_SELECT: &str = "SELECT i.id, v.definition, i.created_at, i.updated_at FROM indicators i \
     JOIN indicator_versions v ON v.indicator_id = i.id AND v.version = i.current_version";

#[derive(FromRow)]
struct TargetRow {
    indicator_id: Uuid,
    period_label: String,
    level: Option<String>,
    unit_id: Option<Uuid>,
    unit_path: Option<String>,
    target: Option<f64>,
    baseline: Option<f64>,
    updated_by: Option<Uuid>,
    updated_at: Instant,
}

impl TryFrom<TargetRow> for IndicatorTarget {
    type Error = StoreError;
    fn try_from(row: TargetRow) -> Result<Self> {
        Ok(IndicatorTarget {
            indicator_id: row.indicator_id,
            period: period(&row.period_label)?,
            level: row.level.map(|l| Level::parse("level", &l)).transpose()?,
            unit_id: row.unit_id,
            unit_path: row.unit_path.map(UnitPath::from_stored),
            targets: Targets { target: row.target, baseline: row.baseline },
            updated_by: row.updated_by,
            updated_at: row.updated_at.to_jiff(),
        })
    }
}

#[derive(FromRow)]
struct DataSetRow {
    id: Uuid,
    definition: String,
    rules: String,
    children_first: bool,
    created_by: Option<Uuid>,
    created_at: Instant,
}

impl TryFrom<DataSetRow> for DataSetRecord {
    type Error = StoreError;
    fn try_from(row: DataSetRow) -> Result<Self> {
        Ok(DataSetRecord {
            id: row.id,
            data_set: from_json(&row.definition)?,
            rules: from_json(&row.rules)?,
            settings: ApprovalSettings { children_first: row.children_first },
            created_by: row.created_by,
            created_at: row.created_at.to_jiff(),
        })
    }
}

const ROUND_COLUMNS: &str = "id, data_set_id, period_label, due_central, due_province, due_commune, locks_on, \
     closed, created_by, created_at";

#[derive(FromRow)]
struct RoundRow {
    id: Uuid,
    data_set_id: Uuid,
    period_label: String,
    due_central: Option<Day>,
    due_province: Option<Day>,
    due_commune: Option<Day>,
    locks_on: Option<Day>,
    closed: bool,
    created_by: Option<Uuid>,
    created_at: Instant,
}

impl TryFrom<RoundRow> for RoundRecord {
    type Error = StoreError;
    fn try_from(row: RoundRow) -> Result<Self> {
        let due_dates =
            [(Level::Central, row.due_central), (Level::Province, row.due_province), (Level::Commune, row.due_commune)]
                .into_iter()
                .filter_map(|(level, due)| due.map(|d| (level, d.to_jiff())))
                .collect();
        Ok(RoundRecord {
            id: row.id,
            data_set_id: row.data_set_id,
            round: Round {
                period: period(&row.period_label)?,
                due_dates,
                locks_on: row.locks_on.map(|d| d.to_jiff()),
                closed: row.closed,
            },
            created_by: row.created_by,
            created_at: row.created_at.to_jiff(),
        })
    }
}

const SUBMISSION_COLUMNS: &str = "id, round_id, unit_id, unit_path, state, submitted_on, decided_on, decided_by, \
     reason, version, updated_at";

#[derive(FromRow)]
struct SubmissionRow {
    id: Uuid,
    round_id: Uuid,
    unit_id: Uuid,
    unit_path: String,
    state: String,
    submitted_on: Option<Day>,
    decided_on: Option<Day>,
    decided_by: Option<Uuid>,
    reason: String,
    version: i32,
    updated_at: Instant,
}

impl TryFrom<SubmissionRow> for Submission {
    type Error = StoreError;
    fn try_from(row: SubmissionRow) -> Result<Self> {
        Ok(Submission {
            id: row.id,
            round_id: row.round_id,
            unit_id: row.unit_id,
            unit_path: UnitPath::from_stored(row.unit_path),
            state: SubmissionState::parse("state", &row.state)?,
            submitted_on: row.submitted_on.map(|d| d.to_jiff()),
            decided_on: row.decided_on.map(|d| d.to_jiff()),
            decided_by: row.decided_by,
            reason: row.reason,
            version: row.version,
            updated_at: row.updated_at.to_jiff(),
        })
    }
}

const VALUE_COLUMNS: &str = "v.id, v.submission_id, v.unit_id, v.unit_path, v.indicator_id, v.indicator_version, \
     v.period_label, v.number, v.yes_no, v.numerator, v.denominator, v.comment, v.updated_by, v.updated_at";

#[derive(FromRow)]
struct ValueRow {
    id: Uuid,
    submission_id: Uuid,
    unit_id: Uuid,
    unit_path: String,
    indicator_id: Uuid,
    indicator_version: i32,
    period_label: String,
    number: Option<f64>,
    yes_no: Option<bool>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    comment: String,
    updated_by: Option<Uuid>,
    updated_at: Instant,
}

impl TryFrom<ValueRow> for IndicatorValue {
    type Error = StoreError;
    fn try_from(row: ValueRow) -> Result<Self> {
        Ok(IndicatorValue {
            id: row.id,
            submission_id: row.submission_id,
            unit_id: row.unit_id,
            unit_path: UnitPath::from_stored(row.unit_path),
            indicator_id: row.indicator_id,
            indicator_version: IndicatorVersion::from_stored(u32::try_from(row.indicator_version).unwrap_or(1)),
            period: period(&row.period_label)?,
            value: value_from_columns(row.number, row.yes_no, row.numerator, row.denominator)?,
            comment: row.comment,
            updated_by: row.updated_by,
            updated_at: row.updated_at.to_jiff(),
        })
    }
}

#[derive(FromRow)]
struct HistoryRow {
    id: Uuid,
    value_id: Uuid,
    indicator_version: i32,
    number: Option<f64>,
    yes_no: Option<bool>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    comment: String,
    entered_by: Option<Uuid>,
    entered_at: Instant,
    replaced_by: Option<Uuid>,
    replaced_at: Instant,
    reason: String,
}

impl TryFrom<HistoryRow> for ValueChange {
    type Error = StoreError;
    fn try_from(row: HistoryRow) -> Result<Self> {
        Ok(ValueChange {
            id: row.id,
            value_id: row.value_id,
            indicator_version: IndicatorVersion::from_stored(u32::try_from(row.indicator_version).unwrap_or(1)),
            value: value_from_columns(row.number, row.yes_no, row.numerator, row.denominator)?,
            comment: row.comment,
            entered_by: row.entered_by,
            entered_at: row.entered_at.to_jiff(),
            replaced_by: row.replaced_by,
            replaced_at: row.replaced_at.to_jiff(),
            reason: row.reason,
        })
    }
}

#[derive(FromRow)]
struct BatchRow {
    id: Uuid,
    batch_key: String,
    content_hash: String,
    row_count: i64,
    imported_by: Option<Uuid>,
    created_at: Instant,
}

fn version_number(version: IndicatorVersion) -> i32 {
    i32::try_from(version.get()).unwrap_or(i32::MAX)
}

impl Tx {
    // ---- Definitions ----

    /// Inserts a new indicator with its first version.
    pub async fn insert_indicator(
        &mut self,
        id: Uuid,
        definition: &IndicatorDefinition,
        by: Option<Uuid>,
        at: Timestamp,
    ) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO indicators (id, code, current_version, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(id)
        .bind(definition.code.as_str())
        .bind(version_number(definition.version))
        .bind(Instant::from(at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        self.insert_indicator_version(id, definition, by, at).await
    }

    /// Adds a version and makes it the one in force.
    pub async fn insert_indicator_version(
        &mut self,
        id: Uuid,
        definition: &IndicatorDefinition,
        by: Option<Uuid>,
        at: Timestamp,
    ) -> Result<()> {
        let text = json(definition)?;
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO indicator_versions (indicator_id, version, code, value_type, periodicity, aggregation, \
             levels, definition, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(id)
        .bind(version_number(definition.version))
        .bind(definition.code.as_str())
        .bind(definition.value_type.as_str())
        .bind(definition.periodicity.as_str())
        .bind(definition.aggregation.as_str())
        .bind(levels_text(&definition.levels))
        .bind(text)
        .bind(by)
        .bind(Instant::from(at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        on_conn!(self, conn => sqlx::query("UPDATE indicators SET current_version = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(version_number(definition.version))
            .bind(Instant::from(at))
            .execute(conn).await.map(|done| done.rows_affected()))?;
        self.set_indicator_tasks(id, &definition.tasks).await
    }

    /// Rewrites the version in force in place (an edit that does not change the values' meaning).
    pub async fn update_indicator_version(
        &mut self,
        id: Uuid,
        definition: &IndicatorDefinition,
        at: Timestamp,
    ) -> Result<()> {
        let text = json(definition)?;
        on_conn!(self, conn => sqlx::query(
            "UPDATE indicator_versions SET levels = $3, definition = $4, updated_at = $5 \
             WHERE indicator_id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version_number(definition.version))
        .bind(levels_text(&definition.levels))
        .bind(text)
        .bind(Instant::from(at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        on_conn!(self, conn => sqlx::query("UPDATE indicators SET updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(Instant::from(at))
            .execute(conn).await.map(|done| done.rows_affected()))?;
        self.set_indicator_tasks(id, &definition.tasks).await
    }

    async fn set_indicator_tasks(&mut self, id: Uuid, tasks: &[Uuid]) -> Result<()> {
        on_conn!(self, conn => sqlx::query("DELETE FROM indicator_tasks WHERE indicator_id = $1")
            .bind(id).execute(conn).await.map(|done| done.rows_affected()))?;
        let mut tasks = tasks.to_vec();
        tasks.sort();
        tasks.dedup();
        for chunk in tasks.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new("INSERT INTO indicator_tasks (indicator_id, task_id) ");
                query.push_values(chunk, |mut row, task| {
                    row.push_bind(id).push_bind(*task);
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    pub async fn indicator(&mut self, id: Uuid) -> Result<Option<IndicatorRecord>> {
        let sql = format!("{INDICATOR_SELECT} WHERE i.id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, IndicatorRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await)?;
        row.map(IndicatorRecord::try_from).transpose()
    }

    pub async fn indicator_by_code(&mut self, code: &str) -> Result<Option<IndicatorRecord>> {
        let sql = format!("{INDICATOR_SELECT} WHERE i.code = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, IndicatorRow>(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(conn).await)?;
        row.map(IndicatorRecord::try_from).transpose()
    }

    /// The whole catalogue, each indicator in its version in force, by code.
    pub async fn indicators(&mut self) -> Result<Vec<IndicatorRecord>> {
        let sql = format!("{INDICATOR_SELECT} ORDER BY i.code");
        let rows =
            on_conn!(self, conn => sqlx::query_as::<_, IndicatorRow>(sqlx::AssertSqlSafe(sql)).fetch_all(conn).await)?;
        rows.into_iter().map(IndicatorRecord::try_from).collect()
    }

    /// One version of an indicator's definition.
    pub async fn indicator_version(
        &mut self,
        id: Uuid,
        version: IndicatorVersion,
    ) -> Result<Option<IndicatorDefinition>> {
        let text: Option<String> = on_conn!(self, conn => sqlx::query_scalar(
            "SELECT definition FROM indicator_versions WHERE indicator_id = $1 AND version = $2",
        ).bind(id).bind(version_number(version)).fetch_optional(conn).await)?;
        text.map(|t| from_json(&t)).transpose()
    }

    /// The tasks an indicator measures.
    pub async fn indicator_tasks(&mut self, id: Uuid) -> Result<Vec<Uuid>> {
        let tasks = on_conn!(self, conn => sqlx::query_scalar(
            "SELECT task_id FROM indicator_tasks WHERE indicator_id = $1 ORDER BY task_id",
        ).bind(id).fetch_all(conn).await)?;
        Ok(tasks)
    }

    // ---- Targets ----

    /// Sets (or replaces) a level default or a unit override.
    pub async fn put_indicator_target(&mut self, target: &IndicatorTarget) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "DELETE FROM indicator_targets WHERE indicator_id = $1 AND period_label = $2 \
             AND (level = $3 OR unit_id = $4)",
        )
        .bind(target.indicator_id)
        .bind(target.period.label())
        .bind(target.level.map(|l| l.as_str()))
        .bind(target.unit_id)
        .execute(conn).await.map(|done| done.rows_affected()))?;
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO indicator_targets (id, indicator_id, period_label, level, unit_id, unit_path, target, \
             baseline, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(Uuid::now_v7())
        .bind(target.indicator_id)
        .bind(target.period.label())
        .bind(target.level.map(|l| l.as_str()))
        .bind(target.unit_id)
        .bind(target.unit_path.as_ref().map(|p| p.as_str().to_owned()))
        .bind(target.targets.target)
        .bind(target.targets.baseline)
        .bind(target.updated_by)
        .bind(Instant::from(target.updated_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// The level default and the unit override (either may be absent) for one unit, indicator and period.
    pub async fn indicator_targets_for(
        &mut self,
        indicator_id: Uuid,
        period: Period,
        level: Level,
        unit_id: Uuid,
    ) -> Result<(Option<IndicatorTarget>, Option<IndicatorTarget>)> {
        let rows: Vec<TargetRow> = on_conn!(self, conn => sqlx::query_as(
            "SELECT indicator_id, period_label, level, unit_id, unit_path, target, baseline, updated_by, updated_at \
             FROM indicator_targets WHERE indicator_id = $1 AND period_label = $2 AND (level = $3 OR unit_id = $4)",
        )
        .bind(indicator_id)
        .bind(period.label())
        .bind(level.as_str())
        .bind(unit_id)
        .fetch_all(conn).await)?;
        let mut level_default = None;
        let mut unit_override = None;
        for row in rows {
            let target = IndicatorTarget::try_from(row)?;
            if target.unit_id.is_some() {
                unit_override = Some(target);
            } else {
                level_default = Some(target);
            }
        }
        Ok((level_default, unit_override))
    }

    /// Every target of one indicator and period: the level defaults and the unit overrides.
    pub async fn indicator_targets_of(&mut self, indicator_id: Uuid, period: Period) -> Result<Vec<IndicatorTarget>> {
        let rows: Vec<TargetRow> = on_conn!(self, conn => sqlx::query_as(
            "SELECT indicator_id, period_label, level, unit_id, unit_path, target, baseline, updated_by, updated_at \
             FROM indicator_targets WHERE indicator_id = $1 AND period_label = $2",
        )
        .bind(indicator_id)
        .bind(period.label())
        .fetch_all(conn).await)?;
        rows.into_iter().map(IndicatorTarget::try_from).collect()
    }

    // ---- Data sets and rounds ----

    pub async fn insert_data_set(&mut self, data_set: &DataSetRecord) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO indicator_data_sets (id, name, periodicity, definition, rules, children_first, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(data_set.id)
        .bind(data_set.data_set.name.as_str())
        .bind(data_set.data_set.periodicity.as_str())
        .bind(json(&data_set.data_set)?)
        .bind(json(&data_set.rules)?)
        .bind(data_set.settings.children_first)
        .bind(data_set.created_by)
        .bind(Instant::from(data_set.created_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn data_set(&mut self, id: Uuid) -> Result<Option<DataSetRecord>> {
        let row: Option<DataSetRow> = on_conn!(self, conn => sqlx::query_as(
            "SELECT id, definition, rules, children_first, created_by, created_at FROM indicator_data_sets WHERE id = $1",
        ).bind(id).fetch_optional(conn).await)?;
        row.map(DataSetRecord::try_from).transpose()
    }

    pub async fn data_sets(&mut self) -> Result<Vec<DataSetRecord>> {
        let rows: Vec<DataSetRow> = on_conn!(self, conn => sqlx::query_as(
            "SELECT id, definition, rules, children_first, created_by, created_at FROM indicator_data_sets \
             ORDER BY name, id",
        ).fetch_all(conn).await)?;
        rows.into_iter().map(DataSetRecord::try_from).collect()
    }

    pub async fn insert_round(&mut self, round: &RoundRecord) -> Result<()> {
        let due = |level| round.round.due_for(level).map(Day::from);
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO indicator_rounds (id, data_set_id, period_label, due_central, due_province, due_commune, \
             locks_on, closed, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(round.id)
        .bind(round.data_set_id)
        .bind(round.round.period.label())
        .bind(due(Level::Central))
        .bind(due(Level::Province))
        .bind(due(Level::Commune))
        .bind(round.round.locks_on.map(Day::from))
        .bind(round.round.closed)
        .bind(round.created_by)
        .bind(Instant::from(round.created_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    /// Closes or re-opens a round by hand.
    pub async fn set_round_closed(&mut self, id: Uuid, closed: bool) -> Result<()> {
        on_conn!(self, conn => sqlx::query("UPDATE indicator_rounds SET closed = $2 WHERE id = $1")
            .bind(id).bind(closed).execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn round(&mut self, id: Uuid) -> Result<Option<RoundRecord>> {
        let sql = format!("SELECT {ROUND_COLUMNS} FROM indicator_rounds WHERE id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await)?;
        row.map(RoundRecord::try_from).transpose()
    }

    /// Every round of any data set for a period (an import finds the round of each row here).
    pub async fn rounds_for_period(&mut self, period: Period) -> Result<Vec<RoundRecord>> {
        let sql = format!("SELECT {ROUND_COLUMNS} FROM indicator_rounds WHERE period_label = $1 ORDER BY created_at");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql)).bind(period.label()).fetch_all(conn).await)?;
        rows.into_iter().map(RoundRecord::try_from).collect()
    }

    /// The rounds of a data set, latest period first.
    pub async fn rounds_of_data_set(&mut self, data_set_id: Uuid) -> Result<Vec<RoundRecord>> {
        let sql = format!("SELECT {ROUND_COLUMNS} FROM indicator_rounds WHERE data_set_id = $1");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql)).bind(data_set_id).fetch_all(conn).await)?;
        let mut rounds = rows.into_iter().map(RoundRecord::try_from).collect::<Result<Vec<_>>>()?;
        rounds.sort_by_key(|r| std::cmp::Reverse(r.round.period));
        Ok(rounds)
    }

    // ---- Submissions ----

    pub async fn submission(&mut self, round_id: Uuid, unit_id: Uuid) -> Result<Option<Submission>> {
        let sql =
            format!("SELECT {SUBMISSION_COLUMNS} FROM indicator_submissions WHERE round_id = $1 AND unit_id = $2");
        let row = on_conn!(self, conn => sqlx::query_as::<_, SubmissionRow>(sqlx::AssertSqlSafe(sql)).bind(round_id).bind(unit_id).fetch_optional(conn).await)?;
        row.map(Submission::try_from).transpose()
    }

    pub async fn insert_submission(&mut self, submission: &Submission) -> Result<()> {
        self.insert_submissions(std::slice::from_ref(submission)).await
    }

    /// Inserts new submissions (none may exist yet for the same round and unit), many rows per statement.
    pub async fn insert_submissions(&mut self, submissions: &[Submission]) -> Result<()> {
        for chunk in submissions.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO indicator_submissions (id, round_id, unit_id, unit_path, state, submitted_on, \
                     decided_on, decided_by, reason, version, updated_at) ",
                );
                query.push_values(chunk, |mut row, s| {
                    row.push_bind(s.id)
                        .push_bind(s.round_id)
                        .push_bind(s.unit_id)
                        .push_bind(s.unit_path.as_str().to_owned())
                        .push_bind(s.state.as_str())
                        .push_bind(s.submitted_on.map(Day::from))
                        .push_bind(s.decided_on.map(Day::from))
                        .push_bind(s.decided_by)
                        .push_bind(s.reason.clone())
                        .push_bind(s.version)
                        .push_bind(Instant::from(s.updated_at));
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    /// The submissions of a round from any of `unit_ids` (an import reads a round's submissions at once).
    pub async fn submissions_of_units(&mut self, round_id: Uuid, unit_ids: &[Uuid]) -> Result<Vec<Submission>> {
        let mut submissions = Vec::with_capacity(unit_ids.len());
        for chunk in unit_ids.chunks(INSERT_CHUNK) {
            let rows = on_conn!(self, conn => {
                let mut query = QueryBuilder::new(format!(
                    "SELECT {SUBMISSION_COLUMNS} FROM indicator_submissions WHERE round_id = "
                ));
                query.push_bind(round_id).push(" AND unit_id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(")");
                query.build_query_as::<SubmissionRow>().fetch_all(conn).await
            })?;
            for row in rows {
                submissions.push(Submission::try_from(row)?);
            }
        }
        Ok(submissions)
    }

    /// Writes the submission's state if nobody changed it since `expected_version` was read, and bumps
    /// the version. `false` means someone else saved first.
    pub async fn save_submission(&mut self, submission: &Submission, expected_version: i32) -> Result<bool> {
        let rows = on_conn!(self, conn => sqlx::query(
            "UPDATE indicator_submissions SET state = $2, submitted_on = $3, decided_on = $4, decided_by = $5, \
             reason = $6, version = $7 + 1, updated_at = $8 WHERE id = $1 AND version = $7",
        )
        .bind(submission.id)
        .bind(submission.state.as_str())
        .bind(submission.submitted_on.map(Day::from))
        .bind(submission.decided_on.map(Day::from))
        .bind(submission.decided_by)
        .bind(&submission.reason)
        .bind(expected_version)
        .bind(Instant::from(submission.updated_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(rows == 1)
    }

    /// The submissions of a round from units at or under `root`, by one index range.
    pub async fn submissions_within(&mut self, round_id: Uuid, root: &UnitPath) -> Result<Vec<Submission>> {
        let sql = format!(
            "SELECT {SUBMISSION_COLUMNS} FROM indicator_submissions \
             WHERE round_id = $1 AND unit_path >= $2 AND unit_path < $3 ORDER BY unit_path"
        );
        let rows = on_conn!(self, conn => sqlx::query_as::<_, SubmissionRow>(sqlx::AssertSqlSafe(sql))
            .bind(round_id).bind(root.as_str()).bind(root.subtree_end()).fetch_all(conn).await)?;
        rows.into_iter().map(Submission::try_from).collect()
    }

    /// The live units strictly under `root` whose level is one of `levels` and whose kind reports
    /// indicators (not departments or agencies), by path.
    pub async fn units_below_at_levels(&mut self, root: &UnitPath, levels: &[Level]) -> Result<Vec<Unit>> {
        if levels.is_empty() {
            return Ok(Vec::new());
        }
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.path > "));
            query.push_bind(root.as_str().to_owned()).push(" AND u.path < ").push_bind(root.subtree_end());
            query.push(" AND u.dissolved_on IS NULL AND u.level IN (");
            let mut list = query.separated(", ");
            for level in levels {
                list.push_bind(level.as_str().to_owned());
            }
            query.push(") AND u.kind IN (");
            let mut kinds = query.separated(", ");
            for kind in UnitKind::ALL.iter().filter(|kind| kind.reports_indicators()) {
                kinds.push_bind(kind.as_str().to_owned());
            }
            query.push(") ORDER BY u.path");
            query.build_query_as::<UnitRow>().fetch_all(conn).await
        })?;
        rows.into_iter().map(Unit::try_from).collect()
    }

    // ---- Values ----

    /// Inserts or replaces values (one per unit, indicator and period; the caller keeps the keys
    /// distinct within a call), many rows per statement.
    pub async fn upsert_indicator_values(&mut self, values: &[IndicatorValue]) -> Result<()> {
        for chunk in values.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO indicator_values (id, submission_id, unit_id, unit_path, indicator_id, \
                     indicator_version, period_label, number, yes_no, numerator, denominator, comment, updated_by, \
                     updated_at) ",
                );
                query.push_values(chunk, |mut row, v| {
                    let (number, yes_no, numerator, denominator) = value_columns(v.value);
                    row.push_bind(v.id)
                        .push_bind(v.submission_id)
                        .push_bind(v.unit_id)
                        .push_bind(v.unit_path.as_str().to_owned())
                        .push_bind(v.indicator_id)
                        .push_bind(version_number(v.indicator_version))
                        .push_bind(v.period.label())
                        .push_bind(number)
                        .push_bind(yes_no)
                        .push_bind(numerator)
                        .push_bind(denominator)
                        .push_bind(v.comment.clone())
                        .push_bind(v.updated_by)
                        .push_bind(Instant::from(v.updated_at));
                });
                query.push(
                    " ON CONFLICT (unit_id, indicator_id, period_label) DO UPDATE SET \
                     submission_id = excluded.submission_id, unit_path = excluded.unit_path, \
                     indicator_version = excluded.indicator_version, number = excluded.number, \
                     yes_no = excluded.yes_no, numerator = excluded.numerator, denominator = excluded.denominator, \
                     comment = excluded.comment, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                );
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    /// Keeps replaced values, many rows per statement.
    pub async fn insert_value_history(&mut self, changes: &[ValueChange]) -> Result<()> {
        for chunk in changes.chunks(INSERT_CHUNK) {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new(
                    "INSERT INTO indicator_value_history (id, value_id, indicator_version, number, yes_no, numerator, \
                     denominator, comment, entered_by, entered_at, replaced_by, replaced_at, reason) ",
                );
                query.push_values(chunk, |mut row, c| {
                    let (number, yes_no, numerator, denominator) = value_columns(c.value);
                    row.push_bind(c.id)
                        .push_bind(c.value_id)
                        .push_bind(version_number(c.indicator_version))
                        .push_bind(number)
                        .push_bind(yes_no)
                        .push_bind(numerator)
                        .push_bind(denominator)
                        .push_bind(c.comment.clone())
                        .push_bind(c.entered_by)
                        .push_bind(Instant::from(c.entered_at))
                        .push_bind(c.replaced_by)
                        .push_bind(Instant::from(c.replaced_at))
                        .push_bind(c.reason.clone());
                });
                query.build().execute(conn).await.map(|done| done.rows_affected())
            })?;
        }
        Ok(())
    }

    /// A unit's values for a period (its form).
    pub async fn unit_indicator_values(&mut self, unit_id: Uuid, period: Period) -> Result<Vec<IndicatorValue>> {
        let sql =
            format!("SELECT {VALUE_COLUMNS} FROM indicator_values v WHERE v.unit_id = $1 AND v.period_label = $2");
        let rows = on_conn!(self, conn => sqlx::query_as::<_, ValueRow>(sqlx::AssertSqlSafe(sql))
            .bind(unit_id).bind(period.label()).fetch_all(conn).await)?;
        rows.into_iter().map(IndicatorValue::try_from).collect()
    }

    /// The values of any of `unit_ids` for a period (an import reads the forms it writes at once).
    pub async fn indicator_values_of_units(
        &mut self,
        period: Period,
        unit_ids: &[Uuid],
    ) -> Result<Vec<IndicatorValue>> {
        let mut values = Vec::new();
        for chunk in unit_ids.chunks(INSERT_CHUNK) {
            let rows = on_conn!(self, conn => {
                let mut query = QueryBuilder::new(format!(
                    "SELECT {VALUE_COLUMNS} FROM indicator_values v WHERE v.period_label = "
                ));
                query.push_bind(period.label()).push(" AND v.unit_id IN (");
                let mut list = query.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                query.push(")");
                query.build_query_as::<ValueRow>().fetch_all(conn).await
            })?;
            for row in rows {
                values.push(IndicatorValue::try_from(row)?);
            }
        }
        Ok(values)
    }

    /// The living units with any of `codes` (codes are unique among living units), many per query.
    pub async fn live_units_by_codes(&mut self, codes: &[String]) -> Result<Vec<Unit>> {
        let mut units = Vec::with_capacity(codes.len());
        for chunk in codes.chunks(INSERT_CHUNK) {
            let rows = on_conn!(self, conn => {
                let mut query = QueryBuilder::new(format!(
                    "SELECT {UNIT_COLUMNS} FROM units u WHERE u.dissolved_on IS NULL AND u.code IN ("
                ));
                let mut list = query.separated(", ");
                for code in chunk {
                    list.push_bind(code.clone());
                }
                query.push(")");
                query.build_query_as::<UnitRow>().fetch_all(conn).await
            })?;
            for row in rows {
                units.push(Unit::try_from(row)?);
            }
        }
        Ok(units)
    }

    /// The values replaced before the one in force, oldest first.
    pub async fn value_history(&mut self, value_id: Uuid) -> Result<Vec<ValueChange>> {
        let rows: Vec<HistoryRow> = on_conn!(self, conn => sqlx::query_as(
            "SELECT id, value_id, indicator_version, number, yes_no, numerator, denominator, comment, entered_by, \
             entered_at, replaced_by, replaced_at, reason FROM indicator_value_history WHERE value_id = $1 \
             ORDER BY replaced_at, id",
        ).bind(value_id).fetch_all(conn).await)?;
        rows.into_iter().map(ValueChange::try_from).collect()
    }

    /// The approved values of one indicator and period from live units at `level` strictly under `root`:
    /// the inputs of an aggregate. One index range on the value's path.
    pub async fn approved_values_below(
        &mut self,
        indicator_id: Uuid,
        period: Period,
        root: &UnitPath,
        level: Level,
    ) -> Result<Vec<IndicatorValue>> {
        let sql = format!(
            "SELECT {VALUE_COLUMNS} FROM indicator_values v \
             JOIN indicator_submissions s ON s.id = v.submission_id \
             JOIN units u ON u.id = v.unit_id \
             WHERE v.indicator_id = $1 AND v.period_label = $2 AND v.unit_path > $3 AND v.unit_path < $4 \
             AND s.state = 'approved' AND u.level = $5 AND u.dissolved_on IS NULL ORDER BY v.unit_path"
        );
        let rows = on_conn!(self, conn => sqlx::query_as::<_, ValueRow>(sqlx::AssertSqlSafe(sql))
            .bind(indicator_id).bind(period.label()).bind(root.as_str()).bind(root.subtree_end()).bind(level.as_str())
            .fetch_all(conn).await)?;
        rows.into_iter().map(IndicatorValue::try_from).collect()
    }

    /// A unit's approved value of one indicator and period, if any.
    pub async fn approved_value(
        &mut self,
        indicator_id: Uuid,
        period: Period,
        unit_id: Uuid,
    ) -> Result<Option<IndicatorValue>> {
        let sql = format!(
            "SELECT {VALUE_COLUMNS} FROM indicator_values v JOIN indicator_submissions s ON s.id = v.submission_id \
             WHERE v.unit_id = $1 AND v.indicator_id = $2 AND v.period_label = $3 AND s.state = 'approved'"
        );
        let row = on_conn!(self, conn => sqlx::query_as::<_, ValueRow>(sqlx::AssertSqlSafe(sql))
            .bind(unit_id).bind(indicator_id).bind(period.label()).fetch_optional(conn).await)?;
        row.map(IndicatorValue::try_from).transpose()
    }

    /// A unit's values of one indicator over time, oldest period first.
    pub async fn indicator_series(&mut self, unit_id: Uuid, indicator_id: Uuid) -> Result<Vec<IndicatorValue>> {
        let sql = format!(
            "SELECT {VALUE_COLUMNS} FROM indicator_values v WHERE v.unit_id = $1 AND v.indicator_id = $2 \
             ORDER BY v.period_label"
        );
        let rows = on_conn!(self, conn => sqlx::query_as::<_, ValueRow>(sqlx::AssertSqlSafe(sql))
            .bind(unit_id).bind(indicator_id).fetch_all(conn).await)?;
        let mut values = rows.into_iter().map(IndicatorValue::try_from).collect::<Result<Vec<_>>>()?;
        values.sort_by_key(|v| v.period);
        Ok(values)
    }

    // ---- Import batches ----

    pub async fn indicator_import_batch(&mut self, key: &str) -> Result<Option<ImportBatch>> {
        let row: Option<BatchRow> = on_conn!(self, conn => sqlx::query_as(
            "SELECT id, batch_key, content_hash, row_count, imported_by, created_at FROM indicator_import_batches \
             WHERE batch_key = $1",
        ).bind(key).fetch_optional(conn).await)?;
        Ok(row.map(|row| ImportBatch {
            id: row.id,
            batch_key: row.batch_key,
            content_hash: row.content_hash,
            row_count: row.row_count,
            imported_by: row.imported_by,
            created_at: row.created_at.to_jiff(),
        }))
    }

    pub async fn insert_indicator_import_batch(&mut self, batch: &ImportBatch) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO indicator_import_batches (id, batch_key, content_hash, row_count, imported_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(batch.id)
        .bind(&batch.batch_key)
        .bind(&batch.content_hash)
        .bind(batch.row_count)
        .bind(batch.imported_by)
        .bind(Instant::from(batch.created_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }
}
