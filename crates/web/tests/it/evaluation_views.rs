//! The evaluation pages as a provincial standing office uses them: "Đánh giá" in the navigation, a
//! scorecard defined through the form (CSRF required; a bad criterion shown at its row with what was
//! typed kept), a TOML scorecard and a methodology whose points do not add up uploaded (the node named,
//! nothing saved), the 34 provinces ranked with shared ranks and the map, the drill-down of another
//! province (no task links) and of its own (task links), the TOML download and the XLSX export; a
//! commune's reporter sees the ranking but not the form; another province sees nothing; the centre
//! closes a quarter through `/periods` and the ranking then says the figures are closed.

use axum::http::{Method, StatusCode, header};

use crate::evaluation_api::methodology;
use crate::support::{Browser, Call, Harness, Reply, form, postgres, sqlite};

async fn post_without_csrf(h: &Harness, browser: &Browser, uri: &str, pairs: &[(&str, &str)]) -> Reply {
    h.send(
        Call::new(Method::POST, uri)
            .header("cookie", &browser.cookie)
            .raw("application/x-www-form-urlencoded", form(pairs)),
    )
    .await
}

/// Uploads a definition file from `/evaluation` as a browser does.
async fn upload(h: &Harness, browser: &Browser, kind: &str, file_name: &str, text: &str) -> Reply {
    let boundary = "nqtrack-evaluation";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{text}\r\n--{boundary}--\r\n"
    );
    h.send(
        Call::new(Method::POST, &format!("/evaluation?csrf_token={}", browser.csrf))
            .header("cookie", &browser.cookie)
            .raw(&format!("multipart/form-data; boundary={boundary}"), body),
    )
    .await
}

/// The test methodology as a TOML file, at a version.
fn methodology_toml(version: i32) -> String {
    let definition: nqtrack_domain::evaluation::Methodology =
        serde_json::from_value(methodology(version, 40.0)).expect("a methodology");
    nqtrack_app::definition_toml(&definition).expect("as TOML")
}

