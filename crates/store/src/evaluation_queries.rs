//! The reads behind period reports and person scorecards: tasks completed in a range or overdue on a
//! date with their presiding unit, the difficulties and proposals written in progress reports, and
//! task counts by leader in charge.
//!
//! Every task is classified by the same SQL as the task lists (`task_queries::push_classified`), so a
//! report's lists and counts agree with the dashboard's for the same date.

use jiff::civil::Date;
use nqtrack_domain::policy::Scope;
use nqtrack_domain::status::Status;
use nqtrack_domain::task::Confidentiality;
use nqtrack_domain::unit::UnitPath;
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::Tx;
use crate::error::Result;
use crate::scope_sql::push_scope;
use crate::task_queries::{CELL_COLUMNS, TaskFilter, cell, push_classified};
use crate::task_records::CountCell;

type Day = jiff_sqlx::Date;

/// A task as a report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTask {
    pub id: Uuid,
    pub code: String,
    pub title: String,
    pub confidentiality: Confidentiality,
    pub presiding_name: String,
    /// The deadline in force on the list's date.
    pub deadline: Option<Date>,
    /// The completion standing on the list's date.
    pub completed_on: Option<Date>,
    pub status: Option<Status>,
}

#[derive(FromRow)]
struct ReportTaskRow {
    id: Uuid,
    code: String,
    title: String,
    confidentiality: String,
    presiding_name: String,
    eff_deadline: Option<Day>,
    eff_completed: Option<Day>,
    status: Option<String>,
}

impl TryFrom<ReportTaskRow> for ReportTask {
    type Error = crate::error::StoreError;
    fn try_from(row: ReportTaskRow) -> Result<Self> {
        Ok(ReportTask {
            id: row.id,
            code: row.code,
            title: row.title,
            confidentiality: Confidentiality::parse("confidentiality", &row.confidentiality)?,
            presiding_name: row.presiding_name,
            deadline: row.eff_deadline.map(|d| d.to_jiff()),
            completed_on: row.eff_completed.map(|d| d.to_jiff()),
            status: row.status.map(|s| Status::parse("status", &s)).transpose()?,
        })
    }
}

/// What a progress report said of difficulties and proposals, with its task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressNote {
    pub reported_on: Date,
    pub task_code: String,
    pub task_title: String,
    pub presiding_name: String,
    pub difficulties: String,
    pub proposals: String,
}

#[derive(FromRow)]
struct ProgressNoteRow {
    reported_on: Day,
    task_code: String,
    task_title: String,
    presiding_name: String,
    difficulties: String,
    proposals: String,
}

/// Task counts of one leader in charge (`None`: tasks without one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaderCells {
    pub leader_id: Option<Uuid>,
    pub cells: Vec<CountCell>,
}

/// leader, status, colour, due soon, at risk, count.
type LeaderCellRow = (Option<Uuid>, Option<String>, Option<String>, i64, i64, i64);

/// Keeps the progress reports of non-secret tasks presided within `root` that `scope` may see, reported
/// within `[from, to]` and saying something of difficulties or proposals. A secret task's notes would
/// tell what the task is about, so they never reach a report.
fn push_notes_where<DB>(query: &mut QueryBuilder<DB>, root: &UnitPath, scope: &Scope, from: Date, to: Date)
where
    DB: sqlx::Database,
    String: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    Day: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
{
    query.push(
        " FROM tasks t JOIN progress_reports p ON p.task_id = t.id JOIN units u ON u.id = t.presiding_id \
         WHERE t.confidentiality <> 'secret' AND t.presiding_path >= ",
    );
    query.push_bind(root.as_str().to_owned());
    query.push(" AND t.presiding_path < ").push_bind(root.subtree_end());
    query.push(" AND p.reported_on >= ").push_bind(Day::from(from));
    query.push(" AND p.reported_on <= ").push_bind(Day::from(to));
    query.push(" AND (p.difficulties <> '' OR p.proposals <> '')");
    push_scope(query, "t.presiding_path", scope);
}

/// Keeps only tasks whose standing completion is on or after `from`, when given.
fn push_completed_from<DB>(query: &mut QueryBuilder<DB>, from: Option<Date>)
where
    DB: sqlx::Database,
    Day: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
{
    if let Some(from) = from {
        query.push(" AND c.eff_completed >= ").push_bind(Day::from(from));
    }
}

