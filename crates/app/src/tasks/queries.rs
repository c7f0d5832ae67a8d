//! Reading tasks: lists with filters, counts by status and colour, and the task page, each "as of" a
//! date (today unless a past date is asked for).

use jiff::civil::Date;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::error::Checker;
use nqtrack_domain::policy::{self, Action, Actor, Denied, Scope};
use nqtrack_domain::status::{Colour, Standing, Status};
use nqtrack_domain::task::{Field, TaskKind};
use nqtrack_domain::text::query_terms;
use nqtrack_store::{
    Attachment, Committee, CommitteeMember, Completion, DeadlineChange, Document, Extension, Liveness, ProgressReport,
    StatusCounts, Task, TaskFilter, TaskFocus, TaskListItem, TaskSort, Unit,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::kept_counts::kept_counts_root;
use super::{TASK_PAGE, authorize_view, facts, load_task};
use crate::{App, AppError, Result};

/// A list as asked for by a page or an API call; everything is text until checked.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskListQuery {
    /// The unit whose tasks are listed; empty: the first unit of the viewer's scope.
    pub unit_id: Option<Uuid>,
    /// `subtree` (default: presided anywhere in the unit's subtree), `leading`, `assigned`, `supporting`.
    pub relation: String,
    /// Only tasks presided within the subtree of this unit (below the listed unit).
    pub within_id: Option<Uuid>,
    /// Comma-separated statuses and colours.
    pub status: String,
    pub colour: String,
    pub deadline_from: String,
    pub deadline_to: String,
    pub document_id: Option<Uuid>,
    pub field: String,
    pub kind: String,
    pub leader_id: Option<Uuid>,
    pub q: String,
    pub due_soon: bool,
    /// `deadline` (default), `code`, `recent`, `progress`.
    pub sort: String,
    /// From 1.
    pub page: Option<i64>,
    /// dd/mm/yyyy or ISO; empty: today.
    pub as_of: String,
}

/// Where a list stands: its unit, its date and its filters checked.
#[derive(Debug, Clone)]
pub struct CheckedQuery {
    pub unit: Unit,
    pub filter: TaskFilter,
    pub page: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskList {
    pub unit: Unit,
    pub as_of: Date,
    pub items: Vec<TaskListItem>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub counts: StatusCounts,
}

/// The children of a task: how they stand, and the units that have not started.
#[derive(Debug, Clone, Serialize)]
pub struct ChildSummary {
    pub counts: StatusCounts,
    pub not_started: Vec<TaskListItem>,
    pub not_started_total: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct TaskPermissions {
    pub edit: bool,
    pub report: bool,
    pub decide: bool,
    pub cascade: bool,
}

/// Everything a task page shows.
#[derive(Debug, Clone, Serialize)]
pub struct TaskPage {
    pub task: Task,
    pub as_of: Date,
    /// `None` when the task does not count on that date (not yet assigned, cancelled, a series).
    pub standing: Option<Standing>,
    pub assigner: Unit,
    pub presiding: Unit,
    pub coordinators: Vec<Unit>,
    pub leader: Option<CommitteeMember>,
    pub document: Option<Document>,
    pub parent: Option<Task>,
    pub children: Option<ChildSummary>,
    pub progress: Vec<ProgressReport>,
    pub completions: Vec<Completion>,
    pub extensions: Vec<Extension>,
    pub deadlines: Vec<DeadlineChange>,
    pub attachments: Vec<Attachment>,
    /// Steering-committee members who may be named leader in charge (for the edit form).
    pub leader_choices: Vec<CommitteeMember>,
    pub committee: Option<Committee>,
    pub can: TaskPermissions,
}

fn list_of<T>(
    field: &str,
    input: &str,
    parse: impl Fn(&str, &str) -> std::result::Result<T, nqtrack_domain::FieldError>,
    checker: &mut Checker,
) -> Vec<T> {
    input.split(',').map(str::trim).filter(|s| !s.is_empty()).filter_map(|s| checker.check(parse(field, s))).collect()
}

fn optional_date(field: &str, input: &str, checker: &mut Checker) -> Option<Date> {
    if input.trim().is_empty() { None } else { checker.check(parse_date(field, input)) }
}

impl App {
    /// The first unit of the actor's task scope: where "my unit's tasks" start.
    pub async fn home_unit(&self, actor: &Actor) -> Result<Unit> {
        let denied = || AppError::Denied(Denied { action: Action::ViewTasks });
        let mut tx = self.store.read().await?;
        let path = match policy::scope(actor, Action::ViewTasks) {
            Scope::Everything => {
                return tx.root_units(Liveness::Live).await?.into_iter().next().map(|u| u.unit).ok_or_else(denied);
            }
            Scope::Within { subtrees, units } => subtrees.into_iter().chain(units).next().ok_or_else(denied)?,
        };
        let id = path.ids().last().ok_or_else(denied)?;
        tx.unit(id).await?.ok_or(AppError::NotFound("unit"))
    }

