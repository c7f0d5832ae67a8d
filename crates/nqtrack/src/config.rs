//! Configuration: built-in defaults, then `nqtrack.toml` (or `--config FILE`), then `NQTRACK_*`
//! environment variables, then command-line flags; each layer overrides the ones before it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

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
    let flags = || Serialized::defaults(overrides.clone());

    let mut figment = Figment::from(defaults());
    if let Some(toml) = toml() {
        figment = figment.merge(toml);
    }
    let config: Config = figment.merge(env()).merge(flags()).extract().context("invalid configuration")?;

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
    Ok(Resolved {
        database,
        listen: config.listen,
        metrics_listen: config.metrics_listen.filter(|a| !a.trim().is_empty()),
        secure_cookies: config.secure_cookies,
        log_format: config.log_format,
        config_file: file,
    })
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
