//! Rolling values up the unit tree.
//!
//! The parent's value is computed from the values of the units that should report (its children, or
//! every unit of a level under it). A unit that has not reported still counts as expected, so a total
//! over 80 of 100 communes is shown as partial rather than as a small total.
//!
//! The result does not depend on the order of the children, bit for bit: numbers are sorted before they
//! are added (with Neumaier's compensated summation), so a report is the same whichever order the
//! database returns rows in, and long sums of many small values lose no precision.

use serde::{Deserialize, Serialize};

use crate::indicator::definition::{Aggregation, IndicatorCode, Weight};
use crate::indicator::value::Value;

/// One unit expected to report: its value if it reported, and its weight for a weighted average.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Child {
    pub value: Option<Value>,
    pub weight: Option<f64>,
}

impl Child {
    pub fn reported(value: Value) -> Self {
        Self { value: Some(value), weight: None }
    }

    /// A unit that should have reported and did not.
    pub fn missing() -> Self {
        Self::default()
    }

    /// A value with its weight resolved by the indicator's weight setting: its own denominator, or the
    /// unit's value of the weighing indicator from `lookup`.
    pub fn weighted(value: Value, weight: &Weight, lookup: impl Fn(&IndicatorCode) -> Option<f64>) -> Self {
        let weight = match (weight, value) {
            (Weight::Denominator, Value::Ratio { denominator, .. }) => Some(denominator),
            (Weight::Denominator, _) => None,
            (Weight::Indicator(code), _) => lookup(code),
        };
        Self { value: Some(value), weight }
    }
}

/// The parent's value and how complete it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Aggregate {
    /// `None` when no child could be included (or a ratio's or weighted average's denominator is zero).
    pub value: Option<Value>,
    /// How many children's values went into the value.
    pub included: usize,
    /// How many units should have reported.
    pub expected: usize,
}

impl Aggregate {
    /// Whether some expected units are not in the value.
    pub fn is_partial(&self) -> bool {
        self.included < self.expected
    }
}

/// Aggregates the children's values by `rule`. Children whose value does not suit the rule (a missing
/// value; a yes/no answer under "share of yes" is the only kind counted there, a ratio the only kind under
/// "ratio of sums"; a weighted value needs a finite weight ≥ 0) are expected but not included.
///
/// - sum, average, min, max: of the children's numbers ([`Value::number`]), giving a number;
/// - weighted average: Σ weight × number / Σ weight (no value when the weights add up to zero);
/// - share of yes: the percent of yes/no answers that are yes;
/// - ratio of sums: Σ numerators over Σ denominators, as a ratio (no value over a zero denominator).
pub fn aggregate(rule: Aggregation, children: &[Child]) -> Aggregate {
    let expected = children.len();
    let (value, included) = match rule {
        Aggregation::Sum | Aggregation::Average | Aggregation::Min | Aggregation::Max => {
            let mut numbers: Vec<f64> = children.iter().filter_map(|c| c.value?.number()).collect();
            let included = numbers.len();
            let value = match rule {
                Aggregation::Sum => (included > 0).then(|| sorted_sum(&mut numbers)),
                Aggregation::Min => numbers.iter().copied().min_by(f64::total_cmp),
                Aggregation::Max => numbers.iter().copied().max_by(f64::total_cmp),
                _ => mean(&mut numbers),
            };
            (value.map(Value::Number), included)
        }
        Aggregation::WeightedAverage => {
            let pairs: Vec<(f64, f64)> = children
                .iter()
                .filter_map(|c| Some((c.value?.number()?, c.weight.filter(|w| w.is_finite() && *w >= 0.0)?)))
                .collect();
            let mut products: Vec<f64> = pairs.iter().map(|(x, w)| x * w).collect();
            let mut weights: Vec<f64> = pairs.iter().map(|(_, w)| *w).collect();
            let total_weight = sorted_sum(&mut weights);
            let value = (total_weight > 0.0).then(|| sorted_sum(&mut products) / total_weight);
            // The exact weighted mean lies between the smallest and the largest value; clamping removes
            // rounding that would step outside.
            let bounds = pairs
                .iter()
                .map(|(x, _)| *x)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)));
            let value = value.filter(|v| v.is_finite()).map(|v| v.clamp(bounds.0, bounds.1));
            (value.map(Value::Number), pairs.len())
        }
        Aggregation::ShareYes => {
            let answers: Vec<bool> = children
                .iter()
                .filter_map(|c| if let Some(Value::YesNo(yes)) = c.value { Some(yes) } else { None })
                .collect();
            let yes = answers.iter().filter(|yes| **yes).count();
            let share = (!answers.is_empty()).then(|| yes as f64 / answers.len() as f64 * 100.0);
            (share.map(Value::Number), answers.len())
        }
        Aggregation::RatioOfSums => {
            let (mut numerators, mut denominators): (Vec<f64>, Vec<f64>) = children
                .iter()
                .filter_map(|c| match c.value {
                    Some(Value::Ratio { numerator, denominator })
                        if numerator.is_finite() && denominator.is_finite() =>
                    {
                        Some((numerator, denominator))
                    }
                    _ => None,
                })
                .unzip();
            let included = numerators.len();
            let numerator = sorted_sum(&mut numerators);
            let denominator = sorted_sum(&mut denominators);
            let value = (denominator != 0.0 && included > 0).then_some(Value::Ratio { numerator, denominator });
            (value, included)
        }
    };
    let value = value.filter(|v| match v {
        Value::Number(x) => x.is_finite(),
        Value::Ratio { numerator, denominator } => numerator.is_finite() && denominator.is_finite(),
        Value::YesNo(_) => true,
    });
    Aggregate { value, included, expected }
}

