//! The indicator pages end to end: the catalogue with its search, a commune's entry form (a bad value
//! refused at its field, then submitted), the coordinator's round overview and approval through forms
//! with their CSRF token, the indicator page with its SVG chart and comparison table, its XLSX export,
//! and another province's coordinator kept out.

use axum::http::{Method, StatusCode, header};

use crate::indicator_api::{PERIOD, setup};
use crate::support::{Browser, Call, Harness, Reply, form, postgres, sqlite};

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

async fn pages(h: Harness) {
    let s = setup(&h).await;
    let reporter = h.sign_in("tuyenquang.xa").await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let outsider = h.sign_in("hanoi.thuongtruc").await;

    // The catalogue: a link in the navigation, search without diacritics.
    let catalogue = h.page(&reporter, "/indicators").await;
    assert_eq!(catalogue.status, StatusCode::OK);
    assert!(catalogue.text.contains("href=\"/indicators\">Chỉ tiêu</a>"));
    assert!(catalogue.text.contains("/indicators/ONLINE_SHARE") && catalogue.text.contains("/indicators/RECORDS"));
    let searched = h.page(&reporter, "/indicators?q=ho+so+truc+tuyen").await;
    assert!(searched.text.contains("/indicators/ONLINE_SHARE") && !searched.text.contains("/indicators/RECORDS"));
    let filtered = h.page(&reporter, "/indicators?group=operational").await;
    assert!(!filtered.text.contains("/indicators/ONLINE_SHARE"));

    // The reporter reaches the form from the round's page.
    let round_page = h.page(&reporter, &format!("/indicator-rounds/{}", s.round_id)).await;
    assert_eq!(round_page.status, StatusCode::OK, "{}", round_page.text);
    assert!(round_page.text.contains(&format!("/indicator-rounds/{}/units/{}", s.round_id, s.commune)));

    // The commune's form: one row per indicator with the right inputs and the target.
    let form_uri = format!("/indicator-rounds/{}/units/{}", s.round_id, s.commune);
    let form = h.page(&reporter, &form_uri).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("name=\"value.ONLINE_SHARE\"") && form.text.contains("name=\"comment.RECORDS\""));
    assert!(form.text.contains("inputmode=\"decimal\"") && form.text.contains(">80<"), "{}", form.text);

    // Without the CSRF token the post is refused; a 140 % share is shown at its field.
    let refused = post(&h, &reporter, &form_uri, &[("action", "save"), ("value.ONLINE_SHARE", "95")], false).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = post(
        &h,
        &reporter,
        &form_uri,
        &[("action", "save"), ("value.ONLINE_SHARE", "140"), ("value.RECORDS", "1.234,5")],
        true,
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("class=\"field-error\"") && bad.text.contains("140"), "{}", bad.text);
    assert!(bad.text.contains("value=\"1.234,5\""), "what was typed is kept");
    let sent = post(
        &h,
        &reporter,
        &form_uri,
        &[("action", "submit"), ("value.ONLINE_SHARE", "95,5"), ("value.RECORDS", "1.234,5"), ("comment.RECORDS", "")],
        true,
    )
    .await;
    // Submitted, with the warning of the data set shown at its indicator.
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert!(sent.text.contains("Cảnh báo cần xem lại"), "{}", sent.text);
    let row = sent.text.split("id=\"row-RECORDS\"").nth(1).expect("the RECORDS row");
    assert!(row.split("</tr>").next().is_some_and(|r| r.contains("class=\"field-error\"")), "{row}");
    let after = h.page(&reporter, &form_uri).await;
    assert!(after.text.contains("Đã gửi, chờ duyệt"), "{}", after.text);

    // Another province's coordinator sees neither the form nor the round's units.
    assert_eq!(h.page(&outsider, &form_uri).await.status, StatusCode::FORBIDDEN);
    let foreign = post(&h, &outsider, &format!("{form_uri}/decide"), &[("action", "approve")], true).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);

    // The coordinator's overview: counts, the commune waiting, approved through the form.
    let round_uri = format!("/indicator-rounds/{}", s.round_id);
    let overview = h.page(&coordinator, &round_uri).await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.text);
    assert!(overview.text.contains("Đã gửi, chờ duyệt") && overview.text.contains("value=\"approve\""));
    assert!(overview.text.contains("15/09/2025"), "the submission date, dd/mm/yyyy");
    assert!(overview.text.contains(&format!("{round_uri}/template.xlsx")));
    let approved = post(&h, &coordinator, &format!("{form_uri}/decide"), &[("action", "approve")], true).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.text);
    let overview = h.page(&coordinator, &round_uri).await;
    assert!(overview.text.contains("Đã duyệt"));
    let rounds = h.page(&coordinator, "/indicator-rounds").await;
    assert!(rounds.status == StatusCode::OK && rounds.text.contains(PERIOD));

    // The indicator page: the province's series as an SVG line, the communes compared.
    let page = h.page(&coordinator, &format!("/indicators/ONLINE_SHARE?unit_id={}&period={PERIOD}", s.province)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("<svg") && page.text.contains("<path class=\"chart-value\" d=\"M"), "{}", page.text);
    assert!(page.text.contains("95,5 %") && page.text.contains("Đã duyệt"));
    let reporter_page = h.page(&reporter, &format!("/indicators/RECORDS?unit_id={}", s.commune)).await;
    assert_eq!(reporter_page.status, StatusCode::OK, "{}", reporter_page.text);
    assert!(reporter_page.text.contains("1.234,5"), "{}", reporter_page.text);
    let export = h
        .page(&coordinator, &format!("/indicators/ONLINE_SHARE/export.xlsx?unit_id={}&period={PERIOD}", s.province))
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.content_type().starts_with("application/vnd.openxmlformats"));

    // A CSV upload on the round page with a bad row lists it and writes nothing.
    let boundary = "nqtrack-upload";
    let csv = format!("Mã đơn vị,Mã chỉ tiêu,Kỳ,Giá trị\n{},ONLINE_SHARE,{PERIOD},abc\n", s.other_code);
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let uploaded = h
        .send(
            Call::new(Method::POST, &format!("{round_uri}/upload?csrf_token={}", coordinator.csrf))
                .header("cookie", &coordinator.cookie)
                .raw(&format!("multipart/form-data; boundary={boundary}"), body),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", uploaded.text);
    assert!(uploaded.text.contains("<td>2</td>") && uploaded.text.contains("abc"), "{}", uploaded.text);
}

