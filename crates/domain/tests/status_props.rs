//! Properties of the status rules (domain.md §5) over random task histories and random "as of" dates.
//!
//! The histories are shaped the way the application writes them: the original deadline takes effect on
//! the day of assignment, later deadlines take effect on later days, completions are reported on or after
//! assignment and are then confirmed or returned (or neither yet), progress reports are dated.

use jiff::Span;
use jiff::civil::{Date, date};
use nqtrack_domain::period::Periodicity;
use nqtrack_domain::status::{Colour, CompletionFact, JudgeBy, Standing, Status, StatusRules, TaskFacts};
use nqtrack_domain::task::TaskKind;
use proptest::prelude::*;

fn plus(day: Date, days: i32) -> Date {
    day.checked_add(Span::new().days(days)).expect("test dates stay in range")
}

/// What becomes of a completion report, and how many days after it was reported.
#[derive(Debug, Clone, Copy)]
enum Fate {
    Awaiting,
    Confirmed(i32),
    Returned(i32),
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![Just(Fate::Awaiting), (0..40).prop_map(Fate::Confirmed), (0..40).prop_map(Fate::Returned)]
}

fn kind() -> impl Strategy<Value = TaskKind> {
    // Mostly the counted kinds; a recurring series now and then, which never counts itself.
    prop_oneof![
        4 => Just(TaskKind::Deadline),
        2 => Just(TaskKind::Regular),
        1 => prop::sample::select(vec![TaskKind::Monthly, TaskKind::Quarterly, TaskKind::Yearly]),
    ]
}

fn facts() -> impl Strategy<Value = TaskFacts> {
    (
        kind(),
        0..500i32,
        0..200i32,
        prop::collection::vec((1..150i32, -30..200i32), 0..4),
        prop::collection::vec((0..300i32, fate()), 0..4),
        prop::collection::vec((0..300i32, 0..=100u8), 0..6),
        prop::option::weighted(0.2, 0..400i32),
    )
        .prop_map(|(kind, assigned, first_deadline, changes, completions, progress, cancelled)| {
            let assigned_on = plus(date(2025, 1, 1), assigned);
            let mut deadlines = Vec::new();
            if kind != TaskKind::Regular {
                let (mut from, mut deadline) = (assigned_on, plus(assigned_on, first_deadline));
                deadlines.push((from, deadline));
                for (gap, delta) in changes {
                    from = plus(from, gap);
                    // An adjustment may bring a deadline forward, never before the assignment.
                    deadline = plus(deadline, delta).max(assigned_on);
                    deadlines.push((from, deadline));
                }
            }
            let mut completions: Vec<CompletionFact> = completions
                .into_iter()
                .map(|(offset, fate)| {
                    let reported_on = plus(assigned_on, offset);
                    let (confirmed_on, returned_on) = match fate {
                        Fate::Awaiting => (None, None),
                        Fate::Confirmed(after) => (Some(plus(reported_on, after)), None),
                        Fate::Returned(after) => (None, Some(plus(reported_on, after))),
                    };
                    CompletionFact { reported_on, confirmed_on, returned_on }
                })
                .collect();
            completions.sort_by_key(|c| c.reported_on);
            let mut progress: Vec<(Date, u8)> =
                progress.into_iter().map(|(offset, percent)| (plus(assigned_on, offset), percent)).collect();
            progress.sort_by_key(|(on, _)| *on);
            let cancelled_on = cancelled.map(|offset| plus(assigned_on, offset));
            TaskFacts { kind, assigned_on, deadlines, completions, progress, cancelled_on }
        })
}

fn rules() -> impl Strategy<Value = StatusRules> {
    (
        0..30i32,
        prop_oneof![Just(JudgeBy::Approved), Just(JudgeBy::Original)],
        any::<bool>(),
        0..50u8,
        prop::sample::select(Periodicity::ALL.to_vec()),
    )
        .prop_map(|(due_soon_days, judge_by, pace_check, pace_tolerance, regular_period)| StatusRules {
            due_soon_days,
            judge_by,
            pace_check,
            pace_tolerance,
            regular_period,
        })
}

/// A date around the task's life: some before it was assigned, most while it runs, some long after.
fn as_of(facts: &TaskFacts, offset: i32) -> Date {
    plus(facts.assigned_on, offset)
}

const AS_OF: std::ops::Range<i32> = -30..600;

/// The history as it was known on `as_of`: nothing dated later, and no decision taken later.
fn known_on(facts: &TaskFacts, as_of: Date) -> TaskFacts {
    let by = |day: Option<Date>| day.filter(|day| *day <= as_of);
    TaskFacts {
        kind: facts.kind,
        assigned_on: facts.assigned_on,
        deadlines: facts.deadlines.iter().copied().filter(|(from, _)| *from <= as_of).collect(),
        completions: facts
            .completions
            .iter()
            .filter(|c| c.reported_on <= as_of)
            .map(|c| CompletionFact {
                reported_on: c.reported_on,
                confirmed_on: by(c.confirmed_on),
                returned_on: by(c.returned_on),
            })
            .collect(),
        progress: facts.progress.iter().copied().filter(|(on, _)| *on <= as_of).collect(),
        cancelled_on: by(facts.cancelled_on),
    }
}

/// Whether a deadline other than the original one took effect after `from`, up to and including `to`.
fn deadline_changed(facts: &TaskFacts, from: Date, to: Date) -> bool {
    facts.deadlines.iter().skip(1).any(|(effective, _)| from < *effective && *effective <= to)
}

