//! Steering committees: the committee, its members and its working group.

use nqtrack_app::{AppError, CommitteeInput, MemberInput};
use nqtrack_domain::committee::{Body, MemberRole};

use crate::support::{Harness, assert_denied, assert_invalid};

fn member(body: &str, role: &str, person_name: &str, username: &str) -> MemberInput {
    MemberInput {
        body: body.into(),
        role: role.into(),
        person_name: person_name.into(),
        position: "Phó Chủ tịch UBND xã".into(),
        portfolio: "Chuyển đổi số".into(),
        username: username.into(),
    }
}

async fn a_coordinator_sets_up_a_committee(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let commune = h.communes("08").await[1].clone();
    let input = CommitteeInput {
        name: "Ban Chỉ đạo chuyển đổi số xã".into(),
        standing_office_code: commune.code.clone(),
        decision: "Quyết định số 12-QĐ/ĐU".into(),
    };
    h.app.set_committee(&coordinator, commune.id, input).await.expect("set committee");
    let added = [
        member("committee", "head", "Nguyễn Văn An", ""),
        member("Ban chỉ đạo", "Phó trưởng ban", "Trần Thị Bình", ""),
        member("Tổ giúp việc", "thành viên", "Lê Minh Chi", "tuyenquang.xa"),
    ];
    let mut ids = Vec::new();
    for input in added {
        ids.push(h.app.add_committee_member(&coordinator, commune.id, input).await.expect("add member").id);
    }

    let details = h.app.unit_details(&coordinator, commune.id).await.expect("details");
    let committee = details.committee.expect("a committee");
    assert_eq!(
        (committee.name.as_str(), committee.decision.as_str()),
        ("Ban Chỉ đạo chuyển đổi số xã", "Quyết định số 12-QĐ/ĐU")
    );
    assert_eq!(details.standing_office.map(|u| u.id), Some(commune.id));
    let members: Vec<_> =
        details.members.iter().map(|m| (m.id, m.body, m.role, m.person_name.as_str(), m.user_id)).collect();
    let reporter = h.user("tuyenquang.xa").await;
    assert_eq!(
        members,
        [
            (ids[0], Body::Committee, MemberRole::Head, "Nguyễn Văn An", None),
            (ids[1], Body::Committee, MemberRole::Deputy, "Trần Thị Bình", None),
            (ids[2], Body::WorkingGroup, MemberRole::Member, "Lê Minh Chi", Some(reporter.id)),
        ]
    );

    let history = h.app.object_history(&coordinator, "unit", &commune.id.to_string(), None).await.expect("history");
    let actions: Vec<_> = history.iter().take(4).map(|e| (e.action.as_str(), e.actor_name.as_str())).collect();
    let by = "tuyenquang.thuongtruc";
    assert_eq!(
        actions,
        [
            ("committee.member_add", by),
            ("committee.member_add", by),
            ("committee.member_add", by),
            ("committee.update", by)
        ]
    );
}

async fn members_are_checked(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let commune = h.communes("08").await[1].clone();
    let unknown =
        h.app.add_committee_member(&coordinator, commune.id, member("committee", "head", "An", "khong.ton.tai")).await;
    assert_invalid(unknown, &[("username", "not-found")]);
    let everything = member("ban", "chairman", " ", "khong.ton.tai");
    assert_invalid(
        h.app.add_committee_member(&coordinator, commune.id, everything).await,
        &[
            ("body", "body-unknown"),
            ("role", "member-role-unknown"),
            ("person_name", "required"),
            ("username", "not-found"),
        ],
    );
    let office =
        CommitteeInput { name: "Ban".into(), standing_office_code: "KHONG-CO".into(), decision: String::new() };
    assert_invalid(
        h.app.set_committee(&coordinator, commune.id, office).await,
        &[("standing_office", "unknown-parent")],
    );
    assert!(h.app.unit_details(&coordinator, commune.id).await.expect("details").members.is_empty());

    for username in ["hanoi.thuongtruc", "tuyenquang.kiemtra", "tuyenquang.lanhdao", "tuyenquang.xa"] {
        let actor = h.actor(username).await;
        assert_denied(h.app.add_committee_member(&actor, commune.id, member("committee", "head", "An", "")).await);
        let input = CommitteeInput { name: "Ban".into(), ..Default::default() };
        assert_denied(h.app.set_committee(&actor, commune.id, input).await);
    }
}

async fn removing_a_member_is_recorded(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let seeded = h.app.unit_details(&coordinator, province.id).await.expect("details").members;
    assert_eq!(seeded.len(), 4, "the demo committee of Tuyên Quang");
    let removed = &seeded[1];

    assert_denied(h.app.remove_committee_member(&h.actor("hanoi.thuongtruc").await, removed.id).await);
    h.app.remove_committee_member(&coordinator, removed.id).await.expect("remove");
    let left = h.app.unit_details(&coordinator, province.id).await.expect("details").members;
    assert_eq!(left.iter().map(|m| m.id).collect::<Vec<_>>(), [seeded[0].id, seeded[2].id, seeded[3].id]);

    let history = h.app.object_history(&coordinator, "unit", &province.id.to_string(), None).await.expect("history");
    assert_eq!(
        (history[0].action.as_str(), history[0].actor_name.as_str()),
        ("committee.member_remove", "tuyenquang.thuongtruc")
    );
    assert!(history[0].before.as_deref().unwrap_or_default().contains(&removed.person_name));
    assert_eq!(history[0].after, None);
    assert!(matches!(h.app.remove_committee_member(&coordinator, removed.id).await, Err(AppError::NotFound(_))));
}

both!(a_coordinator_sets_up_a_committee, members_are_checked, removing_a_member_is_recorded);
