//! `nqtrack serve`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context as _, Result};
use nqtrack_app::{App, Mailer};
use nqtrack_store::{Backend, Store};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::{Context, check_migrated, configured_app, connect, migrate};
use crate::config::redact_url;

pub async fn run(ctx: &Context) -> Result<ExitCode> {
    let config = &ctx.config;
    let listen = parse_address("listen", &config.listen)?;
    let metrics = config.metrics_listen.as_deref().map(|a| parse_address("metrics_listen", a)).transpose()?;
    let store = connect(&config.database).await?;
    prepare_schema(&store, &config.database).await?;
    let app = configured_app(store, config);
    let mailer = config.mail.as_ref().map(Mailer::new).transpose().context("invalid [mail] configuration")?;
    match &mailer {
        Some(mailer) => tracing::info!(relay = %mailer.endpoint(), "e-mail digests on"),
        None => tracing::info!("e-mail off ([mail] smtp_host unset): digests wait in the outbox"),
    }
    let background = Background::start(app.clone(), mailer);
    let state = nqtrack_web::state(app, config.secure_cookies, metrics.is_none());
    tracing::info!(
        %listen,
        metrics = %metrics.map_or_else(|| "on the main address".to_owned(), |a| a.to_string()),
        database = %redact_url(&config.database),
        secure_cookies = config.secure_cookies,
        "nqtrack {} serving",
        env!("CARGO_PKG_VERSION"),
    );
    let served = serve(state, listen, metrics).await;
    background.stop().await;
    served?;
    tracing::info!("nqtrack stopped");
    Ok(ExitCode::SUCCESS)
}

/// The background work (daily urging, e-mail) running beside the web server.
pub struct Background {
    stop: oneshot::Sender<()>,
    handle: JoinHandle<()>,
}

/// How long a stopping server waits for a background round under way (an SMTP exchange, a page of
/// urging). Stopping it harder is safe anyway: leases run out and the work is taken up again.
const BACKGROUND_GRACE: Duration = Duration::from_secs(60);

impl Background {
    pub fn start(app: App, mailer: Option<Mailer>) -> Self {
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(nqtrack_app::run_background(app, mailer, async move {
            // A dropped sender stops the work as well.
            let _ = stopped.await;
        }));
        Self { stop, handle }
    }

    /// Asks the background work to stop after the round under way, and waits for it a while.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        match tokio::time::timeout(BACKGROUND_GRACE, self.handle).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(%error, "background work ended abnormally"),
            Err(_) => tracing::warn!("background work did not stop in time; its leases will run out"),
        }
    }
}

/// SQLite is migrated at start-up (one process owns the file); PostgreSQL is migrated on purpose,
/// by `nqtrack db migrate`, and a server refuses to start against an older schema.
async fn prepare_schema(store: &Store, url: &str) -> Result<()> {
    match store.backend() {
        Backend::Sqlite => migrate(store, url).await,
        Backend::Postgres => check_migrated(store, url).await,
    }
}

pub async fn serve(state: nqtrack_web::AppState, listen: SocketAddr, metrics: Option<SocketAddr>) -> Result<()> {
    nqtrack_web::serve(state, listen, metrics).await.with_context(|| match metrics {
        Some(metrics) => format!("cannot serve on {listen} (metrics on {metrics})"),
        None => format!("cannot serve on {listen}"),
    })
}

pub fn parse_address(key: &str, address: &str) -> Result<SocketAddr> {
    address.trim().parse().with_context(|| format!("{key} {address:?} is not an IP:PORT address, e.g. 127.0.0.1:8057"))
}
