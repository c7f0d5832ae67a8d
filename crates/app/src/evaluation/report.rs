//! Period reports: what a unit's subtree achieved in a month, quarter, half-year, nine months, year or
//! a custom range, compared with the last report, in the prose and tables a steering committee's office
//! sends up ([`PeriodReport::document`] lays it out as an administrative document).
//!
//! The counts are the evaluation facts as of the period's end ([`App::facts_at`]): frozen when a closing
//! is in force for that date, so the report for 30/09 reads the same in December. The lists (completed,
//! overdue, difficulties, proposals) are replayed from the task history as of the same date; they are
//! not part of a closing's snapshot.
//!
//! Confidentiality: a report is read by signed-in officials whose scope covers the unit, so internal
//! tasks appear as on the task lists. A secret task is counted but its title is replaced by
//! [`SECRET_TITLE`] in the lists, and its progress notes are left out (they would tell what it is about).

use std::collections::BTreeMap;

use jiff::civil::Date;
use nqtrack_domain::dates::{date_in_vietnam, format_date, parse_date};
use nqtrack_domain::evaluation::{TaskTally, prose, report_prose};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::status::Status;
use nqtrack_domain::task::Confidentiality;
use nqtrack_domain::text::fold_vi;
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{ReportTask, TaskFilter, TaskFocus, Tx, Unit};
use serde::Serialize;
use uuid::Uuid;

use super::peers::{default_peers, resolve};
use super::rankings::Subject;
use crate::indicators::Catalogue;
use crate::{App, AppError, Result};

/// Most tasks listed as completed or overdue, and most progress notes gathered; the report says how
/// many more there are.
pub const REPORT_LIST_MAX: i64 = 200;

/// What a secret task is called in a report's lists.
pub const SECRET_TITLE: &str = "Nhiệm vụ mật";

/// The kind of period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Month,
    Quarter,
    HalfYear,
    NineMonths,
    Year,
    Custom,
}

/// The period a report covers, from `start` to `end` inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportPeriod {
    pub kind: ReportKind,
    /// As asked: `2026-09`, `2026-Q3`, `2026-H1`, `2026-9M`, `2026`, or `01/07/2026-15/08/2026`.
    pub key: String,
    pub start: Date,
    pub end: Date,
    /// In Vietnamese: "9 tháng năm 2026", "quý III năm 2026", "từ 01/07/2026 đến 15/08/2026".
    pub label: String,
}

impl ReportPeriod {
    /// Reads `period` (`2026-09`, `2026-Q3`, `2026-H1`, `2026-9M`, `2026`), or when it is empty or
    /// `custom`, the range `from`–`to` (dd/mm/yyyy). A period that has not started by `today` is refused.
    pub fn parse(period: &str, from: &str, to: &str, today: Date) -> Result<ReportPeriod, Invalid> {
        let text = period.trim();
        let parsed = if text.is_empty() || text.eq_ignore_ascii_case("custom") {
            Self::custom(from, to)?
        } else if let Some(year) = text.strip_suffix("-9M").or_else(|| text.strip_suffix("-9m")) {
            let year = Period::parse("period", year)
                .ok()
                .filter(|p| p.periodicity == Periodicity::Year)
                .ok_or_else(|| FieldError::new("period", "period-format").with_arg("value", text))?;
            let end = Period { periodicity: Periodicity::Quarter, year: year.year, index: 3 }.end();
            ReportPeriod {
                kind: ReportKind::NineMonths,
                key: format!("{}-9M", year.year),
                start: year.start(),
                end,
                label: format!("9 tháng năm {}", year.year),
            }
        } else {
            Self::of_period(Period::parse("period", text)?)
        };
        if parsed.start > today {
            let field = if parsed.kind == ReportKind::Custom { "from" } else { "period" };
            return Err(FieldError::new(field, "period-not-started")
                .with_arg("date", format_date(parsed.start))
                .into());
        }
        Ok(parsed)
    }

