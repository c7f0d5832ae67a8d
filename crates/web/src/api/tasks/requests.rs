//! What the task endpoints accept: JSON bodies (mirrors of the app's inputs, with their OpenAPI
//! schemas), the same reports as `multipart/form-data` with evidence files, and `If-Match`.
//!
//! Everything stays text here: the app checks every field and names each one that fails.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nqtrack_app::{
    AdjustInput, AppError, CascadeInput, CascadeTargets, CompletionInput, DecisionInput, EvidenceInput, ExtensionInput,
    ProgressInput, TaskChanges, TaskInput, Upload,
};
use nqtrack_domain::FieldError;
use nqtrack_domain::error::Checker;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::ApiJson;
use crate::auth::request_lang;
use crate::error::ApiError;
use crate::state::AppState;

/// A new task. Dates are `yyyy-mm-dd` or `dd/mm/yyyy`; closed lists (kind, field, priority,
/// confidentiality, source) take their English key or Vietnamese name (`thuong_xuyen`, `Chính phủ số`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskRequest {
    /// Empty: made from the assigning unit's code, the year and a number (`08-2025-001`).
    #[serde(default)]
    pub code: String,
    #[schema(required = true, example = "Thành lập Ban Chỉ đạo cấp xã")]
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub content: String,
    /// `document`, `meeting` or `own`; empty: `document` when `document_id` is given, else `own`.
    #[schema(example = "document")]
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub document_id: Option<Uuid>,
    /// The clause of the document, e.g. `Mục III.2`.
    #[serde(default)]
    pub clause: String,
    /// The assigning unit; the caller must manage tasks there.
    #[schema(required = true)]
    #[serde(default)]
    pub assigner_id: Option<Uuid>,
    /// The unit in charge: the assigning unit or a unit in its subtree.
    #[schema(required = true)]
    #[serde(default)]
    pub presiding_id: Option<Uuid>,
    /// Units in the assigning unit's subtree that contribute.
    #[serde(default)]
    pub coordinator_ids: Vec<Uuid>,
    /// A member of the steering committee of the assigning unit or of a unit above it.
    #[serde(default)]
    pub leader_id: Option<Uuid>,
    /// `deadline` (default), `monthly`, `quarterly`, `yearly` or `regular`.
    #[schema(example = "deadline")]
    #[serde(default)]
    pub kind: String,
    /// Empty: today (in Vietnam).
    #[schema(example = "2025-09-15")]
    #[serde(default)]
    pub assigned_on: String,
    /// Required except for regular tasks (or when `working_days` is given). For a recurring task,
    /// the last day of the series.
    #[schema(example = "2025-12-31")]
    #[serde(default)]
    pub deadline: String,
    /// Instead of `deadline`: this many working days after assignment (holidays excluded).
    #[serde(default)]
    pub working_days: Option<u32>,
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub key_results: String,
    /// Empty: `other`.
    #[schema(example = "digital_government")]
    #[serde(default)]
    pub field: String,
    /// Empty: `normal`.
    #[serde(default)]
    pub priority: String,
    /// Empty: `internal`.
    #[serde(default)]
    pub confidentiality: String,
    /// Let tasks cascaded from this one fall due after it.
    #[serde(default)]
    pub allow_later_children: bool,
}

impl From<TaskRequest> for TaskInput {
    fn from(r: TaskRequest) -> Self {
        TaskInput {
            code: r.code,
            title: r.title,
            content: r.content,
            source: r.source,
            document_id: r.document_id,
            clause: r.clause,
            assigner_id: r.assigner_id,
            presiding_id: r.presiding_id,
            coordinator_ids: r.coordinator_ids,
            leader_id: r.leader_id,
            kind: r.kind,
            assigned_on: r.assigned_on,
            deadline: r.deadline,
            working_days: r.working_days,
            product: r.product,
            key_results: r.key_results,
            field: r.field,
            priority: r.priority,
            confidentiality: r.confidentiality,
            allow_later_children: r.allow_later_children,
        }
    }
}

