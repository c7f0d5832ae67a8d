//! The small demo's indicators: the Resolution 57 catalogue, a data set per periodicity with rounds
//! for 2025 and this year up to the current period, targets, and values in every state; aggregates of
//! province 08 are partial because some communes have not reported.

use std::collections::BTreeSet;

use nqtrack_domain::indicator::{Aggregation, Source, SubmissionState, Timeliness, Value, ValueType};
use nqtrack_domain::period::Periodicity;

use crate::support::Harness;

async fn the_catalogue_covers_resolution_57(h: Harness) {
    let central = h.actor("tw.thuongtruc").await;
    let catalogue = h.app.indicators(&central).await.expect("catalogue");
    assert!((38..=45).contains(&catalogue.len()), "{} indicators", catalogue.len());
    let types: BTreeSet<&str> = catalogue.iter().map(|i| i.definition.value_type.as_str()).collect();
    for value_type in [ValueType::Number, ValueType::Percent, ValueType::YesNo, ValueType::Ratio] {
        assert!(types.contains(value_type.as_str()), "no {value_type} indicator");
    }
    let formulas = catalogue.iter().filter(|i| matches!(i.definition.source, Source::Formula(_))).count();
    assert!(formulas >= 2, "{formulas} formula indicators");
    assert!(catalogue.iter().any(|i| i.definition.aggregation == Aggregation::RatioOfSums));
    assert!(catalogue.iter().any(|i| i.definition.aggregation == Aggregation::ShareYes));
    assert!(catalogue.iter().all(|i| i.definition.name_en.is_some()));
    let data_sets = h.app.indicator_data_sets(&central).await.expect("data sets");
    assert_eq!(data_sets.len(), 3);
    // Today is 22/11/2026: 23 months, 8 quarters and 2 years since January 2025.
    for data_set in &data_sets {
        let rounds = h.app.indicator_rounds(&central, data_set.id).await.expect("rounds");
        let expected = match data_set.data_set.periodicity {
            Periodicity::Month => 23,
            Periodicity::Quarter => 8,
            _ => 2,
        };
        assert_eq!(rounds.len(), expected, "{}", data_set.data_set.name.as_str());
        assert!(rounds[0].round.period.contains(h.today()), "the latest round is the current period's");
    }
}

async fn values_come_in_every_state_and_aggregates_are_partial(h: Harness) {
    let central = h.actor("tw.thuongtruc").await;
    let province = h.unit("08").await;
    let monthly = h
        .app
        .indicator_data_sets(&central)
        .await
        .expect("data sets")
        .into_iter()
        .find(|d| d.data_set.periodicity == Periodicity::Month)
        .expect("a monthly data set");
    let rounds = h.app.indicator_rounds(&central, monthly.id).await.expect("rounds");
    let october = rounds.iter().find(|r| r.round.period.label() == "2026-10").expect("October's round");
    let completeness = h.app.round_completeness(&central, october.id, province.id).await.expect("completeness");
    let states: BTreeSet<Option<SubmissionState>> = completeness.units.iter().map(|u| u.state).collect();
    for state in
        [None, Some(SubmissionState::Approved), Some(SubmissionState::Submitted), Some(SubmissionState::Returned)]
    {
        assert!(states.contains(&state), "no unit in state {state:?}: {states:?}");
    }
    assert!(completeness.expected > 50);
    assert!(completeness.approved * 10 > completeness.expected * 7, "mostly approved");
    assert!(completeness.late > 0 && completeness.missing > 0 && completeness.on_time > completeness.late);
    assert!(completeness.units.iter().any(|u| u.timeliness == Timeliness::Late));
    // The current month: mostly not reported yet, some drafts and submissions.
    let current = &rounds[0];
    let now = h.app.round_completeness(&central, current.id, province.id).await.expect("completeness");
    assert!(now.not_yet_due > now.expected / 2);
    assert!(now.units.iter().any(|u| u.state == Some(SubmissionState::Draft)));

    let records = h.app.aggregate_indicator(&central, province.id, "DVC_HS_TIEP_NHAN", "2026-10").await.expect("sum");
    assert!(records.partial && records.included > 0 && records.included < records.expected, "{records:?}");
    assert!(records.number.is_some_and(|n| n > 1_000.0));
    let share = h.app.aggregate_indicator(&central, province.id, "TT_TL_TRUC_TUYEN", "2026-10").await.expect("formula");
    assert!(share.number.is_some_and(|n| (0.0..=100.0).contains(&n)), "{share:?}");
    assert!(share.targets.target.is_some() && share.achievement.is_some());
    let committees =
        h.app.aggregate_indicator(&central, province.id, "BCD_XA_THANH_LAP", "2026-Q3").await.expect("yes");
    assert!(committees.number.is_some_and(|n| n > 50.0 && n <= 100.0), "{committees:?}");
    let on_time = h.app.aggregate_indicator(&central, province.id, "DVC_HS_DUNG_HAN", "2026-Q3").await;
    assert!(on_time.is_err(), "a monthly indicator has no quarterly value");
    let on_time = h.app.aggregate_indicator(&central, province.id, "DVC_HS_DUNG_HAN", "2026-10").await.expect("ratio");
    assert!(matches!(on_time.value, Some(Value::Ratio { .. })), "{on_time:?}");
    // The province's own series runs from 2025 (the small demo gives communes the two latest rounds
    // only), and its yearly budget share has a target.
    let series = h.app.indicator_series(&central, province.id, "DVC_HS_TIEP_NHAN").await.expect("series");
    assert!(series.len() >= 15 && series[0].period.start().year() == 2025, "{}", series.len());
    let commune = completeness.units.iter().find(|u| u.state == Some(SubmissionState::Approved)).expect("a commune");
    let series = h.app.indicator_series(&central, commune.unit_id, "DVC_HS_TIEP_NHAN").await.expect("series");
    assert!(!series.is_empty());
    let budget = h.app.aggregate_indicator(&central, province.id, "NS_CDS_TL", "2025").await.expect("budget");
    assert_eq!(budget.targets.target, Some(2.0));
    // The seeded form of a commune opens like any other.
    let form = h.app.indicator_form(&central, current.id, commune.unit_id).await.expect("form");
    assert!(form.rows.len() >= 10);
}

both!(the_catalogue_covers_resolution_57, values_come_in_every_state_and_aggregates_are_partial);
