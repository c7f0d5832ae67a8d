//! Configuration: built-in defaults, then `nqtrack.toml` (or `--config FILE`), then `NQTRACK_*`
//! environment variables, then command-line flags; each layer overrides the ones before it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use nqtrack_app::{MailConfig, Mailer, Settings, UrgingSettings};
use nqtrack_domain::period::Periodicity;
use nqtrack_domain::status::{JudgeBy, StatusRules};

use crate::cli::LogFormat;

pub const DEFAULT_DATABASE: &str = "sqlite://nqtrack.sqlite3";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8057";
/// `nqtrack demo` uses its own database, so the demo never writes into a real one by accident.
pub const DEMO_DATABASE: &str = "sqlite://nqtrack-demo.sqlite3";
pub const DEMO_LISTEN: &str = "127.0.0.1:8057";
/// The configuration file read from the current directory when `--config` is not given.
pub const DEFAULT_CONFIG_FILE: &str = "nqtrack.toml";
/// Keys taken from `NQTRACK_<KEY>` environment variables. Other `NQTRACK_*` variables (such as
/// `NQTRACK_LOG`) are not configuration keys and are left alone.
const ENV_KEYS: [&str; 6] = ["database", "database_file", "listen", "metrics_listen", "secure_cookies", "log_format"];
/// Keys of `[mail]` taken from `NQTRACK_MAIL_<KEY>`. The password only comes from a file (or
/// nqtrack.toml), never from the environment, which other processes of the same user can read.
const MAIL_ENV_KEYS: [&str; 6] = ["smtp_host", "smtp_port", "from", "username", "password_file", "public_url"];

/// The configuration keys, as written in `nqtrack.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `sqlite://FILE` or `postgres://USER:PASSWORD@HOST/DB`.
    pub database: String,
    /// A file holding the database URL, so that a password stays out of the configuration and the
    /// environment; when set, it wins over a `database` given in the same or an earlier layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_file: Option<PathBuf>,
    pub listen: String,
    /// A separate address for `/metrics`; unset serves `/metrics` on the main address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_listen: Option<String>,
    pub secure_cookies: bool,
    pub log_format: LogFormat,
    /// E-mail digests through an SMTP relay.
    #[serde(default)]
    pub mail: MailSection,
    /// Reminders and escalations.
    #[serde(default)]
    pub urging: UrgingSection,
    /// The thresholds of the status colours, and the evidence size limit.
    #[serde(default)]
    pub tasks: TasksSection,
}

/// `[mail]`: where e-mail digests go. An empty `smtp_host` keeps e-mail off.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSection {
    pub smtp_host: String,
    pub smtp_port: u16,
    pub from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Allowed, but `password_file` keeps the secret out of the configuration file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_file: Option<PathBuf>,
    /// Where people open nqtrack, for the links in e-mails.
    pub public_url: String,
}

impl Default for MailSection {
    fn default() -> Self {
        Self {
            smtp_host: String::new(),
            smtp_port: 25,
            from: "nqtrack <nqtrack@localhost>".to_owned(),
            username: None,
            password: None,
            password_file: None,
            public_url: String::new(),
        }
    }
}

/// The password never reaches a log.
impl std::fmt::Debug for MailSection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSection")
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("from", &self.from)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("password_file", &self.password_file)
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// `[urging]`: when reminders and escalations go out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UrgingSection {
    pub reminder_days: Vec<u16>,
    pub escalate_after_days: u16,
    pub regular_report_warning_days: u16,
    pub run_hour: u8,
}

impl Default for UrgingSection {
    fn default() -> Self {
        let defaults = UrgingSettings::default();
        Self {
            reminder_days: defaults.reminder_days,
            escalate_after_days: defaults.escalate_after_days,
            regular_report_warning_days: defaults.regular_report_warning_days,
            run_hour: defaults.run_hour,
        }
    }
}