/// Corrections by the assigning unit; a field left out keeps its value. The deadline is changed with
/// `POST /tasks/{id}/deadline`, which keeps the old one in the history.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskChangesRequest {
    /// The `version` the editor read; required here or in `If-Match`. A stale one is a 409.
    #[serde(default)]
    pub version: Option<i32>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub clause: Option<String>,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub key_results: Option<String>,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub confidentiality: Option<String>,
    #[serde(default)]
    pub presiding_id: Option<Uuid>,
    /// Replaces the whole list when given.
    #[serde(default)]
    pub coordinator_ids: Option<Vec<Uuid>>,
    #[serde(default)]
    pub leader_id: Option<Uuid>,
}

impl TaskChangesRequest {
    pub fn into_changes(self, if_match: Option<i32>) -> TaskChanges {
        TaskChanges {
            version: self.version.or(if_match),
            title: self.title,
            content: self.content,
            clause: self.clause,
            product: self.product,
            key_results: self.key_results,
            field: self.field,
            priority: self.priority,
            confidentiality: self.confidentiality,
            presiding_id: self.presiding_id,
            coordinator_ids: self.coordinator_ids,
            leader_id: self.leader_id,
        }
    }
}

/// A new deadline set by the assigning unit.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRequest {
    /// The task version the editor saw (or `If-Match`); empty: not checked.
    #[serde(default)]
    pub version: Option<i32>,
    #[schema(required = true, example = "2025-12-31")]
    #[serde(default)]
    pub deadline: String,
    #[schema(required = true, example = "Theo Thông báo kết luận số 02-TB/BCĐ")]
    #[serde(default)]
    pub reason: String,
}

impl DeadlineRequest {
    pub fn into_input(self, if_match: Option<i32>) -> AdjustInput {
        AdjustInput { version: self.version.or(if_match), deadline: self.deadline, reason: self.reason }
    }
}

/// A cancellation by the assigning unit: the task leaves the counts but stays on record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// The task version the editor saw (or `If-Match`); empty: not checked.
    #[serde(default)]
    pub version: Option<i32>,
    #[schema(required = true, example = "Nhiệm vụ đã được giao cho đơn vị khác")]
    #[serde(default)]
    pub reason: String,
}

impl CancelRequest {
    pub fn into_input(self, if_match: Option<i32>) -> AdjustInput {
        AdjustInput { version: self.version.or(if_match), deadline: String::new(), reason: self.reason }
    }
}

/// Which units below the presiding unit get a child task.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum CascadeTargetsRequest {
    /// These units, each strictly below the presiding unit.
    Units { unit_ids: Vec<Uuid> },
    /// Every live unit of this level below the presiding unit ("every commune of the province").
    Level {
        #[schema(example = "commune")]
        level: String,
    },
    /// Every live unit of this kind below the presiding unit ("every department").
    Kind {
        #[schema(example = "department")]
        kind: String,
    },
}

impl From<CascadeTargetsRequest> for CascadeTargets {
    fn from(targets: CascadeTargetsRequest) -> Self {
        match targets {
            CascadeTargetsRequest::Units { unit_ids } => CascadeTargets::Units { unit_ids },
            CascadeTargetsRequest::Level { level } => CascadeTargets::Level { level },
            CascadeTargetsRequest::Kind { kind } => CascadeTargets::Kind { kind },
        }
    }
}

/// Breaks a task down for units below its presiding unit, which becomes the children's assigner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CascadeRequest {
    #[schema(required = true)]
    #[serde(default)]
    pub targets: Option<CascadeTargetsRequest>,
    /// Empty: the parent's title.
    #[serde(default)]
    pub title: String,
    /// Empty: the parent's content.
    #[serde(default)]
    pub content: String,
    /// Empty: the parent's deadline. Not after the parent's unless `allow_later` and the parent allows it.
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub allow_later: bool,
}

impl CascadeRequest {
    /// `None` when no targets were given (reported as a missing field by the caller).
    pub fn into_input(self) -> Option<CascadeInput> {
        Some(CascadeInput {
            targets: self.targets?.into(),
            title: self.title,
            content: self.content,
            deadline: self.deadline,
            allow_later: self.allow_later,
        })
    }
}

