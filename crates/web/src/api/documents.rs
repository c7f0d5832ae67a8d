//! Documents that tasks come from (resolutions, plans, conclusion notices...): listing, reading,
//! entering and correcting them.

use axum::Json;
use axum::extract::State;
use jiff::Timestamp;
use jiff::civil::Date;
use nqtrack_app::{DocumentDetails, DocumentInput, DocumentList, DocumentQuery, EvidenceInput};
use nqtrack_domain::task::DocumentType;
use nqtrack_store::{Document, DocumentSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::api::schema::DocumentTypeSchema;
use crate::api::tasks::{AttachmentDto, TaskListItemDto};
use crate::api::units::UnitDto;
use crate::api::{ApiJson, ApiPath, ApiQuery, ApiResult, Created, Problems, problem};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_documents, create_document)).routes(routes!(document, update_document))
}

/// A document tasks come from.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDto {
    pub id: Uuid,
    #[schema(value_type = DocumentTypeSchema)]
    pub doc_type: DocumentType,
    #[schema(example = "57-NQ/TW")]
    pub number: String,
    #[schema(value_type = String, format = Date, example = "2024-12-22")]
    pub issued_on: Date,
    pub issuer_id: Uuid,
    #[schema(example = "Tổng Bí thư Tô Lâm")]
    pub signer: String,
    #[schema(example = "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia")]
    pub title: String,
    pub summary: String,
    pub created_by: Option<Uuid>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: Timestamp,
}

impl From<Document> for DocumentDto {
    fn from(d: Document) -> Self {
        Self {
            id: d.id,
            doc_type: d.doc_type,
            number: d.number,
            issued_on: d.issued_on,
            issuer_id: d.issuer_id,
            signer: d.signer,
            title: d.title,
            summary: d.summary,
            created_by: d.created_by,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// A document in a list, with its issuer's name and how many tasks came from it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentSummaryDto {
    #[serde(flatten)]
    pub document: DocumentDto,
    pub issuer_name: String,
    pub task_count: i64,
}

impl From<DocumentSummary> for DocumentSummaryDto {
    fn from(s: DocumentSummary) -> Self {
        Self { document: s.document.into(), issuer_name: s.issuer_name, task_count: s.task_count }
    }
}

/// One page of documents.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentListDto {
    pub items: Vec<DocumentSummaryDto>,
    pub total: i64,
    /// From 1.
    pub page: i64,
    pub pages: i64,
}

impl From<DocumentList> for DocumentListDto {
    fn from(list: DocumentList) -> Self {
        Self {
            items: list.items.into_iter().map(Into::into).collect(),
            total: list.total,
            page: list.page,
            pages: list.pages,
        }
    }
}

/// A document with its attachments and the tasks that came from it which the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDetailsDto {
    pub document: DocumentDto,
    pub issuer: UnitDto,
    pub attachments: Vec<AttachmentDto>,
    /// One page of the tasks, by code, as of today.
    pub tasks: Vec<TaskListItemDto>,
    pub task_total: i64,
    /// Whether the caller may correct the document.
    pub can_manage: bool,
}

