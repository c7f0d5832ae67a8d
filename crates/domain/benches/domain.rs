//! Micro-benchmarks of the rules on hot paths: folding search text and deciding permissions.

use nqtrack_domain::policy::{Action, Actor, Grant, UserActor, authorize, scope};
use nqtrack_domain::text::fold_vi;
use nqtrack_domain::unit::UnitPath;
use nqtrack_domain::user::Role;
use uuid::Uuid;

fn main() {
    divan::main();
}

/// Baseline: copying the same text, to read the fold's cost as a ratio.
#[divan::bench]
fn baseline_copy_name() -> String {
    divan::black_box("Ban Chỉ đạo về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Tuyên Quang")
        .to_owned()
}

#[divan::bench]
fn fold_unit_name() -> String {
    fold_vi(divan::black_box("Ban Chỉ đạo về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Tuyên Quang"))
}

fn coordinator() -> (Actor, UnitPath) {
    let root = UnitPath::root(Uuid::now_v7());
    let province = root.child(Uuid::now_v7());
    let commune = province.child(Uuid::now_v7());
    let actor = Actor::User(UserActor {
        user_id: Uuid::now_v7(),
        username: "coordinator".into(),
        grants: vec![Grant { role: Role::Coordinator, unit_id: Uuid::nil(), unit_path: province }],
    });
    (actor, commune)
}

#[divan::bench]
fn authorize_commune_for_coordinator(bencher: divan::Bencher) {
    let (actor, commune) = coordinator();
    bencher.bench(|| authorize(divan::black_box(&actor), Action::ManageUnits, divan::black_box(&commune)).is_ok());
}

#[divan::bench]
fn scope_for_coordinator(bencher: divan::Bencher) {
    let (actor, _) = coordinator();
    bencher.bench(|| scope(divan::black_box(&actor), Action::ViewUnit));
}
