//! The public portal: what a coordinator chose to publish, readable by anyone without an account.
//!
//! An item is published per kind and subject: a unit's progress (`unit_progress`, the unit id), a
//! ranking (`ranking`, `<subject key>|<peers>`, any period) or an indicator (`indicator`, its code).
//! Anonymous reads pass only through [`policy::authorize_published`]; an unpublished item is answered
//! as not found, never as a partial page. What the public sees is cut down here, not in the pages: the
//! public tasks of a unit (title, presiding unit, deadline, status; never a leader, an account, or an
//! internal or secret task), ranks and scores without the facts behind them, and aggregated values.

use jiff::civil::Date;
use nqtrack_domain::evaluation::TaskTally;
use nqtrack_domain::indicator::{Direction, IndicatorCode};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::policy::{self, Action, Actor, Scope};
use nqtrack_domain::status::{Colour, Status};
use nqtrack_domain::task::Confidentiality;
use nqtrack_domain::unit::Level;
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{Publication, StatusCounts, TaskFilter, TaskFocus, TaskSort, Tx, Unit};
use serde::Serialize;
use uuid::Uuid;

use super::dashboard::{SeriesPoint, score_percent, series};
use super::facts::last_ended;
use super::peers::{PeerSpec, resolve};
use super::rankings::subject_by_key;
use crate::audit::{Change, snapshot};
use crate::indicators::{Catalogue, RollupReads, catalogue_root};
use crate::{App, AppError, Result};

/// The kinds of item a coordinator may publish.
pub const PUBLICATION_KINDS: &[&str] = &["unit_progress", "ranking", "indicator"];
/// The longest title of a published item.
pub const PUBLICATION_TITLE_MAX: usize = 200;
/// The most public tasks listed on a unit's page (the counts always cover them all).
pub const PUBLIC_TASKS_MAX: i64 = 500;
/// Periods in an indicator's national series.
const PUBLIC_SERIES_PERIODS: usize = 12;

/// A public task: nothing about who leads or reports it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicTask {
    pub code: String,
    pub title: String,
    pub presiding_unit: String,
    pub deadline: Option<Date>,
    pub status: Option<Status>,
    pub colour: Option<Colour>,
    pub progress_percent: i32,
}

