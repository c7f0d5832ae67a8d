//! Composite indices under a versioned methodology: a tree of pillars and sub-indices whose leaves
//! measure something, each node worth some points.
//!
//! A leaf's value is normalised to 0–1 ([`Normalisation`]) and earns that fraction of its points; a
//! node earns the sum of its children's points; the index is the points earned of `total_points`,
//! also published normalised to 0–1. The points of a node's children must add up to the node's, and
//! the pillars' to the total: a methodology whose weights do not add up is rejected, naming the node.
//! A leaf without data earns nothing and is listed as missing; a unit with no leaf measured has no
//! index at all ("no data", not zero).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::check_identity;
use super::measure::{MeasureKind, UnitFacts};
use crate::error::{Checker, FieldError, Invalid};
use crate::unit::text_enum;

text_enum!(
    /// How a leaf's value becomes a number from 0 to 1: `against_target` takes the share of the target
    /// reached (a percent measure as a fraction), capped at 1; `min_max` takes
    /// (value − worst) / (best − worst) among the peers ranked together (all equal: 1).
    Normalisation, "normalisation", "normalisation-unknown" {
        AgainstTarget = "against_target" | "so_voi_chi_tieu",
        MinMax = "min_max" | "min_max_trong_nhom",
    }
);

/// Deeper trees are not indices anyone publishes, and the limit keeps recursion bounded.
const MAX_DEPTH: usize = 5;
/// Points are compared to this precision (a methodology written with decimals must still add up).
const POINTS_EPSILON: f64 = 1e-6;

/// A pillar, sub-index or leaf.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub code: String,
    pub name: String,
    pub points: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<MeasureKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalisation: Option<Normalisation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

/// One version of a composite index's methodology; also the shape of its TOML or JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Methodology {
    pub code: String,
    pub version: i32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub total_points: f64,
    /// The normalisation of leaves that do not name their own.
    #[serde(default = "default_normalisation")]
    pub normalisation: Normalisation,
    pub pillars: Vec<Node>,
}

fn default_normalisation() -> Normalisation {
    Normalisation::AgainstTarget
}

/// What a node earned for a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeResult {
    pub code: String,
    /// The leaf's measured value (leaves only).
    pub value: Option<f64>,
    /// The leaf's value normalised to 0–1 (leaves only).
    pub normalised: Option<f64>,
    pub points: f64,
    pub max_points: f64,
    /// Leaves under this node without data.
    pub missing: usize,
}

/// A unit's index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexResult {
    /// Points earned of `total_points`; `None` when no leaf could be measured.
    pub points: Option<f64>,
    /// `points / total_points`, 0–1.
    pub normalised: Option<f64>,
    /// Every node, depth first (a pillar before its children).
    pub nodes: Vec<NodeResult>,
}

impl Methodology {
    /// Checks the tree (codes, points adding up, leaves that measure, known indicators) and returns it
    /// tidied. `indicator_exists` answers for an upper-cased code.
    pub fn check(mut self, indicator_exists: impl Fn(&str) -> bool) -> Result<Methodology, Invalid> {
        let mut checker = Checker::default();
        check_identity(&mut checker, "", &mut self.code, &mut self.name, None);
        if self.version < 1 {
            checker.push(FieldError::new("version", "version-not-positive"));
        }
        if !(self.total_points.is_finite() && self.total_points > 0.0) {
            checker.push(FieldError::new("total_points", "points-not-positive"));
        }
        if self.pillars.is_empty() {
            checker.push(FieldError::new("pillars", "pillars-empty"));
        } else {
            check_sum(&mut checker, "total_points", self.total_points, &self.pillars);
        }
        let mut codes = BTreeSet::new();
        for (i, pillar) in self.pillars.iter_mut().enumerate() {
            check_node(&mut checker, &format!("pillars[{i}]"), pillar, 1, &mut codes, &indicator_exists);
        }
        checker.finish()?;
        Ok(self)
    }

    /// The index of every unit of a peer group (min–max normalisation compares them with each other).
    pub fn compute<K: Ord + Clone>(&self, peers: &BTreeMap<K, UnitFacts>) -> BTreeMap<K, IndexResult> {
        let mut ranges = BTreeMap::new();
        for pillar in &self.pillars {
            self.collect_ranges(pillar, peers, &mut ranges);
        }
        peers
            .iter()
            .map(|(key, facts)| {
                let mut nodes = Vec::new();
                let mut measured = 0;
                let points: f64 =
                    self.pillars.iter().map(|p| self.node_points(p, facts, &ranges, &mut nodes, &mut measured).0).sum();
                let points = (measured > 0).then_some(points);
                let normalised = points.map(|p| p / self.total_points);
                (key.clone(), IndexResult { points, normalised, nodes })
            })
            .collect()
    }

