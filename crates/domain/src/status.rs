//! Task statuses and colours as pure functions of a task's history and an "as of" date (domain.md §5).
//!
//! The inputs are the whole history (every deadline in force from some date, every completion report and
//! its fate, every progress report), so the same function answers for today and for any past date: a
//! report for 30/09 opened in December gives the numbers it gave on 30/09. The store computes the same
//! classification in SQL for lists and counts; its conformance tests check it against this function.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use std::fmt;
use std::str::FromStr;

use crate::error::FieldError;
use crate::period::{Period, Periodicity};
use crate::task::TaskKind;
use crate::unit::text_enum;

text_enum!(
    /// Where a task stands on a date. Deadline tasks (and occurrences of recurring ones) are completed on
    /// time, completed late, in progress within the deadline, or overdue; regular tasks are reported or
    /// not reported in the period containing the date.
    Status, "status", "status-unknown" {
        CompletedOnTime = "completed_on_time" | "hoan_thanh_dung_han",
        CompletedLate = "completed_late" | "hoan_thanh_qua_han",
        InProgress = "in_progress" | "dang_thuc_hien" | "trong_han",
        Overdue = "overdue" | "qua_han",
        Reported = "reported" | "da_bao_cao",
        NotReported = "not_reported" | "chua_bao_cao",
    }
);

impl Status {
    pub fn is_completed(self) -> bool {
        matches!(self, Status::CompletedOnTime | Status::CompletedLate)
    }
}

text_enum!(
    Colour, "colour", "colour-unknown" {
        Green = "green" | "xanh",
        Yellow = "yellow" | "vang",
        Red = "red" | "do",
    }
);

/// Which deadline a programme judges tasks against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum JudgeBy {
    /// The deadline in force, after approved extensions (the default).
    #[default]
    Approved,
    /// The deadline first given, whatever was approved later.
    Original,
}

/// The configurable thresholds of the colour rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusRules {
    /// "Due soon" when the deadline is at most this many days away.
    pub due_soon_days: i32,
    pub judge_by: JudgeBy,
    /// Whether a task behind the linear pace from assignment to deadline is at risk.
    pub pace_check: bool,
    /// How many percentage points behind the linear pace a task may fall before it is at risk.
    pub pace_tolerance: u8,
    /// The period in which a regular task must be reported.
    pub regular_period: Periodicity,
}

impl Default for StatusRules {
    fn default() -> Self {
        Self {
            due_soon_days: 7,
            judge_by: JudgeBy::Approved,
            pace_check: true,
            pace_tolerance: 10,
            regular_period: Periodicity::Month,
        }
    }
}

/// A completion report and what became of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CompletionFact {
    pub reported_on: Date,
    pub confirmed_on: Option<Date>,
    pub returned_on: Option<Date>,
}

/// Everything about a task that its status depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskFacts {
    pub kind: TaskKind,
    pub assigned_on: Date,
    /// The deadline in force from each date on, oldest first; the first is the original deadline.
    /// Empty for regular tasks.
    pub deadlines: Vec<(Date, Date)>,
    pub completions: Vec<CompletionFact>,
    /// Dates of progress reports with the percent reported, oldest first.
    pub progress: Vec<(Date, u8)>,
    pub cancelled_on: Option<Date>,
}

/// How a task stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub status: Status,
    pub colour: Colour,
    /// The deadline the task is judged against on that date.
    pub deadline: Option<Date>,
    pub completed_on: Option<Date>,
    pub due_soon: bool,
    pub at_risk: bool,
    pub awaiting_confirmation: bool,
    pub percent: u8,
}

impl TaskFacts {
    /// The deadline in force on `as_of` under `rules`.
    pub fn deadline_on(&self, as_of: Date, judge_by: JudgeBy) -> Option<Date> {
        match judge_by {
            JudgeBy::Original => self.deadlines.first().map(|(_, deadline)| *deadline),
            JudgeBy::Approved => {
                let mut in_force = self.deadlines.first().map(|(_, deadline)| *deadline);
                for (from, deadline) in &self.deadlines {
                    if *from <= as_of {
                        in_force = Some(*deadline);
                    }
                }
                in_force
            }
        }
    }

