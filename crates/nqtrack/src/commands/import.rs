//! `nqtrack import units FILE`: all rows or none, with a row-by-row report.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use nqtrack_app::{AppError, ImportReport};
use nqtrack_web::i18n::{Lang, field_error_message, tr, tr_args};

use super::{Context, app_failure, new_app, open_existing, operator, unit_by_code};
use crate::cli::ImportCommand;

pub async fn run(ctx: &Context, command: ImportCommand) -> Result<ExitCode> {
    let ImportCommand::Units(args) = command;
    let bytes = tokio::fs::read(&args.file).await.with_context(|| format!("cannot read {}", args.file.display()))?;
    let file_name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let store = open_existing(&ctx.config.database).await?;
    let parent = match &args.parent {
        Some(code) => Some(unit_by_code(&store, code).await?.id),
        None => None,
    };
    let app = new_app(store);
    match app.import_units(&operator(), &file_name, &bytes, parent).await {
        Ok(report) => {
            println!("{} units created", report.created);
            Ok(ExitCode::SUCCESS)
        }
        Err(AppError::ImportRejected(report)) => {
            for line in report_lines(ctx.lang, &report) {
                eprintln!("{line}");
            }
            eprintln!("{}", tr_args(ctx.lang, "import-rejected", &[("count", report.problems.len().to_string())]));
            Ok(ExitCode::FAILURE)
        }
        Err(error) => app_failure(ctx.lang, error),
    }
}

/// "row 3, column code: <reason>" for each problem; problems with the whole file have no row.
fn report_lines(lang: Lang, report: &ImportReport) -> Vec<String> {
    let word = |key: &str, fallback: &str| {
        let text = tr(lang, key);
        if text == key { fallback.to_owned() } else { text.to_lowercase() }
    };
    let row_word = word("import-row", "row");
    let column_word = word("import-column", "column");
    report
        .problems
        .iter()
        .map(|problem| {
            let message = field_error_message(lang, &problem.column, problem.code, &problem.args);
            if problem.row == 0 {
                format!("{}: {message}", problem.column)
            } else {
                format!("{row_word} {}, {column_word} {}: {message}", problem.row, problem.column)
            }
        })
        .collect()
}
