//! Evaluation end to end: the demo's scorecard ranks the 34 provinces (no data is no rank, never a
//! zero), a closed quarter reads back frozen whatever changes later, reopening needs a reason, bad
//! definitions are refused whole, two methodology versions rank side by side, a merged commune's
//! history counts for its successor, and rankings are seen from below but not from beside.

use nqtrack_app::{AppError, DefinitionFormat, MergeInput, Outcome, PeerSpec, Ranking};
use nqtrack_domain::evaluation::{Criterion, MeasureKind, RankBy, Scorecard};
use nqtrack_domain::policy::Actor;

use crate::support::{Harness, assert_denied, assert_invalid};

/// The last quarter that has ended on the harness's "today" (22/11/2026), and the one before, which
/// the demo command closes.
const LAST_QUARTER: &str = "2026-Q3";
const CLOSED_QUARTER: &str = "2026-Q2";

async fn subject(h: &Harness, actor: &Actor, code: &str) -> String {
    let scorecards = h.app.scorecards(actor).await.expect("scorecards");
    if let Some(found) = scorecards.iter().find(|s| s.scorecard.code == code) {
        return format!("scorecard:{}", found.id);
    }
    panic!("no scorecard {code}")
}

async fn index(h: &Harness, actor: &Actor, code: &str, version: i32) -> String {
    let methodologies = h.app.methodologies(actor).await.expect("methodologies");
    let found = methodologies
        .iter()
        .find(|m| m.methodology.code == code && m.methodology.version == version)
        .unwrap_or_else(|| panic!("no methodology {code} v{version}"));
    format!("index:{}", found.id)
}

/// Ranks are competition ranks: one more than the number of strictly better scores; no score, no rank.
fn assert_competition_ranks(ranking: &Ranking) {
    for row in &ranking.rows {
        match row.score {
            None => assert_eq!(row.rank, None, "{} has no score but a rank", row.name),
            Some(score) => {
                let better = ranking.rows.iter().filter(|r| r.score.is_some_and(|s| s > score + 1e-9)).count();
                assert_eq!(row.rank, Some(better as u32 + 1), "{}", row.name);
            }
        }
    }
}

fn scorecard(code: &str, indicator: &str) -> Scorecard {
    Scorecard {
        code: code.into(),
        name: "Bộ tiêu chí của tỉnh".into(),
        description: String::new(),
        rank_by: RankBy::Score,
        green_at: 80.0,
        yellow_at: 50.0,
        criteria: vec![
            Criterion {
                code: "XANH".into(),
                name: "Nhiệm vụ xanh".into(),
                measure: MeasureKind::TasksGreenShare,
                indicator: None,
                green: 80.0,
                yellow: 60.0,
                weight: 1.0,
            },
            Criterion {
                code: "CHI_TIEU".into(),
                name: "Chỉ tiêu".into(),
                measure: MeasureKind::IndicatorAchievement,
                indicator: Some(indicator.into()),
                green: 100.0,
                yellow: 80.0,
                weight: 1.0,
            },
        ],
    }
}

async fn provinces_are_ranked_and_a_closed_quarter_stays_frozen(h: Harness) {
    h.app.close_demo_quarter(&h.operator).await.expect("the demo closes the quarter before the last");
    let central = h.actor("tw.thuongtruc").await;
    let nq57 = subject(&h, &central, "NQ57").await;

    let live = h.app.ranking(&central, &nq57, "provinces", LAST_QUARTER).await.expect("ranking");
    assert_eq!(live.rows.len(), 34);
    assert!(!live.frozen);
    assert_competition_ranks(&live);
    // The small demo has tasks and values in Tuyên Quang (08) and Hà Nội (01) only: the others have no
    // data, listed after the ranked ones with neither a rank nor a score.
    let ranked: Vec<&str> = live.rows.iter().filter(|r| r.rank.is_some()).map(|r| r.code.as_str()).collect();
    assert_eq!(ranked.len(), 2, "{ranked:?}");
    assert!(ranked.contains(&"08") && ranked.contains(&"01"));
    assert!(live.rows[2..].iter().all(|r| r.score.is_none() && r.rank.is_none()));
    // The previous quarter was closed by the demo, so each ranked province has a previous rank.
    assert!(live.rows[..2].iter().all(|r| r.previous_rank.is_some()), "{:?}", live.rows[..2].to_vec());
    let closed = h.app.ranking(&central, &nq57, "provinces", CLOSED_QUARTER).await.expect("closed quarter");
    assert!(closed.frozen);

    // Closing the last quarter freezes it; a task reported late afterwards changes nothing in it.
    let outcome = h.app.close_period(&central, h.unit("TW").await.id, LAST_QUARTER).await.expect("close");
    assert!(outcome.units > 3_000, "every unit's figures are frozen: {}", outcome.units);
    let frozen = h.app.ranking(&central, &nq57, "provinces", LAST_QUARTER).await.expect("frozen");
    assert!(frozen.frozen);
    for (f, l) in frozen.rows.iter().zip(&live.rows) {
        assert_eq!(f, l, "the frozen ranking is the one computed at closing");
    }
    let again = h.app.close_period(&central, h.unit("TW").await.id, LAST_QUARTER).await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    let future = h.app.close_period(&central, h.unit("TW").await.id, "2026-Q4").await;
    assert_invalid(future, &[("period", "period-not-ended")]);

    // Reopening needs a reason, and happens once.
    assert_invalid(h.app.reopen_period(&central, outcome.closing.id, "  ").await, &[("reason", "required")]);
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    assert_denied(h.app.reopen_period(&coordinator, outcome.closing.id, "sai số liệu").await);
    let reopened = h.app.reopen_period(&central, outcome.closing.id, "Bổ sung số liệu quý III").await.expect("reopen");
    assert_eq!(reopened.reopen_reason, "Bổ sung số liệu quý III");
    assert!(matches!(h.app.reopen_period(&central, outcome.closing.id, "lần nữa").await, Err(AppError::Conflict(_))));
    let live_again = h.app.ranking(&central, &nq57, "provinces", LAST_QUARTER).await.expect("live again");
    assert!(!live_again.frozen);
}

