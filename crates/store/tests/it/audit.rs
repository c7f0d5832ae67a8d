//! The hash-chained audit log: appending, verifying, reading history within a scope, tampering.

use nqtrack_domain::audit::{AuditEntry, ChainBreak, GENESIS_HASH};
use nqtrack_domain::policy::Scope;
use nqtrack_store::{AuditFilter, Backend, Tx};
use sqlx::Connection as _;

use crate::support::{TestStore, Tree, append, at, audit_event, read, verify_chain, within};

fn seqs(entries: &[AuditEntry]) -> Vec<i64> {
    entries.iter().map(|e| e.seq).collect()
}

async fn appends_chain_and_move_the_head(store: &TestStore) {
    let (seq, hash) = read(store, async |tx: &mut Tx| tx.audit_head().await.unwrap()).await;
    assert_eq!((seq, hash.as_str()), (0, GENESIS_HASH));
    assert_eq!(verify_chain(store).await, Ok(0), "an empty log verifies");

    let mut written = Vec::new();
    for n in 1..=3 {
        written.push(append(store, audit_event("unit", &format!("unit-{n}"), None), n).await);
    }
    assert_eq!(seqs(&written), [1, 2, 3]);
    assert_eq!(written[0].prev_hash, GENESIS_HASH);
    assert_eq!(written[1].prev_hash, written[0].hash);
    assert_eq!(written[2].prev_hash, written[1].hash);

    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.audit_head().await.unwrap(), (3, written[2].hash.clone()));
        assert_eq!(tx.audit_page(0, 100).await.unwrap(), written, "stored exactly as chained");
        assert_eq!(tx.audit_page(1, 1).await.unwrap(), written[1..2]);
        assert!(tx.audit_page(3, 100).await.unwrap().is_empty());
    })
    .await;
    assert_eq!(verify_chain(store).await, Ok(3));
}

async fn history_by_object_and_scope(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let tq_id = tree.tuyen_quang.id.to_string();
    let province = append(store, audit_event("unit", &tq_id, Some(&tree.tuyen_quang)), 1).await;
    let ward_user = append(store, audit_event("user", "minhxuan.hoa", Some(&tree.minh_xuan)), 2).await;
    let system = append(store, audit_event("setting", "holidays", None), 3).await;
    let other_province = append(store, audit_event("unit", "75", Some(&tree.dong_nai)), 4).await;
    let province_again = append(store, audit_event("unit", &tq_id, Some(&tree.tuyen_quang)), 5).await;

    read(store, async |tx: &mut Tx| {
        let everything = Scope::Everything;
        let object = || AuditFilter::Object { object_type: "unit", object_id: &tq_id };
        let history = tx.audit_history(object(), &everything, None, 50).await.unwrap();
        assert_eq!(history, [province_again.clone(), province.clone()], "newest first, that object only");
        let wrong_type = AuditFilter::Object { object_type: "user", object_id: &tq_id };
        assert!(tx.audit_history(wrong_type, &everything, None, 50).await.unwrap().is_empty());

        let all = tx.audit_history(AuditFilter::Everything, &everything, None, 50).await.unwrap();
        assert_eq!(seqs(&all), [5, 4, 3, 2, 1]);
        assert_eq!(all[2], system, "an entry without a unit is visible to an unrestricted scope");

        // Within Tuyên Quang: its own entries and the ward's, not Đồng Nai's, not unit-less ones.
        let tq = within(&[&tree.tuyen_quang], &[]);
        assert_eq!(seqs(&tx.audit_history(AuditFilter::Everything, &tq, None, 50).await.unwrap()), [5, 2, 1]);
        assert_eq!(seqs(&tx.audit_history(object(), &tq, None, 50).await.unwrap()), [5, 1]);
        let exact = within(&[], &[&tree.tuyen_quang]);
        assert_eq!(seqs(&tx.audit_history(AuditFilter::Everything, &exact, None, 50).await.unwrap()), [5, 1]);
        let ward = within(&[&tree.minh_xuan], &[]);
        assert_eq!(
            tx.audit_history(AuditFilter::Everything, &ward, None, 50).await.unwrap(),
            std::slice::from_ref(&ward_user)
        );
        assert!(tx.audit_history(object(), &ward, None, 50).await.unwrap().is_empty());
        let dong_nai = within(&[&tree.dong_nai], &[]);
        assert_eq!(tx.audit_history(AuditFilter::Everything, &dong_nai, None, 50).await.unwrap(), [other_province]);
        assert!(tx.audit_history(AuditFilter::Everything, &within(&[], &[]), None, 50).await.unwrap().is_empty());

        // Paging backwards.
        assert_eq!(seqs(&tx.audit_history(AuditFilter::Everything, &everything, None, 2).await.unwrap()), [5, 4]);
        assert_eq!(seqs(&tx.audit_history(AuditFilter::Everything, &everything, Some(4), 2).await.unwrap()), [3, 2]);
        assert_eq!(seqs(&tx.audit_history(AuditFilter::Everything, &everything, Some(2), 2).await.unwrap()), [1]);
        assert_eq!(seqs(&tx.audit_history(AuditFilter::Everything, &tq, Some(5), 1).await.unwrap()), [2]);
        assert!(tx.audit_history(object(), &everything, Some(1), 10).await.unwrap().is_empty());
    })
    .await;
}

async fn rolled_back_append_leaves_no_trace(store: &TestStore) {
    let first = append(store, audit_event("unit", "08", None), 1).await;

    let mut tx = store.write().await.unwrap();
    let abandoned = tx.append_audit(audit_event("unit", "75", None), at(2)).await.unwrap();
    assert_eq!(abandoned.seq, 2);
    drop(tx);

    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.audit_head().await.unwrap(), (1, first.hash.clone()));
        assert_eq!(tx.audit_page(0, 10).await.unwrap(), std::slice::from_ref(&first));
    })
    .await;
    let next = append(store, audit_event("unit", "26068", None), 3).await;
    assert_eq!((next.seq, next.prev_hash.as_str()), (2, first.hash.as_str()), "the chain goes on from the head");
    assert_eq!(verify_chain(store).await, Ok(2));
}

/// Runs one statement on the test database behind the store's back.
async fn raw_sql(store: &TestStore, sql: &'static str) {
    let done = match store.backend() {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(store.url()).await.unwrap();
            sqlx::query(sql).execute(&mut conn).await.unwrap().rows_affected()
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(store.url()).await.unwrap();
            sqlx::query(sql).execute(&mut conn).await.unwrap().rows_affected()
        }
    };
    assert_eq!(done, 1, "{sql}");
}

async fn tampering_is_detected(store: &TestStore) {
    let tree = Tree::insert(store).await;
    for n in 1..=4 {
        append(store, audit_event("unit", &tree.tuyen_quang.id.to_string(), Some(&tree.tuyen_quang)), n).await;
    }
    assert_eq!(verify_chain(store).await, Ok(4));

    raw_sql(store, "DELETE FROM audit_log WHERE seq = 4").await;
    assert_eq!(verify_chain(store).await, Err(ChainBreak::Truncated { last: 3, expected: 4 }));

    raw_sql(store, "UPDATE audit_log SET actor_name = 'x' WHERE seq = 2").await;
    assert_eq!(verify_chain(store).await, Err(ChainBreak::Tampered { seq: 2 }));
}

conformance!(
    appends_chain_and_move_the_head,
    history_by_object_and_scope,
    rolled_back_append_leaves_no_trace,
    tampering_is_detected,
);
