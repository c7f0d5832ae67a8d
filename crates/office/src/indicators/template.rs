//! The template of a data collection round that units download, fill in and
//! upload again.
//!
//! The first sheet ("Nhập liệu") lists every unit × indicator pair of the
//! round in long format, with the value and comment left empty; its headers
//! for the fields the reader looks for are the reader's first aliases
//! ([`super::FIELDS`]), so the template reads back through
//! [`super::read_value_rows`] unchanged (a test checks it). The code,
//! period, value and comment columns are formatted as text: codes keep
//! their leading zeros, and a ratio typed as "3/4" does not become the 3rd
//! of April. The second sheet ("Hướng dẫn") gives the round's period and
//! due date and explains in Vietnamese how to write each kind of value and
//! which kind each indicator takes.
//!
//! Each row is one data row of the upload, so a template of more than
//! [`MAX_IMPORT_ROWS`](crate::table::MAX_IMPORT_ROWS) pairs could not be
//! uploaded back in one file: the caller should split it by unit.

use jiff::civil::Date;
use nqtrack_domain::indicator::{IndicatorDefinition, ValueType};
use nqtrack_domain::period::Period;
use rust_xlsxwriter::{Workbook, Worksheet};

use super::field_header;
use crate::OfficeError;
use crate::export::{Cell, Sheet, Styles, add_sheet, cell_error, column_number, save, xlsx_error};

/// What the template of one round needs.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundTemplate {
    /// The data set's name, shown in the guide; may be empty.
    pub title: String,
    /// Written in every row as its stable label (`2026-Q3`), which the app
    /// parses back; the guide names it in words ("quý III/2026").
    pub period: Period,
    /// The unit's due date, shown dd/mm/yyyy in the guide.
    pub due: Date,
    /// In the order the rows should follow.
    pub units: Vec<TemplateUnit>,
    /// In the order each unit's rows should follow.
    pub indicators: Vec<TemplateIndicator>,
}

/// A unit that reports in the round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateUnit {
    pub code: String,
    pub name: String,
}

/// An indicator entered in the round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateIndicator {
    pub code: String,
    /// The Vietnamese name.
    pub name: String,
    /// Printed after the value ("hồ sơ", "%"); may be empty.
    pub unit_of_measure: String,
    /// Decides the format the guide asks for.
    pub value_type: ValueType,
}

impl From<&IndicatorDefinition> for TemplateIndicator {
    fn from(definition: &IndicatorDefinition) -> Self {
        Self {
            code: definition.code.as_str().to_owned(),
            name: definition.name_vi.as_str().to_owned(),
            unit_of_measure: definition.unit_of_measure.clone(),
            value_type: definition.value_type,
        }
    }
}

/// The tab names.
const ENTRY_SHEET: &str = "Nhập liệu";
const GUIDE_SHEET: &str = "Hướng dẫn";

/// The entry sheet's columns: a field's name for those the reader looks
/// for (their header is the field's first alias), otherwise the header.
enum Column {
    Field(&'static str),
    Header(&'static str),
}

const COLUMNS: [Column; 8] = [
    Column::Field("unit_code"),
    Column::Header("Tên đơn vị"),
    Column::Field("indicator_code"),
    Column::Header("Tên chỉ tiêu"),
    Column::Header("Đơn vị tính"),
    Column::Field("period"),
    Column::Field("value"),
    Column::Field("comment"),
];

/// Columns formatted as text, by field name.
const TEXT_FIELDS: [&str; 5] = ["unit_code", "indicator_code", "period", "value", "comment"];

/// Widths (in characters) of the columns typed into, wider than their
/// empty content would get.
const ENTRY_WIDTHS: [(&str, f64); 2] = [("value", 16.0), ("comment", 40.0)];

/// The Vietnamese name of a value type, as the web pages show it.
#[must_use]
pub fn value_type_label(value_type: ValueType) -> &'static str {
    match value_type {
        ValueType::Number => "Số",
        ValueType::Percent => "Tỷ lệ phần trăm (%)",
        ValueType::YesNo => "Có/Không",
        ValueType::Ratio => "Tỷ số (tử số/mẫu số)",
    }
}

/// How to write a value of the type, and an example.
fn value_format(value_type: ValueType) -> (&'static str, &'static str) {
    match value_type {
        ValueType::Number => (
            "Ghi số; phần thập phân sau dấu phẩy (kiểu Việt Nam, có thể nhóm hàng nghìn bằng dấu chấm) hoặc sau dấu \
             chấm (không nhóm hàng nghìn). Lưu ý: 1.234 được hiểu là một phẩy hai ba bốn; số một nghìn hai trăm ba \
             mươi tư ghi là 1234 hoặc 1.234,0.",
            "1.234,5 hoặc 1234.5",
        ),
        ValueType::Percent => {
            ("Ghi số phần trăm từ 0 đến 100, có thể kèm dấu %; không ghi dạng 0,95 cho 95%.", "95,5 hoặc 95,5%")
        }
        ValueType::YesNo => ("Ghi Có hoặc Không.", "Có"),
        ValueType::Ratio => {
            ("Ghi tử số/mẫu số, cách nhau bằng dấu /; mẫu số lớn hơn 0 và không nhỏ hơn tử số.", "12/40")
        }
    }
}

/// Builds the template of a round.
///
/// # Errors
///
/// [`OfficeError::SheetTooLarge`] when the pairs exceed an Excel sheet,
/// [`OfficeError::CellTooLong`] for a name longer than an Excel cell holds.
pub fn round_template_xlsx(round: &RoundTemplate) -> Result<Vec<u8>, OfficeError> {
    let mut workbook = Workbook::new();
    let entry = entry_sheet(round);
    let worksheet = add_sheet(&mut workbook, &entry)?;
    prepare_entry_columns(worksheet, &entry)?;
    add_sheet(&mut workbook, &guide_sheet(round))?;
    save(&mut workbook)
}

fn headers() -> Vec<String> {
    COLUMNS
        .iter()
        .map(|column| match column {
            Column::Field(name) => field_header(name),
            Column::Header(header) => header,
        })
        .map(str::to_owned)
        .collect()
}

/// The sheet column of the field named `name`.
fn column_of(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|column| matches!(column, Column::Field(field) if *field == name))
}

