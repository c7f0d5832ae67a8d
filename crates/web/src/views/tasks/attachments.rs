//! `/attachments/{id}`: an evidence or document file, for those who may see what it is attached to.
//!
//! Always a download, with the type found when the file was checked and `nosniff`, so that a file can
//! never be run as a page of this site.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::page::{PageError, PageResult, require_signed_in};

pub async fn download(State(state): State<AppState>, viewer: Viewer, Path(id): Path<Uuid>) -> PageResult {
    require_signed_in(&viewer)?;
    let (attachment, bytes) =
        state.app.attachment_file(&viewer.actor(), id).await.map_err(|e| PageError::new(&viewer, e))?;
    let media_type = HeaderValue::from_str(&attachment.media_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&content_disposition(&attachment.name))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    let headers = [
        (header::CONTENT_TYPE, media_type),
        (header::CONTENT_DISPOSITION, disposition),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
    ];
    Ok((headers, bytes).into_response())
}

/// `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266, RFC 8187), so that
/// "Báo cáo quý 3.pdf" keeps its diacritics in every current browser.
fn content_disposition(name: &str) -> String {
    let fallback: String =
        name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte);
        if keep {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_keep_their_diacritics() {
        assert_eq!(
            super::content_disposition("Báo cáo \"Q3\".pdf"),
            "attachment; filename=\"B_o c_o _Q3_.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22Q3%22.pdf"
        );
    }
}
