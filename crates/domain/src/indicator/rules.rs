//! Validation of a unit's form for one period: the checks every value must pass, then the rules an
//! administrator configured, each blocking the submission or only warning.
//!
//! Percent ≤ 100, numerator ≤ denominator and yes/no answers are not configurable: a value that breaks
//! them has no meaning, so [`check_value`] always blocks it. The configurable rules are a range, a jump
//! from the last period that needs a comment, and a comparison of two formulas (`A <= B`,
//! `ONLINE + OFFLINE = TOTAL`), which is how rules across indicators are written (DHIS2's left side,
//! operator, right side).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Checker, FieldError, Invalid};
use crate::indicator::catalogue::{compute_formulas, evaluation_order};
use crate::indicator::definition::{IndicatorCode, IndicatorDefinition, Source};
use crate::indicator::formula::{Formula, FormulaError};
use crate::indicator::value::{Value, check_value};
use crate::indicator::{approx_eq, number_text};
use crate::unit::text_enum;

text_enum!(
    /// Whether a broken rule stops the submission or only warns the unit and its parent.
    Severity, "severity", "severity-unknown" {
        Block = "block" | "error" | "chan" | "ngan_chan" | "loi" | "bat_buoc",
        Warn = "warn" | "warning" | "canh_bao",
    }
);

/// How the two sides of a comparison rule must relate. Equality (and so `<=`, `>=`, `!=`) tolerates
/// binary rounding ([`approx_eq`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    Less,
    LessOrEqual,
    Equal,
    NotEqual,
    GreaterOrEqual,
    Greater,
}

impl Comparison {
    pub const ALL: &'static [Comparison] = &[
        Comparison::Less,
        Comparison::LessOrEqual,
        Comparison::Equal,
        Comparison::NotEqual,
        Comparison::GreaterOrEqual,
        Comparison::Greater,
    ];

    /// The symbols read on input, longest first so that `<=` is not read as `<`.
    const SYMBOLS: &'static [(&'static str, Comparison)] = &[
        ("<=", Comparison::LessOrEqual),
        (">=", Comparison::GreaterOrEqual),
        ("==", Comparison::Equal),
        ("!=", Comparison::NotEqual),
        ("<>", Comparison::NotEqual),
        ("≤", Comparison::LessOrEqual),
        ("≥", Comparison::GreaterOrEqual),
        ("≠", Comparison::NotEqual),
        ("<", Comparison::Less),
        (">", Comparison::Greater),
        ("=", Comparison::Equal),
    ];

    /// The stable name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::Less => "less",
            Comparison::LessOrEqual => "less_or_equal",
            Comparison::Equal => "equal",
            Comparison::NotEqual => "not_equal",
            Comparison::GreaterOrEqual => "greater_or_equal",
            Comparison::Greater => "greater",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
            Comparison::Equal => "=",
            Comparison::NotEqual => "!=",
            Comparison::GreaterOrEqual => ">=",
            Comparison::Greater => ">",
        }
    }

    /// Reads a symbol (`<=`, `≤`, `<>`...) or the serialised name (`less_or_equal`).
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let input = input.trim();
        Self::SYMBOLS
            .iter()
            .find(|(symbol, _)| *symbol == input)
            .map(|(_, comparison)| *comparison)
            .or_else(|| Self::ALL.iter().copied().find(|c| c.as_str() == input))
            .ok_or_else(|| FieldError::new(field, "comparison-unknown").with_arg("value", input))
    }

    pub fn holds(self, left: f64, right: f64) -> bool {
        let equal = approx_eq(left, right);
        match self {
            Comparison::Less => left < right && !equal,
            Comparison::LessOrEqual => left < right || equal,
            Comparison::Equal => equal,
            Comparison::NotEqual => !equal,
            Comparison::GreaterOrEqual => left > right || equal,
            Comparison::Greater => left > right && !equal,
        }
    }
}

