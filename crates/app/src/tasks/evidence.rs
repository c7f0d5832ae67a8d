//! Evidence attached to progress and completion reports (and documents): files of a limited size whose
//! type is sniffed from their content, links, and numbers of documents that prove the work.

use nqtrack_domain::FieldError;
use nqtrack_domain::error::Checker;
use nqtrack_domain::task::AttachmentKind;
use nqtrack_domain::text::clean;
use nqtrack_store::{Attachment, Tx};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// An uploaded file as received.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EvidenceInput {
    #[serde(skip)]
    pub files: Vec<Upload>,
    pub links: Vec<String>,
    pub document_numbers: Vec<String>,
}

impl EvidenceInput {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
            && self.links.iter().all(|l| l.trim().is_empty())
            && self.document_numbers.iter().all(|n| n.trim().is_empty())
    }
}

/// The types accepted as evidence: office documents, PDF, images, and plain text. Anything a browser
/// could run (HTML, SVG, scripts) or a machine could execute is refused.
const ALLOWED_MEDIA: &[&str] = &[
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
];

/// The media type of a file judged by its content, or the reason it is refused.
fn sniff(upload: &Upload) -> Result<&'static str, &'static str> {
    if let Some(kind) = infer::get(&upload.bytes) {
        return ALLOWED_MEDIA.iter().find(|m| **m == kind.mime_type()).copied().ok_or("file-type-forbidden");
    }
    // No signature: accept only plain UTF-8 text named as text or CSV.
    let lower = upload.name.to_lowercase();
    let texty = lower.ends_with(".txt") || lower.ends_with(".csv");
    match std::str::from_utf8(&upload.bytes) {
        Ok(text) if texty && !text.contains('\0') => {
            Ok(if lower.ends_with(".csv") { "text/csv" } else { "text/plain" })
        }
        _ => Err("file-type-forbidden"),
    }
}

/// A checked piece of evidence ready to store.
pub(crate) struct CheckedEvidence {
    kind: AttachmentKind,
    name: String,
    media_type: &'static str,
    bytes: Option<Vec<u8>>,
}

/// Checks every file, link and number, reporting all problems at once.
pub(crate) fn check_evidence(
    input: &EvidenceInput,
    max_bytes: usize,
) -> Result<Vec<CheckedEvidence>, nqtrack_domain::Invalid> {
    let mut checker = Checker::default();
    let mut checked = Vec::new();
    for upload in &input.files {
        let name = clean(&upload.name).replace(['/', '\\'], "_");
        if upload.bytes.is_empty() {
            checker.push(FieldError::new("files", "file-empty").with_arg("name", &name));
            continue;
        }
        if upload.bytes.len() > max_bytes {
            checker.push(
                FieldError::new("files", "file-too-large")
                    .with_arg("name", &name)
                    .with_arg("limit", format!("{} MB", max_bytes / (1024 * 1024))),
            );
            continue;
        }
        match sniff(upload) {
            Ok(media_type) => checked.push(CheckedEvidence {
                kind: AttachmentKind::File,
                name: if name.is_empty() { "tep".to_owned() } else { name.chars().take(200).collect() },
                media_type,
                bytes: Some(upload.bytes.clone()),
            }),
            Err(code) => checker.push(FieldError::new("files", code).with_arg("name", &name)),
        }
    }
    for link in input.links.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        let valid = (link.starts_with("https://") || link.starts_with("http://"))
            && link.len() <= 2000
            && !link.chars().any(char::is_whitespace);
        if valid {
            checked.push(CheckedEvidence {
                kind: AttachmentKind::Link,
                name: link.to_owned(),
                media_type: "text/uri-list",
                bytes: None,
            });
        } else {
            checker.push(FieldError::new("links", "link-format").with_arg("value", link));
        }
    }
    for number in input.document_numbers.iter().map(|n| clean(n)).filter(|n| !n.is_empty()) {
        if number.chars().count() > 100 {
            checker.push(FieldError::new("document_numbers", "too-long").with_arg("max", 100));
        } else {
            checked.push(CheckedEvidence {
                kind: AttachmentKind::DocumentNumber,
                name: number,
                media_type: "text/plain",
                bytes: None,
            });
        }
    }
    checker.finish()?;
    Ok(checked)
}

/// Checks evidence as part of a larger form: its problems join the form's, so all are reported at once.
pub(crate) fn check_evidence_with(
    checker: &mut Checker,
    input: &EvidenceInput,
    max_bytes: usize,
) -> Vec<CheckedEvidence> {
    match check_evidence(input, max_bytes) {
        Ok(evidence) => evidence,
        Err(invalid) => {
            invalid.0.into_iter().for_each(|e| checker.push(e));
            Vec::new()
        }
    }
}

/// Stores checked evidence for an owner (a progress report, a completion, a document).
pub(crate) async fn store_evidence(
    tx: &mut Tx,
    owner_type: &str,
    owner_id: Uuid,
    evidence: Vec<CheckedEvidence>,
    created_by: Option<Uuid>,
    now: jiff::Timestamp,
) -> crate::Result<Vec<Attachment>> {
    let mut stored = Vec::new();
    for item in evidence {
        let bytes = item.bytes.as_deref().unwrap_or(item.name.as_bytes());
        let attachment = Attachment {
            id: Uuid::now_v7(),
            owner_type: owner_type.to_owned(),
            owner_id,
            kind: item.kind,
            size_bytes: item.bytes.as_ref().map_or(0, |b| b.len() as i64),
            sha256: hex::encode(Sha256::digest(bytes)),
            name: item.name,
            media_type: item.media_type.to_owned(),
            created_by,
            created_at: now,
        };
        tx.insert_attachment(&attachment, item.bytes.as_deref()).await?;
        stored.push(attachment);
    }
    Ok(stored)
}
