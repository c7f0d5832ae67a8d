//! Demo indicators of Resolution 57 and digital transformation (domain.md §6): a catalogue of ~40
//! strategic and operational indicators, one data set per periodicity with its validation rules, the
//! rounds of 2025 and of this year up to the current period, targets per level with a few unit
//! overrides, and values for every reporting unit with a realistic mix of states (approved mostly,
//! some submitted, returned, late or missing; the current periods mostly not yet reported).
//!
//! The small demo (seeded for every test database) gives communes values in the two latest rounds of
//! each data set only, so that it stays quick; provinces have their whole series, and the national demo
//! gives every unit every round.
//!
//! Everything is deterministic (the same demo comes out every time for the same "today"). Values are
//! generated per unit from a size and an offset derived from the unit's code, so a commune stays large
//! or ahead of its peers from one period to the next and its series look plausible. At national scale
//! this writes close to a million values, so rows go in bulk and the audit log gets one summary entry
//! per province (and one for the ministries) rather than an entry per value.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::{Span, Timestamp};
use nqtrack_domain::indicator::{
    Aggregation, ApprovalSettings, DataSet, Direction, Formula, IndicatorCode, IndicatorDefinition, IndicatorGroup,
    IndicatorVersion, Round, Rule, Severity, Source, SubmissionState, Targets, ValidationRule, Value, ValueType,
    check_catalogue, check_round, check_value,
};
use nqtrack_domain::period::{Period, Periodicity};
use nqtrack_domain::policy::Actor;
use nqtrack_domain::task::Field;
use nqtrack_domain::unit::{Level, Name, UnitKind};
use nqtrack_store::{DataSetRecord, IndicatorTarget, IndicatorValue, Liveness, RoundRecord, Submission, Tx, Unit};
use uuid::Uuid;

use crate::audit::{Change, snapshot};
use crate::{AppError, Result};

/// The first year with rounds; rounds run from its first period to the period containing today.
pub const FIRST_YEAR: i16 = 2025;

