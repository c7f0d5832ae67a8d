//! The task and document pages, end to end on the router: a coordinator enters a document and assigns
//! tasks, a commune reports progress with evidence, the province cascades a task to every commune, the
//! list is read as of a past date, and a stale edit is refused. "Today" is 15/09/2025 (support::NOW).

use axum::http::{Method, StatusCode, header};
use nqtrack_domain::policy::Actor;
use nqtrack_store::Liveness;
use nqtrack_web::i18n::{Lang, field_error_message};
use uuid::Uuid;

use crate::support::{Browser, Call, Harness, Reply, form, sqlite};

/// A multipart post, the CSRF token in the query as the forms send it.
async fn upload(h: &Harness, browser: &Browser, uri: &str, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Reply {
    let boundary = "nqtrack-task-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    for (file_name, bytes) in files {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    let separator = if uri.contains('?') { '&' } else { '?' };
    h.send(
        Call::new(Method::POST, &format!("{uri}{separator}csrf_token={}", browser.csrf))
            .header("cookie", &browser.cookie)
            .raw(&format!("multipart/form-data; boundary={boundary}"), body),
    )
    .await
}

fn location(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).expect("a redirect").to_owned()
}

/// The id in a redirect such as `/tasks/<id>?saved=1`.
fn id_in(location: &str) -> Uuid {
    let last = location.split('?').next().and_then(|path| path.rsplit('/').next()).unwrap_or_default();
    last.parse().unwrap_or_else(|_| panic!("no id in {location}"))
}

/// The province of the demo (08, Tuyên Quang) and the commune whose reporter is `tuyenquang.xa`.
async fn province_and_commune(h: &Harness) -> (Uuid, Uuid) {
    let province = h.unit_id("08").await;
    let operator = Actor::Operator { name: "test".into() };
    let children = h.app.browse_units(&operator, Some(province), Liveness::Live).await.expect("the communes");
    (province, children.first().expect("a commune").unit.id)
}

/// Assigns a task through the form; returns its id.
async fn assign(h: &Harness, browser: &Browser, fields: &[(&str, &str)]) -> Uuid {
    let reply = h.submit(browser, "/tasks/new", fields).await;
    id_in(&location(&reply))
}

