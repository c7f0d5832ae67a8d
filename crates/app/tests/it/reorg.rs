//! Merging, splitting and renaming: old units are closed, never deleted, and hand over what they held.

use nqtrack_app::{GroupInput, MergeInput, RenameInput, SplitInput, SuccessorInput};
use nqtrack_domain::unit::Level;
use nqtrack_domain::user::Role;
use nqtrack_store::{LineageLink, Liveness, Unit};

use crate::support::{Harness, assert_denied, assert_invalid, codes, new_unit};

fn merge(source: &Unit, target: &Unit, effective_on: &str) -> MergeInput {
    MergeInput {
        source_ids: vec![source.id],
        target_id: target.id,
        effective_on: effective_on.into(),
        reason: "Nghị quyết sắp xếp đơn vị hành chính".into(),
    }
}

/// A lineage edge as `(kind, predecessor code, successor code)`.
fn edges(lineage: &[LineageLink]) -> Vec<(&str, &str, &str)> {
    lineage.iter().map(|l| (l.kind.as_str(), l.predecessor_code.as_str(), l.successor_code.as_str())).collect()
}

async fn merging_hands_everything_to_the_target(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let communes = h.communes("08").await;
    // The demo reporter works in the first commune.
    let (source, target) = (&communes[0], &communes[1]);
    let office = h.app.create_unit(&coordinator, new_unit("08-VP-A", "Văn phòng A", "agency", source)).await.unwrap();
    let official = h.add_user("canbo.xa.a", source, "").await;
    // The demo reporter also reports for the target: after the merge one role there remains.
    let reporter_id = h.user("tuyenquang.xa").await.id;
    h.app.grant_role(&coordinator, reporter_id, "reporter", target.id).await.expect("grant");
    let province = h.unit("08").await;
    let group = GroupInput { code: "08-NHOM".into(), name: "Xã miền núi".into() };
    let group = h.app.create_group(&coordinator, province.id, group).await.expect("group");
    for member in [source, target] {
        h.app.set_group_member(&coordinator, group.id, member.id, true).await.expect("add to group");
    }

    let event = h.app.merge_units(&coordinator, merge(source, target, "22/11/2026")).await.expect("merge");
    assert_eq!((event.kind.as_str(), event.effective_on), ("merge", h.today()));

    let closed = h.app.unit_by_code(&coordinator, &source.code).await.expect("still found by its code");
    assert_eq!((closed.id, closed.dissolved_on), (source.id, Some(h.today())));
    assert_eq!(h.unit_by_id(target.id).await.dissolved_on, None);
    let office = h.unit_by_id(office.id).await;
    assert_eq!(office.parent_id, Some(target.id));
    assert_eq!(office.path, target.path.child(office.id));

    assert_eq!(h.unit_by_id(h.user("canbo.xa.a").await.unit_id).await.id, target.id);
    assert_eq!(h.user("canbo.xa.a").await.id, official.id);
    let details = h.app.user_details(&coordinator, reporter_id).await.expect("user");
    assert_eq!(details.user.unit_id, target.id, "the reporter moved");
    let grants: Vec<_> = details.grants.iter().map(|g| (g.role, g.unit_id)).collect();
    assert_eq!(grants, [(Role::Reporter, target.id)], "the roles moved, without a duplicate");
    let (_, members) = h.app.group_members(&coordinator, group.id).await.expect("group");
    assert_eq!(codes(&members), [target.code.as_str()], "group memberships moved");
    let reporter = h.actor("tuyenquang.xa").await;
    h.app.unit_details(&reporter, target.id).await.expect("the reporter now works in the target");

    let expected = [("merge", source.code.as_str(), target.code.as_str())];
    let source_details = h.app.unit_details(&coordinator, source.id).await.expect("details");
    assert_eq!(edges(&source_details.lineage), expected);
    assert!(source_details.children.is_empty(), "nothing is left under the closed unit");
    assert_eq!(edges(&h.app.unit_details(&coordinator, target.id).await.expect("details").lineage), expected);

    let live = h.app.search_units(&coordinator, &source.code, None, Liveness::Live).await.expect("search");
    assert!(!codes(&live).contains(&source.code.as_str()), "{:?}", codes(&live));
    let all = h.app.search_units(&coordinator, &source.code, None, Liveness::All).await.expect("search");
    assert!(all.iter().any(|u| u.id == source.id), "{:?}", codes(&all));
    let live = h.app.browse_units(&coordinator, Some(province.id), Liveness::Live).await.expect("browse");
    let all = h.app.browse_units(&coordinator, Some(province.id), Liveness::All).await.expect("browse");
    assert_eq!((live.len() + 1, all.len()), (communes.len(), communes.len()));

    let again = h.app.merge_units(&coordinator, merge(source, target, "2026-11-22")).await;
    assert_invalid(again, &[("sources[0]", "unit-dissolved")]);
    let new_office = new_unit("08-VP-B", "Văn phòng B", "agency", source);
    assert_invalid(h.app.create_unit(&coordinator, new_office).await, &[("parent_id", "unit-dissolved")]);
}

