//! The evaluation API end to end: a province's coordinator saves scorecards (as JSON and as TOML and
//! JSON files) and methodology versions, bad definitions are refused naming their field with nothing
//! saved, the 34 provinces are ranked with shared ranks and "no data" never as zero, the drill-down
//! explains a score, another province's coordinator is kept out, and the centre closes a quarter
//! (frozen ranking, a second close refused, reopening needs a reason). "Today" is 15/09/2025.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Call, Harness, postgres, sqlite};

/// A scorecard on which every unit with tasks is GREEN (thresholds at zero): the provinces with tasks
/// all score 100 and share the first rank; the others have no data.
pub fn all_green(code: &str) -> Value {
    json!({
        "code": code, "name": "Có nhiệm vụ", "rank_by": "score", "green_at": 80, "yellow_at": 50,
        "criteria": [{ "code": "C1", "name": "Nhiệm vụ xanh", "measure": "tasks_green_share", "green": 0, "yellow": 0 }]
    })
}

/// A methodology of one pillar and two leaves on tasks; `second_leaf` points (the pillar has 100).
pub fn methodology(version: i32, second_leaf: f64) -> Value {
    json!({
        "code": "CDS", "version": version, "name": "Chỉ số chuyển đổi số", "total_points": 100,
        "pillars": [{ "code": "NT", "name": "Nhiệm vụ", "points": 100, "children": [
            { "code": "NT1", "name": "Xanh", "points": 60, "measure": "tasks_green_share" },
            { "code": "NT2", "name": "Đúng hạn", "points": second_leaf, "measure": "tasks_on_time_rate", "normalisation": "min_max" }
        ] }]
    })
}

/// Asserts a ranking's ranks are competition ranks (1, 2, 2, 4): each ranked unit's rank is one more
/// than the number of units scoring strictly better, and units without a score have no rank.
pub fn assert_competition_ranked(ranking: &Value) -> Vec<(String, Option<u64>)> {
    let rows = ranking["rows"].as_array().expect("rows");
    let scores: Vec<Option<f64>> = rows.iter().map(|r| r["score"].as_f64()).collect();
    for (row, score) in rows.iter().zip(&scores) {
        match score {
            Some(score) => {
                let better = scores.iter().flatten().filter(|s| *s > score).count() as u64;
                assert_eq!(row["rank"].as_u64(), Some(better + 1), "{row}");
            }
            None => assert!(row["rank"].is_null(), "no data is not ranked: {row}"),
        }
    }
    rows.iter().map(|r| (r["code"].as_str().unwrap_or_default().to_owned(), r["rank"].as_u64())).collect()
}