/// One megabyte, as `[tasks] evidence_max_mb` counts it (and as the app's messages say "MB").
pub const BYTES_PER_MB: usize = 1024 * 1024;
/// The range `[tasks] due_soon_days` accepts: at least the deadline's eve, at most a year ahead.
const DUE_SOON_DAYS: std::ops::RangeInclusive<u16> = 1..=365;
/// The range `[tasks] pace_tolerance` accepts, in percentage points.
const PACE_TOLERANCE: std::ops::RangeInclusive<u16> = 0..=100;
/// The range `[tasks] evidence_max_mb` accepts.
const EVIDENCE_MAX_MB: std::ops::RangeInclusive<u32> = 1..=100;

/// `[tasks]`: how tasks are judged (the thresholds of the colours) and how large an evidence file
/// may be. The names and values are those of [`StatusRules`]; the numbers are wider than the rules'
/// types so that an out-of-range value gets a message naming its key and range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TasksSection {
    pub due_soon_days: u16,
    pub judge_by: JudgeBy,
    pub pace_check: bool,
    pub pace_tolerance: u16,
    pub regular_period: Periodicity,
    pub evidence_max_mb: u32,
}

impl Default for TasksSection {
    fn default() -> Self {
        let rules = StatusRules::default();
        let evidence_max_mb = Settings::default().evidence_max_bytes / BYTES_PER_MB;
        Self {
            due_soon_days: u16::try_from(rules.due_soon_days).unwrap_or(*DUE_SOON_DAYS.end()),
            judge_by: rules.judge_by,
            pace_check: rules.pace_check,
            pace_tolerance: u16::from(rules.pace_tolerance),
            regular_period: rules.regular_period,
            evidence_max_mb: u32::try_from(evidence_max_mb).unwrap_or(*EVIDENCE_MAX_MB.end()),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database: DEFAULT_DATABASE.to_owned(),
            database_file: None,
            listen: DEFAULT_LISTEN.to_owned(),
            metrics_listen: None,
            secure_cookies: false,
            log_format: LogFormat::Text,
            mail: MailSection::default(),
            urging: UrgingSection::default(),
            tasks: TasksSection::default(),
        }
    }
}

/// Values given as flags; unset ones leave the lower layers alone.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure_cookies: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<LogFormat>,
}

/// The configuration after layering, with the database URL read from `database_file` if need be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub database: String,
    pub listen: String,
    pub metrics_listen: Option<String>,
    pub secure_cookies: bool,
    pub log_format: LogFormat,
    /// Where the configuration file was read from, if one was.
    pub config_file: Option<PathBuf>,
    /// `None`: e-mail is off.
    pub mail: Option<MailConfig>,
    /// The `[urging]` section, with `public_url` from `[mail]`.
    pub urging: UrgingSettings,
    /// The `[tasks]` thresholds of the status colours.
    pub status_rules: StatusRules,
    /// `[tasks] evidence_max_mb`, in bytes.
    pub evidence_max_bytes: usize,
}

/// Just the two database keys of one layer, to see which layer decides the database.
#[derive(Debug, Default, Deserialize)]
struct DatabaseKeys {
    database: Option<String>,
    database_file: Option<PathBuf>,
}

