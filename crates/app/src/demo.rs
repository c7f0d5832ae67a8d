//! Built-in data: Vietnam's real administrative units (34 provinces, 3,321 communes) and demo
//! accounts, and a national-scale synthetic organisation for benchmarks.

use nqtrack_domain::committee::{Body, MemberRole};
use nqtrack_domain::policy::Actor;
use nqtrack_domain::unit::{Level, UnitKind};
use nqtrack_domain::user::Role;
use nqtrack_office::table::{TableFormat, read_table};
use nqtrack_office::units::UnitImportRow;
use nqtrack_store::{Committee, CommitteeMember, Tx, Unit, User};
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::units::insert_unit_recorded;
use crate::users::insert_user_recorded;
use crate::{App, AppError, Result, password};

const PROVINCES_CSV: &str = include_str!("../../../data/vn-admin/provinces.csv");
const COMMUNES_CSV: &str = include_str!("../../../data/vn-admin/communes.csv");

/// The code of the root unit every installation starts with.
pub const ROOT_CODE: &str = "TW";
const ROOT_NAME: &str = "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số";

/// The password of every demo account (printed by `nqtrack demo`).
pub const DEMO_PASSWORD: &str = "nqtrack-demo";

/// A demo account to print: username, role and unit name.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: String,
    pub role: Role,
    pub unit: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// The real units and a handful of accounts.
    Small,
    /// Adds ministries, ~20 departments per province, committees and an account for every unit.
    National,
}

fn rows_from_csv(csv: &str, map: impl Fn(&[String]) -> Option<UnitImportRow>) -> Result<Vec<UnitImportRow>> {
    let table = read_table(csv.as_bytes(), TableFormat::Csv).map_err(|e| AppError::Internal(e.to_string()))?;
    table
        .rows
        .iter()
        .map(|row| map(&row.cells).ok_or_else(|| AppError::Internal(format!("bad built-in row {}", row.number))))
        .collect()
}

/// The 34 provinces and 3,321 communes, as import rows under the root unit.
fn vn_admin_rows() -> Result<Vec<UnitImportRow>> {
    let provinces = rows_from_csv(PROVINCES_CSV, |cells| {
        let [code, name, kind] = cells else { return None };
        Some(UnitImportRow {
            row: 0,
            code: code.clone(),
            name: name.clone(),
            kind: kind.clone(),
            level: "province".into(),
            parent_code: ROOT_CODE.into(),
        })
    })?;
    let communes = rows_from_csv(COMMUNES_CSV, |cells| {
        let [code, name, kind, province] = cells else { return None };
        Some(UnitImportRow {
            row: 0,
            code: code.clone(),
            name: name.clone(),
            kind: kind.clone(),
            level: "commune".into(),
            parent_code: province.clone(),
        })
    })?;
    Ok(provinces.into_iter().chain(communes).collect())
}

impl App {
    /// Creates the root unit unless it exists; returns it.
    pub async fn ensure_root(&self, actor: &Actor) -> Result<Unit> {
        nqtrack_domain::policy::authorize_system(actor)?;
        if let Some(root) = self.store.read().await?.unit_by_code(ROOT_CODE).await? {
            return Ok(root);
        }
        self.create_unit(
            actor,
            crate::UnitInput {
                code: ROOT_CODE.into(),
                name: ROOT_NAME.into(),
                kind: UnitKind::Central.as_str().into(),
                level: Level::Central.as_str().into(),
                parent_id: None,
                established_on: String::new(),
            },
        )
        .await
    }

    /// Loads the real provinces and communes under the root (once; a second call changes nothing).
    pub async fn load_vn_admin(&self, actor: &Actor) -> Result<usize> {
        let root = self.ensure_root(actor).await?;
        if self.store.read().await?.unit_by_code("01").await?.is_some() {
            return Ok(0);
        }
        let report = self.import_unit_rows(actor, vn_admin_rows()?, Some(root.id), "unit.import").await?;
        Ok(report.created)
    }

