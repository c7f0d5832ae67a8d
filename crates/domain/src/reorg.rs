//! Reorganisation rules: merging, splitting and renaming units with an effective date.
//!
//! The old units are never deleted: they are closed on the effective date, keep their history, and
//! point to their successors, so a report for an earlier date can still be produced as it was.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Checker, FieldError, Invalid};
use crate::unit::{Level, UnitPath};

/// What the rules need to know of a unit taking part in a reorganisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub id: Uuid,
    pub level: Level,
    pub path: UnitPath,
    /// The date from which the unit no longer exists, if it has been dissolved.
    pub dissolved_on: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReorgKind {
    Merge,
    Split,
    Rename,
}

impl ReorgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReorgKind::Merge => "merge",
            ReorgKind::Split => "split",
            ReorgKind::Rename => "rename",
        }
    }
}

/// A change takes effect on a date that has come: scheduling future changes is not supported, and a
/// date before the unit's own history would rewrite the past.
fn check_effective(checker: &mut Checker, effective_on: Date, today: Date) {
    if effective_on > today {
        checker.push(FieldError::new("effective_on", "date-in-future"));
    }
}

fn check_alive(checker: &mut Checker, field: &str, unit: &Participant) {
    if unit.dissolved_on.is_some() {
        checker.push(FieldError::new(field, "unit-dissolved"));
    }
}

/// Merging `sources` into `target`: every source must exist, be alive, sit at the target's level, and
/// not contain the target (its children move under the target).
pub fn check_merge(
    sources: &[Participant],
    target: &Participant,
    effective_on: Date,
    today: Date,
) -> Result<(), Invalid> {
    let mut checker = Checker::default();
    check_effective(&mut checker, effective_on, today);
    if sources.is_empty() {
        checker.push(FieldError::new("sources", "required"));
    }
    check_alive(&mut checker, "target", target);
    for (i, source) in sources.iter().enumerate() {
        let field = format!("sources[{i}]");
        if source.id == target.id {
            checker.push(FieldError::new(field.clone(), "merge-into-itself"));
            continue;
        }
        if sources[..i].iter().any(|earlier| earlier.id == source.id) {
            checker.push(FieldError::new(field.clone(), "duplicate"));
        }
        check_alive(&mut checker, &field, source);
        if source.level != target.level {
            checker.push(
                FieldError::new(field.clone(), "merge-level-mismatch")
                    .with_arg("level", source.level)
                    .with_arg("target_level", target.level),
            );
        }
        if target.path.is_within(&source.path) {
            checker.push(FieldError::new(field, "unit-cycle"));
        }
    }
    checker.finish()
}

/// Splitting `source` into new units at its level: at least two successors (one would be a rename).
pub fn check_split(source: &Participant, successors: usize, effective_on: Date, today: Date) -> Result<(), Invalid> {
    let mut checker = Checker::default();
    check_effective(&mut checker, effective_on, today);
    check_alive(&mut checker, "source", source);
    if successors < 2 {
        checker.push(FieldError::new("successors", "split-needs-two").with_arg("min", 2));
    }
    checker.finish()
}

/// Renaming keeps the unit and its code; the former name stays in its history.
pub fn check_rename(
    unit: &Participant,
    old_name: &str,
    new_name: &str,
    effective_on: Date,
    today: Date,
) -> Result<(), Invalid> {
    let mut checker = Checker::default();
    check_effective(&mut checker, effective_on, today);
    check_alive(&mut checker, "unit", unit);
    if old_name == new_name {
        checker.push(FieldError::new("name", "name-unchanged"));
    }
    checker.finish()
}

/// A unit's name on a date, given its renames as `(effective_on, old_name, new_name)` in any order.
pub fn name_as_of<'a>(current: &'a str, renames: &'a [(Date, String, String)], date: Date) -> &'a str {
    renames
        .iter()
        .filter(|(effective_on, _, _)| *effective_on > date)
        .min_by_key(|(effective_on, _, _)| *effective_on)
        .map(|(_, old_name, _)| old_name.as_str())
        .unwrap_or(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn unit(level: Level, parent: Option<&Participant>) -> Participant {
        let id = Uuid::now_v7();
        let path = parent.map(|p| p.path.child(id)).unwrap_or_else(|| UnitPath::root(id));
        Participant { id, level, path, dissolved_on: None }
    }

    #[test]
    fn merge_rules() {
        let today = date(2025, 7, 1);
        let root = unit(Level::Central, None);
        let a = unit(Level::Province, Some(&root));
        let b = unit(Level::Province, Some(&root));
        let commune = unit(Level::Commune, Some(&a));
        assert!(check_merge(std::slice::from_ref(&a), &b, today, today).is_ok());

        let codes = |r: Result<(), Invalid>| r.err().map(|e| e.0.into_iter().map(|f| f.code).collect::<Vec<_>>());
        assert_eq!(
            codes(check_merge(std::slice::from_ref(&commune), &b, today, today)),
            Some(vec!["merge-level-mismatch"])
        );
        assert_eq!(codes(check_merge(std::slice::from_ref(&b), &b, today, today)), Some(vec!["merge-into-itself"]));
        assert_eq!(
            codes(check_merge(std::slice::from_ref(&a), &b, date(2025, 7, 2), today)),
            Some(vec!["date-in-future"])
        );
        let dissolved = Participant { dissolved_on: Some(today), ..a.clone() };
        assert_eq!(codes(check_merge(&[dissolved], &b, today, today)), Some(vec!["unit-dissolved"]));
        let department = unit(Level::Province, Some(&a));
        assert_eq!(codes(check_merge(std::slice::from_ref(&a), &department, today, today)), Some(vec!["unit-cycle"]));
    }

    #[test]
    fn names_as_of_a_date() {
        let renames = vec![
            (date(2025, 7, 1), "Tỉnh Hà Giang".to_owned(), "Tỉnh Tuyên Quang".to_owned()),
            (date(2026, 4, 30), "Tỉnh Tuyên Quang".to_owned(), "Thành phố Tuyên Quang".to_owned()),
        ];
        assert_eq!(name_as_of("Thành phố Tuyên Quang", &renames, date(2025, 6, 30)), "Tỉnh Hà Giang");
        assert_eq!(name_as_of("Thành phố Tuyên Quang", &renames, date(2025, 7, 1)), "Tỉnh Tuyên Quang");
        assert_eq!(name_as_of("Thành phố Tuyên Quang", &renames, date(2026, 5, 1)), "Thành phố Tuyên Quang");
    }

    #[test]
    fn split_needs_two_successors() {
        let today = date(2025, 7, 1);
        let a = unit(Level::Province, None);
        assert!(check_split(&a, 2, today, today).is_ok());
        assert!(check_split(&a, 1, today, today).is_err());
    }
}
