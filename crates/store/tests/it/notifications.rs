//! Notifications, the e-mail outbox, job leases and the urging queries over tasks.

use jiff::civil::{Date, date};
use nqtrack_domain::committee::{Body, MemberRole};
use nqtrack_domain::task::Confidentiality;
use nqtrack_domain::user::Role;
use nqtrack_store::{
    Backend, CommitteeMember, Notification, OutboxCounts, OutboxMessage, OutboxState, Tx, Unit, UrgingRecipient,
    UrgingSelection, User,
};
use sqlx::Connection as _;
use uuid::Uuid;

use crate::support::{TestStore, Tree, at, insert_users, read, user, write};

fn notification(user: &User, key: &str, seconds: i64) -> Notification {
    Notification {
        id: Uuid::now_v7(),
        user_id: user.id,
        kind: "remind".to_owned(),
        task_id: None,
        subject: format!("Nhắc hạn {key}"),
        body: "Nhiệm vụ sắp đến hạn.".to_owned(),
        link: "/tasks".to_owned(),
        dedupe_key: key.to_owned(),
        created_at: at(seconds),
        read_at: None,
        emailed_at: None,
    }
}

fn subjects(notifications: &[Notification]) -> Vec<&str> {
    notifications.iter().map(|n| n.subject.as_str()).collect()
}

async fn duplicates_are_ignored_and_lists_page_newest_first(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let lan = user("lan.nguyen", "Nguyễn Thị Lan", &tree.tuyen_quang);
    let hung = user("hung.tran", "Trần Văn Hùng", &tree.tuyen_quang);
    insert_users(store, &[&lan, &hung]).await;

    let first = notification(&lan, "a", 10);
    let inserted = write(store, async |tx: &mut Tx| {
        let batch =
            [first.clone(), notification(&lan, "b", 20), notification(&lan, "c", 30), notification(&hung, "a", 10)];
        let new = tx.insert_notifications(&batch).await.unwrap();
        // The same key again, for the same person: ignored; a new key: added.
        let again = tx.insert_notification(&notification(&lan, "a", 40)).await.unwrap();
        let fresh = tx.insert_notification(&notification(&lan, "d", 30)).await.unwrap();
        (new, again, fresh)
    })
    .await;
    assert_eq!(inserted, (4, false, true));
    assert_eq!(read(store, async |tx: &mut Tx| tx.notification(first.id).await.unwrap()).await, Some(first.clone()));

    let (page1, page2, page3, unread) = read(store, async |tx: &mut Tx| {
        let page1 = tx.notifications_of(lan.id, None, 2).await.unwrap();
        let page2 = tx.notifications_of(lan.id, page1.last().map(|n| n.id), 2).await.unwrap();
        let page3 = tx.notifications_of(lan.id, page2.last().map(|n| n.id), 2).await.unwrap();
        (page1, page2, page3, tx.unread_notification_count(lan.id).await.unwrap())
    })
    .await;
    // "c" and "d" share an instant: the later id comes first.
    assert_eq!(subjects(&page1), ["Nhắc hạn d", "Nhắc hạn c"]);
    assert_eq!(subjects(&page2), ["Nhắc hạn b", "Nhắc hạn a"]);
    assert!(page3.is_empty());
    assert_eq!(unread, 4);

    // Another person's cursor pages nothing of Lan's.
    let foreign = read(store, async |tx: &mut Tx| {
        let hungs = tx.notifications_of(hung.id, None, 10).await.unwrap();
        tx.notifications_of(lan.id, hungs.first().map(|n| n.id), 10).await.unwrap()
    })
    .await;
    assert!(foreign.is_empty());
}

