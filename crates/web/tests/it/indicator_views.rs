//! The indicator pages end to end: the catalogue with its search, a commune's entry form (a bad value
//! refused at its field, then submitted), the coordinator's round overview and approval through forms
//! with their CSRF token, the indicator page with its SVG chart and comparison table, its XLSX export,
//! and another province's coordinator kept out.

use axum::http::{Method, StatusCode, header};
use nqtrack_app::demo::DEMO_PASSWORD;

use crate::indicator_api::{PERIOD, setup};
use crate::support::{Call, Harness, Reply, postgres, sqlite};

struct Browser {
    cookie: String,
    csrf: String,
}

fn encode(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

async fn sign_in(h: &Harness, username: &str) -> Browser {
    let reply = h
        .send(Call::new(Method::POST, "/login").raw(
            "application/x-www-form-urlencoded",
            encode(&[("username", username), ("password", DEMO_PASSWORD), ("next", "/indicators")]),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let page = h.send(Call::new(Method::GET, "/indicators").header("cookie", &cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let marker = "name=\"csrf-token\" content=\"";
    let start = page.text.find(marker).map(|i| i + marker.len()).expect("the layout carries the CSRF token");
    let csrf = page.text[start..].split('"').next().unwrap_or_default().to_owned();
    Browser { cookie, csrf }
}

async fn get(h: &Harness, browser: &Browser, uri: &str) -> Reply {
    h.send(Call::new(Method::GET, uri).header("cookie", &browser.cookie)).await
}

async fn post(h: &Harness, browser: &Browser, uri: &str, pairs: &[(&str, &str)], csrf: bool) -> Reply {
    let mut pairs = pairs.to_vec();
    if csrf {
        pairs.push(("csrf_token", &browser.csrf));
    }
    h.send(
        Call::new(Method::POST, uri)
            .header("cookie", &browser.cookie)
            .raw("application/x-www-form-urlencoded", encode(&pairs)),
    )
    .await
}

async fn pages(h: Harness) {
    let s = setup(&h).await;
    let reporter = sign_in(&h, "tuyenquang.xa").await;
    let coordinator = sign_in(&h, "tuyenquang.thuongtruc").await;
    let outsider = sign_in(&h, "hanoi.thuongtruc").await;

    // The catalogue: a link in the navigation, search without diacritics.
    let catalogue = get(&h, &reporter, "/indicators").await;
    assert_eq!(catalogue.status, StatusCode::OK);
    assert!(catalogue.text.contains("href=\"/indicators\">Chỉ tiêu</a>"));
    assert!(catalogue.text.contains("/indicators/ONLINE_SHARE") && catalogue.text.contains("/indicators/RECORDS"));
    let searched = get(&h, &reporter, "/indicators?q=ho+so+truc+tuyen").await;
    assert!(searched.text.contains("/indicators/ONLINE_SHARE") && !searched.text.contains("/indicators/RECORDS"));
    let filtered = get(&h, &reporter, "/indicators?group=operational").await;
    assert!(!filtered.text.contains("/indicators/ONLINE_SHARE"));

    // The reporter reaches the form from the round's page.
    let round_page = get(&h, &reporter, &format!("/indicator-rounds/{}", s.round_id)).await;
    assert_eq!(round_page.status, StatusCode::OK, "{}", round_page.text);
    assert!(round_page.text.contains(&format!("/indicator-rounds/{}/units/{}", s.round_id, s.commune)));

    // The commune's form: one row per indicator with the right inputs and the target.
    let form_uri = format!("/indicator-rounds/{}/units/{}", s.round_id, s.commune);
    let form = get(&h, &reporter, &form_uri).await;
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
    let after = get(&h, &reporter, &form_uri).await;
    assert!(after.text.contains("Đã gửi, chờ duyệt"), "{}", after.text);

    // Another province's coordinator sees neither the form nor the round's units.
    assert_eq!(get(&h, &outsider, &form_uri).await.status, StatusCode::FORBIDDEN);
    let foreign = post(&h, &outsider, &format!("{form_uri}/decide"), &[("action", "approve")], true).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);

    // The coordinator's overview: counts, the commune waiting, approved through the form.
    let round_uri = format!("/indicator-rounds/{}", s.round_id);
    let overview = get(&h, &coordinator, &round_uri).await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.text);
    assert!(overview.text.contains("Đã gửi, chờ duyệt") && overview.text.contains("value=\"approve\""));
    assert!(overview.text.contains("15/09/2025"), "the submission date, dd/mm/yyyy");
    assert!(overview.text.contains(&format!("{round_uri}/template.xlsx")));
    let approved = post(&h, &coordinator, &format!("{form_uri}/decide"), &[("action", "approve")], true).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.text);
    let overview = get(&h, &coordinator, &round_uri).await;
    assert!(overview.text.contains("Đã duyệt"));
    let rounds = get(&h, &coordinator, "/indicator-rounds").await;
    assert!(rounds.status == StatusCode::OK && rounds.text.contains(PERIOD));

    // The indicator page: the province's series as an SVG line, the communes compared.
    let page = get(&h, &coordinator, &format!("/indicators/ONLINE_SHARE?unit_id={}&period={PERIOD}", s.province)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("<svg") && page.text.contains("<path class=\"chart-value\" d=\"M"), "{}", page.text);
    assert!(page.text.contains("95,5 %") && page.text.contains("Đã duyệt"));
    let reporter_page = get(&h, &reporter, &format!("/indicators/RECORDS?unit_id={}", s.commune)).await;
    assert_eq!(reporter_page.status, StatusCode::OK, "{}", reporter_page.text);
    assert!(reporter_page.text.contains("1.234,5"), "{}", reporter_page.text);
    let export =
        get(&h, &coordinator, &format!("/indicators/ONLINE_SHARE/export.xlsx?unit_id={}&period={PERIOD}", s.province))
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
    let coordinator = sign_in(&h, "tuyenquang.thuongtruc").await;
    let reporter = sign_in(&h, "tuyenquang.xa").await;
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
            let page = get(&h, browser, &format!("/indicators/{code}")).await;
            assert_eq!(page.status, StatusCode::OK, "{code}: {}", page.text);
            assert!(page.text.contains("<svg"), "{code}");
        }
    }
    let rounds = get(&h, &coordinator, "/indicator-rounds").await;
    assert_eq!(rounds.status, StatusCode::OK);
    let mut ids: Vec<&str> =
        rounds.text.split("href=\"/indicator-rounds/").skip(1).filter_map(|s| s.split('"').next()).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        for browser in [&coordinator, &reporter] {
            let page = get(&h, browser, &format!("/indicator-rounds/{id}")).await;
            assert_eq!(page.status, StatusCode::OK, "{id}: {}", page.text);
        }
        let form = page_link(&get(&h, &reporter, &format!("/indicator-rounds/{id}")).await.text, id);
        let page = get(&h, &reporter, &form).await;
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
