//! Bulk import of long-format values (unit code, indicator code, period, value, comment), shared by
//! spreadsheet imports and the JSON push. Every row passes the same checks as a form; if any row is
//! bad nothing is written and every bad row is reported with its number and column. A batch carries
//! a key chosen by the sender: the same batch again changes nothing, and the same key with other
//! content is a conflict.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use nqtrack_domain::indicator::{
    Action as Step, IndicatorCode, Relation, Situation, SubmissionState, Value, check_period, check_value, decide,
};
use nqtrack_domain::period::Period;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::task::optional_text;
use nqtrack_domain::unit::UnitPath;
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{DataSetRecord, ImportBatch, IndicatorRecord, IndicatorValue, RoundRecord, Submission, Unit};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::collect::COMMENT_MAX;
use super::{Catalogue, Entry, draft, plan_values};
use crate::audit::{Change, snapshot};
use crate::import::{RowProblem, rejected};
use crate::{App, AppError, Result};

/// The longest batch key accepted.
const BATCH_KEY_MAX: usize = 200;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct IndicatorImportRow {
    /// The row number shown in problems (a spreadsheet's row); 0: the row's position from 1.
    pub row: usize,
    pub unit_code: String,
    pub indicator_code: String,
    pub period: String,
    pub value: String,
    pub comment: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IndicatorImport {
    /// Chosen by the sender, unique per batch: sending the same batch again is harmless.
    pub batch_key: String,
    pub rows: Vec<IndicatorImportRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorImportOutcome {
    pub batch_key: String,
    pub rows: usize,
    /// Values written (unchanged values are not rewritten).
    pub written: usize,
    /// The batch had already been imported: nothing was done.
    pub replayed: bool,
}

/// The content of a batch, independent of row numbering and surrounding spaces.
fn content_hash(rows: &[IndicatorImportRow]) -> String {
    let mut hasher = Sha256::new();
    for row in rows {
        for field in [&row.unit_code, &row.indicator_code, &row.period, &row.value, &row.comment] {
            let field = field.trim();
            hasher.update((field.len() as u64).to_be_bytes());
            hasher.update(field.as_bytes());
        }
    }
    hex::encode(hasher.finalize())
}

/// A row that passed the checks that need no submission: its submission's state decides the rest.
struct Pending<'a> {
    index: usize,
    number: usize,
    round: Uuid,
    unit: &'a Unit,
    record: &'a IndicatorRecord,
    period: Period,
    value: Option<Value>,
}

/// A checked row, ready to write.
struct Planned<'a> {
    round: &'a RoundRecord,
    unit: &'a Unit,
    entry: Entry,
}

