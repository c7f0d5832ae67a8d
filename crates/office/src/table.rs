//! Reading an uploaded CSV or XLSX file into a header and rows of strings.
//!
//! This layer knows nothing about units: it only guarantees a rectangular
//! grid of trimmed strings (every row has exactly `header.len()` cells) and
//! row numbers that match what the user sees in Excel, so that validation
//! errors further up can say "row 17" and be right. It takes the first
//! non-blank row for the header; a reader that knows its columns may find
//! the real header further down, below title rows (see
//! [`crate::columns::HEADER_SEARCH_ROWS`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, ExcelDateTime, Reader, SheetType, SheetVisible, Xlsx, XlsxCellReader};

/// Largest upload accepted, checked before any parsing so a hostile or
/// mistaken upload cannot make us allocate much.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// Most data rows (header excluded, blank rows not counted) in one import;
/// far above any real province, low enough to bound memory and work.
pub const MAX_IMPORT_ROWS: usize = 50_000;

/// Most columns in one import.
///
/// A compressed XLSX can place a single cell at column XFD; without a cap the
/// padded grid would be 16 384 cells wide on every row.
pub const MAX_IMPORT_COLUMNS: usize = 256;

/// The UTF-8 byte order mark Excel writes in front of "CSV UTF-8" files.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Every XLSX file is a zip archive, and every zip archive starts with this.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The file formats an import can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableFormat {
    Csv,
    Xlsx,
}

impl TableFormat {
    /// Chooses the format from an uploaded file's name (`.csv` or `.xlsx`,
    /// any case, since Windows users often end up with `DANH_SACH.XLSX`).
    #[must_use]
    pub fn from_file_name(name: &str) -> Option<TableFormat> {
        let (_, extension) = name.rsplit_once('.')?;
        if extension.eq_ignore_ascii_case("csv") {
            Some(TableFormat::Csv)
        } else if extension.eq_ignore_ascii_case("xlsx") {
            Some(TableFormat::Xlsx)
        } else {
            None
        }
    }

    /// Guesses the format from the content, for uploads whose name is
    /// missing or wrong.
    ///
    /// Anything starting with the zip magic is taken for XLSX; any other
    /// valid UTF-8 text for CSV. Everything else (legacy `.xls`, UTF-16 or
    /// Windows-1258 text) is `None`, so the caller can ask for a re-save
    /// instead of importing mojibake.
    #[must_use]
    pub fn sniff(bytes: &[u8]) -> Option<TableFormat> {
        if bytes.starts_with(ZIP_MAGIC) {
            Some(TableFormat::Xlsx)
        } else if std::str::from_utf8(bytes).is_ok() {
            Some(TableFormat::Csv)
        } else {
            None
        }
    }
}

/// A file read as a header row followed by data rows.
///
/// Every row, the header included, has the same number of cells. Cells are
/// trimmed, and rows whose cells are all empty are left out.
///
/// The header is the first non-blank row. Official annexes often have title
/// rows above their real header; the unit and task readers look for it among
/// the first rows, so for them the rows above it are neither header nor data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    /// Spreadsheet row number of `header`, as in [`TableRow::number`].
    pub header_row: usize,
    pub rows: Vec<TableRow>,
    /// 0-based spreadsheet column of `header[0]` (0 is column A).
    ///
    /// Always 0 for CSV; an XLSX grid starts at the leftmost used column,
    /// which need not be A. Kept so messages can name the column letter the
    /// official sees, see [`Table::column_letter`].
    pub first_column: usize,
}