async fn only_the_owner_marks_read(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let lan = user("lan.nguyen", "Nguyễn Thị Lan", &tree.tuyen_quang);
    let hung = user("hung.tran", "Trần Văn Hùng", &tree.tuyen_quang);
    insert_users(store, &[&lan, &hung]).await;
    let (a, b) = (notification(&lan, "a", 10), notification(&lan, "b", 20));
    write(store, async |tx: &mut Tx| tx.insert_notifications(&[a.clone(), b.clone()]).await.unwrap()).await;

    let marks = write(store, async |tx: &mut Tx| {
        (
            tx.mark_notification_read(hung.id, a.id, at(50)).await.unwrap(),
            tx.mark_notification_read(lan.id, a.id, at(60)).await.unwrap(),
            // Again, later: still found, and the first reading time is kept.
            tx.mark_notification_read(lan.id, a.id, at(70)).await.unwrap(),
            tx.mark_notification_read(lan.id, Uuid::now_v7(), at(70)).await.unwrap(),
        )
    })
    .await;
    assert_eq!(marks, (false, true, true, false));
    let (stored, unread) = read(store, async |tx: &mut Tx| {
        (tx.notification(a.id).await.unwrap().unwrap(), tx.unread_notification_count(lan.id).await.unwrap())
    })
    .await;
    assert_eq!(stored.read_at, Some(at(60)));
    assert_eq!(unread, 1);

    let all = write(store, async |tx: &mut Tx| {
        (
            tx.mark_all_notifications_read(hung.id, at(80)).await.unwrap(),
            tx.mark_all_notifications_read(lan.id, at(80)).await.unwrap(),
        )
    })
    .await;
    assert_eq!(all, (0, 1));
    assert_eq!(read(store, async |tx: &mut Tx| tx.unread_notification_count(lan.id).await.unwrap()).await, 0);
}

async fn digests_take_what_was_not_emailed(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let lan = user("lan.nguyen", "Nguyễn Thị Lan", &tree.tuyen_quang);
    let no_mail = User { email: None, ..user("hung.tran", "Trần Văn Hùng", &tree.tuyen_quang) };
    let disabled = User { disabled: true, ..user("mai.le", "Lê Thị Mai", &tree.tuyen_quang) };
    let quiet = user("duc.pham", "Phạm Minh Đức", &tree.tuyen_quang);
    insert_users(store, &[&lan, &no_mail, &disabled, &quiet]).await;
    write(store, async |tx: &mut Tx| {
        let batch = [
            notification(&lan, "a", 10),
            notification(&lan, "b", 20),
            notification(&lan, "later", 500),
            notification(&no_mail, "a", 10),
            notification(&disabled, "a", 10),
        ];
        tx.insert_notifications(&batch).await.unwrap();
    })
    .await;

    let (recipients, pending) = read(store, async |tx: &mut Tx| {
        (
            tx.digest_recipients(at(100), None, 10).await.unwrap(),
            tx.unemailed_notifications(lan.id, at(100)).await.unwrap(),
        )
    })
    .await;
    let ids: Vec<Uuid> = recipients.iter().map(|r| r.user_id).collect();
    assert_eq!(ids, [lan.id], "only active people with an address and something new");
    assert_eq!(recipients[0].email, "lan.nguyen@tuyenquang.gov.vn");
    assert_eq!(subjects(&pending), ["Nhắc hạn a", "Nhắc hạn b"], "oldest first, up to the instant");

    let marked = write(store, async |tx: &mut Tx| {
        let ids: Vec<Uuid> = tx.unemailed_notifications(lan.id, at(100)).await.unwrap().iter().map(|n| n.id).collect();
        (
            tx.mark_notifications_emailed(&ids, at(101)).await.unwrap(),
            tx.mark_notifications_emailed(&ids, at(102)).await.unwrap(),
        )
    })
    .await;
    assert_eq!(marked, (2, 0), "once");
    let (recipients, later) = read(store, async |tx: &mut Tx| {
        (tx.digest_recipients(at(100), None, 10).await.unwrap(), tx.digest_recipients(at(600), None, 10).await.unwrap())
    })
    .await;
    assert!(recipients.is_empty());
    assert_eq!(later.len(), 1, "the later notification waits for the next digest");
}

fn digest(user: &User, day: Date, seconds: i64) -> OutboxMessage {
    OutboxMessage::digest(
        user.id,
        user.email.clone().unwrap_or_default(),
        day,
        "Thông báo trong ngày".to_owned(),
        "Nội dung".to_owned(),
        at(seconds),
    )
}

