//! `/tasks/new`: the assignment form. A refused form comes back with every problem next to its field
//! and everything typed still in place.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use nqtrack_app::{AppError, DocumentQuery, TaskInput};
use nqtrack_domain::FieldError;
use nqtrack_domain::task::{Confidentiality, Field, Priority, TaskKind, TaskSource};
use nqtrack_store::{CommitteeMember, DocumentSummary, Unit};
use uuid::Uuid;

use super::form::{FormState, Problem, checked, codes, problems, uuid_field, uuid_list, value};
use crate::auth::Viewer;
use crate::error::status_of;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};

#[derive(Template)]
#[template(path = "task_new.html")]
struct NewTaskPage {
    base: Base,
    form: FormState,
    /// The units the viewer assigns from: their home unit and the units directly below it.
    assigners: Vec<Unit>,
    assigner: Unit,
    /// The assigning unit and the units directly below it: presiding and coordinating choices.
    units: Vec<Unit>,
    leaders: Vec<CommitteeMember>,
    documents: Vec<DocumentSummary>,
    kinds: &'static [TaskKind],
    fields: &'static [Field],
    priorities: &'static [Priority],
    confidentialities: &'static [Confidentiality],
    sources: &'static [TaskSource],
}

/// The defaults a new form starts with, unless the link already chose them.
const DEFAULTS: [(&str, &str); 4] =
    [("kind", "deadline"), ("field", "other"), ("priority", "normal"), ("confidentiality", "internal")];

pub async fn new_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(mut pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    for (key, default) in DEFAULTS {
        if value(&pairs, key).is_empty() {
            pairs.push((key.to_owned(), default.to_owned()));
        }
    }
    show(&state, &viewer, FormState::new("assign", pairs), StatusCode::OK).await
}

/// Renders the form with its choices for the chosen assigning unit.
async fn show(state: &AppState, viewer: &Viewer, form: FormState, status: StatusCode) -> PageResult {
    let actor = viewer.actor();
    let fail = |e| PageError::new(viewer, e);
    let home = state.app.home_unit(&actor).await.map_err(fail)?;
    let home_details = state.app.unit_details(&actor, home.id).await.map_err(fail)?;
    let mut assigners = vec![home.clone()];
    assigners.extend(home_details.children.iter().map(|c| c.unit.clone()).filter(Unit::is_live));
    // A link may name the assigning unit (`unit_id`); the form's own select says `assigner_id`.
    let chosen = [form.value("assigner_id"), form.value("unit_id")].into_iter().find_map(|v| v.parse::<Uuid>().ok());
    let details = match chosen {
        Some(id) if id != home.id => state.app.unit_details(&actor, id).await.unwrap_or(home_details),
        _ => home_details,
    };
    let assigner = details.unit.clone();
    if !assigners.iter().any(|u| u.id == assigner.id) {
        assigners.push(assigner.clone());
    }
    let mut units = vec![assigner.clone()];
    units.extend(details.children.into_iter().map(|c| c.unit).filter(Unit::is_live));
    let mut documents =
        state.app.list_documents(&actor, &DocumentQuery::default()).await.map(|d| d.items).unwrap_or_default();
    // A document chosen by a link ("assign from this document") may be beyond the first page.
    if let Ok(Some(id)) = uuid_field(form.pairs(), "document_id")
        && !documents.iter().any(|d| d.document.id == id)
        && let Ok(found) = state.app.document_details(&actor, id, 1).await
    {
        documents.insert(
            0,
            DocumentSummary { document: found.document, issuer_name: found.issuer.name, task_count: found.task_total },
        );
    }
    let mut base = Base::new(viewer);
    base.errors = form.messages();
    let page = NewTaskPage {
        base,
        form,
        assigners,
        assigner,
        units,
        leaders: details.members,
        documents,
        kinds: TaskKind::ALL,
        fields: Field::ALL,
        priorities: Priority::ALL,
        confidentialities: Confidentiality::ALL,
        sources: TaskSource::ALL,
    };
    Ok((status, render(&page)).into_response())
}

