//! Urging end to end: reminders before deadlines, the missed notice, escalation to the leader in
//! charge and the assigning unit, regular tasks not reported; one digest per person and day,
//! delivered exactly once to a real SMTP listener, and kept (pending) while the server is down.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use nqtrack_app::testing::{Received, close_indicator_rounds, start_smtp};
use nqtrack_app::{
    CompletionInput, DeliveryReport, MailConfig, Mailer, MemberInput, ProgressInput, TaskInput, URGING_JOB,
    UrgingReport, UserInput, run_background,
};
use nqtrack_store::{Notification, OutboxCounts, OutboxMessage, OutboxState, Task, Unit, User};
use uuid::Uuid;

use crate::support::{Harness, PASSWORD, new_unit};

/// Vietnam's offset, for instants written as local time.
fn vn(date: Date, hour: i8, minute: i8) -> Timestamp {
    date.at(hour, minute, 0, 0).to_zoned(nqtrack_domain::dates::vietnam()).expect("a valid time").timestamp()
}

/// The people of a small case: a provincial department presides, the province assigns.
struct World {
    h: Harness,
    province: Unit,
    dept: Unit,
    /// Works at the presiding department, with an e-mail address.
    staff: User,
    /// Works there too, without an address: told in the application only.
    no_mail: User,
    /// The leader in charge: a member of the province's steering committee with an account.
    leader: User,
    leader_member: Uuid,
    /// The coordinator of the assigning unit.
    coordinator: User,
}

async fn world(h: Harness) -> World {
    // Cao Bằng: the demo seeds tasks in Tuyên Quang and Hà Nội only, so nothing else is urged here.
    close_indicator_rounds(&h.app).await.expect("close the demo's indicator rounds");
    let province = h.unit("04").await;
    let dept = h
        .app
        .create_unit(&h.operator, new_unit("04-KHCN", "Sở Khoa học và Công nghệ", "department", &province))
        .await
        .expect("create the department");
    let staff = h.add_user("khcn.chuyenvien", &dept, "reporter").await;
    let no_mail = h
        .app
        .create_user(
            &h.operator,
            UserInput {
                username: "khcn.vanthu".into(),
                display_name: "Văn thư Sở".into(),
                email: String::new(),
                unit_id: dept.id,
                password: PASSWORD.into(),
                role: String::new(),
            },
        )
        .await
        .expect("create a user without e-mail");
    let leader = h.add_user("cb.lanhdao", &province, "leader").await;
    let coordinator = h.add_user("cb.dieuphoi", &province, "coordinator").await;
    let member = h
        .app
        .add_committee_member(
            &h.operator,
            province.id,
            MemberInput {
                body: "committee".into(),
                role: "deputy".into(),
                person_name: "Nguyễn Văn An".into(),
                position: "Phó Chủ tịch UBND tỉnh".into(),
                portfolio: "Chuyển đổi số".into(),
                username: "cb.lanhdao".into(),
            },
        )
        .await
        .expect("add the leader to the committee");
    World { h, province, dept, staff, no_mail, leader, leader_member: member.id, coordinator }
}

impl World {
    /// A task assigned by the province to the department, as the operator.
    async fn assign(&self, code: &str, kind: &str, assigned_on: &str, deadline: &str, led: bool) -> Task {
        let input = TaskInput {
            code: code.into(),
            title: format!("Triển khai nền tảng số {code}"),
            assigner_id: Some(self.province.id),
            presiding_id: Some(self.dept.id),
            leader_id: led.then_some(self.leader_member),
            kind: kind.into(),
            assigned_on: assigned_on.into(),
            deadline: deadline.into(),
            ..TaskInput::default()
        };
        self.h.app.assign_task(&self.h.operator, input).await.unwrap_or_else(|e| panic!("assign {code}: {e:?}"))
    }

    async fn notifications(&self, user: &User) -> Vec<Notification> {
        let mut tx = self.h.app.store().read().await.expect("read");
        tx.notifications_of(user.id, None, 1000).await.expect("read notifications")
    }

