//! What an indicator is: its code, names, kind of value, direction, periodicity, the levels that report
//! it, how it rolls up the tree and where its values come from; and when an edit makes a new version.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Checker, FieldError, Invalid};
use crate::indicator::formula::Formula;
use crate::period::Periodicity;
use crate::task::{Field, required_text};
use crate::unit::{Level, Name, text_enum};

/// An indicator code: an ASCII letter, then letters, digits or `_`, at most 32 characters, kept in
/// upper case. It is also how formulas name the indicator, which is why `-` and `.` are not allowed
/// (`CDS-01` would read as `CDS` minus `01`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IndicatorCode(String);

impl IndicatorCode {
    pub const MAX_LEN: usize = 32;

    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        let mut chars = code.chars();
        let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && code.len() <= Self::MAX_LEN;
        if well_formed {
            Ok(Self(code))
        } else {
            Err(FieldError::new(field, "indicator-code-format").with_arg("value", input.trim()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IndicatorCode {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse("code", &value)
    }
}

impl From<IndicatorCode> for String {
    fn from(code: IndicatorCode) -> Self {
        code.0
    }
}

impl fmt::Display for IndicatorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for IndicatorCode {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse("code", s)
    }
}

text_enum!(
    /// The kind of value a unit enters. A percent is a number from 0 to 100; a ratio is entered as its
    /// numerator and denominator so that it can be recomputed from sums up the tree.
    ValueType, "value_type", "indicator-value-type-unknown" {
        Number = "number" | "so" | "so_lieu" | "so_luong" | "gia_tri" | "count",
        Percent = "percent" | "percentage" | "phan_tram" | "ty_le" | "ti_le" | "ty_le_phan_tram" | "ti_le_phan_tram",
        YesNo = "yes_no" | "boolean" | "co_khong" | "co_hay_khong" | "co_hoac_khong",
        Ratio = "ratio" | "fraction" | "ty_so" | "ti_so" | "tu_so_mau_so" | "phan_so",
    }
);

text_enum!(
    /// Whether a higher or a lower value is better; achievement against a target respects it.
    Direction, "direction", "direction-unknown" {
        HigherIsBetter = "higher_is_better" | "higher" | "increase" | "cang_cao_cang_tot" | "cao_la_tot" | "tang",
        LowerIsBetter = "lower_is_better" | "lower" | "decrease" | "cang_thap_cang_tot" | "thap_la_tot" | "giam",
    }
);

text_enum!(
    /// Strategic indicators measure the programme's goals; operational ones its day-to-day work.
    IndicatorGroup, "indicator_group", "indicator-group-unknown" {
        Strategic = "strategic" | "chien_luoc",
        Operational = "operational" | "tac_nghiep",
    }
);

text_enum!(
    /// How the values of the units below make the value of their parent.
    Aggregation, "aggregation", "aggregation-unknown" {
        Sum = "sum" | "total" | "tong" | "cong" | "cong_don",
        Average = "average" | "mean" | "trung_binh" | "binh_quan",
        WeightedAverage = "weighted_average" | "trung_binh_co_trong_so" | "binh_quan_gia_quyen" | "trung_binh_gia_quyen",
        Min = "min" | "minimum" | "nho_nhat" | "thap_nhat",
        Max = "max" | "maximum" | "lon_nhat" | "cao_nhat",
        ShareYes = "share_yes" | "share_of_yes" | "ty_le_co" | "ti_le_co" | "ty_le_don_vi_co",
        RatioOfSums = "ratio_of_sums" | "ty_le_tren_tong" | "ti_le_tren_tong" | "tinh_lai_tu_tong",
    }
);

impl Aggregation {
    /// Whether the rule means something for values of this type: percents are not added up, yes/no
    /// answers are counted as a share, and a ratio is recomputed from its parts or averaged.
    pub fn fits(self, value_type: ValueType) -> bool {
        use Aggregation::*;
        match value_type {
            ValueType::Number => matches!(self, Sum | Average | WeightedAverage | Min | Max),
            ValueType::Percent => matches!(self, Average | WeightedAverage | Min | Max),
            ValueType::YesNo => matches!(self, ShareYes | Sum),
            ValueType::Ratio => matches!(self, RatioOfSums | Average | WeightedAverage | Min | Max),
        }
    }
}

/// What a weighted average weighs each child's value by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// The child's own denominator (a ratio indicator): the share of procedures online weighed by the
    /// number of procedures.
    Denominator,
    /// The child's value of another indicator (its population, its budget).
    Indicator(IndicatorCode),
}

impl Weight {
    /// "denominator" (or "mẫu số") or the code of the weighing indicator.
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        match crate::text::fold_vi(input).as_str() {
            "denominator" | "mau so" => Ok(Weight::Denominator),
            _ => IndicatorCode::parse(field, input).map(Weight::Indicator),
        }
    }
}

