//! Fresh stores, a small Vietnamese unit tree and builders shared by the cases.

use std::ops::Deref;

use jiff::Timestamp;
use jiff::civil::date;
use nqtrack_domain::audit::{AuditEntry, AuditEvent, ChainBreak, ChainVerifier};
use nqtrack_domain::policy::Scope;
use nqtrack_domain::unit::{Level, UnitKind, UnitPath};
pub use nqtrack_store::testing::codes;
use nqtrack_store::testing::{self, TestDatabase};
use nqtrack_store::{Store, Tx, Unit, User};
use uuid::Uuid;

/// A migrated store on its own fresh database, which lives as long as this value.
pub struct TestStore {
    store: Store,
    database: TestDatabase,
}

impl TestStore {
    async fn open(database: TestDatabase) -> Self {
        let store = Store::connect(database.url()).await.expect("connect to the test database");
        store.migrate().await.expect("migrate the test database");
        Self { store, database }
    }

    /// The URL of the database, for the few checks that go around the store (tampering).
    pub fn url(&self) -> &str {
        self.database.url()
    }
}

impl Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

pub async fn sqlite_store() -> TestStore {
    TestStore::open(testing::sqlite()).await
}

/// `None` when PostgreSQL is unavailable and not required.
pub async fn postgres_store() -> Option<TestStore> {
    Some(TestStore::open(testing::postgres().await?).await)
}

/// Runs `work` in a write transaction and commits it.
pub async fn write<R>(store: &Store, work: impl AsyncFnOnce(&mut Tx) -> R) -> R {
    let mut tx = store.write().await.expect("begin a write transaction");
    let result = work(&mut tx).await;
    tx.commit().await.expect("commit");
    result
}

/// Runs `work` in a read transaction.
pub async fn read<R>(store: &Store, work: impl AsyncFnOnce(&mut Tx) -> R) -> R {
    let mut tx = store.read().await.expect("begin a read transaction");
    work(&mut tx).await
}

/// An instant `seconds` after 2025-07-01T00:00:00Z, the day the two-tier local government began.
/// Whole seconds, so every backend stores it exactly and records compare equal after a round trip.
pub fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_751_328_000 + seconds).expect("a valid instant")
}

