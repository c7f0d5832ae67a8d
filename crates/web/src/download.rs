//! File downloads, shared by the pages and the API: always `attachment`, with an ASCII fallback name and
//! the exact UTF-8 name (RFC 6266, RFC 8187), so that "Báo cáo quý 3.pdf" keeps its diacritics in every
//! current browser, and never kept by a shared cache (evidence and exports may be confidential).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use nqtrack_store::Attachment;

/// The `Content-Disposition` value; `ascii_fallback` replaces the name made by dropping non-ASCII.
pub(crate) fn content_disposition(name: &str, ascii_fallback: Option<&str>) -> String {
    let fallback: String = match ascii_fallback {
        Some(fallback) => fallback.to_owned(),
        None => name
            .chars()
            .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
            .collect(),
    };
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A file to save, of the given type.
pub(crate) fn download(
    bytes: Vec<u8>,
    content_type: HeaderValue,
    name: &str,
    ascii_fallback: Option<&str>,
) -> Response {
    let disposition = HeaderValue::from_str(&content_disposition(name, ascii_fallback))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
    ];
    (headers, bytes).into_response()
}

/// An uploaded evidence or document file, with the type found when it was checked and `nosniff`, so
/// that a file from another unit can never be run as a page of this site.
pub(crate) fn uploaded_file(attachment: &Attachment, bytes: Vec<u8>) -> Response {
    let media_type = HeaderValue::from_str(&attachment.media_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let mut response = download(bytes, media_type, &attachment.name, None);
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_diacritics() {
        assert_eq!(
            content_disposition("Báo cáo \"Q3\".pdf", None),
            "attachment; filename=\"B_o c_o _Q3_.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22Q3%22.pdf"
        );
        assert_eq!(
            content_disposition("Báo cáo \"quý\".pdf", None),
            "attachment; filename=\"B_o c_o _qu__.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22qu%C3%BD%22.pdf"
        );
    }
}