impl Table {
    /// The spreadsheet letter ("A", "B", ..., "AA") of the column at `index`
    /// in this table's rows.
    #[must_use]
    pub fn column_letter(&self, index: usize) -> String {
        column_letter(self.first_column.saturating_add(index))
    }
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based row number as the user sees it in a spreadsheet (the header is
    /// normally row 1); skipped blank rows still count.
    pub number: usize,
    pub cells: Vec<String>,
    /// Indexes into `cells` of XLSX cells stored as numbers and shown without
    /// a zero-padding number format, in ascending order.
    ///
    /// Their text is the number's digits, so any leading zero the official
    /// typed ("08050") was already dropped by Excel ("8050"). A reader of
    /// codes uses this to refuse such cells instead of guessing. Always empty
    /// for CSV, whose cells are all text.
    pub numeric: Vec<usize>,
}

/// The spreadsheet letter of a 0-based column: 0 is "A", 25 "Z", 26 "AA".
#[must_use]
pub fn column_letter(index: usize) -> String {
    // Bijective base 26: there is no zero digit, so "Z" is followed by "AA".
    let mut letters = Vec::new();
    let mut rest = index.saturating_add(1);
    while rest > 0 {
        letters.push(char::from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(rest - 1) % 26]));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Why a file could not be read as a table.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TableError {
    #[error("file is larger than {limit_bytes} bytes")]
    TooLarge { limit_bytes: usize },
    #[error("file has more than {limit} data rows")]
    TooManyRows { limit: usize },
    #[error("file contains no header row")]
    Empty,
    #[error("row {row} is not valid UTF-8 text")]
    NotUtf8 { row: usize },
    #[error("row {row} is not valid CSV: {detail}")]
    MalformedCsv { row: usize, detail: String },
    #[error("file is not a readable XLSX workbook: {detail}")]
    UnreadableXlsx { detail: String },
    #[error("workbook contains no worksheet")]
    NoSheet,
}

/// Reads an uploaded file into a [`Table`].
///
/// The first non-blank row is the header (see [`Table`] for title rows
/// above the real one). The size limit is checked before anything else is
/// looked at.
///
/// # Errors
///
/// Any [`TableError`]: the file is too large or has too many rows, has no
/// header, or is not valid CSV/XLSX. Errors about a row carry its number.
pub fn read_table(bytes: &[u8], format: TableFormat) -> Result<Table, TableError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(TableError::TooLarge { limit_bytes: MAX_IMPORT_BYTES });
    }
    match format {
        TableFormat::Csv => read_csv(bytes),
        TableFormat::Xlsx => read_xlsx(bytes),
    }
}

/// Collects numbered rows into a [`Table`]: drops blank rows, takes the
/// first remaining one as header and enforces the row limit.
///
/// Both formats feed rows through here so they agree on what "blank",
/// "header" and "too many" mean.
#[derive(Default)]
struct TableBuilder {
    /// The header's row number and cells.
    header: Option<(usize, Vec<String>)>,
    rows: Vec<TableRow>,
}

impl TableBuilder {
    /// Adds a row, unless it is blank.
    fn push(&mut self, number: usize, cells: Vec<String>, numeric: Vec<usize>) -> Result<(), TableError> {
        if cells.iter().all(String::is_empty) {
            return Ok(());
        }
        if self.header.is_none() {
            self.header = Some((number, cells));
            return Ok(());
        }
        if self.rows.len() == MAX_IMPORT_ROWS {
            return Err(TableError::TooManyRows { limit: MAX_IMPORT_ROWS });
        }
        self.rows.push(TableRow { number, cells, numeric });
        Ok(())
    }

    fn header_len(&self) -> Option<usize> {
        self.header.as_ref().map(|(_, cells)| cells.len())
    }

    fn finish(self, first_column: usize) -> Result<Table, TableError> {
        let (header_row, header) = self.header.ok_or(TableError::Empty)?;
        Ok(Table { header, header_row, rows: self.rows, first_column })
    }
}

// ---------------------------------------------------------------- CSV ----

fn read_csv(bytes: &[u8]) -> Result<Table, TableError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        // Field counts are checked here so the error names the row.
        .flexible(true)
        .delimiter(detect_delimiter(bytes))
        .from_reader(bytes);

    let mut builder = TableBuilder::default();
    let mut numbering = CsvRowNumbering::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                return Err(TableError::MalformedCsv { row: numbering.next_row, detail: error.to_string() });
            }
        }
        let row = numbering.number(bytes, &record);
        let cells = csv_cells(&record, row)?;
        check_csv_width(&builder, &cells, row)?;
        builder.push(row, cells, Vec::new())?;
    }
    builder.finish(0)
}

