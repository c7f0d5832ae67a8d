//! Importing a plan's task annex: a valid file assigns every row (codes, units, leader, document), a file
//! with bad rows writes nothing and names every bad cell by row and column letter, and only those who
//! manage the assigner's tasks may import.

use jiff::civil::date;
use nqtrack_app::{AppError, CompletionInput, DocumentInput, ImportReport, MemberInput, TaskListQuery};
use nqtrack_domain::policy::Actor;
use nqtrack_domain::task::{TaskKind, TaskSource};
use nqtrack_office::export::{Cell, Sheet, write_xlsx};
use nqtrack_store::{Task, Unit};
use uuid::Uuid;

use crate::support::{Harness, assert_denied};

/// Province 04 has no demo tasks, so every count below is the test's own.
const PROVINCE: &str = "04";

/// Columns A to I of the test annexes: the template's headers, a few of them in other accepted spellings.
const HEADERS: [&str; 9] = [
    "STT",
    "Mã nhiệm vụ",
    "Tên nhiệm vụ (*)",
    "Mã đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Loại nhiệm vụ",
    "Thời hạn",
    "Lĩnh vực",
    "Lãnh đạo phụ trách",
];

fn text(value: &str) -> Cell {
    if value.is_empty() { Cell::Empty } else { Cell::Text(value.to_owned()) }
}

/// One annex row: code, title, presiding, coordinating, kind, deadline, field, leader.
#[allow(clippy::too_many_arguments)] // one argument per column keeps the rows below readable as a table
fn row(
    number: i64,
    code: &str,
    title: &str,
    presiding: Cell,
    coordinating: &str,
    kind: &str,
    deadline: Cell,
    leader: &str,
) -> Vec<Cell> {
    vec![
        Cell::Integer(number),
        text(code),
        text(title),
        presiding,
        text(coordinating),
        text(kind),
        deadline,
        text("Chính phủ số"),
        text(leader),
    ]
}

fn annex(rows: Vec<Vec<Cell>>) -> Vec<u8> {
    let sheet = Sheet { title: "Phụ lục".into(), headers: HEADERS.map(str::to_owned).to_vec(), rows };
    write_xlsx(&sheet).expect("write the annex")
}

struct Setup {
    province: Unit,
    communes: Vec<Unit>,
    coordinator: Actor,
    /// The head of the province's steering committee.
    leader: Uuid,
}

async fn setup(h: &Harness) -> Setup {
    let province = h.unit(PROVINCE).await;
    h.add_user("caobang.thuongtruc", &province, "coordinator").await;
    let member = MemberInput {
        body: "committee".into(),
        role: "head".into(),
        person_name: "Nguyễn Văn An".into(),
        position: "Bí thư Tỉnh ủy".into(),
        ..MemberInput::default()
    };
    let leader = h.app.add_committee_member(&h.operator, province.id, member).await.expect("a committee head").id;
    Setup { communes: h.communes(PROVINCE).await, coordinator: h.actor("caobang.thuongtruc").await, province, leader }
}

/// How many tasks the province has assigned, as its coordinator sees them.
async fn assigned(h: &Harness, s: &Setup) -> i64 {
    let query = TaskListQuery { unit_id: Some(s.province.id), relation: "assigned".into(), ..Default::default() };
    h.app.list_tasks(&s.coordinator, &query).await.expect("the province's list").total
}

async fn stored(h: &Harness, code: &str) -> (Task, Vec<Unit>) {
    let mut tx = h.app.store().read().await.expect("read");
    let task = tx.task_by_code(code).await.expect("read task").unwrap_or_else(|| panic!("no task {code}"));
    let coordinators = tx.task_coordinators(task.id).await.expect("read coordinators");
    (task, coordinators)
}

