//! The nqtrack HTTP server: server-rendered pages (askama + htmx) and the JSON API under `/api/v1`.
//!
//! Handlers are thin: they read the request, call one use case of [`nqtrack_app::App`], and render
//! a template or JSON. Permission checks live in the app and the domain policy, never here.

mod api;
mod assets;
mod auth;
mod csrf;
mod download;
mod error;
mod health;
pub mod i18n;
mod state;
mod views;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use nqtrack_app::App;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use api::openapi_json;
pub use state::AppState;

/// The whole application as one router, ready for a listener or for tests (`oneshot`).
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .merge(views::routes())
        .nest("/api/v1", api::routes())
        .merge(health::routes())
        .merge(assets::routes())
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::protect))
        .route_layer(axum::middleware::from_fn(health::record_metrics))
        .layer(DefaultBodyLimit::max(state.body_limit()))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM; `/metrics` moves to `metrics_addr` when one is given.
pub async fn serve(state: AppState, addr: SocketAddr, metrics_addr: Option<SocketAddr>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    if let Some(metrics_addr) = metrics_addr {
        let metrics_listener = tokio::net::TcpListener::bind(metrics_addr).await?;
        let metrics = health::metrics_router(state.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(metrics_listener, metrics).await {
                tracing::error!(%error, "metrics listener stopped");
            }
        });
    }
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Re-exported so the binary can build the state without naming the app crate twice.
pub fn state(app: App, secure_cookies: bool, metrics_on_main: bool) -> AppState {
    AppState::new(app, secure_cookies, metrics_on_main)
}