text_enum!(
    /// Where values come from, without the details (for imports and filters).
    SourceKind, "indicator_source", "indicator-source-unknown" {
        Entered = "entered" | "manual" | "nhap" | "nhap_tay" | "nhap_lieu",
        Imported = "imported" | "import" | "ket_noi" | "dong_bo" | "lien_thong",
        Formula = "formula" | "computed" | "cong_thuc" | "tinh_toan",
    }
);

/// Where values come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Typed by the unit in its form.
    Entered,
    /// Received from another system (the national public service portal, the identity app), named here.
    Imported { system: String },
    /// Computed from other indicators of the same unit and period; never entered.
    Formula(Formula),
}

impl Source {
    pub fn kind(&self) -> SourceKind {
        match self {
            Source::Entered => SourceKind::Entered,
            Source::Imported { .. } => SourceKind::Imported,
            Source::Formula(_) => SourceKind::Formula,
        }
    }

    pub fn formula(&self) -> Option<&Formula> {
        match self {
            Source::Formula(formula) => Some(formula),
            _ => None,
        }
    }
}

/// The version of a definition, from 1. A value keeps the version it was entered under, so an old
/// value is always read with the definition that gave it its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IndicatorVersion(u32);

impl IndicatorVersion {
    pub const FIRST: IndicatorVersion = IndicatorVersion(1);

    /// Wraps a version read back from storage (0 is read as 1).
    pub fn from_stored(version: u32) -> Self {
        Self(version.max(1))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

impl fmt::Display for IndicatorVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One version of an indicator's definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorDefinition {
    pub code: IndicatorCode,
    pub version: IndicatorVersion,
    pub name_vi: Name,
    pub name_en: Option<Name>,
    /// The unit of measure as printed after the value ("hồ sơ", "tỷ đồng", "%"); may be empty.
    pub unit_of_measure: String,
    pub value_type: ValueType,
    pub direction: Direction,
    pub group: IndicatorGroup,
    pub field: Option<Field>,
    pub periodicity: Periodicity,
    /// The levels whose units report (or, for a formula, compute) the indicator.
    pub levels: Vec<Level>,
    pub aggregation: Aggregation,
    /// Required by a weighted average, ignored by the other rules.
    pub weight: Option<Weight>,
    pub source: Source,
    /// Whether a number may be negative (a balance, a change); counts and amounts may not.
    pub allow_negative: bool,
    /// The tasks whose results the indicator measures.
    pub tasks: Vec<Uuid>,
}

impl IndicatorDefinition {
    pub const UNIT_OF_MEASURE_MAX: usize = 64;
    pub const SYSTEM_MAX: usize = 200;

    /// The weight that the aggregation rule uses: `None` unless the rule is a weighted average.
    pub fn effective_weight(&self) -> Option<&Weight> {
        if self.aggregation == Aggregation::WeightedAverage { self.weight.as_ref() } else { None }
    }

    /// Whether units at `level` report or compute this indicator.
    pub fn reported_at(&self, level: Level) -> bool {
        self.levels.contains(&level)
    }

    /// The English name when there is one, the Vietnamese one otherwise.
    pub fn name_en_or_vi(&self) -> &str {
        self.name_en.as_ref().unwrap_or(&self.name_vi).as_str()
    }

