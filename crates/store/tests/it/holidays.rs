//! The holiday table: one row per day, listed by date range in date order, replaced in place.

use jiff::civil::date;
use nqtrack_domain::calendar::{Holiday, HolidayCalendar, vietnam_holidays};
use nqtrack_store::Tx;

use crate::support::{TestStore, read, write};

async fn holidays_round_trip_in_date_order(store: &TestStore) {
    let seeded = vietnam_holidays(2026);
    let worked = Holiday::worked(date(2025, 4, 26), "Làm bù ngày 02/05");
    write(store, async |tx: &mut Tx| {
        // Written out of order: the listing sorts them.
        for holiday in seeded.iter().rev() {
            tx.upsert_holiday(holiday).await.unwrap();
        }
        tx.upsert_holiday(&worked).await.unwrap();
    })
    .await;
    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.holidays_count().await.unwrap(), i64::try_from(seeded.len()).unwrap() + 1);
        assert_eq!(tx.list_holidays(date(2026, 1, 1), date(2026, 12, 31)).await.unwrap(), seeded, "both ends included");
        let tet = tx.list_holidays(date(2026, 2, 15), date(2026, 2, 16)).await.unwrap();
        assert_eq!(tet.iter().map(|h| h.day).collect::<Vec<_>>(), [date(2026, 2, 15), date(2026, 2, 16)]);
        assert_eq!(
            tx.list_holidays(date(2025, 1, 1), date(2025, 12, 31)).await.unwrap(),
            std::slice::from_ref(&worked)
        );
        assert!(tx.list_holidays(date(2027, 1, 1), date(2027, 12, 31)).await.unwrap().is_empty());
        assert_eq!(tx.holiday(date(2025, 4, 26)).await.unwrap(), Some(worked.clone()), "the worked flag survives");
        assert_eq!(tx.holiday(date(2025, 4, 27)).await.unwrap(), None);

        let all = tx.all_holidays().await.unwrap();
        assert_eq!(all.first(), Some(&worked));
        let calendar: HolidayCalendar = all.into_iter().collect();
        assert!(calendar.is_working_day(date(2025, 4, 26)));
        assert!(!calendar.is_working_day(date(2026, 4, 27)));
    })
    .await;
}

async fn upsert_replaces_and_delete_removes(store: &TestStore) {
    let day = date(2026, 4, 27);
    write(store, async |tx: &mut Tx| {
        tx.upsert_holiday(&Holiday::day_off(day, "Nghỉ bù")).await.unwrap();
        // The same day again: the entry is replaced, not added.
        tx.upsert_holiday(&Holiday::day_off(day, "Nghỉ bù Giỗ Tổ Hùng Vương")).await.unwrap();
    })
    .await;
    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.holidays_count().await.unwrap(), 1);
        assert_eq!(tx.holiday(day).await.unwrap().map(|h| h.name), Some("Nghỉ bù Giỗ Tổ Hùng Vương".to_owned()));
    })
    .await;
    write(store, async |tx: &mut Tx| {
        assert!(tx.delete_holiday(day).await.unwrap());
        assert!(!tx.delete_holiday(day).await.unwrap(), "nothing left to delete");
    })
    .await;
    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.holidays_count().await.unwrap(), 0);
        assert!(tx.all_holidays().await.unwrap().is_empty());
    })
    .await;
}

async fn a_dropped_transaction_keeps_no_holiday(store: &TestStore) {
    {
        let mut tx = store.write().await.unwrap();
        tx.upsert_holiday(&Holiday::day_off(date(2026, 9, 1), "Quốc khánh")).await.unwrap();
        // Dropped without commit: rolled back.
    }
    read(store, async |tx: &mut Tx| assert_eq!(tx.holidays_count().await.unwrap(), 0)).await;
}

conformance!(
    holidays_round_trip_in_date_order,
    upsert_replaces_and_delete_removes,
    a_dropped_transaction_keeps_no_holiday
);
