//! Scorecards: criteria that each give a unit a colour for a period, and a score from the colours.
//!
//! A criterion reads one measure ([`MeasureKind`]) and compares it with two thresholds: at or beyond
//! `green` it is GREEN, at or beyond `yellow` YELLOW, otherwise RED ("beyond" means above, or below for
//! a measure where lower is better). A GREEN criterion earns its full weight, a YELLOW one half, a RED
//! one nothing; the unit's score is the points earned as a percent of the weights of the criteria that
//! had data. A criterion without data is "no data": it earns nothing and weighs nothing, and a unit
//! with no criterion measured has no score (it is not ranked, rather than ranked last with zero).

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::check_identity;
use super::measure::{MeasureKind, UnitFacts};
use crate::error::{Checker, FieldError, Invalid};
use crate::indicator::Direction;
use crate::status::Colour;
use crate::unit::text_enum;

text_enum!(
    /// What units are ranked by on a scorecard.
    RankBy, "rank_by", "rank-by-unknown" {
        Score = "score" | "diem",
        GreenShare = "green_share" | "ty_le_tieu_chi_xanh",
    }
);

/// One criterion of a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub code: String,
    pub name: String,
    pub measure: MeasureKind,
    /// The indicator an indicator measure reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    pub green: f64,
    pub yellow: f64,
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

fn default_green_at() -> f64 {
    80.0
}

fn default_yellow_at() -> f64 {
    50.0
}

/// A scorecard: criteria, and how a unit's score is coloured and ranked. It is also the shape of the
/// TOML or JSON file a coordinator shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_rank_by")]
    pub rank_by: RankBy,
    /// A unit whose score reaches this is GREEN overall.
    #[serde(default = "default_green_at")]
    pub green_at: f64,
    /// ... and this, YELLOW; below it RED.
    #[serde(default = "default_yellow_at")]
    pub yellow_at: f64,
    pub criteria: Vec<Criterion>,
}

fn default_rank_by() -> RankBy {
    RankBy::Score
}

/// How one criterion came out for a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub code: String,
    pub value: Option<f64>,
    pub colour: Option<Colour>,
    /// The weight earned: all of it when GREEN, half when YELLOW.
    pub points: Option<f64>,
    pub weight: f64,
}

/// A unit's result on a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitScore {
    pub criteria: Vec<CriterionResult>,
    /// Percent of the measured criteria's weight earned; `None` when nothing could be measured.
    pub score: Option<f64>,
    /// Percent of the measured criteria that are GREEN.
    pub green_share: Option<f64>,
    pub colour: Option<Colour>,
}

impl UnitScore {
    /// The number units are ranked by.
    pub fn ranked_by(&self, rank_by: RankBy) -> Option<f64> {
        match rank_by {
            RankBy::Score => self.score,
            RankBy::GreenShare => self.green_share,
        }
    }
}

/// The colour of `value` against two thresholds, in the measure's direction.
pub fn colour_of(value: f64, green: f64, yellow: f64, lower_is_better: bool) -> Colour {
    let reaches = |threshold: f64| if lower_is_better { value <= threshold } else { value >= threshold };
    if reaches(green) {
        Colour::Green
    } else if reaches(yellow) {
        Colour::Yellow
    } else {
        Colour::Red
    }
}

impl Scorecard {
    /// Checks the scorecard against the catalogue (`direction_of` gives an indicator's direction, or
    /// `None` when no such indicator exists) and returns it tidied: codes trimmed, indicator codes
    /// upper-cased. Every problem is reported, with the criterion's position in the field name.
    pub fn check(mut self, direction_of: impl Fn(&str) -> Option<Direction>) -> Result<Scorecard, Invalid> {
        let mut checker = Checker::default();
        check_identity(&mut checker, "", &mut self.code, &mut self.name, None);
        check_thresholds(&mut checker, "green_at", self.green_at, self.yellow_at, false, 100.0);
        if self.criteria.is_empty() {
            checker.push(FieldError::new("criteria", "criteria-empty"));
        }
        let mut codes = BTreeSet::new();
        for (i, criterion) in self.criteria.iter_mut().enumerate() {
            let field = |name: &str| format!("criteria[{i}].{name}");
            check_identity(
                &mut checker,
                &format!("criteria[{i}]"),
                &mut criterion.code,
                &mut criterion.name,
                Some(&mut codes),
            );
            let lower_is_better = match check_indicator(&mut checker, &field("indicator"), criterion, &direction_of) {
                Some(direction) => direction == Direction::LowerIsBetter,
                None => criterion.measure == MeasureKind::TasksOverdueShare,
            };
            let ceiling = match criterion.measure {
                MeasureKind::IndicatorValue => f64::INFINITY,
                MeasureKind::IndicatorAchievement => 1_000.0,
                _ => 100.0,
            };
            check_thresholds(
                &mut checker,
                &field("green"),
                criterion.green,
                criterion.yellow,
                lower_is_better,
                ceiling,
            );
            if !(criterion.weight.is_finite() && criterion.weight > 0.0) {
                checker.push(FieldError::new(field("weight"), "weight-not-positive"));
            }
        }
        checker.finish()?;
        Ok(self)
    }

