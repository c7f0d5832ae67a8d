//! Indicators and data collection (domain.md §6): the catalogue, targets, data sets and rounds
//! (`catalogue`), a unit's form with drafts, submission and the parent's decisions (`collect`),
//! completeness, timeliness, aggregation and achievement (`reports`), and the bulk import of
//! long-format rows shared by spreadsheet imports and the JSON push (`import`).
//!
//! The rules are the domain's (`nqtrack_domain::indicator`); this module loads what they need, asks the
//! policy, writes in one transaction with the audit entry, and keeps every replaced value in history.

mod catalogue;
mod collect;
mod import;
mod reports;
mod rollup;
mod urging;

use std::collections::BTreeMap;

use nqtrack_domain::indicator::{
    DataSet, IndicatorCode, IndicatorDefinition, IndicatorVersion, SubmissionState, Value,
};
use nqtrack_domain::period::Period;
use nqtrack_domain::policy::{self, Action, Actor, Denied};
use nqtrack_domain::unit::Level;
use nqtrack_store::{
    DataSetRecord, IndicatorRecord, IndicatorValue, Liveness, RoundRecord, Submission, Tx, Unit, ValueChange,
};
use uuid::Uuid;

use crate::{AppError, Result};

pub use catalogue::{DataSetInput, RoundInput, SavedIndicator, TargetInput};
pub use collect::{FormRow, IndicatorForm, SubmissionOutcome, ValueInput, ValuesInput};
pub use import::{IndicatorImport, IndicatorImportOutcome, IndicatorImportRow};
pub use reports::{Completeness, CompletenessRow, IndicatorAggregate};
pub(crate) use rollup::{RollupReads, aggregate_for_units};

/// The unit at the top of the tree: the catalogue, data sets and rounds belong to the whole
/// installation and are managed by whoever holds `ManageIndicators` there.
pub(crate) async fn catalogue_root(tx: &mut Tx) -> Result<Unit> {
    tx.root_units(Liveness::Live).await?.into_iter().next().map(|u| u.unit).ok_or(AppError::NotFound("unit"))
}

pub(crate) async fn authorize_catalogue(tx: &mut Tx, actor: &Actor) -> Result<Unit> {
    let root = catalogue_root(tx).await?;
    policy::authorize(actor, Action::ManageIndicators, &root.path)?;
    Ok(root)
}

pub(crate) async fn load_unit(tx: &mut Tx, id: Uuid) -> Result<Unit> {
    tx.unit(id).await?.ok_or(AppError::NotFound("unit"))
}

pub(crate) async fn load_round(tx: &mut Tx, id: Uuid) -> Result<(RoundRecord, DataSetRecord)> {
    let round = tx.round(id).await?.ok_or(AppError::NotFound("round"))?;
    let data_set = tx.data_set(round.data_set_id).await?.ok_or(AppError::NotFound("data set"))?;
    Ok((round, data_set))
}

/// The catalogue in force, with each definition's stored id.
pub(crate) struct Catalogue {
    pub records: Vec<IndicatorRecord>,
}

impl Catalogue {
    pub(crate) async fn load(tx: &mut Tx) -> Result<Self> {
        Ok(Self { records: tx.indicators().await? })
    }

    pub(crate) fn definitions(&self) -> Vec<IndicatorDefinition> {
        self.records.iter().map(|r| r.definition.clone()).collect()
    }

    pub(crate) fn by_code(&self, code: &IndicatorCode) -> Option<&IndicatorRecord> {
        self.records.iter().find(|r| r.definition.code == *code)
    }

    /// The indicators (computed ones included) a unit at `level` has on a data set's form, in the data
    /// set's order.
    pub(crate) fn form_for(&self, data_set: &DataSet, level: Level) -> Vec<&IndicatorRecord> {
        data_set
            .indicators
            .iter()
            .filter_map(|code| self.by_code(code))
            .filter(|r| r.definition.reported_at(level))
            .collect()
    }
}

/// A unit's submission in a round, or a fresh draft (not yet stored) when it has none.
pub(crate) async fn submission_or_draft(
    tx: &mut Tx,
    round_id: Uuid,
    unit: &Unit,
    now: jiff::Timestamp,
) -> Result<(Submission, bool)> {
    Ok(match tx.submission(round_id, unit.id).await? {
        Some(submission) => (submission, true),
        None => (draft(round_id, unit, now), false),
    })
}

