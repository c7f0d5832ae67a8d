//! Closing a period: the figures of every unit of a subtree (tasks by status and colour, indicators
//! against targets) and every ranking of its peer groups are frozen, so that the report for 30/09 reads
//! the same in December whatever is corrected later. Reopening needs a reason and is audited; the
//! frozen rows are kept for the record, and a new closing freezes again.

use std::collections::BTreeMap;

use nqtrack_domain::period::Period;
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::unit::{Level, UnitPath};
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{Liveness, PeriodClosing, Tx, Unit};
use serde::Serialize;
use uuid::Uuid;

use super::peers::{PeerGroup, PeerSpec, resolve};
use super::rankings::{Ranking, Subject, rank_rows};
use crate::audit::{Change, snapshot};
use crate::indicators::Catalogue;
use crate::{App, AppError, Result};

/// Most units a subtree may have for one closing (the country has about 4,600).
const MAX_UNITS: i64 = 50_000;
const REASON_MAX: usize = 1_000;

/// What a closing froze.
#[derive(Debug, Clone, Serialize)]
pub struct ClosingOutcome {
    pub closing: PeriodClosing,
    pub units: usize,
    pub rankings: usize,
}

/// The peer groups whose rankings a closing of `unit` freezes: those shared under it.
async fn peer_groups_under(tx: &mut Tx, unit: &Unit) -> Result<Vec<PeerGroup>> {
    let mut specs = Vec::new();
    match (unit.parent_id, unit.level) {
        (None, _) => {
            specs.push(PeerSpec::Provinces);
            specs.push(PeerSpec::Ministries);
            for province in tx.units_below_at_levels(&unit.path, &[Level::Province]).await? {
                specs.push(PeerSpec::CommunesOf(province.id));
            }
        }
        (Some(_), Level::Province) => specs.push(PeerSpec::CommunesOf(unit.id)),
        (Some(_), _) => specs.push(PeerSpec::ChildrenOf(unit.id)),
    }
    let mut groups = Vec::new();
    for spec in specs {
        let group = resolve(tx, spec).await?;
        if !group.units.is_empty() && group.shared_under.id == unit.id {
            groups.push(group);
        }
    }
    Ok(groups)
}

/// The scorecards and methodologies usable at `unit`: owned by it, above it or below it.
async fn subjects_at(tx: &mut Tx, unit: &Unit) -> Result<Vec<Subject>> {
    let related = |path: &UnitPath| unit.path.is_within(path) || path.is_within(&unit.path);
    let mut subjects: Vec<Subject> =
        tx.scorecards().await?.into_iter().filter(|s| related(&s.owner_path)).map(Subject::Scorecard).collect();
    subjects.extend(tx.methodologies().await?.into_iter().filter(|m| related(&m.owner_path)).map(Subject::Index));
    Ok(subjects)
}

impl App {
    /// Closes a period for a unit's subtree, freezing its figures and rankings.
    pub async fn close_period(&self, actor: &Actor, unit_id: Uuid, period: &str) -> Result<ClosingOutcome> {
        let period = Period::parse("period", period)?;
        let mut tx = self.store.write().await?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ManageEvaluation, &unit.path)?;
        if period.end() >= self.today() {
            return Err(Invalid::from(
                FieldError::new("period", "period-not-ended")
                    .with_arg("date", nqtrack_domain::dates::format_date(period.end())),
            )
            .into());
        }
        if tx.closing_in_force(unit.id, period).await?.is_some() {
            return Err(AppError::Conflict(Invalid::from(
                FieldError::new("period", "period-already-closed").with_arg("value", period.label()),
            )));
        }
        let units = tx.subtree(&unit.path, &policy::Scope::Everything, Liveness::Live, MAX_UNITS, 0).await?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let indicators: Vec<_> = catalogue.records.iter().collect();
        let facts = self.live_facts(&mut tx, &units, period.end(), &catalogue, &indicators).await?;

