//! Exporting a task list, filtered as on the list page, as a sheet for XLSX or CSV.
//!
//! Officials pass these sheets on to their leaders and to the unit above, so headers, statuses, colours
//! and fields are written out in words (Vietnamese unless the reader asked for English) rather than as
//! the codes the API uses, and dates are real dates.

use jiff::civil::Date;
use nqtrack_domain::dates::format_date;
use nqtrack_domain::policy::Actor;
use nqtrack_domain::status::{Colour, Status};
use nqtrack_domain::task::Field;
use nqtrack_office::export::{Cell, Sheet, sheet_name};
use nqtrack_store::{TaskListItem, Unit};

use super::TaskListQuery;
use crate::{App, Result};

/// The most tasks one export holds. A national list is about 20,000 tasks a year; a larger export is
/// refused with a request to filter rather than cut short without saying so.
pub const EXPORT_MAX_ROWS: i64 = 100_000;

/// A task list ready to be written out, with what its file is named after.
#[derive(Debug, Clone)]
pub struct TaskExport {
    /// The unit whose list it is.
    pub unit: Unit,
    /// The date every status is computed as of.
    pub as_of: Date,
    pub sheet: Sheet,
}

impl TaskExport {
    /// `nhiem-vu-<unit code>-<yyyy-mm-dd>.<extension>`: ASCII (unit codes are), so that every browser and
    /// mail system keeps it, and sorted by date in a folder.
    #[must_use]
    pub fn file_name(&self, extension: &str) -> String {
        format!("nhiem-vu-{}-{}.{extension}", self.unit.code, self.as_of)
    }
}

/// The language of an export's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    Vietnamese,
    English,
}

impl Language {
    /// English for "en" (any case, with or without a region), Vietnamese otherwise.
    fn of(code: &str) -> Self {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") { Language::English } else { Language::Vietnamese }
    }

    fn pick(self, (vietnamese, english): (&'static str, &'static str)) -> &'static str {
        match self {
            Language::Vietnamese => vietnamese,
            Language::English => english,
        }
    }
}

/// The columns, in order.
const HEADERS: [(&str, &str); 13] = [
    ("STT", "No."),
    ("Mã nhiệm vụ", "Task code"),
    ("Tên nhiệm vụ", "Task"),
    ("Đơn vị giao", "Assigning unit"),
    ("Đơn vị chủ trì", "Presiding unit"),
    ("Văn bản", "Document"),
    ("Thời hạn", "Deadline"),
    ("Trạng thái", "Status"),
    ("Màu", "Colour"),
    ("Tiến độ (%)", "Progress (%)"),
    ("Ngày hoàn thành", "Completed on"),
    ("Lĩnh vực", "Field"),
    ("Lãnh đạo phụ trách", "Leader in charge"),
];

/// The words of the task pages (`task-status-*` in the web catalogues; a web test compares them).
pub fn status_word(status: Status, lang: &str) -> &'static str {
    Language::of(lang).pick(match status {
        Status::CompletedOnTime => ("Hoàn thành đúng hạn", "Completed on time"),
        Status::CompletedLate => ("Hoàn thành quá hạn", "Completed late"),
        Status::InProgress => ("Đang thực hiện trong hạn", "In progress within deadline"),
        Status::Overdue => ("Quá hạn", "Overdue"),
        Status::Reported => ("Đã báo cáo trong kỳ", "Reported this period"),
        Status::NotReported => ("Chưa báo cáo trong kỳ", "Not reported this period"),
    })
}

/// The words of the task pages (`task-colour-*`).
pub fn colour_word(colour: Colour, lang: &str) -> &'static str {
    Language::of(lang).pick(match colour {
        Colour::Green => ("Xanh", "Green"),
        Colour::Yellow => ("Vàng", "Yellow"),
        Colour::Red => ("Đỏ", "Red"),
    })
}

/// The words of the task pages (`task-field-*`).
pub fn field_word(field: Field, lang: &str) -> &'static str {
    Language::of(lang).pick(match field {
        Field::Institutions => ("Thể chế, chính sách", "Institutions and policy"),
        Field::Infrastructure => ("Hạ tầng số", "Digital infrastructure"),
        Field::Data => ("Dữ liệu số", "Data"),
        Field::HumanResources => ("Nguồn nhân lực", "Human resources"),
        Field::ScienceTechnology => ("Khoa học, công nghệ", "Science and technology"),
        Field::Innovation => ("Đổi mới sáng tạo", "Innovation"),
        Field::DigitalGovernment => ("Chính quyền số", "Digital government"),
        Field::DigitalEconomy => ("Kinh tế số", "Digital economy"),
        Field::DigitalSociety => ("Xã hội số", "Digital society"),
        Field::Security => ("An toàn thông tin, an ninh mạng", "Information security"),
        Field::Other => ("Khác", "Other"),
    })
}

