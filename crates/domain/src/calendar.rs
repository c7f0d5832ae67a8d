//! Working days: weekends, public holidays and the weekend days worked in exchange (domain.md §5).
//!
//! Some deadlines are given in working days ("within 15 working days of receiving the document"). A
//! working day is Monday to Friday, except the days off in the holiday table, plus the Saturdays and
//! Sundays that the table marks as worked: when the government moves a working day to join two days off
//! into one break, the civil service works a Saturday instead. The table is data an administrator edits,
//! so the calendar is built from whatever the store holds; [`vietnam_holidays`] only seeds it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound::{Excluded, Included};

use jiff::civil::{Date, Weekday, date};
use serde::{Deserialize, Serialize};

use crate::error::{Checker, FieldError, Invalid};
use crate::task::required_text;

/// One entry of the holiday table: a day off, or (`working`) a weekend day worked in exchange for one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Holiday {
    pub day: Date,
    pub name: String,
    /// A Saturday or Sunday worked in exchange for a day off elsewhere, rather than a day off.
    pub working: bool,
}

/// Longest holiday name, in characters.
pub const HOLIDAY_NAME_MAX: usize = 200;

impl Holiday {
    pub fn day_off(day: Date, name: impl Into<String>) -> Self {
        Self { day, name: name.into(), working: false }
    }

    pub fn worked(day: Date, name: impl Into<String>) -> Self {
        Self { day, name: name.into(), working: true }
    }

    /// Checks what an administrator typed: a date (dd/mm/yyyy or yyyy-mm-dd), a name, and whether it is
    /// a worked weekend day. Only a Saturday or a Sunday can be worked in exchange: a weekday is worked
    /// anyway, so marking one would do nothing and most likely hides a mistyped date.
    pub fn parse(day: &str, name: &str, working: bool) -> Result<Self, Invalid> {
        let mut checker = Checker::default();
        let day = checker.check(crate::dates::parse_date("day", day));
        let name = checker.check(required_text("name", name, HOLIDAY_NAME_MAX));
        if let Some(day) = day
            && working
            && !is_weekend(day)
        {
            checker.push(
                FieldError::new("working", "working-day-not-weekend").with_arg("date", crate::dates::format_date(day)),
            );
        }
        checker.finish()?;
        match (day, name) {
            (Some(day), Some(name)) => Ok(Self { day, name, working }),
            // `finish` has already failed when either is missing.
            _ => Err(Invalid::one("day", "required")),
        }
    }
}

/// Saturday or Sunday: the civil service's weekly rest days.
pub fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The working-day calendar made from a holiday table. Pure: build it once per request from the store's
/// rows and ask it as often as needed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    entries: BTreeMap<Date, Holiday>,
    /// Weekdays that are days off. A day off on a weekend changes nothing, so it is not kept here.
    weekdays_off: BTreeSet<Date>,
    /// Weekend days that are worked. A weekday marked worked changes nothing either.
    weekends_worked: BTreeSet<Date>,
}

impl HolidayCalendar {
    /// The calendar of a holiday table. The table holds one row per day; should the list name a day
    /// twice, the later entry wins, as a later edit would.
    pub fn new(holidays: impl IntoIterator<Item = Holiday>) -> Self {
        let mut calendar = Self::default();
        for holiday in holidays {
            calendar.weekdays_off.remove(&holiday.day);
            calendar.weekends_worked.remove(&holiday.day);
            match (holiday.working, is_weekend(holiday.day)) {
                (false, false) => {
                    calendar.weekdays_off.insert(holiday.day);
                }
                (true, true) => {
                    calendar.weekends_worked.insert(holiday.day);
                }
                _ => {}
            }
            calendar.entries.insert(holiday.day, holiday);
        }
        calendar
    }

    /// The table entry for a day, if any.
    pub fn holiday(&self, day: Date) -> Option<&Holiday> {
        self.entries.get(&day)
    }

    /// Every entry, in date order.
    pub fn holidays(&self) -> impl Iterator<Item = &Holiday> {
        self.entries.values()
    }

    pub fn is_working_day(&self, day: Date) -> bool {
        if is_weekend(day) { self.weekends_worked.contains(&day) } else { !self.weekdays_off.contains(&day) }
    }

    /// `day` itself when it is a working day, else the first working day after it: where a deadline that
    /// falls on a day off moves to.
    pub fn working_day_on_or_after(&self, day: Date) -> Date {
        if self.is_working_day(day) { day } else { self.add_working_days(day, 1) }
    }

