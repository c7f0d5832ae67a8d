//! The public portal end to end: anonymous visitors read the list without a cookie; a coordinator
//! publishes a unit's progress through the form (the CSRF token required, a reporter refused); the
//! public page, its CSV and its JSON show the public task and nothing internal, secret or personal;
//! unpublished and withdrawn items are 404; the open-data API needs no account.

use axum::http::{Method, StatusCode, header};
use nqtrack_app::{MemberInput, TaskInput};
use nqtrack_domain::policy::Actor;

use crate::support::{Browser, Call, Harness, Reply, form, postgres, sqlite};

const LEADER: &str = "Đoàn Thị Kim Thoa Riêngtư";
const SECRET_TITLE: &str = "Kế hoạch tuyệt mật Omega";
const INTERNAL_TITLE: &str = "Phương án nội bộ Zeta";
const PUBLIC_TITLE: &str = "Cấp chữ ký số cho người dân";

async fn post(h: &Harness, browser: &Browser, uri: &str, pairs: &[(&str, &str)], csrf: bool) -> Reply {
    let mut pairs = pairs.to_vec();
    if csrf {
        pairs.push(("csrf_token", &browser.csrf));
    }
    h.send(
        Call::new(Method::POST, uri)
            .header("cookie", &browser.cookie)
            .raw("application/x-www-form-urlencoded", form(&pairs)),
    )
    .await
}

async fn anonymous(h: &Harness, uri: &str) -> Reply {
    h.send(Call::new(Method::GET, uri)).await
}

/// The names nobody outside may read: the hidden tasks, every committee member of the province (the
/// demo's and the test's leader), the accounts' usernames, display names and e-mails.
async fn hidden(h: &Harness, province: uuid::Uuid) -> Vec<String> {
    let mut tx = h.app.store().read().await.expect("read");
    let mut names: Vec<String> = vec![SECRET_TITLE.into(), INTERNAL_TITLE.into(), LEADER.into()];
    names.extend(tx.committee_members(province).await.expect("members").into_iter().map(|m| m.person_name));
    for username in ["tuyenquang.thuongtruc", "tuyenquang.lanhdao", "tuyenquang.xa"] {
        let user = tx.user_by_username(username).await.expect("read").expect("a demo user");
        names.push(user.username);
        names.push(user.display_name);
        names.extend(user.email);
    }
    names
}