impl App {
    pub async fn import_indicator_values(
        &self,
        actor: &Actor,
        batch: IndicatorImport,
    ) -> Result<IndicatorImportOutcome> {
        let key = batch.batch_key.trim().to_owned();
        if key.is_empty() {
            return Err(FieldError::new("batch_key", "required").into());
        }
        if key.chars().count() > BATCH_KEY_MAX {
            return Err(FieldError::new("batch_key", "too-long").with_arg("max", BATCH_KEY_MAX).into());
        }
        let hash = content_hash(&batch.rows);
        let mut tx = self.store.write().await?;
        if let Some(done) = tx.indicator_import_batch(&key).await? {
            if done.content_hash != hash {
                return Err(AppError::Conflict(Invalid::one("batch_key", "import-batch-conflict")));
            }
            return Ok(IndicatorImportOutcome { batch_key: key, rows: batch.rows.len(), written: 0, replayed: true });
        }
        let catalogue = Catalogue::load(&mut tx).await?;
        let by_code: HashMap<&IndicatorCode, &IndicatorRecord> =
            catalogue.records.iter().rev().map(|r| (&r.definition.code, r)).collect();
        let data_sets: BTreeMap<Uuid, DataSetRecord> = tx.data_sets().await?.into_iter().map(|d| (d.id, d)).collect();
        // Every unit named, looked up at once (a code unknown or of a dissolved unit maps to `None`).
        let mut units: BTreeMap<String, Option<Unit>> =
            batch.rows.iter().map(|row| (row.unit_code.trim().to_owned(), None)).collect();
        let codes: Vec<String> = units.keys().cloned().collect();
        for unit in tx.live_units_by_codes(&codes).await? {
            if let Some(slot) = units.get_mut(&unit.code) {
                *slot = Some(unit);
            }
        }
        let mut rounds: BTreeMap<Period, Vec<RoundRecord>> = BTreeMap::new();
        let mut seen = BTreeSet::new();
        // Problems by row position, so that those found once the submissions are read keep their order.
        let mut problems: Vec<(usize, RowProblem)> = Vec::new();
        let mut pending = Vec::new();
        let mut wanted: BTreeMap<Uuid, BTreeSet<Uuid>> = BTreeMap::new();
        let today = self.today();
        for (i, row) in batch.rows.iter().enumerate() {
            let number = if row.row == 0 { i + 1 } else { row.row };
            let mut problem = |column: &str, error: FieldError| {
                problems.push((i, RowProblem::from_field(number, FieldError { field: column.to_owned(), ..error })));
            };
            let unit_code = row.unit_code.trim();
            let unit = match &units[unit_code] {
                None => {
                    problem("unit_code", FieldError::new("", "unit-code-unknown").with_arg("value", unit_code));
                    None
                }
                Some(unit) if policy::authorize(actor, Action::ReportIndicators, &unit.path).is_err() => {
                    problem("unit_code", FieldError::new("", "unit-not-permitted").with_arg("value", unit_code));
                    None
                }
                Some(unit) => Some(unit),
            };
            let record = match IndicatorCode::parse("", &row.indicator_code) {
                Err(error) => {
                    problem("indicator_code", error);
                    None
                }
                Ok(code) => match by_code.get(&code).copied() {
                    None => {
                        problem("indicator_code", FieldError::new("", "indicator-unknown").with_arg("value", &code));
                        None
                    }
                    Some(record) if record.definition.source.formula().is_some() => {
                        problem("indicator_code", FieldError::new("", "indicator-computed"));
                        None
                    }
                    Some(record) => Some(record),
                },
            };
            let period = match Period::parse("", &row.period) {
                Err(error) => {
                    problem("period", error);
                    None
                }
                Ok(period) => Some(period),
            };
            let value = record.and_then(|record| {
                match Value::parse("", record.definition.value_type, &row.value)
                    .and_then(|value| check_value(&record.definition, value).map(|()| value))
                {
                    Ok(value) => Some(value),
                    Err(error) => {
                        problem("value", error);
                        None
                    }
                }
            });
            let (Some(unit), Some(record), Some(period)) = (unit, record, period) else { continue };
            if let Err(error) = check_period(&record.definition, period) {
                problem("period", error);
                continue;
            }
            if !record.definition.reported_at(unit.level) {
                problem(
                    "indicator_code",
                    FieldError::new("", "indicator-unknown").with_arg("value", &record.definition.code),
                );
                continue;
            }
            if !seen.insert((unit.id, record.id, period)) {
                problem("indicator_code", FieldError::new("", "duplicate-in-file"));
                continue;
            }
            if let std::collections::btree_map::Entry::Vacant(slot) = rounds.entry(period) {
                slot.insert(tx.rounds_for_period(period).await?);
            }
            let round = rounds[&period].iter().find(|r| {
                data_sets.get(&r.data_set_id).is_some_and(|d| d.data_set.indicators.contains(&record.definition.code))
            });
            let Some(round) = round else {
                problem("period", FieldError::new("", "round-missing").with_arg("value", period));
                continue;
            };
            wanted.entry(round.id).or_default().insert(unit.id);
            pending.push(Pending { index: i, number, round: round.id, unit, record, period, value });
        }
        // The submissions of every (round, unit) the rows reach, one query per round.
        let mut submissions: HashMap<(Uuid, Uuid), Submission> = HashMap::new();
        for (round_id, unit_ids) in &wanted {
            let unit_ids: Vec<Uuid> = unit_ids.iter().copied().collect();
            for submission in tx.submissions_of_units(*round_id, &unit_ids).await? {
                submissions.insert((submission.round_id, submission.unit_id), submission);
            }
        }
        let round_by_id: HashMap<Uuid, &RoundRecord> = rounds.values().flatten().map(|r| (r.id, r)).collect();
        let mut planned = Vec::new();
        for Pending { index, number, round, unit, record, period, value } in pending {
            let round = round_by_id[&round];
            let row = &batch.rows[index];
            let mut problem = |column: &str, error: FieldError| {
                problems
                    .push((index, RowProblem::from_field(number, FieldError { field: column.to_owned(), ..error })));
            };
            let state = submissions.get(&(round.id, unit.id)).map_or(SubmissionState::Draft, |s| s.state);
            let situation = Situation {
                today,
                period,
                round_locked: round.round.is_locked(today),
                relation: Relation::Own,
                children_approved: true,
                parent_approved: false,
                settings: data_sets.get(&round.data_set_id).map(|d| d.settings).unwrap_or_default(),
            };
            if let Err(error) = decide(state, &Step::Edit, &situation) {
                problem("period", error.to_field_error());
                continue;
            }
            let comment = match optional_text("", &row.comment, COMMENT_MAX) {
                Ok(comment) => comment,
                Err(error) => {
                    problem("comment", error);
                    continue;
                }
            };
            let Some(value) = value else { continue };
            planned.push(Planned {
                round,
                unit,
                entry: Entry { indicator_id: record.id, version: record.definition.version, value, comment },
            });
        }
        if !problems.is_empty() {
            problems.sort_by_key(|(index, _)| *index);
            return Err(rejected(problems.into_iter().map(|(_, problem)| problem).collect()));
        }
        let now = self.clock.now();
        // Entries by round and unit, in the order of the rounds and units' ids.
        let mut groups: BTreeMap<(Uuid, Uuid), (&RoundRecord, &Unit, Vec<Entry>)> = BTreeMap::new();
        for plan in planned {
            groups
                .entry((plan.round.id, plan.unit.id))
                .or_insert_with(|| (plan.round, plan.unit, Vec::new()))
                .2
                .push(plan.entry);
        }
        // The units' stored values of each period written, one query per period.
        let mut unit_ids_by_period: BTreeMap<Period, BTreeSet<Uuid>> = BTreeMap::new();
        for (round, unit, _) in groups.values() {
            unit_ids_by_period.entry(round.round.period).or_default().insert(unit.id);
        }
        let mut existing: HashMap<(Uuid, Period), BTreeMap<Uuid, IndicatorValue>> = HashMap::new();
        for (period, unit_ids) in unit_ids_by_period {
            let unit_ids: Vec<Uuid> = unit_ids.into_iter().collect();
            for value in tx.indicator_values_of_units(period, &unit_ids).await? {
                existing.entry((value.unit_id, period)).or_default().insert(value.indicator_id, value);
            }
        }
        let no_values = BTreeMap::new();
        let mut drafts = Vec::new();
        let mut values = Vec::new();
        let mut history = Vec::new();
        let mut written = 0;
        for ((round_id, unit_id), (round, unit, entries)) in groups {
            let submission = match submissions.remove(&(round_id, unit_id)) {
                Some(submission) => submission,
                None => {
                    let draft = draft(round_id, unit, now);
                    drafts.push(draft.clone());
                    draft
                }
            };
            let reason =
                if submission.state == SubmissionState::Returned { submission.reason.clone() } else { String::new() };
            let period = round.round.period;
            let stored = existing.get(&(unit_id, period)).unwrap_or(&no_values);
            written +=
                plan_values(actor, &submission, period, entries, stored, &reason, now, &mut values, &mut history);
        }
        tx.insert_submissions(&drafts).await?;
        tx.insert_value_history(&history).await?;
        tx.upsert_indicator_values(&values).await?;
        let record = ImportBatch {
            id: Uuid::now_v7(),
            batch_key: key.clone(),
            content_hash: hash,
            row_count: i64::try_from(batch.rows.len()).unwrap_or(i64::MAX),
            imported_by: actor.user_id(),
            created_at: now,
        };
        tx.insert_indicator_import_batch(&record).await?;
        // Recorded at the closest unit above every unit written, so whoever sees them all sees it.
        let paths: Vec<&UnitPath> = units.values().flatten().map(|u| &u.path).collect();
        let at = match common_ancestor(&paths) {
            Some(path) => path,
            None => super::catalogue_root(&mut tx).await?.path,
        };
        Change {
            action: "indicator.import",
            object_type: "indicator_import",
            object_id: record.id.to_string(),
            unit_path: Some(&at),
            before: None,
            after: snapshot(&serde_json::json!({ "batch": &record, "written": written })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(IndicatorImportOutcome { batch_key: key, rows: batch.rows.len(), written, replayed: false })
    }
}

/// The deepest unit at or above every path given (`None` for none).
fn common_ancestor(paths: &[&UnitPath]) -> Option<UnitPath> {
    let (first, rest) = paths.split_first()?;
    let mut ids: Vec<Uuid> = first.ids().collect();
    for path in rest {
        let shared = ids.iter().zip(path.ids()).take_while(|(a, b)| **a == *b).count();
        ids.truncate(shared);
    }
    let (root, below) = ids.split_first()?;
    Some(below.iter().fold(UnitPath::root(*root), |path, id| path.child(*id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_ancestor_is_the_deepest_shared_unit() {
        let root = UnitPath::root(Uuid::now_v7());
        let province = root.child(Uuid::now_v7());
        let (a, b) = (province.child(Uuid::now_v7()), province.child(Uuid::now_v7()));
        assert_eq!(common_ancestor(&[&a, &b]), Some(province.clone()));
        assert_eq!(common_ancestor(&[&a]), Some(a.clone()));
        assert_eq!(common_ancestor(&[&a, &root.child(Uuid::now_v7())]), Some(root));
        assert_eq!(common_ancestor(&[]), None);
    }
}
