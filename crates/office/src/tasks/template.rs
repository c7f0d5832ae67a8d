//! The task annex template officials download, fill in and upload again.
//!
//! Its headers are the first alias of each field the reader accepts
//! ([`super::FIELDS`]), so the two cannot drift apart; a test reads the
//! template back. The first sheet holds one example row, the second
//! ("Hướng dẫn") explains every column in Vietnamese, and a hidden third
//! ("Danh mục") holds the values of the dropdowns.

use jiff::civil::date;
use nqtrack_domain::task::{Confidentiality, Field, Priority, TaskKind};
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Formula, Workbook, Worksheet};

use super::FIELDS;
use crate::OfficeError;
use crate::columns::FieldSpec;
use crate::export::{Cell, Sheet, Styles, add_sheet, cell_error, column_number, save, xlsx_error};
use crate::table::column_letter;

/// The columns offered with a dropdown, and their values: the domain's
/// Vietnamese names (`label_vi`), which are the words the task pages show
/// and which the importer reads back, so none of the three can disagree.
fn dropdowns() -> [(&'static str, Vec<&'static str>); 4] {
    [
        ("kind", TaskKind::ALL.iter().map(|kind| kind.label_vi()).collect()),
        ("field", Field::ALL.iter().map(|field| field.label_vi()).collect()),
        ("priority", Priority::ALL.iter().map(|priority| priority.label_vi()).collect()),
        ("confidentiality", Confidentiality::ALL.iter().map(|level| level.label_vi()).collect()),
    ]
}

/// The dropdown values of the field named `name`; empty if it has none.
fn dropdown_values(name: &str) -> Vec<&'static str> {
    dropdowns().into_iter().find(|(field, _)| *field == name).map(|(_, values)| values).unwrap_or_default()
}

/// The hidden sheet holding the dropdowns' values. A dropdown's values are
/// a range of it rather than a list written into the rule, since Excel
/// splits such a list on commas ("Thể chế, chính sách").
const LISTS_SHEET: &str = "Danh mục";

/// Data rows offered with dropdowns and text or date formats: far more than
/// one plan's annex, few enough to keep the file small.
const PREPARED_ROWS: u32 = 1000;

/// Marks a required column's header; folding ignores it when reading.
const REQUIRED_MARK: &str = " (*)";

/// Builds the task annex template.
///
/// # Errors
///
/// Only if the XLSX writer refuses the fixed content, which the tests rule
/// out.
pub fn task_template_xlsx() -> Result<Vec<u8>, OfficeError> {
    let mut workbook = Workbook::new();
    let example = example_row();
    let sheet = Sheet { title: "Nhiệm vụ".to_owned(), headers: headers(), rows: vec![example.clone()] };
    let tasks = add_sheet(&mut workbook, &sheet)?;
    prepare_task_columns(tasks, &example)?;
    add_sheet(&mut workbook, &guide_sheet())?;
    add_sheet(&mut workbook, &lists_sheet())?.set_hidden(true);
    save(&mut workbook)
}

/// "STT" and then each field's template header, in reading order.
fn headers() -> Vec<String> {
    let fields = FIELDS.iter().map(|spec| {
        let header = field_header(spec);
        if spec.required { format!("{header}{REQUIRED_MARK}") } else { header.to_owned() }
    });
    std::iter::once("STT".to_owned()).chain(fields).collect()
}

