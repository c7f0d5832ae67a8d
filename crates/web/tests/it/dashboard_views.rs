//! The dashboard page and its JSON: a province coordinator sees the counts, the lists and the map of
//! the 34 provinces ranked on a scorecard; anonymous visitors are sent to sign in (page) or refused
//! (API).

use axum::http::{Method, StatusCode, header};
use nqtrack_app::{DefinitionFormat, parse_definition};
use nqtrack_domain::evaluation::Scorecard;
use nqtrack_domain::policy::Actor;

use crate::support::{Call, Harness, postgres, sqlite};

/// A scorecard of the root, so that the provinces are ranked and mapped.
async fn scorecard(h: &Harness) -> String {
    let operator = Actor::Operator { name: "test".into() };
    let root = h.unit_id("TW").await;
    let scorecard: Scorecard = parse_definition(
        "code = \"BD57\"\nname = \"Bản đồ tiến độ\"\n[[criteria]]\ncode = \"C1\"\nname = \"Nhiệm vụ xanh\"\n\
         measure = \"tasks_green_share\"\ngreen = 80\nyellow = 60\n",
        DefinitionFormat::Toml,
    )
    .expect("a scorecard");
    let record = h.app.save_scorecard(&operator, root, scorecard).await.expect("save the scorecard");
    format!("scorecard:{}", record.id)
}

async fn dashboard(h: Harness) {
    let subject = scorecard(&h).await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let encoded: String = form_urlencoded::byte_serialize(subject.as_bytes()).collect();
    let page = h.page(&coordinator, &format!("/dashboard?subject={encoded}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("href=\"/dashboard\">Tổng quan</a>"), "a link in the navigation");
    assert!(page.text.contains("Nhiệm vụ theo tình trạng và màu") && page.text.contains("so với "));
    assert!(page.text.contains("Cảnh báo sớm") && page.text.contains("Nhiệm vụ quá hạn"));
    // The map: the 34 provinces, each in a band or "no data", the legend and the attribution, and
    // links to the drill-down.
    assert_eq!(page.text.matches("<path class=\"province ").count(), 34, "{}", page.text);
    assert!(page.text.contains("class=\"province band-") || page.text.contains("class=\"province no-data"));
    assert!(page.text.contains("Vietnamese Provinces Database"));
    assert!(page.text.contains("/rankings/explain?subject="));
    // The ranking among the provinces marks the province's own row.
    assert!(page.text.contains("own-row"), "{}", page.text);
    // The indicator tiles come after the page, with their sparklines.
    assert!(page.text.contains("hx-get=\"/dashboard/indicators?unit="), "{}", page.text);
    let province = h.unit_id("08").await;
    let tiles = h.page(&coordinator, &format!("/dashboard/indicators?unit={province}")).await;
    assert_eq!(tiles.status, StatusCode::OK, "{}", tiles.text);
    assert!(
        tiles.text.contains("class=\"sparkline\"") || tiles.text.contains("Chưa có số liệu chỉ tiêu"),
        "{}",
        tiles.text
    );
    // A bad date is named.
    let bad = h.page(&coordinator, "/dashboard?as_of=31/02/2026").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Another province's unit is refused.
    let hanoi = h.unit_id("01").await;
    let refused = h.page(&coordinator, &format!("/dashboard?unit={hanoi}")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Anonymous: the page sends to sign in, the API answers 401.
    let anonymous = h.send(Call::new(Method::GET, "/dashboard")).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(
        anonymous.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).is_some_and(|l| l.starts_with("/login"))
    );
    h.send(Call::new(Method::GET, "/api/v1/dashboard")).await.problem(StatusCode::UNAUTHORIZED);

    // The JSON has the same counts as the page's task counts.
    let token = h.token("tuyenquang.thuongtruc").await;
    let json = h.get(&token, &format!("/api/v1/dashboard?subject={encoded}")).await;
    let body = json.ok(StatusCode::OK);
    let counts = h.get(&token, &format!("/api/v1/tasks/counts?unit_id={province}")).await;
    assert_eq!(body["unit"]["id"], province.to_string());
    assert!(body["tasks"]["total"].as_i64().is_some_and(|n| n > 0), "{}", json.text);
    assert_eq!(body["tasks"]["total"], counts.ok(StatusCode::OK)["counts"]["total"], "{}", counts.text);
    assert_eq!(body["map"]["provinces"].as_array().map(Vec::len), Some(34));
    let tiles = h.get(&token, &format!("/api/v1/dashboard/indicators?unit={province}")).await;
    assert!(tiles.ok(StatusCode::OK).as_array().is_some_and(|t| t.len() <= 8), "{}", tiles.text);
}

#[tokio::test]
async fn dashboard_on_sqlite() {
    dashboard(sqlite().await).await;
}

#[tokio::test]
async fn dashboard_on_postgres() {
    if let Some(h) = postgres().await {
        dashboard(h).await;
    }
}