/// A unit's published progress.
#[derive(Debug, Clone, Serialize)]
pub struct PublicProgress {
    pub title: String,
    pub unit_id: Uuid,
    pub unit_code: String,
    pub unit_name: String,
    pub as_of: Date,
    /// The public tasks only.
    pub tasks: TaskTally,
    pub items: Vec<PublicTask>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicRankingRow {
    pub rank: Option<u32>,
    pub of: u32,
    pub unit_code: String,
    pub unit_name: String,
    pub score: Option<f64>,
    /// The score as a percent (an index normalised), for colouring.
    pub percent: Option<f64>,
    pub colour: Option<Colour>,
    pub change: Option<i32>,
}

/// A published ranking for one period: ranks and scores, no drill-down.
#[derive(Debug, Clone, Serialize)]
pub struct PublicRanking {
    pub title: String,
    pub subject: String,
    pub subject_name: String,
    pub peers: PeerSpec,
    pub peers_name: String,
    pub period: Period,
    pub as_of: Date,
    pub frozen: bool,
    pub rows: Vec<PublicRankingRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicIndicatorRow {
    pub unit_code: String,
    pub unit_name: String,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub achievement: Option<f64>,
    pub partial: bool,
}

/// A published indicator: the latest period with a national value, by province, and the national series.
#[derive(Debug, Clone, Serialize)]
pub struct PublicIndicator {
    pub title: String,
    pub code: String,
    pub name: String,
    pub unit_of_measure: String,
    pub direction: Direction,
    pub periodicity: Periodicity,
    pub period: Option<Period>,
    pub provinces: Vec<PublicIndicatorRow>,
    pub national: Vec<SeriesPoint>,
}

fn subject_format(value: &str) -> AppError {
    AppError::from(FieldError::new("subject", "publication-subject-format").with_arg("value", value))
}

/// An unpublished item does not exist for the public.
fn published(publication: Option<Publication>) -> Result<Publication> {
    policy::authorize_published(publication.is_some()).map_err(|_| AppError::NotFound("publication"))?;
    publication.ok_or(AppError::NotFound("publication"))
}

/// Counts by status and colour as the evaluation facts hold them.
fn tally_of(counts: &StatusCounts) -> TaskTally {
    TaskTally {
        total: counts.total,
        completed_on_time: counts.status(Status::CompletedOnTime),
        completed_late: counts.status(Status::CompletedLate),
        in_progress: counts.status(Status::InProgress),
        overdue: counts.status(Status::Overdue),
        reported: counts.status(Status::Reported),
        not_reported: counts.status(Status::NotReported),
        green: counts.colour(Colour::Green),
        yellow: counts.colour(Colour::Yellow),
        red: counts.colour(Colour::Red),
        due_soon: counts.due_soon,
        at_risk: counts.at_risk,
    }
}

impl App {
    /// Publishes an item on the portal; the actor must manage evaluation where the item belongs.
    pub async fn publish(&self, actor: &Actor, kind: &str, subject: &str, title: &str) -> Result<Publication> {
        let kind = kind.trim();
        let title = title.trim();
        let mut problems = Vec::new();
        if !PUBLICATION_KINDS.contains(&kind) {
            problems.push(FieldError::new("kind", "publication-kind-unknown").with_arg("value", kind));
        }
        if title.is_empty() {
            problems.push(FieldError::new("title", "required"));
        } else if title.chars().count() > PUBLICATION_TITLE_MAX {
            problems.push(FieldError::new("title", "too-long").with_arg("max", PUBLICATION_TITLE_MAX));
        }
        if !problems.is_empty() {
            return Err(Invalid(problems).into());
        }
        let mut tx = self.store.write().await?;
        let (subject, unit) = self.publication_owner(&mut tx, actor, kind, subject.trim()).await?;
        policy::authorize(actor, Action::ManageEvaluation, &unit.path)?;
        if tx.publication(kind, &subject).await?.is_some() {
            return Err(AppError::Conflict(Invalid::one("subject", "publication-exists")));
        }
        let now = self.clock.now();
        let publication = Publication {
            id: Uuid::now_v7(),
            kind: kind.to_owned(),
            subject,
            unit_id: unit.id,
            unit_path: unit.path.clone(),
            title: title.to_owned(),
            published_by: actor.user_id(),
            published_at: now,
        };
        tx.insert_publication(&publication).await?;
        Change {
            action: "publication.publish",
            object_type: "publication",
            object_id: publication.id.to_string(),
            unit_path: Some(&unit.path),
            before: None,
            after: snapshot(&publication),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(publication)
    }

    /// The item's canonical subject and the unit it belongs to: the unit itself, a ranking's peer
    /// group's unit, the installation's root for an indicator.
    async fn publication_owner(&self, tx: &mut Tx, actor: &Actor, kind: &str, subject: &str) -> Result<(String, Unit)> {
        match kind {
            "unit_progress" => {
                let id = Uuid::parse_str(subject).map_err(|_| subject_format(subject))?;
                let unit = tx.unit(id).await?.ok_or(AppError::NotFound("unit"))?;
                Ok((unit.id.to_string(), unit))
            }
            "ranking" => {
                let (key, peers) = subject.split_once('|').ok_or_else(|| subject_format(subject))?;
                let loaded = self.load_subject(tx, actor, key).await?;
                let spec = PeerSpec::parse("subject", peers)?;
                let group = resolve(tx, spec).await?;
                Ok((format!("{}|{spec}", loaded.key()), group.shared_under))
            }
            _ => {
                let code = IndicatorCode::parse("subject", subject)?;
                let catalogue = Catalogue::load(tx).await?;
                if catalogue.by_code(&code).is_none() {
                    return Err(FieldError::new("subject", "indicator-unknown").with_arg("value", &code).into());
                }
                Ok((code.to_string(), catalogue_root(tx).await?))
            }
        }
    }

    /// Takes an item off the portal.
    pub async fn withdraw(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let mut tx = self.store.write().await?;
        let publication = tx.publication_by_id(id).await?.ok_or(AppError::NotFound("publication"))?;
        policy::authorize(actor, Action::ManageEvaluation, &publication.unit_path)?;
        tx.delete_publication(id).await?;
        Change {
            action: "publication.withdraw",
            object_type: "publication",
            object_id: id.to_string(),
            unit_path: Some(&publication.unit_path),
            before: snapshot(&publication),
            after: None,
        }
        .record(&mut tx, actor, self.clock.now())
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The published items the actor may withdraw, newest first.
    pub async fn publications(&self, actor: &Actor) -> Result<Vec<Publication>> {
        let mut tx = self.store.read().await?;
        Ok(tx
            .publications()
            .await?
            .into_iter()
            .filter(|p| policy::authorize(actor, Action::ManageEvaluation, &p.unit_path).is_ok())
            .collect())
    }

    /// Everything published, newest first: the portal's front page.
    pub async fn public_items(&self) -> Result<Vec<Publication>> {
        let mut tx = self.store.read().await?;
        Ok(tx.publications().await?)
    }

    /// A unit's published progress: its public tasks, counted and listed, as of today.
    pub async fn public_unit_progress(&self, unit_id: Uuid) -> Result<PublicProgress> {
        let mut tx = self.store.read().await?;
        let publication = published(tx.publication("unit_progress", &unit_id.to_string()).await?)?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        let as_of = self.today();
        let mut filter = TaskFilter::new(TaskFocus::Subtree(unit.path.clone()), as_of, self.settings.status_rules);
        filter.confidentiality = vec![Confidentiality::Public];
        filter.sort = TaskSort::Deadline;
        // Counted in SQL, never from the kept counts: those hold every task whatever its confidentiality.
        let counts = tx.count_tasks(&filter, &Scope::Everything).await?;
        let items = tx
            .list_task_page(&filter, &Scope::Everything, PUBLIC_TASKS_MAX, 0)
            .await?
            .into_iter()
            // The filter already asked for public tasks only; checked again here because a leak would
            // be published to everyone and cannot be taken back.
            .filter(|item| item.task.confidentiality == Confidentiality::Public)
            .map(|item| PublicTask {
                code: item.task.code,
                title: item.task.title,
                presiding_unit: item.presiding_name,
                deadline: item.deadline_in_force,
                status: item.status,
                colour: item.colour,
                progress_percent: item.task.progress_percent,
            })
            .collect();
        Ok(PublicProgress {
            title: publication.title,
            unit_id: unit.id,
            unit_code: unit.code,
            unit_name: unit.name,
            as_of,
            tasks: tally_of(&counts),
            items,
        })
    }

    /// A published ranking for a period.
    pub async fn public_ranking(&self, subject: &str, peers: &str, period: &str) -> Result<PublicRanking> {
        let spec = PeerSpec::parse("peers", peers)?;
        let period = Period::parse("period", period)?;
        let mut tx = self.store.read().await?;
        let key = format!("{}|{spec}", subject.trim());
        let publication = published(tx.publication("ranking", &key).await?)?;
        // The publication is the permission.
        let subject = subject_by_key(&mut tx, subject.trim()).await?;
        let group = resolve(&mut tx, spec).await?;
        let ranking = self.ranking_of(&mut tx, &subject, &group, period).await?;
        Ok(PublicRanking {
            title: publication.title,
            subject: ranking.subject,
            subject_name: ranking.subject_name,
            peers: ranking.peers,
            peers_name: ranking.peers_name,
            period: ranking.period,
            as_of: ranking.as_of,
            frozen: ranking.frozen,
            rows: ranking
                .rows
                .iter()
                .map(|row| PublicRankingRow {
                    rank: row.rank,
                    of: row.of,
                    unit_code: row.code.clone(),
                    unit_name: row.name.clone(),
                    score: row.score,
                    percent: score_percent(row),
                    colour: row.colour,
                    change: row.change,
                })
                .collect(),
        })
    }

    /// A published indicator: the national series and the provinces in the latest period with a value.
    pub async fn public_indicator(&self, code: &str) -> Result<PublicIndicator> {
        let code = code.trim().to_ascii_uppercase();
        let mut tx = self.store.read().await?;
        let publication = published(tx.publication("indicator", &code).await?)?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let parsed = IndicatorCode::parse("indicator", &code)?;
        let record = catalogue.by_code(&parsed).ok_or(AppError::NotFound("indicator"))?;
        let definition = &record.definition;
        let root = catalogue_root(&mut tx).await?;
        let last = last_ended(definition.periodicity, self.today());
        let national =
            series(&mut tx, &mut RollupReads::default(), &catalogue, record, &root, last, PUBLIC_SERIES_PERIODS)
                .await?;
        let period = national.iter().rev().find(|p| p.value.is_some()).map(|p| p.period);
        let mut provinces = Vec::new();
        if let Some(period) = period {
            let units = tx.units_below_at_levels(&root.path, &[Level::Province]).await?;
            let facts = self.live_facts(&mut tx, &units, period.end(), &catalogue, &[record]).await?;
            for unit in units {
                let fact = facts.get(&unit.id).and_then(|f| f.indicators.get(definition.code.as_str()));
                provinces.push(PublicIndicatorRow {
                    unit_code: unit.code,
                    unit_name: unit.name,
                    value: fact.and_then(|f| f.value),
                    target: fact.and_then(|f| f.target),
                    achievement: fact.and_then(|f| f.achievement),
                    partial: fact.is_some_and(|f| f.partial),
                });
            }
        }
        Ok(PublicIndicator {
            title: publication.title,
            code: definition.code.to_string(),
            name: definition.name_vi.as_str().to_owned(),
            unit_of_measure: definition.unit_of_measure.clone(),
            direction: definition.direction,
            periodicity: definition.periodicity,
            period,
            provinces,
            national,
        })
    }
}
