//! Units and the tree: look-ups, subtree ranges, scopes, search, uniqueness of live codes, moves.

use jiff::civil::date;
use nqtrack_domain::policy::Scope;
use nqtrack_domain::text::query_terms;
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_store::{Liveness, StoreError, Tx, Unit};
use uuid::Uuid;

use crate::support::{TestStore, Tree, at, codes, fetch_unit, insert_units, read, unit, update_unit, within, write};

async fn insert_and_read_back(store: &TestStore) {
    let tree = Tree::insert(store).await;
    read(store, async |tx: &mut Tx| {
        for expected in tree.all() {
            assert_eq!(tx.unit(expected.id).await.unwrap().as_ref(), Some(expected));
            assert_eq!(tx.unit_by_code(&expected.code).await.unwrap().as_ref(), Some(expected));
        }
        assert_eq!(tx.unit(Uuid::now_v7()).await.unwrap(), None);
        assert_eq!(tx.unit_by_code("99").await.unwrap(), None);
        assert_eq!(
            codes(&tx.live_units().await.unwrap()),
            ["02293", "02509", "08", "08-KHCN", "08-KHCN-CDS", "26068", "75", "TW"]
        );
    })
    .await;
}

async fn children_count_live_children(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let mut hung_loi = tree.hung_loi.clone();
    hung_loi.dissolved_on = Some(date(2025, 8, 1));
    update_unit(store, &hung_loi).await;

    read(store, async |tx: &mut Tx| {
        let roots = tx.root_units(Liveness::Live).await.unwrap();
        assert_eq!(codes(&roots), ["TW"]);
        assert_eq!(roots[0].live_children, 2);

        let provinces = tx.children(tree.centre.id, Liveness::Live).await.unwrap();
        let counts: Vec<_> = provinces.iter().map(|p| (p.unit.code.as_str(), p.live_children)).collect();
        // Hùng Lợi is dissolved: Tuyên Quang keeps two live children.
        assert_eq!(counts, [("08", 2), ("75", 1)]);

        assert_eq!(codes(&tx.children(tree.tuyen_quang.id, Liveness::Live).await.unwrap()), ["02509", "08-KHCN"]);
        let all = tx.children(tree.tuyen_quang.id, Liveness::All).await.unwrap();
        assert_eq!(codes(&all), ["02293", "02509", "08-KHCN"]);
        assert_eq!(all[0].unit, hung_loi);
        assert_eq!(all[2].live_children, 1);
        assert!(tx.children(tree.dong_phu.id, Liveness::All).await.unwrap().is_empty());
    })
    .await;
}

async fn unit_by_code_prefers_the_live_unit(store: &TestStore) {
    let mut ha_giang = unit("02", "Hà Giang", UnitKind::Province, Level::Province, None);
    insert_units(store, &[&ha_giang]).await;

    // A second live unit with the code is refused, on insert and on update.
    let mut successor = unit("02", "Hà Giang mới", UnitKind::Province, Level::Province, None);
    let mut tx = store.write().await.unwrap();
    let refused = tx.insert_unit(&successor).await;
    assert!(matches!(&refused, Err(StoreError::Conflict { constraint }) if constraint.contains("code")), "{refused:?}");
    drop(tx);
    let mut other = unit("10", "Lào Cai", UnitKind::Province, Level::Province, None);
    insert_units(store, &[&other]).await;
    other.code = "02".to_owned();
    let mut tx = store.write().await.unwrap();
    let refused = tx.update_unit(&other).await;
    assert!(matches!(&refused, Err(StoreError::Conflict { constraint }) if constraint.contains("code")), "{refused:?}");
    drop(tx);

    // Once the first is dissolved, the code is free for a new unit, which then answers to it.
    ha_giang.dissolved_on = Some(date(2025, 7, 1));
    update_unit(store, &ha_giang).await;
    insert_units(store, &[&successor]).await;
    let by_code = async || read(store, async |tx: &mut Tx| tx.unit_by_code("02").await.unwrap()).await;
    assert_eq!(by_code().await.map(|u| u.id), Some(successor.id));

    // With no live unit left, the most recently dissolved one answers.
    successor.dissolved_on = Some(date(2025, 3, 1));
    update_unit(store, &successor).await;
    assert_eq!(by_code().await.map(|u| u.id), Some(ha_giang.id));
    ha_giang.dissolved_on = Some(date(2024, 12, 31));
    update_unit(store, &ha_giang).await;
    assert_eq!(by_code().await.map(|u| u.id), Some(successor.id));
}

