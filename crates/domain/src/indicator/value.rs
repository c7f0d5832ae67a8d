//! Values as units enter them, read from text on import, and checked against their definition.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::indicator::definition::{IndicatorDefinition, ValueType};
use crate::indicator::number_text;
use crate::period::Period;
use crate::text::fold_vi;

/// One entered (or aggregated) value. A percent is a `Number` from 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    Number(f64),
    YesNo(bool),
    Ratio { numerator: f64, denominator: f64 },
}

impl Value {
    /// The number that formulas, rules, targets and charts use: a number as is, yes = 1 and no = 0
    /// (so a sum counts the units answering yes), and a ratio as a percent (numerator / denominator ×
    /// 100), the way the programme's shares are published. `None` for a ratio over zero or a value that
    /// is not finite.
    pub fn number(self) -> Option<f64> {
        let number = match self {
            Value::Number(x) => x,
            Value::YesNo(yes) => f64::from(u8::from(yes)),
            Value::Ratio { denominator: 0.0, .. } => return None,
            Value::Ratio { numerator, denominator } => numerator / denominator * 100.0,
        };
        number.is_finite().then_some(number)
    }

    /// Whether the value has the shape `value_type` asks for.
    pub fn fits(self, value_type: ValueType) -> bool {
        matches!(
            (self, value_type),
            (Value::Number(_), ValueType::Number | ValueType::Percent)
                | (Value::YesNo(_), ValueType::YesNo)
                | (Value::Ratio { .. }, ValueType::Ratio)
        )
    }

    /// Reads a value typed in a form or a spreadsheet cell: a number ("1.234.567", "95,57", "95,57 %"
    /// for a percent), a yes/no answer ("có", "không", "x", "yes", "1"), or a ratio "numerator/denominator".
    /// The value still has to pass [`check_value`].
    pub fn parse(field: &str, value_type: ValueType, input: &str) -> Result<Value, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        match value_type {
            ValueType::Number => parse_number(field, input).map(Value::Number),
            ValueType::Percent => parse_number(field, input.strip_suffix('%').unwrap_or(input)).map(Value::Number),
            ValueType::YesNo => parse_yes_no(field, input).map(Value::YesNo),
            ValueType::Ratio => {
                let invalid = || FieldError::new(field, "indicator-ratio-format").with_arg("value", input);
                let (numerator, denominator) = input.split_once('/').ok_or_else(invalid)?;
                let numerator = parse_number(field, numerator).map_err(|_| invalid())?;
                let denominator = parse_number(field, denominator).map_err(|_| invalid())?;
                Ok(Value::Ratio { numerator, denominator })
            }
        }
    }
}

/// Reads a number written the Vietnamese way ("1.234.567,5"), the English way ("1,234,567.5") or plainly
/// ("1234567.5"). When both separators appear, the last one is the decimal mark; a separator that appears
/// more than once groups thousands; a single `,` is a Vietnamese decimal comma and a single `.` a decimal
/// point (what spreadsheets and CSV files write), so "1.234" reads as 1.234: write 1234 or 1.234.000.
/// Spaces, including non-breaking ones, may group thousands too.
pub fn parse_number(field: &str, input: &str) -> Result<f64, FieldError> {
    let invalid = || FieldError::new(field, "indicator-number-format").with_arg("value", input.trim());
    let compact: String = input.chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
    if compact.is_empty() || compact.len() > 40 {
        return Err(invalid());
    }
    let (sign, digits) = match compact.strip_prefix(['-', '+', '\u{2212}']) {
        Some(rest) => (if compact.starts_with('+') { "" } else { "-" }, rest),
        None => ("", compact.as_str()),
    };
    if !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(invalid());
    }
    let decimal_mark = match (digits.rfind('.'), digits.rfind(',')) {
        (Some(dot), Some(comma)) => Some(if dot > comma { '.' } else { ',' }),
        (Some(_), None) if digits.matches('.').count() == 1 => Some('.'),
        (None, Some(_)) if digits.matches(',').count() == 1 => Some(','),
        _ => None,
    };
    let (whole, fraction) = match decimal_mark {
        Some(mark) => digits.rsplit_once(mark).ok_or_else(invalid)?,
        None => (digits, ""),
    };
    if decimal_mark.is_some() && (fraction.is_empty() || !fraction.chars().all(|c| c.is_ascii_digit())) {
        return Err(invalid());
    }
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    let grouped_well = groups.len() == 1
        || ((1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3))
            && whole.chars().filter(|c| !c.is_ascii_digit()).collect::<std::collections::BTreeSet<_>>().len() == 1;
    if groups.iter().any(|g| g.is_empty()) || !grouped_well {
        return Err(invalid());
    }
    let plain = format!("{sign}{}.{}", groups.concat(), if fraction.is_empty() { "0" } else { fraction });
    plain.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(invalid)
}

