//! A period report laid out as the administrative document a steering committee sends up (Decree
//! 30/2020 style, written by `nqtrack_office::report_doc`), and its DOCX and XLSX downloads.

use jiff::civil::Date;
use nqtrack_domain::dates::format_date;
use nqtrack_domain::evaluation::TaskTally;
use nqtrack_domain::evaluation::report_prose::{self, NO_DATA, number_or_no_data};
use nqtrack_domain::policy::Actor;
use nqtrack_office::report_doc::{AdminDocument, Block, DocTable, Section, write_docx, write_report_xlsx};
use uuid::Uuid;

use super::report::{NoteLine, PeriodReport, TaskLines, slug};
use crate::{App, AppError, Result};

/// The resolution every report is about.
const SUBJECT: &str = "Kết quả thực hiện Nghị quyết số 57-NQ/TW về phát triển khoa học, công nghệ, đổi mới sáng \
                       tạo và chuyển đổi số";

/// A file to download.
#[derive(Debug, Clone)]
pub struct ReportFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

fn date_or_blank(date: Option<Date>) -> String {
    date.map(format_date).unwrap_or_default()
}

/// A line of the status table: its name and the count it reads.
type StatusLine = (&'static str, fn(&TaskTally) -> i64);

/// The status table: each line of the tally now, at the last report, and the change in words.
fn status_table(report: &PeriodReport) -> DocTable {
    let lines: [StatusLine; 10] = [
        ("Tổng số nhiệm vụ", |t| t.total),
        ("Hoàn thành đúng hạn", |t| t.completed_on_time),
        ("Hoàn thành quá hạn", |t| t.completed_late),
        ("Đang thực hiện trong hạn", |t| t.in_progress),
        ("Quá hạn chưa hoàn thành", |t| t.overdue),
        ("Thường xuyên đã báo cáo trong kỳ", |t| t.reported),
        ("Thường xuyên chưa báo cáo", |t| t.not_reported),
        ("Màu xanh", |t| t.green),
        ("Màu vàng", |t| t.yellow),
        ("Màu đỏ", |t| t.red),
    ];
    let cell = |value: Option<i64>| value.map_or_else(|| NO_DATA.to_owned(), |v| v.to_string());
    let rows = lines
        .iter()
        .map(|(name, get)| {
            let now = report.tasks.as_ref().map(get);
            let before = report.previous.tasks.as_ref().map(get);
            vec![(*name).to_owned(), cell(now), cell(before), report_prose::change_cell(now, before)]
        })
        .collect();
    DocTable {
        caption: "Bảng 1. Nhiệm vụ theo trạng thái và màu".into(),
        headers: vec![
            "Nội dung".into(),
            format!("Đến ngày {}", format_date(report.as_of)),
            format!("Đến ngày {}", format_date(report.previous.as_of)),
            "Tăng/giảm".into(),
        ],
        rows,
        numeric_columns: vec![1, 2],
    }
}

fn task_table(caption: &str, lines: &TaskLines, overdue: bool) -> DocTable {
    let last = if overdue { "Số ngày quá hạn" } else { "Ngày hoàn thành" };
    let rows = lines
        .rows
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let last = if overdue {
                line.days_overdue.map(|d| d.to_string()).unwrap_or_default()
            } else {
                let when = date_or_blank(line.completed_on);
                match line.on_time {
                    Some(false) => format!("{when} (quá hạn)"),
                    _ => when,
                }
            };
            vec![
                (i + 1).to_string(),
                line.code.clone(),
                line.title.clone(),
                line.presiding_name.clone(),
                date_or_blank(line.deadline),
                last,
            ]
        })
        .collect();
    DocTable {
        caption: caption.to_owned(),
        headers: vec!["STT".into(), "Mã".into(), "Nhiệm vụ".into(), "Đơn vị chủ trì".into(), "Hạn".into(), last.into()],
        rows,
        numeric_columns: if overdue { vec![0, 5] } else { vec![0] },
    }
}

fn note_bullets(notes: &[NoteLine], none: &str) -> Vec<Block> {
    if notes.is_empty() {
        return vec![Block::Paragraph(none.to_owned())];
    }
    notes
        .iter()
        .map(|n| Block::Bullet(format!("{} ({}, {}): {}", n.task_title, n.task_code, n.presiding_name, n.text)))
        .collect()
}