    /// Checks that the parts agree with each other; references to other indicators are checked with the
    /// whole catalogue ([`check_catalogue`](crate::indicator::check_catalogue)).
    pub fn check(&self) -> Result<(), Invalid> {
        let mut checker = Checker::default();
        if self.levels.is_empty() {
            checker.push(FieldError::new("levels", "required"));
        }
        for (i, level) in self.levels.iter().enumerate() {
            if self.levels[..i].contains(level) {
                checker.push(FieldError::new(format!("levels[{i}]"), "duplicate"));
            }
        }
        if self.unit_of_measure.chars().count() > Self::UNIT_OF_MEASURE_MAX {
            checker.push(FieldError::new("unit_of_measure", "too-long").with_arg("max", Self::UNIT_OF_MEASURE_MAX));
        }
        if !self.aggregation.fits(self.value_type) {
            checker.push(
                FieldError::new("aggregation", "aggregation-value-type")
                    .with_arg("value", self.aggregation)
                    .with_arg("value_type", self.value_type),
            );
        }
        match (self.aggregation, &self.weight) {
            (Aggregation::WeightedAverage, None) => checker.push(FieldError::new("weight", "weight-required")),
            (Aggregation::WeightedAverage, Some(Weight::Denominator)) if self.value_type != ValueType::Ratio => {
                checker.push(FieldError::new("weight", "weight-needs-ratio"))
            }
            _ => {}
        }
        match &self.source {
            Source::Formula(_) if !matches!(self.value_type, ValueType::Number | ValueType::Percent) => {
                checker.push(FieldError::new("indicator_source", "formula-value-type"))
            }
            Source::Imported { system } => {
                checker.check(required_text("indicator_source", system, Self::SYSTEM_MAX));
            }
            _ => {}
        }
        checker.finish()
    }

