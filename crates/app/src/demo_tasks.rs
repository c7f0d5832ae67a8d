//! Demo documents and tasks at every level with a realistic mix of statuses and progress histories.
//!
//! Histories are generated whole (assignment, progress, extension, completion, confirmation) and the
//! task rows' present state is derived from them the same way the use cases derive it, so the demo
//! replays "as of" any past date like real data. At national scale this writes ~250,000 tasks, so rows
//! go in bulk and the audit log gets one summary entry per unit that received tasks rather than
//! hundreds of thousands of seed entries.

use jiff::civil::Date;
use jiff::{Span, Timestamp};
use nqtrack_domain::policy::{Actor, Scope};
use nqtrack_domain::task::{
    CompletionState, Confidentiality, DocumentType, ExtensionState, Field, Priority, ProgressKind, TaskKind, TaskSource,
};
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_store::{
    Completion, DeadlineChange, Document, Extension, Liveness, NewTask, ProgressReport, Task, Tx, Unit,
};
use uuid::Uuid;

use crate::Result;
use crate::audit::{Change, snapshot};

/// Titles of tasks under Resolution 57 and its plans, with their field.
const TITLES: [(&str, Field); 24] = [
    ("Thành lập Ban Chỉ đạo về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", Field::Institutions),
    ("Ban hành kế hoạch thực hiện Nghị quyết 57-NQ/TW", Field::Institutions),
    ("Rà soát, đề xuất sửa đổi văn bản quy phạm pháp luật cản trở đổi mới sáng tạo", Field::Institutions),
    ("Cung cấp toàn trình dịch vụ công trực tuyến đủ điều kiện", Field::DigitalGovernment),
    ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", Field::DigitalGovernment),
    ("Triển khai hệ thống thông tin giải quyết thủ tục hành chính dùng chung", Field::DigitalGovernment),
    ("Kết nối, chia sẻ dữ liệu với Cơ sở dữ liệu quốc gia về dân cư", Field::Data),
    ("Xây dựng cơ sở dữ liệu chuyên ngành đúng, đủ, sạch, sống", Field::Data),
    ("Xóa vùng lõm sóng di động tại thôn, bản", Field::Infrastructure),
    ("Nâng cấp hạ tầng mạng truyền số liệu chuyên dùng cấp xã", Field::Infrastructure),
    ("Bảo đảm an toàn thông tin theo cấp độ cho hệ thống thông tin", Field::Security),
    ("Tập huấn kỹ năng số cho cán bộ, công chức cấp xã", Field::HumanResources),
    ("Phổ cập kỹ năng số cho người dân qua tổ công nghệ số cộng đồng", Field::DigitalSociety),
    ("Thúc đẩy thanh toán không dùng tiền mặt trong dịch vụ công", Field::DigitalEconomy),
    ("Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số", Field::DigitalEconomy),
    ("Phát triển sàn thương mại điện tử cho sản phẩm OCOP", Field::DigitalEconomy),
    ("Bố trí tối thiểu 3% ngân sách cho khoa học, công nghệ và chuyển đổi số", Field::ScienceTechnology),
    ("Thành lập trung tâm đổi mới sáng tạo", Field::Innovation),
    ("Hỗ trợ doanh nghiệp khởi nghiệp sáng tạo", Field::Innovation),
    ("Đặt hàng nhiệm vụ khoa học và công nghệ giải quyết vấn đề của địa phương", Field::ScienceTechnology),
    ("Triển khai nền tảng học tập số cho trường học", Field::DigitalSociety),
    ("Triển khai bệnh án điện tử tại cơ sở khám chữa bệnh", Field::DigitalSociety),
    ("Sơ kết việc thực hiện Nghị quyết 57-NQ/TW", Field::Other),
    ("Báo cáo định kỳ tình hình thực hiện Nghị quyết 57-NQ/TW", Field::Other),
];

const DIFFICULTIES: [&str; 4] = [
    "",
    "Thiếu kinh phí bố trí cho hạ tầng",
    "Nhân lực công nghệ thông tin cấp xã còn thiếu",
    "Chờ hướng dẫn kỹ thuật của bộ, ngành",
];

