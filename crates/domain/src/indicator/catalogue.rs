//! The catalogue as a whole: codes are unique, formulas and weights refer to indicators that exist,
//! no formula depends on itself (directly or through others), and computed indicators are evaluated
//! after everything they read.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Checker, FieldError, Invalid};
use crate::indicator::definition::{IndicatorCode, IndicatorDefinition, Weight};
use crate::indicator::formula::Formula;

/// A cycle among formulas: each indicator reads the next, and the last is the first again
/// (`[A, B, A]`: A reads B, B reads A).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("formulas refer to each other in a cycle: {}", self.describe())]
pub struct FormulaCycle(pub Vec<IndicatorCode>);

impl FormulaCycle {
    /// "A → B → A".
    pub fn describe(&self) -> String {
        self.0.iter().map(IndicatorCode::as_str).collect::<Vec<_>>().join(" → ")
    }
}

/// The computed indicators in an order in which each comes after every computed indicator it reads.
/// References to indicators without a formula are inputs and impose no order. Ties are broken by code,
/// so the order is the same every time. Walks the graph without recursion, so a long chain of formulas
/// cannot overflow the stack.
pub fn evaluation_order<'a>(
    formulas: impl IntoIterator<Item = (&'a IndicatorCode, &'a Formula)>,
) -> Result<Vec<IndicatorCode>, FormulaCycle> {
    let references: BTreeMap<&IndicatorCode, BTreeSet<IndicatorCode>> =
        formulas.into_iter().map(|(code, formula)| (code, formula.references())).collect();
    let graph: BTreeMap<&IndicatorCode, Vec<&IndicatorCode>> = references
        .iter()
        .map(|(code, refs)| (*code, refs.iter().filter_map(|r| references.get_key_value(r).map(|(k, _)| *k)).collect()))
        .collect();
    let mut done: BTreeSet<&IndicatorCode> = BTreeSet::new();
    let mut order = Vec::with_capacity(graph.len());
    for root in graph.keys() {
        if done.contains(root) {
            continue;
        }
        // The path being explored, each node with the index of its next dependency to visit.
        let mut path: Vec<(&IndicatorCode, usize)> = vec![(root, 0)];
        let mut on_path: BTreeSet<&IndicatorCode> = BTreeSet::from([*root]);
        while let Some(&(node, next)) = path.last() {
            let dependencies = graph.get(node).map_or(&[][..], Vec::as_slice);
            match dependencies.get(next) {
                Some(dependency) => {
                    if let Some(top) = path.last_mut() {
                        top.1 += 1;
                    }
                    if on_path.contains(dependency) {
                        let start = path.iter().position(|(on, _)| on == dependency).unwrap_or(0);
                        let mut cycle: Vec<IndicatorCode> = path[start..].iter().map(|(c, _)| (*c).clone()).collect();
                        cycle.push((*dependency).clone());
                        return Err(FormulaCycle(cycle));
                    }
                    if !done.contains(dependency) {
                        on_path.insert(dependency);
                        path.push((dependency, 0));
                    }
                }
                None => {
                    done.insert(node);
                    on_path.remove(node);
                    order.push(node.clone());
                    path.pop();
                }
            }
        }
    }
    Ok(order)
}

/// Checks a whole catalogue (the latest version of each indicator) and returns the evaluation order of
/// its computed indicators. Errors name the indicator (its code is the field): each definition's own
/// checks, duplicate codes, formulas or weights that refer to unknown indicators, and cycles.
pub fn check_catalogue(definitions: &[IndicatorDefinition]) -> Result<Vec<IndicatorCode>, Invalid> {
    let mut checker = Checker::default();
    let mut known = BTreeSet::new();
    for definition in definitions {
        if !known.insert(&definition.code) {
            checker.push(FieldError::new(definition.code.as_str(), "duplicate"));
        }
        if let Err(Invalid(errors)) = definition.check() {
            for error in errors {
                checker.push(FieldError { field: format!("{}.{}", definition.code, error.field), ..error });
            }
        }
    }
    for definition in definitions {
        let field = definition.code.as_str();
        if let Some(formula) = definition.source.formula() {
            for reference in formula.references().iter().filter(|r| !known.contains(r)) {
                checker.push(FieldError::new(field, "formula-unknown-indicator").with_arg("value", reference));
            }
        }
        if let Some(Weight::Indicator(weight)) = definition.effective_weight()
            && !known.contains(weight)
        {
            checker.push(FieldError::new(field, "weight-unknown-indicator").with_arg("value", weight));
        }
    }
    let formulas = definitions.iter().filter_map(|d| d.source.formula().map(|f| (&d.code, f)));
    let order = evaluation_order(formulas);
    if let Err(cycle) = &order {
        let field = cycle.0.first().map_or_else(String::new, IndicatorCode::to_string);
        checker.push(FieldError::new(field, "formula-cycle").with_arg("detail", cycle.describe()));
    }
    checker.finish()?;
    Ok(order.unwrap_or_default())
}

