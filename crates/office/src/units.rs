//! Mapping a [`Table`] onto organisation-unit import rows.
//!
//! Officials name their columns however their template did ("Mã đơn vị",
//! "Ma", "code"...), so columns are found by alias, ignoring case,
//! Vietnamese diacritics and surrounding spaces. Only the shape is checked
//! here (columns present, required cells filled); whether a code, kind or
//! level is valid is for the domain to decide.

use crate::table::{Table, TableRow};

/// One unit as read from the file, every field trimmed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitImportRow {
    /// Spreadsheet row number, for error messages.
    pub row: usize,
    pub code: String,
    pub name: String,
    pub kind: String,
    /// Empty when the file has no level column.
    pub level: String,
    /// Empty when the file has no parent column or the unit is a root.
    pub parent_code: String,
}

/// A problem with the file's columns or with one row's cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnProblem {
    /// Spreadsheet row number; 1 (the header) for column-level problems.
    pub row: usize,
    /// Canonical column name: `code`, `name`, `kind`, `level` or `parent_code`.
    pub column: String,
    /// Stable machine key, for translation: "missing-column" (a required
    /// column is absent), "duplicate-column" (two headers mean the same
    /// field, so we cannot tell which one the official meant) or "required"
    /// (a required cell is empty).
    pub code: &'static str,
}

/// Reads the unit rows of a table, or every problem found.
///
/// All problems are collected rather than stopping at the first, so an
/// official can fix the whole file in one pass.
///
/// # Errors
///
/// Every [`ColumnProblem`]: first the header's missing or ambiguous columns
/// (row 1; rows are not looked at then), otherwise each empty `code` or
/// `name` cell, in row order.
pub fn read_unit_rows(table: &Table) -> Result<Vec<UnitImportRow>, Vec<ColumnProblem>> {
    let columns = UnitColumns::locate(&table.header)?;
    let mut units = Vec::with_capacity(table.rows.len());
    let mut problems = Vec::new();
    for row in &table.rows {
        let unit = columns.extract(row);
        problems.extend(missing_required_cells(&unit));
        units.push(unit);
    }
    if problems.is_empty() { Ok(units) } else { Err(problems) }
}

/// The unit fields a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Code,
    Name,
    Kind,
    Level,
    ParentCode,
}

impl Field {
    const ALL: [Field; 5] = [Field::Code, Field::Name, Field::Kind, Field::Level, Field::ParentCode];

    /// The name used in [`ColumnProblem::column`].
    fn canonical(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Name => "name",
            Field::Kind => "kind",
            Field::Level => "level",
            Field::ParentCode => "parent_code",
        }
    }

    /// Header texts accepted for this field, before folding. Both the
    /// accented and unaccented spellings are listed so the list reads as
    /// officials write it; folding makes either match.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Code => &["code", "ma", "mã", "ma don vi", "mã đơn vị"],
            Field::Name => &["name", "ten", "tên", "ten don vi", "tên đơn vị"],
            Field::Kind => &["kind", "type", "loai", "loại"],
            Field::Level => &["level", "cap", "cấp"],
            Field::ParentCode => &[
                "parent_code",
                "parent",
                "ma cap tren",
                "mã cấp trên",
                "ma don vi cap tren",
                "mã đơn vị cấp trên",
                "province_code",
            ],
        }
    }

    fn required(self) -> bool {
        matches!(self, Field::Code | Field::Name | Field::Kind)
    }

    fn matches(self, folded_header: &str) -> bool {
        self.aliases().iter().any(|alias| fold_header(alias) == folded_header)
    }
}

/// Where each field's column is in the table.
struct UnitColumns {
    code: usize,
    name: usize,
    kind: usize,
    level: Option<usize>,
    parent_code: Option<usize>,
}

impl UnitColumns {
    /// Finds every field's column, reporting all missing required and
    /// ambiguous columns at once.
    fn locate(header: &[String]) -> Result<UnitColumns, Vec<ColumnProblem>> {
        let folded: Vec<String> = header.iter().map(|name| fold_header(name)).collect();
        let mut found = [None; Field::ALL.len()];
        let mut problems = Vec::new();
        for (slot, field) in found.iter_mut().zip(Field::ALL) {
            match locate_field(&folded, field) {
                Ok(index) => *slot = index,
                Err(problem) => problems.push(problem),
            }
        }
        match found {
            [Some(code), Some(name), Some(kind), level, parent_code] if problems.is_empty() => {
                Ok(UnitColumns { code, name, kind, level, parent_code })
            }
            _ => Err(problems),
        }
    }

    fn extract(&self, row: &TableRow) -> UnitImportRow {
        let cell = |index: Option<usize>| {
            index.and_then(|index| row.cells.get(index)).map(|text| text.trim().to_owned()).unwrap_or_default()
        };
        UnitImportRow {
            row: row.number,
            code: cell(Some(self.code)),
            name: cell(Some(self.name)),
            kind: cell(Some(self.kind)),
            level: cell(self.level),
            parent_code: cell(self.parent_code),
        }
    }
}

/// The index of the one column holding `field`; `Ok(None)` if an optional
/// field has none.
fn locate_field(folded_header: &[String], field: Field) -> Result<Option<usize>, ColumnProblem> {
    let mut matching = folded_header.iter().enumerate().filter(|(_, name)| field.matches(name)).map(|(index, _)| index);
    let problem = |code| ColumnProblem { row: 1, column: field.canonical().to_owned(), code };
    match (matching.next(), matching.next()) {
        (Some(index), None) => Ok(Some(index)),
        (Some(_), Some(_)) => Err(problem("duplicate-column")),
        (None, _) if field.required() => Err(problem("missing-column")),
        (None, _) => Ok(None),
    }
}

fn missing_required_cells(unit: &UnitImportRow) -> impl Iterator<Item = ColumnProblem> + '_ {
    [("code", &unit.code), ("name", &unit.name)]
        .into_iter()
        .filter(|(_, value)| value.is_empty())
        .map(|(column, _)| ColumnProblem { row: unit.row, column: column.to_owned(), code: "required" })
}

/// Normalises a header for comparison with the project's one Vietnamese fold (case, diacritics,
/// decomposed text, `đ`; `_` and `-` read as spaces), so "Mã đơn vị" matches "ma don vi".
fn fold_header(header: &str) -> String {
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
    }

    #[test]
    fn every_vietnamese_vowel_folds_to_ascii() {
        let all = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        assert!(fold_header(all).is_ascii());
        assert!(fold_header(&all.to_uppercase()).is_ascii());
    }
}
