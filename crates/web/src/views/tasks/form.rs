//! What a person typed, kept to show again after a refusal, with each problem next to its field; and
//! reading urlencoded and multipart posts into plain pairs (repeated keys kept, which serde forms lose).

use axum::extract::Multipart;
use nqtrack_app::{AppError, Upload};
use nqtrack_domain::FieldError;
use uuid::Uuid;

use crate::error::error_title;
use crate::i18n::{Lang, field_error_message};

/// One failing field and its translated message.
#[derive(Debug, Clone)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// The problems of a refused request, translated. Evidence checks say the size limit in megabytes
/// (`max_mb`) while the shared message speaks of `limit`; the alias keeps that message whole.
pub fn problems(lang: Lang, error: &AppError) -> Vec<Problem> {
    match error {
        AppError::Invalid(invalid) | AppError::Conflict(invalid) if !invalid.0.is_empty() => invalid
            .0
            .iter()
            .map(|e| {
                let mut args = e.args.clone();
                if let Some((_, mb)) = e.args.iter().find(|(name, _)| *name == "max_mb") {
                    args.push(("limit", format!("{mb} MB")));
                }
                Problem { field: e.field.clone(), message: field_error_message(lang, &e.field, e.code, &args) }
            })
            .collect(),
        other => vec![Problem { field: String::new(), message: error_title(lang, other) }],
    }
}

/// The values of one form as sent, and its problems. `name` says which of a page's forms it was, so
/// that only that form shows the values and opens itself.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub name: &'static str,
    pairs: Vec<(String, String)>,
    problems: Vec<Problem>,
}

impl FormState {
    pub fn new(name: &'static str, pairs: Vec<(String, String)>) -> Self {
        Self { name, pairs, problems: Vec::new() }
    }

    pub fn with_problems(mut self, problems: Vec<Problem>) -> Self {
        self.problems = problems;
        self
    }

    /// Whether this is the form called `name` (the one that was sent).
    pub fn is(&self, name: &str) -> bool {
        !self.name.is_empty() && self.name == name
    }

    /// The first value sent under `key`, or "".
    pub fn value(&self, key: &str) -> &str {
        self.pairs.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.as_str())
    }

    /// The value sent under `key` if this is the form `name`, else `default` (the stored value).
    pub fn or<'a>(&'a self, name: &str, key: &str, default: &'a str) -> &'a str {
        if self.is(name) { self.value(key) } else { default }
    }

    /// Whether `value` was sent under `key`: a ticked box or a chosen option.
    pub fn has(&self, key: &str, value: &str) -> bool {
        self.pairs.iter().any(|(k, v)| k == key && v == value)
    }

    /// The problems of one field (several keys may share a message slot), joined.
    pub fn error(&self, field: &str) -> Option<String> {
        let messages: Vec<&str> =
            self.problems.iter().filter(|p| p.field == field).map(|p| p.message.as_str()).collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }

    /// Whether any problem was found: the form then opens itself.
    pub fn failed(&self, name: &str) -> bool {
        self.is(name) && !self.problems.is_empty()
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    pub fn messages(&self) -> Vec<String> {
        self.problems.iter().map(|p| p.message.clone()).collect()
    }
}

/// A posted form: its fields in order, and any files.
#[derive(Debug, Default)]
pub struct Posted {
    pub pairs: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

impl Posted {
    pub fn value(&self, key: &str) -> String {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Lines of a text area, one link or number per line (commas also separate numbers).
    pub fn lines(&self, key: &str, commas: bool) -> Vec<String> {
        let separators: &[char] = if commas { &['\n', ',', ';'] } else { &['\n'] };
        self.value(key).split(separators).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
    }

    pub fn evidence(&mut self) -> nqtrack_app::EvidenceInput {
        nqtrack_app::EvidenceInput {
            files: std::mem::take(&mut self.files),
            links: self.lines("links", false),
            document_numbers: self.lines("document_numbers", true),
        }
    }
}

/// Reads a multipart form: text fields as pairs, parts named `files` as uploads. A file input left
/// empty still sends a nameless empty part, which is skipped rather than refused as an empty file.
/// `limit` is the evidence limit as shown to people, for the message when the body is cut off.
pub async fn read_multipart(mut multipart: Multipart, limit: &str) -> Result<Posted, AppError> {
    let mut posted = Posted::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(too_large(limit)),
        };
        let key = field.name().unwrap_or_default().to_owned();
        if key == "files" {
            let name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(|_| too_large(limit))?;
            if !(name.is_empty() && bytes.is_empty()) {
                posted.files.push(Upload { name, bytes: bytes.to_vec() });
            }
        } else {
            let text = field.text().await.map_err(|_| too_large(limit))?;
            posted.pairs.push((key, text));
        }
    }
    Ok(posted)
}

/// A body cut off by the router's limit reads as a broken stream.
fn too_large(limit: &str) -> AppError {
    FieldError::new("files", "file-too-large").with_arg("limit", limit).into()
}

/// The first value of `key` among `pairs`.
pub fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == key).map_or("", |(_, v)| v.trim())
}

/// An id chosen in a select or carried in a link; empty is none, and anything else that is not an id
/// names a record that does not exist.
pub fn uuid_field(pairs: &[(String, String)], key: &str) -> Result<Option<Uuid>, FieldError> {
    match value(pairs, key) {
        "" => Ok(None),
        text => text.parse().map(Some).map_err(|_| FieldError::new(key, "not-found")),
    }
}

/// Every id sent under `key` (ticked boxes), skipping empty ones.
pub fn uuid_list(pairs: &[(String, String)], key: &str) -> Result<Vec<Uuid>, FieldError> {
    pairs
        .iter()
        .filter(|(k, v)| k == key && !v.trim().is_empty())
        .map(|(_, v)| v.trim().parse().map_err(|_| FieldError::new(key, "not-found")))
        .collect()
}

/// A ticked checkbox sends a value; browsers send nothing for an unticked one.
pub fn checked(pairs: &[(String, String)], key: &str) -> bool {
    matches!(value(pairs, key), "1" | "true" | "on" | "yes")
}

/// Unit codes typed in one box, separated by commas, semicolons or spaces.
pub fn codes(text: &str) -> Vec<&str> {
    text.split([',', ';', ' ', '\n']).map(str::trim).filter(|c| !c.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn ids_and_boxes() {
        let id = Uuid::now_v7();
        let sent =
            pairs(&[("a", ""), ("b", &id.to_string()), ("c", "x"), ("u", &id.to_string()), ("u", ""), ("t", "on")]);
        assert_eq!(uuid_field(&sent, "a"), Ok(None));
        assert_eq!(uuid_field(&sent, "b"), Ok(Some(id)));
        assert_eq!(uuid_field(&sent, "c").map_err(|e| e.code), Err("not-found"));
        assert_eq!(uuid_list(&sent, "u"), Ok(vec![id]));
        assert!(checked(&sent, "t") && !checked(&sent, "a"));
        assert_eq!(codes("08001, 08002;08003  x"), vec!["08001", "08002", "08003", "x"]);
    }

    #[test]
    fn a_form_keeps_what_was_typed() {
        let form = FormState::new("edit", pairs(&[("title", "Tiêu đề"), ("c", "1"), ("c", "2")]));
        assert!(form.is("edit") && !form.is("cancel") && !FormState::default().is(""));
        assert_eq!(form.or("edit", "title", "cũ"), "Tiêu đề");
        assert_eq!(form.or("cancel", "title", "cũ"), "cũ");
        assert!(form.has("c", "2") && !form.has("c", "3"));
    }
}
