//! Documents that tasks come from: the list (search without diacritics, by type), the document page
//! with its attachments and the tasks born from it, and the form to enter or correct one.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use nqtrack_app::{AppError, DocumentDetails, DocumentInput, DocumentList, DocumentQuery};
use nqtrack_domain::task::DocumentType;
use nqtrack_store::Unit;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::error::status_of;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in, saved};
use crate::views::tasks::form::{FormState, Posted, problems, read_multipart, uuid_field, value};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/documents", get(list_page))
        .route("/documents/new", get(new_page).post(create))
        .route("/documents/{id}", get(document_page))
        .route("/documents/{id}/edit", get(edit_page).post(update))
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsPage {
    base: Base,
    list: DocumentList,
    form: FormState,
    types: &'static [DocumentType],
    prev_href: Option<String>,
    next_href: Option<String>,
}

/// A list link for another page, keeping the search and the type.
fn page_href(pairs: &[(String, String)], page: i64) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for key in ["q", "doc_type", "unit_id"] {
        let found = value(pairs, key);
        if !found.is_empty() {
            query.append_pair(key, found);
        }
    }
    query.append_pair("page", &page.to_string());
    format!("/documents?{}", query.finish())
}

async fn list_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let fail = |e| PageError::new(&viewer, e);
    let query = DocumentQuery {
        unit_id: uuid_field(&pairs, "unit_id").map_err(|e| fail(e.into()))?,
        doc_type: value(&pairs, "doc_type").to_owned(),
        q: value(&pairs, "q").to_owned(),
        page: value(&pairs, "page").parse().ok(),
    };
    let mut form = FormState::new("filter", pairs.clone());
    let mut base = Base::new(&viewer);
    let (list, status) = match state.app.list_documents(&actor, &query).await {
        Ok(list) => (list, StatusCode::OK),
        // An unknown type: every document, and the type's problem next to its select.
        Err(error @ AppError::Invalid(_)) => {
            let found = problems(viewer.lang, &error);
            base.errors = found.iter().map(|p| p.message.clone()).collect();
            form = form.with_problems(found);
            let plain = DocumentQuery { q: query.q.clone(), ..DocumentQuery::default() };
            (state.app.list_documents(&actor, &plain).await.map_err(fail)?, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => return Err(fail(error)),
    };
    let page = DocumentsPage {
        prev_href: (list.page > 1).then(|| page_href(&pairs, list.page - 1)),
        next_href: (list.page < list.pages).then(|| page_href(&pairs, list.page + 1)),
        base,
        list,
        form,
        types: DocumentType::ALL,
    };
    Ok((status, render(&page)).into_response())
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    base: Base,
    d: DocumentDetails,
    page: i64,
}

async fn document_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    require_signed_in(&viewer)?;
    let page = value(&pairs, "page").parse().unwrap_or(1_i64).max(1);
    let d = state.app.document_details(&viewer.actor(), id, page).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(render(&DocumentPage { base: Base::new(&viewer), d, page }))
}

#[derive(Template)]
#[template(path = "document_form.html")]
struct DocumentForm {
    base: Base,
    form: FormState,
    /// `None` for a new document.
    editing: Option<Uuid>,
    /// The units a new document may be issued by: the viewer's home unit and the units below it.
    issuers: Vec<Unit>,
    types: &'static [DocumentType],
    /// The evidence file limit, for the upload hint.
    evidence_limit: String,
}

/// The form name is also the key for the evidence partial shared with the task forms.
const FORM: &str = "document";

async fn show_form(
    state: &AppState,
    viewer: &Viewer,
    editing: Option<Uuid>,
    form: FormState,
    status: StatusCode,
) -> PageResult {
    let actor = viewer.actor();
    let fail = |e| PageError::new(viewer, e);
    let mut issuers = Vec::new();
    if editing.is_none() {
        let home = state.app.home_unit(&actor).await.map_err(fail)?;
        let below = state.app.unit_details(&actor, home.id).await.map(|d| d.children).unwrap_or_default();
        issuers.push(home);
        issuers.extend(below.into_iter().map(|c| c.unit).filter(Unit::is_live));
    }
    let mut base = Base::new(viewer);
    base.errors = form.messages();
    let page =
        DocumentForm { base, form, editing, issuers, types: DocumentType::ALL, evidence_limit: state.evidence_limit() };
    Ok((status, render(&page)).into_response())
}

async fn new_page(State(state): State<AppState>, viewer: Viewer) -> PageResult {
    require_signed_in(&viewer)?;
    show_form(&state, &viewer, None, FormState::new(FORM, Vec::new()), StatusCode::OK).await
}

async fn edit_page(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    require_signed_in(&viewer)?;
    let d = state.app.document_details(&viewer.actor(), id, 1).await.map_err(|e| PageError::new(&viewer, e))?;
    let doc = d.document;
    let pairs = [
        ("doc_type", doc.doc_type.as_str().to_owned()),
        ("number", doc.number),
        ("issued_on", nqtrack_domain::dates::format_date(doc.issued_on)),
        ("signer", doc.signer),
        ("title", doc.title),
        ("summary", doc.summary),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    show_form(&state, &viewer, Some(id), FormState::new(FORM, pairs), StatusCode::OK).await
}

fn to_input(posted: &mut Posted) -> Result<DocumentInput, AppError> {
    Ok(DocumentInput {
        doc_type: posted.value("doc_type"),
        number: posted.value("number"),
        issued_on: posted.value("issued_on"),
        issuer_id: uuid_field(&posted.pairs, "issuer_id")?,
        signer: posted.value("signer"),
        title: posted.value("title"),
        summary: posted.value("summary"),
        attachments: posted.evidence(),
    })
}

/// Saves a new document (`editing` is `None`) or corrections to one, and goes to its page.
async fn save(state: &AppState, viewer: &Viewer, editing: Option<Uuid>, multipart: Multipart) -> PageResult {
    require_signed_in(viewer)?;
    let actor = viewer.actor();
    let (mut posted, result) = match read_multipart(multipart, &state.evidence_limit()).await {
        Ok(mut posted) => {
            let result = match (to_input(&mut posted), editing) {
                (Ok(input), None) => state.app.create_document(&actor, input).await,
                (Ok(input), Some(id)) => state.app.update_document(&actor, id, input).await,
                (Err(error), _) => Err(error),
            };
            (posted, result)
        }
        Err(error) => (Posted::default(), Err(error)),
    };
    match result {
        Ok(document) => Ok(saved(&format!("/documents/{}", document.id))),
        Err(error @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let form =
                FormState::new(FORM, std::mem::take(&mut posted.pairs)).with_problems(problems(viewer.lang, &error));
            show_form(state, viewer, editing, form, status_of(&error)).await
        }
        Err(error) => Err(PageError::new(viewer, error)),
    }
}

async fn create(State(state): State<AppState>, viewer: Viewer, multipart: Multipart) -> PageResult {
    save(&state, &viewer, None, multipart).await
}

async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<Uuid>,
    multipart: Multipart,
) -> PageResult {
    save(&state, &viewer, Some(id), multipart).await
}
