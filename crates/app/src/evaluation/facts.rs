//! The facts evaluation judges: each unit's tasks counted by status and colour as of a date, and its
//! indicators rolled up against their targets; read live, or from a closed period's snapshot.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use nqtrack_domain::evaluation::{IndicatorFact, UnitFacts};
use nqtrack_domain::indicator::{IndicatorCode, achievement, effective_targets};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::unit::UnitPath;
use nqtrack_store::{IndicatorRecord, PeriodClosing, Tx, Unit};
use uuid::Uuid;

use crate::indicators::{Catalogue, RollupReads, aggregate_for_units};
use crate::{App, Result};

/// The latest period of `periodicity` that has ended on or before `as_of`.
pub fn last_ended(periodicity: Periodicity, as_of: Date) -> Period {
    let containing = Period::containing(periodicity, as_of);
    if containing.end() <= as_of { containing } else { containing.previous() }
}

/// The path all of `paths` lie within: the path itself for one, their deepest common ancestor (or one
/// of them, if it holds the others) for several.
fn covering_path<'a>(paths: impl IntoIterator<Item = &'a str>) -> Option<UnitPath> {
    let mut paths = paths.into_iter();
    let first = paths.next()?;
    let mut end = first.len();
    for path in paths {
        end = end.min(first.bytes().zip(path.bytes()).take_while(|(a, b)| a == b).count());
    }
    let whole = first[..end].rfind('/').map_or(0, |i| i + 1);
    Some(UnitPath::from_stored(first[..whole].to_owned()))
}

/// The root of the tree a path belongs to (its first segment).
fn tree_root(path: &UnitPath) -> UnitPath {
    let text = path.as_str();
    UnitPath::from_stored(text[..text.find('/').map_or(text.len(), |i| i + 1)].to_owned())
}

/// Which unit (of a set) a path lies within, by its path prefixes; a unit closed into a successor
/// (merged or renamed) counts for the successor, so rankings before and after a reorganisation compare
/// like with like.
pub(crate) struct Owners(HashMap<String, Uuid>);

impl Owners {
    pub(crate) fn new(units: &[Unit], successions: &[(UnitPath, UnitPath)]) -> Self {
        let mut map: HashMap<String, Uuid> = units.iter().map(|u| (u.path.as_str().to_owned(), u.id)).collect();
        let direct = Owners(map.clone());
        for (predecessor, successor) in successions {
            if let Some(owner) = direct.all_of(successor.as_str()).last() {
                map.entry(predecessor.as_str().to_owned()).or_insert(owner);
            }
        }
        Owners(map)
    }

    /// The paths owned: the units' and their predecessors'.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Every unit of the set that `path` lies within (several when the set nests: a province and its
    /// communes), outermost first.
    pub(crate) fn all_of<'p>(&'p self, path: &'p str) -> impl Iterator<Item = Uuid> + 'p {
        path.char_indices().filter(|(_, c)| *c == '/').filter_map(|(i, _)| self.0.get(&path[..=i]).copied())
    }

    #[cfg(test)]
    fn of(&self, path: &str) -> Option<Uuid> {
        self.all_of(path).next()
    }
}

impl App {
    /// Live facts of `units` as of `as_of`: their tasks, and the given indicators each for the last
    /// period of its own periodicity that ended by then.
    pub(crate) async fn live_facts(
        &self,
        tx: &mut Tx,
        units: &[Unit],
        as_of: Date,
        catalogue: &Catalogue,
        indicators: &[&IndicatorRecord],
    ) -> Result<BTreeMap<Uuid, UnitFacts>> {
        let mut facts: BTreeMap<Uuid, UnitFacts> = units.iter().map(|u| (u.id, UnitFacts::default())).collect();
        let Some(first) = units.first() else { return Ok(facts) };
        // A predecessor may lie outside the units' subtrees (a commune merged into its neighbour), so
        // the counts are read over a subtree that holds the predecessors too.
        let successions = tx.successions_within(&tree_root(&first.path)).await?;
        let owners = Owners::new(units, &successions);
        let Some(root) = covering_path(owners.paths()) else { return Ok(facts) };
        let as_of_counted = as_of.min(self.today());
        for (path, cells) in
            self.kept_counts.cells_by_unit(tx, &root, as_of_counted, self.settings.status_rules).await?
        {
            for owner in owners.all_of(path.as_str()) {
                let Some(unit) = facts.get_mut(&owner) else { continue };
                for cell in cells.iter() {
                    unit.tasks.add(cell.status, cell.colour, cell.tasks, cell.due_soon, cell.at_risk);
                }
            }
        }
        let mut reads = RollupReads::default();
        for record in indicators {
            let definition = &record.definition;
            let period = last_ended(definition.periodicity, as_of);
            let rolled = aggregate_for_units(tx, &mut reads, catalogue, record, units, period).await?;
            let targets = tx.indicator_targets_of(record.id, period).await?;
            for unit in units {
                let Some((aggregate, _)) = rolled.get(&unit.id) else { continue };
                let level_default = targets.iter().find(|t| t.unit_id.is_none() && t.level == Some(unit.level));
                let unit_override = targets.iter().find(|t| t.unit_id == Some(unit.id));
                let targets = effective_targets(
                    level_default.map(|t| t.targets).unwrap_or_default(),
                    unit_override.map(|t| t.targets).unwrap_or_default(),
                );
                let value = aggregate.value.and_then(|v| v.number());
                let achieved = value
                    .zip(targets.target)
                    .and_then(|(v, t)| achievement(v, t, targets.baseline, definition.direction));
                if let Some(unit_facts) = facts.get_mut(&unit.id) {
                    unit_facts.indicators.insert(
                        definition.code.to_string(),
                        IndicatorFact {
                            value,
                            target: targets.target,
                            achievement: achieved,
                            direction: definition.direction,
                            partial: aggregate.is_partial(),
                            period: Some(period),
                        },
                    );
                }
            }
        }
        Ok(facts)
    }

