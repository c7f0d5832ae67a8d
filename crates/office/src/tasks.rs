//! Mapping a [`Table`] onto the rows of a plan's task annex (Phụ lục nhiệm
//! vụ).
//!
//! Columns are found by alias (see [`crate::columns`]). Only the shape is
//! checked here: the title and presiding-unit columns exist, their cells are
//! filled, and unit codes did not pass through an Excel number. Whether a
//! code, kind, date or unit is valid is for the domain and the app to
//! decide, naming the row and the column found here.
//!
//! # Unit codes typed as numbers
//!
//! Commune codes have five digits with leading zeros ("00700"); Excel turns
//! "00700" typed into a General cell into the number 700. Restoring the
//! zeros would need to know which code scheme the file uses (a province has
//! two digits, a commune five, other units any code), so a wrong guess would
//! silently give the task to another unit. Hence:
//! - a number shown through a zero-padding format ("00000") reads as Excel
//!   displays it, zeros included: that is exactly what the official sees;
//! - any other number in a unit-code column is reported as the problem
//!   `unit-code-number` for that row and column, asking for the codes as
//!   text. The template formats those columns as text, so it never happens
//!   with it;
//! - CSV has no types: a code that lost its zeros before being saved reads
//!   as written, and the app reports it as an unknown unit.

use crate::columns::{ColumnProblem, FieldSpec, SourceColumn, locate_header};
use crate::table::{Table, TableRow};

mod template;

pub use template::task_template_xlsx;

/// One task as read from the annex, every field trimmed text.
///
/// Fields whose column is absent are empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    /// 1-based spreadsheet row number as the official sees it.
    pub row: usize,
    pub code: String,
    pub title: String,
    pub content: String,
    pub clause: String,
    /// The presiding unit's code.
    pub presiding_code: String,
    /// The coordinating units' codes, in file order, without duplicates.
    pub coordinating_codes: Vec<String>,
    pub kind: String,
    /// Raw text: `dd/mm/yyyy`, ISO, or an Excel date cell read as ISO
    /// `yyyy-mm-dd`; parsed by the app so its errors name row and column.
    pub deadline: String,
    pub working_days: String,
    pub product: String,
    pub key_results: String,
    pub field: String,
    pub priority: String,
    pub confidentiality: String,
    pub leader: String,
}

/// The readable content of a task annex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskImport {
    /// Every non-blank data row, including those with problems, so the app
    /// can check the rest of each row and report everything in one pass.
    pub rows: Vec<TaskRow>,
    /// Problems with single cells, in row order: an empty title or
    /// presiding code ("required"), a unit code stored as a number
    /// ("unit-code-number").
    pub problems: Vec<ColumnProblem>,
    /// Where each field present in the file was found.
    pub columns: Vec<SourceColumn>,
}

impl TaskImport {
    /// Where the field named `field` was found (the names of
    /// [`ColumnProblem::column`]: `code`, `title`, `content`, `clause`,
    /// `presiding`, `coordinating`, `kind`, `deadline`, `working_days`,
    /// `product`, `key_results`, `field`, `priority`, `confidentiality`,
    /// `leader`); `None` if the file has no such column.
    #[must_use]
    pub fn column(&self, field: &str) -> Option<&SourceColumn> {
        self.columns.iter().find(|column| column.field == field)
    }
}

/// Reads the task rows of a table: the rows below its header, which may
/// have title rows above it (see [`crate::columns::HEADER_SEARCH_ROWS`]).
///
/// # Errors
///
/// The header's problems, all at once (at the header's row): a missing
/// `title` or `presiding` column, or two columns meaning the same field.
/// Rows are not read then. Problems with single cells do not fail the read;
/// they are in [`TaskImport::problems`].
pub fn read_task_rows(table: &Table) -> Result<TaskImport, Vec<ColumnProblem>> {
    let located = locate_header(table, &FIELDS)?;
    let columns = TaskColumns::from(located.columns);
    let mut rows = Vec::with_capacity(located.rows.len());
    let mut problems = Vec::new();
    for row in located.rows {
        problems.extend(columns.problems(row));
        rows.push(columns.extract(row));
    }
    let sources = FIELDS
        .iter()
        .zip(located.columns)
        .filter_map(|(spec, index)| Some(located.source_column(spec.name, index?)))
        .collect();
    Ok(TaskImport { rows, problems, columns: sources })
}

/// The task fields, in template column order. The first alias of each is
/// the template's Vietnamese header, so the template and the reader cannot
/// disagree.
pub(crate) const FIELDS: [FieldSpec; 15] = [
    FieldSpec { name: "code", aliases: &["Mã nhiệm vụ", "Mã NV", "Mã", "code", "task_code"], required: false },
    FieldSpec {
        name: "title", aliases: &["Tên nhiệm vụ", "Nhiệm vụ", "Tên", "title", "task"], required: true
    },
    FieldSpec { name: "content", aliases: &["Nội dung", "Nội dung nhiệm vụ", "content"], required: false },
    FieldSpec {
        name: "clause", aliases: &["Điều khoản", "Mục", "Mục, điều khoản", "clause"], required: false
    },
    FieldSpec {
        name: "presiding",
        aliases: &[
            "Mã đơn vị chủ trì",
            "Đơn vị chủ trì",
            "Cơ quan chủ trì",
            "Chủ trì",
            "presiding",
            "presiding_code",
            "presiding unit",
        ],
        required: true,
    },
    FieldSpec {
        name: "coordinating",
        aliases: &[
            "Mã đơn vị phối hợp",
            "Đơn vị phối hợp",
            "Cơ quan phối hợp",
            "Phối hợp",
            "coordinating",
            "coordinating_codes",
            "coordinating units",
        ],
        required: false,
    },
    FieldSpec { name: "kind", aliases: &["Loại nhiệm vụ", "Loại", "kind", "type"], required: false },
    FieldSpec {
        name: "deadline",
        aliases: &["Thời hạn", "Thời hạn hoàn thành", "Thời gian hoàn thành", "Hạn hoàn thành", "deadline", "due date"],
        required: false,
    },
    FieldSpec { name: "working_days", aliases: &["Số ngày làm việc", "working_days"], required: false },
    FieldSpec {
        name: "product",
        aliases: &["Sản phẩm dự kiến", "Sản phẩm", "Sản phẩm đầu ra", "product", "expected product"],
        required: false,
    },
    FieldSpec {
        name: "key_results", aliases: &["Kết quả chủ yếu", "Kết quả", "key_results"], required: false
    },
    FieldSpec { name: "field", aliases: &["Lĩnh vực", "field"], required: false },
    FieldSpec { name: "priority", aliases: &["Mức độ ưu tiên", "Ưu tiên", "priority"], required: false },
    FieldSpec {
        name: "confidentiality", aliases: &["Độ mật", "Mức độ mật", "confidentiality"], required: false
    },
    FieldSpec {
        name: "leader", aliases: &["Lãnh đạo phụ trách", "Lãnh đạo chỉ đạo", "leader"], required: false
    },
];

