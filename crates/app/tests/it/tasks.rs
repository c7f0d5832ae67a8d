//! Tasks end to end: a province enters a plan, cascades to its communes, communes report, the province
//! confirms; statuses "as of" past dates; the SQL classification against the domain rule; bad input.

use jiff::SignedDuration;
use jiff::civil::Date;
use nqtrack_app::{
    AdjustInput, CascadeInput, CascadeTargets, CompletionInput, DecisionInput, DocumentInput, EvidenceInput,
    ExtensionInput, ProgressInput, TaskChanges, TaskInput, TaskListQuery, Upload,
};
use nqtrack_domain::policy::Actor;
use nqtrack_domain::status::{Colour, Status};
use nqtrack_store::{CountCell, StatusCounts, Task, Unit};

use crate::support::{Harness, assert_denied, assert_invalid};

/// Province 04 has no demo tasks, so every count below is the test's own.
const PROVINCE: &str = "04";

struct Province {
    unit: Unit,
    coordinator: Actor,
    communes: Vec<Unit>,
}

async fn province(h: &Harness) -> Province {
    let unit = h.unit(PROVINCE).await;
    h.add_user("caobang.thuongtruc", &unit, "coordinator").await;
    let communes = h.communes(PROVINCE).await;
    Province { coordinator: h.actor("caobang.thuongtruc").await, unit, communes }
}

async fn reporter_of(h: &Harness, commune: &Unit) -> Actor {
    let username = format!("xa{}", commune.code);
    h.add_user(&username, commune, "reporter").await;
    h.actor(&username).await
}

fn task_input(assigner: &Unit, presiding: &Unit, deadline: &str) -> TaskInput {
    TaskInput {
        title: "Thành lập Ban Chỉ đạo cấp xã về chuyển đổi số".into(),
        assigner_id: Some(assigner.id),
        presiding_id: Some(presiding.id),
        deadline: deadline.into(),
        product: "Quyết định thành lập".into(),
        field: "Chính phủ số".into(),
        ..TaskInput::default()
    }
}

fn advance_days(h: &Harness, days: i64) {
    h.app.clock().advance(SignedDuration::from_hours(24 * days));
}

fn progress(percent: i64, done: &str) -> ProgressInput {
    ProgressInput { percent: Some(percent), done: done.into(), ..ProgressInput::default() }
}

async fn standing(h: &Harness, task: &Task, as_of: Option<Date>) -> (Option<Status>, Option<Colour>) {
    let page = h.app.task_page(&h.operator, task.id, as_of).await.expect("task page");
    (page.standing.map(|s| s.status), page.standing.map(|s| s.colour))
}