    /// The `n`-th working day after `start`: the deadline "`n` working days from `start`". The start
    /// day itself is never counted (a task assigned on Friday with one working day is due on Monday), so
    /// `n = 0` gives `start` back unchanged, working day or not. Past the last representable date the
    /// answer stays at [`Date::MAX`].
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = match day.tomorrow() {
                Ok(next) => next,
                Err(_) => return Date::MAX,
            };
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The number of working days after `from` up to and including `to`, so that
    /// `working_days_between(d, add_working_days(d, n)) == n`. Negative when `to` is before `from`
    /// (working days overdue, seen from the deadline), zero when they are the same day.
    pub fn working_days_between(&self, from: Date, to: Date) -> i32 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let days = (to - from).get_days();
        // Weekdays in the `days` days after `from`, counted without walking them: whole weeks hold five,
        // and the few days left over are looked at one by one.
        let first = (from.weekday().to_monday_zero_offset() + 1) % 7;
        let left_over = (0..days % 7).filter(|i| (i32::from(first) + i) % 7 < 5).count();
        let weekdays = days / 7 * 5 + count(left_over);
        let range = (Excluded(from), Included(to));
        weekdays - count(self.weekdays_off.range(range).count()) + count(self.weekends_worked.range(range).count())
    }
}

/// A count of days between two representable dates, which always fits.
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl FromIterator<Holiday> for HolidayCalendar {
    fn from_iter<I: IntoIterator<Item = Holiday>>(iter: I) -> Self {
        Self::new(iter)
    }
}

/// The years [`vietnam_holidays`] knows.
pub const SEEDED_YEARS: std::ops::RangeInclusive<i16> = 2025..=2027;

