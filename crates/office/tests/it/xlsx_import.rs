use std::error::Error;

use nqtrack_office::table::{MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS, Table, TableError, TableFormat, read_table};
use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Workbook, Worksheet};

use crate::rows;

type TestResult = Result<(), Box<dyn Error>>;

/// Saves a workbook holding `sheets` and reads it back as a table.
fn round_trip(sheets: Vec<Worksheet>) -> Result<Result<Table, TableError>, Box<dyn Error>> {
    let mut workbook = Workbook::new();
    for sheet in sheets {
        workbook.push_worksheet(sheet);
    }
    let bytes = workbook.save_to_buffer()?;
    Ok(read_table(&bytes, TableFormat::Xlsx))
}

#[test]
fn strings_numbers_and_blank_rows_keep_their_sheet_row_numbers() -> TestResult {
    let mut sheet = Worksheet::new();
    sheet.write_string(0, 0, "Mã đơn vị")?;
    sheet.write_string(0, 1, "Tên đơn vị")?;
    sheet.write_string(0, 2, "Diện tích")?;
    sheet.write_number(1, 0, 1)?;
    sheet.write_string(1, 1, "Xã Đồng Phú, tỉnh Đồng Nai")?;
    sheet.write_number(1, 2, 1.5)?;
    // Row 3 left blank; row 4 only has whitespace, which counts as blank.
    sheet.write_string(3, 1, "   ")?;
    sheet.write_string(4, 0, "00123")?;
    sheet.write_string(4, 1, "  Phường 1 ")?;
    sheet.write_number(4, 2, -2_000_000)?;

    let table = round_trip(vec![sheet])??;
    assert_eq!(table.header, ["Mã đơn vị", "Tên đơn vị", "Diện tích"]);
    assert_eq!(
        rows(&table),
        [(2, vec!["1", "Xã Đồng Phú, tỉnh Đồng Nai", "1.5"]), (5, vec!["00123", "Phường 1", "-2000000"]),]
    );
    Ok(())
}

#[test]
fn a_table_placed_lower_right_starts_at_its_first_used_cell() -> TestResult {
    let mut sheet = Worksheet::new();
    sheet.write_string(2, 2, "code")?;
    sheet.write_string(2, 3, "name")?;
    sheet.write_string(3, 2, "01")?;
    // A value past the header still gets a column, padded everywhere.
    sheet.write_string(4, 4, "note")?;

    let table = round_trip(vec![sheet])??;
    assert_eq!(table.header, ["code", "name", ""]);
    assert_eq!(rows(&table), [(4, vec!["01", "", ""]), (5, vec!["", "", "note"])]);
    // Messages still name the columns the official sees.
    assert_eq!(table.first_column, 2);
    assert_eq!([table.column_letter(0), table.column_letter(2)], ["C", "E"]);
    Ok(())
}

#[test]
fn booleans_and_dates_become_plain_text() -> TestResult {
    let mut sheet = Worksheet::new();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let datetime_format = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    sheet.write_string(0, 0, "active")?;
    sheet.write_string(0, 1, "since")?;
    sheet.write_boolean(1, 0, true)?;
    sheet.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2025, 7, 1)?, &date_format)?;
    sheet.write_boolean(2, 0, false)?;
    sheet.write_datetime_with_format(
        2,
        1,
        ExcelDateTime::from_ymd(2024, 12, 31)?.and_hms(8, 30, 0)?,
        &datetime_format,
    )?;

    let table = round_trip(vec![sheet])??;
    assert_eq!(rows(&table), [(2, vec!["true", "2025-07-01"]), (3, vec!["false", "2024-12-31T08:30:00"]),]);
    Ok(())
}

#[test]
fn first_visible_worksheet_is_read() -> TestResult {
    let mut lookup = Worksheet::new();
    lookup.set_name("Danh mục")?.write_string(0, 0, "lookup")?;
    lookup.set_hidden(true);
    let mut units = Worksheet::new();
    units.set_name("Đơn vị")?.write_string(0, 0, "code")?;
    units.set_active(true);

    let table = round_trip(vec![lookup, units])??;
    assert_eq!(table.header, ["code"]);
    Ok(())
}

