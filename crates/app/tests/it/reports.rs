//! Period reports and person scorecards end to end: a small province scenario whose every number is
//! known (3 tasks completed on time, 1 late, 2 overdue, 2 of them assigned after the last report), the
//! prose and lists built from it, a closing freezing it, scope, "no data", and the DOCX's XML.

use std::io::Read;

use jiff::SignedDuration;
use jiff::civil::date;
use nqtrack_app::{CompletionInput, MemberInput, PeriodReport, ProgressInput, TaskInput};
use nqtrack_domain::policy::Actor;
use nqtrack_store::Unit;

use crate::support::{Harness, assert_denied, assert_invalid};

/// Province 04 has no demo tasks, so every count below is the scenario's own.
const PROVINCE: &str = "04";

struct Scenario {
    province: Unit,
    coordinator: Actor,
}

fn advance_days(h: &Harness, days: i64) {
    h.app.clock().advance(SignedDuration::from_hours(24 * days));
}

fn task(title: &str, assigner: &Unit, presiding: &Unit, deadline: &str, leader_id: Option<uuid::Uuid>) -> TaskInput {
    TaskInput {
        title: title.into(),
        assigner_id: Some(assigner.id),
        presiding_id: Some(presiding.id),
        deadline: deadline.into(),
        product: "Báo cáo kết quả".into(),
        field: "Chính phủ số".into(),
        leader_id,
        ..TaskInput::default()
    }
}

async fn complete(h: &Harness, id: uuid::Uuid) {
    let input = CompletionInput { product: "Đã hoàn thành".into(), ..CompletionInput::default() };
    h.app.report_completion(&h.operator, id, input).await.expect("completion");
}

/// From 22/11/2026: four tasks assigned, two more on 02/12, one late completion on 03/12, three on-time
/// completions on 05/12; the clock ends on 05/01/2027, so two tasks are overdue at 31/12.
async fn scenario(h: &Harness) -> Scenario {
    let province = h.unit(PROVINCE).await;
    h.add_user("caobang.thuongtruc", &province, "coordinator").await;
    let coordinator = h.actor("caobang.thuongtruc").await;
    let commune = h.communes(PROVINCE).await.into_iter().next().expect("a commune");
    let leader = h
        .app
        .add_committee_member(
            &h.operator,
            province.id,
            MemberInput {
                body: "committee".into(),
                role: "head".into(),
                person_name: "Nguyễn Văn Bình".into(),
                position: "Chủ tịch UBND tỉnh".into(),
                ..MemberInput::default()
            },
        )
        .await
        .expect("a leader");
    let assign = |input: TaskInput| {
        let coordinator = coordinator.clone();
        async move { h.app.assign_task(&coordinator, input).await.expect("assign") }
    };
    let a = assign(task("Xây dựng kho dữ liệu dùng chung", &province, &province, "10/12/2026", Some(leader.id))).await;
    let b = assign(task("Số hóa hồ sơ hộ tịch", &province, &commune, "10/12/2026", Some(leader.id))).await;
    let d = assign(task("Ban hành kế hoạch chuyển đổi số", &province, &commune, "01/12/2026", Some(leader.id))).await;
    let _e = assign(task("Triển khai chữ ký số", &province, &commune, "05/12/2026", Some(leader.id))).await;
    advance_days(h, 10); // 02/12
    let c = assign(task("Đào tạo kỹ năng số", &province, &province, "10/12/2026", None)).await;
    let _f = assign(task("Kết nối cơ sở dữ liệu dân cư", &province, &commune, "05/12/2026", None)).await;
    let notes = ProgressInput {
        percent: Some(50),
        done: "Đã khảo sát hiện trạng".into(),
        difficulties: "Thiếu kinh phí đầu tư hạ tầng".into(),
        proposals: "Đề nghị bổ sung kinh phí năm 2027".into(),
        ..ProgressInput::default()
    };
    h.app.report_progress(&h.operator, a.id, notes).await.expect("progress");
    advance_days(h, 1); // 03/12
    complete(h, d.id).await;
    advance_days(h, 2); // 05/12
    for id in [a.id, b.id, c.id] {
        complete(h, id).await;
    }
    advance_days(h, 31); // 05/01/2027
    Scenario { province, coordinator }
}

