//! Urging (đôn đốc): reminders before a deadline, a notice when it is missed, escalation to the
//! leader in charge and the assigning unit after some days overdue, and reminders for regular tasks
//! not reported in the month; then one e-mail digest per person and day; and the background loop
//! that runs both.
//!
//! Every notice has a dedupe key (kind, task, deadline or period), unique per person in the store,
//! so the job can be run again, by a second server or after a crash, without telling anyone twice.
//! Notices are not audited one by one: they are the system's own messages, not a user's change to
//! the programme's data, and they are themselves a dated, permanent record (`notifications`).

use std::future::Future;
use std::time::Duration;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan as _};
use nqtrack_domain::dates::{date_in_vietnam, format_date, vietnam};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::task::Confidentiality;
use nqtrack_store::{Notification, OutboxMessage, UrgingSelection, UrgingTask};
use serde::Serialize;
use uuid::Uuid;

use crate::mail::{DeliveryReport, Mailer};
use crate::{App, AppError, Result};

/// When and how to urge; `[urging]` in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgingSettings {
    /// Remind the presiding unit this many days before a deadline (each day in the list once).
    pub reminder_days: Vec<u16>,
    /// Escalate a task overdue by this many days to the leader in charge and the assigning unit.
    pub escalate_after_days: u16,
    /// Remind regular tasks not yet reported this month when the month ends within this many days.
    pub regular_report_warning_days: u16,
    /// The hour (Vietnam time, 0–23) of the daily run.
    pub run_hour: u8,
    /// Where people open nqtrack (e.g. `https://nqtrack.tuyenquang.gov.vn`), for links in e-mails;
    /// empty leaves links out.
    pub public_url: String,
}

impl Default for UrgingSettings {
    fn default() -> Self {
        Self {
            reminder_days: vec![7, 1],
            escalate_after_days: 3,
            regular_report_warning_days: 5,
            run_hour: 7,
            public_url: String::new(),
        }
    }
}

/// How many notifications one run created, by kind (people already told are not counted again).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct UrgingReport {
    pub reminders: u64,
    pub missed: u64,
    pub escalations: u64,
    pub regular: u64,
    /// Reminders and missed notices to units that have not submitted an indicator round.
    pub indicators: u64,
}

impl UrgingReport {
    pub fn total(&self) -> u64 {
        self.reminders + self.missed + self.escalations + self.regular + self.indicators
    }
}

/// What a notice is about; the text of `kind` in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notice {
    /// `days` before the deadline.
    Remind { days: u16 },
    /// The deadline has passed.
    Missed,
    /// Overdue long enough to tell the leader in charge and the assigning unit.
    Escalate,
    /// A regular task not reported in `period`.
    Regular { period: Period },
}

impl Notice {
    fn kind(self) -> &'static str {
        match self {
            Notice::Remind { .. } => "remind",
            Notice::Missed => "missed",
            Notice::Escalate => "escalate",
            Notice::Regular { .. } => "regular",
        }
    }

    /// Unique per person: one reminder of each kind per task and deadline (a new deadline after an
    /// extension is reminded afresh), one regular reminder per task and month.
    fn dedupe_key(self, task: &UrgingTask) -> String {
        let deadline = task.deadline.map(|d| d.to_string()).unwrap_or_default();
        match self {
            Notice::Remind { days } => format!("remind{days}:{}:{deadline}", task.id),
            Notice::Missed => format!("missed:{}:{deadline}", task.id),
            Notice::Escalate => format!("escalate:{}:{deadline}", task.id),
            Notice::Regular { period } => format!("regular:{}:{}", task.id, period.label()),
        }
    }

    /// The subject and body, in Vietnamese. A secret task is named by its code only: notices are
    /// also e-mailed, and secret content does not travel by ordinary e-mail.
    fn text(self, task: &UrgingTask, today: Date) -> (String, String) {
        let code = &task.code;
        let named = if task.confidentiality == Confidentiality::Secret {
            format!("Nhiệm vụ {code} (mật)")
        } else {
            format!("Nhiệm vụ {code} “{}”", task.title)
        };
        let deadline = task.deadline.map(format_date).unwrap_or_default();
        let unit = &task.presiding_name;
        match self {
            Notice::Remind { days } => (
                format!("Nhắc hạn: nhiệm vụ {code} đến hạn ngày {deadline}"),
                format!(
                    "{named} do {unit} chủ trì đến hạn ngày {deadline} (còn {days} ngày). Đề nghị khẩn trương \
                     hoàn thành và báo cáo kết quả; nếu cần thêm thời gian, đề nghị gia hạn trước ngày {deadline}."
                ),
            ),
            Notice::Missed => (
                format!("Quá hạn: nhiệm vụ {code} đã hết hạn ngày {deadline}"),
                format!(
                    "{named} do {unit} chủ trì đã hết hạn ngày {deadline} nhưng chưa được báo cáo hoàn thành. \
                     Đề nghị khẩn trương hoàn thành, báo cáo kết quả và nêu rõ nguyên nhân chậm."
                ),
            ),
            Notice::Escalate => {
                let overdue = task.deadline.and_then(|d| d.until(today).ok()).map_or(0, |span| span.get_days());
                (
                    format!("Đôn đốc: nhiệm vụ {code} quá hạn {overdue} ngày"),
                    format!(
                        "{named} do {unit} chủ trì đã quá hạn {overdue} ngày (hạn {deadline}) mà chưa hoàn thành. \
                         Thông báo gửi đơn vị chủ trì, lãnh đạo phụ trách và đơn vị giao nhiệm vụ để chỉ đạo, \
                         đôn đốc thực hiện."
                    ),
                )
            }
            Notice::Regular { period } => {
                let label = period.label_vi();
                let end = format_date(period.end());
                (
                    format!("Chưa báo cáo: nhiệm vụ thường xuyên {code}, {label}"),
                    format!(
                        "{named} do {unit} chủ trì chưa có báo cáo tiến độ {label}. Kỳ báo cáo kết thúc ngày {end}; \
                         đề nghị báo cáo trước ngày này."
                    ),
                )
            }
        }
    }
}

