//! A person's own notifications: the list, the unread count, marking read.
//!
//! Reading and marking one's own notifications write no audit entry: the audit log records changes
//! to the programme's data that others rely on (tasks, units, accounts), and whether someone has
//! opened a reminder changes nothing anyone else sees.

use nqtrack_domain::policy::Actor;
use nqtrack_store::Notification;
use serde::Serialize;
use uuid::Uuid;

use crate::{App, AppError, Result};

/// How many notifications one page shows.
pub const NOTIFICATION_PAGE: i64 = 30;

/// One page of a person's notifications, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    /// How many of all the person's notifications are unread.
    pub unread: i64,
    /// Pass as `before` for the next (older) page; `None` on the last page.
    pub next_before: Option<Uuid>,
}

/// Notifications belong to accounts: anonymous visitors and the server's operator have none.
fn own_account(actor: &Actor) -> Result<Uuid> {
    actor.user_id().ok_or(AppError::Unauthenticated)
}

impl App {
    /// The caller's notifications, newest first, a page at a time (`before`: the previous page's
    /// `next_before`).
    pub async fn notifications(&self, actor: &Actor, before: Option<Uuid>) -> Result<NotificationPage> {
        let user_id = own_account(actor)?;
        let mut tx = self.store.read().await?;
        let items = tx.notifications_of(user_id, before, NOTIFICATION_PAGE).await?;
        let unread = tx.unread_notification_count(user_id).await?;
        let next_before = if items.len() as i64 == NOTIFICATION_PAGE { items.last().map(|n| n.id) } else { None };
        Ok(NotificationPage { items, unread, next_before })
    }

    pub async fn unread_count(&self, actor: &Actor) -> Result<i64> {
        let user_id = own_account(actor)?;
        Ok(self.store.read().await?.unread_notification_count(user_id).await?)
    }

    /// Marks one of the caller's notifications read; someone else's is "not found", so that ids
    /// cannot be probed.
    pub async fn mark_read(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let user_id = own_account(actor)?;
        let mut tx = self.store.write().await?;
        if !tx.mark_notification_read(user_id, id, self.clock.now()).await? {
            return Err(AppError::NotFound("notification"));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Marks all the caller's notifications read; returns how many were unread.
    pub async fn mark_all_read(&self, actor: &Actor) -> Result<u64> {
        let user_id = own_account(actor)?;
        let mut tx = self.store.write().await?;
        let marked = tx.mark_all_notifications_read(user_id, self.clock.now()).await?;
        tx.commit().await?;
        Ok(marked)
    }
}
