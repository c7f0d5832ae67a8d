//! The sentences of a period report, in Vietnamese administrative prose: counts and their change
//! since the last report stated in words ("102 nhiệm vụ, tăng 24 nhiệm vụ so với báo cáo trước").

use super::tally::TaskTally;
use crate::text::format_number;

/// "tăng 24", "giảm 3", "không thay đổi" (with the noun after the number when there is one).
pub fn change_words(now: i64, before: i64, noun: &str) -> String {
    let with_noun = |n: i64| if noun.is_empty() { n.to_string() } else { format!("{n} {noun}") };
    match now - before {
        0 => "không thay đổi".to_owned(),
        d if d > 0 => format!("tăng {}", with_noun(d)),
        d => format!("giảm {}", with_noun(-d)),
    }
}

/// The opening sentence of the task section: the total, its change since the last report (named by
/// `previous_label`, e.g. "báo cáo ngày 30/06/2026"), and how the tasks stand.
pub fn tasks_summary(now: &TaskTally, previous: Option<(&TaskTally, &str)>) -> String {
    let mut text = format!("Tổng số {} nhiệm vụ", now.total);
    if let Some((before, label)) = previous {
        text.push_str(&format!(", {} so với {label}", change_words(now.total, before.total, "nhiệm vụ")));
    }
    let mut parts = vec![format!(
        "{} nhiệm vụ đã hoàn thành ({} đúng hạn, {} quá hạn)",
        now.completed(),
        now.completed_on_time,
        now.completed_late
    )];
    parts.push(format!("{} nhiệm vụ đang thực hiện trong hạn", now.in_progress));
    parts.push(format!("{} nhiệm vụ quá hạn chưa hoàn thành", now.overdue));
    if now.reported + now.not_reported > 0 {
        parts.push(format!(
            "{} nhiệm vụ thường xuyên đã báo cáo trong kỳ, {} chưa báo cáo",
            now.reported, now.not_reported
        ));
    }
    text.push_str("; trong đó: ");
    text.push_str(&parts.join(", "));
    text.push('.');
    text
}

/// How the parts changed since the last report, one clause each; empty without a previous report.
pub fn tasks_changes(now: &TaskTally, before: &TaskTally, label: &str) -> String {
    format!(
        "So với {label}: số nhiệm vụ đã hoàn thành {}, số nhiệm vụ đang thực hiện trong hạn {}, \
         số nhiệm vụ quá hạn {}.",
        change_words(now.completed(), before.completed(), ""),
        change_words(now.in_progress, before.in_progress, ""),
        change_words(now.overdue, before.overdue, ""),
    )
}

/// The colour sentence: "Theo tiêu chí màu: 50 nhiệm vụ xanh (49 %), 30 vàng, 22 đỏ."
pub fn colours_summary(now: &TaskTally) -> String {
    let share = now.green_share().map(|s| format!(" ({} %)", format_number(s, true))).unwrap_or_default();
    format!("Theo tiêu chí màu: {} nhiệm vụ xanh{share}, {} vàng, {} đỏ.", now.green, now.yellow, now.red)
}

/// "xếp hạng 14/34, tăng 2 bậc so với kỳ trước" (or "chưa đủ dữ liệu để xếp hạng").
pub fn rank_words(rank: Option<u32>, of: u32, change: Option<i32>) -> String {
    let Some(rank) = rank else {
        return "chưa đủ dữ liệu để xếp hạng".to_owned();
    };
    let change = match change {
        Some(0) => ", giữ nguyên thứ hạng so với kỳ trước".to_owned(),
        Some(d) if d > 0 => format!(", tăng {d} bậc so với kỳ trước"),
        Some(d) => format!(", giảm {} bậc so với kỳ trước", -d),
        None => String::new(),
    };
    format!("xếp hạng {rank}/{of}{change}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{Colour, Status};

    fn tally(done: i64, in_progress: i64, overdue: i64) -> TaskTally {
        let mut tally = TaskTally::default();
        tally.add(Status::CompletedOnTime, Colour::Green, done, 0, 0);
        tally.add(Status::InProgress, Colour::Green, in_progress, 0, 0);
        tally.add(Status::Overdue, Colour::Red, overdue, 0, 0);
        tally
    }

    #[test]
    fn the_issue_example_reads_right() {
        let now = tally(41, 61, 0);
        let before = tally(30, 48, 0);
        assert_eq!(
            tasks_summary(&now, Some((&before, "báo cáo ngày 30/06/2026"))),
            "Tổng số 102 nhiệm vụ, tăng 24 nhiệm vụ so với báo cáo ngày 30/06/2026; trong đó: 41 nhiệm vụ đã \
             hoàn thành (41 đúng hạn, 0 quá hạn), 61 nhiệm vụ đang thực hiện trong hạn, 0 nhiệm vụ quá hạn chưa \
             hoàn thành."
        );
        assert_eq!(
            tasks_changes(&now, &before, "báo cáo trước"),
            "So với báo cáo trước: số nhiệm vụ đã hoàn thành tăng 11, số nhiệm vụ đang thực hiện trong hạn \
             tăng 13, số nhiệm vụ quá hạn không thay đổi."
        );
    }

    #[test]
    fn changes_and_ranks_in_words() {
        assert_eq!(change_words(5, 8, "nhiệm vụ"), "giảm 3 nhiệm vụ");
        assert_eq!(rank_words(Some(14), 34, Some(-2)), "xếp hạng 14/34, giảm 2 bậc so với kỳ trước");
        assert_eq!(rank_words(None, 34, None), "chưa đủ dữ liệu để xếp hạng");
        assert_eq!(colours_summary(&tally(1, 0, 1)), "Theo tiêu chí màu: 1 nhiệm vụ xanh (50 %), 0 vàng, 1 đỏ.");
    }
}