async fn bad_definitions_are_refused_whole(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let before = h.app.scorecards(&coordinator).await.expect("list").len();

    let unknown = h.app.save_scorecard(&coordinator, province.id, scorecard("TQ", "KHONG_CO")).await;
    assert_invalid(unknown, &[("criteria[1].indicator", "criterion-indicator-unknown")]);
    let mut reversed = scorecard("TQ", "HO_CAP_QUANG");
    reversed.criteria[0].green = 50.0;
    assert_invalid(
        h.app.save_scorecard(&coordinator, province.id, reversed).await,
        &[("criteria[0].green", "thresholds-order")],
    );
    assert_eq!(h.app.scorecards(&coordinator).await.expect("list").len(), before, "nothing was saved");

    let saved = h.app.save_scorecard(&coordinator, province.id, scorecard("TQ", "HO_CAP_QUANG")).await.expect("save");
    assert_eq!(saved.version, 1);
    let edited = h.app.save_scorecard(&coordinator, province.id, scorecard("TQ", "VNEID_TL_MUC2")).await.expect("edit");
    assert_eq!((edited.id, edited.version), (saved.id, 2));

    // Another province neither sees nor uses it; a reporter may not define one.
    let hanoi = h.actor("hanoi.thuongtruc").await;
    assert!(h.app.scorecards(&hanoi).await.expect("list").iter().all(|s| s.id != saved.id));
    assert_denied(h.app.scorecard(&hanoi, saved.id).await);
    let reporter = h.actor("tuyenquang.xa").await;
    assert_denied(h.app.save_scorecard(&reporter, province.id, scorecard("XA", "HO_CAP_QUANG")).await);
    assert!(h.app.scorecard(&reporter, saved.id).await.is_ok(), "the units below use their province's scorecard");

    // Files: a methodology whose points do not add up names the node; a broken file says why.
    let uneven = r#"
        code = "CS_TQ"
        version = 1
        name = "Chỉ số của tỉnh"
        total_points = 100
        [[pillars]]
        code = "A"
        name = "Trụ cột A"
        points = 60
          [[pillars.children]]
          code = "A1"
          name = "Cáp quang"
          points = 50
          measure = "indicator_achievement"
          indicator = "HO_CAP_QUANG"
        [[pillars]]
        code = "B"
        name = "Trụ cột B"
        points = 40
        measure = "tasks_on_time_rate"
    "#;
    let refused = h.app.import_methodology(&coordinator, province.id, uneven, DefinitionFormat::Toml).await;
    assert_invalid(refused, &[("pillars[0].points", "points-do-not-add-up")]);
    let even = uneven.replace("points = 50", "points = 60");
    let first = h.app.import_methodology(&coordinator, province.id, &even, DefinitionFormat::Toml).await.expect("v1");
    assert_eq!(first.methodology.total_points, 100.0);
    let twice = h.app.import_methodology(&coordinator, province.id, &even, DefinitionFormat::Toml).await;
    assert!(matches!(twice, Err(AppError::Conflict(_))), "a version never changes once saved");
    let broken = h.app.import_methodology(&coordinator, province.id, "code = [", DefinitionFormat::Toml).await;
    let AppError::Invalid(invalid) = broken.expect_err("broken") else { panic!("expected invalid") };
    assert_eq!((invalid.0[0].field.as_str(), invalid.0[0].code), ("file", "definition-format"));
}

