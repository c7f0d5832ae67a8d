//! `nqtrack db migrate`.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, connect, migrate};
use crate::cli::DbCommand;
use crate::config::redact_url;

pub async fn run(ctx: &Context, command: DbCommand) -> Result<ExitCode> {
    match command {
        DbCommand::Migrate => {
            let url = &ctx.config.database;
            let store = connect(url).await?;
            migrate(&store, url).await?;
            store.close().await;
            println!("database {} is up to date", redact_url(url));
            Ok(ExitCode::SUCCESS)
        }
    }
}
