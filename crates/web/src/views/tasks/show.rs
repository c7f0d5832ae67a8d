//! `/tasks/{id}`: the task as of a date, its timeline, its children, its history, and the forms the
//! viewer may use (the app says which, in `page.can`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jiff::civil::Date;
use nqtrack_app::{AppError, TaskPage};
use nqtrack_domain::audit::AuditEntry;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::task::{
    AttachmentKind, CompletionState, Confidentiality, ExtensionState, Field, Priority, ProgressKind,
};
use nqtrack_store::{Attachment, Extension, Unit};
use uuid::Uuid;

use super::form::{FormState, value};
use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in};

/// A piece of evidence as shown: files download, links open elsewhere, numbers are text.
pub struct Evidence {
    pub name: String,
    pub href: Option<String>,
    pub download: bool,
    pub note: String,
}

/// One event of the task's life.
pub struct Entry {
    pub on: Date,
    at: jiff::Timestamp,
    /// A CSS class naming the kind of event.
    pub kind: &'static str,
    pub title: String,
    pub unit: Option<String>,
    /// Label and text of each part of the event; empty parts are left out.
    pub lines: Vec<(String, String)>,
    pub evidence: Vec<Evidence>,
    /// After the date the page is shown as of: greyed, since the numbers above do not count it yet.
    pub later: bool,
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskView {
    base: Base,
    p: TaskPage,
    timeline: Vec<Entry>,
    history: Option<Vec<AuditEntry>>,
    /// The form that was refused, if any, with what was typed.
    form: FormState,
    past: bool,
    /// The presiding unit, then the coordinating units: who may report.
    reporters: Vec<Unit>,
    /// The assigning unit and the units directly below it (edit form).
    edit_units: Vec<Unit>,
    /// The units directly below the presiding unit (cascade form).
    cascade_units: Vec<Unit>,
    coordinator_codes: String,
    pending_extension: Option<Extension>,
    awaiting_completion: bool,
    fields: &'static [Field],
    priorities: &'static [Priority],
    confidentialities: &'static [Confidentiality],
    /// The evidence file limit, for the upload hint.
    evidence_limit: String,
}

impl TaskView {
    /// The deadline the task was first given, when a later one is in force.
    fn original_if_changed(&self) -> Option<Date> {
        let in_force = self.p.standing.as_ref().and_then(|s| s.deadline).or(self.p.task.deadline);
        self.p.task.original_deadline.filter(|original| Some(*original) != in_force)
    }
}

pub async fn task_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let as_of = match value(&pairs, "as_of") {
        "" => None,
        text => Some(parse_date("as_of", text).map_err(|e| PageError::new(&viewer, e.into()))?),
    };
    let flash = cascade_flash(&viewer, &pairs);
    show(&state, &viewer, id, as_of, FormState::default(), StatusCode::OK, flash).await
}

/// After a cascade, the page says how many child tasks were made and which units already had one.
fn cascade_flash(viewer: &Viewer, pairs: &[(String, String)]) -> Option<String> {
    let created = value(pairs, "created");
    if created.is_empty() {
        return None;
    }
    let lang = viewer.lang;
    let mut text = crate::i18n::tr_args(lang, "task-cascade-created", &[("count", created.to_owned())]);
    let skipped = value(pairs, "skipped");
    if !skipped.is_empty() {
        text.push(' ');
        text.push_str(&crate::i18n::tr_args(lang, "task-cascade-skipped", &[("value", skipped.replace(',', ", "))]));
    }
    Some(text)
}