/// Tasks read per page of a run: each page is one short write transaction.
const TASK_PAGE: i64 = 500;
/// Recipients read per page when queueing digests.
const DIGEST_PAGE: i64 = 200;
/// A digest lists at most this many notices; the rest are counted and wait in the application.
const DIGEST_ITEMS: usize = 50;

fn shift(date: Date, days: i64) -> Result<Date> {
    date.checked_add(days.days()).map_err(|e| AppError::Internal(format!("date out of range: {e}")))
}

impl App {
    /// Creates the notifications due on `today`: reminders `reminder_days` before deadlines, a notice
    /// for deadlines just missed, escalations for tasks overdue `escalate_after_days` or more, and
    /// reminders for regular tasks not reported this month when it ends within
    /// `regular_report_warning_days`; and, for open indicator rounds, reminders `reminder_days` before a
    /// level's due date and a notice once it has passed to the units that have not submitted. People already told are skipped, so running it twice for the
    /// same day creates nothing new.
    ///
    /// A missed notice goes out on the first day overdue, or on a later one if the job did not run
    /// that day, until escalation takes over.
    pub async fn run_urging(&self, today: Date) -> Result<UrgingReport> {
        let settings = &self.settings.urging;
        let mut report = UrgingReport::default();
        let mut days = settings.reminder_days.clone();
        days.sort_unstable();
        days.dedup();
        for days in days.into_iter().filter(|&d| d > 0) {
            let due = shift(today, i64::from(days))?;
            report.reminders += self.notify(UrgingSelection::DueOn(due), Notice::Remind { days }, today).await?;
        }
        let escalate_after = i64::from(settings.escalate_after_days.max(1));
        let missed = UrgingSelection::DueBetween {
            from: Some(shift(today, -(escalate_after - 1).max(1))?),
            to: shift(today, -1)?,
        };
        report.missed += self.notify(missed, Notice::Missed, today).await?;
        let overdue = UrgingSelection::DueBetween { from: None, to: shift(today, -escalate_after)? };
        report.escalations += self.notify(overdue, Notice::Escalate, today).await?;

        let month = Period::containing(Periodicity::Month, today);
        let days_left = today.until(month.end()).map_or(i32::MAX, |span| span.get_days());
        if days_left <= i32::from(settings.regular_report_warning_days) {
            let unreported = UrgingSelection::RegularUnreported { since: month.start(), as_of: today };
            report.regular += self.notify(unreported, Notice::Regular { period: month }, today).await?;
        }
        report.indicators = self.urge_indicator_rounds(today).await?;
        Ok(report)
    }