/// How a demo value is made for a unit and period.
#[derive(Clone, Copy)]
enum Gen {
    /// A percent: `start` in January of the first year, `gain` points a year, units ± `spread`.
    Share { start: f64, gain: f64, spread: f64 },
    /// A count per period for a commune of average size, growing by `gain` (a fraction) a year.
    Count { per_unit: f64, gain: f64 },
    /// An amount (two decimals), growing by `gain` a year.
    Amount { per_unit: f64, gain: f64 },
    /// A part (`start` % plus `gain` points a year) of another indicator of the same form, listed before.
    PartOf { of: &'static str, start: f64, gain: f64 },
    /// A count that falls towards zero by `fall` (a fraction of the start) a year.
    Falling { per_unit: f64, fall: f64 },
    /// Yes for `start` % of units at the start and `gain` points more a year; a unit stays "yes".
    Yes { start: f64, gain: f64 },
    /// A numerator and a denominator: `per_unit` cases, `start` % (plus `gain` points a year) of them.
    Parts { per_unit: f64, start: f64, gain: f64 },
    /// Computed by its formula: nothing is entered.
    Computed,
}

#[derive(Clone, Copy)]
enum Src {
    Entered,
    Imported(&'static str),
    Formula(&'static str),
}

/// One indicator of the demo catalogue.
struct Spec {
    code: &'static str,
    vi: &'static str,
    en: &'static str,
    unit_of_measure: &'static str,
    value_type: ValueType,
    lower_is_better: bool,
    strategic: bool,
    field: Field,
    periodicity: Periodicity,
    levels: &'static [Level],
    aggregation: Aggregation,
    source: Src,
    generate: Gen,
    /// The default targets of the commune level and of the province (and central) levels.
    targets: Option<(f64, f64)>,
}

const C: &[Level] = &[Level::Commune];
const PC: &[Level] = &[Level::Province, Level::Commune];
const P: &[Level] = &[Level::Province];
const MP: &[Level] = &[Level::Central, Level::Province];
const M: &[Level] = &[Level::Central];

const PORTAL: &str = "Cổng Dịch vụ công quốc gia";
const VNEID: &str = "Ứng dụng định danh điện tử quốc gia VNeID";

use Aggregation::{Average, RatioOfSums, ShareYes, Sum};
use Periodicity::{Month, Quarter, Year};
use ValueType::{Number, Percent, Ratio, YesNo};

#[rustfmt::skip]
const CATALOGUE: &[Spec] = &[
    // ---- Monthly: public services, payments, identity (mostly imported from national systems) ----
    Spec { code: "DVC_HS_TIEP_NHAN", vi: "Số hồ sơ thủ tục hành chính tiếp nhận trên Cổng Dịch vụ công quốc gia", en: "Administrative records received by the national public service portal", unit_of_measure: "hồ sơ", value_type: Number, lower_is_better: false, strategic: false, field: Field::DigitalGovernment, periodicity: Month, levels: PC, aggregation: Sum, source: Src::Imported(PORTAL), generate: Gen::Count { per_unit: 420.0, gain: 0.35 }, targets: None },
    Spec { code: "DVC_HS_TRUC_TUYEN", vi: "Số hồ sơ nộp trực tuyến", en: "Records filed online", unit_of_measure: "hồ sơ", value_type: Number, lower_is_better: false, strategic: false, field: Field::DigitalGovernment, periodicity: Month, levels: PC, aggregation: Sum, source: Src::Imported(PORTAL), generate: Gen::PartOf { of: "DVC_HS_TIEP_NHAN", start: 45.0, gain: 18.0 }, targets: None },
    Spec { code: "DVC_TL_HS_TRUC_TUYEN", vi: "Tỷ lệ hồ sơ nộp trực tuyến", en: "Share of records filed online", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: true, field: Field::DigitalGovernment, periodicity: Month, levels: PC, aggregation: Average, source: Src::Formula("DVC_HS_TRUC_TUYEN / DVC_HS_TIEP_NHAN * 100"), generate: Gen::Computed, targets: Some((70.0, 70.0)) },
    Spec { code: "DVC_HS_DUNG_HAN", vi: "Hồ sơ giải quyết đúng hạn trên tổng số hồ sơ đã giải quyết", en: "Records settled on time out of records settled", unit_of_measure: "hồ sơ", value_type: Ratio, lower_is_better: false, strategic: false, field: Field::DigitalGovernment, periodicity: Month, levels: PC, aggregation: RatioOfSums, source: Src::Imported(PORTAL), generate: Gen::Parts { per_unit: 380.0, start: 91.0, gain: 3.0 }, targets: Some((95.0, 95.0)) },
    Spec { code: "DVC_HS_TRE_HAN", vi: "Số hồ sơ giải quyết trễ hạn", en: "Records settled late", unit_of_measure: "hồ sơ", value_type: Number, lower_is_better: true, strategic: false, field: Field::DigitalGovernment, periodicity: Month, levels: PC, aggregation: Sum, source: Src::Imported(PORTAL), generate: Gen::Falling { per_unit: 24.0, fall: 0.3 }, targets: None },
    Spec { code: "DVC_TL_SO_HOA_KQ", vi: "Tỷ lệ số hóa kết quả giải quyết thủ tục hành chính", en: "Share of administrative decisions digitised", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: false, field: Field::Data, periodicity: Month, levels: PC, aggregation: Average, source: Src::Entered, generate: Gen::Share { start: 62.0, gain: 16.0, spread: 15.0 }, targets: Some((90.0, 100.0)) },
    Spec { code: "TT_SO_GD_TONG", vi: "Tổng số giao dịch nộp phí, lệ phí thủ tục hành chính", en: "Fee payments for administrative procedures, all channels", unit_of_measure: "giao dịch", value_type: Number, lower_is_better: false, strategic: false, field: Field::DigitalEconomy, periodicity: Month, levels: PC, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 260.0, gain: 0.2 }, targets: None },
    Spec { code: "TT_SO_GD_TRUC_TUYEN", vi: "Số giao dịch thanh toán trực tuyến", en: "Online payments (count)", unit_of_measure: "giao dịch", value_type: Number, lower_is_better: false, strategic: false, field: Field::DigitalEconomy, periodicity: Month, levels: PC, aggregation: Sum, source: Src::Imported(PORTAL), generate: Gen::PartOf { of: "TT_SO_GD_TONG", start: 35.0, gain: 20.0 }, targets: None },
    Spec { code: "TT_GIA_TRI_TRUC_TUYEN", vi: "Giá trị thanh toán trực tuyến", en: "Online payments (value)", unit_of_measure: "triệu đồng", value_type: Number, lower_is_better: false, strategic: false, field: Field::DigitalEconomy, periodicity: Month, levels: PC, aggregation: Sum, source: Src::Imported(PORTAL), generate: Gen::Amount { per_unit: 38.0, gain: 0.45 }, targets: None },
    Spec { code: "TT_TL_TRUC_TUYEN", vi: "Tỷ lệ giao dịch thanh toán trực tuyến", en: "Online payment share", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: true, field: Field::DigitalEconomy, periodicity: Month, levels: PC, aggregation: Average, source: Src::Formula("TT_SO_GD_TRUC_TUYEN / TT_SO_GD_TONG * 100"), generate: Gen::Computed, targets: Some((50.0, 60.0)) },
    Spec { code: "VNEID_TK_MOI", vi: "Số tài khoản định danh điện tử mức 2 được kích hoạt", en: "Level-2 electronic identity (VNeID) accounts activated", unit_of_measure: "tài khoản", value_type: Number, lower_is_better: false, strategic: false, field: Field::Data, periodicity: Month, levels: C, aggregation: Sum, source: Src::Imported(VNEID), generate: Gen::Falling { per_unit: 180.0, fall: 0.25 }, targets: None },
    Spec { code: "TO_CNS_LUOT_HO_TRO", vi: "Số lượt hỗ trợ người dân của tổ công nghệ số cộng đồng", en: "Help sessions given by community digital technology teams", unit_of_measure: "lượt", value_type: Number, lower_is_better: false, strategic: false, field: Field::DigitalSociety, periodicity: Month, levels: C, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 95.0, gain: 0.15 }, targets: None },
    // ---- Quarterly: digital government, infrastructure, skills, enterprises ----
    Spec { code: "TTHC_TL_TOAN_TRINH", vi: "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", en: "Share of administrative procedures offered fully online", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: true, field: Field::DigitalGovernment, periodicity: Quarter, levels: PC, aggregation: Average, source: Src::Entered, generate: Gen::Share { start: 58.0, gain: 14.0, spread: 18.0 }, targets: Some((80.0, 80.0)) },
    Spec { code: "BCD_XA_THANH_LAP", vi: "Xã đã thành lập Ban Chỉ đạo về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", en: "Commune has a steering committee for science, technology, innovation and digital transformation", unit_of_measure: "", value_type: YesNo, lower_is_better: false, strategic: true, field: Field::Institutions, periodicity: Quarter, levels: C, aggregation: ShareYes, source: Src::Entered, generate: Gen::Yes { start: 62.0, gain: 60.0 }, targets: Some((100.0, 100.0)) },
    Spec { code: "KH57_BAN_HANH", vi: "Đã ban hành kế hoạch thực hiện Nghị quyết 57-NQ/TW", en: "Plan implementing Resolution 57 issued", unit_of_measure: "", value_type: YesNo, lower_is_better: false, strategic: true, field: Field::Institutions, periodicity: Quarter, levels: C, aggregation: ShareYes, source: Src::Entered, generate: Gen::Yes { start: 40.0, gain: 70.0 }, targets: Some((100.0, 100.0)) },
    Spec { code: "HTTT_TTHC_DUNG_CHUNG", vi: "Sử dụng hệ thống thông tin giải quyết thủ tục hành chính dùng chung của tỉnh", en: "Uses the province's shared administrative procedure system", unit_of_measure: "", value_type: YesNo, lower_is_better: false, strategic: false, field: Field::DigitalGovernment, periodicity: Quarter, levels: C, aggregation: ShareYes, source: Src::Entered, generate: Gen::Yes { start: 75.0, gain: 30.0 }, targets: Some((100.0, 100.0)) },
    Spec { code: "THON_LOM_SONG", vi: "Số thôn, bản chưa có sóng thông tin di động", en: "Villages without mobile signal", unit_of_measure: "thôn", value_type: Number, lower_is_better: true, strategic: true, field: Field::Infrastructure, periodicity: Quarter, levels: C, aggregation: Sum, source: Src::Entered, generate: Gen::Falling { per_unit: 1.6, fall: 0.45 }, targets: Some((0.0, 0.0)) },
    Spec { code: "THON_CHUA_DIEN", vi: "Số thôn, bản chưa có điện lưới quốc gia", en: "Villages without grid electricity", unit_of_measure: "thôn", value_type: Number, lower_is_better: true, strategic: true, field: Field::Infrastructure, periodicity: Quarter, levels: C, aggregation: Sum, source: Src::Entered, generate: Gen::Falling { per_unit: 0.9, fall: 0.35 }, targets: Some((0.0, 0.0)) },
    Spec { code: "HO_CAP_QUANG", vi: "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang", en: "Households with fibre broadband", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: true, field: Field::Infrastructure, periodicity: Quarter, levels: C, aggregation: Average, source: Src::Entered, generate: Gen::Share { start: 71.0, gain: 8.0, spread: 20.0 }, targets: Some((85.0, 85.0)) },
    Spec { code: "CBCC_KY_NANG_SO", vi: "Tỷ lệ cán bộ, công chức cấp xã được tập huấn kỹ năng số", en: "Commune officials trained in digital skills", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: false, field: Field::HumanResources, periodicity: Quarter, levels: C, aggregation: Average, source: Src::Entered, generate: Gen::Share { start: 55.0, gain: 25.0, spread: 20.0 }, targets: Some((100.0, 100.0)) },
    Spec { code: "NGUOI_DAN_KY_NANG_SO", vi: "Số người dân được phổ cập kỹ năng số", en: "Residents taught basic digital skills", unit_of_measure: "người", value_type: Number, lower_is_better: false, strategic: false, field: Field::DigitalSociety, periodicity: Quarter, levels: C, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 310.0, gain: 0.3 }, targets: None },
    Spec { code: "VNEID_TL_MUC2", vi: "Tỷ lệ người dân từ 14 tuổi có tài khoản định danh điện tử mức 2", en: "Residents aged 14 and over with a level-2 VNeID account", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: true, field: Field::Data, periodicity: Quarter, levels: C, aggregation: Average, source: Src::Imported(VNEID), generate: Gen::Share { start: 72.0, gain: 10.0, spread: 12.0 }, targets: Some((90.0, 90.0)) },
    Spec { code: "CSDL_KET_NOI_DAN_CU", vi: "Số cơ sở dữ liệu chuyên ngành đã kết nối với Cơ sở dữ liệu quốc gia về dân cư", en: "Sector databases connected to the national population database", unit_of_measure: "cơ sở dữ liệu", value_type: Number, lower_is_better: false, strategic: false, field: Field::Data, periodicity: Quarter, levels: MP, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 1.1, gain: 0.6 }, targets: None },
    Spec { code: "DN_CONG_NGHE_SO", vi: "Số doanh nghiệp công nghệ số đang hoạt động", en: "Digital technology enterprises in operation", unit_of_measure: "doanh nghiệp", value_type: Number, lower_is_better: false, strategic: true, field: Field::DigitalEconomy, periodicity: Quarter, levels: P, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 52.0, gain: 0.12 }, targets: None },
    Spec { code: "DN_KHCN", vi: "Số doanh nghiệp khoa học và công nghệ", en: "Science and technology enterprises", unit_of_measure: "doanh nghiệp", value_type: Number, lower_is_better: false, strategic: true, field: Field::ScienceTechnology, periodicity: Quarter, levels: P, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 4.5, gain: 0.15 }, targets: None },
    Spec { code: "DN_KHOI_NGHIEP_ST", vi: "Số doanh nghiệp khởi nghiệp sáng tạo được hỗ trợ", en: "Innovative start-ups supported", unit_of_measure: "doanh nghiệp", value_type: Number, lower_is_better: false, strategic: false, field: Field::Innovation, periodicity: Quarter, levels: P, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 1.8, gain: 0.4 }, targets: None },
    Spec { code: "NV_KHCN_DAT_HANG", vi: "Số nhiệm vụ khoa học và công nghệ được đặt hàng", en: "Science and technology projects commissioned", unit_of_measure: "nhiệm vụ", value_type: Number, lower_is_better: false, strategic: false, field: Field::ScienceTechnology, periodicity: Quarter, levels: MP, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 1.4, gain: 0.3 }, targets: None },
    Spec { code: "VON_CDS_GIAI_NGAN", vi: "Tỷ lệ giải ngân vốn đầu tư cho chuyển đổi số", en: "Disbursement of digital transformation investment", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: false, field: Field::DigitalGovernment, periodicity: Quarter, levels: MP, aggregation: Average, source: Src::Entered, generate: Gen::Share { start: 38.0, gain: 20.0, spread: 20.0 }, targets: Some((95.0, 95.0)) },
    Spec { code: "HTTT_CHUA_CAP_DO", vi: "Số hệ thống thông tin chưa được phê duyệt cấp độ an toàn thông tin", en: "Information systems without an approved security level", unit_of_measure: "hệ thống", value_type: Number, lower_is_better: true, strategic: false, field: Field::Security, periodicity: Quarter, levels: MP, aggregation: Sum, source: Src::Entered, generate: Gen::Falling { per_unit: 1.5, fall: 0.4 }, targets: Some((0.0, 0.0)) },
    Spec { code: "DVC_MUC_HAI_LONG", vi: "Mức độ hài lòng của người dân, doanh nghiệp với dịch vụ công trực tuyến", en: "Satisfaction with online public services", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: false, field: Field::DigitalGovernment, periodicity: Quarter, levels: P, aggregation: Average, source: Src::Imported(PORTAL), generate: Gen::Share { start: 82.0, gain: 5.0, spread: 8.0 }, targets: Some((90.0, 90.0)) },
    Spec { code: "TOC_DO_DI_DONG", vi: "Tốc độ truy cập Internet băng rộng di động trung bình", en: "Average mobile broadband speed", unit_of_measure: "Mbps", value_type: Number, lower_is_better: false, strategic: false, field: Field::Infrastructure, periodicity: Quarter, levels: P, aggregation: Average, source: Src::Imported("Cục Viễn thông"), generate: Gen::Amount { per_unit: 8.5, gain: 0.2 }, targets: None },
    // ---- Yearly: budget, research, the digital economy ----
    Spec { code: "NS_CDS_TL", vi: "Tỷ lệ chi ngân sách cho chuyển đổi số", en: "Share of the budget spent on digital transformation", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: true, field: Field::DigitalGovernment, periodicity: Year, levels: MP, aggregation: Average, source: Src::Entered, generate: Gen::Share { start: 1.4, gain: 0.6, spread: 0.7 }, targets: Some((2.0, 2.0)) },
    Spec { code: "NS_KHCN_DMST_CDS_TL", vi: "Tỷ lệ chi ngân sách cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", en: "Share of the budget for science, technology, innovation and digital transformation", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: true, field: Field::ScienceTechnology, periodicity: Year, levels: MP, aggregation: Average, source: Src::Entered, generate: Gen::Share { start: 2.1, gain: 0.8, spread: 0.8 }, targets: Some((3.0, 3.0)) },
    Spec { code: "RD_GRDP_TL", vi: "Chi cho nghiên cứu và phát triển so với GRDP", en: "Research and development spending as a share of GRDP", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: true, field: Field::ScienceTechnology, periodicity: Year, levels: P, aggregation: Average, source: Src::Entered, generate: Gen::Share { start: 0.5, gain: 0.25, spread: 0.3 }, targets: Some((2.0, 2.0)) },
    Spec { code: "KTS_GRDP_TL", vi: "Tỷ trọng kinh tế số trong GRDP", en: "Digital economy share of GRDP", unit_of_measure: "%", value_type: Percent, lower_is_better: false, strategic: true, field: Field::DigitalEconomy, periodicity: Year, levels: P, aggregation: Average, source: Src::Imported("Cục Thống kê"), generate: Gen::Share { start: 13.0, gain: 2.5, spread: 6.0 }, targets: Some((20.0, 20.0)) },
    Spec { code: "DON_SANG_CHE", vi: "Số đơn đăng ký sáng chế", en: "Patent applications filed", unit_of_measure: "đơn", value_type: Number, lower_is_better: false, strategic: true, field: Field::Innovation, periodicity: Year, levels: P, aggregation: Sum, source: Src::Imported("Cục Sở hữu trí tuệ"), generate: Gen::Count { per_unit: 14.0, gain: 0.17 }, targets: None },
    Spec { code: "CSDL_QG_VAN_HANH", vi: "Số cơ sở dữ liệu quốc gia, chuyên ngành đưa vào vận hành", en: "National and sector databases in operation", unit_of_measure: "cơ sở dữ liệu", value_type: Number, lower_is_better: false, strategic: true, field: Field::Data, periodicity: Year, levels: M, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 0.9, gain: 0.5 }, targets: None },
    Spec { code: "CHI_CDS_XA", vi: "Kinh phí chi cho chuyển đổi số của xã", en: "Commune spending on digital transformation", unit_of_measure: "triệu đồng", value_type: Number, lower_is_better: false, strategic: false, field: Field::DigitalGovernment, periodicity: Year, levels: C, aggregation: Sum, source: Src::Entered, generate: Gen::Amount { per_unit: 450.0, gain: 0.3 }, targets: None },
    Spec { code: "CB_CHUYEN_TRACH_CDS", vi: "Số cán bộ chuyên trách công nghệ thông tin, chuyển đổi số", en: "Officials dedicated to IT and digital transformation", unit_of_measure: "người", value_type: Number, lower_is_better: false, strategic: false, field: Field::HumanResources, periodicity: Year, levels: PC, aggregation: Sum, source: Src::Entered, generate: Gen::Count { per_unit: 1.3, gain: 0.4 }, targets: None },
    Spec { code: "XA_CHINH_QUYEN_SO", vi: "Xã đạt tiêu chí chính quyền số", en: "Commune meets the digital government criteria", unit_of_measure: "", value_type: YesNo, lower_is_better: false, strategic: true, field: Field::DigitalGovernment, periodicity: Year, levels: C, aggregation: ShareYes, source: Src::Entered, generate: Gen::Yes { start: 18.0, gain: 32.0 }, targets: Some((50.0, 50.0)) },
];

