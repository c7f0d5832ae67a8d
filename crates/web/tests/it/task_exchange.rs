//! Tasks in and out of spreadsheets, over the pages and the API: the annex template reads back, a bad
//! annex is refused with every problem in a table (page) or a problem document (API) and writes
//! nothing, a good one assigns every row, and exports of a filtered list carry Vietnamese (or English)
//! headers, words and real dates.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use jiff::civil::date;
use nqtrack_app::demo::DEMO_PASSWORD;
use nqtrack_app::{DocumentInput, colour_word, field_word, status_word};
use nqtrack_domain::policy::Actor;
use nqtrack_domain::status::{Colour, Status};
use nqtrack_domain::task::Field;
use nqtrack_office::export::{Cell, Sheet, write_xlsx};
use nqtrack_office::table::{Table, TableFormat, read_table};
use nqtrack_office::tasks::read_task_rows;
use nqtrack_web::i18n::{Lang, field_error_message, tr};
use tower::ServiceExt as _;

use crate::support::{Harness, postgres, sqlite};

const BOUNDARY: &str = "nqtrack-annex-boundary";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An answer with its body as bytes: exports are binary.
struct Download {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl Download {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

/// Who sends a request: a bearer token (API clients; pages accept it too), or a browser session with its
/// cookie and CSRF token.
enum Auth<'a> {
    Token(&'a str),
    Session { cookie: &'a str },
}

async fn send(h: &Harness, method: Method, uri: &str, auth: &Auth<'_>, body: Option<Vec<u8>>) -> Download {
    let mut request = Request::builder().method(method).uri(uri);
    request = match auth {
        Auth::Token(token) => request.header(header::AUTHORIZATION, format!("Bearer {token}")),
        Auth::Session { cookie } => request.header(header::COOKIE, *cookie),
    };
    let body = match body {
        Some(bytes) => {
            request = request.header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
            Body::from(bytes)
        }
        None => Body::empty(),
    };
    let response = h.router.clone().oneshot(request.body(body).expect("a request")).await.expect("an answer");
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.expect("the body").to_bytes().to_vec();
    Download { status, headers, bytes }
}

/// A `multipart/form-data` body: text parts, then the file as the part `file`.
fn multipart(texts: &[(&str, &str)], file_name: &str, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    body.extend(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\r\n")
            .bytes(),
    );
    body.extend_from_slice(file);
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").bytes());
    body
}

/// An annex with Excel date cells: code, title, presiding code, deadline, field.
fn annex(rows: &[(&str, &str, &str, jiff::civil::Date, &str)]) -> Vec<u8> {
    let headers = ["Mã nhiệm vụ", "Tên nhiệm vụ", "Mã đơn vị chủ trì", "Thời hạn", "Lĩnh vực"];
    let rows = rows
        .iter()
        .map(|(code, title, presiding, deadline, field)| {
            let text = |value: &str| Cell::Text(value.to_owned());
            vec![text(code), text(title), text(presiding), Cell::Date(*deadline), text(field)]
        })
        .collect();
    let sheet = Sheet { title: "Phụ lục".into(), headers: headers.map(str::to_owned).to_vec(), rows };
    write_xlsx(&sheet).expect("write the annex")
}

fn read_back(download: &Download, format: TableFormat) -> Table {
    read_table(&download.bytes, format).unwrap_or_else(|e| panic!("unreadable download: {e}"))
}

/// The cells of a table's data rows.
fn cells(table: &Table) -> Vec<Vec<&str>> {
    table.rows.iter().map(|row| row.cells.iter().map(String::as_str).collect()).collect()
}

async fn import_and_export(h: Harness) {
    let operator = Actor::Operator { name: "test".into() };
    let province = h.unit_id("08").await;
    let details = h.app.unit_details(&operator, province).await.expect("the province");
    let commune = details.children.first().expect("a commune").unit.code.clone();
    let document = h
        .app
        .create_document(
            &operator,
            DocumentInput {
                doc_type: "plan".into(),
                number: "99/KH-UBND".into(),
                issued_on: "10/09/2025".into(),
                issuer_id: Some(province),
                title: "Kế hoạch thử nghiệm nhập phụ lục".into(),
                ..DocumentInput::default()
            },
        )
        .await
        .expect("a document")
        .id;
    let token = h.token("tuyenquang.thuongtruc").await;
    let token = Auth::Token(&token);
    let (province_text, document_text) = (province.to_string(), document.to_string());
    let form = [("assigner_id", province_text.as_str()), ("document_id", document_text.as_str())];
    let list = format!("unit_id={province}&document_id={document}");

    // The template is an XLSX that the importer reads: its example row comes back.
    for uri in ["/tasks/import/template.xlsx", "/api/v1/tasks/import/template.xlsx"] {
        let template = send(&h, Method::GET, uri, &token, None).await;
        assert_eq!(template.status, StatusCode::OK, "{uri}: {}", template.text());
        assert_eq!(template.header(header::CONTENT_TYPE), XLSX);
        assert!(template.header(header::CONTENT_DISPOSITION).contains("filename*=UTF-8''M%E1%BA%ABu%20ph%E1%BB%A5"));
        assert!(template.bytes.starts_with(b"PK"), "a zip archive");
        let read = read_task_rows(&read_back(&template, TableFormat::Xlsx)).expect("the template's columns");
        assert_eq!(read.rows.len(), 1, "the example row");
        assert_eq!(read.rows[0].presiding_code, "00700", "codes kept as text");
    }

    // The page: a bad annex comes back with every problem in a table, and nothing is written.
    let bad = format!(
        "Mã nhiệm vụ;Tên nhiệm vụ;Mã đơn vị chủ trì;Thời hạn\n\
         TQ-X-1;Việc đúng;{commune};15/12/2025\n\
         TQ-X-2;Đơn vị không có;99999;15/12/2025\n\
         TQ-X-3;Ngày không có thật;{commune};31/02/2026\n"
    );
    let page =
        send(&h, Method::POST, "/tasks/import", &token, Some(multipart(&form, "phu-luc.csv", bad.as_bytes()))).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.text());
    let text = page.text();
    for expected in ["<td>3</td>", "C (Mã đơn vị chủ trì)", "“99999”", "<td>4</td>", "D (Thời hạn)", "Tệp có 2 lỗi"]
    {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    let empty = send(&h, Method::GET, &format!("/tasks/export.csv?{list}"), &token, None).await;
    assert_eq!(empty.text().lines().count(), 1, "only the header: {}", empty.text());

    // A good annex from a browser session, with the form's CSRF token.
    let session = h.login("tuyenquang.thuongtruc", DEMO_PASSWORD).await.expect("log in");
    let cookie = format!("nqtrack_session={}", session.token);
    let browser = Auth::Session { cookie: &cookie };
    let form_page = send(&h, Method::GET, "/tasks/import", &browser, None).await;
    assert!(form_page.text().contains("/tasks/import/template.xlsx"), "{}", form_page.text());
    let good = annex(&[
        ("TQ-X-1", "Triển khai chính quyền số", &commune, date(2025, 12, 15), "Chính quyền số"),
        ("TQ-X-2", "Chuẩn hóa dữ liệu dân cư", &commune, date(2025, 10, 31), "Dữ liệu"),
    ]);
    let uri = format!("/tasks/import?csrf_token={}", session.session.csrf_token);
    let page = send(&h, Method::POST, &uri, &browser, Some(multipart(&form, "phu-luc.xlsx", &good))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(page.text().contains("Đã giao 2 nhiệm vụ từ tệp."), "{}", page.text());

    // The export of a filtered list: Vietnamese headers and words, real date cells, a dated name.
    let xlsx =
        send(&h, Method::GET, &format!("/tasks/export.xlsx?{list}&field=digital_government"), &token, None).await;
    assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.text());
    assert_eq!(xlsx.header(header::CONTENT_TYPE), XLSX);
    assert!(xlsx.header(header::CONTENT_DISPOSITION).contains("filename=\"nhiem-vu-08-2025-09-15.xlsx\""));
    let table = read_back(&xlsx, TableFormat::Xlsx);
    assert_eq!(
        table.header,
        [
            "STT",
            "Mã nhiệm vụ",
            "Tên nhiệm vụ",
            "Đơn vị giao",
            "Đơn vị chủ trì",
            "Văn bản",
            "Thời hạn",
            "Trạng thái",
            "Màu",
            "Tiến độ (%)",
            "Ngày hoàn thành",
            "Lĩnh vực",
            "Lãnh đạo phụ trách"
        ]
    );
    let rows = cells(&table);
    let [row] = &rows[..] else { panic!("one task has the field: {rows:?}") };
    assert_eq!(row[1..3], ["TQ-X-1", "Triển khai chính quyền số"]);
    assert_eq!(row[5], "99/KH-UBND");
    // A date cell reads back as an ISO date; text would read back as typed.
    assert_eq!(row[6], "2025-12-15", "a real date cell");
    assert_eq!(row[7..10], ["Đang thực hiện trong hạn", "Xanh", "0"]);
    assert_eq!(row[11], "Chính quyền số");

    // The CSV, in English: a byte order mark for Excel and dd/mm/yyyy dates.
    let csv = send(&h, Method::GET, &format!("/tasks/export.csv?{list}&sort=code&lang=en"), &token, None).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text());
    assert!(csv.header(header::CONTENT_TYPE).starts_with("text/csv"));
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "a byte order mark");
    let text = csv.text();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert!(
        lines[0].starts_with("No.,Task code,Task,Assigning unit,Presiding unit,Document,Deadline,Status"),
        "{text}"
    );
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].contains(",15/12/2025,In progress within deadline,Green,") && lines[2].contains(",31/10/2025,"),
        "{text}"
    );

    // The API: the same export, the same import with a problem document, and the same permissions.
    let api_csv = send(&h, Method::GET, &format!("/api/v1/tasks/export.csv?{list}"), &token, None).await;
    assert_eq!(api_csv.status, StatusCode::OK, "{}", api_csv.text());
    assert!(api_csv.text().contains("TQ-X-2"));
    let taken = send(&h, Method::POST, "/api/v1/tasks/import", &token, Some(multipart(&form, "a.xlsx", &good))).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", taken.text());
    assert_eq!(taken.header(header::CONTENT_TYPE), "application/problem+json");
    let problem: serde_json::Value = serde_json::from_slice(&taken.bytes).expect("JSON");
    let errors: Vec<(u64, &str, &str)> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| (e["row"].as_u64().unwrap_or(0), e["field"].as_str().unwrap_or(""), e["code"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(errors, [(2, "code", "task-code-taken"), (3, "code", "task-code-taken")], "{problem}");
    let fresh = annex(&[("TQ-X-9", "Nhiệm vụ qua API", &commune, date(2025, 11, 30), "Khác")]);
    let created =
        send(&h, Method::POST, "/api/v1/tasks/import", &token, Some(multipart(&form, "b.xlsx", &fresh))).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&created.bytes).expect("JSON")["created"], 1);
    let hanoi = h.token("hanoi.thuongtruc").await;
    let foreign = annex(&[("HN-X-1", "Không được phép", &commune, date(2025, 11, 30), "Khác")]);
    let denied = send(
        &h,
        Method::POST,
        "/api/v1/tasks/import",
        &Auth::Token(&hanoi),
        Some(multipart(&form, "c.xlsx", &foreign)),
    )
    .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.text());
    let missing = send(&h, Method::POST, "/api/v1/tasks/import", &token, Some(multipart(&[], "d.xlsx", &fresh))).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", missing.text());
    assert!(missing.text().contains("assigner_id"), "{}", missing.text());
}

