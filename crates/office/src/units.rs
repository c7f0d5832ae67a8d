//! Mapping a [`Table`] onto organisation-unit import rows.
//!
//! Columns are found by alias (see [`crate::columns`]). Only the shape is
//! checked here (columns present, required cells filled); whether a code,
//! kind or level is valid is for the domain to decide.

use crate::columns::{FieldSpec, locate_header};
use crate::table::{Table, TableRow};

/// Kept here as well, where unit imports have always found it.
pub use crate::columns::ColumnProblem;

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

/// Reads the unit rows of a table (the rows below its header, which may
/// have title rows above it), or every problem found.
///
/// All problems are collected rather than stopping at the first, so an
/// official can fix the whole file in one pass.
///
/// # Errors
///
/// Every [`ColumnProblem`]: first the header's missing or ambiguous columns
/// (at the header's row; rows are not looked at then), otherwise each empty
/// `code` or `name` cell, in row order.
pub fn read_unit_rows(table: &Table) -> Result<Vec<UnitImportRow>, Vec<ColumnProblem>> {
    let located = locate_header(table, &FIELDS)?;
    let columns = UnitColumns::from(located.columns);
    let mut units = Vec::with_capacity(located.rows.len());
    let mut problems = Vec::new();
    for row in located.rows {
        let unit = columns.extract(row);
        problems.extend(missing_required_cells(&unit));
        units.push(unit);
    }
    if problems.is_empty() { Ok(units) } else { Err(problems) }
}

/// The unit fields, in the order [`UnitColumns::locate`] expects them.
const FIELDS: [FieldSpec; 5] = [
    FieldSpec { name: "code", aliases: &["code", "ma", "mã", "ma don vi", "mã đơn vị"], required: true },
    FieldSpec { name: "name", aliases: &["name", "ten", "tên", "ten don vi", "tên đơn vị"], required: true },
    FieldSpec { name: "kind", aliases: &["kind", "type", "loai", "loại"], required: true },
    FieldSpec { name: "level", aliases: &["level", "cap", "cấp"], required: false },
    FieldSpec {
        name: "parent_code",
        aliases: &[
            "parent_code",
            "parent",
            "ma cap tren",
            "mã cấp trên",
            "ma don vi cap tren",
            "mã đơn vị cấp trên",
            "province_code",
        ],
        required: false,
    },
];

/// Where each field's column is in the table; `None` for an absent
/// optional column (required ones are always found).
struct UnitColumns {
    code: Option<usize>,
    name: Option<usize>,
    kind: Option<usize>,
    level: Option<usize>,
    parent_code: Option<usize>,
}

impl From<[Option<usize>; 5]> for UnitColumns {
    fn from([code, name, kind, level, parent_code]: [Option<usize>; 5]) -> Self {
        UnitColumns { code, name, kind, level, parent_code }
    }
}

impl UnitColumns {
    fn extract(&self, row: &TableRow) -> UnitImportRow {
        let cell = |index: Option<usize>| {
            index.and_then(|index| row.cells.get(index)).map(|text| text.trim().to_owned()).unwrap_or_default()
        };
        UnitImportRow {
            row: row.number,
            code: cell(self.code),
            name: cell(self.name),
            kind: cell(self.kind),
            level: cell(self.level),
            parent_code: cell(self.parent_code),
        }
    }
}

fn missing_required_cells(unit: &UnitImportRow) -> impl Iterator<Item = ColumnProblem> + '_ {
    [("code", &unit.code), ("name", &unit.name)]
        .into_iter()
        .filter(|(_, value)| value.is_empty())
        .map(|(column, _)| ColumnProblem { row: unit.row, column: column.to_owned(), code: "required" })
}
