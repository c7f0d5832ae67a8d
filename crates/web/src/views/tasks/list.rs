//! `/tasks`: a unit's tasks as of a date, with counts that filter the list, tabs by relation, filters,
//! paging and export links.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use nqtrack_app::{AppError, DocumentQuery, TaskList, TaskListQuery};
use nqtrack_domain::Invalid;
use nqtrack_domain::status::{Colour, Status};
use nqtrack_domain::task::{Field, TaskKind};
use nqtrack_store::{CommitteeMember, DocumentSummary, Unit};

use super::form::{FormState, problems};
use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in};

/// A count at the top of the list, and the link that lists what it counts.
pub struct Tile {
    pub label: String,
    pub count: i64,
    pub href: String,
    pub class: &'static str,
    pub active: bool,
}

pub struct Tab {
    pub label: String,
    pub href: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    base: Base,
    list: TaskList,
    /// The filters as sent (name "filter"), with their problems.
    form: FormState,
    tiles: Vec<Tile>,
    tabs: Vec<Tab>,
    /// Units directly below the listed unit, for "presided within".
    children: Vec<Unit>,
    leaders: Vec<CommitteeMember>,
    documents: Vec<DocumentSummary>,
    /// The list is as of a past date: say so loudly.
    past: bool,
    prev_href: Option<String>,
    next_href: Option<String>,
    /// The filters without the page, for the export links.
    export_query: String,
    statuses: &'static [Status],
    colours: &'static [Colour],
    kinds: &'static [TaskKind],
    fields: &'static [Field],
}

/// The list's query string, to make links that change one filter and keep the others.
struct Links {
    pairs: Vec<(String, String)>,
}

impl Links {
    /// The current filters (empty ones and the page dropped) with `changes` applied; an empty value
    /// removes a filter.
    fn href(&self, changes: &[(&str, &str)]) -> String {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.pairs {
            if key != "page" && !value.trim().is_empty() && !changes.iter().any(|(k, _)| k == key) {
                serializer.append_pair(key, value);
            }
        }
        for (key, value) in changes {
            if !value.is_empty() {
                serializer.append_pair(key, value);
            }
        }
        let query = serializer.finish();
        if query.is_empty() { "/tasks".to_owned() } else { format!("/tasks?{query}") }
    }

    fn query(&self) -> String {
        self.href(&[]).trim_start_matches("/tasks").trim_start_matches('?').to_owned()
    }
}

pub async fn tasks_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let fail = |e| PageError::new(&viewer, e);
    let (query, mut wrong) = crate::views::task_exchange::task_list_query(&pairs);
    let list = match state.app.list_tasks(&actor, &query).await {
        Ok(list) => list,
        // A filter that cannot be read: show the unit's whole list and say which filter was wrong.
        Err(AppError::Invalid(invalid)) => {
            wrong.extend(invalid.0);
            let plain = TaskListQuery { unit_id: query.unit_id, ..TaskListQuery::default() };
            state.app.list_tasks(&actor, &plain).await.map_err(fail)?
        }
        Err(error) => return Err(fail(error)),
    };
    // The pickers are a convenience: a viewer who may list the tasks but not open the unit still
    // gets the list.
    let (children, leaders) = match state.app.unit_details(&actor, list.unit.id).await {
        Ok(details) => (details.children.into_iter().map(|c| c.unit).filter(Unit::is_live).collect(), details.members),
        Err(_) => (Vec::new(), Vec::new()),
    };
    let documents =
        state.app.list_documents(&actor, &DocumentQuery::default()).await.map(|d| d.items).unwrap_or_default();
    let links = Links { pairs: pairs.clone() };
    let mut base = Base::new(&viewer);
    let lang = viewer.lang;
    let mut form = FormState::new("filter", pairs.clone());
    let status = if wrong.is_empty() {
        StatusCode::OK
    } else {
        let found = problems(lang, &AppError::Invalid(Invalid(wrong)));
        base.errors = found.iter().map(|p| p.message.clone()).collect();
        form = form.with_problems(found);
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = TasksPage {
        tiles: tiles(&base, &list, &links, &query),
        tabs: tabs(&base, &links, &query.relation),
        past: list.as_of < state.app.today(),
        prev_href: (list.page > 1).then(|| links.href(&[("page", &(list.page - 1).to_string())])),
        next_href: (list.page < list.pages).then(|| links.href(&[("page", &(list.page + 1).to_string())])),
        export_query: links.query(),
        base,
        list,
        form,
        children,
        leaders,
        documents,
        statuses: Status::ALL,
        colours: Colour::ALL,
        kinds: TaskKind::ALL,
        fields: Field::ALL,
    };
    Ok((status, render(&page)).into_response())
}