    /// The closing in force whose figures speak for `unit` on `ends_on`: one of the unit's own or an
    /// ancestor's closings of a period ending that day.
    pub(crate) async fn closing_for(&self, tx: &mut Tx, unit: &Unit, ends_on: Date) -> Result<Option<PeriodClosing>> {
        let ancestors: Vec<Uuid> = unit.path.ids().collect();
        Ok(tx
            .closings_covering(&ancestors)
            .await?
            .into_iter()
            .find(|c| c.ends_on == ends_on && c.reopened_at.is_none()))
    }

    /// Facts of `units` at the end of a period: frozen ones when a closing in force covers them all
    /// (`Some(closing)` returned beside them), live ones otherwise.
    pub(crate) async fn facts_at(
        &self,
        tx: &mut Tx,
        units: &[Unit],
        shared_under: &Unit,
        ends_on: Date,
        catalogue: &Catalogue,
        indicators: &[&IndicatorRecord],
    ) -> Result<(BTreeMap<Uuid, UnitFacts>, Option<PeriodClosing>)> {
        if let Some(closing) = self.closing_for(tx, shared_under, ends_on).await? {
            let ids: Vec<Uuid> = units.iter().map(|u| u.id).collect();
            let frozen = tx.unit_facts(closing.id, &ids).await?;
            if frozen.len() == ids.len() {
                return Ok((frozen.into_iter().collect(), Some(closing)));
            }
        }
        Ok((self.live_facts(tx, units, ends_on, catalogue, indicators).await?, None))
    }
}

/// The catalogue records of some indicator codes (unknown codes are skipped: a scorecard was checked
/// against the catalogue when it was saved, and an indicator is never deleted).
pub(crate) fn records_of(catalogue: &Catalogue, codes: impl IntoIterator<Item = String>) -> Vec<&IndicatorRecord> {
    codes
        .into_iter()
        .filter_map(|code| IndicatorCode::parse("indicator", &code).ok())
        .filter_map(|code| catalogue.by_code(&code))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn an_indicator_is_read_for_the_last_period_it_completed() {
        assert_eq!(last_ended(Periodicity::Quarter, date(2026, 9, 30)).label(), "2026-Q3");
        assert_eq!(last_ended(Periodicity::Quarter, date(2026, 9, 29)).label(), "2026-Q2");
        assert_eq!(last_ended(Periodicity::Year, date(2026, 9, 30)).label(), "2025");
        assert_eq!(last_ended(Periodicity::Month, date(2026, 9, 30)).label(), "2026-09");
    }

    #[test]
    fn a_predecessor_counts_for_its_successor() {
        let root = UnitPath::from_stored("r/".into());
        let unit = |id: Uuid, path: &str| Unit {
            id,
            code: "x".into(),
            name: "x".into(),
            kind: nqtrack_domain::unit::UnitKind::Province,
            level: nqtrack_domain::unit::Level::Province,
            parent_id: None,
            path: UnitPath::from_stored(path.into()),
            established_on: None,
            dissolved_on: None,
            created_at: jiff::Timestamp::UNIX_EPOCH,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
        };
        let a = Uuid::now_v7();
        let owners = Owners::new(
            &[unit(a, "r/a/")],
            &[(UnitPath::from_stored("r/old/".into()), UnitPath::from_stored("r/a/".into()))],
        );
        assert_eq!(owners.of("r/a/c/"), Some(a));
        assert_eq!(owners.of("r/old/c/"), Some(a));
        assert_eq!(owners.of("r/b/"), None);
        assert_eq!(covering_path(["r/a/", "r/ab/"]), Some(root.clone()));
        assert_eq!(covering_path(["r/a/"]), Some(UnitPath::from_stored("r/a/".into())));
        assert_eq!(tree_root(&UnitPath::from_stored("r/a/c/".into())), root);
    }
}