    /// `(kind, task code)` of a person's notifications, oldest first.
    async fn told(&self, user: &User) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = self
            .notifications(user)
            .await
            .into_iter()
            .rev()
            .map(|n| (n.kind, n.subject.split_whitespace().find(|w| w.starts_with("NV-")).unwrap_or("").to_owned()))
            .collect();
        found.iter_mut().for_each(|(_, code)| *code = code.trim_end_matches(',').to_owned());
        found
    }

    async fn emails(&self, user: &User) -> Vec<OutboxMessage> {
        let mut tx = self.h.app.store().read().await.expect("read");
        tx.emails_of(user.id, 100).await.expect("read the outbox")
    }

    async fn outbox(&self) -> OutboxCounts {
        self.h.app.store().read().await.expect("read").outbox_counts().await.expect("count the outbox")
    }

    fn next_day(&self) {
        self.h.app.clock().advance(SignedDuration::from_hours(24));
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, c)| ((*k).to_owned(), (*c).to_owned())).collect()
}

async fn reminders_missed_notices_and_escalations(h: Harness) {
    let w = world(h).await;
    let today = w.h.today();
    assert_eq!(today, date(2026, 11, 22));
    // The demo's own tasks (in other provinces) are urged first, so the counts below are this case's.
    w.h.app.run_urging(today).await.expect("urge the demo tasks");
    let in7 = w.assign("NV-07", "", "", "29/11/2026", false).await;
    w.assign("NV-01", "", "", "23/11/2026", false).await;
    w.assign("NV-03", "", "", "25/11/2026", false).await;
    w.assign("NV-MISSED", "", "01/11/2026", "21/11/2026", false).await;
    let late = w.assign("NV-LATE", "", "01/11/2026", "19/11/2026", true).await;
    let done = w.assign("NV-DONE", "", "", "23/11/2026", false).await;
    w.h.app
        .report_completion(
            &w.h.operator,
            done.id,
            CompletionInput { product: "Báo cáo tổng kết".into(), ..CompletionInput::default() },
        )
        .await
        .expect("report completion");
    let secret = TaskInput {
        code: "NV-MAT".into(),
        title: "Phương án bảo vệ hệ thống trọng yếu".into(),
        assigner_id: Some(w.province.id),
        presiding_id: Some(w.dept.id),
        deadline: "23/11/2026".into(),
        confidentiality: "secret".into(),
        ..TaskInput::default()
    };
    w.h.app.assign_task(&w.h.operator, secret).await.expect("assign the secret task");

    let report = w.h.app.run_urging(today).await.expect("urge");
    // Two people work at the department; the escalation adds the leader and the province's coordinator.
    assert_eq!(report, UrgingReport { reminders: 6, missed: 2, escalations: 4, regular: 0, indicators: 0 });
    assert_eq!(
        w.told(&w.staff).await,
        pairs(&[
            ("remind", "NV-01"),
            ("remind", "NV-MAT"),
            ("remind", "NV-07"),
            ("missed", "NV-MISSED"),
            ("escalate", "NV-LATE")
        ])
    );
    assert_eq!(w.told(&w.no_mail).await, w.told(&w.staff).await, "in the application, e-mail or not");
    assert_eq!(w.told(&w.leader).await, pairs(&[("escalate", "NV-LATE")]));
    assert_eq!(w.told(&w.coordinator).await, pairs(&[("escalate", "NV-LATE")]));

    let staff = w.notifications(&w.staff).await;
    let reminder = staff.iter().find(|n| n.task_id == Some(in7.id)).expect("the 7-day reminder");
    assert_eq!(reminder.subject, "Nhắc hạn: nhiệm vụ NV-07 đến hạn ngày 29/11/2026");
    assert!(
        reminder.body.contains("“Triển khai nền tảng số NV-07”") && reminder.body.contains("còn 7 ngày"),
        "{}",
        reminder.body
    );
    assert!(reminder.body.contains("Sở Khoa học và Công nghệ"), "{}", reminder.body);
    assert_eq!(reminder.link, format!("/tasks/{}", in7.id));
    let escalation = &w.notifications(&w.leader).await[0];
    assert_eq!(escalation.subject, "Đôn đốc: nhiệm vụ NV-LATE quá hạn 3 ngày");
    assert_eq!(escalation.task_id, Some(late.id));
    let secret = staff.iter().find(|n| n.subject.contains("NV-MAT")).expect("the secret task's reminder");
    assert!(!secret.body.contains("bảo vệ hệ thống"), "a secret task is named by its code only: {}", secret.body);

    // Running again the same day (a second server, a restart) tells nobody twice.
    assert_eq!(w.h.app.run_urging(today).await.expect("urge again"), UrgingReport::default());
    assert_eq!(w.notifications(&w.staff).await.len(), 5);
}

