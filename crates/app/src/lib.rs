//! nqtrack's use cases: the only way anything changes.
//!
//! Each use case takes the acting user, asks the policy, applies the domain rule, writes through the
//! store in one transaction together with its audit entry, and returns. The web views, the JSON API
//! and the CLI all call these same functions.

mod audit;
mod auth;
mod clock;
mod committees;
pub mod demo;
mod demo_evaluation;
mod demo_indicators;
mod demo_tasks;
mod documents;
mod error;
mod evaluation;
mod groups;
mod holidays;
mod import;
mod indicators;
mod mail;
mod notifications;
mod password;
mod reorg;
mod tasks;
#[cfg(feature = "testing")]
pub mod testing;
mod units;
mod urging;
mod users;

use std::sync::Arc;

use nqtrack_store::Store;

pub use audit::HISTORY_PAGE;
pub use auth::{LoginInput, NewSession, SignedIn};
pub use clock::Clock;
pub use committees::{CommitteeInput, MemberInput};
pub use documents::{DOCUMENT_PAGE, DocumentDetails, DocumentInput, DocumentList, DocumentQuery};
pub use error::AppError;
pub use evaluation::{
    Baseline, Dashboard, IndicatorTile, MapScore, PACE_TOLERANCE_PERCENT, ProvinceMap, SeriesPoint, SubjectChoice,
    UnitTally, band_of, score_percent,
};
pub use evaluation::{
    ClosingOutcome, DefinitionFormat, Explanation, Outcome, PeerGroup, PeerSpec, Ranking, RankingRow, Subject,
    default_peers, definition_toml, last_ended, parse_definition,
};
pub use evaluation::{
    FrozenNote, IndicatorLine, NO_LEADER, NoteLine, PeriodReport, PersonScore, PersonScorecards, PreviousReport,
    REPORT_LIST_MAX, RankLine, ReportFile, ReportKind, ReportPeriod, ReportTaskLine, ReportUnit, SECRET_TITLE,
    TaskLines,
};
pub use evaluation::{
    PUBLICATION_KINDS, PublicIndicator, PublicIndicatorRow, PublicProgress, PublicRanking, PublicRankingRow, PublicTask,
};
pub use groups::GroupInput;
pub use holidays::{HOLIDAY_YEARS, HolidayInput};
pub use import::{ImportReport, RowProblem};
pub use indicators::{
    Completeness, CompletenessRow, DataSetInput, FormRow, IndicatorAggregate, IndicatorForm, IndicatorImport,
    IndicatorImportOutcome, IndicatorImportRow, RoundInput, SavedIndicator, SubmissionOutcome, TargetInput, ValueInput,
    ValuesInput,
};
pub use mail::{DeliveryReport, MailConfig, MailConfigError, Mailer, SendFailure};
pub use notifications::{NOTIFICATION_PAGE, NotificationPage};
pub use reorg::{MergeInput, RenameInput, SplitInput, SuccessorInput};
pub use tasks::{
    AdjustInput, CascadeInput, CascadeOutcome, CascadeTargets, CheckedQuery, ChildSummary, CompletionInput,
    DecisionInput, EvidenceInput, ExtensionInput, ProgressInput, TASK_PAGE, TaskChanges, TaskInput, TaskList,
    TaskListQuery, TaskPage, TaskPermissions, Upload,
};
pub use tasks::{EXPORT_MAX_ROWS, TaskExport, colour_word, field_word, status_word};
pub use units::{UnitChanges, UnitDetails, UnitInput};
pub use urging::{RoundReport, URGING_JOB, UrgingReport, UrgingSettings, run_background};
pub use users::{UserDetails, UserInput};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Settings the use cases need.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A session ends after this long without use.
    pub session_idle: jiff::SignedDuration,
    /// Argon2id memory cost in KiB; lowered only in tests.
    pub argon2_memory_kib: u32,
    /// The thresholds of the status and colour rules.
    pub status_rules: nqtrack_domain::status::StatusRules,
    /// The largest evidence file accepted, in bytes.
    pub evidence_max_bytes: usize,
    /// Reminders, escalations and e-mail digests.
    pub urging: UrgingSettings,
}

impl Default for Settings {
    fn default() -> Self {
        // OWASP's Argon2id baseline: 19 MiB, 2 passes, 1 lane.
        Self {
            session_idle: jiff::SignedDuration::from_hours(12),
            argon2_memory_kib: 19 * 1024,
            status_rules: nqtrack_domain::status::StatusRules::default(),
            evidence_max_bytes: 10 * 1024 * 1024,
            urging: UrgingSettings::default(),
        }
    }
}

/// The application: the store, the clock and the login limiter. Cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Store,
    clock: Clock,
    settings: Arc<Settings>,
    limiter: Arc<auth::LoginLimiter>,
    kept_counts: Arc<tasks::KeptCounts>,
    rankings: Arc<evaluation::RankingCache>,
    dashboards: Arc<evaluation::KeptWhileUnwritten<evaluation::Dashboard>>,
    tiles: Arc<evaluation::KeptWhileUnwritten<Vec<evaluation::IndicatorTile>>>,
}

impl App {
    pub fn new(store: Store, clock: Clock, settings: Settings) -> Self {
        Self {
            store,
            clock,
            settings: Arc::new(settings),
            limiter: Arc::new(auth::LoginLimiter::default()),
            kept_counts: Arc::default(),
            rankings: Arc::default(),
            dashboards: Arc::default(),
            tiles: Arc::default(),
        }
    }

    /// The largest evidence file accepted, in bytes.
    pub fn evidence_max_bytes(&self) -> usize {
        self.settings.evidence_max_bytes
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Today in Vietnam, the "as of" date of every rule unless a page asks for another.
    pub fn today(&self) -> jiff::civil::Date {
        nqtrack_domain::dates::date_in_vietnam(self.clock.now())
    }
}
