//! One module per command, and what they share: opening the database, the operator actor, printing
//! validation errors, reading passwords.

mod audit;
mod backup;
mod bake_map;
mod db;
mod demo;
mod import;
mod init;
mod mail;
mod serve;
mod urge;
mod user;

use std::io::{BufRead as _, IsTerminal as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use nqtrack_app::{App, AppError, Clock, Settings};
use nqtrack_domain::Invalid;
use nqtrack_domain::policy::Actor;
use nqtrack_store::{Store, StoreError, Unit, User};
use nqtrack_web::i18n::{Lang, field_error_message};
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command, ConfigCommand, LogFormat};
use crate::config::{self, Overrides, Resolved, redact_url};

/// What every command gets besides its own arguments.
pub struct Context {
    pub config: Resolved,
    /// `--database` exactly as given, for commands (demo) that do not use the configured database.
    pub database_flag: Option<String>,
    pub lang: Lang,
}

pub async fn run(cli: Cli) -> Result<ExitCode> {
    let Cli { global, command } = cli;
    // Needs no configuration, so a broken nqtrack.toml cannot stop it.
    if matches!(command, Command::Config(ConfigCommand::PrintDefault)) {
        return print_default();
    }
    // Nor does baking the map, which only turns one file into another.
    if let Command::BakeMap(args) = &command {
        return bake_map::run(args);
    }
    let mut overrides =
        Overrides { database: global.database.clone(), log_format: global.log_format, ..Overrides::default() };
    if let Command::Serve(args) = &command {
        overrides.listen = args.listen.clone();
        overrides.metrics_listen = args.metrics_listen.clone();
        overrides.secure_cookies = args.secure_cookies.then_some(true);
    }
    let resolved = config::load(global.config.as_deref(), &overrides)?;
    init_tracing(resolved.log_format);
    let ctx = Context { config: resolved, database_flag: global.database, lang: global.lang.into() };
    match command {
        Command::Serve(_) => serve::run(&ctx).await,
        Command::Demo(args) => demo::run(&ctx, args).await,
        Command::Init(args) => init::run(&ctx, args).await,
        Command::Db(command) => db::run(&ctx, command).await,
        Command::Import(command) => import::run(&ctx, command).await,
        Command::User(command) => user::run(&ctx, command).await,
        Command::Backup(args) => backup::run(&ctx, args).await,
        Command::Audit(command) => audit::run(&ctx, command).await,
        Command::Config(ConfigCommand::Show) => show_config(&ctx),
        Command::Config(ConfigCommand::PrintDefault) => print_default(),
        Command::Urge(args) => urge::run(&ctx, args).await,
        Command::Mail(command) => mail::run(&ctx, command).await,
        Command::BakeMap(args) => bake_map::run(&args),
    }
}

fn print_default() -> Result<ExitCode> {
    print!("{}", config::DEFAULT_TOML);
    Ok(ExitCode::SUCCESS)
}

fn show_config(ctx: &Context) -> Result<ExitCode> {
    let c = &ctx.config;
    match &c.config_file {
        Some(file) => println!("# read from {} and the environment", file.display()),
        None => println!("# no configuration file; defaults and the environment"),
    }
    println!("database = {:?}", redact_url(&c.database));
    println!("listen = {:?}", c.listen);
    match &c.metrics_listen {
        Some(address) => println!("metrics_listen = {address:?}"),
        None => println!("# metrics_listen unset: /metrics is served on the main address"),
    }
    println!("secure_cookies = {}", c.secure_cookies);
    println!("log_format = {:?}", if c.log_format == LogFormat::Json { "json" } else { "text" });
    println!();
    println!("[mail]");
    match &c.mail {
        Some(mail) => {
            println!("smtp_host = {:?}", mail.host);
            println!("smtp_port = {}", mail.port);
            println!("from = {:?}", mail.from);
            if let Some(username) = &mail.username {
                println!("username = {username:?}");
            }
            if mail.password.is_some() {
                println!("# password: set (hidden)");
            }
        }
        None => println!("# smtp_host unset: e-mail is off (digests wait in the outbox)"),
    }
    println!("public_url = {:?}", c.urging.public_url);
    println!();
    println!("[urging]");
    println!("reminder_days = {:?}", c.urging.reminder_days);
    println!("escalate_after_days = {}", c.urging.escalate_after_days);
    println!("regular_report_warning_days = {}", c.urging.regular_report_warning_days);
    println!("run_hour = {}", c.urging.run_hour);
    println!();
    println!("[tasks]");
    let rules = &c.status_rules;
    println!("due_soon_days = {}", rules.due_soon_days);
    // The words nqtrack.toml takes, which are the values' serde names.
    println!("judge_by = {}", toml::Value::try_from(rules.judge_by)?);
    println!("pace_check = {}", rules.pace_check);
    println!("pace_tolerance = {}", rules.pace_tolerance);
    println!("regular_period = {}", toml::Value::try_from(rules.regular_period)?);
    println!("evidence_max_mb = {}", c.evidence_max_bytes / config::BYTES_PER_MB);
    Ok(ExitCode::SUCCESS)
}

