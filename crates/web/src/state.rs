use std::sync::{Arc, OnceLock};

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use nqtrack_app::App;
use nqtrack_office::table::MAX_IMPORT_BYTES;

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

/// Room for a form's text fields and multipart framing beside its files.
const FORM_ALLOWANCE_BYTES: usize = 2 * 1024 * 1024;

impl AppState {
    /// Requests above this are refused before they are read: one evidence file at its limit (or an
    /// import file at its own), plus the form around it. Each file is then held to its exact limit.
    pub fn body_limit(&self) -> usize {
        self.app.evidence_max_bytes().max(MAX_IMPORT_BYTES).saturating_add(FORM_ALLOWANCE_BYTES)
    }

    /// The evidence limit as people read it ("10 MB"); the setting is whole megabytes.
    pub fn evidence_limit(&self) -> String {
        format!("{} MB", self.app.evidence_max_bytes() >> 20)
    }

    pub fn new(app: App, secure_cookies: bool, metrics_on_main: bool) -> Self {
        Self { app, secure_cookies, metrics_on_main, metrics: Arc::new(metrics_handle()) }
    }
}
