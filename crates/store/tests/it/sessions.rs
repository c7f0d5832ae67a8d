//! Login sessions and API tokens.

use jiff::{SignedDuration, Timestamp};
use nqtrack_store::{ApiToken, Session, Tx};
use uuid::Uuid;

use crate::support::{TestStore, Tree, at, insert_users, read, user, write};

fn session(user_id: Uuid, token_hash: &str, expires_at: Timestamp) -> Session {
    Session {
        id: Uuid::now_v7(),
        token_hash: token_hash.to_owned(),
        user_id,
        csrf_token: format!("csrf-{token_hash}"),
        created_at: at(0),
        last_seen_at: at(0),
        expires_at,
        user_agent: "Mozilla/5.0 (Cốc Cốc)".to_owned(),
        ip: "14.160.32.1".to_owned(),
        revoked_at: None,
    }
}

fn token(user_id: Uuid, name: &str, token_hash: &str) -> ApiToken {
    ApiToken {
        id: Uuid::now_v7(),
        user_id,
        name: name.to_owned(),
        token_hash: token_hash.to_owned(),
        created_at: at(0),
        last_used_at: None,
        revoked_at: None,
    }
}

/// Two accounts of Tuyên Quang.
async fn two_users(store: &TestStore) -> (Uuid, Uuid) {
    let tree = Tree::insert(store).await;
    let thao = user("thao.pham", "Phạm Phương Thảo", &tree.tuyen_quang);
    let duc = user("duc.vu", "Vũ Minh Đức", &tree.tuyen_quang);
    insert_users(store, &[&thao, &duc]).await;
    (thao.id, duc.id)
}

fn ids(sessions: &[Session]) -> Vec<Uuid> {
    sessions.iter().map(|s| s.id).collect()
}

async fn sessions_lifecycle(store: &TestStore) {
    let (thao, duc) = two_users(store).await;
    let now = at(1000);
    let office = session(thao, "hash-office", at(5000));
    let expired = session(thao, "hash-expired", at(999));
    let revoked = Session { revoked_at: Some(at(500)), ..session(thao, "hash-revoked", at(5000)) };
    let phone = session(thao, "hash-phone", at(5000));
    let other = session(duc, "hash-duc", at(5000));
    write(store, async |tx: &mut Tx| {
        for s in [&office, &expired, &revoked, &phone, &other] {
            tx.insert_session(s).await.unwrap();
        }
    })
    .await;

    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.session_by_token_hash("hash-office").await.unwrap().as_ref(), Some(&office));
        assert_eq!(tx.session_by_token_hash("hash-revoked").await.unwrap().as_ref(), Some(&revoked));
        assert_eq!(tx.session_by_token_hash("hash-unknown").await.unwrap(), None);
        let active = tx.active_sessions(thao, now).await.unwrap();
        assert_eq!(ids(&active), [phone.id, office.id], "live ones only, newest first");
        assert_eq!(active[1], office);
        // At the instant of expiry a session is over.
        assert_eq!(ids(&tx.active_sessions(thao, at(5000)).await.unwrap()), [] as [Uuid; 0]);
        assert_eq!(ids(&tx.active_sessions(thao, at(998)).await.unwrap()), [phone.id, expired.id, office.id]);
    })
    .await;

    // Sliding expiry.
    write(store, async |tx: &mut Tx| tx.touch_session(office.id, at(4000), at(9000)).await.unwrap()).await;
    let touched = read(store, async |tx: &mut Tx| tx.session_by_token_hash("hash-office").await.unwrap()).await;
    assert_eq!(touched, Some(Session { last_seen_at: at(4000), expires_at: at(9000), ..office.clone() }));
    let active_later = read(store, async |tx: &mut Tx| tx.active_sessions(thao, at(6000)).await.unwrap()).await;
    assert_eq!(ids(&active_later), [office.id]);

    // Revoking one, then all: only the account's own, not-yet-revoked sessions count.
    let revoked_counts = write(store, async |tx: &mut Tx| {
        (
            tx.revoke_sessions(thao, Some(phone.id), at(1100)).await.unwrap(),
            tx.revoke_sessions(thao, Some(phone.id), at(1200)).await.unwrap(),
            tx.revoke_sessions(thao, Some(other.id), at(1200)).await.unwrap(),
        )
    })
    .await;
    assert_eq!(revoked_counts, (1, 0, 0));
    read(store, async |tx: &mut Tx| {
        let phone_now = tx.session_by_token_hash("hash-phone").await.unwrap().unwrap();
        assert_eq!(phone_now.revoked_at, Some(at(1100)), "the first revocation time is kept");
        assert_eq!(ids(&tx.active_sessions(thao, now).await.unwrap()), [office.id]);
    })
    .await;
    // Office and the expired one remain unrevoked.
    assert_eq!(write(store, async |tx: &mut Tx| tx.revoke_sessions(thao, None, at(1300)).await.unwrap()).await, 2);
    read(store, async |tx: &mut Tx| {
        assert!(tx.active_sessions(thao, now).await.unwrap().is_empty());
        assert_eq!(ids(&tx.active_sessions(duc, now).await.unwrap()), [other.id], "another account is untouched");
        let revoked_earlier = tx.session_by_token_hash("hash-revoked").await.unwrap().unwrap();
        assert_eq!(revoked_earlier.revoked_at, Some(at(500)));
    })
    .await;
}