async fn report(h: &Harness, s: &Scenario, period: &str) -> PeriodReport {
    h.app.period_report(&s.coordinator, s.province.id, period, "", "").await.expect("report")
}

async fn numbers_and_words_are_right(h: Harness) {
    let s = scenario(&h).await;
    let report = report(&h, &s, "2026-12").await;
    assert_eq!(report.as_of, date(2026, 12, 31));
    assert_eq!(report.period.label, "tháng 12 năm 2026");
    let tasks = report.tasks.expect("tasks counted");
    assert_eq!(
        (tasks.total, tasks.completed_on_time, tasks.completed_late, tasks.in_progress, tasks.overdue),
        (6, 3, 1, 0, 2)
    );
    assert_eq!((report.previous.as_of, report.previous.tasks.map(|t| t.total)), (date(2026, 11, 30), Some(4)));
    assert_eq!(
        report.tasks_text,
        "Tổng số 6 nhiệm vụ, tăng 2 nhiệm vụ so với báo cáo ngày 30/11/2026; trong đó: 4 nhiệm vụ đã hoàn thành \
         (3 đúng hạn, 1 quá hạn), 0 nhiệm vụ đang thực hiện trong hạn, 2 nhiệm vụ quá hạn chưa hoàn thành."
    );
    assert_eq!(
        report.changes_text,
        "So với báo cáo ngày 30/11/2026: số nhiệm vụ đã hoàn thành tăng 4, số nhiệm vụ đang thực hiện trong hạn \
         giảm 4, số nhiệm vụ quá hạn tăng 2."
    );
    assert_eq!(report.on_time_rate, Some(50.0), "3 on time of 6 with a known outcome");
    assert_eq!(report.completed.total, 4);
    let late: Vec<_> = report.completed.rows.iter().filter(|r| r.on_time == Some(false)).map(|r| &r.title).collect();
    assert_eq!(late, ["Ban hành kế hoạch chuyển đổi số"]);
    let overdue: Vec<_> = report
        .overdue
        .rows
        .iter()
        .map(|r| (r.title.as_str(), r.presiding_name == s.province.name, r.deadline, r.days_overdue))
        .collect();
    assert_eq!(
        overdue,
        [
            ("Triển khai chữ ký số", false, Some(date(2026, 12, 5)), Some(26)),
            ("Kết nối cơ sở dữ liệu dân cư", false, Some(date(2026, 12, 5)), Some(26)),
        ]
    );
    let difficulties: Vec<_> = report.difficulties.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(difficulties, ["Thiếu kinh phí đầu tư hạ tầng"]);
    let proposals: Vec<_> = report.proposals.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(proposals, ["Đề nghị bổ sung kinh phí năm 2027"]);

    // The quarter compares with the end of Q3, when nothing had been assigned yet: no data then.
    let quarter = self::report(&h, &s, "2026-Q4").await;
    assert_eq!((quarter.previous.as_of, quarter.previous.tasks), (date(2026, 9, 30), None));
    assert!(quarter.tasks_text.starts_with("Tổng số 6 nhiệm vụ; trong đó:"), "{}", quarter.tasks_text);

    // Person scorecards: the leader's four tasks (3 done, one of them late; 1 overdue), then the rest.
    let people = h.app.person_scorecards(&s.coordinator, s.province.id, "31/12/2026").await.expect("people");
    let rows: Vec<_> = people.rows.iter().map(|r| (r.name.as_str(), r.tasks.total, r.on_time_rate)).collect();
    assert_eq!(rows, [("Nguyễn Văn Bình", 4, Some(50.0)), (nqtrack_app::NO_LEADER, 2, Some(50.0))]);
}

async fn outside_scope_and_bad_input_are_refused(h: Harness) {
    let s = scenario(&h).await;
    let other = h.actor("tuyenquang.thuongtruc").await;
    assert_denied(h.app.period_report(&other, s.province.id, "2026-12", "", "").await);
    assert_denied(h.app.period_report_docx(&other, s.province.id, "2026-12", "", "").await);
    assert_denied(h.app.person_scorecards(&other, s.province.id, "").await);
    let unit = s.province.id;
    assert_invalid(h.app.period_report(&s.coordinator, unit, "2026-Q5", "", "").await, &[("period", "period-format")]);
    assert_invalid(
        h.app.period_report(&s.coordinator, unit, "", "15/08/2026", "01/07/2026").await,
        &[("to", "period-range-order")],
    );
    assert_invalid(
        h.app.period_report(&s.coordinator, unit, "2027-Q2", "", "").await,
        &[("period", "period-not-started")],
    );
    assert_invalid(h.app.person_scorecards(&s.coordinator, unit, "31-12-2026").await, &[("as_of", "date-format")]);
}

