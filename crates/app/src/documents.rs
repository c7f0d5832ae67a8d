//! Documents that tasks come from: entering, correcting, listing and reading them.

use nqtrack_domain::Invalid;
use nqtrack_domain::dates::parse_date;
use nqtrack_domain::error::Checker;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::task::{DocumentType, TEXT_MAX, TITLE_MAX, optional_text, required_text};
use nqtrack_domain::text::query_terms;
use nqtrack_store::{
    Attachment, Document, DocumentFilter, DocumentSummary, TaskFilter, TaskFocus, TaskListItem, TaskSort, Unit,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::tasks::{EvidenceInput, check_evidence, store_evidence};
use crate::units::live_unit;
use crate::{App, AppError, Result};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DocumentInput {
    pub doc_type: String,
    /// The official number, e.g. `57-NQ/TW` or `02-KH/BCĐTW`.
    pub number: String,
    /// dd/mm/yyyy or ISO.
    pub issued_on: String,
    pub issuer_id: Option<Uuid>,
    pub signer: String,
    pub title: String,
    pub summary: String,
    #[serde(flatten)]
    pub attachments: EvidenceInput,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DocumentQuery {
    /// Documents issued in this unit's subtree; empty: everything in scope.
    pub unit_id: Option<Uuid>,
    pub doc_type: String,
    pub q: String,
    pub page: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentList {
    pub items: Vec<DocumentSummary>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentDetails {
    pub document: Document,
    pub issuer: Unit,
    pub attachments: Vec<Attachment>,
    pub tasks: Vec<TaskListItem>,
    pub task_total: i64,
    pub can_manage: bool,
}

/// How many documents one page lists.
pub const DOCUMENT_PAGE: i64 = 50;

struct ValidDocument {
    doc_type: DocumentType,
    number: String,
    issued_on: jiff::civil::Date,
    signer: String,
    title: String,
    summary: String,
}

fn validate(input: &DocumentInput) -> Result<ValidDocument, Invalid> {
    let mut checker = Checker::default();
    let doc_type = checker.check(DocumentType::parse("doc_type", &input.doc_type));
    let number = checker.check(required_text("number", &input.number, 100));
    let issued_on = checker.check(parse_date("issued_on", &input.issued_on));
    let signer = checker.check(optional_text("signer", &input.signer, 200));
    let title = checker.check(required_text("title", &input.title, TITLE_MAX));
    let summary = checker.check(optional_text("summary", &input.summary, TEXT_MAX));
    checker.finish()?;
    match (doc_type, number, issued_on, signer, title, summary) {
        (Some(doc_type), Some(number), Some(issued_on), Some(signer), Some(title), Some(summary)) => {
            Ok(ValidDocument { doc_type, number, issued_on, signer, title, summary })
        }
        _ => Err(Invalid(Vec::new())),
    }
}

impl App {
    pub async fn create_document(&self, actor: &Actor, input: DocumentInput) -> Result<Document> {
        let mut tx = self.store.write().await?;
        let issuer_id = input.issuer_id.ok_or_else(|| Invalid::one("issuer_id", "required"))?;
        let issuer = live_unit(&mut tx, issuer_id, "issuer_id").await?;
        policy::authorize(actor, Action::ManageTasks, &issuer.path)?;
        let valid = validate(&input)?;
        let files = check_evidence(&input.attachments, self.settings.evidence_max_bytes)?;
        let now = self.clock.now();
        let document = Document {
            id: Uuid::now_v7(),
            doc_type: valid.doc_type,
            number: valid.number,
            issued_on: valid.issued_on,
            issuer_id: issuer.id,
            issuer_path: issuer.path.clone(),
            signer: valid.signer,
            title: valid.title,
            summary: valid.summary,
            created_by: actor.user_id(),
            created_at: now,
            updated_at: now,
        };
        tx.insert_document(&document).await.map_err(|e| match e {
            nqtrack_store::StoreError::Conflict { .. } => {
                AppError::Invalid(Invalid::one("number", "document-number-taken"))
            }
            other => other.into(),
        })?;
        let attachments = store_evidence(&mut tx, "document", document.id, files, actor.user_id(), now).await?;
        Change {
            action: "document.create",
            object_type: "document",
            object_id: document.id.to_string(),
            unit_path: Some(&issuer.path),
            before: None,
            after: snapshot(&serde_json::json!({ "document": &document, "attachments": attachments })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(document)
    }

    pub async fn update_document(&self, actor: &Actor, id: Uuid, input: DocumentInput) -> Result<Document> {
        let mut tx = self.store.write().await?;
        let before = tx.document(id).await?.ok_or(AppError::NotFound("document"))?;
        policy::authorize(actor, Action::ManageTasks, &before.issuer_path)?;
        let valid = validate(&input)?;
        let files = check_evidence(&input.attachments, self.settings.evidence_max_bytes)?;
        let now = self.clock.now();
        let after = Document {
            doc_type: valid.doc_type,
            number: valid.number,
            issued_on: valid.issued_on,
            signer: valid.signer,
            title: valid.title,
            summary: valid.summary,
            updated_at: now,
            ..before.clone()
        };
        tx.update_document(&after).await.map_err(|e| match e {
            nqtrack_store::StoreError::Conflict { .. } => {
                AppError::Invalid(Invalid::one("number", "document-number-taken"))
            }
            other => other.into(),
        })?;
        let attachments = store_evidence(&mut tx, "document", id, files, actor.user_id(), now).await?;
        Change {
            action: "document.update",
            object_type: "document",
            object_id: id.to_string(),
            unit_path: Some(&after.issuer_path),
            before: snapshot(&before),
            after: snapshot(&serde_json::json!({ "document": &after, "attachments": attachments })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn list_documents(&self, actor: &Actor, query: &DocumentQuery) -> Result<DocumentList> {
        let scope = policy::scope(actor, Action::ViewTasks);
        if scope.is_empty() {
            return Err(AppError::Denied(policy::Denied { action: Action::ViewTasks }));
        }
        let mut tx = self.store.read().await?;
        let mut filter = DocumentFilter { terms: query_terms(&query.q), ..DocumentFilter::default() };
        if let Some(unit_id) = query.unit_id {
            let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
            policy::authorize(actor, Action::ViewTasks, &unit.path)?;
            filter.issuer_within = Some(unit.path);
        }
        if !query.doc_type.trim().is_empty() {
            filter.doc_type = Some(DocumentType::parse("doc_type", &query.doc_type)?);
        }
        let page = query.page.unwrap_or(1).max(1);
        let (items, total) = tx.list_documents(&filter, &scope, DOCUMENT_PAGE, (page - 1) * DOCUMENT_PAGE).await?;
        Ok(DocumentList { items, total, page, pages: (total + DOCUMENT_PAGE - 1) / DOCUMENT_PAGE })
    }

    /// A document with its attachments and the tasks born from it that the actor may see.
    pub async fn document_details(&self, actor: &Actor, id: Uuid, page: i64) -> Result<DocumentDetails> {
        let mut tx = self.store.read().await?;
        let document = tx.document(id).await?.ok_or(AppError::NotFound("document"))?;
        let scope = policy::scope(actor, Action::ViewTasks);
        let mut filter = TaskFilter::new(TaskFocus::Document(id), self.today(), self.settings.status_rules);
        filter.sort = TaskSort::Code;
        let (tasks, task_total) = tx
            .list_tasks(&filter, &scope, crate::tasks::TASK_PAGE, (page.max(1) - 1) * crate::tasks::TASK_PAGE)
            .await?;
        // A document is readable by those who see its issuer, or one of its tasks.
        if policy::authorize(actor, Action::ViewTasks, &document.issuer_path).is_err() && task_total == 0 {
            return Err(AppError::Denied(policy::Denied { action: Action::ViewTasks }));
        }
        let issuer = tx.unit(document.issuer_id).await?.ok_or(AppError::NotFound("unit"))?;
        let attachments = tx.attachments("document", &[id]).await?;
        let can_manage = policy::authorize(actor, Action::ManageTasks, &document.issuer_path).is_ok();
        Ok(DocumentDetails { document, issuer, attachments, tasks, task_total, can_manage })
    }
}