/// Renders the task page; `form` carries a refused form back into it.
pub(super) async fn show(
    state: &AppState,
    viewer: &Viewer,
    id: Uuid,
    as_of: Option<Date>,
    form: FormState,
    status: StatusCode,
    flash: Option<String>,
) -> PageResult {
    let actor = viewer.actor();
    let p = state.app.task_page(&actor, id, as_of).await.map_err(|e| PageError::new(viewer, e))?;
    // The history is for those who may read the audit log; others simply do not see the section.
    let history = match state.app.object_history(&actor, "task", &id.to_string(), None).await {
        Ok(entries) => Some(entries),
        Err(AppError::Denied(_)) => None,
        Err(error) => return Err(PageError::new(viewer, error)),
    };
    let below = |unit: Uuid| {
        let app = state.app.clone();
        let actor = actor.clone();
        async move {
            match app.unit_details(&actor, unit).await {
                Ok(details) => details.children.into_iter().map(|c| c.unit).filter(Unit::is_live).collect(),
                Err(_) => Vec::new(),
            }
        }
    };
    let mut edit_units = Vec::new();
    if p.can.edit {
        edit_units.push(p.assigner.clone());
        edit_units.extend(below(p.assigner.id).await);
        if !edit_units.iter().any(|u| u.id == p.presiding.id) {
            edit_units.push(p.presiding.clone());
        }
    }
    let cascade_units = if p.can.cascade { below(p.presiding.id).await } else { Vec::new() };
    let mut base = Base::new(viewer);
    if flash.is_some() {
        base.flash = flash;
    }
    if !form.messages().is_empty() {
        base.errors = form.messages();
    }
    let view = TaskView {
        evidence_limit: state.evidence_limit(),
        timeline: timeline(&base, &p),
        past: p.as_of < state.app.today(),
        reporters: reporters(&actor, &p),
        coordinator_codes: p.coordinators.iter().map(|u| u.code.as_str()).collect::<Vec<_>>().join(", "),
        pending_extension: p.extensions.iter().rfind(|e| e.state == ExtensionState::Pending).cloned(),
        awaiting_completion: p.completions.iter().any(|c| c.state == CompletionState::Awaiting),
        base,
        p,
        history,
        form,
        edit_units,
        cascade_units,
        fields: Field::ALL,
        priorities: Priority::ALL,
        confidentialities: Confidentiality::ALL,
    };
    Ok((status, render(&view)).into_response())
}

/// The units the viewer may report for, presiding first. The policy is asked only to offer the right
/// choice (a coordinating unit's reporter sees their own unit); the use case decides again on sending.
fn reporters(actor: &nqtrack_domain::policy::Actor, p: &TaskPage) -> Vec<Unit> {
    use nqtrack_domain::policy::{Action, authorize};
    let all: Vec<Unit> = std::iter::once(p.presiding.clone()).chain(p.coordinators.iter().cloned()).collect();
    let allowed: Vec<Unit> =
        all.iter().filter(|u| authorize(actor, Action::ReportTasks, &u.path).is_ok()).cloned().collect();
    if allowed.is_empty() { all } else { allowed }
}

fn evidence_of(base: &Base, attachments: &[Attachment], owner: Uuid) -> Vec<Evidence> {
    attachments
        .iter()
        .filter(|a| a.owner_id == owner)
        .map(|a| match a.kind {
            AttachmentKind::File => Evidence {
                name: a.name.clone(),
                href: Some(format!("/attachments/{}", a.id)),
                download: true,
                note: format!("{} · {}", a.media_type, size(a.size_bytes)),
            },
            AttachmentKind::Link => Evidence {
                name: a.name.clone(),
                href: Some(a.name.clone()),
                download: false,
                note: base.t("task-evidence-link"),
            },
            AttachmentKind::DocumentNumber => {
                Evidence { name: a.name.clone(), href: None, download: false, note: base.t("task-evidence-number") }
            }
        })
        .collect()
}

/// A size people read: bytes, KB or MB with a decimal comma.
fn size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", (b + 512) / 1024),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)).replace('.', ","),
    }
}

