//! Creating and moving units: who may, what is checked, what is recorded.

use nqtrack_app::UnitInput;
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_store::Liveness;

use crate::support::{Harness, assert_denied, assert_invalid, codes, new_unit};

async fn a_coordinator_creates_units_in_their_province(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let input = UnitInput {
        established_on: "01/07/2025".into(),
        ..new_unit("08-KHCN", "  Sở Khoa học và Công nghệ ", "Sở", &province)
    };
    let unit = h.app.create_unit(&coordinator, input).await.expect("create");
    assert_eq!(unit.name, "Sở Khoa học và Công nghệ", "names are trimmed");
    assert_eq!(
        (unit.kind, unit.level),
        (UnitKind::Department, Level::Province),
        "a department takes its parent's level"
    );
    assert_eq!(unit.parent_id, Some(province.id));
    assert_eq!(unit.path, province.path.child(unit.id));
    assert_eq!(unit.established_on, Some(jiff::civil::date(2025, 7, 1)));
    assert_eq!(h.unit("08-KHCN").await, unit, "stored as returned");

    let history = h.app.object_history(&coordinator, "unit", &unit.id.to_string(), None).await.expect("history");
    let [entry] = &history[..] else { panic!("one entry expected: {history:?}") };
    assert_eq!(entry.action, "unit.create");
    assert_eq!(entry.actor_name, "tuyenquang.thuongtruc");
    assert_eq!(entry.actor_id, Some(h.user("tuyenquang.thuongtruc").await.id));
    assert_eq!(entry.seq, h.audit_seq().await, "the newest entry");

    // A level below the parent's is fine: a commune-level agency under the department.
    let mut below = new_unit("08-KHCN-CDS", "Trung tâm Chuyển đổi số", "agency", &unit);
    below.level = "commune".into();
    let below = h.app.create_unit(&coordinator, below).await.expect("create below");
    assert_eq!(below.level, Level::Commune);
    let children = h.app.browse_units(&coordinator, Some(unit.id), Liveness::Live).await.expect("browse");
    assert_eq!(codes(&children), ["08-KHCN-CDS"]);
}

async fn only_managers_of_the_parent_create_units(h: Harness) {
    let province = h.unit("08").await;
    for username in ["hanoi.thuongtruc", "tuyenquang.xa", "tuyenquang.kiemtra", "tuyenquang.lanhdao"] {
        let actor = h.actor(username).await;
        let result = h.app.create_unit(&actor, new_unit("08-X", "Trung tâm X", "agency", &province)).await;
        assert_denied(result);
    }
    assert!(!h.unit_exists("08-X").await);
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let root = UnitInput { parent_id: None, ..new_unit("TW2", "Ban khác", "central", &province) };
    assert_denied(h.app.create_unit(&coordinator, root).await);
}

async fn invalid_units_are_refused_with_every_reason(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let commune = &h.communes("08").await[0];
    let taken = h.app.create_unit(&coordinator, new_unit(&commune.code, "Trùng mã", "xa", &province)).await;
    assert_invalid(taken, &[("code", "code-taken")]);

    let mut central = new_unit("08-TW", "Cấp trên", "agency", &province);
    central.level = "central".into();
    assert_invalid(h.app.create_unit(&coordinator, central).await, &[("level", "level-above-parent")]);
    let province_under_commune = new_unit("08-P", "Tỉnh con", "tinh", commune);
    assert_invalid(h.app.create_unit(&coordinator, province_under_commune).await, &[("level", "level-above-parent")]);

    let both = h.app.create_unit(&coordinator, new_unit("a b", "   ", "agency", &province)).await;
    assert_invalid(both, &[("code", "unit-code-format"), ("name", "required")]);
    let mut bad = new_unit("08-Y", "Đơn vị Y", "village", &province);
    bad.established_on = "31/02/2026".into();
    assert_invalid(
        h.app.create_unit(&coordinator, bad).await,
        &[("kind", "unit-kind-unknown"), ("established_on", "date-format")],
    );
    for code in ["08-TW", "08-P", "08-Y"] {
        assert!(!h.unit_exists(code).await, "{code} was not written");
    }
}

async fn a_unit_cannot_move_under_itself(h: Harness) {
    let admin = h.actor("admin").await;
    let province = h.unit("08").await;
    let commune = &h.communes("08").await[0];
    assert_invalid(h.app.move_unit(&admin, province.id, commune.id).await, &[("parent", "unit-cycle")]);
    assert_invalid(h.app.move_unit(&admin, province.id, province.id).await, &[("parent", "unit-cycle")]);
    assert_eq!(h.unit_by_id(province.id).await, province, "unchanged");
}

async fn moving_a_commune_carries_its_subtree(h: Harness) {
    let admin = h.actor("admin").await;
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let hanoi_coordinator = h.actor("hanoi.thuongtruc").await;
    let (tuyen_quang, hanoi) = (h.unit("08").await, h.unit("01").await);
    let commune = h.communes("08").await[1].clone();
    let office = h.app.create_unit(&admin, new_unit("VP-X", "Văn phòng", "agency", &commune)).await.expect("create");

    assert_denied(h.app.move_unit(&coordinator, commune.id, hanoi.id).await);
    let moved = h.app.move_unit(&admin, commune.id, hanoi.id).await.expect("move");
    assert_eq!(moved.parent_id, Some(hanoi.id));
    assert_eq!(moved.path, hanoi.path.child(commune.id));
    let office = h.unit_by_id(office.id).await;
    assert_eq!(office.path, moved.path.child(office.id), "the sub-unit moved along");
    assert_eq!(office.parent_id, Some(commune.id));

    let (in_hanoi, _) = h.app.subtree(&admin, hanoi.id, 10_000, 0).await.expect("subtree");
    assert!(codes(&in_hanoi).contains(&commune.code.as_str()) && codes(&in_hanoi).contains(&"VP-X"));
    let (in_tuyen_quang, _) = h.app.subtree(&admin, tuyen_quang.id, 10_000, 0).await.expect("subtree");
    assert!(!codes(&in_tuyen_quang).contains(&commune.code.as_str()));
    assert!(!codes(&in_tuyen_quang).contains(&"VP-X"));

    assert_denied(h.app.unit_details(&coordinator, office.id).await);
    h.app.unit_details(&hanoi_coordinator, office.id).await.expect("now Hà Nội's");
    let history = h.app.object_history(&admin, "unit", &commune.id.to_string(), None).await.expect("history");
    assert_eq!(history[0].action, "unit.move");
    let nowhere = h.app.move_unit(&admin, commune.id, uuid::Uuid::now_v7()).await;
    assert_invalid(nowhere, &[("parent_id", "not-found")]);
}

both!(
    a_coordinator_creates_units_in_their_province,
    only_managers_of_the_parent_create_units,
    invalid_units_are_refused_with_every_reason,
    a_unit_cannot_move_under_itself,
    moving_a_commune_carries_its_subtree,
);