/// A progress report (by the presiding unit) or a contribution (by a coordinating unit).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressRequest {
    /// The reporting unit: the presiding unit (default) or a coordinating unit.
    #[serde(default)]
    pub unit_id: Option<Uuid>,
    /// 0–100; empty keeps the last percent. Ignored for a contribution.
    #[schema(example = 40)]
    #[serde(default)]
    pub percent: Option<i64>,
    #[schema(required = true, example = "Đã ban hành kế hoạch triển khai")]
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub difficulties: String,
    /// Proposals to the level above.
    #[serde(default)]
    pub proposals: String,
    /// Required when the percent goes down.
    #[serde(default)]
    pub backwards_reason: String,
    /// Evidence: `http(s)://` links.
    #[serde(default)]
    pub links: Vec<String>,
    /// Evidence: numbers of documents, e.g. `125/KH-UBND`.
    #[serde(default)]
    pub document_numbers: Vec<String>,
}

/// A completion report by the presiding unit; it counts as completed, awaiting confirmation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletionRequest {
    /// The task version the reporter saw (or `If-Match`); empty: not checked.
    #[serde(default)]
    pub version: Option<i32>,
    #[schema(required = true, example = "Quyết định thành lập Ban Chỉ đạo")]
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub document_numbers: Vec<String>,
}

/// The same report as `multipart/form-data`: one part per field (`links` and `document_numbers` may
/// repeat) and one `files` part per evidence file (PDF, office documents, images, plain text; at
/// most `[tasks] evidence_max_mb` each, 10 MB unless configured; type sniffed from the content).
#[derive(ToSchema)]
#[allow(dead_code)] // only described: the form is read part by part
pub struct ProgressForm {
    unit_id: Option<Uuid>,
    percent: Option<i64>,
    done: String,
    difficulties: Option<String>,
    proposals: Option<String>,
    backwards_reason: Option<String>,
    links: Option<Vec<String>>,
    document_numbers: Option<Vec<String>>,
    #[schema(value_type = Option<Vec<String>>, format = Binary)]
    files: Option<Vec<Vec<u8>>>,
}

/// The same report as `multipart/form-data`, with `files` parts for evidence files.
#[derive(ToSchema)]
#[allow(dead_code)] // only described: the form is read part by part
pub struct CompletionForm {
    version: Option<i32>,
    product: String,
    note: Option<String>,
    links: Option<Vec<String>>,
    document_numbers: Option<Vec<String>>,
    #[schema(value_type = Option<Vec<String>>, format = Binary)]
    files: Option<Vec<Vec<u8>>>,
}

/// A request for a later deadline, made before the deadline in force has passed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRequest {
    #[schema(required = true, example = "2026-01-31")]
    #[serde(default)]
    pub requested_deadline: String,
    #[schema(required = true)]
    #[serde(default)]
    pub reason: String,
}

impl From<ExtensionRequest> for ExtensionInput {
    fn from(r: ExtensionRequest) -> Self {
        ExtensionInput { requested_deadline: r.requested_deadline, reason: r.reason }
    }
}

/// The assigning unit's decision; a reason is required to return or refuse.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// The task version the decider saw (or `If-Match`); empty: not checked.
    #[serde(default)]
    pub version: Option<i32>,
    /// `true` confirms (approves), `false` returns (refuses).
    #[schema(required = true)]
    #[serde(default)]
    pub approve: Option<bool>,
    #[serde(default)]
    pub reason: String,
}

impl DecisionRequest {
    /// `None` when `approve` is missing: a decision is never guessed.
    pub fn into_input(self, if_match: Option<i32>) -> Option<DecisionInput> {
        Some(DecisionInput { version: self.version.or(if_match), approve: self.approve?, reason: self.reason })
    }
}

/// A report's fields and files, from JSON or from a multipart form.
pub trait Report: DeserializeOwned {
    type Input;
    fn from_form(form: &FormData) -> Result<Self, AppError>;
    fn into_input(self, files: Vec<Upload>, if_match: Option<i32>) -> Self::Input;
}

impl Report for ProgressRequest {
    type Input = ProgressInput;

    fn from_form(form: &FormData) -> Result<Self, AppError> {
        let mut checker = Checker::default();
        let unit_id = checker.check(form.parsed("unit_id", "not-found")).flatten();
        let percent = checker.check(form.parsed("percent", "percent-range")).flatten();
        checker.finish()?;
        Ok(Self {
            unit_id,
            percent,
            done: form.text("done"),
            difficulties: form.text("difficulties"),
            proposals: form.text("proposals"),
            backwards_reason: form.text("backwards_reason"),
            links: form.texts("links"),
            document_numbers: form.texts("document_numbers"),
        })
    }

