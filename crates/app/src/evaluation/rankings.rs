//! Rankings of peers on a scorecard or an index, with the change since the previous period and the
//! explanation of any score down to the criteria, values and tasks behind it.
//!
//! A ranking of a period that has been closed is read back as it was frozen; an open period is
//! computed from today's data as of the period's end (or today, while it runs). The previous period's
//! ranks come the same way, so "up 2 places" compares what was published with what is shown.

use std::collections::BTreeMap;

use jiff::civil::Date;
use nqtrack_domain::FieldError;
use nqtrack_domain::evaluation::{IndexResult, UnitFacts, UnitScore, rank, with_previous};
use nqtrack_domain::period::Period;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::status::Colour;
use nqtrack_store::{MethodologyRecord, ScorecardRecord, StoreError, Tx, Unit};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::facts::records_of;
use super::peers::{PeerGroup, PeerSpec, resolve};
use crate::indicators::Catalogue;
use crate::{App, AppError, Result};

/// What units are ranked on: a scorecard, or one version of an index methodology. Written
/// `scorecard:<id>` or `index:<id>`.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Scorecard(ScorecardRecord),
    Index(MethodologyRecord),
}

impl Subject {
    pub fn key(&self) -> String {
        match self {
            Subject::Scorecard(s) => format!("scorecard:{}", s.id),
            Subject::Index(m) => format!("index:{}", m.id),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Subject::Scorecard(s) => &s.scorecard.name,
            Subject::Index(m) => &m.methodology.name,
        }
    }

    /// The edit of the scorecard (a methodology version never changes).
    fn version(&self) -> i32 {
        match self {
            Subject::Scorecard(s) => s.version,
            Subject::Index(m) => m.methodology.version,
        }
    }

    fn indicators(&self) -> Vec<String> {
        match self {
            Subject::Scorecard(s) => s.scorecard.indicators().into_iter().collect(),
            Subject::Index(m) => m.methodology.indicators().into_iter().collect(),
        }
    }

    fn owner_path(&self) -> &nqtrack_domain::unit::UnitPath {
        match self {
            Subject::Scorecard(s) => &s.owner_path,
            Subject::Index(m) => &m.owner_path,
        }
    }
}

/// How one unit came out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    Scorecard(UnitScore),
    Index(IndexResult),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankingRow {
    pub unit_id: Uuid,
    pub code: String,
    pub name: String,
    pub rank: Option<u32>,
    pub of: u32,
    /// A scorecard's score (0–100), or an index's points.
    pub score: Option<f64>,
    /// An index normalised to 0–1.
    pub normalised: Option<f64>,
    pub colour: Option<Colour>,
    pub previous_rank: Option<u32>,
    pub change: Option<i32>,
    pub outcome: Outcome,
}

/// A ranking of a peer group for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub subject: String,
    pub subject_name: String,
    pub peers: PeerSpec,
    pub peers_name: String,
    pub period: Period,
    /// The date the figures are as of.
    pub as_of: Date,
    /// Read from a closed period's snapshot.
    pub frozen: bool,
    pub rows: Vec<RankingRow>,
}

/// Everything behind one unit's score.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub ranking_row: RankingRow,
    pub facts: UnitFacts,
    /// Whether the actor may open the unit's own tasks and values (its subtree is in their scope).
    pub can_open_details: bool,
}

/// The subject a key names (`scorecard:<id>` or `index:<id>`), whoever asks: the callers decide who
/// may read it.
pub(crate) async fn subject_by_key(tx: &mut Tx, key: &str) -> Result<Subject> {
    let invalid = || AppError::from(FieldError::new("subject", "subject-format").with_arg("value", key.trim()));
    let (kind, id) = key.trim().split_once(':').ok_or_else(invalid)?;
    let id = Uuid::parse_str(id).map_err(|_| invalid())?;
    Ok(match kind {
        "scorecard" => Subject::Scorecard(tx.scorecard(id).await?.ok_or(AppError::NotFound("scorecard"))?),
        "index" => Subject::Index(tx.methodology(id).await?.ok_or(AppError::NotFound("methodology"))?),
        _ => return Err(invalid()),
    })
}

