//! What the units above read: completeness and timeliness of a round, aggregates of approved values
//! with how complete they are, achievement against targets, and a unit's time series.
//!
//! **Expected units.** A round expects a submission from every live unit strictly under the viewing
//! unit whose level has at least one indicator on the data set's form; an aggregate expects a value
//! from every live unit strictly under the unit at the level it is rolled up from (the lowest level
//! below the unit that reports the indicator). A unit that has not reported (or whose submission is
//! not approved) still counts as expected, so a partial total shows as partial.
//!
//! Only values entered under a version of the same meaning as the one in force are rolled up
//! ([`IndicatorDefinition::same_meaning`]); others count as missing.
//!
//! **Computed indicators** are not summed from the units' computed values: like DHIS2, their inputs are
//! aggregated first (each by its own rule) and the formula is evaluated on the aggregates, so a rate
//! at province level is the province's totals divided, not an average of commune rates. Its
//! `included` is the smallest and its `expected` the largest of its inputs'.

use std::collections::BTreeMap;

use jiff::civil::Date;
use nqtrack_domain::FieldError;
use nqtrack_domain::indicator::{
    Aggregate, IndicatorCode, SubmissionState, Targets, Timeliness, Value, achievement, effective_targets, timeliness,
};
use nqtrack_domain::period::Period;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::unit::Level;
use nqtrack_store::IndicatorValue;
use serde::Serialize;
use uuid::Uuid;

use super::rollup::{RollupReads, aggregate_for_units};
use super::{Catalogue, load_round, load_unit};
use crate::{App, AppError, Result};

/// One expected unit of a round.
#[derive(Debug, Clone, Serialize)]
pub struct CompletenessRow {
    pub unit_id: Uuid,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub state: Option<SubmissionState>,
    pub submitted_on: Option<Date>,
    pub due: Date,
    pub timeliness: Timeliness,
}

/// Who reported in a round under a unit, and when.
#[derive(Debug, Clone, Serialize)]
pub struct Completeness {
    pub round_id: Uuid,
    pub unit_id: Uuid,
    pub expected: usize,
    /// Submitted at least once (a returned submission still counts: it was made).
    pub submitted: usize,
    pub approved: usize,
    pub on_time: usize,
    pub late: usize,
    pub not_yet_due: usize,
    pub missing: usize,
    pub units: Vec<CompletenessRow>,
}

impl Completeness {
    /// Submitted over expected, in percent; `None` when nothing is expected.
    pub fn completeness_percent(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.submitted as f64 / self.expected as f64 * 100.0)
    }

    /// Submitted on time over expected, in percent.
    pub fn timeliness_percent(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.on_time as f64 / self.expected as f64 * 100.0)
    }
}

/// An indicator's value for a unit and period, rolled up from the approved values below it.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorAggregate {
    pub unit_id: Uuid,
    pub indicator: IndicatorCode,
    pub period: Period,
    pub value: Option<Value>,
    /// The value as a number ([`Value::number`]).
    pub number: Option<f64>,
    pub included: usize,
    pub expected: usize,
    pub partial: bool,
    /// The level the values come from; `None` for the unit's own value or a computed indicator.
    pub from_level: Option<Level>,
    pub targets: Targets,
    /// Percent of the target achieved, respecting the direction.
    pub achievement: Option<f64>,
}

