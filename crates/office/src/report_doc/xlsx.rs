//! The XLSX version of a report: the text on a first sheet, one sheet per table.
//!
//! The first sheet reads top to bottom like the DOCX (one line of text per
//! row in column A, sections numbered the same way) so it can be printed or
//! quoted; the tables get sheets of their own, with real numbers, so they can
//! be filtered, summed and pasted into other annexes.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

use super::numbers::numeric_cell;
use super::{AdminDocument, Block, DocTable, Section, bullet_text, clean, recipient_lines, section_number};
use crate::OfficeError;
use crate::export::{Cell, Sheet, add_sheet, cell_error, save, sheet_name, xlsx_error};

/// The first sheet's name.
const TEXT_SHEET: &str = "Báo cáo";
/// Column A's width in characters: about a printed line of the report.
const TEXT_WIDTH: f64 = 100.0;
/// Excel's longest sheet name, counted in UTF-16 units.
const SHEET_NAME_MAX: usize = 31;

/// Writes `doc` as an XLSX workbook: the sheet "Báo cáo" with the text, then
/// one sheet per table named after its caption.
///
/// Cells of numeric columns become numbers when they read unambiguously as
/// Vietnamese-formatted numbers ("1.234", "95,5"); see
/// [`super::parse_vi_number`]. Anything else stays text.
///
/// # Errors
///
/// [`OfficeError::CellTooLong`] for a text over 32,767 characters,
/// [`OfficeError::SheetTooLarge`] for a table beyond Excel's limits.
pub fn write_report_xlsx(doc: &AdminDocument) -> Result<Vec<u8>, OfficeError> {
    let mut workbook = Workbook::new();
    let mut lines = Vec::new();
    let mut tables = Vec::new();
    let mut names = vec![TEXT_SHEET.to_owned()];
    text_lines(doc, &mut lines, &mut tables, &mut names);
    write_text_sheet(workbook.add_worksheet(), &lines)?;
    for (table, name) in tables {
        add_sheet(&mut workbook, &table_sheet(table, name))?;
    }
    save(&mut workbook)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    Plain,
    Centred,
    CentredBold,
    CentredItalic,
    Bold,
}

