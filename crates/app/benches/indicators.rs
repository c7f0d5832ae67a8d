//! Indicators at national scale (`demo --scale national`: every commune, province and ministry has its
//! values for every round since January 2025, more than a million values): one indicator aggregated
//! for the whole country from every commune, a province's completeness for a round, a bulk import of
//! ~100,000 values through `import_indicator_values`, a unit's time series and a commune's form, each
//! beside a baseline measured in the same run (a trivial query through the same store).
//!
//! Run: `cargo bench -p nqtrack-app --bench indicators` (SQLite in a temporary directory), or with
//! `NQTRACK_BENCH_BACKEND=postgres` on a throwaway PostgreSQL cluster started like the tests do (or the
//! database in `NQTRACK_TEST_DATABASE_URL`).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::civil::date;
use nqtrack_app::{App, DataSetInput, IndicatorImport, IndicatorImportRow, RoundInput};
use nqtrack_domain::indicator::{
    Aggregation, Direction, IndicatorCode, IndicatorDefinition, IndicatorGroup, IndicatorVersion, Source, ValueType,
};
use nqtrack_domain::period::Periodicity;
use nqtrack_domain::policy::{Actor, Scope};
use nqtrack_domain::unit::{Level, Name, UnitKind};
use nqtrack_store::Liveness;
use tokio::runtime::Runtime;
use uuid::Uuid;

mod support;

use support::Database;

fn main() {
    divan::main();
    support::clean_up();
}

/// The half-yearly indicators the import benchmark writes, one value per province and commune each.
const IMPORTED_INDICATORS: usize = 30;
const IMPORT_PERIOD: &str = "2026-H2";

struct Fixture {
    runtime: Runtime,
    app: App,
    root: Uuid,
    province: Uuid,
    commune: Uuid,
    /// The monthly round of last month (due, mostly approved) and of this month (open).
    last_month: Uuid,
    this_month: Uuid,
    /// Every province and commune code, for the import.
    codes: Vec<String>,
    operator: Actor,
    _database: Database,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        // Prints the indicator seed's own counts and time ("demo indicators seeded").
        let _ = tracing_subscriber::fmt()
            .with_env_filter("nqtrack_app::demo_indicators=info")
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .try_init();
        let runtime = Runtime::new().expect("tokio runtime");
        let (database, url) = support::database(&runtime);
        let operator = Actor::Operator { name: "bench".into() };
        let (app, root, province, commune, last_month, this_month, codes) = runtime.block_on(async {
            let app = support::national_app(&url, &operator, "units, tasks, indicators").await;
            let root = app.unit_by_code(&operator, "TW").await.expect("root");
            let province = app.unit_by_code(&operator, "08").await.expect("province").id;
            let monthly = app
                .indicator_data_sets(&operator)
                .await
                .expect("data sets")
                .into_iter()
                .find(|d| d.data_set.periodicity == Periodicity::Month)
                .expect("the monthly data set");
            let rounds = app.indicator_rounds(&operator, monthly.id).await.expect("rounds");
            let (this_month, last_month) = (rounds[0].id, rounds[1].id);
            let mut tx = app.store().read().await.expect("read");
            let (values, submissions) = tx.count_indicator_rows().await.expect("count");
            eprintln!("indicator values: {values}, submissions: {submissions}");
            let everyone =
                tx.subtree(&root.path, &Scope::Everything, Liveness::Live, i64::MAX, 0).await.expect("units");
            drop(tx);
            let codes: Vec<String> = everyone
                .iter()
                .filter(|u| u.level == Level::Commune || matches!(u.kind, UnitKind::Province | UnitKind::City))
                .map(|u| u.code.clone())
                .collect();
            let commune = everyone
                .iter()
                .find(|u| u.level == Level::Commune && u.parent_id == Some(province))
                .expect("a commune of 08")
                .id;
            prepare_import(&app, &operator).await;
            (app, root.id, province, commune, last_month, this_month, codes)
        });
        Fixture { runtime, app, root, province, commune, last_month, this_month, codes, operator, _database: database }
    })
}

fn imported_code(i: usize) -> String {
    format!("NHAP_KHAU_{i:02}")
}

