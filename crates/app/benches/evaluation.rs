//! Evaluation at national scale (`demo --scale national`): the ranking of the 34 provinces on the
//! demo scorecard and on the DTI, the ranking of a province's communes, sixteen rankings at once, and
//! closing a quarter for the whole country, each beside a baseline measured in the same run (a
//! trivial query through the same store).
//!
//! A live ranking is computed once per write count and kept (`evaluation::cache`): the `cold` cases
//! commit an empty write before each call, so they measure the computation; the others measure what a
//! leader opening the page again gets.
//!
//! Run: `cargo bench -p nqtrack-app --bench evaluation` (SQLite in a temporary directory), or with
//! `NQTRACK_BENCH_BACKEND=postgres` on a throwaway PostgreSQL cluster.

mod support;

use std::sync::OnceLock;

use divan::Bencher;
use nqtrack_app::{App, PeerSpec};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::policy::Actor;
use tokio::runtime::Runtime;
use uuid::Uuid;

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
    scorecard: String,
    dti: String,
    communes_of_province: String,
    /// The last quarter that has ended (live), and the one before (closed by the demo command).
    quarter: String,
    operator: Actor,
    _database: Database,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = Runtime::new().expect("tokio runtime");
        let (database, url) = support::database(&runtime);
        let operator = Actor::Operator { name: "bench".into() };
        let (app, root, province, scorecard, dti, communes_of_province) = runtime.block_on(async {
            let app = support::national_app(&url, &operator, "units, tasks, indicators, evaluation").await;
            let started = std::time::Instant::now();
            app.close_demo_quarter(&operator).await.expect("close the quarter before the last");
            eprintln!("the quarter before the last closed for the country in {:.1} s", started.elapsed().as_secs_f64());
            let root = app.unit_by_code(&operator, "TW").await.expect("root").id;
            let province = app.unit_by_code(&operator, "08").await.expect("province").id;
            let scorecard = app.scorecards(&operator).await.expect("scorecards");
            let scorecard = format!("scorecard:{}", scorecard.first().expect("the demo scorecard").id);
            let methodologies = app.methodologies(&operator).await.expect("methodologies");
            let dti = methodologies.iter().find(|m| m.methodology.code == "DTI").expect("the DTI");
            (app, root, province, scorecard, format!("index:{}", dti.id), PeerSpec::CommunesOf(province).to_string())
        });
        let quarter = Period::containing(Periodicity::Quarter, app.today()).previous().label();
        Fixture {
            runtime,
            app,
            root,
            province,
            scorecard,
            dti,
            communes_of_province,
            quarter,
            operator,
            _database: database,
        }
    })
}

impl Fixture {
    fn rank(&self, subject: &str, peers: &str) -> usize {
        let ranking = self.runtime.block_on(self.app.ranking(&self.operator, subject, peers, &self.quarter));
        ranking.expect("ranking").rows.len()
    }

    /// Commits an empty write, so that no kept ranking is current.
    fn write_something(&self) {
        self.runtime.block_on(async {
            self.app.store().write().await.expect("write").commit().await.expect("commit");
        });
    }
}

#[divan::bench]
fn baseline_trivial_query() {
    let f = fixture();
    f.runtime.block_on(f.app.store().ping()).expect("ping");
}

/// The 34 provinces on the demo scorecard (tasks and three indicators), computed.
#[divan::bench(sample_count = 10)]
fn ranking_provinces_scorecard_cold(bencher: Bencher) {
    let f = fixture();
    bencher.with_inputs(|| f.write_something()).bench_values(|()| f.rank(&f.scorecard, "provinces"));
}

/// ... and opened again.
#[divan::bench(sample_count = 30)]
fn ranking_provinces_scorecard_kept() -> usize {
    let f = fixture();
    f.rank(&f.scorecard, "provinces")
}

/// The 34 provinces on the DTI (seven indicators and a task measure, min–max among them), computed.
#[divan::bench(sample_count = 10)]
fn ranking_provinces_dti_cold(bencher: Bencher) {
    let f = fixture();
    bencher.with_inputs(|| f.write_something()).bench_values(|()| f.rank(&f.dti, "provinces"));
}