    fn custom(from: &str, to: &str) -> Result<ReportPeriod, Invalid> {
        let mut errors = Vec::new();
        let mut read = |field: &str, input: &str| {
            if input.trim().is_empty() {
                errors.push(FieldError::new(field, "required"));
                return None;
            }
            parse_date(field, input).map_err(|e| errors.push(e)).ok()
        };
        let (start, end) = (read("from", from), read("to", to));
        let (Some(start), Some(end)) = (start, end) else { return Err(Invalid(errors)) };
        if start > end {
            return Err(FieldError::new("to", "period-range-order").with_arg("date", format_date(start)).into());
        }
        Ok(ReportPeriod {
            kind: ReportKind::Custom,
            key: format!("{}-{}", format_date(start), format_date(end)),
            start,
            end,
            label: format!("từ {} đến {}", format_date(start), format_date(end)),
        })
    }

    fn of_period(period: Period) -> ReportPeriod {
        const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
        let (kind, label) = match period.periodicity {
            Periodicity::Month => (ReportKind::Month, format!("tháng {} năm {}", period.index, period.year)),
            Periodicity::Quarter => (
                ReportKind::Quarter,
                format!("quý {} năm {}", ROMAN[(period.index.clamp(1, 4) - 1) as usize], period.year),
            ),
            // "6 tháng đầu năm 2026" / "6 tháng cuối năm 2026", as the domain already words it.
            Periodicity::HalfYear => (ReportKind::HalfYear, period.label_vi()),
            Periodicity::Year => (ReportKind::Year, format!("năm {}", period.year)),
        };
        ReportPeriod { kind, key: period.label(), start: period.start(), end: period.end(), label }
    }

    /// The date figures are compared with when no closing says when the last report was: the end of
    /// the previous period of the same kind; for half-years, nine months and years the end of the
    /// quarter before the one the report ends in (the last quarterly report); the day before a range.
    pub fn fallback_previous_end(&self) -> Date {
        let before_start = self.start.yesterday().unwrap_or(Date::MIN);
        match self.kind {
            ReportKind::Month | ReportKind::Quarter | ReportKind::Custom => before_start,
            ReportKind::HalfYear | ReportKind::NineMonths | ReportKind::Year => {
                Period::containing(Periodicity::Quarter, self.end).previous().end()
            }
        }
    }

    /// The period rankings are read for: the report's own, the third quarter for nine months, and for a
    /// range the quarter or month ending on its last day (none otherwise: rankings exist per period).
    pub fn ranking_period(&self) -> Option<Period> {
        let ending_on_end =
            |periodicity| Some(Period::containing(periodicity, self.end)).filter(|p| p.end() == self.end);
        match self.kind {
            ReportKind::Month => ending_on_end(Periodicity::Month),
            ReportKind::Quarter | ReportKind::NineMonths => ending_on_end(Periodicity::Quarter),
            ReportKind::HalfYear => ending_on_end(Periodicity::HalfYear),
            ReportKind::Year => ending_on_end(Periodicity::Year),
            ReportKind::Custom => ending_on_end(Periodicity::Quarter).or_else(|| ending_on_end(Periodicity::Month)),
        }
    }

    /// For file names: "9-thang-nam-2026", "quy-iii-nam-2026", "tu-01-07-2026-den-15-08-2026".
    pub fn slug(&self) -> String {
        slug(&self.label)
    }
}

/// Folds Vietnamese text to lowercase ASCII words joined by `-`.
pub(crate) fn slug(text: &str) -> String {
    fold_vi(text).split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-")
}

/// The unit a report is about, and the lines of its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportUnit {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// First line of the header block, e.g. "TỈNH TUYÊN QUANG".
    pub parent_body: String,
    /// The issuing body, e.g. "BAN CHỈ ĐẠO …" (the unit's steering committee when it has one).
    pub issuer: String,
    /// The place in the date line: the province's name, "Hà Nội" for central bodies.
    pub place: String,
}

/// The figures compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviousReport {
    pub as_of: Date,
    /// How the prose names it: "báo cáo ngày 30/06/2026".
    pub label: String,
    /// The date comes from a closing in force (the last report actually sent), not from the calendar.
    pub from_closing: bool,
    /// `None`: no task was counted then.
    pub tasks: Option<TaskTally>,
}

/// The closing whose frozen figures the report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrozenNote {
    pub period: String,
    pub closed_on: Date,
}

