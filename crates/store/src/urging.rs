//! What the daily urging job reads: open tasks near or past their deadline, regular tasks not
//! reported in the period, and who is to be told about each.
//!
//! A task is open while it is neither completed (reported, even if not yet confirmed) nor cancelled.
//! These queries run once a day in the background and may read the whole `tasks` table; they are
//! paged by id so that memory stays bounded at national scale.

use jiff::civil::Date;
use nqtrack_domain::task::Confidentiality;
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::Tx;
use crate::error::{Result, StoreError};

/// Which open tasks to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrgingSelection {
    /// Deadline tasks due exactly on this day (a reminder N days ahead).
    DueOn(Date),
    /// Deadline tasks whose deadline lies in `from..=to`; no lower bound when `from` is `None`.
    DueBetween { from: Option<Date>, to: Date },
    /// Regular tasks assigned on or before `as_of` without a progress report on or after `since`.
    RegularUnreported { since: Date, as_of: Date },
}

/// An open task with what a notice about it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgingTask {
    pub id: Uuid,
    pub code: String,
    pub title: String,
    pub deadline: Option<Date>,
    pub confidentiality: Confidentiality,
    pub presiding_id: Uuid,
    pub presiding_name: String,
    pub assigner_id: Uuid,
    pub leader_id: Option<Uuid>,
}

/// One person to tell about one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, FromRow)]
pub struct UrgingRecipient {
    pub task_id: Uuid,
    pub user_id: Uuid,
}

#[derive(FromRow)]
struct TaskRow {
    id: Uuid,
    code: String,
    title: String,
    deadline: Option<jiff_sqlx::Date>,
    confidentiality: String,
    presiding_id: Uuid,
    presiding_name: String,
    assigner_id: Uuid,
    leader_id: Option<Uuid>,
}

impl TryFrom<TaskRow> for UrgingTask {
    type Error = StoreError;
    fn try_from(row: TaskRow) -> Result<Self> {
        Ok(UrgingTask {
            id: row.id,
            code: row.code,
            title: row.title,
            deadline: row.deadline.map(|d| d.to_jiff()),
            confidentiality: Confidentiality::parse("confidentiality", &row.confidentiality)?,
            presiding_id: row.presiding_id,
            presiding_name: row.presiding_name,
            assigner_id: row.assigner_id,
            leader_id: row.leader_id,
        })
    }
}

/// Open: not completed (awaiting confirmation counts as completed) and not cancelled. Recurring
/// series are judged through their occurrences, which are deadline tasks of their own.
const OPEN: &str = "t.completed_on IS NULL AND t.cancelled_on IS NULL AND t.kind IN ('deadline', 'regular')";

impl Tx {
    /// Up to `limit` open tasks of the selection, by id, after `after` (the last id of the
    /// previous page).
    pub async fn urging_tasks(
        &mut self,
        selection: UrgingSelection,
        after: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<UrgingTask>> {
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!(
                "SELECT t.id, t.code, t.title, t.deadline, t.confidentiality, t.presiding_id, \
                 p.name AS presiding_name, t.assigner_id, t.leader_id FROM tasks t \
                 JOIN units p ON p.id = t.presiding_id WHERE {OPEN}"
            ));
            match selection {
                UrgingSelection::DueOn(day) => {
                    query.push(" AND t.kind = 'deadline' AND t.deadline = ").push_bind(jiff_sqlx::Date::from(day));
                }
                UrgingSelection::DueBetween { from, to } => {
                    query.push(" AND t.kind = 'deadline' AND t.deadline <= ").push_bind(jiff_sqlx::Date::from(to));
                    if let Some(from) = from {
                        query.push(" AND t.deadline >= ").push_bind(jiff_sqlx::Date::from(from));
                    }
                }
                UrgingSelection::RegularUnreported { since, as_of } => {
                    query.push(" AND t.kind = 'regular' AND t.assigned_on <= ").push_bind(jiff_sqlx::Date::from(as_of));
                    query.push(
                        " AND NOT EXISTS (SELECT 1 FROM progress_reports pr WHERE pr.task_id = t.id \
                         AND pr.kind = 'progress' AND pr.reported_on >= ",
                    );
                    query.push_bind(jiff_sqlx::Date::from(since)).push(")");
                }
            }
            if let Some(after) = after {
                query.push(" AND t.id > ").push_bind(after);
            }
            query.push(" ORDER BY t.id LIMIT ").push_bind(limit);
            query.build_query_as::<TaskRow>().fetch_all(conn).await
        })?;
        rows.into_iter().map(UrgingTask::try_from).collect()
    }

    /// The active accounts of each of `unit_ids`, as (unit, user) pairs ordered by unit and user.
    pub async fn unit_accounts(&mut self, unit_ids: &[Uuid]) -> Result<Vec<(Uuid, Uuid)>> {
        if unit_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = on_conn!(self, conn => {
            let mut query =
                QueryBuilder::new("SELECT usr.unit_id, usr.id FROM users usr WHERE usr.disabled = FALSE AND usr.unit_id IN (");
            let mut ids = query.separated(", ");
            for id in unit_ids {
                ids.push_bind(*id);
            }
            query.push(") ORDER BY usr.unit_id, usr.id");
            query.build_query_as::<(Uuid, Uuid)>().fetch_all(conn).await
        })?;
        Ok(rows)
    }

    /// Who is told about each of `task_ids`: the active accounts of the presiding unit; with
    /// `escalate`, also the leader in charge (when the committee member has an account) and the
    /// coordinators of the assigning unit. Each person once per task, ordered by task and person.
    pub async fn urging_recipients(&mut self, task_ids: &[Uuid], escalate: bool) -> Result<Vec<UrgingRecipient>> {
        if task_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new("");
            let part = |query: &mut QueryBuilder<_>, from: &str| {
                query.push(from);
                query.push(" WHERE usr.disabled = FALSE AND t.id IN (");
                let mut ids = query.separated(", ");
                for id in task_ids {
                    ids.push_bind(*id);
                }
                query.push(")");
            };
            part(
                &mut query,
                "SELECT t.id AS task_id, usr.id AS user_id FROM tasks t JOIN users usr ON usr.unit_id = t.presiding_id",
            );
            if escalate {
                query.push(" UNION ");
                part(
                    &mut query,
                    "SELECT t.id AS task_id, usr.id AS user_id FROM tasks t \
                     JOIN committee_members cm ON cm.id = t.leader_id JOIN users usr ON usr.id = cm.user_id",
                );
                query.push(" UNION ");
                part(
                    &mut query,
                    "SELECT t.id AS task_id, usr.id AS user_id FROM tasks t \
                     JOIN role_grants g ON g.unit_id = t.assigner_id AND g.role = 'coordinator' \
                     JOIN users usr ON usr.id = g.user_id",
                );
            }
            query.push(" ORDER BY task_id, user_id");
            query.build_query_as::<UrgingRecipient>().fetch_all(conn).await
        })?;
        Ok(rows)
    }
}
