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

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use nqtrack_domain::indicator::{
    Aggregate, Child, IndicatorCode, IndicatorDefinition, IndicatorVersion, SubmissionState, Targets, Timeliness,
    Value, Weight, achievement, aggregate, compute_formulas, effective_targets, evaluation_order, timeliness,
};
use nqtrack_domain::period::Period;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::unit::Level;
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{IndicatorRecord, IndicatorValue, Tx, Unit};
use serde::Serialize;
use uuid::Uuid;

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
        let (rolled, from_level) = match record.definition.source.formula() {
            None => roll_up(&mut tx, &catalogue, &record, &unit, period).await?,
            Some(_) => (computed(&mut tx, &catalogue, &record, &unit, period).await?, None),
        };
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

/// The level an entered indicator rolls up from under `unit`: the lowest level below the unit's that
/// reports it.
fn source_level(definition: &IndicatorDefinition, unit: &Unit) -> Option<Level> {
    definition.levels.iter().copied().filter(|l| l.depth() > unit.level.depth()).max_by_key(|l| l.depth())
}

/// Aggregates an entered (or imported) indicator by its rule.
async fn roll_up(
    tx: &mut Tx,
    catalogue: &Catalogue,
    record: &IndicatorRecord,
    unit: &Unit,
    period: Period,
) -> Result<(Aggregate, Option<Level>)> {
    let definition = &record.definition;
    let Some(level) = source_level(definition, unit) else {
        if !definition.reported_at(unit.level) {
            return Ok((Aggregate { value: None, included: 0, expected: 0 }, None));
        }
        let own = tx.approved_value(record.id, period, unit.id).await?;
        let value = own.map(|v| v.value);
        return Ok((Aggregate { value, included: usize::from(value.is_some()), expected: 1 }, None));
    };
    let units = tx.units_below_at_levels(&unit.path, &[level]).await?;
    let mut comparable: BTreeMap<IndicatorVersion, bool> = BTreeMap::from([(definition.version, true)]);
    let mut values: BTreeMap<Uuid, Value> = BTreeMap::new();
    for stored in tx.approved_values_below(record.id, period, &unit.path, level).await? {
        // A value entered under a version of another meaning is not added to today's (it counts as
        // missing): a count of records and a count of procedures do not sum.
        let same = match comparable.get(&stored.indicator_version) {
            Some(same) => *same,
            None => {
                let old = tx.indicator_version(record.id, stored.indicator_version).await?;
                let same = old.is_some_and(|old| old.same_meaning(definition));
                comparable.insert(stored.indicator_version, same);
                same
            }
        };
        if same {
            values.insert(stored.unit_id, stored.value);
        }
    }
    let weights: BTreeMap<Uuid, f64> = match definition.effective_weight() {
        Some(Weight::Indicator(code)) => match catalogue.by_code(code) {
            Some(weighing) => tx
                .approved_values_below(weighing.id, period, &unit.path, level)
                .await?
                .into_iter()
                .filter_map(|v| Some((v.unit_id, v.value.number()?)))
                .collect(),
            None => BTreeMap::new(),
        },
        _ => BTreeMap::new(),
    };
    let children: Vec<Child> = units
        .iter()
        .map(|u| match (values.get(&u.id), definition.effective_weight()) {
            (None, _) => Child::missing(),
            (Some(value), None) => Child::reported(*value),
            (Some(value), Some(weight)) => Child::weighted(*value, weight, |_| weights.get(&u.id).copied()),
        })
        .collect();
    Ok((aggregate(definition.aggregation, &children), Some(level)))
}

/// A computed indicator: its entered inputs (found through formulas of formulas) are aggregated, then
/// the formulas are evaluated on the aggregates in dependency order.
async fn computed(
    tx: &mut Tx,
    catalogue: &Catalogue,
    record: &IndicatorRecord,
    unit: &Unit,
    period: Period,
) -> Result<Aggregate> {
    let mut formulas: Vec<IndicatorDefinition> = Vec::new();
    let mut inputs: BTreeSet<IndicatorCode> = BTreeSet::new();
    let mut pending = vec![record.definition.code.clone()];
    let mut seen = BTreeSet::new();
    while let Some(code) = pending.pop() {
        if !seen.insert(code.clone()) {
            continue;
        }
        let Some(found) = catalogue.by_code(&code) else { continue };
        match found.definition.source.formula() {
            Some(formula) => {
                formulas.push(found.definition.clone());
                pending.extend(formula.references());
            }
            None => {
                inputs.insert(code);
            }
        }
    }
    let mut numbers = BTreeMap::new();
    let (mut included, mut expected) = (usize::MAX, 0);
    for code in &inputs {
        let Some(input) = catalogue.by_code(code) else { continue };
        let (rolled, _) = roll_up(tx, catalogue, input, unit, period).await?;
        included = included.min(rolled.included);
        expected = expected.max(rolled.expected);
        if let Some(number) = rolled.value.and_then(Value::number) {
            numbers.insert(code.clone(), number);
        }
    }
    if inputs.is_empty() {
        included = 0;
    }
    let order = evaluation_order(formulas.iter().filter_map(|d| d.source.formula().map(|f| (&d.code, f)))).map_err(
        |cycle| Invalid::one(cycle.0.first().map_or_else(String::new, ToString::to_string), "formula-cycle"),
    )?;
    compute_formulas(&formulas, &order, &mut numbers);
    let value = numbers.get(&record.definition.code).copied().map(Value::Number);
    Ok(Aggregate { value, included, expected })
}
