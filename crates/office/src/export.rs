//! Writing a table out as XLSX or CSV.
//!
//! Exports are for officials first: an XLSX sheet opens ready to filter and
//! print (bold wrapped header that stays in view, autofilter, dates that are
//! real Excel dates shown dd/mm/yyyy), and the CSV carries a byte order mark
//! so Excel reads its Vietnamese as UTF-8 rather than a legacy code page.

use std::borrow::Cow;

use jiff::civil::Date;
use nqtrack_domain::dates::format_date;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::OfficeError;
use crate::table::column_letter;

/// One sheet of an export: a header row and the rows below it.
///
/// Rows may be shorter or longer than the header; nothing is dropped or
/// padded.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The sheet's tab name; sanitised to what Excel accepts, see
    /// [`sheet_name`]. Not written to CSV.
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One value of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A civil date: an Excel date shown dd/mm/yyyy in XLSX, dd/mm/yyyy text
    /// in CSV.
    Date(Date),
    Number(f64),
    Integer(i64),
    Empty,
}

/// Most rows an Excel sheet holds, the header included.
const EXCEL_MAX_ROWS: usize = 1_048_576;
/// Most columns an Excel sheet holds.
const EXCEL_MAX_COLUMNS: usize = 16_384;
/// Largest whole number Excel shows exactly: it keeps 15 significant digits.
const EXCEL_EXACT_INTEGER: u64 = 999_999_999_999_999;
/// Column widths in characters: enough for a short code, at most about a
/// third of a landscape page so long texts wrap instead.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 60;
/// Excel's longest sheet name, counted in UTF-16 units.
const SHEET_NAME_MAX: usize = 31;

// --------------------------------------------------------------- XLSX ----

/// Writes `sheet` as an XLSX workbook of one worksheet.
///
/// # Errors
///
/// [`OfficeError::SheetTooLarge`] beyond Excel's row or column limits,
/// [`OfficeError::CellTooLong`] for a text over 32,767 characters.
pub fn write_xlsx(sheet: &Sheet) -> Result<Vec<u8>, OfficeError> {
    let mut workbook = Workbook::new();
    add_sheet(&mut workbook, sheet)?;
    save(&mut workbook)
}

/// Adds `sheet` to `workbook` with the export layout, and returns the
/// worksheet so a caller (the import template) can add to it.
pub(crate) fn add_sheet<'a>(workbook: &'a mut Workbook, sheet: &Sheet) -> Result<&'a mut Worksheet, OfficeError> {
    let columns = column_count(sheet);
    if sheet.rows.len() >= EXCEL_MAX_ROWS || columns > EXCEL_MAX_COLUMNS {
        return Err(OfficeError::SheetTooLarge { rows: sheet.rows.len() + 1, columns });
    }
    let styles = Styles::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet_name(&sheet.title)).map_err(xlsx_error)?;
    for (column, header) in sheet.headers.iter().enumerate() {
        let column = column_number(column)?;
        worksheet.write_string_with_format(0, column, header, &styles.header).map_err(|e| cell_error(e, 0, column))?;
    }
    for (row, cells) in sheet.rows.iter().enumerate() {
        let row = row_number(row + 1)?;
        for (column, cell) in cells.iter().enumerate() {
            write_cell(worksheet, &styles, row, column_number(column)?, cell)?;
        }
    }
    lay_out(worksheet, sheet, columns)?;
    Ok(worksheet)
}

/// Serialises a finished workbook.
pub(crate) fn save(workbook: &mut Workbook) -> Result<Vec<u8>, OfficeError> {
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// The formats every export shares.
pub(crate) struct Styles {
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) date: Format,
    integer: Format,
    number: Format,
}

impl Styles {
    pub(crate) fn new() -> Self {
        // Top alignment keeps a row readable when one of its cells wraps
        // over several lines.
        let body = Format::new().set_align(FormatAlign::Top);
        Self {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0x00DD_EBF7))
                .set_border(FormatBorder::Thin),
            text: body.clone().set_text_wrap(),
            date: body.clone().set_num_format("dd/mm/yyyy"),
            // General would show 12 digits and more in scientific notation.
            integer: body.clone().set_num_format("0"),
            number: body,
        }
    }
}

