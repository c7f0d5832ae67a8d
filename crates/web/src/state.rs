use std::sync::{Arc, OnceLock};

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use nqtrack_app::App;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Set the `Secure` flag on cookies (when served over HTTPS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// Serve `/metrics` on the main address (when no separate metrics address is configured).
    pub metrics_on_main: bool,
    pub metrics: Arc<PrometheusHandle>,
}

/// The process-wide recorder: installed once, shared by every router built in this process (tests
/// build many).
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (e.g. by an embedding program); keep ours local then.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

impl AppState {
    pub fn new(app: App, secure_cookies: bool, metrics_on_main: bool) -> Self {
        Self { app, secure_cookies, metrics_on_main, metrics: Arc::new(metrics_handle()) }
    }
}
