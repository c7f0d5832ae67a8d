//! The leaders' dashboard of a unit's subtree: counts by status and colour with the change since the
//! last month (or the last closed period), the lists that need attention, the slowest units below,
//! indicator tiles with their recent series, the unit's place among its peers, the provinces on a map,
//! and early warnings.
//!
//! Counts come from [`App::facts_at`], the same facts scorecards judge, so the tile a leader reads and
//! the score a ranking gives agree; lists come from the task list, so every line opens the same task.

use std::collections::BTreeSet;

use jiff::civil::Date;
use nqtrack_domain::evaluation::{IndicatorFact, TaskTally};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_store::{IndicatorRecord, Liveness, TaskListItem, Tx, Unit};
use serde::Serialize;
use uuid::Uuid;

use super::facts::{last_ended, records_of};
use super::peers::{PeerSpec, default_peers};
use super::rankings::{Outcome, Ranking, RankingRow};
use crate::indicators::{Catalogue, RollupReads, aggregate_for_units};
use crate::{App, AppError, Result, TaskListQuery};

/// A unit's pace predicts a miss when more than this percent of its open deadline tasks are overdue or
/// behind their linear pace: about one in three is where a standing office usually starts to call.
pub const PACE_TOLERANCE_PERCENT: f64 = 30.0;
/// Lines in each task list of the dashboard.
pub const DASHBOARD_LIST: i64 = 10;
/// Units in each "slowest" list.
pub const SLOWEST_UNITS: usize = 5;
/// Indicator tiles at most.
pub const INDICATOR_TILES: usize = 8;
/// Periods in a tile's sparkline.
pub const SERIES_PERIODS: usize = 12;
/// Rows of the peer ranking shown (the unit's own row is added when it falls below).
pub const RANKING_TOP: usize = 10;

/// The figures the change is measured from.
#[derive(Debug, Clone, Serialize)]
pub struct Baseline {
    pub date: Date,
    /// Read from a closed period's snapshot rather than recomputed.
    pub frozen: bool,
    pub tasks: TaskTally,
}

/// One unit below with its counts.
#[derive(Debug, Clone, Serialize)]
pub struct UnitTally {
    pub unit_id: Uuid,
    pub code: String,
    pub name: String,
    pub tasks: TaskTally,
}

/// One point of an indicator's series.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SeriesPoint {
    pub period: Period,
    pub value: Option<f64>,
}

/// An indicator tile: the latest value against its target and the recent series.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorTile {
    pub code: String,
    pub name: String,
    pub unit_of_measure: String,
    pub fact: IndicatorFact,
    pub series: Vec<SeriesPoint>,
}

/// A province's score on the map, in one of five bands.
#[derive(Debug, Clone, Serialize)]
pub struct MapScore {
    pub unit_id: Uuid,
    /// The two-digit province code the map draws.
    pub code: String,
    pub name: String,
    pub rank: Option<u32>,
    pub of: u32,
    /// The score as a percent (a scorecard's score, an index normalised).
    pub percent: Option<f64>,
    /// 1 (lowest) to 5; `None` without data.
    pub band: Option<u8>,
}

/// The provinces on the chosen subject for a period.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceMap {
    pub subject: String,
    pub subject_name: String,
    pub period: Period,
    pub provinces: Vec<MapScore>,
}