/// Picks ',' or ';' by counting both, outside quotes, in the first
/// non-blank line.
///
/// Excel in a Vietnamese locale uses ',' as the decimal separator and
/// therefore saves "CSV" with ';'; files made elsewhere use ','. The header
/// holds no numbers, so it is the safest line to judge by.
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let (mut commas, mut semicolons) = (0_usize, 0_usize);
    let mut in_quotes = false;
    let mut seen_content = false;
    for &byte in bytes {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => commas += 1,
            b';' if !in_quotes => semicolons += 1,
            b'\n' if !in_quotes && seen_content => break,
            _ => {}
        }
        seen_content |= !byte.is_ascii_whitespace();
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Turns csv records into spreadsheet row numbers.
///
/// The csv crate silently skips empty lines and lets a quoted field span
/// several lines, so neither its record count nor its line number is the row
/// Excel shows. A record is one row, and each empty line skipped before it
/// is one more; those are counted from the raw bytes.
struct CsvRowNumbering {
    /// Row number the next record gets if no empty lines precede it.
    next_row: usize,
}

impl CsvRowNumbering {
    fn new() -> Self {
        Self { next_row: 1 }
    }

    /// Numbers a record just read from `bytes` and advances past it.
    fn number(&mut self, bytes: &[u8], record: &csv::ByteRecord) -> usize {
        let start = record.position().and_then(|position| usize::try_from(position.byte()).ok()).unwrap_or(0);
        let row = self.next_row.saturating_add(empty_lines_at(bytes, start));
        self.next_row = row.saturating_add(1);
        row
    }
}

/// Counts the empty lines the csv reader skipped before the record that it
/// says starts at byte `start`.
///
/// That position is where the previous record stopped, which for a CRLF
/// terminator is between the `\r` and the `\n`; that leftover `\n` ends the
/// previous row, not an empty one. Every further `\r\n`, `\n` or lone `\r`
/// before the record's first byte is an empty row.
fn empty_lines_at(bytes: &[u8], start: usize) -> usize {
    let rest = bytes.get(start..).unwrap_or_default();
    let after_cr = start.checked_sub(1).and_then(|index| bytes.get(index)) == Some(&b'\r');
    let rest = match rest.strip_prefix(b"\n") {
        Some(tail) if after_cr => tail,
        _ => rest,
    };
    let breaks = rest.iter().take_while(|&&byte| byte == b'\r' || byte == b'\n').count();
    let crlf_pairs = rest[..breaks].windows(2).filter(|pair| pair == b"\r\n").count();
    breaks - crlf_pairs
}

fn csv_cells(record: &csv::ByteRecord, row: usize) -> Result<Vec<String>, TableError> {
    record
        .iter()
        .map(|field| {
            std::str::from_utf8(field).map(|text| text.trim().to_owned()).map_err(|_| TableError::NotUtf8 { row })
        })
        .collect()
}

/// Rejects rows whose field count differs from the header's (usually an
/// unquoted delimiter inside a name), and headers wider than the column cap.
/// Blank rows are let through; the builder drops them anyway.
fn check_csv_width(builder: &TableBuilder, cells: &[String], row: usize) -> Result<(), TableError> {
    if cells.iter().all(String::is_empty) {
        return Ok(());
    }
    match builder.header_len() {
        None if cells.len() > MAX_IMPORT_COLUMNS => Err(TableError::MalformedCsv {
            row,
            detail: format!("{} columns, more than the limit of {MAX_IMPORT_COLUMNS}", cells.len()),
        }),
        Some(expected) if cells.len() != expected => {
            Err(TableError::MalformedCsv { row, detail: format!("expected {expected} fields, found {}", cells.len()) })
        }
        _ => Ok(()),
    }
}

// --------------------------------------------------------------- XLSX ----

/// A non-empty cell as read from a sheet.
struct SheetCell {
    text: String,
    /// Stored as a number without a zero-padding format; see [`TableRow::numeric`].
    numeric: bool,
}

/// Non-empty cells of a sheet by 0-based row, then 0-based column.
type SparseSheet = BTreeMap<u32, BTreeMap<u32, SheetCell>>;

