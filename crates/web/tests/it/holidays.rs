//! The holiday calendar over HTTP: the JSON API on both backends, the page with its forms, and the
//! messages of the codes and actions it adds, in both languages.

use axum::http::{Method, StatusCode, header};
use nqtrack_app::demo::DEMO_PASSWORD;
use nqtrack_domain::calendar::vietnam_holidays;
use nqtrack_web::i18n::{Lang, field_error_message, tr};
use serde_json::{Value, json};

use crate::support::{Call, Harness, Reply, postgres, sqlite};

fn days(list: &Value) -> Vec<&str> {
    list.as_array().expect("an array").iter().map(|h| h["day"].as_str().expect("a day")).collect()
}

async fn api_flow(h: &Harness) {
    let backend = h.backend;
    let reporter = h.token("tuyenquang.xa").await;
    let coordinator = h.token("tw.thuongtruc").await;
    let admin = h.token("admin").await;

    // Everyone signed in reads; the year defaults to this year in Vietnam (2025 in these tests).
    let seeded_2026: Vec<String> = vietnam_holidays(2026).iter().map(|h| h.day.to_string()).collect();
    let list = h.get(&reporter, "/api/v1/holidays?year=2026").await;
    assert_eq!(days(list.ok(StatusCode::OK)), seeded_2026, "{backend}");
    assert_eq!(list.json[0], json!({ "day": "2026-01-01", "name": "Tết Dương lịch", "working": false }));
    let this_year = h.get(&reporter, "/api/v1/holidays").await;
    assert_eq!(days(this_year.ok(StatusCode::OK)).len(), vietnam_holidays(2025).len());
    assert!(this_year.json.as_array().unwrap().iter().any(|h| h["day"] == "2025-04-26" && h["working"] == true));
    h.send(Call::new(Method::GET, "/api/v1/holidays")).await.problem(StatusCode::UNAUTHORIZED);
    let far = h.get(&reporter, "/api/v1/holidays?year=1066").await;
    assert!(far.field_error("year", "year-range")["message"].as_str().unwrap().contains("1900"), "{}", far.text);
    h.get(&reporter, "/api/v1/holidays?year=abc").await.field_error("query", "query-invalid");

    // Only an administrator at the root changes it.
    let body = json!({ "day": "10/01/2026", "name": "Làm bù ngày 02/01", "working": true });
    h.post(&coordinator, "/api/v1/holidays", body.clone()).await.problem(StatusCode::FORBIDDEN);
    let saved = h.post(&admin, "/api/v1/holidays", body).await;
    assert_eq!(*saved.ok(StatusCode::OK), json!({ "day": "2026-01-10", "name": "Làm bù ngày 02/01", "working": true }));
    let invalid = h.post(&admin, "/api/v1/holidays", json!({ "day": "31/02/2026", "name": " " })).await;
    invalid.field_error("day", "date-format");
    invalid.field_error("name", "required");
    let monday = h
        .send(
            Call::new(Method::POST, "/api/v1/holidays")
                .token(&admin)
                .header("accept-language", "en")
                .json(&json!({ "day": "2026-01-12", "name": "Làm bù", "working": true })),
        )
        .await;
    let error = monday.field_error("working", "working-day-not-weekend");
    assert_eq!(
        error["message"],
        "12/01/2026 is not a Saturday or a Sunday: only a weekend day can be worked in exchange."
    );
    let unknown =
        h.post(&admin, "/api/v1/holidays", json!({ "day": "2026-01-10", "name": "x", "colour": "red" })).await;
    unknown.field_error("body", "json-invalid");

    // Deleting: 204, then 404; a day that is not a date is a field error.
    let delete = |uri: &str, token: &str| Call::new(Method::DELETE, uri).token(token);
    h.send(delete("/api/v1/holidays/2026-01-10", &coordinator)).await.problem(StatusCode::FORBIDDEN);
    let gone = h.send(delete("/api/v1/holidays/2026-01-10", &admin)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    h.send(delete("/api/v1/holidays/2026-01-10", &admin)).await.problem(StatusCode::NOT_FOUND);
    h.send(delete("/api/v1/holidays/tomorrow", &admin)).await.field_error("day", "date-format");
    let list = h.get(&reporter, "/api/v1/holidays?year=2026").await;
    assert_eq!(days(list.ok(StatusCode::OK)), seeded_2026, "{backend}: back as seeded");
}

#[tokio::test]
async fn api_on_sqlite() {
    api_flow(&sqlite().await).await;
}

#[tokio::test]
async fn api_on_postgres() {
    let Some(h) = postgres().await else { return };
    api_flow(&h).await;
}

/// A signed-in browser: its session cookie and the CSRF token its pages carry.
struct Session {
    cookie: String,
    csrf: String,
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

async fn open(h: &Harness, session: &Session, uri: &str) -> Reply {
    h.send(Call::new(Method::GET, uri).header("cookie", &session.cookie)).await
}

async fn sign_in(h: &Harness, username: &str) -> Session {
    let login = form(&[("username", username), ("password", DEMO_PASSWORD), ("next", "/holidays")]);
    let reply = h.send(Call::new(Method::POST, "/login").raw("application/x-www-form-urlencoded", login)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let set_cookie = reply.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("a session cookie");
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();
    let page = open(h, &Session { cookie: cookie.clone(), csrf: String::new() }, "/holidays").await;
    let marker = "name=\"csrf-token\" content=\"";
    let start = page.text.find(marker).map(|i| i + marker.len()).expect("the layout carries the CSRF token");
    let csrf = page.text[start..].split('"').next().unwrap_or_default().to_owned();
    Session { cookie, csrf }
}

async fn submit(h: &Harness, session: &Session, uri: &str, pairs: &[(&str, &str)]) -> Reply {
    let mut pairs = pairs.to_vec();
    pairs.push(("csrf_token", &session.csrf));
    let call = Call::new(Method::POST, uri).header("cookie", &session.cookie);
    h.send(call.raw("application/x-www-form-urlencoded", form(&pairs))).await
}

fn location(reply: &Reply) -> &str {
    reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn the_page_lists_the_year_and_administrators_edit_it() {
    let h = sqlite().await;
    let anonymous = h.send(Call::new(Method::GET, "/holidays")).await;
    assert_eq!((anonymous.status, location(&anonymous)), (StatusCode::SEE_OTHER, "/login?next=%2Fholidays"));

    // A reporter reads, without the forms.
    let reporter = sign_in(&h, "tuyenquang.xa").await;
    let page = open(&h, &reporter, "/holidays?year=2026").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("Ngày nghỉ lễ, Tết 2026") && page.text.contains("Tết Nguyên đán"), "{}", page.text);
    assert!(page.text.contains("27/04/2026") && page.text.contains("Thứ Hai"), "{}", page.text);
    assert!(page.text.contains("Số ngày làm việc trong năm: 250"), "{}", page.text);
    assert!(!page.text.contains("action=\"/holidays/delete\""), "no forms for a reporter");
    let refused =
        submit(&h, &reporter, "/holidays", &[("day", "10/01/2026"), ("name", "Làm bù"), ("working", "on")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let this_year = open(&h, &reporter, "/holidays").await;
    assert!(this_year.text.contains("Ngày nghỉ lễ, Tết 2025") && this_year.text.contains("Ngày làm bù"));
    let english = open(&h, &reporter, "/holidays?year=2026&lang=en").await;
    assert!(english.text.contains("Public holidays 2026") && english.text.contains("Monday"), "{}", english.text);
    let far = open(&h, &reporter, "/holidays?year=abc").await;
    assert_eq!(far.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(far.text.contains("1900"), "{}", far.text);

    // The administrator adds a worked Saturday, sees the count change, and removes it again.
    let admin = sign_in(&h, "admin").await;
    assert!(open(&h, &admin, "/holidays?year=2026").await.text.contains("action=\"/holidays/delete\""));
    let added =
        submit(&h, &admin, "/holidays", &[("day", "10/01/2026"), ("name", "Làm bù ngày 02/01"), ("working", "on")])
            .await;
    assert_eq!((added.status, location(&added)), (StatusCode::SEE_OTHER, "/holidays?year=2026&saved=1"));
    let page = open(&h, &admin, location(&added)).await;
    assert!(page.text.contains("Làm bù ngày 02/01") && page.text.contains("Số ngày làm việc trong năm: 251"));
    let wrong = submit(&h, &admin, "/holidays", &[("day", "12/01/2026"), ("name", "Làm bù"), ("working", "on")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text.contains("chỉ ngày cuối tuần mới có thể là ngày làm bù"), "{}", wrong.text);
    assert!(
        wrong.text.contains("value=\"12/01/2026\"") && wrong.text.contains("checked"),
        "the form keeps what was typed"
    );
    let removed = submit(&h, &admin, "/holidays/delete", &[("day", "2026-01-10")]).await;
    assert_eq!((removed.status, location(&removed)), (StatusCode::SEE_OTHER, "/holidays?year=2026&saved=1"));
    let missing = submit(&h, &admin, "/holidays/delete", &[("day", "2026-01-10")]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Seeding again keeps what is there.
    let seeded = submit(&h, &admin, "/holidays/seed", &[]).await;
    assert_eq!((seeded.status, location(&seeded)), (StatusCode::SEE_OTHER, "/holidays?saved=1"));
    assert!(open(&h, &admin, "/holidays?year=2026").await.text.contains("Số ngày làm việc trong năm: 250"));

    // Every change is in the history, named in the reader's language.
    let history = open(&h, &admin, "/audit/holiday/2026-01-10").await;
    assert!(history.text.contains("Thêm ngày nghỉ") && history.text.contains("Xóa ngày nghỉ"), "{}", history.text);
}

#[test]
fn new_codes_and_actions_speak_both_languages() {
    for lang in Lang::ALL {
        for key in [
            "field-day",
            "field-year",
            "field-working",
            "object-holiday",
            "action-holiday_create",
            "action-holiday_update",
            "action-holiday_delete",
            "action-holiday_seed",
        ] {
            assert_ne!(tr(lang, key), key, "{lang}: {key}");
        }
        let weekend = field_error_message(lang, "working", "working-day-not-weekend", &[("date", "12/01/2026".into())]);
        assert!(weekend.contains("12/01/2026") && !weekend.contains("working-day-not-weekend"), "{lang}: {weekend}");
        let range = field_error_message(lang, "year", "year-range", &[("min", "1900".into()), ("max", "2200".into())]);
        assert!(range.contains("1900") && range.contains("2200") && !range.contains("year-range"), "{lang}: {range}");
    }
}