    /// The completion that stands on `as_of`: reported by then and not returned by then.
    pub fn completion_on(&self, as_of: Date) -> Option<CompletionFact> {
        self.completions
            .iter()
            .filter(|c| c.reported_on <= as_of && c.returned_on.is_none_or(|returned| returned > as_of))
            .max_by_key(|c| c.reported_on)
            .copied()
    }

    /// The last percent reported by `as_of` (0 before any report).
    pub fn percent_on(&self, as_of: Date) -> u8 {
        self.progress.iter().rfind(|(on, _)| *on <= as_of).map_or(0, |(_, percent)| *percent)
    }

    /// Whether the task exists and counts on `as_of`: assigned by then, not cancelled by then, and not
    /// a recurring series (its occurrences count instead).
    pub fn counts_on(&self, as_of: Date) -> bool {
        self.kind.is_counted()
            && self.assigned_on <= as_of
            && self.cancelled_on.is_none_or(|cancelled| cancelled > as_of)
    }

    /// The task's standing on `as_of`, or `None` when it does not count on that date.
    pub fn standing(&self, as_of: Date, rules: &StatusRules) -> Option<Standing> {
        if !self.counts_on(as_of) {
            return None;
        }
        let percent = self.percent_on(as_of);
        if self.kind == TaskKind::Regular {
            let period = Period::containing(rules.regular_period, as_of);
            let reported = self.progress.iter().any(|(on, _)| period.start() <= *on && *on <= as_of);
            let (status, colour) =
                if reported { (Status::Reported, Colour::Green) } else { (Status::NotReported, Colour::Red) };
            return Some(Standing {
                status,
                colour,
                deadline: None,
                completed_on: None,
                due_soon: false,
                at_risk: false,
                awaiting_confirmation: false,
                percent,
            });
        }
        let deadline = self.deadline_on(as_of, rules.judge_by);
        let completion = self.completion_on(as_of);
        let standing = |status, colour| Standing {
            status,
            colour,
            deadline,
            completed_on: completion.map(|c| c.reported_on),
            due_soon: false,
            at_risk: false,
            awaiting_confirmation: completion.is_some_and(|c| c.confirmed_on.is_none_or(|on| on > as_of)),
            percent: if completion.is_some() { 100 } else { percent },
        };
        // A deadline task always has a deadline; treat a missing one as "not yet due" rather than fail.
        let due = deadline.unwrap_or(Date::MAX);
        if let Some(completion) = completion {
            return Some(if completion.reported_on <= due {
                standing(Status::CompletedOnTime, Colour::Green)
            } else {
                standing(Status::CompletedLate, Colour::Yellow)
            });
        }
        if as_of > due {
            return Some(standing(Status::Overdue, Colour::Red));
        }
        let due_soon = deadline.is_some() && due_soon_from(due, rules).is_none_or(|from| as_of >= from);
        let behind =
            rules.pace_check && deadline.is_some() && behind_pace(self.assigned_on, due, as_of, percent, rules);
        let at_risk = due_soon || behind;
        let colour = if at_risk { Colour::Yellow } else { Colour::Green };
        Some(Standing { due_soon, at_risk, ..standing(Status::InProgress, colour) })
    }
}

/// The first date on which a task due on `deadline` counts as due soon (`None`: since forever).
pub fn due_soon_from(deadline: Date, rules: &StatusRules) -> Option<Date> {
    deadline.checked_sub(jiff::Span::new().days(rules.due_soon_days)).ok()
}

/// Linear expectation: by `as_of`, the share of the time from assignment to deadline that has passed.
/// A task is behind when its percent plus the tolerance is below that share.
pub fn behind_pace(assigned_on: Date, deadline: Date, as_of: Date, percent: u8, rules: &StatusRules) -> bool {
    let span = i64::from((deadline - assigned_on).get_days());
    let elapsed = i64::from((as_of - assigned_on).get_days());
    span > 0 && (i64::from(percent) + i64::from(rules.pace_tolerance)) * span < 100 * elapsed
}
