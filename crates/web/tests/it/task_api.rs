//! Documents and tasks over the JSON API, end to end with bearer tokens: assignment, lists and counts
//! as of a date, problems naming each field, scopes, cascade, evidence upload and download, edit
//! conflicts, and the caller's language.

use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::support::{self, Call, Harness, Reply};

const BOUNDARY: &str = "nqtrack-test-boundary";

/// The smallest thing `infer` recognises as a PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// A `multipart/form-data` body: text parts, then file parts named `files`.
fn multipart(texts: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    for (file_name, content_type, bytes) in files {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    body
}

/// The kinds of a list of attachments, sorted (they share one instant under the tests' fixed clock).
fn kinds(attachments: &Value) -> Vec<&str> {
    let mut kinds: Vec<&str> =
        attachments.as_array().expect("an array").iter().map(|a| a["kind"].as_str().expect("a kind")).collect();
    kinds.sort_unstable();
    kinds
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_owned()
}

async fn patch(h: &Harness, token: &str, uri: &str, body: Value) -> Reply {
    h.send(Call::new(Method::PATCH, uri).token(token).json(&body)).await
}

/// `GET /tasks/counts` with a query string.
async fn counts(h: &Harness, token: &str, query: &str) -> Value {
    h.get(token, &format!("/api/v1/tasks/counts?{query}")).await.ok(StatusCode::OK).clone()
}

/// Creates a task as the province's coordinator and returns it.
async fn assign(h: &Harness, token: &str, body: Value) -> Value {
    h.post(token, "/api/v1/tasks", body).await.ok(StatusCode::CREATED).clone()
}

/// The whole journey, run on every backend.
async fn task_flow(h: &Harness) {
    let backend = h.backend;
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let reporter = h.token("tuyenquang.xa").await;
    let hanoi = h.token("hanoi.thuongtruc").await;
    let tuyen_quang = h.unit_id("08").await;
    let ha_noi = h.unit_id("01").await;
    let me = h.get(&reporter, "/api/v1/me").await;
    let commune = me.ok(StatusCode::OK)["grants"][0]["unit_id"].as_str().expect("the reporter's unit").to_owned();

    // A document: 201 with its address; the date may be typed the Vietnamese way.
    let document = json!({
        "doc_type": "ke_hoach", "number": "125/KH-UBND", "issued_on": "20/08/2025", "issuer_id": tuyen_quang,
        "signer": "Chủ tịch UBND tỉnh", "title": "Kế hoạch triển khai Nghị quyết 57-NQ/TW",
        "links": ["https://tuyenquang.gov.vn/kh-125"], "document_numbers": ["57-NQ/TW"],
    });
    let created = h.post(&coordinator, "/api/v1/documents", document.clone()).await;
    let doc = created.ok(StatusCode::CREATED).clone();
    let doc_id = id(&doc);
    assert_eq!(created.headers[header::LOCATION], format!("/api/v1/documents/{doc_id}").as_str());
    assert_eq!((doc["doc_type"].as_str(), doc["issued_on"].as_str()), (Some("plan"), Some("2025-08-20")), "{backend}");
    // The same number again names the field; another province's issuer is refused.
    h.post(&coordinator, "/api/v1/documents", document.clone()).await.field_error("number", "document-number-taken");
    let elsewhere =
        json!({ "doc_type": "plan", "number": "1/KH", "issued_on": "2025-08-20", "issuer_id": ha_noi, "title": "X" });
    h.post(&coordinator, "/api/v1/documents", elsewhere).await.problem(StatusCode::FORBIDDEN);
    let invalid =
        h.post(&coordinator, "/api/v1/documents", json!({ "issuer_id": tuyen_quang, "doc_type": "poem" })).await;
    invalid.field_error("doc_type", "document-type-unknown");
    invalid.field_error("number", "required");
    invalid.field_error("issued_on", "required");
    invalid.field_error("title", "required");

    let listed = h.get(&coordinator, &format!("/api/v1/documents?unit_id={tuyen_quang}&doc_type=plan&q=125")).await;
    let listed = listed.ok(StatusCode::OK);
    assert_eq!(listed["total"], 1, "{listed}");
    assert_eq!(listed["items"][0]["number"], "125/KH-UBND");
    assert_eq!(listed["items"][0]["issuer_name"], "Tuyên Quang");
    let details = h.get(&coordinator, &format!("/api/v1/documents/{doc_id}")).await;
    let details = details.ok(StatusCode::OK);
    assert_eq!(details["can_manage"], true);
    assert_eq!(details["issuer"]["code"], "08");
    assert_eq!(kinds(&details["attachments"]), ["document_number", "link"], "{details}");
    assert!(details["attachments"][0].get("href").is_none(), "only files are downloaded");
    let corrected =
        json!({ "doc_type": "plan", "number": "125/KH-UBND", "issued_on": "2025-08-20", "title": "Kế hoạch 125" });
    let put = Call::new(Method::PUT, &format!("/api/v1/documents/{doc_id}")).token(&coordinator).json(&corrected);
    assert_eq!(h.send(put).await.ok(StatusCode::OK)["title"], "Kế hoạch 125");
    h.get(&hanoi, &format!("/api/v1/documents/{doc_id}")).await.problem(StatusCode::FORBIDDEN);

    // The demo data already holds tasks: counts are compared before and after.
    let today_before = counts(h, &coordinator, &format!("unit_id={tuyen_quang}")).await;
    let october_before = counts(h, &coordinator, &format!("unit_id={tuyen_quang}&as_of=2025-10-20")).await;

    // A task from the document, presided by the province itself: 201 with its address and version.
    let body = json!({
        "title": "Thành lập Ban Chỉ đạo cấp xã", "document_id": doc_id, "clause": "Mục III.1",
        "assigner_id": tuyen_quang, "presiding_id": tuyen_quang, "assigned_on": "01/09/2025",
        "deadline": "2025-10-15", "field": "Chính phủ số", "priority": "high",
    });
    let created = h.post(&coordinator, "/api/v1/tasks", body).await;
    let task = created.ok(StatusCode::CREATED).clone();
    let task_id = id(&task);
    let task_uri = format!("/api/v1/tasks/{task_id}");
    assert_eq!(created.headers[header::LOCATION], task_uri.as_str());
    assert_eq!(created.headers[header::ETAG], "\"1\"");
    assert!(task["code"].as_str().is_some_and(|code| code.starts_with("08-2025-")), "{task}");
    assert_eq!(task["source"], "document");
    assert_eq!(task["field"], "digital_government");
    assert_eq!((task["assigned_on"].as_str(), task["deadline"].as_str()), (Some("2025-09-01"), Some("2025-10-15")));
    assert!(task.get("presiding_path").is_none() && task.get("assigner_path").is_none());

    // Lists with filters, as of today and as of a later date.
    let list = h
        .get(&coordinator, &format!("/api/v1/tasks?unit_id={tuyen_quang}&document_id={doc_id}&status=in_progress"))
        .await;
    let list = list.ok(StatusCode::OK);
    assert_eq!(
        (list["total"].as_i64(), list["page"].as_i64(), list["pages"].as_i64()),
        (Some(1), Some(1), Some(1)),
        "{list}"
    );
    assert_eq!(list["as_of"], "2025-09-15");
    assert_eq!(list["unit"]["code"], "08");
    assert_eq!(list["items"][0]["id"], task_id.as_str());
    assert_eq!(list["items"][0]["status"], "in_progress");
    assert_eq!(list["items"][0]["document_number"], "125/KH-UBND");
    assert_eq!(list["counts"]["by_status"]["in_progress"], 1);
    assert_eq!(list["counts"]["by_status"]["overdue"], 0, "every status is listed, zeros included");
    let later = h
        .get(
            &coordinator,
            &format!("/api/v1/tasks?unit_id={tuyen_quang}&document_id={doc_id}&status=overdue&as_of=20/10/2025"),
        )
        .await;
    let later = later.ok(StatusCode::OK);
    assert_eq!(later["as_of"], "2025-10-20");
    assert_eq!(later["items"][0]["id"], task_id.as_str(), "{later}");
    assert_eq!(later["items"][0]["colour"], "red");
    let none =
        h.get(&coordinator, &format!("/api/v1/tasks?unit_id={tuyen_quang}&document_id={doc_id}&field=data")).await;
    assert_eq!(none.ok(StatusCode::OK)["total"], 0);
    let found = h
        .get(&coordinator, &format!("/api/v1/tasks?unit_id={tuyen_quang}&document_id={doc_id}&q=ban%20chi%20dao"))
        .await;
    assert_eq!(found.ok(StatusCode::OK)["total"], 1, "search folds diacritics");
    let bad = h.get(&coordinator, "/api/v1/tasks?status=purple&as_of=31/02/2025&sort=colour").await;
    bad.field_error("status", "status-unknown");
    bad.field_error("as_of", "date-format");
    bad.field_error("sort", "sort-unknown");

    // Counts, today and as of a date.
    let today_after = counts(h, &coordinator, &format!("unit_id={tuyen_quang}")).await;
    assert_eq!(
        (today_after["unit_id"].as_str(), today_after["as_of"].as_str()),
        (Some(tuyen_quang.to_string().as_str()), Some("2025-09-15"))
    );
    let delta = |after: &Value, before: &Value, path: &[&str]| {
        let at = |v: &Value| path.iter().fold(v["counts"].clone(), |v, key| v[*key].clone()).as_i64().unwrap_or(-1);
        at(after) - at(before)
    };
    assert_eq!(delta(&today_after, &today_before, &["total"]), 1, "{today_after}");
    assert_eq!(delta(&today_after, &today_before, &["by_status", "in_progress"]), 1);
    let october_after = counts(h, &coordinator, &format!("unit_id={tuyen_quang}&as_of=20/10/2025")).await;
    assert_eq!(october_after["as_of"], "2025-10-20");
    assert_eq!(delta(&october_after, &october_before, &["by_status", "overdue"]), 1, "{october_after}");
    assert_eq!(delta(&october_after, &october_before, &["by_colour", "red"]), 1);
    let home = counts(h, &coordinator, "").await;
    assert_eq!(home["unit_id"], tuyen_quang.to_string(), "the caller's own unit by default");
    assert_eq!(home["counts"], today_after["counts"]);

    // Someone outside the task's units sees nothing of it.
    h.get(&reporter, &task_uri).await.problem(StatusCode::FORBIDDEN);
    h.get(&hanoi, &task_uri).await.problem(StatusCode::FORBIDDEN);
    h.get(&reporter, &format!("/api/v1/tasks?unit_id={tuyen_quang}")).await.problem(StatusCode::FORBIDDEN);
    h.post(&reporter, &format!("{task_uri}/progress"), json!({ "percent": 10, "done": "x" }))
        .await
        .problem(StatusCode::FORBIDDEN);
    h.get(&coordinator, "/api/v1/tasks/0198f3c2-7a10-7000-8000-000000000000").await.problem(StatusCode::NOT_FOUND);

    // Progress in JSON with links and document numbers as evidence; a percent over 100 is refused.
    let progress = json!({
        "percent": 30, "done": "Đã ban hành kế hoạch", "difficulties": "Thiếu nhân lực",
        "links": ["https://tuyenquang.gov.vn/tin-tuc/1"], "document_numbers": ["130/KH-UBND"],
    });
    let reply = h.post(&coordinator, &format!("{task_uri}/progress"), progress).await;
    let report = reply.ok(StatusCode::CREATED);
    assert_eq!((report["percent"].as_i64(), report["kind"].as_str()), (Some(30), Some("progress")), "{report}");
    h.post(&coordinator, &format!("{task_uri}/progress"), json!({ "percent": 140, "done": "x" }))
        .await
        .field_error("percent", "percent-range");

    // Cascade to every commune of the province, then the parent shows its children.
    let communes = h.get(&coordinator, &format!("/api/v1/units?parent={tuyen_quang}")).await;
    let communes = communes.ok(StatusCode::OK).as_array().unwrap().iter().filter(|u| u["level"] == "commune").count();
    assert!(communes > 10);
    let cascade = json!({ "targets": { "mode": "level", "level": "commune" }, "deadline": "2025-10-10" });
    let outcome = h.post(&coordinator, &format!("{task_uri}/cascade"), cascade.clone()).await;
    assert_eq!(outcome.ok(StatusCode::OK)["created"], communes, "{}", outcome.text);
    let again = h.post(&coordinator, &format!("{task_uri}/cascade"), cascade).await;
    let again = again.ok(StatusCode::OK);
    assert_eq!((again["created"].as_u64(), again["skipped"].as_array().map(Vec::len)), (Some(0), Some(communes)));
    let late = json!({ "targets": { "mode": "units", "unit_ids": [commune] }, "deadline": "2025-11-01" });
    h.post(&coordinator, &format!("{task_uri}/cascade"), late).await.field_error("deadline", "deadline-after-parent");
    h.post(&coordinator, &format!("{task_uri}/cascade"), json!({})).await.field_error("targets", "required");
    h.post(&coordinator, &format!("{task_uri}/cascade"), json!({ "targets": { "mode": "everyone" } }))
        .await
        .field_error("body", "json-invalid");
    let page = h.get(&coordinator, &task_uri).await;
    let page = page.ok(StatusCode::OK);
    assert_eq!(page["children"]["counts"]["total"], communes, "{}", page["children"]);
    assert_eq!(page["children"]["counts"]["by_status"]["in_progress"], communes);
    assert_eq!(page["children"]["not_started_total"], communes);
    assert_eq!(page["standing"]["status"], "in_progress");
    assert_eq!(page["document"]["number"], "125/KH-UBND");
    assert_eq!(page["can"], json!({ "edit": true, "report": true, "decide": true, "cascade": true }));
    assert_eq!(kinds(&page["attachments"]), ["document_number", "link"]);

    // The reporter sees their commune's child task, and reports on it with a PDF.
    let mine =
        h.get(&reporter, &format!("/api/v1/tasks?unit_id={commune}&relation=leading&document_id={doc_id}")).await;
    let mine = mine.ok(StatusCode::OK);
    assert_eq!(mine["total"], 1, "{mine}");
    let child = &mine["items"][0];
    assert_eq!(child["parent_id"], task_id.as_str());
    assert_eq!(child["deadline"], "2025-10-10");
    let child_uri = format!("/api/v1/tasks/{}", id(child));
    let form = multipart(
        &[
            ("percent", "50"),
            ("done", "Đã họp triển khai"),
            ("links", "https://xa.gov.vn/1"),
            ("links", "https://xa.gov.vn/2"),
        ],
        &[("Biên bản họp.pdf", "application/pdf", PDF)],
    );
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let call = Call::new(Method::POST, &format!("{child_uri}/progress")).token(&reporter).raw(&content_type, form);
    let reply = h.send(call).await;
    assert_eq!(reply.ok(StatusCode::CREATED)["percent"], 50);
    // A file that is really HTML is refused whatever its name says; nothing is written.
    let form =
        multipart(&[("done", "x")], &[("report.pdf", "application/pdf", b"<html><script>alert(1)</script></html>")]);
    let call = Call::new(Method::POST, &format!("{child_uri}/progress")).token(&reporter).raw(&content_type, form);
    h.send(call).await.field_error("files", "file-type-forbidden");
    let form = multipart(&[("percent", "lots"), ("done", "x")], &[]);
    let call = Call::new(Method::POST, &format!("{child_uri}/progress")).token(&reporter).raw(&content_type, form);
    h.send(call).await.field_error("percent", "percent-range");

    let child_page = h.get(&reporter, &child_uri).await;
    let child_page = child_page.ok(StatusCode::OK);
    assert_eq!(child_page["progress"].as_array().map(Vec::len), Some(1), "{child_page}");
    let files: Vec<&Value> =
        child_page["attachments"].as_array().unwrap().iter().filter(|a| a["kind"] == "file").collect();
    assert_eq!(files.len(), 1, "{child_page}");
    assert_eq!(files[0]["media_type"], "application/pdf");
    assert_eq!(files[0]["name"], "Biên bản họp.pdf");
    assert_eq!(files[0]["size_bytes"], PDF.len());
    let href = files[0]["href"].as_str().expect("a file has an address").to_owned();
    let download = h.get(&reporter, &href).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.text.as_bytes(), PDF);
    assert_eq!(download.content_type(), "application/pdf");
    assert_eq!(download.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let disposition = download.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf"), "{disposition}");
    h.get(&hanoi, &href).await.problem(StatusCode::FORBIDDEN);
    h.get(&coordinator, "/api/v1/attachments/0198f3c2-7a10-7000-8000-000000000000")
        .await
        .problem(StatusCode::NOT_FOUND);

    // Completion of the child, confirmed by the province: the parent counts it.
    let reply =
        h.post(&reporter, &format!("{child_uri}/completion"), json!({ "product": "Quyết định thành lập" })).await;
    assert_eq!(reply.ok(StatusCode::CREATED)["state"], "awaiting");
    h.post(&reporter, &format!("{child_uri}/completion/decision"), json!({ "approve": true }))
        .await
        .problem(StatusCode::FORBIDDEN);
    h.post(&coordinator, &format!("{child_uri}/completion/decision"), json!({ "reason": "x" }))
        .await
        .field_error("approve", "required");
    let decided = h.post(&coordinator, &format!("{child_uri}/completion/decision"), json!({ "approve": true })).await;
    assert_eq!(decided.ok(StatusCode::OK)["state"], "confirmed");
    let page = h.get(&coordinator, &task_uri).await;
    let children = &page.ok(StatusCode::OK)["children"];
    assert_eq!(children["counts"]["by_status"]["completed_on_time"], 1, "{children}");
    assert_eq!(children["not_started_total"], communes - 1);

    // An extension asked in time and approved: the new deadline is in force.
    let ask = json!({ "requested_deadline": "30/11/2025", "reason": "Chờ hướng dẫn của Trung ương" });
    let reply = h.post(&coordinator, &format!("{task_uri}/extensions"), ask).await;
    let extension = reply.ok(StatusCode::CREATED).clone();
    assert_eq!(
        (extension["state"].as_str(), extension["current_deadline"].as_str()),
        (Some("pending"), Some("2025-10-15"))
    );
    let decision = format!("{task_uri}/extensions/{}/decision", id(&extension));
    assert_eq!(
        h.post(&coordinator, &decision, json!({ "approve": true })).await.ok(StatusCode::OK)["state"],
        "approved"
    );
    let page = h.get(&coordinator, &task_uri).await;
    assert_eq!(page.ok(StatusCode::OK)["task"]["deadline"], "2025-11-30");
    assert_eq!(page.json["task"]["original_deadline"], "2025-10-15");
    // As of before the approval the old deadline still judges the task.
    let before = h.get(&coordinator, &format!("{task_uri}?as_of=2025-09-14")).await;
    assert_eq!(before.ok(StatusCode::OK)["standing"]["deadline"], "2025-10-15", "{}", before.json["standing"]);

    // Two edits from the same version: the second is a conflict naming `version`.
    let version = page.headers[header::ETAG].to_str().unwrap().trim_matches('"').parse::<i64>().unwrap();
    let first =
        patch(h, &coordinator, &task_uri, json!({ "version": version, "title": "Thành lập Ban Chỉ đạo" })).await;
    assert_eq!(first.ok(StatusCode::OK)["title"], "Thành lập Ban Chỉ đạo");
    assert_eq!(first.headers[header::ETAG], format!("\"{}\"", version + 1).as_str());
    let second = patch(h, &coordinator, &task_uri, json!({ "version": version, "title": "Ban Chỉ đạo" })).await;
    let conflict = second.problem(StatusCode::CONFLICT);
    assert_eq!(conflict["type"], "https://nqtrack.dev/problems/conflict");
    assert_eq!(
        (conflict["errors"][0]["field"].as_str(), conflict["errors"][0]["code"].as_str()),
        (Some("version"), Some("edit-conflict"))
    );
    // The version may come in `If-Match` instead; without either the edit is refused.
    let call = Call::new(Method::PATCH, &task_uri)
        .token(&coordinator)
        .header("if-match", &format!("\"{}\"", version + 1))
        .json(&json!({ "priority": "urgent" }));
    assert_eq!(h.send(call).await.ok(StatusCode::OK)["priority"], "urgent");
    let call = Call::new(Method::PATCH, &task_uri)
        .token(&coordinator)
        .header("if-match", &format!("\"{}\"", version + 1))
        .json(&json!({ "priority": "normal" }));
    h.send(call).await.problem(StatusCode::CONFLICT);
    patch(h, &coordinator, &task_uri, json!({ "title": "x" })).await.field_error("version", "required");
    patch(h, &hanoi, &task_uri, json!({ "version": version + 2, "title": "x" })).await.problem(StatusCode::FORBIDDEN);

    // The assigning unit moves the deadline, with a reason.
    let reply = h
        .post(&coordinator, &format!("{task_uri}/deadline"), json!({ "deadline": "2025-12-15", "reason": "QĐ 5" }))
        .await;
    assert_eq!(reply.ok(StatusCode::OK)["deadline"], "2025-12-15");
    h.post(&coordinator, &format!("{task_uri}/deadline"), json!({ "deadline": "2025-08-01" }))
        .await
        .field_error("reason", "required");
}

#[tokio::test]
async fn task_flow_on_sqlite() {
    task_flow(&support::sqlite().await).await;
}

#[tokio::test]
async fn task_flow_on_postgres() {
    let Some(h) = support::postgres().await else { return };
    task_flow(&h).await;
}

/// Every invalid input names its field, in the caller's language.
#[tokio::test]
async fn problems_name_each_field() {
    let h = support::sqlite().await;
    let coordinator = h.token("tuyenquang.thuongtruc").await;
    let tuyen_quang = h.unit_id("08").await;
    let ha_noi = h.unit_id("01").await;

    // A deadline before assignment and a presiding unit outside the assigner's subtree, at once.
    let body = json!({
        "title": "Nhiệm vụ", "assigner_id": tuyen_quang, "presiding_id": ha_noi,
        "assigned_on": "2025-09-10", "deadline": "01/09/2025",
    });
    let reply = h.post(&coordinator, "/api/v1/tasks", body).await;
    reply.field_error("deadline", "deadline-before-assignment");
    reply.field_error("presiding_id", "unit-outside-assigner");
    assert_eq!(reply.json["errors"].as_array().map(Vec::len), Some(2), "{}", reply.text);
    let reply = h.post(&coordinator, "/api/v1/tasks", json!({ "assigner_id": tuyen_quang, "kind": "sometimes" })).await;
    reply.field_error("title", "required");
    reply.field_error("kind", "task-kind-unknown");
    reply.field_error("presiding_id", "required");
    h.post(&coordinator, "/api/v1/tasks", json!({ "title": "x", "colour": "red" }))
        .await
        .field_error("body", "json-invalid");

    // An extension asked after the deadline has passed.
    let overdue = assign(
        &h,
        &coordinator,
        json!({ "title": "Quá hạn", "assigner_id": tuyen_quang, "presiding_id": tuyen_quang, "assigned_on": "2025-08-01", "deadline": "2025-09-01" }),
    )
    .await;
    let uri = format!("/api/v1/tasks/{}", id(&overdue));
    let ask = json!({ "requested_deadline": "2025-10-01", "reason": "Chậm" });
    h.post(&coordinator, &format!("{uri}/extensions"), ask)
        .await
        .field_error("requested_deadline", "extension-after-deadline");

    // A cancelled task takes no completion; cancelling needs a reason (in English when asked).
    let english = h
        .send(
            Call::new(Method::POST, &format!("{uri}/cancel"))
                .token(&coordinator)
                .header("accept-language", "en")
                .json(&json!({})),
        )
        .await;
    assert_eq!(english.problem(StatusCode::UNPROCESSABLE_ENTITY)["title"], "The submitted data is not valid.");
    assert_eq!(english.field_error("reason", "required")["message"], "Reason or legal basis is required.");
    let vietnamese = h.post(&coordinator, &format!("{uri}/cancel"), json!({})).await;
    assert_eq!(vietnamese.problem(StatusCode::UNPROCESSABLE_ENTITY)["title"], "Dữ liệu không hợp lệ.");
    let cancelled = h.post(&coordinator, &format!("{uri}/cancel"), json!({ "reason": "Giao đơn vị khác" })).await;
    assert!(cancelled.ok(StatusCode::OK)["cancelled_on"].as_str().is_some());
    let vietnamese = h.post(&coordinator, &format!("{uri}/completion"), json!({ "product": "Báo cáo" })).await;
    let vietnamese =
        vietnamese.field_error("task", "task-cancelled")["message"].as_str().unwrap_or_default().to_owned();
    let call = Call::new(Method::POST, &format!("{uri}/completion"))
        .token(&coordinator)
        .header("accept-language", "en")
        .json(&json!({ "product": "Báo cáo" }));
    let english = h.send(call).await;
    let english = english.field_error("task", "task-cancelled")["message"].as_str().unwrap_or_default().to_owned();
    assert!(english != vietnamese && !english.ends_with(": task-cancelled"), "{english} / {vietnamese}");
    let form = multipart(&[("product", "Báo cáo")], &[("bao-cao.pdf", "application/pdf", PDF)]);
    let call = Call::new(Method::POST, &format!("{uri}/completion"))
        .token(&coordinator)
        .raw(&format!("multipart/form-data; boundary={BOUNDARY}"), form);
    h.send(call).await.field_error("task", "task-cancelled");

    // A conflict speaks English too.
    let task = assign(
        &h,
        &coordinator,
        json!({ "title": "Sửa", "assigner_id": tuyen_quang, "presiding_id": tuyen_quang, "deadline": "2025-12-31" }),
    )
    .await;
    let uri = format!("/api/v1/tasks/{}", id(&task));
    patch(&h, &coordinator, &uri, json!({ "version": 1, "title": "Sửa 1" })).await.ok(StatusCode::OK);
    let call = Call::new(Method::PATCH, &uri)
        .token(&coordinator)
        .header("accept-language", "en-GB,en;q=0.8")
        .json(&json!({ "version": 1, "title": "Sửa 2" }));
    let english = h.send(call).await;
    assert!(
        english.problem(StatusCode::CONFLICT)["title"].as_str().unwrap().contains("changed by someone else"),
        "{}",
        english.text
    );
    let call =
        Call::new(Method::PATCH, &uri).token(&coordinator).header("if-match", "\"one\"").json(&json!({ "title": "x" }));
    h.send(call).await.field_error("version", "if-match-invalid");
}