fn internal(what: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("demo indicators: {what}"))
}

fn definition(spec: &Spec) -> Result<IndicatorDefinition> {
    let source = match spec.source {
        Src::Entered => Source::Entered,
        Src::Imported(system) => Source::Imported { system: system.to_owned() },
        Src::Formula(text) => {
            Source::Formula(Formula::parse(text).map_err(|e| internal(format!("{}: {e:?}", spec.code)))?)
        }
    };
    let definition = IndicatorDefinition {
        code: IndicatorCode::parse("code", spec.code)?,
        version: IndicatorVersion::FIRST,
        name_vi: Name::parse("name_vi", spec.vi)?,
        name_en: Some(Name::parse("name_en", spec.en)?),
        unit_of_measure: spec.unit_of_measure.to_owned(),
        value_type: spec.value_type,
        direction: if spec.lower_is_better { Direction::LowerIsBetter } else { Direction::HigherIsBetter },
        group: if spec.strategic { IndicatorGroup::Strategic } else { IndicatorGroup::Operational },
        field: Some(spec.field),
        periodicity: spec.periodicity,
        levels: spec.levels.to_vec(),
        aggregation: spec.aggregation,
        weight: None,
        source,
        allow_negative: false,
        tasks: Vec::new(),
    };
    definition.check()?;
    Ok(definition)
}