/// What a rule checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// The indicator's number lies within the bounds given (inclusive).
    Range { indicator: IndicatorCode, min: Option<f64>, max: Option<f64> },
    /// A change of more than `max_change_percent` % from the last period needs a comment. From zero,
    /// any change is more than any percentage.
    Jump { indicator: IndicatorCode, max_change_percent: f64 },
    /// `left comparison right`, both sides formulas over the form's indicators.
    Compare { left: Formula, comparison: Comparison, right: Formula },
}

impl Rule {
    /// Reads a comparison rule written as one text: `ONLINE + OFFLINE <= TOTAL`.
    pub fn parse_compare(field: &str, input: &str) -> Result<Rule, FieldError> {
        let found = Comparison::SYMBOLS.iter().filter_map(|(symbol, c)| input.find(symbol).map(|at| (at, *symbol, *c)));
        // The leftmost operator, and the longest one at that place.
        let (at, symbol, comparison) = found
            .min_by_key(|(at, symbol, _)| (*at, usize::MAX - symbol.len()))
            .ok_or_else(|| FieldError::new(field, "comparison-unknown").with_arg("value", input.trim()))?;
        let left = Formula::parse(&input[..at]).map_err(|e| e.to_field_error(field))?;
        // Positions in the right side count from the start of the whole text.
        let before_right = input[..at + symbol.len()].chars().count();
        let right = Formula::parse(&input[at + symbol.len()..])
            .map_err(|e| FormulaError { position: e.position + before_right, ..e }.to_field_error(field))?;
        Ok(Rule::Compare { left, comparison, right })
    }

    /// The indicators the rule reads.
    pub fn references(&self) -> Vec<IndicatorCode> {
        match self {
            Rule::Range { indicator, .. } | Rule::Jump { indicator, .. } => vec![indicator.clone()],
            Rule::Compare { left, right, .. } => {
                let mut codes = left.references();
                codes.extend(right.references());
                codes.into_iter().collect()
            }
        }
    }

    /// The indicator a finding of this rule is shown against: the checked one, or the first one the left
    /// side (else the right side) reads.
    fn field(&self) -> String {
        match self {
            Rule::Range { indicator, .. } | Rule::Jump { indicator, .. } => indicator.to_string(),
            Rule::Compare { left, right, .. } => {
                left.references().into_iter().chain(right.references()).next().map_or("rule".into(), String::from)
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Range { indicator, min, max } => {
                let bound = |b: &Option<f64>| b.map_or("…".to_owned(), number_text);
                write!(f, "{} ∈ [{}, {}]", indicator, bound(min), bound(max))
            }
            Rule::Jump { indicator, max_change_percent } => {
                write!(f, "|Δ{}| ≤ {} %", indicator, number_text(*max_change_percent))
            }
            Rule::Compare { left, comparison, right } => write!(f, "{} {} {}", left, comparison.symbol(), right),
        }
    }
}

/// A configured rule, with its severity and an optional note that explains it to the unit (shown instead
/// of the bare expression).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationRule {
    pub rule: Rule,
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ValidationRule {
    /// Checks the rule itself against the catalogue it belongs to: bounds that leave room for a value, a
    /// positive jump threshold, and only indicators that exist.
    pub fn check(&self, catalogue: &[IndicatorDefinition]) -> Result<(), Invalid> {
        let mut checker = Checker::default();
        match &self.rule {
            Rule::Range { min, max, .. } => {
                let finite = min.is_none_or(f64::is_finite) && max.is_none_or(f64::is_finite);
                let ordered = min.zip(*max).is_none_or(|(min, max)| min <= max);
                if !finite || !ordered || (min.is_none() && max.is_none()) {
                    checker.push(FieldError::new("rule", "rule-range-empty"));
                }
            }
            Rule::Jump { max_change_percent, .. } => {
                if !(max_change_percent.is_finite() && *max_change_percent > 0.0) {
                    checker.push(FieldError::new("rule", "rule-threshold-positive"));
                }
            }
            Rule::Compare { .. } => {}
        }
        for code in self.rule.references() {
            if !catalogue.iter().any(|d| d.code == code) {
                checker.push(FieldError::new("rule", "indicator-unknown").with_arg("value", code));
            }
        }
        checker.finish()
    }
}

/// A unit's form for one period, as submitted.
#[derive(Debug, Clone, Copy)]
pub struct Form<'a> {
    /// The definitions (in the versions being entered) of the indicators the unit reports in this round,
    /// computed ones included.
    pub indicators: &'a [IndicatorDefinition],
    pub values: &'a BTreeMap<IndicatorCode, Value>,
    /// The unit's values of the previous period, for the jump rule. Leave out values entered under a
    /// version of another meaning ([`IndicatorDefinition::same_meaning`]): they are not comparable.
    pub previous: &'a BTreeMap<IndicatorCode, Value>,
    /// The unit's comments on its values, by indicator.
    pub comments: &'a BTreeMap<IndicatorCode, String>,
}