/// The date a period's figures are as of: its end, or today while it runs.
pub(crate) fn as_of_for(period: Period, today: Date) -> Date {
    period.end().min(today)
}

/// A unit's number to rank by, its 0–1 normalised index, its colour and the whole outcome.
type Scored = (Option<f64>, Option<f64>, Option<Colour>, Outcome);

/// The rows of a ranking computed from facts (`previous`: the previous period's ranks by unit).
pub(crate) fn rank_rows(
    subject: &Subject,
    units: &[Unit],
    facts: &BTreeMap<Uuid, UnitFacts>,
    previous: &BTreeMap<Uuid, u32>,
) -> Vec<RankingRow> {
    let empty = UnitFacts::default();
    let outcomes: BTreeMap<Uuid, Scored> = match subject {
        Subject::Scorecard(record) => units
            .iter()
            .map(|u| {
                let score = record.scorecard.evaluate(facts.get(&u.id).unwrap_or(&empty));
                let ranked_by = score.ranked_by(record.scorecard.rank_by);
                (u.id, (ranked_by, None, score.colour, Outcome::Scorecard(score)))
            })
            .collect(),
        Subject::Index(record) => {
            let peers: BTreeMap<Uuid, UnitFacts> =
                units.iter().map(|u| (u.id, facts.get(&u.id).cloned().unwrap_or_default())).collect();
            record
                .methodology
                .compute(&peers)
                .into_iter()
                .map(|(id, result)| (id, (result.points, result.normalised, None, Outcome::Index(result))))
                .collect()
        }
    };
    let mut ranked = rank(units.iter().map(|u| (u.id, outcomes.get(&u.id).and_then(|o| o.0))));
    with_previous(&mut ranked, previous);
    let by_id: BTreeMap<Uuid, &Unit> = units.iter().map(|u| (u.id, u)).collect();
    ranked
        .into_iter()
        .filter_map(|r| {
            let unit = by_id.get(&r.key)?;
            let (score, normalised, colour, outcome) = outcomes.get(&r.key)?.clone();
            Some(RankingRow {
                unit_id: unit.id,
                code: unit.code.clone(),
                name: unit.name.clone(),
                rank: r.rank,
                of: r.of,
                score,
                normalised,
                colour,
                previous_rank: r.previous_rank,
                change: r.change,
                outcome,
            })
        })
        .collect()
}

impl App {
    /// Loads a subject by its key, if the actor may use it.
    pub(crate) async fn load_subject(&self, tx: &mut Tx, actor: &Actor, key: &str) -> Result<Subject> {
        let subject = subject_by_key(tx, key).await?;
        policy::authorize_shared(actor, Action::ViewEvaluation, subject.owner_path())?;
        Ok(subject)
    }

    /// The ranking of a peer group on a scorecard or index for a period.
    pub async fn ranking(&self, actor: &Actor, subject: &str, peers: &str, period: &str) -> Result<Ranking> {
        let mut tx = self.store.read().await?;
        let (subject, group, period) = self.ranking_inputs(&mut tx, actor, subject, peers, period).await?;
        self.ranking_of(&mut tx, &subject, &group, period).await
    }

    /// The subject, peer group and period a ranking request names, checked against the actor.
    async fn ranking_inputs(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        subject: &str,
        peers: &str,
        period: &str,
    ) -> Result<(Subject, PeerGroup, Period)> {
        let spec = PeerSpec::parse("peers", peers)?;
        let period = Period::parse("period", period)?;
        let subject = self.load_subject(tx, actor, subject).await?;
        let group = resolve(tx, spec).await?;
        policy::authorize_shared(actor, Action::ViewEvaluation, &group.shared_under.path)?;
        Ok((subject, group, period))
    }