async fn the_days_of_a_deadline_and_a_regular_task(h: Harness) {
    let w = world(h).await;
    w.assign("NV-07", "", "", "29/11/2026", true).await;
    w.assign("NV-TX", "regular", "", "", false).await;
    let reported = w.assign("NV-TX-BC", "regular", "", "", false).await;
    // Day by day from 22/11 to 03/12, as the daily job would.
    for day in 0..12 {
        if day > 0 {
            w.next_day();
        }
        if w.h.today() == date(2026, 11, 23) {
            let input =
                ProgressInput {
                    percent: Some(20), done: "Đã xây dựng kế hoạch".into(), ..ProgressInput::default()
                };
            w.h.app.report_progress(&w.h.operator, reported.id, input).await.expect("report progress");
        }
        w.h.app.run_urging(w.h.today()).await.expect("urge");
    }
    assert_eq!(
        w.told(&w.staff).await,
        pairs(&[
            ("remind", "NV-07"),   // 22/11: 7 days before
            ("regular", "NV-TX"),  // 25/11: November ends within 5 days and nothing was reported
            ("remind", "NV-07"),   // 28/11: 1 day before
            ("missed", "NV-07"),   // 30/11: the first day overdue
            ("escalate", "NV-07"), // 02/12: 3 days overdue
        ])
    );
    assert_eq!(w.told(&w.leader).await, pairs(&[("escalate", "NV-07")]));
    let regular =
        w.notifications(&w.staff).await.into_iter().find(|n| n.kind == "regular").expect("the regular reminder");
    assert_eq!(regular.subject, "Chưa báo cáo: nhiệm vụ thường xuyên NV-TX, tháng 11/2026");
    assert!(regular.body.contains("30/11/2026"), "{}", regular.body);
    let told_on: Vec<i8> = w
        .notifications(&w.staff)
        .await
        .iter()
        .map(|n| nqtrack_domain::dates::date_in_vietnam(n.created_at).day())
        .collect();
    let mut told_on = told_on;
    told_on.sort_unstable();
    assert_eq!(told_on, [2, 22, 25, 28, 30], "notices only on their days");
}

/// What a test SMTP listener received: the envelope and the raw message.
fn mailer(address: SocketAddr) -> Mailer {
    Mailer::new(&MailConfig {
        host: address.ip().to_string(),
        port: address.port(),
        from: "Hệ thống nqtrack <nqtrack@tuyenquang.gov.vn>".into(),
        username: None,
        password: None,
    })
    .expect("a valid mail configuration")
}

