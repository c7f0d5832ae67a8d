//! What an account sees: its subtree and nothing else; search ignores diacritics.

use nqtrack_app::AppError;
use nqtrack_store::Liveness;

use crate::support::{Harness, assert_denied, codes};

async fn a_provincial_coordinator_sees_only_their_province(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let admin = h.actor("admin").await;
    let hanoi = h.unit("01").await;

    let tops = h.app.browse_units(&coordinator, None, Liveness::Live).await.expect("browse");
    assert_eq!(codes(&tops), ["08"]);
    assert_eq!(tops[0].live_children, h.communes("08").await.len() as i64);
    let admin_tops = h.app.browse_units(&admin, None, Liveness::Live).await.expect("browse");
    assert_eq!(codes(&admin_tops), ["TW"]);

    let found = h.app.search_units(&coordinator, "tuyen quang", None, Liveness::Live).await.expect("search");
    assert!(codes(&found).contains(&"08"), "{:?}", codes(&found));
    let found = h.app.search_units(&coordinator, "ha noi", None, Liveness::Live).await.expect("search");
    assert!(found.is_empty(), "Hà Nội is outside Tuyên Quang: {:?}", codes(&found));
    let found = h.app.search_units(&admin, "ha noi", None, Liveness::Live).await.expect("search");
    assert!(codes(&found).contains(&"01"), "{:?}", codes(&found));
    let found = h.app.search_units(&coordinator, "xa", None, Liveness::Live).await.expect("search");
    assert!(!found.is_empty());
    let tuyen_quang = h.unit("08").await;
    assert!(found.iter().all(|u| u.path.is_within(&tuyen_quang.path)), "search stays in scope");

    assert_denied(h.app.unit_details(&coordinator, hanoi.id).await);
    assert_denied(h.app.browse_units(&coordinator, Some(hanoi.id), Liveness::Live).await);
    assert_denied(h.app.unit_by_code(&coordinator, "01").await);
    assert_denied(h.app.subtree(&coordinator, hanoi.id, 10, 0).await);
    let details = h.app.unit_details(&coordinator, tuyen_quang.id).await.expect("own province");
    assert!(details.can_manage && details.can_manage_users);
    // The breadcrumb holds only what the coordinator may open; the admin sees the root above.
    assert_eq!(codes(&details.ancestors), Vec::<&str>::new());
    let as_admin = h.app.unit_details(&h.actor("admin").await, tuyen_quang.id).await.expect("admin");
    assert_eq!(codes(&as_admin.ancestors), ["TW"]);
}

async fn other_roles_see_their_own_reach(h: Harness) {
    let tuyen_quang = h.unit("08").await;
    let reporter = h.actor("tuyenquang.xa").await;
    let own_commune = h.unit_by_id(h.user("tuyenquang.xa").await.unit_id).await;
    assert_eq!(own_commune.code, h.communes("08").await[0].code, "the demo reporter sits in the first commune");
    let tops = h.app.browse_units(&reporter, None, Liveness::Live).await.expect("browse");
    assert_eq!(codes(&tops), [own_commune.code.as_str()]);
    assert_denied(h.app.unit_details(&reporter, tuyen_quang.id).await);

    let leader = h.actor("tuyenquang.lanhdao").await;
    let details = h.app.unit_details(&leader, tuyen_quang.id).await.expect("a leader views the province");
    assert!(!details.can_manage && !details.can_manage_users, "a leader reads but does not manage");
    assert!(details.users.is_some(), "a leader sees the accounts");

    assert!(matches!(h.app.unit_by_code(&reporter, "no-such-unit").await, Err(AppError::NotFound(_))));
}

async fn search_ignores_diacritics_and_case(h: Harness) {
    let admin = h.actor("admin").await;
    let dong_nai = h.unit("75").await;
    let mut results = Vec::new();
    for query in ["dong phu", "Đồng Phú", "ĐỒNG PHÚ", "  đồng-phú! "] {
        let found = h.app.search_units(&admin, query, Some(dong_nai.id), Liveness::Live).await.expect("search");
        assert!(codes(&found).contains(&"25363"), "{query:?} finds Đồng Phú: {:?}", codes(&found));
        results.push(codes(&found).into_iter().map(str::to_owned).collect::<Vec<_>>());
    }
    assert!(results.windows(2).all(|pair| pair[0] == pair[1]), "every spelling finds the same units");
    let everywhere = h.app.search_units(&admin, "Đồng Phú", None, Liveness::Live).await.expect("search");
    assert!(!everywhere.is_empty());
    let nothing = h.app.search_units(&admin, "zzzkhongco", None, Liveness::Live).await.expect("search");
    assert!(nothing.is_empty());
}

both!(
    a_provincial_coordinator_sees_only_their_province,
    other_roles_see_their_own_reach,
    search_ignores_diacritics_and_case
);