/// One task in a report's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportTaskLine {
    pub id: Uuid,
    pub code: String,
    /// [`SECRET_TITLE`] for a secret task.
    pub title: String,
    pub presiding_name: String,
    pub deadline: Option<Date>,
    pub completed_on: Option<Date>,
    pub on_time: Option<bool>,
    /// Days past the deadline on the report's date (overdue tasks).
    pub days_overdue: Option<i64>,
}

/// A capped list and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskLines {
    pub total: i64,
    pub rows: Vec<ReportTaskLine>,
}

/// A difficulty or proposal from a progress report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteLine {
    pub reported_on: Date,
    pub task_code: String,
    pub task_title: String,
    pub presiding_name: String,
    pub text: String,
}

/// One indicator against its target; `None` means no data (never zero).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorLine {
    pub code: String,
    pub name: String,
    pub unit_of_measure: String,
    /// The indicator's own period the value is for, e.g. "quý III/2026".
    pub period: Option<String>,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub achievement: Option<f64>,
    /// Not every unit expected has reported.
    pub partial: bool,
}

/// The unit's place on one scorecard or index among its peers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankLine {
    pub subject: String,
    pub subject_name: String,
    pub peers_name: String,
    pub period: String,
    pub rank: Option<u32>,
    pub of: u32,
    pub score: Option<f64>,
    pub previous_rank: Option<u32>,
    pub change: Option<i32>,
    /// "xếp hạng 14/34, tăng 2 bậc so với kỳ trước".
    pub words: String,
}

/// A period report: counts now and at the last report, the lists behind them, indicators and ranks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodReport {
    pub unit: ReportUnit,
    pub period: ReportPeriod,
    /// The date the figures are as of: the period's end, or today while it runs.
    pub as_of: Date,
    pub frozen: Option<FrozenNote>,
    /// `None`: no task was counted on the date ("no data", not zero).
    pub tasks: Option<TaskTally>,
    pub previous: PreviousReport,
    /// The opening sentence: total, change since the last report, how the tasks stand.
    pub tasks_text: String,
    /// The parts' changes since the last report (empty without figures on both dates).
    pub changes_text: String,
    pub colours_text: String,
    pub on_time_rate: Option<f64>,
    pub completed: TaskLines,
    pub overdue: TaskLines,
    pub difficulties: Vec<NoteLine>,
    pub proposals: Vec<NoteLine>,
    /// Progress reports with notes in the period, and those left out past [`REPORT_LIST_MAX`].
    pub notes_total: i64,
    pub notes_left_out: i64,
    pub indicators: Vec<IndicatorLine>,
    pub ranks: Vec<RankLine>,
}

fn tally_or_none(tally: Option<&TaskTally>) -> Option<TaskTally> {
    tally.copied().filter(|t| t.total > 0)
}

fn task_line(task: ReportTask, as_of: Date) -> ReportTaskLine {
    let title = if task.confidentiality == Confidentiality::Secret { SECRET_TITLE.to_owned() } else { task.title };
    let days_overdue = (task.status == Some(Status::Overdue))
        .then(|| task.deadline.and_then(|d| d.until(as_of).ok()).map(|span| i64::from(span.get_days())))
        .flatten();
    let on_time = match task.status {
        Some(Status::CompletedOnTime) => Some(true),
        Some(Status::CompletedLate) => Some(false),
        _ => None,
    };
    ReportTaskLine {
        id: task.id,
        code: task.code,
        title,
        presiding_name: task.presiding_name,
        deadline: task.deadline,
        completed_on: task.completed_on,
        on_time,
        days_overdue,
    }
}

/// The name steering committees set up under Resolution 57 carry, for a territorial unit whose own
/// committee is not recorded.
const COMMITTEE_NAME: &str = "BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ";

/// A territorial unit's name with its kind, upper-cased: "TỈNH CAO BẰNG" (`None` for other units).
fn territorial_name(unit: &Unit) -> Option<String> {
    let word = match unit.kind {
        UnitKind::Province => "tỉnh",
        UnitKind::City => "thành phố",
        UnitKind::Commune => "xã",
        UnitKind::Ward => "phường",
        UnitKind::SpecialZone => "đặc khu",
        _ => return None,
    };
    let name = if fold_vi(&unit.name).starts_with(&fold_vi(word)) {
        unit.name.clone()
    } else {
        format!("{word} {}", unit.name)
    };
    Some(name.to_uppercase())
}

