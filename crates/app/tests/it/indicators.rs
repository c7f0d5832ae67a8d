//! Indicators end to end: the centre defines indicators, targets, a data set and rounds; communes of
//! Tuyên Quang enter and submit; the province approves, returns and reopens; aggregates, completeness
//! and timeliness; bulk imports (all or nothing, once per batch); who may do what.

use jiff::SignedDuration;
use jiff::civil::{Date, date};
use nqtrack_app::{
    AppError, DataSetInput, IndicatorImport, IndicatorImportRow, RoundInput, TargetInput, ValueInput, ValuesInput,
};
use nqtrack_domain::indicator::{
    Action as Step, Aggregation, Direction, Formula, IndicatorCode, IndicatorDefinition, IndicatorGroup,
    IndicatorVersion, Rule, Severity, Source, SubmissionState, ValidationRule, Value, ValueType, approx_eq,
};
use nqtrack_domain::period::Periodicity;
use nqtrack_domain::policy::Actor;
use nqtrack_domain::unit::{Level, Name};
use nqtrack_store::{DataSetRecord, RoundRecord, Unit};

use crate::support::{Harness, assert_denied, assert_invalid, new_unit};

const PROVINCE: &str = "08";

fn definition(code: &str, value_type: ValueType, aggregation: Aggregation) -> IndicatorDefinition {
    IndicatorDefinition {
        code: IndicatorCode::parse("code", code).expect("code"),
        version: IndicatorVersion::FIRST,
        name_vi: Name::parse("name_vi", &format!("Chỉ tiêu {code}")).expect("name"),
        name_en: None,
        unit_of_measure: if value_type == ValueType::Number { "hồ sơ".into() } else { "%".into() },
        value_type,
        direction: Direction::HigherIsBetter,
        group: IndicatorGroup::Strategic,
        field: None,
        periodicity: Periodicity::Quarter,
        levels: vec![Level::Commune],
        aggregation,
        weight: None,
        source: Source::Entered,
        allow_negative: false,
        tasks: Vec::new(),
    }
}

fn computed(code: &str, formula: &str) -> IndicatorDefinition {
    IndicatorDefinition {
        source: Source::Formula(Formula::parse(formula).expect("formula")),
        ..definition(code, ValueType::Number, Aggregation::Sum)
    }
}

struct Setup {
    central: Actor,
    coordinator: Actor,
    leader: Actor,
    province: Unit,
    /// Commune A (the demo reporter's) and commune B (a reporter added here).
    a: Unit,
    b: Unit,
    reporter_a: Actor,
    reporter_b: Actor,
    data_set: DataSetRecord,
    q3: RoundRecord,
}

async fn setup(h: &Harness) -> Setup {
    let central = h.actor("tw.thuongtruc").await;
    let province = h.unit(PROVINCE).await;
    let communes: Vec<Unit> = h.communes(PROVINCE).await.into_iter().filter(|u| u.level == Level::Commune).collect();
    let reporter_a = h.actor("tuyenquang.xa").await;
    let a_id = match &reporter_a {
        Actor::User(user) => user.grants[0].unit_id,
        _ => unreachable!(),
    };
    let a = h.unit_by_id(a_id).await;
    let b = communes.iter().find(|u| u.id != a.id).expect("a second commune").clone();
    h.add_user("xa.b", &b, "reporter").await;
    for indicator in [
        definition("ONLINE_SHARE", ValueType::Percent, Aggregation::Average),
        definition("RECORDS", ValueType::Number, Aggregation::Sum),
        definition("HAS_COMMITTEE", ValueType::YesNo, Aggregation::ShareYes),
        definition("PAID_ONLINE", ValueType::Ratio, Aggregation::RatioOfSums),
        computed("RECORDS_K", "RECORDS / 1000"),
        IndicatorDefinition {
            levels: vec![Level::Province],
            ..definition("PROVINCE_BUDGET", ValueType::Percent, Aggregation::Average)
        },
    ] {
        let saved = h.app.save_indicator(&central, indicator).await.expect("define an indicator");
        assert_eq!(saved.outcome, "created");
    }
    let data_set = h
        .app
        .create_data_set(
            &central,
            DataSetInput {
                name: "Chuyển đổi số hằng quý".into(),
                periodicity: Periodicity::Quarter,
                indicators: ["ONLINE_SHARE", "RECORDS", "HAS_COMMITTEE", "PAID_ONLINE", "RECORDS_K", "PROVINCE_BUDGET"]
                    .map(String::from)
                    .to_vec(),
                rules: vec![ValidationRule {
                    rule: Rule::Jump {
                        indicator: IndicatorCode::parse("i", "RECORDS").expect("code"),
                        max_change_percent: 50.0,
                    },
                    severity: Severity::Block,
                    note: None,
                }],
                children_first: true,
            },
        )
        .await
        .expect("create the data set");
    let q3 = open(h, &central, &data_set, "2026-Q3", date(2026, 11, 30), date(2026, 12, 10), None).await;
    Setup {
        central,
        coordinator: h.actor("tuyenquang.thuongtruc").await,
        leader: h.actor("tuyenquang.lanhdao").await,
        province,
        a,
        b,
        reporter_a,
        reporter_b: h.actor("xa.b").await,
        data_set,
        q3,
    }
}