/// What validating a form found: blocking errors (the form cannot be submitted) and warnings (it can,
/// and the parent sees them). Each names the indicator code as its field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Findings {
    pub blocking: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}

impl Findings {
    pub fn is_blocked(&self) -> bool {
        !self.blocking.is_empty()
    }

    fn push(&mut self, severity: Severity, finding: FieldError) {
        match severity {
            Severity::Block => self.blocking.push(finding),
            Severity::Warn => self.warnings.push(finding),
        }
    }

    /// The warnings when nothing blocks, the blocking errors otherwise.
    pub fn into_result(self) -> Result<Vec<FieldError>, Invalid> {
        if self.blocking.is_empty() { Ok(self.warnings) } else { Err(Invalid(self.blocking)) }
    }
}

/// Validates a whole form: every value against its definition (blocking), values for indicators that are
/// not on the form or that are computed (blocking), indicators left empty (a warning: a partial form may
/// be submitted, and completeness shows it), then each configured rule whose inputs are all there (a rule
/// with a missing input does not apply). Computed indicators are computed first, so rules may read them.
pub fn validate_form(form: &Form, rules: &[ValidationRule]) -> Findings {
    let mut findings = Findings::default();
    let mut numbers = BTreeMap::new();
    for (code, value) in form.values {
        let field = code.as_str();
        match form.indicators.iter().find(|d| d.code == *code) {
            None => findings.blocking.push(FieldError::new(field, "indicator-unknown").with_arg("value", code)),
            Some(IndicatorDefinition { source: Source::Formula(_), .. }) => {
                findings.blocking.push(FieldError::new(field, "indicator-computed"))
            }
            Some(definition) => match check_value(definition, *value) {
                Err(error) => findings.blocking.push(error),
                Ok(()) => {
                    if let Some(number) = value.number() {
                        numbers.insert(code.clone(), number);
                    }
                }
            },
        }
    }
    for definition in form.indicators {
        if definition.source.formula().is_none() && !form.values.contains_key(&definition.code) {
            findings.warnings.push(FieldError::new(definition.code.as_str(), "indicator-missing"));
        }
    }
    let formulas = form.indicators.iter().filter_map(|d| d.source.formula().map(|f| (&d.code, f)));
    if let Ok(order) = evaluation_order(formulas) {
        compute_formulas(form.indicators, &order, &mut numbers);
    }
    let previous: BTreeMap<&IndicatorCode, f64> =
        form.previous.iter().filter_map(|(code, value)| Some((code, value.number()?))).collect();
    for rule in rules {
        if let Some(finding) = apply(rule, &numbers, &previous, form.comments) {
            findings.push(rule.severity, finding);
        }
    }
    findings
}

