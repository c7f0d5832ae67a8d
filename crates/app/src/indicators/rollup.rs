//! Rolling indicators up the unit tree for many units at once.
//!
//! A ranking of 34 provinces, the communes of a province or a national period close needs the same
//! indicator for many units. Each unit's aggregate is read from the approved values of the lowest
//! reporting level below it; here those values are read once for the nearest common ancestor of the
//! units (one index range on the value's path) and handed to each unit by its path, so 34 provinces
//! cost one query rather than 34. A single unit is the case of one.
//!
//! The rules are those of [`super::reports`]: live expected units, values of a version of the same
//! meaning only, weights for weighted averages, and computed indicators evaluated on their inputs'
//! aggregates.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use nqtrack_domain::Invalid;
use nqtrack_domain::indicator::{
    Aggregate, Child, IndicatorCode, IndicatorDefinition, IndicatorVersion, Value, Weight, aggregate, compute_formulas,
    evaluation_order,
};
use nqtrack_domain::period::Period;
use nqtrack_domain::unit::{Level, UnitPath};
use nqtrack_store::{IndicatorRecord, IndicatorValue, Tx, Unit};
use uuid::Uuid;

use super::Catalogue;
use crate::Result;

/// An aggregate and the level its values came from (`None`: the unit's own value, or computed).
pub(crate) type Rolled = (Aggregate, Option<Level>);

/// What roll-ups read, read once: the expected units of a subtree at a level (the same for every
/// indicator), and an indicator's approved values below a subtree at a level (the same for the
/// provinces, the centre and the communes themselves when a period close rolls every unit up).
#[derive(Default)]
pub(crate) struct RollupReads {
    units: HashMap<(String, Level), Vec<Unit>>,
    values: HashMap<(Uuid, Period, String, Level), Vec<IndicatorValue>>,
}

impl RollupReads {
    async fn below(&mut self, tx: &mut Tx, root: &UnitPath, level: Level) -> Result<&[Unit]> {
        let key = (root.as_str().to_owned(), level);
        if !self.units.contains_key(&key) {
            let units = tx.units_below_at_levels(root, &[level]).await?;
            self.units.insert(key.clone(), units);
        }
        Ok(self.units.get(&key).map_or(&[], Vec::as_slice))
    }

    async fn approved_values(
        &mut self,
        tx: &mut Tx,
        indicator: Uuid,
        period: Period,
        root: &UnitPath,
        level: Level,
    ) -> Result<&[IndicatorValue]> {
        let key = (indicator, period, root.as_str().to_owned(), level);
        if !self.values.contains_key(&key) {
            let values = tx.approved_values_below(indicator, period, root, level).await?;
            self.values.insert(key.clone(), values);
        }
        Ok(self.values.get(&key).map_or(&[], Vec::as_slice))
    }
}

const NOTHING: Aggregate = Aggregate { value: None, included: 0, expected: 0 };

/// The indicator for each of `units` in `period`.
pub(crate) async fn aggregate_for_units(
    tx: &mut Tx,
    reads: &mut RollupReads,
    catalogue: &Catalogue,
    record: &IndicatorRecord,
    units: &[Unit],
    period: Period,
) -> Result<BTreeMap<Uuid, Rolled>> {
    match record.definition.source.formula() {
        None => roll_up(tx, reads, catalogue, record, units, period).await,
        Some(_) => computed(tx, reads, catalogue, record, units, period).await,
    }
}

/// The level an entered indicator rolls up from under a unit at `level`: the lowest level below it
/// that reports it.
fn source_level(definition: &IndicatorDefinition, level: Level) -> Option<Level> {
    definition.levels.iter().copied().filter(|l| l.depth() > level.depth()).max_by_key(|l| l.depth())
}

/// The deepest path every one of `paths` lies within, strictly above them all.
fn common_ancestor(paths: &[&UnitPath]) -> Option<UnitPath> {
    let first = paths.first()?.as_str();
    let mut end = first.len();
    for path in &paths[1..] {
        end = end.min(first.bytes().zip(path.as_str().bytes()).take_while(|(a, b)| a == b).count());
    }
    // Back to a whole segment, then one more up if that is one of the units itself.
    let mut prefix = &first[..first[..end].rfind('/').map_or(0, |i| i + 1)];
    if paths.iter().any(|p| p.as_str() == prefix) {
        prefix = &prefix[..prefix[..prefix.len().saturating_sub(1)].rfind('/').map_or(0, |i| i + 1)];
    }
    Some(UnitPath::from_stored(prefix.to_owned()))
}

/// Which of the units (by path) a path lies within.
struct Owners<'a>(HashMap<&'a str, Uuid>);