fn chartsheet() -> Result<Worksheet, Box<dyn Error>> {
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Sheet1!$A$1:$A$1");
    let mut chartsheet = Worksheet::new_chartsheet();
    chartsheet.insert_chart(0, 0, &chart)?;
    chartsheet.set_active(true);
    Ok(chartsheet)
}

#[test]
fn a_hidden_worksheet_is_read_when_no_visible_one_exists() -> TestResult {
    let mut data = Worksheet::new();
    data.write_number(0, 0, 10)?;
    data.set_hidden(true);

    let table = round_trip(vec![data, chartsheet()?])??;
    assert_eq!(table.header, ["10"]);
    Ok(())
}

#[test]
fn a_workbook_of_chartsheets_has_no_sheet() -> TestResult {
    assert_eq!(round_trip(vec![chartsheet()?])?, Err(TableError::NoSheet));
    Ok(())
}

#[test]
fn an_empty_sheet_has_no_header() -> TestResult {
    let mut sheet = Worksheet::new();
    sheet.write_string(3, 3, " ")?;
    assert_eq!(round_trip(vec![sheet])?, Err(TableError::Empty));
    Ok(())
}

#[test]
fn a_value_beyond_the_column_limit_is_refused() -> TestResult {
    let mut sheet = Worksheet::new();
    sheet.write_string(0, 0, "code")?;
    let far = u16::try_from(MAX_IMPORT_COLUMNS)?;
    sheet.write_string(1, far, "stray")?;
    assert!(matches!(round_trip(vec![sheet])?, Err(TableError::UnreadableXlsx { .. })));
    Ok(())
}

/// A sheet with a "code" header and `data_rows` numbered rows below it.
fn sheet_with_rows(data_rows: usize) -> Result<Worksheet, Box<dyn Error>> {
    let mut sheet = Worksheet::new();
    sheet.write_string(0, 0, "code")?;
    for row in 1..=u32::try_from(data_rows)? {
        sheet.write_number(row, 0, row)?;
    }
    Ok(sheet)
}

#[test]
fn row_limit_counts_data_rows_only() -> TestResult {
    let at_limit = round_trip(vec![sheet_with_rows(MAX_IMPORT_ROWS)?])?;
    assert_eq!(at_limit.map(|table| table.rows.len()), Ok(MAX_IMPORT_ROWS));

    let over_limit = round_trip(vec![sheet_with_rows(MAX_IMPORT_ROWS + 1)?])?;
    assert_eq!(over_limit, Err(TableError::TooManyRows { limit: MAX_IMPORT_ROWS }));
    Ok(())
}

#[test]
fn a_zip_that_is_not_a_workbook_is_unreadable() {
    let result = read_table(b"PK\x03\x04 definitely not a workbook", TableFormat::Xlsx);
    assert!(matches!(result, Err(TableError::UnreadableXlsx { .. })));
}

#[test]
fn numbers_are_flagged_unless_a_zero_padding_format_shows_their_zeros() -> TestResult {
    let padded = Format::new().set_num_format("00000");
    let text = Format::new().set_num_format("@");
    let mut sheet = Worksheet::new();
    for (column, header) in ["general", "padded", "text", "fraction", "date"].into_iter().enumerate() {
        sheet.write_string(0, u16::try_from(column)?, header)?;
    }
    // "08050" typed into a General cell: Excel keeps the number 8050.
    sheet.write_number(1, 0, 8050)?;
    sheet.write_number_with_format(1, 1, 8050, &padded)?;
    sheet.write_string_with_format(1, 2, "08050", &text)?;
    // Padding only applies to whole numbers; anything else stays a plain number.
    sheet.write_number_with_format(1, 3, 12.5, &padded)?;
    sheet.write_datetime_with_format(
        1,
        4,
        ExcelDateTime::from_ymd(2025, 8, 15)?,
        &Format::new().set_num_format("dd/mm/yyyy"),
    )?;

    let table = round_trip(vec![sheet])??;
    assert_eq!(rows(&table), [(2, vec!["8050", "08050", "08050", "12.5", "2025-08-15"])]);
    assert_eq!(table.rows[0].numeric, [0, 3]);
    Ok(())
}