/// A deterministic generator, so the same demo comes out every time.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn plus(date: Date, days: i64) -> Date {
    date.checked_add(Span::new().days(days)).unwrap_or(date)
}

/// A task and its generated history, ready for bulk insert.
#[derive(Default)]
struct Batch {
    tasks: Vec<Task>,
    progress: Vec<ProgressReport>,
    completions: Vec<Completion>,
    extensions: Vec<Extension>,
    deadlines: Vec<DeadlineChange>,
}

struct Generator<'a> {
    dice: Dice,
    today: Date,
    now: Timestamp,
    actor: &'a Actor,
    batch: Batch,
}

/// What to make: who assigns, who presides, when, and from which parent.
struct Spec<'a> {
    code: String,
    assigner: &'a Unit,
    presiding: &'a Unit,
    title: usize,
    kind: TaskKind,
    assigned_on: Date,
    deadline: Option<Date>,
    document_id: Option<Uuid>,
    parent_id: Option<Uuid>,
}

impl Generator<'_> {
    fn task(&mut self, spec: Spec<'_>) -> Uuid {
        let (title, field) = TITLES[spec.title % TITLES.len()];
        let id = Uuid::now_v7();
        let mut task = Task {
            id,
            code: spec.code,
            title: title.to_owned(),
            content: format!("{title}, bảo đảm chất lượng và đúng tiến độ."),
            source: if spec.document_id.is_some() { TaskSource::Document } else { TaskSource::Own },
            document_id: spec.document_id,
            clause: if spec.document_id.is_some() { format!("Mục {}", 1 + spec.title % 6) } else { String::new() },
            assigner_id: spec.assigner.id,
            assigner_path: spec.assigner.path.clone(),
            presiding_id: spec.presiding.id,
            presiding_path: spec.presiding.path.clone(),
            leader_id: None,
            kind: spec.kind,
            parent_id: spec.parent_id,
            series_id: None,
            period_label: None,
            assigned_on: spec.assigned_on,
            deadline_working_days: None,
            original_deadline: spec.deadline,
            deadline: spec.deadline,
            deadline_changed_on: None,
            product: "Báo cáo kết quả thực hiện".to_owned(),
            key_results: String::new(),
            field,
            priority: if self.dice.chance(15) { Priority::High } else { Priority::Normal },
            confidentiality: Confidentiality::Internal,
            allow_later_children: false,
            progress_percent: 0,
            progress_on: None,
            last_reported_on: None,
            completed_on: None,
            completion_state: None,
            completion_changed_on: None,
            cancelled_on: None,
            cancel_reason: String::new(),
            version: 1,
            created_by: self.actor.user_id(),
            created_at: self.now,
            updated_at: self.now,
        };
        match spec.deadline {
            Some(deadline) => self.deadline_history(&mut task, deadline),
            None => self.regular_history(&mut task),
        }
        self.batch.tasks.push(task);
        id
    }

    fn report(&mut self, task: &mut Task, on: Date, percent: i32) {
        let difficulty = DIFFICULTIES[self.dice.below(DIFFICULTIES.len() as u64) as usize];
        self.batch.progress.push(ProgressReport {
            id: Uuid::now_v7(),
            task_id: task.id,
            unit_id: task.presiding_id,
            kind: ProgressKind::Progress,
            reported_on: on,
            percent: Some(percent),
            done: format!("Đã triển khai, đạt khoảng {percent}% khối lượng công việc"),
            difficulties: difficulty.to_owned(),
            proposals: if difficulty.is_empty() {
                String::new()
            } else {
                "Đề nghị cấp trên hỗ trợ".to_owned()
            },
            backwards_reason: String::new(),
            reported_by: None,
            created_at: self.now,
        });
        task.progress_percent = percent;
        task.progress_on = Some(on);
        task.last_reported_on = Some(on);
    }

    fn deadline_history(&mut self, task: &mut Task, deadline: Date) {
        let today = self.today;
        let mut deadline = deadline;
        // Some tasks were given more time before their deadline passed.
        if self.dice.chance(6) && deadline > task.assigned_on && plus(deadline, -3) <= today {
            let asked = plus(deadline, -3).max(task.assigned_on);
            let decided = plus(asked, 2).min(today);
            let new_deadline = plus(deadline, 30 + self.dice.below(60) as i64);
            self.batch.extensions.push(Extension {
                id: Uuid::now_v7(),
                task_id: task.id,
                requested_on: asked,
                current_deadline: deadline,
                requested_deadline: new_deadline,
                reason: "Chờ bố trí kinh phí".to_owned(),
                requested_by: None,
                state: ExtensionState::Approved,
                decided_on: Some(decided),
                decided_by: None,
                decision_note: String::new(),
                created_at: self.now,
            });
            self.batch.deadlines.push(DeadlineChange {
                id: Uuid::now_v7(),
                task_id: task.id,
                effective_on: decided,
                deadline: new_deadline,
                cause: "extension".to_owned(),
                created_at: self.now,
            });
            task.deadline = Some(new_deadline);
            task.deadline_changed_on = Some(decided);
            deadline = new_deadline;
        }
        let span = (deadline - task.assigned_on).get_days().max(1) as i64;
        // Past the deadline: mostly done on time, some late, some still open; before it: some done early.
        let completion = if deadline < today {
            match self.dice.below(100) {
                0..55 => Some(plus(task.assigned_on, span * (50 + self.dice.below(50) as i64) / 100)),
                55..70 => {
                    Some(plus(deadline, 1 + self.dice.below(((today - deadline).get_days() as u64).max(1)) as i64))
                }
                _ => None,
            }
        } else if self.dice.chance(25) {
            Some(plus(
                task.assigned_on,
                ((today - task.assigned_on).get_days() as i64 * (30 + self.dice.below(70) as i64)) / 100,
            ))
        } else {
            None
        };
        let completion = completion.filter(|c| *c <= today && *c >= task.assigned_on);
        let until = completion.unwrap_or(today);
        let elapsed = (until - task.assigned_on).get_days().max(0) as i64;
        let reports = 1 + self.dice.below(3) as i64;
        for n in 1..=reports {
            let on = plus(task.assigned_on, elapsed * n / (reports + 1));
            if on > task.assigned_on && on <= until {
                let expected = (100 * (on - task.assigned_on).get_days() as i64 / span).clamp(5, 95) as i32;
                let pace = if self.dice.chance(30) { expected / 2 } else { expected };
                let percent = pace.max(task.progress_percent).min(95);
                self.report(task, on, percent);
            }
        }
        if let Some(reported_on) = completion {
            let confirmed = plus(reported_on, 1 + self.dice.below(10) as i64);
            let decided = (confirmed <= today && self.dice.chance(85)).then_some(confirmed);
            self.batch.completions.push(Completion {
                id: Uuid::now_v7(),
                task_id: task.id,
                reported_on,
                product: "Báo cáo kết quả, văn bản ban hành kèm theo".to_owned(),
                note: String::new(),
                reported_by: None,
                state: if decided.is_some() { CompletionState::Confirmed } else { CompletionState::Awaiting },
                decided_on: decided,
                decided_by: None,
                decision_reason: String::new(),
                created_at: self.now,
            });
            task.completed_on = Some(reported_on);
            task.completion_state =
                Some(if decided.is_some() { CompletionState::Confirmed } else { CompletionState::Awaiting });
            task.progress_percent = 100;
        }
    }

    /// A regular task reported most months; some units have not reported this month yet.
    fn regular_history(&mut self, task: &mut Task) {
        let mut month =
            nqtrack_domain::period::Period::containing(nqtrack_domain::period::Periodicity::Month, task.assigned_on);
        while month.start() <= self.today {
            let on = plus(month.start(), 5 + self.dice.below(20) as i64).min(self.today);
            if on >= task.assigned_on && self.dice.chance(80) {
                let percent = task.progress_percent;
                self.report(task, on, percent);
            }
            month = month.next();
        }
    }

    async fn document(
        &self,
        tx: &mut Tx,
        issuer: &Unit,
        doc_type: DocumentType,
        number: &str,
        issued_on: Date,
        title: &str,
    ) -> Result<Document> {
        let document = Document {
            id: Uuid::now_v7(),
            doc_type,
            number: number.to_owned(),
            issued_on,
            issuer_id: issuer.id,
            issuer_path: issuer.path.clone(),
            signer: "Trưởng Ban Chỉ đạo".to_owned(),
            title: title.to_owned(),
            summary: String::new(),
            created_by: self.actor.user_id(),
            created_at: self.now,
            updated_at: self.now,
        };
        tx.insert_document(&document).await?;
        Change {
            action: "document.create",
            object_type: "document",
            object_id: document.id.to_string(),
            unit_path: Some(&issuer.path),
            before: None,
            after: snapshot(&document),
        }
        .record(tx, self.actor, self.now)
        .await?;
        Ok(document)
    }

    async fn flush(&mut self, tx: &mut Tx, summary_unit: &Unit) -> Result<()> {
        let batch = std::mem::take(&mut self.batch);
        if batch.tasks.is_empty() {
            return Ok(());
        }
        let new: Vec<NewTask> = batch.tasks.iter().map(|task| NewTask { task, coordinators: &[] }).collect();
        tx.insert_tasks(&new).await?;
        tx.insert_histories(&batch.progress, &batch.completions, &batch.extensions, &batch.deadlines).await?;
        Change {
            action: "demo.tasks",
            object_type: "unit",
            object_id: summary_unit.id.to_string(),
            unit_path: Some(&summary_unit.path),
            before: None,
            after: snapshot(
                &serde_json::json!({ "tasks": batch.tasks.len(), "progress_reports": batch.progress.len() }),
            ),
        }
        .record(tx, self.actor, self.now)
        .await?;
        Ok(())
    }
}