/// The communes of Tuyên Quang on the demo scorecard, computed.
#[divan::bench(sample_count = 10)]
fn ranking_communes_of_a_province_cold(bencher: Bencher) {
    let f = fixture();
    bencher.with_inputs(|| f.write_something()).bench_values(|()| f.rank(&f.scorecard, &f.communes_of_province));
}

#[divan::bench(sample_count = 30)]
fn ranking_communes_of_a_province_kept() -> usize {
    let f = fixture();
    f.rank(&f.scorecard, &f.communes_of_province)
}

/// Sixteen leaders opening the provinces' ranking at the same moment (kept): the time until all
/// sixteen have it.
#[divan::bench(sample_count = 20)]
fn sixteen_concurrent_rankings_kept() -> usize {
    let f = fixture();
    f.rank(&f.scorecard, "provinces");
    f.runtime.block_on(async {
        let mut clients = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let app = f.app.clone();
            let (operator, subject, quarter) = (f.operator.clone(), f.scorecard.clone(), f.quarter.clone());
            clients.spawn(async move {
                app.ranking(&operator, &subject, "provinces", &quarter).await.map(|r| r.rows.len())
            });
        }
        let mut rows = 0;
        while let Some(done) = clients.join_next().await {
            rows += done.expect("join").expect("ranking");
        }
        rows
    })
}

impl Fixture {
    fn national_dashboard(&self) -> usize {
        let dashboard = self.runtime.block_on(self.app.dashboard(&self.operator, self.root, None, None));
        dashboard.expect("dashboard").overdue.len()
    }
}

/// The national dashboard: the country's counts and their change, overdue, due-soon and at-risk lists,
/// the slowest provinces, the ranking and the map (the indicator tiles load apart), computed.
#[divan::bench(sample_count = 10)]
fn national_dashboard_cold(bencher: Bencher) {
    let f = fixture();
    bencher.with_inputs(|| f.write_something()).bench_values(|()| f.national_dashboard());
}

/// ... and opened again.
#[divan::bench(sample_count = 30)]
fn national_dashboard_kept() -> usize {
    fixture().national_dashboard()
}

/// The country's indicator tiles (eight indicators, twelve periods each, every commune rolled up),
/// computed.
#[divan::bench(sample_count = 5)]
fn national_indicator_tiles_cold(bencher: Bencher) {
    let f = fixture();
    bencher.with_inputs(|| f.write_something()).bench_values(|()| {
        f.runtime.block_on(f.app.dashboard_indicators(&f.operator, f.root, None)).expect("tiles").len()
    });
}

/// Sixteen leaders opening the national dashboard at the same moment (kept): until all sixteen have it.
#[divan::bench(sample_count = 20)]
fn sixteen_concurrent_national_dashboards_kept() -> usize {
    let f = fixture();
    f.national_dashboard();
    f.runtime.block_on(async {
        let mut clients = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let (app, operator, root) = (f.app.clone(), f.operator.clone(), f.root);
            clients.spawn(async move { app.dashboard(&operator, root, None, None).await.map(|d| d.overdue.len()) });
        }
        let mut rows = 0;
        while let Some(done) = clients.join_next().await {
            rows += done.expect("join").expect("dashboard");
        }
        rows
    })
}

/// Tuyên Quang's report for the first nine months of the year as a DOCX (its rankings kept, its
/// lists and counts computed).
#[divan::bench(sample_count = 10)]
fn province_nine_month_report_docx() -> usize {
    let f = fixture();
    let nine_months = format!("{}-9M", f.app.today().year());
    let file = f.runtime.block_on(f.app.period_report_docx(&f.operator, f.province, &nine_months, "", ""));
    file.expect("report").bytes.len()
}

/// Closing the last quarter for the whole country (every unit's figures and every ranking frozen),
/// then reopening it for the next sample.
#[divan::bench(sample_count = 3)]
fn close_national_quarter() -> usize {
    let f = fixture();
    f.runtime.block_on(async {
        let closed = f.app.close_period(&f.operator, f.root, &f.quarter).await.expect("close");
        f.app.reopen_period(&f.operator, closed.closing.id, "benchmark").await.expect("reopen");
        closed.units
    })
}
