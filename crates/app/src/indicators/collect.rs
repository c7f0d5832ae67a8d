//! A unit's form in a round: reading it, saving a draft, submitting it, and the decisions of the unit
//! above (approve, return, reopen for a correction) and of the unit itself (withdraw).

use std::collections::BTreeMap;

use nqtrack_domain::error::Checker;
use nqtrack_domain::indicator::{
    Action as Step, Form, IndicatorCode, IndicatorDefinition, Relation, Situation, SubmissionState, Targets, Value,
    check_value, decide, effective_targets, validate_form,
};
use nqtrack_domain::policy::{self, Action, Actor};
use nqtrack_domain::task::optional_text;
use nqtrack_domain::{FieldError, Invalid};
use nqtrack_store::{DataSetRecord, IndicatorRecord, IndicatorValue, Liveness, RoundRecord, Submission, Tx, Unit};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Catalogue, Entry, load_round, load_unit, save_submission, submission_or_draft, write_values};
use crate::audit::{Change, snapshot};
use crate::{App, AppError, Result};

/// The longest comment on a value.
pub(crate) const COMMENT_MAX: usize = 2_000;

/// One value as typed in a form: the indicator code, the value as text (`95,57`, `có`, `12/40`) and
/// an optional comment. An empty value is left out (not stored, not cleared).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ValueInput {
    pub indicator: String,
    pub value: String,
    pub comment: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ValuesInput {
    /// The submission version the user saw; empty: do not check.
    pub version: Option<i32>,
    pub values: Vec<ValueInput>,
}

/// One line of a unit's form.
#[derive(Debug, Clone, Serialize)]
pub struct FormRow {
    pub definition: IndicatorDefinition,
    pub value: Option<IndicatorValue>,
    /// The unit's value of the previous period, for comparison.
    pub previous: Option<Value>,
    /// The targets in force for the unit (its own over its level's).
    pub targets: Targets,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorForm {
    pub round: RoundRecord,
    pub data_set: DataSetRecord,
    pub unit: Unit,
    pub submission: Option<Submission>,
    pub rows: Vec<FormRow>,
    pub can_edit: bool,
}

/// What a save or a submission did, with the warnings the unit and its parent should see.
#[derive(Debug, Clone, Serialize)]
pub struct SubmissionOutcome {
    pub submission: Submission,
    pub changed: usize,
    pub warnings: Vec<FieldError>,
}

/// Checks typed values against the unit's form: each names an indicator the unit enters in this data
/// set, reads as that indicator's type and passes its checks. Errors name the indicator code.
pub(crate) fn parse_entries(form: &[&IndicatorRecord], inputs: &[ValueInput]) -> Result<Vec<Entry>, Invalid> {
    let mut checker = Checker::default();
    let mut entries = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        if input.value.trim().is_empty() {
            continue;
        }
        let Some(code) = checker.check(IndicatorCode::parse(&format!("values[{i}]"), &input.indicator)) else {
            continue;
        };
        let Some(record) = form.iter().find(|r| r.definition.code == code) else {
            checker.push(FieldError::new(code.as_str(), "indicator-unknown").with_arg("value", &code));
            continue;
        };
        if record.definition.source.formula().is_some() {
            checker.push(FieldError::new(code.as_str(), "indicator-computed"));
            continue;
        }
        let definition = &record.definition;
        let Some(value) = checker.check(Value::parse(code.as_str(), definition.value_type, &input.value)) else {
            continue;
        };
        if checker.check(check_value(definition, value)).is_none() {
            continue;
        }
        let Some(comment) = checker.check(optional_text(code.as_str(), &input.comment, COMMENT_MAX)) else {
            continue;
        };
        entries.push(Entry { indicator_id: record.id, version: definition.version, value, comment });
    }
    checker.finish()?;
    Ok(entries)
}

/// Everything a decision on a submission depends on besides its state.
struct Context {
    round: RoundRecord,
    data_set: DataSetRecord,
    unit: Unit,
    catalogue: Catalogue,
}

async fn context(tx: &mut Tx, round_id: Uuid, unit_id: Uuid) -> Result<Context> {
    let (round, data_set) = load_round(tx, round_id).await?;
    let unit = load_unit(tx, unit_id).await?;
    let catalogue = Catalogue::load(tx).await?;
    Ok(Context { round, data_set, unit, catalogue })
}