/// A subject the viewer may rank on.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectChoice {
    pub key: String,
    pub name: String,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub unit: Unit,
    pub as_of: Date,
    /// The counts come from a closed period's snapshot.
    pub frozen: bool,
    pub tasks: TaskTally,
    pub previous: Baseline,
    pub overdue: Vec<TaskListItem>,
    pub due_soon: Vec<TaskListItem>,
    /// In progress and behind their linear pace (or due soon), least progress first.
    pub at_risk: Vec<TaskListItem>,
    pub most_overdue: Vec<UnitTally>,
    pub worst_reporting: Vec<UnitTally>,
    /// Units below whose pace predicts a miss ([`PACE_TOLERANCE_PERCENT`]).
    pub pace_warnings: Vec<UnitTally>,
    pub subjects: Vec<SubjectChoice>,
    /// The chosen subject; `None` when the viewer may use none (a hint to define a scorecard).
    pub subject: Option<SubjectChoice>,
    /// The unit's peer ranking: the top rows and its own; `None` at the root or without a subject.
    pub ranking: Option<Ranking>,
    pub map: Option<ProvinceMap>,
    pub pace_tolerance: f64,
}

/// A ranking row's score as a percent: a scorecard scores 0–100, an index is read normalised.
pub fn score_percent(row: &RankingRow) -> Option<f64> {
    match row.outcome {
        Outcome::Scorecard(_) => row.score,
        Outcome::Index(_) => row.normalised.map(|n| n * 100.0),
    }
}

/// Five equal bands of a percent: 0–20 is band 1, 80–100 band 5.
pub fn band_of(percent: f64) -> u8 {
    ((percent / 20.0).floor().clamp(0.0, 4.0) as u8) + 1
}

/// The day the change is measured from: the end of the month before `as_of`, or a later closing in
/// force (a period closed mid-month), whichever is nearer.
fn baseline_date(as_of: Date, closings: impl IntoIterator<Item = Date>) -> Date {
    let month_end = as_of.first_of_month().yesterday().unwrap_or(as_of);
    closings.into_iter().filter(|d| *d < as_of).fold(month_end, Date::max)
}

impl App {
    /// The dashboard of a unit's subtree as of a date (today by default; never later than today).
    /// Kept while nothing is written ([`super::cache`]): its lists classify every task of the subtree,
    /// about a second for the whole country, for a page leaders open all day.
    pub async fn dashboard(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        as_of: Option<Date>,
        subject: Option<&str>,
    ) -> Result<Dashboard> {
        let today = self.today();
        let as_of = as_of.unwrap_or(today).min(today);
        // What one person sees depends on their scope, so the key names the person.
        let key = format!("{}|{unit_id}|{as_of}|{}", actor.display_name(), subject.unwrap_or_default().trim());
        let writes = self.store.write_count();
        if let Some(kept) = self.dashboards.get(&key, writes, today) {
            return Ok(Dashboard::clone(&kept));
        }
        let dashboard = self.computed_dashboard(actor, unit_id, as_of, subject).await?;
        self.dashboards.put(key, writes, today, std::sync::Arc::new(dashboard.clone()));
        Ok(dashboard)
    }

    async fn computed_dashboard(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        as_of: Date,
        subject: Option<&str>,
    ) -> Result<Dashboard> {
        let mut tx = self.store.read().await?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewEvaluation, &unit.path)?;
        policy::authorize(actor, Action::ViewTasks, &unit.path)?;
        let catalogue = Catalogue::load(&mut tx).await?;

        // The unit and its reporting children in one pass over the subtree's counts.
        let children: Vec<Unit> = tx
            .children(unit.id, Liveness::Live)
            .await?
            .into_iter()
            .map(|c| c.unit)
            .filter(|u| u.kind.reports_indicators())
            .collect();
        let mut units = vec![unit.clone()];
        units.extend(children.iter().cloned());
        let (facts, closing) = self.facts_at(&mut tx, &units, &unit, as_of, &catalogue, &[]).await?;
        let tasks = facts.get(&unit.id).map(|f| f.tasks).unwrap_or_default();
        let ancestors: Vec<Uuid> = unit.path.ids().collect();
        let closed_ends =
            tx.closings_covering(&ancestors).await?.into_iter().filter(|c| c.reopened_at.is_none()).map(|c| c.ends_on);
        let before = baseline_date(as_of, closed_ends);
        let (before_facts, before_closing) =
            self.facts_at(&mut tx, std::slice::from_ref(&unit), &unit, before, &catalogue, &[]).await?;
        let previous = Baseline {
            date: before,
            frozen: before_closing.is_some(),
            tasks: before_facts.get(&unit.id).map(|f| f.tasks).unwrap_or_default(),
        };

