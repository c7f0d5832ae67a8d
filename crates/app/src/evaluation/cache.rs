//! Rankings computed live are kept while nothing has been written since.
//!
//! A live ranking of the 34 provinces rolls several indicators up from every commune for two periods
//! (this one and the previous one, for the change): a few hundred milliseconds, for a page that
//! leaders open all day. Its inputs change only when something is written, so a computed ranking is
//! reused while the store's write count is the one it was computed at and the day has not turned
//! (the "as of" date of an open period moves with it). Another server process's writes are not
//! counted here, so an entry is also dropped after [`FRESH_FOR`]; closed periods are read from their
//! snapshot and never come here.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use quick_cache::sync::Cache;

use super::rankings::Ranking;

/// How long a ranking may be reused at most, for the writes of other server processes.
const FRESH_FOR: Duration = Duration::from_secs(300);
/// Rankings kept: every scorecard and index for every peer group and a few periods.
const CAPACITY: usize = 2_000;

#[derive(Clone)]
struct Kept {
    writes: u64,
    today: Date,
    at: Instant,
    ranking: Arc<Ranking>,
}

pub(crate) struct RankingCache(Cache<String, Kept>);

impl Default for RankingCache {
    fn default() -> Self {
        Self(Cache::new(CAPACITY))
    }
}

impl std::fmt::Debug for RankingCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RankingCache").field("rankings", &self.0.len()).finish()
    }
}

impl RankingCache {
    /// The ranking kept under `key`, if computed at this write count and day and recently.
    pub(crate) fn get(&self, key: &str, writes: u64, today: Date) -> Option<Arc<Ranking>> {
        self.0
            .get(key)
            .filter(|kept| kept.writes == writes && kept.today == today && kept.at.elapsed() < FRESH_FOR)
            .map(|kept| kept.ranking)
    }

    pub(crate) fn put(&self, key: String, writes: u64, today: Date, ranking: Arc<Ranking>) {
        self.0.insert(key, Kept { writes, today, at: Instant::now(), ranking });
    }
}
