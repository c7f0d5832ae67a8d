//! Subtree listing and unit search on the national-scale demo data set (about 4,500 units), on
//! SQLite, each beside a baseline measured in the same run: a trivial query through the same store
//! (one transaction, one round trip). Read results as ratios to that baseline.
//!
//! Run: `cargo bench -p nqtrack-app --bench national`, or with `NQTRACK_BENCH_BACKEND=postgres` on a
//! throwaway PostgreSQL cluster.

use std::sync::OnceLock;

use nqtrack_app::App;
use nqtrack_domain::policy::{Action, Actor};
use nqtrack_store::Liveness;
use tokio::runtime::Runtime;
use uuid::Uuid;

mod support;

fn main() {
    divan::main();
    support::clean_up();
}

struct Fixture {
    runtime: Runtime,
    app: App,
    root: Uuid,
    province: Uuid,
    coordinator: Actor,
    _database: support::Database,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = Runtime::new().expect("tokio runtime");
        let (database, url) = support::database(&runtime);
        let (app, root, province, coordinator) = runtime.block_on(async {
            let operator = Actor::Operator { name: "bench".into() };
            let app = support::national_app(&url, &operator, "units").await;
            let root = app.unit_by_code(&operator, "TW").await.expect("root").id;
            let province = app.unit_by_code(&operator, "08").await.expect("province").id;
            let user = app
                .store()
                .read()
                .await
                .expect("read")
                .user_by_username("tuyenquang.thuongtruc")
                .await
                .expect("query")
                .expect("user");
            let signed_in = app
                .login(nqtrack_app::LoginInput {
                    username: user.username.clone(),
                    password: nqtrack_app::demo::DEMO_PASSWORD.into(),
                    ip: "bench".into(),
                    user_agent: "bench".into(),
                })
                .await
                .expect("login");
            let coordinator = app.authenticate_session(&signed_in.token).await.expect("session").actor;
            (app, root, province, coordinator)
        });
        Fixture { runtime, app, root, province, coordinator, _database: database }
    })
}

#[divan::bench]
fn baseline_trivial_query() {
    let f = fixture();
    f.runtime.block_on(f.app.store().ping()).expect("ping");
}

#[divan::bench]
fn subtree_of_province_all_units() -> usize {
    let f = fixture();
    let operator = Actor::Operator { name: "bench".into() };
    f.runtime.block_on(f.app.subtree(&operator, f.province, 1_000, 0)).expect("subtree").0.len()
}

#[divan::bench]
fn subtree_of_root_first_page_of_100() -> usize {
    let f = fixture();
    let operator = Actor::Operator { name: "bench".into() };
    f.runtime.block_on(f.app.subtree(&operator, f.root, 100, 0)).expect("subtree").0.len()
}

#[divan::bench]
fn children_of_root() -> usize {
    let f = fixture();
    let operator = Actor::Operator { name: "bench".into() };
    f.runtime.block_on(f.app.browse_units(&operator, Some(f.root), Liveness::Live)).expect("children").len()
}

#[divan::bench(args = ["tuyen quang", "xa phu", "so khoa hoc cong nghe", "ha"])]
fn search_everything(query: &str) -> usize {
    let f = fixture();
    let operator = Actor::Operator { name: "bench".into() };
    f.runtime.block_on(f.app.search_units(&operator, query, None, Liveness::Live)).expect("search").len()
}

#[divan::bench(args = ["xa", "so khoa hoc cong nghe"])]
fn search_as_provincial_coordinator(query: &str) -> usize {
    let f = fixture();
    assert!(
        nqtrack_domain::policy::scope(&f.coordinator, Action::ViewUnit) != nqtrack_domain::policy::Scope::Everything
    );
    f.runtime.block_on(f.app.search_units(&f.coordinator, query, None, Liveness::Live)).expect("search").len()
}