fn read_xlsx(bytes: &[u8]) -> Result<Table, TableError> {
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let sheet = first_worksheet(&workbook).ok_or(TableError::NoSheet)?;
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(unreadable)?;
    let sparse = collect_cells(&mut cells)?;
    sparse_to_table(sparse)
}

fn unreadable(error: calamine::XlsxError) -> TableError {
    TableError::UnreadableXlsx { detail: error.to_string() }
}

/// The first visible worksheet, else the first worksheet at all.
///
/// Chart sheets have no cells, and a hidden first sheet is usually a lookup
/// list rather than the data the official meant to upload.
fn first_worksheet<R: std::io::Read + std::io::Seek>(workbook: &Xlsx<R>) -> Option<String> {
    let worksheets = || workbook.sheets_metadata().iter().filter(|sheet| sheet.typ == SheetType::WorkSheet);
    worksheets()
        .find(|sheet| sheet.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|sheet| sheet.name.clone())
}

/// Streams the sheet's non-empty cells into a sparse map.
///
/// Streaming rather than `worksheet_range` keeps memory proportional to the
/// cells actually filled in: a range is allocated densely from its first to
/// its last cell, which a 10 MB upload can make enormous. Limits are enforced
/// while reading so an oversized sheet is rejected early.
fn collect_cells<R: std::io::Read + std::io::Seek>(
    reader: &mut XlsxCellReader<'_, R>,
) -> Result<SparseSheet, TableError> {
    let mut sheet = SparseSheet::new();
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(unreadable)? {
        let value = cell.get_value();
        let padded =
            reader.styles().get(style).and_then(zero_padding_width).and_then(|width| padded_digits(value, width));
        let numeric = is_number(value) && padded.is_none();
        let text = padded.map_or_else(|| cell_text(value), Cow::Owned);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        if usize::try_from(column).map_or(true, |column| column >= MAX_IMPORT_COLUMNS) {
            return Err(TableError::UnreadableXlsx {
                detail: format!("row {} has a value beyond column {MAX_IMPORT_COLUMNS}", u64::from(row) + 1),
            });
        }
        sheet.entry(row).or_default().insert(column, SheetCell { text: text.to_owned(), numeric });
        // The header is one of the entries, hence the `+ 1`.
        if sheet.len() > MAX_IMPORT_ROWS + 1 {
            return Err(TableError::TooManyRows { limit: MAX_IMPORT_ROWS });
        }
    }
    Ok(sheet)
}

/// Lays the sparse cells out as a rectangular table.
///
/// The grid starts at the leftmost used column, since sheets often leave
/// column A empty or start the list lower down, and is as wide as the widest
/// row, so no value is silently dropped.
fn sparse_to_table(sheet: SparseSheet) -> Result<Table, TableError> {
    let used_columns = sheet.values().flat_map(|row| row.keys().copied());
    let (Some(first), Some(last)) = (used_columns.clone().min(), used_columns.max()) else {
        return Err(TableError::Empty);
    };
    let mut builder = TableBuilder::default();
    for (row, mut cells) in sheet {
        let mut dense = Vec::new();
        let mut numeric = Vec::new();
        for (index, column) in (first..=last).enumerate() {
            let cell = cells.remove(&column);
            if cell.as_ref().is_some_and(|cell| cell.numeric) {
                numeric.push(index);
            }
            dense.push(cell.map(|cell| cell.text).unwrap_or_default());
        }
        builder.push(sheet_row_number(row), dense, numeric)?;
    }
    // Columns are capped at MAX_IMPORT_COLUMNS, so this always fits.
    builder.finish(usize::try_from(first).unwrap_or(usize::MAX))
}

/// Converts calamine's 0-based row index into the number Excel displays.
fn sheet_row_number(row: u32) -> usize {
    usize::try_from(row).map_or(usize::MAX, |row| row.saturating_add(1))
}