impl Context {
    fn form(&self) -> Vec<&IndicatorRecord> {
        self.catalogue.form_for(&self.data_set.data_set, self.unit.level)
    }

    /// Whether every child of the unit that reports in this round has an approved submission.
    async fn children_approved(&self, tx: &mut Tx) -> Result<bool> {
        let children = tx.children(self.unit.id, Liveness::Live).await?;
        let submissions = tx.submissions_within(self.round.id, &self.unit.path).await?;
        Ok(children.iter().filter(|c| !self.catalogue.form_for(&self.data_set.data_set, c.unit.level).is_empty()).all(
            |child| submissions.iter().any(|s| s.unit_id == child.unit.id && s.state == SubmissionState::Approved),
        ))
    }

    async fn parent_approved(&self, tx: &mut Tx) -> Result<bool> {
        Ok(match self.unit.parent_id {
            Some(parent) => {
                tx.submission(self.round.id, parent).await?.is_some_and(|s| s.state == SubmissionState::Approved)
            }
            None => false,
        })
    }

    /// The situation of `step`; the approvals around the unit are read only for the steps that
    /// depend on them (approve, reopen), so saving a form stays two index look-ups.
    async fn situation(
        &self,
        tx: &mut Tx,
        step: &Step,
        relation: Relation,
        today: jiff::civil::Date,
    ) -> Result<Situation> {
        let children_approved = match step {
            Step::Approve if self.data_set.settings.children_first => self.children_approved(tx).await?,
            _ => true,
        };
        let parent_approved = match step {
            Step::Reopen { .. } => self.parent_approved(tx).await?,
            _ => false,
        };
        Ok(Situation {
            today,
            period: self.round.round.period,
            round_locked: self.round.round.is_locked(today),
            relation,
            children_approved,
            parent_approved,
            settings: self.data_set.settings,
        })
    }
}

fn workflow_error(error: nqtrack_domain::indicator::WorkflowError) -> AppError {
    AppError::Invalid(error.to_field_error().into())
}

impl App {
    /// A unit's form in a round: exactly the indicators its level reports in the data set, with the
    /// values entered, the previous period's values and the targets in force.
    pub async fn indicator_form(&self, actor: &Actor, round_id: Uuid, unit_id: Uuid) -> Result<IndicatorForm> {
        let mut tx = self.store.read().await?;
        let ctx = context(&mut tx, round_id, unit_id).await?;
        policy::authorize(actor, Action::ViewIndicators, &ctx.unit.path)?;
        let period = ctx.round.round.period;
        let values: BTreeMap<Uuid, IndicatorValue> =
            tx.unit_indicator_values(unit_id, period).await?.into_iter().map(|v| (v.indicator_id, v)).collect();
        let previous: BTreeMap<Uuid, IndicatorValue> = tx
            .unit_indicator_values(unit_id, period.previous())
            .await?
            .into_iter()
            .map(|v| (v.indicator_id, v))
            .collect();
        let mut rows = Vec::new();
        for record in ctx.form() {
            let (level_default, unit_override) =
                tx.indicator_targets_for(record.id, period, ctx.unit.level, unit_id).await?;
            rows.push(FormRow {
                definition: record.definition.clone(),
                value: values.get(&record.id).cloned(),
                previous: previous.get(&record.id).map(|v| v.value),
                targets: effective_targets(
                    level_default.map(|t| t.targets).unwrap_or_default(),
                    unit_override.map(|t| t.targets).unwrap_or_default(),
                ),
            });
        }
        let submission = tx.submission(round_id, unit_id).await?;
        let state = submission.as_ref().map_or(SubmissionState::Draft, |s| s.state);
        let can_edit = policy::authorize(actor, Action::ReportIndicators, &ctx.unit.path).is_ok()
            && decide(state, &Step::Edit, &ctx.situation(&mut tx, &Step::Edit, Relation::Own, self.today()).await?)
                .is_ok();
        Ok(IndicatorForm { round: ctx.round, data_set: ctx.data_set, unit: ctx.unit, submission, rows, can_edit })
    }