/// The header lines of a unit's documents. A territorial unit's steering committee issues them under
/// the unit's name (its recorded committee name, or the usual one); any other unit issues them itself,
/// under its parent's name.
async fn report_unit(tx: &mut Tx, unit: &Unit) -> Result<ReportUnit> {
    let mut ancestors = Vec::new();
    for id in unit.path.ids() {
        if id != unit.id {
            ancestors.extend(tx.unit(id).await?);
        }
    }
    let parent_name = ancestors.last().map(|p| p.name.to_uppercase()).unwrap_or_default();
    let committee = tx.committee(unit.id).await?.map(|c| c.name.to_uppercase());
    let (parent_body, issuer) = match (territorial_name(unit), committee) {
        (Some(name), committee) => (name, committee.unwrap_or_else(|| COMMITTEE_NAME.to_owned())),
        (None, Some(committee)) => (unit.name.to_uppercase(), committee),
        (None, None) => (parent_name, unit.name.to_uppercase()),
    };
    let province = std::iter::once(unit).chain(ancestors.iter().rev()).find(|u| u.level == Level::Province);
    let place = match province {
        Some(p) => ["Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "]
            .iter()
            .find_map(|prefix| p.name.strip_prefix(prefix))
            .unwrap_or(&p.name)
            .to_owned(),
        None => "Hà Nội".to_owned(),
    };
    Ok(ReportUnit { id: unit.id, code: unit.code.clone(), name: unit.name.clone(), parent_body, issuer, place })
}

impl App {
    /// The period report of a unit's subtree. `period` as [`ReportPeriod::parse`] reads it.
    pub async fn period_report(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        period: &str,
        from: &str,
        to: &str,
    ) -> Result<PeriodReport> {
        let mut tx = self.store.read().await?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewEvaluation, &unit.path)?;
        let today = self.today();
        let period = ReportPeriod::parse(period, from, to, today)?;
        let as_of = period.end.min(today);

        let catalogue = Catalogue::load(&mut tx).await?;
        let depth = unit.level.depth();
        let indicators: Vec<_> =
            catalogue.records.iter().filter(|r| r.definition.levels.iter().any(|l| l.depth() >= depth)).collect();
        let units = std::slice::from_ref(&unit);
        let (facts, closing) = self.facts_at(&mut tx, units, &unit, as_of, &catalogue, &indicators).await?;
        let facts = facts.get(&unit.id).cloned().unwrap_or_default();
        let frozen =
            closing.map(|c| FrozenNote { period: c.period.label_vi(), closed_on: date_in_vietnam(c.closed_at) });

        // The last report: the calendar's previous end (the last periodic report), or a closing in force
        // made after it and before the date (a report actually sent since). An older closing is not
        // "the last report" of a month or a quarter, so it never pushes the comparison further back.
        let fallback = period.fallback_previous_end();
        let ancestors: Vec<Uuid> = unit.path.ids().collect();
        let last_closing = tx
            .closings_covering(&ancestors)
            .await?
            .into_iter()
            .filter(|c| c.reopened_at.is_none() && fallback <= c.ends_on && c.ends_on < as_of)
            .map(|c| c.ends_on)
            .max();
        let previous_as_of = last_closing.unwrap_or(fallback);
        let (before, _) = self.facts_at(&mut tx, units, &unit, previous_as_of, &catalogue, &[]).await?;
        let previous = PreviousReport {
            as_of: previous_as_of,
            label: format!("báo cáo ngày {}", format_date(previous_as_of)),
            from_closing: last_closing.is_some(),
            tasks: tally_or_none(before.get(&unit.id).map(|f| &f.tasks)),
        };

