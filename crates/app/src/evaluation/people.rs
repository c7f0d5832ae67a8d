//! Person scorecards: for each leader in charge, the tasks of their portfolio presided within a unit's
//! subtree and their on-time rate, as of a date.
//!
//! Tasks without a leader in charge are one row named [`NO_LEADER`] (listed last), so the rows always add
//! up to the unit's count; a leader whose committee seat was removed keeps a row under their id.

use jiff::civil::Date;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::evaluation::TaskTally;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_store::{TaskFilter, TaskFocus};
use serde::Serialize;
use uuid::Uuid;

use crate::{App, AppError, Result};

/// The name of the row of tasks that have no leader in charge.
pub const NO_LEADER: &str = "Chưa phân công lãnh đạo";

/// One leader's portfolio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonScore {
    /// `None` for the tasks without a leader in charge.
    pub leader_id: Option<Uuid>,
    pub name: String,
    /// Position on the committee, e.g. "Phó Chủ tịch UBND tỉnh" (empty when unknown).
    pub position: String,
    pub tasks: TaskTally,
    /// Completed on time among the tasks whose outcome is known; `None` when none is known yet.
    pub on_time_rate: Option<f64>,
}

/// The scorecards of a unit as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonScorecards {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub as_of: Date,
    pub rows: Vec<PersonScore>,
}

impl App {
    /// Tasks presided within the unit's subtree by leader in charge, best on-time rate first (leaders
    /// without a known outcome after those with one, then by name; the unassigned row last).
    /// `as_of` is dd/mm/yyyy, empty for today.
    pub async fn person_scorecards(&self, actor: &Actor, unit_id: Uuid, as_of: &str) -> Result<PersonScorecards> {
        let as_of = if as_of.trim().is_empty() { self.today() } else { parse_date("as_of", as_of)? };
        let mut tx = self.store.read().await?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewEvaluation, &unit.path)?;
        let filter = TaskFilter::new(TaskFocus::Subtree(unit.path.clone()), as_of, self.settings.status_rules);
        let scope = policy::scope(actor, Action::ViewTasks);
        let mut rows = Vec::new();
        for leader in tx.count_cells_by_leader(&filter, &scope).await? {
            let mut tasks = TaskTally::default();
            for cell in &leader.cells {
                tasks.add(cell.status, cell.colour, cell.tasks, cell.due_soon, cell.at_risk);
            }
            let member = match leader.leader_id {
                Some(id) => tx.committee_member(id).await?,
                None => None,
            };
            let (name, position) = match (&leader.leader_id, member) {
                (None, _) => (NO_LEADER.to_owned(), String::new()),
                (Some(_), Some(m)) => (m.person_name, m.position),
                (Some(id), None) => (id.to_string(), String::new()),
            };
            rows.push(PersonScore {
                leader_id: leader.leader_id,
                name,
                position,
                on_time_rate: tasks.on_time_rate(),
                tasks,
            });
        }
        rows.sort_by(|a, b| {
            let rate = |r: &PersonScore| r.on_time_rate.map(|x| -x);
            (a.leader_id.is_none(), rate(a).is_none(), rate(a).unwrap_or(0.0), &a.name)
                .partial_cmp(&(b.leader_id.is_none(), rate(b).is_none(), rate(b).unwrap_or(0.0), &b.name))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        Ok(PersonScorecards { unit_id: unit.id, unit_name: unit.name, as_of, rows })
    }
}
