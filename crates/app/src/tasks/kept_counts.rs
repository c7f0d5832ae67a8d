//! Counts by status and colour of a whole subtree, summed from counts kept per presiding unit and
//! "as of" date.
//!
//! Classifying every task of the country takes the better part of a second however the SQL is
//! written, but a count changes only when one of a unit's tasks changes or the date moves. The
//! database keeps a version per presiding unit, bumped by triggers on every change of a task row;
//! a unit's cells are reused while its version is the one they were counted at. A national count
//! then reads ~4,500 versions and sums their cells, and a write costs one unit's recount the next
//! time someone looks.
//!
//! Safe across processes and transactions: versions are read before the cells are counted, so kept
//! cells are never older than the version they are filed under; at worst they are newer, and the
//! next read recounts them.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::civil::Date;
use nqtrack_domain::policy::Scope;
use nqtrack_domain::status::StatusRules;
use nqtrack_domain::unit::UnitPath;
use nqtrack_store::{CountCell, TaskFilter, TaskFocus, Tx};
use quick_cache::sync::Cache;
use uuid::Uuid;

use crate::Result;

/// Units with kept cells, across all dates asked for; beyond it the least used are dropped.
const CAPACITY: usize = 50_000;
/// Above this many units to recount, one pass over the subtree is cheaper than naming them.
const NAMED_UNITS_MAX: usize = 500;

#[derive(Debug)]
struct Kept {
    version: i64,
    cells: Arc<[CountCell]>,
}

/// The kept cells of one application, whose status rules never change while it runs.
pub(crate) struct KeptCounts {
    cells: Cache<(Uuid, Date), Arc<Kept>>,
}

impl Default for KeptCounts {
    fn default() -> Self {
        Self { cells: Cache::new(CAPACITY) }
    }
}

impl std::fmt::Debug for KeptCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptCounts").field("units", &self.cells.len()).finish()
    }
}

impl KeptCounts {
    /// The count cells of every task presided in `root`'s subtree as of `as_of`.
    pub(crate) async fn subtree_cells(
        &self,
        tx: &mut Tx,
        root: &UnitPath,
        as_of: Date,
        rules: StatusRules,
    ) -> Result<Vec<CountCell>> {
        let by_unit = self.cells_by_unit(tx, root, as_of, rules).await?;
        Ok(by_unit.iter().flat_map(|(_, cells)| cells.iter().copied()).collect())
    }

    /// The same cells by presiding unit (its path), for sums over several subtrees at once: a
    /// ranking of 34 provinces reads the country's kept cells once.
    pub(crate) async fn cells_by_unit(
        &self,
        tx: &mut Tx,
        root: &UnitPath,
        as_of: Date,
        rules: StatusRules,
    ) -> Result<Vec<(UnitPath, Arc<[CountCell]>)>> {
        let versions = tx.task_unit_versions(root).await?;
        let mut cells = Vec::with_capacity(versions.len());
        let mut stale = Vec::new();
        for unit in versions {
            match self.cells.get(&(unit.unit_id, as_of)) {
                Some(kept) if kept.version == unit.version => cells.push((unit.path, kept.cells.clone())),
                _ => stale.push(unit),
            }
        }
        if stale.is_empty() {
            return Ok(cells);
        }
        let mut filter = TaskFilter::new(TaskFocus::Subtree(root.clone()), as_of, rules);
        if stale.len() <= NAMED_UNITS_MAX {
            filter.presiding_units = stale.iter().map(|unit| unit.path.clone()).collect();
        }
        let mut counted: HashMap<Uuid, Vec<CountCell>> = HashMap::new();
        for (unit, cell) in tx.count_cells_by_unit(&filter, &Scope::Everything).await? {
            counted.entry(unit).or_default().push(cell);
        }
        for unit in stale {
            let unit_cells: Arc<[CountCell]> = counted.remove(&unit.unit_id).unwrap_or_default().into();
            self.cells
                .insert((unit.unit_id, as_of), Arc::new(Kept { version: unit.version, cells: unit_cells.clone() }));
            cells.push((unit.path, unit_cells));
        }
        Ok(cells)
    }
}

/// The subtree whose kept counts answer `filter` exactly: it asks for every task presided in a
/// subtree the scope wholly covers, narrowed by nothing but statuses and colours (which cells carry).
pub(crate) fn kept_counts_root<'f>(filter: &'f TaskFilter, scope: &Scope) -> Option<&'f UnitPath> {
    let TaskFocus::Subtree(focus) = &filter.focus else { return None };
    let root = filter.within.as_ref().unwrap_or(focus);
    let narrowed = filter.deadline_from.is_some()
        || filter.deadline_to.is_some()
        || filter.document_id.is_some()
        || filter.field.is_some()
        || filter.kind.is_some()
        || filter.leader_id.is_some()
        || !filter.terms.is_empty()
        || filter.not_started_only
        || !filter.confidentiality.is_empty()
        || !filter.presiding_units.is_empty();
    (!narrowed && scope.covers_subtree(root)).then_some(root)
}
