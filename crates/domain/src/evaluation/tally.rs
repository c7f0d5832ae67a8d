//! The counts of a unit's tasks that task criteria, dashboards and reports read.

use serde::{Deserialize, Serialize};

use crate::status::{Colour, Status};

/// How many tasks of a subtree stood where on a date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskTally {
    pub total: i64,
    pub completed_on_time: i64,
    pub completed_late: i64,
    pub in_progress: i64,
    pub overdue: i64,
    /// Regular tasks reported in the period containing the date.
    pub reported: i64,
    pub not_reported: i64,
    pub green: i64,
    pub yellow: i64,
    pub red: i64,
    pub due_soon: i64,
    pub at_risk: i64,
}

impl TaskTally {
    /// Adds `tasks` tasks of one status and colour (of which `due_soon` and `at_risk`).
    pub fn add(&mut self, status: Status, colour: Colour, tasks: i64, due_soon: i64, at_risk: i64) {
        self.total += tasks;
        *match status {
            Status::CompletedOnTime => &mut self.completed_on_time,
            Status::CompletedLate => &mut self.completed_late,
            Status::InProgress => &mut self.in_progress,
            Status::Overdue => &mut self.overdue,
            Status::Reported => &mut self.reported,
            Status::NotReported => &mut self.not_reported,
        } += tasks;
        *match colour {
            Colour::Green => &mut self.green,
            Colour::Yellow => &mut self.yellow,
            Colour::Red => &mut self.red,
        } += tasks;
        self.due_soon += due_soon;
        self.at_risk += at_risk;
    }

    /// Adds another tally (a child unit's, or a predecessor's after a merge).
    pub fn merge(&mut self, other: &TaskTally) {
        self.total += other.total;
        self.completed_on_time += other.completed_on_time;
        self.completed_late += other.completed_late;
        self.in_progress += other.in_progress;
        self.overdue += other.overdue;
        self.reported += other.reported;
        self.not_reported += other.not_reported;
        self.green += other.green;
        self.yellow += other.yellow;
        self.red += other.red;
        self.due_soon += other.due_soon;
        self.at_risk += other.at_risk;
    }

    pub fn completed(&self) -> i64 {
        self.completed_on_time + self.completed_late
    }

    /// Percent of the tasks that are green; `None` without tasks.
    pub fn green_share(&self) -> Option<f64> {
        percent(self.green, self.total)
    }

    /// Percent completed on time of the tasks whose outcome is known (completed, or overdue).
    pub fn on_time_rate(&self) -> Option<f64> {
        percent(self.completed_on_time, self.completed() + self.overdue)
    }

    /// Percent of the regular tasks reported in the period.
    pub fn reported_share(&self) -> Option<f64> {
        percent(self.reported, self.reported + self.not_reported)
    }

    /// Percent of the tasks that are overdue (lower is better).
    pub fn overdue_share(&self) -> Option<f64> {
        percent(self.overdue, self.total)
    }

    /// Whether the unit's pace predicts misses: among its open deadline tasks, more than
    /// `tolerance_percent` are already overdue or behind their linear pace.
    pub fn pace_predicts_miss(&self, tolerance_percent: f64) -> bool {
        let open = self.in_progress + self.overdue;
        percent(self.overdue + self.at_risk, open).is_some_and(|share| share > tolerance_percent)
    }
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_none_without_tasks() {
        let tally = TaskTally::default();
        assert_eq!(tally.green_share(), None);
        assert_eq!(tally.on_time_rate(), None);
        assert_eq!(tally.reported_share(), None);
        assert!(!tally.pace_predicts_miss(0.0));
    }

    #[test]
    fn adding_cells_and_merging_agree() {
        let mut a = TaskTally::default();
        a.add(Status::CompletedOnTime, Colour::Green, 3, 0, 0);
        a.add(Status::Overdue, Colour::Red, 1, 0, 0);
        a.add(Status::InProgress, Colour::Yellow, 2, 1, 1);
        assert_eq!(a.total, 6);
        assert_eq!(a.green_share(), Some(50.0));
        assert_eq!(a.on_time_rate(), Some(75.0));
        let mut b = TaskTally::default();
        b.merge(&a);
        b.merge(&a);
        assert_eq!(b.total, 12);
        assert_eq!(b.at_risk, 2);
        assert!(a.pace_predicts_miss(40.0));
        assert!(!a.pace_predicts_miss(70.0));
    }
}
