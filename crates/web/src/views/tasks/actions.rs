//! The forms of the task page. Each reads the form, calls one use case, and goes back to the task page:
//! "saved" on success, or the page again with the form as typed and its problems when refused.

use axum::extract::{Form, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use nqtrack_app::{
    AdjustInput, AppError, CascadeInput, CascadeTargets, CompletionInput, DecisionInput, ExtensionInput, ProgressInput,
    TaskChanges,
};
use nqtrack_domain::{FieldError, Invalid};
use uuid::Uuid;

use super::form::{FormState, Posted, checked, problems, read_multipart, uuid_field, value};
use super::new::{unit_by_code, units_of};
use super::show::show;
use crate::auth::Viewer;
use crate::error::status_of;
use crate::state::AppState;
use crate::views::page::{PageError, PageResult, require_signed_in, saved};

type Pairs = Vec<(String, String)>;

/// Back to the task page with the refused form `name` as typed; errors that are not about the form
/// (not found, denied) become an error page.
async fn refused(
    state: &AppState,
    viewer: &Viewer,
    id: Uuid,
    name: &'static str,
    pairs: Pairs,
    error: AppError,
) -> PageResult {
    match error {
        AppError::Invalid(_) | AppError::Conflict(_) => {
            let form = FormState::new(name, pairs).with_problems(problems(viewer.lang, &error));
            show(state, viewer, id, None, form, status_of(&error), None).await
        }
        other => Err(PageError::new(viewer, other)),
    }
}

async fn finish<T>(
    state: &AppState,
    viewer: &Viewer,
    id: Uuid,
    name: &'static str,
    pairs: Pairs,
    result: Result<T, AppError>,
) -> PageResult {
    match result {
        Ok(_) => Ok(saved(&format!("/tasks/{id}"))),
        Err(error) => refused(state, viewer, id, name, pairs, error).await,
    }
}

/// The version the form was shown with; a missing one is left to the use case to judge.
fn version(pairs: &[(String, String)]) -> Option<i32> {
    value(pairs, "version").parse().ok()
}

/// Problems found while reading the form, before any use case is called.
fn invalid(found: Vec<FieldError>) -> Result<(), AppError> {
    if found.is_empty() { Ok(()) } else { Err(Invalid(found).into()) }
}

async fn read(state: &AppState, multipart: Multipart) -> (Posted, Option<AppError>) {
    match read_multipart(multipart, &state.evidence_limit()).await {
        Ok(posted) => (posted, None),
        Err(error) => (Posted::default(), Some(error)),
    }
}

pub async fn progress(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    multipart: Multipart,
) -> PageResult {
    require_signed_in(&viewer)?;
    let (mut posted, unreadable) = read(&state, multipart).await;
    let mut found = Vec::new();
    let unit_id = uuid_field(&posted.pairs, "unit_id").unwrap_or_else(|e| {
        found.push(e);
        None
    });
    let percent = match posted.value("percent").trim() {
        "" => None,
        text => text
            .parse::<i64>()
            .map_err(|_| found.push(FieldError::new("percent", "percent-range").with_arg("value", text)))
            .ok(),
    };
    let input = ProgressInput {
        unit_id,
        percent,
        done: posted.value("done"),
        difficulties: posted.value("difficulties"),
        proposals: posted.value("proposals"),
        backwards_reason: posted.value("backwards_reason"),
        evidence: posted.evidence(),
    };
    let result = match unreadable {
        Some(error) => Err(error),
        None => match invalid(found) {
            Ok(()) => state.app.report_progress(&viewer.actor(), id, input).await.map(|_| ()),
            Err(error) => Err(error),
        },
    };
    finish(&state, &viewer, id, "progress", posted.pairs, result).await
}

pub async fn completion(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    multipart: Multipart,
) -> PageResult {
    require_signed_in(&viewer)?;
    let (mut posted, unreadable) = read(&state, multipart).await;
    let input = CompletionInput {
        version: version(&posted.pairs),
        product: posted.value("product"),
        note: posted.value("note"),
        evidence: posted.evidence(),
    };
    let result = match unreadable {
        Some(error) => Err(error),
        None => state.app.report_completion(&viewer.actor(), id, input).await.map(|_| ()),
    };
    finish(&state, &viewer, id, "completion", posted.pairs, result).await
}

fn decision(pairs: &[(String, String)]) -> DecisionInput {
    DecisionInput {
        version: version(pairs),
        approve: value(pairs, "approve") == "1",
        reason: value(pairs, "reason").to_owned(),
    }
}

pub async fn decide_completion(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let result = state.app.decide_completion(&viewer.actor(), id, decision(&pairs)).await;
    finish(&state, &viewer, id, "decide_completion", pairs, result).await
}

pub async fn request_extension(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let input = ExtensionInput {
        requested_deadline: value(&pairs, "requested_deadline").to_owned(),
        reason: value(&pairs, "reason").to_owned(),
    };
    let result = state.app.request_extension(&viewer.actor(), id, input).await;
    finish(&state, &viewer, id, "extension", pairs, result).await
}

pub async fn decide_extension(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, extension)): Path<(Uuid, Uuid)>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let result = state.app.decide_extension(&viewer.actor(), id, extension, decision(&pairs)).await;
    finish(&state, &viewer, id, "decide_extension", pairs, result).await
}

