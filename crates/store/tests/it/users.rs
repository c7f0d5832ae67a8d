//! Accounts, role grants, and moving both when a unit is merged away.

use nqtrack_domain::policy::Scope;
use nqtrack_domain::user::Role;
use nqtrack_store::{RoleGrant, StoreError, Tx, User};
use uuid::Uuid;

use crate::support::{TestStore, Tree, at, insert_users, read, user, within, write};

fn usernames(users: &[User]) -> Vec<&str> {
    users.iter().map(|u| u.username.as_str()).collect()
}

async fn insert_read_and_update(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let lan = user("lan.nguyen", "Nguyễn Thị Lan", &tree.tuyen_quang);
    insert_users(store, &[&lan]).await;
    read(store, async |tx: &mut Tx| {
        assert_eq!(tx.user(lan.id).await.unwrap().as_ref(), Some(&lan));
        assert_eq!(tx.user_by_username("lan.nguyen").await.unwrap().as_ref(), Some(&lan));
        assert_eq!(tx.user(Uuid::now_v7()).await.unwrap(), None);
        assert_eq!(tx.user_by_username("hung.tran").await.unwrap(), None);
    })
    .await;

    let mut changed = User {
        display_name: "Nguyễn Thị Lan Anh".to_owned(),
        email: None,
        unit_id: tree.minh_xuan.id,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA".to_owned(),
        disabled: true,
        must_change_password: false,
        locale: "en".to_owned(),
        updated_at: at(120),
        ..lan.clone()
    };
    write(store, async |tx: &mut Tx| tx.update_user(&changed).await.unwrap()).await;
    assert_eq!(read(store, async |tx: &mut Tx| tx.user(lan.id).await.unwrap()).await.as_ref(), Some(&changed));

    // The username and the creation time are not rewritten.
    changed.username = "lan.anh".to_owned();
    changed.created_at = at(999);
    write(store, async |tx: &mut Tx| tx.update_user(&changed).await.unwrap()).await;
    let stored = read(store, async |tx: &mut Tx| tx.user(lan.id).await.unwrap()).await.unwrap();
    assert_eq!((stored.username.as_str(), stored.created_at), ("lan.nguyen", at(0)));
}

async fn usernames_are_unique(store: &TestStore) {
    let tree = Tree::insert(store).await;
    insert_users(store, &[&user("hung.tran", "Trần Văn Hùng", &tree.tuyen_quang)]).await;
    let namesake = user("hung.tran", "Trần Mạnh Hùng", &tree.dong_nai);
    let mut tx = store.write().await.unwrap();
    let refused = tx.insert_user(&namesake).await;
    assert!(
        matches!(&refused, Err(StoreError::Conflict { constraint }) if constraint.contains("username")),
        "{refused:?}"
    );
    drop(tx);
    assert_eq!(read(store, async |tx: &mut Tx| tx.user(namesake.id).await.unwrap()).await, None);
}

async fn grants_carry_their_unit(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let mai = user("mai.le", "Lê Thị Mai", &tree.tuyen_quang);
    insert_users(store, &[&mai]).await;
    write(store, async |tx: &mut Tx| {
        tx.insert_grant(mai.id, Role::Reporter, tree.minh_xuan.id, at(1)).await.unwrap();
        tx.insert_grant(mai.id, Role::Coordinator, tree.tuyen_quang.id, at(1)).await.unwrap();
        tx.insert_grant(mai.id, Role::Leader, tree.tuyen_quang.id, at(1)).await.unwrap();
        tx.insert_grant(mai.id, Role::Inspector, tree.centre.id, at(1)).await.unwrap();
    })
    .await;

    let grants = read(store, async |tx: &mut Tx| tx.grants_of(mai.id).await.unwrap()).await;
    let summary: Vec<_> = grants.iter().map(|g| (g.role, g.unit_code.as_str())).collect();
    assert_eq!(
        summary,
        [(Role::Inspector, "TW"), (Role::Coordinator, "08"), (Role::Leader, "08"), (Role::Reporter, "02509")],
        "by unit path, then role"
    );
    let reporter = &grants[3];
    assert_eq!(
        (reporter.user_id, reporter.unit_id, reporter.unit_name.as_str(), &reporter.unit_path),
        (mai.id, tree.minh_xuan.id, "Phường Minh Xuân", &tree.minh_xuan.path)
    );

    let mut tx = store.write().await.unwrap();
    let refused = tx.insert_grant(mai.id, Role::Leader, tree.tuyen_quang.id, at(2)).await;
    assert!(
        matches!(&refused, Err(StoreError::Conflict { constraint }) if constraint.contains("role_grants")),
        "{refused:?}"
    );
    drop(tx);

    let deleted = write(store, async |tx: &mut Tx| {
        (
            tx.delete_grant(mai.id, Role::Leader, tree.tuyen_quang.id).await.unwrap(),
            tx.delete_grant(mai.id, Role::Leader, tree.tuyen_quang.id).await.unwrap(),
            tx.delete_grant(mai.id, Role::Leader, tree.minh_xuan.id).await.unwrap(),
        )
    })
    .await;
    assert_eq!(deleted, (true, false, false));
    let left = read(store, async |tx: &mut Tx| tx.grants_of(mai.id).await.unwrap()).await;
    assert_eq!(left.iter().map(|g| g.role).collect::<Vec<_>>(), [Role::Inspector, Role::Coordinator, Role::Reporter]);
    assert!(read(store, async |tx: &mut Tx| tx.grants_of(Uuid::now_v7()).await.unwrap()).await.is_empty());
}