/// A deterministic generator, so the same demo comes out every time.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        self.below(10_000) as f64 / 10_000.0
    }
}

/// FNV-1a of a text: a stable seed per unit (and per unit and indicator).
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A number in [0, 1) fixed for a seed.
fn fraction(seed: u64) -> f64 {
    (seed % 10_007) as f64 / 10_007.0
}

fn plus(date: Date, days: i64) -> Date {
    date.checked_add(Span::new().days(days)).unwrap_or(date)
}

/// What a unit is like, for every indicator: its size (1 for an average commune) and its seed.
struct Profile<'a> {
    unit: &'a Unit,
    size: f64,
}

impl<'a> Profile<'a> {
    fn new(unit: &'a Unit) -> Self {
        let base = 0.35 + 1.9 * fraction(hash(&[&unit.code, "size"]));
        let size = match unit.level {
            Level::Commune => base,
            // A province's own figures (its departments' procedures, its enterprises) and a ministry's.
            Level::Province => 6.0 * base,
            Level::Central => 3.0 * base,
        };
        Self { unit, size }
    }

    /// Where the unit stands among its peers on one indicator, in [-1, 1), fixed over time.
    fn offset(&self, code: &str) -> f64 {
        2.0 * fraction(hash(&[&self.unit.code, code])) - 1.0
    }
}

