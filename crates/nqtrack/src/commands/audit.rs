//! `nqtrack audit verify`.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, app_failure, new_app, open_existing, operator};
use crate::cli::AuditCommand;

pub async fn run(ctx: &Context, command: AuditCommand) -> Result<ExitCode> {
    match command {
        AuditCommand::Verify => {
            let store = open_existing(&ctx.config.database).await?;
            match new_app(store).verify_audit(&operator()).await {
                Ok(Ok(entries)) => {
                    println!("audit chain intact: {entries} entries");
                    Ok(ExitCode::SUCCESS)
                }
                Ok(Err(broken)) => {
                    println!("audit chain BROKEN: {broken}");
                    Ok(ExitCode::FAILURE)
                }
                Err(error) => app_failure(ctx.lang, error),
            }
        }
    }
}
