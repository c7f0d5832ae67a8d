//! Documents and tasks: their kinds and the checks on what users type about them (domain.md §4).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::text::clean;
use crate::unit::{UnitPath, text_enum};

text_enum!(
    /// The kinds of documents tasks come from.
    DocumentType, "doc_type", "document-type-unknown" {
        Resolution = "resolution" | "nghi_quyet",
        Plan = "plan" | "ke_hoach",
        ConclusionNotice = "conclusion_notice" | "thong_bao_ket_luan" | "thong_bao",
        Directive = "directive" | "chi_thi",
        Programme = "programme" | "chuong_trinh",
        Decision = "decision" | "quyet_dinh",
        OfficialLetter = "official_letter" | "cong_van",
        Other = "other" | "khac",
    }
);

text_enum!(
    /// Where a task comes from.
    TaskSource, "source", "task-source-unknown" {
        Document = "document" | "van_ban",
        Meeting = "meeting" | "ket_luan_hop" | "cuoc_hop",
        Own = "own" | "tu_giao" | "cua_don_vi",
    }
);

text_enum!(
    /// Deadline tasks have one due date; recurring ones have one occurrence per period, each judged as
    /// its own deadline task; regular ones have none and are judged on being reported each period.
    TaskKind, "kind", "task-kind-unknown" {
        Deadline = "deadline" | "co_thoi_han" | "co_han",
        Monthly = "monthly" | "hang_thang" | "dinh_ky_thang" | "dinh_ky_hang_thang",
        Quarterly = "quarterly" | "hang_quy" | "dinh_ky_quy" | "dinh_ky_hang_quy",
        Yearly = "yearly" | "hang_nam" | "dinh_ky_nam" | "dinh_ky_hang_nam",
        Regular = "regular" | "thuong_xuyen",
    }
);

impl TaskKind {
    /// The period of a recurring kind; `None` for deadline and regular tasks.
    pub fn recurrence(self) -> Option<crate::period::Periodicity> {
        use crate::period::Periodicity;
        match self {
            TaskKind::Monthly => Some(Periodicity::Month),
            TaskKind::Quarterly => Some(Periodicity::Quarter),
            TaskKind::Yearly => Some(Periodicity::Year),
            TaskKind::Deadline | TaskKind::Regular => None,
        }
    }

    /// Whether the task is judged and counted itself: a recurring series is counted through its
    /// occurrences.
    pub fn is_counted(self) -> bool {
        self.recurrence().is_none()
    }

    /// The Vietnamese name, as the task pages show it (`task-kind-*`) and the import template offers
    /// it; [`TaskKind::parse`] reads it back.
    pub fn label_vi(self) -> &'static str {
        match self {
            TaskKind::Deadline => "Có thời hạn",
            TaskKind::Monthly => "Định kỳ hằng tháng",
            TaskKind::Quarterly => "Định kỳ hằng quý",
            TaskKind::Yearly => "Định kỳ hằng năm",
            TaskKind::Regular => "Thường xuyên",
        }
    }
}

text_enum!(
    /// The programme's fields of work.
    Field, "field", "task-field-unknown" {
        Institutions = "institutions" | "the_che" | "the_che_chinh_sach",
        Infrastructure = "infrastructure" | "ha_tang" | "ha_tang_so",
        Data = "data" | "du_lieu" | "du_lieu_so",
        HumanResources = "human_resources" | "nhan_luc" | "nguon_nhan_luc",
        ScienceTechnology = "science_technology" | "khoa_hoc_cong_nghe" | "khcn",
        Innovation = "innovation" | "doi_moi_sang_tao" | "he_sinh_thai_doi_moi_sang_tao",
        DigitalGovernment = "digital_government" | "chinh_phu_so" | "chinh_quyen_so",
        DigitalEconomy = "digital_economy" | "kinh_te_so",
        DigitalSociety = "digital_society" | "xa_hoi_so",
        Security = "security" | "an_toan_thong_tin" | "an_ninh_mang" | "an_toan_thong_tin_an_ninh_mang",
        Other = "other" | "khac",
    }
);