pub async fn cascade(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let mut found = Vec::new();
    // "Every commune" covers communes, wards and special zones: the commune level.
    let targets = match value(&pairs, "mode") {
        "kind" => CascadeTargets::Kind { kind: "department".to_owned() },
        "units" => {
            let unit_ids = units_of(&state, &viewer, &pairs, "unit_ids", "unit_codes", &mut found)
                .await
                .map_err(|e| PageError::new(&viewer, e))?;
            CascadeTargets::Units { unit_ids }
        }
        _ => CascadeTargets::Level { level: "commune".to_owned() },
    };
    let input = CascadeInput {
        targets,
        title: value(&pairs, "title").to_owned(),
        content: value(&pairs, "content").to_owned(),
        deadline: value(&pairs, "deadline").to_owned(),
        allow_later: checked(&pairs, "allow_later"),
    };
    let result = match invalid(found) {
        Ok(()) => state.app.cascade_task(&viewer.actor(), id, input).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(outcome) => {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("created", &outcome.created.to_string());
            if !outcome.skipped.is_empty() {
                // The page lists a few codes; the history keeps them all.
                let shown: Vec<&str> = outcome.skipped.iter().take(20).map(String::as_str).collect();
                let more = if outcome.skipped.len() > shown.len() { ",…" } else { "" };
                query.append_pair("skipped", &format!("{}{more}", shown.join(",")));
            }
            Ok(Redirect::to(&format!("/tasks/{id}?{}", query.finish())).into_response())
        }
        Err(error) => refused(&state, &viewer, id, "cascade", pairs, error).await,
    }
}

pub async fn edit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let fail = |e| PageError::new(&viewer, e);
    let mut found = Vec::new();
    let presiding_code = value(&pairs, "presiding_code");
    let presiding_id = if presiding_code.is_empty() {
        uuid_field(&pairs, "presiding_id").unwrap_or_else(|e| {
            found.push(e);
            None
        })
    } else {
        unit_by_code(&state, &viewer, presiding_code, "presiding_id")
            .await
            .map_err(fail)?
            .map_err(|e| found.push(e))
            .ok()
    };
    let coordinator_ids =
        units_of(&state, &viewer, &pairs, "coordinator_ids", "coordinator_codes", &mut found).await.map_err(fail)?;
    let leader_id = uuid_field(&pairs, "leader_id").unwrap_or_else(|e| {
        found.push(e);
        None
    });
    let text = |key: &str| Some(value(&pairs, key).to_owned());
    let changes = TaskChanges {
        version: version(&pairs),
        title: text("title"),
        content: text("content"),
        clause: text("clause"),
        product: text("product"),
        key_results: text("key_results"),
        field: text("field"),
        priority: text("priority"),
        confidentiality: text("confidentiality"),
        presiding_id,
        coordinator_ids: Some(coordinator_ids),
        leader_id,
    };
    let result = match invalid(found) {
        Ok(()) => state.app.update_task(&viewer.actor(), id, changes).await.map(|_| ()),
        Err(error) => Err(error),
    };
    finish(&state, &viewer, id, "edit", pairs, result).await
}

pub async fn adjust_deadline(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let input = AdjustInput {
        version: version(&pairs),
        deadline: value(&pairs, "deadline").to_owned(),
        reason: value(&pairs, "reason").to_owned(),
    };
    let result = state.app.adjust_deadline(&viewer.actor(), id, input).await;
    finish(&state, &viewer, id, "deadline", pairs, result).await
}

pub async fn cancel(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Form(pairs): Form<Pairs>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let input =
        AdjustInput { version: version(&pairs), deadline: String::new(), reason: value(&pairs, "reason").to_owned() };
    let result = state.app.cancel_task(&viewer.actor(), id, input).await;
    finish(&state, &viewer, id, "cancel", pairs, result).await
}
