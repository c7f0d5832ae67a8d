use std::error::Error;

use nqtrack_domain::indicator::{Value, ValueType};
use nqtrack_office::columns::ColumnProblem;
use nqtrack_office::indicators::{ValueProblem, ValueReadError, ValueRow, read_value_rows, read_values};
use nqtrack_office::table::{MAX_IMPORT_BYTES, TableError, TableFormat};
use rust_xlsxwriter::{Workbook, Worksheet};

type TestResult = Result<(), Box<dyn Error>>;

fn value_row(row: usize, unit: &str, indicator: &str, period: &str, value: &str, comment: &str) -> ValueRow {
    ValueRow {
        row,
        unit_code: unit.to_owned(),
        indicator_code: indicator.to_owned(),
        period: period.to_owned(),
        value_text: value.to_owned(),
        comment: comment.to_owned(),
    }
}

fn csv(text: &str) -> Result<Vec<ValueRow>, ValueReadError> {
    read_values(text.as_bytes(), TableFormat::Csv)
}

fn xlsx(sheet: Worksheet) -> Result<Result<Vec<ValueRow>, ValueReadError>, Box<dyn Error>> {
    let mut workbook = Workbook::new();
    workbook.push_worksheet(sheet);
    Ok(read_values(&workbook.save_to_buffer()?, TableFormat::Xlsx))
}

