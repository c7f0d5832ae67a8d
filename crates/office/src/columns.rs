//! Finding a table's columns by their headers, shared by every row reader.
//!
//! Officials name their columns however their template did ("Mã đơn vị",
//! "Ma", "code"...), so a column is found by alias, ignoring case,
//! Vietnamese diacritics, punctuation and surrounding spaces. Columns that
//! match no field (STT, Ghi chú...) are ignored.
//!
//! Official annexes often carry title rows above the header ("PHỤ LỤC",
//! "Danh mục nhiệm vụ ...", "Kèm theo Kế hoạch số ..."), so a reader looks
//! for its header among the first [`HEADER_SEARCH_ROWS`] non-blank rows
//! rather than taking the first one; see [`locate_header`].

use crate::table::{Table, TableRow};

/// How many non-blank rows from the top of a table may hold its header:
/// the header itself and the title rows above it.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// A problem with the file's columns or with one row's cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnProblem {
    /// Spreadsheet row number; the header's row (usually 1) for
    /// column-level problems.
    pub row: usize,
    /// Canonical column name, such as `code` or `presiding`.
    pub column: String,
    /// Stable machine key, for translation: "missing-column" (a required
    /// column is absent), "duplicate-column" (two headers mean the same
    /// field, so we cannot tell which one the official meant), "required"
    /// (a required cell is empty) or "unit-code-number" (a unit code was
    /// stored as a number, so Excel may have dropped its leading zeros).
    pub code: &'static str,
}

impl ColumnProblem {
    pub(crate) fn new(row: usize, column: &str, code: &'static str) -> Self {
        Self { row, column: column.to_owned(), code }
    }
}

/// Where a field was found in the uploaded file, so a later error about one
/// of its cells can say "column F (Thời hạn)" as the official sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceColumn {
    /// Canonical column name, as in [`ColumnProblem::column`].
    pub field: &'static str,
    /// Spreadsheet letter: "A", "B", ..., "AA".
    pub letter: String,
    /// The header exactly as written in the file.
    pub header: String,
}

/// A field a reader looks for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldSpec {
    /// The canonical name used in problems.
    pub(crate) name: &'static str,
    /// Header texts accepted for this field, before folding. Both accented
    /// and unaccented spellings may be listed so the list reads as officials
    /// write it; folding makes either match.
    pub(crate) aliases: &'static [&'static str],
    /// A missing required column is a problem; a missing optional one is not.
    pub(crate) required: bool,
}

impl FieldSpec {
    fn matches(&self, folded_header: &str) -> bool {
        self.aliases.iter().any(|alias| fold_header(alias) == folded_header)
    }
}

/// A table's header as a reader found it, and the data below it.
pub(crate) struct Located<'t, const N: usize> {
    table: &'t Table,
    /// The header's cells, exactly as written.
    header: &'t [String],
    /// Every row below the header.
    pub(crate) rows: &'t [TableRow],
    /// The column of each field, in the order of the specs; `None` for an
    /// absent optional one (required ones are always found).
    pub(crate) columns: [Option<usize>; N],
}

impl<const N: usize> Located<'_, N> {
    /// Describes where a located field sits in the table.
    pub(crate) fn source_column(&self, field: &'static str, index: usize) -> SourceColumn {
        SourceColumn {
            field,
            letter: self.table.column_letter(index),
            header: self.header.get(index).cloned().unwrap_or_default(),
        }
    }
}