/// The example: a task every commune received under Resolution 57, here
/// for Xã Ngọc Đường (00700, Tuyên Quang) with two neighbouring wards.
fn example_row() -> Vec<Cell> {
    let text = |value: &str| Cell::Text(value.to_owned());
    vec![
        Cell::Integer(1),
        text("TQ-57-001"),
        text(
            "Hoàn thành việc thành lập Ban Chỉ đạo cấp xã về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        ),
        text(
            "Ban hành quyết định thành lập Ban Chỉ đạo, quy chế làm việc và phân công nhiệm vụ các thành viên; \
             báo cáo kết quả về Ban Chỉ đạo tỉnh.",
        ),
        text("Mục III.1"),
        text("00700"),
        text("00691; 00694"),
        text(TaskKind::Deadline.label_vi()),
        Cell::Date(date(2025, 8, 15)),
        Cell::Empty,
        text("Quyết định thành lập Ban Chỉ đạo; Quy chế làm việc của Ban Chỉ đạo"),
        text("Ban Chỉ đạo cấp xã được thành lập và đi vào hoạt động"),
        text(Field::Institutions.label_vi()),
        text(Priority::High.label_vi()),
        text(Confidentiality::Internal.label_vi()),
        text("Nguyễn Văn An"),
    ]
}

/// Sheet column of a field: column A is STT, then the fields in order.
fn column_of(name: &str) -> Result<u16, OfficeError> {
    let index = FIELDS
        .iter()
        .position(|spec| spec.name == name)
        .ok_or_else(|| OfficeError::Xlsx { detail: format!("the template has no column for {name}") })?;
    column_number(index + 1)
}

/// Formats the empty rows for what they will hold, and offers dropdowns.
fn prepare_task_columns(worksheet: &mut Worksheet, example: &[Cell]) -> Result<(), OfficeError> {
    // Text format keeps the leading zeros of codes typed as "00700"; a
    // General cell would make them the number 700.
    let code = Styles::new().text.set_num_format("@");
    for name in ["code", "presiding", "coordinating"] {
        let column = column_of(name)?;
        worksheet.set_column_format(column, &code).map_err(xlsx_error)?;
        // The example cell gets the column's format too, so typing over it
        // keeps the zeros as well.
        if let Some(Cell::Text(value)) = example.get(usize::from(column)) {
            worksheet
                .write_string_with_format(1, column, value, &code)
                .map_err(|error| cell_error(error, 1, column))?;
        }
    }
    worksheet.set_column_format(column_of("deadline")?, &Styles::new().date).map_err(xlsx_error)?;
    for (index, (name, values)) in dropdowns().iter().enumerate() {
        add_dropdown(worksheet, column_of(name)?, &list_range(index, values.len()))?;
    }
    Ok(())
}

/// A dropdown of the Vietnamese values in `range` of the lists sheet. A
/// warning rather than a refusal on other input, since the reader also
/// takes English and unaccented values.
fn add_dropdown(worksheet: &mut Worksheet, column: u16, range: &str) -> Result<(), OfficeError> {
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(range))
        .set_error_message("Giá trị này không có trong danh sách của mẫu.")
        .map_err(xlsx_error)?
        .set_error_style(DataValidationErrorStyle::Warning);
    worksheet.add_data_validation(1, column, PREPARED_ROWS, column, &validation).map_err(xlsx_error)?;
    Ok(())
}

/// The cells of the lists sheet holding the `index`-th dropdown's `count`
/// values: its column, below the header.
fn list_range(index: usize, count: usize) -> String {
    let column = column_letter(index);
    format!("='{LISTS_SHEET}'!${column}$2:${column}${}", count + 1)
}

/// One column per dropdown, headed by the field's template header.
fn lists_sheet() -> Sheet {
    let lists = dropdowns();
    let headers = lists.iter().map(|(name, _)| template_header(name)).collect();
    let longest = lists.iter().map(|(_, values)| values.len()).max().unwrap_or(0);
    let rows = (0..longest)
        .map(|row| {
            lists
                .iter()
                .map(|(_, values)| values.get(row).map_or(Cell::Empty, |v| Cell::Text((*v).to_owned())))
                .collect()
        })
        .collect();
    Sheet { title: LISTS_SHEET.to_owned(), headers, rows }
}

/// The template header of a field, without the required mark: its first
/// alias.
fn field_header(spec: &FieldSpec) -> &'static str {
    spec.aliases.first().copied().unwrap_or(spec.name)
}

/// [`field_header`] of the field named `name`.
fn template_header(name: &str) -> String {
    FIELDS.iter().find(|spec| spec.name == name).map_or(name, |spec| field_header(spec)).to_owned()
}

fn guide_sheet() -> Sheet {
    let headers = ["Cột", "Bắt buộc", "Cách ghi", "Giá trị hợp lệ, ví dụ"].map(str::to_owned).to_vec();
    let stt = guide_row("STT", false, "Số thứ tự, chỉ để tiện theo dõi; hệ thống bỏ qua cột này.", "1, 2, 3...");
    let mut rows = vec![stt];
    rows.extend(FIELDS.iter().zip(headers_of_fields()).map(|(spec, header)| field_guide(spec, &header)));
    rows.push(guide_row(
        "Lưu ý",
        false,
        "Giữ nguyên dòng tiêu đề; mỗi dòng bên dưới là một nhiệm vụ, có thể xóa dòng ví dụ. Cột có dấu (*) là bắt \
         buộc. Tải lên tệp .xlsx hoặc .csv (UTF-8).",
        "",
    ));
    Sheet { title: "Hướng dẫn".to_owned(), headers, rows }
}

/// The template headers of the fields alone (without STT).
fn headers_of_fields() -> Vec<String> {
    headers().into_iter().skip(1).collect()
}

fn guide_row(column: &str, required: bool, how: &str, values: &str) -> Vec<Cell> {
    let yes_no = if required { "Có" } else { "Không" };
    [column, yes_no, how, values].map(|text| Cell::Text(text.to_owned())).to_vec()
}

fn field_guide(spec: &FieldSpec, header: &str) -> Vec<Cell> {
    let (how, values) = explain(spec.name);
    guide_row(header, spec.required, how, &values)
}

