//! Results computed from the live data are kept while nothing has been written since.
//!
//! A live ranking of the 34 provinces rolls several indicators up from every commune for two periods
//! (this one and the previous one, for the change), and a national dashboard gathers counts, lists and
//! a ranking: a few hundred milliseconds, for pages that leaders open all day. Their inputs change only
//! when something is written, so a result is reused while the store's write count is the one it was
//! computed at and the day has not turned (the "as of" date of an open period moves with it). Another
//! server process's writes are not counted here, so an entry is also dropped after [`FRESH_FOR`];
//! closed periods are read from their snapshot and never come here.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use quick_cache::sync::Cache;

use super::rankings::Ranking;

/// How long a ranking may be reused at most, for the writes of other server processes.
const FRESH_FOR: Duration = Duration::from_secs(300);
/// Results kept per kind: every scorecard and index for every peer group and a few periods; the
/// dashboards of the units people open.
const CAPACITY: usize = 2_000;

struct Kept<V> {
    writes: u64,
    today: Date,
    at: Instant,
    value: Arc<V>,
}

impl<V> Clone for Kept<V> {
    fn clone(&self) -> Self {
        Self { writes: self.writes, today: self.today, at: self.at, value: self.value.clone() }
    }
}

/// Values of one kind kept by key while nothing is written.
pub(crate) struct KeptWhileUnwritten<V>(Cache<String, Kept<V>>);

impl<V> Default for KeptWhileUnwritten<V> {
    fn default() -> Self {
        Self(Cache::new(CAPACITY))
    }
}

impl<V> std::fmt::Debug for KeptWhileUnwritten<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptWhileUnwritten").field("entries", &self.0.len()).finish()
    }
}

impl<V> KeptWhileUnwritten<V> {
    /// The value kept under `key`, if computed at this write count and day and recently.
    pub(crate) fn get(&self, key: &str, writes: u64, today: Date) -> Option<Arc<V>> {
        self.0
            .get(key)
            .filter(|kept| kept.writes == writes && kept.today == today && kept.at.elapsed() < FRESH_FOR)
            .map(|kept| kept.value)
    }

    pub(crate) fn put(&self, key: String, writes: u64, today: Date, value: Arc<V>) {
        self.0.insert(key, Kept { writes, today, at: Instant::now(), value });
    }
}

/// The live rankings kept.
pub(crate) type RankingCache = KeptWhileUnwritten<Ranking>;
