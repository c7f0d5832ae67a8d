//! Period reports and person scorecards on the web: the `/reports` page for a province's coordinator
//! with its DOCX and XLSX downloads (that open), the JSON API, another province's report refused, and
//! the `/people` page listing the leaders in charge.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use nqtrack_app::TaskInput;
use nqtrack_domain::policy::Actor;
use nqtrack_office::table::{TableFormat, read_table};
use tower::ServiceExt as _;

use crate::support::{Browser, Harness, postgres, sqlite};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A download's status, content type, file name header and bytes (the shared `Reply` keeps text only).
async fn download(h: &Harness, browser: &Browser, uri: &str) -> (StatusCode, String, String, Vec<u8>) {
    let request = Request::builder()
        .method(Method::GET)
        .uri(uri)
        .header("cookie", &browser.cookie)
        .body(Body::empty())
        .expect("a well-formed request");
    let response = h.router.clone().oneshot(request).await.expect("the router never fails");
    let header_text = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let (content_type, disposition) = (header_text(header::CONTENT_TYPE), header_text(header::CONTENT_DISPOSITION));
    let status = response.status();
    let bytes = response.into_body().collect().await.expect("read the body").to_bytes().to_vec();
    (status, content_type, disposition, bytes)
}

async fn reports(h: Harness) {
    let province = h.unit_id("08").await;
    let hanoi = h.unit_id("01").await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;

    // The page: the home unit and the nine months by default, the prose, the download buttons.
    let page = h.page(&coordinator, "/reports").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("href=\"/reports\">Báo cáo</a>"), "in the navigation");
    assert!(page.text.contains("9 tháng năm 2025"), "{}", page.text);
    assert!(page.text.contains("Tải DOCX") && page.text.contains("Tải XLSX"));
    assert!(page.text.contains("Tổng số") || page.text.contains("Chưa có số liệu"));
    assert!(page.text.contains(&format!("/reports/export.docx?unit={province}")), "{}", page.text);

    // The report's numbers are the API's.
    let token = h.token("tuyenquang.thuongtruc").await;
    let api = h.get(&token, &format!("/api/v1/reports?unit={province}&period=2025-9M")).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text);
    assert_eq!(api.json["period"]["label"], "9 tháng năm 2025");
    assert_eq!(api.json["as_of"], "2025-09-15", "a running period is reported as of today");
    let text = api.json["tasks_text"].as_str().unwrap_or_default();
    assert!(page.text.contains(text), "the page shows the API's sentence: {text}");

    // The downloads open.
    let uri = format!("/reports/export.docx?unit={province}&period=2025-9M");
    let (status, content_type, disposition, bytes) = download(&h, &coordinator, &uri).await;
    assert_eq!((status, content_type.as_str()), (StatusCode::OK, DOCX));
    assert!(disposition.contains("bao-cao-9-thang-nam-2025-tuyen-quang.docx"), "{disposition}");
    assert!(bytes.starts_with(b"PK") && bytes.windows(17).any(|w| w == b"word/document.xml"), "a DOCX package");
    let uri = format!("/reports/export.xlsx?unit={province}&period=2025-9M");
    let (status, content_type, _, bytes) = download(&h, &coordinator, &uri).await;
    assert_eq!((status, content_type.as_str()), (StatusCode::OK, XLSX));
    let table = read_table(&bytes, TableFormat::Xlsx).expect("the workbook opens");
    assert!(!table.rows.is_empty());

    // Another province: refused everywhere, and nothing is downloaded.
    let foreign = h.page(&coordinator, &format!("/reports?unit={hanoi}&period=2025-9M")).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let (status, _, _, _) =
        download(&h, &coordinator, &format!("/reports/export.docx?unit={hanoi}&period=2025-9M")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let api = h.get(&token, &format!("/api/v1/reports?unit={hanoi}&period=2025-9M")).await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);

    // Bad input: the form again with the reason, or a problem naming the field.
    let bad = h.page(&coordinator, "/reports?period=custom&from=15/08/2025&to=01/07/2025").await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.text.contains("Ngày kết thúc phải sau"), "{}", bad.text);
    let bad = h.get(&token, &format!("/api/v1/reports?unit={province}&period=2026-Q1")).await;
    bad.field_error("period", "period-not-started");
}

async fn people(h: Harness) {
    let province = h.unit_id("08").await;
    let leader = {
        let mut tx = h.app.store().read().await.expect("read");
        tx.committee_members(province).await.expect("members").into_iter().next().expect("a committee member")
    };
    let operator = Actor::Operator { name: "test".into() };
    let input = TaskInput {
        title: "Xây dựng kho dữ liệu dùng chung của tỉnh".into(),
        assigner_id: Some(province),
        presiding_id: Some(province),
        deadline: "31/12/2025".into(),
        product: "Kho dữ liệu".into(),
        field: "Chính phủ số".into(),
        leader_id: Some(leader.id),
        ..TaskInput::default()
    };
    h.app.assign_task(&operator, input).await.expect("assign");

    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let page = h.page(&coordinator, "/people").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains(&leader.person_name), "{}", page.text);
    assert!(page.text.contains("Chưa phân công lãnh đạo"), "the demo's tasks have no leader");
    let token = h.token("tuyenquang.thuongtruc").await;
    let api = h.get(&token, &format!("/api/v1/people?unit={province}")).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text);
    assert_eq!(api.json["rows"][0]["name"], leader.person_name.as_str());
    assert_eq!(api.json["rows"][0]["tasks"]["total"], 1);
    let hanoi = h.unit_id("01").await;
    assert_eq!(h.page(&coordinator, &format!("/people?unit={hanoi}")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn reports_on_sqlite() {
    reports(sqlite().await).await;
}

#[tokio::test]
async fn reports_on_postgres() {
    if let Some(h) = postgres().await {
        reports(h).await;
    }
}

#[tokio::test]
async fn people_on_sqlite() {
    people(sqlite().await).await;
}

#[tokio::test]
async fn people_on_postgres() {
    if let Some(h) = postgres().await {
        people(h).await;
    }
}