/// A half-yearly data set of [`IMPORTED_INDICATORS`] province and commune indicators with its round,
/// which the import fills.
async fn prepare_import(app: &App, operator: &Actor) {
    for i in 0..IMPORTED_INDICATORS {
        let definition = IndicatorDefinition {
            code: IndicatorCode::parse("code", &imported_code(i)).expect("code"),
            version: IndicatorVersion::FIRST,
            name_vi: Name::parse("name", &format!("Chỉ tiêu nhập khẩu {i}")).expect("name"),
            name_en: None,
            unit_of_measure: "hồ sơ".into(),
            value_type: ValueType::Number,
            direction: Direction::HigherIsBetter,
            group: IndicatorGroup::Operational,
            field: None,
            periodicity: Periodicity::HalfYear,
            levels: vec![Level::Province, Level::Commune],
            aggregation: Aggregation::Sum,
            weight: None,
            source: Source::Imported { system: "Hệ thống bên ngoài".into() },
            allow_negative: false,
            tasks: Vec::new(),
        };
        app.save_indicator(operator, definition).await.expect("define");
    }
    let data_set = app
        .create_data_set(
            operator,
            DataSetInput {
                name: "Số liệu nhập khẩu 6 tháng".into(),
                periodicity: Periodicity::HalfYear,
                indicators: (0..IMPORTED_INDICATORS).map(imported_code).collect(),
                rules: Vec::new(),
                children_first: true,
            },
        )
        .await
        .expect("data set");
    app.open_round(
        operator,
        data_set.id,
        RoundInput {
            period: IMPORT_PERIOD.into(),
            due_dates: vec![(Level::Commune, date(2027, 1, 10)), (Level::Province, date(2027, 1, 20))],
            locks_on: None,
        },
    )
    .await
    .expect("round");
}

#[divan::bench]
fn baseline_trivial_query() {
    let f = fixture();
    f.runtime.block_on(f.app.store().ping()).expect("ping");
}

/// Records received by the portal last month, summed for the country from every commune (3,321).
#[divan::bench(sample_count = 30)]
fn aggregate_whole_country_from_every_commune() -> usize {
    let f = fixture();
    let period = f.app.today().checked_sub(jiff::Span::new().months(1)).expect("date");
    let label = format!("{}-{:02}", period.year(), period.month());
    f.runtime
        .block_on(f.app.aggregate_indicator(&f.operator, f.root, "DVC_HS_TIEP_NHAN", &label))
        .expect("aggregate")
        .included
}

/// The online payment share for the country: a formula over two indicators, each summed from every
/// commune first.
#[divan::bench(sample_count = 30)]
fn aggregate_whole_country_formula() -> usize {
    let f = fixture();
    let period = f.app.today().checked_sub(jiff::Span::new().months(1)).expect("date");
    let label = format!("{}-{:02}", period.year(), period.month());
    f.runtime
        .block_on(f.app.aggregate_indicator(&f.operator, f.root, "TT_TL_TRUC_TUYEN", &label))
        .expect("aggregate")
        .included
}

#[divan::bench]
fn aggregate_one_province() -> usize {
    let f = fixture();
    let period = f.app.today().checked_sub(jiff::Span::new().months(1)).expect("date");
    let label = format!("{}-{:02}", period.year(), period.month());
    f.runtime
        .block_on(f.app.aggregate_indicator(&f.operator, f.province, "DVC_HS_TIEP_NHAN", &label))
        .expect("aggregate")
        .included
}

#[divan::bench]
fn completeness_of_a_province_for_a_round() -> usize {
    let f = fixture();
    f.runtime.block_on(f.app.round_completeness(&f.operator, f.last_month, f.province)).expect("completeness").submitted
}

#[divan::bench(sample_count = 30)]
fn completeness_of_the_country_for_a_round() -> usize {
    let f = fixture();
    f.runtime.block_on(f.app.round_completeness(&f.operator, f.last_month, f.root)).expect("completeness").submitted
}

#[divan::bench]
fn time_series_of_a_commune() -> usize {
    let f = fixture();
    f.runtime.block_on(f.app.indicator_series(&f.operator, f.commune, "DVC_HS_TIEP_NHAN")).expect("series").len()
}

#[divan::bench]
fn data_entry_form_of_a_commune() -> usize {
    let f = fixture();
    f.runtime.block_on(f.app.indicator_form(&f.operator, f.this_month, f.commune)).expect("form").rows.len()
}

/// One batch of a value for each of [`IMPORTED_INDICATORS`] indicators for every province and
/// commune (~100,000 rows), every row checked like a form, written in one transaction. Each sample is
/// a new batch with other values, so every value is rewritten (and the replaced one kept in history).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn import_100k_values(bencher: divan::Bencher) {
    static BATCH: AtomicUsize = AtomicUsize::new(0);
    let f = fixture();
    let rows = f.codes.len() * IMPORTED_INDICATORS;
    bencher
        .counter(divan::counter::ItemsCount::new(rows))
        .with_inputs(|| {
            let batch = BATCH.fetch_add(1, Ordering::Relaxed);
            let mut rows = Vec::with_capacity(rows);
            for (u, code) in f.codes.iter().enumerate() {
                for i in 0..IMPORTED_INDICATORS {
                    rows.push(IndicatorImportRow {
                        row: 0,
                        unit_code: code.clone(),
                        indicator_code: imported_code(i),
                        period: IMPORT_PERIOD.into(),
                        value: ((u * 7 + i * 13 + batch * 101) % 5_000).to_string(),
                        comment: String::new(),
                    });
                }
            }
            IndicatorImport { batch_key: format!("bench-{batch}"), rows }
        })
        .bench_values(|import| {
            let outcome = f.runtime.block_on(f.app.import_indicator_values(&f.operator, import)).expect("import");
            assert!(outcome.written > 0);
        });
}