#[tokio::test]
async fn indicator_pages_on_sqlite() {
    pages(sqlite().await).await;
}

#[tokio::test]
async fn indicator_pages_on_postgres() {
    if let Some(h) = postgres().await {
        pages(h).await;
    }
}

/// Every page of the demo's own catalogue and rounds renders, for the province and for a commune.
async fn demo_pages(h: Harness) {
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let reporter = h.sign_in("tuyenquang.xa").await;
    let token = h.token("tuyenquang.thuongtruc").await;
    let catalogue = h.get(&token, "/api/v1/indicators").await;
    let codes: Vec<String> = catalogue
        .ok(StatusCode::OK)
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["definition"]["code"].as_str().map(str::to_owned))
        .collect();
    for code in &codes {
        for browser in [&coordinator, &reporter] {
            let page = h.page(browser, &format!("/indicators/{code}")).await;
            assert_eq!(page.status, StatusCode::OK, "{code}: {}", page.text);
            assert!(page.text.contains("<svg"), "{code}");
        }
    }
    let rounds = h.page(&coordinator, "/indicator-rounds").await;
    assert_eq!(rounds.status, StatusCode::OK);
    let mut ids: Vec<&str> =
        rounds.text.split("href=\"/indicator-rounds/").skip(1).filter_map(|s| s.split('"').next()).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        for browser in [&coordinator, &reporter] {
            let page = h.page(browser, &format!("/indicator-rounds/{id}")).await;
            assert_eq!(page.status, StatusCode::OK, "{id}: {}", page.text);
        }
        let form = page_link(&h.page(&reporter, &format!("/indicator-rounds/{id}")).await.text, id);
        let page = h.page(&reporter, &form).await;
        assert_eq!(page.status, StatusCode::OK, "{form}: {}", page.text);
    }
}

