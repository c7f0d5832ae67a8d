//! Evaluation (domain.md §7, §8): scorecards of colour criteria, composite indices under a versioned
//! methodology, rankings among peers, and the sentences of a period report, as pure rules.
//!
//! Everything here works on [`UnitFacts`]: what one unit's subtree looked like at the end of a period
//! (its tasks counted by status and colour, its indicators with their targets). The app gathers the
//! facts (from the live tables, or from a closed period's snapshot) and this module judges them, so a
//! frozen period and a live one are judged by the same code.
//!
//! - [`tally`]: [`TaskTally`], the counts a task criterion reads.
//! - [`measure`]: [`MeasureKind`] (what a criterion or an index leaf measures) and [`UnitFacts`].
//! - [`scorecard`]: [`Scorecard`] with its [`Criterion`]s, checked by [`Scorecard::check`], judged by
//!   [`Scorecard::evaluate`]: a colour per criterion and a score per unit.
//! - [`methodology`]: [`Methodology`] (pillars → sub-indices → leaves, points, normalisation), checked
//!   by [`Methodology::check`] (weights must add up), computed for a peer group by
//!   [`Methodology::compute`].
//! - [`ranking`]: [`rank`] with shared ranks on ties (1, 2, 2, 4) and the change since a previous
//!   ranking.
//! - [`prose`]: the Vietnamese sentences that compare a period with the last report.
//!
//! A measure that cannot be computed (no task to count, no value reported, no target) is `None`, shown
//! as "no data", never as zero. Every rejected input is a [`FieldError`](crate::FieldError) whose code
//! is in [`ERROR_CODES`] and has a message `err-<code>` in both catalogues of the web crate.

pub mod measure;
pub mod methodology;
pub mod prose;
pub mod ranking;
pub mod report_prose;
pub mod scorecard;
pub mod tally;

pub use measure::{IndicatorFact, MeasureKind, UnitFacts};
pub use methodology::{IndexResult, Methodology, Node, NodeResult, Normalisation};
pub use ranking::{Ranked, rank, with_previous};
pub use scorecard::{Criterion, CriterionResult, RankBy, Scorecard, UnitScore};
pub use tally::TaskTally;

/// The reason codes this module writes.
pub const ERROR_CODES: &[&str] = &[
    "evaluation-code-format",
    "measure-unknown",
    "normalisation-unknown",
    "rank-by-unknown",
    "criteria-empty",
    "criterion-duplicate",
    "criterion-indicator-unknown",
    "criterion-indicator-unneeded",
    "thresholds-order",
    "threshold-out-of-range",
    "weight-not-positive",
    "points-not-positive",
    "points-do-not-add-up",
    "pillars-empty",
    "node-needs-measure",
    "node-measure-and-children",
    "methodology-too-deep",
    "version-not-positive",
];

/// Tidies a code and a name (trimmed) and checks them: the code's format, the name given, and, when
/// `codes` is given, the code not used before (`prefix` is the field path of their parent, empty at
/// the top).
pub(crate) fn check_identity(
    checker: &mut crate::error::Checker,
    prefix: &str,
    code: &mut String,
    name: &mut String,
    codes: Option<&mut std::collections::BTreeSet<String>>,
) {
    let field = |leaf: &str| if prefix.is_empty() { leaf.to_owned() } else { format!("{prefix}.{leaf}") };
    *code = code.trim().to_owned();
    *name = name.trim().to_owned();
    if checker.check(check_code(&field("code"), code)).is_some()
        && let Some(codes) = codes
        && !codes.insert(code.clone())
    {
        checker.push(crate::FieldError::new(field("code"), "criterion-duplicate").with_arg("value", code.as_str()));
    }
    if name.is_empty() {
        checker.push(crate::FieldError::new(field("name"), "required"));
    }
}

/// Checks a scorecard or methodology code: letters, digits, `_` and `-`, starting with a letter.
fn check_code(field: &str, code: &str) -> Result<(), crate::FieldError> {
    let mut chars = code.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && code.len() <= 32;
    if well_formed {
        Ok(())
    } else {
        Err(crate::FieldError::new(field, "evaluation-code-format").with_arg("value", code))
    }
}
