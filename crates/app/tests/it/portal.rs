//! The public portal: only what a coordinator published is readable without an account, and then only
//! public tasks with no person named; unpublished (or withdrawn) items are not found; publishing needs
//! evaluation management and is audited.

use nqtrack_app::{AppError, MemberInput, TaskInput};
use nqtrack_domain::policy::Actor;
use nqtrack_store::Unit;

use crate::dashboard::province_scorecard;
use crate::support::{Harness, assert_denied, assert_invalid};

/// Province 04 has no demo tasks, so every public task is the test's own.
const PROVINCE: &str = "04";
const LEADER: &str = "Đoàn Thị Kim Thoa Riêngtư";
const SECRET_TITLE: &str = "Kế hoạch tuyệt mật Omega";
const INTERNAL_TITLE: &str = "Phương án nội bộ Zeta";
const PUBLIC_TITLE: &str = "Cấp chữ ký số cho người dân";

pub(crate) struct Scene {
    pub province: Unit,
    pub coordinator: Actor,
}

/// A province with a leader in charge and three tasks, one of each confidentiality.
pub(crate) async fn scene(h: &Harness) -> Scene {
    let province = h.unit(PROVINCE).await;
    h.add_user("caobang.thuongtruc", &province, "coordinator").await;
    let coordinator = h.actor("caobang.thuongtruc").await;
    let leader = h
        .app
        .add_committee_member(
            &coordinator,
            province.id,
            MemberInput {
                body: "committee".into(),
                role: "head".into(),
                person_name: LEADER.into(),
                position: "Bí thư Tỉnh ủy".into(),
                ..MemberInput::default()
            },
        )
        .await
        .expect("a committee member");
    let communes = h.communes(PROVINCE).await;
    for (title, confidentiality) in [(PUBLIC_TITLE, "public"), (INTERNAL_TITLE, "internal"), (SECRET_TITLE, "secret")] {
        let input = TaskInput {
            title: title.into(),
            assigner_id: Some(province.id),
            presiding_id: Some(communes[0].id),
            leader_id: Some(leader.id),
            deadline: "31/12/2026".into(),
            product: "Báo cáo".into(),
            field: "Chính phủ số".into(),
            confidentiality: confidentiality.into(),
            ..TaskInput::default()
        };
        h.app.assign_task(&coordinator, input).await.expect("assign");
    }
    Scene { province, coordinator }
}

fn not_found<T: std::fmt::Debug>(result: Result<T, AppError>) {
    assert!(matches!(result, Err(AppError::NotFound(_))), "expected not found, got {result:?}");
}

async fn only_public_tasks_and_no_person(h: Harness) {
    let s = scene(&h).await;
    not_found(h.app.public_unit_progress(s.province.id).await);
    let seq = h.audit_seq().await;
    let publication = h
        .app
        .publish(&s.coordinator, "unit_progress", &s.province.id.to_string(), "Tiến độ tỉnh Cao Bằng")
        .await
        .expect("publish");
    assert_eq!(h.audit_seq().await, seq + 1, "publishing is audited");
    assert_eq!(h.app.public_items().await.expect("items").len(), 1);

    let progress = h.app.public_unit_progress(s.province.id).await.expect("published progress");
    assert_eq!(progress.tasks.total, 1, "only the public task is counted");
    assert_eq!(progress.items.len(), 1);
    assert_eq!(progress.items[0].title, PUBLIC_TITLE);
    let text = serde_json::to_string(&progress).expect("json");
    for hidden in [SECRET_TITLE, INTERNAL_TITLE, LEADER, "caobang.thuongtruc", "@example.vn", "Nguyễn Văn An"] {
        assert!(!text.contains(hidden), "{hidden} leaked: {text}");
    }

    // The same item twice is refused; withdrawing makes the page not found again.
    let again = h.app.publish(&s.coordinator, "unit_progress", &s.province.id.to_string(), "Lần hai").await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "{again:?}");
    h.app.withdraw(&s.coordinator, publication.id).await.expect("withdraw");
    assert_eq!(h.audit_seq().await, seq + 2, "withdrawing is audited");
    not_found(h.app.public_unit_progress(s.province.id).await);
    assert!(h.app.public_items().await.expect("items").is_empty());
}

