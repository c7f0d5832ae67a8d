//! Dates as Vietnamese officials read and write them: civil dates, dd/mm/yyyy, Asia/Ho_Chi_Minh.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::FieldError;

/// Vietnam's offset. The country has no daylight saving time, and a fixed offset keeps this crate free
/// of a time-zone database.
pub fn vietnam() -> TimeZone {
    TimeZone::fixed(jiff::tz::offset(7))
}

/// The civil date in Vietnam at an instant: "today" for every deadline rule.
pub fn date_in_vietnam(at: Timestamp) -> Date {
    at.to_zoned(vietnam()).date()
}

/// dd/mm/yyyy, the way dates are written in Vietnamese documents.
pub fn format_date(date: Date) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// dd/mm/yyyy HH:MM in Vietnam time.
pub fn format_instant(at: Timestamp) -> String {
    let local = at.to_zoned(vietnam());
    format!("{} {:02}:{:02}", format_date(local.date()), local.hour(), local.minute())
}

/// Accepts dd/mm/yyyy (what people type) and yyyy-mm-dd (what date inputs and APIs send).
pub fn parse_date(field: &str, input: &str) -> Result<Date, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let parsed = if let Some((d, rest)) = input.split_once('/') {
        rest.split_once('/').and_then(|(m, y)| {
            let (d, m, y) = (d.parse::<i8>().ok()?, m.parse::<i8>().ok()?, y.parse::<i16>().ok()?);
            Date::new(y, m, d).ok()
        })
    } else {
        input.parse::<Date>().ok()
    };
    parsed.ok_or_else(|| FieldError::new(field, "date-format"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_vietnamese_dates() {
        let date = jiff::civil::date(2025, 8, 15);
        assert_eq!(format_date(date), "15/08/2025");
        assert_eq!(parse_date("d", "15/08/2025"), Ok(date));
        assert_eq!(parse_date("d", "2025-08-15"), Ok(date));
        assert_eq!(parse_date("d", "31/02/2025").map_err(|e| e.code), Err("date-format"));
        assert_eq!(parse_date("d", "").map_err(|e| e.code), Err("required"));
    }

    #[test]
    fn today_is_vietnamese_today() {
        // 18:30 UTC on 31/12 is already 1/1 in Hà Nội.
        let at: Timestamp = "2025-12-31T18:30:00Z".parse().expect("valid timestamp");
        assert_eq!(date_in_vietnam(at), jiff::civil::date(2026, 1, 1));
        assert_eq!(format_instant(at), "01/01/2026 01:30");
    }
}
