use std::error::Error;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::task::{Confidentiality, Field, Priority, TaskCode, TaskKind};
use nqtrack_domain::unit::UnitCode;
use nqtrack_office::table::{TableFormat, read_table};
use nqtrack_office::tasks::{TaskRow, read_task_rows, task_template_xlsx};

type TestResult = Result<(), Box<dyn Error>>;

const HEADERS: [&str; 16] = [
    "STT",
    "Mã nhiệm vụ",
    "Tên nhiệm vụ (*)",
    "Nội dung",
    "Điều khoản",
    "Mã đơn vị chủ trì (*)",
    "Mã đơn vị phối hợp",
    "Loại nhiệm vụ",
    "Thời hạn",
    "Số ngày làm việc",
    "Sản phẩm dự kiến",
    "Kết quả chủ yếu",
    "Lĩnh vực",
    "Mức độ ưu tiên",
    "Độ mật",
    "Lãnh đạo phụ trách",
];

fn read_example() -> Result<TaskRow, Box<dyn Error>> {
    let table = read_table(&task_template_xlsx()?, TableFormat::Xlsx)?;
    assert_eq!(table.header, HEADERS);
    let import = read_task_rows(&table).map_err(|problems| format!("{problems:?}"))?;
    assert_eq!(import.problems, []);
    // Every column but STT is a field's.
    assert_eq!(import.columns.len(), HEADERS.len() - 1);
    let [row] = <[TaskRow; 1]>::try_from(import.rows).map_err(|rows| format!("{} rows", rows.len()))?;
    Ok(row)
}

#[test]
fn the_template_reads_back_as_its_example_without_problems() -> TestResult {
    let row = read_example()?;
    assert_eq!(row.row, 2);
    assert_eq!(row.code, "TQ-57-001");
    assert!(row.title.starts_with("Hoàn thành việc thành lập Ban Chỉ đạo cấp xã"));
    assert_eq!(row.presiding_code, "00700");
    assert_eq!(row.coordinating_codes, ["00691", "00694"]);
    assert_eq!(row.deadline, "2025-08-15");
    assert_eq!(row.working_days, "");
    assert_eq!((row.kind.as_str(), row.field.as_str()), ("Có thời hạn", "Thể chế"));
    assert_eq!((row.priority.as_str(), row.confidentiality.as_str()), ("Cao", "Nội bộ"));
    assert_eq!(row.leader, "Nguyễn Văn An");
    Ok(())
}

#[test]
fn the_example_passes_the_domain_checks() -> TestResult {
    let row = read_example()?;
    TaskCode::parse("code", &row.code)?;
    UnitCode::parse("presiding", &row.presiding_code)?;
    for code in &row.coordinating_codes {
        UnitCode::parse("coordinating", code)?;
    }
    assert_eq!(parse_date("deadline", &row.deadline)?, jiff::civil::date(2025, 8, 15));
    assert_eq!(TaskKind::parse("kind", &row.kind)?, TaskKind::Deadline);
    assert_eq!(Field::parse("field", &row.field)?, Field::Institutions);
    assert_eq!(Priority::parse("priority", &row.priority)?, Priority::High);
    assert_eq!(Confidentiality::parse("confidentiality", &row.confidentiality)?, Confidentiality::Internal);
    Ok(())
}

#[test]
fn the_template_has_a_vietnamese_guide_to_every_column() -> TestResult {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(task_template_xlsx()?))?;
    assert_eq!(workbook.sheet_names(), ["Nhiệm vụ", "Hướng dẫn"]);
    let guide = workbook.worksheet_range("Hướng dẫn")?;
    let cell = |row: u32, column: u32| guide.get_value((row, column)).map(Data::to_string).unwrap_or_default();
    assert_eq!([cell(0, 0), cell(0, 1), cell(0, 2)], ["Cột", "Bắt buộc", "Cách ghi"]);
    let explained: Vec<String> = (1..=16).map(|row| cell(row, 0)).collect();
    assert_eq!(explained, HEADERS);
    for row in 1..=16 {
        assert!(!cell(row, 2).is_empty(), "row {row} has no explanation");
    }
    let kinds = (1..=16).find(|&row| cell(row, 0) == "Loại nhiệm vụ").map(|row| cell(row, 3));
    assert_eq!(kinds.as_deref(), Some("Có thời hạn; Hằng tháng; Hằng quý; Hằng năm; Thường xuyên"));
    Ok(())
}

#[test]
fn code_columns_are_text_and_the_deadline_a_date_in_the_template() -> TestResult {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(task_template_xlsx()?))?;
    let styles = workbook.worksheet_style("Nhiệm vụ")?;
    let format = |column: u32| {
        styles.get((1, column)).and_then(|style| style.number_format.as_ref()).map(|format| format.format_code.clone())
    };
    // Mã nhiệm vụ, Mã đơn vị chủ trì, Mã đơn vị phối hợp; Thời hạn.
    assert_eq!(
        [format(1), format(5), format(6), format(8)].map(Option::unwrap_or_default),
        ["@", "@", "@", "dd/mm/yyyy"]
    );
    let range = workbook.worksheet_range("Nhiệm vụ")?;
    assert_eq!(range.get_value((1, 5)), Some(&Data::String("00700".into())));
    assert!(matches!(range.get_value((1, 8)), Some(Data::DateTime(date)) if date.is_datetime()));
    Ok(())
}