/// Years since January of the first year, at the start of the period.
fn years_in(period: Period) -> f64 {
    let start = period.start();
    f64::from((start.year() - FIRST_YEAR) * 12 + i16::from(start.month()) - 1) / 12.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The value of one indicator for a unit and period; `done` has the values already made for the same
/// unit and period (a part reads its whole there).
fn generate(
    spec: &Spec,
    profile: &Profile<'_>,
    period: Period,
    dice: &mut Dice,
    done: &BTreeMap<&'static str, f64>,
) -> Option<Value> {
    let t = years_in(period);
    let offset = profile.offset(spec.code);
    let noise = 0.85 + 0.3 * dice.unit();
    let size = profile.size;
    Some(match spec.generate {
        Gen::Share { start, gain, spread } => {
            let wobble = (dice.unit() - 0.5) * spread * 0.2;
            Value::Number(round2((start + gain * t + offset * spread + wobble).clamp(0.0, 100.0)))
        }
        Gen::Count { per_unit, gain } => Value::Number((per_unit * size * (1.0 + gain * t) * noise).round()),
        Gen::Amount { per_unit, gain } => Value::Number(round2(per_unit * size * (1.0 + gain * t) * noise)),
        Gen::PartOf { of, start, gain } => {
            let whole = *done.get(of)?;
            let share = (start + gain * t + offset * 12.0 + (dice.unit() - 0.5) * 4.0).clamp(0.0, 100.0);
            Value::Number((whole * share / 100.0).round().min(whole))
        }
        Gen::Falling { per_unit, fall } => {
            let left = (1.0 - fall * t).max(0.0) * (1.0 + offset) * per_unit * size;
            Value::Number((left * noise).floor().max(0.0))
        }
        Gen::Yes { start, gain } => {
            let rank = 100.0 * fraction(hash(&[&profile.unit.code, spec.code, "rank"]));
            Value::YesNo(rank < start + gain * t)
        }
        Gen::Parts { per_unit, start, gain } => {
            let denominator = (per_unit * size * noise).round().max(1.0);
            let share = (start + gain * t + offset * 5.0 + (dice.unit() - 0.5) * 3.0).clamp(0.0, 100.0);
            let numerator = (denominator * share / 100.0).round().min(denominator);
            Value::Ratio { numerator, denominator }
        }
        Gen::Computed => return None,
    })
}

/// The periods of a periodicity from the first year to the one containing `today`.
fn periods(periodicity: Periodicity, today: Date) -> Vec<Period> {
    let Ok(first) = Date::new(FIRST_YEAR, 1, 1) else { return Vec::new() };
    let mut period = Period::containing(periodicity, first);
    let last = Period::containing(periodicity, today);
    let mut periods = Vec::new();
    while period <= last {
        periods.push(period);
        period = period.next();
    }
    periods
}

/// Due dates: communes five days after the period, provinces ten, ministries fifteen; entry locks
/// sixty days after the period.
fn round_for(period: Period) -> Round {
    let end = period.end();
    Round {
        period,
        due_dates: vec![
            (Level::Commune, plus(end, 5)),
            (Level::Province, plus(end, 10)),
            (Level::Central, plus(end, 15)),
        ],
        locks_on: Some(plus(end, 60)),
        closed: false,
    }
}

fn rule(text: &str, severity: Severity) -> Result<ValidationRule> {
    Ok(ValidationRule { rule: Rule::parse_compare("rule", text)?, severity, note: None })
}

fn jump(code: &str, max_change_percent: f64) -> Result<ValidationRule> {
    Ok(ValidationRule {
        rule: Rule::Jump { indicator: IndicatorCode::parse("indicator", code)?, max_change_percent },
        severity: Severity::Warn,
        note: Some("Biến động lớn so với kỳ trước cần có giải trình".to_owned()),
    })
}

/// The data sets: one per periodicity, each with its validation rules.
fn data_sets() -> Result<Vec<(&'static str, Periodicity, Vec<ValidationRule>)>> {
    Ok(vec![
        (
            "Báo cáo tháng về dịch vụ công trực tuyến và thanh toán số",
            Month,
            vec![
                rule("DVC_HS_TRUC_TUYEN <= DVC_HS_TIEP_NHAN", Severity::Block)?,
                rule("TT_SO_GD_TRUC_TUYEN <= TT_SO_GD_TONG", Severity::Block)?,
                jump("DVC_HS_TIEP_NHAN", 100.0)?,
            ],
        ),
        (
            "Báo cáo quý thực hiện Nghị quyết 57-NQ/TW",
            Quarter,
            vec![jump("THON_LOM_SONG", 50.0)?, jump("DN_CONG_NGHE_SO", 30.0)?],
        ),
        (
            "Báo cáo năm về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            Year,
            vec![rule("NS_CDS_TL <= NS_KHCN_DMST_CDS_TL", Severity::Warn)?],
        ),
    ])
}

/// What was seeded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seeded {
    pub indicators: usize,
    pub rounds: usize,
    pub targets: usize,
    pub submissions: usize,
    pub values: usize,
}