async fn unpublished_items_are_not_found_and_publishing_is_guarded(h: Harness) {
    let s = scene(&h).await;
    let subject = province_scorecard(&h).await;
    not_found(h.app.public_ranking(&subject, "provinces", "2026-Q3").await);
    not_found(h.app.public_indicator("ONLINE_SHARE").await);
    not_found(h.app.public_unit_progress(s.province.id).await);

    // A reporter, another province's coordinator, and the public may not publish.
    let reporter = h.actor("tuyenquang.xa").await;
    assert_denied(h.app.publish(&reporter, "unit_progress", &s.province.id.to_string(), "Tiến độ").await);
    let outsider = h.actor("hanoi.thuongtruc").await;
    assert_denied(h.app.publish(&outsider, "unit_progress", &s.province.id.to_string(), "Tiến độ").await);
    assert_denied(h.app.publish(&Actor::Public, "unit_progress", &s.province.id.to_string(), "Tiến độ").await);
    // A province coordinator does not publish the national ranking; the centre does.
    let ranking = format!("{subject}|provinces");
    assert_denied(h.app.publish(&s.coordinator, "ranking", &ranking, "Xếp hạng").await);
    let seq = h.audit_seq().await;
    assert_invalid(
        h.app.publish(&s.coordinator, "bogus", "x", "").await,
        &[("kind", "publication-kind-unknown"), ("title", "required")],
    );
    assert_invalid(
        h.app.publish(&s.coordinator, "unit_progress", "not-a-unit", "Tiến độ").await,
        &[("subject", "publication-subject-format")],
    );
    assert_eq!(h.audit_seq().await, seq, "nothing written");
    assert!(h.app.public_items().await.expect("items").is_empty());

    // Published by the centre, the ranking is public: ranks and scores of the 34 provinces.
    let centre = h.actor("tw.thuongtruc").await;
    h.app.publish(&centre, "ranking", &ranking, "Xếp hạng các tỉnh").await.expect("publish the ranking");
    let public = h.app.public_ranking(&subject, "provinces", "2026-Q3").await.expect("the public ranking");
    assert_eq!(public.rows.len(), 34);
    let signed_in = h.app.ranking(&centre, &subject, "provinces", "2026-Q3").await.expect("the ranking");
    let ranks: Vec<_> = signed_in.rows.iter().map(|r| (r.code.clone(), r.rank, r.score)).collect();
    let public_ranks: Vec<_> = public.rows.iter().map(|r| (r.unit_code.clone(), r.rank, r.score)).collect();
    assert_eq!(ranks, public_ranks, "the public numbers are the signed-in numbers");

    // An indicator is published by whoever manages evaluation at the root.
    let catalogue = h.app.indicators(&centre).await.expect("catalogue");
    let code = catalogue.first().expect("the demo catalogue").definition.code.to_string();
    assert_denied(h.app.publish(&s.coordinator, "indicator", &code, "Chỉ tiêu").await);
    h.app.publish(&centre, "indicator", &code, "Chỉ tiêu").await.expect("publish the indicator");
    let indicator = h.app.public_indicator(&code).await.expect("the public indicator");
    assert_eq!(indicator.national.len(), 12);
    assert!(indicator.period.is_none() || indicator.provinces.len() == 34);
    // The coordinator's list holds what they may withdraw.
    assert_eq!(h.app.publications(&centre).await.expect("list").len(), 2);
    assert!(h.app.publications(&s.coordinator).await.expect("list").is_empty());
}

both!(only_public_tasks_and_no_person, unpublished_items_are_not_found_and_publishing_is_guarded);
