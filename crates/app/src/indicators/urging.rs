//! Urging for indicator rounds: the units that must report and have not submitted are reminded
//! `reminder_days` before their level's due date and told once when it has passed, through the same
//! notifications and daily e-mail digest as tasks. Dedupe keys (round, unit, notice) make a rerun,
//! by a second server or after a crash, tell nobody twice.

use jiff::civil::Date;
use nqtrack_domain::dates::format_date;
use nqtrack_domain::unit::Level;
use nqtrack_store::{Liveness, Notification, RoundRecord, Unit};
use uuid::Uuid;

use super::Catalogue;
use crate::{App, Result};

/// Units handled per write transaction.
const UNIT_PAGE: usize = 500;

/// What a unit is told about a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RoundNotice {
    Remind { days: u16 },
    Missed,
}

impl RoundNotice {
    /// The notice due `today` for a level whose units must submit by `due`, if any.
    fn due_on(today: Date, due: Date, reminder_days: &[u16]) -> Option<Self> {
        let days_left = today.until(due).ok()?.get_days();
        if days_left < 0 {
            return Some(RoundNotice::Missed);
        }
        reminder_days
            .iter()
            .copied()
            .find(|&days| i32::from(days) == days_left)
            .map(|days| RoundNotice::Remind { days })
    }

    fn kind(self) -> &'static str {
        match self {
            RoundNotice::Remind { .. } => "indicator-remind",
            RoundNotice::Missed => "indicator-missed",
        }
    }

    fn dedupe_key(self, round: Uuid, unit: Uuid) -> String {
        match self {
            RoundNotice::Remind { days } => format!("indicator-remind{days}:{round}:{unit}"),
            RoundNotice::Missed => format!("indicator-missed:{round}:{unit}"),
        }
    }

    /// The subject and body, in Vietnamese like the task notices.
    fn text(self, data_set: &str, period: &str, unit: &str, due: Date) -> (String, String) {
        let due = format_date(due);
        match self {
            RoundNotice::Remind { days } => (
                format!("Nhắc báo cáo chỉ tiêu: {data_set}, {period}, hạn {due}"),
                format!(
                    "{unit} chưa gửi số liệu “{data_set}” {period}; hạn gửi ngày {due} (còn {days} ngày). \
                     Đề nghị nhập, kiểm tra và gửi số liệu trước hạn."
                ),
            ),
            RoundNotice::Missed => (
                format!("Quá hạn báo cáo chỉ tiêu: {data_set}, {period}"),
                format!(
                    "{unit} chưa gửi số liệu “{data_set}” {period}, đã quá hạn ngày {due}. Đề nghị khẩn trương \
                     gửi số liệu và nêu rõ nguyên nhân chậm."
                ),
            ),
        }
    }
}

impl App {
    /// Creates the notices due on `today` for every open round: reminders and a missed notice to the
    /// accounts of each unit that must report and has not submitted. Returns how many are new.
    pub(crate) async fn urge_indicator_rounds(&self, today: Date) -> Result<u64> {
        let reminder_days = &self.settings.urging.reminder_days;
        let mut tx = self.store.read().await?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let roots: Vec<Unit> = tx.root_units(Liveness::Live).await?.into_iter().map(|r| r.unit).collect();
        let mut due_work = Vec::new();
        for data_set in tx.data_sets().await? {
            for round in tx.rounds_of_data_set(data_set.id).await? {
                if round.round.closed || round.round.is_locked(today) {
                    continue;
                }
                for &(level, due) in &round.round.due_dates {
                    let reports = !catalogue.form_for(&data_set.data_set, level).is_empty();
                    if let Some(notice) = RoundNotice::due_on(today, due, reminder_days).filter(|_| reports) {
                        due_work.push((data_set.data_set.name.as_str().to_owned(), round.clone(), level, due, notice));
                    }
                }
            }
        }
        drop(tx);
        let mut created = 0;
        for (data_set, round, level, due, notice) in due_work {
            created += self.notify_round(&roots, &data_set, &round, level, due, notice).await?;
        }
        Ok(created)
    }

    async fn notify_round(
        &self,
        roots: &[Unit],
        data_set: &str,
        round: &RoundRecord,
        level: Level,
        due: Date,
        notice: RoundNotice,
    ) -> Result<u64> {
        let period = round.round.period.label_vi();
        let mut missing = Vec::new();
        {
            let mut tx = self.store.read().await?;
            for root in roots {
                let submitted: std::collections::HashSet<Uuid> = tx
                    .submissions_within(round.id, &root.path)
                    .await?
                    .into_iter()
                    .filter(|s| s.submitted_on.is_some())
                    .map(|s| s.unit_id)
                    .collect();
                let units = tx.units_below_at_levels(&root.path, &[level]).await?;
                missing.extend(units.into_iter().filter(|unit| !submitted.contains(&unit.id)));
            }
        }
        let mut created = 0;
        for page in missing.chunks(UNIT_PAGE) {
            let mut tx = self.store.write().await?;
            let ids: Vec<Uuid> = page.iter().map(|unit| unit.id).collect();
            let accounts = tx.unit_accounts(&ids).await?;
            let now = self.clock.now();
            let mut notifications = Vec::with_capacity(accounts.len());
            for unit in page {
                let (subject, body) = notice.text(data_set, &period, &unit.name, due);
                for (_, user_id) in accounts.iter().filter(|(unit_id, _)| *unit_id == unit.id) {
                    notifications.push(Notification {
                        id: Uuid::now_v7(),
                        user_id: *user_id,
                        kind: notice.kind().to_owned(),
                        task_id: None,
                        subject: subject.clone(),
                        body: body.clone(),
                        link: format!("/indicator-rounds/{}/units/{}", round.id, unit.id),
                        dedupe_key: notice.dedupe_key(round.id, unit.id),
                        created_at: now,
                        read_at: None,
                        emailed_at: None,
                    });
                }
            }
            created += tx.insert_notifications(&notifications).await?;
            tx.commit().await?;
        }
        Ok(created)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_is_reminded_on_the_listed_days_and_told_once_late() {
        let due = jiff::civil::date(2026, 4, 15);
        let on = |day: i8| RoundNotice::due_on(jiff::civil::date(2026, 4, day), due, &[7, 1]);
        assert_eq!(on(8), Some(RoundNotice::Remind { days: 7 }));
        assert_eq!(on(9), None);
        assert_eq!(on(14), Some(RoundNotice::Remind { days: 1 }));
        assert_eq!(on(15), None);
        assert_eq!(on(16), Some(RoundNotice::Missed));
        assert_eq!(on(30), Some(RoundNotice::Missed));
    }
}