/// How much to generate.
pub(crate) struct Volume {
    /// Tasks the centre assigns to each province.
    pub central_per_province: usize,
    /// Tasks each province assigns itself.
    pub province_own: usize,
    /// Of a province's tasks, how many it cascades to every commune and to every department.
    pub to_communes: usize,
    pub to_departments: usize,
    /// Tasks each commune gives itself.
    pub commune_own: usize,
    /// Provinces that get tasks (all when `None`).
    pub provinces: Option<&'static [&'static str]>,
}

pub(crate) async fn seed_tasks(
    tx: &mut Tx,
    actor: &Actor,
    root: &Unit,
    volume: &Volume,
    today: Date,
    now: Timestamp,
) -> Result<usize> {
    let year_start = Date::new(today.year(), 1, 1).unwrap_or(today);
    let mut generator = Generator { dice: Dice(0x9E37_79B9_7F4A_7C15), today, now, actor, batch: Batch::default() };
    let resolution = generator
        .document(
            tx,
            root,
            DocumentType::Resolution,
            "57-NQ/TW",
            Date::new(2024, 12, 22).unwrap_or(year_start),
            "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        )
        .await?;
    let plan = generator
        .document(
            tx,
            root,
            DocumentType::Plan,
            "02-KH/BCĐTW",
            plus(year_start, 20),
            "Kế hoạch triển khai Nghị quyết 57-NQ/TW năm nay",
        )
        .await?;
    let notice = generator
        .document(
            tx,
            root,
            DocumentType::ConclusionNotice,
            "05-TB/BCĐTW",
            plus(year_start, 120),
            "Thông báo kết luận phiên họp Ban Chỉ đạo Trung ương",
        )
        .await?;
    let everyone = tx.subtree(&root.path, &Scope::Everything, Liveness::Live, i64::MAX, 0).await?;
    let provinces: Vec<&Unit> = everyone
        .iter()
        .filter(|u| u.parent_id == Some(root.id) && matches!(u.kind, UnitKind::Province | UnitKind::City))
        .filter(|u| volume.provinces.is_none_or(|only| only.contains(&u.code.as_str())))
        .collect();
    let ministries: Vec<&Unit> =
        everyone.iter().filter(|u| u.parent_id == Some(root.id) && u.kind == UnitKind::Ministry).collect();
    let mut total = 0;
    // The centre's tasks to ministries and provinces.
    let mut number = 0;
    for (i, unit) in ministries.iter().chain(provinces.iter()).enumerate() {
        let count = if unit.kind == UnitKind::Ministry { 10 } else { volume.central_per_province };
        for k in 0..count {
            number += 1;
            let assigned_on = plus(year_start, (generator.dice.below(300)) as i64).min(today);
            let deadline = plus(assigned_on, 30 + generator.dice.below(200) as i64);
            let document = [&resolution, &plan, &notice][(i + k) % 3];
            generator.task(Spec {
                code: format!("TW-{}-{number:04}", today.year()),
                assigner: root,
                presiding: unit,
                title: i * 7 + k,
                kind: if k % 9 == 8 { TaskKind::Regular } else { TaskKind::Deadline },
                assigned_on,
                deadline: (k % 9 != 8).then_some(deadline),
                document_id: Some(document.id),
                parent_id: None,
            });
        }
    }
    total += generator.batch.tasks.len();
    generator.flush(tx, root).await?;
    // Each province: its own plan, tasks cascaded to every commune and every department, and the
    // communes' own tasks.
    for province in &provinces {
        let plan = generator
            .document(
                tx,
                province,
                DocumentType::Plan,
                &format!("{}/KH-UBND", 100 + province.code.parse::<usize>().unwrap_or(0)),
                plus(year_start, 40),
                &format!("Kế hoạch thực hiện Nghị quyết 57-NQ/TW của {}", province.name),
            )
            .await?;
        let below: Vec<&Unit> = everyone.iter().filter(|u| u.parent_id == Some(province.id) && u.is_live()).collect();
        let communes: Vec<&Unit> = below.iter().copied().filter(|u| u.level == Level::Commune).collect();
        let departments: Vec<&Unit> = below.iter().copied().filter(|u| u.kind == UnitKind::Department).collect();
        for k in 0..volume.province_own.max(volume.to_communes + volume.to_departments) {
            let assigned_on = plus(year_start, 30 + generator.dice.below(240) as i64).min(today);
            let deadline = plus(assigned_on, 45 + generator.dice.below(180) as i64);
            let parent = generator.task(Spec {
                code: format!("{}-{}-{:03}", province.code, today.year(), k + 1),
                assigner: province,
                presiding: province,
                title: k * 5 + 3,
                kind: TaskKind::Deadline,
                assigned_on,
                deadline: Some(deadline),
                document_id: Some(plan.id),
                parent_id: None,
            });
            let targets: &[&Unit] = if k < volume.to_communes {
                &communes
            } else if k < volume.to_communes + volume.to_departments {
                &departments
            } else {
                &[]
            };
            for unit in targets {
                let child_assigned = plus(assigned_on, 3).min(today);
                let child_deadline =
                    plus(child_assigned, ((deadline - child_assigned).get_days() as i64 - 5).max(1)).min(deadline);
                generator.task(Spec {
                    code: format!("{}-{}-{:03}.{}", province.code, today.year(), k + 1, unit.code),
                    assigner: province,
                    presiding: unit,
                    title: k * 5 + 3,
                    kind: TaskKind::Deadline,
                    assigned_on: child_assigned,
                    deadline: Some(child_deadline),
                    document_id: Some(plan.id),
                    parent_id: Some(parent),
                });
            }
        }
        for commune in &communes {
            for k in 0..volume.commune_own {
                let assigned_on = plus(year_start, 60 + generator.dice.below(240) as i64).min(today);
                let regular = k % 5 == 4;
                generator.task(Spec {
                    code: format!("{}-{}-{:03}", commune.code, today.year(), k + 1),
                    assigner: commune,
                    presiding: commune,
                    title: k * 3 + 11,
                    kind: if regular { TaskKind::Regular } else { TaskKind::Deadline },
                    assigned_on,
                    deadline: (!regular).then(|| plus(assigned_on, 20 + (k as i64 * 13) % 120)),
                    document_id: None,
                    parent_id: None,
                });
            }
        }
        total += generator.batch.tasks.len();
        generator.flush(tx, province).await?;
    }
    Ok(total)
}