impl App {
    /// The tasks of a list, filtered as `query` asks (its page is ignored: every page), as a sheet with
    /// headers and words in `lang` ("en" for English, Vietnamese otherwise).
    ///
    /// # Errors
    ///
    /// Those of [`App::list_tasks`], and `export-too-many-rows` (field `export`) beyond
    /// [`EXPORT_MAX_ROWS`] tasks.
    pub async fn export_tasks(&self, actor: &Actor, query: &TaskListQuery, lang: &str) -> Result<TaskExport> {
        let mut checked = self.check_task_query(actor, query).await?;
        checked.page = 1;
        // One page holding everything: read in one transaction, so the file is one consistent snapshot
        // rather than pages that a concurrent change could shift.
        let list = self.list_checked(actor, checked, EXPORT_MAX_ROWS).await?;
        if list.total > EXPORT_MAX_ROWS {
            let error = nqtrack_domain::FieldError::new("export", "export-too-many-rows")
                .with_arg("limit", EXPORT_MAX_ROWS)
                .with_arg("count", list.total);
            return Err(error.into());
        }
        let language = Language::of(lang);
        let sheet = Sheet {
            title: title(&list.unit, list.as_of, language),
            headers: HEADERS.iter().map(|&names| language.pick(names).to_owned()).collect(),
            rows: list.items.iter().enumerate().map(|(index, item)| row(index + 1, item, lang)).collect(),
        };
        Ok(TaskExport { unit: list.unit, as_of: list.as_of, sheet })
    }
}

/// "<unit> tính đến ngày dd/mm/yyyy", the way reports are headed. Excel allows 31 characters in a tab
/// name and no '/', so the unit's code stands in for a long name, and the date keeps its year: a cut
/// title would lose exactly the date.
fn title(unit: &Unit, as_of: Date, language: Language) -> String {
    let as_of = format_date(as_of);
    let phrase = |who: &str| match language {
        Language::Vietnamese => format!("{who} tính đến ngày {as_of}"),
        Language::English => format!("{who} as of {as_of}"),
    };
    let fits = |title: &String| sheet_name(title).chars().count() == title.chars().count();
    [phrase(&unit.name), phrase(&unit.code)].into_iter().find(fits).unwrap_or_else(|| phrase("").trim().to_owned())
}

fn row(number: usize, item: &TaskListItem, lang: &str) -> Vec<Cell> {
    let text = |value: &str| if value.is_empty() { Cell::Empty } else { Cell::Text(value.to_owned()) };
    let task = &item.task;
    // The completion date belongs with a completed status: on an "as of" date before the task was
    // completed, the list shows it in progress and the date is not yet known.
    let completed_on = task.completed_on.filter(|_| item.status.is_some_and(Status::is_completed));
    vec![
        Cell::Integer(i64::try_from(number).unwrap_or(i64::MAX)),
        text(&task.code),
        text(&task.title),
        text(&item.assigner_name),
        text(&item.presiding_name),
        item.document_number.as_deref().map_or(Cell::Empty, text),
        item.deadline_in_force.map_or(Cell::Empty, Cell::Date),
        // A recurring series has no status of its own: its occurrences do.
        item.status.map_or(Cell::Empty, |status| text(status_word(status, lang))),
        item.colour.map_or(Cell::Empty, |colour| text(colour_word(colour, lang))),
        Cell::Integer(i64::from(task.progress_percent)),
        completed_on.map_or(Cell::Empty, Cell::Date),
        text(field_word(task.field, lang)),
        item.leader_name.as_deref().map_or(Cell::Empty, text),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_only_for_english() {
        assert_eq!(Language::of("en"), Language::English);
        assert_eq!(Language::of("en-US"), Language::English);
        assert_eq!(Language::of("vi"), Language::Vietnamese);
        assert_eq!(Language::of(""), Language::Vietnamese);
    }

    fn unit(code: &str, name: &str) -> Unit {
        let id = uuid::Uuid::now_v7();
        Unit {
            id,
            code: code.into(),
            name: name.into(),
            kind: nqtrack_domain::unit::UnitKind::Province,
            level: nqtrack_domain::unit::Level::Province,
            parent_id: None,
            path: nqtrack_domain::unit::UnitPath::root(id),
            established_on: None,
            dissolved_on: None,
            created_at: jiff::Timestamp::UNIX_EPOCH,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn titles_keep_the_date_whole() {
        let date = jiff::civil::date(2025, 9, 15);
        assert_eq!(title(&unit("08", "Tuyên Quang"), date, Language::English), "Tuyên Quang as of 15/09/2025");
        // Too long with the name: the code stands in for it.
        assert_eq!(title(&unit("08", "Tuyên Quang"), date, Language::Vietnamese), "08 tính đến ngày 15/09/2025");
        assert_eq!(title(&unit("X", "Hà"), date, Language::Vietnamese), "Hà tính đến ngày 15/09/2025");
        let long = unit("BO-KHOA-HOC-CONG-NGHE", "Bộ Khoa học và Công nghệ");
        assert_eq!(title(&long, date, Language::Vietnamese), "tính đến ngày 15/09/2025");
    }
}
