//! The demo's evaluation: a national scorecard of Resolution 57's progress, the provincial digital
//! transformation index (DTI) in two methodology versions, the public-service index (PSI) with its five
//! groups of 18, 20, 22, 22 and 18 points; and, for the `demo` command, the quarter before the last one
//! closed.

use nqtrack_domain::evaluation::{Criterion, MeasureKind, Methodology, Node, Normalisation, RankBy, Scorecard};
use nqtrack_domain::period::Periodicity;
use nqtrack_domain::policy::Actor;
use nqtrack_store::Unit;

use crate::evaluation::last_ended;
use crate::{App, Result};

fn criterion(
    code: &str,
    name: &str,
    measure: MeasureKind,
    indicator: Option<&str>,
    green: f64,
    yellow: f64,
    weight: f64,
) -> Criterion {
    Criterion {
        code: code.into(),
        name: name.into(),
        measure,
        indicator: indicator.map(Into::into),
        green,
        yellow,
        weight,
    }
}

fn scorecard() -> Scorecard {
    use MeasureKind::*;
    Scorecard {
        code: "NQ57".into(),
        name: "Đánh giá tiến độ thực hiện Nghị quyết 57-NQ/TW".into(),
        description: "Tiêu chí màu về nhiệm vụ và chỉ tiêu; xếp hạng theo điểm.".into(),
        rank_by: RankBy::Score,
        green_at: 80.0,
        yellow_at: 50.0,
        criteria: vec![
            criterion("NV_XANH", "Tỷ lệ nhiệm vụ xanh", TasksGreenShare, None, 80.0, 60.0, 2.0),
            criterion("NV_DUNG_HAN", "Tỷ lệ hoàn thành đúng hạn", TasksOnTimeRate, None, 90.0, 70.0, 2.0),
            criterion("NV_BAO_CAO", "Tỷ lệ báo cáo định kỳ", TasksReportedShare, None, 90.0, 70.0, 1.0),
            criterion(
                "DVC_TRUC_TUYEN",
                "Hồ sơ nộp trực tuyến so với chỉ tiêu",
                IndicatorAchievement,
                Some("DVC_TL_HS_TRUC_TUYEN"),
                100.0,
                85.0,
                1.0,
            ),
            criterion(
                "TTHC_TOAN_TRINH",
                "Thủ tục trực tuyến toàn trình so với chỉ tiêu",
                IndicatorAchievement,
                Some("TTHC_TL_TOAN_TRINH"),
                100.0,
                85.0,
                1.0,
            ),
            criterion(
                "VNEID",
                "Định danh điện tử mức 2 so với chỉ tiêu",
                IndicatorAchievement,
                Some("VNEID_TL_MUC2"),
                100.0,
                90.0,
                1.0,
            ),
        ],
    }
}

fn leaf(
    code: &str,
    name: &str,
    points: f64,
    measure: MeasureKind,
    indicator: Option<&str>,
    normalisation: Option<Normalisation>,
) -> Node {
    Node {
        code: code.into(),
        name: name.into(),
        points,
        measure: Some(measure),
        indicator: indicator.map(Into::into),
        normalisation,
        children: Vec::new(),
    }
}

fn group(code: &str, name: &str, points: f64, children: Vec<Node>) -> Node {
    Node { code: code.into(), name: name.into(), points, measure: None, indicator: None, normalisation: None, children }
}

/// The DTI: foundation and activity, 1,000 points. Version 2 moves 100 points from the foundation to
/// the activity pillar, as a committee might when the infrastructure is largely built.
fn dti(version: i32) -> Methodology {
    use MeasureKind::*;
    use Normalisation::MinMax;
    let (foundation, activity) = if version == 1 { (500.0, 500.0) } else { (400.0, 600.0) };
    let scale = |points: f64, pillar: f64| points * pillar / 500.0;
    Methodology {
        code: "DTI".into(),
        version,
        name: format!("Chỉ số chuyển đổi số cấp tỉnh (DTI), phiên bản {version}"),
        description: "Nền tảng và hoạt động; chuẩn hóa so với chỉ tiêu, một số chỉ số min–max trong nhóm.".into(),
        total_points: 1000.0,
        normalisation: Normalisation::AgainstTarget,
        pillars: vec![
            group(
                "NEN_TANG",
                "Nền tảng chuyển đổi số",
                foundation,
                vec![
                    group(
                        "HA_TANG",
                        "Hạ tầng số",
                        scale(200.0, foundation),
                        vec![
                            leaf(
                                "CAP_QUANG",
                                "Hộ có cáp quang",
                                scale(120.0, foundation),
                                IndicatorAchievement,
                                Some("HO_CAP_QUANG"),
                                None,
                            ),
                            leaf(
                                "LOM_SONG",
                                "Thôn chưa có sóng di động",
                                scale(80.0, foundation),
                                IndicatorValue,
                                Some("THON_LOM_SONG"),
                                Some(MinMax),
                            ),
                        ],
                    ),
                    group(
                        "DU_LIEU",
                        "Dữ liệu số",
                        scale(150.0, foundation),
                        vec![leaf(
                            "DINH_DANH",
                            "Định danh điện tử mức 2",
                            scale(150.0, foundation),
                            IndicatorAchievement,
                            Some("VNEID_TL_MUC2"),
                            None,
                        )],
                    ),
                    group(
                        "NHAN_LUC",
                        "Nhân lực số",
                        scale(150.0, foundation),
                        vec![leaf(
                            "KY_NANG",
                            "Cán bộ được tập huấn kỹ năng số",
                            scale(150.0, foundation),
                            IndicatorAchievement,
                            Some("CBCC_KY_NANG_SO"),
                            None,
                        )],
                    ),
                ],
            ),
            group(
                "HOAT_DONG",
                "Hoạt động chuyển đổi số",
                activity,
                vec![
                    group(
                        "CQ_SO",
                        "Chính quyền số",
                        scale(300.0, activity),
                        vec![
                            leaf(
                                "HS_TRUC_TUYEN",
                                "Hồ sơ nộp trực tuyến",
                                scale(150.0, activity),
                                IndicatorValue,
                                Some("DVC_TL_HS_TRUC_TUYEN"),
                                Some(MinMax),
                            ),
                            leaf(
                                "TOAN_TRINH",
                                "Thủ tục trực tuyến toàn trình",
                                scale(150.0, activity),
                                IndicatorAchievement,
                                Some("TTHC_TL_TOAN_TRINH"),
                                None,
                            ),
                        ],
                    ),
                    group(
                        "KT_SO",
                        "Kinh tế số và điều hành",
                        scale(200.0, activity),
                        vec![
                            leaf(
                                "TT_TRUC_TUYEN",
                                "Thanh toán trực tuyến",
                                scale(100.0, activity),
                                IndicatorValue,
                                Some("TT_TL_TRUC_TUYEN"),
                                Some(MinMax),
                            ),
                            leaf(
                                "DUNG_HAN",
                                "Nhiệm vụ hoàn thành đúng hạn",
                                scale(100.0, activity),
                                TasksOnTimeRate,
                                None,
                                None,
                            ),
                        ],
                    ),
                ],
            ),
        ],
    }
}

