//! The leaders' dashboard: its counts are the task counts (today and on a past date), the change is
//! measured from the end of the previous month, the lists and warnings come from the same tasks, the
//! peer ranking and the province map follow the scorecard, and a unit outside the viewer's scope is
//! refused.

use jiff::civil::date;
use nqtrack_app::{DefinitionFormat, TaskInput, parse_definition};
use nqtrack_domain::evaluation::{Scorecard, TaskTally};
use nqtrack_domain::policy::Actor;
use nqtrack_domain::status::{Colour, Status};
use nqtrack_store::{StatusCounts, Unit};

use crate::support::{Harness, assert_denied};

/// Province 08 has the demo's tasks; province 04 has none, so its counts are the test's own.
const BUSY: &str = "08";
const QUIET: &str = "04";

fn same_counts(tally: &TaskTally, counts: &StatusCounts) {
    assert_eq!(tally.total, counts.total);
    for (status, n) in [
        (Status::CompletedOnTime, tally.completed_on_time),
        (Status::CompletedLate, tally.completed_late),
        (Status::InProgress, tally.in_progress),
        (Status::Overdue, tally.overdue),
        (Status::Reported, tally.reported),
        (Status::NotReported, tally.not_reported),
    ] {
        assert_eq!(counts.status(status), n, "{status:?}");
    }
    for (colour, n) in [(Colour::Green, tally.green), (Colour::Yellow, tally.yellow), (Colour::Red, tally.red)] {
        assert_eq!(counts.colour(colour), n, "{colour:?}");
    }
    assert_eq!(tally.due_soon, counts.due_soon);
    assert_eq!(tally.at_risk, counts.at_risk);
}

fn task(assigner: &Unit, presiding: &Unit, title: &str, assigned_on: &str, deadline: &str) -> TaskInput {
    TaskInput {
        title: title.into(),
        assigner_id: Some(assigner.id),
        presiding_id: Some(presiding.id),
        assigned_on: assigned_on.into(),
        deadline: deadline.into(),
        product: "Báo cáo".into(),
        field: "Chính phủ số".into(),
        ..TaskInput::default()
    }
}

pub(crate) async fn province_scorecard(h: &Harness) -> String {
    let root = h.unit("TW").await;
    let scorecard: Scorecard = parse_definition(
        r#"
            code = "TD57"
            name = "Tiến độ Nghị quyết 57"
            [[criteria]]
            code = "C1"
            name = "Nhiệm vụ xanh"
            measure = "tasks_green_share"
            green = 80
            yellow = 60
        "#,
        DefinitionFormat::Toml,
    )
    .expect("a scorecard");
    let record = h.app.save_scorecard(&h.operator, root.id, scorecard).await.expect("save the scorecard");
    format!("scorecard:{}", record.id)
}

async fn counts_match_the_task_counts(h: Harness) {
    let province = h.unit(BUSY).await;
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    for as_of in [None, Some(date(2026, 9, 30))] {
        let dashboard = h.app.dashboard(&coordinator, province.id, as_of, None).await.expect("dashboard");
        let counts = h.app.task_counts(&coordinator, province.id, dashboard.as_of).await.expect("task counts");
        assert!(counts.total > 0, "the demo province has tasks");
        same_counts(&dashboard.tasks, &counts);
        // The change is measured from the end of the month before, whose counts are the task counts too.
        let before = h.app.task_counts(&coordinator, province.id, dashboard.previous.date).await.expect("counts");
        same_counts(&dashboard.previous.tasks, &before);
        // The lists are the task list's first lines.
        assert!(dashboard.overdue.len() as i64 <= dashboard.tasks.overdue.min(10));
        assert!(dashboard.overdue.iter().all(|t| t.status == Some(Status::Overdue)));
        assert!(dashboard.due_soon.iter().all(|t| t.due_soon));
        assert!(dashboard.at_risk.iter().all(|t| t.at_risk));
        assert_eq!(dashboard.at_risk.len() as i64, dashboard.tasks.at_risk.min(10));
        // The slowest units are units directly below, worst first.
        let overdue: Vec<i64> = dashboard.most_overdue.iter().map(|u| u.tasks.overdue).collect();
        assert!(overdue.windows(2).all(|w| w[0] >= w[1]), "{overdue:?}");
        assert!(
            dashboard.pace_warnings.iter().all(|u| u.tasks.pace_predicts_miss(nqtrack_app::PACE_TOLERANCE_PERCENT))
        );
    }
    // The indicator tiles: at most eight, each with its last twelve periods ending with its value's.
    let tiles = h.app.dashboard_indicators(&coordinator, province.id, None).await.expect("tiles");
    assert!(!tiles.is_empty() && tiles.len() <= 8, "the demo province has indicator values");
    for tile in &tiles {
        assert_eq!(tile.series.len(), 12, "{}", tile.code);
        assert!(tile.fact.value.is_some());
        assert_eq!(tile.series.last().map(|p| p.period), tile.fact.period, "{}", tile.code);
    }
    assert_denied(h.app.dashboard_indicators(&h.actor("hanoi.thuongtruc").await, province.id, None).await);
    let past = h.app.dashboard(&coordinator, province.id, Some(date(2026, 9, 30)), None).await.expect("dashboard");
    assert_eq!(past.previous.date, date(2026, 8, 31));
    // A date after today is read as today.
    let future = h.app.dashboard(&coordinator, province.id, Some(date(2030, 1, 1)), None).await.expect("dashboard");
    assert_eq!(future.as_of, h.today());
}