async fn a_valid_annex_assigns_every_row(h: Harness) {
    let s = setup(&h).await;
    let document = h
        .app
        .create_document(
            &s.coordinator,
            DocumentInput {
                doc_type: "Kế hoạch".into(),
                number: "45/KH-UBND".into(),
                issued_on: "20/11/2026".into(),
                issuer_id: Some(s.province.id),
                title: "Kế hoạch thực hiện Nghị quyết 57-NQ/TW".into(),
                ..DocumentInput::default()
            },
        )
        .await
        .expect("document");
    let [first, second, third, ..] = &s.communes[..] else { panic!("the province has communes") };
    let file = annex(vec![
        row(
            1,
            "CB-57-001",
            "Thành lập Ban Chỉ đạo cấp xã về chuyển đổi số",
            text(&first.code),
            &format!("{}; {}", second.code, third.code),
            "Có thời hạn",
            Cell::Date(date(2026, 12, 15)),
            // Without diacritics, as often typed: still the committee's head.
            "nguyen van an",
        ),
        row(2, "", "Duy trì cổng dữ liệu mở của tỉnh", text(PROVINCE), "", "Thường xuyên", Cell::Empty, ""),
        row(3, "cb-57-003", "Số hóa hồ sơ một cửa", text(&second.code), "", "", text("31/12/2026"), ""),
    ]);
    let before = h.audit_seq().await;

    let report = h
        .app
        .import_tasks(&s.coordinator, s.province.id, Some(document.id), "phu-luc.xlsx", &file)
        .await
        .expect("a valid annex is imported");
    assert_eq!(report, ImportReport { created: 3, problems: Vec::new() });
    assert_eq!(assigned(&h, &s).await, 3);
    assert_eq!(h.audit_seq().await, before + 3, "one audit entry per task, as when typed in the form");

    let (task, coordinators) = stored(&h, "CB-57-001").await;
    assert_eq!((task.presiding_id, task.assigner_id), (first.id, s.province.id));
    assert_eq!(task.deadline, Some(date(2026, 12, 15)), "an Excel date cell");
    assert_eq!((task.document_id, task.source), (Some(document.id), TaskSource::Document));
    let mut coordinating: Vec<_> = coordinators.iter().map(|u| u.id).collect();
    coordinating.sort();
    let mut expected = vec![second.id, third.id];
    expected.sort();
    assert_eq!(coordinating, expected);
    assert_eq!(task.leader_id, Some(s.leader));

    let (regular, _) = stored(&h, "04-2026-001").await;
    assert_eq!(regular.kind, TaskKind::Regular, "a row without a code gets one made like the form's");
    assert_eq!(regular.deadline, None);
    let (typed, _) = stored(&h, "CB-57-003").await;
    assert_eq!((typed.kind, typed.deadline), (TaskKind::Deadline, Some(date(2026, 12, 31))));
}