/// Computes the formulas of `definitions` in `order` (from [`evaluation_order`]) over `numbers`, which
/// holds the entered values' numbers and receives the computed ones. A computed indicator whose inputs
/// are missing (or which divides by zero) gets no number, and anything already under its code is
/// removed: a computed value is never entered.
pub fn compute_formulas(
    definitions: &[IndicatorDefinition],
    order: &[IndicatorCode],
    numbers: &mut BTreeMap<IndicatorCode, f64>,
) {
    let formulas: BTreeMap<&IndicatorCode, &Formula> =
        definitions.iter().filter_map(|d| d.source.formula().map(|f| (&d.code, f))).collect();
    for code in order {
        if let Some(formula) = formulas.get(code) {
            match formula.evaluate(numbers) {
                Some(value) => numbers.insert(code.clone(), value),
                None => numbers.remove(code),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::definition::tests::definition;
    use crate::indicator::definition::{Aggregation, Source, ValueType};

    fn computed(code: &str, formula: &str) -> IndicatorDefinition {
        let formula = Formula::parse(formula).expect("test formula");
        IndicatorDefinition {
            source: Source::Formula(formula),
            ..definition(code, ValueType::Number, Aggregation::Sum)
        }
    }

    fn entered(code: &str) -> IndicatorDefinition {
        definition(code, ValueType::Number, Aggregation::Sum)
    }

    fn codes(order: &[IndicatorCode]) -> Vec<&str> {
        order.iter().map(IndicatorCode::as_str).collect()
    }

    #[test]
    fn formulas_come_after_what_they_read() {
        let catalogue = [
            computed("TOTAL", "PART + REST"),
            computed("SHARE", "PART / TOTAL * 100"),
            entered("PART"),
            entered("REST"),
        ];
        let order = check_catalogue(&catalogue).unwrap();
        assert_eq!(codes(&order), ["TOTAL", "SHARE"]);
        let mut numbers: BTreeMap<IndicatorCode, f64> =
            [("PART", 30.0), ("REST", 10.0), ("SHARE", 1.0)].iter().map(|(c, v)| (c.parse().unwrap(), *v)).collect();
        compute_formulas(&catalogue, &order, &mut numbers);
        assert_eq!(numbers.get(&"TOTAL".parse().unwrap()), Some(&40.0));
        assert_eq!(numbers.get(&"SHARE".parse().unwrap()), Some(&75.0));
        numbers.remove(&"REST".parse().unwrap());
        compute_formulas(&catalogue, &order, &mut numbers);
        assert_eq!(numbers.get(&"TOTAL".parse().unwrap()), None);
        assert_eq!(numbers.get(&"SHARE".parse().unwrap()), None, "a computed value is never kept stale");
    }

    #[test]
    fn cycles_are_named_in_full() {
        let catalogue = [computed("A", "B + 1"), computed("B", "C * 2"), computed("C", "A - X"), entered("X")];
        let errors = check_catalogue(&catalogue).unwrap_err().0;
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].field.as_str(), errors[0].code), ("A", "formula-cycle"));
        assert_eq!(errors[0].args, vec![("detail", "A → B → C → A".to_owned())]);
        let own = check_catalogue(&[computed("A", "A + 1")]).unwrap_err().0;
        assert_eq!(own[0].args, vec![("detail", "A → A".to_owned())]);
    }

    #[test]
    fn unknown_references_and_duplicates() {
        let mut weighted = definition("W", ValueType::Number, Aggregation::WeightedAverage);
        weighted.weight = Some(Weight::Indicator("POPULATION".parse().unwrap()));
        let catalogue = [computed("A", "B + C"), entered("B"), entered("B"), weighted];
        let errors: Vec<_> =
            check_catalogue(&catalogue).unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            errors,
            [
                ("B".to_owned(), "duplicate"),
                ("A".to_owned(), "formula-unknown-indicator"),
                ("W".to_owned(), "weight-unknown-indicator"),
            ]
        );
        let inconsistent = definition("P", ValueType::Percent, Aggregation::Sum);
        let errors = check_catalogue(&[inconsistent]).unwrap_err().0;
        assert_eq!((errors[0].field.as_str(), errors[0].code), ("P.aggregation", "aggregation-value-type"));
    }

    #[test]
    fn a_long_chain_is_ordered_without_recursion() {
        let mut catalogue = vec![entered("C0")];
        catalogue.extend((1..5000).map(|i| computed(&format!("C{i}"), &format!("C{} + 1", i - 1))));
        let order = check_catalogue(&catalogue).unwrap();
        assert_eq!(order.len(), 4999);
        assert_eq!(order.first().map(IndicatorCode::as_str), Some("C1"));
        assert_eq!(order.last().map(IndicatorCode::as_str), Some("C4999"));
        catalogue[0] = computed("C0", "C4999");
        let errors = check_catalogue(&catalogue).unwrap_err().0;
        assert_eq!(errors[0].code, "formula-cycle");
    }
}
