//! Reorganisation events and the lineage between units.

use jiff::civil::date;
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_store::{LineageLink, Tx, UnitEvent};
use uuid::Uuid;

use crate::support::{TestStore, Tree, at, insert_units, read, unit, update_unit, write};

fn event(kind: &str, effective_on: jiff::civil::Date, unit_id: Option<Uuid>, names: Option<(&str, &str)>) -> UnitEvent {
    UnitEvent {
        id: Uuid::now_v7(),
        kind: kind.to_owned(),
        effective_on,
        reason: "Nghị quyết số 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh".to_owned(),
        unit_id,
        old_name: names.map(|(old, _)| old.to_owned()),
        new_name: names.map(|(_, new)| new.to_owned()),
        actor_id: Some(Uuid::now_v7()),
        created_at: at(30),
    }
}

async fn lineage_names_both_sides(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let tq = &tree.tuyen_quang;
    let mut ha_giang = unit("02", "Hà Giang", UnitKind::Province, Level::Province, Some(&tree.centre));
    insert_units(store, &[&ha_giang]).await;
    ha_giang.dissolved_on = Some(date(2025, 7, 1));
    update_unit(store, &ha_giang).await;

    let merge = event("merge", date(2025, 7, 1), None, None);
    let later_rename = event("rename", date(2026, 1, 1), Some(tq.id), Some(("Tuyên Quang", "Tỉnh Tuyên Quang")));
    let rename = event("rename", date(2025, 7, 1), Some(tq.id), Some(("Tuyên Quang cũ", "Tuyên Quang")));
    write(store, async |tx: &mut Tx| {
        for e in [&merge, &later_rename, &rename] {
            tx.insert_unit_event(e).await.unwrap();
        }
        tx.insert_lineage(merge.id, ha_giang.id, tq.id).await.unwrap();
    })
    .await;

    let expected = LineageLink {
        event_id: merge.id,
        kind: "merge".to_owned(),
        effective_on: date(2025, 7, 1),
        predecessor_id: ha_giang.id,
        predecessor_code: "02".to_owned(),
        predecessor_name: "Hà Giang".to_owned(),
        successor_id: tq.id,
        successor_code: "08".to_owned(),
        successor_name: "Tuyên Quang".to_owned(),
    };
    read(store, async |tx: &mut Tx| {
        assert_eq!(
            tx.lineage(ha_giang.id).await.unwrap(),
            std::slice::from_ref(&expected),
            "seen from the predecessor"
        );
        assert_eq!(tx.lineage(tq.id).await.unwrap(), std::slice::from_ref(&expected), "seen from the successor");
        assert!(tx.lineage(tree.dong_nai.id).await.unwrap().is_empty());

        assert_eq!(tx.unit_events(tq.id).await.unwrap(), [rename.clone(), later_rename.clone()], "oldest first");
        assert!(tx.unit_events(ha_giang.id).await.unwrap().is_empty(), "the merge names no single unit");
    })
    .await;
}

async fn split_lineage_lists_every_successor(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let split = event("split", date(2025, 7, 1), None, None);
    let earlier = event("merge", date(2025, 6, 1), None, None);
    write(store, async |tx: &mut Tx| {
        tx.insert_unit_event(&split).await.unwrap();
        tx.insert_unit_event(&earlier).await.unwrap();
        tx.insert_lineage(split.id, tree.science_dept.id, tree.digital_centre.id).await.unwrap();
        tx.insert_lineage(split.id, tree.science_dept.id, tree.minh_xuan.id).await.unwrap();
        tx.insert_lineage(earlier.id, tree.hung_loi.id, tree.science_dept.id).await.unwrap();
    })
    .await;
    read(store, async |tx: &mut Tx| {
        let links = tx.lineage(tree.science_dept.id).await.unwrap();
        let edges: Vec<_> =
            links.iter().map(|l| (l.kind.as_str(), l.predecessor_code.as_str(), l.successor_code.as_str())).collect();
        assert_eq!(edges.len(), 3);
        assert_eq!(edges[0], ("merge", "02293", "08-KHCN"), "by effective date");
        let mut split_edges = edges[1..].to_vec();
        split_edges.sort();
        assert_eq!(split_edges, [("split", "08-KHCN", "02509"), ("split", "08-KHCN", "08-KHCN-CDS")]);
        let centre_links = tx.lineage(tree.digital_centre.id).await.unwrap();
        assert_eq!(centre_links.len(), 1);
        assert_eq!(centre_links[0].successor_name, "Trung tâm Chuyển đổi số");
    })
    .await;
}

conformance!(lineage_names_both_sides, split_lineage_lists_every_successor);