/// Finds `table`'s header, and in it the column of every field in `specs`.
///
/// The header is the first of the first [`HEADER_SEARCH_ROWS`] non-blank
/// rows in which every required field has exactly one column, so title rows
/// above it are skipped (they are not data) and the data starts below it.
///
/// # Errors
///
/// When no row qualifies, the problems of the row that names the most
/// fields (the first non-blank row if none names any), all at once and at
/// that row's number, so an official can fix the header in one pass:
/// "missing-column" and "duplicate-column".
pub(crate) fn locate_header<'t, const N: usize>(
    table: &'t Table,
    specs: &[FieldSpec; N],
) -> Result<Located<'t, N>, Vec<ColumnProblem>> {
    let first = (table.header.as_slice(), table.header_row, table.rows.as_slice());
    let below = table
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| (row.cells.as_slice(), row.number, table.rows.get(index + 1..).unwrap_or_default()));
    let mut closest: Option<(usize, Vec<ColumnProblem>)> = None;
    for (header, row, rows) in std::iter::once(first).chain(below).take(HEADER_SEARCH_ROWS) {
        let folded: Vec<String> = header.iter().map(|name| fold_header(name)).collect();
        match locate_columns(&folded, row, specs) {
            Ok(columns) => return Ok(Located { table, header, rows, columns }),
            Err(problems) => {
                let named = specs.iter().filter(|spec| folded.iter().any(|name| spec.matches(name))).count();
                if closest.as_ref().is_none_or(|(most, _)| named > *most) {
                    closest = Some((named, problems));
                }
            }
        }
    }
    Err(closest.map(|(_, problems)| problems).unwrap_or_default())
}

/// Finds the column of every field in `specs` in a folded header at
/// spreadsheet row `row`, in the order of the specs.
///
/// All missing required and ambiguous columns are reported at once. On
/// success every required field's entry is `Some`.
fn locate_columns<const N: usize>(
    folded_header: &[String],
    row: usize,
    specs: &[FieldSpec; N],
) -> Result<[Option<usize>; N], Vec<ColumnProblem>> {
    let found = specs.each_ref().map(|spec| locate_field(folded_header, row, spec));
    let problems: Vec<ColumnProblem> = found.iter().filter_map(|result| result.as_ref().err().cloned()).collect();
    if problems.is_empty() { Ok(found.map(|result| result.unwrap_or(None))) } else { Err(problems) }
}

/// The index of the one column holding `spec`'s field; `Ok(None)` if an
/// optional field has none.
fn locate_field(folded_header: &[String], row: usize, spec: &FieldSpec) -> Result<Option<usize>, ColumnProblem> {
    let mut matching = folded_header.iter().enumerate().filter(|(_, name)| spec.matches(name)).map(|(index, _)| index);
    let problem = |code| ColumnProblem::new(row, spec.name, code);
    match (matching.next(), matching.next()) {
        (Some(index), None) => Ok(Some(index)),
        (Some(_), Some(_)) => Err(problem("duplicate-column")),
        (None, _) if spec.required => Err(problem("missing-column")),
        (None, _) => Ok(None),
    }
}

/// Normalises a header for comparison with the project's one Vietnamese fold
/// (case, diacritics, decomposed text, `đ`; punctuation reads as spaces), so
/// "Mã đơn vị" matches "ma don vi" and "Tên nhiệm vụ (*)" matches
/// "ten nhiem vu".
pub(crate) fn fold_header(header: &str) -> String {
    nqtrack_domain::text::fold_vi(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_marks_spacing_and_decomposition() {
        assert_eq!(fold_header("  MÃ  ĐƠN VỊ "), "ma don vi");
        assert_eq!(fold_header("Mã đơn vị cấp trên"), "ma don vi cap tren");
        // "Mã" decomposed: M, a, combining tilde.
        assert_eq!(fold_header("Ma\u{0303}"), "ma");
        assert_eq!(fold_header("Parent_Code"), "parent code");
        assert_eq!(fold_header("Loại"), "loai");
        assert_eq!(fold_header("Tên nhiệm vụ (*)"), "ten nhiem vu");
    }

    #[test]
    fn every_vietnamese_vowel_folds_to_ascii() {
        let all = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        assert!(fold_header(all).is_ascii());
        assert!(fold_header(&all.to_uppercase()).is_ascii());
    }
}