/// A unit placed under `parent` (or at the root), established on 2025-07-01 and alive.
pub fn unit(code: &str, name: &str, kind: UnitKind, level: Level, parent: Option<&Unit>) -> Unit {
    let id = Uuid::now_v7();
    Unit {
        id,
        code: code.to_owned(),
        name: name.to_owned(),
        kind,
        level,
        parent_id: parent.map(|p| p.id),
        path: parent.map_or_else(|| UnitPath::root(id), |p| p.path.child(id)),
        established_on: Some(date(2025, 7, 1)),
        dissolved_on: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

pub async fn insert_units(store: &Store, units: &[&Unit]) {
    write(store, async |tx: &mut Tx| {
        for unit in units {
            tx.insert_unit(unit).await.expect("insert unit");
        }
    })
    .await;
}

/// Stores `unit` as it is now (rename, dissolution...).
pub async fn update_unit(store: &Store, unit: &Unit) {
    write(store, async |tx: &mut Tx| tx.update_unit(unit).await.expect("update unit")).await;
}

pub async fn fetch_unit(store: &Store, id: Uuid) -> Unit {
    read(store, async |tx: &mut Tx| tx.unit(id).await.expect("read unit")).await.expect("the unit exists")
}

/// A part of the tree, created in this order (so ids, and paths among siblings, sort in this order):
///
/// ```text
/// TW        Ban Chỉ đạo Trung ương
/// ├── 08    Tuyên Quang (tỉnh)
/// │   ├── 02509       Phường Minh Xuân
/// │   ├── 02293       Hùng Lợi (xã)
/// │   └── 08-KHCN     Sở Khoa học và Công nghệ
/// │       └── 08-KHCN-CDS  Trung tâm Chuyển đổi số
/// └── 75    Đồng Nai (tỉnh)
///     └── 26068       Đồng Phú (xã)
/// ```
pub struct Tree {
    pub centre: Unit,
    pub tuyen_quang: Unit,
    pub minh_xuan: Unit,
    pub hung_loi: Unit,
    pub science_dept: Unit,
    pub digital_centre: Unit,
    pub dong_nai: Unit,
    pub dong_phu: Unit,
}

impl Tree {
    pub async fn insert(store: &Store) -> Tree {
        use {Level as L, UnitKind as K};
        let centre = unit("TW", "Ban Chỉ đạo Trung ương", K::Central, L::Central, None);
        let tuyen_quang = unit("08", "Tuyên Quang", K::Province, L::Province, Some(&centre));
        let minh_xuan = unit("02509", "Phường Minh Xuân", K::Ward, L::Commune, Some(&tuyen_quang));
        let hung_loi = unit("02293", "Hùng Lợi", K::Commune, L::Commune, Some(&tuyen_quang));
        let science_dept = unit("08-KHCN", "Sở Khoa học và Công nghệ", K::Department, L::Province, Some(&tuyen_quang));
        let digital_centre =
            unit("08-KHCN-CDS", "Trung tâm Chuyển đổi số", K::Agency, L::Province, Some(&science_dept));
        let dong_nai = unit("75", "Đồng Nai", K::Province, L::Province, Some(&centre));
        let dong_phu = unit("26068", "Đồng Phú", K::Commune, L::Commune, Some(&dong_nai));
        let tree = Tree { centre, tuyen_quang, minh_xuan, hung_loi, science_dept, digital_centre, dong_nai, dong_phu };
        insert_units(store, &tree.all()).await;
        tree
    }

    /// Every unit in creation order.
    pub fn all(&self) -> [&Unit; 8] {
        [
            &self.centre,
            &self.tuyen_quang,
            &self.minh_xuan,
            &self.hung_loi,
            &self.science_dept,
            &self.digital_centre,
            &self.dong_nai,
            &self.dong_phu,
        ]
    }
}

/// A scope of whole subtrees and exact units.
pub fn within(subtrees: &[&Unit], units: &[&Unit]) -> Scope {
    Scope::Within {
        subtrees: subtrees.iter().map(|u| u.path.clone()).collect(),
        units: units.iter().map(|u| u.path.clone()).collect(),
    }
}

pub fn user(username: &str, display_name: &str, unit: &Unit) -> User {
    User {
        id: Uuid::now_v7(),
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        email: Some(format!("{username}@tuyenquang.gov.vn")),
        unit_id: unit.id,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".to_owned(),
        disabled: false,
        must_change_password: true,
        locale: "vi".to_owned(),
        created_at: at(0),
        updated_at: at(0),
    }
}

pub async fn insert_users(store: &Store, users: &[&User]) {
    write(store, async |tx: &mut Tx| {
        for user in users {
            tx.insert_user(user).await.expect("insert user");
        }
    })
    .await;
}

/// An audit event on `object`, belonging to `unit` when given.
pub fn audit_event(object_type: &str, object_id: &str, unit: Option<&Unit>) -> AuditEvent {
    AuditEvent {
        actor_id: None,
        actor_name: "operator:quantri".to_owned(),
        action: format!("{object_type}.update"),
        object_type: object_type.to_owned(),
        object_id: object_id.to_owned(),
        unit_path: unit.map(|u| u.path.as_str().to_owned()),
        before: Some(r#"{"name":"Hà Giang"}"#.to_owned()),
        after: Some(r#"{"name":"Tuyên Quang"}"#.to_owned()),
    }
}

/// Appends one event in its own committed transaction.
pub async fn append(store: &Store, event: AuditEvent, seconds: i64) -> AuditEntry {
    write(store, async |tx: &mut Tx| tx.append_audit(event, at(seconds)).await.expect("append audit")).await
}

/// Reads the whole log in small pages, as `nqtrack audit verify` does, and checks it against the head.
pub async fn verify_chain(store: &Store) -> Result<i64, ChainBreak> {
    read(store, async |tx: &mut Tx| {
        let mut verifier = ChainVerifier::default();
        let mut after = 0;
        loop {
            let page = tx.audit_page(after, 7).await.expect("read an audit page");
            let Some(last) = page.last() else { break };
            after = last.seq;
            for entry in &page {
                verifier.push(entry)?;
            }
        }
        let (seq, hash) = tx.audit_head().await.expect("read the audit head");
        verifier.finish(seq, &hash)
    })
    .await
}
