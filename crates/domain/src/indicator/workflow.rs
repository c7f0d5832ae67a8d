//! Collection rounds and the submission of a unit's form, as a pure state machine.
//!
//! A data set groups the indicators collected together with one periodicity; a round collects it for
//! one period, with a due date per level (communes first, then provinces) and a date from which entry
//! locks. In a round, each unit's submission moves:
//!
//! ```text
//!   Draft ──submit──▶ Submitted ──approve──▶ Approved (locked)
//!     ▲                 │    │                   │
//!     └────withdraw─────┘  return (reason)    reopen (reason): a correction
//!                            ▼                   │
//!                         Returned ◀─────────────┘
//!                            └──submit──▶ Submitted
//! ```
//!
//! The unit itself edits, submits and withdraws; the unit above it approves, returns and reopens
//! (DHIS2's data approval). Once the round is locked, a unit can no longer start or withdraw a
//! submission, but it can still correct one its parent returned or reopened: that is the one way to
//! change data after the lock, and it is always deliberate and explained. History (who did what, the
//! values before and after) is kept by the caller.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Checker, FieldError, Invalid};
use crate::indicator::definition::{IndicatorCode, IndicatorDefinition};
use crate::period::{Period, Periodicity};
use crate::unit::{Level, Name, text_enum};

/// Indicators collected together in one form, with one periodicity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSet {
    pub name: Name,
    pub periodicity: Periodicity,
    pub indicators: Vec<IndicatorCode>,
}

impl DataSet {
    /// Every indicator exists in the catalogue, once, with the data set's periodicity.
    pub fn check(&self, catalogue: &[IndicatorDefinition]) -> Result<(), Invalid> {
        let mut checker = Checker::default();
        if self.indicators.is_empty() {
            checker.push(FieldError::new("indicators", "required"));
        }
        for (i, code) in self.indicators.iter().enumerate() {
            let field = format!("indicators[{i}]");
            if self.indicators[..i].contains(code) {
                checker.push(FieldError::new(field, "duplicate"));
                continue;
            }
            match catalogue.iter().find(|d| d.code == *code) {
                None => checker.push(FieldError::new(field, "indicator-unknown").with_arg("value", code)),
                Some(definition) if definition.periodicity != self.periodicity => checker.push(
                    FieldError::new(field, "indicator-periodicity-mismatch")
                        .with_arg("value", code)
                        .with_arg("expected", self.periodicity),
                ),
                Some(_) => {}
            }
        }
        checker.finish()
    }

    /// The definitions a unit at `level` fills in (or sees computed) on this data set's form.
    pub fn form_for<'a>(&self, level: Level, catalogue: &'a [IndicatorDefinition]) -> Vec<&'a IndicatorDefinition> {
        self.indicators
            .iter()
            .filter_map(|code| catalogue.iter().find(|d| d.code == *code))
            .filter(|d| d.reported_at(level))
            .collect()
    }
}

/// One collection of a data set for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub period: Period,
    /// When units of each level must have submitted.
    pub due_dates: Vec<(Level, Date)>,
    /// From this date on, entry is locked (DHIS2's expiry days); `None`: only when closed by hand.
    pub locks_on: Option<Date>,
    /// Closed by hand, whatever the date.
    pub closed: bool,
}

impl Round {
    pub fn due_for(&self, level: Level) -> Option<Date> {
        self.due_dates.iter().find(|(l, _)| *l == level).map(|(_, due)| *due)
    }

    pub fn is_locked(&self, today: Date) -> bool {
        self.closed || self.locks_on.is_some_and(|locks_on| today >= locks_on)
    }
}

