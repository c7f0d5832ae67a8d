//! The catalogue (define and revise indicators), targets, data sets and collection rounds.

use jiff::civil::Date;
use nqtrack_domain::error::Checker;
use nqtrack_domain::indicator::{
    ApprovalSettings, DataSet, IndicatorCode, IndicatorDefinition, IndicatorVersion, Revision, Round, Targets,
    ValidationRule, check_catalogue, check_period, check_round, check_target, revise,
};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::unit::{Level, Name};
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{DataSetRecord, IndicatorRecord, IndicatorTarget, RoundRecord};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Catalogue, authorize_catalogue, load_unit};
use crate::audit::{Change, snapshot};
use crate::{App, AppError, Result};

/// What saving a definition did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedIndicator {
    pub indicator: IndicatorRecord,
    /// `created`, `new_version`, `same_version` or `unchanged`.
    pub outcome: &'static str,
}

/// A target and baseline for one period: for every unit of `level`, or for the unit `unit_id`
/// (exactly one of the two). An empty target or baseline leaves it unset.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TargetInput {
    pub indicator: String,
    pub period: String,
    pub level: Option<Level>,
    pub unit_id: Option<Uuid>,
    pub target: Option<f64>,
    pub baseline: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DataSetInput {
    pub name: String,
    pub periodicity: Periodicity,
    /// Indicator codes, in form order.
    pub indicators: Vec<String>,
    #[serde(default)]
    pub rules: Vec<ValidationRule>,
    /// A unit's submission may be approved only once its children's are (the default).
    #[serde(default = "yes")]
    pub children_first: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
pub struct RoundInput {
    /// The stable label: `2026-Q3`, `2026-07`, `2026`.
    pub period: String,
    pub due_dates: Vec<(Level, Date)>,
    #[serde(default)]
    pub locks_on: Option<Date>,
}

impl App {
    /// Defines an indicator, or revises the one with the same code: a change of meaning makes a new
    /// version (values keep the version they were entered under), any other change is made in place.
    /// The whole catalogue is checked with the change (formula references and cycles).
    pub async fn save_indicator(&self, actor: &Actor, proposed: IndicatorDefinition) -> Result<SavedIndicator> {
        let mut tx = self.store.write().await?;
        let root = authorize_catalogue(&mut tx, actor).await?;
        proposed.check()?;
        let catalogue = Catalogue::load(&mut tx).await?;
        let existing = catalogue.by_code(&proposed.code).cloned();
        let (definition, outcome) = match &existing {
            None => (IndicatorDefinition { version: IndicatorVersion::FIRST, ..proposed }, "created"),
            Some(current) => match revise(&current.definition, proposed)? {
                Revision::Unchanged => {
                    return Ok(SavedIndicator { indicator: current.clone(), outcome: "unchanged" });
                }
                Revision::SameVersion(definition) => (definition, "same_version"),
                Revision::NewVersion(definition) => (definition, "new_version"),
            },
        };
        let mut definitions: Vec<IndicatorDefinition> =
            catalogue.definitions().into_iter().filter(|d| d.code != definition.code).collect();
        definitions.push(definition.clone());
        check_catalogue(&definitions)?;
        check_tasks(&mut tx, &definition).await?;
        let now = self.clock.now();
        let id = match &existing {
            None => {
                let id = Uuid::now_v7();
                tx.insert_indicator(id, &definition, actor.user_id(), now).await?;
                id
            }
            Some(current) if outcome == "new_version" => {
                tx.insert_indicator_version(current.id, &definition, actor.user_id(), now).await?;
                current.id
            }
            Some(current) => {
                tx.update_indicator_version(current.id, &definition, now).await?;
                current.id
            }
        };
        let saved = tx.indicator(id).await?.ok_or(AppError::NotFound("indicator"))?;
        Change {
            action: match outcome {
                "created" => "indicator.create",
                "new_version" => "indicator.new_version",
                _ => "indicator.edit",
            },
            object_type: "indicator",
            object_id: id.to_string(),
            unit_path: Some(&root.path),
            before: existing.as_ref().and_then(|e| snapshot(&e.definition)),
            after: snapshot(&saved.definition),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(SavedIndicator { indicator: saved, outcome })
    }

    /// The catalogue, each indicator in its version in force.
    pub async fn indicators(&self, actor: &Actor) -> Result<Vec<IndicatorRecord>> {
        if policy::scope(actor, Action::ViewIndicators).is_empty() {
            return Err(super::denied(Action::ViewIndicators));
        }
        let mut tx = self.store.read().await?;
        Ok(tx.indicators().await?)
    }

    /// The data sets, by name.
    pub async fn indicator_data_sets(&self, actor: &Actor) -> Result<Vec<DataSetRecord>> {
        if policy::scope(actor, Action::ViewIndicators).is_empty() {
            return Err(super::denied(Action::ViewIndicators));
        }
        let mut tx = self.store.read().await?;
        Ok(tx.data_sets().await?)
    }

    /// The rounds of a data set, latest period first.
    pub async fn indicator_rounds(&self, actor: &Actor, data_set_id: Uuid) -> Result<Vec<RoundRecord>> {
        if policy::scope(actor, Action::ViewIndicators).is_empty() {
            return Err(super::denied(Action::ViewIndicators));
        }
        let mut tx = self.store.read().await?;
        tx.data_set(data_set_id).await?.ok_or(AppError::NotFound("data set"))?;
        Ok(tx.rounds_of_data_set(data_set_id).await?)
    }

    /// Sets the target and baseline of a level (needs `ManageIndicators` over the whole tree) or of
    /// one unit (needs it over the unit above, which sets its units' targets).
    pub async fn set_indicator_target(&self, actor: &Actor, input: TargetInput) -> Result<IndicatorTarget> {
        let mut tx = self.store.write().await?;
        let mut checker = Checker::default();
        let code = checker.check(IndicatorCode::parse("indicator", &input.indicator));
        let period = checker.check(Period::parse("period", &input.period));
        checker.finish()?;
        let (Some(code), Some(period)) = (code, period) else { return Err(Invalid(Vec::new()).into()) };
        let record = tx.indicator_by_code(code.as_str()).await?.ok_or_else(|| {
            AppError::from(FieldError::new("indicator", "indicator-unknown").with_arg("value", &code))
        })?;
        let definition = &record.definition;
        let (audit_path, unit_path) = match (input.level, input.unit_id) {
            (Some(_), None) => (authorize_catalogue(&mut tx, actor).await?.path, None),
            (None, Some(unit_id)) => {
                let unit = load_unit(&mut tx, unit_id).await?;
                let above = match unit.parent_id {
                    Some(parent) => load_unit(&mut tx, parent).await?.path,
                    None => unit.path.clone(),
                };
                policy::authorize(actor, Action::ManageIndicators, &above)?;
                (unit.path.clone(), Some(unit.path))
            }
            _ => return Err(FieldError::new("level", "required").into()),
        };
        let mut checker = Checker::default();
        checker.check(check_period(definition, period));
        if let Some(target) = input.target {
            checker.check(check_target(definition, "target", target));
        }
        if let Some(baseline) = input.baseline {
            checker.check(check_target(definition, "baseline", baseline));
        }
        checker.finish()?;
        let now = self.clock.now();
        let target = IndicatorTarget {
            indicator_id: record.id,
            period,
            level: input.level,
            unit_id: input.unit_id,
            unit_path,
            targets: Targets { target: input.target, baseline: input.baseline },
            updated_by: actor.user_id(),
            updated_at: now,
        };
        tx.put_indicator_target(&target).await?;
        Change {
            action: "indicator.target",
            object_type: "indicator",
            object_id: record.id.to_string(),
            unit_path: Some(&audit_path),
            before: None,
            after: snapshot(&target),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(target)
    }

    /// Creates a data set: indicators collected together, with its validation rules.
    pub async fn create_data_set(&self, actor: &Actor, input: DataSetInput) -> Result<DataSetRecord> {
        let mut tx = self.store.write().await?;
        let root = authorize_catalogue(&mut tx, actor).await?;
        let mut checker = Checker::default();
        let name = checker.check(Name::parse("name", &input.name));
        let codes: Vec<IndicatorCode> = input
            .indicators
            .iter()
            .enumerate()
            .filter_map(|(i, code)| checker.check(IndicatorCode::parse(&format!("indicators[{i}]"), code)))
            .collect();
        checker.finish()?;
        let Some(name) = name else { return Err(Invalid(Vec::new()).into()) };
        let data_set = DataSet { name, periodicity: input.periodicity, indicators: codes };
        let catalogue = Catalogue::load(&mut tx).await?.definitions();
        data_set.check(&catalogue)?;
        let mut checker = Checker::default();
        for (i, rule) in input.rules.iter().enumerate() {
            if let Err(Invalid(errors)) = rule.check(&catalogue) {
                for error in errors {
                    checker.push(FieldError { field: format!("rules[{i}]"), ..error });
                }
            }
        }
        checker.finish()?;
        let now = self.clock.now();
        let record = DataSetRecord {
            id: Uuid::now_v7(),
            data_set,
            rules: input.rules,
            settings: ApprovalSettings { children_first: input.children_first },
            created_by: actor.user_id(),
            created_at: now,
        };
        tx.insert_data_set(&record).await?;
        Change {
            action: "indicator.data_set.create",
            object_type: "indicator_data_set",
            object_id: record.id.to_string(),
            unit_path: Some(&root.path),
            before: None,
            after: snapshot(&record),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Opens a collection round of a data set for one period.
    pub async fn open_round(&self, actor: &Actor, data_set_id: Uuid, input: RoundInput) -> Result<RoundRecord> {
        let mut tx = self.store.write().await?;
        let root = authorize_catalogue(&mut tx, actor).await?;
        let data_set = tx.data_set(data_set_id).await?.ok_or(AppError::NotFound("data set"))?;
        let period = Period::parse("period", &input.period)?;
        let round = Round { period, due_dates: input.due_dates, locks_on: input.locks_on, closed: false };
        check_round(&round, &data_set.data_set)?;
        if tx.rounds_for_period(period).await?.iter().any(|r| r.data_set_id == data_set_id) {
            return Err(FieldError::new("period", "duplicate").with_arg("value", period).into());
        }
        let now = self.clock.now();
        let record =
            RoundRecord { id: Uuid::now_v7(), data_set_id, round, created_by: actor.user_id(), created_at: now };
        tx.insert_round(&record).await?;
        Change {
            action: "indicator.round.open",
            object_type: "indicator_round",
            object_id: record.id.to_string(),
            unit_path: Some(&root.path),
            before: None,
            after: snapshot(&record),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Closes a round by hand (`closed`), or re-opens it: a closed round locks entry whatever the date.
    pub async fn close_round(&self, actor: &Actor, round_id: Uuid, closed: bool) -> Result<RoundRecord> {
        let mut tx = self.store.write().await?;
        let root = authorize_catalogue(&mut tx, actor).await?;
        let before = tx.round(round_id).await?.ok_or(AppError::NotFound("round"))?;
        tx.set_round_closed(round_id, closed).await?;
        let after = tx.round(round_id).await?.ok_or(AppError::NotFound("round"))?;
        let now = self.clock.now();
        Change {
            action: if closed { "indicator.round.close" } else { "indicator.round.reopen" },
            object_type: "indicator_round",
            object_id: round_id.to_string(),
            unit_path: Some(&root.path),
            before: snapshot(&before),
            after: snapshot(&after),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}

/// The tasks an indicator measures must exist.
async fn check_tasks(tx: &mut nqtrack_store::Tx, definition: &IndicatorDefinition) -> Result<()> {
    let mut checker = Checker::default();
    for (i, task) in definition.tasks.iter().enumerate() {
        if tx.task(*task).await?.is_none() {
            checker.push(FieldError::new(format!("tasks[{i}]"), "not-found"));
        }
    }
    Ok(checker.finish()?)
}
