//! What the task endpoints answer: mirrors of the store's records with their OpenAPI schemas. The
//! units' paths never leave the server; dates are `yyyy-mm-dd`, instants RFC 3339 in UTC.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use nqtrack_app::{CascadeOutcome, ChildSummary, TaskList, TaskPage, TaskPermissions};
use nqtrack_domain::status::{Colour, Standing, Status};
use nqtrack_domain::task::{
    AttachmentKind, CompletionState, Confidentiality, ExtensionState, Field, Priority, ProgressKind, TaskKind,
    TaskSource,
};
use nqtrack_store::{
    Attachment, Completion, DeadlineChange, Extension, ProgressReport, StatusCounts, Task, TaskListItem,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::committees::MemberDto;
use crate::api::documents::DocumentDto;
use crate::api::schema::{
    AttachmentKindSchema, ColourSchema, CompletionStateSchema, ConfidentialitySchema, ExtensionStateSchema,
    FieldSchema, PrioritySchema, ProgressKindSchema, StatusSchema, TaskKindSchema, TaskSourceSchema,
};
use crate::api::units::UnitDto;

fn all<A, B: From<A>>(items: Vec<A>) -> Vec<B> {
    items.into_iter().map(B::from).collect()
}

/// A task's own fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskDto {
    pub id: Uuid,
    #[schema(example = "08-2025-001")]
    pub code: String,
    #[schema(example = "Thành lập Ban Chỉ đạo cấp xã")]
    pub title: String,
    pub content: String,
    #[schema(value_type = TaskSourceSchema)]
    pub source: TaskSource,
    pub document_id: Option<Uuid>,
    /// The clause of the document the task comes from.
    pub clause: String,
    pub assigner_id: Uuid,
    pub presiding_id: Uuid,
    /// The committee member in charge.
    pub leader_id: Option<Uuid>,
    #[schema(value_type = TaskKindSchema)]
    pub kind: TaskKind,
    /// The task this one was cascaded from.
    pub parent_id: Option<Uuid>,
    /// The recurring series this task is an occurrence of.
    pub series_id: Option<Uuid>,
    /// The period of an occurrence, e.g. `2025-Q3`.
    pub period_label: Option<String>,
    #[schema(value_type = String, format = Date, example = "2025-09-01")]
    pub assigned_on: Date,
    /// Set when the deadline was given as working days after assignment.
    pub deadline_working_days: Option<i32>,
    #[schema(value_type = Option<String>, format = Date)]
    pub original_deadline: Option<Date>,
    /// The deadline in force now (after approved extensions and adjustments).
    #[schema(value_type = Option<String>, format = Date, example = "2025-12-31")]
    pub deadline: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub deadline_changed_on: Option<Date>,
    pub product: String,
    pub key_results: String,
    #[schema(value_type = FieldSchema)]
    pub field: Field,
    #[schema(value_type = PrioritySchema)]
    pub priority: Priority,
    #[schema(value_type = ConfidentialitySchema)]
    pub confidentiality: Confidentiality,
    /// Tasks cascaded from this one may fall due after it.
    pub allow_later_children: bool,
    pub progress_percent: i32,
    #[schema(value_type = Option<String>, format = Date)]
    pub progress_on: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub last_reported_on: Option<Date>,
    /// The day completion was reported (while it is not returned).
    #[schema(value_type = Option<String>, format = Date)]
    pub completed_on: Option<Date>,
    #[schema(value_type = Option<CompletionStateSchema>)]
    pub completion_state: Option<CompletionState>,
    #[schema(value_type = Option<String>, format = Date)]
    pub completion_changed_on: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub cancelled_on: Option<Date>,
    pub cancel_reason: String,
    /// Send it back (`version` or `If-Match`) when changing the task: a stale one is a 409.
    pub version: i32,
    pub created_by: Option<Uuid>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl From<Task> for TaskDto {
    fn from(task: Task) -> Self {
        Self {
            id: task.id,
            code: task.code,
            title: task.title,
            content: task.content,
            source: task.source,
            document_id: task.document_id,
            clause: task.clause,
            assigner_id: task.assigner_id,
            presiding_id: task.presiding_id,
            leader_id: task.leader_id,
            kind: task.kind,
            parent_id: task.parent_id,
            series_id: task.series_id,
            period_label: task.period_label,
            assigned_on: task.assigned_on,
            deadline_working_days: task.deadline_working_days,
            original_deadline: task.original_deadline,
            deadline: task.deadline,
            deadline_changed_on: task.deadline_changed_on,
            product: task.product,
            key_results: task.key_results,
            field: task.field,
            priority: task.priority,
            confidentiality: task.confidentiality,
            allow_later_children: task.allow_later_children,
            progress_percent: task.progress_percent,
            progress_on: task.progress_on,
            last_reported_on: task.last_reported_on,
            completed_on: task.completed_on,
            completion_state: task.completion_state,
            completion_changed_on: task.completion_changed_on,
            cancelled_on: task.cancelled_on,
            cancel_reason: task.cancel_reason,
            version: task.version,
            created_by: task.created_by,
            created_at: task.created_at,
            updated_at: task.updated_at,
        }
    }
}

/// A task in a list: its fields, the names around it, and where it stands on the list's date.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskListItemDto {
    #[serde(flatten)]
    pub task: TaskDto,
    pub assigner_code: String,
    pub assigner_name: String,
    pub presiding_code: String,
    pub presiding_name: String,
    pub document_number: Option<String>,
    pub leader_name: Option<String>,
    /// Absent for a recurring series, which is judged through its occurrences.
    #[schema(value_type = Option<StatusSchema>)]
    pub status: Option<Status>,
    #[schema(value_type = Option<ColourSchema>)]
    pub colour: Option<Colour>,
    /// The deadline the task is judged against on the list's date.
    #[schema(value_type = Option<String>, format = Date)]
    pub deadline_in_force: Option<Date>,
    pub due_soon: bool,
    pub at_risk: bool,
}