        let below: Vec<UnitTally> = children
            .iter()
            .map(|u| UnitTally {
                unit_id: u.id,
                code: u.code.clone(),
                name: u.name.clone(),
                tasks: facts.get(&u.id).map(|f| f.tasks).unwrap_or_default(),
            })
            .collect();
        let mut most_overdue: Vec<UnitTally> = below.iter().filter(|u| u.tasks.overdue > 0).cloned().collect();
        most_overdue.sort_by(|a, b| b.tasks.overdue.cmp(&a.tasks.overdue).then_with(|| a.code.cmp(&b.code)));
        most_overdue.truncate(SLOWEST_UNITS);
        let mut worst_reporting: Vec<UnitTally> = below.iter().filter(|u| u.tasks.not_reported > 0).cloned().collect();
        worst_reporting.sort_by(|a, b| {
            let share = |u: &UnitTally| u.tasks.reported_share().unwrap_or(100.0);
            share(a).total_cmp(&share(b)).then_with(|| b.tasks.not_reported.cmp(&a.tasks.not_reported))
        });
        worst_reporting.truncate(SLOWEST_UNITS);
        let mut pace_warnings: Vec<UnitTally> =
            below.into_iter().filter(|u| u.tasks.pace_predicts_miss(PACE_TOLERANCE_PERCENT)).collect();
        let behind = |u: &UnitTally| {
            (u.tasks.overdue + u.tasks.at_risk) as f64 / (u.tasks.in_progress + u.tasks.overdue).max(1) as f64
        };
        pace_warnings.sort_by(|a, b| behind(b).total_cmp(&behind(a)).then_with(|| a.code.cmp(&b.code)));

        // The lists, subjects and rankings below open their own reads; give this connection back first.
        drop(tx);

        let list = |status: &str, colour: &str, sort: &str| TaskListQuery {
            unit_id: Some(unit.id),
            status: status.to_owned(),
            colour: colour.to_owned(),
            sort: sort.to_owned(),
            as_of: as_of.to_string(),
            ..TaskListQuery::default()
        };
        let overdue = self.top_tasks(actor, &list("overdue", "", "deadline")).await?;
        let due_soon =
            self.top_tasks(actor, &TaskListQuery { due_soon: true, ..list("in_progress", "", "deadline") }).await?;
        let at_risk = self.top_tasks(actor, &list("in_progress", "yellow", "progress")).await?;

        let (subjects, chosen) = self.subject_choices(actor, subject).await?;
        let period = last_ended(Periodicity::Quarter, as_of);
        let ranking = match (&chosen, default_peers(&unit)) {
            (Some(subject), Some(peers)) => {
                Some(self.ranking(actor, &subject.key, &peers.to_string(), &period.label()).await?)
            }
            _ => None,
        };
        let map = match &chosen {
            Some(subject) => {
                let provinces = match &ranking {
                    Some(r) if r.peers == PeerSpec::Provinces => r.clone(),
                    _ => self.ranking(actor, &subject.key, &PeerSpec::Provinces.to_string(), &period.label()).await?,
                };
                Some(province_map(&provinces))
            }
            None => None,
        };
        let ranking = ranking.map(|mut r| {
            let own = r.rows.iter().position(|row| row.unit_id == unit.id);
            let own_row = own.filter(|i| *i >= RANKING_TOP).map(|i| r.rows[i].clone());
            r.rows.truncate(RANKING_TOP);
            r.rows.extend(own_row);
            r
        });

