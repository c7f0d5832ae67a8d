//! Office formats for nqtrack.
//!
//! Officials keep their unit lists and task annexes in spreadsheets, so
//! imports accept what they actually produce: CSV (comma or semicolon
//! separated, as Vietnamese Excel locales write it) and XLSX. [`table`] turns
//! either into a plain grid of trimmed strings with the row numbers the user
//! sees in Excel, so every later error message can point at a row they can
//! find; [`columns`] finds fields by their Vietnamese or English headers;
//! [`units`] and [`tasks`] map the grid onto unit and task fields.
//! [`export`] writes tables back out as XLSX or CSV, and
//! [`tasks::task_template_xlsx`] is the task annex template to fill in.
//! [`report_doc`] writes period reports as administrative DOCX (Decree
//! 30/2020) and XLSX; [`map`] bakes the province boundaries once and draws
//! the choropleth map of the 34 provinces as SVG.

pub mod columns;
pub mod export;
pub mod indicators;
pub mod map;
pub mod report_doc;
pub mod table;
pub mod tasks;
pub mod units;

/// Why a document could not be written.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum OfficeError {
    /// More rows or columns than an Excel sheet holds (1,048,576 rows,
    /// 16,384 columns); the caller should filter or split the export.
    #[error("sheet of {rows} rows and {columns} columns is larger than Excel allows")]
    SheetTooLarge { rows: usize, columns: usize },
    /// A text longer than the 32,767 characters an Excel cell holds.
    #[error("cell {column}{row} holds more text than an Excel cell allows")]
    CellTooLong {
        /// Spreadsheet row number, the header being row 1.
        row: usize,
        /// Spreadsheet column letter.
        column: String,
    },
    /// Anything else the XLSX writer refused; not expected from valid input.
    #[error("could not write the XLSX workbook: {detail}")]
    Xlsx { detail: String },
    /// The DOCX writer failed to assemble the package; not expected from
    /// valid input.
    #[error("could not write the DOCX document: {detail}")]
    Docx { detail: String },
    /// The province boundaries given to the map baker are not the GeoJSON
    /// it expects (a FeatureCollection of Polygon or MultiPolygon features
    /// with a province code).
    #[error("cannot read the province boundaries: {detail}")]
    GeoJson { detail: String },
    /// The baked map compiled into the binary does not parse (`line` 0: it
    /// lacks its viewBox or provinces); re-bake it with `nqtrack bake-map`.
    #[error("the baked province map is damaged at line {line}")]
    MapAsset { line: usize },
}