        let tasks = tally_or_none(Some(&facts.tasks));
        let (tasks_text, changes_text, colours_text) = match (&tasks, &previous.tasks) {
            (Some(now), Some(then)) => (
                prose::tasks_summary(now, Some((then, &previous.label))),
                prose::tasks_changes(now, then, &previous.label),
                prose::colours_summary(now),
            ),
            (Some(now), None) => (prose::tasks_summary(now, None), String::new(), prose::colours_summary(now)),
            (None, _) => (report_prose::no_tasks_sentence(&format_date(as_of)), String::new(), String::new()),
        };

        let scope = policy::scope(actor, Action::ViewTasks);
        let rules = self.settings.status_rules;
        // One classification of the subtree's tasks as of the date gives both lists (a past date reads
        // the tasks' histories, which is most of a report's time).
        let mut filter = TaskFilter::new(TaskFocus::Subtree(unit.path.clone()), as_of, rules);
        filter.statuses = vec![Status::CompletedOnTime, Status::CompletedLate, Status::Overdue];
        let (listed, _) = tx.report_tasks(&filter, &scope, None, i64::MAX).await?;
        let (late, done): (Vec<_>, Vec<_>) = listed.into_iter().partition(|t| t.status == Some(Status::Overdue));
        let mut done: Vec<_> = done.into_iter().filter(|t| t.completed_on.is_some_and(|d| d >= period.start)).collect();
        let mut late = late;
        let (done_total, late_total) = (done.len() as i64, late.len() as i64);
        done.truncate(REPORT_LIST_MAX as usize);
        late.truncate(REPORT_LIST_MAX as usize);
        let (notes, notes_total) = tx.progress_notes(&unit.path, &scope, period.start, as_of, REPORT_LIST_MAX).await?;
        let notes_left_out = notes_total - notes.len() as i64;
        let note_line = |n: &nqtrack_store::ProgressNote, text: &str| NoteLine {
            reported_on: n.reported_on,
            task_code: n.task_code.clone(),
            task_title: n.task_title.clone(),
            presiding_name: n.presiding_name.clone(),
            text: text.trim().to_owned(),
        };
        let difficulties =
            notes.iter().filter(|n| !n.difficulties.trim().is_empty()).map(|n| note_line(n, &n.difficulties)).collect();
        let proposals =
            notes.iter().filter(|n| !n.proposals.trim().is_empty()).map(|n| note_line(n, &n.proposals)).collect();

        let indicator_lines = indicators
            .iter()
            .map(|record| {
                let definition = &record.definition;
                let fact = facts.indicators.get(definition.code.as_str());
                IndicatorLine {
                    code: definition.code.to_string(),
                    name: definition.name_vi.as_str().to_owned(),
                    unit_of_measure: definition.unit_of_measure.clone(),
                    period: fact.and_then(|f| f.period).map(Period::label_vi),
                    value: fact.and_then(|f| f.value),
                    target: fact.and_then(|f| f.target),
                    achievement: fact.and_then(|f| f.achievement),
                    partial: fact.is_some_and(|f| f.partial),
                }
            })
            .collect();
        let ranks = self.report_ranks(&mut tx, actor, &unit, &period).await?;

