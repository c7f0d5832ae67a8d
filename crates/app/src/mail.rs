//! Sending the outbox over SMTP with lettre.
//!
//! Messages are written to the outbox first (see [`App::queue_digests`]) and only then sent, one at a
//! time under a lease: a crash or an unreachable server leaves them pending, and the next round sends
//! them. A message the server accepted is marked sent and never sent again.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use nqtrack_domain::policy::{self, Actor};
use nqtrack_store::{OutboxCounts, OutboxMessage};
use serde::Serialize;

use crate::{App, Result};

/// How long one message is leased to its sender: far longer than one SMTP exchange may take
/// ([`SMTP_TIMEOUT`] for each step), so that a live sender never loses it to another.
const LEASE: SignedDuration = SignedDuration::from_mins(10);
/// The longest wait for the SMTP server at each step of one exchange.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
/// At most this many messages per delivery round; the next round (a minute later) continues.
const MAX_PER_ROUND: usize = 500;
/// The longest wait between two attempts at one message.
const MAX_BACKOFF_MINUTES: i64 = 6 * 60;

/// Where and how to send e-mail. Without one, e-mail is off: notifications stay in the application
/// and digests wait, pending, in the outbox.
#[derive(Clone, PartialEq, Eq)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    /// The sender, e.g. `Hệ thống nqtrack <nqtrack@tinh.gov.vn>`.
    pub from: String,
    pub username: Option<String>,
    pub password: Option<String>,
}

/// The password never appears in logs or error messages.
impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

/// Why a mail configuration cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailConfigError {
    #[error("the SMTP host is empty")]
    NoHost,
    #[error("the sender address {0:?} is not a valid address (e.g. \"nqtrack <nqtrack@tinh.gov.vn>\")")]
    BadFrom(String),
    #[error("a username needs a password, and a password a username")]
    HalfCredentials,
    #[error(
        "SMTP credentials are only sent to a relay on this machine (localhost), because this build \
         speaks SMTP without TLS: let a local relay (e.g. Postfix) authenticate to {0} over TLS"
    )]
    CredentialsInClear(String),
}

/// Sends messages over SMTP. Built once at start-up from a [`MailConfig`].
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The domain of the sender, for `Message-ID`s.
    domain: String,
    endpoint: String,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer").field("endpoint", &self.endpoint).field("from", &self.from.to_string()).finish()
    }
}

/// Whether the host is this machine, where a password may travel without TLS.
fn is_local(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl Mailer {
    pub fn new(config: &MailConfig) -> Result<Self, MailConfigError> {
        let host = config.host.trim();
        if host.is_empty() {
            return Err(MailConfigError::NoHost);
        }
        let from: Mailbox = config.from.trim().parse().map_err(|_| MailConfigError::BadFrom(config.from.clone()))?;
        // Plain SMTP: the relay is trusted to be on this machine or this network (see the workspace
        // Cargo.toml on why there is no TLS).
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(config.port).timeout(Some(SMTP_TIMEOUT));
        match (&config.username, &config.password) {
            (Some(username), Some(password)) => {
                if !is_local(host) {
                    return Err(MailConfigError::CredentialsInClear(host.to_owned()));
                }
                builder = builder.credentials(Credentials::new(username.clone(), password.clone()));
            }
            (None, None) => {}
            _ => return Err(MailConfigError::HalfCredentials),
        }
        Ok(Self {
            transport: builder.build(),
            domain: from.email.domain().to_owned(),
            from,
            endpoint: format!("{host}:{}", config.port),
        })
    }

    /// Sends one outbox message. The `Message-ID` is made from the message's id, so that if a crash
    /// makes us send it twice, mail clients still show it once.
    pub async fn send(&self, message: &OutboxMessage, now: Timestamp) -> Result<(), SendFailure> {
        let to: Mailbox = message
            .recipient
            .trim()
            .parse()
            .map_err(|_| SendFailure::Rejected(format!("invalid recipient address {:?}", message.recipient)))?;
        let mut email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .message_id(Some(format!("<{}@{}>", message.id, self.domain)))
            .date(now.into())
            .singlepart(SinglePart::plain(message.body.clone()))
            .map_err(|e| SendFailure::Rejected(format!("cannot build the message: {e}")))?;
        // Tells auto-responders (out-of-office replies) not to answer a machine.
        email
            .headers_mut()
            .insert_raw(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-generated".into()));
        match self.transport.send(email).await {
            Ok(_) => Ok(()),
            Err(error) => Err(classify(&error)),
        }
    }

    /// Where mail goes, for logs.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }
}

/// Why one message was not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendFailure {
    /// The server refused this message for good (no such mailbox, bad address): keep it as failed.
    #[error("refused: {0}")]
    Rejected(String),
    /// The server refused this message for now (mailbox full, greylisting): retry it later.
    #[error("deferred: {0}")]
    Deferred(String),
    /// The server could not be reached or refused us (down, timeout, authentication): retry later,
    /// and do not try the other messages in this round either.
    #[error("server unavailable: {0}")]
    Unavailable(String),
}

/// SMTP reply codes about the session rather than the message: authentication and TLS
/// requirements. They are the operator's to fix, not a reason to give up on the message.
const SESSION_CODES: [&str; 5] = ["530", "534", "535", "538", "554"];

fn classify(error: &lettre::transport::smtp::Error) -> SendFailure {
    let text = error.to_string();
    let code = error.status().map(|code| code.to_string()).unwrap_or_default();
    if error.is_permanent() && !SESSION_CODES.contains(&code.as_str()) {
        SendFailure::Rejected(text)
    } else if error.is_transient() {
        SendFailure::Deferred(text)
    } else {
        SendFailure::Unavailable(text)
    }
}

/// How long to wait before attempt `attempts + 1`: 1, 2, 4, ... minutes, at most six hours.
pub(crate) fn backoff(attempts: i32) -> SignedDuration {
    let exponent = attempts.saturating_sub(1).clamp(0, 16) as u32;
    SignedDuration::from_mins(2_i64.pow(exponent).min(MAX_BACKOFF_MINUTES))
}

/// What one delivery round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    pub sent: u64,
    /// Kept as failed (refused for good).
    pub rejected: u64,
    /// Left pending, to be retried later.
    pub retrying: u64,
}

