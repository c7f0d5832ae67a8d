//! The indicator API end to end on the router: the centre defines indicators, a data set, a round and
//! targets; a commune of Tuyên Quang saves and submits (a 140 % share is refused naming the indicator);
//! the province approves; the aggregate is partial and the completeness counts one; values are pushed
//! in batches (the same batch twice is `replayed`) and uploaded as CSV (a bad row writes nothing).
//! "Today" is 15/09/2025 (support::NOW), inside 2025-Q3.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Call, Harness, postgres, sqlite};

pub const PERIOD: &str = "2025-Q3";

/// What the tests share: tokens, the round, the province and two of its communes.
pub struct Setup {
    pub central: String,
    pub coordinator: String,
    pub reporter: String,
    pub other_province: String,
    pub round_id: String,
    pub province: String,
    /// The demo reporter's commune.
    pub commune: String,
    /// Another commune of the province (its code).
    pub other_code: String,
}

/// Defines ONLINE_SHARE (percent, average) and RECORDS (number, sum) for communes, a quarterly data
/// set (more than 1,000 records is a warning), the 2025-Q3 round and a commune target of 80 %.
pub async fn setup(h: &Harness) -> Setup {
    let central = h.token("tw.thuongtruc").await;
    for (code, name, value_type, aggregation, measure) in [
        ("ONLINE_SHARE", "Tỷ lệ hồ sơ trực tuyến", "percent", "average", "%"),
        ("RECORDS", "Số hồ sơ tiếp nhận", "number", "sum", "hồ sơ"),
    ] {
        let body = json!({
            "code": code, "name_vi": name, "value_type": value_type, "periodicity": "quarter",
            "levels": ["commune"], "aggregation": aggregation, "unit_of_measure": measure, "field": "digital_government",
        });
        let saved = h.post(&central, "/api/v1/indicators", body).await;
        assert_eq!(saved.ok(StatusCode::OK)["outcome"], "created", "{}", saved.text);
    }
    let data_set = h
        .post(
            &central,
            "/api/v1/indicator-data-sets",
            json!({ "name": "Chuyển đổi số hằng quý", "periodicity": "quarter", "indicators": ["ONLINE_SHARE", "RECORDS"],
                "rules": [{ "rule": { "kind": "range", "indicator": "RECORDS", "max": 1000 }, "severity": "warn" }] }),
        )
        .await;
    let data_set_id = data_set.ok(StatusCode::OK)["id"].as_str().expect("a data set id").to_owned();
    let round = h
        .post(
            &central,
            &format!("/api/v1/indicator-data-sets/{data_set_id}/rounds"),
            json!({ "period": PERIOD, "due_dates": [
                { "level": "commune", "due": "2025-10-15" }, { "level": "province", "due": "2025-10-25" }
            ] }),
        )
        .await;
    let round_id = round.ok(StatusCode::OK)["id"].as_str().expect("a round id").to_owned();
    let target = h
        .post(
            &central,
            "/api/v1/indicators/ONLINE_SHARE/targets",
            json!({ "period": PERIOD, "level": "commune", "target": 80 }),
        )
        .await;
    target.ok(StatusCode::OK);
    let reporter = h.token("tuyenquang.xa").await;
    let me = h.get(&reporter, "/api/v1/me").await;
    let commune = me.ok(StatusCode::OK)["grants"][0]["unit_id"].as_str().expect("the reporter's unit").to_owned();
    let province = h.unit_id("08").await.to_string();
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let completeness =
        h.get(&coordinator, &format!("/api/v1/indicator-rounds/{round_id}/completeness?unit_id={province}")).await;
    let other_code = completeness.ok(StatusCode::OK)["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["unit_id"] != commune.as_str())
        .and_then(|u| u["code"].as_str())
        .expect("another commune")
        .to_owned();
    Setup {
        central,
        coordinator,
        reporter,
        other_province: h.token("hanoi.thuongtruc").await,
        round_id,
        province,
        commune,
        other_code,
    }
}

async fn round_trip(h: Harness) {
    let s = setup(&h).await;
    let form_uri = format!("/api/v1/indicator-rounds/{}/units/{}", s.round_id, s.commune);

    // The catalogue, searched without diacritics and filtered.
    let found = h.get(&s.reporter, "/api/v1/indicators?q=ho%20so%20truc%20tuyen").await;
    let codes: Vec<&str> = found
        .ok(StatusCode::OK)
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["definition"]["code"].as_str())
        .collect();
    assert!(codes.contains(&"ONLINE_SHARE") && !codes.contains(&"RECORDS"), "{codes:?}");
    let operational = h.get(&s.reporter, "/api/v1/indicators?group=operational").await;
    assert!(!operational.text.contains("ONLINE_SHARE"));
    h.get(&s.reporter, "/api/v1/indicators/records").await.ok(StatusCode::OK);
    h.get(&s.reporter, "/api/v1/indicators/NOPE").await.problem(StatusCode::NOT_FOUND);
    // Only the catalogue's managers define indicators.
    h.post(
        &s.reporter,
        "/api/v1/indicators",
        json!({ "code": "X", "name_vi": "X", "value_type": "number",
        "periodicity": "quarter", "levels": ["commune"], "aggregation": "sum" }),
    )
    .await
    .problem(StatusCode::FORBIDDEN);

    // The commune's form: its two indicators with the target in force.
    let form = h.get(&s.reporter, &form_uri).await;
    let form = form.ok(StatusCode::OK);
    assert_eq!(form["rows"].as_array().map(Vec::len), Some(2));
    assert_eq!(form["rows"][0]["targets"]["target"], 80.0);
    assert_eq!(form["can_edit"], true);

    // A share of 140 % is refused, naming the indicator; nothing is written.
    let put = |body: Value| Call::new(Method::PUT, &format!("{form_uri}/values")).token(&s.reporter).json(&body);
    let bad = h.send(put(json!({ "values": [{ "indicator": "ONLINE_SHARE", "value": "140" }] }))).await;
    let error = bad.field_error("ONLINE_SHARE", "percent-out-of-range");
    assert!(error["message"].as_str().is_some_and(|m| m.contains("140")), "{}", bad.text);

    let saved = h
        .send(put(json!({ "values": [
            { "indicator": "ONLINE_SHARE", "value": "95,5" }, { "indicator": "RECORDS", "value": "1234" }
        ] })))
        .await;
    let saved = saved.ok(StatusCode::OK);
    assert_eq!((saved["changed"].as_u64(), saved["submission"]["state"].as_str()), (Some(2), Some("draft")));
    let submitted = h.post(&s.reporter, &format!("{form_uri}/submit"), json!({})).await;
    let submitted = submitted.ok(StatusCode::OK);
    assert_eq!(submitted["submission"]["state"], "submitted");
    // More than 1,000 records is worth a second look, not a refusal.
    assert_eq!(submitted["warnings"][0]["field"], "RECORDS", "{submitted}");
    assert_eq!(submitted["warnings"][0]["code"], "indicator-above-max");
    let version = submitted["submission"]["version"].as_i64().expect("a version");

    // Another province's coordinator neither reads nor decides the commune's form.
    h.get(&s.other_province, &form_uri).await.problem(StatusCode::FORBIDDEN);
    let decision = format!("{form_uri}/decision");
    h.post(&s.other_province, &decision, json!({ "action": "approve" })).await.problem(StatusCode::FORBIDDEN);
    // The commune cannot approve itself; a stale version is a conflict.
    h.post(&s.reporter, &decision, json!({ "action": "approve" })).await.problem(StatusCode::FORBIDDEN);
    h.post(&s.coordinator, &decision, json!({ "action": "approve", "version": version + 7 }))
        .await
        .problem(StatusCode::CONFLICT);
    let approved = h.post(&s.coordinator, &decision, json!({ "action": "approve", "version": version })).await;
    assert_eq!(approved.ok(StatusCode::OK)["state"], "approved");

    // The province's aggregate counts one commune of many: partial.
    let aggregate = h
        .get(
            &s.coordinator,
            &format!("/api/v1/indicators/ONLINE_SHARE/aggregate?unit_id={}&period={PERIOD}", s.province),
        )
        .await;
    let aggregate = aggregate.ok(StatusCode::OK);
    assert_eq!(aggregate["number"], 95.5);
    assert_eq!(aggregate["included"], 1);
    assert!(aggregate["expected"].as_u64().is_some_and(|n| n > 1), "{aggregate}");
    assert_eq!(aggregate["partial"], true);

    let completeness = h
        .get(&s.coordinator, &format!("/api/v1/indicator-rounds/{}/completeness?unit_id={}", s.round_id, s.province))
        .await;
    let completeness = completeness.ok(StatusCode::OK);
    assert_eq!((completeness["submitted"].as_u64(), completeness["approved"].as_u64()), (Some(1), Some(1)));
    assert_eq!(completeness["on_time"], 1);

    // The commune's series and the history of its value.
    let series = h.get(&s.reporter, &format!("/api/v1/indicators/RECORDS/series?unit_id={}", s.commune)).await;
    assert_eq!(series.ok(StatusCode::OK).as_array().map(Vec::len), Some(1));
    let history =
        h.get(&s.reporter, &format!("/api/v1/indicators/RECORDS/history?unit_id={}&period={PERIOD}", s.commune)).await;
    assert_eq!(history.ok(StatusCode::OK)["value"]["value"]["number"], 1234.0);
    h.get(&s.reporter, "/api/v1/indicators/RECORDS/aggregate").await.field_error("unit_id", "required");

    // The round, its list, closing it and opening it again.
    h.get(&s.reporter, &format!("/api/v1/indicator-rounds/{}", s.round_id)).await.ok(StatusCode::OK);
    let close = format!("/api/v1/indicator-rounds/{}/close", s.round_id);
    // Rounds belong to the whole installation: a province does not close them.
    h.post(&s.coordinator, &close, json!({ "closed": true })).await.problem(StatusCode::FORBIDDEN);
    let closed = h.post(&s.central, &close, json!({ "closed": true })).await;
    assert_eq!(closed.ok(StatusCode::OK)["round"]["closed"], true);
    h.post(&s.central, &close, json!({ "closed": false })).await.ok(StatusCode::OK);
}