    /// Checks a list query and the actor's right to see the unit's tasks.
    pub async fn check_task_query(&self, actor: &Actor, query: &TaskListQuery) -> Result<CheckedQuery> {
        let unit = match query.unit_id {
            Some(id) => {
                let mut tx = self.store.read().await?;
                tx.unit(id).await?.ok_or(AppError::NotFound("unit"))?
            }
            None => self.home_unit(actor).await?,
        };
        policy::authorize(actor, Action::ViewTasks, &unit.path)?;
        let mut checker = Checker::default();
        let as_of = optional_date("as_of", &query.as_of, &mut checker).unwrap_or_else(|| self.today());
        let focus = match query.relation.as_str() {
            "" | "subtree" => TaskFocus::Subtree(unit.path.clone()),
            "leading" => TaskFocus::Leading(unit.id),
            "assigned" => TaskFocus::AssignedBy(unit.id),
            "supporting" => TaskFocus::Supporting(unit.id),
            _ => {
                checker.push(nqtrack_domain::FieldError::new("relation", "relation-unknown"));
                TaskFocus::Subtree(unit.path.clone())
            }
        };
        let mut filter = TaskFilter::new(focus, as_of, self.settings.status_rules);
        filter.statuses = list_of("status", &query.status, Status::parse, &mut checker);
        filter.colours = list_of("colour", &query.colour, Colour::parse, &mut checker);
        filter.deadline_from = optional_date("deadline_from", &query.deadline_from, &mut checker);
        filter.deadline_to = optional_date("deadline_to", &query.deadline_to, &mut checker);
        filter.document_id = query.document_id;
        filter.field = list_of("field", &query.field, Field::parse, &mut checker).into_iter().next();
        filter.kind = list_of("kind", &query.kind, TaskKind::parse, &mut checker).into_iter().next();
        filter.leader_id = query.leader_id;
        filter.terms = query_terms(&query.q);
        filter.due_soon_only = query.due_soon;
        filter.sort = match query.sort.as_str() {
            "" | "deadline" => TaskSort::Deadline,
            "code" => TaskSort::Code,
            "recent" => TaskSort::Recent,
            "progress" => TaskSort::Progress,
            _ => {
                checker.push(nqtrack_domain::FieldError::new("sort", "sort-unknown"));
                TaskSort::Deadline
            }
        };
        if let Some(within) = query.within_id {
            let mut tx = self.store.read().await?;
            match tx.unit(within).await? {
                Some(below) if below.path.is_within(&unit.path) => filter.within = Some(below.path),
                _ => checker.push(nqtrack_domain::FieldError::new("within_id", "unit-outside-assigner")),
            }
        }
        checker.finish()?;
        Ok(CheckedQuery { unit, filter, page: query.page.unwrap_or(1).max(1) })
    }

    /// A page of a unit's tasks with the counts by status and colour of the whole (filtered) list.
    pub async fn list_tasks(&self, actor: &Actor, query: &TaskListQuery) -> Result<TaskList> {
        let checked = self.check_task_query(actor, query).await?;
        self.list_checked(actor, checked, TASK_PAGE).await
    }

    pub async fn list_checked(&self, actor: &Actor, checked: CheckedQuery, page_size: i64) -> Result<TaskList> {
        let scope = policy::scope(actor, Action::ViewTasks);
        let mut tx = self.store.read().await?;
        let offset = (checked.page - 1).saturating_mul(page_size);
        let filter = &checked.filter;
        // The counts at the top describe the unit's subtree as filtered, whatever the status filter.
        let (counts, items, total) = match kept_counts_root(filter, &scope) {
            Some(root) => {
                let cells = self.kept_counts.subtree_cells(&mut tx, root, filter.as_of, filter.rules).await?;
                let total =
                    cells.iter().map(|c| c.matching(&filter.statuses, &filter.colours, filter.due_soon_only)).sum();
                let items = tx.list_task_page(filter, &scope, page_size, offset).await?;
                (StatusCounts::from_cells(&cells), items, total)
            }
            None => {
                let (items, total) = tx.list_tasks(filter, &scope, page_size, offset).await?;
                let mut count_filter = filter.clone();
                count_filter.statuses.clear();
                count_filter.colours.clear();
                count_filter.due_soon_only = false;
                (tx.count_tasks(&count_filter, &scope).await?, items, total)
            }
        };
        Ok(TaskList {
            unit: checked.unit,
            as_of: filter.as_of,
            items,
            total,
            page: checked.page,
            pages: (total + page_size - 1) / page_size.max(1),
            counts,
        })
    }

    /// Counts today's standing of every tree, so that the first person to open a large subtree's counts
    /// after midnight, a restart or many changes does not wait for the recount (run by the background loop).
    pub async fn warm_task_counts(&self) -> Result<()> {
        let mut tx = self.store.read().await?;
        let today = self.today();
        for root in tx.root_units(Liveness::Live).await? {
            self.kept_counts.subtree_cells(&mut tx, &root.unit.path, today, self.settings.status_rules).await?;
        }
        Ok(())
    }