    /// Whether values entered under `self` and under `other` mean the same thing, so that they may be
    /// compared, added up, or checked against each other (the jump rule).
    pub fn same_meaning(&self, other: &IndicatorDefinition) -> bool {
        self.code == other.code
            && self.value_type == other.value_type
            && self.unit_of_measure == other.unit_of_measure
            && self.direction == other.direction
            && self.periodicity == other.periodicity
            && self.aggregation == other.aggregation
            && self.effective_weight() == other.effective_weight()
            && self.source == other.source
            && self.allow_negative == other.allow_negative
    }
}

/// What saving an edited definition means.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "revision", content = "definition", rename_all = "snake_case")]
pub enum Revision {
    /// Nothing changed: nothing to save.
    Unchanged,
    /// Only names, group, field, levels or task links changed: the same version is updated, and the
    /// values already entered keep their meaning.
    SameVersion(IndicatorDefinition),
    /// The meaning of a value changed (its type, unit, direction, periodicity, roll-up, weight or source):
    /// the definition is saved as the next version; the values entered so far keep the old one.
    NewVersion(IndicatorDefinition),
}

/// Decides how `proposed` (an edit of `current`) is saved, and gives it its version number. The code
/// cannot change: another code is another indicator.
pub fn revise(current: &IndicatorDefinition, proposed: IndicatorDefinition) -> Result<Revision, FieldError> {
    if proposed.code != current.code {
        return Err(FieldError::new("code", "indicator-code-changed").with_arg("value", &current.code));
    }
    let proposed = IndicatorDefinition { version: current.version, ..proposed };
    Ok(if proposed == *current {
        Revision::Unchanged
    } else if proposed.same_meaning(current) {
        Revision::SameVersion(proposed)
    } else {
        Revision::NewVersion(IndicatorDefinition { version: current.version.next(), ..proposed })
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A plain entered number reported by provinces and communes, for tests across the module.
    pub(crate) fn definition(code: &str, value_type: ValueType, aggregation: Aggregation) -> IndicatorDefinition {
        IndicatorDefinition {
            code: IndicatorCode::parse("code", code).expect("test code"),
            version: IndicatorVersion::FIRST,
            name_vi: Name::parse("name_vi", "Chỉ số thử").expect("test name"),
            name_en: None,
            unit_of_measure: String::new(),
            value_type,
            direction: Direction::HigherIsBetter,
            group: IndicatorGroup::Operational,
            field: None,
            periodicity: Periodicity::Quarter,
            levels: vec![Level::Province, Level::Commune],
            aggregation,
            weight: None,
            source: Source::Entered,
            allow_negative: false,
            tasks: Vec::new(),
        }
    }

    #[test]
    fn codes_are_formula_identifiers() {
        assert_eq!(IndicatorCode::parse("code", " cds_01 ").unwrap().as_str(), "CDS_01");
        for bad in ["01A", "CDS-01", "CDS.01", "chỉ_số", &"A".repeat(33)] {
            assert_eq!(IndicatorCode::parse("code", bad).unwrap_err().code, "indicator-code-format", "{bad}");
        }
        assert_eq!(IndicatorCode::parse("code", "  ").unwrap_err().code, "required");
        let json = serde_json::to_string(&IndicatorCode::parse("code", "a1").unwrap()).unwrap();
        assert_eq!(json, "\"A1\"");
        assert!(serde_json::from_str::<IndicatorCode>("\"1A\"").is_err());
    }

    #[test]
    fn kinds_parse_from_vietnamese_and_english() {
        assert_eq!(ValueType::parse("value_type", "Tỷ lệ"), Ok(ValueType::Percent));
        assert_eq!(ValueType::parse("value_type", "Có/Không"), Ok(ValueType::YesNo));
        assert_eq!(ValueType::parse("value_type", "yes/no"), Ok(ValueType::YesNo));
        assert_eq!(ValueType::parse("value_type", "Tử số/Mẫu số"), Ok(ValueType::Ratio));
        assert_eq!(Direction::parse("direction", "Càng thấp càng tốt"), Ok(Direction::LowerIsBetter));
        assert_eq!(Direction::parse("direction", "Higher is better"), Ok(Direction::HigherIsBetter));
        assert_eq!(IndicatorGroup::parse("indicator_group", "Chiến lược"), Ok(IndicatorGroup::Strategic));
        assert_eq!(Aggregation::parse("aggregation", "Trung bình có trọng số"), Ok(Aggregation::WeightedAverage));
        assert_eq!(Aggregation::parse("aggregation", "Weighted average"), Ok(Aggregation::WeightedAverage));
        assert_eq!(Aggregation::parse("aggregation", "Tỷ lệ có"), Ok(Aggregation::ShareYes));
        assert_eq!(SourceKind::parse("indicator_source", "Công thức"), Ok(SourceKind::Formula));
        assert_eq!(Weight::parse("weight", "Mẫu số"), Ok(Weight::Denominator));
        assert_eq!(Weight::parse("weight", "dan_so").unwrap(), Weight::Indicator("DAN_SO".parse().unwrap()));
        assert_eq!(Aggregation::parse("aggregation", "median").unwrap_err().code, "aggregation-unknown");
        for value_type in ValueType::ALL {
            assert_eq!(ValueType::parse("value_type", value_type.as_str()), Ok(*value_type));
        }
        for aggregation in Aggregation::ALL {
            assert_eq!(Aggregation::parse("aggregation", aggregation.as_str()), Ok(*aggregation));
        }
    }

    #[test]
    fn a_definition_must_agree_with_itself() {
        let ok = definition("A", ValueType::Number, Aggregation::Sum);
        assert!(ok.check().is_ok());
        let codes = |d: IndicatorDefinition| d.check().unwrap_err().0.into_iter().map(|e| e.code).collect::<Vec<_>>();
        assert_eq!(codes(definition("A", ValueType::Percent, Aggregation::Sum)), ["aggregation-value-type"]);
        assert_eq!(codes(definition("A", ValueType::Number, Aggregation::WeightedAverage)), ["weight-required"]);
        let by_denominator = IndicatorDefinition {
            weight: Some(Weight::Denominator),
            ..definition("A", ValueType::Number, Aggregation::WeightedAverage)
        };
        assert_eq!(codes(by_denominator), ["weight-needs-ratio"]);
        let formula = Formula::parse("B + C").unwrap();
        let yes_no_formula = IndicatorDefinition {
            source: Source::Formula(formula),
            ..definition("A", ValueType::YesNo, Aggregation::ShareYes)
        };
        assert_eq!(codes(yes_no_formula), ["formula-value-type"]);
        let no_levels = IndicatorDefinition { levels: vec![], ..ok.clone() };
        assert_eq!(codes(no_levels), ["required"]);
        let twice = IndicatorDefinition { levels: vec![Level::Commune, Level::Commune], ..ok.clone() };
        assert_eq!(codes(twice), ["duplicate"]);
        let unnamed = IndicatorDefinition { source: Source::Imported { system: " ".into() }, ..ok };
        assert_eq!(codes(unnamed), ["required"]);
    }

    #[test]
    fn a_change_of_meaning_is_a_new_version() {
        let current = definition("A", ValueType::Number, Aggregation::Sum);
        assert_eq!(revise(&current, current.clone()), Ok(Revision::Unchanged));
        let renamed = IndicatorDefinition { name_en: Some(Name::parse("name_en", "Test").unwrap()), ..current.clone() };
        assert_eq!(revise(&current, renamed.clone()), Ok(Revision::SameVersion(renamed)));
        let averaged = IndicatorDefinition { aggregation: Aggregation::Average, ..current.clone() };
        match revise(&current, averaged) {
            Ok(Revision::NewVersion(next)) => assert_eq!(next.version.get(), 2),
            other => panic!("expected a new version, got {other:?}"),
        }
        // A stale weight under a rule that ignores it changes nothing.
        let stale = IndicatorDefinition { weight: Some(Weight::Denominator), ..current.clone() };
        assert!(matches!(revise(&current, stale), Ok(Revision::SameVersion(_))));
        // The version comes from the current definition, whatever the form sent.
        let forged = IndicatorDefinition { version: IndicatorVersion::from_stored(9), ..current.clone() };
        assert_eq!(revise(&current, forged), Ok(Revision::Unchanged));
        let recoded = definition("B", ValueType::Number, Aggregation::Sum);
        assert_eq!(revise(&current, recoded).unwrap_err().code, "indicator-code-changed");
    }

    #[test]
    fn definitions_serialise_for_storage() {
        let mut weighted = definition("TTHC", ValueType::Ratio, Aggregation::WeightedAverage);
        weighted.weight = Some(Weight::Denominator);
        weighted.field = Some(Field::DigitalGovernment);
        let computed = IndicatorDefinition {
            source: Source::Formula(Formula::parse("ONLINE / TOTAL * 100").unwrap()),
            ..definition("SHARE", ValueType::Percent, Aggregation::Average)
        };
        let imported = IndicatorDefinition {
            source: Source::Imported { system: "Cổng Dịch vụ công quốc gia".into() },
            ..definition("HO_SO", ValueType::Number, Aggregation::Sum)
        };
        for original in [weighted, computed, imported] {
            let json = serde_json::to_string(&original).unwrap();
            assert_eq!(serde_json::from_str::<IndicatorDefinition>(&json).unwrap(), original, "{json}");
        }
        let json = serde_json::to_value(Source::Formula(Formula::parse("A+B").unwrap())).unwrap();
        assert_eq!(json, serde_json::json!({ "formula": "A+B" }));
        assert_eq!(serde_json::to_value(Source::Entered).unwrap(), serde_json::json!("entered"));
    }

    #[test]
    fn aggregation_fits_value_types() {
        assert!(Aggregation::ShareYes.fits(ValueType::YesNo));
        assert!(!Aggregation::ShareYes.fits(ValueType::Number));
        assert!(Aggregation::RatioOfSums.fits(ValueType::Ratio));
        assert!(!Aggregation::Sum.fits(ValueType::Ratio));
    }
}
