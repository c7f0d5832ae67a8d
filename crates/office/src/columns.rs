//! Finding a table's columns by their headers, shared by every row reader.
//!
//! Officials name their columns however their template did ("Mã đơn vị",
//! "Ma", "code"...), so a column is found by alias, ignoring case,
//! Vietnamese diacritics, punctuation and surrounding spaces. Columns that
//! match no field (STT, Ghi chú...) are ignored.

use crate::table::Table;

/// A problem with the file's columns or with one row's cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnProblem {
    /// Spreadsheet row number; 1 (the header) for column-level problems.
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

/// Finds the column of every field in `specs`, in the same order.
///
/// All missing required and ambiguous columns are reported at once, so an
/// official can fix the header in one pass. On success every required
/// field's entry is `Some`.
pub(crate) fn locate_columns<const N: usize>(
    header: &[String],
    specs: &[FieldSpec; N],
) -> Result<[Option<usize>; N], Vec<ColumnProblem>> {
    let folded: Vec<String> = header.iter().map(|name| fold_header(name)).collect();
    let found = specs.each_ref().map(|spec| locate_field(&folded, spec));
    let problems: Vec<ColumnProblem> = found.iter().filter_map(|result| result.as_ref().err().cloned()).collect();
    if problems.is_empty() { Ok(found.map(|result| result.unwrap_or(None))) } else { Err(problems) }
}

/// The index of the one column holding `spec`'s field; `Ok(None)` if an
/// optional field has none.
fn locate_field(folded_header: &[String], spec: &FieldSpec) -> Result<Option<usize>, ColumnProblem> {
    let mut matching = folded_header.iter().enumerate().filter(|(_, name)| spec.matches(name)).map(|(index, _)| index);
    let problem = |code| ColumnProblem::new(1, spec.name, code);
    match (matching.next(), matching.next()) {
        (Some(index), None) => Ok(Some(index)),
        (Some(_), Some(_)) => Err(problem("duplicate-column")),
        (None, _) if spec.required => Err(problem("missing-column")),
        (None, _) => Ok(None),
    }
}

/// Describes where a located field sits in `table`.
pub(crate) fn source_column(table: &Table, field: &'static str, index: usize) -> SourceColumn {
    SourceColumn {
        field,
        letter: table.column_letter(index),
        header: table.header.get(index).cloned().unwrap_or_default(),
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