/// Logs to standard error, filtered by `NQTRACK_LOG` (default `info,sqlx=warn`).
fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_env("NQTRACK_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(colour);
    // Only fails when a subscriber is already installed, which leaves logging working anyway.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// The actor of commands run on the server: whoever holds the database holds everything anyway.
pub fn operator() -> Actor {
    let name = std::env::var("USER").ok().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "operator".to_owned());
    Actor::Operator { name }
}

pub fn new_app(store: Store) -> App {
    App::new(store, Clock::System, Settings::default())
}

/// The application with the configured urging rules, status thresholds and evidence limit, for the
/// commands that serve, urge or build the demo.
pub fn configured_app(store: Store, config: &Resolved) -> App {
    let settings = Settings {
        urging: config.urging.clone(),
        status_rules: config.status_rules,
        evidence_max_bytes: config.evidence_max_bytes,
        ..Settings::default()
    };
    App::new(store, Clock::System, settings)
}

/// Opens the database, creating a SQLite file if missing (for the set-up commands, which migrate).
pub async fn connect(url: &str) -> Result<Store> {
    Store::connect(url).await.with_context(|| format!("cannot open the database {}", redact_url(url)))
}

/// The file behind a `sqlite:` URL, unless it is an in-memory database.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Opens a database that must already exist and be migrated (every command but the set-up ones),
/// so that a mistyped SQLite path does not quietly create an empty database.
pub async fn open_existing(url: &str) -> Result<Store> {
    if let Some(path) = sqlite_path(url)
        && !path.exists()
    {
        bail!("the database file {} does not exist: run `nqtrack init` (or check --database)", path.display());
    }
    let store = connect(url).await?;
    check_migrated(&store, url).await?;
    Ok(store)
}

pub async fn check_migrated(store: &Store, url: &str) -> Result<()> {
    match store.check_migrated().await {
        Ok(()) => Ok(()),
        Err(StoreError::MigrationsPending) => bail!(
            "the schema of {} is behind this version of nqtrack: run `nqtrack db migrate` with the same \
             database settings first",
            redact_url(url)
        ),
        Err(other) => Err(anyhow!(other).context("cannot read the database schema version")),
    }
}

pub async fn migrate(store: &Store, url: &str) -> Result<()> {
    store.migrate().await.with_context(|| format!("cannot migrate the database {}", redact_url(url)))
}

/// Prints every field error of a rejected input, in the chosen language.
pub fn print_invalid(lang: Lang, invalid: &Invalid) {
    for error in &invalid.0 {
        eprintln!("{}", field_error_message(lang, &error.field, error.code, &error.args));
    }
}

/// Validation errors are printed field by field and end the command with status 1; anything else is
/// an error.
pub fn app_failure(lang: Lang, error: AppError) -> Result<ExitCode> {
    match error {
        AppError::Invalid(invalid) => {
            print_invalid(lang, &invalid);
            Ok(ExitCode::FAILURE)
        }
        other => Err(other.into()),
    }
}

pub async fn unit_by_code(store: &Store, code: &str) -> Result<Unit> {
    let code = code.trim();
    store.read().await?.unit_by_code(code).await?.ok_or_else(|| anyhow!("no unit has the code {code:?}"))
}

pub async fn user_by_username(store: &Store, username: &str) -> Result<User> {
    let username = username.trim().to_ascii_lowercase();
    store.read().await?.user_by_username(&username).await?.ok_or_else(|| anyhow!("no account is named {username:?}"))
}

/// A password from the first line of a file or of standard input (never from a flag value).
pub fn read_password(file: Option<&Path>, stdin: bool) -> Result<String> {
    let line = if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the password file {}", path.display()))?;
        text.lines().next().unwrap_or_default().to_owned()
    } else if stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
        line
    } else {
        bail!("give the password with --password-file FILE or --password-stdin");
    };
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// Prints rows as aligned columns (widths counted in characters, for Vietnamese names).
pub fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(i) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let text: Vec<String> = cells
            .zip(&widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width.saturating_sub(cell.chars().count()))))
            .collect();
        println!("  {}", text.join("  ").trim_end());
    };
    line(&mut header.iter().copied());
    line(&mut widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().iter().map(String::as_str));
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths() {
        assert_eq!(sqlite_path("sqlite://data/x.sqlite3"), Some(PathBuf::from("data/x.sqlite3")));
        assert_eq!(sqlite_path("sqlite:///tmp/x.sqlite3?mode=rwc"), Some(PathBuf::from("/tmp/x.sqlite3")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://db/nq"), None);
    }
}