async fn subtree_ranges_scopes_and_liveness(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let mut minh_xuan = tree.minh_xuan.clone();
    minh_xuan.dissolved_on = Some(date(2025, 9, 1));
    update_unit(store, &minh_xuan).await;

    read(store, async |tx: &mut Tx| {
        let tq = &tree.tuyen_quang.path;
        let everything = Scope::Everything;
        let subtree = tx.subtree(tq, &everything, Liveness::All, 100, 0).await.unwrap();
        assert_eq!(codes(&subtree), ["08", "02509", "02293", "08-KHCN", "08-KHCN-CDS"]);
        assert!(subtree.windows(2).all(|w| w[0].path < w[1].path), "path order");
        assert_eq!(subtree[1], minh_xuan);
        assert_eq!(tx.count_subtree(tq, &everything, Liveness::All).await.unwrap(), 5);

        let whole = tx.subtree(&tree.centre.path, &everything, Liveness::All, 100, 0).await.unwrap();
        assert_eq!(codes(&whole), ["TW", "08", "02509", "02293", "08-KHCN", "08-KHCN-CDS", "75", "26068"]);
        let leaf = tx.subtree(&tree.dong_phu.path, &everything, Liveness::All, 100, 0).await.unwrap();
        assert_eq!(codes(&leaf), ["26068"]);

        // Liveness.
        let live = tx.subtree(tq, &everything, Liveness::Live, 100, 0).await.unwrap();
        assert_eq!(codes(&live), ["08", "02293", "08-KHCN", "08-KHCN-CDS"]);
        assert_eq!(tx.count_subtree(tq, &everything, Liveness::Live).await.unwrap(), 4);

        // Paging.
        let page = tx.subtree(tq, &everything, Liveness::All, 2, 2).await.unwrap();
        assert_eq!(codes(&page), ["02293", "08-KHCN"]);

        // A scope of one subtree and one exact unit.
        let scope = within(&[&tree.science_dept], &[&tree.hung_loi]);
        assert_eq!(
            codes(&tx.subtree(tq, &scope, Liveness::All, 100, 0).await.unwrap()),
            ["02293", "08-KHCN", "08-KHCN-CDS"]
        );
        assert_eq!(tx.count_subtree(tq, &scope, Liveness::All).await.unwrap(), 3);
        // An exact unit does not reach below it.
        let exact = within(&[], &[&tree.tuyen_quang]);
        assert_eq!(codes(&tx.subtree(&tree.centre.path, &exact, Liveness::All, 100, 0).await.unwrap()), ["08"]);
        // Scope and root together: the other province's subtree is outside the root.
        let elsewhere = within(&[&tree.dong_nai], &[]);
        assert!(tx.subtree(tq, &elsewhere, Liveness::All, 100, 0).await.unwrap().is_empty());
        assert_eq!(tx.count_subtree(&tree.centre.path, &elsewhere, Liveness::All).await.unwrap(), 2);
        // An empty scope shows nothing.
        let nothing = within(&[], &[]);
        assert!(tx.subtree(tq, &nothing, Liveness::All, 100, 0).await.unwrap().is_empty());
        assert_eq!(tx.count_subtree(tq, &nothing, Liveness::All).await.unwrap(), 0);
    })
    .await;
}

async fn ancestors_root_first(store: &TestStore) {
    let tree = Tree::insert(store).await;
    read(store, async |tx: &mut Tx| {
        let ancestors = tx.ancestors(&tree.digital_centre.path).await.unwrap();
        assert_eq!(codes(&ancestors), ["TW", "08", "08-KHCN", "08-KHCN-CDS"]);
        assert_eq!(codes(&tx.ancestors(&tree.centre.path).await.unwrap()), ["TW"]);
    })
    .await;
}

/// Search by `query` (folded like user input) with the given bounds, as codes.
async fn search(tx: &mut Tx, query: &str, within: Option<&Unit>, scope: &Scope, liveness: Liveness) -> Vec<String> {
    let found = tx.search_units(&query_terms(query), within.map(|u| &u.path), scope, liveness, 50).await.unwrap();
    found.into_iter().map(|u| u.code).collect()
}