async fn bad_rows_are_all_named_and_nothing_is_written(h: Harness) {
    let s = setup(&h).await;
    let commune = s.communes[0].code.clone();
    let deadline = || Cell::Date(date(2026, 12, 15));
    let file = annex(vec![
        row(1, "CB-1", "Một nhiệm vụ đúng", text(&commune), "", "", deadline(), ""),
        row(2, "CB-2", "Đơn vị không có", text("99999"), "", "", deadline(), ""),
        row(3, "CB-3", "Ngày không có thật", text(&commune), "", "", text("31/02/2027"), ""),
        row(4, "CB-4", "Hạn trước ngày giao", text(&commune), "", "", text("01/01/2026"), ""),
        row(5, "CB-5", "", text(&commune), "", "", deadline(), ""),
        row(6, "cb-1", "Mã trùng trong tệp", text(&commune), "", "", deadline(), ""),
        row(7, "CB-7", "Lãnh đạo không có", text(&commune), "", "", deadline(), "Người Không Có"),
        // Excel turned a typed code into a number in a General cell: its leading zeros may be gone.
        row(8, "CB-8", "Mã đơn vị là số", Cell::Number(700.0), &format!("{commune}; 88888"), "", deadline(), ""),
    ]);
    let (tasks_before, audit_before) = (assigned(&h, &s).await, h.audit_seq().await);

    let result = h.app.import_tasks(&s.coordinator, s.province.id, None, "phu-luc.xlsx", &file).await;
    let Err(AppError::ImportRejected(report)) = result else { panic!("expected a rejection, got {result:?}") };
    let found: Vec<(usize, &str, &str, Option<&str>)> = report
        .problems
        .iter()
        .map(|p| {
            let letter = p.args.iter().find(|(name, _)| *name == "column").map(|(_, letter)| letter.as_str());
            (p.row, p.column.as_str(), p.code, letter)
        })
        .collect();
    assert_eq!(
        found,
        [
            (3, "presiding", "unit-code-unknown", Some("D")),
            (4, "deadline", "date-format", Some("G")),
            (5, "deadline", "deadline-before-assignment", Some("G")),
            (6, "title", "required", Some("C")),
            (7, "code", "task-code-in-file", Some("B")),
            (8, "leader", "leader-unknown", Some("I")),
            (9, "presiding", "unit-code-number", Some("D")),
            (9, "coordinating", "unit-code-unknown", Some("E")),
        ],
        "{report:?}"
    );
    let unknown = &report.problems[0];
    assert!(unknown.args.contains(&("value", "99999".to_owned())), "names the code: {unknown:?}");
    assert!(unknown.args.contains(&("header", "Mã đơn vị chủ trì".to_owned())), "and the header: {unknown:?}");
    assert!(report.problems[4].args.contains(&("row", "2".to_owned())), "points at the first row with the code");
    assert_eq!(report.created, 0);
    assert_eq!(assigned(&h, &s).await, tasks_before, "the good row was not written either");
    assert_eq!(h.audit_seq().await, audit_before, "nor audited");

    // The good row alone goes in, with the code the rejected file could not take.
    let file = annex(vec![row(1, "CB-1", "Một nhiệm vụ đúng", text(&commune), "", "", deadline(), "")]);
    let report = h.app.import_tasks(&s.coordinator, s.province.id, None, "", &file).await.expect("import");
    assert_eq!(report.created, 1);
    // A code already used is named too.
    let again = h.app.import_tasks(&s.coordinator, s.province.id, None, "", &file).await;
    let Err(AppError::ImportRejected(report)) = again else { panic!("expected a rejection, got {again:?}") };
    assert_eq!(
        report.problems.iter().map(|p| (p.row, p.column.as_str(), p.code)).collect::<Vec<_>>(),
        [(2, "code", "task-code-taken")]
    );
}

async fn a_file_without_the_required_columns_is_refused_as_a_whole(h: Harness) {
    let s = setup(&h).await;
    let csv = "STT;Nội dung\n1;Không có tên và đơn vị chủ trì\n";
    let result = h.app.import_tasks(&s.coordinator, s.province.id, None, "phu-luc.csv", csv.as_bytes()).await;
    let Err(AppError::ImportRejected(report)) = result else { panic!("expected a rejection, got {result:?}") };
    let found: Vec<_> = report.problems.iter().map(|p| (p.row, p.column.as_str(), p.code)).collect();
    assert_eq!(found, [(1, "title", "missing-column"), (1, "presiding", "missing-column")]);
    let not_a_table = h.app.import_tasks(&s.coordinator, s.province.id, None, "phu-luc.xls", b"\xD0\xCF\x11\xE0").await;
    let Err(AppError::ImportRejected(report)) = not_a_table else { panic!("expected a rejection") };
    assert_eq!(report.problems[0].code, "file-type");
}

async fn only_those_who_manage_the_assigners_tasks_may_import(h: Harness) {
    let s = setup(&h).await;
    let commune = &s.communes[0];
    let file = annex(vec![row(1, "", "Nhiệm vụ", text(&commune.code), "", "", Cell::Date(date(2026, 12, 15)), "")]);
    // A commune's reporter, and another province's coordinator.
    h.add_user("xa.baocao", commune, "reporter").await;
    let reporter = h.actor("xa.baocao").await;
    let before = h.audit_seq().await;
    assert_denied(h.app.import_tasks(&reporter, s.province.id, None, "", &file).await);
    let other = h.actor("tuyenquang.thuongtruc").await;
    assert_denied(h.app.import_tasks(&other, s.province.id, None, "", &file).await);
    // Refused even when the file is empty of rows: the right is checked before the rows.
    let empty = annex(Vec::new());
    assert_denied(h.app.import_tasks(&other, s.province.id, None, "", &empty).await);
    assert_eq!(assigned(&h, &s).await, 0);
    assert_eq!(h.audit_seq().await, before);
}

