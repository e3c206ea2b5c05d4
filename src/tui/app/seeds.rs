//! The seed of each new run's random sleeps. CPython draws new random numbers every time a
//! program starts, so a new run (the first, `r`, after knob changes, many runs) draws a new
//! seed too, unless `--seed N` pinned it. Pure: the entropy to start from is handed in.

/// Drawn seeds stay below this: short enough to read in the header and type after `--seed`.
pub const SEED_LIMIT: u64 = 1_000_000;

/// Where the seed of each new run comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seeds {
    /// `--seed N`: every run uses N (many runs use N, N+1, …).
    Pinned(u64),
    /// A new seed for every run: `next` is the coming one, the rest follow from it.
    Drawn { next: u64 },
}

impl Default for Seeds {
    /// Pinned to 0, so tests and replays see the same seed; the terminal UI draws.
    fn default() -> Seeds {
        Seeds::Pinned(0)
    }
}

impl Seeds {
    /// Seeds drawn afresh, the first being `first` (reduced below `SEED_LIMIT`).
    pub fn drawn(first: u64) -> Seeds {
        Seeds::Drawn { next: first % SEED_LIMIT }
    }

    /// The seed of `--seed` when given, or else fresh seeds starting from `entropy`.
    pub fn from_option(pinned: Option<u64>, entropy: u64) -> Seeds {
        pinned.map_or_else(|| Seeds::drawn(entropy), Seeds::Pinned)
    }

    /// The seed for the next run.
    pub fn draw(&mut self) -> u64 {
        match self {
            Seeds::Pinned(seed) => *seed,
            Seeds::Drawn { next } => {
                let seed = *next;
                *next = mix(seed) % SEED_LIMIT;
                seed
            }
        }
    }
}

/// SplitMix64's finaliser: consecutive inputs give unrelated outputs.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_seed_is_used_for_every_run() {
        let mut seeds = Seeds::from_option(Some(42), 7);
        assert_eq!([seeds.draw(), seeds.draw()], [42, 42]);
    }

    #[test]
    fn drawn_seeds_differ_from_run_to_run_and_stay_short() {
        let mut seeds = Seeds::from_option(None, 123_456_789);
        let drawn: Vec<u64> = (0..50).map(|_| seeds.draw()).collect();
        assert_eq!(drawn[0], 456_789);
        assert!(drawn.iter().all(|s| *s < SEED_LIMIT), "{drawn:?}");
        let mut distinct = drawn.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), drawn.len(), "{drawn:?}");
    }
}