async fn search_folds_prefixes_codes_and_kinds(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let mut hung_loi = tree.hung_loi.clone();
    hung_loi.dissolved_on = Some(date(2025, 8, 1));
    update_unit(store, &hung_loi).await;

    read(store, async |tx: &mut Tx| {
        let all = Scope::Everything;
        let (any, live) = (Liveness::All, Liveness::Live);
        assert_eq!(search(tx, "tuyen quang", None, &all, any).await, ["08"]);
        assert_eq!(search(tx, "Tuyên Quang", None, &all, any).await, ["08"]);
        assert_eq!(search(tx, "TUY", None, &all, any).await, ["08"], "word prefix");
        assert_eq!(search(tx, "quang tuyen", None, &all, any).await, ["08"], "word order");
        assert!(search(tx, "uyen", None, &all, any).await.is_empty(), "only word prefixes match");
        assert!(search(tx, "tuyen nai", None, &all, any).await.is_empty(), "every word must match");
        assert!(search(tx, "Hà Nội", None, &all, any).await.is_empty());
        assert!(search(tx, " ,.! ", None, &all, any).await.is_empty());
        assert_eq!(search(tx, "đồng", None, &all, any).await, ["75", "26068"], "đ folds to d; shallow first");
        assert_eq!(search(tx, "chuyen doi so", None, &all, any).await, ["08-KHCN-CDS"]);
        // Codes.
        assert_eq!(search(tx, "26068", None, &all, any).await, ["26068"]);
        assert_eq!(search(tx, "08", None, &all, any).await, ["08", "08-KHCN", "08-KHCN-CDS"]);
        assert_eq!(search(tx, "khcn cds", None, &all, any).await, ["08-KHCN-CDS"]);
        // Kind words: no name below contains "xã" or "tỉnh".
        assert_eq!(search(tx, "xa dong phu", None, &all, any).await, ["26068"]);
        assert_eq!(search(tx, "tinh", None, &all, any).await, ["08", "75"]);
        assert_eq!(search(tx, "xã", None, &all, any).await, ["02293", "26068"]);
        // Liveness, root and scope.
        assert_eq!(search(tx, "xa", None, &all, live).await, ["26068"]);
        assert_eq!(search(tx, "xa", Some(&tree.tuyen_quang), &all, any).await, ["02293"]);
        assert!(search(tx, "xa", Some(&tree.tuyen_quang), &all, live).await.is_empty());
        assert_eq!(search(tx, "xa", None, &within(&[&tree.dong_nai], &[]), any).await, ["26068"]);
        assert_eq!(search(tx, "08", None, &within(&[], &[&tree.science_dept]), any).await, ["08-KHCN"]);
        assert!(search(tx, "08", None, &within(&[], &[]), any).await.is_empty());
        assert!(search(tx, "tuyen", Some(&tree.dong_nai), &all, any).await.is_empty());
        // Limit.
        let terms = query_terms("08");
        let first_two = tx.search_units(&terms, None, &all, any, 2).await.unwrap();
        assert_eq!(codes(&first_two), ["08", "08-KHCN"]);
    })
    .await;
}

async fn update_reindexes_search(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let mut renamed = tree.hung_loi.clone();
    renamed.name = "Thái Hòa".to_owned();
    renamed.kind = UnitKind::Ward;
    renamed.code = "02294".to_owned();
    renamed.established_on = Some(date(2025, 7, 15));
    renamed.updated_at = at(3600);
    update_unit(store, &renamed).await;

    assert_eq!(fetch_unit(store, renamed.id).await, renamed);
    read(store, async |tx: &mut Tx| {
        let all = Scope::Everything;
        assert!(search(tx, "hung loi", None, &all, Liveness::All).await.is_empty(), "old name forgotten");
        assert!(search(tx, "02293", None, &all, Liveness::All).await.is_empty(), "old code forgotten");
        assert_eq!(search(tx, "xa", None, &all, Liveness::All).await, ["26068"], "old kind forgotten");
        assert_eq!(search(tx, "thai hoa", None, &all, Liveness::All).await, ["02294"]);
        assert_eq!(search(tx, "phuong thai", None, &all, Liveness::All).await, ["02294"]);
        assert_eq!(search(tx, "02294", None, &all, Liveness::All).await, ["02294"]);
        assert_eq!(tx.unit_by_code("02293").await.unwrap(), None);
    })
    .await;
}

