//! Reporting periods: months, quarters, half-years and years as civil date ranges.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::unit::text_enum;
use std::str::FromStr;

text_enum!(
    /// How often something is reported or recurs.
    Periodicity, "periodicity", "periodicity-unknown" {
        Month = "month" | "thang" | "hang_thang" | "monthly",
        Quarter = "quarter" | "quy" | "hang_quy" | "quarterly",
        HalfYear = "half_year" | "6_thang" | "nua_nam",
        Year = "year" | "nam" | "hang_nam" | "yearly",
    }
);

impl Periodicity {
    /// How many months one period spans.
    pub fn months(self) -> i8 {
        match self {
            Periodicity::Month => 1,
            Periodicity::Quarter => 3,
            Periodicity::HalfYear => 6,
            Periodicity::Year => 12,
        }
    }
}

/// One period: the `index`-th (from 1) period of its kind in `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    pub periodicity: Periodicity,
    pub year: i16,
    pub index: i8,
}

impl Period {
    /// The period of this kind that contains `date`.
    pub fn containing(periodicity: Periodicity, date: Date) -> Period {
        Period { periodicity, year: date.year(), index: (date.month() - 1) / periodicity.months() + 1 }
    }

    pub fn start(self) -> Date {
        Date::new(self.year, (self.index - 1) * self.periodicity.months() + 1, 1).unwrap_or(Date::MIN)
    }

    pub fn end(self) -> Date {
        self.next().start().yesterday().unwrap_or(Date::MAX)
    }

    pub fn next(self) -> Period {
        let per_year = 12 / self.periodicity.months();
        if self.index >= per_year {
            Period { year: self.year + 1, index: 1, ..self }
        } else {
            Period { index: self.index + 1, ..self }
        }
    }

    pub fn previous(self) -> Period {
        if self.index <= 1 {
            Period { year: self.year - 1, index: 12 / self.periodicity.months(), ..self }
        } else {
            Period { index: self.index - 1, ..self }
        }
    }

    pub fn contains(self, date: Date) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// The stable label: `2026-07`, `2026-Q3`, `2026-H2`, `2026`.
    pub fn label(self) -> String {
        match self.periodicity {
            Periodicity::Month => format!("{}-{:02}", self.year, self.index),
            Periodicity::Quarter => format!("{}-Q{}", self.year, self.index),
            Periodicity::HalfYear => format!("{}-H{}", self.year, self.index),
            Periodicity::Year => format!("{}", self.year),
        }
    }

    /// The label in Vietnamese: "tháng 7/2026", "quý III/2026", "6 tháng cuối năm 2026", "năm 2026".
    pub fn label_vi(self) -> String {
        const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
        match self.periodicity {
            Periodicity::Month => format!("tháng {}/{}", self.index, self.year),
            Periodicity::Quarter => format!("quý {}/{}", ROMAN[(self.index.clamp(1, 4) - 1) as usize], self.year),
            Periodicity::HalfYear if self.index == 1 => format!("6 tháng đầu năm {}", self.year),
            Periodicity::HalfYear => format!("6 tháng cuối năm {}", self.year),
            Periodicity::Year => format!("năm {}", self.year),
        }
    }

    /// Parses a stable label back.
    pub fn parse(field: &str, input: &str) -> Result<Period, FieldError> {
        let text = input.trim().to_ascii_uppercase();
        let invalid = || FieldError::new(field, "period-format").with_arg("value", input.trim());
        let (year, rest) = text.split_once('-').unwrap_or((text.as_str(), ""));
        let year: i16 = year.parse().map_err(|_| invalid())?;
        if !(1900..=2200).contains(&year) {
            return Err(invalid());
        }
        let number = |s: &str, max: i8| s.parse::<i8>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(invalid);
        let period = match rest.chars().next() {
            None => Period { periodicity: Periodicity::Year, year, index: 1 },
            Some('Q') => Period { periodicity: Periodicity::Quarter, year, index: number(&rest[1..], 4)? },
            Some('H') => Period { periodicity: Periodicity::HalfYear, year, index: number(&rest[1..], 2)? },
            Some(_) => Period { periodicity: Periodicity::Month, year, index: number(rest, 12)? },
        };
        Ok(period)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn periods_contain_their_dates_and_follow_each_other() {
        let q = Period::containing(Periodicity::Quarter, date(2026, 8, 15));
        assert_eq!(q.label(), "2026-Q3");
        assert_eq!((q.start(), q.end()), (date(2026, 7, 1), date(2026, 9, 30)));
        assert_eq!(q.next().label(), "2026-Q4");
        assert_eq!(q.next().next().label(), "2027-Q1");
        assert_eq!(Period::parse("p", "2027-q1").unwrap().previous(), Period::parse("p", "2026-Q4").unwrap());
        assert_eq!(Period::containing(Periodicity::Month, date(2028, 2, 10)).end(), date(2028, 2, 29));
        assert_eq!(Period::parse("p", "2026-07").unwrap().label_vi(), "tháng 7/2026");
        assert_eq!(q.label_vi(), "quý III/2026");
        assert!(Period::parse("p", "2026-13").is_err());
        assert!(Period::parse("p", "abc").is_err());
    }
}
