use std::error::Error;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use jiff::civil::date;
use nqtrack_domain::indicator::{SubmissionState, Value, ValueType};
use nqtrack_domain::period::Period;
use nqtrack_office::indicators::{
    RoundTemplate, TemplateIndicator, TemplateUnit, ValueRow, read_values, round_template_xlsx, state_label,
    value_type_label,
};
use nqtrack_office::table::{TableFormat, read_table};

type TestResult = Result<(), Box<dyn Error>>;

fn round() -> Result<RoundTemplate, Box<dyn Error>> {
    let unit = |code: &str, name: &str| TemplateUnit { code: code.to_owned(), name: name.to_owned() };
    let indicator = |code: &str, name: &str, measure: &str, value_type| TemplateIndicator {
        code: code.to_owned(),
        name: name.to_owned(),
        unit_of_measure: measure.to_owned(),
        value_type,
    };
    Ok(RoundTemplate {
        title: "Bộ chỉ tiêu chuyển đổi số cấp xã".to_owned(),
        period: Period::parse("period", "2026-Q3")?,
        due: date(2026, 10, 10),
        units: vec![unit("00700", "Xã Ngọc Đường"), unit("00691", "Phường Hà Giang 1")],
        indicators: vec![
            indicator("HS_TRUC_TUYEN", "Số hồ sơ trực tuyến toàn trình", "hồ sơ", ValueType::Number),
            indicator("TL_SO_HOA", "Tỷ lệ hồ sơ được số hóa", "%", ValueType::Percent),
            indicator("CO_TRANG_TTDT", "Có trang thông tin điện tử", "", ValueType::YesNo),
            indicator("TTHC_DVC", "Thủ tục hành chính cung cấp dịch vụ công trực tuyến", "thủ tục", ValueType::Ratio),
        ],
    })
}

fn open(bytes: Vec<u8>) -> Result<Xlsx<Cursor<Vec<u8>>>, Box<dyn Error>> {
    Ok(calamine::open_workbook_from_rs(Cursor::new(bytes))?)
}

#[test]
fn the_template_reads_back_as_every_pair_unchanged() -> TestResult {
    let round = round()?;
    let rows = read_values(&round_template_xlsx(&round)?, TableFormat::Xlsx)?;
    let mut expected = Vec::new();
    for unit in &round.units {
        for indicator in &round.indicators {
            expected.push(ValueRow {
                row: expected.len() + 2,
                unit_code: unit.code.clone(),
                indicator_code: indicator.code.clone(),
                period: "2026-Q3".to_owned(),
                value_text: String::new(),
                comment: String::new(),
            });
        }
    }
    assert_eq!(rows, expected);
    Ok(())
}

#[test]
fn the_entry_sheet_is_first_and_long() -> TestResult {
    let mut workbook = open(round_template_xlsx(&round()?)?)?;
    assert_eq!(workbook.sheet_names(), ["Nhập liệu", "Hướng dẫn"]);
    let table = read_table(&round_template_xlsx(&round()?)?, TableFormat::Xlsx)?;
    assert_eq!(
        table.header,
        ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Kỳ", "Giá trị", "Ghi chú"]
    );
    // Value and comment are empty, so the grid is as wide as the header only.
    let first: Vec<&str> = table.rows[0].cells.iter().map(String::as_str).collect();
    assert_eq!(
        first,
        ["00700", "Xã Ngọc Đường", "HS_TRUC_TUYEN", "Số hồ sơ trực tuyến toàn trình", "hồ sơ", "2026-Q3", "", ""]
    );
    assert_eq!(table.rows.len(), 8);
    // Codes are text cells, so their zeros survive.
    let range = workbook.worksheet_range("Nhập liệu")?;
    assert_eq!(range.get_value((1, 0)), Some(&Data::String("00700".into())));
    Ok(())
}