fn write_cell(
    worksheet: &mut Worksheet,
    styles: &Styles,
    row: u32,
    column: u16,
    cell: &Cell,
) -> Result<(), OfficeError> {
    let written = match cell {
        Cell::Text(text) => worksheet.write_string_with_format(row, column, text, &styles.text),
        Cell::Date(date) => match excel_date(*date) {
            Some(date) => worksheet.write_datetime_with_format(row, column, date, &styles.date),
            // Excel has no dates before 1900; text keeps the value readable.
            None => worksheet.write_string_with_format(row, column, format_date(*date), &styles.text),
        },
        Cell::Number(number) => worksheet.write_number_with_format(row, column, *number, &styles.number),
        Cell::Integer(integer) if integer.unsigned_abs() <= EXCEL_EXACT_INTEGER => {
            // Exact: the guard keeps the value within an f64's exact integers.
            worksheet.write_number_with_format(row, column, *integer as f64, &styles.integer)
        }
        // Text keeps every digit of an integer Excel would round.
        Cell::Integer(integer) => worksheet.write_string_with_format(row, column, integer.to_string(), &styles.text),
        Cell::Empty => return Ok(()),
    };
    written.map(drop).map_err(|error| cell_error(error, row, column))
}

/// The date as Excel stores it, if Excel can: from 1 March 1900 (Excel
/// counts a 29 February 1900 that never was, so earlier serials are off by
/// one) to 9999.
fn excel_date(date: Date) -> Option<ExcelDateTime> {
    if date < jiff::civil::date(1900, 3, 1) {
        return None;
    }
    let year = u16::try_from(date.year()).ok()?;
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// Column widths, the frozen header and the autofilter.
fn lay_out(worksheet: &mut Worksheet, sheet: &Sheet, columns: usize) -> Result<(), OfficeError> {
    for (column, width) in column_widths(sheet, columns).into_iter().enumerate() {
        // Widths are small whole numbers of characters, exact as f64.
        worksheet.set_column_width(column_number(column)?, width as f64).map_err(xlsx_error)?;
    }
    worksheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    if columns > 0 {
        let last_row = row_number(sheet.rows.len())?;
        worksheet.autofilter(0, 0, last_row, column_number(columns - 1)?).map_err(xlsx_error)?;
    }
    Ok(())
}

/// The widest of the header and the rows, so no cell is lost from layout.
fn column_count(sheet: &Sheet) -> usize {
    sheet.rows.iter().map(Vec::len).chain([sheet.headers.len()]).max().unwrap_or(0)
}

/// A width per column, in characters, from what it holds: the longest line
/// of a cell, and the longest word of the header (which wraps).
fn column_widths(sheet: &Sheet, columns: usize) -> Vec<usize> {
    let mut widths = vec![0; columns];
    for (width, header) in widths.iter_mut().zip(&sheet.headers) {
        *width = header.split_whitespace().map(|word| word.chars().count()).max().unwrap_or(0);
    }
    for row in &sheet.rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(display_chars(cell));
        }
    }
    // Two characters of margin, as Excel's own autofit leaves.
    widths.into_iter().map(|width| (width + 2).clamp(MIN_WIDTH, MAX_WIDTH)).collect()
}

/// Roughly how many characters a cell shows on its longest line.
fn display_chars(cell: &Cell) -> usize {
    match cell {
        Cell::Text(text) => text.lines().map(|line| line.chars().count()).max().unwrap_or(0),
        Cell::Date(_) => "dd/mm/yyyy".len(),
        Cell::Number(number) => number.to_string().len(),
        Cell::Integer(integer) => integer.to_string().len(),
        Cell::Empty => 0,
    }
}

/// A sheet name Excel accepts, as close to `title` as possible: the
/// characters `[]:*?/\` (and control characters) become `-`, leading and
/// trailing apostrophes and spaces go, it is cut to 31 characters, and an
/// empty or reserved result becomes a neutral name.
#[must_use]
pub fn sheet_name(title: &str) -> String {
    let cleaned: String = nqtrack_domain::text::clean(title)
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '-' } else { c })
        .collect();
    let mut name = String::new();
    let mut units = 0;
    for c in trim_name(&cleaned).chars() {
        units += c.len_utf16();
        if units > SHEET_NAME_MAX {
            break;
        }
        name.push(c);
    }
    let name = trim_name(&name);
    if name.is_empty() {
        "Dữ liệu".to_owned()
    } else if name.eq_ignore_ascii_case("history") {
        // Excel reserves "History" for its change tracking.
        format!("{name} 1")
    } else {
        name.to_owned()
    }
}

/// Excel refuses a sheet name that starts or ends with an apostrophe.
fn trim_name(name: &str) -> &str {
    name.trim_matches(|c: char| c == '\'' || c.is_whitespace())
}

fn row_number(row: usize) -> Result<u32, OfficeError> {
    u32::try_from(row).map_err(|_| OfficeError::SheetTooLarge { rows: row, columns: 0 })
}

pub(crate) fn column_number(column: usize) -> Result<u16, OfficeError> {
    u16::try_from(column).map_err(|_| OfficeError::SheetTooLarge { rows: 0, columns: column })
}