fn colour_fits(standing: &Standing) -> bool {
    match standing.status {
        Status::CompletedOnTime | Status::Reported => standing.colour == Colour::Green,
        Status::CompletedLate => standing.colour == Colour::Yellow,
        Status::Overdue | Status::NotReported => standing.colour == Colour::Red,
        Status::InProgress => standing.colour == if standing.at_risk { Colour::Yellow } else { Colour::Green },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// (a) A task that counts has a standing, and its colour is the one its status calls for; regular
    /// tasks are judged on reporting, the others on their deadline.
    #[test]
    fn a_counted_task_has_one_status_and_the_matching_colour(facts in facts(), rules in rules(), offset in AS_OF) {
        let day = as_of(&facts, offset);
        let standing = facts.standing(day, &rules);
        prop_assert_eq!(standing.is_some(), facts.counts_on(day));
        if let Some(standing) = standing {
            prop_assert!(colour_fits(&standing), "{standing:?}");
            let reporting = matches!(standing.status, Status::Reported | Status::NotReported);
            prop_assert_eq!(reporting, facts.kind == TaskKind::Regular);
            prop_assert_eq!(standing.deadline.is_some(), facts.kind != TaskKind::Regular);
            prop_assert_eq!(standing.completed_on.is_some(), standing.status.is_completed());
            prop_assert!(!standing.due_soon || standing.at_risk);
            prop_assert!(standing.percent <= 100);
        }
    }

    /// (b) Time passing alone never brings an overdue task back within its deadline: only a new deadline
    /// taking effect in between can.
    #[test]
    fn overdue_stays_overdue_unless_the_deadline_moves(
        facts in facts(), rules in rules(), a in AS_OF, b in AS_OF,
    ) {
        let (earlier, later) = (as_of(&facts, a.min(b)), as_of(&facts, a.max(b)));
        if let (Some(before), Some(after)) = (facts.standing(earlier, &rules), facts.standing(later, &rules))
            && before.status == Status::Overdue
            && after.status == Status::InProgress
        {
            prop_assert_eq!(rules.judge_by, JudgeBy::Approved, "the original deadline never moves");
            prop_assert!(deadline_changed(&facts, earlier, later), "{before:?} then {after:?}");
        }
    }

    /// (c) A completed task stays completed unless the completion it stood on was returned in between.
    #[test]
    fn completed_stays_completed_unless_returned(facts in facts(), rules in rules(), a in AS_OF, b in AS_OF) {
        let (earlier, later) = (as_of(&facts, a.min(b)), as_of(&facts, a.max(b)));
        if let (Some(before), Some(after)) = (facts.standing(earlier, &rules), facts.standing(later, &rules))
            && before.status.is_completed()
            && !after.status.is_completed()
        {
            let stood_on = facts.completion_on(earlier);
            let returned = stood_on.and_then(|c| c.returned_on).is_some_and(|on| earlier < on && on <= later);
            prop_assert!(returned, "{before:?} then {after:?} with {stood_on:?}");
        }
    }

    /// (d) A standing depends only on what was known on its date: a report for a past date gives the
    /// numbers it gave then, whatever happened since.
    #[test]
    fn a_standing_depends_only_on_what_was_known_then(facts in facts(), rules in rules(), offset in AS_OF) {
        let day = as_of(&facts, offset);
        prop_assert_eq!(facts.standing(day, &rules), known_on(&facts, day).standing(day, &rules));
    }

    /// (e) Judged by the original deadline, extensions and adjustments make no difference.
    #[test]
    fn judging_by_the_original_deadline_ignores_extensions(facts in facts(), rules in rules(), offset in AS_OF) {
        let day = as_of(&facts, offset);
        let rules = StatusRules { judge_by: JudgeBy::Original, ..rules };
        let original_only = TaskFacts { deadlines: facts.deadlines.iter().copied().take(1).collect(), ..facts.clone() };
        prop_assert_eq!(facts.standing(day, &rules), original_only.standing(day, &rules));
        // Judged by the approved deadline, a task that never changed its deadline stands the same.
        let approved = StatusRules { judge_by: JudgeBy::Approved, ..rules };
        prop_assert_eq!(original_only.standing(day, &approved), original_only.standing(day, &rules));
    }
}

#[test]
fn an_approved_extension_brings_an_overdue_task_back_within_its_deadline() {
    // The example behind the exception in (b): overdue on 02/05, extended on 05/05 to 31/05.
    let facts = TaskFacts {
        kind: TaskKind::Deadline,
        assigned_on: date(2026, 3, 1),
        deadlines: vec![(date(2026, 3, 1), date(2026, 5, 1)), (date(2026, 5, 5), date(2026, 5, 31))],
        completions: Vec::new(),
        progress: vec![(date(2026, 4, 1), 80)],
        cancelled_on: None,
    };
    let rules = StatusRules::default();
    let status = |day| facts.standing(day, &rules).map(|s| s.status);
    assert_eq!(status(date(2026, 5, 2)), Some(Status::Overdue));
    assert_eq!(status(date(2026, 5, 5)), Some(Status::InProgress));
    let original = StatusRules { judge_by: JudgeBy::Original, ..rules };
    assert_eq!(facts.standing(date(2026, 5, 5), &original).map(|s| s.status), Some(Status::Overdue));
}