impl Field {
    /// The Vietnamese name, as the task pages show it (`task-field-*`) and the import template offers
    /// it; [`Field::parse`] reads it back.
    pub fn label_vi(self) -> &'static str {
        match self {
            Field::Institutions => "Thể chế, chính sách",
            Field::Infrastructure => "Hạ tầng số",
            Field::Data => "Dữ liệu số",
            Field::HumanResources => "Nguồn nhân lực",
            Field::ScienceTechnology => "Khoa học, công nghệ",
            Field::Innovation => "Đổi mới sáng tạo",
            Field::DigitalGovernment => "Chính quyền số",
            Field::DigitalEconomy => "Kinh tế số",
            Field::DigitalSociety => "Xã hội số",
            Field::Security => "An toàn thông tin, an ninh mạng",
            Field::Other => "Khác",
        }
    }
}

text_enum!(
    Priority, "priority", "priority-unknown" {
        Normal = "normal" | "binh_thuong",
        High = "high" | "cao" | "quan_trong",
        Urgent = "urgent" | "khan" | "hoa_toc",
    }
);

impl Priority {
    /// The Vietnamese name, as the task pages show it (`task-priority-*`) and the import template
    /// offers it; [`Priority::parse`] reads it back.
    pub fn label_vi(self) -> &'static str {
        match self {
            Priority::Normal => "Bình thường",
            Priority::High => "Cao",
            Priority::Urgent => "Khẩn",
        }
    }
}

text_enum!(
    /// Who may see a task: secret tasks only by those whose scope covers the assigning or the presiding
    /// unit; public ones may later be published.
    Confidentiality, "confidentiality", "confidentiality-unknown" {
        Public = "public" | "cong_khai",
        Internal = "internal" | "noi_bo",
        Secret = "secret" | "mat",
    }
);

impl Confidentiality {
    /// The Vietnamese name, as the task pages show it (`task-confidentiality-*`) and the import
    /// template offers it; [`Confidentiality::parse`] reads it back.
    pub fn label_vi(self) -> &'static str {
        match self {
            Confidentiality::Public => "Công khai",
            Confidentiality::Internal => "Nội bộ",
            Confidentiality::Secret => "Mật",
        }
    }
}

text_enum!(
    /// A report by the presiding unit, or a contribution by a coordinating unit.
    ProgressKind, "kind", "progress-kind-unknown" {
        Progress = "progress" | "tien_do",
        Contribution = "contribution" | "phoi_hop",
    }
);

text_enum!(
    CompletionState, "state", "completion-state-unknown" {
        Awaiting = "awaiting" | "cho_xac_nhan",
        Confirmed = "confirmed" | "da_xac_nhan",
        Returned = "returned" | "tra_lai",
    }
);

text_enum!(
    ExtensionState, "state", "extension-state-unknown" {
        Pending = "pending" | "cho_duyet",
        Approved = "approved" | "dong_y",
        Refused = "refused" | "tu_choi",
    }
);

text_enum!(
    /// Evidence: an uploaded file, a link, or the number of a document that proves the work.
    AttachmentKind, "kind", "attachment-kind-unknown" {
        File = "file" | "tep",
        Link = "link" | "lien_ket",
        DocumentNumber = "document_number" | "so_van_ban",
    }
);

/// Cleans a required text field and checks its length.
pub fn required_text(field: &str, input: &str, max_chars: usize) -> Result<String, FieldError> {
    let text = clean(input);
    if text.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    check_length(field, text, max_chars)
}

/// Cleans an optional text field (empty is allowed) and checks its length.
pub fn optional_text(field: &str, input: &str, max_chars: usize) -> Result<String, FieldError> {
    check_length(field, clean(input), max_chars)
}

fn check_length(field: &str, text: String, max_chars: usize) -> Result<String, FieldError> {
    if text.chars().count() > max_chars {
        Err(FieldError::new(field, "too-long").with_arg("max", max_chars))
    } else {
        Ok(text)
    }
}

/// Longest title, and longest free text (content, reports), in characters.
pub const TITLE_MAX: usize = 500;
pub const TEXT_MAX: usize = 20_000;

/// A deadline cannot come before the day the task is assigned.
pub fn check_deadline(assigned_on: Date, deadline: Date) -> Result<(), FieldError> {
    if deadline < assigned_on {
        Err(FieldError::new("deadline", "deadline-before-assignment").with_arg("assigned_on", assigned_on))
    } else {
        Ok(())
    }
}

/// A task broken down below cannot be due after its parent unless the assigner allowed it.
pub fn check_child_deadline(parent: Option<Date>, child: Option<Date>, allowed_later: bool) -> Result<(), FieldError> {
    match (parent, child) {
        (Some(parent), Some(child)) if child > parent && !allowed_later => {
            Err(FieldError::new("deadline", "deadline-after-parent").with_arg("parent_deadline", parent))
        }
        _ => Ok(()),
    }
}

