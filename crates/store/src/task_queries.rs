//! Task lists and counts, each task classified "as of" a date in SQL.
//!
//! The classification is the rule of `nqtrack_domain::status` written as SQL so that a page can filter,
//! sort, page and count a whole country's tasks in the database. The domain function stays the
//! definition: the conformance suite checks, over random histories, that both agree.
//!
//! A task row keeps its present state (deadline in force, completion, last progress) together with the
//! date each last changed in a way its present state cannot explain. For any "as of" date on or after
//! those dates the row alone answers; only older dates look into the history tables. Today's pages
//! therefore never read the history.

use jiff::civil::Date;
use nqtrack_domain::period::Period;
use nqtrack_domain::policy::Scope;
use nqtrack_domain::status::{Colour, JudgeBy, Status, StatusRules};
use nqtrack_domain::task::{Confidentiality, Field, TaskKind};
use nqtrack_domain::unit::UnitPath;
use sqlx::{Database, Encode, FromRow, QueryBuilder, Type};
use uuid::Uuid;

use crate::db::{Backend, Tx};
use crate::error::{Result, StoreError};
use crate::scope_sql::push_scope;
use crate::task_records::{CountCell, StatusCounts, Task, TaskListItem, TaskUnitVersion};
use crate::tasks::{TASK_COLUMNS, TaskRow};

type Day = jiff_sqlx::Date;

/// Which tasks a list is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskFocus {
    /// Tasks presided by a unit in this subtree.
    Subtree(UnitPath),
    /// Tasks presided by this very unit.
    Leading(Uuid),
    /// Tasks this unit assigned.
    AssignedBy(Uuid),
    /// Tasks this unit coordinates on. Secret tasks are not listed here.
    Supporting(Uuid),
    /// Tasks cascaded from a task, or the occurrences of a recurring series.
    ChildrenOf(Uuid),
    /// Tasks born from a document.
    Document(Uuid),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskSort {
    /// Earliest deadline first (the default: what is most urgent).
    #[default]
    Deadline,
    Code,
    /// Most recently assigned first.
    Recent,
    /// Least progress first.
    Progress,
}

/// A list's filters; every one is optional but the focus and the date.
#[derive(Debug, Clone)]
pub struct TaskFilter {
    pub focus: TaskFocus,
    pub as_of: Date,
    pub rules: StatusRules,
    /// Only tasks presided within this subtree (a unit chosen below the focus).
    pub within: Option<UnitPath>,
    /// Only tasks presided by the units at these paths (empty: no restriction); paths rather than ids
    /// so that the covering index serves a few units of a large subtree.
    pub presiding_units: Vec<UnitPath>,
    pub statuses: Vec<Status>,
    pub colours: Vec<Colour>,
    pub deadline_from: Option<Date>,
    pub deadline_to: Option<Date>,
    pub document_id: Option<Uuid>,
    pub field: Option<Field>,
    pub kind: Option<TaskKind>,
    pub leader_id: Option<Uuid>,
    /// Only tasks of these confidentiality levels (empty: any); the public portal counts public ones.
    pub confidentiality: Vec<Confidentiality>,
    /// Folded search terms; every one must occur.
    pub terms: Vec<String>,
    pub due_soon_only: bool,
    /// Only tasks with neither a progress report nor a completion by the date.
    pub not_started_only: bool,
    pub sort: TaskSort,
}

impl TaskFilter {
    pub fn new(focus: TaskFocus, as_of: Date, rules: StatusRules) -> Self {
        Self {
            focus,
            as_of,
            rules,
            within: None,
            presiding_units: Vec::new(),
            statuses: Vec::new(),
            colours: Vec::new(),
            deadline_from: None,
            deadline_to: None,
            document_id: None,
            field: None,
            kind: None,
            leader_id: None,
            confidentiality: Vec::new(),
            terms: Vec::new(),
            due_soon_only: false,
            not_started_only: false,
            sort: TaskSort::default(),
        }
    }
}

