//! `nqtrack urge`: the daily urging run, once, for operators (and for replaying a missed day).

use std::process::ExitCode;

use anyhow::Result;
use nqtrack_domain::Invalid;
use nqtrack_domain::dates::{format_date, parse_date};

use super::{Context, app_failure, configured_app, open_existing, print_invalid};
use crate::cli::UrgeArgs;

pub async fn run(ctx: &Context, args: UrgeArgs) -> Result<ExitCode> {
    let store = open_existing(&ctx.config.database).await?;
    let app = configured_app(store, &ctx.config);
    let day = match args.date.as_deref() {
        Some(text) => match parse_date("date", text) {
            Ok(day) => day,
            Err(error) => {
                print_invalid(ctx.lang, &Invalid(vec![error]));
                return Ok(ExitCode::FAILURE);
            }
        },
        None => app.today(),
    };
    let report = match app.run_urging(day).await {
        Ok(report) => report,
        Err(error) => return app_failure(ctx.lang, error),
    };
    println!("urging for {}: {} new notification(s)", format_date(day), report.total());
    println!("  reminders before a deadline: {}", report.reminders);
    println!("  missed deadlines:            {}", report.missed);
    println!("  escalations:                 {}", report.escalations);
    println!("  regular tasks not reported:  {}", report.regular);
    println!("  indicator rounds not sent:   {}", report.indicators);
    if args.digests {
        match app.queue_digests(app.clock().now()).await {
            Ok(queued) => println!("{queued} e-mail digest(s) queued"),
            Err(error) => return app_failure(ctx.lang, error),
        }
    }
    Ok(ExitCode::SUCCESS)
}
