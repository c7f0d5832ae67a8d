//! Importing a plan's task annex (Phụ lục nhiệm vụ) from XLSX or CSV: all rows or none.
//!
//! Each row goes through the same [`assign_in_tx`] as a task typed in the form, inside one write
//! transaction, so an imported task is checked, coded and audited exactly like any other. Every problem of
//! every row is collected and named by its spreadsheet row and column; if there is any, the transaction is
//! dropped (nothing written) and the whole list comes back as [`AppError::ImportRejected`].

use std::collections::HashMap;

use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::task::TaskCode;
use nqtrack_domain::text::fold_vi;
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_office::tasks::{TaskImport, TaskRow, read_task_rows};
use nqtrack_store::{CommitteeMember, Tx, Unit};
use uuid::Uuid;

use super::{TaskInput, assign_in_tx};
use crate::import::{ImportReport, RowProblem, read_upload, rejected};
use crate::units::live_unit;
use crate::{App, AppError, Result};

impl App {
    /// Imports a task annex: every row becomes a task assigned by `assigner_id` (from `document_id`, when
    /// given, for every row). `file_name` only helps tell CSV from XLSX when the content does not.
    ///
    /// # Errors
    ///
    /// [`AppError::ImportRejected`] listing every problem with its row and column (nothing written);
    /// [`AppError::Denied`] without the right to manage the assigner's tasks; [`AppError::Invalid`] for an
    /// assigner or document that does not exist.
    pub async fn import_tasks(
        &self,
        actor: &Actor,
        assigner_id: Uuid,
        document_id: Option<Uuid>,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportReport> {
        // Parsed before the write transaction starts, so a broken file never holds the write lock.
        let table = read_upload(file_name, bytes)?;
        let import = read_task_rows(&table)
            .map_err(|problems| rejected(problems.into_iter().map(RowProblem::from_column).collect()))?;
        let mut tx = self.store.write().await?;
        let assigner = live_unit(&mut tx, assigner_id, "assigner_id").await?;
        // `assign_in_tx` checks this for every row too; checking first refuses a caller without the right
        // even when the file has no row or no valid one, and before anything about its units is looked up.
        policy::authorize(actor, Action::ManageTasks, &assigner.path)?;
        if let Some(id) = document_id
            && tx.document(id).await?.is_none()
        {
            return Err(FieldError::new("document_id", "not-found").into());
        }
        let mut check = RowCheck {
            import: &import,
            problems: Vec::new(),
            flagged: HashMap::new(),
            units: HashMap::new(),
            leaders: leader_choices(&mut tx, &assigner).await?,
            codes: HashMap::new(),
        };
        for problem in &import.problems {
            check.push(problem.row, &problem.column, problem.code, Vec::new());
        }
        let (today, now) = (self.today(), self.clock.now());
        let mut created = 0;
        for row in &import.rows {
            let input = check.input(&mut tx, row, assigner.id, document_id).await?;
            match assign_in_tx(&mut tx, actor, &input, today, now).await {
                Ok(_) => created += 1,
                Err(AppError::Invalid(Invalid(errors))) => {
                    for error in errors {
                        check.field_error(row.row, error);
                    }
                }
                Err(other) => return Err(other),
            }
        }
        if !check.problems.is_empty() {
            // Dropping `tx` rolls back the rows already assigned.
            return Err(rejected(check.sorted_problems()));
        }
        tx.commit().await?;
        Ok(ImportReport { created, problems: Vec::new() })
    }
}

/// The members of the steering committees (and working groups) of the assigner and the units above it,
/// nearest unit first, by their folded names: the people a row may name as leader in charge, as the form
/// offers them, however the row spells the name.
async fn leader_choices(tx: &mut Tx, assigner: &Unit) -> Result<Vec<(String, Uuid)>> {
    let mut members = Vec::new();
    for unit_id in assigner.path.ids().collect::<Vec<_>>().into_iter().rev() {
        let found: Vec<CommitteeMember> = tx.committee_members(unit_id).await?;
        members.extend(found.into_iter().map(|member| (fold_vi(&member.person_name), member.id)));
    }
    Ok(members)
}

/// What the rows of one import have found so far.
struct RowCheck<'a> {
    import: &'a TaskImport,
    problems: Vec<RowProblem>,
    /// The problem codes of each cell (row, field) found so far, so that checking a cell stays cheap on a
    /// file of many bad rows.
    flagged: HashMap<(usize, String), Vec<&'static str>>,
    /// Unit codes looked up so far: the live unit's id, or `None` for no live unit with that code.
    /// Annexes name the same communes row after row.
    units: HashMap<String, Option<Uuid>>,
    /// Folded names and ids of the committee members a row may name, nearest unit first.
    leaders: Vec<(String, Uuid)>,
    /// Task codes given in the file, upper-cased as stored, with the first row that gave each.
    codes: HashMap<String, usize>,
}