async fn one_digest_per_person_and_day(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let lan = user("lan.nguyen", "Nguyễn Thị Lan", &tree.tuyen_quang);
    insert_users(store, &[&lan]).await;
    let first = digest(&lan, date(2025, 7, 1), 10);
    let queued = write(store, async |tx: &mut Tx| {
        (
            tx.enqueue_email(&first).await.unwrap(),
            tx.enqueue_email(&digest(&lan, date(2025, 7, 1), 20)).await.unwrap(),
            tx.enqueue_email(&digest(&lan, date(2025, 7, 2), 30)).await.unwrap(),
        )
    })
    .await;
    assert_eq!(queued, (true, false, true));
    assert_eq!(read(store, async |tx: &mut Tx| tx.email(first.id).await.unwrap()).await, Some(first));
    let counts = read(store, async |tx: &mut Tx| tx.outbox_counts().await.unwrap()).await;
    assert_eq!(counts, OutboxCounts { pending: 2, sent: 0, failed: 0 });
}

async fn leases_make_sending_at_least_once_and_sent_final(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let lan = user("lan.nguyen", "Nguyễn Thị Lan", &tree.tuyen_quang);
    insert_users(store, &[&lan]).await;
    let message = digest(&lan, date(2025, 7, 1), 100);
    write(store, async |tx: &mut Tx| tx.enqueue_email(&message).await.unwrap()).await;

    // Not due yet.
    let early = write(store, async |tx: &mut Tx| tx.take_due_emails(at(99), at(399), 10).await.unwrap()).await;
    assert!(early.is_empty());
    // One sender takes it; a second sender (or the first after a crash) finds nothing while the lease lives.
    let taken = write(store, async |tx: &mut Tx| tx.take_due_emails(at(100), at(400), 10).await.unwrap()).await;
    assert_eq!(taken.len(), 1);
    assert_eq!((taken[0].attempts, taken[0].lease_until), (1, Some(at(400))));
    let second = write(store, async |tx: &mut Tx| tx.take_due_emails(at(200), at(500), 10).await.unwrap()).await;
    assert!(second.is_empty());

    // The first sender crashed: after the lease, the message is taken again.
    let retaken = write(store, async |tx: &mut Tx| tx.take_due_emails(at(400), at(700), 10).await.unwrap()).await;
    assert_eq!(retaken.iter().map(|m| (m.id, m.attempts)).collect::<Vec<_>>(), [(message.id, 2)]);

    // A temporary failure: retried later, never lost.
    let failed = write(store, async |tx: &mut Tx| {
        tx.mark_email_failed(message.id, "connection refused", Some(at(1000))).await.unwrap()
    })
    .await;
    assert!(failed);
    let stored = read(store, async |tx: &mut Tx| tx.email(message.id).await.unwrap().unwrap()).await;
    assert_eq!(
        (stored.state, stored.next_attempt_at, stored.lease_until, stored.last_error.as_str()),
        (OutboxState::Pending, at(1000), None, "connection refused")
    );
    assert!(
        write(store, async |tx: &mut Tx| tx.take_due_emails(at(999), at(1300), 10).await.unwrap()).await.is_empty()
    );
    let third = write(store, async |tx: &mut Tx| tx.take_due_emails(at(1000), at(1300), 10).await.unwrap()).await;
    assert_eq!(third.len(), 1);

    // Sent: final. Neither a lease nor a late failure report changes it.
    let sent = write(store, async |tx: &mut Tx| {
        (
            tx.mark_email_sent(message.id, at(1001)).await.unwrap(),
            tx.mark_email_sent(message.id, at(1002)).await.unwrap(),
            tx.mark_email_failed(message.id, "late", Some(at(2000))).await.unwrap(),
        )
    })
    .await;
    assert_eq!(sent, (true, false, false));
    let stored = read(store, async |tx: &mut Tx| tx.email(message.id).await.unwrap().unwrap()).await;
    assert_eq!((stored.state, stored.sent_at, stored.attempts), (OutboxState::Sent, Some(at(1001)), 3));
    assert!(
        write(store, async |tx: &mut Tx| tx.take_due_emails(at(99_999), at(100_000), 10).await.unwrap())
            .await
            .is_empty()
    );
}