pub(crate) fn xlsx_error(error: XlsxError) -> OfficeError {
    OfficeError::Xlsx { detail: error.to_string() }
}

/// Names the cell a write failed on when the cause is its content.
pub(crate) fn cell_error(error: XlsxError, row: u32, column: u16) -> OfficeError {
    match error {
        XlsxError::MaxStringLengthExceeded => OfficeError::CellTooLong {
            row: usize::try_from(row).map_or(usize::MAX, |row| row + 1),
            column: column_letter(usize::from(column)),
        },
        other => xlsx_error(other),
    }
}

// ---------------------------------------------------------------- CSV ----

/// The UTF-8 byte order mark: without it Excel opens a CSV in the legacy
/// Windows code page and shows Vietnamese as mojibake.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `sheet` as CSV: UTF-8 with a byte order mark, comma separated,
/// CRLF line ends, fields quoted where needed, dates dd/mm/yyyy.
///
/// Text that Excel would run as a formula (starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a leading apostrophe, so a task title
/// typed by one official cannot execute in another's spreadsheet. The
/// apostrophe shows in Excel; XLSX exports have no such mark since their
/// text cells are never formulas.
#[must_use]
pub fn write_csv(sheet: &Sheet) -> Vec<u8> {
    // The csv crate's only errors are the sink's I/O errors (a Vec never
    // fails) and unequal record lengths (allowed by `flexible`).
    try_write_csv(sheet).expect("writing CSV to memory cannot fail")
}

fn try_write_csv(sheet: &Sheet) -> Result<Vec<u8>, csv::Error> {
    let mut writer =
        csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(UTF8_BOM.to_vec());
    let headers: Vec<Cow<'_, str>> = sheet.headers.iter().map(|header| csv_text(header)).collect();
    writer.write_record(headers.iter().map(|field| field.as_bytes()))?;
    for row in &sheet.rows {
        let fields: Vec<Cow<'_, str>> = row.iter().map(csv_field).collect();
        writer.write_record(fields.iter().map(|field| field.as_bytes()))?;
    }
    writer.into_inner().map_err(|error| csv::Error::from(error.into_error()))
}

fn csv_field(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Text(text) => csv_text(text),
        Cell::Date(date) => Cow::Owned(format_date(*date)),
        Cell::Number(number) => Cow::Owned(number.to_string()),
        Cell::Integer(integer) => Cow::Owned(integer.to_string()),
        Cell::Empty => Cow::Borrowed(""),
    }
}

/// Neutralises text Excel would evaluate as a formula (OWASP "CSV
/// injection").
fn csv_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(sheet_name("Tiến độ 01/2026"), "Tiến độ 01-2026");
        assert_eq!(sheet_name("[a]:b*c?d\\e"), "-a--b-c-d-e");
        assert_eq!(sheet_name("  'Nhiệm vụ'  "), "Nhiệm vụ");
        assert_eq!(sheet_name(""), "Dữ liệu");
        assert_eq!(sheet_name("'''"), "Dữ liệu");
        assert_eq!(sheet_name("history"), "history 1");
        let long = sheet_name("Danh sách nhiệm vụ chậm tiến độ của các xã, phường");
        assert_eq!(long.encode_utf16().count(), SHEET_NAME_MAX);
        assert_eq!(long, "Danh sách nhiệm vụ chậm tiến độ");
        // Decomposed input is composed first, so it is not cut mid-letter.
        assert_eq!(sheet_name("Ha\u{0300} Nô\u{0323}i"), "Hà Nội");
    }

    #[test]
    fn formula_like_text_is_neutralised_in_csv_only() {
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("- Xây dựng kế hoạch"), "'- Xây dựng kế hoạch");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("Hoàn thành"), "Hoàn thành");
    }

    #[test]
    fn widths_follow_content_within_bounds() {
        let sheet = Sheet {
            title: String::new(),
            headers: vec!["Mã".into(), "Tên nhiệm vụ".into(), "Thời hạn".into()],
            rows: vec![vec![
                Cell::Text("01".into()),
                Cell::Text("x".repeat(200)),
                Cell::Date(jiff::civil::date(2025, 8, 15)),
            ]],
        };
        assert_eq!(column_widths(&sheet, 3), [MIN_WIDTH, MAX_WIDTH, 12]);
    }

    #[test]
    fn excel_dates_start_in_march_1900() {
        assert!(excel_date(jiff::civil::date(1900, 2, 28)).is_none());
        assert!(excel_date(jiff::civil::date(1900, 3, 1)).is_some());
        assert!(excel_date(jiff::civil::date(2025, 8, 15)).is_some());
    }
}
