//! Logging in, the login rate limit, sessions and API tokens.

use jiff::SignedDuration;
use nqtrack_app::AppError;
use nqtrack_app::demo::DEMO_PASSWORD;

use crate::support::{Harness, assert_invalid, assert_unauthenticated};

async fn a_wrong_password_is_a_field_error(h: Harness) {
    assert_invalid(h.login("tuyenquang.lanhdao", "sai mật khẩu").await, &[("password", "wrong-password")]);
    assert_invalid(h.login("khong.ai.ca", DEMO_PASSWORD).await, &[("password", "wrong-password")]);
    let session = h.login("  TuyenQuang.LanhDao ", DEMO_PASSWORD).await.expect("usernames ignore case and spaces");
    assert_eq!(session.user.username, "tuyenquang.lanhdao");
    let signed_in = h.app.authenticate_session(&session.token).await.expect("session");
    assert_eq!(signed_in.actor.user_id(), Some(session.user.id));
    assert_eq!(signed_in.session.map(|s| s.id), Some(session.session.id));
    assert_unauthenticated(h.app.authenticate_session("not-a-session").await);
}

async fn repeated_failures_are_rate_limited(h: Harness) {
    for attempt in 1..=5 {
        let result = h.login("hanoi.thuongtruc", "đoán mò").await;
        assert!(matches!(result, Err(AppError::Invalid(_))), "attempt {attempt}: {:?}", result.err());
    }
    for password in ["đoán mò", DEMO_PASSWORD] {
        let result = h.login("HaNoi.ThuongTruc", password).await;
        assert!(matches!(result, Err(AppError::RateLimited { retry_after_secs: 1.. })), "{:?}", result.err());
    }
    h.login("tuyenquang.lanhdao", DEMO_PASSWORD).await.expect("another account is not slowed");
}

async fn api_tokens_authenticate_until_revoked(h: Harness) {
    let signed_in = h.sign_in("tuyenquang.lanhdao").await;
    let (token, secret) = h.app.create_token(&signed_in, "Báo cáo tự động").await.expect("create token");
    assert!(secret.starts_with("nqt_"));
    let by_token = h.app.authenticate_token(&secret).await.expect("the token authenticates");
    assert_eq!((by_token.user.id, by_token.session.is_none()), (signed_in.user.id, true));
    assert_eq!(by_token.actor, signed_in.actor);
    let listed = h.app.tokens(&signed_in).await.expect("tokens");
    assert_eq!(listed.iter().map(|t| t.id).collect::<Vec<_>>(), [token.id]);

    let other = h.sign_in("tuyenquang.kiemtra").await;
    assert!(matches!(h.app.revoke_token(&other, token.id).await, Err(AppError::NotFound(_))), "not theirs");
    h.app.authenticate_token(&secret).await.expect("still valid");

    h.app.revoke_token(&signed_in, token.id).await.expect("revoke");
    assert_unauthenticated(h.app.authenticate_token(&secret).await);
    assert!(matches!(h.app.revoke_token(&signed_in, token.id).await, Err(AppError::NotFound(_))));
    assert_unauthenticated(h.app.authenticate_token("nqt_0000").await);
}

async fn ending_the_other_sessions_keeps_this_one(h: Harness) {
    let tokens: Vec<String> = {
        let mut tokens = Vec::new();
        for _ in 0..3 {
            tokens.push(h.login("tuyenquang.lanhdao", DEMO_PASSWORD).await.expect("login").token);
        }
        tokens
    };
    let current = h.app.authenticate_session(&tokens[0]).await.expect("session");
    let stranger = h.login("tuyenquang.kiemtra", DEMO_PASSWORD).await.expect("login");
    let foreign = h.app.revoke_session(&current, Some(stranger.session.id)).await;
    assert!(matches!(foreign, Err(AppError::NotFound(_))), "only one's own sessions: {:?}", foreign.err());
    h.app.authenticate_session(&stranger.token).await.expect("the other account's session is untouched");
    assert_eq!(h.app.sessions(&current).await.expect("sessions").len(), 3);
    assert_eq!(h.app.revoke_session(&current, None).await.expect("revoke others"), 2);
    h.app.authenticate_session(&tokens[0]).await.expect("the current session is kept");
    for token in &tokens[1..] {
        assert_unauthenticated(h.app.authenticate_session(token).await);
    }
    let remaining = h.app.sessions(&current).await.expect("sessions");
    assert_eq!(remaining.iter().map(|s| s.id).collect::<Vec<_>>(), [current.session.as_ref().unwrap().id]);

    h.app.logout(&current).await.expect("logout");
    assert_unauthenticated(h.app.authenticate_session(&tokens[0]).await);
}

async fn idle_sessions_expire(h: Harness) {
    let kept_busy = h.login("tuyenquang.lanhdao", DEMO_PASSWORD).await.expect("login").token;
    let left_idle = h.login("tuyenquang.lanhdao", DEMO_PASSWORD).await.expect("login").token;
    h.app.clock().advance(SignedDuration::from_hours(11));
    h.app.authenticate_session(&kept_busy).await.expect("used within 12 hours: extended");
    h.app.clock().advance(SignedDuration::from_hours(11));
    h.app.authenticate_session(&kept_busy).await.expect("11 hours after its last use");
    assert_unauthenticated(h.app.authenticate_session(&left_idle).await);
    h.app.clock().advance(SignedDuration::from_hours(13));
    assert_unauthenticated(h.app.authenticate_session(&kept_busy).await);
}

both!(
    a_wrong_password_is_a_field_error,
    repeated_failures_are_rate_limited,
    api_tokens_authenticate_until_revoked,
    ending_the_other_sessions_keeps_this_one,
    idle_sessions_expire,
);