async fn portal(h: Harness) {
    // Without any cookie the portal opens, and its list is empty.
    let list = anonymous(&h, "/public").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert!(list.text.contains("Thông tin công khai") && list.text.contains("Chưa có nội dung nào"));
    assert!(list.headers.get(header::SET_COOKIE).is_none());
    assert_eq!(anonymous(&h, "/api/v1/public/items").await.ok(StatusCode::OK).as_array().map(Vec::len), Some(0));

    let operator = Actor::Operator { name: "test".into() };
    let province = h.unit_id("08").await;
    let coordinator_actor = {
        let session = h.login("tuyenquang.thuongtruc", nqtrack_app::demo::DEMO_PASSWORD).await.expect("login");
        h.app.authenticate_session(&session.token).await.expect("session").actor
    };
    let leader = h
        .app
        .add_committee_member(
            &operator,
            province,
            MemberInput {
                body: "committee".into(),
                role: "member".into(),
                person_name: LEADER.into(),
                position: "Phó Chủ tịch".into(),
                ..MemberInput::default()
            },
        )
        .await
        .expect("a member");
    for (title, confidentiality) in [(PUBLIC_TITLE, "public"), (INTERNAL_TITLE, "internal"), (SECRET_TITLE, "secret")] {
        let input = TaskInput {
            title: title.into(),
            assigner_id: Some(province),
            presiding_id: Some(province),
            leader_id: Some(leader.id),
            deadline: "31/12/2025".into(),
            product: "Báo cáo".into(),
            field: "Chính phủ số".into(),
            confidentiality: confidentiality.into(),
            ..TaskInput::default()
        };
        h.app.assign_task(&coordinator_actor, input).await.expect("assign");
    }

    // Not published yet: 404 for the page, its exports and the API; nothing else either.
    for uri in [
        format!("/public/units/{province}"),
        format!("/public/units/{province}.csv"),
        format!("/public/units/{province}.json"),
        "/public/rankings?subject=scorecard:00000000-0000-0000-0000-000000000000&peers=provinces&period=2025-Q2".into(),
        "/public/indicators/ONLINE_SHARE".into(),
    ] {
        assert_eq!(anonymous(&h, &uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    anonymous(&h, &format!("/api/v1/public/units/{province}")).await.problem(StatusCode::NOT_FOUND);

    // Publishing: the form needs the CSRF token, and a reporter may not publish.
    let subject = province.to_string();
    let fields = [("kind", "unit_progress"), ("subject", subject.as_str()), ("title", "Tiến độ tỉnh Tuyên Quang")];
    let reporter = h.sign_in("tuyenquang.xa").await;
    assert_eq!(post(&h, &reporter, "/publications", &fields, true).await.status, StatusCode::FORBIDDEN);
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    assert_eq!(post(&h, &coordinator, "/publications", &fields, false).await.status, StatusCode::FORBIDDEN);
    assert_eq!(anonymous(&h, &format!("/public/units/{province}")).await.status, StatusCode::NOT_FOUND);
    let bad =
        post(&h, &coordinator, "/publications", &[("kind", "unit_progress"), ("subject", "x"), ("title", "T")], true)
            .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let done = post(&h, &coordinator, "/publications", &fields, true).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let admin = h.page(&coordinator, "/publications").await;
    assert!(admin.text.contains("Tiến độ tỉnh Tuyên Quang") && admin.text.contains("/withdraw"), "{}", admin.text);

    // The citizen's view: page, CSV and JSON, without signing in.
    let names = hidden(&h, province).await;
    let page = anonymous(&h, &format!("/public/units/{province}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains(PUBLIC_TITLE) && page.text.contains("Tiến độ tỉnh Tuyên Quang"));
    let csv = anonymous(&h, &format!("/public/units/{province}.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.text.starts_with('\u{feff}') && csv.text.contains(PUBLIC_TITLE), "{}", csv.text);
    let json = anonymous(&h, &format!("/public/units/{province}.json")).await;
    assert_eq!(json.status, StatusCode::OK);
    let api = anonymous(&h, &format!("/api/v1/public/units/{province}")).await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.json["tasks"], json.json["tasks"], "the export and the API agree");
    let items = anonymous(&h, "/api/v1/public/items").await;
    for reply in [&page, &csv, &json, &api, &items] {
        for name in &names {
            assert!(!reply.text.contains(name.as_str()), "{name} leaked: {}", reply.text);
        }
        assert!(!reply.text.contains('@'), "an e-mail leaked: {}", reply.text);
    }
    let list = anonymous(&h, "/public").await;
    assert!(list.text.contains(&format!("/public/units/{province}")));

    // Withdrawn: 404 again.
    let id = items.json[0]["id"].as_str().expect("an id").to_owned();
    let withdrawn = post(&h, &coordinator, &format!("/publications/{id}/withdraw"), &[], true).await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER, "{}", withdrawn.text);
    assert_eq!(anonymous(&h, &format!("/public/units/{province}")).await.status, StatusCode::NOT_FOUND);

    // The API: a reporter's token is refused, an anonymous call is 401.
    let token = h.token("tuyenquang.xa").await;
    let body = serde_json::json!({ "kind": "unit_progress", "subject": subject, "title": "T" });
    h.post(&token, "/api/v1/publications", body.clone()).await.problem(StatusCode::FORBIDDEN);
    h.send(Call::new(Method::POST, "/api/v1/publications").json(&body)).await.problem(StatusCode::UNAUTHORIZED);
    let token = h.token("tuyenquang.thuongtruc").await;
    let created = h.post(&token, "/api/v1/publications", body).await;
    let id = created.ok(StatusCode::CREATED)["id"].as_str().expect("an id").to_owned();
    let deleted = h.send(Call::new(Method::DELETE, &format!("/api/v1/publications/{id}")).token(&token)).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn portal_on_sqlite() {
    portal(sqlite().await).await;
}

#[tokio::test]
async fn portal_on_postgres() {
    if let Some(h) = postgres().await {
        portal(h).await;
    }
}
