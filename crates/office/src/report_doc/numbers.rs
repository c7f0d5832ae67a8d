//! Reading the numbers of a report table back as numbers for XLSX.
//!
//! Report tables hold numbers already formatted the Vietnamese way: "." groups
//! thousands and "," marks decimals ("1.234", "95,5", "-1.234.567,25"). A
//! spreadsheet is only useful if those become real numbers, but a wrong guess
//! is worse than text: "1.5" (an English decimal, or a typo for "1.500"?) and
//! "1,234.5" (English style) stay text, as does anything with a unit or "%".

use crate::export::Cell;

/// The number a Vietnamese-formatted cell holds, if it is unambiguous.
///
/// Accepted: an optional "-" or "+", digits with optional "." thousands
/// groups of exactly three digits, and an optional "," with decimals.
/// Spaces (also non-breaking ones) around the number are ignored.
#[must_use]
pub fn parse_vi_number(text: &str) -> Option<f64> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, decimals) = match unsigned.split_once(',') {
        Some((whole, decimals)) => (whole, Some(decimals)),
        None => (unsigned, None),
    };
    let digits = whole_digits(whole)?;
    let mut plain = digits;
    if let Some(decimals) = decimals {
        if decimals.is_empty() || !decimals.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        plain.push('.');
        plain.push_str(decimals);
    }
    let value: f64 = plain.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// The digits of the whole part without its thousands dots, if every group
/// after the first has exactly three digits.
fn whole_digits(whole: &str) -> Option<String> {
    let mut groups = whole.split('.');
    let first = groups.next()?;
    if first.is_empty() || (first.len() > 3 && whole.contains('.')) || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = first.to_owned();
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

/// The cell a numeric column's text becomes: an integer or a number when it
/// parses, the text as it was otherwise.
pub(crate) fn numeric_cell(text: &str) -> Cell {
    match parse_vi_number(text) {
        Some(value) if value.fract() == 0.0 && value.abs() < 1e15 && !text.contains(',') => {
            // Exact: whole and below 10^15, within an f64's exact integers.
            Cell::Integer(value as i64)
        }
        Some(value) => Cell::Number(value),
        None if text.trim().is_empty() => Cell::Empty,
        None => Cell::Text(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_numbers_parse() {
        assert_eq!(parse_vi_number("1.234"), Some(1234.0));
        assert_eq!(parse_vi_number("95,5"), Some(95.5));
        assert_eq!(parse_vi_number("-1.234.567,25"), Some(-1_234_567.25));
        assert_eq!(parse_vi_number(" 12 "), Some(12.0));
        assert_eq!(parse_vi_number("0,72"), Some(0.72));
        assert_eq!(parse_vi_number("1234"), Some(1234.0));
    }

    #[test]
    fn ambiguous_or_foreign_numbers_stay_text() {
        for text in ["1.5", "1,234.5", "1.2345", "1234.567", "12%", "", "-", ",5", "5,", "1..234", "abc", "1 234"] {
            assert_eq!(parse_vi_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn cells_keep_integers_whole() {
        assert_eq!(numeric_cell("1.234"), Cell::Integer(1234));
        assert_eq!(numeric_cell("95,5"), Cell::Number(95.5));
        assert_eq!(numeric_cell("2,0"), Cell::Number(2.0));
        assert_eq!(numeric_cell("n/a"), Cell::Text("n/a".into()));
        assert_eq!(numeric_cell(" "), Cell::Empty);
    }
}
