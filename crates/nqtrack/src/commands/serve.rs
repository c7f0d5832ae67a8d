//! `nqtrack serve`.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use nqtrack_store::{Backend, Store};

use super::{Context, check_migrated, connect, migrate, new_app};
use crate::config::redact_url;

pub async fn run(ctx: &Context) -> Result<ExitCode> {
    let config = &ctx.config;
    let listen = parse_address("listen", &config.listen)?;
    let metrics = config.metrics_listen.as_deref().map(|a| parse_address("metrics_listen", a)).transpose()?;
    let store = connect(&config.database).await?;
    prepare_schema(&store, &config.database).await?;
    let state = nqtrack_web::state(new_app(store), config.secure_cookies, metrics.is_none());
    tracing::info!(
        %listen,
        metrics = %metrics.map_or_else(|| "on the main address".to_owned(), |a| a.to_string()),
        database = %redact_url(&config.database),
        secure_cookies = config.secure_cookies,
        "nqtrack {} serving",
        env!("CARGO_PKG_VERSION"),
    );
    serve(state, listen, metrics).await?;
    tracing::info!("nqtrack stopped");
    Ok(ExitCode::SUCCESS)
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