/// Pushes `SELECT … FROM (classified tasks) c WHERE <filters>`; the caller adds ORDER BY / GROUP BY.
pub(crate) fn push_classified<DB>(
    query: &mut QueryBuilder<DB>,
    backend: Backend,
    filter: &TaskFilter,
    scope: &Scope,
    outer_columns: &str,
) where
    DB: Database,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    Uuid: for<'t> Encode<'t, DB> + Type<DB>,
    Day: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
{
    let as_of = Day::from(filter.as_of);
    let rules = &filter.rules;
    let period_start = Day::from(Period::containing(rules.regular_period, filter.as_of).start());
    let due_soon_limit = filter.as_of.checked_add(jiff::Span::new().days(rules.due_soon_days)).unwrap_or(Date::MAX);
    let days = |later: &str, earlier: &str| match backend {
        Backend::Sqlite => format!("CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"),
        Backend::Postgres => format!("({later} - {earlier})"),
    };

    // One level computes status, colour and "due soon" side by side from the effective values (colour
    // does not refer to status): nesting them would make SQLite repeat every expression per reference.
    query.push(format!("SELECT {outer_columns} FROM (SELECT e.*, "));
    query.push(
        "CASE WHEN e.kind NOT IN ('deadline', 'regular') THEN NULL \
         WHEN e.kind = 'regular' THEN CASE WHEN e.eff_reported = 1 THEN 'reported' ELSE 'not_reported' END \
         WHEN e.eff_completed IS NOT NULL THEN CASE WHEN e.eff_deadline IS NULL OR e.eff_completed <= e.eff_deadline \
         THEN 'completed_on_time' ELSE 'completed_late' END WHEN e.eff_deadline < ",
    );
    query.push_bind(as_of);
    query.push(" THEN 'overdue' ELSE 'in_progress' END AS status, ");
    query.push(
        "CASE WHEN e.kind NOT IN ('deadline', 'regular') THEN NULL \
         WHEN e.kind = 'regular' THEN CASE WHEN e.eff_reported = 1 THEN 'green' ELSE 'red' END \
         WHEN e.eff_completed IS NOT NULL THEN CASE WHEN e.eff_deadline IS NULL OR e.eff_completed <= e.eff_deadline \
         THEN 'green' ELSE 'yellow' END WHEN e.eff_deadline < ",
    );
    query.push_bind(as_of);
    query.push(" THEN 'red' WHEN e.eff_deadline <= ");
    query.push_bind(Day::from(due_soon_limit));
    query.push(" THEN 'yellow' ");
    if rules.pace_check {
        // Behind the linear pace from assignment to deadline by more than the tolerance.
        let span = days("e.eff_deadline", "e.assigned_on");
        query.push(format!("WHEN {span} > 0 AND (e.eff_percent + "));
        query.push_bind(i64::from(rules.pace_tolerance));
        query.push(format!(") * {span} < 100 * "));
        query.push(days("e.as_of_day", "e.assigned_on"));
        query.push(" THEN 'yellow' ");
    }
    query.push("ELSE 'green' END AS colour, ");
    query.push("CASE WHEN e.kind = 'deadline' AND e.eff_completed IS NULL AND e.eff_deadline >= ");
    query.push_bind(as_of);
    query.push(" AND e.eff_deadline <= ");
    query.push_bind(Day::from(due_soon_limit));
    query.push(" THEN 1 ELSE 0 END AS due_soon");
    query.push(" FROM (SELECT ");
    query.push(TASK_COLUMNS);
    query.push(", ").push_bind(as_of).push(" AS as_of_day, ");
    // The deadline in force on the date.
    match rules.judge_by {
        JudgeBy::Original => {
            query.push("t.original_deadline AS eff_deadline, ");
        }
        JudgeBy::Approved => {
            query.push("CASE WHEN t.deadline_changed_on IS NULL OR t.deadline_changed_on <= ");
            query.push_bind(as_of);
            query.push(
                " THEN t.deadline ELSE (SELECT h.deadline FROM task_deadlines h WHERE h.task_id = t.id \
                 AND h.effective_on <= ",
            );
            query.push_bind(as_of);
            query.push(" ORDER BY h.effective_on DESC, h.created_at DESC LIMIT 1) END AS eff_deadline, ");
        }
    }
    // The completion standing on the date: reported by then and not returned by then.
    query.push("CASE WHEN t.completion_changed_on IS NULL OR t.completion_changed_on <= ");
    query.push_bind(as_of);
    query.push(" THEN CASE WHEN t.completed_on <= ");
    query.push_bind(as_of);
    query.push(
        " THEN t.completed_on END ELSE (SELECT MAX(c.reported_on) FROM task_completions c WHERE c.task_id = t.id \
         AND c.reported_on <= ",
    );
    query.push_bind(as_of);
    query.push(" AND NOT (c.state = 'returned' AND c.decided_on <= ");
    query.push_bind(as_of);
    query.push(")) END AS eff_completed, ");
    // The last percent reported by then.
    query.push("CASE WHEN t.progress_on IS NULL THEN 0 WHEN t.progress_on <= ");
    query.push_bind(as_of);
    query.push(
        " THEN t.progress_percent ELSE COALESCE((SELECT p.percent FROM progress_reports p WHERE p.task_id = t.id \
         AND p.kind = 'progress' AND p.reported_on <= ",
    );
    query.push_bind(as_of);
    query.push(" ORDER BY p.reported_on DESC, p.created_at DESC LIMIT 1), 0) END AS eff_percent, ");
    // Whether a regular task was reported in the period containing the date.
    query.push("CASE WHEN t.last_reported_on IS NULL THEN 0 WHEN t.last_reported_on <= ");
    query.push_bind(as_of);
    query.push(" THEN CASE WHEN t.last_reported_on >= ");
    query.push_bind(period_start);
    query.push(
        " THEN 1 ELSE 0 END WHEN EXISTS (SELECT 1 FROM progress_reports p WHERE p.task_id = t.id \
         AND p.kind = 'progress' AND p.reported_on >= ",
    );
    query.push_bind(period_start);
    query.push(" AND p.reported_on <= ");
    query.push_bind(as_of);
    query.push(") THEN 1 ELSE 0 END AS eff_reported FROM tasks t");
    query.push(" WHERE t.assigned_on <= ");
    query.push_bind(as_of);
    query.push(" AND (t.cancelled_on IS NULL OR t.cancelled_on > ");
    query.push_bind(as_of);
    query.push(")");
    push_focus(query, &filter.focus, scope);
    push_task_filters(query, filter);
    if filter.statuses == [Status::Overdue] {
        push_overdue_candidates(query, filter);
    }
    query.push(") e) c WHERE 1 = 1");
    if !filter.statuses.is_empty() {
        query.push(" AND c.status IN (");
        let mut list = query.separated(", ");
        for status in &filter.statuses {
            list.push_bind(status.as_str().to_owned());
        }
        query.push(")");
    }
    if !filter.colours.is_empty() {
        query.push(" AND c.colour IN (");
        let mut list = query.separated(", ");
        for colour in &filter.colours {
            list.push_bind(colour.as_str().to_owned());
        }
        query.push(")");
    }
    if filter.due_soon_only {
        query.push(" AND c.due_soon = 1 AND c.status = 'in_progress'");
    }
    if filter.not_started_only {
        query.push(
            " AND c.eff_completed IS NULL AND NOT EXISTS (SELECT 1 FROM progress_reports p WHERE p.task_id = c.id \
             AND p.kind = 'progress' AND p.reported_on <= ",
        );
        query.push_bind(as_of);
        query.push(")");
    }
    if let Some(from) = filter.deadline_from {
        query.push(" AND c.eff_deadline >= ").push_bind(Day::from(from));
    }
    if let Some(to) = filter.deadline_to {
        query.push(" AND c.eff_deadline <= ").push_bind(Day::from(to));
    }
}