async fn a_province_plans_cascades_and_confirms(h: Harness) {
    let p = province(&h).await;
    let document = h
        .app
        .create_document(
            &p.coordinator,
            DocumentInput {
                doc_type: "Kế hoạch".into(),
                number: "45/KH-UBND".into(),
                issued_on: "20/11/2026".into(),
                issuer_id: Some(p.unit.id),
                signer: "Chủ tịch UBND tỉnh".into(),
                title: "Kế hoạch thực hiện Nghị quyết 57-NQ/TW".into(),
                ..DocumentInput::default()
            },
        )
        .await
        .expect("document");
    let input = TaskInput {
        document_id: Some(document.id),
        clause: "Mục II.1".into(),
        ..task_input(&p.unit, &p.unit, "15/12/2026")
    };
    let parent = h.app.assign_task(&p.coordinator, input).await.expect("assign");
    assert_eq!(parent.code, "04-2026-001", "made from the assigner's code, the year and a number");

    let outcome = h
        .app
        .cascade_task(
            &p.coordinator,
            parent.id,
            CascadeInput {
                targets: CascadeTargets::Level { level: "commune".into() },
                title: String::new(),
                content: String::new(),
                deadline: "10/12/2026".into(),
                allow_later: false,
            },
        )
        .await
        .expect("cascade");
    assert_eq!(outcome.created, p.communes.len());
    let again = h
        .app
        .cascade_task(
            &p.coordinator,
            parent.id,
            CascadeInput {
                targets: CascadeTargets::Level { level: "commune".into() },
                title: String::new(),
                content: String::new(),
                deadline: String::new(),
                allow_later: false,
            },
        )
        .await
        .expect("cascade again");
    assert_eq!((again.created, again.skipped.len()), (0, p.communes.len()), "never twice to the same unit");

    let page = h.app.task_page(&p.coordinator, parent.id, None).await.expect("page");
    let children = page.children.expect("children");
    assert_eq!(children.counts.total, p.communes.len() as i64);
    assert_eq!(children.not_started_total, p.communes.len() as i64);

    // A commune reports progress with evidence, then completion; the province confirms.
    let commune = &p.communes[0];
    let reporter = reporter_of(&h, commune).await;
    let list = h
        .app
        .list_tasks(
            &reporter,
            &TaskListQuery { relation: "leading".into(), unit_id: Some(commune.id), ..Default::default() },
        )
        .await
        .expect("the commune's tasks");
    let [child] = &list.items[..] else { panic!("one task for the commune: {:?}", list.items.len()) };
    assert_eq!(child.task.code, format!("04-2026-001.{}", commune.code));
    let evidence = EvidenceInput {
        files: vec![Upload { name: "bien-ban.pdf".into(), bytes: b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n".to_vec() }],
        links: vec!["https://caobang.gov.vn/qd-123".into()],
        document_numbers: vec!["123/QĐ-UBND".into()],
    };
    h.app
        .report_progress(&reporter, child.task.id, ProgressInput { evidence, ..progress(60, "Đã dự thảo quyết định") })
        .await
        .expect("progress");
    advance_days(&h, 3);
    h.app
        .report_completion(
            &reporter,
            child.task.id,
            CompletionInput { product: "Quyết định số 123/QĐ-UBND".into(), ..CompletionInput::default() },
        )
        .await
        .expect("completion");
    let child_page = h.app.task_page(&reporter, child.task.id, None).await.expect("child page");
    let standing = child_page.standing.expect("counted");
    assert_eq!((standing.status, standing.awaiting_confirmation), (Status::CompletedOnTime, true));
    assert_eq!(child_page.attachments.len(), 3, "file, link and document number kept");
    h.app
        .decide_completion(&p.coordinator, child.task.id, DecisionInput { approve: true, ..DecisionInput::default() })
        .await
        .expect("confirm");
    let confirmed = h.app.task_page(&reporter, child.task.id, None).await.expect("page").standing.expect("counted");
    assert!(!confirmed.awaiting_confirmation);

    // The province's counts: the parent and its children, one of them done.
    let counts = h.app.task_counts(&p.coordinator, p.unit.id, h.today()).await.expect("counts");
    assert_eq!(counts.total, p.communes.len() as i64 + 1);
    assert_eq!(counts.status(Status::CompletedOnTime), 1);
    assert_eq!(counts.status(Status::InProgress), p.communes.len() as i64);
    let page = h.app.task_page(&p.coordinator, parent.id, None).await.expect("page");
    assert_eq!(page.children.expect("children").not_started_total, p.communes.len() as i64 - 1);

    // Past the children's deadline the others are overdue; as of today's date they were not.
    let before = h.today();
    advance_days(&h, 25);
    let overdue = h
        .app
        .list_tasks(
            &p.coordinator,
            &TaskListQuery { unit_id: Some(p.unit.id), status: "overdue".into(), ..Default::default() },
        )
        .await
        .expect("overdue list");
    assert_eq!(overdue.total, p.communes.len() as i64 - 1 + 1, "every child not done, and the parent");
    let then = h.app.task_counts(&p.coordinator, p.unit.id, before).await.expect("counts then");
    assert_eq!(then, counts, "the numbers as of an earlier date are the numbers given then");

    let history =
        h.app.object_history(&p.coordinator, "task", &child.task.id.to_string(), None).await.expect("history");
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["task.confirm", "task.complete", "task.progress", "task.cascade"]);
}

async fn extensions_and_returns_replay_as_of_any_date(h: Harness) {
    let p = province(&h).await;
    let commune = &p.communes[1];
    let reporter = reporter_of(&h, commune).await;
    let task = h.app.assign_task(&p.coordinator, task_input(&p.unit, commune, "30/11/2026")).await.expect("assign");
    let day0 = h.today();
    advance_days(&h, 5); // 27/11, due soon
    assert_eq!(standing(&h, &task, None).await, (Some(Status::InProgress), Some(Colour::Yellow)));
    let request = h
        .app
        .request_extension(
            &reporter,
            task.id,
            ExtensionInput {
                requested_deadline: "31/12/2026".into(), reason: "Chờ hướng dẫn của Bộ".into()
            },
        )
        .await
        .expect("ask");
    advance_days(&h, 5); // 02/12: past the original deadline, still pending
    let day10 = h.today();
    assert_eq!(standing(&h, &task, None).await.0, Some(Status::Overdue));
    h.app
        .decide_extension(
            &p.coordinator,
            task.id,
            request.id,
            DecisionInput { approve: true, ..DecisionInput::default() },
        )
        .await
        .expect("approve");
    assert_eq!(standing(&h, &task, None).await.0, Some(Status::InProgress), "judged against the approved deadline");
    assert_eq!(standing(&h, &task, Some(day10)).await.0, Some(Status::InProgress), "approved on day 10");
    assert_eq!(standing(&h, &task, Some(day10.yesterday().expect("date"))).await.0, Some(Status::Overdue));
    advance_days(&h, 1);
    h.app
        .report_completion(&reporter, task.id, CompletionInput { product: "Báo cáo".into(), ..Default::default() })
        .await
        .expect("complete");
    let completed_on = h.today();
    advance_days(&h, 2);
    h.app
        .decide_completion(
            &p.coordinator,
            task.id,
            DecisionInput { approve: false, reason: "Thiếu minh chứng".into(), ..DecisionInput::default() },
        )
        .await
        .expect("return");
    assert_eq!(standing(&h, &task, None).await.0, Some(Status::InProgress), "returned: in progress again");
    assert_eq!(
        standing(&h, &task, Some(completed_on)).await.0,
        Some(Status::CompletedOnTime),
        "it stood completed then"
    );
    assert_eq!(standing(&h, &task, Some(day0)).await.0, Some(Status::InProgress));

    // The lists agree with the task page on every one of those dates.
    for as_of in [day0, day10.yesterday().expect("date"), day10, completed_on, h.today()] {
        let list = h
            .app
            .list_tasks(
                &p.coordinator,
                &TaskListQuery { unit_id: Some(commune.id), as_of: as_of.to_string(), ..Default::default() },
            )
            .await
            .expect("list");
        let item = list.items.iter().find(|i| i.task.id == task.id).expect("listed");
        assert_eq!((item.status, item.colour), standing(&h, &task, Some(as_of)).await, "as of {as_of}");
    }
}

async fn bad_input_names_the_field_and_writes_nothing(h: Harness) {
    let p = province(&h).await;
    let commune = &p.communes[2];
    let reporter = reporter_of(&h, commune).await;
    let seq = h.audit_seq().await;
    assert_invalid(
        h.app.assign_task(&p.coordinator, task_input(&p.unit, commune, "01/11/2026")).await,
        &[("deadline", "deadline-before-assignment")],
    );
    let elsewhere = h.unit("08").await;
    assert_invalid(
        h.app
            .assign_task(
                &p.coordinator,
                TaskInput { title: " ".into(), ..task_input(&p.unit, &elsewhere, "31/12/2026") },
            )
            .await,
        &[("title", "required"), ("presiding_id", "unit-outside-assigner")],
    );
    assert_eq!(h.audit_seq().await, seq, "nothing written");

    let task = h.app.assign_task(&p.coordinator, task_input(&p.unit, commune, "31/12/2026")).await.expect("assign");
    assert_invalid(
        h.app.report_progress(&reporter, task.id, progress(140, "x")).await,
        &[("percent", "percent-range")],
    );
    h.app.report_progress(&reporter, task.id, progress(50, "Một nửa")).await.expect("progress");
    assert_invalid(
        h.app.report_progress(&reporter, task.id, progress(30, "Lùi")).await,
        &[("backwards_reason", "progress-backwards")],
    );
    let exe = EvidenceInput {
        files: vec![Upload { name: "a.exe".into(), bytes: b"MZ\x90\x00\x03\x00\x00\x00".to_vec() }],
        ..Default::default()
    };
    assert_invalid(
        h.app.report_progress(&reporter, task.id, ProgressInput { evidence: exe, ..progress(60, "x") }).await,
        &[("files", "file-type-forbidden")],
    );
    let html = EvidenceInput {
        files: vec![Upload { name: "a.txt.html".into(), bytes: b"<script>alert(1)</script>".to_vec() }],
        ..Default::default()
    };
    assert_invalid(
        h.app.report_progress(&reporter, task.id, ProgressInput { evidence: html, ..progress(60, "x") }).await,
        &[("files", "file-type-forbidden")],
    );
    let big = EvidenceInput {
        files: vec![Upload { name: "big.txt".into(), bytes: vec![b'a'; 10 * 1024 * 1024 + 1] }],
        ..Default::default()
    };
    assert_invalid(
        h.app.report_progress(&reporter, task.id, ProgressInput { evidence: big, ..progress(60, "x") }).await,
        &[("files", "file-too-large")],
    );

    // A child deadline after the parent's is refused unless the parent allows it.
    let cascade = |deadline: &str| CascadeInput {
        targets: CascadeTargets::Units { unit_ids: vec![p.communes[3].id] },
        title: String::new(),
        content: String::new(),
        deadline: deadline.into(),
        allow_later: true,
    };
    let parent = h.app.assign_task(&p.coordinator, task_input(&p.unit, &p.unit, "31/12/2026")).await.expect("parent");
    assert_invalid(
        h.app.cascade_task(&p.coordinator, parent.id, cascade("15/01/2027")).await,
        &[("deadline", "deadline-after-parent")],
    );

    // Two people editing at once: the second gets a conflict, not a silent overwrite.
    let version = h.app.task_page(&p.coordinator, task.id, None).await.expect("page").task.version;
    let edit =
        |title: &str| TaskChanges { version: Some(version), title: Some(title.into()), ..TaskChanges::default() };
    h.app.update_task(&p.coordinator, task.id, edit("Tên mới thứ nhất")).await.expect("first edit");
    let second = h.app.update_task(&p.coordinator, task.id, edit("Tên mới thứ hai")).await;
    assert!(matches!(second, Err(nqtrack_app::AppError::Conflict(_))), "{second:?}");

    // An extension after the deadline has passed, and completing a cancelled task.
    advance_days(&h, 40);
    assert_invalid(
        h.app
            .request_extension(
                &reporter,
                task.id,
                ExtensionInput { requested_deadline: "31/01/2027".into(), reason: "Muộn".into() },
            )
            .await,
        &[("requested_deadline", "extension-after-deadline")],
    );
    h.app
        .cancel_task(
            &p.coordinator,
            task.id,
            AdjustInput { reason: "Không còn phù hợp".into(), ..AdjustInput::default() },
        )
        .await
        .expect("cancel");
    assert_invalid(
        h.app
            .report_completion(&reporter, task.id, CompletionInput { product: "x".into(), ..Default::default() })
            .await,
        &[("task", "task-cancelled")],
    );
    assert_eq!(standing(&h, &task, None).await, (None, None), "a cancelled task leaves the counts");
}

async fn only_the_right_units_act_on_a_task(h: Harness) {
    let p = province(&h).await;
    let commune = &p.communes[4];
    let task = h.app.assign_task(&p.coordinator, task_input(&p.unit, commune, "31/12/2026")).await.expect("assign");
    let neighbour = reporter_of(&h, &p.communes[5]).await;
    assert_denied(h.app.report_progress(&neighbour, task.id, progress(10, "x")).await);
    assert_denied(h.app.task_page(&neighbour, task.id, None).await);
    let outsider = h.actor("tuyenquang.thuongtruc").await;
    assert_denied(h.app.assign_task(&outsider, task_input(&p.unit, commune, "31/12/2026")).await);
    assert_denied(h.app.task_page(&outsider, task.id, None).await);
    let reporter = reporter_of(&h, commune).await;
    assert_denied(
        h.app.decide_completion(&reporter, task.id, DecisionInput { approve: true, ..DecisionInput::default() }).await,
    );
    // A recurring task becomes one occurrence per period, each judged on its own.
    let quarterly = TaskInput { kind: "Hằng quý".into(), ..task_input(&p.unit, commune, "31/12/2027") };
    let series = h.app.assign_task(&p.coordinator, quarterly).await.expect("recurring");
    let page = h.app.task_page(&p.coordinator, series.id, None).await.expect("series page");
    assert_eq!(page.standing, None, "a series is judged through its occurrences");
    assert_eq!(page.children.expect("occurrences").counts.total, 1, "only the current quarter has begun");
}

/// The SQL classification that serves lists and counts gives, for random histories and dates, the
/// same status, colour and flags as the domain rule that defines them.
async fn sql_and_domain_agree_on_random_histories(h: Harness) {
    let p = province(&h).await;
    let mut seed: u64 = 0x5eed_2026;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let communes = &p.communes[..6];
    let mut reporters = Vec::new();
    for commune in communes {
        reporters.push(reporter_of(&h, commune).await);
    }
    let start = h.today();
    let mut tasks = Vec::new();
    for day in 0..40 {
        // Counted (as the background loop does) before the day's changes, so that the counts after them
        // must not be the kept ones.
        h.app.warm_task_counts().await.expect("warm counts");
        if day % 3 == 0 {
            let i = next(communes.len() as u64) as usize;
            let kind = if next(5) == 0 { "regular" } else { "deadline" };
            let deadline = (h.today() + jiff::Span::new().days(3 + next(25) as i64)).to_string();
            let input = TaskInput {
                kind: kind.into(),
                deadline: if kind == "regular" { String::new() } else { deadline },
                ..task_input(&p.unit, &communes[i], "")
            };
            let task = h.app.assign_task(&p.coordinator, input).await.expect("assign");
            tasks.push((task, i));
        }
        for (task, i) in &tasks {
            let reporter = &reporters[*i];
            let page = h.app.task_page(&h.operator, task.id, None).await.expect("page");
            if page.task.cancelled_on.is_some() {
                continue;
            }
            let pending = page.extensions.iter().find(|e| e.state == nqtrack_domain::task::ExtensionState::Pending);
            let awaiting = page.completions.iter().any(|c| c.state == nqtrack_domain::task::CompletionState::Awaiting);
            let _ = match next(12) {
                0 | 1 => h
                    .app
                    .report_progress(
                        reporter,
                        task.id,
                        progress((page.task.progress_percent as i64 + 10 + next(30) as i64).min(100), "tiến độ"),
                    )
                    .await
                    .map(|_| ()),
                2 => h
                    .app
                    .report_completion(reporter, task.id, CompletionInput { product: "x".into(), ..Default::default() })
                    .await
                    .map(|_| ()),
                3 if awaiting => h
                    .app
                    .decide_completion(
                        &p.coordinator,
                        task.id,
                        DecisionInput { approve: next(2) == 0, reason: "lý do".into(), ..Default::default() },
                    )
                    .await
                    .map(|_| ()),
                4 => match page.task.deadline {
                    Some(deadline) => h
                        .app
                        .request_extension(
                            reporter,
                            task.id,
                            ExtensionInput {
                                requested_deadline: (deadline + jiff::Span::new().days(1 + next(20) as i64))
                                    .to_string(),
                                reason: "gia hạn".into(),
                            },
                        )
                        .await
                        .map(|_| ()),
                    None => Ok(()),
                },
                5 => match pending {
                    Some(extension) => h
                        .app
                        .decide_extension(
                            &p.coordinator,
                            task.id,
                            extension.id,
                            DecisionInput {
                                approve: next(3) != 0, reason: "quyết định".into(), ..Default::default()
                            },
                        )
                        .await
                        .map(|_| ()),
                    None => Ok(()),
                },
                6 if next(8) == 0 => h
                    .app
                    .cancel_task(&p.coordinator, task.id, AdjustInput { reason: "hủy".into(), ..Default::default() })
                    .await
                    .map(|_| ()),
                _ => Ok(()),
            };
        }
        // Counts kept per unit follow every change of the day.
        let today = h.today();
        let counts = h.app.task_counts(&h.operator, p.unit.id, today).await.expect("counts");
        assert_eq!(counts, domain_counts(&h, &tasks, today).await, "counts of {today}");
        advance_days(&h, 1);
    }
    let mut compared = 0;
    for offset in (0..45).step_by(2) {
        let as_of = start + jiff::Span::new().days(offset);
        let list = h
            .app
            .list_tasks(
                &h.operator,
                &TaskListQuery { unit_id: Some(p.unit.id), as_of: as_of.to_string(), ..Default::default() },
            )
            .await
            .expect("list");
        assert_eq!(list.counts, domain_counts(&h, &tasks, as_of).await, "counts as of {as_of}");
        assert_eq!(list.total, list.items.len() as i64, "every task of the province on one page");
        // The overdue list (which skips non-candidates before classifying) lists the same tasks.
        let overdue = h
            .app
            .list_tasks(
                &h.operator,
                &TaskListQuery {
                    unit_id: Some(p.unit.id),
                    status: "overdue".into(),
                    as_of: as_of.to_string(),
                    ..Default::default()
                },
            )
            .await
            .expect("overdue list");
        let ids = |items: &[nqtrack_store::TaskListItem]| items.iter().map(|i| i.task.id).collect::<Vec<_>>();
        let classified: Vec<_> = list.items.iter().filter(|i| i.status == Some(Status::Overdue)).cloned().collect();
        assert_eq!(ids(&overdue.items), ids(&classified), "overdue as of {as_of}");
        assert_eq!(overdue.total, classified.len() as i64);
        for (task, _) in &tasks {
            let page = h.app.task_page(&h.operator, task.id, Some(as_of)).await.expect("page");
            let item = list.items.iter().find(|item| item.task.id == task.id);
            match (page.standing, item) {
                (None, None) => {}
                (Some(standing), Some(item)) => {
                    let sql = (item.status, item.colour, item.due_soon, item.at_risk, item.deadline_in_force);
                    let domain = (
                        Some(standing.status),
                        Some(standing.colour),
                        standing.due_soon,
                        standing.at_risk,
                        standing.deadline,
                    );
                    assert_eq!(sql, domain, "task {} as of {as_of}", task.code);
                    compared += 1;
                }
                (standing, item) => {
                    panic!("task {} as of {as_of}: domain {standing:?}, list {:?}", task.code, item.map(|i| i.status))
                }
            }
        }
    }
    assert!(compared > 100, "compared {compared} standings");
}

/// The counts the domain rule gives for these tasks as of a date.
async fn domain_counts(h: &Harness, tasks: &[(Task, usize)], as_of: Date) -> StatusCounts {
    let mut cells = Vec::new();
    for (task, _) in tasks {
        let page = h.app.task_page(&h.operator, task.id, Some(as_of)).await.expect("page");
        cells.extend(page.standing.map(|standing| CountCell {
            status: standing.status,
            colour: standing.colour,
            due_soon: i64::from(standing.due_soon),
            at_risk: i64::from(standing.at_risk),
            tasks: 1,
        }));
    }
    StatusCounts::from_cells(&cells)
}

both!(
    a_province_plans_cascades_and_confirms,
    extensions_and_returns_replay_as_of_any_date,
    bad_input_names_the_field_and_writes_nothing,
    only_the_right_units_act_on_a_task,
    sql_and_domain_agree_on_random_histories,
);