    /// Notifies the recipients of every task of `selection`, a page of tasks per transaction (a crash
    /// midway loses nothing: the rerun skips who was told). Returns how many notifications are new.
    async fn notify(&self, selection: UrgingSelection, notice: Notice, today: Date) -> Result<u64> {
        let escalate = notice == Notice::Escalate;
        let mut created = 0;
        let mut after = None;
        loop {
            let mut tx = self.store.write().await?;
            let tasks = tx.urging_tasks(selection, after, TASK_PAGE).await?;
            let Some(last) = tasks.last() else { break };
            after = Some(last.id);
            let ids: Vec<Uuid> = tasks.iter().map(|t| t.id).collect();
            let recipients = tx.urging_recipients(&ids, escalate).await?;
            let now = self.clock.now();
            let mut notifications = Vec::with_capacity(recipients.len());
            for task in &tasks {
                let (subject, body) = notice.text(task, today);
                let dedupe_key = notice.dedupe_key(task);
                for recipient in recipients.iter().filter(|r| r.task_id == task.id) {
                    notifications.push(Notification {
                        id: Uuid::now_v7(),
                        user_id: recipient.user_id,
                        kind: notice.kind().to_owned(),
                        task_id: Some(task.id),
                        subject: subject.clone(),
                        body: body.clone(),
                        link: format!("/tasks/{}", task.id),
                        dedupe_key: dedupe_key.clone(),
                        created_at: now,
                        read_at: None,
                        emailed_at: None,
                    });
                }
            }
            created += tx.insert_notifications(&notifications).await?;
            tx.commit().await?;
            if (tasks.len() as i64) < TASK_PAGE {
                break;
            }
        }
        Ok(created)
    }

    /// Queues at most one e-mail per person for the day of `now` (in Vietnam), carrying that
    /// person's notifications not yet e-mailed; they are marked e-mailed in the same transaction.
    /// A person who already has a digest for the day keeps the newer notifications for the next
    /// one. People without an address or disabled get none. Returns how many digests were queued.
    pub async fn queue_digests(&self, now: Timestamp) -> Result<u64> {
        let digest_on = date_in_vietnam(now);
        let mut queued = 0;
        let mut after = None;
        loop {
            let recipients = self.store.read().await?.digest_recipients(now, after, DIGEST_PAGE).await?;
            let Some(last) = recipients.last() else { break };
            after = Some(last.user_id);
            for recipient in &recipients {
                let mut tx = self.store.write().await?;
                let items = tx.unemailed_notifications(recipient.user_id, now).await?;
                if items.is_empty() {
                    continue;
                }
                let (subject, body) = self.digest_text(&recipient.display_name, digest_on, &items);
                let message =
                    OutboxMessage::digest(recipient.user_id, recipient.email.clone(), digest_on, subject, body, now);
                if tx.enqueue_email(&message).await? {
                    let ids: Vec<Uuid> = items.iter().map(|n| n.id).collect();
                    tx.mark_notifications_emailed(&ids, now).await?;
                    tx.commit().await?;
                    queued += 1;
                }
            }
            if (recipients.len() as i64) < DIGEST_PAGE {
                break;
            }
        }
        Ok(queued)
    }

    fn digest_text(&self, name: &str, day: Date, items: &[Notification]) -> (String, String) {
        let base = self.settings.urging.public_url.trim().trim_end_matches('/');
        let subject = format!("[nqtrack] {} thông báo mới ngày {}", items.len(), format_date(day));
        let mut body = format!(
            "Kính gửi {name},\n\nHệ thống theo dõi, đôn đốc thực hiện Nghị quyết 57-NQ/TW có {} thông báo mới:\n\n",
            items.len()
        );
        for (n, item) in items.iter().take(DIGEST_ITEMS).enumerate() {
            body.push_str(&format!("{}. {}\n   {}\n", n + 1, item.subject, item.body));
            if !base.is_empty() {
                body.push_str(&format!("   {base}{}\n", item.link));
            }
            body.push('\n');
        }
        if items.len() > DIGEST_ITEMS {
            body.push_str(&format!("... và {} thông báo khác.\n\n", items.len() - DIGEST_ITEMS));
        }
        if base.is_empty() {
            body.push_str("Xem tất cả thông báo tại mục “Thông báo” của hệ thống nqtrack.\n\n");
        } else {
            body.push_str(&format!("Xem tất cả thông báo: {base}/notifications\n\n"));
        }
        body.push_str("Thư này được gửi tự động, mỗi ngày nhiều nhất một thư. Vui lòng không trả lời thư này.\n");
        (subject, body)
    }
}

/// The name of the daily urging job in the `jobs` table.
pub const URGING_JOB: &str = "urging";
/// How long one instance holds the urging job: a run at national scale takes well under this, and
/// if the instance dies, another takes over after it.
const JOB_LEASE: SignedDuration = SignedDuration::from_mins(30);
/// After a failed run, try again this much later rather than tomorrow.
const JOB_RETRY: SignedDuration = SignedDuration::from_mins(15);
/// How often the background loop wakes up.
const TICK: Duration = Duration::from_secs(60);