/// Expiry compares instants, also within one second: a session that expired half a second ago is over.
async fn session_expiry_is_exact_below_a_second(store: &TestStore) {
    let (thao, _) = two_users(store).await;
    let expires = at(5000);
    let s = session(thao, "hash-subsecond", expires);
    write(store, async |tx: &mut Tx| tx.insert_session(&s).await.unwrap()).await;
    read(store, async |tx: &mut Tx| {
        let half = SignedDuration::from_millis(500);
        let before = expires.checked_sub(half).unwrap();
        let after = expires.checked_add(half).unwrap();
        assert_eq!(ids(&tx.active_sessions(thao, before).await.unwrap()), [s.id], "half a second before expiry");
        assert!(tx.active_sessions(thao, after).await.unwrap().is_empty(), "half a second after expiry");
    })
    .await;
}

async fn tokens_lifecycle(store: &TestStore) {
    let (thao, duc) = two_users(store).await;
    let import = token(thao, "Nhập dữ liệu từ phần mềm một cửa", "hash-import");
    let report = token(thao, "Báo cáo tự động", "hash-report");
    let ducs = token(duc, "Tích hợp LGSP", "hash-lgsp");
    write(store, async |tx: &mut Tx| {
        for t in [&import, &report, &ducs] {
            tx.insert_token(t).await.unwrap();
        }
    })
    .await;

    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.token_by_hash("hash-import").await.unwrap().as_ref(), Some(&import));
        assert_eq!(tx.token_by_hash("hash-nothing").await.unwrap(), None);
        assert_eq!(tx.tokens_of(thao).await.unwrap(), [report.clone(), import.clone()], "newest first");
    })
    .await;

    write(store, async |tx: &mut Tx| tx.touch_token(import.id, at(700)).await.unwrap()).await;
    let touched = read(store, async |tx: &mut Tx| tx.token_by_hash("hash-import").await.unwrap()).await;
    assert_eq!(touched, Some(ApiToken { last_used_at: Some(at(700)), ..import.clone() }));

    let revocations = write(store, async |tx: &mut Tx| {
        (
            tx.revoke_token(duc, import.id, at(800)).await.unwrap(),
            tx.revoke_token(thao, import.id, at(800)).await.unwrap(),
            tx.revoke_token(thao, import.id, at(900)).await.unwrap(),
        )
    })
    .await;
    assert_eq!(revocations, (false, true, false), "not by another account; once only");
    read(store, async |tx: &mut Tx| {
        let revoked = tx.token_by_hash("hash-import").await.unwrap().unwrap();
        assert_eq!(revoked.revoked_at, Some(at(800)));
        assert_eq!(tx.token_by_hash("hash-report").await.unwrap().unwrap().revoked_at, None);
        assert_eq!(tx.tokens_of(duc).await.unwrap(), std::slice::from_ref(&ducs));
    })
    .await;
}

conformance!(
    sessions_lifecycle,
    // SQLite compares instants as text: they must be fixed-width to sort like time.
    session_expiry_is_exact_below_a_second,
    tokens_lifecycle,
);