    /// The unit's colours and score.
    pub fn evaluate(&self, facts: &UnitFacts) -> UnitScore {
        let criteria: Vec<CriterionResult> = self
            .criteria
            .iter()
            .map(|criterion| {
                let indicator = criterion.indicator.as_deref();
                let value = facts.read(criterion.measure, indicator);
                let lower = facts.lower_is_better(criterion.measure, indicator);
                let colour = value.map(|v| colour_of(v, criterion.green, criterion.yellow, lower));
                let points = colour.map(|c| match c {
                    Colour::Green => criterion.weight,
                    Colour::Yellow => criterion.weight / 2.0,
                    Colour::Red => 0.0,
                });
                CriterionResult { code: criterion.code.clone(), value, colour, points, weight: criterion.weight }
            })
            .collect();
        let measured: Vec<&CriterionResult> = criteria.iter().filter(|c| c.points.is_some()).collect();
        let weight: f64 = measured.iter().map(|c| c.weight).sum();
        let earned: f64 = measured.iter().filter_map(|c| c.points).sum();
        let score = (weight > 0.0).then(|| earned / weight * 100.0);
        let greens = measured.iter().filter(|c| c.colour == Some(Colour::Green)).count();
        let green_share = (!measured.is_empty()).then(|| greens as f64 / measured.len() as f64 * 100.0);
        let colour = self.overall(score.zip(green_share).map(|(s, g)| match self.rank_by {
            RankBy::Score => s,
            RankBy::GreenShare => g,
        }));
        UnitScore { criteria, score, green_share, colour }
    }

    fn overall(&self, value: Option<f64>) -> Option<Colour> {
        value.map(|v| colour_of(v, self.green_at, self.yellow_at, false))
    }

    /// The indicator codes the criteria read.
    pub fn indicators(&self) -> BTreeSet<String> {
        self.criteria.iter().filter_map(|c| c.indicator.clone()).collect()
    }
}

/// Checks that an indicator measure names a known indicator (and a task measure names none);
/// returns the indicator's direction.
fn check_indicator(
    checker: &mut Checker,
    field: &str,
    criterion: &mut Criterion,
    direction_of: &impl Fn(&str) -> Option<Direction>,
) -> Option<Direction> {
    let code = criterion.indicator.take().map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
    criterion.indicator = code.clone();
    match (criterion.measure.needs_indicator(), code) {
        (true, None) => {
            checker.push(FieldError::new(field, "required"));
            None
        }
        (true, Some(code)) => {
            let direction = direction_of(&code);
            if direction.is_none() {
                checker.push(FieldError::new(field, "criterion-indicator-unknown").with_arg("value", &code));
            }
            direction.filter(|_| criterion.measure == MeasureKind::IndicatorValue)
        }
        (false, Some(code)) => {
            checker.push(FieldError::new(field, "criterion-indicator-unneeded").with_arg("value", code));
            None
        }
        (false, None) => None,
    }
}

