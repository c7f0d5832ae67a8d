//! Indicator values in long format: one row per unit, indicator and period.
//!
//! Units send their values as a sheet with a unit code, an indicator code, a
//! period, a value and a comment per row, in CSV or XLSX (usually the round
//! template, [`round_template_xlsx`], filled in). [`read_value_rows`] finds
//! the columns by their Vietnamese or English headers (title rows above the
//! header are allowed, see [`crate::columns::HEADER_SEARCH_ROWS`]) and
//! returns the rows as text. The value is only tidied, never parsed: the app
//! parses it against the indicator's value type with
//! [`Value::parse`](nqtrack_domain::indicator::Value::parse), so its errors
//! can name the indicator. Tidying undoes what Excel did to the cell:
//!
//! - a number stored as a float reads as Excel shows it, to 15 significant
//!   digits and never in scientific notation (`95.57`, `1000000`, `0.3` for
//!   a computed 0.30000000000000004); scientific text such as `1E+06` or
//!   `1,5E+06` (what a CSV saved from a narrow column holds) is written out;
//! - a TRUE/FALSE cell reads as `Có`/`Không`, the words of the template;
//! - a leading apostrophe (Excel's mark for "text", which
//!   [`write_csv`](crate::export::write_csv) also puts before a negative
//!   number) is dropped.
//!
//! Excel's percent format is not undone: a cell showing 95% stores 0.95 and
//! reads as `0.95`. The template's value column is text, so typed values
//! arrive as written.
//!
//! [`round_template_xlsx`] writes the template of a round, and
//! [`values_xlsx`]/[`values_csv`] export entered values with their targets.

use crate::columns::{ColumnProblem, FieldSpec, SourceColumn, locate_header};
use crate::table::{Table, TableError, TableFormat, TableRow, read_table};

mod export;
mod template;

pub use export::{EXPORT_TITLE, ValueExportRow, state_label, values_csv, values_sheet, values_xlsx};
pub use template::{RoundTemplate, TemplateIndicator, TemplateUnit, round_template_xlsx, value_type_label};

/// One value as read from the file, every field trimmed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueRow {
    /// 1-based spreadsheet row number as the official sees it.
    pub row: usize,
    pub unit_code: String,
    /// As written; the app parses it with `IndicatorCode::parse` (which
    /// upper-cases it).
    pub indicator_code: String,
    /// As written, normally a stable period label (`2026-Q3`).
    pub period: String,
    /// The value, tidied as the module documentation says; empty when the
    /// unit has not entered it (the template lists every pair).
    pub value_text: String,
    /// Empty when the file has no comment column.
    pub comment: String,
}

/// A problem with the file's columns or one of its cells, where the
/// official can find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueProblem {
    /// Spreadsheet row, field name (`unit_code`, `indicator_code`, `period`,
    /// `value`, `comment`) and machine code: "missing-column" and
    /// "duplicate-column" (at the header's row, or at the first non-blank
    /// row when no header was recognised), "required" (an empty unit code,
    /// indicator code or period), "unit-code-number" (a unit code stored as
    /// a number, so Excel may have dropped its leading zeros).
    pub problem: ColumnProblem,
    /// The column as the file has it (letter and header); `None` for the
    /// column-level problems, whose column is absent or ambiguous.
    pub source: Option<SourceColumn>,
}

impl ValueProblem {
    /// The spreadsheet column letter ("D"), when the column was found.
    #[must_use]
    pub fn letter(&self) -> Option<&str> {
        self.source.as_ref().map(|source| source.letter.as_str())
    }
}

/// Why a values file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ValueReadError {
    /// The file itself: too large, not CSV or XLSX, no rows.
    #[error(transparent)]
    Table(#[from] TableError),
    /// Every problem with its columns or cells, in row order.
    #[error("the values file has {} problems", .0.len())]
    Problems(Vec<ValueProblem>),
}