impl From<TaskListItem> for TaskListItemDto {
    fn from(item: TaskListItem) -> Self {
        Self {
            task: item.task.into(),
            assigner_code: item.assigner_code,
            assigner_name: item.assigner_name,
            presiding_code: item.presiding_code,
            presiding_name: item.presiding_name,
            document_number: item.document_number,
            leader_name: item.leader_name,
            status: item.status,
            colour: item.colour,
            deadline_in_force: item.deadline_in_force,
            due_soon: item.due_soon,
            at_risk: item.at_risk,
        }
    }
}

/// Tasks counted by status and colour; every status and colour is present, zeros included.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCountsDto {
    /// Tasks that count on the date (series and cancelled tasks do not).
    pub total: i64,
    /// By status: `completed_on_time`, `completed_late`, `in_progress`, `overdue`, `reported`,
    /// `not_reported`.
    #[schema(example = json!({"completed_on_time": 1, "completed_late": 0, "in_progress": 3, "overdue": 1, "reported": 0, "not_reported": 0}))]
    pub by_status: BTreeMap<String, i64>,
    /// By colour: `green`, `yellow`, `red`.
    #[schema(example = json!({"green": 3, "yellow": 1, "red": 1}))]
    pub by_colour: BTreeMap<String, i64>,
    pub due_soon: i64,
    pub at_risk: i64,
}

impl From<StatusCounts> for StatusCountsDto {
    fn from(counts: StatusCounts) -> Self {
        // Every key is written so that clients never have to tell "zero" from "unknown".
        Self {
            total: counts.total,
            by_status: Status::ALL.iter().map(|s| (s.as_str().to_owned(), counts.status(*s))).collect(),
            by_colour: Colour::ALL.iter().map(|c| (c.as_str().to_owned(), counts.colour(*c))).collect(),
            due_soon: counts.due_soon,
            at_risk: counts.at_risk,
        }
    }
}

/// One page of a unit's tasks, with the counts of the whole filtered list (status filters aside).
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskListDto {
    pub unit: UnitDto,
    /// The date every status is computed as of.
    #[schema(value_type = String, format = Date)]
    pub as_of: Date,
    pub items: Vec<TaskListItemDto>,
    pub total: i64,
    /// From 1.
    pub page: i64,
    pub pages: i64,
    pub counts: StatusCountsDto,
}

impl From<TaskList> for TaskListDto {
    fn from(list: TaskList) -> Self {
        Self {
            unit: list.unit.into(),
            as_of: list.as_of,
            items: all(list.items),
            total: list.total,
            page: list.page,
            pages: list.pages,
            counts: list.counts.into(),
        }
    }
}

/// The counts of the tasks presided in a unit's subtree.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskCountsDto {
    pub unit_id: Uuid,
    #[schema(value_type = String, format = Date)]
    pub as_of: Date,
    pub counts: StatusCountsDto,
}

/// How a task stands on a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandingDto {
    #[schema(value_type = StatusSchema)]
    pub status: Status,
    #[schema(value_type = ColourSchema)]
    pub colour: Colour,
    /// The deadline the task is judged against on that date.
    #[schema(value_type = Option<String>, format = Date)]
    pub deadline: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub completed_on: Option<Date>,
    pub due_soon: bool,
    pub at_risk: bool,
    /// Completed, and the assigning unit has not yet confirmed it.
    pub awaiting_confirmation: bool,
    pub percent: u8,
}

