//! The audit chain: verified end to end, breaks found, and failed use cases leave no entry.

use nqtrack_domain::audit::ChainBreak;

use crate::support::{Harness, assert_denied, assert_invalid, new_unit};

async fn the_chain_verifies_and_tampering_is_found(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    h.app.create_unit(&coordinator, new_unit("08-KHCN", "Sở Khoa học", "so", &province)).await.expect("create");
    let n = h.audit_seq().await;
    assert!(n > 3_356, "every seeded unit was recorded: {n}");
    assert_eq!(h.app.verify_audit(&h.operator).await.expect("verify"), Ok(n));

    let fifth = h.app.store().read().await.unwrap().audit_page(4, 1).await.unwrap().remove(0);
    assert_eq!(fifth.seq, 5);
    h.raw_sql("UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 5").await;
    assert_eq!(h.app.verify_audit(&h.operator).await.expect("verify"), Err(ChainBreak::Tampered { seq: 5 }));
    h.raw_sql(&format!("UPDATE audit_log SET actor_name = '{}' WHERE seq = 5", fifth.actor_name)).await;
    assert_eq!(h.app.verify_audit(&h.operator).await.expect("verify"), Ok(n), "restored");

    h.raw_sql(&format!("DELETE FROM audit_log WHERE seq = {n}")).await;
    assert_eq!(
        h.app.verify_audit(&h.operator).await.expect("verify"),
        Err(ChainBreak::Truncated { last: n - 1, expected: n })
    );
    h.raw_sql("DELETE FROM audit_log WHERE seq = 10").await;
    assert_eq!(h.app.verify_audit(&h.operator).await.expect("verify"), Err(ChainBreak::Gap { seq: 11, previous: 9 }));
}

async fn only_system_administrators_verify(h: Harness) {
    for username in ["tuyenquang.thuongtruc", "tw.thuongtruc", "hanoi.thuongtruc", "tuyenquang.kiemtra"] {
        assert_denied(h.app.verify_audit(&h.actor(username).await).await);
    }
    let n = h.audit_seq().await;
    assert_eq!(h.app.verify_audit(&h.actor("admin").await).await.expect("verify"), Ok(n));
}

async fn failed_use_cases_leave_no_entry(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let taken = &h.communes("08").await[0].code;
    let before = h.audit_seq().await;
    let newest = h.app.recent_history(&h.operator, None).await.expect("history")[0].seq;
    assert_eq!(newest, before);

    let duplicate = h.app.create_unit(&coordinator, new_unit(taken, "Trùng mã", "xa", &province)).await;
    assert_invalid(duplicate, &[("code", "code-taken")]);
    let hanoi_coordinator = h.actor("hanoi.thuongtruc").await;
    assert_denied(h.app.create_unit(&hanoi_coordinator, new_unit("08-Z", "Z", "agency", &province)).await);
    let user = crate::support::user_input("tuyenquang.xa", &province, "reporter");
    assert_invalid(h.app.create_user(&coordinator, user).await, &[("username", "username-taken")]);
    assert_eq!(h.audit_seq().await, before);
    assert_eq!(h.app.recent_history(&h.operator, None).await.expect("history")[0].seq, before);

    let created = h.app.create_unit(&coordinator, new_unit("08-Z", "Z", "agency", &province)).await.expect("create");
    assert_eq!(h.audit_seq().await, before + 1);
    let recent = h.app.recent_history(&coordinator, None).await.expect("history");
    assert_eq!((recent[0].action.as_str(), recent[0].object_id.clone()), ("unit.create", created.id.to_string()));
    assert_eq!(h.app.verify_audit(&h.operator).await.expect("verify"), Ok(before + 1));
    let hanoi_history = h.app.recent_history(&hanoi_coordinator, None).await.expect("history");
    assert!(hanoi_history.iter().all(|e| e.seq != before + 1), "Hà Nội does not see Tuyên Quang's changes");
}

both!(the_chain_verifies_and_tampering_is_found, only_system_administrators_verify, failed_use_cases_leave_no_entry);
