//! Indicators (KPIs) and their data collection (domain.md §6), as pure rules.
//!
//! The shape follows DHIS2 (peers.md §1): an indicator is defined once, entered per unit and period,
//! checked by validation rules, approved level by level, and rolled up the unit tree by a rule chosen
//! per indicator. Nothing here stores anything or reads the clock: "today" is an argument.
//!
//! The public API, module by module:
//!
//! - [`definition`]: [`IndicatorCode`], [`ValueType`], [`Direction`], [`IndicatorGroup`],
//!   [`Aggregation`], [`Weight`], [`Source`] and the whole [`IndicatorDefinition`] with its
//!   consistency check; [`IndicatorVersion`] and [`revise`], which says whether an edit is a new version
//!   (the meaning of the values changed) or an edit in place (names, links).
//! - [`value`]: [`Value`] (number, yes/no, numerator/denominator), [`Value::parse`] for imports,
//!   [`check_value`] (type, percent range, sign, numerator ≤ denominator) and [`check_period`].
//! - [`target`]: [`Targets`] (target and baseline), [`effective_targets`] (unit override over the level
//!   default), [`check_target`] and [`achievement`].
//! - [`formula`]: the small expression language of computed indicators and of cross-indicator rules:
//!   [`Formula::parse`] (positioned [`FormulaError`]s), [`Formula::evaluate`], [`Formula::references`].
//! - [`catalogue`]: [`check_catalogue`] (duplicate codes, unknown references, formula cycles named in
//!   full) and [`compute_formulas`] in [`evaluation_order`].
//! - [`rules`]: configurable [`ValidationRule`]s (range, jump needing a comment, comparison of two
//!   formulas) with a [`Severity`], and [`validate_form`], which returns blocking errors and warnings
//!   apart ([`Findings`]).
//! - [`aggregate`](mod@aggregate): [`aggregate()`] of children's values by an [`Aggregation`] rule into an
//!   [`Aggregate`] that knows how many units were expected and how many were included.
//! - [`workflow`]: [`DataSet`], [`Round`] and [`check_round`]; the submission state machine
//!   ([`SubmissionState`], [`Action`], [`decide`]) and timeliness ([`on_time`], [`timeliness`]).
//!
//! Every rejected input is a [`FieldError`](crate::FieldError) whose field is the indicator code (or
//! the form field) and whose code has a message `err-<code>` in both catalogues of the web crate;
//! [`ERROR_CODES`] lists them (a test keeps the list, the sources and the catalogues in step).
//!
//! Numbers are `f64`. Nothing in this module rounds a value: rounding is for display (the web shows at
//! most two decimals), so a total, a share or an achievement computed here is never rounded twice.
//! Comparisons that must tolerate binary fractions (0.1 + 0.2 against 0.3) use [`approx_eq`].

pub mod aggregate;
pub mod catalogue;
pub mod definition;
pub mod formula;
pub mod rules;
pub mod target;
pub mod value;
pub mod workflow;

pub use aggregate::{Aggregate, Child, aggregate};
pub use catalogue::{FormulaCycle, check_catalogue, compute_formulas, evaluation_order};
pub use definition::{
    Aggregation, Direction, IndicatorCode, IndicatorDefinition, IndicatorGroup, IndicatorVersion, Revision, Source,
    SourceKind, ValueType, Weight, revise,
};
pub use formula::{Formula, FormulaError};
pub use rules::{Comparison, Findings, Form, Rule, Severity, ValidationRule, validate_form};
pub use target::{Targets, achievement, check_target, effective_targets};
pub use value::{Value, check_period, check_value};
pub use workflow::{
    Action, ApprovalSettings, DataSet, Relation, Round, Situation, SubmissionState, Timeliness, WorkflowError,
    check_round, decide, on_time, timeliness,
};

/// Every field error code this module produces (each has `err-<code>` in `crates/web/i18n/*/main.ftl`).
pub const ERROR_CODES: &[&str] = &[
    "indicator-code-format",
    "indicator-value-type-unknown",
    "direction-unknown",
    "indicator-group-unknown",
    "aggregation-unknown",
    "indicator-source-unknown",
    "aggregation-value-type",
    "weight-required",
    "weight-needs-ratio",
    "formula-value-type",
    "indicator-code-changed",
    "indicator-number-format",
    "indicator-yes-no-format",
    "indicator-ratio-format",
    "indicator-expects-number",
    "indicator-expects-percent",
    "indicator-expects-yes-no",
    "indicator-expects-ratio",
    "percent-out-of-range",
    "indicator-negative",
    "ratio-negative",
    "denominator-zero",
    "numerator-above-denominator",
    "period-periodicity-mismatch",
    "target-out-of-range",
    "formula-empty",
    "formula-too-long",
    "formula-too-deep",
    "formula-unexpected-char",
    "formula-unexpected-end",
    "formula-unexpected-token",
    "formula-unclosed",
    "formula-unknown-function",
    "formula-number-format",
    "formula-no-arguments",
    "formula-code-too-long",
    "formula-cycle",
    "formula-unknown-indicator",
    "weight-unknown-indicator",
    "severity-unknown",
    "comparison-unknown",
    "rule-range-empty",
    "rule-threshold-positive",
    "indicator-unknown",
    "indicator-computed",
    "indicator-missing",
    "indicator-below-min",
    "indicator-above-max",
    "indicator-jump-needs-comment",
    "indicator-rule-failed",
    "submission-state-unknown",
    "timeliness-unknown",
    "indicator-periodicity-mismatch",
    "round-due-before-start",
    "round-due-order",
    "round-locks-before-due",
    "submission-wrong-state",
    "submission-not-own-unit",
    "submission-not-parent",
    "round-locked",
    "period-not-started",
    "children-not-approved",
    "reason-required",
    "approved-above",
];

/// Equality of two computed numbers up to a relative tolerance of 1e-9 (absolute near zero), so that
/// binary fractions do not fail a check the user sees as exact ("A = B + C" with 0.1 + 0.2 and 0.3).
pub fn approx_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// A number as the messages quote it: the shortest text that reads back as the same `f64` ("3", "95.57").
pub(crate) fn number_text(x: f64) -> String {
    x.to_string()
}