/// Reads an uploaded values file: [`read_table`], then [`read_value_rows`].
///
/// # Errors
///
/// [`ValueReadError::Table`] when the file cannot be read as a table,
/// [`ValueReadError::Problems`] with every problem of its columns or cells.
pub fn read_values(bytes: &[u8], format: TableFormat) -> Result<Vec<ValueRow>, ValueReadError> {
    let table = read_table(bytes, format)?;
    read_value_rows(&table).map_err(ValueReadError::Problems)
}

/// Reads the value rows of a table: the rows below its header, which may
/// have title rows above it.
///
/// All problems are collected rather than stopping at the first, so an
/// official can fix the whole file in one pass.
///
/// # Errors
///
/// Every [`ValueProblem`]: the header's missing or ambiguous columns (rows
/// are not read then), otherwise each row's empty required cells (unit
/// code, indicator code, period, in that order) and a unit code stored as a
/// number, row by row.
pub fn read_value_rows(table: &Table) -> Result<Vec<ValueRow>, Vec<ValueProblem>> {
    let located = locate_header(table, &FIELDS).map_err(|problems| {
        problems.into_iter().map(|problem| ValueProblem { problem, source: None }).collect::<Vec<_>>()
    })?;
    let [unit_code, indicator_code, period, value, comment] = located.columns;
    let source = |field: usize| {
        let index = located.columns.get(field).copied().flatten()?;
        Some((index, located.source_column(FIELDS[field].name, index)))
    };
    let required = [UNIT_CODE, INDICATOR_CODE, PERIOD].map(source);
    let unit_source = source(UNIT_CODE);

    let mut rows = Vec::with_capacity(located.rows.len());
    let mut problems = Vec::new();
    for row in located.rows {
        for (index, source) in required.iter().flatten() {
            if cell_text(row, Some(*index)).is_empty() {
                problems.push(problem(row.number, source, "required"));
            }
        }
        if let Some((index, source)) = &unit_source
            && row.numeric.contains(index)
        {
            problems.push(problem(row.number, source, "unit-code-number"));
        }
        rows.push(ValueRow {
            row: row.number,
            unit_code: cell_text(row, unit_code).to_owned(),
            indicator_code: cell_text(row, indicator_code).to_owned(),
            period: cell_text(row, period).to_owned(),
            value_text: tidy_value(cell_text(row, value), value.is_some_and(|index| row.numeric.contains(&index))),
            comment: cell_text(row, comment).to_owned(),
        });
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

/// Positions in [`FIELDS`].
const UNIT_CODE: usize = 0;
const INDICATOR_CODE: usize = 1;
const PERIOD: usize = 2;

/// The fields of a values file, in template column order. The first alias
/// of each is the template's header, so the template and the reader cannot
/// disagree.
pub(crate) const FIELDS: [FieldSpec; 5] = [
    FieldSpec {
        name: "unit_code",
        aliases: &["Mã đơn vị", "Mã ĐV", "Mã đơn vị báo cáo", "unit_code", "unit"],
        required: true,
    },
    FieldSpec {
        name: "indicator_code",
        aliases: &["Mã chỉ tiêu", "Mã chỉ số", "Mã CT", "Mã KPI", "indicator_code", "indicator", "kpi", "kpi_code"],
        required: true,
    },
    FieldSpec {
        name: "period",
        aliases: &["Kỳ", "Kỳ báo cáo", "Kỳ số liệu", "Kỳ đánh giá", "period", "reporting period"],
        required: true,
    },
    FieldSpec {
        name: "value",
        aliases: &[
            "Giá trị",
            "Số liệu",
            "Giá trị thực hiện",
            "Kết quả",
            "Kết quả thực hiện",
            "Thực hiện",
            "value",
            "actual",
        ],
        required: true,
    },
    FieldSpec {
        name: "comment",
        aliases: &["Ghi chú", "Giải trình", "Thuyết minh", "comment", "note", "notes", "remarks"],
        required: false,
    },
];

/// The template header of the field named `name`: its first alias.
pub(crate) fn field_header(name: &str) -> &'static str {
    FIELDS.iter().find(|spec| spec.name == name).and_then(|spec| spec.aliases.first()).copied().unwrap_or("")
}

fn problem(row: usize, source: &SourceColumn, code: &'static str) -> ValueProblem {
    ValueProblem { problem: ColumnProblem::new(row, source.field, code), source: Some(source.clone()) }
}

/// The trimmed text of a row's cell; empty for an absent column.
fn cell_text(row: &TableRow, index: Option<usize>) -> &str {
    index.and_then(|index| row.cells.get(index)).map_or("", |text| text.trim())
}

/// Undoes what Excel did to a value cell; see the module documentation.
/// `numeric` says the XLSX cell was stored as a number.
fn tidy_value(text: &str, numeric: bool) -> String {
    // The apostrophe that forces text in Excel, or that our CSV export puts
    // before a negative number; never part of a value.
    let text = text.strip_prefix('\'').map_or(text, str::trim_start);
    let number = if numeric { text.parse::<f64>().ok() } else { scientific(text) };
    if let Some(text) = number.and_then(plain_number) {
        return text;
    }
    if text.eq_ignore_ascii_case("true") {
        "Có".to_owned()
    } else if text.eq_ignore_ascii_case("false") {
        "Không".to_owned()
    } else {
        text.to_owned()
    }
}

/// A number as Excel shows it in a wide General cell: rounded to the 15
/// significant digits Excel keeps, in plain decimal notation (Rust's
/// `Display` for `f64` never uses an exponent), without "-0".
fn plain_number(number: f64) -> Option<String> {
    if !number.is_finite() {
        return None;
    }
    let rounded: f64 = format!("{number:.14e}").parse().ok()?;
    Some(if rounded == 0.0 { "0".to_owned() } else { rounded.to_string() })
}

/// The number written in scientific notation by `text`, such as "1E+06",
/// "1.5e-3" or, from a Vietnamese Excel, "1,5E+06"; `None` for anything else
/// (including plain numbers, which are left as written).
fn scientific(text: &str) -> Option<f64> {
    let (mantissa, exponent) = text.split_once(['e', 'E'])?;
    let unsigned = |part: &str| part.strip_prefix(['+', '-']).unwrap_or(part).to_owned();
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    let exponent_digits = unsigned(exponent);
    if !digits(&exponent_digits) || exponent_digits.len() > 3 {
        return None;
    }
    let mantissa = unsigned(mantissa).replace(',', ".");
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((&mantissa, "0"));
    if !digits(whole) || !digits(fraction) {
        return None;
    }
    let sign = if text.starts_with('-') { "-" } else { "" };
    format!("{sign}{whole}.{fraction}e{exponent}").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::fold_header;

    #[test]
    fn floats_read_as_excel_shows_them() {
        assert_eq!(tidy_value("95.57", true), "95.57");
        assert_eq!(tidy_value("1000000", true), "1000000");
        assert_eq!(tidy_value("0.30000000000000004", true), "0.3");
        assert_eq!(tidy_value("-0", true), "0");
        assert_eq!(tidy_value("0.0000001", true), "0.0000001");
        // Excel keeps 15 significant digits.
        assert_eq!(tidy_value("123456789012345680000", true), "123456789012346000000");
    }

    #[test]
    fn scientific_text_is_written_out_and_other_text_left_alone() {
        assert_eq!(tidy_value("1E+06", false), "1000000");
        assert_eq!(tidy_value("1,5E+06", false), "1500000");
        assert_eq!(tidy_value("-2.5e-3", false), "-0.0025");
        for text in ["1.234,5", "95,57 %", "12/40", "Có", "E5", "1E", "1.2.3E4", "1E+1234", "x1E5", ""] {
            assert_eq!(tidy_value(text, false), text);
        }
    }

    #[test]
    fn a_leading_apostrophe_is_dropped() {
        assert_eq!(tidy_value("'-5", false), "-5");
        assert_eq!(tidy_value("'1E+06", false), "1000000");
        assert_eq!(tidy_value("'", false), "");
    }

    #[test]
    fn booleans_read_as_the_templates_words() {
        assert_eq!(tidy_value("TRUE", false), "Có");
        assert_eq!(tidy_value("false", false), "Không");
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