/// The mean, kept within the smallest and largest number (rounding of the sum could step outside).
fn mean(numbers: &mut [f64]) -> Option<f64> {
    if numbers.is_empty() {
        return None;
    }
    let sum = sorted_sum(numbers);
    let (lo, hi) = (numbers[0], numbers[numbers.len() - 1]);
    Some((sum / numbers.len() as f64).clamp(lo, hi))
}

/// Sorts the numbers, then adds them with Neumaier's compensated summation: the same result for any
/// order of the input, and an error that does not grow with the count.
fn sorted_sum(numbers: &mut [f64]) -> f64 {
    numbers.sort_by(f64::total_cmp);
    let (mut sum, mut compensation) = (0.0_f64, 0.0_f64);
    for &x in numbers.iter() {
        let t = sum + x;
        compensation += if sum.abs() >= x.abs() { (sum - t) + x } else { (x - t) + sum };
        sum = t;
    }
    sum + compensation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(xs: &[f64]) -> Vec<Child> {
        xs.iter().map(|x| Child::reported(Value::Number(*x))).collect()
    }

    fn number(aggregate: Aggregate) -> Option<f64> {
        match aggregate.value {
            Some(Value::Number(x)) => Some(x),
            _ => None,
        }
    }

    #[test]
    fn simple_rules() {
        let mut children = numbers(&[3.0, 1.0, 2.0]);
        children.push(Child::missing());
        assert_eq!(
            aggregate(Aggregation::Sum, &children),
            Aggregate { value: Some(Value::Number(6.0)), included: 3, expected: 4 }
        );
        assert!(aggregate(Aggregation::Sum, &children).is_partial());
        assert_eq!(number(aggregate(Aggregation::Average, &children)), Some(2.0));
        assert_eq!(number(aggregate(Aggregation::Min, &children)), Some(1.0));
        assert_eq!(number(aggregate(Aggregation::Max, &children)), Some(3.0));
        let none = aggregate(Aggregation::Sum, &[Child::missing(), Child::missing()]);
        assert_eq!(none, Aggregate { value: None, included: 0, expected: 2 });
        assert_eq!(aggregate(Aggregation::Average, &[]), Aggregate { value: None, included: 0, expected: 0 });
    }

    #[test]
    fn yes_answers_are_shared_and_counted() {
        let children = [
            Child::reported(Value::YesNo(true)),
            Child::reported(Value::YesNo(true)),
            Child::reported(Value::YesNo(false)),
            Child::reported(Value::YesNo(true)),
            Child::missing(),
        ];
        let share = aggregate(Aggregation::ShareYes, &children);
        assert_eq!((number(share), share.included, share.expected), (Some(75.0), 4, 5));
        assert_eq!(number(aggregate(Aggregation::Sum, &children)), Some(3.0), "a sum of yes/no counts the yes");
    }

    #[test]
    fn ratios_are_recomputed_from_sums() {
        let r = |numerator, denominator| Child::reported(Value::Ratio { numerator, denominator });
        // 9/10 and 1/90: the average of the shares is 45.6 %, the share of all procedures is 10 %.
        let children = [r(9.0, 10.0), r(1.0, 90.0)];
        let share = aggregate(Aggregation::RatioOfSums, &children);
        assert_eq!(share.value, Some(Value::Ratio { numerator: 10.0, denominator: 100.0 }));
        assert_eq!(share.value.and_then(Value::number), Some(10.0));
        let weighted: Vec<Child> = [(9.0, 10.0), (1.0, 90.0)]
            .iter()
            .map(|(n, d)| {
                Child::weighted(Value::Ratio { numerator: *n, denominator: *d }, &Weight::Denominator, |_| None)
            })
            .collect();
        let by_denominator = number(aggregate(Aggregation::WeightedAverage, &weighted)).unwrap();
        assert!((by_denominator - 10.0).abs() < 1e-12, "weighing shares by their denominators is the ratio of sums");
        assert_eq!(aggregate(Aggregation::RatioOfSums, &[r(0.0, 0.0)]).value, None);
    }

    #[test]
    fn weighted_average_needs_weights() {
        let population: IndicatorCode = "POPULATION".parse().unwrap();
        let weight = Weight::Indicator(population.clone());
        let children = [
            Child::weighted(Value::Number(80.0), &weight, |code| (*code == population).then_some(3.0)),
            Child::weighted(Value::Number(40.0), &weight, |_| Some(1.0)),
            Child::weighted(Value::Number(10.0), &weight, |_| None),
            Child { value: Some(Value::Number(10.0)), weight: Some(-1.0) },
        ];
        let average = aggregate(Aggregation::WeightedAverage, &children);
        assert_eq!((number(average), average.included, average.expected), (Some(70.0), 2, 4));
        let zero = [Child { value: Some(Value::Number(5.0)), weight: Some(0.0) }];
        assert_eq!(aggregate(Aggregation::WeightedAverage, &zero).value, None);
    }

    #[test]
    fn sums_of_many_small_values_keep_their_precision() {
        let children = numbers(&vec![0.1; 10_000]);
        let total = number(aggregate(Aggregation::Sum, &children)).unwrap();
        assert!((total - 1000.0).abs() < 1e-9, "{total}");
        let huge = numbers(&[f64::MAX, f64::MAX]);
        assert_eq!(aggregate(Aggregation::Sum, &huge).value, None, "an overflow is no value, not infinity");
    }
}
