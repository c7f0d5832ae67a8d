//! Transactions: atomicity, concurrent writers, and the store's own housekeeping.

use nqtrack_domain::policy::Scope;
use nqtrack_domain::text::query_terms;
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_store::{Backend, Liveness, Store, StoreError, Tx, testing};

use crate::support::{TestStore, at, audit_event, insert_units, read, unit, verify_chain};

async fn dropped_write_writes_nothing(store: &TestStore) {
    let kept = unit("08", "Tuyên Quang", UnitKind::Province, Level::Province, None);
    insert_units(store, &[&kept]).await;

    let lost = unit("75", "Đồng Nai", UnitKind::Province, Level::Province, None);
    let mut tx = store.write().await.unwrap();
    tx.insert_unit(&lost).await.unwrap();
    tx.append_audit(audit_event("unit", "75", Some(&lost)), at(1)).await.unwrap();
    assert_eq!(tx.unit(lost.id).await.unwrap().as_ref(), Some(&lost), "visible inside its transaction");
    drop(tx);

    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.unit(lost.id).await.unwrap(), None);
        assert_eq!(tx.unit_by_code("75").await.unwrap(), None);
        assert_eq!(tx.unit(kept.id).await.unwrap().as_ref(), Some(&kept));
        assert_eq!(tx.audit_head().await.unwrap().0, 0);
        let found = tx.search_units(&query_terms("Đồng Nai"), None, &Scope::Everything, Liveness::All, 10).await;
        assert!(found.unwrap().is_empty(), "nor in the search index");
    })
    .await;
    // The code is free again.
    insert_units(store, &[&unit("75", "Đồng Nai", UnitKind::Province, Level::Province, None)]).await;
}

async fn concurrent_writers_chain_one_after_another(store: &TestStore) {
    const WRITERS: usize = 8;
    const EACH: usize = 10;
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let store: Store = (**store).clone();
            tokio::spawn(async move {
                for n in 0..EACH {
                    let mut tx = store.write().await?;
                    tokio::task::yield_now().await;
                    let event = audit_event("unit", &format!("writer-{writer}-{n}"), None);
                    tx.append_audit(event, at(n as i64)).await?;
                    tokio::task::yield_now().await;
                    tx.commit().await?;
                }
                Ok::<_, StoreError>(())
            })
        })
        .collect();
    for writer in writers {
        writer.await.expect("writer task").expect("every write succeeds without retrying");
    }

    assert_eq!(verify_chain(store).await, Ok((WRITERS * EACH) as i64));
    read(store, async |tx: &mut Tx| {
        let entries = tx.audit_page(0, 1000).await.unwrap();
        let mut objects: Vec<_> = entries.iter().map(|e| e.object_id.clone()).collect();
        objects.sort();
        objects.dedup();
        assert_eq!(objects.len(), WRITERS * EACH, "every write is in the log once");
    })
    .await;
}

async fn migrations_and_housekeeping(store: &TestStore) {
    store.check_migrated().await.expect("a migrated store passes the check");
    store.migrate().await.expect("migrating again is a no-op");
    store.ping().await.expect("ping");
    let expected = if store.url().starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres };
    assert_eq!(store.backend(), expected);
    assert_eq!(store.read().await.unwrap().backend(), expected);

    // A fresh database of the same kind is refused until migrated.
    let fresh = match expected {
        Backend::Sqlite => testing::sqlite(),
        Backend::Postgres => testing::postgres().await.expect("the server answered a moment ago"),
    };
    let unmigrated = Store::connect(fresh.url()).await.unwrap();
    assert!(matches!(unmigrated.check_migrated().await, Err(StoreError::MigrationsPending)));
    unmigrated.migrate().await.unwrap();
    unmigrated.check_migrated().await.unwrap();
    unmigrated.close().await;

    assert!(matches!(Store::connect("mysql://localhost/nqtrack").await, Err(StoreError::UnsupportedUrl(_))));
}

conformance!(dropped_write_writes_nothing, concurrent_writers_chain_one_after_another, migrations_and_housekeeping);