impl RowCheck<'_> {
    /// Records a problem at `row` in the column of `field`, with the column's letter and header as the
    /// file has them (`column`, `header` arguments) so every reader of the report can point at the cell.
    fn push(&mut self, row: usize, field: &str, code: &'static str, mut args: Vec<(&'static str, String)>) {
        // The reader and the assignment may both find an empty title: say it once.
        let codes = self.flagged.entry((row, field.to_owned())).or_default();
        if codes.contains(&code) {
            return;
        }
        codes.push(code);
        if let Some(source) = self.import.column(field) {
            args.push(("column", source.letter.clone()));
            args.push(("header", source.header.clone()));
        }
        self.problems.push(RowProblem { row, column: field.to_owned(), code, args });
    }

    /// Whether the cell of `field` on `row` already has a problem: later checks of it would only repeat
    /// it in other words (an unknown presiding code is also a missing presiding unit).
    fn has(&self, row: usize, field: &str) -> bool {
        self.flagged.contains_key(&(row, field.to_owned()))
    }

    /// A problem the assignment found, moved to the import column its field is read from.
    fn field_error(&mut self, row: usize, error: FieldError) {
        let problem = RowProblem::from_field(row, error);
        let field = import_column(&problem.column);
        if !self.has(row, field) {
            self.push(row, field, problem.code, problem.args);
        }
    }

    /// Problems sorted as the official reads the sheet: by row, then left to right.
    fn sorted_problems(mut self) -> Vec<RowProblem> {
        let position = |problem: &RowProblem| {
            let letter = problem.args.iter().find(|(name, _)| *name == "column").map(|(_, letter)| letter.as_str());
            // "B" before "AA": shorter letters first; problems outside any column last.
            letter.map_or((usize::MAX, String::new()), |letter| (letter.len(), letter.to_owned()))
        };
        self.problems.sort_by_cached_key(|problem| (problem.row, position(problem)));
        self.problems
    }

    /// The row as a [`TaskInput`], its unit codes and leader resolved; what cannot be resolved is
    /// recorded as a problem and left out, so the assignment still checks the rest of the row.
    async fn input(
        &mut self,
        tx: &mut Tx,
        row: &TaskRow,
        assigner_id: Uuid,
        document_id: Option<Uuid>,
    ) -> Result<TaskInput> {
        let presiding_id = if self.has(row.row, "presiding") {
            None
        } else {
            self.unit_id(tx, row.row, "presiding", &row.presiding_code).await?
        };
        let mut coordinator_ids = Vec::new();
        if !self.has(row.row, "coordinating") {
            for code in &row.coordinating_codes {
                if let Some(id) = self.unit_id(tx, row.row, "coordinating", code).await? {
                    coordinator_ids.push(id);
                }
            }
        }
        // A code that cannot be taken is left for the assignment to make, so the rest of the row is still
        // checked without the insert failing on the unique index.
        let code = if self.code_is_free(tx, row).await? { row.code.clone() } else { String::new() };
        let working_days = match row.working_days.as_str() {
            "" => None,
            text => text
                .parse::<u32>()
                .map_err(|_| self.push(row.row, "working_days", "working-days-positive", vec![]))
                .ok(),
        };
        Ok(TaskInput {
            code,
            title: row.title.clone(),
            content: row.content.clone(),
            source: String::new(),
            document_id,
            clause: row.clause.clone(),
            assigner_id: Some(assigner_id),
            presiding_id,
            coordinator_ids,
            leader_id: self.leader_id(row),
            kind: row.kind.clone(),
            // Assigned on the day of the import, like a task typed in the form.
            assigned_on: String::new(),
            deadline: row.deadline.clone(),
            working_days,
            product: row.product.clone(),
            key_results: row.key_results.clone(),
            field: row.field.clone(),
            priority: row.priority.clone(),
            confidentiality: row.confidentiality.clone(),
            allow_later_children: false,
        })
    }

    /// The live unit with `code`, or a `unit-code-unknown` problem in `field`'s column.
    async fn unit_id(&mut self, tx: &mut Tx, row: usize, field: &str, code: &str) -> Result<Option<Uuid>> {
        let code = code.trim();
        if code.is_empty() {
            // An empty presiding cell is already the reader's "required" problem.
            return Ok(None);
        }
        let id = match self.units.get(code) {
            Some(known) => *known,
            None => {
                let found = tx.unit_by_code(code).await?.filter(Unit::is_live).map(|unit| unit.id);
                self.units.insert(code.to_owned(), found);
                found
            }
        };
        if id.is_none() {
            self.push(row, field, "unit-code-unknown", vec![("value", code.to_owned())]);
        }
        Ok(id)
    }

    /// Whether the row's code may be used; a code given twice in the file, or already used by a stored
    /// task, is a problem of the row. Checked here rather than left to the unique index: on PostgreSQL a
    /// failed insert aborts the transaction, and the remaining rows could not be checked any more.
    async fn code_is_free(&mut self, tx: &mut Tx, row: &TaskRow) -> Result<bool> {
        // An empty code is made by the assignment, a malformed one reported by it.
        let Ok(code) = TaskCode::parse("code", &row.code) else { return Ok(true) };
        let code = code.as_str().to_owned();
        let problem = if let Some(first) = self.codes.get(&code) {
            Some(("task-code-in-file", vec![("value", code.clone()), ("row", first.to_string())]))
        } else if tx.task_by_code(&code).await?.is_some() {
            Some(("task-code-taken", vec![("value", code.clone())]))
        } else {
            None
        };
        self.codes.entry(code).or_insert(row.row);
        match problem {
            Some((problem, args)) => {
                self.push(row.row, "code", problem, args);
                Ok(false)
            }
            None => Ok(true),
        }
    }

    /// The committee member named in the row, the nearest unit's first: a person may sit on both the
    /// steering committee and the working group, or on committees at two levels.
    fn leader_id(&mut self, row: &TaskRow) -> Option<Uuid> {
        let name = fold_vi(&row.leader);
        if name.is_empty() {
            return None;
        }
        let found = self.leaders.iter().find(|(folded, _)| *folded == name).map(|&(_, id)| id);
        if found.is_none() {
            self.push(row.row, "leader", "leader-unknown", vec![("value", row.leader.clone())]);
        }
        found
    }
}

/// The import column of a field of [`TaskInput`]: the ids the form sends are codes and names in the file.
fn import_column(field: &str) -> &str {
    match field {
        "presiding_id" => "presiding",
        "coordinator_ids" => "coordinating",
        "leader_id" => "leader",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_map_to_annex_columns() {
        assert_eq!(import_column("presiding_id"), "presiding");
        assert_eq!(import_column("coordinator_ids"), "coordinating");
        assert_eq!(import_column("leader_id"), "leader");
        assert_eq!(import_column("deadline"), "deadline");
    }
}