impl PeriodReport {
    /// The report as an administrative document: I. tasks, II. indicators, III. ranks, IV. difficulties,
    /// V. proposals; the number is left for the office to fill in and the signer's name to be signed.
    pub fn document(&self) -> AdminDocument {
        let mut overview = Vec::new();
        if let Some(frozen) = &self.frozen {
            overview
                .push(Block::Paragraph(report_prose::frozen_sentence(&format_date(frozen.closed_on), &frozen.period)));
        }
        overview.push(Block::Paragraph(self.tasks_text.clone()));
        for text in [&self.changes_text, &self.colours_text] {
            if !text.is_empty() {
                overview.push(Block::Paragraph(text.clone()));
            }
        }
        if self.tasks.is_some() {
            overview.push(Block::Paragraph(report_prose::on_time_sentence(self.on_time_rate)));
        }
        overview.push(Block::Table(status_table(self)));

        let mut completed = vec![Block::Paragraph(report_prose::list_sentence(
            self.completed.total,
            self.completed.rows.len(),
            "nhiệm vụ hoàn thành trong kỳ",
            "Trong kỳ không có nhiệm vụ hoàn thành.",
        ))];
        if !self.completed.rows.is_empty() {
            completed.push(Block::Table(task_table("Bảng 2. Nhiệm vụ hoàn thành trong kỳ", &self.completed, false)));
        }
        let mut overdue = vec![Block::Paragraph(report_prose::list_sentence(
            self.overdue.total,
            self.overdue.rows.len(),
            &format!("nhiệm vụ quá hạn chưa hoàn thành đến ngày {}", format_date(self.as_of)),
            "Không có nhiệm vụ quá hạn chưa hoàn thành.",
        ))];
        if !self.overdue.rows.is_empty() {
            overdue.push(Block::Table(task_table("Bảng 3. Nhiệm vụ quá hạn chưa hoàn thành", &self.overdue, true)));
        }

        let indicator_rows = self
            .indicators
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let value = number_or_no_data(line.value);
                vec![
                    (i + 1).to_string(),
                    line.code.clone(),
                    line.name.clone(),
                    line.unit_of_measure.clone(),
                    line.period.clone().unwrap_or_default(),
                    if line.partial && line.value.is_some() { format!("{value} (chưa đủ)") } else { value },
                    number_or_no_data(line.target),
                    number_or_no_data(line.achievement),
                ]
            })
            .collect::<Vec<_>>();
        let indicators = if indicator_rows.is_empty() {
            vec![Block::Paragraph("Chưa có chỉ tiêu áp dụng cho đơn vị.".into())]
        } else {
            vec![Block::Table(DocTable {
                caption: "Bảng 4. Kết quả thực hiện chỉ tiêu".into(),
                headers: vec![
                    "STT".into(),
                    "Mã".into(),
                    "Chỉ tiêu".into(),
                    "Đơn vị tính".into(),
                    "Kỳ số liệu".into(),
                    "Kết quả".into(),
                    "Chỉ tiêu giao".into(),
                    "Mức độ đạt (%)".into(),
                ],
                rows: indicator_rows,
                numeric_columns: vec![0, 5, 6, 7],
            })]
        };

        let ranks = if self.ranks.is_empty() {
            vec![Block::Paragraph("Chưa có bộ tiêu chí hoặc chỉ số xếp hạng áp dụng cho đơn vị trong kỳ.".into())]
        } else {
            self.ranks
                .iter()
                .map(|r| {
                    Block::Bullet(format!("{} (nhóm {}, kỳ {}): {}.", r.subject_name, r.peers_name, r.period, r.words))
                })
                .collect()
        };

        let mut difficulties =
            note_bullets(&self.difficulties, "Các đơn vị không báo cáo khó khăn, vướng mắc trong kỳ.");
        let mut proposals = note_bullets(&self.proposals, "Các đơn vị không có đề xuất, kiến nghị trong kỳ.");
        let more = report_prose::more_notes_sentence(self.notes_left_out);
        if !more.is_empty() {
            difficulties.push(Block::Paragraph(more.clone()));
            proposals.push(Block::Paragraph(more));
        }

        let section = |heading: &str, blocks: Vec<Block>, subsections: Vec<Section>| Section {
            heading: heading.to_owned(),
            blocks,
            subsections,
        };
        AdminDocument {
            parent_body: self.unit.parent_body.clone(),
            issuer: self.unit.issuer.clone(),
            number: "Số:        /BC-BCĐ".into(),
            place: self.unit.place.clone(),
            date: self.as_of,
            kind: "BÁO CÁO".into(),
            subject: format!("{SUBJECT} {}", self.period.label),
            sections: vec![
                section(
                    "TÌNH HÌNH TRIỂN KHAI NHIỆM VỤ",
                    overview,
                    vec![
                        section("Nhiệm vụ hoàn thành trong kỳ", completed, Vec::new()),
                        section("Nhiệm vụ quá hạn chưa hoàn thành", overdue, Vec::new()),
                    ],
                ),
                section("KẾT QUẢ THỰC HIỆN CHỈ TIÊU", indicators, Vec::new()),
                section("XẾP HẠNG", ranks, Vec::new()),
                section("KHÓ KHĂN, VƯỚNG MẮC", difficulties, Vec::new()),
                section("ĐỀ XUẤT, KIẾN NGHỊ", proposals, Vec::new()),
            ],
            recipients: vec![
                "Ban Chỉ đạo Trung ương".into(),
                "Thường trực cấp ủy, chính quyền".into(),
                "Lưu: VT".into(),
            ],
            signer_authority: "TM. BAN CHỈ ĐẠO".into(),
            signer_title: "TRƯỞNG BAN".into(),
            signer_name: String::new(),
        }
    }

    /// "bao-cao-9-thang-nam-2026-tuyen-quang" (without the extension).
    pub fn file_stem(&self) -> String {
        let unit = slug(&self.unit.name);
        let unit = ["tinh-", "thanh-pho-"].iter().find_map(|p| unit.strip_prefix(p)).unwrap_or(&unit).to_owned();
        format!("bao-cao-{}-{unit}", self.period.slug())
    }
}

impl App {
    /// The period report as an editable DOCX.
    pub async fn period_report_docx(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        period: &str,
        from: &str,
        to: &str,
    ) -> Result<ReportFile> {
        let report = self.period_report(actor, unit_id, period, from, to).await?;
        let bytes = write_docx(&report.document()).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(ReportFile { name: format!("{}.docx", report.file_stem()), bytes })
    }

    /// The period report's tables as an XLSX workbook.
    pub async fn period_report_xlsx(
        &self,
        actor: &Actor,
        unit_id: Uuid,
        period: &str,
        from: &str,
        to: &str,
    ) -> Result<ReportFile> {
        let report = self.period_report(actor, unit_id, period, from, to).await?;
        let bytes = write_report_xlsx(&report.document()).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(ReportFile { name: format!("{}.xlsx", report.file_stem()), bytes })
    }
}