/// What to write in a column, and its accepted values or an example.
fn explain(field: &str) -> (&'static str, String) {
    let list = |values: &[&str]| values.join("; ");
    match field {
        "code" => (
            "Mã riêng của nhiệm vụ: chữ cái không dấu, chữ số và các ký tự . - _ /, tối đa 64 ký tự. Để trống thì hệ \
             thống tự sinh mã theo đơn vị giao.",
            "TQ-57-001".to_owned(),
        ),
        "title" => {
            ("Tên ngắn gọn của nhiệm vụ, tối đa 500 ký tự.", "Hoàn thành việc thành lập Ban Chỉ đạo cấp xã".to_owned())
        }
        "content" => ("Nội dung cụ thể cần thực hiện.", String::new()),
        "clause" => ("Mục, điều, khoản của văn bản giao nhiệm vụ.", "Mục III.1".to_owned()),
        "presiding" => (
            "Mã đơn vị chủ trì thực hiện, theo mã đơn vị trong hệ thống (tỉnh 2 chữ số, xã, phường 5 chữ số theo danh \
             mục hành chính). Cột đã định dạng Text để giữ số 0 ở đầu; nếu dán từ nơi khác, đặt định dạng ô là Text \
             hoặc gõ dấu ' trước mã.",
            "00700".to_owned(),
        ),
        "coordinating" => (
            "Mã các đơn vị phối hợp, cách nhau bằng dấu chấm phẩy (;) hoặc dấu phẩy (,); để trống nếu không có.",
            "00691; 00694".to_owned(),
        ),
        "kind" => (
            "Có thời hạn: một thời hạn hoàn thành. Định kỳ hằng tháng, hằng quý, hằng năm: mỗi kỳ được đánh giá như \
             một nhiệm vụ có thời hạn. Thường xuyên: không có thời hạn, đánh giá theo việc báo cáo từng kỳ.",
            list(&dropdown_values(field)),
        ),
        "deadline" => (
            "Ngày phải hoàn thành, dạng ngày/tháng/năm hoặc ô ngày của Excel. Để trống với nhiệm vụ thường xuyên.",
            "15/08/2025".to_owned(),
        ),
        "working_days" => (
            "Thời hạn tính bằng số ngày làm việc kể từ ngày giao (không tính ngày nghỉ, ngày lễ), khi văn bản giao theo \
             số ngày thay vì ngày cụ thể.",
            "30".to_owned(),
        ),
        "product" => ("Sản phẩm phải có khi hoàn thành: quyết định, báo cáo, hệ thống...", String::new()),
        "key_results" => ("Kết quả chính cần đạt, nên đo được.", String::new()),
        "field" => ("Lĩnh vực của nhiệm vụ.", list(&dropdown_values(field))),
        "priority" => ("Mức độ ưu tiên.", list(&dropdown_values(field))),
        "confidentiality" => (
            "Mật: chỉ người có phạm vi gồm đơn vị giao hoặc đơn vị chủ trì mới xem được. Nội bộ: trong hệ thống. \
             Công khai: có thể công bố.",
            list(&dropdown_values(field)),
        ),
        "leader" => ("Họ tên lãnh đạo phụ trách, chỉ đạo nhiệm vụ.", "Nguyễn Văn An".to_owned()),
        _ => ("", String::new()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Parses every value with `parse` and checks they name every variant
    /// exactly once, so the template neither offers a value the app refuses
    /// nor leaves one out.
    fn covers<T: Ord + Copy + std::fmt::Debug, E: std::fmt::Debug>(
        values: &[&str],
        all: &[T],
        parse: impl Fn(&str) -> Result<T, E>,
    ) {
        let parsed: Vec<T> = values.iter().map(|value| parse(value).expect(value)).collect();
        let distinct: BTreeSet<T> = parsed.iter().copied().collect();
        assert_eq!(distinct.len(), parsed.len(), "two values mean the same: {values:?}");
        assert_eq!(distinct, all.iter().copied().collect(), "{values:?}");
    }

    #[test]
    fn offered_values_parse_and_cover_the_domain() {
        covers(&dropdown_values("kind"), TaskKind::ALL, |value| TaskKind::parse("kind", value));
        covers(&dropdown_values("field"), Field::ALL, |value| Field::parse("field", value));
        covers(&dropdown_values("priority"), Priority::ALL, |value| Priority::parse("priority", value));
        covers(&dropdown_values("confidentiality"), Confidentiality::ALL, |value| {
            Confidentiality::parse("confidentiality", value)
        });
    }

    #[test]
    fn list_ranges_name_the_hidden_sheets_columns() {
        assert_eq!(list_range(0, 5), "='Danh mục'!$A$2:$A$6");
        assert_eq!(list_range(1, 11), "='Danh mục'!$B$2:$B$12");
    }

    #[test]
    fn every_field_is_explained() {
        for spec in &FIELDS {
            assert!(!explain(spec.name).0.is_empty(), "{}", spec.name);
        }
    }

    #[test]
    fn the_example_fills_every_column() {
        assert_eq!(example_row().len(), headers().len());
    }
}