    /// Saves values without submitting them.
    pub async fn save_indicator_values(
        &self,
        actor: &Actor,
        round_id: Uuid,
        unit_id: Uuid,
        input: ValuesInput,
    ) -> Result<SubmissionOutcome> {
        self.enter_values(actor, round_id, unit_id, input, false).await
    }

    /// Saves the values given (if any) and submits the whole form: every value is checked again and the
    /// data set's rules applied; blocking findings refuse the submission (each names its indicator),
    /// warnings are returned.
    pub async fn submit_indicator_values(
        &self,
        actor: &Actor,
        round_id: Uuid,
        unit_id: Uuid,
        input: ValuesInput,
    ) -> Result<SubmissionOutcome> {
        self.enter_values(actor, round_id, unit_id, input, true).await
    }

    async fn enter_values(
        &self,
        actor: &Actor,
        round_id: Uuid,
        unit_id: Uuid,
        input: ValuesInput,
        submit: bool,
    ) -> Result<SubmissionOutcome> {
        let mut tx = self.store.write().await?;
        let ctx = context(&mut tx, round_id, unit_id).await?;
        policy::authorize(actor, Action::ReportIndicators, &ctx.unit.path)?;
        let today = self.today();
        let now = self.clock.now();
        let (mut submission, stored) = submission_or_draft(&mut tx, round_id, &ctx.unit, now).await?;
        if let Some(version) = input.version
            && stored
            && version != submission.version
        {
            return Err(AppError::Conflict(Invalid::one("version", "edit-conflict")));
        }
        let situation = ctx.situation(&mut tx, &Step::Submit, Relation::Own, today).await?;
        decide(submission.state, &Step::Edit, &situation).map_err(workflow_error)?;
        let form = ctx.form();
        let entries = parse_entries(&form, &input.values)?;
        let before = submission.clone();
        if !stored {
            tx.insert_submission(&submission).await?;
        }
        let reason =
            if submission.state == SubmissionState::Returned { submission.reason.clone() } else { String::new() };
        let period = ctx.round.round.period;
        let changed = write_values(&mut tx, actor, &submission, period, entries, &reason, now).await?;
        let mut warnings = Vec::new();
        if submit {
            warnings = validate(&mut tx, &ctx, &form, unit_id).await?;
            let next = decide(submission.state, &Step::Submit, &situation).map_err(workflow_error)?;
            submission.state = next;
            submission.submitted_on = submission.submitted_on.or(Some(today));
            submission.updated_at = now;
            let version = submission.version;
            save_submission(&mut tx, &mut submission, version).await?;
        } else if stored && changed > 0 {
            submission.updated_at = now;
            let version = submission.version;
            save_submission(&mut tx, &mut submission, version).await?;
        }
        Change {
            action: if submit { "indicator.submit" } else { "indicator.save" },
            object_type: "indicator_submission",
            object_id: submission.id.to_string(),
            unit_path: Some(&ctx.unit.path),
            before: stored.then(|| snapshot(&before)).flatten(),
            after: snapshot(&serde_json::json!({ "submission": &submission, "changed": changed })),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(SubmissionOutcome { submission, changed, warnings })
    }

    /// A decision on a unit's submission: `Approve`, `Return` or `Reopen` by the unit above (needs
    /// `ApproveIndicators` over it), `Withdraw` by the unit itself. Under the data set's "children
    /// first" setting a unit is approved only once all its reporting children are.
    pub async fn decide_submission(
        &self,
        actor: &Actor,
        round_id: Uuid,
        unit_id: Uuid,
        step: Step,
        expected_version: Option<i32>,
    ) -> Result<Submission> {
        let mut tx = self.store.write().await?;
        let ctx = context(&mut tx, round_id, unit_id).await?;
        let relation = match step {
            Step::Edit | Step::Submit | Step::Withdraw => {
                policy::authorize(actor, Action::ReportIndicators, &ctx.unit.path)?;
                Relation::Own
            }
            Step::Approve | Step::Return { .. } | Step::Reopen { .. } => {
                let parent = ctx.unit.parent_id.ok_or_else(|| super::denied(Action::ApproveIndicators))?;
                let parent = load_unit(&mut tx, parent).await?;
                policy::authorize(actor, Action::ApproveIndicators, &parent.path)?;
                Relation::Parent
            }
        };
        if matches!(step, Step::Edit | Step::Submit) {
            return Err(FieldError::new("action", "submission-wrong-state").into());
        }
        let mut submission = tx.submission(round_id, unit_id).await?.ok_or(AppError::NotFound("submission"))?;
        if let Some(version) = expected_version
            && version != submission.version
        {
            return Err(AppError::Conflict(Invalid::one("version", "edit-conflict")));
        }
        let today = self.today();
        let now = self.clock.now();
        let situation = ctx.situation(&mut tx, &step, relation, today).await?;
        let next = decide(submission.state, &step, &situation).map_err(workflow_error)?;
        let before = submission.clone();
        submission.state = next;
        submission.updated_at = now;
        match &step {
            Step::Approve => {
                submission.decided_on = Some(today);
                submission.decided_by = actor.user_id();
            }
            Step::Return { reason } | Step::Reopen { reason } => {
                submission.decided_on = Some(today);
                submission.decided_by = actor.user_id();
                submission.reason = reason.trim().to_owned();
            }
            _ => {}
        }
        let version = submission.version;
        save_submission(&mut tx, &mut submission, version).await?;
        Change {
            action: match step {
                Step::Approve => "indicator.approve",
                Step::Return { .. } => "indicator.return",
                Step::Reopen { .. } => "indicator.reopen",
                _ => "indicator.withdraw",
            },
            object_type: "indicator_submission",
            object_id: submission.id.to_string(),
            unit_path: Some(&ctx.unit.path),
            before: snapshot(&before),
            after: snapshot(&submission),
        }
        .record(&mut tx, actor, now)
        .await?;
        tx.commit().await?;
        Ok(submission)
    }

    /// The values a unit's value replaced, oldest first (changes and corrections, with who and why).
    pub async fn indicator_value_history(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        indicator: &str,
        period: &str,
    ) -> Result<(Option<IndicatorValue>, Vec<nqtrack_store::ValueChange>)> {
        let mut tx = self.store.read().await?;
        let unit = load_unit(&mut tx, unit_id).await?;
        policy::authorize(actor, Action::ViewIndicators, &unit.path)?;
        let period = nqtrack_domain::period::Period::parse("period", period)?;
        let record = tx.indicator_by_code(indicator.trim()).await?.ok_or(AppError::NotFound("indicator"))?;
        let value = tx.unit_indicator_values(unit_id, period).await?.into_iter().find(|v| v.indicator_id == record.id);
        let history = match &value {
            Some(value) => tx.value_history(value.id).await?,
            None => Vec::new(),
        };
        Ok((value, history))
    }
}

/// Validates the whole stored form with the data set's rules; the previous period's values take part
/// only when entered under a version of the same meaning.
async fn validate(tx: &mut Tx, ctx: &Context, form: &[&IndicatorRecord], unit_id: Uuid) -> Result<Vec<FieldError>> {
    let period = ctx.round.round.period;
    let by_id: BTreeMap<Uuid, &IndicatorRecord> = form.iter().map(|r| (r.id, *r)).collect();
    let mut values = BTreeMap::new();
    let mut comments = BTreeMap::new();
    for stored in tx.unit_indicator_values(unit_id, period).await? {
        if let Some(record) = by_id.get(&stored.indicator_id) {
            values.insert(record.definition.code.clone(), stored.value);
            if !stored.comment.is_empty() {
                comments.insert(record.definition.code.clone(), stored.comment);
            }
        }
    }
    let mut previous = BTreeMap::new();
    for stored in tx.unit_indicator_values(unit_id, period.previous()).await? {
        let Some(record) = by_id.get(&stored.indicator_id) else { continue };
        let comparable = if stored.indicator_version == record.definition.version {
            true
        } else {
            tx.indicator_version(record.id, stored.indicator_version)
                .await?
                .is_some_and(|old| old.same_meaning(&record.definition))
        };
        if comparable {
            previous.insert(record.definition.code.clone(), stored.value);
        }
    }
    let definitions: Vec<IndicatorDefinition> = form.iter().map(|r| r.definition.clone()).collect();
    let findings = validate_form(
        &Form { indicators: &definitions, values: &values, previous: &previous, comments: &comments },
        &ctx.data_set.rules,
    );
    Ok(findings.into_result()?)
}