fn check_thresholds(checker: &mut Checker, field: &str, green: f64, yellow: f64, lower_is_better: bool, ceiling: f64) {
    let in_range = |v: f64| v.is_finite() && (ceiling.is_infinite() || (0.0..=ceiling).contains(&v));
    if !in_range(green) || !in_range(yellow) {
        checker.push(FieldError::new(field, "threshold-out-of-range").with_arg("max", ceiling));
        return;
    }
    let ordered = if lower_is_better { green <= yellow } else { green >= yellow };
    if !ordered {
        checker.push(
            FieldError::new(field, "thresholds-order")
                .with_arg("green", green)
                .with_arg("yellow", yellow)
                .with_arg("direction", if lower_is_better { "lower" } else { "higher" }),
        );
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::evaluation::measure::IndicatorFact;
    use crate::status::Status;

    pub(crate) fn scorecard() -> Scorecard {
        Scorecard {
            code: "TD57".into(),
            name: "Tiến độ Nghị quyết 57".into(),
            description: String::new(),
            rank_by: RankBy::Score,
            green_at: 80.0,
            yellow_at: 50.0,
            criteria: vec![
                Criterion {
                    code: "C1".into(),
                    name: "Nhiệm vụ xanh".into(),
                    measure: MeasureKind::TasksGreenShare,
                    indicator: None,
                    green: 80.0,
                    yellow: 60.0,
                    weight: 2.0,
                },
                Criterion {
                    code: "C2".into(),
                    name: "Hồ sơ trực tuyến".into(),
                    measure: MeasureKind::IndicatorAchievement,
                    indicator: Some("dvc_01".into()),
                    green: 100.0,
                    yellow: 80.0,
                    weight: 1.0,
                },
            ],
        }
    }

    fn known(code: &str) -> Option<Direction> {
        (code == "DVC_01").then_some(Direction::HigherIsBetter)
    }

    #[test]
    fn a_good_scorecard_is_tidied() {
        let checked = scorecard().check(known).unwrap();
        assert_eq!(checked.criteria[1].indicator.as_deref(), Some("DVC_01"));
    }

    #[test]
    fn every_problem_is_named() {
        let mut bad = scorecard();
        bad.criteria[0].green = 50.0;
        bad.criteria[1].indicator = Some("NOPE".into());
        bad.criteria.push(Criterion { weight: 0.0, ..bad.criteria[0].clone() });
        let errors = bad.check(known).unwrap_err().0;
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert!(fields.contains(&("criteria[0].green", "thresholds-order")), "{fields:?}");
        assert!(fields.contains(&("criteria[1].indicator", "criterion-indicator-unknown")), "{fields:?}");
        assert!(fields.contains(&("criteria[2].code", "criterion-duplicate")), "{fields:?}");
        assert!(fields.contains(&("criteria[2].weight", "weight-not-positive")), "{fields:?}");
    }

    #[test]
    fn colours_earn_points_and_no_data_weighs_nothing() {
        let card = scorecard().check(known).unwrap();
        let mut facts = UnitFacts::default();
        facts.tasks.add(Status::InProgress, Colour::Green, 7, 0, 0);
        facts.tasks.add(Status::Overdue, Colour::Red, 3, 0, 0);
        // 70 % green: YELLOW, half of weight 2; the indicator has no data.
        let score = card.evaluate(&facts);
        assert_eq!(score.criteria[0].colour, Some(Colour::Yellow));
        assert_eq!(score.criteria[1].colour, None);
        assert_eq!(score.score, Some(50.0));
        assert_eq!(score.green_share, Some(0.0));
        assert_eq!(score.colour, Some(Colour::Yellow));
        facts.indicators.insert(
            "DVC_01".into(),
            IndicatorFact {
                value: Some(95.0),
                target: Some(90.0),
                achievement: Some(105.0),
                direction: Direction::HigherIsBetter,
                partial: false,
                period: None,
            },
        );
        let score = card.evaluate(&facts);
        assert_eq!(score.criteria[1].colour, Some(Colour::Green));
        assert!((score.score.unwrap() - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(card.evaluate(&UnitFacts::default()).score, None);
    }

    #[test]
    fn lower_is_better_thresholds_turn_round() {
        assert_eq!(colour_of(5.0, 10.0, 20.0, true), Colour::Green);
        assert_eq!(colour_of(15.0, 10.0, 20.0, true), Colour::Yellow);
        assert_eq!(colour_of(25.0, 10.0, 20.0, true), Colour::Red);
        assert_eq!(colour_of(80.0, 80.0, 60.0, false), Colour::Green);
    }
}
