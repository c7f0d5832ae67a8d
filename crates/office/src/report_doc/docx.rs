//! The DOCX writer: Decree 30/2020/NĐ-CP layout with docx-rs.
//!
//! Sizes follow the decree's annex: A4 portrait, margins 20/20/30/15 mm, Times
//! New Roman, body 14 pt justified with a 1 cm first-line indent, page numbers
//! centred at the top from page 2. Units below are docx units: twips
//! (1/20 pt, 567 to the centimetre) for lengths, half-points for font sizes,
//! eighths of a point for borders.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, Docx, Header, LineSpacing, PageMargin, PageNum, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::{AdminDocument, Block, DocTable, Section, bullet_text, clean, recipient_lines, section_number};
use crate::OfficeError;

const FONT: &str = "Times New Roman";
const A4_WIDTH: u32 = 11_906;
const A4_HEIGHT: u32 = 16_838;
const MARGIN_TOP: i32 = 1_134; // 20 mm
const MARGIN_BOTTOM: i32 = 1_134; // 20 mm
const MARGIN_LEFT: i32 = 1_701; // 30 mm
const MARGIN_RIGHT: i32 = 850; // 15 mm
/// Where the page number sits, within the top margin.
const HEADER_DISTANCE: i32 = 567;
/// The width text may use: A4 less the side margins.
const TEXT_WIDTH: usize = (A4_WIDTH as usize) - (MARGIN_LEFT as usize) - (MARGIN_RIGHT as usize);
const FIRST_LINE_INDENT: i32 = 567; // 1 cm
const AFTER_PARAGRAPH: u32 = 120; // 6 pt
const PT_14: usize = 28;
const PT_13: usize = 26;
const PT_12: usize = 24;
const PT_11: usize = 22;
/// A thin table border: 0.5 pt.
const THIN_BORDER: usize = 4;
/// The left column of the header block holds the issuer; the right, wider
/// one, the national motto and the date.
const HEADER_LEFT: usize = 3_900;
/// The left column of the ending holds "Nơi nhận:"; the right one the signature.
const ENDING_LEFT: usize = 4_500;
/// Blank lines left for the signature and the seal.
const SIGNATURE_LINES: usize = 4;

/// Writes `doc` as an editable DOCX in the Decree 30/2020 layout.
///
/// # Errors
///
/// [`OfficeError::Docx`] if the DOCX could not be assembled; not expected
/// from any input.
pub fn write_docx(doc: &AdminDocument) -> Result<Vec<u8>, OfficeError> {
    let mut docx = Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(PageMargin {
            top: MARGIN_TOP,
            left: MARGIN_LEFT,
            bottom: MARGIN_BOTTOM,
            right: MARGIN_RIGHT,
            header: HEADER_DISTANCE,
            footer: HEADER_DISTANCE,
            gutter: 0,
        })
        // The East Asian and complex-script slots too: Word picks the font
        // by script, and Vietnamese letters with two marks fall in ranges it
        // may otherwise hand to a fallback font.
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT))
        .default_size(PT_14)
        // The first page carries no number (the decree numbers from page 2).
        .header(Header::new().add_paragraph(Paragraph::new().align(AlignmentType::Center).add_page_num(PageNum::new())))
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .title_pg()
        .add_table(header_block(doc))
        .add_paragraph(centred(&clean(&doc.kind), PT_14, Style::Bold).line_spacing(spacing(240, 0)))
        .add_paragraph(centred(&clean(&doc.subject), PT_14, Style::Bold).line_spacing(spacing(0, 0)))
        .add_paragraph(rule(2_800))
        .add_paragraph(Paragraph::new().size(PT_14));
    for (index, section) in doc.sections.iter().enumerate() {
        docx = add_section(docx, section, 0, index);
    }
    docx = docx.add_paragraph(Paragraph::new().size(PT_14)).add_table(ending_block(doc));
    pack(docx)
}

/// Serialises the document, marking the header row of every data table as
/// repeated on each page (`w:tblHeader`), which docx-rs has no builder for:
/// those rows, and only those, are built with `cantSplit`, so the marker is
/// unambiguous in the generated XML.
fn pack(docx: Docx) -> Result<Vec<u8>, OfficeError> {
    let mut xml = docx.build();
    let document = String::from_utf8(std::mem::take(&mut xml.document))
        .map_err(|error| OfficeError::Docx { detail: error.to_string() })?;
    xml.document = document.replace(HEADER_ROW_MARK, REPEATED_HEADER_ROW).into_bytes();
    let mut buffer = Cursor::new(Vec::new());
    xml.pack(&mut buffer).map_err(|error| OfficeError::Docx { detail: error.to_string() })?;
    Ok(buffer.into_inner())
}