/// The finding of one rule, if it is broken.
fn apply(
    rule: &ValidationRule,
    numbers: &BTreeMap<IndicatorCode, f64>,
    previous: &BTreeMap<&IndicatorCode, f64>,
    comments: &BTreeMap<IndicatorCode, String>,
) -> Option<FieldError> {
    let field = rule.rule.field();
    match &rule.rule {
        Rule::Range { indicator, min, max } => {
            let value = *numbers.get(indicator)?;
            let finding = if let Some(min) = min.filter(|min| value < *min) {
                FieldError::new(field, "indicator-below-min").with_arg("min", number_text(min))
            } else {
                let max = max.filter(|max| value > *max)?;
                FieldError::new(field, "indicator-above-max").with_arg("max", number_text(max))
            };
            Some(finding.with_arg("value", number_text(value)))
        }
        Rule::Jump { indicator, max_change_percent } => {
            let (value, before) = (*numbers.get(indicator)?, *previous.get(indicator)?);
            let commented = comments.get(indicator).is_some_and(|c| !c.trim().is_empty());
            let jumped = if before == 0.0 {
                value != 0.0
            } else {
                (value - before).abs() / before.abs() * 100.0 > *max_change_percent
            };
            (jumped && !commented).then(|| {
                FieldError::new(field, "indicator-jump-needs-comment")
                    .with_arg("limit", number_text(*max_change_percent))
                    .with_arg("value", number_text(before))
            })
        }
        Rule::Compare { left, comparison, right } => {
            let (l, r) = (left.evaluate(numbers)?, right.evaluate(numbers)?);
            let detail = rule.note.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| rule.rule.to_string());
            (!comparison.holds(l, r))
                .then(|| FieldError::new(field, "indicator-rule-failed").with_arg("detail", detail))
        }
    }
}