impl App {
    /// Sends the outbox messages due at `now`, one at a time, each under its own lease. Stops early
    /// when the server is unreachable (the others stay pending for the next round).
    pub async fn deliver_outbox(&self, mailer: &Mailer, now: Timestamp) -> Result<DeliveryReport> {
        let mut report = DeliveryReport::default();
        let lease_until = now.saturating_add(LEASE).unwrap_or(now);
        for _ in 0..MAX_PER_ROUND {
            let mut tx = self.store.write().await?;
            let taken = tx.take_due_emails(now, lease_until, 1).await?;
            // Committed before sending: the lease must be visible to every other sender.
            tx.commit().await?;
            let Some(message) = taken.into_iter().next() else { break };
            let outcome = mailer.send(&message, now).await;
            let mut tx = self.store.write().await?;
            match &outcome {
                Ok(()) => {
                    tx.mark_email_sent(message.id, now).await?;
                    report.sent += 1;
                }
                Err(SendFailure::Rejected(error)) => {
                    tracing::warn!(id = %message.id, %error, "e-mail refused for good; kept as failed");
                    tx.mark_email_failed(message.id, error, None).await?;
                    report.rejected += 1;
                }
                Err(SendFailure::Deferred(error) | SendFailure::Unavailable(error)) => {
                    let retry_at = now.saturating_add(backoff(message.attempts)).unwrap_or(now);
                    tracing::warn!(id = %message.id, %error, %retry_at, "e-mail not sent; will retry");
                    tx.mark_email_failed(message.id, error, Some(retry_at)).await?;
                    report.retrying += 1;
                }
            }
            tx.commit().await?;
            if matches!(outcome, Err(SendFailure::Unavailable(_))) {
                break;
            }
        }
        Ok(report)
    }
}

impl App {
    /// How many messages are pending, sent and failed (for operators).
    pub async fn outbox_counts(&self, actor: &Actor) -> Result<OutboxCounts> {
        policy::authorize_system(actor)?;
        Ok(self.store.read().await?.outbox_counts().await?)
    }

    /// Puts the messages refused for good back in the queue, after an operator fixed the cause (an
    /// address, the relay's rules); returns how many.
    pub async fn retry_failed_emails(&self, actor: &Actor) -> Result<u64> {
        policy::authorize_system(actor)?;
        let mut tx = self.store.write().await?;
        let retried = tx.retry_failed_emails(self.clock.now()).await?;
        tx.commit().await?;
        Ok(retried)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(host: &str, username: Option<&str>, password: Option<&str>) -> MailConfig {
        MailConfig {
            host: host.into(),
            port: 25,
            from: "Hệ thống nqtrack <nqtrack@tuyenquang.gov.vn>".into(),
            username: username.map(Into::into),
            password: password.map(Into::into),
        }
    }

    #[test]
    fn credentials_stay_on_this_machine() {
        assert!(Mailer::new(&config("localhost", Some("nq"), Some("bí mật"))).is_ok());
        assert!(Mailer::new(&config("127.0.0.1", Some("nq"), Some("bí mật"))).is_ok());
        assert!(Mailer::new(&config("[::1]", Some("nq"), Some("bí mật"))).is_ok());
        assert_eq!(
            Mailer::new(&config("mail.gov.vn", Some("nq"), Some("bí mật"))).err(),
            Some(MailConfigError::CredentialsInClear("mail.gov.vn".into()))
        );
        assert!(Mailer::new(&config("mail.gov.vn", None, None)).is_ok());
        assert_eq!(Mailer::new(&config("localhost", Some("nq"), None)).err(), Some(MailConfigError::HalfCredentials));
        assert_eq!(Mailer::new(&config(" ", None, None)).err(), Some(MailConfigError::NoHost));
        let bad_from = MailConfig { from: "not an address".into(), ..config("localhost", None, None) };
        assert!(matches!(Mailer::new(&bad_from), Err(MailConfigError::BadFrom(_))));
    }

    #[test]
    fn the_password_is_never_printed() {
        let shown = format!("{:?}", config("localhost", Some("nq"), Some("bí mật")));
        assert!(!shown.contains("bí mật") && shown.contains("***"), "{shown}");
        let mailer = Mailer::new(&config("localhost", Some("nq"), Some("bí mật"))).expect("valid");
        assert!(!format!("{mailer:?}").contains("bí mật"));
    }

    #[test]
    fn backoff_doubles_up_to_six_hours() {
        let minutes: Vec<i64> = [0, 1, 2, 3, 9, 10, 1000].iter().map(|&a| backoff(a).as_mins()).collect();
        assert_eq!(minutes, [1, 1, 2, 4, 256, 360, 360]);
    }
}
