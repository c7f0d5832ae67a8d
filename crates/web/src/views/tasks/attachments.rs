//! `/attachments/{id}`: an evidence or document file, for those who may see what it is attached to.
//!
//! Always a download, with the type found when the file was checked and `nosniff`, so that a file can
//! never be run as a page of this site.

use axum::extract::{Path, State};
use uuid::Uuid;

use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{PageError, PageResult, require_signed_in};

pub async fn download(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    require_signed_in(&viewer)?;
    let (attachment, bytes) =
        state.app.attachment_file(&viewer.actor(), id).await.map_err(|e| PageError::new(&viewer, e))?;
    Ok(crate::download::uploaded_file(&attachment, bytes))
}