/// Which units report: the provinces given (all when `None`) with their communes, and the ministries.
pub(crate) struct Reach<'a> {
    pub provinces: Option<&'a [&'a str]>,
    /// Communes have values only in this many latest rounds of each data set (`None`: in every
    /// round). The small demo, seeded for every test database, keeps to the two latest so that it
    /// stays quick; provinces and ministries always have their whole series.
    pub commune_rounds: Option<usize>,
}

struct Writer<'a> {
    actor: &'a Actor,
    now: Timestamp,
    today: Date,
    dice: Dice,
    definitions: BTreeMap<&'static str, IndicatorDefinition>,
    ids: BTreeMap<&'static str, Uuid>,
    seeded: Seeded,
}

/// A round with the indicators each level enters in it, in catalogue order.
struct OpenRound {
    record: RoundRecord,
    /// How many rounds of the same data set are later (0: the current period's).
    age: usize,
    forms: BTreeMap<Level, Vec<&'static Spec>>,
}

pub(crate) async fn seed_indicators(
    tx: &mut Tx,
    actor: &Actor,
    root: &Unit,
    reach: &Reach<'_>,
    today: Date,
    now: Timestamp,
) -> Result<Seeded> {
    if tx.indicator_by_code(CATALOGUE[0].code).await?.is_some() {
        return Ok(Seeded::default());
    }
    let started = std::time::Instant::now();
    let mut writer = Writer {
        actor,
        now,
        today,
        dice: Dice(0x9e37_79b9_7f4a_7c15),
        definitions: BTreeMap::new(),
        ids: BTreeMap::new(),
        seeded: Seeded::default(),
    };
    // The catalogue, checked whole like the use case does.
    let definitions = CATALOGUE.iter().map(definition).collect::<Result<Vec<_>>>()?;
    check_catalogue(&definitions)?;
    for (spec, definition) in CATALOGUE.iter().zip(&definitions) {
        let id = Uuid::now_v7();
        tx.insert_indicator(id, definition, actor.user_id(), now).await?;
        Change {
            action: "indicator.create",
            object_type: "indicator",
            object_id: id.to_string(),
            unit_path: Some(&root.path),
            before: None,
            after: snapshot(definition),
        }
        .record(tx, actor, now)
        .await?;
        writer.ids.insert(spec.code, id);
        writer.definitions.insert(spec.code, definition.clone());
    }
    writer.seeded.indicators = definitions.len();
    // Data sets and their rounds.
    let mut rounds: Vec<OpenRound> = Vec::new();
    for (name, periodicity, rules) in data_sets()? {
        let codes: Vec<IndicatorCode> =
            definitions.iter().filter(|d| d.periodicity == periodicity).map(|d| d.code.clone()).collect();
        let data_set = DataSet { name: Name::parse("name", name)?, periodicity, indicators: codes };
        data_set.check(&definitions)?;
        for rule in &rules {
            rule.check(&definitions)?;
        }
        let record = DataSetRecord {
            id: Uuid::now_v7(),
            data_set,
            rules,
            // The centre approves a province's own report whatever its communes' state.
            settings: ApprovalSettings { children_first: false },
            created_by: actor.user_id(),
            created_at: now,
        };
        tx.insert_data_set(&record).await?;
        Change {
            action: "indicator.data_set.create",
            object_type: "indicator_data_set",
            object_id: record.id.to_string(),
            unit_path: Some(&root.path),
            before: None,
            after: snapshot(&record),
        }
        .record(tx, actor, now)
        .await?;
        let mut forms: BTreeMap<Level, Vec<&'static Spec>> = BTreeMap::new();
        for level in Level::ALL.iter().copied() {
            let form: Vec<&'static Spec> = CATALOGUE
                .iter()
                .filter(|s| s.periodicity == periodicity && s.levels.contains(&level))
                .filter(|s| !matches!(s.generate, Gen::Computed))
                .collect();
            if !form.is_empty() {
                forms.insert(level, form);
            }
        }
        let mut opened = Vec::new();
        let periods = periods(periodicity, today);
        let count = periods.len();
        for (i, period) in periods.into_iter().enumerate() {
            let round = round_for(period);
            check_round(&round, &record.data_set)?;
            let round = RoundRecord {
                id: Uuid::now_v7(),
                data_set_id: record.id,
                round,
                created_by: actor.user_id(),
                created_at: now,
            };
            tx.insert_round(&round).await?;
            opened.push(period.label());
            rounds.push(OpenRound { record: round, age: count - 1 - i, forms: forms.clone() });
        }
        Change {
            action: "indicator.round.open",
            object_type: "indicator_data_set",
            object_id: record.id.to_string(),
            unit_path: Some(&root.path),
            before: None,
            after: snapshot(&serde_json::json!({ "periods": opened })),
        }
        .record(tx, actor, now)
        .await?;
        writer.seeded.rounds += opened.len();
    }
    // Who reports.
    let top = tx.children(root.id, Liveness::Live).await?;
    let provinces: Vec<Unit> = top
        .iter()
        .map(|c| c.unit.clone())
        .filter(|u| matches!(u.kind, UnitKind::Province | UnitKind::City))
        .filter(|u| reach.provinces.is_none_or(|only| only.contains(&u.code.as_str())))
        .collect();
    let ministries: Vec<Unit> = top.iter().map(|c| c.unit.clone()).filter(|u| u.kind == UnitKind::Ministry).collect();
    writer.targets(tx, root, &rounds, &provinces).await?;
    if !ministries.is_empty() {
        writer.values(tx, root, &rounds, &ministries, None).await?;
    }
    for province in &provinces {
        let mut units = vec![province.clone()];
        units.extend(
            tx.children(province.id, Liveness::Live)
                .await?
                .into_iter()
                .map(|c| c.unit)
                .filter(|u| u.level == Level::Commune),
        );
        writer.values(tx, province, &rounds, &units, reach.commune_rounds).await?;
    }
    let seeded = writer.seeded;
    tracing::info!(
        indicators = seeded.indicators,
        rounds = seeded.rounds,
        targets = seeded.targets,
        submissions = seeded.submissions,
        values = seeded.values,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo indicators seeded"
    );
    Ok(seeded)
}