fn entry_sheet(round: &RoundTemplate) -> Sheet {
    let text = |value: &str| Cell::Text(value.to_owned());
    let period = round.period.label();
    let rows = round
        .units
        .iter()
        .flat_map(|unit| {
            round.indicators.iter().map(|indicator| {
                vec![
                    text(&unit.code),
                    text(&unit.name),
                    text(&indicator.code),
                    text(&indicator.name),
                    text(&indicator.unit_of_measure),
                    text(&period),
                    Cell::Empty,
                    Cell::Empty,
                ]
            })
        })
        .collect();
    Sheet { title: ENTRY_SHEET.to_owned(), headers: headers(), rows }
}

/// Text format on the code, period, value and comment columns (the written
/// cells get it too, so typing over them keeps it), and room to type.
fn prepare_entry_columns(worksheet: &mut Worksheet, sheet: &Sheet) -> Result<(), OfficeError> {
    let text = Styles::new().text.set_num_format("@");
    for name in TEXT_FIELDS {
        let Some(index) = column_of(name) else { continue };
        let column = column_number(index)?;
        worksheet.set_column_format(column, &text).map_err(xlsx_error)?;
        for (row, cells) in (1_u32..).zip(&sheet.rows) {
            if let Some(Cell::Text(value)) = cells.get(index) {
                worksheet
                    .write_string_with_format(row, column, value, &text)
                    .map_err(|error| cell_error(error, row, column))?;
            }
        }
    }
    for (name, width) in ENTRY_WIDTHS {
        if let Some(index) = column_of(name) {
            worksheet.set_column_width(column_number(index)?, width).map_err(xlsx_error)?;
        }
    }
    Ok(())
}

fn guide_sheet(round: &RoundTemplate) -> Sheet {
    let text = |value: &str| Cell::Text(value.to_owned());
    let row = |topic: &str, how: &str, example: Cell| vec![text(topic), text(how), example];
    let mut rows = Vec::new();
    if !round.title.trim().is_empty() {
        rows.push(row("Bộ chỉ tiêu", &round.title, Cell::Empty));
    }
    rows.push(row(
        "Kỳ báo cáo",
        &format!("Số liệu {}. Cột {} ghi mã kỳ; giữ nguyên.", round.period.label_vi(), field_header("period")),
        text(&round.period.label()),
    ));
    rows.push(row("Hạn nộp", "Gửi số liệu chậm nhất vào ngày này.", Cell::Date(round.due)));
    rows.push(row(
        "Cách nhập",
        &format!(
            "Mỗi dòng của trang {ENTRY_SHEET} là một chỉ tiêu của một đơn vị trong kỳ. Chỉ ghi vào cột {} và cột {}; \
             giữ nguyên dòng tiêu đề và các cột khác. Để trống {} nếu chưa có số liệu. Tải lên tệp .xlsx hoặc .csv \
             (UTF-8).",
            field_header("value"),
            field_header("comment"),
            field_header("value"),
        ),
        Cell::Empty,
    ));
    for value_type in ValueType::ALL {
        let (how, example) = value_format(*value_type);
        rows.push(row(&format!("Kiểu giá trị: {}", value_type_label(*value_type)), how, text(example)));
    }
    for indicator in &round.indicators {
        let (_, example) = value_format(indicator.value_type);
        let measure = match indicator.unit_of_measure.trim() {
            "" => String::new(),
            measure => format!(" Đơn vị tính: {measure}."),
        };
        let how = format!("{}.{measure} Kiểu giá trị: {}.", indicator.name, value_type_label(indicator.value_type));
        rows.push(row(&format!("Chỉ tiêu {}", indicator.code), &how, text(example)));
    }
    let headers = ["Mục", "Hướng dẫn", "Ví dụ"].map(str::to_owned).to_vec();
    Sheet { title: GUIDE_SHEET.to_owned(), headers, rows }
}

#[cfg(test)]
mod tests {
    use nqtrack_domain::indicator::Value;

    use super::*;

    #[test]
    fn every_example_parses_as_its_type() {
        for value_type in ValueType::ALL {
            let (_, examples) = value_format(*value_type);
            for example in examples.split(" hoặc ") {
                let value = Value::parse("value", *value_type, example);
                assert!(value.as_ref().is_ok_and(|value| value.fits(*value_type)), "{example}: {value:?}");
            }
        }
    }

    #[test]
    fn the_guide_numbers_mean_what_it_says() {
        let number = |text| Value::parse("value", ValueType::Number, text).ok().and_then(Value::number);
        assert_eq!(number("1.234,5"), Some(1234.5));
        assert_eq!(number("1234.5"), Some(1234.5));
        assert_eq!(number("1.234"), Some(1.234));
        assert_eq!(number("1.234,0"), Some(1234.0));
        assert_eq!(Value::parse("value", ValueType::Percent, "95,5%"), Ok(Value::Number(95.5)));
    }

    #[test]
    fn every_field_has_a_column() {
        for spec in &super::super::FIELDS {
            assert!(column_of(spec.name).is_some(), "{}", spec.name);
        }
    }
}