async fn journey(h: Harness) {
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let central = h.token("tw.thuongtruc").await;
    let outsider = h.token("hanoi.thuongtruc").await;
    let province = h.unit_id("08").await.to_string();

    // A scorecard as JSON with its owner: 201 and its address.
    let mut body = all_green("ALLGREEN");
    body["owner_id"] = json!(province);
    let saved = h.post(&coordinator, "/api/v1/scorecards", body).await;
    let card = saved.ok(StatusCode::CREATED).clone();
    let id = card["id"].as_str().expect("an id").to_owned();
    assert_eq!(card["version"], 1);
    assert!(saved.headers.get("location").is_some_and(|l| l.to_str().unwrap_or_default().ends_with(&id)));

    // Bad criteria are named at their field; nothing is saved.
    let mut bad = all_green("BAD");
    bad["criteria"] = json!([
        { "code": "C1", "name": "Sai ngưỡng", "measure": "tasks_green_share", "green": 50, "yellow": 70 },
        { "code": "C2", "name": "Không có", "measure": "indicator_achievement", "indicator": "NOPE_99", "green": 100, "yellow": 80 }
    ]);
    let refused = h.post(&coordinator, "/api/v1/scorecards", bad).await;
    refused.field_error("criteria[0].green", "thresholds-order");
    refused.field_error("criteria[1].indicator", "criterion-indicator-unknown");
    let listed = h.get(&coordinator, "/api/v1/scorecards").await;
    let codes: Vec<&str> = listed
        .ok(StatusCode::OK)
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s["scorecard"]["code"].as_str())
        .collect();
    assert!(codes.contains(&"ALLGREEN") && !codes.contains(&"BAD"), "{codes:?}");

    // The same definition as a TOML file and as a JSON file, format by content type.
    let toml = "code = \"FILE_TOML\"\nname = \"Từ tệp\"\n[[criteria]]\ncode = \"C1\"\nname = \"Quá hạn\"\nmeasure = \"tasks_overdue_share\"\ngreen = 10\nyellow = 20\n";
    let imported = h
        .send(
            Call::new(Method::POST, &format!("/api/v1/scorecards/import?owner_id={province}"))
                .token(&coordinator)
                .raw("application/toml", toml),
        )
        .await;
    assert_eq!(imported.ok(StatusCode::CREATED)["scorecard"]["code"], "FILE_TOML", "{}", imported.text);
    let json_file = all_green("FILE_JSON").to_string();
    let imported = h
        .send(
            Call::new(Method::POST, "/api/v1/scorecards/import").token(&coordinator).raw("application/json", json_file),
        )
        .await;
    assert_eq!(imported.ok(StatusCode::CREATED)["owner_id"], province.as_str(), "the home unit by default");
    let broken = h
        .send(Call::new(Method::POST, "/api/v1/scorecards/import").token(&coordinator).raw("text/plain", "code = "))
        .await;
    broken.field_error("file", "definition-format");

    // Methodologies: points that do not add up are named at their node, nothing saved; versions are
    // immutable (the same version again is a conflict).
    let before = h.get(&coordinator, "/api/v1/methodologies").await.ok(StatusCode::OK).as_array().map_or(0, Vec::len);
    let uneven = h.post(&coordinator, "/api/v1/methodologies", methodology(1, 30.0)).await;
    let problem = uneven.field_error("pillars[0].points", "points-do-not-add-up");
    assert!(problem["message"].as_str().is_some_and(|m| m.contains("90")), "{problem}");
    let after = h.get(&coordinator, "/api/v1/methodologies").await.ok(StatusCode::OK).as_array().map_or(0, Vec::len);
    assert_eq!(before, after);
    let v1 = h.post(&coordinator, "/api/v1/methodologies", methodology(1, 40.0)).await;
    let v1_id = v1.ok(StatusCode::CREATED)["id"].as_str().expect("an id").to_owned();
    let again = h.post(&coordinator, "/api/v1/methodologies", methodology(1, 40.0)).await;
    again.problem(StatusCode::CONFLICT);
    let v2 = h
        .send(
            Call::new(Method::POST, "/api/v1/methodologies/import")
                .token(&coordinator)
                .raw("application/json", methodology(2, 40.0).to_string()),
        )
        .await;
    let v2_id = v2.ok(StatusCode::CREATED)["id"].as_str().expect("an id").to_owned();
    assert_eq!(
        h.get(&coordinator, &format!("/api/v1/methodologies/{v2_id}")).await.ok(StatusCode::OK)["methodology"]["version"],
        2
    );

    // The 34 provinces ranked: shared ranks, no data listed last without a rank or a score.
    let uri = format!("/api/v1/rankings?subject=scorecard:{id}&peers=provinces&period=2025-Q3");
    let ranking = h.get(&coordinator, &uri).await;
    let ranking = ranking.ok(StatusCode::OK).clone();
    assert_eq!(ranking["rows"].as_array().map(Vec::len), Some(34), "{ranking}");
    assert_eq!(ranking["frozen"], false);
    let ranks = assert_competition_ranked(&ranking);
    let first: Vec<&String> = ranks.iter().filter(|(_, r)| *r == Some(1)).map(|(c, _)| c).collect();
    assert!(first.len() >= 2 && first.contains(&&"08".to_owned()), "the provinces with tasks tie: {ranks:?}");
    let unranked = ranking["rows"].as_array().expect("rows").iter().filter(|r| r["score"].is_null()).count();
    assert!(unranked > 0, "provinces without tasks have no data");
    // Both versions of the index are computed on the same data.
    for index in [&v1_id, &v2_id] {
        let index_ranking = h
            .get(&coordinator, &format!("/api/v1/rankings?subject=index:{index}&peers=provinces&period=2025-Q3"))
            .await;
        assert_competition_ranked(index_ranking.ok(StatusCode::OK));
    }
    // Bad choices are named.
    h.get(&coordinator, &format!("/api/v1/rankings?subject=scorecard:{id}&peers=planets"))
        .await
        .field_error("peers", "peers-format");
    h.get(&coordinator, "/api/v1/rankings?subject=card:1&peers=provinces")
        .await
        .field_error("subject", "subject-format");

    // The drill-down: the score down to its criterion and the tasks counted.
    let explain = h
        .get(
            &coordinator,
            &format!("/api/v1/rankings/explain?subject=scorecard:{id}&peers=provinces&period=2025-Q3&unit={province}"),
        )
        .await;
    let explain = explain.ok(StatusCode::OK);
    assert_eq!(explain["ranking_row"]["rank"], 1);
    assert_eq!(explain["can_open_details"], true);
    assert!(explain["facts"]["tasks"]["total"].as_i64().is_some_and(|n| n > 0), "{explain}");
    assert_eq!(explain["ranking_row"]["outcome"]["criteria"][0]["colour"], "green");

    // Another province's coordinator may not use Tuyên Quang's scorecard.
    h.get(&outsider, &format!("/api/v1/scorecards/{id}")).await.problem(StatusCode::FORBIDDEN);
    h.get(&outsider, &uri).await.problem(StatusCode::FORBIDDEN);

    // Closing: the centre closes the last ended quarter; its ranking is then frozen.
    let root = h.get(&central, "/api/v1/me").await.ok(StatusCode::OK)["grants"][0]["unit_id"]
        .as_str()
        .expect("a unit")
        .to_owned();
    let not_ended = h.post(&central, "/api/v1/period-closings", json!({ "unit_id": root, "period": "2025-Q3" })).await;
    not_ended.field_error("period", "period-not-ended");
    let closed = h.post(&central, "/api/v1/period-closings", json!({ "unit_id": root, "period": "2025-Q2" })).await;
    let closing = closed.ok(StatusCode::CREATED)["closing"].clone();
    let closing_id = closing["id"].as_str().expect("a closing id").to_owned();
    let q2 = format!("/api/v1/rankings?subject=scorecard:{id}&peers=provinces&period=2025-Q2");
    let frozen = h.get(&coordinator, &q2).await;
    assert_eq!(frozen.ok(StatusCode::OK)["frozen"], true, "{}", frozen.text);
    let twice = h.post(&central, "/api/v1/period-closings", json!({ "unit_id": root, "period": "2025-Q2" })).await;
    assert_eq!(twice.problem(StatusCode::CONFLICT)["errors"][0]["code"], "period-already-closed");
    let closings = h.get(&coordinator, &format!("/api/v1/period-closings?unit={province}")).await;
    assert!(closings.ok(StatusCode::OK).as_array().is_some_and(|c| c.iter().any(|c| c["id"] == closing_id.as_str())));
    // A province's coordinator may not reopen the centre's closing.
    let foreign =
        h.post(&coordinator, &format!("/api/v1/period-closings/{closing_id}/reopen"), json!({ "reason": "x" })).await;
    foreign.problem(StatusCode::FORBIDDEN);
    let no_reason =
        h.post(&central, &format!("/api/v1/period-closings/{closing_id}/reopen"), json!({ "reason": "  " })).await;
    no_reason.field_error("reason", "required");
    let reopened = h
        .post(
            &central,
            &format!("/api/v1/period-closings/{closing_id}/reopen"),
            json!({ "reason": "Bổ sung số liệu của 3 xã" }),
        )
        .await;
    let reopened = reopened.ok(StatusCode::OK);
    assert!(reopened["reopened_at"].is_string() && reopened["reopen_reason"] == "Bổ sung số liệu của 3 xã");
    let live = h.get(&coordinator, &q2).await;
    assert_eq!(live.ok(StatusCode::OK)["frozen"], false);
    let again =
        h.post(&central, &format!("/api/v1/period-closings/{closing_id}/reopen"), json!({ "reason": "lần nữa" })).await;
    assert_eq!(again.problem(StatusCode::CONFLICT)["errors"][0]["code"], "period-not-closed");

    // Everything is in the OpenAPI document.
    let document = h.get(&coordinator, "/api/v1/openapi.json").await;
    for path in ["/scorecards/import", "/methodologies/{id}", "/rankings/explain", "/period-closings/{id}/reopen"] {
        assert!(document.json["paths"][path].is_object(), "{path}");
    }
}

#[tokio::test]
async fn evaluation_api_on_sqlite() {
    journey(sqlite().await).await;
}

#[tokio::test]
async fn evaluation_api_on_postgres() {
    if let Some(h) = postgres().await {
        journey(h).await;
    }
}