/// Keeps only tasks that can be overdue on the date, from the row's own columns, before the costly
/// classification: a deadline task not standing completed whose deadline in force may be past. Where a
/// change after the date makes the row's present state say nothing, the task stays a candidate.
fn push_overdue_candidates<DB>(query: &mut QueryBuilder<DB>, filter: &TaskFilter)
where
    DB: Database,
    Day: for<'t> Encode<'t, DB> + Type<DB>,
{
    let as_of = Day::from(filter.as_of);
    query.push(" AND t.kind = 'deadline' AND (t.completion_changed_on > ").push_bind(as_of);
    query.push(" OR t.completed_on IS NULL OR t.completed_on > ").push_bind(as_of).push(")");
    match filter.rules.judge_by {
        JudgeBy::Original => {
            query.push(" AND t.original_deadline < ").push_bind(as_of);
        }
        JudgeBy::Approved => {
            query.push(" AND (t.deadline_changed_on > ").push_bind(as_of);
            query.push(" OR t.deadline < ").push_bind(as_of).push(")");
        }
    }
}

/// The focus of a list, bounded by the viewer's scope so that a forgotten check cannot leak rows.
fn push_focus<DB>(query: &mut QueryBuilder<DB>, focus: &TaskFocus, scope: &Scope)
where
    DB: Database,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    Uuid: for<'t> Encode<'t, DB> + Type<DB>,
{
    match focus {
        TaskFocus::Subtree(root) => {
            query.push(" AND t.presiding_path >= ").push_bind(root.as_str().to_owned());
            query.push(" AND t.presiding_path < ").push_bind(root.subtree_end());
        }
        TaskFocus::Leading(unit) => {
            query.push(" AND t.presiding_id = ").push_bind(*unit);
        }
        TaskFocus::AssignedBy(unit) => {
            query.push(" AND t.assigner_id = ").push_bind(*unit);
        }
        TaskFocus::Supporting(unit) => {
            query.push(" AND t.confidentiality <> 'secret' AND t.id IN (SELECT tc.task_id FROM task_coordinators tc WHERE tc.unit_id = ");
            query.push_bind(*unit);
            push_scope(query, "tc.unit_path", scope);
            query.push(")");
            return;
        }
        TaskFocus::ChildrenOf(parent) => {
            // Two index lookups joined by id: an OR of two columns leads PostgreSQL to scan every task.
            query.push(" AND t.id IN (SELECT k.id FROM tasks k WHERE k.parent_id = ").push_bind(*parent);
            query.push(" UNION ALL SELECT k.id FROM tasks k WHERE k.series_id = ").push_bind(*parent).push(")");
        }
        TaskFocus::Document(document) => {
            query.push(" AND t.document_id = ").push_bind(*document);
        }
    }
    // Seen because the viewer's scope covers the presiding or the assigning unit.
    if !matches!(scope, Scope::Everything) {
        query.push(" AND (1 = 0 OR (1 = 1");
        push_scope(query, "t.presiding_path", scope);
        query.push(") OR (1 = 1");
        push_scope(query, "t.assigner_path", scope);
        query.push("))");
    }
}