impl<'a> Owners<'a> {
    fn new(units: &[&'a Unit]) -> Self {
        Self(units.iter().map(|u| (u.path.as_str(), u.id)).collect())
    }

    fn of(&self, path: &str) -> Option<Uuid> {
        path.char_indices().filter(|(_, c)| *c == '/').find_map(|(i, _)| self.0.get(&path[..=i]).copied())
    }
}

/// Aggregates an entered (or imported) indicator by its rule, for units grouped by level.
async fn roll_up(
    tx: &mut Tx,
    reads: &mut RollupReads,
    catalogue: &Catalogue,
    record: &IndicatorRecord,
    units: &[Unit],
    period: Period,
) -> Result<BTreeMap<Uuid, Rolled>> {
    let definition = &record.definition;
    let mut by_level: BTreeMap<Level, Vec<&Unit>> = BTreeMap::new();
    for unit in units {
        by_level.entry(unit.level).or_default().push(unit);
    }
    let mut comparable: BTreeMap<IndicatorVersion, bool> = BTreeMap::from([(definition.version, true)]);
    let mut rolled = BTreeMap::new();
    for (level, group) in by_level {
        let source = source_level(definition, level);
        if source.is_none() && !definition.reported_at(level) {
            rolled.extend(group.iter().map(|u| (u.id, (NOTHING, None))));
            continue;
        }
        let read_level = source.unwrap_or(level);
        let paths: Vec<&UnitPath> = group.iter().map(|u| &u.path).collect();
        let Some(root) = common_ancestor(&paths) else { continue };
        let owners = Owners::new(&group);
        let mut values: BTreeMap<Uuid, Value> = BTreeMap::new();
        let mut versions: BTreeMap<IndicatorVersion, Vec<(Uuid, Value)>> = BTreeMap::new();
        for stored in reads.approved_values(tx, record.id, period, &root, read_level).await? {
            if owners.of(stored.unit_path.as_str()).is_some() {
                versions.entry(stored.indicator_version).or_default().push((stored.unit_id, stored.value));
            }
        }
        for (version, stored) in versions {
            // A value entered under a version of another meaning is not added to today's (it counts
            // as missing): a count of records and a count of procedures do not sum.
            let same = match comparable.get(&version) {
                Some(same) => *same,
                None => {
                    let old = tx.indicator_version(record.id, version).await?;
                    let same = old.is_some_and(|old| old.same_meaning(definition));
                    comparable.insert(version, same);
                    same
                }
            };
            if same {
                values.extend(stored);
            }
        }
        if source.is_none() {
            // Units that report the indicator themselves: their own approved value, as entered.
            for unit in group {
                let value = values.get(&unit.id).copied();
                rolled
                    .insert(unit.id, (Aggregate { value, included: usize::from(value.is_some()), expected: 1 }, None));
            }
            continue;
        }
        let weights: BTreeMap<Uuid, f64> = match definition.effective_weight() {
            Some(Weight::Indicator(code)) => match catalogue.by_code(code) {
                Some(weighing) => reads
                    .approved_values(tx, weighing.id, period, &root, read_level)
                    .await?
                    .iter()
                    .filter_map(|v| Some((v.unit_id, v.value.number()?)))
                    .collect(),
                None => BTreeMap::new(),
            },
            _ => BTreeMap::new(),
        };
        let mut children: HashMap<Uuid, Vec<Child>> = HashMap::new();
        for below in reads.below(tx, &root, read_level).await? {
            let Some(owner) = owners.of(below.path.as_str()) else { continue };
            let child = match (values.get(&below.id), definition.effective_weight()) {
                (None, _) => Child::missing(),
                (Some(value), None) => Child::reported(*value),
                (Some(value), Some(weight)) => Child::weighted(*value, weight, |_| weights.get(&below.id).copied()),
            };
            children.entry(owner).or_default().push(child);
        }
        for unit in group {
            let children = children.remove(&unit.id).unwrap_or_default();
            rolled.insert(unit.id, (aggregate(definition.aggregation, &children), Some(read_level)));
        }
    }
    Ok(rolled)
}

/// A computed indicator: its entered inputs (found through formulas of formulas) are aggregated, then
/// the formulas are evaluated on each unit's aggregates in dependency order. Its `included` is the
/// smallest and its `expected` the largest of its inputs'.
async fn computed(
    tx: &mut Tx,
    reads: &mut RollupReads,
    catalogue: &Catalogue,
    record: &IndicatorRecord,
    units: &[Unit],
    period: Period,
) -> Result<BTreeMap<Uuid, Rolled>> {
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
    let order = evaluation_order(formulas.iter().filter_map(|d| d.source.formula().map(|f| (&d.code, f)))).map_err(
        |cycle| Invalid::one(cycle.0.first().map_or_else(String::new, ToString::to_string), "formula-cycle"),
    )?;
    let mut per_unit: BTreeMap<Uuid, (BTreeMap<IndicatorCode, f64>, usize, usize)> =
        units.iter().map(|u| (u.id, (BTreeMap::new(), usize::MAX, 0))).collect();
    for code in &inputs {
        let Some(input) = catalogue.by_code(code) else { continue };
        for (unit, (rolled, _)) in roll_up(tx, reads, catalogue, input, units, period).await? {
            let Some((numbers, included, expected)) = per_unit.get_mut(&unit) else { continue };
            *included = (*included).min(rolled.included);
            *expected = (*expected).max(rolled.expected);
            if let Some(number) = rolled.value.and_then(Value::number) {
                numbers.insert(code.clone(), number);
            }
        }
    }
    Ok(per_unit
        .into_iter()
        .map(|(unit, (mut numbers, included, expected))| {
            compute_formulas(&formulas, &order, &mut numbers);
            let value = numbers.get(&record.definition.code).copied().map(Value::Number);
            let included = if inputs.is_empty() { 0 } else { included };
            (unit, (Aggregate { value, included, expected }, None))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segments: &[&str]) -> UnitPath {
        UnitPath::from_stored(segments.iter().map(|s| format!("{s}/")).collect())
    }

    #[test]
    fn the_common_ancestor_is_strictly_above_every_unit() {
        let a = path(&["r", "p1"]);
        let b = path(&["r", "p2"]);
        assert_eq!(common_ancestor(&[&a, &b]), Some(path(&["r"])));
        assert_eq!(common_ancestor(&[&a]), Some(path(&["r"])));
        let c = path(&["r", "p1", "c1"]);
        assert_eq!(common_ancestor(&[&a, &c]), Some(path(&["r"])));
        let d = path(&["r", "p10"]);
        assert_eq!(common_ancestor(&[&a, &d]), Some(path(&["r"])));
    }
}