/// Where each field's column is in the table; `None` for an absent
/// optional column (required ones are always found).
struct TaskColumns {
    code: Option<usize>,
    title: Option<usize>,
    content: Option<usize>,
    clause: Option<usize>,
    presiding: Option<usize>,
    coordinating: Option<usize>,
    kind: Option<usize>,
    deadline: Option<usize>,
    working_days: Option<usize>,
    product: Option<usize>,
    key_results: Option<usize>,
    field: Option<usize>,
    priority: Option<usize>,
    confidentiality: Option<usize>,
    leader: Option<usize>,
}

impl From<[Option<usize>; 15]> for TaskColumns {
    fn from(located: [Option<usize>; 15]) -> Self {
        let [
            code,
            title,
            content,
            clause,
            presiding,
            coordinating,
            kind,
            deadline,
            working_days,
            product,
            key_results,
            field,
            priority,
            confidentiality,
            leader,
        ] = located;
        Self {
            code,
            title,
            content,
            clause,
            presiding,
            coordinating,
            kind,
            deadline,
            working_days,
            product,
            key_results,
            field,
            priority,
            confidentiality,
            leader,
        }
    }
}

impl TaskColumns {
    fn extract(&self, row: &TableRow) -> TaskRow {
        let cell = |index: Option<usize>| cell_text(row, index).to_owned();
        TaskRow {
            row: row.number,
            code: cell(self.code),
            title: cell(self.title),
            content: cell(self.content),
            clause: cell(self.clause),
            presiding_code: cell(self.presiding),
            coordinating_codes: split_codes(cell_text(row, self.coordinating)),
            kind: cell(self.kind),
            deadline: cell(self.deadline),
            working_days: cell(self.working_days),
            product: cell(self.product),
            key_results: cell(self.key_results),
            field: cell(self.field),
            priority: cell(self.priority),
            confidentiality: cell(self.confidentiality),
            leader: cell(self.leader),
        }
    }

    /// The row's empty required cells, then its unit codes stored as numbers.
    fn problems(&self, row: &TableRow) -> Vec<ColumnProblem> {
        let required = [("title", self.title), ("presiding", self.presiding)]
            .into_iter()
            .filter(|&(_, index)| cell_text(row, index).is_empty())
            .map(|(name, _)| ColumnProblem::new(row.number, name, "required"));
        let numeric = [("presiding", self.presiding), ("coordinating", self.coordinating)]
            .into_iter()
            .filter(|&(_, index)| index.is_some_and(|index| row.numeric.contains(&index)))
            .map(|(name, _)| ColumnProblem::new(row.number, name, "unit-code-number"));
        required.chain(numeric).collect()
    }
}

/// The trimmed text of a row's cell; empty for an absent column.
fn cell_text(row: &TableRow, index: Option<usize>) -> &str {
    index.and_then(|index| row.cells.get(index)).map_or("", |text| text.trim())
}

/// Splits a cell of unit codes on `,`, `;` or line breaks (Alt+Enter in
/// Excel). Not on spaces: a cell of unit names instead of codes then yields
/// whole names, which the app reports as unknown codes the official
/// recognises, rather than a scatter of single words.
fn split_codes(text: &str) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for code in text.split([',', ';', '\n', '\r']).map(str::trim).filter(|code| !code.is_empty()) {
        // A unit coordinates a task once, however often it is listed.
        if !codes.iter().any(|seen| seen == code) {
            codes.push(code.to_owned());
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::fold_header;

    #[test]
    fn codes_split_on_commas_semicolons_and_line_breaks() {
        assert_eq!(split_codes("00691; 00694,00700\r\n00715"), ["00691", "00694", "00700", "00715"]);
        assert_eq!(split_codes(" ;, 08 ;; "), ["08"]);
        assert_eq!(split_codes("00691;00691"), ["00691"]);
        assert_eq!(split_codes("Sở Nội vụ, Sở Tài chính"), ["Sở Nội vụ", "Sở Tài chính"]);
        assert!(split_codes("").is_empty());
    }

    #[test]
    fn every_alias_is_distinct_after_folding() {
        let mut seen = std::collections::BTreeMap::new();
        for spec in &FIELDS {
            for alias in spec.aliases {
                if let Some(other) = seen.insert(fold_header(alias), spec.name) {
                    panic!("{alias:?} folds like an alias of {other} (in {})", spec.name);
                }
            }
        }
    }
}