    /// Every leaf code, with what it measures.
    pub fn leaves(&self) -> Vec<&Node> {
        fn walk<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
            if node.children.is_empty() {
                out.push(node);
            }
            node.children.iter().for_each(|c| walk(c, out));
        }
        let mut out = Vec::new();
        self.pillars.iter().for_each(|p| walk(p, &mut out));
        out
    }

    /// The indicator codes the leaves read.
    pub fn indicators(&self) -> BTreeSet<String> {
        self.leaves().into_iter().filter_map(|n| n.indicator.clone()).collect()
    }

    fn collect_ranges<K>(
        &self,
        node: &Node,
        peers: &BTreeMap<K, UnitFacts>,
        ranges: &mut BTreeMap<String, (f64, f64)>,
    ) {
        for child in &node.children {
            self.collect_ranges(child, peers, ranges);
        }
        let Some(kind) = node.measure.filter(|_| self.normalisation_of(node) == Normalisation::MinMax) else {
            return;
        };
        let values = peers.values().filter_map(|f| f.read(kind, node.indicator.as_deref()));
        let range = values.fold(None, |range: Option<(f64, f64)>, v| match range {
            None => Some((v, v)),
            Some((low, high)) => Some((low.min(v), high.max(v))),
        });
        if let Some(range) = range {
            ranges.insert(node.code.clone(), range);
        }
    }

    fn normalisation_of(&self, node: &Node) -> Normalisation {
        node.normalisation.unwrap_or(self.normalisation)
    }

    fn node_points(
        &self,
        node: &Node,
        facts: &UnitFacts,
        ranges: &BTreeMap<String, (f64, f64)>,
        out: &mut Vec<NodeResult>,
        measured: &mut usize,
    ) -> (f64, usize) {
        let at = out.len();
        out.push(NodeResult {
            code: node.code.clone(),
            value: None,
            normalised: None,
            points: 0.0,
            max_points: node.points,
            missing: 0,
        });
        let (points, missing) = match node.measure {
            Some(kind) => {
                let indicator = node.indicator.as_deref();
                let value = facts.read(kind, indicator);
                let normalised = match self.normalisation_of(node) {
                    Normalisation::AgainstTarget => facts.against_target(kind, indicator),
                    Normalisation::MinMax => value.zip(ranges.get(&node.code)).map(|(v, &(low, high))| {
                        let lower = facts.lower_is_better(kind, indicator);
                        if high - low <= f64::EPSILON {
                            1.0
                        } else if lower {
                            (high - v) / (high - low)
                        } else {
                            (v - low) / (high - low)
                        }
                    }),
                };
                out[at].value = value;
                out[at].normalised = normalised;
                *measured += usize::from(normalised.is_some());
                (normalised.map_or(0.0, |n| n * node.points), usize::from(normalised.is_none()))
            }
            None => node.children.iter().fold((0.0, 0), |(points, missing), child| {
                let (p, m) = self.node_points(child, facts, ranges, out, measured);
                (points + p, missing + m)
            }),
        };
        out[at].points = points;
        out[at].missing = missing;
        (points, missing)
    }
}

fn check_sum(checker: &mut Checker, field: &str, expected: f64, children: &[Node]) {
    let actual: f64 = children.iter().map(|c| c.points).sum();
    if expected.is_finite() && (actual - expected).abs() > POINTS_EPSILON {
        checker.push(
            FieldError::new(field, "points-do-not-add-up").with_arg("expected", expected).with_arg("actual", actual),
        );
    }
}

