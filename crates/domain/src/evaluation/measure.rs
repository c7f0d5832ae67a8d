//! What a criterion or an index leaf measures, and the facts about a unit it is read from.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::tally::TaskTally;
use crate::error::FieldError;
use crate::indicator::Direction;
use crate::unit::text_enum;

text_enum!(
    /// A measure of a unit for a period. Task measures are percents of the unit's tasks; indicator
    /// measures read one indicator (named beside the measure).
    MeasureKind, "measure", "measure-unknown" {
        TasksGreenShare = "tasks_green_share" | "ty_le_nhiem_vu_xanh",
        TasksOnTimeRate = "tasks_on_time_rate" | "ty_le_hoan_thanh_dung_han",
        TasksReportedShare = "tasks_reported_share" | "ty_le_bao_cao_dinh_ky",
        TasksOverdueShare = "tasks_overdue_share" | "ty_le_qua_han",
        IndicatorAchievement = "indicator_achievement" | "muc_do_dat_chi_tieu",
        IndicatorValue = "indicator_value" | "gia_tri_chi_tieu",
    }
);

impl MeasureKind {
    /// Whether the measure reads an indicator (which must then be named).
    pub fn needs_indicator(self) -> bool {
        matches!(self, MeasureKind::IndicatorAchievement | MeasureKind::IndicatorValue)
    }

    /// Whether the measure is a percent (0–100) whatever the unit's data.
    pub fn is_percent(self) -> bool {
        !matches!(self, MeasureKind::IndicatorValue)
    }
}

/// An indicator of one unit and period: its value rolled up from the units below, its target and how
/// far the value reaches it (percent, direction already applied).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IndicatorFact {
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub achievement: Option<f64>,
    pub direction: Direction,
    /// Some expected units had not reported (or were not approved).
    #[serde(default)]
    pub partial: bool,
    /// The indicator's own period the value is for (a yearly indicator in a quarter's evaluation
    /// reads the last year that ended).
    #[serde(default)]
    pub period: Option<crate::period::Period>,
}

/// What one unit's subtree looked like at the end of a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitFacts {
    pub tasks: TaskTally,
    /// By indicator code.
    pub indicators: BTreeMap<String, IndicatorFact>,
}

impl UnitFacts {
    /// The measure's raw value for this unit; `None` when there is nothing to measure.
    pub fn read(&self, kind: MeasureKind, indicator: Option<&str>) -> Option<f64> {
        let fact = || indicator.and_then(|code| self.indicators.get(code));
        let value = match kind {
            MeasureKind::TasksGreenShare => self.tasks.green_share(),
            MeasureKind::TasksOnTimeRate => self.tasks.on_time_rate(),
            MeasureKind::TasksReportedShare => self.tasks.reported_share(),
            MeasureKind::TasksOverdueShare => self.tasks.overdue_share(),
            MeasureKind::IndicatorAchievement => fact().and_then(|f| f.achievement),
            MeasureKind::IndicatorValue => fact().and_then(|f| f.value),
        };
        value.filter(|v| v.is_finite())
    }

    /// Whether a smaller value of the measure is the better one.
    pub fn lower_is_better(&self, kind: MeasureKind, indicator: Option<&str>) -> bool {
        match kind {
            MeasureKind::TasksOverdueShare => true,
            MeasureKind::IndicatorValue => indicator
                .and_then(|code| self.indicators.get(code))
                .is_some_and(|f| f.direction == Direction::LowerIsBetter),
            _ => false,
        }
    }

    /// The measure as a fraction of what was asked, 0 to 1: a share as is (an overdue share turned
    /// round), an indicator by its achievement of the target. `None` without data or target.
    pub fn against_target(&self, kind: MeasureKind, indicator: Option<&str>) -> Option<f64> {
        let fraction = match kind {
            MeasureKind::TasksOverdueShare => 1.0 - self.read(kind, indicator)? / 100.0,
            MeasureKind::IndicatorValue => {
                indicator.and_then(|code| self.indicators.get(code)).and_then(|f| f.achievement)? / 100.0
            }
            _ => self.read(kind, indicator)? / 100.0,
        };
        Some(fraction.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{Colour, Status};

    fn facts() -> UnitFacts {
        let mut facts = UnitFacts::default();
        facts.tasks.add(Status::Overdue, Colour::Red, 1, 0, 0);
        facts.tasks.add(Status::InProgress, Colour::Green, 3, 0, 0);
        facts.indicators.insert(
            "CDS_01".into(),
            IndicatorFact {
                value: Some(12.0),
                target: Some(10.0),
                achievement: Some(120.0),
                direction: Direction::LowerIsBetter,
                partial: false,
                period: None,
            },
        );
        facts
    }

    #[test]
    fn measures_read_the_facts() {
        let facts = facts();
        assert_eq!(facts.read(MeasureKind::TasksGreenShare, None), Some(75.0));
        assert_eq!(facts.read(MeasureKind::TasksOverdueShare, None), Some(25.0));
        assert_eq!(facts.read(MeasureKind::IndicatorValue, Some("CDS_01")), Some(12.0));
        assert_eq!(facts.read(MeasureKind::IndicatorValue, Some("CDS_99")), None);
        assert_eq!(facts.read(MeasureKind::TasksReportedShare, None), None);
        assert!(facts.lower_is_better(MeasureKind::IndicatorValue, Some("CDS_01")));
        assert!(facts.lower_is_better(MeasureKind::TasksOverdueShare, None));
        assert_eq!(facts.against_target(MeasureKind::TasksOverdueShare, None), Some(0.75));
        assert_eq!(facts.against_target(MeasureKind::IndicatorAchievement, Some("CDS_01")), Some(1.0));
    }

    #[test]
    fn vietnamese_names_parse() {
        assert_eq!(MeasureKind::parse("measure", "Tỷ lệ quá hạn"), Ok(MeasureKind::TasksOverdueShare));
        assert!(MeasureKind::parse("measure", "bogus").is_err());
    }
}
