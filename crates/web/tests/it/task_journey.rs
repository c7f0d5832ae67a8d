//! "Done means" for tasks: the whole journey of a province new to nqtrack, through the JSON API only
//! (plus the daily urging job and a real SMTP listener), on every backend.
//!
//! Cao Bằng (04) has no demo tasks, so every count below is this journey's own. The clock starts on
//! Monday 15/09/2025 and moves forward:
//! - 15/09: an administrator opens the coordinator's account; the coordinator enters the plan, downloads
//!   the annex template, fills it with three tasks and imports it, cascades the first task to every commune
//!   (deadline 15/10) and opens the accounts of two commune reporters (communes A and B);
//! - 22/09: A reports 60 % with a PDF and links; the province brings B's deadline forward to 30/09;
//! - 29/09: A reports completion with a photo; a stale confirmation is refused (409), a fresh one goes
//!   through; the province cancels the annex task A presides, which then takes no completion;
//! - 08/10: counts, colours and the overdue list, today and as of 25/09 and 01/10; the urging job; the
//!   digests, delivered to an SMTP server listening on a local port.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use jiff::civil::date;
use nqtrack_app::demo::DEMO_PASSWORD;
use nqtrack_app::testing::{Received, close_indicator_rounds, start_smtp};
use nqtrack_app::{DeliveryReport, MailConfig, Mailer, UrgingReport};
use nqtrack_office::export::{Cell, Sheet, write_xlsx};
use nqtrack_office::table::{TableFormat, read_table};
use serde_json::{Value, json};
use tower::ServiceExt as _;

use crate::support::{Call, Harness, Reply, postgres, sqlite, travel_to};

const BOUNDARY: &str = "nqtrack-journey-boundary";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// Every account this journey opens has an address here, so its mail is told from the demo's.
const DOMAIN: &str = "@caobang.gov.vn";
/// Cao Bằng's communes and wards (data/vn-admin/communes.csv).
const COMMUNES: usize = 56;

/// A 1×1 PNG (a red pixel): a photo of the event, as evidence.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\
\x00\x00\x00\x0cIDAT\x78\x9c\x63\xb8\xa5\x2a\x0b\x00\x02\xf9\x01\x1d\xfb\x3d\x0d\xd5\x00\x00\x00\x00IEND\xae\x42\x60\x82";

/// A one-page PDF with a line of text and a correct cross-reference table: the meeting's minutes.
fn minutes_pdf() -> Vec<u8> {
    let text = "BT /F1 12 Tf 20 50 Td (Bien ban hop trien khai) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", n + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%EOF\n", objects.len() + 1).bytes());
    pdf
}

