//! Integration tests for the import readers and the writers, one binary for
//! fast linking.

mod csv_import;
mod export;
mod format_detection;
mod indicator_export;
mod indicator_template;
mod indicator_values;
mod map;
mod report_doc;
mod task_template;
mod tasks_import;
mod unit_rows;
mod xlsx_import;

use nqtrack_office::table::{Table, TableRow};

/// Shorthand for the expected `(row number, cells)` pairs of a table.
fn rows(table: &Table) -> Vec<(usize, Vec<&str>)> {
    table
        .rows
        .iter()
        .map(|TableRow { number, cells, .. }| (*number, cells.iter().map(String::as_str).collect()))
        .collect()
}

/// A table as `read_table` would make it from a CSV file.
fn csv_table(header: &[&str], rows: &[(usize, &[&str])]) -> Table {
    Table {
        header: header.iter().map(|&cell| cell.to_owned()).collect(),
        header_row: 1,
        rows: rows
            .iter()
            .map(|&(number, cells)| TableRow {
                number,
                cells: cells.iter().map(|&cell| cell.to_owned()).collect(),
                numeric: Vec::new(),
            })
            .collect(),
        first_column: 0,
    }
}