    /// Seeds the demo: real units, committees and accounts; at national scale also ministries,
    /// departments, a committee and an account for every unit. Does nothing if already seeded.
    pub async fn seed_demo(&self, actor: &Actor, scale: Scale) -> Result<Vec<DemoLogin>> {
        nqtrack_domain::policy::authorize_system(actor)?;
        self.load_vn_admin(actor).await?;
        self.seed_holidays(actor).await?;
        let hash = password::hash(DEMO_PASSWORD.to_owned(), self.settings.argon2_memory_kib).await?;
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        if tx.user_by_username("admin").await?.is_some() {
            return demo_logins(&mut tx).await;
        }
        let root = tx.unit_by_code(ROOT_CODE).await?.ok_or(AppError::NotFound("unit"))?;
        let province = tx.unit_by_code("08").await?.ok_or(AppError::NotFound("unit"))?;
        let commune = tx.children(province.id, nqtrack_store::Liveness::Live).await?.into_iter().next().map(|c| c.unit);
        let commune = commune.ok_or(AppError::NotFound("unit"))?;
        let hanoi = tx.unit_by_code("01").await?.ok_or(AppError::NotFound("unit"))?;
        let seeder = Seeder { actor, hash: &hash, now };
        for (username, name, unit, role) in [
            ("admin", "Quản trị hệ thống", &root, Role::Administrator),
            ("tw.thuongtruc", "Văn phòng Ban Chỉ đạo Trung ương", &root, Role::Coordinator),
            ("tuyenquang.thuongtruc", "Cơ quan thường trực tỉnh Tuyên Quang", &province, Role::Coordinator),
            ("tuyenquang.lanhdao", "Lãnh đạo tỉnh Tuyên Quang", &province, Role::Leader),
            ("tuyenquang.kiemtra", "Ủy ban Kiểm tra tỉnh Tuyên Quang", &province, Role::Inspector),
            ("tuyenquang.xa", "Cán bộ báo cáo cấp xã", &commune, Role::Reporter),
            ("hanoi.thuongtruc", "Cơ quan thường trực thành phố Hà Nội", &hanoi, Role::Coordinator),
        ] {
            seeder.user(&mut tx, username, name, unit, role).await?;
        }
        for unit in [&root, &province, &hanoi] {
            seeder.committee(&mut tx, unit).await?;
        }
        if scale == Scale::National {
            seeder.national(&mut tx, &root).await?;
        }
        let volume = match scale {
            Scale::Small => crate::demo_tasks::Volume {
                central_per_province: 12,
                province_own: 14,
                to_communes: 2,
                to_departments: 0,
                commune_own: 2,
                provinces: Some(&["08", "01"]),
            },
            Scale::National => crate::demo_tasks::Volume {
                central_per_province: 100,
                province_own: 120,
                to_communes: 60,
                to_departments: 20,
                commune_own: 10,
                provinces: None,
            },
        };
        crate::demo_tasks::seed_tasks(&mut tx, actor, &root, &volume, self.today(), now).await?;
        let reach = crate::demo_indicators::Reach {
            provinces: volume.provinces,
            commune_rounds: (scale == Scale::Small).then_some(2),
        };
        crate::demo_indicators::seed_indicators(&mut tx, actor, &root, &reach, self.today(), now).await?;
        let logins = demo_logins(&mut tx).await?;
        tx.commit().await?;
        if scale == Scale::National {
            self.store.refresh_statistics().await?;
        }
        self.seed_evaluation(actor, &root).await?;
        Ok(logins)
    }
}

async fn demo_logins(tx: &mut Tx) -> Result<Vec<DemoLogin>> {
    let mut logins = Vec::new();
    for username in [
        "admin",
        "tw.thuongtruc",
        "tuyenquang.thuongtruc",
        "tuyenquang.lanhdao",
        "tuyenquang.kiemtra",
        "tuyenquang.xa",
        "hanoi.thuongtruc",
    ] {
        let Some(user) = tx.user_by_username(username).await? else { continue };
        let grants = tx.grants_of(user.id).await?;
        if let Some(grant) = grants.first() {
            logins.push(DemoLogin { username: user.username, role: grant.role, unit: grant.unit_name.clone() });
        }
    }
    Ok(logins)
}

/// Writes demo rows in one transaction, with their audit entries like any other change.
struct Seeder<'a> {
    actor: &'a Actor,
    /// One Argon2id hash shared by every demo account: hashing thousands would take minutes.
    hash: &'a str,
    now: jiff::Timestamp,
}

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
const MIDDLE: [&str; 4] = ["Văn", "Thị", "Minh", "Quốc"];
const GIVEN: [&str; 10] = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Long", "Mai", "Sơn"];

/// A made-up but plausible Vietnamese name; demo data names no real official.
fn person_name(seed: usize) -> String {
    format!("{} {} {}", FAMILY[seed % 8], MIDDLE[(seed / 8) % 4], GIVEN[(seed / 32) % 10])
}

const MINISTRIES: [&str; 17] = [
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
    "Ngân hàng Nhà nước Việt Nam",
    "Thanh tra Chính phủ",
    "Văn phòng Chính phủ",
];

const DEPARTMENTS: [&str; 20] = [
    "Văn phòng Tỉnh ủy",
    "Văn phòng UBND",
    "Sở Khoa học và Công nghệ",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Ngoại vụ",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Công an tỉnh",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Bộ Chỉ huy Quân sự tỉnh",
];

const MINISTRY_DEPARTMENTS: [&str; 25] = [
    "Văn phòng",
    "Vụ Tổ chức cán bộ",
    "Vụ Pháp chế",
    "Vụ Kế hoạch - Tài chính",
    "Vụ Hợp tác quốc tế",
    "Thanh tra",
    "Cục Chuyển đổi số",
    "Cục Công nghệ thông tin",
    "Trung tâm Dữ liệu",
    "Vụ Khoa học, Công nghệ",
    "Vụ Thi đua",
    "Cục Quản lý chất lượng",
    "Vụ Tổng hợp",
    "Vụ Chính sách",
    "Cục Kiểm tra",
    "Viện Chiến lược",
    "Tạp chí",
    "Trung tâm Thông tin",
    "Vụ Thống kê",
    "Cục Đổi mới sáng tạo",
    "Vụ Đào tạo",
    "Cục Hạ tầng số",
    "Vụ Truyền thông",
    "Ban Quản lý dự án",
    "Trung tâm Dịch vụ công",
];

