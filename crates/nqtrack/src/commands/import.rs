//! `nqtrack import units FILE` and `nqtrack import tasks --assigner CODE FILE`: all rows or none, with a
//! row-by-row report.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use nqtrack_app::{App, AppError, DocumentQuery, ImportReport};
use nqtrack_domain::policy::Actor;
use nqtrack_store::Unit;
use nqtrack_web::i18n::{Lang, field_error_message, tr, tr_args};
use uuid::Uuid;

use super::{Context, app_failure, new_app, open_existing, operator, unit_by_code};
use crate::cli::{ImportCommand, ImportTasksArgs, ImportUnitsArgs};

pub async fn run(ctx: &Context, command: ImportCommand) -> Result<ExitCode> {
    match command {
        ImportCommand::Units(args) => units(ctx, args).await,
        ImportCommand::Tasks(args) => tasks(ctx, args).await,
    }
}

/// The file's bytes and name (the name helps tell CSV from XLSX).
async fn read_file(path: &Path) -> Result<(Vec<u8>, String)> {
    let bytes = tokio::fs::read(path).await.with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((bytes, name))
}

async fn units(ctx: &Context, args: ImportUnitsArgs) -> Result<ExitCode> {
    let (bytes, file_name) = read_file(&args.file).await?;
    let store = open_existing(&ctx.config.database).await?;
    let parent = match &args.parent {
        Some(code) => Some(unit_by_code(&store, code).await?.id),
        None => None,
    };
    let app = new_app(store);
    let result = app.import_units(&operator(), &file_name, &bytes, parent).await;
    report(ctx.lang, result, "units")
}

async fn tasks(ctx: &Context, args: ImportTasksArgs) -> Result<ExitCode> {
    let (bytes, file_name) = read_file(&args.file).await?;
    let store = open_existing(&ctx.config.database).await?;
    let assigner = unit_by_code(&store, &args.assigner).await?;
    let app = new_app(store);
    let actor = operator();
    let document = match &args.document {
        Some(number) => Some(document_by_number(&app, &actor, number, &assigner).await?),
        None => None,
    };
    let result = app.import_tasks(&actor, assigner.id, document, &file_name, &bytes).await;
    report(ctx.lang, result, "tasks")
}

/// The document with this number. Numbers are unique per issuer only, so when several units issued the
/// same number, the one issued by the assigner or a unit above it is meant.
async fn document_by_number(app: &App, actor: &Actor, number: &str, assigner: &Unit) -> Result<Uuid> {
    let number = number.trim();
    let query = DocumentQuery { q: number.to_owned(), ..DocumentQuery::default() };
    let found = app.list_documents(actor, &query).await?;
    let exact: Vec<_> = found.items.iter().filter(|d| d.document.number.eq_ignore_ascii_case(number)).collect();
    let above: Vec<_> = exact.iter().copied().filter(|d| assigner.path.is_within(&d.document.issuer_path)).collect();
    match (exact.as_slice(), above.as_slice()) {
        ([only], _) | (_, [only]) => Ok(only.document.id),
        ([], _) => bail!("no document has the number {number:?}"),
        _ => bail!("several units issued a document numbered {number:?}, none of them the assigner or above it"),
    }
}

/// Prints how many rows went in, or every problem and a summary; a rejection ends with status 1.
fn report(lang: Lang, result: Result<ImportReport, AppError>, what: &str) -> Result<ExitCode> {
    match result {
        Ok(report) => {
            println!("{} {what} created", report.created);
            Ok(ExitCode::SUCCESS)
        }
        Err(AppError::ImportRejected(report)) => {
            for line in report_lines(lang, &report) {
                eprintln!("{line}");
            }
            eprintln!("{}", tr_args(lang, "import-rejected", &[("count", report.problems.len().to_string())]));
            Ok(ExitCode::FAILURE)
        }
        Err(error) => app_failure(lang, error),
    }
}

/// "row 3, column code: <reason>" for each problem, the column as the file has it ("column D (Mã đơn vị
/// chủ trì)") when the import knows it; problems with the whole file have no row.
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
            let arg = |name: &str| problem.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
            let column = match (arg("column"), arg("header")) {
                (Some(letter), Some(header)) => format!("{letter} ({header})"),
                _ => problem.column.clone(),
            };
            if problem.row == 0 {
                format!("{column}: {message}")
            } else {
                format!("{row_word} {}, {column_word} {column}: {message}", problem.row)
            }
        })
        .collect()
}