/// Loads the layered configuration. `config_file` is `--config`; without it `nqtrack.toml` in the
/// current directory is read when it exists.
pub fn load(config_file: Option<&Path>, overrides: &Overrides) -> Result<Resolved> {
    let file = match config_file {
        Some(path) => {
            if !path.is_file() {
                bail!("configuration file {} not found", path.display());
            }
            Some(path.to_owned())
        }
        None => Some(PathBuf::from(DEFAULT_CONFIG_FILE)).filter(|p| p.is_file()),
    };
    let defaults = || Serialized::defaults(Config::default());
    let toml = || file.as_ref().map(Toml::file_exact);
    let env = || Env::prefixed("NQTRACK_").only(&ENV_KEYS);
    let mail_env = || Env::prefixed("NQTRACK_MAIL_").only(&MAIL_ENV_KEYS).map(|key| format!("mail.{key}").into());
    let flags = || Serialized::defaults(overrides.clone());

    let mut figment = Figment::from(defaults());
    if let Some(toml) = toml() {
        figment = figment.merge(toml);
    }
    let config: Config =
        figment.merge(env()).merge(mail_env()).merge(flags()).extract().context("invalid configuration")?;

    // The database is whatever the highest layer that mentions it says, by URL or by file.
    let mut layers: Vec<(String, Figment)> = vec![("the defaults".into(), Figment::from(defaults()))];
    if let (Some(toml), Some(path)) = (toml(), &file) {
        layers.push((path.display().to_string(), Figment::from(toml)));
    }
    layers.push(("the environment".into(), Figment::from(env())));
    layers.push(("the command line".into(), Figment::from(flags())));
    let mut database = DEFAULT_DATABASE.to_owned();
    for (name, layer) in layers {
        let keys: DatabaseKeys = layer.extract().with_context(|| format!("invalid configuration in {name}"))?;
        match (keys.database, keys.database_file) {
            (Some(_), Some(_)) => bail!("{name} sets both database and database_file: keep only one"),
            (Some(url), None) => database = url,
            (None, Some(path)) => database = read_database_file(&path)?,
            (None, None) => {}
        }
    }
    let urging = urging_settings(&config.urging, &config.mail)?;
    let (status_rules, evidence_max_bytes) = task_settings(&config.tasks)?;
    let mail = mail_config(&config.mail)?;
    Ok(Resolved {
        database,
        listen: config.listen,
        metrics_listen: config.metrics_listen.filter(|a| !a.trim().is_empty()),
        secure_cookies: config.secure_cookies,
        log_format: config.log_format,
        config_file: file,
        mail,
        urging,
        status_rules,
        evidence_max_bytes,
    })
}

/// The `[tasks]` section, checked: the status rules and the evidence limit in bytes.
fn task_settings(tasks: &TasksSection) -> Result<(StatusRules, usize)> {
    let due_soon_days = tasks.due_soon_days;
    if !DUE_SOON_DAYS.contains(&due_soon_days) {
        bail!(
            "tasks.due_soon_days must be a number of days from {} to {}, not {due_soon_days}",
            DUE_SOON_DAYS.start(),
            DUE_SOON_DAYS.end()
        );
    }
    let pace_tolerance = tasks.pace_tolerance;
    let Some(pace_tolerance) = u8::try_from(pace_tolerance).ok().filter(|_| PACE_TOLERANCE.contains(&pace_tolerance))
    else {
        bail!(
            "tasks.pace_tolerance must be percentage points from {} to {}, not {pace_tolerance}",
            PACE_TOLERANCE.start(),
            PACE_TOLERANCE.end()
        );
    };
    let evidence_max_mb = tasks.evidence_max_mb;
    let Some(evidence_max_bytes) = usize::try_from(evidence_max_mb)
        .ok()
        .filter(|_| EVIDENCE_MAX_MB.contains(&evidence_max_mb))
        .and_then(|mb| mb.checked_mul(BYTES_PER_MB))
    else {
        bail!(
            "tasks.evidence_max_mb must be megabytes from {} to {}, not {evidence_max_mb}",
            EVIDENCE_MAX_MB.start(),
            EVIDENCE_MAX_MB.end()
        );
    };
    let rules = StatusRules {
        due_soon_days: i32::from(due_soon_days),
        judge_by: tasks.judge_by,
        pace_check: tasks.pace_check,
        pace_tolerance,
        regular_period: tasks.regular_period,
    };
    Ok((rules, evidence_max_bytes))
}

fn urging_settings(urging: &UrgingSection, mail: &MailSection) -> Result<UrgingSettings> {
    if urging.run_hour > 23 {
        bail!("urging.run_hour must be an hour from 0 to 23, not {}", urging.run_hour);
    }
    if urging.escalate_after_days == 0 {
        bail!("urging.escalate_after_days must be at least 1 (the first day overdue)");
    }
    if let Some(day) = urging.reminder_days.iter().find(|d| **d == 0 || **d > 366) {
        bail!("urging.reminder_days must be days before the deadline, from 1 to 366, not {day}");
    }
    let public_url = mail.public_url.trim().trim_end_matches('/').to_owned();
    if !public_url.is_empty() && !public_url.starts_with("https://") && !public_url.starts_with("http://") {
        bail!("mail.public_url must start with https:// (or http://), e.g. https://nqtrack.tinh.gov.vn");
    }
    Ok(UrgingSettings {
        reminder_days: urging.reminder_days.clone(),
        escalate_after_days: urging.escalate_after_days,
        regular_report_warning_days: urging.regular_report_warning_days,
        run_hour: urging.run_hour,
        public_url,
    })
}