/// Vietnam's public days off for the civil service (Monday-to-Friday week) in `year`, as decreed or
/// announced as best known when this was written: the Labour Code's holidays (Article 112: 1/1, five days
/// of Tết, Hùng Kings' day on 10/3 of the lunar calendar, 30/4, 1/5, and 2/9 with one adjacent day), the
/// compensatory weekday after a holiday that falls on a weekend, and the swaps the Prime Minister
/// approved (a weekday off, a Saturday worked). 2027 is not yet decreed: its Tết block is five working
/// days around Lunar New Year's Day (06/02/2027) and will likely change. These rows only seed the table;
/// administrators correct and extend it on the holidays page. Other years give an empty list.
pub fn vietnam_holidays(year: i16) -> Vec<Holiday> {
    const NEW_YEAR: &str = "Tết Dương lịch";
    const TET: &str = "Tết Nguyên đán";
    const HUNG_KINGS: &str = "Giỗ Tổ Hùng Vương (10/3 âm lịch)";
    const REUNIFICATION: &str = "Ngày Giải phóng miền Nam, thống nhất đất nước (30/4)";
    const LABOUR: &str = "Ngày Quốc tế Lao động (1/5)";
    const NATIONAL: &str = "Quốc khánh (2/9)";

    let off = |month: i8, day: i8, name: &str| Holiday::day_off(date(year, month, day), name);
    let worked = |month: i8, day: i8, name: &str| Holiday::worked(date(year, month, day), name);
    let days_off = |month: i8, first: i8, last: i8, name: &str| -> Vec<Holiday> {
        (first..=last).map(|day| Holiday::day_off(date(year, month, day), name)).collect()
    };
    let mut list = Vec::new();
    match year {
        2025 => {
            list.push(off(1, 1, NEW_YEAR));
            // 25/01–02/02, with Monday 27/01 swapped for Saturday 15/02.
            list.extend(days_off(1, 25, 31, TET));
            list.extend(days_off(2, 1, 2, TET));
            list.push(worked(2, 15, "Làm bù ngày 27/01 (Tết Nguyên đán)"));
            list.push(off(4, 7, HUNG_KINGS));
            list.push(off(4, 30, REUNIFICATION));
            list.push(off(5, 1, LABOUR));
            // Friday 02/05 swapped for Saturday 26/04: five days in a row, 30/04–04/05.
            list.push(off(5, 2, "Nghỉ hoán đổi (làm bù thứ Bảy 26/04)"));
            list.push(worked(4, 26, "Làm bù ngày 02/05"));
            list.push(off(9, 1, NATIONAL));
            list.push(off(9, 2, NATIONAL));
        }
        2026 => {
            list.push(off(1, 1, NEW_YEAR));
            list.extend(days_off(2, 14, 22, TET));
            // 26/04 is a Sunday: the Monday after is the day off.
            list.push(off(4, 26, HUNG_KINGS));
            list.push(off(4, 27, "Nghỉ bù Giỗ Tổ Hùng Vương"));
            list.push(off(4, 30, REUNIFICATION));
            list.push(off(5, 1, LABOUR));
            list.push(off(9, 1, NATIONAL));
            list.push(off(9, 2, NATIONAL));
        }
        2027 => {
            list.push(off(1, 1, NEW_YEAR));
            list.extend(days_off(2, 4, 10, TET));
            list.push(off(4, 16, HUNG_KINGS));
            list.push(off(4, 30, REUNIFICATION));
            // 01/05 is a Saturday: the Monday after is the day off.
            list.push(off(5, 1, LABOUR));
            list.push(off(5, 3, "Nghỉ bù Ngày Quốc tế Lao động"));
            list.push(off(9, 2, NATIONAL));
            list.push(off(9, 3, NATIONAL));
        }
        _ => {}
    }
    list.sort_by_key(|holiday| holiday.day);
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn vietnam() -> HolidayCalendar {
        SEEDED_YEARS.flat_map(vietnam_holidays).collect()
    }

    /// The plain definition, one day at a time, to check the counting shortcut against.
    fn walked_between(calendar: &HolidayCalendar, from: Date, to: Date) -> i32 {
        let (low, high, sign) = if from <= to { (from, to, 1) } else { (to, from, -1) };
        let mut day = low;
        let mut n = 0;
        while day < high {
            day = day.tomorrow().expect("within range");
            n += i32::from(calendar.is_working_day(day));
        }
        sign * n
    }

    #[test]
    fn weekends_and_holidays_are_days_off() {
        let plain = HolidayCalendar::default();
        assert!(plain.is_working_day(date(2026, 2, 13)), "a Friday");
        assert!(!plain.is_working_day(date(2026, 2, 14)), "a Saturday");
        let vn = vietnam();
        assert!(!vn.is_working_day(date(2026, 2, 16)), "Tết");
        assert!(!vn.is_working_day(date(2026, 4, 27)), "the Monday after Hùng Kings' day on a Sunday");
        assert!(vn.is_working_day(date(2025, 4, 26)), "a Saturday worked for Friday 02/05");
        assert!(!vn.is_working_day(date(2025, 5, 2)));
        assert_eq!(vn.holiday(date(2025, 9, 2)).map(|h| h.name.as_str()), Some("Quốc khánh (2/9)"));
    }

    #[test]
    fn adding_working_days_skips_the_days_off() {
        let vn = vietnam();
        // Assigned on Friday 13/02/2026, the eve of Tết: the next working day is Monday 23/02.
        assert_eq!(vn.add_working_days(date(2026, 2, 13), 1), date(2026, 2, 23));
        assert_eq!(vn.add_working_days(date(2026, 2, 13), 0), date(2026, 2, 13), "n = 0 is the start");
        assert_eq!(vn.add_working_days(date(2026, 2, 14), 0), date(2026, 2, 14), "even on a day off");
        // 10 working days from Thursday 23/04/2026: 24, 28, 29, 04/05 … (27/04, 30/04, 01/05 are off).
        assert_eq!(vn.add_working_days(date(2026, 4, 23), 3), date(2026, 4, 29));
        assert_eq!(vn.add_working_days(date(2026, 4, 23), 10), date(2026, 5, 12));
        // Saturday 26/04/2025 was worked.
        assert_eq!(vn.add_working_days(date(2025, 4, 25), 1), date(2025, 4, 26));
        assert_eq!(vn.working_day_on_or_after(date(2026, 9, 1)), date(2026, 9, 3));
        assert_eq!(vn.working_day_on_or_after(date(2026, 9, 3)), date(2026, 9, 3));
        assert_eq!(HolidayCalendar::default().add_working_days(date(9999, 12, 30), 5), Date::MAX);
    }

    #[test]
    fn counting_working_days() {
        let vn = vietnam();
        assert_eq!(vn.working_days_between(date(2026, 2, 13), date(2026, 2, 23)), 1);
        assert_eq!(vn.working_days_between(date(2026, 2, 23), date(2026, 2, 13)), -1);
        assert_eq!(vn.working_days_between(date(2026, 3, 2), date(2026, 3, 2)), 0);
        // 2026 has 261 weekdays; 1/1, five weekdays of Tết, 27/04, 30/04, 01/05, 01/09 and 02/09 are off.
        assert_eq!(vn.working_days_between(date(2025, 12, 31), date(2026, 12, 31)), 261 - 11);
    }

    #[test]
    fn seeded_years_are_consistent() {
        for year in SEEDED_YEARS {
            let list = vietnam_holidays(year);
            assert!(list.len() >= 10, "{year}");
            let days: BTreeSet<_> = list.iter().map(|h| h.day).collect();
            assert_eq!(days.len(), list.len(), "{year}: one row per day");
            for holiday in &list {
                assert_eq!(holiday.day.year(), year);
                // A worked day is always a weekend day, or it would mean nothing.
                assert!(!holiday.working || is_weekend(holiday.day), "{holiday:?}");
                assert!(holiday.name.chars().count() <= HOLIDAY_NAME_MAX);
            }
            let new_year = list.first().map(|h| h.day);
            assert_eq!(new_year, Some(date(year, 1, 1)));
        }
        assert!(vietnam_holidays(2024).is_empty());
    }

    #[test]
    fn parsing_what_an_administrator_types() {
        let holiday = Holiday::parse("27/04/2026", "  Nghỉ bù ", false).expect("valid");
        assert_eq!(holiday, Holiday::day_off(date(2026, 4, 27), "Nghỉ bù"));
        assert_eq!(Holiday::parse("2025-04-26", "Làm bù", true).map(|h| h.working), Ok(true));
        let codes = |result: Result<Holiday, Invalid>| {
            result.expect_err("invalid").0.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>()
        };
        assert_eq!(
            codes(Holiday::parse("31/02/2026", "", false)),
            [("day".to_owned(), "date-format"), ("name".to_owned(), "required")]
        );
        assert_eq!(
            codes(Holiday::parse("27/04/2026", "Làm bù", true)),
            [("working".to_owned(), "working-day-not-weekend")]
        );
    }

    #[test]
    fn the_later_entry_for_a_day_wins() {
        let day = date(2026, 3, 7); // a Saturday
        let calendar = HolidayCalendar::new([Holiday::worked(day, "làm bù"), Holiday::day_off(day, "nghỉ")]);
        assert!(!calendar.is_working_day(day));
        assert_eq!(calendar.holidays().count(), 1);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        // 2024–2028: around the seeded years, so holidays and swaps are often in play.
        (0i32..5 * 366)
            .prop_map(|offset| date(2024, 1, 1).checked_add(jiff::Span::new().days(offset)).expect("in range"))
    }

    /// Random tables too, so the rules do not depend on Vietnam's particular days.
    fn any_calendar() -> impl Strategy<Value = HolidayCalendar> {
        prop_oneof![
            Just(vietnam()),
            proptest::collection::vec((any_date(), any::<bool>()), 0..60).prop_map(|rows| {
                rows.into_iter().map(|(day, working)| Holiday { day, name: "x".into(), working }).collect()
            }),
        ]
    }

    proptest! {
        #[test]
        fn adding_lands_on_a_working_day_after_the_start(calendar in any_calendar(), start in any_date(), n in 1u32..400) {
            let due = calendar.add_working_days(start, n);
            prop_assert!(due > start);
            prop_assert!(calendar.is_working_day(due));
            prop_assert_eq!(calendar.working_days_between(start, due), i32::try_from(n).unwrap_or(i32::MAX));
        }

        #[test]
        fn adding_is_monotonic_and_composes(calendar in any_calendar(), start in any_date(), n in 0u32..200, m in 0u32..200) {
            let (low, high) = (n.min(m), n.max(m));
            let (a, b) = (calendar.add_working_days(start, low), calendar.add_working_days(start, high));
            prop_assert!(a <= b);
            prop_assert_eq!(low == high, a == b);
            prop_assert_eq!(calendar.add_working_days(a, high - low), b);
        }

        #[test]
        fn counting_matches_walking(calendar in any_calendar(), from in any_date(), to in any_date()) {
            prop_assert_eq!(calendar.working_days_between(from, to), walked_between(&calendar, from, to));
            prop_assert_eq!(calendar.working_days_between(from, to), -calendar.working_days_between(to, from));
        }

        #[test]
        fn the_next_working_day_is_the_first_on_or_after(calendar in any_calendar(), day in any_date()) {
            let next = calendar.working_day_on_or_after(day);
            prop_assert!(next >= day && calendar.is_working_day(next));
            prop_assert_eq!(calendar.working_days_between(day, next), i32::from(next != day));
        }
    }
}