impl Seeder<'_> {
    async fn user(&self, tx: &mut Tx, username: &str, name: &str, unit: &Unit, role: Role) -> Result<()> {
        let user = User {
            id: Uuid::now_v7(),
            username: username.to_owned(),
            display_name: name.to_owned(),
            email: None,
            unit_id: unit.id,
            password_hash: self.hash.to_owned(),
            disabled: false,
            must_change_password: false,
            locale: "vi".to_owned(),
            created_at: self.now,
            updated_at: self.now,
        };
        insert_user_recorded(tx, self.actor, &user, unit, Some(role), self.now).await
    }

    async fn committee(&self, tx: &mut Tx, unit: &Unit) -> Result<()> {
        let committee = Committee {
            unit_id: unit.id,
            name: format!("Ban Chỉ đạo về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số - {}", unit.name),
            standing_office_id: None,
            decision: String::new(),
            updated_at: self.now,
        };
        tx.upsert_committee(&committee).await?;
        let seed = unit.id.as_u128() as usize;
        let members = [
            (Body::Committee, MemberRole::Head, "Bí thư", "Chỉ đạo chung"),
            (Body::Committee, MemberRole::Deputy, "Chủ tịch", "Chuyển đổi số, Chính quyền số"),
            (
                Body::Committee,
                MemberRole::Member,
                "Giám đốc Sở Khoa học và Công nghệ",
                "Khoa học, công nghệ, đổi mới sáng tạo",
            ),
            (Body::WorkingGroup, MemberRole::Head, "Phó Chánh Văn phòng", "Tổng hợp, theo dõi"),
        ];
        let mut rows = Vec::new();
        for (i, (body, role, position, portfolio)) in members.into_iter().enumerate() {
            rows.push(CommitteeMember {
                id: Uuid::now_v7(),
                unit_id: unit.id,
                body,
                role,
                user_id: None,
                person_name: person_name(seed.wrapping_add(i * 7)),
                position: position.to_owned(),
                portfolio: portfolio.to_owned(),
                sort_order: i as i32,
                created_at: self.now,
            });
        }
        for member in &rows {
            tx.insert_committee_member(member).await?;
        }
        Change {
            action: "committee.update",
            object_type: "unit",
            object_id: unit.id.to_string(),
            unit_path: Some(&unit.path),
            before: None,
            after: snapshot(&serde_json::json!({ "committee": committee, "members": rows })),
        }
        .record(tx, self.actor, self.now)
        .await?;
        Ok(())
    }

    fn unit(&self, code: String, name: &str, kind: UnitKind, level: Level, parent: &Unit) -> Unit {
        let id = Uuid::now_v7();
        Unit {
            id,
            code,
            name: name.to_owned(),
            kind,
            level,
            parent_id: Some(parent.id),
            path: parent.path.child(id),
            established_on: None,
            dissolved_on: None,
            created_at: self.now,
            updated_at: self.now,
        }
    }

    /// Ministries with their departments, ~20 departments per province, and for every unit a
    /// committee and a reporting account.
    async fn national(&self, tx: &mut Tx, root: &Unit) -> Result<()> {
        let mut new_units = Vec::new();
        for (i, ministry) in MINISTRIES.iter().enumerate() {
            let unit = self.unit(format!("B{:02}", i + 1), ministry, UnitKind::Ministry, Level::Central, root);
            for (j, department) in MINISTRY_DEPARTMENTS.iter().enumerate() {
                new_units.push(self.unit(
                    format!("B{:02}-{:02}", i + 1, j + 1),
                    department,
                    UnitKind::Department,
                    Level::Central,
                    &unit,
                ));
            }
            new_units.push(unit);
        }
        for province in tx.children(root.id, nqtrack_store::Liveness::Live).await? {
            let province = province.unit;
            if !matches!(province.kind, UnitKind::Province | UnitKind::City) {
                continue;
            }
            for (j, department) in DEPARTMENTS.iter().enumerate() {
                new_units.push(self.unit(
                    format!("{}-S{:02}", province.code, j + 1),
                    department,
                    UnitKind::Department,
                    Level::Province,
                    &province,
                ));
            }
        }
        new_units.sort_by_key(|u| u.path.depth());
        for unit in &new_units {
            insert_unit_recorded(tx, self.actor, unit, "unit.create", self.now).await?;
        }
        let everyone = tx
            .subtree(&root.path, &nqtrack_domain::policy::Scope::Everything, nqtrack_store::Liveness::Live, i64::MAX, 0)
            .await?;
        for unit in &everyone {
            if tx.committee(unit.id).await?.is_none() {
                self.committee(tx, unit).await?;
            }
            let username = format!("u{}", unit.code.to_ascii_lowercase());
            if unit.path != root.path && tx.user_by_username(&username).await?.is_none() {
                self.user(tx, &username, &format!("Cán bộ báo cáo - {}", unit.name), unit, Role::Reporter).await?;
            }
        }
        Ok(())
    }
}