        Ok(PeriodReport {
            unit: report_unit(&mut tx, &unit).await?,
            on_time_rate: tasks.and_then(|t| t.on_time_rate()),
            period,
            as_of,
            frozen,
            tasks,
            previous,
            tasks_text,
            changes_text,
            colours_text,
            completed: TaskLines { total: done_total, rows: done.into_iter().map(|t| task_line(t, as_of)).collect() },
            overdue: TaskLines { total: late_total, rows: late.into_iter().map(|t| task_line(t, as_of)).collect() },
            difficulties,
            proposals,
            notes_total,
            notes_left_out,
            indicators: indicator_lines,
            ranks,
        })
    }

    /// The unit's rank on every scorecard and index owned at or above it, among its default peers; a
    /// ranking the actor may not read is left out rather than failing the report.
    async fn report_ranks(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        unit: &Unit,
        period: &ReportPeriod,
    ) -> Result<Vec<RankLine>> {
        let (Some(spec), Some(ranking_period)) = (default_peers(unit), period.ranking_period()) else {
            return Ok(Vec::new());
        };
        let usable = |owner: &nqtrack_domain::unit::UnitPath| {
            unit.path.is_within(owner) && policy::authorize_shared(actor, Action::ViewEvaluation, owner).is_ok()
        };
        let mut subjects: Vec<Subject> =
            tx.scorecards().await?.into_iter().filter(|s| usable(&s.owner_path)).map(Subject::Scorecard).collect();
        subjects.extend(tx.methodologies().await?.into_iter().filter(|m| usable(&m.owner_path)).map(Subject::Index));
        if subjects.is_empty() {
            return Ok(Vec::new());
        }
        let group = resolve(tx, spec).await?;
        if policy::authorize_shared(actor, Action::ViewEvaluation, &group.shared_under.path).is_err() {
            return Ok(Vec::new());
        }
        let mut lines = Vec::new();
        for subject in &subjects {
            let ranking = self.ranking_of(tx, subject, &group, ranking_period).await?;
            let by_unit: BTreeMap<Uuid, _> = ranking.rows.iter().map(|r| (r.unit_id, r)).collect();
            let Some(row) = by_unit.get(&unit.id) else { continue };
            lines.push(RankLine {
                subject: ranking.subject.clone(),
                subject_name: ranking.subject_name.clone(),
                peers_name: ranking.peers_name.clone(),
                period: ranking.period.label_vi(),
                rank: row.rank,
                of: row.of,
                score: row.score,
                previous_rank: row.previous_rank,
                change: row.change,
                words: prose::rank_words(row.rank, row.of, row.change),
            });
        }
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn parse(period: &str) -> ReportPeriod {
        ReportPeriod::parse(period, "", "", date(2026, 11, 22)).expect("a valid period")
    }

    #[test]
    fn periods_read_label_and_compare() {
        let nine = parse("2026-9M");
        assert_eq!(
            (nine.start, nine.end, nine.label.as_str()),
            (date(2026, 1, 1), date(2026, 9, 30), "9 tháng năm 2026")
        );
        assert_eq!(nine.fallback_previous_end(), date(2026, 6, 30));
        assert_eq!(nine.slug(), "9-thang-nam-2026");
        assert_eq!(nine.ranking_period().map(Period::label), Some("2026-Q3".into()));
        let quarter = parse("2026-Q3");
        assert_eq!((quarter.label.as_str(), quarter.fallback_previous_end()), ("quý III năm 2026", date(2026, 6, 30)));
        assert_eq!(parse("2026-09").label, "tháng 9 năm 2026");
        assert_eq!(parse("2026-H1").label, "6 tháng đầu năm 2026");
        assert_eq!(parse("2026-H1").fallback_previous_end(), date(2026, 3, 31));
        assert_eq!(parse("2025").fallback_previous_end(), date(2025, 9, 30));
        let custom = ReportPeriod::parse("", "01/07/2026", "15/08/2026", date(2026, 11, 22)).expect("range");
        assert_eq!(custom.label, "từ 01/07/2026 đến 15/08/2026");
        assert_eq!(custom.fallback_previous_end(), date(2026, 6, 30));
        assert_eq!(custom.ranking_period(), None);
    }

    #[test]
    fn bad_periods_name_the_field() {
        let today = date(2026, 11, 22);
        let codes = |r: Result<ReportPeriod, Invalid>| {
            r.expect_err("refused").0.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>()
        };
        assert_eq!(codes(ReportPeriod::parse("2026-13", "", "", today)), [("period".into(), "period-format")]);
        assert_eq!(codes(ReportPeriod::parse("x-9M", "", "", today)), [("period".into(), "period-format")]);
        assert_eq!(codes(ReportPeriod::parse("2027", "", "", today)), [("period".into(), "period-not-started")]);
        assert_eq!(
            codes(ReportPeriod::parse("", "15/08/2026", "01/07/2026", today)),
            [("to".into(), "period-range-order")]
        );
        assert_eq!(
            codes(ReportPeriod::parse("custom", "", "31/02/2026", today)),
            [("from".into(), "required"), ("to".into(), "date-format")]
        );
        assert_eq!(
            codes(ReportPeriod::parse("", "01/12/2026", "31/12/2026", today)),
            [("from".into(), "period-not-started")]
        );
    }
}