async fn permanent_failures_are_kept_and_can_be_retried(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let lan = user("lan.nguyen", "Nguyễn Thị Lan", &tree.tuyen_quang);
    insert_users(store, &[&lan]).await;
    let message = digest(&lan, date(2025, 7, 1), 100);
    write(store, async |tx: &mut Tx| {
        tx.enqueue_email(&message).await.unwrap();
        tx.take_due_emails(at(100), at(400), 10).await.unwrap();
        tx.mark_email_failed(message.id, "550 no such mailbox", None).await.unwrap();
    })
    .await;
    let (stored, counts) = read(store, async |tx: &mut Tx| {
        (tx.email(message.id).await.unwrap().unwrap(), tx.outbox_counts().await.unwrap())
    })
    .await;
    assert_eq!((stored.state, stored.last_error.as_str()), (OutboxState::Failed, "550 no such mailbox"));
    assert_eq!(counts, OutboxCounts { pending: 0, sent: 0, failed: 1 });
    assert!(
        write(store, async |tx: &mut Tx| tx.take_due_emails(at(9_999), at(10_000), 10).await.unwrap()).await.is_empty()
    );

    let retried = write(store, async |tx: &mut Tx| tx.retry_failed_emails(at(500)).await.unwrap()).await;
    assert_eq!(retried, 1);
    let taken = write(store, async |tx: &mut Tx| tx.take_due_emails(at(500), at(800), 10).await.unwrap()).await;
    assert_eq!(taken.len(), 1);
}

async fn job_leases(store: &TestStore) {
    // First sight creates the job, due at the given time.
    let early =
        write(store, async |tx: &mut Tx| tx.take_job("urging", "a", at(10), at(70), at(100)).await.unwrap()).await;
    assert_eq!(early, None);
    let job = read(store, async |tx: &mut Tx| tx.job("urging").await.unwrap().unwrap()).await;
    assert_eq!((job.next_run_at, job.lease_owner), (at(100), None));

    let taken =
        write(store, async |tx: &mut Tx| tx.take_job("urging", "a", at(100), at(160), at(0)).await.unwrap()).await;
    assert_eq!(taken.map(|j| (j.lease_owner, j.lease_until)), Some((Some("a".to_owned()), Some(at(160)))));
    // Another instance finds it held.
    assert_eq!(
        write(store, async |tx: &mut Tx| tx.take_job("urging", "b", at(120), at(180), at(0)).await.unwrap()).await,
        None
    );
    // "a" died: after the lease "b" takes it; "a" can no longer finish it.
    let b = write(store, async |tx: &mut Tx| tx.take_job("urging", "b", at(160), at(220), at(0)).await.unwrap()).await;
    assert!(b.is_some());
    let finished = write(store, async |tx: &mut Tx| {
        (
            tx.finish_job("urging", "a", at(170), at(999), "").await.unwrap(),
            tx.finish_job("urging", "b", at(170), at(86_500), "").await.unwrap(),
        )
    })
    .await;
    assert_eq!(finished, (false, true));
    let job = read(store, async |tx: &mut Tx| tx.job("urging").await.unwrap().unwrap()).await;
    assert_eq!(
        (job.next_run_at, job.last_run_at, job.lease_owner, job.lease_until),
        (at(86_500), Some(at(170)), None, None)
    );
    // Not due again until the next run, even though nobody holds it.
    assert_eq!(
        write(store, async |tx: &mut Tx| tx.take_job("urging", "a", at(200), at(260), at(0)).await.unwrap()).await,
        None
    );

    // A failure is recorded with the run.
    write(store, async |tx: &mut Tx| {
        tx.take_job("urging", "a", at(86_500), at(86_560), at(0)).await.unwrap().unwrap();
        tx.finish_job("urging", "a", at(86_510), at(87_000), "database busy").await.unwrap();
    })
    .await;
    let job = read(store, async |tx: &mut Tx| tx.job("urging").await.unwrap().unwrap()).await;
    assert_eq!(job.last_error, "database busy");
}

