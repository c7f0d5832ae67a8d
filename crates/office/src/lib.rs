//! Office formats for nqtrack.
//!
//! Officials keep their unit lists in spreadsheets, so imports accept what
//! they actually produce: CSV (comma or semicolon separated, as Vietnamese
//! Excel locales write it) and XLSX. [`table`] turns either into a plain grid
//! of trimmed strings with the row numbers the user sees in Excel, so every
//! later error message can point at a row they can find; [`units`] maps that
//! grid onto organisation-unit fields.

pub mod table;
pub mod units;