async fn users_under_a_unit(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let users = [
        user("bcd.tw", "Phạm Quốc Bảo", &tree.centre),
        user("tq.thuong", "Hoàng Văn Thương", &tree.tuyen_quang),
        user("tq.an", "Đỗ Thị An", &tree.tuyen_quang),
        user("minhxuan.hoa", "Vũ Thị Hoa", &tree.minh_xuan),
        user("khcn.son", "Bùi Văn Sơn", &tree.science_dept),
        user("dongphu.nam", "Ngô Văn Nam", &tree.dong_phu),
    ];
    insert_users(store, &users.iter().collect::<Vec<_>>()).await;

    read(store, async |tx: &mut Tx| {
        let tq = &tree.tuyen_quang.path;
        let all = Scope::Everything;
        let under = tx.users_under(tq, false, &all, 100).await.unwrap();
        assert_eq!(
            usernames(&under),
            ["tq.an", "tq.thuong", "minhxuan.hoa", "khcn.son"],
            "by unit path, then username"
        );
        assert_eq!(under[0], users[2]);
        assert_eq!(usernames(&tx.users_under(tq, true, &all, 100).await.unwrap()), ["tq.an", "tq.thuong"]);
        assert_eq!(
            usernames(&tx.users_under(tq, false, &all, 3).await.unwrap()),
            ["tq.an", "tq.thuong", "minhxuan.hoa"]
        );

        let ward_only = within(&[], &[&tree.minh_xuan]);
        assert_eq!(usernames(&tx.users_under(tq, false, &ward_only, 100).await.unwrap()), ["minhxuan.hoa"]);
        assert!(tx.users_under(tq, true, &ward_only, 100).await.unwrap().is_empty());
        let dept = within(&[&tree.science_dept], &[]);
        assert_eq!(usernames(&tx.users_under(&tree.centre.path, false, &dept, 100).await.unwrap()), ["khcn.son"]);
        assert!(tx.users_under(tq, false, &within(&[&tree.dong_nai], &[]), 100).await.unwrap().is_empty());
        let everyone = tx.users_under(&tree.centre.path, false, &all, 100).await.unwrap();
        assert_eq!(everyone.len(), 6);
    })
    .await;
}

async fn move_users_and_grants_to_a_successor(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let (from, to) = (&tree.minh_xuan, &tree.hung_loi);
    let hoa = user("minhxuan.hoa", "Vũ Thị Hoa", from);
    let binh = user("minhxuan.binh", "Lý Văn Bình", from);
    let loi = user("hungloi.loi", "Đinh Văn Lợi", to);
    insert_users(store, &[&hoa, &binh, &loi]).await;
    write(store, async |tx: &mut Tx| {
        // Hoa reports for both communes: after the move she must hold the role once.
        tx.insert_grant(hoa.id, Role::Reporter, from.id, at(1)).await.unwrap();
        tx.insert_grant(hoa.id, Role::Reporter, to.id, at(1)).await.unwrap();
        tx.insert_grant(binh.id, Role::Coordinator, from.id, at(1)).await.unwrap();
        tx.insert_grant(binh.id, Role::Reporter, tree.tuyen_quang.id, at(1)).await.unwrap();
    })
    .await;

    let moved = write(store, async |tx: &mut Tx| {
        let moved = tx.move_users(from.id, to.id).await.unwrap();
        tx.move_grants(from.id, to.id).await.unwrap();
        moved
    })
    .await;
    assert_eq!(moved, 2);

    read(store, async |tx: &mut Tx| {
        for account in [&hoa, &binh, &loi] {
            assert_eq!(tx.user(account.id).await.unwrap().map(|u| u.unit_id), Some(to.id), "{}", account.username);
        }
        let grants = |grants: Vec<RoleGrant>| grants.into_iter().map(|g| (g.role, g.unit_id)).collect::<Vec<_>>();
        assert_eq!(grants(tx.grants_of(hoa.id).await.unwrap()), [(Role::Reporter, to.id)]);
        assert_eq!(
            grants(tx.grants_of(binh.id).await.unwrap()),
            [(Role::Reporter, tree.tuyen_quang.id), (Role::Coordinator, to.id)]
        );
        assert!(tx.users_under(&from.path, true, &Scope::Everything, 10).await.unwrap().is_empty());
    })
    .await;
}

conformance!(
    insert_read_and_update,
    usernames_are_unique,
    grants_carry_their_unit,
    users_under_a_unit,
    move_users_and_grants_to_a_successor,
);
