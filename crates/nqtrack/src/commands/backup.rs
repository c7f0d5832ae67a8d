//! `nqtrack backup`: a consistent copy of a SQLite database while the server keeps running.

use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use nqtrack_store::Backend;

use super::{Context, open_existing};
use crate::cli::BackupArgs;
use crate::config::redact_url;

pub async fn run(ctx: &Context, args: BackupArgs) -> Result<ExitCode> {
    let url = &ctx.config.database;
    let output = &args.output;
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        println!("nqtrack does not copy PostgreSQL databases itself; use PostgreSQL's own tool:");
        println!();
        println!("  pg_dump --format=custom --file={} '{}'", shell_word(output), without_password(url));
        println!();
        println!("(give the password through ~/.pgpass or PGPASSWORD; restore with pg_restore)");
        return Ok(ExitCode::from(2));
    }
    if output.exists() {
        bail!("{} already exists: choose a new file name (a backup never overwrites)", output.display());
    }
    let store = open_existing(url).await?;
    if store.backend() != Backend::Sqlite {
        bail!("backup supports SQLite only");
    }
    let destination = output.to_str().with_context(|| format!("{} is not a UTF-8 path", output.display()))?;
    store
        .backup_sqlite(destination)
        .await
        .with_context(|| format!("cannot back up {} to {}", redact_url(url), output.display()))?;
    store.close().await;
    let bytes = std::fs::metadata(output).map(|m| m.len()).unwrap_or_default();
    println!("backup written to {} ({bytes} bytes)", output.display());
    Ok(ExitCode::SUCCESS)
}

/// The URL without its password, for a command line that will be shown and kept in history.
fn without_password(url: &str) -> String {
    let redacted = redact_url(url).replacen(":***@", "@", 1);
    match redacted.split_once('?') {
        Some((base, query)) => {
            let kept: Vec<&str> =
                query.split('&').filter(|p| !p.to_ascii_lowercase().starts_with("password=")).collect();
            if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) }
        }
        None => redacted,
    }
}

fn shell_word(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    if text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c)) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pg_dump_urls_carry_no_password() {
        assert_eq!(without_password("postgres://nq:secret@db/nq"), "postgres://nq@db/nq");
        assert_eq!(
            without_password("postgres://db/nq?user=nq&password=x&sslmode=require"),
            "postgres://db/nq?user=nq&sslmode=require"
        );
        assert_eq!(without_password("postgres://db/nq?password=x"), "postgres://db/nq");
    }
}