    fn into_input(self, files: Vec<Upload>, _if_match: Option<i32>) -> ProgressInput {
        ProgressInput {
            unit_id: self.unit_id,
            percent: self.percent,
            done: self.done,
            difficulties: self.difficulties,
            proposals: self.proposals,
            backwards_reason: self.backwards_reason,
            evidence: EvidenceInput { files, links: self.links, document_numbers: self.document_numbers },
        }
    }
}

impl Report for CompletionRequest {
    type Input = CompletionInput;

    fn from_form(form: &FormData) -> Result<Self, AppError> {
        let version = form.parsed("version", "number-format")?;
        Ok(Self {
            version,
            product: form.text("product"),
            note: form.text("note"),
            links: form.texts("links"),
            document_numbers: form.texts("document_numbers"),
        })
    }

    fn into_input(self, files: Vec<Upload>, if_match: Option<i32>) -> CompletionInput {
        CompletionInput {
            version: self.version.or(if_match),
            product: self.product,
            note: self.note,
            evidence: EvidenceInput { files, links: self.links, document_numbers: self.document_numbers },
        }
    }
}

/// The text parts and the `files` parts of a multipart form.
#[derive(Debug, Default)]
pub struct FormData {
    texts: Vec<(String, String)>,
    files: Vec<Upload>,
}

impl FormData {
    /// The last value of a text part; empty when absent.
    fn text(&self, name: &str) -> String {
        self.texts.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Every value of a repeatable part (`links`, `links[]`), blanks dropped.
    fn texts(&self, name: &str) -> Vec<String> {
        let bracketed = format!("{name}[]");
        self.texts
            .iter()
            .filter(|(n, v)| (n == name || *n == bracketed) && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A typed part: `None` when absent or blank, `code` on `name` when it cannot be read.
    fn parsed<T: std::str::FromStr>(&self, name: &str, code: &'static str) -> Result<Option<T>, FieldError> {
        let text = self.text(name);
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(|_| FieldError::new(name, code).with_arg("value", text))
    }
}

/// A report sent as JSON or as `multipart/form-data`, and the evidence files of the latter.
pub struct JsonOrForm<T> {
    pub request: T,
    pub files: Vec<Upload>,
}

impl<T: Report> FromRequest<AppState> for JsonOrForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        if !is_multipart(request.headers()) {
            let ApiJson(body) =
                ApiJson::<T>::from_request(request, state).await.map_err(IntoResponse::into_response)?;
            return Ok(Self { request: body, files: Vec::new() });
        }
        let (parts, body) = request.into_parts();
        let lang = request_lang(&parts);
        let problem = |error: AppError| ApiError { lang, error }.into_response();
        let multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| problem(FieldError::new("body", "multipart-invalid").into()))?;
        let form = read_form(multipart, &state.evidence_limit()).await.map_err(|e| problem(e.into()))?;
        let request = T::from_form(&form).map_err(problem)?;
        Ok(Self { request, files: form.files })
    }
}

fn is_multipart(headers: &HeaderMap) -> bool {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    content_type.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("multipart/form-data")
}

/// Reads every part; `files` parts are evidence files, the others text fields.
async fn read_form(mut multipart: Multipart, limit: &str) -> Result<FormData, FieldError> {
    let mut form = FormData::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(form),
            Err(error) => return Err(unreadable(error.status(), limit)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "files" || name == "files[]" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(|e| unreadable(e.status(), limit))?;
            form.files.push(Upload { name: file_name, bytes: bytes.to_vec() });
        } else {
            let text = field.text().await.map_err(|e| unreadable(e.status(), limit))?;
            form.texts.push((name, text));
        }
    }
}

/// A form that could not be read: over the request size limit, or not a well-formed multipart body.
fn unreadable(status: StatusCode, limit: &str) -> FieldError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        FieldError::new("files", "file-too-large").with_arg("limit", limit)
    } else {
        FieldError::new("body", "multipart-invalid")
    }
}

/// The version in an `If-Match` header (`"3"`, `W/"3"` or `3`); `None` when absent or `*`.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i32>, FieldError> {
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Ok(None);
    }
    let bare = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    bare.parse().map(Some).map_err(|_| FieldError::new("version", "if-match-invalid").with_arg("value", text))
}
