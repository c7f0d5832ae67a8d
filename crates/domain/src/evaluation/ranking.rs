//! Ranking units among their peers: the best score first, equal scores sharing a rank and the next
//! rank skipping as many places (1, 2, 2, 4), units without a score listed after the ranked ones
//! without a rank.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Scores are equal when they agree to this many decimals: two units with 66.666666667 and
/// 66.666666666 (the same fraction computed in another order) share a rank.
const TIE_SCALE: f64 = 1e6;

/// One unit's place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked<K> {
    pub key: K,
    pub score: Option<f64>,
    pub rank: Option<u32>,
    /// How many units were ranked (those with a score).
    pub of: u32,
    pub previous_rank: Option<u32>,
    /// Places gained since the previous ranking (negative: lost).
    pub change: Option<i32>,
}

/// Ranks scores, higher first.
pub fn rank<K>(scores: impl IntoIterator<Item = (K, Option<f64>)>) -> Vec<Ranked<K>> {
    let mut rows: Vec<(K, Option<f64>)> =
        scores.into_iter().map(|(key, score)| (key, score.filter(|s| s.is_finite()))).collect();
    let tie_key = |score: f64| (score * TIE_SCALE).round();
    // Stable: units with equal scores (and the unranked) keep the order they were given in.
    rows.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => tie_key(y).total_cmp(&tie_key(x)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let of = rows.iter().filter(|(_, s)| s.is_some()).count() as u32;
    let mut ranked = Vec::with_capacity(rows.len());
    let mut last: Option<(f64, u32)> = None;
    for (position, (key, score)) in rows.into_iter().enumerate() {
        let rank = score.map(|s| match last {
            Some((previous, rank)) if tie_key(previous) == tie_key(s) => rank,
            _ => {
                let rank = position as u32 + 1;
                last = Some((s, rank));
                rank
            }
        });
        ranked.push(Ranked { key, score, rank, of, previous_rank: None, change: None });
    }
    ranked
}

/// Fills in each unit's previous rank and the places it gained.
pub fn with_previous<K: Ord>(ranked: &mut [Ranked<K>], previous: &BTreeMap<K, u32>) {
    for row in ranked {
        row.previous_rank = previous.get(&row.key).copied();
        row.change = row.rank.zip(row.previous_rank).map(|(now, before)| before as i32 - now as i32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ties_share_a_rank_and_skip_the_next() {
        let ranked = rank([("a", Some(90.0)), ("b", Some(80.0)), ("c", None), ("d", Some(80.0)), ("e", Some(70.0))]);
        let places: Vec<(&str, Option<u32>)> = ranked.iter().map(|r| (r.key, r.rank)).collect();
        assert_eq!(places, vec![("a", Some(1)), ("b", Some(2)), ("d", Some(2)), ("e", Some(4)), ("c", None)]);
        assert!(ranked.iter().all(|r| r.of == 4));
        let almost_equal = rank([("x", Some(2.0 / 3.0 * 100.0)), ("y", Some(200.0 / 3.0))]);
        assert_eq!(almost_equal[1].rank, Some(1));
    }

    #[test]
    fn change_is_places_gained() {
        let mut ranked = rank([("a", Some(1.0)), ("b", Some(2.0))]);
        with_previous(&mut ranked, &BTreeMap::from([("a", 1), ("b", 2)]));
        assert_eq!(ranked[0].key, "b");
        assert_eq!(ranked[0].change, Some(1));
        assert_eq!(ranked[1].change, Some(-1));
    }

    proptest! {
        #[test]
        fn ranks_are_competition_ranks(scores in proptest::collection::vec(proptest::option::of(0u8..5), 0..30)) {
            let ranked = rank(scores.iter().enumerate().map(|(i, s)| (i, s.map(f64::from))));
            for row in &ranked {
                match row.score {
                    None => prop_assert!(row.rank.is_none()),
                    Some(score) => {
                        let better = ranked.iter().filter(|r| r.score.is_some_and(|s| s > score)).count() as u32;
                        prop_assert_eq!(row.rank, Some(better + 1));
                    }
                }
            }
        }
    }
}