#[tokio::test]
async fn a_coordinator_enters_a_document_assigns_a_task_and_sees_it_counted() {
    let h = sqlite().await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let (province, commune) = province_and_commune(&h).await;
    let province_id = province.to_string();

    let created = upload(
        &h,
        &coordinator,
        "/documents/new",
        &[
            ("issuer_id", &province_id),
            ("doc_type", "plan"),
            ("number", "01-KH/BCĐ"),
            ("issued_on", "01/09/2025"),
            ("signer", "Nguyễn Văn A"),
            ("title", "Kế hoạch chuyển đổi số năm 2025"),
            ("links", "https://tuyenquang.gov.vn/ke-hoach"),
        ],
        &[],
    )
    .await;
    let document = id_in(&location(&created));
    let list = h.page(&coordinator, "/documents?q=chuyen+doi+so").await;
    assert!(list.text.contains("01-KH/BCĐ"), "found without diacritics: {}", list.text);
    let none = h.page(&coordinator, "/documents?doc_type=directive").await;
    assert!(!none.text.contains("01-KH/BCĐ"), "the type filter applies");
    let page = h.page(&coordinator, &format!("/documents/{document}")).await;
    assert!(page.text.contains("Giao nhiệm vụ từ văn bản này"), "{}", page.text);
    assert!(page.text.contains(&format!("/tasks/new?document_id={document}")));
    let taken = upload(
        &h,
        &coordinator,
        "/documents/new",
        &[
            ("issuer_id", &province_id),
            ("doc_type", "plan"),
            ("number", "01-KH/BCĐ"),
            ("issued_on", "02/09/2025"),
            ("title", "Trùng số"),
        ],
        &[],
    )
    .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.text.contains("Số, ký hiệu văn bản này đã có"), "{}", taken.text);
    assert!(taken.text.contains("value=\"Trùng số\""), "what was typed is kept");

    let form = h.page(&coordinator, &format!("/tasks/new?document_id={document}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert!(form.text.contains(&format!("<option value=\"{document}\" selected>")), "the document is chosen");

    let document_id = document.to_string();
    let commune_id = commune.to_string();
    let task = assign(
        &h,
        &coordinator,
        &[
            ("assigner_id", &province_id),
            ("presiding_id", &commune_id),
            ("document_id", &document_id),
            ("clause", "Mục II.1"),
            ("title", "Triển khai nền tảng số cấp xã QZX1"),
            ("kind", "deadline"),
            ("deadline", "30/09/2025"),
            ("field", "digital_government"),
            ("priority", "high"),
            ("confidentiality", "internal"),
        ],
    )
    .await;
    // The demo already holds tasks: a word only this task has narrows the list (and its counts) to it.
    let list = h.page(&coordinator, &format!("/tasks?unit_id={province}&q=qzx1")).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert!(list.text.contains("Triển khai nền tảng số cấp xã QZX1") && list.text.contains(&format!("/tasks/{task}")));
    assert!(
        list.text.contains("<span class=\"tile-count\">1</span><span class=\"tile-label\">Tổng số</span>"),
        "{}",
        list.text
    );
    assert!(list.text.contains("Đang thực hiện trong hạn · Xanh"), "due in 15 days, on pace: {}", list.text);
    assert!(list.text.contains("30/09/2025"), "dates are dd/mm/yyyy");
    assert!(list.text.contains("/tasks/export.xlsx?unit_id=") && list.text.contains("/tasks/import"));
    let filtered = h.page(&coordinator, &format!("/tasks?unit_id={province}&q=qzx1&status=overdue")).await;
    assert!(filtered.text.contains("Không có nhiệm vụ nào phù hợp"), "the status tile's link filters");
    let searched = h.page(&coordinator, &format!("/tasks?unit_id={province}&q=nen+tang+so")).await;
    assert!(searched.text.contains("Triển khai nền tảng số cấp xã QZX1"), "search without diacritics");
    let bad_filter = h.page(&coordinator, &format!("/tasks?unit_id={province}&deadline_from=31/02/2025")).await;
    assert_eq!(bad_filter.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_filter.text.contains("Thời hạn từ ngày không đúng định dạng"), "{}", bad_filter.text);

    let born = h.page(&coordinator, &format!("/documents/{document}")).await;
    assert!(born.text.contains("Triển khai nền tảng số cấp xã QZX1"), "the document lists its tasks");
    let shown = h.page(&coordinator, &format!("/tasks/{task}")).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    for expected in
        ["01-KH/BCĐ", "Mục II.1", "Giao nhiệm vụ", "Lịch sử thay đổi", "Chính quyền số", "Sửa thông tin nhiệm vụ"]
    {
        assert!(shown.text.contains(expected), "{expected} missing: {}", shown.text);
    }
}