async fn merge_rules_are_enforced(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let communes = h.communes("08").await;
    let (source, target) = (&communes[2], &communes[3]);
    let audit_before = h.audit_seq().await;

    let across_levels = h.app.merge_units(&coordinator, merge(source, &province, "2026-11-22")).await;
    assert_invalid(across_levels, &[("sources[0]", "merge-level-mismatch")]);
    let tomorrow = h.app.merge_units(&coordinator, merge(source, target, "2026-11-23")).await;
    assert_invalid(tomorrow, &[("effective_on", "date-in-future")]);
    let into_itself = h.app.merge_units(&coordinator, merge(source, source, "2026-11-22")).await;
    assert_invalid(into_itself, &[("sources[0]", "merge-into-itself")]);
    assert_invalid(h.app.merge_units(&coordinator, merge(source, target, "")).await, &[("effective_on", "required")]);
    let hanoi_coordinator = h.actor("hanoi.thuongtruc").await;
    assert_denied(h.app.merge_units(&hanoi_coordinator, merge(source, target, "2026-11-22")).await);
    let hanoi_commune = &h.communes("01").await[0];
    assert_denied(h.app.merge_units(&coordinator, merge(source, hanoi_commune, "2026-11-22")).await);

    assert_eq!(h.unit_by_id(source.id).await.dissolved_on, None);
    assert_eq!(h.audit_seq().await, audit_before, "nothing was recorded");
}

async fn splitting_creates_successors(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let source = h.communes("08").await[4].clone();
    for code in ["08-X", "08-Y"] {
        h.app.create_unit(&coordinator, new_unit(code, "Trung tâm", "agency", &source)).await.expect("create");
    }
    let successor = |code: &str, name: &str, children: &[&str]| SuccessorInput {
        code: code.into(),
        name: name.into(),
        kind: "Xã".into(),
        children: children.iter().map(|c| (*c).to_owned()).collect(),
    };
    let input = SplitInput {
        source_id: source.id,
        successors: vec![successor("08-S1", "Xã Một", &[]), successor("08-S2", "Xã Hai", &["08-X"])],
        effective_on: "2026-11-22".into(),
        reason: String::new(),
    };
    let (event, successors) = h.app.split_unit(&coordinator, input).await.expect("split");
    assert_eq!(event.kind, "split");
    assert_eq!(codes(&successors), ["08-S1", "08-S2"]);
    for unit in &successors {
        let stored = h.unit_by_id(unit.id).await;
        assert_eq!((stored.level, stored.parent_id), (Level::Commune, Some(province.id)));
        assert_eq!((stored.established_on, stored.dissolved_on), (Some(h.today()), None));
    }
    assert_eq!(h.unit_by_id(source.id).await.dissolved_on, Some(h.today()));
    assert_eq!(h.unit("08-X").await.parent_id, Some(successors[1].id), "listed children go where listed");
    assert_eq!(h.unit("08-Y").await.parent_id, Some(successors[0].id), "the others go to the first");
    assert_eq!(h.unit("08-Y").await.path, successors[0].path.child(h.unit("08-Y").await.id));

    let lineage = h.app.unit_details(&coordinator, source.id).await.expect("details").lineage;
    let mut lineage = edges(&lineage);
    lineage.sort();
    assert_eq!(lineage, [("split", source.code.as_str(), "08-S1"), ("split", source.code.as_str(), "08-S2")]);

    let other = &h.communes("08").await[0];
    let one = SplitInput {
        source_id: other.id,
        successors: vec![successor("08-S3", "Xã Ba", &[])],
        effective_on: "2026-11-22".into(),
        reason: String::new(),
    };
    assert_invalid(h.app.split_unit(&coordinator, one).await, &[("successors", "split-needs-two")]);
    assert!(!h.unit_exists("08-S3").await);
}

