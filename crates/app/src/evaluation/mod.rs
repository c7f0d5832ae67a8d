//! Evaluation (domain.md §7, §8): scorecards and index methodologies, rankings among peers, period
//! closing with snapshots. The rules are in `nqtrack_domain::evaluation`; this module gathers their
//! facts, checks permissions and stores what is frozen.

mod cache;
mod closing;
mod dashboard;
mod definitions;
mod facts;
mod peers;
mod people;
mod portal;
mod rankings;
mod report;
mod report_document;

pub use closing::ClosingOutcome;
pub use dashboard::{
    Baseline, Dashboard, IndicatorTile, MapScore, PACE_TOLERANCE_PERCENT, ProvinceMap, SeriesPoint, SubjectChoice,
    UnitTally, band_of, score_percent,
};
pub use definitions::{DefinitionFormat, definition_toml, parse_definition};
pub use peers::{PeerGroup, PeerSpec, default_peers};
pub use people::{NO_LEADER, PersonScore, PersonScorecards};
pub use portal::{
    PUBLICATION_KINDS, PublicIndicator, PublicIndicatorRow, PublicProgress, PublicRanking, PublicRankingRow, PublicTask,
};
pub use rankings::{Explanation, Outcome, Ranking, RankingRow, Subject};
pub use report::{
    FrozenNote, IndicatorLine, NoteLine, PeriodReport, PreviousReport, REPORT_LIST_MAX, RankLine, ReportKind,
    ReportPeriod, ReportTaskLine, ReportUnit, SECRET_TITLE, TaskLines,
};
pub use report_document::ReportFile;

pub(crate) use cache::{KeptWhileUnwritten, RankingCache};
pub use facts::last_ended;
pub(crate) use facts::records_of;
