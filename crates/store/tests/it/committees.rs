//! Steering committees, their members, and unit groups.

use nqtrack_domain::committee::{Body, MemberRole};
use nqtrack_store::{Committee, CommitteeMember, StoreError, Tx, UnitGroup};
use uuid::Uuid;

use crate::support::{TestStore, Tree, at, codes, read, write};

async fn committee_upsert_replaces(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let unit_id = tree.tuyen_quang.id;
    let first = Committee {
        unit_id,
        name: "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Tuyên Quang"
            .to_owned(),
        standing_office_id: None,
        decision: "Quyết định số 123/QĐ-UBND ngày 15/7/2025".to_owned(),
        updated_at: at(10),
    };
    assert_eq!(read(store, async |tx: &mut Tx| tx.committee(unit_id).await.unwrap()).await, None);
    write(store, async |tx: &mut Tx| tx.upsert_committee(&first).await.unwrap()).await;
    assert_eq!(read(store, async |tx: &mut Tx| tx.committee(unit_id).await.unwrap()).await.as_ref(), Some(&first));

    let second = Committee {
        standing_office_id: Some(tree.science_dept.id),
        decision: "Quyết định số 456/QĐ-UBND ngày 01/9/2025".to_owned(),
        updated_at: at(20),
        ..first.clone()
    };
    write(store, async |tx: &mut Tx| tx.upsert_committee(&second).await.unwrap()).await;
    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.committee(unit_id).await.unwrap().as_ref(), Some(&second));
        assert_eq!(tx.committee(tree.dong_nai.id).await.unwrap(), None);
    })
    .await;
}

fn member(
    unit_id: Uuid,
    body: Body,
    role: MemberRole,
    person_name: &str,
    position: &str,
    sort_order: i32,
) -> CommitteeMember {
    CommitteeMember {
        id: Uuid::now_v7(),
        unit_id,
        body,
        role,
        user_id: None,
        person_name: person_name.to_owned(),
        position: position.to_owned(),
        portfolio: String::new(),
        sort_order,
        created_at: at(0),
    }
}

async fn committee_members_in_order(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let unit_id = tree.tuyen_quang.id;
    let head = member(unit_id, Body::Committee, MemberRole::Head, "Hầu A Lềnh", "Bí thư Tỉnh ủy", 1);
    let deputy = CommitteeMember {
        portfolio: "Chuyển đổi số".to_owned(),
        ..member(unit_id, Body::Committee, MemberRole::Deputy, "Phan Huy Ngọc", "Chủ tịch UBND tỉnh", 2)
    };
    let member_b = member(unit_id, Body::Committee, MemberRole::Member, "Nguyễn Văn Bình", "Giám đốc Sở KH&CN", 3);
    let member_a = member(unit_id, Body::Committee, MemberRole::Member, "Bùi Thị An", "Giám đốc Sở Nội vụ", 3);
    let group_head = member(unit_id, Body::WorkingGroup, MemberRole::Head, "Lương Văn Cường", "Phó Giám đốc Sở", 1);
    let elsewhere = member(tree.dong_nai.id, Body::Committee, MemberRole::Head, "Vũ Hồng Văn", "Bí thư Tỉnh ủy", 1);
    // Inserted out of order: the list orders them.
    write(store, async |tx: &mut Tx| {
        for m in [&group_head, &member_b, &elsewhere, &deputy, &member_a, &head] {
            tx.insert_committee_member(m).await.unwrap();
        }
    })
    .await;

    let names = |members: Vec<CommitteeMember>| members.into_iter().map(|m| m.person_name).collect::<Vec<_>>();
    read(store, async |tx: &mut Tx| {
        let members = tx.committee_members(unit_id).await.unwrap();
        assert_eq!(members[1], deputy);
        assert_eq!(
            names(members),
            ["Hầu A Lềnh", "Phan Huy Ngọc", "Bùi Thị An", "Nguyễn Văn Bình", "Lương Văn Cường"],
            "committee before working group, then by order, then by name"
        );
        assert_eq!(tx.committee_member(group_head.id).await.unwrap().as_ref(), Some(&group_head));
        assert_eq!(tx.committee_member(Uuid::now_v7()).await.unwrap(), None);
    })
    .await;

    let deleted = write(store, async |tx: &mut Tx| {
        (tx.delete_committee_member(member_b.id).await.unwrap(), tx.delete_committee_member(member_b.id).await.unwrap())
    })
    .await;
    assert_eq!(deleted, (true, false));
    read(store, async |tx: &mut Tx| {
        let left = names(tx.committee_members(unit_id).await.unwrap());
        assert_eq!(left, ["Hầu A Lềnh", "Phan Huy Ngọc", "Bùi Thị An", "Lương Văn Cường"]);
        assert_eq!(names(tx.committee_members(tree.dong_nai.id).await.unwrap()), ["Vũ Hồng Văn"]);
    })
    .await;
}