impl Tx {
    /// Tasks matching `filter` (classified as of its date) that `scope` may see, with their presiding
    /// unit; with `completed_from`, only those whose standing completion is on or after it. At most
    /// `limit`, the earliest completion (then deadline) first, and how many matched in all.
    pub async fn report_tasks(
        &mut self,
        filter: &TaskFilter,
        scope: &Scope,
        completed_from: Option<Date>,
        limit: i64,
    ) -> Result<(Vec<ReportTask>, i64)> {
        let backend = self.backend();
        let rows: Vec<ReportTaskRow> = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(
                "SELECT l.id, l.code, l.title, l.confidentiality, pu.name AS presiding_name, l.eff_deadline, \
                 l.eff_completed, l.status FROM (",
            );
            push_classified(
                &mut query,
                backend,
                filter,
                scope,
                "c.id, c.code, c.title, c.confidentiality, c.presiding_id, c.eff_deadline, c.eff_completed, c.status",
            );
            push_completed_from(&mut query, completed_from);
            query.push(" ORDER BY c.eff_completed, c.eff_deadline, c.code LIMIT ").push_bind(limit);
            query.push(") l JOIN units pu ON pu.id = l.presiding_id ORDER BY l.eff_completed, l.eff_deadline, l.code");
            query.build_query_as().fetch_all(&mut *conn).await
        })?;
        // Fewer rows than the limit are all of them: no second classification to count them.
        let total = if (rows.len() as i64) < limit {
            rows.len() as i64
        } else {
            on_conn!(self, conn => {
                let mut query = QueryBuilder::new("");
                push_classified(&mut query, backend, filter, scope, "COUNT(*)");
                push_completed_from(&mut query, completed_from);
                query.build_query_scalar::<i64>().fetch_one(&mut *conn).await
            })?
        };
        let tasks = rows.into_iter().map(ReportTask::try_from).collect::<Result<Vec<_>>>()?;
        Ok((tasks, total))
    }

    /// The difficulties and proposals of the progress reports made within `[from, to]` on the
    /// non-secret tasks presided within `root`: at most `limit`, oldest first, and how many in all.
    pub async fn progress_notes(
        &mut self,
        root: &UnitPath,
        scope: &Scope,
        from: Date,
        to: Date,
        limit: i64,
    ) -> Result<(Vec<ProgressNote>, i64)> {
        let rows: Vec<ProgressNoteRow> = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(
                "SELECT p.reported_on, t.code AS task_code, t.title AS task_title, u.name AS presiding_name, \
                 p.difficulties, p.proposals",
            );
            push_notes_where(&mut query, root, scope, from, to);
            query.push(" ORDER BY p.reported_on, t.code, p.created_at LIMIT ").push_bind(limit);
            query.build_query_as().fetch_all(&mut *conn).await
        })?;
        let total: i64 = on_conn!(self, conn => {
            let mut query = QueryBuilder::new("SELECT COUNT(*)");
            push_notes_where(&mut query, root, scope, from, to);
            query.build_query_scalar::<i64>().fetch_one(&mut *conn).await
        })?;
        let notes = rows
            .into_iter()
            .map(|row| ProgressNote {
                reported_on: row.reported_on.to_jiff(),
                task_code: row.task_code,
                task_title: row.task_title,
                presiding_name: row.presiding_name,
                difficulties: row.difficulties,
                proposals: row.proposals,
            })
            .collect();
        Ok((notes, total))
    }

    /// The count cells of the tasks matching `filter`, by leader in charge.
    pub async fn count_cells_by_leader(&mut self, filter: &TaskFilter, scope: &Scope) -> Result<Vec<LeaderCells>> {
        let backend = self.backend();
        let rows: Vec<LeaderCellRow> = on_conn!(self, conn => {
            let mut query = QueryBuilder::new("");
            push_classified(&mut query, backend, filter, scope, &format!("c.leader_id, {CELL_COLUMNS}"));
            query.push(" AND c.status IS NOT NULL GROUP BY c.leader_id, c.status, c.colour");
            query.build_query_as().fetch_all(&mut *conn).await
        })?;
        let mut leaders: Vec<LeaderCells> = Vec::new();
        for (leader_id, status, colour, due_soon, at_risk, tasks) in rows {
            let Some(cell) = cell(status, colour, due_soon, at_risk, tasks)? else { continue };
            match leaders.iter_mut().find(|l| l.leader_id == leader_id) {
                Some(leader) => leader.cells.push(cell),
                None => leaders.push(LeaderCells { leader_id, cells: vec![cell] }),
            }
        }
        Ok(leaders)
    }
}