impl From<DocumentDetails> for DocumentDetailsDto {
    fn from(d: DocumentDetails) -> Self {
        Self {
            document: d.document.into(),
            issuer: d.issuer.into(),
            attachments: d.attachments.into_iter().map(Into::into).collect(),
            tasks: d.tasks.into_iter().map(Into::into).collect(),
            task_total: d.task_total,
            can_manage: d.can_manage,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentsQuery {
    /// Documents issued in this unit's subtree; without it, every document in the caller's scope.
    unit_id: Option<Uuid>,
    /// A document type (`plan`) or its Vietnamese name (`ke_hoach`).
    doc_type: Option<String>,
    /// Words of the number or title, with or without diacritics.
    q: Option<String>,
    /// From 1; 50 documents a page.
    page: Option<i64>,
}

/// The documents in the caller's scope, newest first.
#[utoipa::path(get, path = "/documents", tag = "documents", params(DocumentsQuery),
    responses((status = 200, description = "A page of documents", body = DocumentListDto), Problems))]
async fn list_documents(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<DocumentsQuery>,
) -> ApiResult<DocumentListDto> {
    let query = DocumentQuery {
        unit_id: query.unit_id,
        doc_type: query.doc_type.unwrap_or_default(),
        q: query.q.unwrap_or_default(),
        page: query.page,
    };
    let list = state.app.list_documents(caller.actor(), &query).await.map_err(problem(caller.lang))?;
    Ok(Json(list.into()))
}

/// A document as entered. Dates are `yyyy-mm-dd` or `dd/mm/yyyy`. Files are attached through the
/// web pages; the API takes links and document numbers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRequest {
    /// A type (`resolution`, `plan`, `conclusion_notice`...) or its Vietnamese name (`nghi_quyet`).
    #[schema(required = true, example = "plan")]
    #[serde(default)]
    pub doc_type: String,
    /// Unique: e.g. `57-NQ/TW`, `02-KH/BCĐTW`.
    #[schema(required = true, example = "125/KH-UBND")]
    #[serde(default)]
    pub number: String,
    #[schema(required = true, example = "2025-08-20")]
    #[serde(default)]
    pub issued_on: String,
    /// The issuing unit, which the caller must manage tasks at. Ignored by `PUT`: a document keeps its
    /// issuer.
    #[schema(required = true)]
    #[serde(default)]
    pub issuer_id: Option<Uuid>,
    #[serde(default)]
    pub signer: String,
    #[schema(required = true, example = "Kế hoạch triển khai Nghị quyết 57-NQ/TW")]
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// `http(s)://` links to the text of the document.
    #[serde(default)]
    pub links: Vec<String>,
    /// Numbers of related documents.
    #[serde(default)]
    pub document_numbers: Vec<String>,
}

impl From<DocumentRequest> for DocumentInput {
    fn from(r: DocumentRequest) -> Self {
        DocumentInput {
            doc_type: r.doc_type,
            number: r.number,
            issued_on: r.issued_on,
            issuer_id: r.issuer_id,
            signer: r.signer,
            title: r.title,
            summary: r.summary,
            attachments: EvidenceInput { files: Vec::new(), links: r.links, document_numbers: r.document_numbers },
        }
    }
}

/// Enters a document issued by a unit the caller manages tasks at.
#[utoipa::path(post, path = "/documents", tag = "documents", request_body = DocumentRequest,
    responses((status = 201, description = "The new document", body = DocumentDto, headers(("location" = String, description = "The new document's address"))), Problems))]
async fn create_document(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<DocumentRequest>,
) -> Result<Created<DocumentDto>, ApiError> {
    let document = state.app.create_document(caller.actor(), request.into()).await.map_err(problem(caller.lang))?;
    Ok(Created { location: format!("/api/v1/documents/{}", document.id), body: document.into() })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentPageQuery {
    /// The page of the document's tasks, from 1; 50 tasks a page.
    page: Option<i64>,
}

/// A document with its attachments and the tasks that came from it. Readable by those who see its
/// issuer, or one of its tasks.
#[utoipa::path(get, path = "/documents/{id}", tag = "documents",
    params(("id" = Uuid, Path, description = "The document's id"), DocumentPageQuery),
    responses((status = 200, description = "The document", body = DocumentDetailsDto), Problems))]
async fn document(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<DocumentPageQuery>,
) -> ApiResult<DocumentDetailsDto> {
    let page = query.page.unwrap_or(1);
    let details = state.app.document_details(caller.actor(), id, page).await.map_err(problem(caller.lang))?;
    Ok(Json(details.into()))
}

/// Corrects a document: every field is replaced; links and numbers given are added to its attachments.
#[utoipa::path(put, path = "/documents/{id}", tag = "documents",
    params(("id" = Uuid, Path, description = "The document's id")), request_body = DocumentRequest,
    responses((status = 200, description = "The corrected document", body = DocumentDto), Problems))]
async fn update_document(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<DocumentRequest>,
) -> ApiResult<DocumentDto> {
    let document = state.app.update_document(caller.actor(), id, request.into()).await.map_err(problem(caller.lang))?;
    Ok(Json(document.into()))
}
