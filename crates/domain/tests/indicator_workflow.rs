//! The submission state machine over every state, action, relation and situation: each allowed move is
//! one of the diagram's arrows, approved figures stay locked, and a locked round only lets corrections
//! through.

use jiff::civil::{Date, date};
use nqtrack_domain::indicator::{
    Action, ApprovalSettings, Relation, Situation, SubmissionState, WorkflowError, decide,
};
use nqtrack_domain::period::Period;
use proptest::prelude::*;

use SubmissionState::{Approved, Draft, Returned, Submitted};

fn actions() -> Vec<Action> {
    vec![
        Action::Edit,
        Action::Submit,
        Action::Withdraw,
        Action::Approve,
        Action::Return { reason: "Số liệu chưa khớp".into() },
        Action::Reopen { reason: "Điều chỉnh theo kiểm tra".into() },
    ]
}

fn period() -> Period {
    Period::parse("period", "2026-Q3").unwrap()
}

/// Every combination of the flags a transition depends on, on a day inside the period and on a day
/// before it.
fn situations() -> Vec<Situation> {
    let mut all = Vec::new();
    for today in [date(2026, 6, 30), date(2026, 10, 3)] {
        for relation in [Relation::Own, Relation::Parent, Relation::Other] {
            for bits in 0..16u8 {
                all.push(Situation {
                    today,
                    period: period(),
                    round_locked: bits & 1 != 0,
                    relation,
                    children_approved: bits & 2 != 0,
                    parent_approved: bits & 4 != 0,
                    settings: ApprovalSettings { children_first: bits & 8 != 0 },
                });
            }
        }
    }
    all
}

/// The arrows of the diagram in `workflow.rs`.
fn arrow(from: SubmissionState, action: &Action) -> Option<SubmissionState> {
    match (from, action) {
        (Draft | Returned, Action::Edit) => Some(from),
        (Draft | Returned, Action::Submit) => Some(Submitted),
        (Submitted, Action::Withdraw) => Some(Draft),
        (Submitted, Action::Approve) => Some(Approved),
        (Submitted, Action::Return { .. }) => Some(Returned),
        (Approved, Action::Reopen { .. }) => Some(Returned),
        _ => None,
    }
}

#[test]
fn every_allowed_move_is_an_arrow_and_respects_its_conditions() {
    for state in SubmissionState::ALL.iter().copied() {
        for action in actions() {
            for situation in situations() {
                let Ok(next) = decide(state, &action, &situation) else { continue };
                assert_eq!(Some(next), arrow(state, &action), "{state} --{action}--> {next}");
                let own = matches!(action, Action::Edit | Action::Submit | Action::Withdraw);
                assert_eq!(situation.relation, if own { Relation::Own } else { Relation::Parent });
                if own && situation.round_locked {
                    assert_eq!(state, Returned, "after the lock only a correction goes on");
                }
                if matches!(action, Action::Edit | Action::Submit) {
                    assert!(situation.today >= period().start());
                }
                if action == Action::Approve {
                    assert!(situation.children_approved || !situation.settings.children_first);
                }
                if matches!(action, Action::Reopen { .. }) {
                    assert!(!situation.parent_approved);
                }
            }
        }
    }
}

#[test]
fn every_arrow_is_possible_in_an_ordinary_situation() {
    let ordinary = |relation| Situation {
        today: date(2026, 10, 3),
        period: period(),
        round_locked: false,
        relation,
        children_approved: true,
        parent_approved: false,
        settings: ApprovalSettings::default(),
    };
    for state in SubmissionState::ALL.iter().copied() {
        for action in actions() {
            let Some(expected) = arrow(state, &action) else { continue };
            let relation = if matches!(action, Action::Edit | Action::Submit | Action::Withdraw) {
                Relation::Own
            } else {
                Relation::Parent
            };
            assert_eq!(decide(state, &action, &ordinary(relation)), Ok(expected), "{state} --{action}-->");
        }
    }
}

#[test]
fn approved_figures_are_locked_to_their_unit() {
    for situation in situations() {
        for action in [Action::Edit, Action::Submit, Action::Withdraw] {
            assert!(decide(Approved, &action, &situation).is_err());
        }
    }
}

#[test]
fn refusals_say_why() {
    let base = Situation {
        today: date(2026, 10, 3),
        period: period(),
        round_locked: false,
        relation: Relation::Own,
        children_approved: false,
        parent_approved: true,
        settings: ApprovalSettings::default(),
    };
    let parent = Situation { relation: Relation::Parent, ..base };
    let code = |state, action: Action, situation: &Situation| decide(state, &action, situation).map_err(|e| e.code());
    assert_eq!(code(Submitted, Action::Approve, &base), Err("submission-not-parent"));
    assert_eq!(code(Draft, Action::Submit, &parent), Err("submission-not-own-unit"));
    assert_eq!(
        code(Draft, Action::Submit, &Situation { relation: Relation::Other, ..base }),
        Err("submission-not-own-unit")
    );
    assert_eq!(code(Approved, Action::Edit, &base), Err("submission-wrong-state"));
    assert_eq!(code(Submitted, Action::Return { reason: " ".into() }, &parent), Err("reason-required"));
    assert_eq!(code(Submitted, Action::Approve, &parent), Err("children-not-approved"));
    let relaxed = Situation { settings: ApprovalSettings { children_first: false }, ..parent };
    assert_eq!(code(Submitted, Action::Approve, &relaxed), Ok(Approved));
    assert_eq!(code(Approved, Action::Reopen { reason: "sai số".into() }, &parent), Err("approved-above"));
    let locked = Situation { round_locked: true, ..base };
    assert_eq!(code(Draft, Action::Edit, &locked), Err("round-locked"));
    assert_eq!(code(Submitted, Action::Withdraw, &locked), Err("round-locked"));
    assert_eq!(code(Returned, Action::Submit, &locked), Ok(Submitted), "a correction asked for goes through");
    let early = Situation { today: date(2026, 6, 30), ..base };
    assert_eq!(decide(Draft, &Action::Edit, &early), Err(WorkflowError::PeriodNotStarted { starts: date(2026, 7, 1) }));
}

fn action() -> impl Strategy<Value = Action> {
    prop::sample::select(actions())
}

proptest! {
    /// A correction's life: whatever happens, once approved the figures change only through a reopen by
    /// the parent, and every state reached is reachable from Draft by arrows.
    #[test]
    fn random_histories_follow_the_diagram(
        steps in prop::collection::vec((action(), 0..3u8, any::<bool>(), any::<bool>(), 0..120i32), 0..40),
    ) {
        let mut state = Draft;
        for (action, relation, locked, children, day) in steps {
            let relation = [Relation::Own, Relation::Parent, Relation::Other][usize::from(relation)];
            let today: Date = date(2026, 6, 1).checked_add(jiff::Span::new().days(day)).unwrap();
            let situation = Situation {
                today, period: period(), round_locked: locked, relation, children_approved: children,
                parent_approved: false, settings: ApprovalSettings::default(),
            };
            match decide(state, &action, &situation) {
                Ok(next) => {
                    prop_assert_eq!(Some(next), arrow(state, &action));
                    if state == Approved {
                        let reopened = matches!(action, Action::Reopen { .. });
                        prop_assert!(reopened && relation == Relation::Parent, "approved figures changed by {}", action);
                    }
                    state = next;
                }
                Err(error) => prop_assert!(!error.code().is_empty()),
            }
        }
    }
}
