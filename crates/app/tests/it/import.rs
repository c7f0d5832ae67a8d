//! Importing units from CSV: every problem with its row, and nothing written unless all is well.

use nqtrack_app::{AppError, ImportReport};
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_office::table::MAX_IMPORT_BYTES;

use crate::support::Harness;

/// A problem of a rejected import as `(row, column, code)`.
type Problem = (usize, String, &'static str);

/// The problems of a rejected import.
#[track_caller]
fn problems(result: Result<ImportReport, AppError>) -> Vec<Problem> {
    match result {
        Err(AppError::ImportRejected(report)) => {
            assert_eq!(report.created, 0);
            report.problems.into_iter().map(|p| (p.row, p.column, p.code)).collect()
        }
        other => panic!("expected a rejected import, got {other:?}"),
    }
}

fn problem(row: usize, column: &str, code: &'static str) -> Problem {
    (row, column.to_owned(), code)
}

async fn a_file_with_problems_writes_nothing(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let audit_before = h.audit_seq().await;
    let csv = "code,name,kind,parent_code\n\
               08-A,Trung tâm A,agency,08\n\
               08-B,Trung tâm B,agency,KHONG-CO\n\
               08-A,Trung tâm A lần hai,agency,08\n\
               08-C,Trung tâm C,agency,08\n";
    let result = h.app.import_units(&coordinator, "don-vi.csv", csv.as_bytes(), None).await;
    assert_eq!(
        problems(result),
        [problem(3, "parent_code", "unknown-parent"), problem(4, "code", "duplicate-in-file")]
    );
    for code in ["08-A", "08-B", "08-C"] {
        assert!(!h.unit_exists(code).await, "{code} must not be written");
    }
    assert_eq!(h.audit_seq().await, audit_before);

    let existing = &h.communes("08").await[0].code;
    let csv = format!("code,name,kind,parent_code\n{existing},Trùng,xa,08\n08-D,,agency,08\n");
    let result = h.app.import_units(&coordinator, "don-vi.csv", csv.as_bytes(), None).await;
    assert_eq!(problems(result), [problem(3, "name", "required")], "the shape is checked first");
    let csv = format!("code,name,kind,parent_code\n{existing},Trùng,xa,08\n08-D,Đơn vị D,village,08\n");
    let result = h.app.import_units(&coordinator, "don-vi.csv", csv.as_bytes(), None).await;
    assert_eq!(problems(result), [problem(2, "code", "duplicate-code"), problem(3, "kind", "unit-kind-unknown")]);
}

async fn parents_may_come_later_in_the_file(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let csv = "code,name,kind,parent_code\n\
               08-C-1,Phòng Một,agency,08-C\n\
               08-C,Trung tâm C,agency,08\n";
    let report = h.app.import_units(&coordinator, "don-vi.csv", csv.as_bytes(), None).await.expect("import");
    assert_eq!(report, ImportReport { created: 2, problems: vec![] });
    let (parent, child) = (h.unit("08-C").await, h.unit("08-C-1").await);
    assert_eq!(parent.parent_id, Some(province.id));
    assert_eq!(child.parent_id, Some(parent.id));
    assert_eq!(child.path, parent.path.child(child.id));
    assert_eq!((parent.level, child.level), (Level::Province, Level::Province));
    let history = h.app.object_history(&coordinator, "unit", &child.id.to_string(), None).await.expect("history");
    assert_eq!(history.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["unit.import"]);
}

async fn vietnamese_headers_and_semicolons(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let province = h.unit("08").await;
    let csv = "Mã;Tên;Loại;Mã cấp trên\r\n\
               08-D;Trung tâm Chuyển đổi số;Cơ quan;08\r\n\
               08-E;Sở Khoa học, Công nghệ;Sở;\r\n";
    let report =
        h.app.import_units(&coordinator, "DANH_SACH.CSV", csv.as_bytes(), Some(province.id)).await.expect("import");
    assert_eq!(report.created, 2);
    let (agency, department) = (h.unit("08-D").await, h.unit("08-E").await);
    assert_eq!((agency.name.as_str(), agency.kind), ("Trung tâm Chuyển đổi số", UnitKind::Agency));
    assert_eq!((department.name.as_str(), department.kind), ("Sở Khoa học, Công nghệ", UnitKind::Department));
    assert_eq!(department.parent_id, Some(province.id), "an empty parent code means the default parent");
}

async fn parents_outside_the_actors_scope_are_forbidden(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let csv = "code,name,kind,parent_code\n08-F,Trung tâm F,agency,08\nHN-X,Trung tâm X,agency,01\n";
    let result = h.app.import_units(&coordinator, "don-vi.csv", csv.as_bytes(), None).await;
    assert_eq!(problems(result), [problem(3, "parent_code", "forbidden-parent")]);
    assert!(!h.unit_exists("08-F").await && !h.unit_exists("HN-X").await);

    let csv = "code,name,kind\n08-G,Trung tâm G,agency\n";
    let result = h.app.import_units(&coordinator, "don-vi.csv", csv.as_bytes(), None).await;
    assert_eq!(problems(result), [problem(2, "parent_code", "parent-required")]);
}

async fn unreadable_files_are_rejected(h: Harness) {
    let coordinator = h.actor("tuyenquang.thuongtruc").await;
    let cases: [(&str, Vec<u8>, Problem); 5] = [
        ("big.csv", vec![b'a'; MAX_IMPORT_BYTES + 1], problem(0, "file", "file-too-large")),
        ("units.bin", vec![0xff, 0xfe, 0x00, 0x81, 0x13], problem(0, "file", "file-type")),
        ("units.csv", b"code,name,kind\n\xff\xfe,x,y\n".to_vec(), problem(2, "file", "file-malformed")),
        ("units.xlsx", b"PK\x03\x04 this is no workbook".to_vec(), problem(0, "file", "file-malformed")),
        ("units.csv", "tên,loại\nTrung tâm,agency\n".as_bytes().to_vec(), problem(1, "code", "missing-column")),
    ];
    for (name, bytes, expected) in cases {
        let result = h.app.import_units(&coordinator, name, &bytes, None).await;
        assert_eq!(problems(result), [expected], "{name}");
    }
}

both!(
    a_file_with_problems_writes_nothing,
    parents_may_come_later_in_the_file,
    vietnamese_headers_and_semicolons,
    parents_outside_the_actors_scope_are_forbidden,
    unreadable_files_are_rejected,
);