const HEADER_ROW_MARK: &str = "<w:trPr><w:cantSplit /></w:trPr>";
const REPEATED_HEADER_ROW: &str = "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

fn run(text: &str, size: usize, style: Style) -> Run {
    let run = Run::new().add_text(text).size(size);
    match style {
        Style::Regular => run,
        Style::Bold => run.bold(),
        Style::Italic => run.italic(),
        Style::BoldItalic => run.bold().italic(),
    }
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

fn centred(text: &str, size: usize, style: Style) -> Paragraph {
    Paragraph::new().align(AlignmentType::Center).add_run(run(text, size, style)).line_spacing(spacing(0, 0))
}

/// A body paragraph: justified, first line indented 1 cm, 6 pt after.
fn body(text: &str, style: Style) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE_INDENT)), None, None)
        .line_spacing(spacing(0, AFTER_PARAGRAPH))
        .add_run(run(text, PT_14, style))
}

/// A short centred horizontal rule `width` twips long: an empty, tiny
/// paragraph whose top border the side indents shorten. Decree 30 asks for
/// one under the issuer, the motto and the subject.
fn rule(width: usize) -> Paragraph {
    rule_in(TEXT_WIDTH, width)
}

fn rule_in(column: usize, width: usize) -> Paragraph {
    let side = i32::try_from(column.saturating_sub(width) / 2).unwrap_or(0);
    Paragraph::new().size(2).line_spacing(spacing(0, 0)).indent(Some(side), None, Some(side), None).set_borders(
        ParagraphBorders::with_empty()
            .set(ParagraphBorder::new(ParagraphBorderPosition::Top).val(BorderType::Single).size(6).space(1)),
    )
}

fn borderless(rows: Vec<TableRow>, grid: Vec<usize>) -> Table {
    Table::new(rows)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(TableBorders::with_empty())
}

fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    let cell = TableCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Top);
    paragraphs.into_iter().fold(cell, TableCell::add_paragraph)
}

/// The top of the first page: the issuer on the left, the national title
/// and the date on the right.
fn header_block(doc: &AdminDocument) -> Table {
    let right_width = TEXT_WIDTH - HEADER_LEFT;
    let left = vec![
        centred(&clean(&doc.parent_body).to_uppercase(), PT_13, Style::Regular),
        centred(&clean(&doc.issuer).to_uppercase(), PT_13, Style::Bold),
        rule_in(HEADER_LEFT, 1_300),
        centred(&clean(&doc.number), PT_13, Style::Regular).line_spacing(spacing(120, 0)),
    ];
    let right = vec![
        centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", PT_13, Style::Bold),
        centred("Độc lập - Tự do - Hạnh phúc", PT_14, Style::Bold),
        rule_in(right_width, 3_100),
        centred(&super::vietnamese_long_date(&doc.place, doc.date), PT_14, Style::Italic).line_spacing(spacing(120, 0)),
    ];
    borderless(
        vec![TableRow::new(vec![cell(HEADER_LEFT, left), cell(right_width, right)])],
        vec![HEADER_LEFT, right_width],
    )
}

/// A section's heading, its blocks, then its subsections, depth first.
fn add_section(mut docx: Docx, section: &Section, depth: usize, index: usize) -> Docx {
    let style = if depth < 2 { Style::Bold } else { Style::Italic };
    let heading = format!("{}{}", section_number(depth, index), clean(&section.heading));
    docx = docx.add_paragraph(body(&heading, style).keep_next(true));
    for block in &section.blocks {
        docx = match block {
            Block::Paragraph(text) => docx.add_paragraph(body(&clean(text), Style::Regular)),
            Block::Bullet(text) => docx.add_paragraph(body(&bullet_text(text), Style::Regular)),
            Block::Table(table) => add_table(docx, table),
        };
    }
    for (index, subsection) in section.subsections.iter().enumerate() {
        docx = add_section(docx, subsection, depth + 1, index);
    }
    docx
}

