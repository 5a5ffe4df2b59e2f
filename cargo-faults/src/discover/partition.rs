//! `--partition`: splitting one run across CI jobs so that every case runs in exactly one shard.

use std::fmt;
use std::str::FromStr;

/// Shard `index` (1-based) of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Partition {
    /// How cases are dealt to shards.
    strategy: Strategy,
    /// This shard, from 1.
    index: u64,
    /// How many shards there are.
    total: u64,
}

/// How cases are dealt to shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strategy {
    /// By a hash of the case id: a case stays in its shard when others are added or removed.
    Hash,
    /// Round-robin over the sorted selection: shards of equal size.
    Count,
}

impl Partition {
    /// Whether the case with this id, at this position of the sorted selection, is in the shard.
    pub(crate) fn contains(&self, case_id: &str, position: usize) -> bool {
        let slot = match self.strategy {
            Strategy::Hash => fnv1a(case_id.as_bytes()),
            Strategy::Count => position as u64,
        };
        slot % self.total == self.index - 1
    }
}

/// FNV-1a, 64-bit: a hash fixed by its definition, so every machine computes the same shards
/// whatever its toolchain (std's hasher makes no such promise).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl FromStr for Partition {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let usage = || {
            format!(
                "`{text}` is not a partition; write `hash:K/N` or `count:K/N`, with 1 <= K <= N"
            )
        };
        let (strategy, shard) = match text.split_once(':') {
            Some(("hash", shard)) => (Strategy::Hash, shard),
            Some(("count", shard)) => (Strategy::Count, shard),
            Some(_) => return Err(usage()),
            None => (Strategy::Count, text),
        };
        let (index, total) = shard.split_once('/').ok_or_else(usage)?;
        let index: u64 = index.trim().parse().map_err(|_| usage())?;
        let total: u64 = total.trim().parse().map_err(|_| usage())?;
        if index == 0 || total == 0 || index > total {
            return Err(usage());
        }
        Ok(Partition {
            strategy,
            index,
            total,
        })
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let strategy = match self.strategy {
            Strategy::Hash => "hash",
            Strategy::Count => "count",
        };
        write!(f, "{strategy}:{}/{}", self.index, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_strategies_and_rejects_nonsense() {
        assert_eq!(
            "hash:1/3".parse::<Partition>().unwrap().to_string(),
            "hash:1/3"
        );
        assert_eq!("2/2".parse::<Partition>().unwrap().to_string(), "count:2/2");
        for bad in ["0/2", "3/2", "hash:1/0", "random:1/2", "1-2", "a/b"] {
            assert!(bad.parse::<Partition>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_case_lands_in_exactly_one_shard() {
        let ids: Vec<String> = (0..200).map(|i| format!("crate::case_{i}")).collect();
        for strategy in ["hash", "count"] {
            let shards: Vec<Partition> = (1..=3)
                .map(|k| format!("{strategy}:{k}/3").parse().unwrap())
                .collect();
            for (position, id) in ids.iter().enumerate() {
                let homes = shards.iter().filter(|s| s.contains(id, position)).count();
                assert_eq!(homes, 1, "{strategy}: {id}");
            }
            let first = ids
                .iter()
                .enumerate()
                .filter(|(p, id)| shards[0].contains(id, *p))
                .count();
            assert!(
                (40..=90).contains(&first),
                "{strategy}: shard 1 holds {first}"
            );
        }
    }

    #[test]
    fn hash_shards_are_stable() {
        assert_eq!(fnv1a(b"toolforge::fault-1"), fnv1a(b"toolforge::fault-1"));
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
