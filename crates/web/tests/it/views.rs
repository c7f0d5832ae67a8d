//! The pages a person uses, end to end: sign in with the form, browse only one's own subtree, add a
//! user, import a CSV, and find every change in the history; CSRF and sign-in guards hold.

use axum::http::{Method, StatusCode, header};

use crate::support::{Call, form, sqlite};

#[tokio::test]
async fn pages_need_a_sign_in() {
    let h = sqlite().await;
    let reply = h.send(Call::new(Method::GET, "/units")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/login?next=%2Funits"));
    let login = h.send(Call::new(Method::GET, "/login")).await;
    assert!(login.text.contains("Đăng nhập"), "Vietnamese by default");
    let english = h.send(Call::new(Method::GET, "/login?lang=en")).await;
    assert!(english.text.contains("lang=\"en\""), "{}", english.text);
}

#[tokio::test]
async fn a_wrong_password_says_so_without_saying_which() {
    let h = sqlite().await;
    let reply = h
        .send(
            Call::new(Method::POST, "/login").raw(
                "application/x-www-form-urlencoded",
                form(&[("username", "admin"), ("password", "wrong password")]),
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.text.contains("Tên đăng nhập hoặc mật khẩu không đúng"), "{}", reply.text);
    assert!(reply.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn a_provincial_coordinator_sees_only_the_province() {
    let h = sqlite().await;
    let browser = h.sign_in("tuyenquang.thuongtruc").await;
    let tree = h.page(&browser, "/units").await;
    assert_eq!(tree.status, StatusCode::OK);
    assert!(tree.text.contains("Tuyên Quang"), "{}", tree.text);
    assert!(!tree.text.contains("Hà Nội"), "another province leaked into the tree");
    let found = h.page(&browser, "/units?q=tuyen+quang").await;
    assert!(found.text.contains("Tuyên Quang"));
    let foreign = h.page(&browser, "/units?q=ha+noi").await;
    assert!(!foreign.text.contains(">Hà Nội<"), "search leaked another province");
    let hanoi = h.unit_id("01").await;
    assert_eq!(h.page(&browser, &format!("/units/{hanoi}")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn forms_without_the_csrf_token_or_from_another_site_are_refused() {
    let h = sqlite().await;
    let browser = h.sign_in("tuyenquang.thuongtruc").await;
    let province = h.unit_id("08").await;
    let uri = format!("/units/{province}/children");
    let fields = form(&[("code", "08-X1"), ("name", "Tổ công tác"), ("kind", "agency")]);
    let missing = h
        .send(
            Call::new(Method::POST, &uri)
                .header("cookie", &browser.cookie)
                .raw("application/x-www-form-urlencoded", fields.clone()),
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let cross_site = h
        .send(
            Call::new(Method::POST, &uri)
                .header("cookie", &browser.cookie)
                .header("origin", "https://evil.example")
                .header("host", "nqtrack.local")
                .header("x-csrf-token", &browser.csrf)
                .raw("application/x-www-form-urlencoded", fields),
        )
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    let audit = h.page(&browser, "/audit").await;
    assert!(!audit.text.contains("08-X1"), "a refused form must write nothing");
}

#[tokio::test]
async fn the_coordinator_adds_a_unit_a_user_and_an_import_and_finds_them_in_the_history() {
    let h = sqlite().await;
    let browser = h.sign_in("tuyenquang.thuongtruc").await;
    let province = h.unit_id("08").await;

    let created = h
        .submit(
            &browser,
            &format!("/units/{province}/children"),
            &[("code", "08-TCT"), ("name", "Tổ công tác chuyển đổi số"), ("kind", "agency"), ("level", "")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let duplicate = h
        .submit(
            &browser,
            &format!("/units/{province}/children"),
            &[("code", "08-TCT"), ("name", "Trùng mã"), ("kind", "agency")],
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        duplicate.text.contains("Mã này đã được dùng"),
        "the error names the field and the reason: {}",
        duplicate.text
    );

    let user = h
        .submit(
            &browser,
            "/users",
            &[
                ("unit_code", "08-TCT"),
                ("username", "tct.canbo"),
                ("display_name", "Cán bộ Tổ công tác"),
                ("email", ""),
                ("password", "mật khẩu đủ dài"),
                ("role", "reporter"),
            ],
        )
        .await;
    assert_eq!(user.status, StatusCode::SEE_OTHER, "{}", user.text);
    let bad_user = h
        .submit(
            &browser,
            "/users",
            &[("unit_code", "08"), ("username", "x"), ("display_name", ""), ("password", "short")],
        )
        .await;
    assert_eq!(bad_user.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_user.text.contains("Tên đăng nhập") && bad_user.text.contains("Mật khẩu"), "{}", bad_user.text);

    let csv = "code,name,kind,parent_code\n08-TCT-1,Nhóm dữ liệu,agency,08-TCT\n08-TCT-2,Nhóm hạ tầng,agency,08-TCT\n";
    let boundary = "nqtrackboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"parent\"\r\n\r\n08\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"units.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let import = h
        .send(
            Call::new(Method::POST, &format!("/import?csrf_token={}", browser.csrf))
                .header("cookie", &browser.cookie)
                .raw(&format!("multipart/form-data; boundary={boundary}"), body),
        )
        .await;
    assert_eq!(import.status, StatusCode::OK, "{}", import.text);
    assert!(import.text.contains("Đã nhập thành công 2 đơn vị"), "{}", import.text);

    let history = h.page(&browser, "/audit").await;
    for expected in ["08-TCT", "tct.canbo", "08-TCT-1", "08-TCT-2", "tuyenquang.thuongtruc"] {
        assert!(history.text.contains(expected), "{expected} missing from the history");
    }
    let hanoi_admin = h.sign_in("hanoi.thuongtruc").await;
    let their_history = h.page(&hanoi_admin, "/audit").await;
    assert!(!their_history.text.contains("08-TCT"), "history leaked across provinces");
}

#[tokio::test]
async fn an_import_with_a_bad_row_writes_nothing_and_names_row_and_column() {
    let h = sqlite().await;
    let browser = h.sign_in("tuyenquang.thuongtruc").await;
    let csv = "mã;tên;loại;mã cấp trên\n08-A;Đơn vị A;agency;08\n08-B;Đơn vị B;agency;99-KHONG-CO\n";
    let boundary = "b0undary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"parent\"\r\n\r\n08\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"units.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let reply = h
        .send(
            Call::new(Method::POST, &format!("/import?csrf_token={}", browser.csrf))
                .header("cookie", &browser.cookie)
                .raw(&format!("multipart/form-data; boundary={boundary}"), body),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);
    assert!(reply.text.contains("<td>3</td>") && reply.text.contains("99-KHONG-CO"), "{}", reply.text);
    let search = h.page(&browser, "/units?q=don+vi+a").await;
    assert!(!search.text.contains("08-A"), "nothing may be written when a row is rejected");
}

#[tokio::test]
async fn sessions_can_be_seen_and_revoked() {
    let h = sqlite().await;
    let first = h.sign_in("tuyenquang.lanhdao").await;
    let second = h.sign_in("tuyenquang.lanhdao").await;
    let account = h.page(&first, "/account").await;
    assert_eq!(account.status, StatusCode::OK);
    let revoked = h.submit(&first, "/account/sessions/revoke-others", &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.text);
    assert_eq!(h.page(&second, "/units").await.status, StatusCode::SEE_OTHER, "the other session is over");
    assert_eq!(h.page(&first, "/units").await.status, StatusCode::OK, "the current one goes on");
    let logout = h.submit(&first, "/logout", &[]).await;
    assert_eq!(logout.status, StatusCode::SEE_OTHER);
    assert_eq!(h.page(&first, "/units").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn static_files_and_health() {
    let h = sqlite().await;
    let css = h.send(Call::new(Method::GET, "/static/app.css")).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers.get(header::ETAG).is_some());
    assert_eq!(h.send(Call::new(Method::GET, "/static/nope.js")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(h.send(Call::new(Method::GET, "/healthz")).await.status, StatusCode::OK);
    assert_eq!(h.send(Call::new(Method::GET, "/readyz")).await.status, StatusCode::OK);
    let metrics = h.send(Call::new(Method::GET, "/metrics")).await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(metrics.text.contains("nqtrack_http_requests_total"), "{}", metrics.text);
    assert!(metrics.text.contains("route=\"/healthz\""), "{}", metrics.text);
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_first() {
    let h = sqlite().await;
    let admin = h.sign_in("admin").await;
    let user = h
        .app
        .store()
        .read()
        .await
        .expect("read")
        .user_by_username("tuyenquang.xa")
        .await
        .expect("query")
        .expect("user");
    let reset = h.submit(&admin, &format!("/users/{}/reset", user.id), &[]).await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.text);
    let start = reset.text.find("secret").expect("the one-time password is shown");
    let shown = &reset.text[start..];
    let password: String = shown
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| w.len() == 16)
        .expect("a 16-character password")
        .to_owned();
    let login = h
        .send(
            Call::new(Method::POST, "/login").raw(
                "application/x-www-form-urlencoded",
                form(&[("username", "tuyenquang.xa"), ("password", &password)]),
            ),
        )
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.text);
    let cookie = login
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    let units = h.send(Call::new(Method::GET, "/units").header("cookie", &cookie)).await;
    assert_eq!(units.status, StatusCode::SEE_OTHER);
    assert_eq!(units.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/account?must_change=1"));
    let account = h.send(Call::new(Method::GET, "/account?must_change=1").header("cookie", &cookie)).await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.text.contains("mật khẩu dùng một lần"), "{}", account.text);
}

#[tokio::test]
async fn groups_are_made_and_filled_from_the_unit_page() {
    let h = sqlite().await;
    let browser = h.sign_in("tuyenquang.thuongtruc").await;
    let province = h.unit_id("08").await;
    let created = h
        .submit(&browser, &format!("/units/{province}/groups"), &[("code", "VUNG-CAO"), ("name", "Các xã vùng cao")])
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let group = created
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let commune = h
        .app
        .store()
        .read()
        .await
        .expect("read")
        .children(province, nqtrack_store::Liveness::Live)
        .await
        .expect("children")[0]
        .unit
        .clone();
    let added = h.submit(&browser, &format!("{group}/members"), &[("unit_code", &commune.code)]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    let page = h.page(&browser, &group).await;
    assert!(page.text.contains("Các xã vùng cao") && page.text.contains(&commune.name), "{}", page.text);
    let outside = h.submit(&browser, &format!("{group}/members"), &[("unit_code", "01")]).await;
    assert_eq!(
        outside.status,
        StatusCode::FORBIDDEN,
        "a unit outside the coordinator's scope cannot even be looked up"
    );
    let removed = h.submit(&browser, &format!("{group}/members/remove"), &[("unit_code", &commune.code)]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(!h.page(&browser, &group).await.text.contains(&commune.name));
}
