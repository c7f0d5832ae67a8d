//! The audit chain: each entry carries the hash of the one before, so an edited, inserted or deleted
//! entry breaks every hash after it and `nqtrack audit verify` can say where.

use jiff::Timestamp;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The hash that precedes the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One recorded change. `before` and `after` are JSON text exactly as hashed, so that a database
/// reformatting JSON cannot change what was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: Timestamp,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// The unit the object belongs to, so the history can be filtered by the reader's scope.
    pub unit_path: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The content of an entry before it is placed in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub unit_path: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditEvent {
    /// Places the event after the entry `(prev_seq, prev_hash)`.
    pub fn chain(self, prev_seq: i64, prev_hash: &str, at: Timestamp) -> AuditEntry {
        let mut entry = AuditEntry {
            seq: prev_seq + 1,
            at,
            actor_id: self.actor_id,
            actor_name: self.actor_name,
            action: self.action,
            object_type: self.object_type,
            object_id: self.object_id,
            unit_path: self.unit_path,
            before: self.before,
            after: self.after,
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry);
        entry
    }
}

/// SHA-256 over every field but the hash itself, each length-prefixed so no two entries share an input.
pub fn entry_hash(entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    let actor_id = entry.actor_id.map(|id| id.to_string()).unwrap_or_default();
    let at = entry.at.as_millisecond().to_string();
    let seq = entry.seq.to_string();
    let optional = |value: &Option<String>| value.clone().map(|v| format!("+{v}")).unwrap_or_default();
    for field in [
        entry.prev_hash.as_str(),
        &seq,
        &at,
        &actor_id,
        &entry.actor_name,
        &entry.action,
        &entry.object_type,
        &entry.object_id,
        &optional(&entry.unit_path),
        &optional(&entry.before),
        &optional(&entry.after),
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("entry {seq}: its content does not match its hash (edited)")]
    Tampered { seq: i64 },
    #[error("entry {seq}: it does not follow entry {previous} (an entry was deleted or inserted)")]
    Gap { seq: i64, previous: i64 },
    #[error("entry {seq}: its link to the previous entry is wrong")]
    BrokenLink { seq: i64 },
    #[error("the chain ends at entry {last} but {expected} entries were written (entries removed at the end)")]
    Truncated { last: i64, expected: i64 },
}

/// Checks entries in sequence order, one at a time, so a long log never has to fit in memory.
#[derive(Debug)]
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self { last_seq: 0, last_hash: GENESIS_HASH.to_owned() }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        if entry.seq != self.last_seq + 1 {
            return Err(ChainBreak::Gap { seq: entry.seq, previous: self.last_seq });
        }
        if entry_hash(entry) != entry.hash {
            return Err(ChainBreak::Tampered { seq: entry.seq });
        }
        if entry.prev_hash != self.last_hash {
            return Err(ChainBreak::BrokenLink { seq: entry.seq });
        }
        self.last_seq = entry.seq;
        self.last_hash = entry.hash.clone();
        Ok(())
    }

    /// Compares the end of the chain with the head kept beside it, which catches deletions at the tail.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        if self.last_seq != head_seq || self.last_hash != head_hash {
            return Err(ChainBreak::Truncated { last: self.last_seq, expected: head_seq });
        }
        Ok(self.last_seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: usize) -> AuditEvent {
        AuditEvent {
            actor_id: Some(Uuid::nil()),
            actor_name: "admin".into(),
            action: "unit.create".into(),
            object_type: "unit".into(),
            object_id: n.to_string(),
            unit_path: None,
            before: None,
            after: Some(format!("{{\"n\":{n}}}")),
        }
    }

    fn chain(n: usize) -> Vec<AuditEntry> {
        let at = Timestamp::from_second(1_750_000_000).expect("valid");
        let mut entries: Vec<AuditEntry> = Vec::new();
        for i in 0..n {
            let (seq, hash) = entries.last().map(|e| (e.seq, e.hash.clone())).unwrap_or((0, GENESIS_HASH.into()));
            entries.push(event(i).chain(seq, &hash, at));
        }
        entries
    }

    fn verify(entries: &[AuditEntry], head: (i64, &str)) -> Result<i64, ChainBreak> {
        let mut verifier = ChainVerifier::default();
        for entry in entries {
            verifier.push(entry)?;
        }
        verifier.finish(head.0, head.1)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let entries = chain(5);
        let last = entries.last().expect("five entries");
        assert_eq!(verify(&entries, (5, &last.hash)), Ok(5));
    }

    #[test]
    fn edits_deletions_and_truncation_are_found() {
        let entries = chain(5);
        let head = entries[4].hash.clone();

        let mut edited = entries.clone();
        edited[2].after = Some("{\"n\":99}".into());
        assert_eq!(verify(&edited, (5, &head)), Err(ChainBreak::Tampered { seq: 3 }));

        let mut deleted = entries.clone();
        deleted.remove(1);
        assert_eq!(verify(&deleted, (5, &head)), Err(ChainBreak::Gap { seq: 3, previous: 1 }));

        let truncated = &entries[..3];
        assert_eq!(verify(truncated, (5, &head)), Err(ChainBreak::Truncated { last: 3, expected: 5 }));

        // Rewriting an entry and its own hash still breaks the link of the next one.
        let mut rehashed = entries.clone();
        rehashed[1].actor_name = "mallory".into();
        rehashed[1].hash = entry_hash(&rehashed[1]);
        assert_eq!(verify(&rehashed, (5, &head)), Err(ChainBreak::BrokenLink { seq: 3 }));
    }
}