/// A unit typed by its code; a code that is unknown, or outside what the viewer may see, is a problem
/// of `field`.
pub(super) async fn unit_by_code(
    state: &AppState,
    viewer: &Viewer,
    code: &str,
    field: &str,
) -> Result<Result<Uuid, FieldError>, AppError> {
    match state.app.unit_by_code(&viewer.actor(), code).await {
        Ok(unit) => Ok(Ok(unit.id)),
        Err(AppError::NotFound(_) | AppError::Denied(_)) => {
            Ok(Err(FieldError::new(field, "unit-code-unknown").with_arg("value", code.trim())))
        }
        Err(other) => Err(other),
    }
}

/// The ids chosen in a select (`<key>`) or ticked (`<key>s`), plus the units typed by code.
pub(super) async fn units_of(
    state: &AppState,
    viewer: &Viewer,
    pairs: &[(String, String)],
    ids_key: &str,
    codes_key: &str,
    problems: &mut Vec<FieldError>,
) -> Result<Vec<Uuid>, AppError> {
    let mut ids = uuid_list(pairs, ids_key).unwrap_or_else(|e| {
        problems.push(e);
        Vec::new()
    });
    for code in codes(value(pairs, codes_key)) {
        match unit_by_code(state, viewer, code, ids_key).await? {
            Ok(id) if !ids.contains(&id) => ids.push(id),
            Ok(_) => {}
            Err(problem) => problems.push(problem),
        }
    }
    Ok(ids)
}

/// The form mapped onto [`TaskInput`]; the problems found on the way (ids, codes, numbers) come back
/// with it.
async fn to_input(
    state: &AppState,
    viewer: &Viewer,
    pairs: &[(String, String)],
) -> Result<(TaskInput, Vec<FieldError>), AppError> {
    let mut problems = Vec::new();
    let id = |key: &str, problems: &mut Vec<FieldError>| {
        uuid_field(pairs, key).unwrap_or_else(|e| {
            problems.push(e);
            None
        })
    };
    let presiding_code = value(pairs, "presiding_code");
    let presiding_id = if presiding_code.is_empty() {
        id("presiding_id", &mut problems)
    } else {
        unit_by_code(state, viewer, presiding_code, "presiding_id").await?.map_err(|e| problems.push(e)).ok()
    };
    let coordinator_ids = units_of(state, viewer, pairs, "coordinator_ids", "coordinator_codes", &mut problems).await?;
    let working_days = match value(pairs, "working_days") {
        "" => None,
        text => text
            .parse::<u32>()
            .map_err(|_| problems.push(FieldError::new("working_days", "working-days-positive")))
            .ok(),
    };
    let text = |key: &str| value(pairs, key).to_owned();
    let input = TaskInput {
        code: text("code"),
        title: text("title"),
        content: text("content"),
        source: text("source"),
        document_id: id("document_id", &mut problems),
        clause: text("clause"),
        assigner_id: id("assigner_id", &mut problems),
        presiding_id,
        coordinator_ids,
        leader_id: id("leader_id", &mut problems),
        kind: text("kind"),
        assigned_on: text("assigned_on"),
        deadline: text("deadline"),
        working_days,
        product: text("product"),
        key_results: text("key_results"),
        field: text("field"),
        priority: text("priority"),
        confidentiality: text("confidentiality"),
        allow_later_children: checked(pairs, "allow_later_children"),
    };
    Ok((input, problems))
}

pub async fn assign(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let (input, found) = to_input(&state, &viewer, &pairs).await.map_err(|e| PageError::new(&viewer, e))?;
    let form = FormState::new("assign", pairs);
    // Units typed by a code that does not exist: nothing is assigned until they are corrected, or the
    // task would be created without them.
    if !found.is_empty() {
        let error = AppError::Invalid(nqtrack_domain::Invalid(found));
        let problems = problems(viewer.lang, &error);
        return show(&state, &viewer, form.with_problems(problems), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match state.app.assign_task(&viewer.actor(), input).await {
        Ok(task) => Ok(saved(&format!("/tasks/{}", task.id))),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let problems: Vec<Problem> = problems(viewer.lang, &error);
            show(&state, &viewer, form.with_problems(problems), status_of(&error)).await
        }
        Err(error) => Err(PageError::new(&viewer, error)),
    }
}