fn group(code: &str, name: &str, owner_id: Uuid) -> UnitGroup {
    UnitGroup { id: Uuid::now_v7(), code: code.to_owned(), name: name.to_owned(), owner_id, created_at: at(0) }
}

async fn groups_and_memberships(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let mountains = group("MIEN-NUI", "Các tỉnh miền núi phía Bắc", tree.centre.id);
    let pilots = group("THI-DIEM", "Các xã thí điểm chính quyền số", tree.centre.id);
    let local = group("TQ-PHUONG", "Các phường của Tuyên Quang", tree.tuyen_quang.id);
    write(store, async |tx: &mut Tx| {
        for g in [&pilots, &mountains, &local] {
            tx.insert_group(g).await.unwrap();
        }
    })
    .await;

    let mut tx = store.write().await.unwrap();
    let refused = tx.insert_group(&group("MIEN-NUI", "Trùng mã", tree.centre.id)).await;
    assert!(matches!(&refused, Err(StoreError::Conflict { constraint }) if constraint.contains("code")), "{refused:?}");
    drop(tx);

    let added = write(store, async |tx: &mut Tx| {
        [
            tx.add_group_member(mountains.id, tree.tuyen_quang.id).await.unwrap(),
            tx.add_group_member(mountains.id, tree.tuyen_quang.id).await.unwrap(),
            tx.add_group_member(mountains.id, tree.centre.id).await.unwrap(),
            tx.add_group_member(pilots.id, tree.hung_loi.id).await.unwrap(),
            tx.add_group_member(pilots.id, tree.minh_xuan.id).await.unwrap(),
            tx.add_group_member(pilots.id, tree.dong_phu.id).await.unwrap(),
            tx.add_group_member(local.id, tree.minh_xuan.id).await.unwrap(),
        ]
    })
    .await;
    assert_eq!(added, [true, false, true, true, true, true, true], "adding twice is a no-op");

    let group_codes = |groups: Vec<UnitGroup>| groups.into_iter().map(|g| g.code).collect::<Vec<_>>();
    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.group(mountains.id).await.unwrap().as_ref(), Some(&mountains));
        assert_eq!(tx.group(Uuid::now_v7()).await.unwrap(), None);
        assert_eq!(group_codes(tx.groups_owned_by(tree.centre.id).await.unwrap()), ["MIEN-NUI", "THI-DIEM"]);
        assert_eq!(group_codes(tx.groups_owned_by(tree.tuyen_quang.id).await.unwrap()), ["TQ-PHUONG"]);
        assert_eq!(codes(&tx.group_members(pilots.id).await.unwrap()), ["02293", "02509", "26068"]);
        assert_eq!(tx.group_members(mountains.id).await.unwrap()[0], tree.tuyen_quang);
        assert_eq!(group_codes(tx.groups_of_unit(tree.minh_xuan.id).await.unwrap()), ["THI-DIEM", "TQ-PHUONG"]);
    })
    .await;

    let removed = write(store, async |tx: &mut Tx| {
        (
            tx.remove_group_member(mountains.id, tree.centre.id).await.unwrap(),
            tx.remove_group_member(mountains.id, tree.centre.id).await.unwrap(),
        )
    })
    .await;
    assert_eq!(removed, (true, false));

    // Minh Xuân merges into Hùng Lợi: Hùng Lợi is already in one of its groups and must appear there once.
    write(store, async |tx: &mut Tx| tx.move_group_memberships(tree.minh_xuan.id, tree.hung_loi.id).await.unwrap())
        .await;
    read(store, async |tx: &mut Tx| {
        assert!(tx.groups_of_unit(tree.minh_xuan.id).await.unwrap().is_empty());
        assert_eq!(group_codes(tx.groups_of_unit(tree.hung_loi.id).await.unwrap()), ["THI-DIEM", "TQ-PHUONG"]);
        assert_eq!(codes(&tx.group_members(pilots.id).await.unwrap()), ["02293", "26068"]);
        assert_eq!(codes(&tx.group_members(local.id).await.unwrap()), ["02293"]);
        assert_eq!(codes(&tx.group_members(mountains.id).await.unwrap()), ["08"]);
    })
    .await;
}

conformance!(committee_upsert_replaces, committee_members_in_order, groups_and_memberships);