/// A task as the urging queries see it, written behind the store's back (the task use cases are
/// tested on their own); everything not given is an open deadline task assigned on 2025-07-01.
struct TaskRow<'a> {
    code: &'a str,
    kind: &'a str,
    deadline: Option<Date>,
    assigner: &'a Unit,
    presiding: &'a Unit,
    leader_id: Option<Uuid>,
    completed_on: Option<Date>,
    cancelled_on: Option<Date>,
    confidentiality: &'a str,
}

impl<'a> TaskRow<'a> {
    fn due(code: &'a str, deadline: Date, assigner: &'a Unit, presiding: &'a Unit) -> Self {
        TaskRow {
            code,
            kind: "deadline",
            deadline: Some(deadline),
            assigner,
            presiding,
            leader_id: None,
            completed_on: None,
            cancelled_on: None,
            confidentiality: "internal",
        }
    }
}

const TASK_INSERT: &str = "INSERT INTO tasks (id, code, title, content, source, clause, assigner_id, assigner_path, \
     presiding_id, presiding_path, leader_id, kind, assigned_on, original_deadline, deadline, product, key_results, \
     field, priority, confidentiality, completed_on, cancelled_on, search_text, version, created_at, updated_at) \
     VALUES ($1, $2, $3, '', 'own', '', $4, $5, $6, $7, $8, $9, $10, $11, $11, '', '', 'other', 'normal', $12, $13, \
     $14, $3, 1, $15, $15)";

async fn insert_task(store: &TestStore, task: &TaskRow<'_>) -> Uuid {
    let id = Uuid::now_v7();
    let title = format!("Nhiệm vụ {}", task.code);
    let (deadline, assigned) = (task.deadline.map(jiff_sqlx::Date::from), jiff_sqlx::Date::from(date(2025, 7, 1)));
    let (completed, cancelled) =
        (task.completed_on.map(jiff_sqlx::Date::from), task.cancelled_on.map(jiff_sqlx::Date::from));
    macro_rules! run {
        ($conn:expr, $created:expr) => {
            sqlx::query(TASK_INSERT)
                .bind(id)
                .bind(task.code)
                .bind(&title)
                .bind(task.assigner.id)
                .bind(task.assigner.path.as_str())
                .bind(task.presiding.id)
                .bind(task.presiding.path.as_str())
                .bind(task.leader_id)
                .bind(task.kind)
                .bind(assigned)
                .bind(deadline)
                .bind(task.confidentiality)
                .bind(completed)
                .bind(cancelled)
                .bind($created)
                .execute($conn)
                .await
                .expect("insert a task")
        };
    }
    match store.backend() {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(store.url()).await.unwrap();
            run!(&mut conn, "2025-07-01T00:00:00.000000Z");
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(store.url()).await.unwrap();
            run!(&mut conn, jiff_sqlx::Timestamp::from(at(0)));
        }
    }
    id
}

async fn insert_progress(store: &TestStore, task_id: Uuid, unit: &Unit, kind: &str, on: Date) {
    const SQL: &str = "INSERT INTO progress_reports (id, task_id, unit_id, kind, reported_on, done, difficulties, \
         proposals, created_at) VALUES ($1, $2, $3, $4, $5, 'Đã triển khai', '', '', $6)";
    macro_rules! run {
        ($conn:expr, $created:expr) => {
            sqlx::query(SQL)
                .bind(Uuid::now_v7())
                .bind(task_id)
                .bind(unit.id)
                .bind(kind)
                .bind(jiff_sqlx::Date::from(on))
                .bind($created)
                .execute($conn)
                .await
                .expect("insert a progress report")
        };
    }
    match store.backend() {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(store.url()).await.unwrap();
            run!(&mut conn, "2025-07-01T00:00:00.000000Z");
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(store.url()).await.unwrap();
            run!(&mut conn, jiff_sqlx::Timestamp::from(at(0)));
        }
    }
}