impl App {
    /// Completeness and timeliness of a round for the units under `unit_id`.
    pub async fn round_completeness(&self, actor: &Actor, round_id: Uuid, unit_id: Uuid) -> Result<Completeness> {
        let mut tx = self.store.read().await?;
        let (round, data_set) = load_round(&mut tx, round_id).await?;
        let unit = load_unit(&mut tx, unit_id).await?;
        policy::authorize(actor, Action::ViewIndicators, &unit.path)?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let levels: Vec<Level> =
            Level::ALL.iter().copied().filter(|l| !catalogue.form_for(&data_set.data_set, *l).is_empty()).collect();
        let units = tx.units_below_at_levels(&unit.path, &levels).await?;
        let submissions: BTreeMap<Uuid, nqtrack_store::Submission> =
            tx.submissions_within(round_id, &unit.path).await?.into_iter().map(|s| (s.unit_id, s)).collect();
        let today = self.today();
        let mut report = Completeness {
            round_id,
            unit_id,
            expected: units.len(),
            submitted: 0,
            approved: 0,
            on_time: 0,
            late: 0,
            not_yet_due: 0,
            missing: 0,
            units: Vec::with_capacity(units.len()),
        };
        for below in units {
            let submission = submissions.get(&below.id);
            let due = round.round.due_for(below.level).or(round.round.locks_on).unwrap_or(round.round.period.end());
            let submitted_on = submission.and_then(|s| s.submitted_on);
            let standing = timeliness(submitted_on, due, today);
            report.submitted += usize::from(submitted_on.is_some());
            report.approved += usize::from(submission.is_some_and(|s| s.state == SubmissionState::Approved));
            match standing {
                Timeliness::OnTime => report.on_time += 1,
                Timeliness::Late => report.late += 1,
                Timeliness::NotYetDue => report.not_yet_due += 1,
                Timeliness::Missing => report.missing += 1,
            }
            report.units.push(CompletenessRow {
                unit_id: below.id,
                code: below.code,
                name: below.name,
                level: below.level,
                state: submission.map(|s| s.state),
                submitted_on,
                due,
                timeliness: standing,
            });
        }
        Ok(report)
    }

    /// An indicator for any unit and period, from the approved values below it (or the unit's own
    /// approved value when nothing below reports it), with achievement against the unit's target.
    pub async fn aggregate_indicator(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        indicator: &str,
        period: &str,
    ) -> Result<IndicatorAggregate> {
        let mut tx = self.store.read().await?;
        let unit = load_unit(&mut tx, unit_id).await?;
        policy::authorize(actor, Action::ViewIndicators, &unit.path)?;
        let code = IndicatorCode::parse("indicator", indicator)?;
        let period = Period::parse("period", period)?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let record = catalogue
            .by_code(&code)
            .ok_or_else(|| AppError::from(FieldError::new("indicator", "indicator-unknown").with_arg("value", &code)))?
            .clone();
        nqtrack_domain::indicator::check_period(&record.definition, period)?;
        let (rolled, from_level) = aggregate_for_units(
            &mut tx,
            &mut RollupReads::default(),
            &catalogue,
            &record,
            std::slice::from_ref(&unit),
            period,
        )
        .await?
        .remove(&unit.id)
        .unwrap_or((Aggregate { value: None, included: 0, expected: 0 }, None));
        let (level_default, unit_override) = tx.indicator_targets_for(record.id, period, unit.level, unit.id).await?;
        let targets = effective_targets(
            level_default.map(|t| t.targets).unwrap_or_default(),
            unit_override.map(|t| t.targets).unwrap_or_default(),
        );
        let number = rolled.value.and_then(Value::number);
        let achieved = match (number, targets.target) {
            (Some(value), Some(target)) => achievement(value, target, targets.baseline, record.definition.direction),
            _ => None,
        };
        Ok(IndicatorAggregate {
            unit_id,
            indicator: code,
            period,
            value: rolled.value,
            number,
            included: rolled.included,
            expected: rolled.expected,
            partial: rolled.is_partial(),
            from_level,
            targets,
            achievement: achieved,
        })
    }

    /// A unit's values of one indicator, oldest period first.
    pub async fn indicator_series(&self, actor: &Actor, unit_id: Uuid, indicator: &str) -> Result<Vec<IndicatorValue>> {
        let mut tx = self.store.read().await?;
        let unit = load_unit(&mut tx, unit_id).await?;
        policy::authorize(actor, Action::ViewIndicators, &unit.path)?;
        let record = tx.indicator_by_code(indicator.trim()).await?.ok_or(AppError::NotFound("indicator"))?;
        Ok(tx.indicator_series(unit_id, record.id).await?)
    }
}
