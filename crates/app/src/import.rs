//! Importing units from CSV or XLSX: every row is checked first, every problem is reported with its
//! row, column and reason, and nothing is written unless the whole file is valid.

use std::collections::HashMap;

use nqtrack_domain::FieldError;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::unit::{Level, UnitPath};
use nqtrack_office::columns::ColumnProblem;
use nqtrack_office::table::{MAX_IMPORT_BYTES, Table, TableError, TableFormat, read_table};
use nqtrack_office::units::{UnitImportRow, read_unit_rows};
use nqtrack_store::Unit;
use serde::Serialize;
use uuid::Uuid;

use crate::units::{insert_unit_recorded, validate_unit};
use crate::{App, AppError, Result};

/// One rejected cell: the spreadsheet row, the column, the reason (a catalogue code) and its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub row: usize,
    pub column: String,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl RowProblem {
    pub(crate) fn from_field(row: usize, error: FieldError) -> Self {
        Self { row, column: error.field, code: error.code, args: error.args }
    }

    /// A problem the office reader found in the header or in one cell.
    pub(crate) fn from_column(problem: ColumnProblem) -> Self {
        Self { row: problem.row, column: problem.column, code: problem.code, args: Vec::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub problems: Vec<RowProblem>,
}

fn file_problem(error: TableError) -> RowProblem {
    let (row, code, args): (usize, &'static str, Vec<(&'static str, String)>) = match error {
        TableError::TooLarge { limit_bytes } => (0, "file-too-large", vec![("limit", limit_bytes.to_string())]),
        TableError::TooManyRows { limit } => (0, "too-many-rows", vec![("limit", limit.to_string())]),
        TableError::Empty | TableError::NoSheet => (0, "file-empty", vec![]),
        TableError::NotUtf8 { row } => (row, "file-malformed", vec![("detail", "UTF-8".to_owned())]),
        TableError::MalformedCsv { row, detail } => (row, "file-malformed", vec![("detail", detail)]),
        TableError::UnreadableXlsx { detail } => (0, "file-malformed", vec![("detail", detail)]),
    };
    RowProblem { row, column: "file".to_owned(), code, args }
}

pub(crate) fn rejected(problems: Vec<RowProblem>) -> AppError {
    AppError::ImportRejected(ImportReport { created: 0, problems })
}

/// Reads an uploaded file into a table, or rejects it as a whole (too large, neither CSV nor XLSX,
/// unreadable); shared by every import so they refuse files alike.
pub(crate) fn read_upload(file_name: &str, bytes: &[u8]) -> Result<Table> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(rejected(vec![file_problem(TableError::TooLarge { limit_bytes: MAX_IMPORT_BYTES })]));
    }
    let format = TableFormat::sniff(bytes)
        .or_else(|| TableFormat::from_file_name(file_name))
        .ok_or_else(|| rejected(vec![RowProblem { row: 0, column: "file".into(), code: "file-type", args: vec![] }]))?;
    read_table(bytes, format).map_err(|e| rejected(vec![file_problem(e)]))
}

/// A parent a row can point to: a living unit already stored, or another row of the same file.
#[derive(Clone)]
struct ParentRef {
    id: Uuid,
    level: Level,
    path: Option<UnitPath>,
    row: Option<usize>,
}

impl App {
    /// Imports units under `default_parent` (used by rows without a parent code).
    pub async fn import_units(
        &self,
        actor: &Actor,
        file_name: &str,
        bytes: &[u8],
        default_parent: Option<Uuid>,
    ) -> Result<ImportReport> {
        let table = read_upload(file_name, bytes)?;
        let rows = read_unit_rows(&table)
            .map_err(|problems| rejected(problems.into_iter().map(RowProblem::from_column).collect()))?;
        self.import_unit_rows(actor, rows, default_parent, "unit.import").await
    }

    /// Checks and writes already-read rows; shared by file imports and the built-in data sets.
    pub(crate) async fn import_unit_rows(
        &self,
        actor: &Actor,
        rows: Vec<UnitImportRow>,
        default_parent: Option<Uuid>,
        action: &'static str,
    ) -> Result<ImportReport> {
        let mut tx = self.store.write().await?;
        let existing = tx.live_units().await?;
        let default_parent = match default_parent {
            Some(id) => Some(crate::units::live_unit(&mut tx, id, "parent_id").await?),
            None => None,
        };
        let plan = plan_import(actor, &existing, default_parent.as_ref(), &rows)?;
        let now = self.clock.now();
        let created = plan.len();
        for unit in plan {
            insert_unit_recorded(&mut tx, actor, &unit.with_times(now), action, now).await?;
        }
        tx.commit().await?;
        Ok(ImportReport { created, problems: Vec::new() })
    }
}

trait WithTimes {
    fn with_times(self, at: jiff::Timestamp) -> Self;
}

impl WithTimes for Unit {
    fn with_times(self, at: jiff::Timestamp) -> Self {
        Unit { created_at: at, updated_at: at, ..self }
    }
}

