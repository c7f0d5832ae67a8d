//! The command line: every subcommand and flag, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};

#[derive(Debug, Parser)]
#[command(
    name = "nqtrack",
    version,
    about = "Monitor the tasks of Resolution 57-NQ/TW from the centre to every commune.",
    long_about = "Monitor the tasks of Resolution 57-NQ/TW from the centre to every commune.\n\n\
                  Settings come from built-in defaults, then nqtrack.toml in the current directory \
                  (or --config), then NQTRACK_* environment variables, then flags.\n\
                  Try `nqtrack demo` to see it working with demo data."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted by every command.
#[derive(Debug, Args, Default)]
pub struct GlobalArgs {
    /// Configuration file [default: nqtrack.toml in the current directory, if present].
    #[arg(long, global = true, value_name = "FILE", env = "NQTRACK_CONFIG")]
    pub config: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB.
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// Log format (logs go to standard error; the level is set with NQTRACK_LOG).
    #[arg(long, global = true, value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Language of validation messages.
    #[arg(long, global = true, value_name = "LANG", default_value = "vi")]
    pub lang: CliLang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CliLang {
    #[default]
    Vi,
    En,
}

impl From<CliLang> for nqtrack_web::i18n::Lang {
    fn from(lang: CliLang) -> Self {
        match lang {
            CliLang::Vi => nqtrack_web::i18n::Lang::Vi,
            CliLang::En => nqtrack_web::i18n::Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates a SQLite database at start-up; PostgreSQL needs `db migrate`).
    Serve(ServeArgs),
    /// Create a demo database with real units and demo accounts, print the logins, and serve it.
    Demo(DemoArgs),
    /// Prepare a new installation: migrate, create the root unit, optionally load Vietnam's units and
    /// create the first administrator.
    Init(InitArgs),
    /// Database maintenance.
    #[command(subcommand)]
    Db(DbCommand),
    /// Import data from files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Manage accounts and roles.
    #[command(subcommand)]
    User(UserCommand),
    /// Copy a SQLite database to a file while it is in use (PostgreSQL: prints the pg_dump command).
    Backup(BackupArgs),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Show the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Run urging once for a day: reminders, missed-deadline notices, escalations (the server does
    /// this every day at [urging] run_hour); prints how many notifications were created.
    Urge(UrgeArgs),
    /// The e-mail outbox.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Rebuild the province map asset from the boundaries GeoJSON (for developers: run it from the
    /// source tree after updating data/vn-admin/provinces.geojson, then commit both files).
    BakeMap(BakeMapArgs),
}

#[derive(Debug, Args)]
pub struct BakeMapArgs {
    /// The province boundaries: a GeoJSON FeatureCollection in WGS84 with a code per province.
    #[arg(long, value_name = "PATH", default_value = "data/vn-admin/provinces.geojson")]
    pub geojson: PathBuf,
    /// Where to write the baked map (tab-separated SVG paths, compiled into the binary).
    #[arg(long, value_name = "PATH", default_value = "crates/office/assets/provinces-map.tsv")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct UrgeArgs {
    /// The day to urge for, dd/mm/yyyy [default: today in Vietnam].
    #[arg(long, value_name = "DD/MM/YYYY")]
    pub date: Option<String>,
    /// Also queue today's e-mail digests now (otherwise the server's daily run queues them).
    #[arg(long)]
    pub digests: bool,
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send the e-mails that are due now, through [mail] (the server does this every minute).
    SendPending {
        /// First put back the messages the relay refused for good, after fixing the cause.
        #[arg(long)]
        retry_failed: bool,
    },
    /// Count the messages pending, sent and failed.
    Status,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on, IP:PORT.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Separate address for /metrics, IP:PORT [default: /metrics on the main address].
    #[arg(long, value_name = "ADDR")]
    pub metrics_listen: Option<String>,
    /// Mark cookies Secure (when users reach the server over HTTPS).
    #[arg(long)]
    pub secure_cookies: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DemoScale {
    /// Real provinces and communes, committees and seven demo accounts.
    #[default]
    Small,
    /// Adds ministries, ~20 departments per province, and a committee and an account for every unit.
    National,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How much demo data to create.
    #[arg(long, value_enum, default_value_t = DemoScale::Small)]
    pub scale: DemoScale,
    /// Address to listen on, IP:PORT.
    #[arg(long, value_name = "ADDR", default_value = crate::config::DEMO_LISTEN)]
    pub listen: String,
    /// Create the data and print the logins, but do not start the server.
    #[arg(long)]
    pub no_serve: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Also load Vietnam's 34 provinces and 3,321 communes under the root unit.
    #[arg(long)]
    pub with_vn_admin: bool,
    /// Create a first administrator with this username (at the root unit).
    #[arg(long, value_name = "USERNAME")]
    pub admin_username: Option<String>,
    /// The administrator's full name.
    #[arg(long, value_name = "NAME", default_value = "Quản trị hệ thống", requires = "admin_username")]
    pub admin_name: String,
    #[command(flatten)]
    pub password: AdminPasswordArgs,
}

/// Where the first administrator's password comes from; never a plain flag value.
#[derive(Debug, Args)]
#[group(required = false, multiple = false, requires = "admin_username")]
pub struct AdminPasswordArgs {
    /// Read the administrator's password from the first line of this file.
    #[arg(long, value_name = "FILE")]
    pub admin_password_file: Option<PathBuf>,
    /// Read the administrator's password from the first line of standard input.
    #[arg(long)]
    pub admin_password_stdin: bool,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Apply every database migration not yet applied.
    Migrate,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import units from a CSV (UTF-8) or Excel (.xlsx) file: all rows or none.
    Units(ImportUnitsArgs),
    /// Assign the tasks of a plan's annex (CSV or .xlsx, laid out as the web's template): all rows or none.
    Tasks(ImportTasksArgs),
}

#[derive(Debug, Args)]
pub struct ImportTasksArgs {
    /// The annex to import.
    pub file: PathBuf,
    /// Code of the unit that assigns every task of the file.
    #[arg(long, value_name = "CODE")]
    pub assigner: String,
    /// Number of the document the tasks come from, e.g. "45/KH-UBND".
    #[arg(long, value_name = "NUMBER")]
    pub document: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportUnitsArgs {
    /// The file to import.
    pub file: PathBuf,
    /// Code of the unit that rows without a parent code go under.
    #[arg(long, value_name = "CODE")]
    pub parent: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Create(UserCreateArgs),
    /// Disable an account and end its sessions.
    Disable { username: String },
    /// Enable a disabled account.
    Enable { username: String },
    /// Set a one-time password (printed once), mark the account to change it, and end its sessions.
    ResetPassword { username: String },
    /// Grant a role at a unit (and its subtree).
    Grant(GrantArgs),
    /// Revoke a role held at a unit.
    Revoke(GrantArgs),
    /// List the accounts of a unit.
    List(UserListArgs),
    /// Create an API token for an account (for a machine client); the secret is printed once.
    Token {
        username: String,
        /// What the token is for, e.g. "đồng bộ hệ thống báo cáo".
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct UserCreateArgs {
    /// Login name: 3 to 64 of a-z, 0-9, '.', '_' and '-'.
    #[arg(long)]
    pub username: String,
    /// Full name.
    #[arg(long, value_name = "FULL NAME")]
    pub name: String,
    /// Code of the unit the account belongs to.
    #[arg(long, value_name = "CODE")]
    pub unit: String,
    #[arg(long)]
    pub email: Option<String>,
    /// A role to grant at the account's unit: administrator, coordinator, reporter, leader or inspector.
    #[arg(long)]
    pub role: Option<String>,
    #[command(flatten)]
    pub password: PasswordArgs,
}

/// Where a new password comes from; never a plain flag value (it would show in `ps` and shell history).
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct PasswordArgs {
    /// Read the password from the first line of this file.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    pub username: String,
    /// administrator, coordinator, reporter, leader or inspector.
    #[arg(long)]
    pub role: String,
    /// Code of the unit the role applies to (with everything under it).
    #[arg(long, value_name = "CODE")]
    pub unit: String,
}

#[derive(Debug, Args)]
pub struct UserListArgs {
    /// Code of the unit [default: the root unit].
    #[arg(long, value_name = "CODE")]
    pub unit: Option<String>,
    /// Include the accounts of every unit below it.
    #[arg(long)]
    pub subtree: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every link of the audit chain.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the default configuration as commented TOML (a starting point for nqtrack.toml).
    PrintDefault,
    /// Print the effective configuration (the database password is hidden).
    Show,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn passwords_are_never_flag_values() {
        assert!(
            Cli::try_parse_from(["nqtrack", "user", "create", "--username", "a", "--name", "A", "--unit", "TW"])
                .is_err()
        );
        let parsed = Cli::try_parse_from([
            "nqtrack",
            "user",
            "create",
            "--username",
            "abc",
            "--name",
            "A",
            "--unit",
            "TW",
            "--password-stdin",
        ]);
        assert!(parsed.is_ok());
        assert!(Cli::try_parse_from(["nqtrack", "init", "--admin-password-stdin"]).is_err());
    }

    #[test]
    fn bake_map_defaults_to_the_source_tree() {
        let parsed = Cli::try_parse_from(["nqtrack", "bake-map"]).expect("parses");
        let Command::BakeMap(args) = parsed.command else { panic!("parsed as another command") };
        assert_eq!(args.geojson, PathBuf::from("data/vn-admin/provinces.geojson"));
        assert_eq!(args.out, PathBuf::from("crates/office/assets/provinces-map.tsv"));
    }
}