/// The report as lines of text, collecting the tables (with their unique
/// sheet names) on the way.
fn text_lines<'a>(
    doc: &'a AdminDocument,
    lines: &mut Vec<(String, Look)>,
    tables: &mut Vec<(&'a DocTable, String)>,
    names: &mut Vec<String>,
) {
    lines.push((clean(&doc.parent_body).to_uppercase(), Look::Centred));
    lines.push((clean(&doc.issuer).to_uppercase(), Look::CentredBold));
    lines.push((clean(&doc.number), Look::Centred));
    lines.push(("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned(), Look::CentredBold));
    lines.push(("Độc lập - Tự do - Hạnh phúc".to_owned(), Look::CentredBold));
    lines.push((super::vietnamese_long_date(&doc.place, doc.date), Look::CentredItalic));
    lines.push((String::new(), Look::Plain));
    lines.push((clean(&doc.kind), Look::CentredBold));
    lines.push((clean(&doc.subject), Look::CentredBold));
    lines.push((String::new(), Look::Plain));
    for (index, section) in doc.sections.iter().enumerate() {
        section_lines(section, 0, index, lines, tables, names);
    }
    lines.push((String::new(), Look::Plain));
    lines.push(("Nơi nhận:".to_owned(), Look::Bold));
    lines.extend(recipient_lines(&doc.recipients).into_iter().map(|line| (line, Look::Plain)));
    lines.push((String::new(), Look::Plain));
    for line in [&doc.signer_authority, &doc.signer_title, &doc.signer_name] {
        let line = clean(line);
        if !line.is_empty() {
            lines.push((line, Look::CentredBold));
        }
    }
}

fn section_lines<'a>(
    section: &'a Section,
    depth: usize,
    index: usize,
    lines: &mut Vec<(String, Look)>,
    tables: &mut Vec<(&'a DocTable, String)>,
    names: &mut Vec<String>,
) {
    lines.push((format!("{}{}", section_number(depth, index), clean(&section.heading)), Look::Bold));
    for block in &section.blocks {
        match block {
            Block::Paragraph(text) => lines.push((clean(text), Look::Plain)),
            Block::Bullet(text) => lines.push((bullet_text(text), Look::Plain)),
            Block::Table(table) => {
                let name = unique_sheet_name(&table.caption, tables.len() + 1, names);
                // Points the reader of the text sheet to where the table went.
                let caption = clean(&table.caption);
                let label = if caption.is_empty() { format!("Bảng {}", tables.len() + 1) } else { caption };
                lines.push((format!("{label} (xem trang tính \"{name}\")"), Look::Plain));
                tables.push((table, name));
            }
        }
    }
    for (index, subsection) in section.subsections.iter().enumerate() {
        section_lines(subsection, depth + 1, index, lines, tables, names);
    }
}

/// A sheet name from the caption that no earlier sheet has (Excel compares
/// names without case), with " (2)", " (3)"… cut in within 31 characters.
fn unique_sheet_name(caption: &str, number: usize, taken: &mut Vec<String>) -> String {
    let base = if clean(caption).is_empty() { format!("Bảng {number}") } else { sheet_name(caption) };
    let is_taken = |name: &str| taken.iter().any(|t| t.to_lowercase() == name.to_lowercase());
    let mut name = base.clone();
    let mut suffix = 1;
    while is_taken(&name) {
        suffix += 1;
        let tail = format!(" ({suffix})");
        let room = SHEET_NAME_MAX - tail.encode_utf16().count();
        let mut head = String::new();
        let mut units = 0;
        for c in base.chars() {
            units += c.len_utf16();
            if units > room {
                break;
            }
            head.push(c);
        }
        name = format!("{}{tail}", head.trim_end());
    }
    taken.push(name.clone());
    name
}

fn table_sheet(table: &DocTable, name: String) -> Sheet {
    let rows = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(column, text)| {
                    let text = clean(text);
                    if table.numeric_columns.contains(&column) {
                        numeric_cell(&text)
                    } else if text.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(text)
                    }
                })
                .collect()
        })
        .collect();
    Sheet { title: name, headers: table.headers.iter().map(|h| clean(h)).collect(), rows }
}

fn write_text_sheet(worksheet: &mut Worksheet, lines: &[(String, Look)]) -> Result<(), OfficeError> {
    worksheet.set_name(TEXT_SHEET).map_err(xlsx_error)?;
    worksheet.set_column_width(0, TEXT_WIDTH).map_err(xlsx_error)?;
    let plain = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let centred = plain.clone().set_align(FormatAlign::Center);
    let formats = |look| match look {
        Look::Plain => plain.clone(),
        Look::Centred => centred.clone(),
        Look::CentredBold => centred.clone().set_bold(),
        Look::CentredItalic => centred.clone().set_italic(),
        Look::Bold => plain.clone().set_bold(),
    };
    for (row, (text, look)) in lines.iter().enumerate() {
        let row = u32::try_from(row).map_err(|_| OfficeError::SheetTooLarge { rows: row, columns: 1 })?;
        if text.is_empty() {
            continue;
        }
        worksheet.write_string_with_format(row, 0, text, &formats(*look)).map_err(|error| cell_error(error, row, 0))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_unique_and_short() {
        let mut taken = vec![TEXT_SHEET.to_owned()];
        assert_eq!(unique_sheet_name("Báo cáo", 1, &mut taken), "Báo cáo (2)");
        assert_eq!(unique_sheet_name("", 2, &mut taken), "Bảng 2");
        assert_eq!(unique_sheet_name("bảng 2", 3, &mut taken), "bảng 2 (2)");
        let long = "Kết quả thực hiện các chỉ tiêu chuyển đổi số";
        let first = unique_sheet_name(long, 4, &mut taken);
        let second = unique_sheet_name(long, 5, &mut taken);
        assert_eq!(first, "Kết quả thực hiện các chỉ tiêu");
        assert_eq!(second, "Kết quả thực hiện các chỉ t (2)");
    }
}