async fn codes_of(store: &TestStore, selection: UrgingSelection) -> Vec<String> {
    read(store, async |tx: &mut Tx| tx.urging_tasks(selection, None, 100).await.unwrap())
        .await
        .into_iter()
        .map(|t| t.code)
        .collect()
}

async fn urging_selects_open_tasks_by_deadline(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let (tq, sci) = (&tree.tuyen_quang, &tree.science_dept);
    let d = |day| date(2025, 11, day);
    insert_task(store, &TaskRow::due("T-07", d(29), tq, sci)).await;
    insert_task(store, &TaskRow::due("T-01", d(23), tq, sci)).await;
    insert_task(store, &TaskRow::due("T-00", d(22), tq, sci)).await;
    insert_task(store, &TaskRow::due("T-MISSED", d(21), tq, sci)).await;
    insert_task(store, &TaskRow::due("T-LATE3", d(19), tq, sci)).await;
    insert_task(store, &TaskRow::due("T-LATE30", date(2025, 10, 23), tq, sci)).await;
    insert_task(store, &TaskRow { completed_on: Some(d(20)), ..TaskRow::due("T-DONE", d(21), tq, sci) }).await;
    insert_task(store, &TaskRow { cancelled_on: Some(d(1)), ..TaskRow::due("T-CANCELLED", d(29), tq, sci) }).await;
    insert_task(store, &TaskRow { kind: "monthly", ..TaskRow::due("T-SERIES", d(29), tq, sci) }).await;
    let secret =
        insert_task(store, &TaskRow { confidentiality: "secret", ..TaskRow::due("T-SECRET", d(23), tq, sci) }).await;

    assert_eq!(codes_of(store, UrgingSelection::DueOn(d(29))).await, ["T-07"]);
    assert_eq!(codes_of(store, UrgingSelection::DueOn(d(23))).await, ["T-01", "T-SECRET"]);
    assert_eq!(codes_of(store, UrgingSelection::DueBetween { from: Some(d(20)), to: d(21) }).await, ["T-MISSED"]);
    assert_eq!(codes_of(store, UrgingSelection::DueBetween { from: None, to: d(19) }).await, ["T-LATE3", "T-LATE30"]);

    let tasks =
        read(store, async |tx: &mut Tx| tx.urging_tasks(UrgingSelection::DueOn(d(23)), None, 100).await.unwrap()).await;
    let found = tasks.iter().find(|t| t.id == secret).expect("the secret task");
    assert_eq!(
        (found.confidentiality, found.presiding_name.as_str(), found.deadline, found.assigner_id),
        (Confidentiality::Secret, "Sở Khoa học và Công nghệ", Some(d(23)), tq.id)
    );

    // Paged by id.
    let all = UrgingSelection::DueBetween { from: None, to: d(30) };
    let (first, rest) = read(store, async |tx: &mut Tx| {
        let first = tx.urging_tasks(all, None, 3).await.unwrap();
        let rest = tx.urging_tasks(all, first.last().map(|t| t.id), 100).await.unwrap();
        (first, rest)
    })
    .await;
    assert_eq!((first.len(), rest.len()), (3, 4));
    assert!(first.iter().chain(&rest).zip(first.iter().chain(&rest).skip(1)).all(|(a, b)| a.id < b.id));
}

async fn urging_finds_regular_tasks_not_reported(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let (tq, sci) = (&tree.tuyen_quang, &tree.science_dept);
    let regular = |code| TaskRow { kind: "regular", deadline: None, ..TaskRow::due(code, date(2025, 7, 1), tq, sci) };
    insert_task(store, &regular("R-SILENT")).await;
    let reported = insert_task(store, &regular("R-REPORTED")).await;
    let old = insert_task(store, &regular("R-OLD")).await;
    let helped = insert_task(store, &regular("R-HELPED")).await;
    insert_progress(store, reported, sci, "progress", date(2025, 11, 3)).await;
    insert_progress(store, old, sci, "progress", date(2025, 10, 31)).await;
    // A coordinating unit's contribution is not the presiding unit's report.
    insert_progress(store, helped, &tree.digital_centre, "contribution", date(2025, 11, 10)).await;

    let selection = UrgingSelection::RegularUnreported { since: date(2025, 11, 1), as_of: date(2025, 11, 26) };
    assert_eq!(codes_of(store, selection).await, ["R-SILENT", "R-OLD", "R-HELPED"]);
    // Tasks assigned after the day asked about are not yet due for a report.
    let before = UrgingSelection::RegularUnreported { since: date(2025, 6, 1), as_of: date(2025, 6, 26) };
    assert!(codes_of(store, before).await.is_empty());
}