#[tokio::test]
async fn import_and_export_on_sqlite() {
    import_and_export(sqlite().await).await;
}

#[tokio::test]
async fn import_and_export_on_postgres() {
    if let Some(h) = postgres().await {
        import_and_export(h).await;
    }
}

/// The export writes statuses, colours and fields with the words of the task pages.
#[test]
fn export_words_are_the_pages_words() {
    for lang in Lang::ALL {
        for status in Status::ALL {
            assert_eq!(status_word(*status, lang.code()), tr(lang, &format!("task-status-{status}")), "{lang}");
        }
        for colour in Colour::ALL {
            assert_eq!(colour_word(*colour, lang.code()), tr(lang, &format!("task-colour-{colour}")), "{lang}");
        }
        for field in Field::ALL {
            assert_eq!(field_word(*field, lang.code()), tr(lang, &format!("task-field-{field}")), "{lang}");
        }
    }
}

#[test]
fn import_problems_speak_both_languages() {
    let cases: [ExportCase; 6] = [
        ("leader", "leader-unknown", &[("value", "Người Không Có")]),
        ("presiding", "unit-code-number", &[]),
        ("presiding", "unit-code-unknown", &[("value", "99999")]),
        ("code", "task-code-in-file", &[("value", "TQ-1"), ("row", "2")]),
        ("code", "task-code-taken", &[("value", "TQ-1")]),
        ("export", "export-too-many-rows", &[("count", "100001"), ("limit", "100000")]),
    ];
    for lang in Lang::ALL {
        for (field, code, args) in cases {
            let args: Vec<(&'static str, String)> = args.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
            let message = field_error_message(lang, field, code, &args);
            assert!(!message.contains(code), "{lang}: {code} has no message: {message}");
            for (_, value) in &args {
                assert!(message.contains(value.as_str()), "{lang}: {message} does not say {value}");
            }
        }
        for key in
            ["task-import-title", "task-import-help", "task-import-template", "field-presiding", "field-coordinating"]
        {
            assert_ne!(tr(lang, key), key, "{lang}: {key}");
        }
    }
    assert_eq!(field_error_message(Lang::Vi, "presiding", "required", &[]), "Mã đơn vị chủ trì không được để trống.");
}

/// A query, its expected file name part, and the header/value pairs to find.
type ExportCase<'a> = (&'a str, &'a str, &'a [(&'static str, &'a str)]);