#[test]
fn codes_period_value_and_comment_columns_are_text() -> TestResult {
    let mut workbook = open(round_template_xlsx(&round()?)?)?;
    let styles = workbook.worksheet_style("Nhập liệu")?;
    let format = |row: u32, column: u32| {
        styles
            .get((row, column))
            .and_then(|style| style.number_format.as_ref())
            .map(|format| format.format_code.clone())
            .unwrap_or_default()
    };
    // Written cells: unit code, indicator code, period.
    assert_eq!([format(1, 0), format(1, 2), format(1, 5)], ["@", "@", "@"]);
    Ok(())
}

#[test]
fn the_guide_gives_the_period_the_due_date_and_every_format() -> TestResult {
    let mut workbook = open(round_template_xlsx(&round()?)?)?;
    let guide = workbook.worksheet_range("Hướng dẫn")?;
    let (rows, _) = guide.get_size();
    let cell = |row: usize, column: usize| guide.get((row, column)).map(Data::to_string).unwrap_or_default();
    assert_eq!([cell(0, 0), cell(0, 1), cell(0, 2)], ["Mục", "Hướng dẫn", "Ví dụ"]);
    let find = |topic: &str| (1..rows).find(|&row| cell(row, 0) == topic);

    let period = find("Kỳ báo cáo").ok_or("no period")?;
    assert!(cell(period, 1).contains("quý III/2026"), "{}", cell(period, 1));
    assert_eq!(cell(period, 2), "2026-Q3");
    let due = find("Hạn nộp").ok_or("no due date")?;
    let Some(Data::DateTime(due)) = guide.get((due, 2)) else { return Err("the due date is not a date cell".into()) };
    let (year, month, day, ..) = due.to_ymd_hms_milli();
    assert_eq!(format!("{day:02}/{month:02}/{year}"), "10/10/2026");

    for value_type in ValueType::ALL {
        let row = find(&format!("Kiểu giá trị: {}", value_type_label(*value_type))).ok_or("a type is missing")?;
        // The examples are what the app accepts.
        for example in cell(row, 2).split(" hoặc ") {
            assert!(
                Value::parse("value", *value_type, example).is_ok_and(|value| value.fits(*value_type)),
                "{example}"
            );
        }
    }
    let examples: Vec<String> = (1..rows).map(|row| cell(row, 2)).collect();
    for expected in ["1.234,5 hoặc 1234.5", "95,5 hoặc 95,5%", "Có", "12/40"] {
        assert!(examples.iter().any(|example| example == expected), "{expected} is missing");
    }

    let ratio = find("Chỉ tiêu TTHC_DVC").ok_or("an indicator is missing")?;
    assert!(cell(ratio, 1).contains("Tỷ số (tử số/mẫu số)"), "{}", cell(ratio, 1));
    assert!(cell(ratio, 1).contains("Đơn vị tính: thủ tục"), "{}", cell(ratio, 1));
    assert_eq!(cell(ratio, 2), "12/40");
    Ok(())
}

#[test]
fn an_empty_round_is_a_header_alone() -> TestResult {
    let round = RoundTemplate { units: Vec::new(), ..round()? };
    assert_eq!(read_values(&round_template_xlsx(&round)?, TableFormat::Xlsx)?, []);
    Ok(())
}

/// The labels are the words of the web pages' Vietnamese catalogue.
#[test]
fn labels_are_the_words_the_pages_show() -> TestResult {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/i18n/vi/main.ftl");
    let catalogue = std::fs::read_to_string(path)?;
    let message = |key: String| {
        let prefix = format!("{key} = ");
        let line = catalogue.lines().find(|line| line.starts_with(&prefix));
        line.map(|line| line[prefix.len()..].trim().to_owned()).unwrap_or_else(|| panic!("{key} is missing"))
    };
    for value_type in ValueType::ALL {
        assert_eq!(message(format!("indicator-value-type-{value_type}")), value_type_label(*value_type));
    }
    for state in SubmissionState::ALL {
        assert_eq!(message(format!("submission-state-{state}")), state_label(*state));
    }
    Ok(())
}