#[tokio::test]
async fn a_refused_assignment_keeps_what_was_typed_and_says_why_in_vietnamese() {
    let h = sqlite().await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let (province, commune) = province_and_commune(&h).await;
    let (province_id, commune_id) = (province.to_string(), commune.to_string());
    let reply = h
        .submit(
            &coordinator,
            "/tasks/new",
            &[
                ("assigner_id", &province_id),
                ("presiding_id", &commune_id),
                ("title", "Tiêu đề phải được giữ nguyên"),
                ("content", "Nội dung dài đã gõ"),
                ("deadline", "01/09/2025"),
                ("kind", "deadline"),
                ("coordinator_codes", "KHONG-CO"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.text.contains("Không tìm thấy đơn vị có mã “KHONG-CO”"), "{}", reply.text);
    assert!(reply.text.contains("value=\"Tiêu đề phải được giữ nguyên\"") && reply.text.contains("Nội dung dài đã gõ"));

    let reply = h
        .submit(
            &coordinator,
            "/tasks/new",
            &[
                ("assigner_id", &province_id),
                ("presiding_id", &commune_id),
                ("title", "Tiêu đề phải được giữ nguyên"),
                ("deadline", "01/09/2025"),
                ("kind", "deadline"),
                ("priority", "urgent"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.text.contains("<span class=\"field-error\" id=\"err-deadline\">Thời hạn hoàn thành không được trước ngày giao nhiệm vụ.</span>"),
        "the message sits next to the deadline: {}",
        reply.text
    );
    assert!(reply.text.contains("value=\"Tiêu đề phải được giữ nguyên\""));
    assert!(reply.text.contains("value=\"01/09/2025\""), "the deadline typed is kept");
    assert!(reply.text.contains("<option value=\"urgent\" selected>"), "selects keep their choice");
    assert!(reply.text.contains(&format!("<option value=\"{commune}\" selected>")), "the presiding unit is kept");
    let list = h.page(&coordinator, &format!("/tasks?unit_id={province}")).await;
    assert!(!list.text.contains("Tiêu đề phải được giữ nguyên"), "a refused form writes nothing");
}

#[tokio::test]
async fn a_commune_reports_progress_with_evidence_that_downloads_safely() {
    let h = sqlite().await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let (province, commune) = province_and_commune(&h).await;
    let (province_id, commune_id) = (province.to_string(), commune.to_string());
    let task = assign(
        &h,
        &coordinator,
        &[
            ("assigner_id", &province_id),
            ("presiding_id", &commune_id),
            ("title", "Số hóa hồ sơ hành chính"),
            ("deadline", "31/10/2025"),
        ],
    )
    .await;
    let reporter = h.sign_in("tuyenquang.xa").await;
    let page = h.page(&reporter, &format!("/tasks/{task}")).await;
    assert!(
        page.text.contains("Báo cáo tiến độ") && page.text.contains("enctype=\"multipart/form-data\""),
        "{}",
        page.text
    );
    assert!(!page.text.contains("Sửa thông tin nhiệm vụ"), "a reporter does not edit the task");

    let uri = format!("/tasks/{task}/progress");
    let exe: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";
    let refused =
        upload(&h, &reporter, &uri, &[("percent", "40"), ("done", "Đã số hóa 40% hồ sơ")], &[("setup.exe", exe)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Loại tệp không được chấp nhận"), "{}", refused.text);
    assert!(refused.text.contains("Đã số hóa 40% hồ sơ"), "the report typed is kept");
    let html: &[u8] = b"<!doctype html><html><script>alert(1)</script></html>";
    let refused = upload(&h, &reporter, &uri, &[("done", "x")], &[("bao-cao.html", html)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Loại tệp không được chấp nhận"), "{}", refused.text);

    let pdf: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let sent = upload(
        &h,
        &reporter,
        &uri,
        &[
            ("percent", "40"),
            ("done", "Đã số hóa 40% hồ sơ"),
            ("difficulties", "Thiếu máy quét"),
            ("links", "https://xa.tuyenquang.gov.vn/bao-cao"),
            ("document_numbers", "15/BC-UBND"),
        ],
        &[("Báo cáo tiến độ.pdf", pdf)],
    )
    .await;
    assert!(location(&sent).starts_with(&format!("/tasks/{task}")));
    let page = h.page(&reporter, &format!("/tasks/{task}")).await;
    for expected in [
        "Báo cáo tiến độ: 40%",
        "Thiếu máy quét",
        "Báo cáo tiến độ.pdf",
        "15/BC-UBND",
        "https://xa.tuyenquang.gov.vn/bao-cao",
    ] {
        assert!(page.text.contains(expected), "{expected} missing from the timeline: {}", page.text);
    }
    let start = page.text.find("href=\"/attachments/").expect("a download link") + "href=\"".len();
    let href = page.text[start..].split('"').next().unwrap_or_default().to_owned();
    let file = h.page(&reporter, &href).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.text);
    assert_eq!(file.content_type(), "application/pdf");
    assert_eq!(file.headers.get(header::X_CONTENT_TYPE_OPTIONS).and_then(|v| v.to_str().ok()), Some("nosniff"));
    let disposition = file.headers.get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''B%C3%A1o%20c%C3%A1o"),
        "{disposition}"
    );
    assert!(file.text.starts_with("%PDF-1.4"));

    let backwards = upload(&h, &reporter, &uri, &[("percent", "20"), ("done", "Điều chỉnh")], &[]).await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(backwards.text.contains("ghi lý do điều chỉnh giảm"), "{}", backwards.text);

    let stranger = h.sign_in("hanoi.thuongtruc").await;
    assert_eq!(h.page(&stranger, &href).await.status, StatusCode::FORBIDDEN, "evidence stays in its scope");
    assert_eq!(h.page(&stranger, &format!("/tasks/{task}")).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cascading_to_every_commune_shows_the_children() {
    let h = sqlite().await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let province = h.unit_id("08").await.to_string();
    let task = assign(
        &h,
        &coordinator,
        &[
            ("assigner_id", &province),
            ("presiding_id", &province),
            ("title", "Mỗi xã thành lập Ban Chỉ đạo"),
            ("deadline", "15/10/2025"),
        ],
    )
    .await;
    let page = h.page(&coordinator, &format!("/tasks/{task}")).await;
    assert!(page.text.contains("Mọi xã, phường, đặc khu trực thuộc"), "{}", page.text);
    let reply = h.submit(&coordinator, &format!("/tasks/{task}/cascade"), &[("mode", "level"), ("deadline", "")]).await;
    let to = location(&reply);
    let created: usize = to
        .split("created=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {to}"));
    assert!(created > 1, "every commune of the province: {created}");
    let page = h.page(&coordinator, &to).await;
    assert!(page.text.contains(&format!("Đã giao nhiệm vụ cho {created} đơn vị.")), "{}", page.text);
    assert!(page.text.contains(&format!("Nhiệm vụ đã giao cho cấp dưới ({created})")), "{}", page.text);
    assert!(page.text.contains(&format!("Đơn vị chưa triển khai ({created})")), "nobody has started yet");

    let again = h.submit(&coordinator, &format!("/tasks/{task}/cascade"), &[("mode", "level")]).await;
    let page = h.page(&coordinator, &location(&again)).await;
    assert!(
        page.text.contains("Đã giao nhiệm vụ cho 0 đơn vị.") && page.text.contains("Bỏ qua các đơn vị đã nhận"),
        "{}",
        page.text
    );
    let nobody =
        h.submit(&coordinator, &format!("/tasks/{task}/cascade"), &[("mode", "units"), ("unit_codes", "")]).await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nobody.text.contains("Không có đơn vị nào nhận nhiệm vụ"), "{}", nobody.text);
}

#[tokio::test]
async fn a_past_date_shows_the_figures_of_that_date_under_a_banner() {
    let h = sqlite().await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let (province, commune) = province_and_commune(&h).await;
    let (province_id, commune_id) = (province.to_string(), commune.to_string());
    let task = assign(
        &h,
        &coordinator,
        &[
            ("assigner_id", &province_id),
            ("presiding_id", &commune_id),
            ("title", "Báo cáo số liệu tháng 8 QZX2"),
            ("assigned_on", "01/08/2025"),
            ("deadline", "31/08/2025"),
        ],
    )
    .await;
    let today = h.page(&coordinator, &format!("/tasks?unit_id={province}&q=qzx2")).await;
    assert!(!today.text.contains("class=\"banner-as-of\""), "no banner for today");
    assert!(today.text.contains("Quá hạn · Đỏ"), "{}", today.text);
    let past = h.page(&coordinator, &format!("/tasks?unit_id={province}&q=qzx2&as_of=02/08/2025")).await;
    assert_eq!(past.status, StatusCode::OK, "{}", past.text);
    assert!(past.text.contains("Số liệu tính đến ngày 02/08/2025"), "{}", past.text);
    assert!(past.text.contains("Đang thực hiện trong hạn · Xanh"), "{}", past.text);
    assert!(past.text.contains("<span class=\"tile-count\">0</span><span class=\"tile-label\">Quá hạn</span>"));
    let before = h.page(&coordinator, &format!("/tasks?unit_id={province}&q=qzx2&as_of=2025-07-31")).await;
    assert!(before.text.contains("Không có nhiệm vụ nào phù hợp"), "not yet assigned on 31/07");
    let page = h.page(&coordinator, &format!("/tasks/{task}?as_of=02/08/2025")).await;
    assert!(page.text.contains("Số liệu tính đến ngày 02/08/2025") && page.text.contains("Đang thực hiện trong hạn"));
}

/// The edit form as shown for version 1 of a task.
fn edit_form<'a>(title: &'a str, presiding: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", "1"),
        ("title", title),
        ("content", ""),
        ("clause", ""),
        ("product", "Báo cáo"),
        ("key_results", ""),
        ("field", "data"),
        ("priority", "normal"),
        ("confidentiality", "internal"),
        ("presiding_id", presiding),
        ("coordinator_codes", ""),
        ("leader_id", ""),
    ]
}

#[tokio::test]
async fn a_stale_edit_is_refused_with_a_clear_message() {
    let h = sqlite().await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let (province, commune) = province_and_commune(&h).await;
    let (province_id, commune_id) = (province.to_string(), commune.to_string());
    let task = assign(
        &h,
        &coordinator,
        &[
            ("assigner_id", &province_id),
            ("presiding_id", &commune_id),
            ("title", "Tên ban đầu"),
            ("deadline", "30/11/2025"),
        ],
    )
    .await;
    let first = edit_form("Tên do người thứ nhất sửa", &commune_id);
    let saved = h.submit(&coordinator, &format!("/tasks/{task}/edit"), &first).await;
    assert!(location(&saved).contains("saved=1"));
    let second = edit_form("Tên do người thứ hai sửa", &commune_id);
    let stale = h.submit(&coordinator, &format!("/tasks/{task}/edit"), &second).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    assert!(stale.text.contains("Dữ liệu đã được người khác cập nhật trước; vui lòng tải lại"), "{}", stale.text);
    assert!(stale.text.contains("value=\"Tên do người thứ hai sửa\""), "the second editor's text is not lost");
    assert!(stale.text.contains("<h1><span class=\"mono task-code\">"), "the page shows the task as it now is");
    assert!(stale.text.contains("Tên do người thứ nhất sửa"));

    let cancelled = h.submit(&coordinator, &format!("/tasks/{task}/cancel"), &[("version", "2"), ("reason", "")]).await;
    assert_eq!(cancelled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(cancelled.text.contains("Lý do, căn cứ không được để trống"), "{}", cancelled.text);
}

#[tokio::test]
async fn the_pages_speak_english_to_an_english_user() {
    let h = sqlite().await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let (province, commune) = province_and_commune(&h).await;
    let (province_id, commune_id) = (province.to_string(), commune.to_string());
    let task = assign(
        &h,
        &coordinator,
        &[
            ("assigner_id", &province_id),
            ("presiding_id", &commune_id),
            ("title", "Nhiệm vụ thử"),
            ("deadline", "30/11/2025"),
        ],
    )
    .await;
    let list = h.page(&coordinator, "/tasks?lang=en").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    for expected in [
        "lang=\"en\"",
        "Presided within the subtree",
        "Export to Excel",
        "In progress within deadline",
        "Figures as of",
    ] {
        assert!(list.text.contains(expected), "{expected} missing: {}", list.text);
    }
    let page = h.page(&coordinator, &format!("/tasks/{task}?lang=en")).await;
    for expected in ["Timeline", "Presiding unit", "Report progress", "Cascade to lower units", "Change history"] {
        assert!(page.text.contains(expected), "{expected} missing: {}", page.text);
    }
    let new_task = h.page(&coordinator, "/tasks/new?lang=en").await;
    assert!(new_task.text.contains("Assign a task") && new_task.text.contains("Leader in charge"), "{}", new_task.text);
    let documents = h.page(&coordinator, "/documents?lang=en").await;
    assert!(documents.text.contains("Enter a document"), "{}", documents.text);
    let refused = h
        .send(Call::new(Method::POST, "/tasks/new?lang=en").header("cookie", &coordinator.cookie).raw(
            "application/x-www-form-urlencoded",
            form(&[
                ("assigner_id", &province_id),
                ("presiding_id", &commune_id),
                ("title", "x"),
                ("deadline", "01/01/2025"),
                ("csrf_token", &coordinator.csrf),
            ]),
        ))
        .await;
    assert!(refused.text.contains("The deadline cannot be before the day the task is assigned."), "{}", refused.text);
}

#[test]
fn every_task_and_document_error_has_a_message_in_both_languages() {
    let codes = [
        "deadline-before-assignment",
        "deadline-after-parent",
        "unit-outside-assigner",
        "percent-range",
        "progress-backwards",
        "extension-after-deadline",
        "extension-not-later",
        "extension-pending",
        "already-decided",
        "task-cancelled",
        "already-completed",
        "no-completion-awaiting",
        "completion-needs-deadline-task",
        "regular-has-no-deadline",
        "edit-conflict",
        "coordinator-is-presiding",
        "leader-not-member",
        "document-number-taken",
        "file-too-large",
        "file-type-forbidden",
        "file-empty",
        "link-format",
        "too-long",
        "task-code-format",
        "working-days-positive",
        "cascade-series",
        "no-units",
        "not-involved",
        "report-on-occurrence",
        "relation-unknown",
        "sort-unknown",
        "period-format",
        "status-unknown",
        "colour-unknown",
        "task-kind-unknown",
        "task-field-unknown",
        "priority-unknown",
        "confidentiality-unknown",
        "document-type-unknown",
        "task-source-unknown",
        "unit-code-unknown",
        "required",
        "date-format",
        "not-found",
        "unit-dissolved",
    ];
    // The arguments the checks attach (file-too-large's limit is added by the pages from max_mb).
    let args = [
        ("value", "x".to_owned()),
        ("max", "100".to_owned()),
        ("limit", "10 MB".to_owned()),
        ("name", "a.exe".to_owned()),
    ];
    for lang in [Lang::Vi, Lang::En] {
        for code in codes {
            let message = field_error_message(lang, "deadline", code, &args);
            // Without a message the page would show "<label>: <code>".
            assert!(!message.ends_with(&format!(": {code}")), "{lang}: no message for {code}: {message}");
        }
        for field in [
            "title",
            "presiding_id",
            "coordinator_ids",
            "leader_id",
            "percent",
            "done",
            "files",
            "links",
            "doc_type",
            "number",
            "as_of",
            "version",
        ] {
            let message = field_error_message(lang, field, "required", &[]);
            assert!(!message.starts_with(field), "{lang}: no label for {field}: {message}");
        }
    }
}

#[tokio::test]
async fn a_coordinating_commune_reports_its_contribution() {
    let h = sqlite().await;
    let coordinator = h.sign_in("tuyenquang.thuongtruc").await;
    let province = h.unit_id("08").await;
    let operator = Actor::Operator { name: "test".into() };
    let communes = h.app.browse_units(&operator, Some(province), Liveness::Live).await.expect("the communes");
    let (own, other) = (communes[0].unit.id.to_string(), communes[1].unit.id.to_string());
    let task = assign(
        &h,
        &coordinator,
        &[
            ("assigner_id", &province.to_string()),
            ("presiding_id", &other),
            ("coordinator_ids", &own),
            ("title", "Liên thông dữ liệu hộ tịch"),
            ("deadline", "31/12/2025"),
        ],
    )
    .await;
    let reporter = h.sign_in("tuyenquang.xa").await;
    let page = h.page(&reporter, &format!("/tasks/{task}")).await;
    assert!(page.text.contains(&format!("<input type=\"hidden\" name=\"unit_id\" value=\"{own}\">")), "{}", page.text);
    let sent = upload(
        &h,
        &reporter,
        &format!("/tasks/{task}/progress"),
        &[("unit_id", &own), ("done", "Đã cung cấp dữ liệu")],
        &[],
    )
    .await;
    location(&sent);
    let page = h.page(&coordinator, &format!("/tasks/{task}")).await;
    assert!(
        page.text.contains("Báo cáo kết quả phối hợp") && page.text.contains("Đã cung cấp dữ liệu"),
        "{}",
        page.text
    );
}
