use std::error::Error;
use std::io::Cursor;

use calamine::{Data, Reader, SheetVisible, Xlsx};
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
    assert_eq!((row.kind.as_str(), row.field.as_str()), ("Có thời hạn", "Thể chế, chính sách"));
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
    assert_eq!(workbook.sheet_names(), ["Nhiệm vụ", "Hướng dẫn", "Danh mục"]);
    let guide = workbook.worksheet_range("Hướng dẫn")?;
    let cell = |row: u32, column: u32| guide.get_value((row, column)).map(Data::to_string).unwrap_or_default();
    assert_eq!([cell(0, 0), cell(0, 1), cell(0, 2)], ["Cột", "Bắt buộc", "Cách ghi"]);
    let explained: Vec<String> = (1..=16).map(|row| cell(row, 0)).collect();
    assert_eq!(explained, HEADERS);
    for row in 1..=16 {
        assert!(!cell(row, 2).is_empty(), "row {row} has no explanation");
    }
    let kinds = (1..=16).find(|&row| cell(row, 0) == "Loại nhiệm vụ").map(|row| cell(row, 3));
    assert_eq!(
        kinds.as_deref(),
        Some("Có thời hạn; Định kỳ hằng tháng; Định kỳ hằng quý; Định kỳ hằng năm; Thường xuyên")
    );
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

/// A dropdown's column header and values.
type DropdownList = (String, Vec<String>);

/// The dropdowns' values as the template holds them: the hidden "Danh mục"
/// sheet, one column per dropdown headed by the field's template header.
fn dropdown_lists() -> Result<Vec<DropdownList>, Box<dyn Error>> {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(task_template_xlsx()?))?;
    let lists = workbook.sheets_metadata().iter().find(|sheet| sheet.name == "Danh mục").map(|sheet| sheet.visible);
    assert_eq!(lists, Some(SheetVisible::Hidden), "the lists are out of the way");
    let range = workbook.worksheet_range("Danh mục")?;
    let (rows, columns) = range.get_size();
    let cell = |row: usize, column: usize| range.get((row, column)).map(Data::to_string).unwrap_or_default();
    Ok((0..columns)
        .map(|column| {
            let values = (1..rows).map(|row| cell(row, column)).filter(|value| !value.is_empty()).collect();
            (cell(0, column), values)
        })
        .collect())
}

#[test]
fn every_dropdown_value_is_read_back_by_the_importer() -> TestResult {
    let lists = dropdown_lists()?;
    let headers: Vec<&str> = lists.iter().map(|(header, _)| header.as_str()).collect();
    assert_eq!(headers, ["Loại nhiệm vụ", "Lĩnh vực", "Mức độ ưu tiên", "Độ mật"]);
    // An annex with the template's headers, one task per value of the
    // longest list, each dropdown column cycling through its values.
    let longest = lists.iter().map(|(_, values)| values.len()).max().unwrap_or(0);
    let mut sheet = rust_xlsxwriter::Worksheet::new();
    for (column, header) in ["Tên nhiệm vụ (*)", "Mã đơn vị chủ trì (*)"].into_iter().chain(headers).enumerate()
    {
        sheet.write_string(0, u16::try_from(column)?, header)?;
    }
    for row in 0..longest {
        let sheet_row = u32::try_from(row + 1)?;
        sheet.write_string(sheet_row, 0, format!("Nhiệm vụ {row}"))?;
        sheet.write_string(sheet_row, 1, "00700")?;
        for (column, (_, values)) in lists.iter().enumerate() {
            sheet.write_string(sheet_row, u16::try_from(column + 2)?, &values[row % values.len()])?;
        }
    }
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.push_worksheet(sheet);
    let table = read_table(&workbook.save_to_buffer()?, TableFormat::Xlsx)?;
    let import = read_task_rows(&table).map_err(|problems| format!("{problems:?}"))?;
    assert_eq!(import.problems, []);
    assert_eq!(import.rows.len(), longest);

    // Each value parses as the importer parses it, and is the word the
    // task pages show for what it parses to.
    let (mut kinds, mut fields, mut priorities, mut levels) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for row in &import.rows {
        let kind = TaskKind::parse("kind", &row.kind)?;
        assert_eq!(kind.label_vi(), row.kind);
        let field = Field::parse("field", &row.field)?;
        assert_eq!(field.label_vi(), row.field);
        let priority = Priority::parse("priority", &row.priority)?;
        assert_eq!(priority.label_vi(), row.priority);
        let level = Confidentiality::parse("confidentiality", &row.confidentiality)?;
        assert_eq!(level.label_vi(), row.confidentiality);
        kinds.push(kind);
        fields.push(field);
        priorities.push(priority);
        levels.push(level);
    }
    // Every value of the domain is offered.
    assert_eq!(distinct(kinds), TaskKind::ALL);
    assert_eq!(distinct(fields), Field::ALL);
    assert_eq!(distinct(priorities), Priority::ALL);
    assert_eq!(distinct(levels), Confidentiality::ALL);
    Ok(())
}

/// The values once each, in their order (the order of `ALL`).
fn distinct<T: Ord>(mut values: Vec<T>) -> Vec<T> {
    values.sort_unstable();
    values.dedup();
    values
}

/// The Vietnamese catalogue of the web pages names each value with the
/// domain's `label_vi`, the word the template offers. Read from the web
/// crate's file, as the pages read it.
#[test]
fn the_pages_show_the_words_the_template_offers() -> TestResult {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/i18n/vi/main.ftl");
    let catalogue = std::fs::read_to_string(path)?;
    let message = |key: String| {
        let prefix = format!("{key} = ");
        let line = catalogue.lines().find(|line| line.starts_with(&prefix));
        line.map(|line| line[prefix.len()..].trim().to_owned()).unwrap_or_else(|| panic!("{key} is missing"))
    };
    let mut expected = Vec::new();
    expected.extend(TaskKind::ALL.iter().map(|v| (format!("task-kind-{v}"), v.label_vi())));
    expected.extend(Field::ALL.iter().map(|v| (format!("task-field-{v}"), v.label_vi())));
    expected.extend(Priority::ALL.iter().map(|v| (format!("task-priority-{v}"), v.label_vi())));
    expected.extend(Confidentiality::ALL.iter().map(|v| (format!("task-confidentiality-{v}"), v.label_vi())));
    for (key, label) in expected {
        assert_eq!(message(key.clone()), label, "{key}");
    }
    Ok(())
}