/// Every event of the task, newest first: assignment, deadline adjustments, reports and contributions
/// with their evidence, extension requests and decisions, completion reports and decisions, and
/// cancellation. Only presentation happens here; every fact comes from the task page.
fn timeline(base: &Base, p: &TaskPage) -> Vec<Entry> {
    let as_of = p.as_of;
    let unit_name = |id: Uuid| {
        std::iter::once(&p.presiding)
            .chain(&p.coordinators)
            .chain(std::iter::once(&p.assigner))
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
    };
    let line = |key: &str, text: &str| (base.t(key), text.to_owned());
    let keep = |lines: Vec<(String, String)>| lines.into_iter().filter(|(_, text)| !text.trim().is_empty()).collect();
    let task = &p.task;
    let mut entries = vec![Entry {
        on: task.assigned_on,
        at: task.created_at,
        kind: "assign",
        title: base.t("task-event-assigned"),
        unit: Some(p.assigner.name.clone()),
        lines: keep(vec![
            line("field-presiding_id", &p.presiding.name),
            line("field-deadline", &base.date_or_dash(&task.original_deadline)),
        ]),
        evidence: Vec::new(),
        later: task.assigned_on > as_of,
    }];
    for change in p.deadlines.iter().filter(|c| c.cause == "adjustment") {
        entries.push(Entry {
            on: change.effective_on,
            at: change.created_at,
            kind: "deadline",
            title: base.t1("task-event-deadline", "date", &base.date(&change.deadline)),
            unit: Some(p.assigner.name.clone()),
            lines: Vec::new(),
            evidence: Vec::new(),
            later: change.effective_on > as_of,
        });
    }
    for report in &p.progress {
        let contribution = report.kind == ProgressKind::Contribution;
        let title = match (contribution, report.percent) {
            (true, _) => base.t("task-event-contribution"),
            (false, Some(percent)) => base.t1("task-event-progress", "count", &percent.to_string()),
            (false, None) => base.t("task-event-progress-note"),
        };
        entries.push(Entry {
            on: report.reported_on,
            at: report.created_at,
            kind: if contribution { "contribution" } else { "progress" },
            title,
            unit: unit_name(report.unit_id),
            lines: keep(vec![
                line("field-done", &report.done),
                line("field-difficulties", &report.difficulties),
                line("field-proposals", &report.proposals),
                line("field-backwards_reason", &report.backwards_reason),
            ]),
            evidence: evidence_of(base, &p.attachments, report.id),
            later: report.reported_on > as_of,
        });
    }
    for extension in &p.extensions {
        entries.push(Entry {
            on: extension.requested_on,
            at: extension.created_at,
            kind: "extension",
            title: base.t1("task-event-extension-request", "date", &base.date(&extension.requested_deadline)),
            unit: Some(p.presiding.name.clone()),
            lines: keep(vec![line("field-reason", &extension.reason)]),
            evidence: Vec::new(),
            later: extension.requested_on > as_of,
        });
        if let Some(decided_on) = extension.decided_on {
            let key = if extension.state == ExtensionState::Approved {
                "task-event-extension-approved"
            } else {
                "task-event-extension-refused"
            };
            entries.push(Entry {
                on: decided_on,
                at: extension.created_at,
                kind: "decision",
                title: base.t1(key, "date", &base.date(&extension.requested_deadline)),
                unit: Some(p.assigner.name.clone()),
                lines: keep(vec![line("field-reason", &extension.decision_note)]),
                evidence: Vec::new(),
                later: decided_on > as_of,
            });
        }
    }
    for completion in &p.completions {
        entries.push(Entry {
            on: completion.reported_on,
            at: completion.created_at,
            kind: "completion",
            title: base.t("task-event-completion"),
            unit: Some(p.presiding.name.clone()),
            lines: keep(vec![line("field-product", &completion.product), line("field-note", &completion.note)]),
            evidence: evidence_of(base, &p.attachments, completion.id),
            later: completion.reported_on > as_of,
        });
        if let Some(decided_on) = completion.decided_on {
            let key = if completion.state == CompletionState::Confirmed {
                "task-event-completion-confirmed"
            } else {
                "task-event-completion-returned"
            };
            entries.push(Entry {
                on: decided_on,
                at: completion.created_at,
                kind: "decision",
                title: base.t(key),
                unit: Some(p.assigner.name.clone()),
                lines: keep(vec![line("field-reason", &completion.decision_reason)]),
                evidence: Vec::new(),
                later: decided_on > as_of,
            });
        }
    }
    if let Some(cancelled_on) = task.cancelled_on {
        entries.push(Entry {
            on: cancelled_on,
            at: task.updated_at,
            kind: "cancel",
            title: base.t("task-event-cancelled"),
            unit: Some(p.assigner.name.clone()),
            lines: keep(vec![line("field-reason", &task.cancel_reason)]),
            evidence: Vec::new(),
            later: cancelled_on > as_of,
        });
    }
    // A decision carries its request's instant; the stable sort keeps it after the request, and the
    // reversal (newest first) puts it above.
    entries.sort_by_key(|e| (e.on, e.at));
    entries.reverse();
    entries
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(super::size(900), "900 B");
        assert_eq!(super::size(10 * 1024), "10 KB");
        assert_eq!(super::size(3 * 1024 * 1024 + 300 * 1024), "3,3 MB");
    }
}
