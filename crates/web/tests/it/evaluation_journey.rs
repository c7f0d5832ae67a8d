//! "Done means" for evaluation: a provincial standing office, as a new user would, defines a scorecard
//! in the form, sees the 34 provinces ranked with the drill-down and the map, closes the quarter, and
//! downloads a 9-month report whose numbers and comparison are right, match the dashboard, and stay as
//! they were when a task is added afterwards; a citizen then sees the published progress without
//! logging in. On every backend.
//!
//! The clock starts at the harness's 15/09/2025 and moves to Monday 06/10/2025, after the third quarter.

use axum::http::StatusCode;
use jiff::civil::date;
use serde_json::{Value, json};

use crate::support::{Call, Harness, postgres, sqlite, travel_to};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn total(tally: &Value) -> i64 {
    tally["total"].as_i64().expect("a task count")
}

async fn journey(h: Harness) {
    travel_to(&h, date(2025, 10, 6));
    let browser = h.sign_in("tuyenquang.thuongtruc").await;
    let token = h.token("tuyenquang.thuongtruc").await;
    let province = h.unit_id("08").await;

    // The evaluation page, then a scorecard through its form.
    assert_eq!(h.page(&browser, "/evaluation").await.status, StatusCode::OK);
    let created = h
        .submit(
            &browser,
            "/scorecards/new",
            &[
                ("code", "TQ-TIEN-DO"),
                ("name", "Tiến độ thực hiện Nghị quyết 57 của tỉnh"),
                ("rank_by", "score"),
                ("green_at", "80"),
                ("yellow_at", "50"),
                ("criteria[0].code", "XANH"),
                ("criteria[0].name", "Nhiệm vụ xanh"),
                ("criteria[0].measure", "tasks_green_share"),
                ("criteria[0].green", "80"),
                ("criteria[0].yellow", "60"),
                ("criteria[0].weight", "2"),
                ("criteria[1].code", "DUNG_HAN"),
                ("criteria[1].name", "Hoàn thành đúng hạn"),
                ("criteria[1].measure", "tasks_on_time_rate"),
                ("criteria[1].green", "90"),
                ("criteria[1].yellow", "70"),
                ("criteria[1].weight", "1"),
                ("criteria[2].code", "TOAN_TRINH"),
                ("criteria[2].name", "Thủ tục toàn trình so với chỉ tiêu"),
                ("criteria[2].measure", "indicator_achievement"),
                ("criteria[2].indicator", "TTHC_TL_TOAN_TRINH"),
                ("criteria[2].green", "100"),
                ("criteria[2].yellow", "85"),
                ("criteria[2].weight", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let scorecards = h.get(&token, "/api/v1/scorecards").await;
    let id = scorecards
        .ok(StatusCode::OK)
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["scorecard"]["code"] == "TQ-TIEN-DO");
    let id = id.and_then(|s| s["id"].as_str()).expect("the new scorecard").to_owned();
    let subject = format!("scorecard:{id}");

    // The 34 provinces ranked: shared ranks, those without data last and unranked.
    let query = format!("subject={subject}&peers=provinces&period=2025-Q3");
    let ranking = h.get(&token, &format!("/api/v1/rankings?{query}")).await;
    let rows = ranking.ok(StatusCode::OK)["rows"].as_array().expect("rows").clone();
    assert_eq!(rows.len(), 34);
    for row in &rows {
        match row["score"].as_f64() {
            None => assert!(row["rank"].is_null()),
            Some(score) => {
                let better = rows.iter().filter(|r| r["score"].as_f64().is_some_and(|s| s > score + 1e-9)).count();
                assert_eq!(row["rank"].as_u64(), Some(better as u64 + 1), "{row}");
            }
        }
    }
    let own = rows.iter().find(|r| r["code"] == "08").expect("Tuyên Quang");
    assert!(own["rank"].is_u64(), "the demo gives Tuyên Quang tasks and values: {own}");
    // ... on the page, with the map of the provinces, and the drill-down of its own score.
    let page = h.page(&browser, &format!("/rankings?{query}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<svg") && page.text.matches("<path").count() >= 34, "the map of the 34 provinces");
    let explained = h.page(&browser, &format!("/rankings/explain?{query}&unit={province}")).await;
    assert_eq!(explained.status, StatusCode::OK);
    assert!(explained.text.contains("Nhiệm vụ xanh") && explained.text.contains("TTHC_TL_TOAN_TRINH"));

    // The dashboard as of 30/09 and as of 30/06, before the quarter is closed.
    let dashboard = |as_of: &str| format!("/api/v1/dashboard?unit={province}&as_of={as_of}");
    let at_quarter_end = h.get(&token, &dashboard("30/09/2025")).await;
    let at_quarter_end = at_quarter_end.ok(StatusCode::OK)["tasks"].clone();
    let at_half_year = h.get(&token, &dashboard("30/06/2025")).await.ok(StatusCode::OK)["tasks"].clone();
    assert!(total(&at_quarter_end) > 0);

    // The province closes the third quarter.
    let closing = h.post(&token, "/api/v1/period-closings", json!({"unit_id": province, "period": "2025-Q3"})).await;
    closing.ok(StatusCode::CREATED);
    let again = h.post(&token, "/api/v1/period-closings", json!({"unit_id": province, "period": "2025-Q3"})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);

    // A task entered afterwards, dated back into the quarter, does not move the closed figures.
    let late_entry = h
        .post(
            &token,
            "/api/v1/tasks",
            json!({
                "title": "Nhiệm vụ nhập bổ sung sau khi chốt số liệu",
                "assigner_id": province,
                "presiding_id": province,
                "assigned_on": "01/09/2025",
                "deadline": "20/09/2025",
            }),
        )
        .await;
    assert_eq!(late_entry.status, StatusCode::CREATED, "{}", late_entry.text);

    // The 9-month report: frozen figures, equal to the dashboard's, compared with 30/06 in words.
    let report = h.get(&token, &format!("/api/v1/reports?unit={province}&period=2025-9M")).await;
    let report = report.ok(StatusCode::OK).clone();
    assert!(!report["frozen"].is_null(), "the report reads the closed quarter: {report}");
    assert_eq!(report["tasks"], at_quarter_end, "the report's counts are the dashboard's of 30/09");
    let now_dashboard = h.get(&token, &dashboard("30/09/2025")).await.ok(StatusCode::OK)["tasks"].clone();
    assert_eq!(now_dashboard, at_quarter_end, "the dashboard of 30/09 reads the closed quarter too");
    assert_eq!(report["previous"]["as_of"], "2025-06-30");
    let (now, before) = (total(&at_quarter_end), total(&at_half_year));
    let text = report["tasks_text"].as_str().expect("the opening sentence");
    assert!(text.starts_with(&format!("Tổng số {now} nhiệm vụ")), "{text}");
    let change = match now - before {
        0 => "không thay đổi".to_owned(),
        d if d > 0 => format!("tăng {d} nhiệm vụ"),
        d => format!("giảm {} nhiệm vụ", -d),
    };
    assert!(text.contains(&change), "{text} / {change}");

    // The DOCX: the same sentence in the document, dated in the administrative style.
    let docx = h
        .send(
            Call::new(axum::http::Method::GET, &format!("/api/v1/reports/export.docx?unit={province}&period=2025-9M"))
                .token(&token),
        )
        .await;
    assert_eq!(docx.status, StatusCode::OK);
    assert_eq!(docx.content_type(), DOCX);
    let xml = docx_part(&docx.bytes, "word/document.xml");
    assert!(xml.contains(&format!("Tổng số {now} nhiệm vụ")), "the report's numbers are in the document");
    assert!(xml.contains("BÁO CÁO") && xml.contains("ngày 30 tháng 9 năm 2025"), "{xml}");
    let fonts = format!("{xml}{}", docx_part(&docx.bytes, "word/styles.xml"));
    assert!(fonts.contains("Times New Roman"));

    // Published, the province's progress is there for a citizen without logging in; another's is not.
    let published = h
        .post(
            &token,
            "/api/v1/publications",
            json!({"kind": "unit_progress", "subject": province.to_string(), "title": "Tiến độ của tỉnh Tuyên Quang"}),
        )
        .await;
    assert!(published.status.is_success(), "{}", published.text);
    let public = h.send(Call::new(axum::http::Method::GET, &format!("/public/units/{province}"))).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    assert!(public.text.contains("Tuyên Quang"));
    let hanoi = h.unit_id("01").await;
    let unpublished = h.send(Call::new(axum::http::Method::GET, &format!("/public/units/{hanoi}"))).await;
    assert_eq!(unpublished.status, StatusCode::NOT_FOUND);
}

/// One part of a DOCX.
fn docx_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip archive");
    let mut xml = String::new();
    archive.by_name(name).expect("the part").read_to_string(&mut xml).expect("UTF-8");
    xml
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_judges_closes_reports_and_publishes_on_sqlite() {
    journey(sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_judges_closes_reports_and_publishes_on_postgres() {
    if let Some(h) = postgres().await {
        journey(h).await;
    }
}
