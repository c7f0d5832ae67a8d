//! Period reports in the Vietnamese administrative style (Decree 30/2020/NĐ-CP).
//!
//! The app builds one [`AdminDocument`] and downloads it two ways: as an
//! editable DOCX laid out the way a steering committee's office would type it
//! ([`write_docx`]), so the official only fills in the number and signs, and
//! as an XLSX ([`write_report_xlsx`]) whose tables can be re-used in other
//! annexes. Both writers number the sections themselves so the two files
//! always agree.

mod docx;
mod numbers;
mod xlsx;

use jiff::civil::Date;

pub use docx::write_docx;
pub use numbers::parse_vi_number;
pub use xlsx::write_report_xlsx;

/// A report, minute or plan as the administrative document it will be printed as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminDocument {
    /// The body the issuer belongs to, e.g. "UBND TỈNH CAO BẰNG": first line of the left header.
    pub parent_body: String,
    /// The issuing body, e.g. "BAN CHỈ ĐẠO …": bold, with a short rule under it.
    pub issuer: String,
    /// e.g. "Số:     /BC-BCĐ": the office fills the number in when it registers the document.
    pub number: String,
    /// The place named in the date line, e.g. "Cao Bằng".
    pub place: String,
    pub date: Date,
    /// The kind of document, e.g. "BÁO CÁO".
    pub kind: String,
    /// The trích yếu: what the document is about.
    pub subject: String,
    pub sections: Vec<Section>,
    /// The "Nơi nhận:" list, without the leading "- " or the ending punctuation (both are added).
    pub recipients: Vec<String>,
    /// e.g. "TM. BAN CHỈ ĐẠO".
    pub signer_authority: String,
    /// e.g. "TRƯỞNG BAN".
    pub signer_title: String,
    /// May be empty: the space to sign stays and the name is written by hand.
    pub signer_name: String,
}

/// A numbered part of the document: the writers number top-level sections
/// I, II, III…, their subsections 1, 2, 3…, and deeper ones a), b), c)….
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    /// The heading without its number.
    pub heading: String,
    pub blocks: Vec<Block>,
    pub subsections: Vec<Section>,
}

/// One piece of a section's body, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// A "- " item; the dash is added by the writers.
    Bullet(String),
    Table(DocTable),
}

/// A table with a caption above it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocTable {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns (0-based) holding numbers: right-aligned in DOCX, written as
    /// numbers in XLSX when they parse (see [`parse_vi_number`]).
    pub numeric_columns: Vec<usize>,
}

/// The place-and-date line, e.g. "Cao Bằng, ngày 30 tháng 9 năm 2026".
///
/// Decree 30/2020 writes a day below 10 and the months January and February
/// with a leading zero ("ngày 05 tháng 02"), so that nobody can add a digit
/// to the date of a signed paper; other months are written plainly.
#[must_use]
pub fn vietnamese_long_date(place: &str, date: Date) -> String {
    let month = match date.month() {
        month @ (1 | 2) => format!("{month:02}"),
        month => month.to_string(),
    };
    let when = format!("ngày {:02} tháng {month} năm {}", date.day(), date.year());
    let place = clean(place);
    if place.is_empty() { when } else { format!("{place}, {when}") }
}

/// Every text of a document goes through here: text pasted from Word or a
/// PDF is sometimes decomposed (NFD), which prints as detached accents in
/// some fonts and breaks search in the file.
fn clean(text: &str) -> String {
    nqtrack_domain::text::clean(text)
}

/// The number a section gets at `depth` (0 = top level) as its `index`-th
/// (0-based) child, with its separator: "II. ", "3. ", "b) ".
fn section_number(depth: usize, index: usize) -> String {
    match depth {
        0 => format!("{}. ", roman(index + 1)),
        1 => format!("{}. ", index + 1),
        _ => format!("{}) ", vietnamese_letter(index)),
    }
}

/// Upper-case Roman numerals; reports never have thousands of sections, but
/// the function stays total.
fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Points are lettered with the Vietnamese alphabet (a, b, c, d, đ, e, …;
/// no f, j, w, z), as in legal texts; past y they continue a1, b1, ….
fn vietnamese_letter(index: usize) -> String {
    const LETTERS: [&str; 23] = [
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x",
        "y",
    ];
    let letter = LETTERS[index % LETTERS.len()];
    match index / LETTERS.len() {
        0 => letter.to_owned(),
        round => format!("{letter}{round}"),
    }
}

/// The "Nơi nhận:" lines: each starts with "- " and ends with ";", the last
/// with ".", whatever punctuation the caller typed.
fn recipient_lines(recipients: &[String]) -> Vec<String> {
    let names: Vec<String> = recipients
        .iter()
        .map(|name| {
            let name = clean(name);
            let name = name.strip_prefix('-').unwrap_or(&name).trim_start();
            name.trim_end_matches([';', '.', ',']).trim_end().to_owned()
        })
        .filter(|name| !name.is_empty())
        .collect();
    let last = names.len().saturating_sub(1);
    names.into_iter().enumerate().map(|(i, name)| format!("- {name}{}", if i == last { "." } else { ";" })).collect()
}

/// The text of a bullet as printed.
fn bullet_text(text: &str) -> String {
    let text = clean(text);
    let text = text.strip_prefix("- ").unwrap_or(&text);
    format!("- {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_administrative_style() {
        assert_eq!(section_number(0, 0), "I. ");
        assert_eq!(section_number(0, 3), "IV. ");
        assert_eq!(section_number(0, 13), "XIV. ");
        assert_eq!(section_number(1, 9), "10. ");
        assert_eq!(section_number(2, 4), "đ) ");
        assert_eq!(section_number(3, 23), "a1) ");
        assert_eq!(roman(1999), "MCMXCIX");
    }

    #[test]
    fn recipients_get_their_punctuation() {
        let lines =
            recipient_lines(&["Như trên".into(), "- Thường trực Tỉnh ủy;".into(), " ".into(), "Lưu: VT.".into()]);
        assert_eq!(lines, ["- Như trên;", "- Thường trực Tỉnh ủy;", "- Lưu: VT."]);
        assert!(recipient_lines(&[]).is_empty());
    }

    #[test]
    fn bullets_get_one_dash() {
        assert_eq!(bullet_text("Hoàn thành"), "- Hoàn thành");
        assert_eq!(bullet_text("- Hoàn thành"), "- Hoàn thành");
    }
}