/// A round collects its data set's periodicity, is due no earlier than its period starts, asks lower
/// levels no later than higher ones (so that a province can check its communes before it is due itself),
/// and locks only after everyone is due.
pub fn check_round(round: &Round, data_set: &DataSet) -> Result<(), Invalid> {
    let mut checker = Checker::default();
    if round.period.periodicity != data_set.periodicity {
        checker.push(
            FieldError::new("period", "period-periodicity-mismatch")
                .with_arg("value", round.period)
                .with_arg("expected", data_set.periodicity),
        );
    }
    for (i, (level, due)) in round.due_dates.iter().enumerate() {
        let field = format!("due_dates[{i}]");
        if round.due_dates[..i].iter().any(|(l, _)| l == level) {
            checker.push(FieldError::new(field, "duplicate"));
            continue;
        }
        if *due < round.period.start() {
            checker
                .push(FieldError::new(field.clone(), "round-due-before-start").with_arg("date", round.period.start()));
        }
        for (higher, higher_due) in round.due_dates.iter().filter(|(l, _)| l.depth() < level.depth()) {
            if due > higher_due {
                checker.push(
                    FieldError::new(field.clone(), "round-due-order")
                        .with_arg("level", level)
                        .with_arg("parent_level", higher),
                );
            }
        }
    }
    if let (Some(locks_on), Some(last_due)) = (round.locks_on, round.due_dates.iter().map(|(_, d)| *d).max())
        && locks_on <= last_due
    {
        checker.push(FieldError::new("locks_on", "round-locks-before-due").with_arg("date", last_due));
    }
    checker.finish()
}

text_enum!(
    /// Where a unit's submission for a round stands.
    SubmissionState, "state", "submission-state-unknown" {
        Draft = "draft" | "nhap" | "du_thao" | "dang_nhap",
        Submitted = "submitted" | "da_gui" | "da_nop" | "cho_duyet",
        Approved = "approved" | "da_duyet" | "da_phe_duyet",
        Returned = "returned" | "tra_lai" | "bi_tra_lai",
    }
);

impl SubmissionState {
    /// Whether the unit may change its values in this state (the lock of the round aside).
    pub fn is_editable(self) -> bool {
        matches!(self, SubmissionState::Draft | SubmissionState::Returned)
    }
}

/// How the acting unit stands to the unit whose submission it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The unit itself.
    Own,
    /// The unit that approves it: its parent (or whoever the caller's policy lets act as the parent).
    Parent,
    Other,
}

/// What someone does to a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Save values without submitting.
    Edit,
    Submit,
    /// Take back a submission the parent has not decided on yet.
    Withdraw,
    Approve,
    Return {
        reason: String,
    },
    /// Re-open an approved submission for a correction.
    Reopen {
        reason: String,
    },
}

impl Action {
    pub fn as_str(&self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Submit => "submit",
            Action::Withdraw => "withdraw",
            Action::Approve => "approve",
            Action::Return { .. } => "return",
            Action::Reopen { .. } => "reopen",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The programme's approval settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApprovalSettings {
    /// A unit's submission may be approved only when all its children's are (DHIS2's rule, the
    /// default): the parent's figures then rest on checked data.
    pub children_first: bool,
}

impl Default for ApprovalSettings {
    fn default() -> Self {
        Self { children_first: true }
    }
}

/// Everything besides the state that a transition depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    pub today: Date,
    pub period: Period,
    /// [`Round::is_locked`] for today.
    pub round_locked: bool,
    pub relation: Relation,
    /// Whether every child of the unit that reports in the round has an approved submission.
    pub children_approved: bool,
    /// Whether the parent's own submission is approved (it rests on this one).
    pub parent_approved: bool,
    pub settings: ApprovalSettings,
}

