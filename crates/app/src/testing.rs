//! Test helpers, behind the `testing` feature: a real SMTP server on a local port, so that tests of
//! e-mail delivery talk SMTP to something that answers like a relay.

use std::io::{BufRead as _, BufReader};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};

/// One message as the relay received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

/// A real SMTP server on a local port: mailin's protocol session behind a small thread-per-connection
/// TCP loop. It accepts every message and keeps it.
#[derive(Clone, Default)]
pub struct Inbox(Arc<Mutex<Vec<Received>>>);

impl Inbox {
    pub fn messages(&self) -> Vec<Received> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub fn recipients(&self) -> Vec<String> {
        let mut all: Vec<String> = self.messages().into_iter().flat_map(|m| m.to).collect();
        all.sort();
        all
    }
}

struct SmtpSession {
    inbox: Inbox,
    to: Vec<String>,
    data: Vec<u8>,
}

impl mailin::Handler for SmtpSession {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> mailin::Response {
        self.to = to.to_vec();
        self.data.clear();
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin::Response {
        let received =
            Received { to: std::mem::take(&mut self.to), data: String::from_utf8_lossy(&self.data).into_owned() };
        self.inbox.0.lock().unwrap_or_else(PoisonError::into_inner).push(received);
        mailin::response::OK
    }
}

fn smtp_connection(stream: TcpStream, inbox: Inbox) -> std::io::Result<()> {
    let peer = stream.peer_addr()?.ip();
    let mut session =
        mailin::SessionBuilder::new("smtp.test").build(peer, SmtpSession { inbox, to: Vec::new(), data: Vec::new() });
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    session.greeting().write_to(&mut writer)?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let response = session.process(&line);
        match response.action {
            mailin::Action::Reply => response.write_to(&mut writer)?,
            mailin::Action::NoReply => {}
            mailin::Action::Close | mailin::Action::UpgradeTls => {
                response.write_to(&mut writer)?;
                return Ok(());
            }
        }
    }
}

/// Starts the listener on `address` (a port reserved earlier, or `127.0.0.1:0`).
pub fn start_smtp(address: SocketAddr) -> (Inbox, SocketAddr) {
    let listener = TcpListener::bind(address).expect("bind the SMTP listener");
    let bound = listener.local_addr().expect("its address");
    let inbox = Inbox::default();
    let shared = inbox.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let inbox = shared.clone();
            std::thread::spawn(move || smtp_connection(stream, inbox));
        }
    });
    (inbox, bound)
}

/// Closes every indicator round, so that a test counting every notice of an urging run (the demo
/// data opens rounds for every unit) sees only what it set up.
pub async fn close_indicator_rounds(app: &crate::App) -> crate::Result<()> {
    let operator = nqtrack_domain::policy::Actor::Operator { name: "test".into() };
    for data_set in app.indicator_data_sets(&operator).await? {
        for round in app.indicator_rounds(&operator, data_set.id).await? {
            app.close_round(&operator, round.id, true).await?;
        }
    }
    Ok(())
}
