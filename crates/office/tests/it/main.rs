//! Integration tests for the import readers, one binary for fast linking.

mod csv_import;
mod format_detection;
mod unit_rows;
mod xlsx_import;

use nqtrack_office::table::{Table, TableRow};

/// Shorthand for the expected `(row number, cells)` pairs of a table.
fn rows(table: &Table) -> Vec<(usize, Vec<&str>)> {
    table.rows.iter().map(|TableRow { number, cells }| (*number, cells.iter().map(String::as_str).collect())).collect()
}
