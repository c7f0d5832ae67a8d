//! Exporting entered values with their targets, as XLSX or CSV.
//!
//! The layout is [`crate::export`]'s. The unit code, indicator code,
//! period (its stable label) and value (as displayed) columns carry the
//! reader's headers, so an exported sheet can be corrected and uploaded
//! again through [`super::read_value_rows`].

use jiff::civil::Date;
use nqtrack_domain::indicator::SubmissionState;
use nqtrack_domain::period::Period;

use super::field_header;
use crate::OfficeError;
use crate::export::{Cell, Sheet, write_csv, write_xlsx};

/// The tab name of [`values_xlsx`].
pub const EXPORT_TITLE: &str = "Số liệu chỉ tiêu";

/// One value of one unit for one indicator and period.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueExportRow {
    pub unit_code: String,
    pub unit_name: String,
    pub indicator_code: String,
    /// The Vietnamese name.
    pub indicator_name: String,
    /// May be empty.
    pub unit_of_measure: String,
    /// Written as its stable label (`2026-Q3`).
    pub period: Period,
    /// The value as the pages display it ("1.234,5", "95,5 %", "Có",
    /// "12/40"); empty when none was entered. Text in the CSV, so a
    /// negative number there gets the leading apostrophe that keeps Excel
    /// from reading it as a formula (see [`crate::export::write_csv`]).
    pub value: String,
    pub target: Option<f64>,
    /// Achievement against the target, in percent; rounded to two decimals
    /// for the sheet.
    pub achievement: Option<f64>,
    /// `None` when the unit has no submission yet.
    pub state: Option<SubmissionState>,
    /// When the unit submitted the value; shown dd/mm/yyyy.
    pub submitted_on: Option<Date>,
    pub comment: String,
}

/// The Vietnamese name of a submission state, as the web pages show it.
#[must_use]
pub fn state_label(state: SubmissionState) -> &'static str {
    match state {
        SubmissionState::Draft => "Đang nhập",
        SubmissionState::Submitted => "Đã gửi, chờ duyệt",
        SubmissionState::Approved => "Đã duyệt",
        SubmissionState::Returned => "Bị trả lại để chỉnh sửa",
    }
}

/// The values as a sheet titled `title`, with Vietnamese headers.
#[must_use]
pub fn values_sheet(title: &str, rows: &[ValueExportRow]) -> Sheet {
    let headers = [
        field_header("unit_code"),
        "Tên đơn vị",
        field_header("indicator_code"),
        "Tên chỉ tiêu",
        "Đơn vị tính",
        field_header("period"),
        field_header("value"),
        "Mục tiêu",
        "Tỷ lệ đạt (%)",
        "Trạng thái",
        "Ngày gửi",
        field_header("comment"),
    ]
    .map(str::to_owned)
    .to_vec();
    Sheet { title: title.to_owned(), headers, rows: rows.iter().map(cells).collect() }
}

/// The values as an XLSX workbook of one sheet, [`EXPORT_TITLE`].
///
/// # Errors
///
/// [`OfficeError::SheetTooLarge`] beyond an Excel sheet's rows,
/// [`OfficeError::CellTooLong`] for a text longer than an Excel cell holds.
pub fn values_xlsx(rows: &[ValueExportRow]) -> Result<Vec<u8>, OfficeError> {
    write_xlsx(&values_sheet(EXPORT_TITLE, rows))
}

/// The values as CSV (UTF-8 with a byte order mark, dates dd/mm/yyyy).
#[must_use]
pub fn values_csv(rows: &[ValueExportRow]) -> Vec<u8> {
    write_csv(&values_sheet(EXPORT_TITLE, rows))
}

fn cells(row: &ValueExportRow) -> Vec<Cell> {
    let text = |value: &str| if value.is_empty() { Cell::Empty } else { Cell::Text(value.to_owned()) };
    let number = |value: Option<f64>| value.filter(|x| x.is_finite()).map_or(Cell::Empty, Cell::Number);
    vec![
        text(&row.unit_code),
        text(&row.unit_name),
        text(&row.indicator_code),
        text(&row.indicator_name),
        text(&row.unit_of_measure),
        Cell::Text(row.period.label()),
        text(&row.value),
        number(row.target),
        number(row.achievement.map(|percent| (percent * 100.0).round() / 100.0)),
        row.state.map_or(Cell::Empty, |state| Cell::Text(state_label(state).to_owned())),
        row.submitted_on.map_or(Cell::Empty, Cell::Date),
        text(&row.comment),
    ]
}