        Ok(Dashboard {
            unit,
            as_of,
            frozen: closing.is_some(),
            tasks,
            previous,
            overdue,
            due_soon,
            at_risk,
            most_overdue,
            worst_reporting,
            pace_warnings,
            subjects,
            subject: chosen,
            ranking,
            map,
            pace_tolerance: PACE_TOLERANCE_PERCENT,
        })
    }

    /// The first lines of a task list, checked like the list page; without the list's counts, which
    /// the dashboard has already.
    async fn top_tasks(&self, actor: &Actor, query: &TaskListQuery) -> Result<Vec<TaskListItem>> {
        let checked = self.check_task_query(actor, query).await?;
        let scope = policy::scope(actor, Action::ViewTasks);
        let mut tx = self.store.read().await?;
        Ok(tx.list_task_page(&checked.filter, &scope, DASHBOARD_LIST, 0).await?)
    }

    /// The subjects the actor may rank on (scorecards first), and the one asked for or the first.
    async fn subject_choices(
        &self,
        actor: &Actor,
        asked: Option<&str>,
    ) -> Result<(Vec<SubjectChoice>, Option<SubjectChoice>)> {
        let mut choices: Vec<SubjectChoice> = self
            .scorecards(actor)
            .await?
            .into_iter()
            .map(|s| SubjectChoice { key: format!("scorecard:{}", s.id), name: s.scorecard.name.clone() })
            .collect();
        choices.extend(self.methodologies(actor).await?.into_iter().map(|m| SubjectChoice {
            key: format!("index:{}", m.id),
            name: format!("{} (v{})", m.methodology.name, m.methodology.version),
        }));
        let chosen = match asked.map(str::trim).filter(|s| !s.is_empty()) {
            Some(key) => {
                let mut tx = self.store.read().await?;
                let subject = self.load_subject(&mut tx, actor, key).await?;
                Some(SubjectChoice { key: subject.key(), name: subject.name().to_owned() })
            }
            None => choices.first().cloned(),
        };
        Ok((choices, chosen))
    }

    /// The dashboard's indicator tiles: up to [`INDICATOR_TILES`] indicators with a value for the unit
    /// as of the date (today by default), those the visible scorecards use first, then the rest of
    /// the catalogue in its order, each with its last [`SERIES_PERIODS`] periods.
    ///
    /// Apart from [`App::dashboard`] because a whole country's tiles roll up every commune's values
    /// for each period of each series (about a hundred aggregates): the page loads them after itself.
    pub async fn dashboard_indicators(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        as_of: Option<Date>,
    ) -> Result<Vec<IndicatorTile>> {
        let today = self.today();
        let as_of = as_of.unwrap_or(today).min(today);
        let mut tx = self.store.read().await?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewEvaluation, &unit.path)?;
        policy::authorize(actor, Action::ViewIndicators, &unit.path)?;
        // The tiles prefer the scorecards the person may use, so the key names the person.
        let key = format!("{}|{unit_id}|{as_of}", actor.display_name());
        let writes = self.store.write_count();
        if let Some(kept) = self.tiles.get(&key, writes, today) {
            return Ok(Vec::clone(&kept));
        }
        let catalogue = Catalogue::load(&mut tx).await?;
        let tiles = self.indicator_tiles(&mut tx, actor, &unit, as_of, &catalogue).await?;
        self.tiles.put(key, writes, today, std::sync::Arc::new(tiles.clone()));
        Ok(tiles)
    }

    async fn indicator_tiles(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        unit: &Unit,
        as_of: Date,
        catalogue: &Catalogue,
    ) -> Result<Vec<IndicatorTile>> {
        let mut preferred: BTreeSet<String> = BTreeSet::new();
        for scorecard in tx.scorecards().await? {
            if policy::authorize_shared(actor, Action::ViewEvaluation, &scorecard.owner_path).is_ok() {
                preferred.extend(scorecard.scorecard.indicators());
            }
        }
        let mut candidates = records_of(catalogue, preferred.iter().cloned());
        candidates.extend(catalogue.records.iter().filter(|r| !preferred.contains(r.definition.code.as_str())));
        let mut tiles = Vec::new();
        // The units expected to report are read once for every tile and period.
        let mut reads = RollupReads::default();
        // A few at a time: one pass over the subtree's counts per chunk, and no more indicators
        // aggregated than the tiles need.
        for chunk in candidates.chunks(INDICATOR_TILES) {
            let (facts, _) = self.facts_at(tx, std::slice::from_ref(unit), unit, as_of, catalogue, chunk).await?;
            let Some(unit_facts) = facts.get(&unit.id) else { continue };
            for record in chunk {
                let Some(fact) = unit_facts.indicators.get(record.definition.code.as_str()) else { continue };
                if fact.value.is_none() || tiles.len() == INDICATOR_TILES {
                    continue;
                }
                let last = fact.period.unwrap_or_else(|| last_ended(record.definition.periodicity, as_of));
                tiles.push(IndicatorTile {
                    code: record.definition.code.to_string(),
                    name: record.definition.name_vi.as_str().to_owned(),
                    unit_of_measure: record.definition.unit_of_measure.clone(),
                    fact: *fact,
                    series: series(tx, &mut reads, catalogue, record, unit, last, SERIES_PERIODS).await?,
                });
            }
            if tiles.len() == INDICATOR_TILES {
                break;
            }
        }
        Ok(tiles)
    }
}