fn check_node(
    checker: &mut Checker,
    field: &str,
    node: &mut Node,
    depth: usize,
    codes: &mut BTreeSet<String>,
    indicator_exists: &impl Fn(&str) -> bool,
) {
    check_identity(checker, field, &mut node.code, &mut node.name, Some(codes));
    if !(node.points.is_finite() && node.points > 0.0) {
        checker.push(FieldError::new(format!("{field}.points"), "points-not-positive"));
    }
    if depth > MAX_DEPTH {
        checker.push(FieldError::new(field, "methodology-too-deep").with_arg("max", MAX_DEPTH));
        return;
    }
    node.indicator = node.indicator.take().map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
    match (node.measure, node.children.is_empty()) {
        (None, true) => checker.push(FieldError::new(format!("{field}.measure"), "node-needs-measure")),
        (Some(_), false) => checker.push(FieldError::new(format!("{field}.measure"), "node-measure-and-children")),
        (Some(kind), true) => match (kind.needs_indicator(), &node.indicator) {
            (true, None) => checker.push(FieldError::new(format!("{field}.indicator"), "required")),
            (true, Some(code)) if !indicator_exists(code) => checker.push(
                FieldError::new(format!("{field}.indicator"), "criterion-indicator-unknown").with_arg("value", code),
            ),
            (false, Some(code)) => checker.push(
                FieldError::new(format!("{field}.indicator"), "criterion-indicator-unneeded").with_arg("value", code),
            ),
            _ => {}
        },
        (None, false) => {
            check_sum(checker, &format!("{field}.points"), node.points, &node.children);
            for (i, child) in node.children.iter_mut().enumerate() {
                check_node(checker, &format!("{field}.children[{i}]"), child, depth + 1, codes, indicator_exists);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::measure::IndicatorFact;
    use crate::indicator::Direction;

    fn leaf(code: &str, points: f64, indicator: &str, normalisation: Option<Normalisation>) -> Node {
        Node {
            code: code.into(),
            name: code.into(),
            points,
            measure: Some(MeasureKind::IndicatorValue),
            indicator: Some(indicator.into()),
            normalisation,
            children: vec![],
        }
    }

    fn pillar(code: &str, points: f64, children: Vec<Node>) -> Node {
        Node {
            code: code.into(),
            name: code.into(),
            points,
            measure: None,
            indicator: None,
            normalisation: None,
            children,
        }
    }

    fn dti() -> Methodology {
        Methodology {
            code: "DTI".into(),
            version: 1,
            name: "DTI".into(),
            description: String::new(),
            total_points: 1000.0,
            normalisation: Normalisation::MinMax,
            pillars: vec![
                pillar("NT", 500.0, vec![leaf("NT1", 300.0, "A", None), leaf("NT2", 200.0, "B", None)]),
                pillar("HD", 500.0, vec![leaf("HD1", 500.0, "A", Some(Normalisation::AgainstTarget))]),
            ],
        }
    }

    fn facts(a: Option<f64>, b: Option<f64>) -> UnitFacts {
        let mut facts = UnitFacts::default();
        let fact = |v: Option<f64>| IndicatorFact {
            value: v,
            target: Some(100.0),
            achievement: v,
            direction: Direction::HigherIsBetter,
            partial: false,
            period: None,
        };
        facts.indicators.insert("A".into(), fact(a));
        facts.indicators.insert("B".into(), fact(b));
        facts
    }

    #[test]
    fn weights_that_do_not_add_up_are_named() {
        let mut bad = dti();
        bad.pillars[0].children[1].points = 150.0;
        let errors = bad.check(|_| true).unwrap_err().0;
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["pillars[0].points"]);
        assert_eq!(errors[0].code, "points-do-not-add-up");
        let mut bad_total = dti();
        bad_total.total_points = 100.0;
        assert_eq!(bad_total.check(|_| true).unwrap_err().0[0].field, "total_points");
        let unknown = dti().check(|code| code == "A").unwrap_err().0;
        assert_eq!(unknown[0].field, "pillars[0].children[1].indicator");
        assert_eq!(unknown[0].code, "criterion-indicator-unknown");
    }

    #[test]
    fn points_follow_the_normalisation() {
        let method = dti().check(|_| true).unwrap();
        let peers = BTreeMap::from([
            (1, facts(Some(50.0), Some(10.0))),
            (2, facts(Some(100.0), Some(30.0))),
            (3, facts(None, None)),
        ]);
        let result = method.compute(&peers);
        // Unit 1: worst on both min–max leaves (0), half the target on HD1 (250 of 500).
        assert_eq!(result[&1].points, Some(250.0));
        // Unit 2: best on both (500), the whole target on HD1 (500).
        assert_eq!(result[&2].points, Some(1000.0));
        assert_eq!(result[&2].normalised, Some(1.0));
        assert_eq!(result[&3].points, None);
        assert_eq!(result[&1].nodes.len(), 5);
        assert_eq!(result[&1].nodes[0].points, 0.0);
        assert_eq!(result[&1].nodes[3].points, 250.0);
    }
}
