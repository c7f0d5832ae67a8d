//! The JSON API under `/api/v1`, end to end: bearer tokens, scopes, problems, imports, audit.

use axum::http::{Method, StatusCode, header};
use nqtrack_app::demo::DEMO_PASSWORD;
use serde_json::{Value, json};

use crate::support::{self, Call, Harness, codes};

const CSV: &str = "text/csv";

/// The main flow, run on every backend.
async fn main_flow(h: &Harness) {
    let backend = h.backend;
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let admin = h.token("admin").await;
    let tuyen_quang = h.unit_id("08").await;
    let ha_noi = h.unit_id("01").await;

    // Without a token: 401 in problem+json, in Vietnamese by default.
    let reply = h.send(Call::new(Method::GET, "/api/v1/units")).await;
    let problem = reply.problem(StatusCode::UNAUTHORIZED);
    assert_eq!(problem["title"], "Phiên đăng nhập đã hết hạn hoặc chưa đăng nhập.", "{backend}");
    assert_eq!(problem["type"], "https://nqtrack.dev/problems/unauthenticated");
    // A token that does not exist is no better.
    let reply = h.get("nqt_0000", "/api/v1/me").await;
    reply.problem(StatusCode::UNAUTHORIZED);

    // Who am I.
    let me = h.get(&coordinator, "/api/v1/me").await;
    let me = me.ok(StatusCode::OK);
    assert_eq!(me["user"]["username"], "tuyenquang.thuongtruc");
    assert!(me["user"].get("password_hash").is_none());
    assert_eq!(me["grants"][0]["role"], "coordinator");
    assert_eq!(me["grants"][0]["unit_code"], "08");

    // The coordinator's tree starts at their province.
    let tops = h.get(&coordinator, "/api/v1/units").await;
    assert_eq!(codes(tops.ok(StatusCode::OK)), ["08"], "{backend}");
    assert!(tops.json[0]["live_children"].as_i64().unwrap() > 10, "{}", tops.text);
    // The administrator's starts at the root.
    let tops = h.get(&admin, "/api/v1/units").await;
    assert_eq!(codes(tops.ok(StatusCode::OK)), ["TW"]);
    // Children of the province are communes of the province.
    let children = h.get(&coordinator, &format!("/api/v1/units?parent={tuyen_quang}")).await;
    let children = children.ok(StatusCode::OK).as_array().unwrap().clone();
    assert!(children.len() > 10);
    assert!(children.iter().all(|c| c["parent_id"] == tuyen_quang.to_string() && c["level"] == "commune"));

    // Search without diacritics, within the caller's scope only.
    let found = h.get(&coordinator, "/api/v1/units?q=tuyen%20quang").await;
    let found = found.ok(StatusCode::OK);
    let province = found.as_array().unwrap().iter().find(|u| u["code"] == "08").expect("Tuyên Quang is found");
    assert_eq!(province["name"], "Tuyên Quang");
    assert_eq!(province["kind"], "province");
    let found = h.get(&coordinator, "/api/v1/units?q=ha%20noi").await;
    assert_eq!(found.ok(StatusCode::OK), &json!([]), "Hà Nội is outside the coordinator's scope");
    let found = h.get(&admin, "/api/v1/units?q=ha%20noi").await;
    assert!(codes(found.ok(StatusCode::OK)).contains(&"01"), "{}", found.text);

    // Another province's unit page: 403.
    let reply = h.get(&coordinator, &format!("/api/v1/units/{ha_noi}")).await;
    assert_eq!(reply.problem(StatusCode::FORBIDDEN)["type"], "https://nqtrack.dev/problems/forbidden");
    // Their own: the committee and the accounts are there.
    let details = h.get(&coordinator, &format!("/api/v1/units/{tuyen_quang}")).await;
    let details = details.ok(StatusCode::OK);
    assert_eq!(details["unit"]["code"], "08");
    // The breadcrumb holds only units the caller may open: the root is above the coordinator's scope.
    assert_eq!(codes(&details["ancestors"]), Vec::<&str>::new());
    assert!(details["committee"]["name"].as_str().is_some(), "{details}");
    assert!(details["users"].as_array().unwrap().iter().any(|u| u["username"] == "tuyenquang.thuongtruc"));
    assert_eq!(details["can_manage"], true);
    // By code.
    let by_code = h.get(&coordinator, "/api/v1/units/by-code/08").await;
    assert_eq!(by_code.ok(StatusCode::OK)["id"], tuyen_quang.to_string());
    h.get(&coordinator, "/api/v1/units/by-code/01").await.problem(StatusCode::FORBIDDEN);
    h.get(&coordinator, "/api/v1/units/by-code/NOPE").await.problem(StatusCode::NOT_FOUND);

    // Creating a unit under the province: 201 with its address.
    let department = json!({
        "code": "08.SKHCN", "name": "Sở Khoa học và Công nghệ", "kind": "department",
        "parent_id": tuyen_quang, "established_on": "2025-07-01",
    });
    let created = h.post(&coordinator, "/api/v1/units", department.clone()).await;
    let unit = created.ok(StatusCode::CREATED).clone();
    assert_eq!(unit["code"], "08.SKHCN");
    assert_eq!(unit["level"], "province");
    assert_eq!(unit["established_on"], "2025-07-01");
    let unit_id = unit["id"].as_str().unwrap().to_owned();
    assert_eq!(created.headers[header::LOCATION], format!("/api/v1/units/{unit_id}").as_str());
    // The same code again: 422 naming the field.
    let duplicate = h.post(&coordinator, "/api/v1/units", department).await;
    // (A unique-constraint conflict: the app reports it as `code-taken`.)
    duplicate.field_error("code", "code-taken");
    // Every invalid field at once.
    let invalid = h.post(&coordinator, "/api/v1/units", json!({ "parent_id": tuyen_quang, "kind": "castle" })).await;
    invalid.field_error("code", "required");
    invalid.field_error("name", "required");
    invalid.field_error("kind", "unit-kind-unknown");
    // Under Hà Nội: 403.
    let elsewhere = json!({ "code": "01.X", "name": "X", "kind": "department", "parent_id": ha_noi });
    h.post(&coordinator, "/api/v1/units", elsewhere).await.problem(StatusCode::FORBIDDEN);

    // Bodies that are not the JSON asked for: 422 naming the body, with serde's words.
    let broken = h
        .send(Call::new(Method::POST, "/api/v1/units").token(&coordinator).raw("application/json", "{\"code\":"))
        .await;
    let error = broken.field_error("body", "json-invalid");
    assert!(error["message"].as_str().unwrap().contains("EOF"), "{}", broken.text);
    let wrong_type = h.post(&coordinator, "/api/v1/units", json!({ "code": 5 })).await;
    let error = wrong_type.field_error("body", "json-invalid");
    assert!(error["message"].as_str().unwrap().contains("invalid type"), "{}", wrong_type.text);
    let unknown_field = h.post(&coordinator, "/api/v1/units", json!({ "code": "X", "colour": "red" })).await;
    unknown_field.field_error("body", "json-invalid");
    // A malformed id in the path names nothing: 404; in the query: 422 naming the query.
    h.get(&coordinator, "/api/v1/units/not-a-uuid").await.problem(StatusCode::NOT_FOUND);
    h.get(&coordinator, "/api/v1/units?parent=nope").await.field_error("query", "query-invalid");

    // Accounts: in the province's subtree yes, in Hà Nội no.
    let commune = children[0]["id"].as_str().unwrap().to_owned();
    let account = json!({
        "username": "tuyenquang.xa2", "display_name": "Cán bộ xã", "unit_id": commune,
        "password": "a long enough password", "role": "reporter",
    });
    let created = h.post(&coordinator, "/api/v1/users", account).await;
    let user = created.ok(StatusCode::CREATED).clone();
    assert_eq!(user["username"], "tuyenquang.xa2");
    assert!(user.get("password_hash").is_none() && user.get("password").is_none());
    let user_id = user["id"].as_str().unwrap().to_owned();
    let outside = json!({
        "username": "hanoi.xa", "display_name": "Cán bộ", "unit_id": ha_noi, "password": "a long enough password",
    });
    h.post(&coordinator, "/api/v1/users", outside).await.problem(StatusCode::FORBIDDEN);
    let details = h.get(&coordinator, &format!("/api/v1/users/{user_id}")).await;
    let details = details.ok(StatusCode::OK);
    assert_eq!(details["unit"]["id"], commune.as_str());
    assert_eq!(details["grants"][0]["role"], "reporter");
    let listed = h.get(&coordinator, &format!("/api/v1/users?unit_id={commune}")).await;
    let listed = listed.ok(StatusCode::OK);
    assert!(listed.as_array().unwrap().iter().any(|u| u["username"] == "tuyenquang.xa2"), "{listed}");

    // A reset password signs in, once.
    let reset = h.post(&coordinator, &format!("/api/v1/users/{user_id}/reset-password"), json!({})).await;
    let temporary = reset.ok(StatusCode::OK)["temporary_password"].as_str().unwrap().to_owned();
    let session = h.login("tuyenquang.xa2", &temporary).await.expect("the temporary password signs in");
    assert!(session.user.must_change_password);
    assert!(h.login("tuyenquang.xa2", "a long enough password").await.is_err(), "the old password no longer works");

    // The unit's history: created by the coordinator.
    let history = h.get(&coordinator, &format!("/api/v1/audit?object_type=unit&object_id={unit_id}")).await;
    let history = history.ok(StatusCode::OK);
    let entries = history["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{history}");
    assert_eq!(entries[0]["action"], "unit.create");
    assert_eq!(entries[0]["actor_name"], "tuyenquang.thuongtruc");
    assert!(entries[0]["after"].as_str().unwrap().contains("08.SKHCN"));
    h.get(&coordinator, "/api/v1/audit?object_type=unit").await.field_error("object_id", "required");

    // The chain verifies, for system administrators only.
    let verified = h.get(&admin, "/api/v1/audit/verify").await;
    let verified = verified.ok(StatusCode::OK);
    assert_eq!(verified["ok"], true, "{verified}");
    assert!(verified["entries"].as_i64().unwrap() > 3000, "{verified}");
    assert!(verified.get("break").is_none());
    h.get(&coordinator, "/api/v1/audit/verify").await.problem(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn main_flow_on_sqlite() {
    main_flow(&support::sqlite().await).await;
}

#[tokio::test]
async fn main_flow_on_postgres() {
    let Some(h) = support::postgres().await else { return };
    main_flow(&h).await;
}

/// A file with a row whose parent does not exist is refused whole; a good one is imported whole.
async fn import_flow(h: &Harness) {
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let tuyen_quang = h.unit_id("08").await;
    let import = |body: &'static str| {
        Call::new(Method::POST, &format!("/api/v1/units/import?parent_id={tuyen_quang}&file_name=units.csv"))
            .token(&coordinator)
            .raw(CSV, body)
    };

    let bad = "code,name,kind,parent_code\n08.A,Sở A,department,08\n08.B,Sở B,department,ZZZ\n08.C,Sở C,department,\n";
    let reply = h.send(import(bad)).await;
    let error = reply.field_error("parent_code", "unknown-parent");
    assert_eq!(error["row"], 3, "{}", reply.text);
    assert!(error["message"].as_str().unwrap().contains("ZZZ"), "{}", reply.text);
    assert_eq!(reply.json["errors"].as_array().unwrap().len(), 1, "{}", reply.text);
    // Nothing was written, not even the valid rows.
    h.get(&coordinator, "/api/v1/units/by-code/08.A").await.problem(StatusCode::NOT_FOUND);

    let good = "code,name,kind,parent_code\n08.A,Sở A,department,08\n08.C,Sở C,department,\n";
    let reply = h.send(import(good)).await;
    assert_eq!(reply.ok(StatusCode::OK), &json!({ "created": 2 }));
    for code in ["08.A", "08.C"] {
        let unit = h.get(&coordinator, &format!("/api/v1/units/by-code/{code}")).await;
        assert_eq!(unit.ok(StatusCode::OK)["parent_id"], tuyen_quang.to_string());
    }

    // The format comes from the content type when no file name is given; junk is refused.
    let junk = Call::new(Method::POST, "/api/v1/units/import")
        .token(&coordinator)
        .raw("application/octet-stream", [0u8, 159, 146, 150]);
    h.send(junk).await.field_error("file", "file-type");
    // Importing under another province is refused cell by cell.
    let elsewhere = "code,name,kind,parent_code\n01.A,Sở A,department,01\n";
    let reply = h.send(import(elsewhere)).await;
    assert_eq!(reply.field_error("parent_code", "forbidden-parent")["row"], 2);
}

#[tokio::test]
async fn import_on_sqlite() {
    import_flow(&support::sqlite().await).await;
}

#[tokio::test]
async fn import_on_postgres() {
    let Some(h) = support::postgres().await else { return };
    import_flow(&h).await;
}

#[tokio::test]
async fn problems_speak_the_callers_language() {
    let h = support::sqlite().await;
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let tuyen_quang = h.unit_id("08").await;

    let english = h.send(Call::new(Method::GET, "/api/v1/me").header("accept-language", "en-US,en;q=0.9")).await;
    assert_eq!(
        english.problem(StatusCode::UNAUTHORIZED)["title"],
        "Your session has expired or you are not signed in."
    );
    let vietnamese = h.send(Call::new(Method::GET, "/api/v1/me")).await;
    assert_eq!(
        vietnamese.problem(StatusCode::UNAUTHORIZED)["title"],
        "Phiên đăng nhập đã hết hạn hoặc chưa đăng nhập."
    );

    let body = json!({ "code": "", "name": "Sở", "kind": "department", "parent_id": tuyen_quang });
    let call = |lang: &str| {
        Call::new(Method::POST, "/api/v1/units").token(&coordinator).header("accept-language", lang).json(&body)
    };
    let english = h.send(call("en")).await;
    assert_eq!(english.problem(StatusCode::UNPROCESSABLE_ENTITY)["title"], "The submitted data is not valid.");
    assert_eq!(english.field_error("code", "required")["message"], "Unit code is required.");
    let vietnamese = h.send(call("vi")).await;
    assert_eq!(vietnamese.problem(StatusCode::UNPROCESSABLE_ENTITY)["title"], "Dữ liệu không hợp lệ.");
    // `?lang=` wins over the header.
    let reply = h.send(Call::new(Method::GET, "/api/v1/me?lang=en").header("accept-language", "vi")).await;
    assert_eq!(reply.problem(StatusCode::UNAUTHORIZED)["title"], "Your session has expired or you are not signed in.");
}

#[tokio::test]
async fn committees_groups_and_reorganisations() {
    let h = support::sqlite().await;
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let other = h.token("hanoi.thuongtruc").await;
    let tuyen_quang = h.unit_id("08").await;

    // Two departments, then a committee with a member, then one merged into the other.
    let mut ids = Vec::new();
    for code in ["08.S1", "08.S2"] {
        let body =
            json!({ "code": code, "name": format!("Sở {code}"), "kind": "department", "parent_id": tuyen_quang });
        ids.push(
            h.post(&coordinator, "/api/v1/units", body).await.ok(StatusCode::CREATED)["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let committee = json!({ "name": "Ban Chỉ đạo Sở", "standing_office_code": "08.S2", "decision": "QĐ 1" });
    let call =
        Call::new(Method::PUT, &format!("/api/v1/units/{}/committee", ids[0])).token(&coordinator).json(&committee);
    let reply = h.send(call).await;
    assert_eq!(reply.ok(StatusCode::OK)["standing_office_id"], ids[1].as_str());
    let call = Call::new(Method::PUT, &format!("/api/v1/units/{}/committee", ids[0])).token(&other).json(&committee);
    h.send(call).await.problem(StatusCode::FORBIDDEN);

    let member =
        json!({ "body": "committee", "role": "head", "person_name": "Nguyễn Văn A", "username": "tuyenquang.xa" });
    let reply = h.post(&coordinator, &format!("/api/v1/units/{}/committee/members", ids[0]), member).await;
    let member = reply.ok(StatusCode::CREATED).clone();
    assert_eq!(member["role"], "head");
    assert!(member["user_id"].as_str().is_some());
    let bad_member = json!({ "body": "choir", "role": "head", "person_name": "X" });
    h.post(&coordinator, &format!("/api/v1/units/{}/committee/members", ids[0]), bad_member)
        .await
        .field_error("body", "body-unknown");
    let details = h.get(&coordinator, &format!("/api/v1/units/{}", ids[0])).await;
    assert_eq!(details.ok(StatusCode::OK)["members"].as_array().unwrap().len(), 1);
    let remove = Call::new(Method::DELETE, &format!("/api/v1/committee-members/{}", member["id"].as_str().unwrap()));
    assert_eq!(h.send(remove.token(&coordinator)).await.status, StatusCode::NO_CONTENT);
    let details = h.get(&coordinator, &format!("/api/v1/units/{}", ids[0])).await;
    assert_eq!(details.ok(StatusCode::OK)["members"], json!([]));

    // A group owned by the province, with one department in it.
    let reply = h
        .post(&coordinator, &format!("/api/v1/units/{tuyen_quang}/groups"), json!({ "code": "G1", "name": "Nhóm 1" }))
        .await;
    let group_id = reply.ok(StatusCode::CREATED)["id"].as_str().unwrap().to_owned();
    let put = Call::new(Method::PUT, &format!("/api/v1/groups/{group_id}/members/{}", ids[1])).token(&coordinator);
    assert_eq!(h.send(put).await.status, StatusCode::NO_CONTENT);
    let group = h.get(&coordinator, &format!("/api/v1/groups/{group_id}")).await;
    let group = group.ok(StatusCode::OK);
    assert_eq!(group["group"]["code"], "G1");
    assert_eq!(codes(&group["members"]), ["08.S2"]);
    h.get(&other, &format!("/api/v1/groups/{group_id}")).await.problem(StatusCode::FORBIDDEN);
    let delete =
        Call::new(Method::DELETE, &format!("/api/v1/groups/{group_id}/members/{}", ids[1])).token(&coordinator);
    assert_eq!(h.send(delete).await.status, StatusCode::NO_CONTENT);
    let group = h.get(&coordinator, &format!("/api/v1/groups/{group_id}")).await;
    assert_eq!(group.ok(StatusCode::OK)["members"], json!([]));

    // Rename, then merge the first department into the second.
    let rename = json!({ "name": "Sở Một", "effective_on": "2025-09-01", "reason": "QĐ 2" });
    let reply = h.post(&coordinator, &format!("/api/v1/units/{}/rename", ids[0]), rename).await;
    assert_eq!(reply.ok(StatusCode::OK)["name"], "Sở Một");
    let future = json!({ "name": "Sở Hai", "effective_on": "2030-01-01" });
    h.post(&coordinator, &format!("/api/v1/units/{}/rename", ids[0]), future)
        .await
        .field_error("effective_on", "date-in-future");
    let merge = json!({ "source_ids": [ids[0]], "target_id": ids[1], "effective_on": "2025-09-10", "reason": "QĐ 3" });
    let reply = h.post(&coordinator, "/api/v1/reorganisations/merge", merge).await;
    assert_eq!(reply.ok(StatusCode::OK)["kind"], "merge");
    let details = h.get(&coordinator, &format!("/api/v1/units/{}", ids[0])).await;
    let details = details.ok(StatusCode::OK);
    assert_eq!(details["unit"]["dissolved_on"], "2025-09-10");
    assert_eq!(details["lineage"][0]["successor_code"], "08.S2");
    assert_eq!(details["renames"][0]["old_name"], "Sở 08.S1");
    h.post(&coordinator, "/api/v1/reorganisations/merge", json!({ "source_ids": [] }))
        .await
        .field_error("target_id", "required");

    // Split the survivor in two.
    let split = json!({
        "source_id": ids[1], "effective_on": "2025-09-12",
        "successors": [
            { "code": "08.S2A", "name": "Sở 2A", "kind": "department" },
            { "code": "08.S2B", "name": "Sở 2B", "kind": "department" },
        ],
    });
    let reply = h.post(&coordinator, "/api/v1/reorganisations/split", split).await;
    let result = reply.ok(StatusCode::OK);
    assert_eq!(result["event"]["kind"], "split");
    assert_eq!(codes(&result["successors"]), ["08.S2A", "08.S2B"]);

    // Dissolved units are listed only on request.
    let live = h.get(&coordinator, &format!("/api/v1/units?parent={tuyen_quang}")).await;
    assert!(!codes(live.ok(StatusCode::OK)).contains(&"08.S1"));
    let all = h.get(&coordinator, &format!("/api/v1/units?parent={tuyen_quang}&include_dissolved=true")).await;
    assert!(codes(all.ok(StatusCode::OK)).contains(&"08.S1"));

    // Corrections and moves.
    let patch = json!({ "code": "08.S2A", "name": "Sở Hai A", "kind": "department", "level": "province" });
    let call = Call::new(Method::PATCH, &format!("/api/v1/units/{}", result["successors"][0]["id"].as_str().unwrap()))
        .token(&coordinator)
        .json(&patch);
    assert_eq!(h.send(call).await.ok(StatusCode::OK)["name"], "Sở Hai A");
    let b = result["successors"][1]["id"].as_str().unwrap();
    let a = result["successors"][0]["id"].as_str().unwrap();
    let moved = h.post(&coordinator, &format!("/api/v1/units/{b}/move"), json!({ "parent_id": a })).await;
    assert_eq!(moved.ok(StatusCode::OK)["parent_id"], a);
    h.post(&coordinator, &format!("/api/v1/units/{b}/move"), json!({})).await.field_error("parent_id", "required");
}

#[tokio::test]
async fn subtree_pages() {
    let h = support::sqlite().await;
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let tuyen_quang = h.unit_id("08").await;
    let first = h.get(&coordinator, &format!("/api/v1/units/{tuyen_quang}/subtree?limit=10")).await;
    let first = first.ok(StatusCode::OK).clone();
    let total = first["total"].as_i64().unwrap();
    assert!(total > 10, "{first}");
    assert_eq!(first["items"].as_array().unwrap().len(), 10);
    assert_eq!(first["items"][0]["code"], "08", "tree order starts at the root");
    let rest = h.get(&coordinator, &format!("/api/v1/units/{tuyen_quang}/subtree?limit=5000&offset=10")).await;
    let rest = rest.ok(StatusCode::OK);
    assert_eq!(rest["limit"], 1000);
    assert_eq!(rest["items"].as_array().unwrap().len() as i64, total - 10);
    let default = h.get(&coordinator, &format!("/api/v1/units/{tuyen_quang}/subtree")).await;
    assert_eq!(default.ok(StatusCode::OK)["limit"], 100);
}

#[tokio::test]
async fn own_account_tokens_sessions_and_password() {
    let h = support::sqlite().await;
    let token = h.token("tuyenquang.kiemtra").await;

    // A new token works once created, and not once revoked.
    let reply = h.post(&token, "/api/v1/me/tokens", json!({ "name": "dashboard" })).await;
    let created = reply.ok(StatusCode::CREATED).clone();
    let secret = created["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("nqt_"));
    assert_eq!(h.get(&secret, "/api/v1/me").await.ok(StatusCode::OK)["user"]["username"], "tuyenquang.kiemtra");
    let tokens = h.get(&token, "/api/v1/me/tokens").await;
    let tokens = tokens.ok(StatusCode::OK);
    assert_eq!(tokens.as_array().unwrap().len(), 2);
    assert!(tokens.as_array().unwrap().iter().all(|t| t.get("token").is_none() && t.get("token_hash").is_none()));
    let revoke =
        Call::new(Method::DELETE, &format!("/api/v1/me/tokens/{}", created["id"].as_str().unwrap())).token(&token);
    assert_eq!(h.send(revoke).await.status, StatusCode::NO_CONTENT);
    h.get(&secret, "/api/v1/me").await.problem(StatusCode::UNAUTHORIZED);
    h.post(&token, "/api/v1/me/tokens", json!({ "name": "" })).await.field_error("name", "required");

    // Sessions: the one made by `token()` is listed and can be ended.
    let sessions = h.get(&token, "/api/v1/me/sessions").await;
    let sessions = sessions.ok(StatusCode::OK).as_array().unwrap().clone();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["current"], false, "a bearer token is no session");
    let end = Call::new(Method::DELETE, &format!("/api/v1/me/sessions/{}", sessions[0]["id"].as_str().unwrap()))
        .token(&token);
    assert_eq!(h.send(end).await.status, StatusCode::NO_CONTENT);
    assert_eq!(h.get(&token, "/api/v1/me/sessions").await.ok(StatusCode::OK), &json!([]));

    // The API also answers a browser's session cookie; its unsafe requests need the CSRF token.
    let browser = h.login("tuyenquang.kiemtra", DEMO_PASSWORD).await.unwrap();
    let cookie = format!("nqtrack_session={}", browser.token);
    let sessions = h.send(Call::new(Method::GET, "/api/v1/me/sessions").header("cookie", &cookie)).await;
    let sessions = sessions.ok(StatusCode::OK).as_array().unwrap().clone();
    let current: Vec<_> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1, "{sessions:?}");
    assert_eq!(current[0]["id"], browser.session.id.to_string());
    let body = json!({ "name": "from the browser" });
    let forged = Call::new(Method::POST, "/api/v1/me/tokens").header("cookie", &cookie).json(&body);
    assert_eq!(h.send(forged).await.status, StatusCode::FORBIDDEN);
    let genuine = Call::new(Method::POST, "/api/v1/me/tokens")
        .header("cookie", &cookie)
        .header("x-csrf-token", &browser.session.csrf_token)
        .json(&body);
    h.send(genuine).await.ok(StatusCode::CREATED);

    // The password: the current one must be right.
    let wrong = json!({ "current_password": "nope", "new_password": "another long password" });
    h.post(&token, "/api/v1/me/password", wrong).await.field_error("current_password", "wrong-password");
    let right = json!({ "current_password": DEMO_PASSWORD, "new_password": "another long password" });
    assert_eq!(h.post(&token, "/api/v1/me/password", right).await.status, StatusCode::NO_CONTENT);
    assert!(h.login("tuyenquang.kiemtra", "another long password").await.is_ok());
}

#[tokio::test]
async fn account_administration() {
    let h = support::sqlite().await;
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let inspector = h.token("tuyenquang.kiemtra").await;
    let reporter = h.token("tuyenquang.xa").await;
    let tuyen_quang = h.unit_id("08").await;
    let me = h.get(&reporter, "/api/v1/me").await;
    let reporter_id = me.ok(StatusCode::OK)["user"]["id"].as_str().unwrap().to_owned();

    // The inspector sees accounts but manages none.
    let listed = h.get(&inspector, &format!("/api/v1/users?unit_id={tuyen_quang}&subtree=true")).await;
    let names: Vec<&str> =
        listed.ok(StatusCode::OK).as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect();
    assert!(names.contains(&"tuyenquang.xa") && names.contains(&"tuyenquang.thuongtruc"), "{names:?}");
    assert!(!names.contains(&"hanoi.thuongtruc"));
    h.post(&inspector, &format!("/api/v1/users/{reporter_id}/disable"), json!({})).await.problem(StatusCode::FORBIDDEN);

    // Grants: given, refused twice, revoked.
    let grant = json!({ "role": "leader", "unit_id": tuyen_quang });
    let reply = h.post(&coordinator, &format!("/api/v1/users/{reporter_id}/grants"), grant.clone()).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    h.post(&coordinator, &format!("/api/v1/users/{reporter_id}/grants"), grant).await.field_error("role", "duplicate");
    h.post(
        &coordinator,
        &format!("/api/v1/users/{reporter_id}/grants"),
        json!({ "role": "king", "unit_id": tuyen_quang }),
    )
    .await
    .field_error("role", "role-unknown");
    let revoke =
        Call::new(Method::DELETE, &format!("/api/v1/users/{reporter_id}/grants?role=leader&unit_id={tuyen_quang}"))
            .token(&coordinator);
    assert_eq!(h.send(revoke).await.status, StatusCode::NO_CONTENT);
    let revoke =
        Call::new(Method::DELETE, &format!("/api/v1/users/{reporter_id}/grants?role=leader&unit_id={tuyen_quang}"))
            .token(&coordinator);
    h.send(revoke).await.problem(StatusCode::NOT_FOUND);

    // Disabled accounts' tokens stop working, and stay revoked when the account is enabled again.
    let disabled = h.post(&coordinator, &format!("/api/v1/users/{reporter_id}/disable"), json!({})).await;
    assert_eq!(disabled.ok(StatusCode::OK)["disabled"], true);
    h.get(&reporter, "/api/v1/me").await.problem(StatusCode::UNAUTHORIZED);
    let enabled = h.post(&coordinator, &format!("/api/v1/users/{reporter_id}/enable"), json!({})).await;
    assert_eq!(enabled.ok(StatusCode::OK)["disabled"], false);
    h.get(&reporter, "/api/v1/me").await.problem(StatusCode::UNAUTHORIZED);
    let reporter = h.token("tuyenquang.xa").await;
    h.get(&reporter, "/api/v1/me").await.ok(StatusCode::OK);

    // Recent history in the coordinator's scope shows what just happened, newest first.
    let history = h.get(&coordinator, "/api/v1/audit").await;
    let history = history.ok(StatusCode::OK);
    // Newest first: the reporter's new sign-in and token, then the enabling.
    let actions: Vec<&str> =
        history["entries"].as_array().unwrap().iter().take(3).map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["token.create", "session.login", "user.enable"]);
    let next = history["next_before"].as_i64().unwrap();
    let older = h.get(&coordinator, &format!("/api/v1/audit?before={next}")).await;
    assert!(older.ok(StatusCode::OK)["entries"][0]["seq"].as_i64().unwrap() < next);
    // Reporters may not read the log.
    h.get(&reporter, "/api/v1/audit").await.problem(StatusCode::FORBIDDEN);
}

#[test]
fn openapi_document() {
    let document = nqtrack_web::openapi_json();
    let parsed: Value = serde_json::from_str(&document).expect("the document is JSON");
    // Every path of the brief is documented.
    for path in [
        "/units",
        "/units/by-code/{code}",
        "/units/{id}",
        "/units/{id}/subtree",
        "/units/{id}/move",
        "/units/{id}/rename",
        "/units/import",
        "/reorganisations/merge",
        "/reorganisations/split",
        "/units/{id}/committee",
        "/units/{id}/committee/members",
        "/committee-members/{id}",
        "/units/{id}/groups",
        "/groups/{id}",
        "/groups/{id}/members/{unit_id}",
        "/users",
        "/users/{id}",
        "/users/{id}/disable",
        "/users/{id}/enable",
        "/users/{id}/reset-password",
        "/users/{id}/grants",
        "/audit",
        "/audit/verify",
        "/me",
        "/me/sessions",
        "/me/sessions/{id}",
        "/me/tokens",
        "/me/tokens/{id}",
        "/me/password",
    ] {
        assert!(parsed["paths"].get(path).is_some(), "{path} is not documented");
    }
    insta::assert_snapshot!(document);
}

#[tokio::test]
async fn the_document_is_served() {
    let h = support::sqlite().await;
    let reply = h.send(Call::new(Method::GET, "/api/v1/openapi.json")).await;
    assert_eq!(reply.ok(StatusCode::OK), &serde_json::from_str::<Value>(&nqtrack_web::openapi_json()).unwrap());
}