    /// Counts by status and colour of the tasks presided in a unit's subtree, as of a date.
    pub async fn task_counts(&self, actor: &Actor, unit_id: Uuid, as_of: Date) -> Result<StatusCounts> {
        let mut tx = self.store.read().await?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewTasks, &unit.path)?;
        let filter = TaskFilter::new(TaskFocus::Subtree(unit.path), as_of, self.settings.status_rules);
        let scope = policy::scope(actor, Action::ViewTasks);
        match kept_counts_root(&filter, &scope) {
            Some(root) => {
                let cells = self.kept_counts.subtree_cells(&mut tx, root, as_of, filter.rules).await?;
                Ok(StatusCounts::from_cells(&cells))
            }
            None => Ok(tx.count_tasks(&filter, &scope).await?),
        }
    }

    /// The task page as of a date (today when `None`).
    pub async fn task_page(&self, actor: &Actor, id: Uuid, as_of: Option<Date>) -> Result<TaskPage> {
        let as_of = as_of.unwrap_or_else(|| self.today());
        let mut tx = self.store.read().await?;
        let task = load_task(&mut tx, id).await?;
        let coordinators = tx.task_coordinators(id).await?;
        authorize_view(actor, &task, &coordinators)?;
        let assigner = tx.unit(task.assigner_id).await?.ok_or(AppError::NotFound("unit"))?;
        let presiding = tx.unit(task.presiding_id).await?.ok_or(AppError::NotFound("unit"))?;
        let leader = match task.leader_id {
            Some(leader) => tx.committee_member(leader).await?,
            None => None,
        };
        let document = match task.document_id {
            Some(document) => tx.document(document).await?,
            None => None,
        };
        let parent = match task.parent_id.or(task.series_id) {
            Some(parent) => tx.task(parent).await?,
            None => None,
        };
        let deadlines = tx.deadline_changes(id).await?;
        let completions = tx.completions(id).await?;
        let progress = tx.progress_reports(id).await?;
        let extensions = tx.extensions(id).await?;
        let standing = facts(&task, &deadlines, &completions, &progress).standing(as_of, &self.settings.status_rules);
        let mut owners: Vec<Uuid> = progress.iter().map(|p| p.id).collect();
        let mut attachments = tx.attachments("progress", &owners).await?;
        owners = completions.iter().map(|c| c.id).collect();
        attachments.extend(tx.attachments("completion", &owners).await?);
        let scope = policy::scope(actor, Action::ViewTasks);
        let mut child_filter = TaskFilter::new(TaskFocus::ChildrenOf(id), as_of, self.settings.status_rules);
        let counts = tx.count_tasks(&child_filter, &scope).await?;
        let children = if counts.total > 0 {
            child_filter.not_started_only = true;
            child_filter.sort = TaskSort::Code;
            let (not_started, not_started_total) = tx.list_tasks(&child_filter, &scope, 100, 0).await?;
            Some(ChildSummary { counts, not_started, not_started_total })
        } else {
            None
        };
        // Leaders come from the committees of the assigning unit and the units above it.
        let mut leader_choices = Vec::new();
        for ancestor_id in assigner.path.ids() {
            leader_choices.extend(tx.committee_members(ancestor_id).await?);
        }
        let committee = tx.committee(task.assigner_id).await?;
        let live = task.cancelled_on.is_none();
        let can = TaskPermissions {
            edit: live && policy::authorize(actor, Action::ManageTasks, &task.assigner_path).is_ok(),
            report: live
                && (policy::authorize(actor, Action::ReportTasks, &task.presiding_path).is_ok()
                    || coordinators.iter().any(|u| policy::authorize(actor, Action::ReportTasks, &u.path).is_ok())),
            decide: live && policy::authorize(actor, Action::DecideTasks, &task.assigner_path).is_ok(),
            cascade: live
                && task.kind.recurrence().is_none()
                && policy::authorize(actor, Action::ManageTasks, &task.presiding_path).is_ok(),
        };
        Ok(TaskPage {
            task,
            as_of,
            standing,
            assigner,
            presiding,
            coordinators,
            leader,
            document,
            parent,
            children,
            progress,
            completions,
            extensions,
            deadlines,
            attachments,
            leader_choices,
            committee,
            can,
        })
    }

    /// An evidence file's record and bytes, if the actor may see its task.
    pub async fn attachment_file(&self, actor: &Actor, id: Uuid) -> Result<(Attachment, Vec<u8>)> {
        let mut tx = self.store.read().await?;
        let attachment = tx.attachment(id).await?.ok_or(AppError::NotFound("attachment"))?;
        match attachment.owner_type.as_str() {
            "document" => {
                let document = tx.document(attachment.owner_id).await?.ok_or(AppError::NotFound("document"))?;
                policy::authorize(actor, Action::ViewTasks, &document.issuer_path)?;
            }
            _ => {
                let task_id = tx.attachment_task(&attachment).await?.ok_or(AppError::NotFound("task"))?;
                let task = load_task(&mut tx, task_id).await?;
                let coordinators = tx.task_coordinators(task_id).await?;
                authorize_view(actor, &task, &coordinators)?;
            }
        }
        let bytes = tx.attachment_content(id).await?.ok_or(AppError::NotFound("attachment"))?;
        Ok((attachment, bytes))
    }
}