impl From<Standing> for StandingDto {
    fn from(s: Standing) -> Self {
        Self {
            status: s.status,
            colour: s.colour,
            deadline: s.deadline,
            completed_on: s.completed_on,
            due_soon: s.due_soon,
            at_risk: s.at_risk,
            awaiting_confirmation: s.awaiting_confirmation,
            percent: s.percent,
        }
    }
}

/// The tasks cascaded from a task: how they stand, and those not yet started.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChildSummaryDto {
    pub counts: StatusCountsDto,
    /// The first 100 children with neither a progress report nor a completion by the date.
    pub not_started: Vec<TaskListItemDto>,
    pub not_started_total: i64,
}

impl From<ChildSummary> for ChildSummaryDto {
    fn from(summary: ChildSummary) -> Self {
        Self {
            counts: summary.counts.into(),
            not_started: all(summary.not_started),
            not_started_total: summary.not_started_total,
        }
    }
}

/// A file, link or document number given as evidence. Files are downloaded from `href`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: Uuid,
    /// `progress`, `completion` or `document`.
    pub owner_type: String,
    pub owner_id: Uuid,
    #[schema(value_type = AttachmentKindSchema)]
    pub kind: AttachmentKind,
    /// The file name, the link, or the document number.
    pub name: String,
    /// Sniffed from the file's content, never taken from the upload.
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// For files: where to download it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "/api/v1/attachments/0198f3c2-7a10-7000-8000-000000000000")]
    pub href: Option<String>,
    pub created_by: Option<Uuid>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<Attachment> for AttachmentDto {
    fn from(a: Attachment) -> Self {
        Self {
            href: (a.kind == AttachmentKind::File).then(|| format!("/api/v1/attachments/{}", a.id)),
            id: a.id,
            owner_type: a.owner_type,
            owner_id: a.owner_id,
            kind: a.kind,
            name: a.name,
            media_type: a.media_type,
            size_bytes: a.size_bytes,
            sha256: a.sha256,
            created_by: a.created_by,
            created_at: a.created_at,
        }
    }
}

/// A progress report by the presiding unit, or a contribution by a coordinating unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressReportDto {
    pub id: Uuid,
    pub task_id: Uuid,
    pub unit_id: Uuid,
    #[schema(value_type = ProgressKindSchema)]
    pub kind: ProgressKind,
    #[schema(value_type = String, format = Date)]
    pub reported_on: Date,
    /// Absent for a contribution.
    pub percent: Option<i32>,
    pub done: String,
    pub difficulties: String,
    pub proposals: String,
    pub backwards_reason: String,
    pub reported_by: Option<Uuid>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<ProgressReport> for ProgressReportDto {
    fn from(r: ProgressReport) -> Self {
        Self {
            id: r.id,
            task_id: r.task_id,
            unit_id: r.unit_id,
            kind: r.kind,
            reported_on: r.reported_on,
            percent: r.percent,
            done: r.done,
            difficulties: r.difficulties,
            proposals: r.proposals,
            backwards_reason: r.backwards_reason,
            reported_by: r.reported_by,
            created_at: r.created_at,
        }
    }
}

/// A completion report and the assigning unit's decision on it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompletionDto {
    pub id: Uuid,
    pub task_id: Uuid,
    #[schema(value_type = String, format = Date)]
    pub reported_on: Date,
    pub product: String,
    pub note: String,
    pub reported_by: Option<Uuid>,
    #[schema(value_type = CompletionStateSchema)]
    pub state: CompletionState,
    #[schema(value_type = Option<String>, format = Date)]
    pub decided_on: Option<Date>,
    pub decided_by: Option<Uuid>,
    pub decision_reason: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<Completion> for CompletionDto {
    fn from(c: Completion) -> Self {
        Self {
            id: c.id,
            task_id: c.task_id,
            reported_on: c.reported_on,
            product: c.product,
            note: c.note,
            reported_by: c.reported_by,
            state: c.state,
            decided_on: c.decided_on,
            decided_by: c.decided_by,
            decision_reason: c.decision_reason,
            created_at: c.created_at,
        }
    }
}