async fn one_digest_per_person_and_day_delivered_once(h: Harness) {
    let w = world(h).await;
    w.assign("NV-01", "", "", "23/11/2026", false).await;
    w.assign("NV-LATE", "", "01/11/2026", "19/11/2026", true).await;
    w.h.app.run_urging(w.h.today()).await.expect("urge");
    let now = w.h.app.clock().now();

    // The staff member, the leader and the coordinator have addresses; the others do not.
    assert_eq!(w.h.app.queue_digests(now).await.expect("queue"), 3);
    let digests = w.emails(&w.staff).await;
    assert_eq!(digests.len(), 1);
    let digest = &digests[0];
    assert_eq!(
        (digest.recipient.as_str(), digest.digest_on, digest.state),
        ("khcn.chuyenvien@example.vn", date(2026, 11, 22), OutboxState::Pending)
    );
    assert_eq!(digest.subject, "[nqtrack] 2 thông báo mới ngày 22/11/2026");
    assert!(
        digest.body.contains("Nhắc hạn: nhiệm vụ NV-01") && digest.body.contains("Đôn đốc: nhiệm vụ NV-LATE"),
        "{}",
        digest.body
    );
    assert!(w.emails(&w.no_mail).await.is_empty());
    assert_eq!(w.h.app.queue_digests(now).await.expect("queue again"), 0, "never two the same day");

    // Something new later the same day waits for tomorrow's digest.
    w.assign("NV-02", "", "", "23/11/2026", false).await;
    w.h.app.clock().advance(SignedDuration::from_hours(2));
    let later = w.h.app.clock().now();
    assert_eq!(w.h.app.run_urging(w.h.today()).await.expect("urge").reminders, 2);
    assert_eq!(w.h.app.queue_digests(later).await.expect("queue"), 0);
    assert_eq!(w.emails(&w.staff).await.len(), 1);

    let (inbox, address) = start_smtp("127.0.0.1:0".parse().expect("an address"));
    let mailer = mailer(address);
    let report = w.h.app.deliver_outbox(&mailer, later).await.expect("deliver");
    assert_eq!(report, DeliveryReport { sent: 3, rejected: 0, retrying: 0 });
    assert_eq!(inbox.recipients(), ["cb.dieuphoi@example.vn", "cb.lanhdao@example.vn", "khcn.chuyenvien@example.vn"]);
    let to_staff =
        inbox.messages().into_iter().find(|m| m.to == ["khcn.chuyenvien@example.vn"]).expect("the staff digest");
    assert!(to_staff.data.contains(&format!("Message-ID: <{}@tuyenquang.gov.vn>", digest.id)), "{}", to_staff.data);
    assert!(to_staff.data.contains("Auto-Submitted: auto-generated"), "{}", to_staff.data);
    let sent = &w.emails(&w.staff).await[0];
    assert_eq!((sent.state, sent.sent_at, sent.attempts), (OutboxState::Sent, Some(later), 1));

    // Delivered exactly once: another round (and another, later) sends nothing.
    assert_eq!(w.h.app.deliver_outbox(&mailer, later).await.expect("deliver"), DeliveryReport::default());
    w.h.app.clock().advance(SignedDuration::from_hours(1));
    assert_eq!(
        w.h.app.deliver_outbox(&mailer, w.h.app.clock().now()).await.expect("deliver"),
        DeliveryReport::default()
    );
    assert_eq!(inbox.messages().len(), 3);

    // The next day, the notice that waited goes out in that day's digest.
    w.next_day();
    let tomorrow = w.h.app.clock().now();
    assert_eq!(w.h.app.queue_digests(tomorrow).await.expect("queue"), 1);
    assert_eq!(w.h.app.deliver_outbox(&mailer, tomorrow).await.expect("deliver").sent, 1);
    let staff_mail: Vec<Received> =
        inbox.messages().into_iter().filter(|m| m.to == ["khcn.chuyenvien@example.vn"]).collect();
    assert_eq!(staff_mail.len(), 2);
    let second = &w.emails(&w.staff).await[0];
    assert_eq!(
        (second.digest_on, second.subject.as_str()),
        (date(2026, 11, 23), "[nqtrack] 1 thông báo mới ngày 23/11/2026")
    );
    assert!(second.body.contains("NV-02"), "{}", second.body);
    assert_eq!(w.outbox().await, OutboxCounts { pending: 0, sent: 4, failed: 0 });
}