/// The mail settings, checked (the sender parses, credentials go only to a local relay), with the
/// password read from `password_file`; `None` when `smtp_host` is empty.
fn mail_config(mail: &MailSection) -> Result<Option<MailConfig>> {
    if mail.smtp_host.trim().is_empty() {
        return Ok(None);
    }
    let password = match (&mail.password, &mail.password_file) {
        (Some(_), Some(_)) => bail!("mail sets both password and password_file: keep only one"),
        (Some(password), None) => Some(password.clone()),
        (None, Some(path)) => Some(read_secret_file(path)?),
        (None, None) => None,
    };
    let config = MailConfig {
        host: mail.smtp_host.trim().to_owned(),
        port: mail.smtp_port,
        from: mail.from.trim().to_owned(),
        username: mail.username.clone().filter(|u| !u.trim().is_empty()),
        password,
    };
    Mailer::new(&config).context("invalid [mail] configuration")?;
    Ok(Some(config))
}

/// The first line of a secret file, without its line ending.
fn read_secret_file(path: &Path) -> Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read mail.password_file {}", path.display()))?;
    let secret = text.lines().next().unwrap_or_default().to_owned();
    if secret.is_empty() {
        bail!("mail.password_file {} is empty", path.display());
    }
    Ok(secret)
}

fn read_database_file(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the database URL from {}", path.display()))?;
    let url = text.trim();
    if url.is_empty() {
        bail!("database_file {} is empty", path.display());
    }
    Ok(url.to_owned())
}

/// The database URL with any password replaced by `***`, for logs and messages.
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_owned();
    // postgres://user:password@host/db
    if let Some(scheme_end) = out.find("://") {
        let rest = scheme_end + 3;
        let authority_end = out[rest..].find(['/', '?', '#']).map_or(out.len(), |i| rest + i);
        if let Some(at) = out[rest..authority_end].rfind('@').map(|i| rest + i)
            && let Some(colon) = out[rest..at].find(':').map(|i| rest + i)
        {
            out.replace_range(colon + 1..at, "***");
        }
    }
    // ...?password=secret&...
    if let Some(query_start) = out.find('?') {
        let (base, query) = out.split_at(query_start + 1);
        let query = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&");
        out = format!("{base}{query}");
    }
    out
}

/// `nqtrack config print-default`: the defaults with what each key means. A test checks that it
/// parses back to [`Config::default`].
pub const DEFAULT_TOML: &str = r#"# nqtrack configuration.
#
# nqtrack reads, in this order, each overriding the one before:
#   1. these built-in defaults;
#   2. nqtrack.toml in the current directory, or the file given with --config FILE;
#   3. NQTRACK_<KEY> environment variables (NQTRACK_DATABASE, NQTRACK_LISTEN, ...);
#   4. command-line flags (--database, --listen, ...).

# The database: sqlite://FILE (embedded, the default) or postgres://USER:PASSWORD@HOST/DB.
# A relative SQLite path is relative to the directory nqtrack runs in.
database = "sqlite://nqtrack.sqlite3"

# Read the database URL from this file instead (for example a secret mounted by the system), so
# that a password is not written here nor in the environment. Set database or database_file.
# database_file = "/run/secrets/nqtrack-database-url"

# The address the web server listens on, IP:PORT. Put a reverse proxy with HTTPS in front of it.
listen = "127.0.0.1:8057"

# A separate address for Prometheus metrics (/metrics). When unset, /metrics is served on the
# main address.
# metrics_listen = "127.0.0.1:9057"

# Mark cookies Secure: set to true when people reach nqtrack over HTTPS.
secure_cookies = false

