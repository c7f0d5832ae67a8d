//! Tasks at national scale (~250,000 tasks with progress histories, from `demo --scale national`):
//! counts by status and colour for the country and a province, a province's overdue list, a task
//! page, a progress report, a cascade to every commune of a province, and 16 clients reading at once,
//! each beside a baseline measured in the same run (a trivial query through the same store).
//!
//! Run: `cargo bench -p nqtrack-app --bench tasks` (SQLite in a temporary directory), or with
//! `NQTRACK_BENCH_BACKEND=postgres` on a throwaway PostgreSQL cluster started like the tests do (or the
//! database in `NQTRACK_TEST_DATABASE_URL`).

use std::sync::OnceLock;

use nqtrack_app::{App, CascadeInput, CascadeTargets, ProgressInput, TaskInput, TaskListQuery};
use nqtrack_domain::policy::{Actor, Scope};
use nqtrack_domain::status::StatusRules;
use nqtrack_store::{TaskFilter, TaskFocus};
use tokio::runtime::Runtime;
use uuid::Uuid;

mod support;

use support::Database;

fn main() {
    divan::main();
    support::clean_up();
}

struct Fixture {
    runtime: Runtime,
    app: App,
    root: Uuid,
    province: Uuid,
    task: Uuid,
    operator: Actor,
    _database: Database,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = Runtime::new().expect("tokio runtime");
        let (database, url) = support::database(&runtime);
        let operator = Actor::Operator { name: "bench".into() };
        let (app, root, province, task) = runtime.block_on(async {
            let app = support::national_app(&url, &operator, "with tasks").await;
            let root = app.unit_by_code(&operator, "TW").await.expect("root").id;
            let province = app.unit_by_code(&operator, "08").await.expect("province").id;
            let list = app
                .list_tasks(
                    &operator,
                    &TaskListQuery {
                        unit_id: Some(province),
                        status: "in_progress".into(),
                        ..TaskListQuery::default()
                    },
                )
                .await
                .expect("list");
            eprintln!("tasks in province 08: {}", list.counts.total);
            // A task in progress, which accepts progress reports.
            let task = list.items.first().expect("a task in progress").task.id;
            (app, root, province, task)
        });
        Fixture { runtime, app, root, province, task, operator, _database: database }
    })
}

#[divan::bench]
fn baseline_trivial_query() {
    let f = fixture();
    f.runtime.block_on(f.app.store().ping()).expect("ping");
}

#[divan::bench]
fn counts_whole_country() -> i64 {
    let f = fixture();
    f.runtime.block_on(f.app.task_counts(&f.operator, f.root, f.app.today())).expect("counts").total
}

/// The national counts right after a progress report changed one unit's task (written untimed
/// before each sample): that unit is recounted, every other unit's kept counts are reused.
#[divan::bench(sample_count = 50)]
fn counts_whole_country_after_a_write(bencher: divan::Bencher) {
    let f = fixture();
    bencher
        .with_inputs(|| {
            let input = ProgressInput { done: "Đã triển khai".into(), ..ProgressInput::default() };
            f.runtime.block_on(f.app.report_progress(&f.operator, f.task, input)).expect("progress");
        })
        .bench_values(|()| {
            f.runtime.block_on(f.app.task_counts(&f.operator, f.root, f.app.today())).expect("counts").total
        });
}

/// What every national count cost before counts were kept per unit: classifying every task in SQL.
#[divan::bench(sample_count = 10)]
fn counts_whole_country_classified_in_sql() -> i64 {
    let f = fixture();
    f.runtime.block_on(async {
        let mut tx = f.app.store().read().await.expect("read");
        let root = tx.unit(f.root).await.expect("unit").expect("root");
        let filter = TaskFilter::new(TaskFocus::Subtree(root.path), f.app.today(), StatusRules::default());
        tx.count_tasks(&filter, &Scope::Everything).await.expect("counts").total
    })
}

#[divan::bench]
fn counts_one_province() -> i64 {
    let f = fixture();
    f.runtime.block_on(f.app.task_counts(&f.operator, f.province, f.app.today())).expect("counts").total
}

fn overdue_query(f: &Fixture) -> TaskListQuery {
    TaskListQuery { unit_id: Some(f.province), status: "overdue".into(), ..TaskListQuery::default() }
}

#[divan::bench]
fn overdue_list_of_province_first_page() -> usize {
    let f = fixture();
    f.runtime.block_on(f.app.list_tasks(&f.operator, &overdue_query(f))).expect("list").items.len()
}

#[divan::bench]
fn overdue_list_of_province_as_of_90_days_ago() -> usize {
    let f = fixture();
    let as_of = f.app.today().checked_sub(jiff::Span::new().days(90)).expect("date");
    let query = TaskListQuery { as_of: as_of.to_string(), ..overdue_query(f) };
    f.runtime.block_on(f.app.list_tasks(&f.operator, &query)).expect("list").items.len()
}

#[divan::bench]
fn task_page() -> usize {
    let f = fixture();
    f.runtime.block_on(f.app.task_page(&f.operator, f.task, None)).expect("page").progress.len()
}

/// 16 clients each asking for the overdue list at once; the time is for all 16 to be served.
#[divan::bench(sample_count = 20)]
fn sixteen_concurrent_overdue_lists() {
    let f = fixture();
    f.runtime.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let app = f.app.clone();
            let operator = f.operator.clone();
            let query = overdue_query(f);
            set.spawn(async move { app.list_tasks(&operator, &query).await.map(|l| l.items.len()) });
        }
        while let Some(done) = set.join_next().await {
            done.expect("join").expect("list");
        }
    });
}

#[divan::bench(sample_count = 50)]
fn progress_report_write() {
    let f = fixture();
    let input = ProgressInput { done: "Đã triển khai".into(), ..ProgressInput::default() };
    f.runtime.block_on(f.app.report_progress(&f.operator, f.task, input)).expect("progress");
}

/// Assigns a task to the province and cascades it to every one of its communes (~100) in one
/// transaction; each sample is a new task.
#[divan::bench(sample_count = 10)]
fn cascade_to_every_commune_of_a_province() -> usize {
    let f = fixture();
    f.runtime.block_on(async {
        let task = f
            .app
            .assign_task(
                &f.operator,
                TaskInput {
                    title: "Rà soát thủ tục hành chính cấp xã".into(),
                    assigner_id: Some(f.province),
                    presiding_id: Some(f.province),
                    deadline: "31/12/2027".into(),
                    ..TaskInput::default()
                },
            )
            .await
            .expect("assign");
        let input = CascadeInput {
            targets: CascadeTargets::Level { level: "commune".into() },
            title: String::new(),
            content: String::new(),
            deadline: String::new(),
            allow_later: false,
        };
        f.app.cascade_task(&f.operator, task.id, input).await.expect("cascade").created
    })
}