/// The presiding and coordinating units of a task lie in the assigning unit's subtree; a cascade goes
/// strictly below the unit that received the task.
pub fn check_unit_below(field: &str, assigner: &UnitPath, unit: &UnitPath, strictly: bool) -> Result<(), FieldError> {
    let below = unit.is_within(assigner) && (!strictly || unit != assigner);
    if below { Ok(()) } else { Err(FieldError::new(field, "unit-outside-assigner")) }
}

/// A progress percentage is 0–100 and goes backwards only with a reason.
pub fn check_progress(previous: u8, percent: i64, backwards_reason: &str) -> Result<u8, FieldError> {
    let percent = u8::try_from(percent)
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| FieldError::new("percent", "percent-range").with_arg("value", percent))?;
    if percent < previous && clean(backwards_reason).is_empty() {
        return Err(FieldError::new("backwards_reason", "progress-backwards").with_arg("previous", previous));
    }
    Ok(percent)
}

/// An extension is asked before the deadline in force has passed, for a later date.
pub fn check_extension_request(today: Date, in_force: Date, requested: Date) -> Result<(), FieldError> {
    if today > in_force {
        return Err(FieldError::new("requested_deadline", "extension-after-deadline").with_arg("deadline", in_force));
    }
    if requested <= in_force {
        return Err(FieldError::new("requested_deadline", "extension-not-later").with_arg("deadline", in_force));
    }
    Ok(())
}

/// A task code: letters, digits and `.-_/`, at most 64 characters; made from the assigner's code when
/// left empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaskCode(String);

impl TaskCode {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let code = input.trim().to_uppercase();
        if code.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/');
        if code.len() > 64 || !code.chars().all(allowed) {
            return Err(FieldError::new(field, "task-code-format").with_arg("value", input.trim()));
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TaskCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for TaskCode {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse("code", s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn kinds_parse_from_vietnamese() {
        assert_eq!(TaskKind::parse("kind", "Thường xuyên").unwrap(), TaskKind::Regular);
        assert_eq!(DocumentType::parse("doc_type", "Kế hoạch").unwrap(), DocumentType::Plan);
        assert_eq!(Field::parse("field", "Chính phủ số").unwrap(), Field::DigitalGovernment);
        assert!(TaskKind::Quarterly.recurrence().is_some() && !TaskKind::Quarterly.is_counted());
    }

    #[test]
    fn vietnamese_labels_parse_back() {
        for &kind in TaskKind::ALL {
            assert_eq!(TaskKind::parse("kind", kind.label_vi()), Ok(kind), "{}", kind.label_vi());
        }
        for &field in Field::ALL {
            assert_eq!(Field::parse("field", field.label_vi()), Ok(field), "{}", field.label_vi());
        }
        for &priority in Priority::ALL {
            assert_eq!(Priority::parse("priority", priority.label_vi()), Ok(priority), "{}", priority.label_vi());
        }
        for &level in Confidentiality::ALL {
            assert_eq!(Confidentiality::parse("confidentiality", level.label_vi()), Ok(level), "{}", level.label_vi());
        }
    }

    #[test]
    fn checks_name_the_field() {
        let assigned = date(2026, 3, 1);
        assert_eq!(check_deadline(assigned, date(2026, 2, 28)).unwrap_err().code, "deadline-before-assignment");
        assert!(check_deadline(assigned, assigned).is_ok());
        let err = check_child_deadline(Some(date(2026, 8, 15)), Some(date(2026, 8, 16)), false).unwrap_err();
        assert_eq!((err.field.as_str(), err.code), ("deadline", "deadline-after-parent"));
        assert!(check_child_deadline(Some(date(2026, 8, 15)), Some(date(2026, 8, 16)), true).is_ok());
        assert_eq!(check_progress(40, 140, "").unwrap_err().code, "percent-range");
        assert_eq!(check_progress(40, 30, " ").unwrap_err().field, "backwards_reason");
        assert_eq!(check_progress(40, 30, "số liệu sai").unwrap(), 30);
        let late = check_extension_request(date(2026, 5, 2), date(2026, 5, 1), date(2026, 6, 1)).unwrap_err();
        assert_eq!(late.code, "extension-after-deadline");
        assert_eq!(TaskCode::parse("code", " tq-2026/01 ").unwrap().as_str(), "TQ-2026/01");
        assert!(TaskCode::parse("code", "có dấu").is_err());
    }
}
