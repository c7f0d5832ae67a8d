//! The built-in administrative units: 34 provinces and 3,321 communes under the root.

use std::collections::HashMap;

use nqtrack_app::demo::{ROOT_CODE, Scale};
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_store::{Liveness, Unit};

use crate::support::Harness;

const PROVINCES: &str = include_str!("../../../../data/vn-admin/provinces.csv");
const COMMUNES: &str = include_str!("../../../../data/vn-admin/communes.csv");

/// The data rows of one of the data files (no field holds a comma or a quote).
fn rows(csv: &str) -> Vec<Vec<&str>> {
    csv.lines().skip(1).filter(|line| !line.trim().is_empty()).map(|line| line.split(',').collect()).collect()
}

/// The kind a Vietnamese type name in the data files stands for.
fn kind(type_name: &str) -> UnitKind {
    match type_name {
        "Tỉnh" => UnitKind::Province,
        "Thành phố" => UnitKind::City,
        "Xã" => UnitKind::Commune,
        "Phường" => UnitKind::Ward,
        "Đặc khu" => UnitKind::SpecialZone,
        other => panic!("unexpected type {other:?} in the data files"),
    }
}

async fn every_real_unit_is_loaded_in_place(h: Harness) {
    let units = h.app.store().read().await.expect("read").live_units().await.expect("read units");
    let by_code: HashMap<&str, &Unit> = units.iter().map(|u| (u.code.as_str(), u)).collect();
    let provinces = rows(PROVINCES);
    let communes = rows(COMMUNES);
    assert_eq!((provinces.len(), communes.len()), (34, 3_321));
    assert_eq!(units.len(), 1 + 34 + 3_321, "the root, the provinces and the communes, nothing else");
    assert_eq!(by_code.len(), units.len(), "codes are unique");

    let root = by_code[ROOT_CODE];
    assert_eq!((root.parent_id, root.level, root.kind), (None, Level::Central, UnitKind::Central));
    for row in &provinces {
        let [code, name, type_name] = row[..] else { panic!("bad province row {row:?}") };
        let unit = by_code.get(code).unwrap_or_else(|| panic!("province {code} missing"));
        assert_eq!((unit.name.as_str(), unit.kind, unit.level), (name, kind(type_name), Level::Province), "{code}");
        assert_eq!(unit.parent_id, Some(root.id), "{code}");
        assert_eq!(unit.path, root.path.child(unit.id), "{code}");
    }
    for row in &communes {
        let [code, name, type_name, province] = row[..] else { panic!("bad commune row {row:?}") };
        let unit = by_code.get(code).unwrap_or_else(|| panic!("commune {code} missing"));
        let province = by_code[province];
        assert_eq!((unit.name.as_str(), unit.kind, unit.level), (name, kind(type_name), Level::Commune), "{code}");
        assert_eq!(unit.parent_id, Some(province.id), "{code}");
        assert_eq!(unit.path, province.path.child(unit.id), "{code}");
    }
    let special_zones = units.iter().filter(|u| u.kind == UnitKind::SpecialZone).count();
    assert_eq!(special_zones, communes.iter().filter(|r| r[2] == "Đặc khu").count());
    assert_eq!(h.unit("22736").await.kind, UnitKind::SpecialZone, "Trường Sa is a special zone");

    // The use cases see the same tree.
    let top = h.app.browse_units(&h.operator, Some(root.id), Liveness::Live).await.expect("browse");
    assert_eq!(top.len(), 34);
    let tuyen_quang = top.iter().find(|p| p.unit.code == "08").expect("Tuyên Quang is a province");
    let its_communes = communes.iter().filter(|r| r[3] == "08").count();
    assert_eq!(tuyen_quang.live_children, its_communes as i64);
    let (_, total) = h.app.subtree(&h.operator, root.id, 1, 0).await.expect("subtree");
    assert_eq!(total, 1 + 34 + 3_321);
}

async fn seeding_twice_changes_nothing(h: Harness) {
    let root = h.unit(ROOT_CODE).await;
    let audit_before = h.audit_seq().await;
    let units_before = h.app.subtree(&h.operator, root.id, 1, 0).await.expect("subtree").1;
    let logins = h.app.seed_demo(&h.operator, Scale::Small).await.expect("seed again");
    assert_eq!(logins.len(), 7, "the demo accounts are listed again");
    assert_eq!(h.app.load_vn_admin(&h.operator).await.expect("load again"), 0);
    assert_eq!(h.app.ensure_root(&h.operator).await.expect("root").id, root.id);
    assert_eq!(h.audit_seq().await, audit_before, "nothing was written");
    assert_eq!(h.app.subtree(&h.operator, root.id, 1, 0).await.expect("subtree").1, units_before);
}

both!(every_real_unit_is_loaded_in_place, seeding_twice_changes_nothing);
