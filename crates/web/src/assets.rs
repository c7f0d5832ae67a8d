//! Static files embedded in the binary (government networks are often closed: no CDN).

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rust_embed::RustEmbed;

use crate::state::AppState;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Assets;

pub fn routes() -> Router<AppState> {
    Router::new().route("/static/{*file}", get(asset))
}

async fn asset(Path(file): Path<String>, headers: axum::http::HeaderMap) -> Response {
    let Some(content) = Assets::get(&file) else { return StatusCode::NOT_FOUND.into_response() };
    let etag = format!("\"{}\"", hex_prefix(&content.metadata.sha256_hash()));
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mime = match file.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
        ],
        content.data.into_owned(),
    )
        .into_response()
}

fn hex_prefix(hash: &[u8]) -> String {
    hash.iter().take(12).map(|b| format!("{b:02x}")).collect()
}