fn push_task_filters<DB>(query: &mut QueryBuilder<DB>, filter: &TaskFilter)
where
    DB: Database,
    String: for<'t> Encode<'t, DB> + Type<DB>,
    Uuid: for<'t> Encode<'t, DB> + Type<DB>,
{
    if let Some(within) = &filter.within {
        query.push(" AND t.presiding_path >= ").push_bind(within.as_str().to_owned());
        query.push(" AND t.presiding_path < ").push_bind(within.subtree_end());
    }
    if !filter.presiding_units.is_empty() {
        query.push(" AND t.presiding_path IN (");
        let mut list = query.separated(", ");
        for unit in &filter.presiding_units {
            list.push_bind(unit.as_str().to_owned());
        }
        query.push(")");
    }
    let series_visible = matches!(filter.focus, TaskFocus::ChildrenOf(_) | TaskFocus::Document(_));
    match filter.kind {
        Some(kind) => {
            query.push(" AND t.kind = ").push_bind(kind.as_str().to_owned());
        }
        // A recurring series is listed through its occurrences, except on its document's page.
        None if !series_visible => {
            query.push(" AND t.kind IN ('deadline', 'regular')");
        }
        None => {}
    }
    if let Some(document) = filter.document_id {
        query.push(" AND t.document_id = ").push_bind(document);
    }
    if let Some(field) = filter.field {
        query.push(" AND t.field = ").push_bind(field.as_str().to_owned());
    }
    if let Some(leader) = filter.leader_id {
        query.push(" AND t.leader_id = ").push_bind(leader);
    }
    if !filter.confidentiality.is_empty() {
        query.push(" AND t.confidentiality IN (");
        let mut list = query.separated(", ");
        for level in &filter.confidentiality {
            list.push_bind(level.as_str().to_owned());
        }
        query.push(")");
    }
    for term in &filter.terms {
        query.push(" AND t.search_text LIKE ").push_bind(format!("%{}%", term.replace(['%', '_'], "")));
    }
}