async fn two_methodology_versions_rank_side_by_side(h: Harness) {
    let central = h.actor("tw.thuongtruc").await;
    let v1 =
        h.app.ranking(&central, &index(&h, &central, "DTI", 1).await, "provinces", LAST_QUARTER).await.expect("v1");
    let v2 =
        h.app.ranking(&central, &index(&h, &central, "DTI", 2).await, "provinces", LAST_QUARTER).await.expect("v2");
    assert_competition_ranks(&v1);
    assert_competition_ranks(&v2);
    let points = |ranking: &Ranking, code: &str| ranking.rows.iter().find(|r| r.code == code).and_then(|r| r.score);
    let (p1, p2) = (points(&v1, "08"), points(&v2, "08"));
    assert!(p1.is_some() && p2.is_some() && p1 != p2, "the same data weighs differently: {p1:?} {p2:?}");
    let row = v1.rows.iter().find(|r| r.code == "08").expect("Tuyên Quang");
    let Outcome::Index(index) = &row.outcome else { panic!("an index outcome") };
    let normalised = row.normalised.expect("normalised");
    assert!((0.0..=1.0).contains(&normalised) && (normalised * 1000.0 - p1.unwrap_or_default()).abs() < 1e-6);
    assert_eq!(index.nodes[0].max_points, 500.0, "the foundation pillar is worth 500 of 1,000 points");
    let psi = h.app.methodologies(&central).await.expect("list");
    let psi = psi.iter().find(|m| m.methodology.code == "PSI").expect("PSI");
    let groups: Vec<f64> = psi.methodology.pillars.iter().map(|p| p.points).collect();
    assert_eq!(groups, vec![18.0, 20.0, 22.0, 22.0, 18.0]);
}

async fn a_merged_commune_counts_for_its_successor(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let card = h.app.save_scorecard(&coordinator, province.id, scorecard("TQ", "HO_CAP_QUANG")).await.expect("save");
    let subject = format!("scorecard:{}", card.id);
    let peers = PeerSpec::CommunesOf(province.id).to_string();
    let communes = h.communes("08").await;
    let communes: Vec<_> = communes.iter().filter(|c| c.level == nqtrack_domain::unit::Level::Commune).collect();
    let (source, target) = (communes[0], communes[1]);
    let total = |e: nqtrack_app::Explanation| e.facts.tasks.total;
    let before_source =
        total(h.app.explain_score(&coordinator, &subject, &peers, LAST_QUARTER, source.id).await.expect("a"));
    let before_target =
        total(h.app.explain_score(&coordinator, &subject, &peers, LAST_QUARTER, target.id).await.expect("b"));
    assert!(before_source > 0, "the demo gives communes their own tasks");
    let merge = MergeInput {
        source_ids: vec![source.id],
        target_id: target.id,
        effective_on: "22/11/2026".into(),
        reason: "Sáp nhập".into(),
    };
    h.app.merge_units(&coordinator, merge).await.expect("merge");
    let after = h.app.ranking(&coordinator, &subject, &peers, LAST_QUARTER).await.expect("ranking");
    assert!(after.rows.iter().all(|r| r.unit_id != source.id), "the dissolved commune is no longer ranked");
    let successor =
        total(h.app.explain_score(&coordinator, &subject, &peers, LAST_QUARTER, target.id).await.expect("b"));
    assert_eq!(successor, before_source + before_target, "the old commune's tasks count for its successor");
}

async fn rankings_are_seen_from_below_not_from_beside(h: Harness) {
    let central = h.actor("tw.thuongtruc").await;
    let nq57 = subject(&h, &central, "NQ57").await;
    let reporter = h.actor("tuyenquang.xa").await;
    let seen = h.app.ranking(&reporter, &nq57, "provinces", LAST_QUARTER).await.expect("from below");
    assert_eq!(seen.rows.len(), 34);
    let hanoi = h.actor("hanoi.thuongtruc").await;
    let communes_of_tuyen_quang = PeerSpec::CommunesOf(h.unit("08").await.id).to_string();
    assert_denied(h.app.ranking(&hanoi, &nq57, &communes_of_tuyen_quang, LAST_QUARTER).await);
    assert_denied(h.app.ranking(&Actor::Public, &nq57, "provinces", LAST_QUARTER).await);
    // The drill-down opens the tasks of one's own units only.
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let own = h.app.explain_score(&coordinator, &nq57, "provinces", LAST_QUARTER, h.unit("08").await.id).await;
    assert!(own.expect("own").can_open_details);
    let other = h.app.explain_score(&coordinator, &nq57, "provinces", LAST_QUARTER, h.unit("01").await.id).await;
    assert!(!other.expect("other").can_open_details);
    assert_invalid(h.app.ranking(&central, &nq57, "tinh", LAST_QUARTER).await, &[("peers", "peers-format")]);
    assert_invalid(h.app.ranking(&central, "bogus", "provinces", LAST_QUARTER).await, &[("subject", "subject-format")]);
}

both!(
    provinces_are_ranked_and_a_closed_quarter_stays_frozen,
    bad_definitions_are_refused_whole,
    two_methodology_versions_rank_side_by_side,
    a_merged_commune_counts_for_its_successor,
    rankings_are_seen_from_below_not_from_beside
);
