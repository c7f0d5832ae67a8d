//! Importing units from a CSV or XLSX upload, with a row-by-row report.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Query, State};
use axum::response::IntoResponse;
use axum::routing::get;
use nqtrack_app::AppError;
use serde::Deserialize;

use crate::auth::Viewer;
use crate::error::field_messages;
use crate::i18n::field_label;
use crate::state::AppState;
use crate::views::page::{Base, PageError, PageResult, render, require_signed_in};

pub fn routes() -> Router<AppState> {
    Router::new().route("/import", get(import_page).post(upload))
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    base: Base,
    parent: String,
    created: Option<usize>,
    /// Row, column label, message.
    problems: Vec<(usize, String, String)>,
}

#[derive(Deserialize, Default)]
struct ImportQuery {
    #[serde(default)]
    parent: String,
}

async fn import_page(viewer: Viewer, Query(query): Query<ImportQuery>) -> PageResult {
    require_signed_in(&viewer)?;
    Ok(render(&ImportPage { base: Base::new(&viewer), parent: query.parent, created: None, problems: Vec::new() }))
}

/// The parent code and the file from the form; a missing part is a problem of that field.
async fn read_form(mut multipart: Multipart) -> Result<(String, String, Vec<u8>), AppError> {
    let (mut parent, mut file) = (String::new(), None);
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("parent") => parent = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(|_| {
                    nqtrack_domain::FieldError::new("file", "file-too-large")
                        .with_arg("limit", format!("{} MB", nqtrack_office::table::MAX_IMPORT_BYTES >> 20))
                })?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    match file {
        Some((name, bytes)) if !bytes.is_empty() => Ok((parent, name, bytes)),
        _ => Err(nqtrack_domain::FieldError::new("file", "required").into()),
    }
}

async fn upload(State(state): State<AppState>, viewer: Viewer, multipart: Multipart) -> PageResult {
    require_signed_in(&viewer)?;
    let actor = viewer.actor();
    let result = match read_form(multipart).await {
        Ok((parent, name, bytes)) => match state.app.unit_by_code(&actor, &parent).await {
            Ok(unit) => state.app.import_units(&actor, &name, &bytes, Some(unit.id)).await.map(|r| (parent, r.created)),
            Err(AppError::NotFound(_)) => Err(nqtrack_domain::FieldError::new("parent_code", "unknown-parent")
                .with_arg("value", parent.trim())
                .into()),
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    let base = Base::new(&viewer);
    match result {
        Ok((parent, created)) => Ok(render(&ImportPage { base, parent, created: Some(created), problems: Vec::new() })),
        Err(error @ (AppError::ImportRejected(_) | AppError::Invalid(_))) => {
            let problems = field_messages(viewer.lang, &error)
                .into_iter()
                .map(|p| (p.row.unwrap_or(0), field_label(viewer.lang, &p.field), p.message))
                .collect();
            let page = ImportPage { base, parent: String::new(), created: None, problems };
            Ok((crate::error::status_of(&error), render(&page)).into_response())
        }
        Err(error) => Err(PageError::new(&viewer, error)),
    }
}
