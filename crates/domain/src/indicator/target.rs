//! Targets and baselines, and how much of a target a value achieves.
//!
//! A target is set for all units of a level (the default) and may be overridden for one unit; a
//! baseline (the value at the start of the programme) likewise. Both are in the indicator's number
//! ([`Value::number`](crate::indicator::Value::number)): a percent for percents and ratios, 1 for "yes"
//! at a unit, and a percent of units answering yes above it (that is what the share rule rolls up to).

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::indicator::definition::{Direction, IndicatorDefinition, ValueType};
use crate::indicator::number_text;

/// A unit's target and baseline for an indicator and period; either may be unset.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Targets {
    pub target: Option<f64>,
    pub baseline: Option<f64>,
}

/// The targets in force for a unit: each of the unit's own settings wins over its level's default,
/// separately (a unit may have its own baseline and the level's target).
pub fn effective_targets(level_default: Targets, unit_override: Targets) -> Targets {
    Targets {
        target: unit_override.target.or(level_default.target),
        baseline: unit_override.baseline.or(level_default.baseline),
    }
}

/// A target or a baseline is a finite number; not negative unless the indicator's values may be, and
/// at most 100 for indicators measured in percent (percents, ratios, shares of yes).
pub fn check_target(definition: &IndicatorDefinition, field: &str, target: f64) -> Result<(), FieldError> {
    let max = match definition.value_type {
        ValueType::Number => f64::INFINITY,
        ValueType::Percent | ValueType::Ratio | ValueType::YesNo => 100.0,
    };
    let min =
        if definition.allow_negative && definition.value_type == ValueType::Number { f64::NEG_INFINITY } else { 0.0 };
    if target.is_finite() && (min..=max).contains(&target) {
        Ok(())
    } else {
        Err(FieldError::new(field, "target-out-of-range").with_arg("value", number_text(target)))
    }
}