/// The problems as `(row, field, column letter, code)`.
fn problems(result: Result<Vec<ValueRow>, ValueReadError>) -> Vec<(usize, String, Option<String>, &'static str)> {
    match result {
        Err(ValueReadError::Problems(problems)) => problems
            .into_iter()
            .map(|problem| {
                let letter = problem.letter().map(str::to_owned);
                let ValueProblem { problem: ColumnProblem { row, column, code }, .. } = problem;
                (row, column, letter, code)
            })
            .collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn semicolon_csv_with_bom_as_vietnamese_excel_saves_it() -> TestResult {
    let text = "\u{FEFF}Mã đơn vị;Tên đơn vị;Mã chỉ tiêu;Kỳ;Giá trị;Ghi chú\r\n\
                00700;Xã Ngọc Đường;CDS_01;2026-Q3;1.234,5;\r\n\
                00700;Xã Ngọc Đường;cds_02;2026-Q3;95,57 %;\"Số liệu tạm tính; chờ Sở xác nhận\"\r\n\
                \r\n\
                00691;Phường Hà Giang 1;CDS_03;2026-Q3;12/40;\r\n";
    let rows = csv(text)?;
    assert_eq!(
        rows,
        [
            value_row(2, "00700", "CDS_01", "2026-Q3", "1.234,5", ""),
            value_row(3, "00700", "cds_02", "2026-Q3", "95,57 %", "Số liệu tạm tính; chờ Sở xác nhận"),
            // The blank line still counts as a row.
            value_row(5, "00691", "CDS_03", "2026-Q3", "12/40", ""),
        ]
    );
    // The texts are left for the app, which parses them by value type.
    assert_eq!(Value::parse("value", ValueType::Number, &rows[0].value_text)?, Value::Number(1234.5));
    assert_eq!(Value::parse("value", ValueType::Percent, &rows[1].value_text)?, Value::Number(95.57));
    assert_eq!(
        Value::parse("value", ValueType::Ratio, &rows[2].value_text)?,
        Value::Ratio { numerator: 12.0, denominator: 40.0 }
    );
    Ok(())
}

#[test]
fn english_headers_in_any_order_and_no_comment_column() -> TestResult {
    let rows = csv("period,value,indicator_code,unit_code\n2026,Yes,KPI_1,01\n")?;
    assert_eq!(rows, [value_row(2, "01", "KPI_1", "2026", "Yes", "")]);
    Ok(())
}

#[test]
fn title_rows_above_the_header_are_skipped_in_csv() -> TestResult {
    // Excel pads the title rows with separators to the table's width.
    let text = "BÁO CÁO SỐ LIỆU CHỈ TIÊU CHUYỂN ĐỔI SỐ;;;\n\
                Kỳ báo cáo: quý III/2026;;;\n\
                ;;;\n\
                Mã ĐV;Mã chỉ số;Kỳ báo cáo;Số liệu\n\
                00700;CDS_01;2026-Q3;15\n";
    assert_eq!(csv(text)?, [value_row(5, "00700", "CDS_01", "2026-Q3", "15", "")]);
    Ok(())
}

#[test]
fn title_rows_above_the_header_are_skipped_in_xlsx() -> TestResult {
    let mut sheet = Worksheet::new();
    sheet.write_string(0, 0, "PHỤ LỤC")?;
    sheet.write_string(1, 0, "Số liệu chỉ tiêu chuyển đổi số quý III/2026")?;
    // The table starts in column B, below a blank row.
    for (column, header) in (1..).zip(["STT", "Mã đơn vị", "Mã chỉ tiêu", "Kỳ", "Giá trị", "Ghi chú"]) {
        sheet.write_string(3, column, header)?;
    }
    sheet.write_number(4, 1, 1)?;
    sheet.write_string(4, 2, "00700")?;
    sheet.write_string(4, 3, "CDS_01")?;
    sheet.write_string(4, 4, "2026-Q3")?;
    sheet.write_string(4, 5, "Có")?;
    sheet.write_string(4, 6, "Đã kiểm tra")?;
    assert_eq!(xlsx(sheet)??, [value_row(5, "00700", "CDS_01", "2026-Q3", "Có", "Đã kiểm tra")]);
    Ok(())
}

#[test]
fn numbers_stored_as_floats_read_as_excel_shows_them() -> TestResult {
    let mut sheet = Worksheet::new();
    for (column, header) in (0..).zip(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ", "Giá trị"]) {
        sheet.write_string(0, column, header)?;
    }
    let values = [95.57, 1e6, 0.1 + 0.2, -2.5, 0.0, 1234.5, 12.0, 1e-7];
    for (row, value) in (1..).zip(values) {
        sheet.write_string(row, 0, "00700")?;
        sheet.write_string(row, 1, format!("CDS_{row:02}"))?;
        // A year typed into a General cell is a number too.
        sheet.write_number(row, 2, 2026)?;
        sheet.write_number(row, 3, value)?;
    }
    let texts: Vec<String> = xlsx(sheet)??.into_iter().map(|row| row.value_text).collect();
    assert_eq!(texts, ["95.57", "1000000", "0.3", "-2.5", "0", "1234.5", "12", "0.0000001"]);
    // Each reads back as the number that was stored.
    for (text, value) in texts.iter().zip(values) {
        let parsed = Value::parse("value", ValueType::Number, text)?.number().unwrap_or(f64::NAN);
        assert!(nqtrack_domain::indicator::approx_eq(parsed, value), "{text} is not {value}");
    }
    Ok(())
}

#[test]
fn scientific_notation_in_a_csv_is_written_out() -> TestResult {
    let rows = csv("Mã đơn vị;Mã chỉ tiêu;Kỳ;Giá trị\n01;A;2026;1,5E+06\n01;B;2026;2E-3\n")?;
    let texts: Vec<&str> = rows.iter().map(|row| row.value_text.as_str()).collect();
    assert_eq!(texts, ["1500000", "0.002"]);
    Ok(())
}

#[test]
fn boolean_cells_read_as_yes_and_no() -> TestResult {
    let mut sheet = Worksheet::new();
    for (column, header) in (0..).zip(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ", "Giá trị"]) {
        sheet.write_string(0, column, header)?;
    }
    for (row, flag) in (1..).zip([true, false]) {
        sheet.write_string(row, 0, "00700")?;
        sheet.write_string(row, 1, "CO_CONG_THONG_TIN")?;
        sheet.write_string(row, 2, "2026")?;
        sheet.write_boolean(row, 3, flag)?;
    }
    let rows = xlsx(sheet)??;
    let texts: Vec<&str> = rows.iter().map(|row| row.value_text.as_str()).collect();
    assert_eq!(texts, ["Có", "Không"]);
    for (row, expected) in rows.iter().zip([true, false]) {
        assert_eq!(Value::parse("value", ValueType::YesNo, &row.value_text)?, Value::YesNo(expected));
    }
    // A CSV saved by Excel writes the booleans as TRUE and FALSE.
    let rows = csv("Mã đơn vị,Mã chỉ tiêu,Kỳ,Giá trị\n01,A,2026,TRUE\n01,B,2026,FALSE\n")?;
    let texts: Vec<&str> = rows.iter().map(|row| row.value_text.as_str()).collect();
    assert_eq!(texts, ["Có", "Không"]);
    Ok(())
}

#[test]
fn every_missing_required_cell_is_reported_with_its_row_and_column() {
    // Period first, so the letters are not in field order; the value and
    // the comment may be empty.
    let text = "Kỳ,Mã đơn vị,Tên đơn vị,Mã chỉ tiêu,Giá trị,Ghi chú\n\
                2026-Q3,00700,Xã Ngọc Đường,CDS_01,,\n\
                ,00700,Xã Ngọc Đường,,5,\n\
                2026-Q3,,Xã Ngọc Đường,CDS_02,6,\n\
                ,,,,7,\n\
                ,,,,,Người lập biểu\n";
    let expected = [
        (3, "period", "A", "required"),
        (3, "indicator_code", "D", "required"),
        (4, "unit_code", "B", "required"),
        (5, "unit_code", "B", "required"),
        (5, "indicator_code", "D", "required"),
        (5, "period", "A", "required"),
        (6, "unit_code", "B", "required"),
        (6, "indicator_code", "D", "required"),
        (6, "period", "A", "required"),
    ];
    let mut found = problems(csv(text));
    // Within a row, in the reader's order of fields; compare as sets.
    found.sort();
    let mut expected: Vec<_> = expected
        .into_iter()
        .map(|(row, field, letter, code)| (row, field.to_owned(), Some(letter.to_owned()), code))
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn problems_name_the_header_as_written() {
    let result = csv("Mã ĐV,Mã chỉ tiêu,Kỳ,Giá trị\n,A,2026,1\n");
    let Err(ValueReadError::Problems(problems)) = result else { panic!("expected problems") };
    let [problem] = problems.as_slice() else { panic!("{problems:?}") };
    let source = problem.source.as_ref().expect("the column is known");
    assert_eq!((source.field, source.letter.as_str(), source.header.as_str()), ("unit_code", "A", "Mã ĐV"));
}

#[test]
fn an_unknown_layout_reports_every_missing_column_at_the_header() {
    // "Đơn vị" and "Chỉ tiêu" are names, not codes; no value column.
    let found = problems(csv("Đơn vị,Chỉ tiêu,Kỳ,Ghi chú\nXã A,Số hồ sơ,2026,\n"));
    assert_eq!(
        found,
        [
            (1, "unit_code".to_owned(), None, "missing-column"),
            (1, "indicator_code".to_owned(), None, "missing-column"),
            (1, "value".to_owned(), None, "missing-column"),
        ]
    );
    let found = problems(csv("Mã đơn vị,Mã chỉ tiêu,Kỳ,Giá trị,Số liệu\n01,A,2026,1,2\n"));
    assert_eq!(found, [(1, "value".to_owned(), None, "duplicate-column")]);
}

#[test]
fn a_unit_code_stored_as_a_number_is_refused() -> TestResult {
    let mut sheet = Worksheet::new();
    for (column, header) in (0..).zip(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ", "Giá trị"]) {
        sheet.write_string(0, column, header)?;
    }
    // 00700 typed into a General cell: Excel keeps 700.
    sheet.write_number(1, 0, 700)?;
    sheet.write_string(1, 1, "CDS_01")?;
    sheet.write_string(1, 2, "2026-Q3")?;
    sheet.write_number(1, 3, 3)?;
    assert_eq!(problems(xlsx(sheet)?), [(2, "unit_code".to_owned(), Some("A".to_owned()), "unit-code-number")]);
    Ok(())
}

#[test]
fn file_errors_come_from_the_table_reader() {
    let result = read_values(&vec![b'a'; MAX_IMPORT_BYTES + 1], TableFormat::Csv);
    assert_eq!(result, Err(ValueReadError::Table(TableError::TooLarge { limit_bytes: MAX_IMPORT_BYTES })));
    assert_eq!(csv(""), Err(ValueReadError::Table(TableError::Empty)));
}

#[test]
fn a_table_already_read_gives_the_same_rows() -> TestResult {
    let table = crate::csv_table(
        &["unit_code", "indicator", "period", "value", "note"],
        &[(2, &["01", "A", "2026", "3", "ok"])],
    );
    assert_eq!(
        read_value_rows(&table).map_err(|problems| format!("{problems:?}"))?,
        [value_row(2, "01", "A", "2026", "3", "ok")]
    );
    Ok(())
}