fn location(reply: &Reply) -> String {
    reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The ranks of a ranking table, in order.
fn ranks(html: &str) -> Vec<String> {
    html.split("class=\"num rank\">").skip(1).filter_map(|s| s.split('<').next()).map(str::to_owned).collect()
}

async fn pages(h: Harness) {
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let reporter = h.sign_in("tuyenquang.xa").await;
    let outsider = h.sign_in("hanoi.thuongtruc").await;
    let central = h.sign_in("tw.thuongtruc").await;
    let hanoi = h.unit_id("01").await;
    let province = h.unit_id("08").await;

    // The evaluation page, linked from the navigation, offers the form and the upload.
    let list = h.page(&coordinator, "/evaluation").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert!(list.text.contains("href=\"/evaluation\">Đánh giá</a>"), "{}", list.text);
    assert!(list.text.contains("href=\"/scorecards/new\"") && list.text.contains("enctype=\"multipart/form-data\""));
    assert_eq!(h.page(&coordinator, "/scorecards/new").await.status, StatusCode::OK);

    // A bad criterion is shown at its row, everything typed kept; the blank middle row is skipped.
    let mut fields = vec![
        ("code", "TD57"),
        ("name", "Tiến độ Nghị quyết 57"),
        ("description", "Thí điểm"),
        ("rank_by", "score"),
        ("green_at", "80"),
        ("yellow_at", "50"),
        ("criteria[0].code", "C1"),
        ("criteria[0].name", "Nhiệm vụ xanh"),
        ("criteria[0].measure", "tasks_green_share"),
        ("criteria[0].indicator", ""),
        ("criteria[0].green", "50"),
        ("criteria[0].yellow", "70"),
        ("criteria[0].weight", "2"),
        ("criteria[1].code", ""),
        ("criteria[1].measure", ""),
        ("criteria[2].code", "C2"),
        ("criteria[2].name", "Hồ sơ trực tuyến"),
        ("criteria[2].measure", "indicator_achievement"),
        ("criteria[2].indicator", "NOPE_99"),
        ("criteria[2].green", "100"),
        ("criteria[2].yellow", "80"),
        ("criteria[2].weight", "1,5"),
    ];
    assert_eq!(post_without_csrf(&h, &coordinator, "/scorecards/new", &fields).await.status, StatusCode::FORBIDDEN);
    let bad = h.submit(&coordinator, "/scorecards/new", &fields).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("id=\"err-criteria[0].green\""), "{}", bad.text);
    let at_row = bad.text.split("id=\"criterion-2\"").nth(1).and_then(|r| r.split("</tr>").next()).unwrap_or_default();
    assert!(at_row.contains("id=\"err-criteria[2].indicator\"") && at_row.contains("NOPE_99"), "{at_row}");
    for kept in ["value=\"NOPE_99\"", "value=\"Nhiệm vụ xanh\"", "value=\"1,5\"", "Thí điểm", "value=\"70\""] {
        assert!(bad.text.contains(kept), "{kept} kept");
    }
    assert!(!h.page(&coordinator, "/evaluation").await.text.contains("TD57"), "nothing saved");

    // Corrected: saved, to the scorecard's page.
    fields[10] = ("criteria[0].green", "80");
    fields[11] = ("criteria[0].yellow", "60");
    fields[17] = ("criteria[2].measure", "tasks_overdue_share");
    fields[18] = ("criteria[2].indicator", "");
    fields[19] = ("criteria[2].green", "10");
    fields[20] = ("criteria[2].yellow", "25");
    let created = h.submit(&coordinator, "/scorecards/new", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let to = location(&created);
    let id = to.trim_start_matches("/scorecards/").split('?').next().unwrap_or_default().to_owned();
    let page = h.page(&coordinator, &to).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(
        page.text.contains(&format!("href=\"/scorecards/{id}.toml\"")) && page.text.contains("Tỷ lệ nhiệm vụ quá hạn")
    );
    let file = h.page(&coordinator, &format!("/scorecards/{id}.toml")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(
        file.content_type().starts_with("application/toml") && file.text.contains("code = \"TD57\""),
        "{}",
        file.text
    );
    let edit = h.page(&coordinator, &format!("/scorecards/{id}/edit")).await;
    assert!(
        edit.text.contains("value=\"Nhiệm vụ xanh\"") && edit.text.contains("id=\"criterion-4\""),
        "two rows and three blank ones"
    );

    // A TOML scorecard uploaded (the shared file, its code changed) and a methodology that does not add up.
    let toml = file.text.replace("code = \"TD57\"", "code = \"TD57_FILE\"");
    let uploaded = upload(&h, &coordinator, "scorecard", "td57.toml", &toml).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.text);
    let token = h.token("tuyenquang.thuongtruc").await;
    let count = |reply: Reply| reply.json.as_array().map_or(0, Vec::len);
    let before = count(h.get(&token, "/api/v1/methodologies").await);
    let uneven = upload(&h, &coordinator, "methodology", "cds.json", &methodology(1, 30.0).to_string()).await;
    assert_eq!(uneven.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", uneven.text);
    assert!(
        uneven.text.contains("NT – Nhiệm vụ:") && uneven.text.contains("Tổng điểm các thành phần là 90"),
        "{}",
        uneven.text
    );
    assert_eq!(count(h.get(&token, "/api/v1/methodologies").await), before, "nothing saved");
    let good = upload(&h, &coordinator, "methodology", "cds.json", &methodology(1, 40.0).to_string()).await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.text);
    let v1 = location(&good).split('?').next().unwrap_or_default().trim_start_matches("/methodologies/").to_owned();
    let tree = h.page(&coordinator, &format!("/methodologies/{v1}")).await;
    assert!(
        tree.status == StatusCode::OK && tree.text.contains("Min–max trong nhóm") && tree.text.contains("NT2"),
        "{}",
        tree.text
    );
    let second = upload(&h, &coordinator, "methodology", "cds-v2.toml", &methodology_toml(2)).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.text);
    let v2 = location(&second).split('?').next().unwrap_or_default().trim_start_matches("/methodologies/").to_owned();
    let file = h.page(&coordinator, &format!("/methodologies/{v2}.toml")).await;
    assert!(file.status == StatusCode::OK && file.text.contains("version = 2"), "{}", file.text);

    // Two versions of the index computed on the same data, side by side, and one province's index.
    let compared = h
        .page(&coordinator, &format!("/rankings?subject=index:{v1}&compare=index:{v2}&peers=provinces&period=2025-Q3"))
        .await;
    assert_eq!(compared.status, StatusCode::OK, "{}", compared.text);
    assert!(
        compared.text.contains("class=\"ranking-compare\"")
            && compared.text.matches("<section class=\"ranking\">").count() == 2
    );
    assert!(compared.text.contains("Chỉ số (0–1)") && ranks(&compared.text).len() == 68, "{}", compared.text);
    let index_explain = h
        .page(
            &coordinator,
            &format!("/rankings/explain?subject=index:{v2}&peers=provinces&period=2025-Q3&unit={province}"),
        )
        .await;
    assert_eq!(index_explain.status, StatusCode::OK, "{}", index_explain.text);
    assert!(
        index_explain.text.contains("NT1 · Xanh") && index_explain.text.contains("Điểm / tối đa"),
        "{}",
        index_explain.text
    );

    // The 34 provinces ranked (a scorecard every province with tasks passes: they share rank 1), the map.
    let all_green = crate::evaluation_api::all_green("ALLGREEN");
    let saved = h.post(&token, "/api/v1/scorecards", all_green).await;
    let green_id = saved.ok(StatusCode::CREATED)["id"].as_str().expect("an id").to_owned();
    let uri = format!("/rankings?subject=scorecard:{green_id}&peers=provinces&period=2025-Q3");
    let ranking = h.page(&coordinator, &uri).await;
    assert_eq!(ranking.status, StatusCode::OK, "{}", ranking.text);
    let shown = ranks(&ranking.text);
    assert_eq!(shown.len(), 34, "{shown:?}");
    assert_eq!(shown.iter().filter(|r| *r == "1").count(), 2, "shared first rank: {shown:?}");
    assert!(shown.iter().any(|r| r == "—") && ranking.text.contains("Chưa có dữ liệu"), "no data is not zero");
    assert!(ranking.text.contains("<svg") && ranking.text.matches("<path class=\"province").count() == 34);
    assert!(ranking.text.contains("band-5") && ranking.text.contains("/rankings/export.xlsx?"));
    assert!(ranking.text.contains("Số liệu tính đến ngày 15/09/2025"), "live figures say so");
    let export = h
        .page(
            &coordinator,
            &format!("/rankings/export.xlsx?subject=scorecard:{green_id}&peers=provinces&period=2025-Q3"),
        )
        .await;
    assert!(export.status == StatusCode::OK && export.content_type().starts_with("application/vnd.openxmlformats"));
    // The default ranking: the first scorecard, the province's peers, the last ended quarter.
    let default = h.page(&coordinator, "/rankings").await;
    assert_eq!(default.status, StatusCode::OK, "{}", default.text);
    assert!(default.text.contains("value=\"2025-Q2\" selected"), "the last ended quarter");

    // The drill-down: another province's tasks cannot be opened, its own can.
    let explain = |unit: uuid::Uuid| {
        format!("/rankings/explain?subject=scorecard:{green_id}&peers=provinces&period=2025-Q3&unit={unit}")
    };
    let theirs = h.page(&coordinator, &explain(hanoi)).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.text);
    assert!(theirs.text.contains("Nhiệm vụ xanh") && theirs.text.contains("1/"), "{}", theirs.text);
    assert!(!theirs.text.contains("task-link") && !theirs.text.contains("href=\"/tasks?"), "no task links");
    let own = h.page(&coordinator, &explain(province)).await;
    assert!(
        own.text.contains(&format!("href=\"/tasks?unit_id={province}")) && own.text.contains("status=overdue"),
        "{}",
        own.text
    );

    // In English every message is there (no raw message id shows).
    for page in [
        uri.clone(),
        explain(province),
        "/evaluation".to_owned(),
        "/periods".to_owned(),
        format!("/scorecards/{id}/edit"),
    ] {
        let english =
            h.page(&coordinator, &format!("{page}{}lang=en", if page.contains('?') { '&' } else { '?' })).await;
        assert_eq!(english.status, StatusCode::OK, "{page}: {}", english.text);
        for prefix in [
            "evaluation-",
            "ranking-",
            "rankings-",
            "periods-",
            "scorecard-",
            "methodology-",
            "peers-",
            "field-",
            "measure-",
        ] {
            assert!(!english.text.contains(&format!(">{prefix}")), "{page}: a raw id {prefix}…");
        }
    }
    assert!(h.page(&coordinator, &format!("{uri}&lang=en")).await.text.contains("No data"));

    // A commune's reporter sees the provinces ranked but may not define scorecards.
    assert_eq!(h.page(&reporter, "/scorecards/new").await.status, StatusCode::FORBIDDEN);
    assert!(!h.page(&reporter, "/evaluation").await.text.contains("href=\"/scorecards/new\""));
    let seen = h.page(&reporter, &uri).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
    assert_eq!(ranks(&seen.text).len(), 34);
    // Another province sees neither the scorecard nor its ranking.
    assert_eq!(h.page(&outsider, &format!("/scorecards/{id}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(h.page(&outsider, &uri).await.status, StatusCode::FORBIDDEN);

    // The centre closes the second quarter through /periods; the ranking then says it is closed.
    let periods = h.page(&central, "/periods").await;
    assert_eq!(periods.status, StatusCode::OK, "{}", periods.text);
    assert!(
        periods.text.contains("value=\"2025-Q2\"") && !periods.text.contains("value=\"2025-Q3\""),
        "ended periods only"
    );
    let closed = h.submit(&central, "/periods/close", &[("period", "2025-Q2")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text);
    let twice = h.submit(&central, "/periods/close", &[("period", "2025-Q2")]).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.text.contains("đã được chốt") && twice.text.contains("id=\"err-period\""), "{}", twice.text);
    let q2 = format!("/rankings?subject=scorecard:{green_id}&peers=provinces&period=2025-Q2");
    assert!(h.page(&coordinator, &q2).await.text.contains("Số liệu đã chốt ngày 30/06/2025"));
    let listed = h.page(&central, "/periods").await;
    let end = listed.text.find("/reopen\"").expect("a reopen form") + "/reopen".len();
    let start = listed.text[..end].rfind("action=\"").expect("the form's action") + "action=\"".len();
    let action = listed.text[start..end].to_owned();
    let closing = action.trim_start_matches("/periods/").trim_end_matches("/reopen").to_owned();
    let no_reason = h.submit(&central, &action, &[("closing", &closing), ("reason", " ")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_reason.text);
    assert!(no_reason.text.contains("id=\"err-reason\""), "{}", no_reason.text);
    let reopened = h.submit(&central, &action, &[("closing", &closing), ("reason", "Bổ sung số liệu")]).await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER, "{}", reopened.text);
    assert!(h.page(&central, "/periods").await.text.contains("Bổ sung số liệu"));
    assert!(!h.page(&coordinator, &q2).await.text.contains("Số liệu đã chốt"));
}

#[tokio::test]
async fn evaluation_pages_on_sqlite() {
    pages(sqlite().await).await;
}

#[tokio::test]
async fn evaluation_pages_on_postgres() {
    if let Some(h) = postgres().await {
        pages(h).await;
    }
}

/// Every scorecard and methodology of the demo renders: its page, its file, its ranking of the
/// provinces (with the map) and the drill-down of the first province, for the province's coordinator.
async fn demo_pages(h: Harness) {
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let token = h.token("tuyenquang.thuongtruc").await;
    let mut subjects = Vec::new();
    for (list, kind, page) in [("scorecards", "scorecard", "scorecards"), ("methodologies", "index", "methodologies")] {
        let records = h.get(&token, &format!("/api/v1/{list}")).await;
        for id in records.ok(StatusCode::OK).as_array().expect("a list").iter().filter_map(|r| r["id"].as_str()) {
            for uri in [format!("/{page}/{id}"), format!("/{page}/{id}.toml")] {
                let reply = h.page(&coordinator, &uri).await;
                assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text);
            }
            subjects.push(format!("{kind}:{id}"));
        }
    }
    for subject in subjects {
        let ranking = h.page(&coordinator, &format!("/rankings?subject={subject}&peers=provinces")).await;
        assert_eq!(ranking.status, StatusCode::OK, "{subject}: {}", ranking.text);
        assert_eq!(ranks(&ranking.text).len(), 34, "{subject}");
        let start = ranking.text.find("href=\"/rankings/explain?").expect("a drill-down") + "href=\"".len();
        let link =
            ranking.text[start..].split('"').next().unwrap_or_default().replace("&#38;", "&").replace("&amp;", "&");
        let explain = h.page(&coordinator, &link).await;
        assert_eq!(explain.status, StatusCode::OK, "{link}: {}", explain.text);
    }
}

#[tokio::test]
async fn demo_evaluation_pages_render_on_sqlite() {
    demo_pages(sqlite().await).await;
}
