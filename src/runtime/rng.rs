//! A tiny seeded generator (SplitMix64) for the lessons' random sleeps: stable across crate
//! versions and platforms, so `--seed N` replays the same durations forever.

/// SplitMix64.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one process: the run's seed mixed with the process name, so every
    /// process draws its own sequence whatever order the processes start in.
    pub fn for_process(seed: u64, name: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(seed ^ h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Python's `random.randint(a, b)`: inclusive at both ends.
    pub fn randint(&mut self, a: i64, b: i64) -> i64 {
        if b <= a {
            return a;
        }
        let span = (b - a) as u64 + 1;
        a + (self.next_u64() % span) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_and_name_give_the_same_draws() {
        let draws = |seed| {
            let mut r = Rng::for_process(seed, "Process-1");
            (0..5).map(|_| r.randint(1, 3)).collect::<Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        assert!(draws(7).iter().all(|d| (1..=3).contains(d)));
        let mut other = Rng::for_process(7, "Process-2");
        let theirs: Vec<i64> = (0..20).map(|_| other.randint(0, 1000)).collect();
        let mut mine = Rng::for_process(7, "Process-1");
        let ours: Vec<i64> = (0..20).map(|_| mine.randint(0, 1000)).collect();
        assert_ne!(theirs, ours);
    }
}