impl FromStr for Comparison {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse("comparison", s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::definition::tests::definition;
    use crate::indicator::definition::{Aggregation, ValueType};

    fn code(s: &str) -> IndicatorCode {
        s.parse().expect("test code")
    }

    fn map<T: Clone>(pairs: &[(&str, T)]) -> BTreeMap<IndicatorCode, T> {
        pairs.iter().map(|(c, v)| (code(c), v.clone())).collect()
    }

    fn rule(rule: Rule, severity: Severity) -> ValidationRule {
        ValidationRule { rule, severity, note: None }
    }

    fn catalogue() -> Vec<IndicatorDefinition> {
        let computed = Formula::parse("ONLINE + OFFLINE").unwrap();
        vec![
            definition("ONLINE", ValueType::Number, Aggregation::Sum),
            definition("OFFLINE", ValueType::Number, Aggregation::Sum),
            definition("TOTAL", ValueType::Number, Aggregation::Sum),
            definition("SHARE", ValueType::Percent, Aggregation::Average),
            IndicatorDefinition {
                source: Source::Formula(computed),
                ..definition("SUM", ValueType::Number, Aggregation::Sum)
            },
        ]
    }

    /// Field and code of each finding.
    type Found = Vec<(String, &'static str)>;

    fn findings(
        values: &[(&str, Value)],
        previous: &[(&str, Value)],
        comments: &[(&str, String)],
        rules: &[ValidationRule],
    ) -> (Found, Found) {
        let indicators = catalogue();
        let (values, previous, comments) = (map(values), map(previous), map(comments));
        let form = Form { indicators: &indicators, values: &values, previous: &previous, comments: &comments };
        let found = validate_form(&form, rules);
        let pairs = |list: Vec<FieldError>| list.into_iter().map(|e| (e.field, e.code)).collect();
        (pairs(found.blocking), pairs(found.warnings))
    }

    fn full() -> Vec<(&'static str, Value)> {
        vec![
            ("ONLINE", Value::Number(30.0)),
            ("OFFLINE", Value::Number(10.0)),
            ("TOTAL", Value::Number(40.0)),
            ("SHARE", Value::Number(75.0)),
        ]
    }

    #[test]
    fn a_clean_form_has_no_findings() {
        let rules = [
            rule(Rule::parse_compare("rule", "ONLINE + OFFLINE = TOTAL").unwrap(), Severity::Block),
            rule(Rule::parse_compare("rule", "SUM <= TOTAL").unwrap(), Severity::Block),
            rule(Rule::Range { indicator: code("SHARE"), min: Some(0.0), max: Some(100.0) }, Severity::Warn),
        ];
        assert_eq!(findings(&full(), &[], &[], &rules), (vec![], vec![]));
    }

    #[test]
    fn values_are_checked_and_missing_ones_warned() {
        let values = [
            ("ONLINE", Value::Number(-1.0)),
            ("SUM", Value::Number(3.0)),
            ("GHOST", Value::Number(1.0)),
            ("SHARE", Value::Number(101.0)),
        ];
        let (blocking, warnings) = findings(&values, &[], &[], &[]);
        assert_eq!(
            blocking,
            [
                ("GHOST".to_owned(), "indicator-unknown"),
                ("ONLINE".to_owned(), "indicator-negative"),
                ("SHARE".to_owned(), "percent-out-of-range"),
                ("SUM".to_owned(), "indicator-computed"),
            ]
        );
        assert_eq!(warnings, [("OFFLINE".to_owned(), "indicator-missing"), ("TOTAL".to_owned(), "indicator-missing")]);
    }

    #[test]
    fn rules_block_or_warn_by_severity() {
        let mut values = full();
        values[2].1 = Value::Number(39.0);
        let rules = [
            rule(Rule::parse_compare("rule", "SUM = TOTAL").unwrap(), Severity::Block),
            rule(Rule::parse_compare("rule", "TOTAL >= ONLINE * 2").unwrap(), Severity::Warn),
            rule(Rule::Range { indicator: code("SHARE"), min: Some(80.0), max: None }, Severity::Warn),
            rule(Rule::Range { indicator: code("TOTAL"), min: None, max: Some(20.0) }, Severity::Block),
            // A rule over an indicator not in the form does not apply.
            rule(Rule::parse_compare("rule", "ELSEWHERE > 0").unwrap(), Severity::Block),
        ];
        let (blocking, warnings) = findings(&values, &[], &[], &rules);
        assert_eq!(
            blocking,
            [("SUM".to_owned(), "indicator-rule-failed"), ("TOTAL".to_owned(), "indicator-above-max")]
        );
        assert_eq!(
            warnings,
            [("TOTAL".to_owned(), "indicator-rule-failed"), ("SHARE".to_owned(), "indicator-below-min")]
        );
    }

    #[test]
    fn the_rule_message_quotes_the_note_or_the_expression() {
        let broken = Rule::parse_compare("rule", "ONLINE>TOTAL").unwrap();
        let indicators = catalogue();
        let values = map(&full());
        let empty = BTreeMap::new();
        let form = Form { indicators: &indicators, values: &values, previous: &empty, comments: &BTreeMap::new() };
        let plain = validate_form(&form, &[rule(broken.clone(), Severity::Warn)]);
        assert_eq!(plain.warnings[0].args, vec![("detail", "ONLINE > TOTAL".to_owned())]);
        let noted =
            ValidationRule { note: Some("Trực tuyến vượt tổng số".into()), ..rule(broken, Severity::Warn) };
        let noted = validate_form(&form, &[noted]);
        assert_eq!(noted.warnings[0].args, vec![("detail", "Trực tuyến vượt tổng số".to_owned())]);
        assert!(!noted.is_blocked());
        assert_eq!(noted.clone().into_result().unwrap().len(), 1);
    }

    #[test]
    fn a_jump_needs_a_comment() {
        let jump = [rule(Rule::Jump { indicator: code("TOTAL"), max_change_percent: 50.0 }, Severity::Block)];
        let previous = [("TOTAL", Value::Number(20.0))];
        let (blocking, _) = findings(&full(), &previous, &[], &jump);
        assert_eq!(blocking, [("TOTAL".to_owned(), "indicator-jump-needs-comment")]);
        let comment = [("TOTAL", "Sáp nhập thêm 2 xã".to_owned())];
        assert_eq!(findings(&full(), &previous, &comment, &jump).0, []);
        let blank = [("TOTAL", "  ".to_owned())];
        assert_eq!(findings(&full(), &previous, &blank, &jump).0.len(), 1);
        // 40 from 30 is a third: within 50 %.
        assert_eq!(findings(&full(), &[("TOTAL", Value::Number(30.0))], &[], &jump).0, []);
        assert_eq!(findings(&full(), &[("TOTAL", Value::Number(0.0))], &[], &jump).0.len(), 1);
        assert_eq!(findings(&full(), &[], &[], &jump).0, [], "no previous value, nothing to compare");
    }

    #[test]
    fn comparisons_parse_and_tolerate_rounding() {
        assert_eq!(Comparison::parse("c", "≤"), Ok(Comparison::LessOrEqual));
        assert_eq!(Comparison::parse("c", "<>"), Ok(Comparison::NotEqual));
        assert_eq!(Comparison::parse("c", "greater_or_equal"), Ok(Comparison::GreaterOrEqual));
        assert_eq!(Comparison::parse("c", "~").unwrap_err().code, "comparison-unknown");
        assert!(Comparison::Equal.holds(0.1 + 0.2, 0.3));
        assert!(!Comparison::Less.holds(0.1 + 0.2, 0.3));
        assert!(Comparison::LessOrEqual.holds(0.1 + 0.2, 0.3));
        assert!(Comparison::Greater.holds(2.0, 1.0) && !Comparison::Greater.holds(1.0, 1.0));
        match Rule::parse_compare("rule", "A + B <= C").unwrap() {
            Rule::Compare { comparison, left, right } => {
                assert_eq!((comparison, left.text(), right.text()), (Comparison::LessOrEqual, "A + B", "C"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(Rule::parse_compare("rule", "A + B").unwrap_err().code, "comparison-unknown");
        assert_eq!(Rule::parse_compare("rule", "A + <= B").unwrap_err().code, "formula-unexpected-end");
        let twice = Rule::parse_compare("rule", "A < B < C").unwrap_err();
        assert_eq!(twice.code, "formula-unexpected-char");
        assert_eq!(twice.args[0], ("position", "7".to_owned()), "the position counts from the whole rule");
        assert_eq!(Severity::parse("severity", "Cảnh báo"), Ok(Severity::Warn));
        assert_eq!(Severity::parse("severity", "Chặn"), Ok(Severity::Block));
    }

    #[test]
    fn rules_are_checked_against_the_catalogue() {
        let catalogue = catalogue();
        let codes =
            |r: ValidationRule| r.check(&catalogue).map_err(|e| e.0.into_iter().map(|e| e.code).collect::<Vec<_>>());
        assert_eq!(
            codes(rule(Rule::Range { indicator: code("TOTAL"), min: Some(1.0), max: Some(0.0) }, Severity::Warn)),
            Err(vec!["rule-range-empty"])
        );
        assert_eq!(
            codes(rule(Rule::Range { indicator: code("TOTAL"), min: None, max: None }, Severity::Warn)),
            Err(vec!["rule-range-empty"])
        );
        assert_eq!(
            codes(rule(Rule::Jump { indicator: code("TOTAL"), max_change_percent: 0.0 }, Severity::Warn)),
            Err(vec!["rule-threshold-positive"])
        );
        assert_eq!(
            codes(rule(Rule::parse_compare("r", "TOTAL < NOPE").unwrap(), Severity::Warn)),
            Err(vec!["indicator-unknown"])
        );
        assert_eq!(codes(rule(Rule::parse_compare("r", "TOTAL >= SUM").unwrap(), Severity::Warn)), Ok(()));
        let json = serde_json::to_string(&rule(Rule::parse_compare("r", "A<=B").unwrap(), Severity::Block)).unwrap();
        assert_eq!(
            json,
            r#"{"rule":{"kind":"compare","left":"A","comparison":"less_or_equal","right":"B"},"severity":"block"}"#
        );
        let back: ValidationRule = serde_json::from_str(&json).unwrap();
        assert_eq!(back.rule.to_string(), "A <= B");
    }
}