/// A fresh draft submission of a unit in a round (not yet stored).
pub(crate) fn draft(round_id: Uuid, unit: &Unit, now: jiff::Timestamp) -> Submission {
    Submission {
        id: Uuid::now_v7(),
        round_id,
        unit_id: unit.id,
        unit_path: unit.path.clone(),
        state: SubmissionState::Draft,
        submitted_on: None,
        decided_on: None,
        decided_by: None,
        reason: String::new(),
        version: 1,
        updated_at: now,
    }
}

/// Saves a submission's new state, or reports that someone else changed it first.
pub(crate) async fn save_submission(tx: &mut Tx, submission: &mut Submission, expected_version: i32) -> Result<()> {
    if tx.save_submission(submission, expected_version).await? {
        submission.version = expected_version + 1;
        Ok(())
    } else {
        Err(AppError::Conflict(nqtrack_domain::Invalid::one("version", "edit-conflict")))
    }
}

/// One value to write for a unit and period.
pub(crate) struct Entry {
    pub indicator_id: Uuid,
    pub version: IndicatorVersion,
    pub value: Value,
    pub comment: String,
}

/// Writes values under `submission`, keeping each replaced value (with who entered it, who replaced
/// it, when and `reason`) in history. Unchanged values are not rewritten. Returns how many changed.
pub(crate) async fn write_values(
    tx: &mut Tx,
    actor: &Actor,
    submission: &Submission,
    period: Period,
    entries: Vec<Entry>,
    reason: &str,
    now: jiff::Timestamp,
) -> Result<usize> {
    let existing: BTreeMap<Uuid, IndicatorValue> =
        tx.unit_indicator_values(submission.unit_id, period).await?.into_iter().map(|v| (v.indicator_id, v)).collect();
    let mut values = Vec::new();
    let mut history = Vec::new();
    plan_values(actor, submission, period, entries, &existing, reason, now, &mut values, &mut history);
    tx.insert_value_history(&history).await?;
    tx.upsert_indicator_values(&values).await?;
    Ok(values.len())
}

/// What writing `entries` under `submission` over the unit's `existing` values (by indicator) takes:
/// the values to upsert and the replaced values to keep, appended to `values` and `history`. Unchanged
/// values are left out. Returns how many values change.
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan_values(
    actor: &Actor,
    submission: &Submission,
    period: Period,
    entries: Vec<Entry>,
    existing: &BTreeMap<Uuid, IndicatorValue>,
    reason: &str,
    now: jiff::Timestamp,
    values: &mut Vec<IndicatorValue>,
    history: &mut Vec<ValueChange>,
) -> usize {
    let before = values.len();
    let mut seen = std::collections::BTreeSet::new();
    for entry in entries.into_iter().rev() {
        // The last entry for an indicator wins.
        if !seen.insert(entry.indicator_id) {
            continue;
        }
        let old = existing.get(&entry.indicator_id);
        if let Some(old) = old
            && old.value == entry.value
            && old.comment == entry.comment
            && old.indicator_version == entry.version
            && old.submission_id == submission.id
        {
            continue;
        }
        if let Some(old) = old {
            history.push(ValueChange {
                id: Uuid::now_v7(),
                value_id: old.id,
                indicator_version: old.indicator_version,
                value: old.value,
                comment: old.comment.clone(),
                entered_by: old.updated_by,
                entered_at: old.updated_at,
                replaced_by: actor.user_id(),
                replaced_at: now,
                reason: reason.to_owned(),
            });
        }
        values.push(IndicatorValue {
            id: old.map_or_else(Uuid::now_v7, |o| o.id),
            submission_id: submission.id,
            unit_id: submission.unit_id,
            unit_path: submission.unit_path.clone(),
            indicator_id: entry.indicator_id,
            indicator_version: entry.version,
            period,
            value: entry.value,
            comment: entry.comment,
            updated_by: actor.user_id(),
            updated_at: now,
        });
    }
    values.len() - before
}

pub(crate) fn denied(action: Action) -> AppError {
    AppError::Denied(Denied { action })
}