/// A `multipart/form-data` request: text parts, then files as `(part name, file name, bytes)`.
fn multipart(method: Method, uri: &str, token: &str, texts: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Call {
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    for (part, file_name, bytes) in files {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{part}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").bytes());
    Call::new(method, uri).token(token).raw(&format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or_else(|| panic!("no {key} in {value}"))
}

/// The task's version, from the `ETag` of its page.
fn version(page: &Reply) -> i64 {
    let etag = page.headers[header::ETAG].to_str().expect("an ASCII ETag");
    etag.trim_matches('"').parse().unwrap_or_else(|_| panic!("ETag {etag}"))
}

/// Counts as the API writes them: every status and colour, zeros included.
fn counts(total: i64, status: [i64; 3], colour: [i64; 3], due_soon: i64, at_risk: i64) -> Value {
    let [completed_on_time, in_progress, overdue] = status;
    let [green, yellow, red] = colour;
    json!({
        "total": total,
        "by_status": {
            "completed_on_time": completed_on_time, "completed_late": 0, "in_progress": in_progress,
            "overdue": overdue, "reported": 0, "not_reported": 0,
        },
        "by_colour": { "green": green, "yellow": yellow, "red": red },
        "due_soon": due_soon,
        "at_risk": at_risk,
    })
}

/// A GET whose answer is a file: its status, media type and exact bytes.
async fn download(h: &Harness, token: &str, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let request = Request::builder()
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("a request");
    let response = h.router.clone().oneshot(request).await.expect("the router never fails");
    let status = response.status();
    let media_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let media_type = media_type.to_owned();
    let bytes = response.into_body().collect().await.expect("the body").to_bytes().to_vec();
    (status, media_type, bytes)
}

/// `(code, presiding code)` of a list of tasks.
fn code_and_unit(items: &Value) -> Vec<(String, String)> {
    items
        .as_array()
        .expect("an array of tasks")
        .iter()
        .map(|t| (text(t, "code").to_owned(), text(t, "presiding_code").to_owned()))
        .collect()
}

async fn journey(h: &Harness) {
    let backend = h.backend;
    let admin = h.token("admin").await;
    let province = h.unit_id("04").await;

    // The administrator opens the account of the province's coordinator.
    let account = json!({
        "username": "caobang.thuongtruc", "display_name": "Cơ quan thường trực tỉnh Cao Bằng",
        "email": format!("thuongtruc{DOMAIN}"), "unit_id": province, "password": DEMO_PASSWORD, "role": "coordinator",
    });
    let created = h.post(&admin, "/api/v1/users", account).await;
    let coordinator_id = text(created.ok(StatusCode::CREATED), "id").to_owned();
    let coordinator = h.token("caobang.thuongtruc").await;

    // The province starts empty: the demo has no task here.
    let counts_uri = format!("/api/v1/tasks/counts?unit_id={province}");
    let empty = h.get(&coordinator, &counts_uri).await;
    assert_eq!(empty.ok(StatusCode::OK)["counts"], counts(0, [0, 0, 0], [0, 0, 0], 0, 0), "{backend}");

    let communes = h.get(&coordinator, &format!("/api/v1/units?parent={province}")).await;
    let mut communes: Vec<(String, String, String)> = communes
        .ok(StatusCode::OK)
        .as_array()
        .expect("units")
        .iter()
        .filter(|u| u["level"] == "commune")
        .map(|u| (text(u, "code").to_owned(), text(u, "name").to_owned(), text(u, "id").to_owned()))
        .collect();
    communes.sort();
    assert_eq!(communes.len(), COMMUNES);
    let (a_code, a_name, a_id) = communes[0].clone();
    let (b_code, b_name, b_id) = communes[1].clone();

    // ---- 1. The plan and its annex, imported from the downloaded template ----
    let plan = json!({
        "doc_type": "ke_hoach", "number": "15/KH-UBND", "issued_on": "10/09/2025", "issuer_id": province,
        "signer": "Chủ tịch UBND tỉnh", "title": "Kế hoạch thực hiện Nghị quyết 57-NQ/TW trên địa bàn tỉnh Cao Bằng",
    });
    let plan = h.post(&coordinator, "/api/v1/documents", plan).await;
    let plan_id = text(plan.ok(StatusCode::CREATED), "id").to_owned();

    let (status, media_type, template) = download(h, &coordinator, "/api/v1/tasks/import/template.xlsx").await;
    assert_eq!((status, media_type.as_str()), (StatusCode::OK, XLSX));
    let headers = read_table(&template, TableFormat::Xlsx).expect("the template reads back").header;
    let rows: [&[(&str, Cell)]; 3] = [
        &[
            ("Mã nhiệm vụ", Cell::Text("CB-KH-01".into())),
            ("Tên nhiệm vụ", Cell::Text("Thành lập Ban Chỉ đạo cấp xã".into())),
            ("Nội dung", Cell::Text("Ban hành quyết định thành lập và quy chế làm việc của Ban Chỉ đạo.".into())),
            ("Điều khoản", Cell::Text("Mục II.1".into())),
            ("Mã đơn vị chủ trì", Cell::Text("04".into())),
            ("Loại nhiệm vụ", Cell::Text("Có thời hạn".into())),
            ("Thời hạn", Cell::Date(date(2025, 10, 31))),
            ("Sản phẩm dự kiến", Cell::Text("Quyết định thành lập Ban Chỉ đạo cấp xã".into())),
            ("Lĩnh vực", Cell::Text("Chính quyền số".into())),
            ("Mức độ ưu tiên", Cell::Text("Cao".into())),
            ("Độ mật", Cell::Text("Nội bộ".into())),
        ],
        &[
            ("Mã nhiệm vụ", Cell::Text("CB-KH-02".into())),
            ("Tên nhiệm vụ", Cell::Text("Số hóa hồ sơ thủ tục hành chính".into())),
            ("Điều khoản", Cell::Text("Mục II.2".into())),
            ("Mã đơn vị chủ trì", Cell::Text(a_code.clone())),
            ("Mã đơn vị phối hợp", Cell::Text(b_code.clone())),
            ("Thời hạn", Cell::Text("30/11/2025".into())),
            ("Kết quả chủ yếu", Cell::Text("100% hồ sơ còn hiệu lực được số hóa".into())),
            ("Lĩnh vực", Cell::Text("Dữ liệu".into())),
            ("Mức độ ưu tiên", Cell::Text("Bình thường".into())),
            ("Độ mật", Cell::Text("Công khai".into())),
        ],
        &[
            ("Mã nhiệm vụ", Cell::Text("CB-KH-03".into())),
            ("Tên nhiệm vụ", Cell::Text("Phổ cập kỹ năng số cho người dân".into())),
            ("Mã đơn vị chủ trì", Cell::Text(b_code.clone())),
            ("Thời hạn", Cell::Date(date(2025, 10, 15))),
            ("Lĩnh vực", Cell::Text("Xã hội số".into())),
            ("Mức độ ưu tiên", Cell::Text("Khẩn".into())),
        ],
    ];
    // Filled in the template's own columns, in its order; "(*)" marks a required column.
    let base = |header: &str| header.trim_end_matches("(*)").trim().to_owned();
    for row in &rows {
        for (column, _) in *row {
            assert!(
                headers.iter().any(|header| base(header) == *column),
                "the template has no column {column}: {headers:?}"
            );
        }
    }
    let filled: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(n, row)| {
            headers
                .iter()
                .map(|header| match row.iter().find(|(column, _)| *column == base(header)) {
                    Some((_, cell)) => cell.clone(),
                    None if header == "STT" => Cell::Integer(n as i64 + 1),
                    None => Cell::Empty,
                })
                .collect()
        })
        .collect();
    let annex = write_xlsx(&Sheet { title: "Nhiệm vụ".into(), headers: headers.clone(), rows: filled })
        .expect("write the annex");
    let form = [("assigner_id", province.to_string()), ("document_id", plan_id.clone())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let import = h
        .send(multipart(
            Method::POST,
            "/api/v1/tasks/import",
            &coordinator,
            &form,
            &[("file", "Phụ lục nhiệm vụ KH 15.xlsx", &annex)],
        ))
        .await;
    assert_eq!(import.ok(StatusCode::OK), &json!({ "created": 3 }), "{backend}");

    let imported =
        h.get(&coordinator, &format!("/api/v1/tasks?unit_id={province}&document_id={plan_id}&sort=code")).await;
    let imported = imported.ok(StatusCode::OK).clone();
    assert_eq!(imported["total"], 3, "{imported}");
    let items = imported["items"].as_array().expect("items");
    let expected = [
        ("CB-KH-01", "Thành lập Ban Chỉ đạo cấp xã", "04", "2025-10-31", "digital_government", "high", "internal"),
        ("CB-KH-02", "Số hóa hồ sơ thủ tục hành chính", a_code.as_str(), "2025-11-30", "data", "normal", "public"),
        (
            "CB-KH-03",
            "Phổ cập kỹ năng số cho người dân",
            b_code.as_str(),
            "2025-10-15",
            "digital_society",
            "urgent",
            "internal",
        ),
    ];
    for (item, (code, title, presiding, deadline, field, priority, confidentiality)) in items.iter().zip(expected) {
        let got = [
            "code",
            "title",
            "presiding_code",
            "deadline",
            "field",
            "priority",
            "confidentiality",
            "kind",
            "source",
            "assigned_on",
            "assigner_code",
            "document_number",
            "status",
            "colour",
        ]
        .map(|key| item[key].as_str().unwrap_or_default());
        assert_eq!(
            got,
            [
                code,
                title,
                presiding,
                deadline,
                field,
                priority,
                confidentiality,
                "deadline",
                "document",
                "2025-09-15",
                "04",
                "15/KH-UBND",
                "in_progress",
                "green"
            ],
            "{item}"
        );
    }
    let [k1, k2, k3] = [0, 1, 2].map(|n| text(&items[n], "id").to_owned());
    let k1_uri = format!("/api/v1/tasks/{k1}");
    let k2_uri = format!("/api/v1/tasks/{k2}");
    let page = h.get(&coordinator, &k1_uri).await;
    let task = &page.ok(StatusCode::OK)["task"];
    assert_eq!(
        (text(task, "content"), text(task, "clause"), text(task, "product")),
        (
            "Ban hành quyết định thành lập và quy chế làm việc của Ban Chỉ đạo.",
            "Mục II.1",
            "Quyết định thành lập Ban Chỉ đạo cấp xã"
        )
    );
    let page = h.get(&coordinator, &k2_uri).await;
    let page = page.ok(StatusCode::OK);
    assert_eq!(text(&page["task"], "key_results"), "100% hồ sơ còn hiệu lực được số hóa");
    assert_eq!(text(&page["task"], "clause"), "Mục II.2");
    assert_eq!(
        page["coordinators"].as_array().map(|c| c.iter().map(|u| text(u, "code")).collect::<Vec<_>>()),
        Some(vec![b_code.as_str()])
    );
    assert_eq!(page["document"]["number"], "15/KH-UBND");

    // ---- 2. Cascade to every commune in one call ----
    let cascade = json!({ "targets": { "mode": "level", "level": "commune" }, "deadline": "15/10/2025" });
    let outcome = h.post(&coordinator, &format!("{k1_uri}/cascade"), cascade).await;
    assert_eq!(outcome.ok(StatusCode::OK), &json!({ "created": COMMUNES, "skipped": [] }), "{backend}");
    let page = h.get(&coordinator, &k1_uri).await;
    let children = page.ok(StatusCode::OK)["children"].clone();
    let n = COMMUNES as i64;
    assert_eq!(children["counts"], counts(n, [0, n, 0], [n, 0, 0], 0, 0), "{children}");
    assert_eq!(children["not_started_total"], n);
    let not_started = code_and_unit(&children["not_started"]);
    let every_commune: Vec<(String, String)> =
        communes.iter().map(|(code, _, _)| (format!("CB-KH-01.{code}"), code.clone())).collect();
    assert_eq!(not_started, every_commune, "every commune, by code");
    let child_of = |code: &str| {
        let item = children["not_started"].as_array().unwrap().iter().find(|t| t["presiding_code"] == code);
        let item = item.unwrap_or_else(|| panic!("no child task for {code}"));
        assert_eq!((item["parent_id"].as_str(), item["deadline"].as_str()), (Some(k1.as_str()), Some("2025-10-15")));
        assert_eq!((item["assigner_code"].as_str(), item["field"].as_str()), (Some("04"), Some("digital_government")));
        format!("/api/v1/tasks/{}", text(item, "id"))
    };
    let (child_a, child_b) = (child_of(&a_code), child_of(&b_code));
    let child_b_code = format!("CB-KH-01.{b_code}");

    // The coordinator opens the accounts of the reporters of communes A and B.
    for (username, name, mailbox, unit) in
        [("caobang.xa-a", "Cán bộ xã A", "xa-a", &a_id), ("caobang.xa-b", "Cán bộ xã B", "xa-b", &b_id)]
    {
        let account = json!({
            "username": username, "display_name": name, "email": format!("{mailbox}{DOMAIN}"),
            "unit_id": unit, "password": DEMO_PASSWORD, "role": "reporter",
        });
        h.post(&coordinator, "/api/v1/users", account).await.ok(StatusCode::CREATED);
    }
    let reporter_a = h.token("caobang.xa-a").await;
    let reporter_b = h.token("caobang.xa-b").await;
    let me = h.get(&reporter_a, "/api/v1/me").await;
    let reporter_a_id = text(&me.ok(StatusCode::OK)["user"], "id").to_owned();
    let mine = h.get(&reporter_a, &format!("/api/v1/tasks?unit_id={a_id}&relation=leading&sort=code")).await;
    let mine = mine.ok(StatusCode::OK);
    assert_eq!(mine["items"][0]["presiding_name"], a_name.as_str());
    assert_eq!(
        code_and_unit(&mine["items"]),
        [(format!("CB-KH-01.{a_code}"), a_code.clone()), ("CB-KH-02".to_owned(), a_code.clone())],
        "a reporter sees what their commune presides"
    );
    h.get(&reporter_a, &child_b).await.problem(StatusCode::FORBIDDEN);

    // ---- 3. 22/09: A reports progress with evidence; the province brings B's deadline forward ----
    travel_to(h, date(2025, 9, 22));
    let pdf = minutes_pdf();
    let progress = multipart(
        Method::POST,
        &format!("{child_a}/progress"),
        &reporter_a,
        &[
            ("percent", "60"),
            ("done", "Đã họp triển khai, dự thảo quyết định thành lập Ban Chỉ đạo"),
            ("difficulties", "Thiếu cán bộ chuyên trách về chuyển đổi số"),
            ("proposals", "Đề nghị tỉnh tổ chức tập huấn cho cán bộ xã"),
            ("links", &format!("https://{a_code}.caobang.gov.vn/tin-tuc/hop-trien-khai")),
            ("document_numbers", "12/BC-UBND"),
        ],
        &[("files", "Biên bản họp triển khai.pdf", &pdf)],
    );
    let report = h.send(progress).await;
    let report = report.ok(StatusCode::CREATED);
    assert_eq!(
        (
            report["percent"].as_i64(),
            text(report, "kind"),
            text(report, "reported_on"),
            text(report, "difficulties"),
            text(report, "proposals"),
            text(report, "reported_by"),
        ),
        (
            Some(60),
            "progress",
            "2025-09-22",
            "Thiếu cán bộ chuyên trách về chuyển đổi số",
            "Đề nghị tỉnh tổ chức tập huấn cho cán bộ xã",
            reporter_a_id.as_str()
        )
    );
    let earlier =
        json!({ "deadline": "30/09/2025", "reason": "Công văn 120/UBND-VP: xã B làm điểm, hoàn thành trước" });
    let moved = h.post(&coordinator, &format!("{child_b}/deadline"), earlier).await;
    let moved = moved.ok(StatusCode::OK);
    assert_eq!((text(moved, "deadline"), text(moved, "deadline_changed_on")), ("2025-09-30", "2025-09-22"));
    assert_eq!(text(moved, "original_deadline"), "2025-10-15");
    // Not past the parent's deadline (31/10), which does not allow later children; nothing is written.
    let too_late = json!({ "deadline": "2025-11-30", "reason": "Lùi hạn" });
    let too_late = h.post(&coordinator, &format!("{child_b}/deadline"), too_late).await;
    assert_eq!(too_late.field_error("deadline", "deadline-after-parent")["field"], "deadline");
    assert_eq!(too_late.json["errors"].as_array().map(Vec::len), Some(1), "{}", too_late.text);

    // ---- 4. 29/09: A reports completion; a stale confirmation is refused, a fresh one confirms ----
    travel_to(h, date(2025, 9, 29));
    let seen = h.get(&coordinator, &child_a).await;
    let stale = version(&seen);
    let completion = multipart(
        Method::POST,
        &format!("{child_a}/completion"),
        &reporter_a,
        &[
            ("product", "Quyết định số 45/QĐ-UBND thành lập Ban Chỉ đạo xã"),
            ("note", "Ban Chỉ đạo đã họp phiên đầu tiên"),
            ("links", &format!("https://{a_code}.caobang.gov.vn/van-ban/45-qd-ubnd")),
        ],
        &[("files", "Ảnh ra mắt Ban Chỉ đạo.png", PNG)],
    );
    let reported = h.send(completion).await;
    let reported = reported.ok(StatusCode::CREATED);
    assert_eq!((text(reported, "state"), text(reported, "reported_on")), ("awaiting", "2025-09-29"));
    let conflict = h
        .post(&coordinator, &format!("{child_a}/completion/decision"), json!({ "approve": true, "version": stale }))
        .await;
    let problem = conflict.problem(StatusCode::CONFLICT);
    let errors: Vec<(&str, &str)> =
        problem["errors"].as_array().expect("errors").iter().map(|e| (text(e, "field"), text(e, "code"))).collect();
    assert_eq!(errors, [("version", "edit-conflict")]);
    let fresh = h.get(&coordinator, &child_a).await;
    assert_eq!(version(&fresh), stale + 1, "the completion changed the task");
    assert_eq!(fresh.json["completions"][0]["state"], "awaiting", "the refused decision wrote nothing");
    assert_eq!(fresh.json["standing"]["awaiting_confirmation"], true);
    h.post(&reporter_a, &format!("{child_a}/completion/decision"), json!({ "approve": true }))
        .await
        .problem(StatusCode::FORBIDDEN);
    let decided = h
        .post(
            &coordinator,
            &format!("{child_a}/completion/decision"),
            json!({ "approve": true, "version": version(&fresh) }),
        )
        .await;
    let decided = decided.ok(StatusCode::OK);
    assert_eq!((text(decided, "state"), text(decided, "decided_on")), ("confirmed", "2025-09-29"));
    assert_eq!(text(decided, "decided_by"), coordinator_id);

    // The child's page: its standing and the whole record, with the evidence files as uploaded.
    let page = h.get(&reporter_a, &child_a).await;
    let page = page.ok(StatusCode::OK).clone();
    assert_eq!(
        page["standing"],
        json!({
            "status": "completed_on_time", "colour": "green", "deadline": "2025-10-15", "completed_on": "2025-09-29",
            "due_soon": false, "at_risk": false, "awaiting_confirmation": false, "percent": 100,
        })
    );
    assert_eq!(
        (page["progress"].as_array().map(Vec::len), page["completions"].as_array().map(Vec::len)),
        (Some(1), Some(1))
    );
    let mut evidence: Vec<(String, String, String)> = page["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .map(|a| (text(a, "owner_type").to_owned(), text(a, "kind").to_owned(), text(a, "name").to_owned()))
        .collect();
    evidence.sort();
    let owned = |owner: &str, kind: &str, name: &str| (owner.to_owned(), kind.to_owned(), name.to_owned());
    assert_eq!(
        evidence,
        [
            owned("completion", "file", "Ảnh ra mắt Ban Chỉ đạo.png"),
            owned("completion", "link", &format!("https://{a_code}.caobang.gov.vn/van-ban/45-qd-ubnd")),
            owned("progress", "document_number", "12/BC-UBND"),
            owned("progress", "file", "Biên bản họp triển khai.pdf"),
            owned("progress", "link", &format!("https://{a_code}.caobang.gov.vn/tin-tuc/hop-trien-khai")),
        ]
    );
    for (name, media_type, bytes) in
        [("Biên bản họp triển khai.pdf", "application/pdf", &pdf[..]), ("Ảnh ra mắt Ban Chỉ đạo.png", "image/png", PNG)]
    {
        let file = page["attachments"].as_array().unwrap().iter().find(|a| a["name"] == name).expect("the file");
        assert_eq!((text(file, "media_type"), file["size_bytes"].as_u64()), (media_type, Some(bytes.len() as u64)));
        let href = text(file, "href");
        let (status, sniffed, got) = download(h, &coordinator, href).await;
        assert_eq!((status, sniffed.as_str(), &got[..]), (StatusCode::OK, media_type, bytes), "the same file back");
        h.get(&reporter_b, href).await.problem(StatusCode::FORBIDDEN);
    }

    // The province cancels the annex task A presides: it takes no completion any more.
    let cancelled = h
        .post(
            &coordinator,
            &format!("{k2_uri}/cancel"),
            json!({ "reason": "Đã giao Trung tâm Phục vụ hành chính công" }),
        )
        .await;
    assert_eq!(cancelled.ok(StatusCode::OK)["cancelled_on"], "2025-09-29");
    let refused = h.post(&reporter_a, &format!("{k2_uri}/completion"), json!({ "product": "Kho hồ sơ số" })).await;
    refused.field_error("task", "task-cancelled");
    assert_eq!(refused.json["errors"].as_array().map(Vec::len), Some(1), "{}", refused.text);
    let form = multipart(
        Method::POST,
        &format!("{k2_uri}/completion"),
        &reporter_a,
        &[("product", "Kho hồ sơ số")],
        &[("files", "kho-ho-so.pdf", &pdf)],
    );
    h.send(form).await.field_error("task", "task-cancelled");
    let k2_page = h.get(&reporter_a, &k2_uri).await;
    let k2_page = k2_page.ok(StatusCode::OK);
    assert_eq!(
        (k2_page["completions"].as_array().map(Vec::len), k2_page["attachments"].as_array().map(Vec::len)),
        (Some(0), Some(0))
    );
    assert!(k2_page["standing"].is_null(), "a cancelled task does not count: {}", k2_page["standing"]);
    assert_eq!(k2_page["can"]["report"], false);

    // ---- 5. 08/10: counts and the overdue list, today and as of earlier dates ----
    travel_to(h, date(2025, 10, 8));
    // Today: A's child completed on time; B's overdue since 30/09; CB-KH-02 cancelled; the 54 other
    // children and CB-KH-03 fall due on 15/10 (due soon); CB-KH-01 is behind its pace (0 % at half time).
    let today = h.get(&coordinator, &counts_uri).await;
    let today = today.ok(StatusCode::OK).clone();
    assert_eq!(today["as_of"], "2025-10-08");
    assert_eq!(today["counts"], counts(58, [1, 56, 1], [1, 56, 1], 55, 56), "{backend}");
    let overdue = h.get(&coordinator, &format!("/api/v1/tasks?unit_id={province}&status=overdue")).await;
    let overdue = overdue.ok(StatusCode::OK).clone();
    assert_eq!(overdue["total"], 1, "{overdue}");
    assert_eq!(code_and_unit(&overdue["items"]), [(child_b_code.clone(), b_code.clone())]);
    let late = &overdue["items"][0];
    assert_eq!(
        (text(late, "presiding_name"), text(late, "deadline_in_force"), text(late, "colour")),
        (b_name.as_str(), "2025-09-30", "red")
    );
    assert_eq!(overdue["counts"], today["counts"], "the list counts what the counts count");

    // As of 25/09: CB-KH-02 still counted, A at 60 % (on pace, green), B due soon; nothing overdue.
    let then = h.get(&coordinator, &format!("{counts_uri}&as_of=25/09/2025")).await;
    let then = then.ok(StatusCode::OK).clone();
    assert_eq!(then["as_of"], "2025-09-25");
    assert_eq!(then["counts"], counts(59, [0, 59, 0], [1, 58, 0], 1, 58), "{backend}");
    let none = h.get(&coordinator, &format!("/api/v1/tasks?unit_id={province}&status=overdue&as_of=2025-09-25")).await;
    assert_eq!(none.ok(StatusCode::OK)["total"], 0, "{}", none.text);
    let first_day =
        h.get(&coordinator, &format!("/api/v1/tasks?unit_id={province}&status=overdue&as_of=01/10/2025")).await;
    let first_day = first_day.ok(StatusCode::OK);
    assert_eq!(code_and_unit(&first_day["items"]), [(child_b_code.clone(), b_code.clone())]);

    // The parent's children, today and as of 25/09.
    let page = h.get(&coordinator, &k1_uri).await;
    let children = &page.ok(StatusCode::OK)["children"];
    assert_eq!(children["counts"], counts(n, [1, n - 2, 1], [1, n - 2, 1], n - 2, n - 2), "{children}");
    assert_eq!(children["not_started_total"], n - 1);
    let waiting = code_and_unit(&children["not_started"]);
    assert_eq!(waiting.len(), COMMUNES - 1);
    assert!(!waiting.iter().any(|(_, unit)| *unit == a_code) && waiting.iter().any(|(_, unit)| *unit == b_code));
    let page = h.get(&coordinator, &format!("{k1_uri}?as_of=2025-09-25")).await;
    let children = &page.ok(StatusCode::OK)["children"];
    assert_eq!(children["counts"], counts(n, [0, n, 0], [1, n - 1, 0], 1, n - 1), "{children}");
    assert_eq!(children["not_started_total"], n - 1);
    let page = h.get(&coordinator, &format!("{k1_uri}?as_of=20/09/2025")).await;
    assert_eq!(page.ok(StatusCode::OK)["children"]["not_started_total"], n, "A reported on 22/09");
    // B's deadline as it stood before it was brought forward, and today: on its page (the domain's rule)
    // and in lists (the database's).
    let before = h.get(&coordinator, &format!("{child_b}?as_of=2025-09-20")).await;
    let standing = &before.ok(StatusCode::OK)["standing"];
    assert_eq!((standing["status"].as_str(), standing["deadline"].as_str()), (Some("in_progress"), Some("2025-10-15")));
    let row = |item: &Value| {
        let flag = |key: &str| item[key].as_bool().unwrap_or_else(|| panic!("no {key} in {item}"));
        (
            text(item, "code").to_owned(),
            item["status"].as_str().map(str::to_owned),
            item["colour"].as_str().map(str::to_owned),
            text(item, "deadline_in_force").to_owned(),
            flag("due_soon"),
            flag("at_risk"),
        )
    };
    let row_of = |code: &str, status: &str, colour: &str, deadline: &str, due_soon: bool, at_risk: bool| {
        (code.to_owned(), Some(status.to_owned()), Some(colour.to_owned()), deadline.to_owned(), due_soon, at_risk)
    };
    let within =
        |unit: &str, as_of: &str| format!("/api/v1/tasks?unit_id={province}&within_id={unit}&sort=code{as_of}");
    let child_a_code = format!("CB-KH-01.{a_code}");
    for (unit, as_of, expected) in [
        (
            &b_id,
            "&as_of=2025-09-20",
            vec![
                row_of(&child_b_code, "in_progress", "yellow", "2025-10-15", false, true),
                row_of("CB-KH-03", "in_progress", "yellow", "2025-10-15", false, true),
            ],
        ),
        (
            &b_id,
            "",
            vec![
                row_of(&child_b_code, "overdue", "red", "2025-09-30", false, false),
                row_of("CB-KH-03", "in_progress", "yellow", "2025-10-15", true, true),
            ],
        ),
        (
            &a_id,
            "&as_of=2025-09-25",
            vec![
                row_of(&child_a_code, "in_progress", "green", "2025-10-15", false, false),
                row_of("CB-KH-02", "in_progress", "yellow", "2025-11-30", false, true),
            ],
        ),
        (&a_id, "", vec![row_of(&child_a_code, "completed_on_time", "green", "2025-10-15", false, false)]),
    ] {
        let list = h.get(&coordinator, &within(unit, as_of)).await;
        let got: Vec<_> = list.ok(StatusCode::OK)["items"].as_array().expect("items").iter().map(row).collect();
        assert_eq!(got, expected, "{backend} {as_of}");
    }
    let now = h.get(&reporter_b, &child_b).await;
    let now = now.ok(StatusCode::OK);
    assert_eq!(
        (now["standing"]["status"].as_str(), now["standing"]["deadline"].as_str()),
        (Some("overdue"), Some("2025-09-30"))
    );
    let causes: Vec<(&str, &str, &str)> = now["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .map(|d| (text(d, "effective_on"), text(d, "deadline"), text(d, "cause")))
        .collect();
    assert_eq!(causes, [("2025-09-15", "2025-10-15", "original"), ("2025-09-22", "2025-09-30", "adjustment")]);

    // ---- 6. The urging job, and the digests delivered to a real SMTP server ----
    let day = h.app.today();
    // The demo's indicator rounds would add their own reminders; this journey is about tasks.
    close_indicator_rounds(&h.app).await.expect("close the demo's indicator rounds");
    h.app.run_urging(day).await.expect("urge");
    // B is told of CB-KH-03 (due in 7 days) and of its overdue child (escalated after 3 days, to the
    // province's coordinator too); A, whose tasks are completed or cancelled, of nothing.
    let remind = "Nhắc hạn: nhiệm vụ CB-KH-03 đến hạn ngày 15/10/2025".to_owned();
    let escalate = format!("Đôn đốc: nhiệm vụ {child_b_code} quá hạn 8 ngày");
    for (token, expected) in [
        (&reporter_b, vec![("escalate", escalate.clone()), ("remind", remind.clone())]),
        (&coordinator, vec![("escalate", escalate.clone())]),
        (&reporter_a, vec![]),
    ] {
        let list = h.get(token, "/api/v1/notifications").await;
        let list = list.ok(StatusCode::OK);
        let mut got: Vec<(&str, String)> = list["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|n| (text(n, "kind"), text(n, "subject").to_owned()))
            .collect();
        got.sort();
        assert_eq!(got, expected, "{backend}");
        if let Some(reminder) = list["items"].as_array().unwrap().iter().find(|n| n["kind"] == "remind") {
            assert_eq!(
                (text(reminder, "task_id"), text(reminder, "link")),
                (k3.as_str(), format!("/tasks/{k3}").as_str())
            );
        }
        assert_eq!(list["unread"], expected.len());
    }
    assert_eq!(h.app.run_urging(day).await.expect("urge again"), UrgingReport::default(), "nobody is told twice");

    let now = h.app.clock().now();
    let queued = h.app.queue_digests(now).await.expect("queue the digests");
    let (inbox, address) = start_smtp("127.0.0.1:0".parse().expect("an address"));
    let mailer = Mailer::new(&MailConfig {
        host: address.ip().to_string(),
        port: address.port(),
        from: "Hệ thống nqtrack <nqtrack@caobang.gov.vn>".into(),
        username: None,
        password: None,
    })
    .expect("a mail configuration");
    let delivered = h.app.deliver_outbox(&mailer, now).await.expect("deliver");
    assert_eq!(delivered, DeliveryReport { sent: queued, rejected: 0, retrying: 0 });
    assert_eq!(inbox.messages().len() as u64, queued);
    let mut ours: Vec<Received> =
        inbox.messages().into_iter().filter(|m| m.to.iter().any(|to| to.ends_with(DOMAIN))).collect();
    ours.sort_by(|x, y| x.to.cmp(&y.to));
    let to: Vec<String> = ours.iter().map(|m| m.to.join(",")).collect();
    assert_eq!(to, [format!("thuongtruc{DOMAIN}"), format!("xa-b{DOMAIN}")], "{backend}");
    let (subject, body) = decode_mail(&ours[0].data);
    assert_eq!(subject, "[nqtrack] 1 thông báo mới ngày 08/10/2025");
    assert!(body.starts_with("Kính gửi Cơ quan thường trực tỉnh Cao Bằng,"), "{body}");
    assert!(body.contains(&escalate), "{body}");
    assert!(body.contains(&format!("do {b_name} chủ trì đã quá hạn 8 ngày (hạn 30/09/2025)")), "{body}");
    let (subject, body) = decode_mail(&ours[1].data);
    assert_eq!(subject, "[nqtrack] 2 thông báo mới ngày 08/10/2025");
    assert!(body.starts_with("Kính gửi Cán bộ xã B,"), "{body}");
    assert!(body.contains(&remind) && body.contains(&escalate), "{body}");
    assert!(body.contains("“Phổ cập kỹ năng số cho người dân”") && body.contains("(còn 7 ngày)"), "{body}");
    // Delivered once: another round sends nothing.
    assert_eq!(h.app.deliver_outbox(&mailer, now).await.expect("deliver again"), DeliveryReport::default());
    assert_eq!(inbox.messages().len() as u64, queued);
}

#[tokio::test]
async fn task_journey_on_sqlite() {
    journey(&sqlite().await).await;
}

#[tokio::test]
async fn task_journey_on_postgres() {
    let Some(h) = postgres().await else { return };
    journey(&h).await;
}

// ---- Reading a message as a mail client would: its subject and its body, decoded ----

/// The decoded subject and body of a raw message (headers, blank line, body).
fn decode_mail(raw: &str) -> (String, String) {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or_else(|| panic!("no body in {raw}"));
    let head = head.replace("\n ", " ").replace("\n\t", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let subject = decode_words(&header("Subject"));
    let body = match header("Content-Transfer-Encoding").to_ascii_lowercase().as_str() {
        "base64" => base64(body),
        "quoted-printable" => quoted_printable(body, false),
        _ => body.as_bytes().to_vec(),
    };
    let body = String::from_utf8(body).expect("a UTF-8 body");
    (subject, body.replace("\r\n", "\n"))
}

/// A header value with its RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded; the space
/// between two encoded words is not part of the text.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    for token in value.split_whitespace() {
        let decoded = token.strip_prefix("=?").and_then(|word| {
            let (_charset, rest) = word.split_once('?')?;
            let (encoding, rest) = rest.split_once('?')?;
            let text = rest.strip_suffix("?=")?;
            let bytes = match encoding {
                "b" | "B" => base64(text),
                "q" | "Q" => quoted_printable(text, true),
                _ => return None,
            };
            String::from_utf8(bytes).ok()
        });
        match decoded {
            Some(text) => {
                if !previous_encoded && !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text);
                previous_encoded = true;
            }
            None => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(token);
                previous_encoded = false;
            }
        }
    }
    out
}

fn base64(text: &str) -> Vec<u8> {
    let (mut out, mut bits, mut acc) = (Vec::new(), 0, 0u32);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue, // padding and line breaks
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable (`=C3=B4`, soft line breaks `=\n`); in headers, `_` is a space.
fn quoted_printable(text: &str, underscore_is_space: bool) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' if bytes.get(i + 1..i + 3) == Some(b"\r\n") => i += 3,
            b'=' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("two hex digits");
                out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("not hex: {hex}")));
                i += 3;
            }
            b'_' if underscore_is_space => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}
