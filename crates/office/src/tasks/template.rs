//! The task annex template officials download, fill in and upload again.
//!
//! Its headers are the first alias of each field the reader accepts
//! ([`super::FIELDS`]), so the two cannot drift apart; a test reads the
//! template back. The first sheet holds one example row, the second
//! ("Hướng dẫn") explains every column in Vietnamese.

use jiff::civil::date;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Workbook, Worksheet};

use super::FIELDS;
use crate::OfficeError;
use crate::columns::FieldSpec;
use crate::export::{Cell, Sheet, Styles, add_sheet, cell_error, column_number, save, xlsx_error};

/// Accepted Vietnamese values, as `nqtrack_domain::task::*::parse` reads
/// them; a unit test checks every one parses and every variant is offered.
const KINDS: &[&str] = &["Có thời hạn", "Hằng tháng", "Hằng quý", "Hằng năm", "Thường xuyên"];
const FIELDS_OF_WORK: &[&str] = &[
    "Thể chế",
    "Hạ tầng số",
    "Dữ liệu",
    "Nguồn nhân lực",
    "Khoa học công nghệ",
    "Đổi mới sáng tạo",
    "Chính phủ số",
    "Kinh tế số",
    "Xã hội số",
    "An toàn thông tin",
    "Khác",
];
const PRIORITIES: &[&str] = &["Bình thường", "Cao", "Khẩn"];
const CONFIDENTIALITIES: &[&str] = &["Công khai", "Nội bộ", "Mật"];

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
    save(&mut workbook)
}

/// "STT" and then each field's template header, in reading order.
fn headers() -> Vec<String> {
    let fields = FIELDS.iter().map(|spec| {
        let header = spec.aliases.first().copied().unwrap_or(spec.name);
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
        text("Có thời hạn"),
        Cell::Date(date(2025, 8, 15)),
        Cell::Empty,
        text("Quyết định thành lập Ban Chỉ đạo; Quy chế làm việc của Ban Chỉ đạo"),
        text("Ban Chỉ đạo cấp xã được thành lập và đi vào hoạt động"),
        text("Thể chế"),
        text("Cao"),
        text("Nội bộ"),
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
    for (name, values) in
        [("kind", KINDS), ("field", FIELDS_OF_WORK), ("priority", PRIORITIES), ("confidentiality", CONFIDENTIALITIES)]
    {
        add_dropdown(worksheet, column_of(name)?, values)?;
    }
    Ok(())
}

/// A dropdown of the Vietnamese values. A warning rather than a refusal on
/// other input, since the reader also takes English and unaccented values.
fn add_dropdown(worksheet: &mut Worksheet, column: u16, values: &[&str]) -> Result<(), OfficeError> {
    let validation = DataValidation::new()
        .allow_list_strings(values)
        .and_then(|validation| validation.set_error_message("Giá trị này không có trong danh sách của mẫu."))
        .map_err(xlsx_error)?
        .set_error_style(DataValidationErrorStyle::Warning);
    worksheet.add_data_validation(1, column, PREPARED_ROWS, column, &validation).map_err(xlsx_error)?;
    Ok(())
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
            "Có thời hạn: một thời hạn hoàn thành. Hằng tháng, Hằng quý, Hằng năm: nhiệm vụ định kỳ, mỗi kỳ được \
             đánh giá như một nhiệm vụ có thời hạn. Thường xuyên: không có thời hạn, đánh giá theo việc báo cáo từng kỳ.",
            list(KINDS),
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
        "field" => ("Lĩnh vực của nhiệm vụ.", list(FIELDS_OF_WORK)),
        "priority" => ("Mức độ ưu tiên.", list(PRIORITIES)),
        "confidentiality" => (
            "Mật: chỉ người có phạm vi gồm đơn vị giao hoặc đơn vị chủ trì mới xem được. Nội bộ: trong hệ thống. \
             Công khai: có thể công bố.",
            list(CONFIDENTIALITIES),
        ),
        "leader" => ("Họ tên lãnh đạo phụ trách, chỉ đạo nhiệm vụ.", "Nguyễn Văn An".to_owned()),
        _ => ("", String::new()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use nqtrack_domain::task::{Confidentiality, Field, Priority, TaskKind};

    use super::*;

    /// Parses every value with `parse` and checks they name every variant
    /// exactly once, so the guide neither offers a value the app refuses nor
    /// leaves one out.
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
        covers(KINDS, TaskKind::ALL, |value| TaskKind::parse("kind", value));
        covers(FIELDS_OF_WORK, Field::ALL, |value| Field::parse("field", value));
        covers(PRIORITIES, Priority::ALL, |value| Priority::parse("priority", value));
        covers(CONFIDENTIALITIES, Confidentiality::ALL, |value| Confidentiality::parse("confidentiality", value));
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