/// Why a transition is refused. Each has a message code ([`WorkflowError::code`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("cannot {action} a submission that is {state}")]
    WrongState { state: SubmissionState, action: &'static str },
    #[error("only the unit itself can {action} its submission")]
    NotOwnUnit { action: &'static str },
    #[error("only the unit above can {action} this submission")]
    NotParent { action: &'static str },
    #[error("the round is locked")]
    RoundLocked,
    #[error("the period has not started")]
    PeriodNotStarted { starts: Date },
    #[error("the units below have not all been approved")]
    ChildrenNotApproved,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the unit above has already been approved on these figures")]
    ApprovedAbove,
}

impl WorkflowError {
    pub fn code(&self) -> &'static str {
        match self {
            WorkflowError::WrongState { .. } => "submission-wrong-state",
            WorkflowError::NotOwnUnit { .. } => "submission-not-own-unit",
            WorkflowError::NotParent { .. } => "submission-not-parent",
            WorkflowError::RoundLocked => "round-locked",
            WorkflowError::PeriodNotStarted { .. } => "period-not-started",
            WorkflowError::ChildrenNotApproved => "children-not-approved",
            WorkflowError::ReasonRequired => "reason-required",
            WorkflowError::ApprovedAbove => "approved-above",
        }
    }

    /// The error as a field error on `reason` (when the reason is missing) or on `submission`.
    pub fn to_field_error(&self) -> FieldError {
        let field = if *self == WorkflowError::ReasonRequired { "reason" } else { "submission" };
        let error = FieldError::new(field, self.code());
        match self {
            WorkflowError::WrongState { state, .. } => error.with_arg("value", state),
            WorkflowError::PeriodNotStarted { starts } => error.with_arg("date", starts),
            _ => error,
        }
    }
}

/// Decides what `action` does to a submission in `state`, or why it may not.
///
/// The checks come in a fixed order: who may act, then the state, the reason, the period, the lock,
/// and the approvals around the unit; the first that fails is the error.
pub fn decide(
    state: SubmissionState,
    action: &Action,
    situation: &Situation,
) -> Result<SubmissionState, WorkflowError> {
    use SubmissionState::*;
    let name = action.as_str();
    let by_own_unit = matches!(action, Action::Edit | Action::Submit | Action::Withdraw);
    match (by_own_unit, situation.relation) {
        (true, Relation::Own) | (false, Relation::Parent) => {}
        (true, _) => return Err(WorkflowError::NotOwnUnit { action: name }),
        (false, _) => return Err(WorkflowError::NotParent { action: name }),
    }
    let next = match (action, state) {
        (Action::Edit, Draft | Returned) => state,
        (Action::Submit, Draft | Returned) => Submitted,
        (Action::Withdraw, Submitted) => Draft,
        (Action::Approve, Submitted) => Approved,
        (Action::Return { .. }, Submitted) => Returned,
        (Action::Reopen { .. }, Approved) => Returned,
        _ => return Err(WorkflowError::WrongState { state, action: name }),
    };
    if let Action::Return { reason } | Action::Reopen { reason } = action
        && reason.trim().is_empty()
    {
        return Err(WorkflowError::ReasonRequired);
    }
    if matches!(action, Action::Edit | Action::Submit) && situation.today < situation.period.start() {
        return Err(WorkflowError::PeriodNotStarted { starts: situation.period.start() });
    }
    // After the lock only a correction the parent asked for may go on.
    if by_own_unit && situation.round_locked && state != Returned {
        return Err(WorkflowError::RoundLocked);
    }
    if matches!(action, Action::Approve) && situation.settings.children_first && !situation.children_approved {
        return Err(WorkflowError::ChildrenNotApproved);
    }
    if matches!(action, Action::Reopen { .. }) && situation.parent_approved {
        return Err(WorkflowError::ApprovedAbove);
    }
    Ok(next)
}

/// A submission is on time when it is made on or before the due date (a due date is a whole day).
pub fn on_time(submitted_on: Date, due: Date) -> bool {
    submitted_on <= due
}

text_enum!(
    /// Reporting discipline of one unit in one round.
    Timeliness, "timeliness", "timeliness-unknown" {
        OnTime = "on_time" | "dung_han",
        Late = "late" | "tre_han" | "qua_han",
        NotYetDue = "not_yet_due" | "chua_den_han",
        Missing = "missing" | "chua_bao_cao",
    }
);

/// Whether a unit reported on time, late, not yet (while still within the due date), or not at all
/// (past the due date). `submitted_on` is the date the caller counts: usually the first submission, so
/// that a return for correction does not make the unit late.
pub fn timeliness(submitted_on: Option<Date>, due: Date, today: Date) -> Timeliness {
    match submitted_on {
        Some(on) if on_time(on, due) => Timeliness::OnTime,
        Some(_) => Timeliness::Late,
        None if today <= due => Timeliness::NotYetDue,
        None => Timeliness::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::definition::tests::definition;
    use crate::indicator::definition::{Aggregation, ValueType};
    use jiff::civil::date;

    fn quarter() -> Period {
        Period::parse("period", "2026-Q3").unwrap()
    }

    fn round(due_dates: Vec<(Level, Date)>, locks_on: Option<Date>) -> Round {
        Round { period: quarter(), due_dates, locks_on, closed: false }
    }

    fn data_set(indicators: &[&str]) -> DataSet {
        DataSet {
            name: Name::parse("name", "Chỉ tiêu quý").unwrap(),
            periodicity: Periodicity::Quarter,
            indicators: indicators.iter().map(|c| c.parse().unwrap()).collect(),
        }
    }

    #[test]
    fn communes_are_due_before_provinces() {
        let ok = round(
            vec![(Level::Commune, date(2026, 10, 5)), (Level::Province, date(2026, 10, 10))],
            Some(date(2026, 10, 31)),
        );
        assert!(check_round(&ok, &data_set(&["A"])).is_ok());
        assert_eq!(ok.due_for(Level::Commune), Some(date(2026, 10, 5)));
        assert_eq!(ok.due_for(Level::Central), None);
        let codes = |r: &Round| {
            check_round(r, &data_set(&["A"])).unwrap_err().0.into_iter().map(|e| e.code).collect::<Vec<_>>()
        };
        let reversed = round(vec![(Level::Commune, date(2026, 10, 12)), (Level::Province, date(2026, 10, 10))], None);
        assert_eq!(codes(&reversed), ["round-due-order"]);
        let early = round(vec![(Level::Commune, date(2026, 6, 30))], None);
        assert_eq!(codes(&early), ["round-due-before-start"]);
        let locks_early = round(vec![(Level::Commune, date(2026, 10, 5))], Some(date(2026, 10, 5)));
        assert_eq!(codes(&locks_early), ["round-locks-before-due"]);
        let twice = round(vec![(Level::Commune, date(2026, 10, 5)), (Level::Commune, date(2026, 10, 6))], None);
        assert_eq!(codes(&twice), ["duplicate"]);
        let monthly = Round { period: Period::parse("p", "2026-07").unwrap(), ..ok.clone() };
        assert_eq!(codes(&monthly), ["period-periodicity-mismatch"]);
        assert!(!ok.is_locked(date(2026, 10, 30)) && ok.is_locked(date(2026, 10, 31)));
        assert!(Round { closed: true, ..ok }.is_locked(date(2026, 7, 1)));
    }

    #[test]
    fn data_sets_hold_known_indicators_of_their_periodicity() {
        let mut monthly = definition("M", ValueType::Number, Aggregation::Sum);
        monthly.periodicity = Periodicity::Month;
        let mut central = definition("C", ValueType::Number, Aggregation::Sum);
        central.levels = vec![Level::Central];
        let catalogue = [definition("A", ValueType::Number, Aggregation::Sum), monthly, central];
        assert!(data_set(&["A", "C"]).check(&catalogue).is_ok());
        let errors: Vec<_> =
            data_set(&["A", "A", "M", "X"]).check(&catalogue).unwrap_err().0.into_iter().map(|e| e.code).collect();
        assert_eq!(errors, ["duplicate", "indicator-periodicity-mismatch", "indicator-unknown"]);
        let form: Vec<_> =
            data_set(&["A", "C"]).form_for(Level::Commune, &catalogue).iter().map(|d| d.code.to_string()).collect();
        assert_eq!(form, ["A"]);
    }

    #[test]
    fn timeliness_of_a_unit() {
        let due = date(2026, 10, 5);
        assert!(on_time(due, due) && !on_time(date(2026, 10, 6), due));
        assert_eq!(timeliness(Some(date(2026, 10, 1)), due, date(2026, 10, 20)), Timeliness::OnTime);
        assert_eq!(timeliness(Some(date(2026, 10, 6)), due, date(2026, 10, 20)), Timeliness::Late);
        assert_eq!(timeliness(None, due, due), Timeliness::NotYetDue);
        assert_eq!(timeliness(None, due, date(2026, 10, 6)), Timeliness::Missing);
    }

    #[test]
    fn errors_have_codes_and_fields() {
        let wrong = WorkflowError::WrongState { state: SubmissionState::Approved, action: "edit" }.to_field_error();
        assert_eq!((wrong.field.as_str(), wrong.code), ("submission", "submission-wrong-state"));
        assert_eq!(wrong.args, vec![("value", "approved".to_owned())]);
        assert_eq!(WorkflowError::ReasonRequired.to_field_error().field, "reason");
        assert_eq!(SubmissionState::parse("state", "Chờ duyệt"), Ok(SubmissionState::Submitted));
    }
}