/// The link to the viewed unit's form on a round's page.
fn page_link(html: &str, id: &str) -> String {
    let marker = format!("href=\"/indicator-rounds/{id}/units/");
    let start = html.find(&marker).map(|i| i + "href=\"".len()).expect("a link to the unit's form");
    html[start..].split('"').next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn demo_indicator_pages_render_on_sqlite() {
    demo_pages(sqlite().await).await;
}

/// The catalogue's pages for the coordinator at the root: an indicator defined through the form (a bad
/// code or a percent added up refused at its field, nothing written), a target set on its page, a data
/// set created and a round opened and closed from `/indicator-rounds`; a province's coordinator refused.
async fn catalogue_forms(h: Harness) {
    let central = h.sign_in("tw.thuongtruc").await;
    let provincial = h.sign_in("tuyenquang.thuongtruc").await;

    // The form is offered to the central coordinator only.
    assert!(h.page(&central, "/indicators").await.text.contains("href=\"/indicators/new\""));
    assert!(!h.page(&provincial, "/indicators").await.text.contains("href=\"/indicators/new\""));
    let form = h.page(&central, "/indicators/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains("name=\"levels\"") && form.text.contains("Càng cao càng tốt"), "{}", form.text);

    let fields = |code: &'static str, value_type: &'static str, aggregation: &'static str| {
        vec![
            ("code", code),
            ("name_vi", "Số buổi tập huấn chuyển đổi số"),
            ("name_en", "Digital training sessions"),
            ("unit_of_measure", "buổi"),
            ("value_type", value_type),
            ("direction", "higher_is_better"),
            ("group", "operational"),
            ("field", "digital_government"),
            ("periodicity", "quarter"),
            ("levels", "province"),
            ("levels", "commune"),
            ("aggregation", aggregation),
            ("weight", ""),
            ("source", "entered"),
            ("system", ""),
            ("formula", ""),
        ]
    };

    // A bad code is shown at its field, with what was typed kept.
    let bad = post(&h, &central, "/indicators/new", &fields("1BAD", "number", "sum"), true).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("id=\"err-code\"") && bad.text.contains("value=\"1BAD\""), "{}", bad.text);
    assert!(bad.text.contains("value=\"Số buổi tập huấn chuyển đổi số\""), "what was typed is kept");
    // A percent cannot be added up: the problem is at the aggregation.
    let percent = post(&h, &central, "/indicators/new", &fields("PCT_SUM", "percent", "sum"), true).await;
    assert_eq!(percent.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", percent.text);
    assert!(percent.text.contains("id=\"err-aggregation\""), "{}", percent.text);
    let catalogue = h.page(&central, "/indicators").await;
    assert!(!catalogue.text.contains("/indicators/PCT_SUM") && !catalogue.text.contains("/indicators/1BAD"));

    // A province's coordinator may not define indicators.
    let refused = post(&h, &provincial, "/indicators/new", &fields("TRAINING", "number", "sum"), true).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    assert_eq!(h.page(&provincial, "/indicators/new").await.status, StatusCode::FORBIDDEN);

    // Defined through the form: to its page saying "saved", then in the catalogue.
    let created = post(&h, &central, "/indicators/new", &fields("TRAINING", "number", "sum"), true).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let location = created.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert_eq!(location, "/indicators/TRAINING?saved=1");
    let catalogue = h.page(&central, "/indicators").await;
    assert!(catalogue.text.contains("/indicators/TRAINING"), "{}", catalogue.text);
    let page = h.page(&central, "/indicators/TRAINING").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("/indicators/TRAINING/targets") && page.text.contains("/indicators/TRAINING/edit"));

    // Revised through the edit form: the stored values are in it.
    let edit = h.page(&central, "/indicators/TRAINING/edit").await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    assert!(edit.text.contains("value=\"buổi\"") && edit.text.contains("readonly"), "{}", edit.text);
    let mut renamed = fields("TRAINING", "number", "sum");
    renamed[1] = ("name_vi", "Số buổi tập huấn");
    let revised = post(&h, &central, "/indicators/TRAINING/edit", &renamed, true).await;
    assert_eq!(revised.status, StatusCode::SEE_OTHER, "{}", revised.text);
    assert!(h.page(&central, "/indicators/TRAINING").await.text.contains("Số buổi tập huấn"));

    // A target for every commune of a quarter.
    let target = post(
        &h,
        &central,
        "/indicators/TRAINING/targets",
        &[("period", "2026-Q4"), ("level", "commune"), ("unit_code", ""), ("target", "12"), ("baseline", "4")],
        true,
    )
    .await;
    assert_eq!(target.status, StatusCode::SEE_OTHER, "{}", target.text);
    let no_csrf = post(&h, &central, "/indicators/TRAINING/targets", &[("period", "2026-Q4")], false).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);

    // A data set, then a round opened through its form, then closed and reopened.
    let data_set = post(
        &h,
        &central,
        "/indicator-data-sets",
        &[("name", "Tập huấn chuyển đổi số"), ("periodicity", "quarter"), ("indicators", "TRAINING")],
        true,
    )
    .await;
    assert_eq!(data_set.status, StatusCode::SEE_OTHER, "{}", data_set.text);
    let rounds = h.page(&central, "/indicator-rounds").await;
    let at = rounds.text.find("<strong>Tập huấn chuyển đổi số</strong>").expect("the data set's round form");
    let marker = "action=\"/indicator-data-sets/";
    let start = rounds.text[..at].rfind(marker).expect("the form's action") + "action=\"".len();
    let action = rounds.text[start..].split('"').next().unwrap_or_default().to_owned();
    let opened = post(
        &h,
        &central,
        &action,
        &[("period", "2026-Q4"), ("due.province", "20/01/2027"), ("due.commune", "15/01/2027"), ("locks_on", "")],
        true,
    )
    .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.text);
    let rounds = h.page(&central, "/indicator-rounds").await;
    assert!(rounds.text.contains("15/01/2027"), "{}", rounds.text);
    let row = rounds.text.split("15/01/2027").next().unwrap_or_default();
    let marker = "href=\"/indicator-rounds/";
    let start = row.rfind(marker).expect("the round's link") + marker.len();
    let round_id = row[start..].split('"').next().unwrap_or_default().to_owned();
    let closed = post(&h, &central, &format!("/indicator-rounds/{round_id}/close"), &[("closed", "true")], true).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text);
    let rounds = h.page(&central, "/indicator-rounds").await;
    assert!(rounds.text.contains("Mở lại đợt"), "{}", rounds.text);
    // The province's coordinator sees the rounds but not the forms, and may not close one.
    let theirs = h.page(&provincial, "/indicator-rounds").await;
    assert!(theirs.status == StatusCode::OK && !theirs.text.contains("/indicator-data-sets"));
    let foreign =
        post(&h, &provincial, &format!("/indicator-rounds/{round_id}/close"), &[("closed", "false")], true).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn catalogue_forms_on_sqlite() {
    catalogue_forms(sqlite().await).await;
}

#[tokio::test]
async fn catalogue_forms_on_postgres() {
    if let Some(h) = postgres().await {
        catalogue_forms(h).await;
    }
}