async fn open(
    h: &Harness,
    central: &Actor,
    data_set: &DataSetRecord,
    period: &str,
    commune_due: Date,
    province_due: Date,
    locks_on: Option<Date>,
) -> RoundRecord {
    h.app
        .open_round(
            central,
            data_set.id,
            RoundInput {
                period: period.into(),
                due_dates: vec![(Level::Commune, commune_due), (Level::Province, province_due)],
                locks_on,
            },
        )
        .await
        .expect("open a round")
}

fn values(pairs: &[(&str, &str)]) -> ValuesInput {
    ValuesInput {
        version: None,
        values: pairs
            .iter()
            .map(|(code, value)| ValueInput {
                indicator: (*code).into(),
                value: (*value).into(),
                comment: String::new(),
            })
            .collect(),
    }
}

fn commented(code: &str, value: &str, comment: &str) -> ValuesInput {
    ValuesInput {
        version: None,
        values: vec![ValueInput { indicator: code.into(), value: value.into(), comment: comment.into() }],
    }
}

fn advance_days(h: &Harness, days: i64) {
    h.app.clock().advance(SignedDuration::from_hours(24 * days));
}

async fn aggregate_number(h: &Harness, actor: &Actor, unit: &Unit, code: &str) -> (Option<f64>, usize, usize) {
    let aggregate = h.app.aggregate_indicator(actor, unit.id, code, "2026-Q3").await.expect("aggregate");
    assert_eq!(aggregate.partial, aggregate.included < aggregate.expected);
    (aggregate.number, aggregate.included, aggregate.expected)
}