/// What one background round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RoundReport {
    /// Set when this round ran the daily urging job.
    pub urging: Option<UrgingReport>,
    pub digests: u64,
    /// Set when e-mail is on.
    pub delivery: Option<DeliveryReport>,
}

/// The instant of `hour`:00 in Vietnam on `day`.
fn at_hour(day: Date, hour: u8) -> Result<Timestamp> {
    let hour = i8::try_from(hour.min(23)).unwrap_or(0);
    day.at(hour, 0, 0, 0)
        .to_zoned(vietnam())
        .map(|zoned| zoned.timestamp())
        .map_err(|e| AppError::Internal(format!("cannot place the daily run: {e}")))
}

impl App {
    /// One round of background work for the instance `owner`: the daily urging job (with the
    /// digests) if it is due and no other instance holds it, then the outbox if e-mail is on.
    pub async fn background_round(&self, mailer: Option<&Mailer>, owner: &str) -> Result<RoundReport> {
        let mut round = RoundReport::default();
        let now = self.clock.now();
        let today = date_in_vietnam(now);
        let run_hour = self.settings.urging.run_hour;
        let lease_until = now.saturating_add(JOB_LEASE).unwrap_or(now);
        let mut tx = self.store.write().await?;
        let job = tx.take_job(URGING_JOB, owner, now, lease_until, at_hour(today, run_hour)?).await?;
        tx.commit().await?;
        if job.is_some() {
            // The digests read the clock again: they must carry the notices this run just wrote.
            let outcome = async {
                let urging = self.run_urging(today).await?;
                Ok::<_, AppError>((urging, self.queue_digests(self.clock.now()).await?))
            }
            .await;
            let (next_run, error) = match &outcome {
                Ok(_) => {
                    let today_run = at_hour(today, run_hour)?;
                    let next = if now < today_run { today_run } else { at_hour(shift(today, 1)?, run_hour)? };
                    (next, String::new())
                }
                Err(error) => (now.saturating_add(JOB_RETRY).unwrap_or(now), error.to_string()),
            };
            let mut tx = self.store.write().await?;
            tx.finish_job(URGING_JOB, owner, now, next_run, &error).await?;
            tx.commit().await?;
            let (urging, digests) = outcome?;
            tracing::info!(?urging, digests, "daily urging done");
            round.urging = Some(urging);
            round.digests = digests;
        }
        if let Some(mailer) = mailer {
            round.delivery = Some(self.deliver_outbox(mailer, self.clock.now()).await?);
        }
        Ok(round)
    }
}

/// Runs the background work every minute until `shutdown` completes: the daily urging job (at
/// `run_hour`, Vietnam time, taken by one instance through the job lease), the outbox, and today's
/// task counts kept warm. A round
/// under way when `shutdown` comes is finished first, so a message being sent is recorded as sent.
/// Without a mailer, e-mail is off: digests are queued and wait in the outbox.
pub async fn run_background(app: App, mailer: Option<Mailer>, shutdown: impl Future<Output = ()>) {
    // A fresh owner per process: a restarted server must not mistake an old lease for its own.
    let owner = format!("nqtrack-{}", Uuid::now_v7());
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            biased;
            () = &mut shutdown => break,
            _ = ticks.tick() => {}
        }
        match app.background_round(mailer.as_ref(), &owner).await {
            Ok(round) => {
                if let Some(delivery) = round.delivery.filter(|d| *d != DeliveryReport::default()) {
                    tracing::info!(?delivery, "outbox delivered");
                }
            }
            Err(error) => tracing::error!(%error, "background round failed; retrying in a minute"),
        }
        if let Err(error) = app.warm_task_counts().await {
            tracing::warn!(%error, "task counts not warmed; they are counted when asked for");
        }
    }
    tracing::info!("background work stopped");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_daily_run_is_at_the_hour_in_vietnam() {
        let at = at_hour(jiff::civil::date(2026, 11, 22), 7).expect("valid");
        assert_eq!(at, "2026-11-22T00:00:00Z".parse::<Timestamp>().expect("valid"));
        let late = at_hour(jiff::civil::date(2026, 11, 22), 99).expect("clamped");
        assert_eq!(late, "2026-11-22T16:00:00Z".parse::<Timestamp>().expect("valid"));
    }
}