async fn move_subtree_rewrites_every_descendant(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let dept = &tree.science_dept;
    write(store, async |tx: &mut Tx| tx.move_subtree(dept.id, &dept.path, &tree.dong_nai, at(60)).await.unwrap()).await;

    let moved = fetch_unit(store, dept.id).await;
    assert_eq!(moved.parent_id, Some(tree.dong_nai.id));
    assert_eq!(moved.path, tree.dong_nai.path.child(dept.id));
    assert_eq!(moved.updated_at, at(60));
    let grandchild = fetch_unit(store, tree.digital_centre.id).await;
    assert_eq!(grandchild.path, moved.path.child(grandchild.id), "the grandchild moves too");
    assert_eq!(grandchild.parent_id, Some(dept.id));
    for untouched in [&tree.centre, &tree.tuyen_quang, &tree.minh_xuan, &tree.hung_loi, &tree.dong_nai, &tree.dong_phu]
    {
        assert_eq!(&fetch_unit(store, untouched.id).await, untouched);
    }
    read(store, async |tx: &mut Tx| {
        let everything = Scope::Everything;
        let tq = tx.subtree(&tree.tuyen_quang.path, &everything, Liveness::All, 100, 0).await.unwrap();
        assert_eq!(codes(&tq), ["08", "02509", "02293"]);
        let dn = tx.subtree(&tree.dong_nai.path, &everything, Liveness::All, 100, 0).await.unwrap();
        // Siblings sort by id, and the department was created before Đồng Phú.
        assert_eq!(codes(&dn), ["75", "08-KHCN", "08-KHCN-CDS", "26068"]);
        assert_eq!(codes(&tx.children(tree.tuyen_quang.id, Liveness::All).await.unwrap()), ["02293", "02509"]);
        assert_eq!(codes(&tx.children(tree.dong_nai.id, Liveness::All).await.unwrap()), ["08-KHCN", "26068"]);
        assert_eq!(codes(&tx.ancestors(&grandchild.path).await.unwrap()), ["TW", "75", "08-KHCN", "08-KHCN-CDS"]);
    })
    .await;
}

async fn move_descendants_keeps_the_shape(store: &TestStore) {
    let tree = Tree::insert(store).await;
    write(store, async |tx: &mut Tx| tx.move_descendants(&tree.tuyen_quang, &tree.dong_nai, at(60)).await.unwrap())
        .await;

    assert_eq!(fetch_unit(store, tree.tuyen_quang.id).await, tree.tuyen_quang, "the source itself stays");
    assert_eq!(fetch_unit(store, tree.dong_phu.id).await, tree.dong_phu);
    for child in [&tree.minh_xuan, &tree.hung_loi, &tree.science_dept] {
        let moved = fetch_unit(store, child.id).await;
        assert_eq!(moved.parent_id, Some(tree.dong_nai.id), "{}", child.name);
        assert_eq!(moved.path, tree.dong_nai.path.child(child.id), "{}", child.name);
        assert_eq!(moved.updated_at, at(60));
    }
    let grandchild = fetch_unit(store, tree.digital_centre.id).await;
    assert_eq!(grandchild.parent_id, Some(tree.science_dept.id));
    assert_eq!(grandchild.path, tree.dong_nai.path.child(tree.science_dept.id).child(grandchild.id));
    read(store, async |tx: &mut Tx| {
        assert!(tx.children(tree.tuyen_quang.id, Liveness::All).await.unwrap().is_empty());
        assert_eq!(tx.count_subtree(&tree.tuyen_quang.path, &Scope::Everything, Liveness::All).await.unwrap(), 1);
        assert_eq!(tx.count_subtree(&tree.dong_nai.path, &Scope::Everything, Liveness::All).await.unwrap(), 6);
    })
    .await;
}

conformance!(
    insert_and_read_back,
    children_count_live_children,
    unit_by_code_prefers_the_live_unit,
    subtree_ranges_scopes_and_liveness,
    ancestors_root_first,
    search_folds_prefixes_codes_and_kinds,
    update_reindexes_search,
    move_subtree_rewrites_every_descendant,
    move_descendants_keeps_the_shape,
);