        let groups = peer_groups_under(&mut tx, &unit).await?;
        let subjects = subjects_at(&mut tx, &unit).await?;
        let previous_facts = if groups.is_empty() || subjects.is_empty() {
            BTreeMap::new()
        } else {
            let mut peers: Vec<Unit> = groups.iter().flat_map(|g| g.units.iter().cloned()).collect();
            peers.sort_by_key(|u| u.id);
            peers.dedup_by_key(|u| u.id);
            let as_of = period.previous().end();
            let used: Vec<_> = subjects
                .iter()
                .flat_map(|s| match s {
                    Subject::Scorecard(r) => r.scorecard.indicators(),
                    Subject::Index(r) => r.methodology.indicators(),
                })
                .collect();
            let used = super::records_of(&catalogue, used);
            self.live_facts(&mut tx, &peers, as_of, &catalogue, &used).await?
        };
        let mut rankings = Vec::new();
        for subject in &subjects {
            for group in &groups {
                let previous_rows = rank_rows(subject, &group.units, &previous_facts, &BTreeMap::new());
                let previous: BTreeMap<Uuid, u32> =
                    previous_rows.iter().filter_map(|r| Some((r.unit_id, r.rank?))).collect();
                let ranking = Ranking {
                    subject: subject.key(),
                    subject_name: subject.name().to_owned(),
                    peers: group.spec,
                    peers_name: group.name.clone(),
                    period,
                    as_of: period.end(),
                    frozen: true,
                    rows: rank_rows(subject, &group.units, &facts, &previous),
                };
                let text = serde_json::to_string(&ranking).map_err(|e| AppError::Internal(e.to_string()))?;
                rankings.push((subject.key(), group.spec.to_string(), text));
            }
        }

        let now = self.clock.now();
        let closing = PeriodClosing {
            id: Uuid::now_v7(),
            unit_id: unit.id,
            unit_path: unit.path.clone(),
            period,
            starts_on: period.start(),
            ends_on: period.end(),
            closed_at: now,
            closed_by: actor.user_id(),
            reopened_at: None,
            reopened_by: None,
            reopen_reason: String::new(),
        };
        tx.insert_closing(&closing).await?;
        let rows: Vec<_> = facts.into_iter().collect();
        tx.insert_unit_facts(closing.id, &rows).await?;
        tx.insert_rankings(closing.id, &rankings).await?;
        let outcome = ClosingOutcome { closing, units: rows.len(), rankings: rankings.len() };
        Change {
            action: "period.close",
            object_type: "period_closing",
            object_id: outcome.closing.id.to_string(),
            unit_path: Some(&unit.path),
            before: None,
            after: snapshot(&outcome),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// Reopens a closed period: its figures are live again until it is closed anew.
    pub async fn reopen_period(&self, actor: &Actor, closing_id: Uuid, reason: &str) -> Result<PeriodClosing> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Invalid::one("reason", "required").into());
        }
        if reason.chars().count() > REASON_MAX {
            return Err(Invalid::from(FieldError::new("reason", "too-long").with_arg("max", REASON_MAX)).into());
        }
        let mut tx = self.store.write().await?;
        let before = tx.closing(closing_id).await?.ok_or(AppError::NotFound("closing"))?;
        policy::authorize(actor, Action::ManageEvaluation, &before.unit_path)?;
        let now = self.clock.now();
        if !tx.reopen_closing(closing_id, actor.user_id(), now, reason).await? {
            return Err(AppError::Conflict(Invalid::one("period", "period-not-closed")));
        }
        let after = tx.closing(closing_id).await?.ok_or(AppError::NotFound("closing"))?;
        Change {
            action: "period.reopen",
            object_type: "period_closing",
            object_id: closing_id.to_string(),
            unit_path: Some(&before.unit_path),
            before: snapshot(&before),
            after: snapshot(&after),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The closings (in force and reopened) that cover a unit: its own and its ancestors', newest first.
    pub async fn period_closings(&self, actor: &Actor, unit_id: Uuid) -> Result<Vec<PeriodClosing>> {
        let mut tx = self.store.read().await?;
        let unit = tx.unit(unit_id).await?.ok_or(AppError::NotFound("unit"))?;
        policy::authorize(actor, Action::ViewEvaluation, &unit.path)?;
        let ancestors: Vec<Uuid> = unit.path.ids().collect();
        Ok(tx.closings_covering(&ancestors).await?)
    }
}
