//! Accounts: who may create them and with which roles, disabling, password reset and change.

use nqtrack_app::UserInput;
use nqtrack_domain::user::Role;

use crate::support::{Harness, PASSWORD, assert_denied, assert_invalid, assert_unauthenticated, user_input};

async fn a_coordinator_creates_a_reporter_in_a_commune(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let commune = h.communes("08").await[1].clone();
    let user = h.app.create_user(&coordinator, user_input(" CanBo.Xa ", &commune, "Báo cáo")).await.expect("create");
    assert_eq!((user.username.as_str(), user.unit_id, user.disabled), ("canbo.xa", commune.id, false));

    let details = h.app.user_details(&coordinator, user.id).await.expect("details");
    let grants: Vec<_> = details.grants.iter().map(|g| (g.role, g.unit_id)).collect();
    assert_eq!(grants, [(Role::Reporter, commune.id)]);
    assert!(details.can_manage);
    let listed = h.app.list_users(&coordinator, commune.id, false).await.expect("list");
    assert!(listed.iter().any(|u| u.id == user.id));

    let history = h.app.object_history(&coordinator, "user", &user.id.to_string(), None).await.expect("history");
    let actions: Vec<_> = history.iter().map(|e| (e.action.as_str(), e.actor_name.as_str())).collect();
    assert_eq!(actions, [("user.grant", "tuyenquang.thuongtruc"), ("user.create", "tuyenquang.thuongtruc")]);
    assert!(history.iter().all(|e| !e.after.as_deref().unwrap_or_default().contains("argon2")), "no hash logged");

    let signed_in = h.login("canbo.xa", PASSWORD).await.expect("the new account can log in");
    let session = h.app.authenticate_session(&signed_in.token).await.expect("session");
    h.app.unit_details(&session.actor, commune.id).await.expect("a reporter sees their commune");
}

async fn a_coordinator_cannot_make_administrators(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let commune = &h.communes("08").await[1];
    assert_denied(h.app.create_user(&coordinator, user_input("sieu.quantri", commune, "administrator")).await);
    assert!(h.app.store().read().await.unwrap().user_by_username("sieu.quantri").await.unwrap().is_none());

    let reporter = h.user("tuyenquang.xa").await;
    assert_denied(h.app.grant_role(&coordinator, reporter.id, "administrator", province.id).await);
    let own = h.user("tuyenquang.thuongtruc").await;
    assert_denied(h.app.grant_role(&coordinator, own.id, "quản trị", province.id).await);
    h.app.grant_role(&coordinator, reporter.id, "leader", province.id).await.expect("a lesser role is fine");
    let roles: Vec<_> =
        h.app.user_details(&coordinator, reporter.id).await.unwrap().grants.iter().map(|g| g.role).collect();
    assert!(roles.contains(&Role::Leader) && !roles.contains(&Role::Administrator));

    let hanoi_coordinator = h.actor("hanoi.thuongtruc").await;
    assert_denied(h.app.create_user(&hanoi_coordinator, user_input("canbo.khac", commune, "reporter")).await);
    let admin = h.actor("admin").await;
    h.app
        .create_user(&admin, user_input("quantri.tinh", &province, "administrator"))
        .await
        .expect("an administrator may");
}

async fn invalid_accounts_are_refused_with_every_reason(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let commune = &h.communes("08").await[1];
    let bad =
        UserInput {
            email: "khong-phai-email".into(), password: "ngắn".into(), ..user_input("canbo.moi", commune, "")
        };
    assert_invalid(
        h.app.create_user(&coordinator, bad).await,
        &[("email", "email-format"), ("password", "password-too-short")],
    );
    let taken = h.app.create_user(&coordinator, user_input("TuyenQuang.Xa", commune, "reporter")).await;
    assert_invalid(taken, &[("username", "username-taken")]);
    let nowhere = UserInput { unit_id: uuid::Uuid::now_v7(), ..user_input("x", commune, "chief") };
    assert_invalid(
        h.app.create_user(&coordinator, nowhere).await,
        &[("username", "username-length"), ("role", "role-unknown"), ("unit_id", "not-found")],
    );
}