/// A request for a later deadline and its fate.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExtensionDto {
    pub id: Uuid,
    pub task_id: Uuid,
    #[schema(value_type = String, format = Date)]
    pub requested_on: Date,
    /// The deadline in force when it was asked.
    #[schema(value_type = String, format = Date)]
    pub current_deadline: Date,
    #[schema(value_type = String, format = Date)]
    pub requested_deadline: Date,
    pub reason: String,
    pub requested_by: Option<Uuid>,
    #[schema(value_type = ExtensionStateSchema)]
    pub state: ExtensionState,
    #[schema(value_type = Option<String>, format = Date)]
    pub decided_on: Option<Date>,
    pub decided_by: Option<Uuid>,
    pub decision_note: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<Extension> for ExtensionDto {
    fn from(e: Extension) -> Self {
        Self {
            id: e.id,
            task_id: e.task_id,
            requested_on: e.requested_on,
            current_deadline: e.current_deadline,
            requested_deadline: e.requested_deadline,
            reason: e.reason,
            requested_by: e.requested_by,
            state: e.state,
            decided_on: e.decided_on,
            decided_by: e.decided_by,
            decision_note: e.decision_note,
            created_at: e.created_at,
        }
    }
}

/// A deadline in force from a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineChangeDto {
    pub id: Uuid,
    #[schema(value_type = String, format = Date)]
    pub effective_on: Date,
    #[schema(value_type = String, format = Date)]
    pub deadline: Date,
    /// `original`, `extension` or `adjustment`.
    pub cause: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<DeadlineChange> for DeadlineChangeDto {
    fn from(d: DeadlineChange) -> Self {
        Self { id: d.id, effective_on: d.effective_on, deadline: d.deadline, cause: d.cause, created_at: d.created_at }
    }
}

/// What the caller may do with the task.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskPermissionsDto {
    /// Edit, adjust the deadline, cancel (the assigning unit).
    pub edit: bool,
    /// Report progress, completion, ask for an extension (the presiding or a coordinating unit).
    pub report: bool,
    /// Confirm or return a completion, approve or refuse an extension (the assigning unit).
    pub decide: bool,
    /// Break the task down for the units below the presiding unit.
    pub cascade: bool,
}

impl From<TaskPermissions> for TaskPermissionsDto {
    fn from(can: TaskPermissions) -> Self {
        Self { edit: can.edit, report: can.report, decide: can.decide, cascade: can.cascade }
    }
}

/// A task with its whole history, as of a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskPageDto {
    pub task: TaskDto,
    #[schema(value_type = String, format = Date)]
    pub as_of: Date,
    /// Absent when the task does not count on that date (not yet assigned, cancelled, a series).
    pub standing: Option<StandingDto>,
    pub assigner: UnitDto,
    pub presiding: UnitDto,
    pub coordinators: Vec<UnitDto>,
    pub leader: Option<MemberDto>,
    pub document: Option<DocumentDto>,
    /// The task it was cascaded from, or the series of an occurrence.
    pub parent: Option<TaskDto>,
    /// Present when tasks were cascaded from this one (or it is a series with occurrences).
    pub children: Option<ChildSummaryDto>,
    pub progress: Vec<ProgressReportDto>,
    pub completions: Vec<CompletionDto>,
    pub extensions: Vec<ExtensionDto>,
    pub deadlines: Vec<DeadlineChangeDto>,
    /// The evidence of every progress report and completion.
    pub attachments: Vec<AttachmentDto>,
    /// Committee members who may be named leader in charge (`leader_id` when editing).
    pub leader_choices: Vec<MemberDto>,
    pub can: TaskPermissionsDto,
}

impl From<TaskPage> for TaskPageDto {
    fn from(page: TaskPage) -> Self {
        Self {
            task: page.task.into(),
            as_of: page.as_of,
            standing: page.standing.map(Into::into),
            assigner: page.assigner.into(),
            presiding: page.presiding.into(),
            coordinators: all(page.coordinators),
            leader: page.leader.map(Into::into),
            document: page.document.map(Into::into),
            parent: page.parent.map(Into::into),
            children: page.children.map(Into::into),
            progress: all(page.progress),
            completions: all(page.completions),
            extensions: all(page.extensions),
            deadlines: all(page.deadlines),
            attachments: all(page.attachments),
            leader_choices: all(page.leader_choices),
            can: page.can.into(),
        }
    }
}

/// The outcome of a cascade.
#[derive(Debug, Serialize, ToSchema)]
pub struct CascadeOutcomeDto {
    /// How many child tasks were created.
    pub created: usize,
    /// Codes of units that already had a task cascaded from this one: skipped, not duplicated.
    pub skipped: Vec<String>,
}

impl From<CascadeOutcome> for CascadeOutcomeDto {
    fn from(outcome: CascadeOutcome) -> Self {
        Self { created: outcome.created, skipped: outcome.skipped }
    }
}