/// Tiles for the total, each status, each colour, due soon and at risk. Statuses of regular tasks
/// appear only when there are some, so a list of deadline tasks is not cluttered with zeros.
fn tiles(base: &Base, list: &TaskList, links: &Links, query: &TaskListQuery) -> Vec<Tile> {
    let counts = &list.counts;
    let clear = [("status", ""), ("colour", ""), ("due_soon", "")];
    let only = |key: &'static str, value: &'static str| -> String {
        let mut changes: Vec<(&str, &str)> = clear.iter().filter(|(k, _)| *k != key).copied().collect();
        changes.push((key, value));
        links.href(&changes)
    };
    let nothing_chosen = query.status.is_empty() && query.colour.is_empty() && !query.due_soon;
    let mut tiles = vec![Tile {
        label: base.t("tasks-total"),
        count: counts.total,
        href: links.href(&clear),
        class: "tile-total",
        active: nothing_chosen,
    }];
    for status in Status::ALL {
        let count = counts.status(*status);
        let regular = matches!(status, Status::Reported | Status::NotReported);
        if regular && count == 0 {
            continue;
        }
        tiles.push(Tile {
            label: base.task_status(status),
            count,
            href: only("status", status.as_str()),
            class: match status {
                Status::CompletedOnTime | Status::Reported => "tile-green",
                Status::CompletedLate => "tile-yellow",
                Status::Overdue | Status::NotReported => "tile-red",
                Status::InProgress => "tile-blue",
            },
            active: query.status == status.as_str() && query.colour.is_empty(),
        });
    }
    for colour in Colour::ALL {
        tiles.push(Tile {
            label: base.task_colour(colour),
            count: counts.colour(*colour),
            href: only("colour", colour.as_str()),
            class: match colour {
                Colour::Green => "tile-green",
                Colour::Yellow => "tile-yellow",
                Colour::Red => "tile-red",
            },
            active: query.colour == colour.as_str() && query.status.is_empty(),
        });
    }
    tiles.push(Tile {
        label: base.t("tasks-due-soon"),
        count: counts.due_soon,
        href: only("due_soon", "1"),
        class: "tile-yellow",
        active: query.due_soon,
    });
    // "At risk" is a task in progress whose colour is yellow: the two filters together list it.
    tiles.push(Tile {
        label: base.t("tasks-at-risk"),
        count: counts.at_risk,
        href: links.href(&[("status", "in_progress"), ("colour", "yellow"), ("due_soon", "")]),
        class: "tile-yellow",
        active: query.status == "in_progress" && query.colour == "yellow",
    });
    tiles
}

fn tabs(base: &Base, links: &Links, relation: &str) -> Vec<Tab> {
    ["subtree", "leading", "assigned", "supporting"]
        .into_iter()
        .map(|name| Tab {
            label: base.t(&format!("tasks-relation-{name}")),
            href: links.href(&[("relation", if name == "subtree" { "" } else { name })]),
            active: relation == name || (relation.is_empty() && name == "subtree"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_change_one_filter_and_drop_the_page() {
        let links = Links {
            pairs: vec![
                ("status".into(), "overdue".into()),
                ("q".into(), "chuyển đổi".into()),
                ("page".into(), "3".into()),
                ("field".into(), "".into()),
            ],
        };
        assert_eq!(
            links.href(&[("status", "in_progress")]),
            "/tasks?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i&status=in_progress"
        );
        assert_eq!(links.href(&[("status", ""), ("q", "")]), "/tasks");
        assert_eq!(links.query(), "status=overdue&q=chuy%E1%BB%83n+%C4%91%E1%BB%95i");
    }

    #[test]
    fn the_query_maps_field_by_field() {
        let pairs: Vec<(String, String)> =
            [("unit_id", ""), ("leader_id", "zz"), ("due_soon", "1"), ("page", "2"), ("q", " x ")]
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
        let (query, problems) = crate::views::task_exchange::task_list_query(&pairs);
        assert_eq!(query.unit_id, None);
        assert!(query.due_soon);
        assert_eq!(query.page, Some(2));
        assert_eq!(query.q, "x");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "leader_id");
    }
}