impl Writer<'_> {
    fn id(&self, code: &str) -> Result<Uuid> {
        self.ids.get(code).copied().ok_or_else(|| internal(format!("no id for {code}")))
    }

    /// Level defaults for every period of a round, a baseline for percents, and a few overrides: Hà Nội
    /// aims higher on the science budget, Tuyên Quang lower on fully online procedures, and one commune
    /// in nine (remote ones) has a lower online target.
    async fn targets(&mut self, tx: &mut Tx, root: &Unit, rounds: &[OpenRound], provinces: &[Unit]) -> Result<()> {
        let mut targets = Vec::new();
        let target = |indicator_id, period, level, unit: Option<&Unit>, target, baseline| IndicatorTarget {
            indicator_id,
            period,
            level: if unit.is_some() { None } else { Some(level) },
            unit_id: unit.map(|u| u.id),
            unit_path: unit.map(|u| u.path.clone()),
            targets: Targets { target: Some(target), baseline },
            updated_by: self.actor.user_id(),
            updated_at: self.now,
        };
        let periods: Vec<Period> = rounds.iter().map(|r| r.record.round.period).collect();
        for spec in CATALOGUE {
            let Some((commune, province)) = spec.targets else { continue };
            let id = self.id(spec.code)?;
            let baseline = match spec.generate {
                Gen::Share { start, .. } => Some(start),
                _ => None,
            };
            for period in periods.iter().filter(|p| p.periodicity == spec.periodicity) {
                for level in spec.levels {
                    let value = if *level == Level::Commune { commune } else { province };
                    targets.push(target(id, *period, *level, None, value, baseline));
                }
            }
        }
        let budget = self.id("NS_KHCN_DMST_CDS_TL")?;
        let online = self.id("TTHC_TL_TOAN_TRINH")?;
        for province in provinces {
            let own: Vec<(Uuid, f64)> = match province.code.as_str() {
                "01" | "79" => vec![(budget, 3.5)],
                "08" => vec![(online, 70.0)],
                _ => Vec::new(),
            };
            for period in &periods {
                for (id, value) in &own {
                    let periodicity = if *id == budget { Year } else { Quarter };
                    if period.periodicity == periodicity {
                        targets.push(target(*id, *period, Level::Province, Some(province), *value, None));
                    }
                }
            }
            let communes = tx.children(province.id, Liveness::Live).await?;
            for commune in communes.iter().map(|c| &c.unit).filter(|u| u.level == Level::Commune).step_by(9) {
                for period in periods.iter().filter(|p| p.periodicity == Quarter) {
                    targets.push(target(online, *period, Level::Commune, Some(commune), 60.0, None));
                }
            }
        }
        tx.insert_indicator_targets(&targets).await?;
        Change {
            action: "indicator.target",
            object_type: "indicator",
            object_id: root.id.to_string(),
            unit_path: Some(&root.path),
            before: None,
            after: snapshot(&serde_json::json!({ "targets": targets.len() })),
        }
        .record(tx, self.actor, self.now)
        .await?;
        self.seeded.targets += targets.len();
        Ok(())
    }

    /// The state a unit's submission is in for a round (`None`: it has not reported at all) with the
    /// dates it was submitted and decided.
    fn state(&mut self, round: &Round, level: Level) -> Option<(SubmissionState, Option<Date>, Option<Date>)> {
        let today = self.today;
        let due = round.due_for(level).unwrap_or(round.period.end());
        let roll = self.dice.below(100);
        if today <= due {
            // Not yet due: most have not reported yet.
            let submitted_on = plus(today, -(self.dice.below(4) as i64)).max(round.period.start());
            return match roll {
                0..40 => None,
                40..70 => Some((SubmissionState::Draft, None, None)),
                70..90 => Some((SubmissionState::Submitted, Some(submitted_on), None)),
                _ => Some((SubmissionState::Approved, Some(submitted_on), Some(today))),
            };
        }
        let late = self.dice.below(100) < 12;
        let submitted_on =
            if late { plus(due, 1 + self.dice.below(20) as i64) } else { plus(due, -(self.dice.below(5) as i64)) }
                .min(today);
        let decided_on = plus(submitted_on, 1 + self.dice.below(6) as i64).min(today);
        match roll {
            0..6 => None,
            6..9 => Some((SubmissionState::Returned, Some(submitted_on), Some(decided_on))),
            9..14 => Some((SubmissionState::Submitted, Some(submitted_on), None)),
            _ => Some((SubmissionState::Approved, Some(submitted_on), Some(decided_on))),
        }
    }

    /// Submissions and values of `units` (under `at`, where the summary audit entry goes) in every round.
    async fn values(
        &mut self,
        tx: &mut Tx,
        at: &Unit,
        rounds: &[OpenRound],
        units: &[Unit],
        commune_rounds: Option<usize>,
    ) -> Result<()> {
        let mut submissions = Vec::new();
        let mut values = Vec::new();
        let profiles: Vec<Profile<'_>> = units.iter().map(Profile::new).collect();
        for open in rounds {
            let round = &open.record.round;
            let period = round.period;
            for profile in &profiles {
                let unit = profile.unit;
                if unit.level == Level::Commune && commune_rounds.is_some_and(|latest| open.age >= latest) {
                    continue;
                }
                let Some(form) = open.forms.get(&unit.level) else { continue };
                let Some((state, submitted_on, decided_on)) = self.state(round, unit.level) else { continue };
                let submission = Submission {
                    id: Uuid::now_v7(),
                    round_id: open.record.id,
                    unit_id: unit.id,
                    unit_path: unit.path.clone(),
                    state,
                    submitted_on,
                    decided_on,
                    decided_by: decided_on.and(self.actor.user_id()),
                    reason: if state == SubmissionState::Returned {
                        "Số liệu chưa khớp với Cổng Dịch vụ công quốc gia, đề nghị rà soát lại".to_owned()
                    } else {
                        String::new()
                    },
                    version: 1,
                    updated_at: self.now,
                };
                let mut done: BTreeMap<&'static str, f64> = BTreeMap::new();
                // A draft may be half filled.
                let filled =
                    if state == SubmissionState::Draft { 1 + self.dice.below(form.len() as u64) } else { u64::MAX };
                for (i, spec) in form.iter().enumerate() {
                    if i as u64 >= filled {
                        break;
                    }
                    let Some(value) = generate(spec, profile, period, &mut self.dice, &done) else { continue };
                    if let Some(number) = value.number() {
                        done.insert(spec.code, number);
                    }
                    // Every value passes the checks a form applies.
                    let definition = self.definitions.get(spec.code).ok_or_else(|| internal(spec.code))?;
                    check_value(definition, value)?;
                    values.push(IndicatorValue {
                        id: Uuid::now_v7(),
                        submission_id: submission.id,
                        unit_id: unit.id,
                        unit_path: unit.path.clone(),
                        indicator_id: self.id(spec.code)?,
                        indicator_version: IndicatorVersion::FIRST,
                        period,
                        value,
                        comment: String::new(),
                        updated_by: self.actor.user_id(),
                        updated_at: self.now,
                    });
                }
                submissions.push(submission);
            }
        }
        tx.insert_submissions(&submissions).await?;
        tx.upsert_indicator_values(&values).await?;
        Change {
            action: "indicator.seed",
            object_type: "unit",
            object_id: at.id.to_string(),
            unit_path: Some(&at.path),
            before: None,
            after: snapshot(&serde_json::json!({ "submissions": submissions.len(), "values": values.len() })),
        }
        .record(tx, self.actor, self.now)
        .await?;
        self.seeded.submissions += submissions.len();
        self.seeded.values += values.len();
        Ok(())
    }
}