/// A unit's aggregated values of an indicator for the `count` periods ending with `last`, oldest first.
pub(crate) async fn series(
    tx: &mut Tx,
    reads: &mut RollupReads,
    catalogue: &Catalogue,
    record: &IndicatorRecord,
    unit: &Unit,
    last: Period,
    count: usize,
) -> Result<Vec<SeriesPoint>> {
    let mut periods = vec![last];
    while periods.len() < count {
        let Some(earliest) = periods.last() else { break };
        periods.push(earliest.previous());
    }
    periods.reverse();
    let mut points = Vec::with_capacity(periods.len());
    for period in periods {
        let rolled = aggregate_for_units(tx, reads, catalogue, record, std::slice::from_ref(unit), period).await?;
        let value = rolled.get(&unit.id).and_then(|(aggregate, _)| aggregate.value.and_then(|v| v.number()));
        points.push(SeriesPoint { period, value });
    }
    Ok(points)
}

/// The provinces of a ranking over the provinces, banded for the map.
pub(crate) fn province_map(ranking: &Ranking) -> ProvinceMap {
    ProvinceMap {
        subject: ranking.subject.clone(),
        subject_name: ranking.subject_name.clone(),
        period: ranking.period,
        provinces: ranking
            .rows
            .iter()
            .map(|row| {
                let percent = score_percent(row);
                MapScore {
                    unit_id: row.unit_id,
                    code: row.code.clone(),
                    name: row.name.clone(),
                    rank: row.rank,
                    of: row.of,
                    percent,
                    band: percent.map(band_of),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn bands_split_the_percent_in_fifths() {
        assert_eq!(band_of(0.0), 1);
        assert_eq!(band_of(19.9), 1);
        assert_eq!(band_of(20.0), 2);
        assert_eq!(band_of(79.9), 4);
        assert_eq!(band_of(100.0), 5);
        assert_eq!(band_of(130.0), 5);
    }

    #[test]
    fn the_change_is_measured_from_the_last_month_end_or_a_later_closing() {
        assert_eq!(baseline_date(date(2026, 11, 22), []), date(2026, 10, 31));
        assert_eq!(baseline_date(date(2026, 11, 22), [date(2026, 9, 30)]), date(2026, 10, 31));
        assert_eq!(baseline_date(date(2026, 11, 22), [date(2026, 11, 15), date(2026, 11, 22)]), date(2026, 11, 15));
        assert_eq!(baseline_date(date(2026, 3, 1), []), date(2026, 2, 28));
    }
}
