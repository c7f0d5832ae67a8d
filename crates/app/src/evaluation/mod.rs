//! Evaluation (domain.md §7, §8): scorecards and index methodologies, rankings among peers, period
//! closing with snapshots. The rules are in `nqtrack_domain::evaluation`; this module gathers their
//! facts, checks permissions and stores what is frozen.

mod cache;
mod closing;
mod definitions;
mod facts;
mod peers;
mod rankings;

pub use closing::ClosingOutcome;
pub use definitions::{DefinitionFormat, definition_toml, parse_definition};
pub use peers::{PeerGroup, PeerSpec, default_peers};
pub use rankings::{Explanation, Outcome, Ranking, RankingRow, Subject};

pub(crate) use cache::RankingCache;
pub(crate) use facts::{last_ended, records_of};