async fn renaming_keeps_the_former_name(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let unit = h.communes("08").await[5].clone();
    let rename =
        |name: &str| RenameInput { name: name.into(), effective_on: "22/11/2026".into(), reason: String::new() };
    let renamed = h.app.rename_unit(&coordinator, unit.id, rename("Xã Đổi Mới")).await.expect("rename");
    assert_eq!((renamed.id, renamed.code.as_str(), renamed.name.as_str()), (unit.id, unit.code.as_str(), "Xã Đổi Mới"));
    assert_eq!(h.unit_by_id(unit.id).await.name, "Xã Đổi Mới");
    let yesterday = h.today().yesterday().expect("a date");
    assert_eq!(h.app.unit_name_as_of(&h.operator, unit.id, yesterday).await.expect("name"), unit.name);
    assert_eq!(h.app.unit_name_as_of(&h.operator, unit.id, h.today()).await.expect("name"), "Xã Đổi Mới");

    let details = h.app.unit_details(&coordinator, unit.id).await.expect("details");
    let [event] = &details.renames[..] else { panic!("one rename expected: {:?}", details.renames) };
    assert_eq!((event.old_name.as_deref(), event.new_name.as_deref()), (Some(unit.name.as_str()), Some("Xã Đổi Mới")));
    let found = h.app.search_units(&coordinator, "doi moi", None, Liveness::Live).await.expect("search");
    assert!(found.iter().any(|u| u.id == unit.id), "searched by the new name");

    assert_invalid(h.app.rename_unit(&coordinator, unit.id, rename("Xã Đổi Mới")).await, &[("name", "name-unchanged")]);
    let future = RenameInput { effective_on: "01/01/2027".into(), ..rename("Xã Tương Lai") };
    assert_invalid(h.app.rename_unit(&coordinator, unit.id, future).await, &[("effective_on", "date-in-future")]);
}

/// A split creates units beside the source, under its parent: like creating them, it needs the right
/// to manage that parent, so a provincial coordinator cannot add provinces under the centre.
async fn splitting_needs_rights_at_the_parent(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let successor = |code: &str| SuccessorInput {
        code: code.into(),
        name: format!("Tỉnh {code}"),
        kind: "tinh".into(),
        children: vec![],
    };
    let input = SplitInput {
        source_id: province.id,
        successors: vec![successor("08A"), successor("08B")],
        effective_on: "2026-11-22".into(),
        reason: String::new(),
    };
    assert_denied(h.app.split_unit(&coordinator, input).await);
    assert!(!h.unit_exists("08A").await && !h.unit_exists("08B").await);
    assert_eq!(h.unit_by_id(province.id).await.dissolved_on, None);
}

both!(
    merging_hands_everything_to_the_target,
    merge_rules_are_enforced,
    splitting_creates_successors,
    renaming_keeps_the_former_name,
    splitting_needs_rights_at_the_parent,
);