fn parse_yes_no(field: &str, input: &str) -> Result<bool, FieldError> {
    match fold_vi(input).replace(' ', "_").as_str() {
        "co" | "yes" | "y" | "x" | "1" | "true" | "dat" | "da_co" => Ok(true),
        "khong" | "no" | "n" | "0" | "false" | "chua" | "chua_co" | "khong_co" | "chua_dat" => Ok(false),
        _ => Err(FieldError::new(field, "indicator-yes-no-format").with_arg("value", input)),
    }
}

/// Checks an entered value against the definition it is entered under: the right kind of value, a
/// percent from 0 to 100, no negative number unless the indicator allows it, and a ratio whose
/// denominator is above zero and not below its numerator (a ratio is a part of a whole). The error
/// names the indicator code as its field.
pub fn check_value(definition: &IndicatorDefinition, value: Value) -> Result<(), FieldError> {
    let error = |code| FieldError::new(definition.code.as_str(), code);
    if !value.fits(definition.value_type) {
        return Err(error(match definition.value_type {
            ValueType::Number => "indicator-expects-number",
            ValueType::Percent => "indicator-expects-percent",
            ValueType::YesNo => "indicator-expects-yes-no",
            ValueType::Ratio => "indicator-expects-ratio",
        }));
    }
    match value {
        Value::Number(x) if !x.is_finite() => Err(error("indicator-expects-number")),
        Value::Number(x) if definition.value_type == ValueType::Percent && !(0.0..=100.0).contains(&x) => {
            Err(error("percent-out-of-range").with_arg("value", number_text(x)))
        }
        Value::Number(x) if x < 0.0 && !definition.allow_negative => {
            Err(error("indicator-negative").with_arg("value", number_text(x)))
        }
        Value::Ratio { numerator, denominator } if !numerator.is_finite() || !denominator.is_finite() => {
            Err(error("indicator-expects-ratio"))
        }
        Value::Ratio { numerator, denominator } if numerator < 0.0 || denominator < 0.0 => Err(error("ratio-negative")),
        Value::Ratio { denominator: 0.0, .. } => Err(error("denominator-zero")),
        Value::Ratio { numerator, denominator } if numerator > denominator => Err(error("numerator-above-denominator")
            .with_arg("value", number_text(numerator))
            .with_arg("max", number_text(denominator))),
        _ => Ok(()),
    }
}