/// The percent of its target that a value achieves, respecting the direction. 100 means the target is
/// met exactly; the result is not capped, so over-achievement reads above 100 and a value worse than the
/// baseline reads below 0 (a scorecard caps it if it wants to).
///
/// - **Higher is better**: `value / target × 100`, the official "đạt x % kế hoạch". The baseline is not
///   used. `None` when the target is not above zero.
/// - **Lower is better**: targets are often zero ("no village without mobile signal"), so a ratio to the
///   target says nothing. With a baseline above the target, achievement is the share of the planned
///   reduction made: `(baseline − value) / (baseline − target) × 100` (at the baseline 0, at the target
///   100). Without one, it is `target / value × 100`; a value of zero meets a target of zero (100), and a
///   value above a zero target achieves 0. `None` for negative inputs and for a zero value against a
///   positive target (better than the target by an unmeasurable amount).
///
/// Non-finite inputs give `None`; nothing divides by zero.
pub fn achievement(value: f64, target: f64, baseline: Option<f64>, direction: Direction) -> Option<f64> {
    if !value.is_finite() || !target.is_finite() {
        return None;
    }
    let percent = match direction {
        Direction::HigherIsBetter if target > 0.0 => value / target * 100.0,
        Direction::HigherIsBetter => return None,
        Direction::LowerIsBetter => match baseline.filter(|b| b.is_finite() && *b > target) {
            Some(baseline) => (baseline - value) / (baseline - target) * 100.0,
            None if value < 0.0 || target < 0.0 => return None,
            None if value == 0.0 => return (target == 0.0).then_some(100.0),
            None => target / value * 100.0,
        },
    };
    percent.is_finite().then_some(percent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::definition::Aggregation;
    use crate::indicator::definition::tests::definition;
    use proptest::prelude::*;

    #[test]
    fn a_unit_setting_wins_over_its_level() {
        let level = Targets { target: Some(100.0), baseline: Some(40.0) };
        let unit = Targets { target: Some(90.0), baseline: None };
        assert_eq!(effective_targets(level, unit), Targets { target: Some(90.0), baseline: Some(40.0) });
        assert_eq!(effective_targets(level, Targets::default()), level);
        assert_eq!(effective_targets(Targets::default(), Targets::default()), Targets::default());
    }

    #[test]
    fn higher_is_better_is_value_over_target() {
        let up = Direction::HigherIsBetter;
        assert_eq!(achievement(95.57, 100.0, None, up), Some(95.57));
        assert_eq!(achievement(3.0, 2.0, Some(1.0), up), Some(150.0));
        assert_eq!(achievement(5.0, 0.0, None, up), None);
        assert_eq!(achievement(f64::NAN, 2.0, None, up), None);
    }

    #[test]
    fn lower_is_better_uses_the_baseline_when_there_is_one() {
        let down = Direction::LowerIsBetter;
        // 50 villages without signal at the start, target 0, 10 left: 80 % of the way.
        assert_eq!(achievement(10.0, 0.0, Some(50.0), down), Some(80.0));
        assert_eq!(achievement(50.0, 0.0, Some(50.0), down), Some(0.0));
        assert_eq!(achievement(0.0, 0.0, Some(50.0), down), Some(100.0));
        assert_eq!(achievement(60.0, 0.0, Some(50.0), down), Some(-20.0));
        // No baseline: target / value.
        assert_eq!(achievement(4.0, 2.0, None, down), Some(50.0));
        assert_eq!(achievement(1.0, 2.0, None, down), Some(200.0));
        assert_eq!(achievement(0.0, 0.0, None, down), Some(100.0));
        assert_eq!(achievement(3.0, 0.0, None, down), Some(0.0));
        assert_eq!(achievement(0.0, 2.0, None, down), None);
        // A baseline at or below the target cannot measure a reduction: fall back to the ratio.
        assert_eq!(achievement(4.0, 2.0, Some(2.0), down), Some(50.0));
    }

    #[test]
    fn targets_are_checked_against_the_value_type() {
        let percent = definition("A", ValueType::Percent, Aggregation::Average);
        assert!(check_target(&percent, "target", 100.0).is_ok());
        assert_eq!(check_target(&percent, "target", 101.0).unwrap_err().code, "target-out-of-range");
        let number = definition("B", ValueType::Number, Aggregation::Sum);
        assert!(check_target(&number, "target", 1e9).is_ok());
        assert!(check_target(&number, "target", -1.0).is_err());
        assert!(check_target(&number, "target", f64::NAN).is_err());
    }

    proptest! {
        #[test]
        fn achievement_never_panics_and_is_finite(
            value in prop::num::f64::ANY, target in prop::num::f64::ANY,
            baseline in prop::option::of(prop::num::f64::ANY), lower in any::<bool>(),
        ) {
            let direction = if lower { Direction::LowerIsBetter } else { Direction::HigherIsBetter };
            if let Some(percent) = achievement(value, target, baseline, direction) {
                prop_assert!(percent.is_finite());
            }
        }

        #[test]
        fn meeting_the_target_is_one_hundred(target in 0.001f64..1e9, baseline in prop::option::of(0.0f64..2e9)) {
            for direction in Direction::ALL {
                let percent = achievement(target, target, baseline, *direction);
                prop_assert!(percent.is_some_and(|p| (p - 100.0).abs() < 1e-6), "{direction:?} {percent:?}");
            }
        }

        #[test]
        fn better_values_never_achieve_less(target in 0.1f64..1e6, a in 0.0f64..1e6, b in 0.0f64..1e6,
                                            baseline in prop::option::of(0.0f64..2e6)) {
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            let up = |v| achievement(v, target, baseline, Direction::HigherIsBetter);
            let down = |v| achievement(v, target, baseline, Direction::LowerIsBetter);
            prop_assert!(up(high) >= up(low));
            if let (Some(better), Some(worse)) = (down(low), down(high)) {
                prop_assert!(better >= worse);
            }
        }
    }
}
