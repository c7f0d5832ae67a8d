//! Documents (resolutions, plans, conclusion notices…) and the attachments of documents and reports.

use jiff::civil::Date;
use nqtrack_domain::policy::Scope;
use nqtrack_domain::task::{AttachmentKind, DocumentType};
use nqtrack_domain::text::fold_vi;
use nqtrack_domain::unit::UnitPath;
use sqlx::{FromRow, QueryBuilder};
use uuid::Uuid;

use crate::db::Tx;
use crate::error::{Result, StoreError};
use crate::instant::Instant;
use crate::scope_sql::push_scope;
use crate::task_records::{Attachment, Document, DocumentSummary};

type Day = jiff_sqlx::Date;

const DOCUMENT_COLUMNS: &str = "d.id, d.doc_type, d.number, d.issued_on, d.issuer_id, d.issuer_path, d.signer, \
     d.title, d.summary, d.created_by, d.created_at, d.updated_at";

#[derive(FromRow)]
struct DocumentRow {
    id: Uuid,
    doc_type: String,
    number: String,
    issued_on: Day,
    issuer_id: Uuid,
    issuer_path: String,
    signer: String,
    title: String,
    summary: String,
    created_by: Option<Uuid>,
    created_at: Instant,
    updated_at: Instant,
}

impl TryFrom<DocumentRow> for Document {
    type Error = StoreError;
    fn try_from(row: DocumentRow) -> Result<Self> {
        Ok(Document {
            id: row.id,
            doc_type: DocumentType::parse("doc_type", &row.doc_type)?,
            number: row.number,
            issued_on: row.issued_on.to_jiff(),
            issuer_id: row.issuer_id,
            issuer_path: UnitPath::from_stored(row.issuer_path),
            signer: row.signer,
            title: row.title,
            summary: row.summary,
            created_by: row.created_by,
            created_at: row.created_at.to_jiff(),
            updated_at: row.updated_at.to_jiff(),
        })
    }
}

#[derive(FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    document: DocumentRow,
    issuer_name: String,
    task_count: i64,
}

fn search_text(document: &Document) -> String {
    fold_vi(&format!("{} {} {} {}", document.number, document.title, document.summary, document.signer))
}

/// Which documents a list shows.
#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    /// Issued by a unit in this subtree.
    pub issuer_within: Option<UnitPath>,
    pub doc_type: Option<DocumentType>,
    pub issued_from: Option<Date>,
    pub issued_to: Option<Date>,
    pub terms: Vec<String>,
}