async fn the_whole_cycle(h: Harness) {
    let s = setup(&h).await;
    let q3 = s.q3.id;

    // Revising: a new name is an edit in place, a new unit of measure a new version.
    let renamed = IndicatorDefinition {
        name_vi: Name::parse("name_vi", "Số hồ sơ trực tuyến").expect("name"),
        ..definition("RECORDS", ValueType::Number, Aggregation::Sum)
    };
    assert_eq!(h.app.save_indicator(&s.central, renamed.clone()).await.expect("rename").outcome, "same_version");
    let remeasured = IndicatorDefinition { unit_of_measure: "bộ hồ sơ".into(), ..renamed };
    let saved = h.app.save_indicator(&s.central, remeasured).await.expect("new unit of measure");
    assert_eq!((saved.outcome, saved.indicator.definition.version.get()), ("new_version", 2));

    // Targets: a level default, a commune's own, the province's.
    for (level, unit_id, target) in
        [(Some(Level::Commune), None, 80.0), (None, Some(s.a.id), 90.0), (Some(Level::Province), None, 85.0)]
    {
        let actor = if unit_id.is_some() { &s.coordinator } else { &s.central };
        h.app
            .set_indicator_target(
                actor,
                TargetInput {
                    indicator: "ONLINE_SHARE".into(),
                    period: "2026-Q3".into(),
                    level,
                    unit_id,
                    target: Some(target),
                    baseline: None,
                },
            )
            .await
            .expect("set a target");
    }
    assert_invalid(
        h.app
            .set_indicator_target(
                &s.central,
                TargetInput {
                    indicator: "ONLINE_SHARE".into(),
                    period: "2026-Q3".into(),
                    level: Some(Level::Commune),
                    target: Some(120.0),
                    ..TargetInput::default()
                },
            )
            .await,
        &[("target", "target-out-of-range")],
    );

    // The previous quarter: commune A reports 1,000 records, then the round is closed by hand.
    let q2 = open(&h, &s.central, &s.data_set, "2026-Q2", date(2026, 7, 10), date(2026, 7, 20), None).await;
    let outcome = h
        .app
        .submit_indicator_values(&s.reporter_a, q2.id, s.a.id, values(&[("RECORDS", "1000")]))
        .await
        .expect("submit Q2");
    assert_eq!(outcome.submission.state, SubmissionState::Submitted);
    let mut missing: Vec<String> = outcome.warnings.iter().map(|w| w.field.clone()).collect();
    missing.sort();
    assert_eq!(missing, ["HAS_COMMITTEE", "ONLINE_SHARE", "PAID_ONLINE"]);
    h.app.decide_submission(&s.leader, q2.id, s.a.id, Step::Approve, None).await.expect("approve Q2");
    h.app.close_round(&s.central, q2.id, true).await.expect("close Q2");
    let b_q2 = h.app.save_indicator_values(&s.reporter_b, q2.id, s.b.id, values(&[("RECORDS", "5")])).await;
    assert_invalid(b_q2, &[("submission", "round-locked")]);
    // A round past its lock date refuses entry too.
    let q1 = open(&h, &s.central, &s.data_set, "2026-Q1", date(2026, 4, 10), date(2026, 4, 20), Some(date(2026, 5, 1)))
        .await;
    let late = h.app.submit_indicator_values(&s.reporter_b, q1.id, s.b.id, values(&[("RECORDS", "5")])).await;
    assert_invalid(late, &[("submission", "round-locked")]);

    // Commune A's form: exactly its level's indicators, with targets and last quarter's value.
    let form = h.app.indicator_form(&s.reporter_a, q3, s.a.id).await.expect("form");
    let codes: Vec<&str> = form.rows.iter().map(|r| r.definition.code.as_str()).collect();
    assert_eq!(codes, ["ONLINE_SHARE", "RECORDS", "HAS_COMMITTEE", "PAID_ONLINE", "RECORDS_K"]);
    assert_eq!(form.rows[0].targets.target, Some(90.0));
    assert_eq!(form.rows[1].previous, Some(Value::Number(1000.0)));
    assert!(form.can_edit);

    // A draft, then bad values refused, each naming its indicator; nothing of a refused save is kept.
    let draft =
        values(&[("ONLINE_SHARE", "95,5"), ("RECORDS", "1200"), ("HAS_COMMITTEE", "có"), ("PAID_ONLINE", "30/40")]);
    let saved = h.app.save_indicator_values(&s.reporter_a, q3, s.a.id, draft).await.expect("save a draft");
    assert_eq!((saved.submission.state, saved.changed), (SubmissionState::Draft, 4));
    for (code, value, error) in [
        ("ONLINE_SHARE", "140", "percent-out-of-range"),
        ("PAID_ONLINE", "50/40", "numerator-above-denominator"),
        ("HAS_COMMITTEE", "12", "indicator-yes-no-format"),
        ("RECORDS", "nhiều", "indicator-number-format"),
        ("PROVINCE_BUDGET", "3", "indicator-unknown"),
        ("RECORDS_K", "3", "indicator-computed"),
    ] {
        let result =
            h.app.save_indicator_values(&s.reporter_a, q3, s.a.id, values(&[(code, value), ("RECORDS", "7")])).await;
        assert_invalid(result, &[(code, error)]);
    }
    let form = h.app.indicator_form(&s.reporter_a, q3, s.a.id).await.expect("form");
    assert_eq!(form.rows[1].value.as_ref().map(|v| v.value), Some(Value::Number(1200.0)));

    // A jump of more than 50 % from last quarter needs a comment.
    let jump = h.app.submit_indicator_values(&s.reporter_a, q3, s.a.id, values(&[("RECORDS", "2500")])).await;
    assert_invalid(jump, &[("RECORDS", "indicator-jump-needs-comment")]);
    let submitted = h
        .app
        .submit_indicator_values(&s.reporter_a, q3, s.a.id, commented("RECORDS", "2500", "Thêm điểm tiếp nhận"))
        .await
        .expect("submit with a comment");
    assert_eq!(submitted.submission.state, SubmissionState::Submitted);
    assert!(submitted.warnings.is_empty(), "{:?}", submitted.warnings);
    assert_eq!(submitted.submission.submitted_on, Some(h.today()));
    // Submitted values are no longer editable by the commune.
    let after = h.app.save_indicator_values(&s.reporter_a, q3, s.a.id, values(&[("RECORDS", "1")])).await;
    assert_invalid(after, &[("submission", "submission-wrong-state")]);

    // A decision on a submission someone else changed since it was read is a conflict.
    let stale = submitted.submission.version - 1;
    match h.app.decide_submission(&s.leader, q3, s.a.id, Step::Approve, Some(stale)).await {
        Err(AppError::Conflict(invalid)) => assert_eq!(invalid.0[0].code, "edit-conflict"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // A commune cannot approve (not even its own), the province's leader can.
    assert_denied(h.app.decide_submission(&s.reporter_a, q3, s.a.id, Step::Approve, None).await);
    let approved = h.app.decide_submission(&s.leader, q3, s.a.id, Step::Approve, None).await.expect("approve A");
    assert_eq!(approved.state, SubmissionState::Approved);

    // Ten days later commune B submits (late); the province returns it, B corrects, it is approved.
    advance_days(&h, 10);
    let b_values =
        values(&[("ONLINE_SHARE", "70"), ("RECORDS", "800"), ("HAS_COMMITTEE", "không"), ("PAID_ONLINE", "10/40")]);
    h.app.submit_indicator_values(&s.reporter_b, q3, s.b.id, b_values).await.expect("submit B");
    let no_reason = Step::Return { reason: "  ".into() };
    assert_invalid(
        h.app.decide_submission(&s.coordinator, q3, s.b.id, no_reason, None).await,
        &[("reason", "reason-required")],
    );
    let returned = Step::Return { reason: "Kiểm tra lại số hồ sơ".into() };
    let b_sub = h.app.decide_submission(&s.coordinator, q3, s.b.id, returned, None).await.expect("return B");
    assert_eq!(b_sub.state, SubmissionState::Returned);
    h.app.submit_indicator_values(&s.reporter_b, q3, s.b.id, values(&[("RECORDS", "900")])).await.expect("resubmit B");
    h.app.decide_submission(&s.coordinator, q3, s.b.id, Step::Approve, None).await.expect("approve B");

    // A correction of A after approval: reopened with a reason, both values stay in history.
    let reopen = Step::Reopen { reason: "Sai số liệu hồ sơ".into() };
    let reopened = h.app.decide_submission(&s.coordinator, q3, s.a.id, reopen, None).await.expect("reopen A");
    assert_eq!((reopened.state, reopened.reason.as_str()), (SubmissionState::Returned, "Sai số liệu hồ sơ"));
    h.app
        .submit_indicator_values(&s.reporter_a, q3, s.a.id, commented("RECORDS", "2400", "Đã rà soát"))
        .await
        .expect("resubmit A");
    let again = h.app.decide_submission(&s.leader, q3, s.a.id, Step::Approve, None).await.expect("approve A again");
    // The first submission date is kept: the correction does not make A late.
    assert_eq!(again.submitted_on, Some(date(2026, 11, 22)));
    let (current, history) =
        h.app.indicator_value_history(&s.coordinator, s.a.id, "RECORDS", "2026-Q3").await.expect("history");
    assert_eq!(current.map(|v| v.value), Some(Value::Number(2400.0)));
    let kept: Vec<(Value, &str)> = history.iter().map(|c| (c.value, c.reason.as_str())).collect();
    assert_eq!(kept, [(Value::Number(1200.0), ""), (Value::Number(2500.0), "Sai số liệu hồ sơ")]);

    // The province's figures: from the two approved communes of many, so partial.
    let communes = h.communes(PROVINCE).await.into_iter().filter(|u| u.level == Level::Commune).count();
    let (records, included, expected) = aggregate_number(&h, &s.coordinator, &s.province, "RECORDS").await;
    assert_eq!((records, included, expected), (Some(3300.0), 2, communes));
    assert!(communes > 2);
    let share = h.app.aggregate_indicator(&s.leader, s.province.id, "ONLINE_SHARE", "2026-Q3").await.expect("share");
    assert!(approx_eq(share.number.expect("a value"), 82.75));
    assert!(approx_eq(share.achievement.expect("an achievement"), 82.75 / 85.0 * 100.0));
    assert!(share.partial);
    let (committees, ..) = aggregate_number(&h, &s.coordinator, &s.province, "HAS_COMMITTEE").await;
    assert_eq!(committees, Some(50.0));
    let paid = h.app.aggregate_indicator(&s.coordinator, s.province.id, "PAID_ONLINE", "2026-Q3").await.expect("paid");
    assert_eq!(paid.value, Some(Value::Ratio { numerator: 40.0, denominator: 80.0 }));
    // A computed indicator is recomputed from the aggregated inputs.
    let (thousands, included, expected) = aggregate_number(&h, &s.coordinator, &s.province, "RECORDS_K").await;
    assert!(approx_eq(thousands.expect("a value"), 3.3));
    assert_eq!((included, expected), (2, communes));
    // A commune's own value against its own target.
    let own = h.app.aggregate_indicator(&s.reporter_a, s.a.id, "ONLINE_SHARE", "2026-Q3").await.expect("own");
    assert_eq!((own.number, own.included, own.expected), (Some(95.5), 1, 1));
    assert!(approx_eq(own.achievement.expect("an achievement"), 95.5 / 90.0 * 100.0));

    // Completeness and timeliness under the province, now that the communes' due date has passed.
    let report = h.app.round_completeness(&s.coordinator, q3, s.province.id).await.expect("completeness");
    assert_eq!(report.expected, communes);
    assert_eq!((report.submitted, report.approved, report.on_time, report.late), (2, 2, 1, 1));
    assert_eq!(report.missing, communes - 2);
    assert_eq!(report.not_yet_due, 0);

    // The lists behind the pages.
    let rounds = h.app.indicator_rounds(&s.reporter_a, s.data_set.id).await.expect("rounds");
    let periods: Vec<String> = rounds.iter().map(|r| r.round.period.label()).collect();
    assert_eq!(periods, ["2026-Q3", "2026-Q2", "2026-Q1"]);
    // Besides the demo's three data sets and 40 indicators (`demo_indicators.rs`).
    assert_eq!(h.app.indicator_data_sets(&s.reporter_a).await.expect("data sets").len(), 1 + 3);
    assert_eq!(h.app.indicators(&s.reporter_a).await.expect("catalogue").len(), 6 + 40);

    // The series of commune A.
    let series = h.app.indicator_series(&s.reporter_a, s.a.id, "RECORDS").await.expect("series");
    let points: Vec<(String, Value)> = series.iter().map(|v| (v.period.label(), v.value)).collect();
    assert_eq!(points, [("2026-Q2".to_owned(), Value::Number(1000.0)), ("2026-Q3".to_owned(), Value::Number(2400.0))]);
}

async fn a_formula_cannot_refer_to_itself(h: Harness) {
    let central = h.actor("tw.thuongtruc").await;
    let result = h.app.save_indicator(&central, computed("SELF_REF", "SELF_REF + 1")).await;
    assert_invalid(result, &[("SELF_REF", "formula-cycle")]);
    // Nor through another indicator.
    h.app.save_indicator(&central, definition("BASE", ValueType::Number, Aggregation::Sum)).await.expect("base");
    h.app.save_indicator(&central, computed("LEFT", "BASE + RIGHT")).await.expect_err("RIGHT is unknown");
    h.app.save_indicator(&central, computed("LEFT", "BASE * 2")).await.expect("left");
    h.app.save_indicator(&central, computed("RIGHT", "LEFT + 1")).await.expect("right");
    let cycle = h.app.save_indicator(&central, computed("LEFT", "RIGHT * 2")).await;
    assert_invalid(cycle, &[("LEFT", "formula-cycle")]);
    // Only the centre defines the catalogue.
    let province = h.actor("tuyenquang.thuongtruc").await;
    assert_denied(h.app.save_indicator(&province, definition("MINE", ValueType::Number, Aggregation::Sum)).await);
}

async fn a_jump_warns_or_blocks_as_its_rule_says(h: Harness) {
    let central = h.actor("tw.thuongtruc").await;
    let reporter = h.actor("tuyenquang.xa").await;
    let Actor::User(user) = &reporter else { unreachable!() };
    let commune = user.grants[0].unit_id;
    let monthly = IndicatorDefinition {
        periodicity: Periodicity::Month,
        ..definition("MONTHLY_RECORDS", ValueType::Number, Aggregation::Sum)
    };
    h.app.save_indicator(&central, monthly).await.expect("define");
    let data_set = h
        .app
        .create_data_set(
            &central,
            DataSetInput {
                name: "Hồ sơ hằng tháng".into(),
                periodicity: Periodicity::Month,
                indicators: vec!["MONTHLY_RECORDS".into()],
                rules: vec![ValidationRule {
                    rule: Rule::Jump {
                        indicator: IndicatorCode::parse("i", "MONTHLY_RECORDS").expect("code"),
                        max_change_percent: 20.0,
                    },
                    severity: Severity::Warn,
                    note: None,
                }],
                children_first: false,
            },
        )
        .await
        .expect("data set");
    let october = open(&h, &central, &data_set, "2026-10", date(2026, 11, 5), date(2026, 11, 10), None).await;
    let november = open(&h, &central, &data_set, "2026-11", date(2026, 12, 5), date(2026, 12, 10), None).await;
    h.app
        .submit_indicator_values(&reporter, october.id, commune, values(&[("MONTHLY_RECORDS", "100")]))
        .await
        .expect("October");
    let outcome = h
        .app
        .submit_indicator_values(&reporter, november.id, commune, values(&[("MONTHLY_RECORDS", "200")]))
        .await
        .expect("a warning does not block");
    assert_eq!(outcome.submission.state, SubmissionState::Submitted);
    let warnings: Vec<(&str, &str)> = outcome.warnings.iter().map(|w| (w.field.as_str(), w.code)).collect();
    assert_eq!(warnings, [("MONTHLY_RECORDS", "indicator-jump-needs-comment")]);
}

fn row(unit: &str, indicator: &str, period: &str, value: &str) -> IndicatorImportRow {
    IndicatorImportRow {
        row: 0,
        unit_code: unit.into(),
        indicator_code: indicator.into(),
        period: period.into(),
        value: value.into(),
        comment: String::new(),
    }
}

async fn an_import_is_all_or_nothing_and_applied_once(h: Harness) {
    let s = setup(&h).await;
    let hanoi_commune = h.communes("01").await.into_iter().next().expect("a Hà Nội commune");
    let bad = IndicatorImport {
        batch_key: "tq-2026-q3-1".into(),
        rows: vec![
            row(&s.a.code, "RECORDS", "2026-Q3", "100"),
            row(&s.b.code, "ONLINE_SHARE", "2026-Q3", "140"),
            row("KHONGCO", "RECORDS", "2026-Q3", "1"),
            row(&s.a.code, "NOPE", "2026-Q3", "1"),
            row(&s.b.code, "RECORDS", "2026-07", "1"),
            row(&s.b.code, "HAS_COMMITTEE", "2026-Q3", "có"),
            row(&hanoi_commune.code, "RECORDS", "2026-Q3", "1"),
            row(&s.a.code, "PROVINCE_BUDGET", "2026-Q3", "2"),
            row(&s.a.code, "PAID_ONLINE", "2026-Q3", "5/4"),
        ],
    };
    let problems = match h.app.import_indicator_values(&s.coordinator, bad).await {
        Err(AppError::ImportRejected(report)) => report.problems,
        other => panic!("expected a rejected import, got {other:?}"),
    };
    let found: Vec<(usize, &str, &str)> = problems.iter().map(|p| (p.row, p.column.as_str(), p.code)).collect();
    assert_eq!(
        found,
        [
            (2, "value", "percent-out-of-range"),
            (3, "unit_code", "unit-code-unknown"),
            (4, "indicator_code", "indicator-unknown"),
            (5, "period", "period-periodicity-mismatch"),
            (7, "unit_code", "unit-not-permitted"),
            (8, "indicator_code", "indicator-unknown"),
            (9, "value", "numerator-above-denominator"),
        ]
    );
    // Nothing was written, not even the good rows.
    let form = h.app.indicator_form(&s.coordinator, s.q3.id, s.a.id).await.expect("form");
    assert!(form.rows.iter().all(|r| r.value.is_none()));
    assert!(form.submission.is_none());

    let good = IndicatorImport {
        batch_key: "tq-2026-q3-2".into(),
        rows: vec![
            row(&s.a.code, "RECORDS", "2026-Q3", "1.234.567"),
            row(&s.a.code, "HAS_COMMITTEE", "2026-Q3", "có"),
            row(&s.b.code, "ONLINE_SHARE", "2026-Q3", "88,5 %"),
        ],
    };
    let outcome = h.app.import_indicator_values(&s.coordinator, good.clone()).await.expect("import");
    assert_eq!((outcome.written, outcome.replayed), (3, false));
    let form = h.app.indicator_form(&s.coordinator, s.q3.id, s.a.id).await.expect("form");
    assert_eq!(form.rows[1].value.as_ref().map(|v| v.value), Some(Value::Number(1_234_567.0)));
    assert_eq!(form.submission.map(|s| s.state), Some(SubmissionState::Draft));

    // The same batch again changes nothing, not even the audit log.
    let seq = h.audit_seq().await;
    let again = h.app.import_indicator_values(&s.coordinator, good.clone()).await.expect("replay");
    assert_eq!((again.written, again.replayed), (0, true));
    assert_eq!(h.audit_seq().await, seq);
    // The same key with other content is a conflict.
    let mut changed = good;
    changed.rows[0].value = "7".into();
    match h.app.import_indicator_values(&s.coordinator, changed).await {
        Err(AppError::Conflict(invalid)) => assert_eq!(invalid.0[0].code, "import-batch-conflict"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // A commune imports for itself only.
    let theirs = IndicatorImport { batch_key: "xa-1".into(), rows: vec![row(&s.b.code, "RECORDS", "2026-Q3", "3")] };
    match h.app.import_indicator_values(&s.reporter_a, theirs).await {
        Err(AppError::ImportRejected(report)) => assert_eq!(report.problems[0].code, "unit-not-permitted"),
        other => panic!("expected a rejected import, got {other:?}"),
    }
}

/// An import over values already entered keeps each replaced value in history (with the returned
/// submission's reason), writes under the units' own submissions, and reports rows refused for their
/// submission's state in row order among the others.
async fn an_import_over_entered_values_keeps_each_in_history(h: Harness) {
    let s = setup(&h).await;
    let q3 = s.q3.id;
    h.app.save_indicator_values(&s.reporter_a, q3, s.a.id, values(&[("RECORDS", "10")])).await.expect("save A");
    h.app.submit_indicator_values(&s.reporter_b, q3, s.b.id, values(&[("RECORDS", "20")])).await.expect("submit B");
    let returned = Step::Return { reason: "Sai số liệu".into() };
    h.app.decide_submission(&s.coordinator, q3, s.b.id, returned, None).await.expect("return B");
    let a_before = h.app.indicator_form(&s.coordinator, q3, s.a.id).await.expect("form").submission.expect("A's");

    let import = IndicatorImport {
        batch_key: "tq-over".into(),
        rows: vec![
            row(&s.a.code, "RECORDS", "2026-Q3", "11"),
            row(&s.b.code, "RECORDS", "2026-Q3", "21"),
            row(&s.a.code, "HAS_COMMITTEE", "2026-Q3", "có"),
        ],
    };
    let outcome = h.app.import_indicator_values(&s.coordinator, import).await.expect("import");
    assert_eq!(outcome.written, 3);
    for (unit, old, new, reason) in [(&s.a, 10.0, 11.0, ""), (&s.b, 20.0, 21.0, "Sai số liệu")] {
        let (current, history) =
            h.app.indicator_value_history(&s.coordinator, unit.id, "RECORDS", "2026-Q3").await.expect("history");
        let current = current.expect("a value");
        assert_eq!(current.value, Value::Number(new));
        let kept: Vec<(Value, &str, Option<uuid::Uuid>)> =
            history.iter().map(|c| (c.value, c.reason.as_str(), c.replaced_by)).collect();
        assert_eq!(kept, [(Value::Number(old), reason, s.coordinator.user_id())]);
        let submission = h.app.indicator_form(&s.coordinator, q3, unit.id).await.expect("form").submission;
        assert_eq!(submission.map(|s| s.id), Some(current.submission_id));
    }
    let a_after = h.app.indicator_form(&s.coordinator, q3, s.a.id).await.expect("form").submission.expect("A's");
    assert_eq!((a_after.id, a_after.state), (a_before.id, SubmissionState::Draft));
    let (_, added) =
        h.app.indicator_value_history(&s.coordinator, s.a.id, "HAS_COMMITTEE", "2026-Q3").await.expect("history");
    assert!(added.is_empty());

    // A submitted form is not edited by an import; its row is reported in order among the others.
    h.app.submit_indicator_values(&s.reporter_a, q3, s.a.id, values(&[])).await.expect("submit A");
    let refused = IndicatorImport {
        batch_key: "tq-over-2".into(),
        rows: vec![row(&s.a.code, "RECORDS", "2026-Q3", "12"), row(&s.b.code, "RECORDS", "2026-Q3", "x")],
    };
    let problems = match h.app.import_indicator_values(&s.coordinator, refused).await {
        Err(AppError::ImportRejected(report)) => report.problems,
        other => panic!("expected a rejected import, got {other:?}"),
    };
    let found: Vec<(usize, &str)> = problems.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(found, [(1, "period"), (2, "value")]);
}

async fn each_unit_acts_within_its_reach(h: Harness) {
    let s = setup(&h).await;
    let hanoi = h.unit("01").await;
    let hanoi_commune = h.communes("01").await.into_iter().next().expect("a Hà Nội commune");
    // A commune enters for itself only, and sees no other province.
    let other = h.app.save_indicator_values(&s.reporter_a, s.q3.id, s.b.id, values(&[("RECORDS", "1")])).await;
    assert_denied(other);
    assert_denied(h.app.indicator_form(&s.reporter_a, s.q3.id, hanoi_commune.id).await);
    assert_denied(h.app.aggregate_indicator(&s.reporter_a, hanoi.id, "RECORDS", "2026-Q3").await);
    // A province sees its own subtree, not another province's.
    assert_denied(h.app.round_completeness(&s.coordinator, s.q3.id, hanoi.id).await);
    assert_denied(h.app.aggregate_indicator(&s.coordinator, hanoi.id, "RECORDS", "2026-Q3").await);
    h.app.round_completeness(&s.coordinator, s.q3.id, s.province.id).await.expect("own province");
    // A commune cannot approve a submission; a province cannot approve one of another province.
    h.app.submit_indicator_values(&s.reporter_b, s.q3.id, s.b.id, values(&[("RECORDS", "10")])).await.expect("submit");
    assert_denied(h.app.decide_submission(&s.reporter_a, s.q3.id, s.b.id, Step::Approve, None).await);
    let hanoi_coordinator = h.actor("hanoi.thuongtruc").await;
    assert_denied(h.app.decide_submission(&hanoi_coordinator, s.q3.id, s.b.id, Step::Approve, None).await);
    // Children first: the province cannot be approved before its communes.
    h.app
        .submit_indicator_values(&s.coordinator, s.q3.id, s.province.id, values(&[("PROVINCE_BUDGET", "2,1")]))
        .await
        .expect("the province submits");
    let early = h.app.decide_submission(&s.central, s.q3.id, s.province.id, Step::Approve, None).await;
    assert_invalid(early, &[("submission", "children-not-approved")]);
    // Only the centre manages rounds.
    assert_denied(h.app.close_round(&s.coordinator, s.q3.id, true).await);
}

/// The kinds and links of the notices a person has about one round (the demo's rounds have their own).
async fn round_notices(h: &Harness, actor: &Actor, round: &RoundRecord) -> Vec<(String, String)> {
    let page = h.app.notifications(actor, None).await.expect("notifications");
    let prefix = format!("/indicator-rounds/{}/", round.id);
    page.items
        .into_iter()
        .filter(|n| n.kind.starts_with("indicator-") && n.link.starts_with(&prefix))
        .map(|n| (n.kind, n.link))
        .collect()
}

async fn missing_units_are_reminded_then_told_once_late(h: Harness) {
    let s = setup(&h).await;
    // Commune B submits; commune A does not. Communes are due on 30/11.
    h.app.submit_indicator_values(&s.reporter_b, s.q3.id, s.b.id, values(&[("RECORDS", "10")])).await.expect("submit");
    let link_a = format!("/indicator-rounds/{}/units/{}", s.q3.id, s.a.id);
    let week_before = h.app.run_urging(date(2026, 11, 23)).await.expect("urging");
    assert!(week_before.indicators > 0, "every commune that has not submitted is reminded");
    assert_eq!(round_notices(&h, &s.reporter_a, &s.q3).await, vec![("indicator-remind".to_owned(), link_a.clone())]);
    assert!(round_notices(&h, &s.reporter_b, &s.q3).await.is_empty(), "a unit that submitted is not reminded");
    assert_eq!(h.app.run_urging(date(2026, 11, 23)).await.expect("again").indicators, 0, "nobody is told twice");
    assert_eq!(h.app.run_urging(date(2026, 11, 24)).await.expect("no reminder day").indicators, 0);
    // The day after the due date: a missed notice, once.
    assert!(h.app.run_urging(date(2026, 12, 1)).await.expect("late").indicators > 0);
    let notices = round_notices(&h, &s.reporter_a, &s.q3).await;
    assert!(notices.contains(&("indicator-missed".to_owned(), link_a)), "{notices:?}");
    assert_eq!(h.app.run_urging(date(2026, 12, 2)).await.expect("later").indicators, 0);
}

async fn departments_are_not_expected_to_report(h: Harness) {
    let s = setup(&h).await;
    let expected = |c: nqtrack_app::Completeness| c.expected;
    let before = expected(h.app.round_completeness(&s.coordinator, s.q3.id, s.province.id).await.expect("before"));
    let department = new_unit("08-THU-NGHIEM", "Sở Thử nghiệm", "department", &s.province);
    h.app.create_unit(&h.operator, department).await.expect("a department at province level");
    let after = expected(h.app.round_completeness(&s.coordinator, s.q3.id, s.province.id).await.expect("after"));
    assert_eq!(after, before, "a department contributes to its province's figures, it does not report");
}

both!(
    departments_are_not_expected_to_report,
    missing_units_are_reminded_then_told_once_late,
    the_whole_cycle,
    a_jump_warns_or_blocks_as_its_rule_says,
    a_formula_cannot_refer_to_itself,
    an_import_is_all_or_nothing_and_applied_once,
    an_import_over_entered_values_keeps_each_in_history,
    each_unit_acts_within_its_reach
);
