//! Every message code and label of the indicator and evaluation modules can be said in Vietnamese and
//! English.
//!
//! The web crate's catalogues (`crates/web/i18n/{vi,en}/*.ftl`) hold the messages; this test reads
//! them as text so that the domain crate needs no dependency on the web crate. It checks three things
//! per module: the codes written in its sources are exactly its `ERROR_CODES` (plus shared ones), each
//! has an `err-` message in both languages that quotes only arguments the web test knows, and every
//! value of the module's enums has a label.

use std::collections::BTreeSet;
use std::path::Path;

use nqtrack_domain::evaluation::{self, MeasureKind, Normalisation, RankBy};
use nqtrack_domain::indicator::{
    self, Aggregation, Direction, IndicatorGroup, Severity, SourceKind, SubmissionState, Timeliness, ValueType,
};

/// Codes the module uses that other modules own (their messages exist already).
const SHARED_CODES: &[&str] = &["too-long"];

/// The arguments the web crate's catalogue test passes when it checks that every message formats.
const KNOWN_ARGS: &[&str] = &[
    "field",
    "max",
    "min",
    "value",
    "level",
    "parent_level",
    "target_level",
    "row",
    "limit",
    "detail",
    "seconds",
    "count",
    "date",
    "password",
    "token",
    "page",
    "pages",
    "expected",
    "actual",
    "green",
    "yellow",
    "direction",
];

/// The modules checked: their source folder and the codes they list.
const MODULES: &[(&str, &[&str])] =
    &[("src/indicator", indicator::ERROR_CODES), ("src/evaluation", evaluation::ERROR_CODES)];

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Each message id with its text (continuation lines included), by a line scan of every file.
fn catalogue(lang: &str) -> Vec<(String, String)> {
    let dir = manifest().join(format!("../web/i18n/{lang}"));
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        text.push_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        text.push('\n');
    }
    let mut messages: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some((id, body)) = line.split_once(" =")
            && !id.is_empty()
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            messages.push((id.to_owned(), body.to_owned()));
        } else if line.starts_with(' ')
            && let Some((_, body)) = messages.last_mut()
        {
            body.push_str(line);
        }
    }
    messages
}

/// Hyphenated lower-case string literals in the module's sources: the message codes it writes.
fn codes_in_sources(folder: &str) -> BTreeSet<String> {
    let dir = manifest().join(folder);
    let mut codes = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("the module's folder exists") {
        let source = std::fs::read_to_string(entry.expect("directory entry").path()).expect("source reads");
        // Production code only: the tests below `mod tests` quote codes they expect.
        let production = source.split("#[cfg(test)]").next().unwrap_or_default();
        // ... and not the list being checked.
        let production = match production.split_once("pub const ERROR_CODES") {
            Some((before, after)) => format!("{before}{}", after.split_once("];").map_or("", |(_, rest)| rest)),
            None => production.to_owned(),
        };
        for (i, literal) in production.split('"').enumerate() {
            let is_code = i % 2 == 1
                && literal.contains('-')
                && literal.split('-').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase()));
            if is_code {
                codes.insert(literal.to_owned());
            }
        }
    }
    codes
}

#[test]
fn the_code_lists_match_the_sources() {
    for (folder, error_codes) in MODULES {
        let listed: BTreeSet<String> = error_codes.iter().map(|c| (*c).to_owned()).collect();
        assert_eq!(listed.len(), error_codes.len(), "{folder}: ERROR_CODES lists a code twice");
        let shared: BTreeSet<String> = SHARED_CODES.iter().map(|c| (*c).to_owned()).collect();
        let written: BTreeSet<String> = codes_in_sources(folder).difference(&shared).cloned().collect();
        let unlisted: Vec<_> = written.difference(&listed).collect();
        let unused: Vec<_> = listed.difference(&written).collect();
        assert!(
            unlisted.is_empty() && unused.is_empty(),
            "{folder}: not in ERROR_CODES: {unlisted:?}; never written: {unused:?}"
        );
    }
}

#[test]
fn every_code_has_a_message_in_both_languages() {
    for lang in ["vi", "en"] {
        let messages = catalogue(lang);
        for code in MODULES.iter().flat_map(|(_, codes)| codes.iter()).chain(SHARED_CODES) {
            let id = format!("err-{code}");
            let Some((_, body)) = messages.iter().find(|(m, _)| *m == id) else {
                panic!("{lang}: no message {id}");
            };
            for argument in body.split("{ $").skip(1).filter_map(|rest| rest.split([' ', '}']).next()) {
                assert!(KNOWN_ARGS.contains(&argument), "{lang}: {id} quotes ${argument}, unknown to the web test");
            }
        }
    }
}

#[test]
fn every_value_has_a_label_in_both_languages() {
    let mut ids: Vec<String> = Vec::new();
    ids.extend(ValueType::ALL.iter().map(|v| format!("indicator-value-type-{v}")));
    ids.extend(Direction::ALL.iter().map(|v| format!("indicator-direction-{v}")));
    ids.extend(IndicatorGroup::ALL.iter().map(|v| format!("indicator-group-{v}")));
    ids.extend(Aggregation::ALL.iter().map(|v| format!("indicator-aggregation-{v}")));
    ids.extend(SourceKind::ALL.iter().map(|v| format!("indicator-source-{v}")));
    ids.extend(Severity::ALL.iter().map(|v| format!("indicator-severity-{v}")));
    ids.extend(SubmissionState::ALL.iter().map(|v| format!("submission-state-{v}")));
    ids.extend(Timeliness::ALL.iter().map(|v| format!("timeliness-{v}")));
    ids.extend(MeasureKind::ALL.iter().map(|v| format!("measure-{v}")));
    ids.extend(Normalisation::ALL.iter().map(|v| format!("normalisation-{v}")));
    ids.extend(RankBy::ALL.iter().map(|v| format!("rank-by-{v}")));
    ids.extend(["edit", "submit", "withdraw", "approve", "return", "reopen"].map(|a| format!("submission-action-{a}")));
    for lang in ["vi", "en"] {
        let messages: BTreeSet<String> = catalogue(lang).into_iter().map(|(id, _)| id).collect();
        let missing: Vec<_> = ids.iter().filter(|id| !messages.contains(*id)).collect();
        assert!(missing.is_empty(), "{lang}: no label for {missing:?}");
    }
}