/// The public-service index: five groups of 18, 20, 22, 22 and 18 points, 100 in all.
fn psi() -> Methodology {
    use MeasureKind::*;
    let one = |code: &str, name: &str, points: f64, indicator: &str| {
        group(
            code,
            name,
            points,
            vec![leaf(&format!("{code}_1"), name, points, IndicatorAchievement, Some(indicator), None)],
        )
    };
    Methodology {
        code: "PSI".into(),
        version: 1,
        name: "Chỉ số phục vụ người dân, doanh nghiệp".into(),
        description: "Năm nhóm tiêu chí: 18, 20, 22, 22 và 18 điểm.".into(),
        total_points: 100.0,
        normalisation: Normalisation::AgainstTarget,
        pillars: vec![
            one("CONG_KHAI", "Công khai, minh bạch (số hóa kết quả)", 18.0, "DVC_TL_SO_HOA_KQ"),
            one("TIEN_DO", "Tiến độ giải quyết hồ sơ", 20.0, "DVC_HS_DUNG_HAN"),
            group(
                "TRUC_TUYEN",
                "Dịch vụ công trực tuyến",
                22.0,
                vec![
                    leaf(
                        "TRUC_TUYEN_1",
                        "Hồ sơ nộp trực tuyến",
                        11.0,
                        IndicatorAchievement,
                        Some("DVC_TL_HS_TRUC_TUYEN"),
                        None,
                    ),
                    leaf(
                        "TRUC_TUYEN_2",
                        "Thủ tục toàn trình",
                        11.0,
                        IndicatorAchievement,
                        Some("TTHC_TL_TOAN_TRINH"),
                        None,
                    ),
                ],
            ),
            one("HAI_LONG", "Mức độ hài lòng", 22.0, "DVC_MUC_HAI_LONG"),
            one("THANH_TOAN", "Thanh toán trực tuyến", 18.0, "TT_TL_TRUC_TUYEN"),
        ],
    }
}

impl App {
    /// Seeds the evaluation definitions under the root (once: a scorecard code that exists is left
    /// alone).
    pub(crate) async fn seed_evaluation(&self, actor: &Actor, root: &Unit) -> Result<()> {
        if self.store.read().await?.scorecard_by_code(root.id, "NQ57").await?.is_some() {
            return Ok(());
        }
        self.save_scorecard(actor, root.id, scorecard()).await?;
        for methodology in [dti(1), dti(2), psi()] {
            self.save_methodology(actor, root.id, methodology).await?;
        }
        Ok(())
    }

    /// Closes the quarter before the last one for the whole country, so that the demo's rankings
    /// show their change against frozen figures and the last quarter is left for a coordinator to
    /// close. Apart from the seed because a national closing takes seconds, which every test database
    /// would pay; a quarter closed already is left as it is.
    pub async fn close_demo_quarter(&self, actor: &Actor) -> Result<()> {
        let root = self.store.read().await?.unit_by_code(crate::demo::ROOT_CODE).await?;
        let Some(root) = root else { return Ok(()) };
        let before_last = last_ended(Periodicity::Quarter, self.today()).previous();
        if self.store.read().await?.closing_in_force(root.id, before_last).await?.is_some() {
            return Ok(());
        }
        self.close_period(actor, root.id, &before_last.label()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_definitions_are_valid() {
        scorecard().check(|_| Some(nqtrack_domain::indicator::Direction::HigherIsBetter)).unwrap();
        for methodology in [dti(1), dti(2), psi()] {
            methodology.check(|_| true).unwrap();
        }
    }
}