# Log format: "text" or "json". Logs go to standard error; set the level with NQTRACK_LOG
# (default "info,sqlx=warn").
log_format = "text"

# E-mail: at most one digest per person and day, with that day's reminders and escalations, handed
# to an SMTP relay. Every message is written to the database first and retried until the relay takes
# it. Keep smtp_host empty to leave e-mail off: notifications still appear in nqtrack, and digests
# wait in the outbox. Each key can also come from NQTRACK_MAIL_<KEY> (e.g. NQTRACK_MAIL_SMTP_HOST).
[mail]
smtp_host = ""
smtp_port = 25
from = "nqtrack <nqtrack@localhost>"
# The address people open nqtrack at, for the links in e-mails, e.g. "https://nqtrack.tinh.gov.vn".
public_url = ""
# This build speaks SMTP without TLS, so a username and password are only accepted for a relay on
# this machine (localhost), which then authenticates onwards over TLS. Keep the password in a file:
# username = "nqtrack"
# password_file = "/run/secrets/nqtrack-smtp-password"

# Urging (đôn đốc): once a day at run_hour (Vietnam time) the server reminds the presiding unit
# reminder_days before a deadline, tells it the day after a deadline is missed, escalates to the
# leader in charge and the assigning unit's coordinators escalate_after_days after the deadline,
# and reminds regular tasks not yet reported this month when it ends within
# regular_report_warning_days.
[urging]
reminder_days = [7, 1]
escalate_after_days = 3
regular_report_warning_days = 5
run_hour = 7

# Tasks: how their status and colour are judged (xanh, vàng, đỏ), and evidence files. A change
# applies to every task, for today and for any past "as of" date, once nqtrack is restarted.
[tasks]
# A task in progress turns yellow ("due soon") this many days before its deadline (1 to 365).
due_soon_days = 7
# The deadline tasks are judged against: "approved" (the deadline in force, after approved
# extensions) or "original" (the deadline first given).
judge_by = "approved"
# A task in progress also turns yellow ("at risk") when its reported progress is more than
# pace_tolerance percentage points (0 to 100) behind an even pace from assignment to deadline.
# Set pace_check = false to judge by the deadline alone.
pace_check = true
pace_tolerance = 10
# The period in which a regular (thường xuyên) task must be reported to stay green: "month",
# "quarter", "half_year" or "year".
regular_period = "month"
# The largest evidence file accepted, in megabytes (1 to 100).
evidence_max_mb = 10
"#;

#[cfg(test)]
mod tests {
    use figment::Jail;

    use super::*;

