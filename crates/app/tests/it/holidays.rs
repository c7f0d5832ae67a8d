//! The holiday calendar: seeded with the demo, read by every account, edited by administrators at the
//! root, every change in the audit log.

use jiff::civil::date;
use nqtrack_app::{AppError, HolidayInput};
use nqtrack_domain::calendar::{Holiday, vietnam_holidays};
use nqtrack_domain::policy::Actor;

use crate::support::{Harness, assert_denied, assert_invalid, assert_unauthenticated};

fn input(day: &str, name: &str, working: bool) -> HolidayInput {
    HolidayInput { day: day.into(), name: name.into(), working }
}

async fn the_demo_seeds_the_decreed_days_and_everyone_reads_them(h: Harness) {
    let reporter = h.actor("tuyenquang.xa").await;
    for year in [2025, 2026, 2027] {
        assert_eq!(h.app.holidays(&reporter, year).await.unwrap(), vietnam_holidays(year), "{year}");
    }
    assert!(h.app.holidays(&reporter, 2024).await.unwrap().is_empty());
    assert_unauthenticated(h.app.holidays(&Actor::Public, 2026).await);
    assert_invalid(h.app.holidays(&reporter, 1066).await, &[("year", "year-range")]);

    // Seeding again adds nothing and writes nothing.
    let seq = h.audit_seq().await;
    assert_eq!(h.app.seed_holidays(&h.operator).await.unwrap(), 0);
    assert_eq!(h.audit_seq().await, seq);
    assert_denied(h.app.seed_holidays(&h.actor("tw.thuongtruc").await).await);

    // One audit entry per seeded year, filed under the root so the central office can read it.
    let admin = h.actor("admin").await;
    let history = h.app.object_history(&admin, "holiday", "2026", None).await.unwrap();
    assert_eq!(history.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["holiday.seed"]);
    assert!(history[0].after.as_deref().is_some_and(|after| after.contains("Tết Nguyên đán")));
}

async fn an_administrator_adds_changes_and_removes_a_day(h: Harness) {
    let admin = h.actor("admin").await;
    let seq = h.audit_seq().await;
    // Saturday 10/01/2026 worked in exchange for Friday 02/01.
    let worked = h.app.save_holiday(&admin, input("10/01/2026", "Làm bù ngày 02/01", true)).await.unwrap();
    assert_eq!(worked, Holiday::worked(date(2026, 1, 10), "Làm bù ngày 02/01"));
    h.app.save_holiday(&admin, input("2026-01-02", " Nghỉ hoán đổi ", false)).await.unwrap();
    assert_eq!(h.audit_seq().await, seq + 2);
    let list = h.app.holidays(&admin, 2026).await.unwrap();
    assert_eq!(list.len(), vietnam_holidays(2026).len() + 2);
    assert_eq!(list[1], Holiday::day_off(date(2026, 1, 2), "Nghỉ hoán đổi"), "trimmed, in date order");

    // Saving the same thing again changes nothing; a new name replaces the entry.
    h.app.save_holiday(&admin, input("10/01/2026", "Làm bù ngày 02/01", true)).await.unwrap();
    assert_eq!(h.audit_seq().await, seq + 2);
    h.app.save_holiday(&admin, input("10/01/2026", "Làm bù Tết Dương lịch", true)).await.unwrap();
    let history = h.app.object_history(&admin, "holiday", "2026-01-10", None).await.unwrap();
    let actions: Vec<_> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["holiday.update", "holiday.create"], "newest first");
    assert!(history[0].before.as_deref().is_some_and(|b| b.contains("Làm bù ngày 02/01")));

    h.app.delete_holiday(&admin, date(2026, 1, 10)).await.unwrap();
    assert!(!h.app.holidays(&admin, 2026).await.unwrap().iter().any(|d| d.day == date(2026, 1, 10)));
    let history = h.app.object_history(&admin, "holiday", "2026-01-10", None).await.unwrap();
    assert_eq!(history[0].action, "holiday.delete");
    assert!(matches!(h.app.delete_holiday(&admin, date(2026, 1, 10)).await, Err(AppError::NotFound("holiday"))));
}

async fn only_an_administrator_at_the_root_edits(h: Harness) {
    // An administrator of a province runs the province, not the national calendar.
    let province = h.unit("08").await;
    h.add_user("tuyenquang.quantri", &province, "administrator").await;
    let province_admin = h.actor("tuyenquang.quantri").await;
    let seq = h.audit_seq().await;
    for username in ["tw.thuongtruc", "tuyenquang.thuongtruc", "tuyenquang.xa"] {
        let actor = h.actor(username).await;
        assert_denied(h.app.save_holiday(&actor, input("10/01/2026", "Làm bù", true)).await);
        assert_denied(h.app.delete_holiday(&actor, date(2026, 1, 1)).await);
    }
    assert_denied(h.app.save_holiday(&province_admin, input("10/01/2026", "Làm bù", true)).await);
    assert_denied(h.app.save_holiday(&Actor::Public, input("10/01/2026", "Làm bù", true)).await);
    // Nothing was written, not even a half of it.
    assert_eq!(h.audit_seq().await, seq);
    assert!(h.app.holidays(&province_admin, 2026).await.unwrap().iter().all(|d| d.day != date(2026, 1, 10)));
    // The operator on the server may.
    h.app.save_holiday(&h.operator, input("10/01/2026", "Làm bù", true)).await.unwrap();
}

async fn input_is_checked_field_by_field(h: Harness) {
    let admin = h.actor("admin").await;
    assert_invalid(
        h.app.save_holiday(&admin, input("31/02/2026", "  ", false)).await,
        &[("day", "date-format"), ("name", "required")],
    );
    assert_invalid(h.app.save_holiday(&admin, input("", "Nghỉ", false)).await, &[("day", "required")]);
    // Monday 12/01/2026 is worked anyway: marking it worked is a mistake.
    assert_invalid(
        h.app.save_holiday(&admin, input("12/01/2026", "Làm bù", true)).await,
        &[("working", "working-day-not-weekend")],
    );
    assert_invalid(
        h.app.save_holiday(&admin, input("12/01/2026", &"x".repeat(201), false)).await,
        &[("name", "too-long")],
    );
}

async fn seeding_keeps_what_administrators_decided(h: Harness) {
    let admin = h.actor("admin").await;
    // 2027 is provisional: an administrator replaces Tết with the decreed days.
    for day in vietnam_holidays(2027).iter().filter(|d| d.name == "Tết Nguyên đán") {
        h.app.delete_holiday(&admin, day.day).await.unwrap();
    }
    // A year emptied entirely is seeded again; a year with entries is left as it is.
    for day in vietnam_holidays(2025) {
        h.app.delete_holiday(&admin, day.day).await.unwrap();
    }
    let added = h.app.seed_holidays(&admin).await.unwrap();
    assert_eq!(added, vietnam_holidays(2025).len());
    assert_eq!(h.app.holidays(&admin, 2025).await.unwrap(), vietnam_holidays(2025));
    assert!(h.app.holidays(&admin, 2027).await.unwrap().iter().all(|d| d.name != "Tết Nguyên đán"));
}

both!(
    the_demo_seeds_the_decreed_days_and_everyone_reads_them,
    an_administrator_adds_changes_and_removes_a_day,
    only_an_administrator_at_the_root_edits,
    input_is_checked_field_by_field,
    seeding_keeps_what_administrators_decided,
);