async fn disabling_an_account_ends_its_sessions(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let user = h.add_user("canbo.nghi", &h.communes("08").await[1], "reporter").await;
    let session = h.login("canbo.nghi", PASSWORD).await.expect("login");
    h.app.authenticate_session(&session.token).await.expect("valid before");

    assert_denied(h.app.set_user_disabled(&h.actor("hanoi.thuongtruc").await, user.id, true).await);
    assert!(h.app.set_user_disabled(&coordinator, user.id, true).await.expect("disable").disabled);
    assert_unauthenticated(h.app.authenticate_session(&session.token).await);
    assert_invalid(h.login("canbo.nghi", PASSWORD).await, &[("password", "wrong-password")]);

    h.app.set_user_disabled(&coordinator, user.id, false).await.expect("enable");
    assert_unauthenticated(h.app.authenticate_session(&session.token).await);
    h.login("canbo.nghi", PASSWORD).await.expect("enabled again");
}

async fn password_reset_and_change(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let user = h.add_user("canbo.quen", &h.communes("08").await[1], "reporter").await;
    let old_session = h.login("canbo.quen", PASSWORD).await.expect("login");

    let temporary = h.app.reset_password(&coordinator, user.id).await.expect("reset");
    assert!(temporary.len() >= 10 && temporary != PASSWORD);
    assert_unauthenticated(h.app.authenticate_session(&old_session.token).await);
    assert_invalid(h.login("canbo.quen", PASSWORD).await, &[("password", "wrong-password")]);
    let session = h.login("canbo.quen", &temporary).await.expect("the temporary password works");
    assert!(session.user.must_change_password);

    let signed_in = h.app.authenticate_session(&session.token).await.expect("session");
    let other = h.login("canbo.quen", &temporary).await.expect("a second session");
    let wrong = h.app.change_password(&signed_in, "không phải mật khẩu", "mật khẩu mới đủ dài").await;
    assert_invalid(wrong, &[("current_password", "wrong-password")]);
    let short = h.app.change_password(&signed_in, &temporary, "ngắn").await;
    assert_invalid(short, &[("new_password", "password-too-short")]);
    h.app.change_password(&signed_in, &temporary, "mật khẩu mới đủ dài").await.expect("change");
    h.app.authenticate_session(&session.token).await.expect("the current session survives");
    assert_unauthenticated(h.app.authenticate_session(&other.token).await);
    let session = h.login("canbo.quen", "mật khẩu mới đủ dài").await.expect("the new password works");
    assert!(!session.user.must_change_password);
}

/// Resetting a password hands the account to whoever reads the temporary password, so it needs the
/// power to grant every role the account holds, as granting those roles would.
async fn a_coordinator_cannot_take_over_an_administrator(h: Harness) {
    let admin = h.actor("admin").await;
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let (root, province) = (h.unit("TW").await, h.unit("08").await);
    let officer = h.app.create_user(&admin, user_input("quantri.tinh", &province, "")).await.expect("create");
    h.app.grant_role(&admin, officer.id, "administrator", root.id).await.expect("grant");
    assert_denied(h.app.reset_password(&coordinator, officer.id).await);
    assert_denied(h.app.set_user_disabled(&coordinator, officer.id, true).await);
    h.app.reset_password(&coordinator, h.user("tuyenquang.xa").await.id).await.expect("a reporter's is fine");
}

both!(
    a_coordinator_creates_a_reporter_in_a_commune,
    a_coordinator_cannot_make_administrators,
    invalid_accounts_are_refused_with_every_reason,
    disabling_an_account_ends_its_sessions,
    password_reset_and_change,
    a_coordinator_cannot_take_over_an_administrator,
);
