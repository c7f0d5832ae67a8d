//! The sentences of a period report around the task counts ([`super::prose`]): what stands when there
//! is nothing to count, the frozen-figures note, list introductions, values shown in tables. A measure
//! without data reads "Chưa có số liệu", never zero.

use crate::text::format_number;

/// What a table cell or sentence says for a measure that has no data.
pub const NO_DATA: &str = "Chưa có số liệu";

/// A number for a table, or [`NO_DATA`].
pub fn number_or_no_data(value: Option<f64>) -> String {
    value.map_or_else(|| NO_DATA.to_owned(), |v| format_number(v, true))
}

/// The task section's opening when no task was counted on the date (`as_of` written dd/mm/yyyy).
pub fn no_tasks_sentence(as_of: &str) -> String {
    format!("{NO_DATA} về nhiệm vụ đến ngày {as_of}.")
}

/// The note that the figures come from a closed period, so corrections made later do not change them.
pub fn frozen_sentence(closed_on: &str, period_label: &str) -> String {
    format!(
        "Số liệu chốt ngày {closed_on} (kỳ {period_label}); các điều chỉnh sau ngày chốt không làm thay đổi số \
         liệu của báo cáo này."
    )
}

/// "Tỷ lệ hoàn thành đúng hạn: 75 %." (of the tasks whose outcome is known).
pub fn on_time_sentence(rate: Option<f64>) -> String {
    match rate {
        Some(rate) => format!("Tỷ lệ hoàn thành đúng hạn: {} %.", format_number(rate, true)),
        None => format!("Tỷ lệ hoàn thành đúng hạn: {}.", NO_DATA.to_lowercase()),
    }
}

/// The sentence before a list of `total` items of which `shown` are listed, e.g.
/// "Trong kỳ có 4 nhiệm vụ hoàn thành." or "... (liệt kê 200 nhiệm vụ đầu tiên)."; `what` names the
/// items ("nhiệm vụ hoàn thành").
pub fn list_sentence(total: i64, shown: usize, what: &str, none: &str) -> String {
    if total == 0 {
        return none.to_owned();
    }
    let more = total - shown as i64;
    if more > 0 {
        format!("Có {total} {what}; liệt kê {shown} nhiệm vụ đầu tiên, còn {more} nhiệm vụ khác không liệt kê.")
    } else {
        format!("Có {total} {what}.")
    }
}

/// The line after a capped list of notes: "Còn 12 nội dung khác không liệt kê." (empty when none).
pub fn more_notes_sentence(more: i64) -> String {
    if more > 0 { format!("Còn {more} nội dung khác không liệt kê.") } else { String::new() }
}

/// A signed change for a table column: "tăng 2", "giảm 3", "không thay đổi", or [`NO_DATA`] when
/// either side has no data.
pub fn change_cell(now: Option<i64>, before: Option<i64>) -> String {
    match (now, before) {
        (Some(now), Some(before)) => super::prose::change_words(now, before, ""),
        _ => NO_DATA.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_data_is_never_zero() {
        assert_eq!(number_or_no_data(None), "Chưa có số liệu");
        assert_eq!(number_or_no_data(Some(0.0)), "0");
        assert_eq!(on_time_sentence(None), "Tỷ lệ hoàn thành đúng hạn: chưa có số liệu.");
        assert_eq!(change_cell(Some(3), None), "Chưa có số liệu");
        assert_eq!(no_tasks_sentence("31/01/2026"), "Chưa có số liệu về nhiệm vụ đến ngày 31/01/2026.");
    }

    #[test]
    fn lists_say_how_many_are_left_out() {
        assert_eq!(list_sentence(0, 0, "nhiệm vụ quá hạn", "Không có nhiệm vụ quá hạn."), "Không có nhiệm vụ quá hạn.");
        assert_eq!(list_sentence(4, 4, "nhiệm vụ hoàn thành trong kỳ", ""), "Có 4 nhiệm vụ hoàn thành trong kỳ.");
        assert_eq!(
            list_sentence(250, 200, "nhiệm vụ quá hạn", ""),
            "Có 250 nhiệm vụ quá hạn; liệt kê 200 nhiệm vụ đầu tiên, còn 50 nhiệm vụ khác không liệt kê."
        );
        assert_eq!(more_notes_sentence(0), "");
        assert_eq!(more_notes_sentence(12), "Còn 12 nội dung khác không liệt kê.");
        assert_eq!(change_cell(Some(5), Some(3)), "tăng 2");
        assert_eq!(on_time_sentence(Some(75.0)), "Tỷ lệ hoàn thành đúng hạn: 75 %.");
    }
}