#[derive(FromRow)]
struct ListRow {
    #[sqlx(flatten)]
    task: TaskRow,
    assigner_code: String,
    assigner_name: String,
    presiding_code: String,
    presiding_name: String,
    document_number: Option<String>,
    leader_name: Option<String>,
    status: Option<String>,
    colour: Option<String>,
    eff_deadline: Option<Day>,
    due_soon: i32,
}

impl TryFrom<ListRow> for TaskListItem {
    type Error = StoreError;
    fn try_from(row: ListRow) -> Result<Self> {
        let status = row.status.map(|s| Status::parse("status", &s)).transpose()?;
        let colour = row.colour.map(|c| Colour::parse("colour", &c)).transpose()?;
        Ok(TaskListItem {
            task: Task::try_from(row.task)?,
            assigner_code: row.assigner_code,
            assigner_name: row.assigner_name,
            presiding_code: row.presiding_code,
            presiding_name: row.presiding_name,
            document_number: row.document_number,
            leader_name: row.leader_name,
            status,
            colour,
            deadline_in_force: row.eff_deadline.map(|d| d.to_jiff()),
            due_soon: row.due_soon == 1 && status == Some(Status::InProgress),
            at_risk: status == Some(Status::InProgress) && colour == Some(Colour::Yellow),
        })
    }
}

/// The outer columns of a count: its cells, due soon and at risk among them, and their size.
pub(crate) const CELL_COLUMNS: &str = "c.status, c.colour, SUM(CASE WHEN c.status = 'in_progress' AND c.due_soon = 1 THEN 1 ELSE 0 END), \
     SUM(CASE WHEN c.colour = 'yellow' AND c.status = 'in_progress' THEN 1 ELSE 0 END), COUNT(*)";

/// status, colour, due soon, at risk, count.
type CellRow = (Option<String>, Option<String>, i64, i64, i64);
/// The same, by presiding unit.
type UnitCellRow = (Uuid, Option<String>, Option<String>, i64, i64, i64);

pub(crate) fn cell(
    status: Option<String>,
    colour: Option<String>,
    due_soon: i64,
    at_risk: i64,
    tasks: i64,
) -> Result<Option<CountCell>> {
    let (Some(status), Some(colour)) = (status, colour) else { return Ok(None) };
    Ok(Some(CountCell {
        status: Status::parse("status", &status)?,
        colour: Colour::parse("colour", &colour)?,
        due_soon,
        at_risk,
        tasks,
    }))
}

impl Tx {
    /// One page of tasks matching `filter` that `scope` may see, and the total across all pages.
    pub async fn list_tasks(
        &mut self,
        filter: &TaskFilter,
        scope: &Scope,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<TaskListItem>, i64)> {
        let items = self.list_task_page(filter, scope, limit, offset).await?;
        let backend = self.backend();
        let total: i64 = on_conn!(self, conn => {
            let mut query = QueryBuilder::new("");
            push_classified(&mut query, backend, filter, scope, "COUNT(*)");
            query.build_query_scalar::<i64>().fetch_one(&mut *conn).await
        })?;
        Ok((items, total))
    }