async fn an_export_holds_the_filtered_list_in_words_and_dates(h: Harness) {
    let s = setup(&h).await;
    let commune = s.communes[0].code.clone();
    let file = annex(vec![
        row(1, "CB-E-1", "Số hóa hồ sơ", text(&commune), "", "", Cell::Date(date(2026, 12, 15)), "Nguyễn Văn An"),
        row(2, "CB-E-2", "Cổng dữ liệu mở", text(PROVINCE), "", "", Cell::Date(date(2027, 3, 31)), ""),
    ]);
    h.app.import_tasks(&s.coordinator, s.province.id, None, "", &file).await.expect("import");
    let (done, _) = stored(&h, "CB-E-1").await;
    let completion =
        CompletionInput { product: "Quyết định số 12/QĐ-UBND".into(), ..CompletionInput::default() };
    h.app.report_completion(&h.operator, done.id, completion).await.expect("completion");

    let query = TaskListQuery {
        unit_id: Some(s.province.id),
        relation: "assigned".into(),
        sort: "code".into(),
        ..Default::default()
    };
    let export = h.app.export_tasks(&s.coordinator, &query, "en").await.expect("export");
    assert_eq!(export.file_name("xlsx"), "nhiem-vu-04-2026-11-22.xlsx");
    assert_eq!(export.sheet.title, "Cao Bằng as of 22/11/2026");
    assert_eq!(export.sheet.headers[..3], ["No.", "Task code", "Task"]);
    let [first, second] = &export.sheet.rows[..] else { panic!("two tasks: {:?}", export.sheet.rows) };
    let today = h.today();
    assert_eq!(first[1], Cell::Text("CB-E-1".into()));
    assert_eq!(
        first[6..11],
        [
            Cell::Date(date(2026, 12, 15)),
            Cell::Text("Completed on time".into()),
            Cell::Text("Green".into()),
            Cell::Integer(100),
            Cell::Date(today),
        ]
    );
    assert_eq!(first[12], Cell::Text("Nguyễn Văn An".into()));
    assert_eq!(second[7..9], [Cell::Text("In progress within deadline".into()), Cell::Text("Green".into())]);
    assert_eq!(second[10], Cell::Empty, "not completed");

    // Filtered by status, in Vietnamese; as of a day before the completion, nothing was completed.
    let completed = TaskListQuery { status: "completed_on_time".into(), ..query.clone() };
    let export = h.app.export_tasks(&s.coordinator, &completed, "vi").await.expect("export");
    assert_eq!(export.sheet.title, "04 tính đến ngày 22/11/2026", "the name is too long for a sheet tab");
    assert_eq!(export.sheet.rows.len(), 1);
    assert_eq!(export.sheet.rows[0][7], Cell::Text("Hoàn thành đúng hạn".into()));
    let before = TaskListQuery { as_of: "21/11/2026".into(), ..completed };
    assert!(h.app.export_tasks(&s.coordinator, &before, "vi").await.expect("export").sheet.rows.is_empty());
    // Only those who may see the unit's tasks may export them.
    let other = h.actor("tuyenquang.thuongtruc").await;
    assert_denied(h.app.export_tasks(&other, &query, "vi").await);
}

both!(
    a_valid_annex_assigns_every_row,
    bad_rows_are_all_named_and_nothing_is_written,
    a_file_without_the_required_columns_is_refused_as_a_whole,
    only_those_who_manage_the_assigners_tasks_may_import,
    an_export_holds_the_filtered_list_in_words_and_dates,
);
