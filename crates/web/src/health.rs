//! Liveness, readiness and Prometheus metrics.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(main_metrics))
}

/// A router with only `/metrics`, for a separate (internal) address.
pub fn metrics_router(state: AppState) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state(state)
}

/// Counts requests and their durations per route pattern (never the raw path: ids would make every
/// unit its own time series).
pub async fn record_metrics(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let started = std::time::Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let labels = [("method", method), ("route", route), ("status", response.status().as_u16().to_string())];
    metrics::counter!("nqtrack_http_requests_total", &labels).increment(1);
    metrics::histogram!("nqtrack_http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.app.store().ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "database not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

async fn metrics(State(state): State<AppState>) -> String {
    state.metrics.render()
}

/// On the main address only when no metrics address is configured, so the numbers stay internal
/// where an operator asked for that.
async fn main_metrics(State(state): State<AppState>) -> axum::response::Response {
    if state.metrics_on_main {
        metrics(State(state)).await.into_response()
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}
