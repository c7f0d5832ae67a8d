//! Records of documents, tasks and their history, as the store hands them back.

use jiff::Timestamp;
use jiff::civil::Date;
use nqtrack_domain::status::{Colour, Status};
use nqtrack_domain::task::{
    AttachmentKind, CompletionState, Confidentiality, DocumentType, ExtensionState, Field, Priority, ProgressKind,
    TaskKind, TaskSource,
};
use nqtrack_domain::unit::UnitPath;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub id: Uuid,
    pub doc_type: DocumentType,
    pub number: String,
    pub issued_on: Date,
    pub issuer_id: Uuid,
    #[serde(skip)]
    pub issuer_path: UnitPath,
    pub signer: String,
    pub title: String,
    pub summary: String,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A document in a list, with its issuer's name and how many tasks were born from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentSummary {
    #[serde(flatten)]
    pub document: Document,
    pub issuer_name: String,
    pub task_count: i64,
}

/// A file, link or document number attached as evidence; a file's bytes are read separately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub id: Uuid,
    pub owner_type: String,
    pub owner_id: Uuid,
    pub kind: AttachmentKind,
    /// The file name, the link, or the document number.
    pub name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub id: Uuid,
    pub code: String,
    pub title: String,
    pub content: String,
    pub source: TaskSource,
    pub document_id: Option<Uuid>,
    pub clause: String,
    pub assigner_id: Uuid,
    #[serde(skip)]
    pub assigner_path: UnitPath,
    pub presiding_id: Uuid,
    #[serde(skip)]
    pub presiding_path: UnitPath,
    pub leader_id: Option<Uuid>,
    pub kind: TaskKind,
    pub parent_id: Option<Uuid>,
    pub series_id: Option<Uuid>,
    pub period_label: Option<String>,
    pub assigned_on: Date,
    pub deadline_working_days: Option<i32>,
    pub original_deadline: Option<Date>,
    /// The deadline in force now (after approved extensions and adjustments).
    pub deadline: Option<Date>,
    pub deadline_changed_on: Option<Date>,
    pub product: String,
    pub key_results: String,
    pub field: Field,
    pub priority: Priority,
    pub confidentiality: Confidentiality,
    pub allow_later_children: bool,
    pub progress_percent: i32,
    pub progress_on: Option<Date>,
    pub last_reported_on: Option<Date>,
    pub completed_on: Option<Date>,
    pub completion_state: Option<CompletionState>,
    pub completion_changed_on: Option<Date>,
    pub cancelled_on: Option<Date>,
    pub cancel_reason: String,
    pub version: i32,
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A task in a list: the task, the names around it and where it stands on the list's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskListItem {
    #[serde(flatten)]
    pub task: Task,
    pub assigner_code: String,
    pub assigner_name: String,
    pub presiding_code: String,
    pub presiding_name: String,
    pub document_number: Option<String>,
    pub leader_name: Option<String>,
    /// `None` for a recurring series, which is judged through its occurrences.
    pub status: Option<Status>,
    pub colour: Option<Colour>,
    /// The deadline the task is judged against on the list's date.
    pub deadline_in_force: Option<Date>,
    pub due_soon: bool,
    pub at_risk: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineChange {
    pub id: Uuid,
    pub task_id: Uuid,
    pub effective_on: Date,
    pub deadline: Date,
    /// `original`, `extension` or `adjustment`.
    pub cause: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    pub id: Uuid,
    pub task_id: Uuid,
    pub requested_on: Date,
    pub current_deadline: Date,
    pub requested_deadline: Date,
    pub reason: String,
    pub requested_by: Option<Uuid>,
    pub state: ExtensionState,
    pub decided_on: Option<Date>,
    pub decided_by: Option<Uuid>,
    pub decision_note: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completion {
    pub id: Uuid,
    pub task_id: Uuid,
    pub reported_on: Date,
    pub product: String,
    pub note: String,
    pub reported_by: Option<Uuid>,
    pub state: CompletionState,
    pub decided_on: Option<Date>,
    pub decided_by: Option<Uuid>,
    pub decision_reason: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressReport {
    pub id: Uuid,
    pub task_id: Uuid,
    pub unit_id: Uuid,
    pub kind: ProgressKind,
    pub reported_on: Date,
    pub percent: Option<i32>,
    pub done: String,
    pub difficulties: String,
    pub proposals: String,
    pub backwards_reason: String,
    pub reported_by: Option<Uuid>,
    pub created_at: Timestamp,
}

/// Tasks counted by status and colour.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub total: i64,
    pub by_status: Vec<(Status, i64)>,
    pub by_colour: Vec<(Colour, i64)>,
    pub due_soon: i64,
    pub at_risk: i64,
}

/// Where a presiding unit's tasks stand in their history of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskUnitVersion {
    pub unit_id: Uuid,
    pub path: UnitPath,
    pub version: i64,
}

/// The tasks of one status and colour pair: the grain counts are kept at, so that any set of units'
/// counts is a sum of their cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountCell {
    pub status: Status,
    pub colour: Colour,
    /// Of these, in progress and due within the due-soon days.
    pub due_soon: i64,
    /// Of these, in progress and yellow.
    pub at_risk: i64,
    pub tasks: i64,
}

impl CountCell {
    /// Whether a list filtered by statuses, colours (empty: any) and "due soon only" takes these tasks,
    /// and how many of them.
    pub fn matching(&self, statuses: &[Status], colours: &[Colour], due_soon_only: bool) -> i64 {
        let taken = (statuses.is_empty() || statuses.contains(&self.status))
            && (colours.is_empty() || colours.contains(&self.colour));
        match (taken, due_soon_only) {
            (false, _) => 0,
            (true, true) => self.due_soon,
            (true, false) => self.tasks,
        }
    }
}

impl StatusCounts {
    pub fn from_cells<'a>(cells: impl IntoIterator<Item = &'a CountCell>) -> Self {
        let mut counts = StatusCounts::default();
        for cell in cells {
            counts.total += cell.tasks;
            counts.due_soon += cell.due_soon;
            counts.at_risk += cell.at_risk;
            add(&mut counts.by_status, cell.status, cell.tasks);
            add(&mut counts.by_colour, cell.colour, cell.tasks);
        }
        counts.by_status.sort_by_key(|(s, _)| *s);
        counts.by_colour.sort_by_key(|(c, _)| *c);
        counts
    }

    pub fn status(&self, status: Status) -> i64 {
        self.by_status.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n)
    }

    pub fn colour(&self, colour: Colour) -> i64 {
        self.by_colour.iter().find(|(c, _)| *c == colour).map_or(0, |(_, n)| *n)
    }
}

fn add<K: PartialEq>(counts: &mut Vec<(K, i64)>, key: K, n: i64) {
    match counts.iter_mut().find(|(k, _)| *k == key) {
        Some((_, total)) => *total += n,
        None => counts.push((key, n)),
    }
}