async fn the_change_is_measured_from_the_last_month_end(h: Harness) {
    let province = h.unit(QUIET).await;
    h.add_user("caobang.thuongtruc", &province, "coordinator").await;
    let coordinator = h.actor("caobang.thuongtruc").await;
    let communes = h.communes(QUIET).await;
    // Two tasks before the end of October (one of them overdue by now), one after.
    for (title, assigned, deadline) in [
        ("Ban hành kế hoạch chuyển đổi số", "01/09/2026", "15/10/2026"),
        ("Số hoá hồ sơ một cửa", "01/10/2026", "31/12/2026"),
        ("Triển khai chữ ký số", "05/11/2026", "31/12/2026"),
    ] {
        h.app
            .assign_task(&coordinator, task(&province, &communes[0], title, assigned, deadline))
            .await
            .expect("assign");
    }
    let dashboard = h.app.dashboard(&coordinator, province.id, None, None).await.expect("dashboard");
    assert_eq!(dashboard.previous.date, date(2026, 10, 31));
    assert!(!dashboard.previous.frozen);
    assert_eq!((dashboard.tasks.total, dashboard.previous.tasks.total), (3, 2));
    assert_eq!((dashboard.tasks.overdue, dashboard.previous.tasks.overdue), (1, 1));
    assert_eq!((dashboard.tasks.in_progress, dashboard.previous.tasks.in_progress), (2, 1));
    // The overdue task is listed, and its commune leads the "most overdue" units.
    assert_eq!(dashboard.overdue.len(), 1);
    assert_eq!(dashboard.overdue[0].task.title, "Ban hành kế hoạch chuyển đổi số");
    assert_eq!(dashboard.most_overdue.first().map(|u| u.unit_id), Some(communes[0].id));
    // One overdue of two open tasks: above the 30 % tolerance, the commune's pace predicts a miss.
    assert_eq!(dashboard.pace_warnings.first().map(|u| u.unit_id), Some(communes[0].id));
    // Ranked on a scorecard of the root, the province is among the 34 and the map has them all.
    let subject = province_scorecard(&h).await;
    let dashboard = h.app.dashboard(&coordinator, province.id, None, Some(&subject)).await.expect("dashboard");
    assert_eq!(dashboard.subject.as_ref().map(|s| s.key.as_str()), Some(subject.as_str()));
    let ranking = dashboard.ranking.expect("a ranking among the provinces");
    assert!(ranking.rows.len() <= 11 && ranking.rows.iter().any(|r| r.unit_id == province.id));
    let map = dashboard.map.expect("the map");
    assert_eq!(map.provinces.len(), 34);
    assert!(map.provinces.iter().all(|p| p.band.is_none() == p.percent.is_none()));
}

async fn a_unit_outside_the_scope_is_refused(h: Harness) {
    let province = h.unit(BUSY).await;
    let outsider = h.actor("hanoi.thuongtruc").await;
    assert_denied(h.app.dashboard(&outsider, province.id, None, None).await);
    assert_denied(h.app.dashboard(&Actor::Public, province.id, None, None).await);
    // A reporter of a commune sees their commune, not the province.
    let reporter = h.actor("tuyenquang.xa").await;
    assert_denied(h.app.dashboard(&reporter, province.id, None, None).await);
}

both!(
    counts_match_the_task_counts,
    the_change_is_measured_from_the_last_month_end,
    a_unit_outside_the_scope_is_refused
);