    #[test]
    fn the_printed_default_is_the_default() {
        let parsed: Config = toml::from_str(DEFAULT_TOML).expect("valid TOML");
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_url("postgres://nq:s3cr3t@db.local:5432/nq"), "postgres://nq:***@db.local:5432/nq");
        assert_eq!(
            redact_url("postgresql://nq:p@ss@db/nq?sslmode=require"),
            "postgresql://nq:***@db/nq?sslmode=require"
        );
        assert_eq!(redact_url("postgres://nq@db/nq"), "postgres://nq@db/nq");
        assert_eq!(
            redact_url("postgres://db/nq?user=nq&password=x&sslmode=disable"),
            "postgres://db/nq?user=nq&password=***&sslmode=disable"
        );
        assert_eq!(redact_url("sqlite://data/nqtrack.sqlite3"), "sqlite://data/nqtrack.sqlite3");
        assert_eq!(redact_url("sqlite:nqtrack.sqlite3?mode=rwc"), "sqlite:nqtrack.sqlite3?mode=rwc");
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail fixes the closure's error type
    fn mail_and_urging_sections() {
        Jail::expect_with(|jail| {
            let none = Overrides::default();
            let loaded = load(None, &none).map_err(|e| e.to_string())?;
            assert_eq!(loaded.mail, None, "e-mail is off by default");
            assert_eq!(loaded.urging, UrgingSettings::default());

            jail.create_file("smtp-password", "bí mật\n")?;
            jail.create_file(
                "nqtrack.toml",
                "[mail]\nsmtp_host = \"localhost\"\nsmtp_port = 2525\nfrom = \"nqtrack <nqtrack@tinh.gov.vn>\"\n\
                 username = \"nq\"\npassword_file = \"smtp-password\"\npublic_url = \"https://nqtrack.tinh.gov.vn/\"\n\n\
                 [urging]\nreminder_days = [10, 3, 1]\nescalate_after_days = 5\n",
            )?;
            let loaded = load(None, &none).map_err(|e| e.to_string())?;
            let mail = loaded.mail.clone().ok_or("mail is on")?;
            assert_eq!((mail.host.as_str(), mail.port, mail.username.as_deref()), ("localhost", 2525, Some("nq")));
            assert_eq!(mail.password.as_deref(), Some("bí mật"), "the first line of the file");
            assert!(!format!("{mail:?}").contains("bí mật"), "never in logs");
            assert_eq!(loaded.urging.reminder_days, [10, 3, 1]);
            assert_eq!((loaded.urging.escalate_after_days, loaded.urging.regular_report_warning_days), (5, 5));
            assert_eq!(loaded.urging.public_url, "https://nqtrack.tinh.gov.vn");

            // The environment names the relay; a password may not travel to a remote one in clear.
            jail.set_env("NQTRACK_MAIL_SMTP_HOST", "127.0.0.1");
            let loaded = load(None, &none).map_err(|e| e.to_string())?;
            assert_eq!(loaded.mail.map(|m| m.host), Some("127.0.0.1".to_owned()));
            jail.set_env("NQTRACK_MAIL_SMTP_HOST", "mail.tinh.gov.vn");
            assert!(load(None, &none).is_err());
            jail.clear_env();

            for (text, why) in [
                ("[urging]\nrun_hour = 24\n", "an hour past 23"),
                ("[urging]\nreminder_days = [0]\n", "a reminder on the day itself"),
                ("[mail]\nsmtp_hots = \"localhost\"\n", "a misspelt key"),
                (
                    "[mail]\nsmtp_host = \"localhost\"\npassword = \"a\"\npassword_file = \"smtp-password\"\n",
                    "two passwords",
                ),
                ("[mail]\nsmtp_host = \"localhost\"\nfrom = \"không phải địa chỉ\"\n", "a bad sender"),
            ] {
                jail.create_file("nqtrack.toml", text)?;
                assert!(load(None, &none).is_err(), "{why} is refused");
            }
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail fixes the closure's error type
    fn tasks_section() {
        Jail::expect_with(|jail| {
            let none = Overrides::default();
            let loaded = load(None, &none).map_err(|e| e.to_string())?;
            assert_eq!(loaded.status_rules, StatusRules::default(), "the domain's rules by default");
            assert_eq!(loaded.evidence_max_bytes, Settings::default().evidence_max_bytes);

            jail.create_file(
                "nqtrack.toml",
                "[tasks]\ndue_soon_days = 14\njudge_by = \"original\"\npace_check = false\npace_tolerance = 25\n\
                 regular_period = \"quarter\"\nevidence_max_mb = 20\n",
            )?;
            let loaded = load(None, &none).map_err(|e| e.to_string())?;
            let expected = StatusRules {
                due_soon_days: 14,
                judge_by: JudgeBy::Original,
                pace_check: false,
                pace_tolerance: 25,
                regular_period: Periodicity::Quarter,
            };
            assert_eq!(loaded.status_rules, expected);
            assert_eq!(loaded.evidence_max_bytes, 20 * 1024 * 1024);

            // A key left out keeps its default.
            jail.create_file("nqtrack.toml", "[tasks]\npace_tolerance = 0\n")?;
            let loaded = load(None, &none).map_err(|e| e.to_string())?;
            assert_eq!(loaded.status_rules, StatusRules { pace_tolerance: 0, ..StatusRules::default() });

            for (text, key) in [
                ("pace_tolerance = 101", "tasks.pace_tolerance"),
                ("due_soon_days = 0", "tasks.due_soon_days"),
                ("due_soon_days = 366", "tasks.due_soon_days"),
                ("evidence_max_mb = 0", "tasks.evidence_max_mb"),
                ("evidence_max_mb = 101", "tasks.evidence_max_mb"),
                ("due_soon_days = -1", "tasks.due_soon_days"),
                ("judge_by = \"extended\"", "tasks.judge_by"),
                ("regular_period = \"week\"", "tasks.regular_period"),
                ("pace_tolerence = 10", "pace_tolerence"),
            ] {
                jail.create_file("nqtrack.toml", &format!("[tasks]\n{text}\n"))?;
                let error = load(None, &none).err().ok_or_else(|| format!("{text} is refused"))?;
                let message = format!("{error:#}");
                assert!(message.contains(key), "{text}: {message}");
            }
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail fixes the closure's error type
    fn layers_override_in_order() {
        Jail::expect_with(|jail| {
            let none = Overrides::default();
            assert_eq!(load(None, &none).map_err(|e| e.to_string())?.database, DEFAULT_DATABASE);

            jail.create_file(
                "nqtrack.toml",
                "database = \"sqlite://from-file.sqlite3\"\nlisten = \"0.0.0.0:9000\"\nsecure_cookies = true\n",
            )?;
            let loaded = load(None, &none).map_err(|e| e.to_string())?;
            assert_eq!(loaded.database, "sqlite://from-file.sqlite3");
            assert_eq!(loaded.listen, "0.0.0.0:9000");
            assert!(loaded.secure_cookies);
            assert_eq!(loaded.metrics_listen, None);

            jail.set_env("NQTRACK_LISTEN", "127.0.0.1:9001");
            jail.set_env("NQTRACK_METRICS_LISTEN", "127.0.0.1:9002");
            jail.set_env("NQTRACK_SECURE_COOKIES", "false");
            jail.set_env("NQTRACK_LOG", "debug"); // not a configuration key: ignored here
            let loaded = load(None, &none).map_err(|e| e.to_string())?;
            assert_eq!(loaded.listen, "127.0.0.1:9001");
            assert_eq!(loaded.metrics_listen.as_deref(), Some("127.0.0.1:9002"));
            assert!(!loaded.secure_cookies);
            assert_eq!(loaded.database, "sqlite://from-file.sqlite3");

            // The URL in a file, named by the environment, beats the URL in nqtrack.toml...
            jail.create_file("db-url", "postgres://nq:secret@db/nq\n")?;
            jail.set_env("NQTRACK_DATABASE_FILE", "db-url");
            assert_eq!(load(None, &none).map_err(|e| e.to_string())?.database, "postgres://nq:secret@db/nq");

            // ...and a flag beats everything.
            let flags = Overrides {
                database: Some("sqlite://flag.sqlite3".into()),
                listen: Some("127.0.0.1:9003".into()),
                log_format: Some(LogFormat::Json),
                ..Overrides::default()
            };
            let loaded = load(None, &flags).map_err(|e| e.to_string())?;
            assert_eq!(loaded.database, "sqlite://flag.sqlite3");
            assert_eq!(loaded.listen, "127.0.0.1:9003");
            assert_eq!(loaded.log_format, LogFormat::Json);

            // One layer may not say both.
            jail.set_env("NQTRACK_DATABASE", "sqlite://env.sqlite3");
            assert!(load(None, &none).is_err());

            // An explicit --config replaces nqtrack.toml; a missing one is an error.
            jail.clear_env();
            jail.create_file("other.toml", "listen = \"127.0.0.1:9004\"\n")?;
            let loaded = load(Some(Path::new("other.toml")), &none).map_err(|e| e.to_string())?;
            assert_eq!(loaded.listen, "127.0.0.1:9004");
            assert_eq!(loaded.database, DEFAULT_DATABASE);
            assert!(load(Some(Path::new("missing.toml")), &none).is_err());

            // A misspelt key in the file is reported rather than ignored.
            jail.create_file("nqtrack.toml", "databse = \"sqlite://typo.sqlite3\"\n")?;
            assert!(load(None, &none).is_err());
            Ok(())
        });
    }
}
