//! Properties of the formula language and of formula catalogues: whatever is typed, parsing and
//! evaluating never panic; a formula means what ordinary arithmetic says; an evaluation order puts every
//! formula after those it reads, and a cycle, when there is one, is a real cycle.

use std::collections::{BTreeMap, BTreeSet};

use nqtrack_domain::indicator::{Formula, IndicatorCode, evaluation_order};
use proptest::prelude::*;

/// An arithmetic tree, with the meaning the formula language must give it.
#[derive(Debug, Clone)]
enum Tree {
    Number(u32),
    Input(usize),
    Negate(Box<Tree>),
    Binary(char, Box<Tree>, Box<Tree>),
    Min(Vec<Tree>),
}

const INPUTS: [&str; 4] = ["A", "B_2", "TTHC", "ZERO"];

fn inputs() -> BTreeMap<IndicatorCode, f64> {
    [("A", 3.5), ("B_2", -2.0), ("TTHC", 1040.0), ("ZERO", 0.0)].iter().map(|(c, v)| (c.parse().unwrap(), *v)).collect()
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![(0u32..1000).prop_map(Tree::Number), (0..INPUTS.len() + 1).prop_map(Tree::Input)];
    leaf.prop_recursive(6, 48, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| Tree::Negate(Box::new(t))),
            (prop::sample::select(vec!['+', '-', '*', '/']), inner.clone(), inner.clone())
                .prop_map(|(op, l, r)| Tree::Binary(op, Box::new(l), Box::new(r))),
            prop::collection::vec(inner, 1..4).prop_map(Tree::Min),
        ]
    })
}

impl Tree {
    /// Fully bracketed text; input index `INPUTS.len()` is an indicator with no value.
    fn text(&self) -> String {
        match self {
            Tree::Number(n) => n.to_string(),
            Tree::Input(i) => INPUTS.get(*i).map_or("MISSING".to_owned(), |c| c.to_lowercase()),
            Tree::Negate(t) => format!("-({})", t.text()),
            Tree::Binary(op, l, r) => format!("({} {op} {})", l.text(), r.text()),
            Tree::Min(args) => format!("min({})", args.iter().map(Tree::text).collect::<Vec<_>>().join(", ")),
        }
    }

    fn value(&self, inputs: &BTreeMap<IndicatorCode, f64>) -> Option<f64> {
        let v = match self {
            Tree::Number(n) => f64::from(*n),
            Tree::Input(i) => *inputs.get(&INPUTS.get(*i)?.parse::<IndicatorCode>().ok()?)?,
            Tree::Negate(t) => -t.value(inputs)?,
            Tree::Binary(op, l, r) => {
                let (l, r) = (l.value(inputs)?, r.value(inputs)?);
                match op {
                    '+' => l + r,
                    '-' => l - r,
                    '*' => l * r,
                    _ if r == 0.0 => return None,
                    _ => l / r,
                }
            }
            Tree::Min(args) => {
                args.iter().map(|a| a.value(inputs)).collect::<Option<Vec<_>>>()?.into_iter().reduce(f64::min)?
            }
        };
        v.is_finite().then_some(v)
    }

    fn references(&self, into: &mut BTreeSet<String>) {
        match self {
            Tree::Number(_) => {}
            Tree::Input(i) => {
                into.insert(INPUTS.get(*i).map_or("MISSING".to_owned(), |c| (*c).to_owned()));
            }
            Tree::Negate(t) => t.references(into),
            Tree::Binary(_, l, r) => {
                l.references(into);
                r.references(into);
            }
            Tree::Min(args) => args.iter().for_each(|a| a.references(into)),
        }
    }
}

proptest! {
    #[test]
    fn formulas_mean_ordinary_arithmetic(tree in tree()) {
        let text = tree.text();
        prop_assume!(text.chars().count() <= 1000);
        let formula = Formula::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(formula.evaluate(&inputs()), tree.value(&inputs()), "{}", text);
        let mut expected = BTreeSet::new();
        tree.references(&mut expected);
        let found: BTreeSet<String> = formula.references().into_iter().map(String::from).collect();
        prop_assert_eq!(found, expected);
        // The stored text reads back as the same formula.
        prop_assert_eq!(Formula::parse(formula.text()).ok(), Some(formula));
    }

    #[test]
    fn nothing_typed_makes_the_parser_panic(text in "\\PC{0,300}") {
        if let Ok(formula) = Formula::parse(&text) {
            let _ = formula.evaluate_with(&|_| Some(1.0));
        }
    }

    #[test]
    fn nothing_in_the_alphabet_makes_the_parser_panic(text in "[a-cA-C0-9_+*/(), .\\-]{0,1200}") {
        match Formula::parse(&text) {
            Ok(formula) => {
                let _ = formula.evaluate_with(&|_| Some(0.0));
                let _ = formula.references();
            }
            Err(error) => prop_assert!(error.position >= 1 && error.position <= text.chars().count() + 1),
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed(depth in 0usize..5000, kind in 0..3) {
        let text = match kind {
            0 => format!("{}1{}", "(".repeat(depth), ")".repeat(depth)),
            1 => format!("{}1", "-".repeat(depth)),
            _ => format!("{}1{}", "max(".repeat(depth), ")".repeat(depth)),
        };
        let _ = Formula::parse(&text);
    }

    /// A random catalogue of formulas over 12 codes: either an order in which everything a formula reads
    /// comes before it, or a cycle whose every step is a real reference.
    #[test]
    fn orders_respect_references_and_cycles_are_real(
        edges in prop::collection::vec(prop::collection::btree_set(0usize..12, 0..4), 12),
        is_formula in prop::collection::vec(any::<bool>(), 12),
    ) {
        let code = |i: usize| format!("C{i}");
        let formulas: BTreeMap<IndicatorCode, Formula> = (0..12)
            .filter(|i| is_formula[*i])
            .map(|i| {
                let text = if edges[i].is_empty() { "1".to_owned() } else {
                    edges[i].iter().map(|j| code(*j)).collect::<Vec<_>>().join(" + ")
                };
                (code(i).parse().unwrap(), Formula::parse(&text).unwrap())
            })
            .collect();
        match evaluation_order(formulas.iter()) {
            Ok(order) => {
                prop_assert_eq!(order.len(), formulas.len());
                let position: BTreeMap<&IndicatorCode, usize> = order.iter().enumerate().map(|(i, c)| (c, i)).collect();
                for (code, formula) in &formulas {
                    for reference in formula.references() {
                        if let Some(before) = position.get(&reference) {
                            prop_assert!(before < &position[code], "{} read {} after it", code, reference);
                        }
                    }
                }
            }
            Err(cycle) => {
                let steps = &cycle.0;
                prop_assert!(steps.len() >= 2 && steps.first() == steps.last());
                for pair in steps.windows(2) {
                    let reads = formulas.get(&pair[0]).map(|f| f.references().contains(&pair[1]));
                    prop_assert_eq!(reads, Some(true), "{} does not read {}", pair[0], pair[1]);
                }
            }
        }
    }
}