async fn batches_and_uploads(h: Harness) {
    let s = setup(&h).await;
    let batch = json!({ "batch_key": "dvc-2025-09-15-001", "rows": [
        { "unit_code": s.other_code, "indicator_code": "RECORDS", "period": PERIOD, "value": "310", "comment": "" },
        { "unit_code": s.other_code, "indicator_code": "ONLINE_SHARE", "period": PERIOD, "value": "88,5" },
    ] });
    let first = h.post(&s.coordinator, "/api/v1/indicator-values/batches", batch.clone()).await;
    let first = first.ok(StatusCode::OK);
    assert_eq!((first["written"].as_u64(), first["replayed"].as_bool()), (Some(2), Some(false)));
    let again = h.post(&s.coordinator, "/api/v1/indicator-values/batches", batch).await;
    let again = again.ok(StatusCode::OK);
    assert_eq!((again["written"].as_u64(), again["replayed"].as_bool()), (Some(0), Some(true)));
    let changed = json!({ "batch_key": "dvc-2025-09-15-001", "rows": [
        { "unit_code": s.other_code, "indicator_code": "RECORDS", "period": PERIOD, "value": "311" },
    ] });
    let conflict = h.post(&s.coordinator, "/api/v1/indicator-values/batches", changed).await;
    assert_eq!(conflict.problem(StatusCode::CONFLICT)["errors"][0]["code"], "import-batch-conflict");
    // A reporter pushes for their own commune only.
    let foreign = json!({ "batch_key": "k2", "rows": [
        { "unit_code": s.other_code, "indicator_code": "RECORDS", "period": PERIOD, "value": "1" },
        { "unit_code": s.other_code, "indicator_code": "RECORDS", "period": "2024-Q1", "value": "1" },
    ] });
    let refused = h.post(&s.reporter, "/api/v1/indicator-values/batches", foreign).await;
    let problem = refused.field_error("unit_code", "unit-not-permitted");
    assert_eq!(problem["row"], 1);

    // A CSV with one bad row: nothing is written, the row is reported.
    let csv = format!(
        "Mã đơn vị,Mã chỉ tiêu,Kỳ,Giá trị,Ghi chú\n{code},RECORDS,{PERIOD},500,\n{code},ONLINE_SHARE,{PERIOD},140,\n",
        code = s.other_code
    );
    let boundary = "nqtrack-indicator-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"so-lieu.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let upload = |body: String| {
        Call::new(Method::POST, "/api/v1/indicator-values/import")
            .token(&s.coordinator)
            .raw(&format!("multipart/form-data; boundary={boundary}"), body)
    };
    let rejected = h.send(upload(body)).await;
    let problem = rejected.field_error("value", "percent-out-of-range");
    assert_eq!(problem["row"], 3);
    let history = h
        .get(
            &s.coordinator,
            &format!("/api/v1/indicators/RECORDS/history?unit_id={}&period={PERIOD}", unit(&h, &s.other_code).await),
        )
        .await;
    assert_eq!(history.ok(StatusCode::OK)["value"]["value"]["number"], 310.0, "nothing was written");
    let good = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"so-lieu.csv\"\r\nContent-Type: text/csv\r\n\r\nMã đơn vị,Mã chỉ tiêu,Kỳ,Giá trị\n{},RECORDS,{PERIOD},500\r\n--{boundary}--\r\n",
        s.other_code
    );
    let accepted = h.send(upload(good)).await;
    assert_eq!(accepted.ok(StatusCode::OK)["written"], 1);

    // The round template is a workbook to download.
    let template = h.get(&s.coordinator, &format!("/api/v1/indicator-rounds/{}/template.xlsx", s.round_id)).await;
    assert_eq!(template.status, StatusCode::OK, "{}", template.text);
    assert!(template.content_type().starts_with("application/vnd.openxmlformats"));
}

async fn unit(h: &Harness, code: &str) -> String {
    h.unit_id(code).await.to_string()
}

#[tokio::test]
async fn the_round_trip_on_sqlite() {
    round_trip(sqlite().await).await;
}

#[tokio::test]
async fn the_round_trip_on_postgres() {
    if let Some(h) = postgres().await {
        round_trip(h).await;
    }
}

#[tokio::test]
async fn batches_and_uploads_on_sqlite() {
    batches_and_uploads(sqlite().await).await;
}

#[tokio::test]
async fn batches_and_uploads_on_postgres() {
    if let Some(h) = postgres().await {
        batches_and_uploads(h).await;
    }
}