    /// The ranking, frozen if the period was closed under the peer group's unit, computed otherwise.
    pub(crate) async fn ranking_of(
        &self,
        tx: &mut Tx,
        subject: &Subject,
        group: &PeerGroup,
        period: Period,
    ) -> Result<Ranking> {
        if let Some(frozen) = self.frozen_ranking(tx, subject, group, period).await? {
            return Ok(frozen);
        }
        // Read before computing: a write committed meanwhile leaves the entry under an older count.
        let writes = self.store.write_count();
        let today = self.today();
        let key = format!("{}@{}|{}|{}", subject.key(), subject.version(), group.spec, period.label());
        if let Some(kept) = self.rankings.get(&key, writes, today) {
            return Ok(Ranking::clone(&kept));
        }
        let ranking = self.live_ranking(tx, subject, group, period).await?;
        self.rankings.put(key, writes, today, std::sync::Arc::new(ranking.clone()));
        Ok(ranking)
    }

    async fn live_ranking(&self, tx: &mut Tx, subject: &Subject, group: &PeerGroup, period: Period) -> Result<Ranking> {
        let previous = match self.frozen_ranking(tx, subject, group, period.previous()).await? {
            Some(previous) => previous.rows.iter().filter_map(|r| Some((r.unit_id, r.rank?))).collect(),
            None => {
                let rows = self.computed_rows(tx, subject, group, period.previous(), &BTreeMap::new()).await?;
                rows.iter().filter_map(|r| Some((r.unit_id, r.rank?))).collect()
            }
        };
        let rows = self.computed_rows(tx, subject, group, period, &previous).await?;
        Ok(Ranking {
            subject: subject.key(),
            subject_name: subject.name().to_owned(),
            peers: group.spec,
            peers_name: group.name.clone(),
            period,
            as_of: as_of_for(period, self.today()),
            frozen: false,
            rows,
        })
    }

    async fn computed_rows(
        &self,
        tx: &mut Tx,
        subject: &Subject,
        group: &PeerGroup,
        period: Period,
        previous: &BTreeMap<Uuid, u32>,
    ) -> Result<Vec<RankingRow>> {
        let catalogue = Catalogue::load(tx).await?;
        let indicators = records_of(&catalogue, subject.indicators());
        let as_of = as_of_for(period, self.today());
        let (facts, _) = self.facts_at(tx, &group.units, &group.shared_under, as_of, &catalogue, &indicators).await?;
        Ok(rank_rows(subject, &group.units, &facts, previous))
    }

    async fn frozen_ranking(
        &self,
        tx: &mut Tx,
        subject: &Subject,
        group: &PeerGroup,
        period: Period,
    ) -> Result<Option<Ranking>> {
        let Some(closing) = self.closing_for(tx, &group.shared_under, period.end()).await? else { return Ok(None) };
        let Some(text) = tx.frozen_ranking(closing.id, &subject.key(), &group.spec.to_string()).await? else {
            return Ok(None);
        };
        let ranking: Ranking =
            serde_json::from_str(&text).map_err(|e| AppError::Store(StoreError::Corrupt(e.to_string())))?;
        Ok(Some(ranking))
    }

    /// One unit's row of a ranking with the facts behind it.
    pub async fn explain_score(
        &self,
        actor: &Actor,
        subject: &str,
        peers: &str,
        period: &str,
        unit_id: Uuid,
    ) -> Result<Explanation> {
        let mut tx = self.store.read().await?;
        let (subject, group, period) = self.ranking_inputs(&mut tx, actor, subject, peers, period).await?;
        let ranking = self.ranking_of(&mut tx, &subject, &group, period).await?;
        let row = ranking.rows.into_iter().find(|r| r.unit_id == unit_id).ok_or(AppError::NotFound("unit"))?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let indicators = records_of(&catalogue, subject.indicators());
        let (facts, _) = self
            .facts_at(&mut tx, std::slice::from_ref(&unit), &group.shared_under, ranking.as_of, &catalogue, &indicators)
            .await?;
        Ok(Explanation {
            ranking_row: row,
            facts: facts.get(&unit_id).cloned().unwrap_or_default(),
            can_open_details: policy::authorize(actor, Action::ViewTasks, &unit.path).is_ok(),
        })
    }
}