impl Tx {
    pub async fn insert_document(&mut self, document: &Document) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO documents (id, doc_type, number, issued_on, issuer_id, issuer_path, signer, title, summary, \
             search_text, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(document.id)
        .bind(document.doc_type.as_str())
        .bind(&document.number)
        .bind(Day::from(document.issued_on))
        .bind(document.issuer_id)
        .bind(document.issuer_path.as_str())
        .bind(&document.signer)
        .bind(&document.title)
        .bind(&document.summary)
        .bind(search_text(document))
        .bind(document.created_by)
        .bind(Instant::from(document.created_at))
        .bind(Instant::from(document.updated_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn update_document(&mut self, document: &Document) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "UPDATE documents SET doc_type = $2, number = $3, issued_on = $4, signer = $5, title = $6, summary = $7, \
             search_text = $8, updated_at = $9 WHERE id = $1",
        )
        .bind(document.id)
        .bind(document.doc_type.as_str())
        .bind(&document.number)
        .bind(Day::from(document.issued_on))
        .bind(&document.signer)
        .bind(&document.title)
        .bind(&document.summary)
        .bind(search_text(document))
        .bind(Instant::from(document.updated_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        Ok(())
    }

    pub async fn document(&mut self, id: Uuid) -> Result<Option<Document>> {
        let sql = format!("SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.id = $1");
        let row = on_conn!(self, conn => sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(conn).await)?;
        row.map(Document::try_from).transpose()
    }

    /// A page of documents that `scope` may see, newest first, with the total.
    pub async fn list_documents(
        &mut self,
        filter: &DocumentFilter,
        scope: &Scope,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<DocumentSummary>, i64)> {
        fn push_where<DB: sqlx::Database>(query: &mut QueryBuilder<DB>, filter: &DocumentFilter, scope: &Scope)
        where
            String: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
            Day: for<'t> sqlx::Encode<'t, DB> + sqlx::Type<DB>,
        {
            query.push(" WHERE 1 = 1");
            if let Some(root) = &filter.issuer_within {
                query.push(" AND d.issuer_path >= ").push_bind(root.as_str().to_owned());
                query.push(" AND d.issuer_path < ").push_bind(root.subtree_end());
            }
            if let Some(doc_type) = filter.doc_type {
                query.push(" AND d.doc_type = ").push_bind(doc_type.as_str().to_owned());
            }
            if let Some(from) = filter.issued_from {
                query.push(" AND d.issued_on >= ").push_bind(Day::from(from));
            }
            if let Some(to) = filter.issued_to {
                query.push(" AND d.issued_on <= ").push_bind(Day::from(to));
            }
            for term in &filter.terms {
                query.push(" AND d.search_text LIKE ").push_bind(format!("%{}%", term.replace(['%', '_'], "")));
            }
            push_scope(query, "d.issuer_path", scope);
        }
        let rows = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(format!(
                "SELECT {DOCUMENT_COLUMNS}, u.name AS issuer_name, \
                 (SELECT COUNT(*) FROM tasks t WHERE t.document_id = d.id) AS task_count \
                 FROM documents d JOIN units u ON u.id = d.issuer_id"
            ));
            push_where(&mut query, filter, scope);
            query.push(" ORDER BY d.issued_on DESC, d.number LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
            query.build_query_as::<SummaryRow>().fetch_all(&mut *conn).await
        })?;
        let total = on_conn!(self, conn => {
            let mut query = QueryBuilder::new("SELECT COUNT(*) FROM documents d");
            push_where(&mut query, filter, scope);
            query.build_query_scalar::<i64>().fetch_one(&mut *conn).await
        })?;
        let items = rows
            .into_iter()
            .map(|row| {
                Ok(DocumentSummary {
                    document: Document::try_from(row.document)?,
                    issuer_name: row.issuer_name,
                    task_count: row.task_count,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total))
    }

    /// Stores an attachment; `content` is the file's bytes (`None` for links and document numbers).
    pub async fn insert_attachment(&mut self, attachment: &Attachment, content: Option<&[u8]>) -> Result<()> {
        on_conn!(self, conn => sqlx::query(
            "INSERT INTO attachments (id, owner_type, owner_id, kind, name, media_type, size_bytes, sha256, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(attachment.id)
        .bind(&attachment.owner_type)
        .bind(attachment.owner_id)
        .bind(attachment.kind.as_str())
        .bind(&attachment.name)
        .bind(&attachment.media_type)
        .bind(attachment.size_bytes)
        .bind(&attachment.sha256)
        .bind(attachment.created_by)
        .bind(Instant::from(attachment.created_at))
        .execute(conn).await.map(|done| done.rows_affected()))?;
        if let Some(content) = content {
            on_conn!(self, conn => sqlx::query("INSERT INTO attachment_contents (attachment_id, content) VALUES ($1, $2)")
                .bind(attachment.id)
                .bind(content.to_vec())
                .execute(conn).await.map(|done| done.rows_affected()))?;
        }
        Ok(())
    }

    /// The attachments of the given owners, oldest first.
    pub async fn attachments(&mut self, owner_type: &str, owner_ids: &[Uuid]) -> Result<Vec<Attachment>> {
        if owner_ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<AttachmentRow> = on_conn!(self, conn => {
            let mut query = QueryBuilder::new(
                "SELECT id, owner_type, owner_id, kind, name, media_type, size_bytes, sha256, created_by, created_at \
                 FROM attachments WHERE owner_type = ",
            );
            query.push_bind(owner_type.to_owned()).push(" AND owner_id IN (");
            let mut list = query.separated(", ");
            for id in owner_ids {
                list.push_bind(*id);
            }
            query.push(") ORDER BY created_at");
            query.build_query_as::<AttachmentRow>().fetch_all(&mut *conn).await
        })?;
        rows.into_iter().map(Attachment::try_from).collect()
    }

    pub async fn attachment(&mut self, id: Uuid) -> Result<Option<Attachment>> {
        let row: Option<AttachmentRow> = on_conn!(self, conn => sqlx::query_as(
            "SELECT id, owner_type, owner_id, kind, name, media_type, size_bytes, sha256, created_by, created_at \
             FROM attachments WHERE id = $1",
        ).bind(id).fetch_optional(conn).await)?;
        row.map(Attachment::try_from).transpose()
    }

    /// The task an evidence attachment belongs to, through its progress or completion report.
    pub async fn attachment_task(&mut self, attachment: &Attachment) -> Result<Option<Uuid>> {
        let sql = match attachment.owner_type.as_str() {
            "progress" => "SELECT task_id FROM progress_reports WHERE id = $1",
            "completion" => "SELECT task_id FROM task_completions WHERE id = $1",
            _ => return Ok(None),
        };
        let task =
            on_conn!(self, conn => sqlx::query_scalar(sql).bind(attachment.owner_id).fetch_optional(conn).await)?;
        Ok(task)
    }

    pub async fn attachment_content(&mut self, id: Uuid) -> Result<Option<Vec<u8>>> {
        let content = on_conn!(self, conn => sqlx::query_scalar("SELECT content FROM attachment_contents WHERE attachment_id = $1")
            .bind(id).fetch_optional(conn).await)?;
        Ok(content)
    }
}

#[derive(FromRow)]
struct AttachmentRow {
    id: Uuid,
    owner_type: String,
    owner_id: Uuid,
    kind: String,
    name: String,
    media_type: String,
    size_bytes: i64,
    sha256: String,
    created_by: Option<Uuid>,
    created_at: Instant,
}

impl TryFrom<AttachmentRow> for Attachment {
    type Error = StoreError;
    fn try_from(row: AttachmentRow) -> Result<Self> {
        Ok(Attachment {
            id: row.id,
            owner_type: row.owner_type,
            owner_id: row.owner_id,
            kind: AttachmentKind::parse("kind", &row.kind)?,
            name: row.name,
            media_type: row.media_type,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            created_by: row.created_by,
            created_at: row.created_at.to_jiff(),
        })
    }
}