/// Turns rows into units in insertion order (parents first), or every problem found.
fn plan_import(
    actor: &Actor,
    existing: &[Unit],
    default_parent: Option<&Unit>,
    rows: &[UnitImportRow],
) -> Result<Vec<Unit>> {
    let mut problems = Vec::new();
    let by_code: HashMap<&str, &Unit> = existing.iter().map(|u| (u.code.as_str(), u)).collect();
    let mut file_codes: HashMap<String, usize> = HashMap::new();
    let ids: Vec<Uuid> = rows.iter().map(|_| Uuid::now_v7()).collect();
    for row in rows {
        let code = row.code.trim();
        if by_code.contains_key(code) {
            problems.push(RowProblem {
                row: row.row,
                column: "code".into(),
                code: "duplicate-code",
                args: vec![("value", code.to_owned())],
            });
        } else if let Some(first) = file_codes.get(code) {
            problems.push(RowProblem {
                row: row.row,
                column: "code".into(),
                code: "duplicate-in-file",
                args: vec![("value", code.to_owned()), ("row", first.to_string())],
            });
        } else {
            file_codes.insert(code.to_owned(), row.row);
        }
    }
    let row_index: HashMap<&str, usize> = rows.iter().enumerate().map(|(i, r)| (r.code.trim(), i)).collect();

    // Each row's parent, then its level: a row may point to a parent defined anywhere in the file.
    let parent_of = |row: &UnitImportRow| -> std::result::Result<Option<ParentRef>, RowProblem> {
        let code = row.parent_code.trim();
        if code.is_empty() {
            return match default_parent {
                Some(unit) => {
                    Ok(Some(ParentRef { id: unit.id, level: unit.level, path: Some(unit.path.clone()), row: None }))
                }
                None => Err(RowProblem {
                    row: row.row,
                    column: "parent_code".into(),
                    code: "parent-required",
                    args: vec![],
                }),
            };
        }
        if let Some(unit) = by_code.get(code) {
            return Ok(Some(ParentRef { id: unit.id, level: unit.level, path: Some(unit.path.clone()), row: None }));
        }
        if let Some(&index) = row_index.get(code) {
            // The level is filled in once the parent row itself is checked.
            return Ok(Some(ParentRef { id: ids[index], level: Level::Central, path: None, row: Some(index) }));
        }
        Err(RowProblem {
            row: row.row,
            column: "parent_code".into(),
            code: "unknown-parent",
            args: vec![("value", code.to_owned())],
        })
    };

    let mut placed: Vec<Option<Unit>> = vec![None; rows.len()];
    let mut parents: Vec<Option<ParentRef>> = Vec::with_capacity(rows.len());
    for row in rows {
        match parent_of(row) {
            Ok(parent) => parents.push(parent),
            Err(problem) => {
                problems.push(problem);
                parents.push(None);
            }
        }
    }
    // Place rows whose parents are placed, until nothing more can be placed.
    let mut progress = true;
    while progress {
        progress = false;
        for (index, row) in rows.iter().enumerate() {
            if placed[index].is_some() {
                continue;
            }
            let Some(parent) = &parents[index] else { continue };
            let (parent_level, parent_path) = match parent.row {
                Some(parent_index) => match &placed[parent_index] {
                    Some(unit) => (unit.level, unit.path.clone()),
                    None => continue,
                },
                None => (parent.level, parent.path.clone().unwrap_or_else(|| UnitPath::root(parent.id))),
            };
            progress = true;
            if parent.row.is_none() && policy::authorize(actor, Action::ManageUnits, &parent_path).is_err() {
                problems.push(RowProblem {
                    row: row.row,
                    column: "parent_code".into(),
                    code: "forbidden-parent",
                    args: vec![],
                });
            }
            match validate_unit(&row.code, &row.name, &row.kind, &row.level, "", Some(parent_level)) {
                Ok(valid) => {
                    let id = ids[index];
                    placed[index] = Some(Unit {
                        id,
                        code: valid.code.as_str().to_owned(),
                        name: valid.name.as_str().to_owned(),
                        kind: valid.kind,
                        level: valid.level,
                        parent_id: Some(parent.id),
                        path: parent_path.child(id),
                        established_on: None,
                        dissolved_on: None,
                        created_at: jiff::Timestamp::UNIX_EPOCH,
                        updated_at: jiff::Timestamp::UNIX_EPOCH,
                    });
                }
                Err(invalid) => {
                    problems.extend(invalid.0.into_iter().map(|e| RowProblem::from_field(row.row, e)));
                    // Mark as handled so children report their own problems, not a cycle.
                    placed[index] = Some(Unit {
                        id: ids[index],
                        code: String::new(),
                        name: String::new(),
                        kind: nqtrack_domain::unit::UnitKind::Agency,
                        level: parent_level,
                        parent_id: None,
                        path: parent_path.child(ids[index]),
                        established_on: None,
                        dissolved_on: None,
                        created_at: jiff::Timestamp::UNIX_EPOCH,
                        updated_at: jiff::Timestamp::UNIX_EPOCH,
                    });
                }
            }
        }
    }
    for (index, row) in rows.iter().enumerate() {
        if placed[index].is_none() && parents[index].is_some() {
            problems.push(RowProblem { row: row.row, column: "parent_code".into(), code: "unit-cycle", args: vec![] });
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
        return Err(rejected(problems));
    }
    // Parents before children: sort by depth of the path.
    let mut units: Vec<Unit> = placed.into_iter().flatten().collect();
    units.sort_by_key(|u| u.path.depth());
    Ok(units)
}
