//! Properties of rolling indicator values up the unit tree (domain.md §6): totals split and rejoin,
//! averages lie between the extremes, shares are percents, and the order of the children never matters.

use nqtrack_domain::indicator::{Aggregate, Aggregation, Child, Value, Weight, aggregate};
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn number(aggregate: Aggregate) -> Option<f64> {
    match aggregate.value {
        Some(Value::Number(x)) => Some(x),
        _ => None,
    }
}

/// Values as units enter them: counts and amounts up to a trillion, with two decimals at most.
fn amount() -> impl Strategy<Value = f64> {
    (0u64..100_000_000_000_000).prop_map(|cents| cents as f64 / 100.0)
}

fn child() -> impl Strategy<Value = Child> {
    prop_oneof![
        4 => amount().prop_map(|x| Child::reported(Value::Number(x))),
        1 => Just(Child::missing()),
    ]
}

fn yes_no_child() -> impl Strategy<Value = Child> {
    prop_oneof![
        4 => any::<bool>().prop_map(|yes| Child::reported(Value::YesNo(yes))),
        1 => Just(Child::missing()),
    ]
}

fn ratio_child() -> impl Strategy<Value = Child> {
    (0u32..1_000_000, 0u32..1_000_000, any::<bool>()).prop_map(|(a, b, reported)| {
        let (numerator, denominator) = (f64::from(a.min(b)), f64::from(a.max(b)));
        if reported { Child::reported(Value::Ratio { numerator, denominator }) } else { Child::missing() }
    })
}

const NUMBER_RULES: [Aggregation; 5] =
    [Aggregation::Sum, Aggregation::Average, Aggregation::Min, Aggregation::Max, Aggregation::WeightedAverage];

proptest! {
    #[test]
    fn the_sum_of_a_split_is_the_sum_of_its_parts(children in prop::collection::vec(child(), 0..60), at in any::<prop::sample::Index>()) {
        let split = if children.is_empty() { 0 } else { at.index(children.len() + 1) };
        let (left, right) = children.split_at(split);
        let whole = aggregate(Aggregation::Sum, &children);
        let parts = [aggregate(Aggregation::Sum, left), aggregate(Aggregation::Sum, right)];
        prop_assert_eq!(whole.included, parts[0].included + parts[1].included);
        prop_assert_eq!(whole.expected, children.len());
        let total: f64 = parts.iter().filter_map(|p| number(*p)).sum();
        match number(whole) {
            Some(whole) => prop_assert!(close(whole, total), "{whole} != {total}"),
            None => prop_assert_eq!(whole.included, 0),
        }
    }

    #[test]
    fn the_average_lies_between_min_and_max(children in prop::collection::vec(child(), 0..60)) {
        let (min, average, max) = (
            number(aggregate(Aggregation::Min, &children)),
            number(aggregate(Aggregation::Average, &children)),
            number(aggregate(Aggregation::Max, &children)),
        );
        match (min, average, max) {
            (Some(min), Some(average), Some(max)) => prop_assert!(min <= average && average <= max),
            (None, None, None) => prop_assert!(children.iter().all(|c| c.value.is_none())),
            other => prop_assert!(false, "some rules gave a value and some not: {other:?}"),
        }
    }

    #[test]
    fn a_weighted_average_lies_between_min_and_max(
        pairs in prop::collection::vec((amount(), prop::option::of(0.0f64..1e6)), 1..40),
    ) {
        let children: Vec<Child> = pairs.iter().map(|(x, w)| Child { value: Some(Value::Number(*x)), weight: *w }).collect();
        let weighted = aggregate(Aggregation::WeightedAverage, &children);
        let used: Vec<f64> = pairs.iter().filter(|(_, w)| w.is_some()).map(|(x, _)| *x).collect();
        prop_assert_eq!(weighted.included, used.len());
        if let Some(average) = number(weighted) {
            let lo = used.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = used.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(lo <= average && average <= hi);
        }
    }

    #[test]
    fn equal_weights_make_the_plain_average(xs in prop::collection::vec(amount(), 1..40), w in 0.5f64..1e6) {
        let weighted: Vec<Child> = xs.iter().map(|x| Child { value: Some(Value::Number(*x)), weight: Some(w) }).collect();
        let plain: Vec<Child> = xs.iter().map(|x| Child::reported(Value::Number(*x))).collect();
        let (a, b) = (number(aggregate(Aggregation::WeightedAverage, &weighted)), number(aggregate(Aggregation::Average, &plain)));
        prop_assert!(close(a.unwrap_or(f64::NAN), b.unwrap_or(f64::NAN)), "{a:?} {b:?}");
    }

    #[test]
    fn the_share_of_yes_is_a_percent(children in prop::collection::vec(yes_no_child(), 0..80)) {
        let share = aggregate(Aggregation::ShareYes, &children);
        let answered = children.iter().filter(|c| c.value.is_some()).count();
        prop_assert_eq!(share.included, answered);
        match number(share) {
            Some(percent) => prop_assert!((0.0..=100.0).contains(&percent)),
            None => prop_assert_eq!(answered, 0),
        }
    }

    #[test]
    fn a_ratio_of_sums_is_a_share_of_the_whole(children in prop::collection::vec(ratio_child(), 0..40)) {
        let ratio = aggregate(Aggregation::RatioOfSums, &children);
        if let Some(Value::Ratio { numerator, denominator }) = ratio.value {
            prop_assert!(numerator <= denominator && denominator > 0.0);
        }
        // Weighing each share by its denominator gives the same percent.
        let weighted: Vec<Child> = children
            .iter()
            .map(|c| c.value.map_or(Child::missing(), |v| Child::weighted(v, &Weight::Denominator, |_| None)))
            .collect();
        let by_weight = number(aggregate(Aggregation::WeightedAverage, &weighted));
        let of_sums = ratio.value.and_then(Value::number);
        match (by_weight, of_sums) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-6, "{a} {b}"),
            (a, b) => prop_assert_eq!(a, b),
        }
    }

    #[test]
    fn the_order_of_the_children_never_matters(
        children in prop::collection::vec(child(), 0..50),
        weights in prop::collection::vec(prop::option::of(0.0f64..1e3), 50),
        shuffle in any::<u64>(),
    ) {
        let children: Vec<Child> = children.iter().zip(&weights).map(|(c, w)| Child { weight: *w, ..*c }).collect();
        let mut shuffled = children.clone();
        // A deterministic Fisher–Yates shuffle driven by the generated seed.
        let mut seed = shuffle | 1;
        for i in (1..shuffled.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            shuffled.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for rule in NUMBER_RULES {
            // Bit for bit: the numbers are sorted before they are added.
            prop_assert_eq!(aggregate(rule, &children), aggregate(rule, &shuffled), "{:?}", rule);
        }
    }

    #[test]
    fn included_never_exceeds_expected(children in prop::collection::vec(prop_oneof![child(), yes_no_child(), ratio_child()], 0..40)) {
        for rule in Aggregation::ALL {
            let result = aggregate(*rule, &children);
            prop_assert!(result.included <= result.expected);
            prop_assert_eq!(result.expected, children.len());
            prop_assert_eq!(result.is_partial(), result.included < result.expected);
        }
    }
}
