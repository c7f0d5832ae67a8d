//! Notifications over the API and on pages: one's own only, newest first, paged; marking read; the
//! unread badge in the menu.

use axum::http::{Method, StatusCode, header};
use jiff::{SignedDuration, Timestamp};
use nqtrack_app::demo::DEMO_PASSWORD;
use nqtrack_store::Notification;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{Call, Harness, NOW};

/// Writes `count` notifications for `username` directly (the urging job is tested in the app crate),
/// one minute apart, the last one newest; returns their ids, oldest first.
async fn notify(h: &Harness, username: &str, count: usize) -> Vec<Uuid> {
    let now: Timestamp = NOW.parse().expect("a valid instant");
    let mut tx = h.app.store().write().await.expect("write");
    let user = tx.user_by_username(username).await.expect("read").expect("a demo account");
    let notifications: Vec<Notification> = (0..count)
        .map(|i| Notification {
            id: Uuid::now_v7(),
            user_id: user.id,
            kind: "remind".into(),
            task_id: None,
            subject: format!("Nhắc hạn: nhiệm vụ TQ-{i:03} đến hạn ngày 22/09/2025"),
            body: "Đề nghị khẩn trương hoàn thành và báo cáo kết quả.".into(),
            link: "/tasks".into(),
            dedupe_key: format!("remind7:{username}:{i}"),
            created_at: now - SignedDuration::from_mins((count - i) as i64),
            read_at: None,
            emailed_at: None,
        })
        .collect();
    tx.insert_notifications(&notifications).await.expect("insert notifications");
    tx.commit().await.expect("commit");
    notifications.into_iter().map(|n| n.id).collect()
}

fn subjects(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|n| n["subject"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn api_flow(h: &Harness) {
    let mine = notify(h, "tuyenquang.xa", 35).await;
    let theirs = notify(h, "hanoi.thuongtruc", 1).await;
    let token = h.token("tuyenquang.xa").await;

    h.send(Call::new(Method::GET, "/api/v1/notifications")).await.problem(StatusCode::UNAUTHORIZED);
    let first = h.get(&token, "/api/v1/notifications").await;
    let first = first.ok(StatusCode::OK);
    assert_eq!(first["unread"], 35);
    let items = first["items"].as_array().expect("items");
    assert_eq!(items.len(), 30);
    assert_eq!(items[0]["id"], mine[34].to_string(), "newest first");
    assert_eq!(items[0]["kind"], "remind");
    assert!(items[0]["read_at"].is_null());
    assert!(items[0].get("dedupe_key").is_none() && items[0].get("user_id").is_none(), "{}", items[0]);
    let next = first["next_before"].as_str().expect("a next page").to_owned();
    assert_eq!(next, mine[5].to_string());
    let second = h.get(&token, &format!("/api/v1/notifications?before={next}")).await;
    let second = second.ok(StatusCode::OK);
    assert_eq!(subjects(second).len(), 5);
    assert!(second["next_before"].is_null());
    h.get(&token, "/api/v1/notifications?before=not-a-uuid").await.problem(StatusCode::UNPROCESSABLE_ENTITY);

    // Someone else's notification is not found; one's own is marked read, once.
    h.post(&token, &format!("/api/v1/notifications/{}/read", theirs[0]), json!({}))
        .await
        .problem(StatusCode::NOT_FOUND);
    let read = h.send(Call::new(Method::POST, &format!("/api/v1/notifications/{}/read", mine[34])).token(&token)).await;
    assert_eq!(read.status, StatusCode::NO_CONTENT, "{}", read.text);
    let again =
        h.send(Call::new(Method::POST, &format!("/api/v1/notifications/{}/read", mine[34])).token(&token)).await;
    assert_eq!(again.status, StatusCode::NO_CONTENT);
    let after = h.get(&token, "/api/v1/notifications").await;
    let after = after.ok(StatusCode::OK);
    assert_eq!(after["unread"], 34);
    assert!(after["items"][0]["read_at"].is_string());

    let all = h.send(Call::new(Method::POST, "/api/v1/notifications/read-all").token(&token)).await;
    assert_eq!(all.ok(StatusCode::OK)["marked"], 34);
    assert_eq!(h.get(&token, "/api/v1/notifications").await.ok(StatusCode::OK)["unread"], 0);
    // The other person's stay unread.
    let other = h.token("hanoi.thuongtruc").await;
    assert_eq!(h.get(&other, "/api/v1/notifications").await.ok(StatusCode::OK)["unread"], 1);
}

#[tokio::test]
async fn api_on_sqlite() {
    api_flow(&crate::support::sqlite().await).await;
}

#[tokio::test]
async fn api_on_postgres() {
    let Some(h) = crate::support::postgres().await else { return };
    api_flow(&h).await;
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

#[tokio::test]
async fn the_page_the_badge_and_marking_read() {
    let h = crate::support::sqlite().await;
    let ids = notify(&h, "tuyenquang.xa", 2).await;
    let session = h.login("tuyenquang.xa", DEMO_PASSWORD).await.expect("log in");
    let cookie = format!("nqtrack_session={}", session.token);
    let csrf = session.session.csrf_token.clone();
    let get = |uri: &str| Call::new(Method::GET, uri).header("cookie", &cookie);
    let post = |uri: &str, pairs: &[(&str, &str)]| {
        Call::new(Method::POST, uri).header("cookie", &cookie).raw("application/x-www-form-urlencoded", form(pairs))
    };

    // Every page's menu loads the badge after the page.
    let units = h.send(get("/units")).await;
    assert!(units.text.contains(r#"hx-get="/notifications/badge""#), "{}", units.text);
    let badge = h.send(get("/notifications/badge")).await;
    assert_eq!(badge.status, StatusCode::OK);
    assert!(badge.text.contains(">2</span>"), "{}", badge.text);
    let anonymous = h.send(Call::new(Method::GET, "/notifications/badge")).await;
    assert_eq!(anonymous.text.trim(), "<span></span>");

    let page = h.send(get("/notifications")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Chưa đọc: 2"), "{}", page.text);
    assert!(page.text.contains("Nhắc hạn: nhiệm vụ TQ-001"), "{}", page.text);
    assert!(page.text.find("TQ-001") < page.text.find("TQ-000"), "newest first");
    assert_eq!(h.send(Call::new(Method::GET, "/notifications")).await.status, StatusCode::SEE_OTHER);

    // Without the CSRF token: refused.
    let forged = h.send(post(&format!("/notifications/{}/read", ids[0]), &[])).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let marked = h.send(post(&format!("/notifications/{}/read", ids[0]), &[("csrf_token", &csrf)])).await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.text);
    assert_eq!(marked.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/notifications?saved=1"));
    assert!(h.send(get("/notifications/badge")).await.text.contains(">1</span>"));
    let unknown = h.send(post(&format!("/notifications/{}/read", Uuid::now_v7()), &[("csrf_token", &csrf)])).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let all = h.send(post("/notifications/read-all", &[("csrf_token", &csrf)])).await;
    assert_eq!(all.status, StatusCode::SEE_OTHER);
    assert_eq!(h.send(get("/notifications/badge")).await.text.trim(), "<span></span>");
    let english = h.send(get("/notifications?lang=en")).await;
    assert!(english.text.contains("Unread: 0"), "{}", english.text);
}