/// A value is entered for a period of the indicator's own periodicity: a quarterly indicator has no
/// value for July.
pub fn check_period(definition: &IndicatorDefinition, period: Period) -> Result<(), FieldError> {
    if period.periodicity == definition.periodicity {
        Ok(())
    } else {
        Err(FieldError::new("period", "period-periodicity-mismatch")
            .with_arg("value", period)
            .with_arg("expected", definition.periodicity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::definition::Aggregation;
    use crate::indicator::definition::tests::definition;
    use crate::period::Periodicity;

    #[test]
    fn numbers_read_in_both_conventions() {
        let n = |s| parse_number("x", s);
        assert_eq!(n("1.234.567"), Ok(1_234_567.0));
        assert_eq!(n("1,234,567"), Ok(1_234_567.0));
        assert_eq!(n("1.234.567,5"), Ok(1_234_567.5));
        assert_eq!(n("1,234,567.5"), Ok(1_234_567.5));
        assert_eq!(n("95,57"), Ok(95.57));
        assert_eq!(n("95.57"), Ok(95.57));
        assert_eq!(n("1 234 567"), Ok(1_234_567.0));
        assert_eq!(n("1\u{a0}234"), Ok(1234.0));
        assert_eq!(n("-12"), Ok(-12.0));
        assert_eq!(n("+12"), Ok(12.0));
        assert_eq!(n("0"), Ok(0.0));
        for bad in ["", "abc", "1.2.3", "12,34,5", "1.234,5.6", "1,", ".5", "inf", "NaN", "1e5", "--1", "1.234.56"] {
            assert_eq!(n(bad).map_err(|e| e.code), Err("indicator-number-format"), "{bad:?}");
        }
    }

    #[test]
    fn values_parse_by_type() {
        assert_eq!(Value::parse("A", ValueType::Percent, "95,57 %"), Ok(Value::Number(95.57)));
        assert_eq!(Value::parse("A", ValueType::YesNo, "Có"), Ok(Value::YesNo(true)));
        assert_eq!(Value::parse("A", ValueType::YesNo, "KHÔNG"), Ok(Value::YesNo(false)));
        assert_eq!(Value::parse("A", ValueType::YesNo, "x"), Ok(Value::YesNo(true)));
        assert_eq!(Value::parse("A", ValueType::YesNo, "maybe").unwrap_err().code, "indicator-yes-no-format");
        assert_eq!(
            Value::parse("A", ValueType::Ratio, "12 / 1.040"),
            Ok(Value::Ratio { numerator: 12.0, denominator: 1.04 })
        );
        assert_eq!(Value::parse("A", ValueType::Ratio, "12").unwrap_err().code, "indicator-ratio-format");
        assert_eq!(Value::parse("A", ValueType::Number, " ").unwrap_err().code, "required");
    }

    #[test]
    fn values_serialise_by_kind() {
        let ratio = Value::Ratio { numerator: 12.0, denominator: 40.0 };
        assert_eq!(
            serde_json::to_value(ratio).unwrap(),
            serde_json::json!({ "ratio": { "numerator": 12.0, "denominator": 40.0 } })
        );
        assert_eq!(serde_json::to_value(Value::YesNo(true)).unwrap(), serde_json::json!({ "yes_no": true }));
        assert_eq!(serde_json::from_str::<Value>(r#"{"number": 95.57}"#).unwrap(), Value::Number(95.57));
    }

    #[test]
    fn numbers_of_values() {
        assert_eq!(Value::YesNo(true).number(), Some(1.0));
        assert_eq!(Value::Ratio { numerator: 1.0, denominator: 4.0 }.number(), Some(25.0));
        assert_eq!(Value::Ratio { numerator: 1.0, denominator: 0.0 }.number(), None);
        assert_eq!(Value::Number(f64::NAN).number(), None);
    }

    #[test]
    fn checks_name_the_indicator() {
        let number = definition("SO_HO_SO", ValueType::Number, Aggregation::Sum);
        let percent = definition("TY_LE", ValueType::Percent, Aggregation::Average);
        let yes_no = definition("CO_BCD", ValueType::YesNo, Aggregation::ShareYes);
        let ratio = definition("TTHC", ValueType::Ratio, Aggregation::RatioOfSums);
        let code = |d: &IndicatorDefinition, v: Value| check_value(d, v).map_err(|e| (e.field, e.code));
        assert_eq!(code(&number, Value::Number(3.0)), Ok(()));
        assert_eq!(code(&number, Value::YesNo(true)), Err(("SO_HO_SO".into(), "indicator-expects-number")));
        assert_eq!(code(&number, Value::Number(-1.0)), Err(("SO_HO_SO".into(), "indicator-negative")));
        let signed = IndicatorDefinition { allow_negative: true, ..number.clone() };
        assert_eq!(code(&signed, Value::Number(-1.0)), Ok(()));
        assert_eq!(code(&number, Value::Number(f64::INFINITY)).unwrap_err().1, "indicator-expects-number");
        assert_eq!(code(&percent, Value::Number(100.0)), Ok(()));
        assert_eq!(code(&percent, Value::Number(100.5)).unwrap_err().1, "percent-out-of-range");
        assert_eq!(code(&percent, Value::Number(-0.5)).unwrap_err().1, "percent-out-of-range");
        assert_eq!(
            code(&percent, Value::Ratio { numerator: 1.0, denominator: 2.0 }).unwrap_err().1,
            "indicator-expects-percent"
        );
        assert_eq!(code(&yes_no, Value::Number(1.0)).unwrap_err().1, "indicator-expects-yes-no");
        assert_eq!(code(&yes_no, Value::YesNo(false)), Ok(()));
        let r = |numerator, denominator| Value::Ratio { numerator, denominator };
        assert_eq!(code(&ratio, r(3.0, 4.0)), Ok(()));
        assert_eq!(code(&ratio, r(4.0, 4.0)), Ok(()));
        assert_eq!(code(&ratio, r(5.0, 4.0)).unwrap_err().1, "numerator-above-denominator");
        assert_eq!(code(&ratio, r(0.0, 0.0)).unwrap_err().1, "denominator-zero");
        assert_eq!(code(&ratio, r(-1.0, 4.0)).unwrap_err().1, "ratio-negative");
        assert_eq!(code(&ratio, Value::Number(0.5)).unwrap_err().1, "indicator-expects-ratio");
    }

    #[test]
    fn periods_follow_the_periodicity() {
        let quarterly = definition("A", ValueType::Number, Aggregation::Sum);
        assert!(check_period(&quarterly, Period::parse("p", "2026-Q3").unwrap()).is_ok());
        let error = check_period(&quarterly, Period::parse("p", "2026-07").unwrap()).unwrap_err();
        assert_eq!((error.field.as_str(), error.code), ("period", "period-periodicity-mismatch"));
        assert_eq!(quarterly.periodicity, Periodicity::Quarter);
    }
}