    /// One page of tasks matching `filter` that `scope` may see, for callers that know the total.
    pub async fn list_task_page(
        &mut self,
        filter: &TaskFilter,
        scope: &Scope,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<TaskListItem>> {
        let backend = self.backend();
        let order = |alias: &str| match filter.sort {
            TaskSort::Deadline => format!(" ORDER BY {alias}.eff_deadline IS NULL, {alias}.eff_deadline, {alias}.code"),
            TaskSort::Code => format!(" ORDER BY {alias}.code"),
            TaskSort::Recent => format!(" ORDER BY {alias}.assigned_on DESC, {alias}.code"),
            TaskSort::Progress => {
                format!(
                    " ORDER BY {alias}.eff_percent, {alias}.eff_deadline IS NULL, {alias}.eff_deadline, {alias}.code"
                )
            }
        };
        // Names are joined to the page only, not to every task classified on the way.
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(
                "SELECT l.*, au.code AS assigner_code, au.name AS assigner_name, pu.code AS presiding_code, \
                 pu.name AS presiding_name, d.number AS document_number, m.person_name AS leader_name FROM (",
            );
            push_classified(&mut query, backend, filter, scope, "c.*");
            query.push(order("c"));
            query.push(" LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
            query.push(
                ") l JOIN units au ON au.id = l.assigner_id JOIN units pu ON pu.id = l.presiding_id \
                 LEFT JOIN documents d ON d.id = l.document_id LEFT JOIN committee_members m ON m.id = l.leader_id",
            );
            query.push(order("l"));
            query.build_query_as::<ListRow>().fetch_all(&mut *conn).await
        })?;
        rows.into_iter().map(TaskListItem::try_from).collect()
    }

    /// Counts by status and colour of the tasks matching `filter` (its sort is ignored).
    pub async fn count_tasks(&mut self, filter: &TaskFilter, scope: &Scope) -> Result<StatusCounts> {
        let backend = self.backend();
        let rows: Vec<CellRow> = on_conn!(self, conn => {
            let mut query = QueryBuilder::new("");
            push_classified(&mut query, backend, filter, scope, CELL_COLUMNS);
            query.push(" AND c.status IS NOT NULL GROUP BY c.status, c.colour");
            query.build_query_as().fetch_all(&mut *conn).await
        })?;
        let mut cells = Vec::with_capacity(rows.len());
        for (status, colour, due_soon, at_risk, tasks) in rows {
            cells.extend(cell(status, colour, due_soon, at_risk, tasks)?);
        }
        Ok(StatusCounts::from_cells(&cells))
    }

    /// The count cells of the tasks matching `filter`, by presiding unit: what per-unit counts are
    /// kept from, to be summed for any subtree.
    pub async fn count_cells_by_unit(&mut self, filter: &TaskFilter, scope: &Scope) -> Result<Vec<(Uuid, CountCell)>> {
        let backend = self.backend();
        let rows: Vec<UnitCellRow> = on_conn!(self, conn => {
            let mut query = QueryBuilder::new("");
            push_classified(&mut query, backend, filter, scope, &format!("c.presiding_id, {CELL_COLUMNS}"));
            query.push(" AND c.status IS NOT NULL GROUP BY c.presiding_id, c.status, c.colour");
            query.build_query_as().fetch_all(&mut *conn).await
        })?;
        let mut cells = Vec::with_capacity(rows.len());
        for (unit, status, colour, due_soon, at_risk, tasks) in rows {
            cells.extend(cell(status, colour, due_soon, at_risk, tasks)?.map(|cell| (unit, cell)));
        }
        Ok(cells)
    }

    /// The version of every unit of a subtree that presides tasks; it changes whenever one of the
    /// unit's tasks changes (database triggers keep it), so counts kept per unit know when to be redone.
    pub async fn task_unit_versions(&mut self, root: &UnitPath) -> Result<Vec<TaskUnitVersion>> {
        let rows = on_conn!(self, conn => {
            sqlx::query_as::<_, (Uuid, String, i64)>(
                "SELECT unit_id, unit_path, version FROM task_unit_versions WHERE unit_path >= $1 AND unit_path < $2",
            )
            .bind(root.as_str())
            .bind(root.subtree_end())
            .fetch_all(&mut *conn)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|(unit_id, path, version)| TaskUnitVersion { unit_id, path: UnitPath::from_stored(path), version })
            .collect())
    }
}