/// The caption, then the table; a table with neither header nor rows gets
/// only its caption, since Word refuses a table without rows.
fn add_table(docx: Docx, table: &DocTable) -> Docx {
    let caption = clean(&table.caption);
    let docx = if caption.is_empty() {
        docx
    } else {
        docx.add_paragraph(centred(&caption, PT_14, Style::BoldItalic).line_spacing(spacing(120, 60)).keep_next(true))
    };
    let columns = table.rows.iter().map(Vec::len).chain([table.headers.len()]).max().unwrap_or(0);
    if columns == 0 {
        return docx;
    }
    let widths = column_widths(table, columns);
    let mut rows = Vec::with_capacity(table.rows.len() + 1);
    if !table.headers.is_empty() {
        let cells = (0..columns)
            .map(|column| {
                let text = table.headers.get(column).map(|h| clean(h)).unwrap_or_default();
                let paragraph = table_paragraph(&text, AlignmentType::Center, Style::Bold);
                bordered_cell(widths[column], paragraph).vertical_align(VAlignType::Center)
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    for row in &table.rows {
        let cells = (0..columns)
            .map(|column| {
                let text = row.get(column).map(|c| clean(c)).unwrap_or_default();
                let align =
                    if table.numeric_columns.contains(&column) { AlignmentType::Right } else { AlignmentType::Left };
                bordered_cell(widths[column], table_paragraph(&text, align, Style::Regular))
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    let border = |position| TableBorder::new(position).border_type(BorderType::Single).size(THIN_BORDER);
    let borders = TableBorders::with_empty()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let table = Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders);
    // The paragraph after a table keeps the next text from touching it.
    docx.add_table(table).add_paragraph(Paragraph::new().size(PT_12).line_spacing(spacing(0, 0)))
}

fn table_paragraph(text: &str, align: AlignmentType, style: Style) -> Paragraph {
    Paragraph::new().align(align).line_spacing(spacing(40, 40)).add_run(run(text, PT_12, style))
}

fn bordered_cell(width: usize, paragraph: Paragraph) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(paragraph)
}

/// Column widths shared out over the text width by how much each column
/// holds, so a "STT" column stays narrow and a task title gets room; every
/// column gets at least 1.2 cm.
fn column_widths(table: &DocTable, columns: usize) -> Vec<usize> {
    const MIN: usize = 680;
    let mut weights = vec![1usize; columns];
    let header = table.headers.iter().map(|h| h.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0));
    for (weight, chars) in weights.iter_mut().zip(header) {
        *weight = (*weight).max(chars);
    }
    for row in &table.rows {
        for (weight, text) in weights.iter_mut().zip(row) {
            // Past 40 characters a cell wraps anyway.
            *weight = (*weight).max(text.chars().count().min(40));
        }
    }
    let total: usize = weights.iter().sum();
    let spare = TEXT_WIDTH.saturating_sub(MIN * columns);
    let mut widths: Vec<usize> = weights.iter().map(|w| MIN + spare * w / total.max(1)).collect();
    // Rounding leaves a few twips; the last column takes them.
    let used: usize = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += TEXT_WIDTH.saturating_sub(used);
    }
    widths
}

/// The end of the document: recipients on the left, the signature on the right.
fn ending_block(doc: &AdminDocument) -> Table {
    let right_width = TEXT_WIDTH - ENDING_LEFT;
    let mut left =
        vec![Paragraph::new().line_spacing(spacing(0, 0)).add_run(run("Nơi nhận:", PT_12, Style::BoldItalic))];
    left.extend(
        recipient_lines(&doc.recipients)
            .iter()
            .map(|line| Paragraph::new().line_spacing(spacing(0, 0)).add_run(run(line, PT_11, Style::Regular))),
    );
    let mut right = Vec::new();
    for line in [&doc.signer_authority, &doc.signer_title] {
        let line = clean(line).to_uppercase();
        if !line.is_empty() {
            right.push(centred(&line, PT_14, Style::Bold));
        }
    }
    right.extend((0..SIGNATURE_LINES).map(|_| Paragraph::new().size(PT_14).line_spacing(spacing(0, 0))));
    let name = clean(&doc.signer_name);
    right.push(if name.is_empty() {
        Paragraph::new().size(PT_14).line_spacing(spacing(0, 0))
    } else {
        centred(&name, PT_14, Style::Bold)
    });
    borderless(
        vec![TableRow::new(vec![cell(ENDING_LEFT, left), cell(right_width, right)])],
        vec![ENDING_LEFT, right_width],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fill_the_text_width() {
        let table = DocTable {
            caption: String::new(),
            headers: vec!["STT".into(), "Nhiệm vụ".into(), "Tỷ lệ".into()],
            rows: vec![vec!["1".into(), "Xây dựng nền tảng dữ liệu dùng chung của tỉnh".into(), "95,5".into()]],
            numeric_columns: vec![2],
        };
        let widths = column_widths(&table, 3);
        assert_eq!(widths.iter().sum::<usize>(), TEXT_WIDTH);
        assert!(widths[1] > widths[0] && widths[1] > widths[2]);
        assert!(widths.iter().all(|&w| w >= 680));
    }
}