async fn a_failed_send_stays_pending_and_is_retried(h: Harness) {
    let w = world(h).await;
    w.assign("NV-LATE", "", "01/11/2026", "19/11/2026", true).await;
    w.h.app.run_urging(w.h.today()).await.expect("urge");
    let now = w.h.app.clock().now();
    assert_eq!(w.h.app.queue_digests(now).await.expect("queue"), 3);

    // A port nobody listens on: the SMTP server is down.
    let address = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port");
    let mailer = mailer(address);
    // Each round stops at the first refused connection, so the others are not hammered.
    for _ in 0..3 {
        let report = w.h.app.deliver_outbox(&mailer, now).await.expect("deliver");
        assert_eq!(report, DeliveryReport { sent: 0, rejected: 0, retrying: 1 });
    }
    assert_eq!(w.h.app.deliver_outbox(&mailer, now).await.expect("deliver"), DeliveryReport::default(), "none due yet");
    assert_eq!(w.outbox().await, OutboxCounts { pending: 3, sent: 0, failed: 0 });
    let waiting = &w.emails(&w.staff).await[0];
    assert_eq!(
        (waiting.attempts, waiting.next_attempt_at, waiting.lease_until),
        (1, now + SignedDuration::from_mins(1), None)
    );
    assert!(!waiting.last_error.is_empty());

    // The server comes back; a minute later every message goes out, once.
    let (inbox, _) = start_smtp(address);
    w.h.app.clock().advance(SignedDuration::from_mins(1));
    let report = w.h.app.deliver_outbox(&mailer, w.h.app.clock().now()).await.expect("deliver");
    assert_eq!(report, DeliveryReport { sent: 3, rejected: 0, retrying: 0 });
    assert_eq!(inbox.messages().len(), 3);
    assert_eq!(w.outbox().await, OutboxCounts { pending: 0, sent: 3, failed: 0 });
    let sent = &w.emails(&w.staff).await[0];
    assert_eq!((sent.attempts, sent.last_error.as_str()), (2, ""));
}

async fn the_background_job_runs_once_a_day(h: Harness) {
    let w = world(h).await;
    w.assign("NV-01", "", "", "23/11/2026", false).await;
    let app = &w.h.app;

    // 10:00: today's 07:00 run is due; one instance takes it, the other finds nothing to do.
    let first = app.background_round(None, "instance-a").await.expect("round");
    assert!(first.urging.is_some());
    assert_eq!(w.told(&w.staff).await, pairs(&[("remind", "NV-01")]));
    assert_eq!((first.digests, first.delivery), (1, None), "the staff member's digest");
    assert_eq!(app.background_round(None, "instance-b").await.expect("round").urging, None);
    let job = app.store().read().await.expect("read").job(URGING_JOB).await.expect("read the job").expect("the job");
    assert_eq!((job.next_run_at, job.last_error.as_str(), job.lease_owner), (vn(date(2026, 11, 23), 7, 0), "", None));

    // Tomorrow, not before 07:00.
    let clock = app.clock();
    clock.advance(vn(date(2026, 11, 23), 6, 59).duration_since(clock.now()));
    assert_eq!(app.background_round(None, "instance-b").await.expect("round").urging, None);
    clock.advance(SignedDuration::from_mins(1));
    let second = app.background_round(None, "instance-b").await.expect("round");
    assert!(second.urging.is_some());
    assert_eq!(w.notifications(&w.staff).await.len(), 1, "yesterday's reminder is not repeated");

    // The loop: takes the next day's run and sends the digests, then stops when told to.
    clock.advance(SignedDuration::from_hours(24));
    let (inbox, address) = start_smtp("127.0.0.1:0".parse().expect("an address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let background = tokio::spawn(run_background(app.clone(), Some(mailer(address)), async move {
        let _ = stopped.await;
    }));
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while inbox.messages().len() < 2 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(20), background).await.expect("stops when told").expect("no panic");
    // The digest of 22/11, queued while e-mail was off, and today's go out in the loop's first round.
    assert_eq!(inbox.messages().len(), 2);
    let job = app.store().read().await.expect("read").job(URGING_JOB).await.expect("read the job").expect("the job");
    assert_eq!(job.next_run_at, vn(date(2026, 11, 25), 7, 0));
}

both!(
    reminders_missed_notices_and_escalations,
    the_days_of_a_deadline_and_a_regular_task,
    one_digest_per_person_and_day_delivered_once,
    a_failed_send_stays_pending_and_is_retried,
    the_background_job_runs_once_a_day,
);
