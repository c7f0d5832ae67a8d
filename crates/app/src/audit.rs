//! Writing audit entries and reading history.

use nqtrack_domain::audit::{AuditEntry, AuditEvent, ChainBreak, ChainVerifier};
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::unit::UnitPath;
use nqtrack_store::{AuditFilter, Tx};
use serde::Serialize;

use crate::{App, AppError, Result};

/// Serialises a record for the log; `None` when there is no before (creation) or after (deletion).
pub(crate) fn snapshot<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// One change to record, written by [`Change::record`] inside the use case's transaction.
pub(crate) struct Change<'a> {
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: String,
    pub unit_path: Option<&'a UnitPath>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl<'a> Change<'a> {
    /// A change to one unit, recorded with its state before and after.
    pub(crate) fn unit_edit(
        action: &'static str,
        before: &nqtrack_store::Unit,
        after: &'a nqtrack_store::Unit,
    ) -> Self {
        Change {
            action,
            object_type: "unit",
            object_id: after.id.to_string(),
            unit_path: Some(&after.path),
            before: snapshot(before),
            after: snapshot(after),
        }
    }

    pub(crate) async fn record(self, tx: &mut Tx, actor: &Actor, at: jiff::Timestamp) -> Result<AuditEntry> {
        let event = AuditEvent {
            actor_id: actor.user_id(),
            actor_name: actor.display_name(),
            action: self.action.to_owned(),
            object_type: self.object_type.to_owned(),
            object_id: self.object_id,
            unit_path: self.unit_path.map(|p| p.as_str().to_owned()),
            before: self.before,
            after: self.after,
        };
        Ok(tx.append_audit(event, at).await?)
    }
}

/// How many entries one page of history shows.
pub const HISTORY_PAGE: i64 = 50;

impl App {
    /// The history of one object, newest first, limited to what the actor's scope may see.
    pub async fn object_history(
        &self,
        actor: &Actor,
        object_type: &str,
        object_id: &str,
        before_seq: Option<i64>,
    ) -> Result<Vec<AuditEntry>> {
        let scope = policy::scope(actor, Action::ViewAudit);
        if scope.is_empty() {
            return Err(AppError::Denied(policy::Denied { action: Action::ViewAudit }));
        }
        let mut tx = self.store.read().await?;
        let filter = AuditFilter::Object { object_type, object_id };
        Ok(tx.audit_history(filter, &scope, before_seq, HISTORY_PAGE).await?)
    }

    /// Recent changes anywhere in the actor's scope, newest first.
    pub async fn recent_history(&self, actor: &Actor, before_seq: Option<i64>) -> Result<Vec<AuditEntry>> {
        let scope = policy::scope(actor, Action::ViewAudit);
        if scope.is_empty() {
            return Err(AppError::Denied(policy::Denied { action: Action::ViewAudit }));
        }
        let mut tx = self.store.read().await?;
        Ok(tx.audit_history(AuditFilter::Everything, &scope, before_seq, HISTORY_PAGE).await?)
    }

    /// Walks the whole chain in pages and checks every link; returns the number of entries checked,
    /// or where the chain is broken.
    pub async fn verify_audit(&self, actor: &Actor) -> Result<std::result::Result<i64, ChainBreak>> {
        policy::authorize_system(actor)?;
        const PAGE: i64 = 5_000;
        let mut tx = self.store.read().await?;
        let (head_seq, head_hash) = tx.audit_head().await?;
        let mut verifier = ChainVerifier::default();
        let mut after = 0;
        loop {
            let page = tx.audit_page(after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for entry in &page {
                if let Err(broken) = verifier.push(entry) {
                    return Ok(Err(broken));
                }
            }
        }
        Ok(verifier.finish(head_seq, &head_hash))
    }
}