/// Renders a cell the way an official would read it back.
///
/// Numbers keep no trailing ".0" (a code typed as the number 1 must read
/// "1", not "1.0"), and dates become ISO `yyyy-mm-dd`. Zero-padded numbers
/// are handled before, by [`padded_digits`].
fn cell_text<'a>(value: &'a DataRef<'_>) -> Cow<'a, str> {
    match value {
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => Cow::Borrowed(text),
        DataRef::SharedString(text) => Cow::Borrowed(text),
        DataRef::Int(number) => Cow::Owned(number.to_string()),
        DataRef::Float(number) => Cow::Owned(float_text(*number)),
        DataRef::Bool(flag) => Cow::Borrowed(if *flag { "true" } else { "false" }),
        DataRef::DateTime(datetime) => Cow::Owned(datetime_text(datetime)),
        DataRef::Error(error) => Cow::Owned(error.to_string()),
        DataRef::Empty => Cow::Borrowed(""),
    }
}

fn is_number(value: &DataRef<'_>) -> bool {
    matches!(value, DataRef::Int(_) | DataRef::Float(_))
}

/// The width of a number format that pads whole numbers with leading zeros,
/// such as "00000": the usual way to keep a code like 08050 typed as a
/// number. Only formats made of zeros alone qualify, so what we render is
/// exactly what Excel displays.
fn zero_padding_width(style: &calamine::Style) -> Option<usize> {
    let code = style.number_format.as_ref()?.format_code.as_str();
    (!code.is_empty() && code.bytes().all(|byte| byte == b'0')).then_some(code.len())
}

/// A non-negative whole number written with the padding its format asks for.
///
/// Numbers with a fraction, negative ones and ones beyond 2^53 (where an f64
/// no longer holds every whole number exactly) are left to plain rendering.
fn padded_digits(value: &DataRef<'_>, width: usize) -> Option<String> {
    const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;
    let whole = match value {
        DataRef::Int(number) => u64::try_from(*number).ok()?,
        // The range check makes the cast exact: no fraction, no sign, no overflow.
        DataRef::Float(number) if number.fract() == 0.0 && (0.0..EXACT_LIMIT).contains(number) => *number as u64,
        _ => return None,
    };
    Some(format!("{whole:0width$}"))
}

/// The shortest text that reads back as the same number.
///
/// Rust's float formatting already prints `1.0` as "1" and `1.5` as "1.5";
/// only negative zero needs help.
fn float_text(number: f64) -> String {
    if number == 0.0 { "0".to_owned() } else { number.to_string() }
}

/// ISO 8601 text for an Excel date: date only when there is no time of day.
/// Durations have no calendar meaning and are given as their raw value.
fn datetime_text(datetime: &ExcelDateTime) -> String {
    if datetime.is_duration() {
        return datetime.as_f64().to_string();
    }
    let (year, month, day, hour, minute, second, milli) = datetime.to_ymd_hms_milli();
    if (hour, minute, second, milli) == (0, 0, 0, 0) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_judged_on_the_first_non_blank_line_outside_quotes() {
        assert_eq!(detect_delimiter(b"a;b;c\n1,2,3,4\n"), b';');
        assert_eq!(detect_delimiter(b"a,b\n1;2;3\n"), b',');
        assert_eq!(detect_delimiter(b"\n\n\"x;y;z\",b\n"), b',');
        assert_eq!(detect_delimiter(b""), b',');
    }

    #[test]
    fn empty_lines_are_counted_once_per_terminator() {
        // The record starts right after the previous record's terminator...
        assert_eq!(empty_lines_at(b"a\nb", 2), 0);
        assert_eq!(empty_lines_at(b"a\n\n\nb", 2), 2);
        // ...or, for CRLF, between its CR and LF.
        assert_eq!(empty_lines_at(b"a\r\nb", 2), 0);
        assert_eq!(empty_lines_at(b"a\r\n\r\n\nb", 2), 2);
        assert_eq!(empty_lines_at(b"a\r\r\rb", 2), 2);
        assert_eq!(empty_lines_at(b"\n\r\nb", 0), 2);
        assert_eq!(empty_lines_at(b"ab", 9), 0);
    }

    #[test]
    fn column_letters_count_like_excel() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383].map(column_letter).into();
        assert_eq!(letters, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    }

    #[test]
    fn floats_lose_only_a_zero_fraction() {
        assert_eq!(float_text(1.0), "1");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(1.5), "1.5");
        assert_eq!(float_text(0.1), "0.1");
    }
}