async fn a_period_without_data_says_so(h: Harness) {
    let s = scenario(&h).await;
    let report = report(&h, &s, "2026-01").await;
    assert_eq!((report.tasks, report.on_time_rate), (None, None));
    assert_eq!(report.tasks_text, "Chưa có số liệu về nhiệm vụ đến ngày 31/01/2026.");
    let text = document_xml(
        &h.app.period_report_docx(&s.coordinator, s.province.id, "2026-01", "", "").await.expect("docx").bytes,
    );
    assert!(text.contains("Chưa có số liệu"), "no data is written out");
    assert!(!text.contains("Tổng số 0"), "never as zero");
}

async fn a_closed_period_reads_the_same_later(h: Harness) {
    let s = scenario(&h).await;
    let before = report(&h, &s, "2026-Q4").await;
    assert_eq!(before.frozen, None);
    h.app.close_period(&h.operator, s.province.id, "2026-Q4").await.expect("close Q4");
    // A task recorded afterwards as if assigned on 15/12: the live figures change, the closed ones not.
    let late = h
        .app
        .assign_task(
            &s.coordinator,
            task("Nhiệm vụ ghi nhận sau khi chốt", &s.province, &s.province, "31/01/2027", None),
        )
        .await
        .expect("assign");
    h.raw_sql(&format!("UPDATE tasks SET assigned_on = '2026-12-15' WHERE code = '{}'", late.code)).await;
    let live = h.app.period_report(&s.coordinator, s.province.id, "", "01/12/2026", "30/12/2026").await.expect("live");
    assert_eq!(live.tasks.map(|t| t.total), Some(7), "the change is seen where nothing is closed");

    let after = report(&h, &s, "2026-Q4").await;
    assert_eq!(after.tasks, before.tasks);
    assert_eq!(after.tasks_text, before.tasks_text);
    let frozen = after.frozen.expect("frozen figures");
    assert_eq!((frozen.period.as_str(), frozen.closed_on), ("quý IV/2026", date(2027, 1, 5)));
    let text = document_xml(
        &h.app.period_report_docx(&s.coordinator, s.province.id, "2026-Q4", "", "").await.expect("docx").bytes,
    );
    assert!(text.contains("Số liệu chốt ngày 05/01/2027"));
}

async fn the_docx_reads_as_expected(h: Harness) {
    let s = scenario(&h).await;
    let started = std::time::Instant::now();
    let file = h.app.period_report_docx(&s.coordinator, s.province.id, "2026-12", "", "").await.expect("docx");
    eprintln!("period report DOCX of the scenario in {:?}", started.elapsed());
    assert_eq!(file.name, "bao-cao-thang-12-nam-2026-cao-bang.docx");
    let xlsx = h.app.period_report_xlsx(&s.coordinator, s.province.id, "2026-12", "", "").await.expect("xlsx");
    assert!(xlsx.bytes.starts_with(b"PK"), "an XLSX is a zip");
    // Each paragraph and table row on its own line, so that a change shows where it is.
    let xml =
        document_xml(&file.bytes).replace("<w:p>", "\n<w:p>").replace("<w:p ", "\n<w:p ").replace("<w:tr>", "\n<w:tr>");
    insta::assert_snapshot!("period_report_document_xml", xml);
}

/// The text of `word/document.xml` inside a DOCX.
fn document_xml(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX is a zip");
    let mut text = String::new();
    archive.by_name("word/document.xml").expect("the document part").read_to_string(&mut text).expect("UTF-8 XML");
    text
}

both!(
    numbers_and_words_are_right,
    outside_scope_and_bad_input_are_refused,
    a_period_without_data_says_so,
    a_closed_period_reads_the_same_later,
    the_docx_reads_as_expected,
);
