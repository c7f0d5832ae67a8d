//! `nqtrack mail`: the e-mail outbox, for operators.

use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use nqtrack_app::{DeliveryReport, Mailer};

use super::{Context, app_failure, configured_app, open_existing, operator};
use crate::cli::MailCommand;

pub async fn run(ctx: &Context, command: MailCommand) -> Result<ExitCode> {
    let store = open_existing(&ctx.config.database).await?;
    let app = configured_app(store, &ctx.config);
    let operator = operator();
    if let MailCommand::SendPending { retry_failed } = command {
        let Some(config) = &ctx.config.mail else {
            bail!("e-mail is off: set [mail] smtp_host in nqtrack.toml (or NQTRACK_MAIL_SMTP_HOST)");
        };
        let mailer = Mailer::new(config).context("invalid [mail] configuration")?;
        if retry_failed {
            match app.retry_failed_emails(&operator).await {
                Ok(retried) => println!("{retried} failed message(s) put back in the queue"),
                Err(error) => return app_failure(ctx.lang, error),
            }
        }
        let mut total = DeliveryReport::default();
        // Rounds until nothing more is due now; a round stops early when the relay is unreachable.
        loop {
            let round = match app.deliver_outbox(&mailer, app.clock().now()).await {
                Ok(round) => round,
                Err(error) => return app_failure(ctx.lang, error),
            };
            total.sent += round.sent;
            total.rejected += round.rejected;
            total.retrying += round.retrying;
            if round.sent + round.rejected == 0 || round.retrying > 0 {
                break;
            }
        }
        println!(
            "sent {} message(s) through {}; {} refused for good; {} to retry later",
            total.sent,
            mailer.endpoint(),
            total.rejected,
            total.retrying
        );
    }
    let counts = match app.outbox_counts(&operator).await {
        Ok(counts) => counts,
        Err(error) => return app_failure(ctx.lang, error),
    };
    println!("outbox: {} pending, {} sent, {} failed", counts.pending, counts.sent, counts.failed);
    Ok(ExitCode::SUCCESS)
}