async fn urging_recipients_by_role(store: &TestStore) {
    let tree = Tree::insert(store).await;
    let (tq, sci) = (&tree.tuyen_quang, &tree.science_dept);
    let staff = user("lan.nguyen", "Nguyễn Thị Lan", sci);
    let gone = User { disabled: true, ..user("hung.tran", "Trần Văn Hùng", sci) };
    let elsewhere = user("mai.le", "Lê Thị Mai", &tree.digital_centre);
    let coordinator = user("duc.pham", "Phạm Minh Đức", tq);
    let reporter = user("an.vu", "Vũ Văn An", tq);
    let leader = user("binh.do", "Đỗ Thanh Bình", tq);
    insert_users(store, &[&staff, &gone, &elsewhere, &coordinator, &reporter, &leader]).await;
    let member = CommitteeMember {
        id: Uuid::now_v7(),
        unit_id: tq.id,
        body: Body::Committee,
        role: MemberRole::Deputy,
        user_id: Some(leader.id),
        person_name: leader.display_name.clone(),
        position: "Phó Chủ tịch UBND tỉnh".to_owned(),
        portfolio: "Chuyển đổi số".to_owned(),
        sort_order: 1,
        created_at: at(0),
    };
    write(store, async |tx: &mut Tx| {
        tx.insert_grant(coordinator.id, Role::Coordinator, tq.id, at(0)).await.unwrap();
        tx.insert_grant(reporter.id, Role::Reporter, tq.id, at(0)).await.unwrap();
        // Also a coordinator of the presiding unit: told once, not twice.
        tx.insert_grant(staff.id, Role::Coordinator, tq.id, at(0)).await.unwrap();
        tx.insert_committee_member(&member).await.unwrap();
    })
    .await;
    let led =
        insert_task(store, &TaskRow { leader_id: Some(member.id), ..TaskRow::due("T-1", date(2025, 11, 1), tq, sci) })
            .await;
    let unled = insert_task(store, &TaskRow::due("T-2", date(2025, 11, 1), tq, sci)).await;

    let (reminded, escalated, none) = read(store, async |tx: &mut Tx| {
        (
            tx.urging_recipients(&[led, unled], false).await.unwrap(),
            tx.urging_recipients(&[led, unled], true).await.unwrap(),
            tx.urging_recipients(&[], true).await.unwrap(),
        )
    })
    .await;
    let pairs = |list: &[(Uuid, &User)]| {
        let mut v: Vec<UrgingRecipient> =
            list.iter().map(|(t, u)| UrgingRecipient { task_id: *t, user_id: u.id }).collect();
        v.sort();
        v
    };
    assert_eq!(reminded, pairs(&[(led, &staff), (unled, &staff)]));
    assert_eq!(
        escalated,
        pairs(&[(led, &staff), (led, &coordinator), (led, &leader), (unled, &staff), (unled, &coordinator)])
    );
    assert!(none.is_empty());
}

conformance!(
    duplicates_are_ignored_and_lists_page_newest_first,
    only_the_owner_marks_read,
    digests_take_what_was_not_emailed,
    one_digest_per_person_and_day,
    leases_make_sending_at_least_once_and_sent_final,
    permanent_failures_are_kept_and_can_be_retried,
    job_leases,
    urging_selects_open_tasks_by_deadline,
    urging_finds_regular_tasks_not_reported,
    urging_recipients_by_role,
);
