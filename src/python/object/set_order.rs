//! The order a set iterates in, as CPython's: sets are open-addressed hash tables, so
//! `print({3, 1, 2})` shows `{1, 2, 3}`. `Probe` replays CPython 3.11's `setobject.c`
//! (linear probes, then perturbation; resizing at 3/5 full; dummies left by removal; the
//! `pop` finger) over entry numbers, and `cpython_hash` gives the hashes that decide it for
//! ints, floats and tuples (a str's hash is randomised per run in CPython anyway).

use super::Key;

const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MIN_SIZE: usize = 8;
const MODULUS: u64 = (1 << 61) - 1;

/// CPython's set table, holding entry numbers (into the owning `Table`) and their hashes.
#[derive(Clone, Debug)]
pub struct Probe {
    slots: Vec<(u32, u64)>,
    fill: usize,
    used: usize,
    finger: usize,
}

impl Default for Probe {
    fn default() -> Self {
        Probe { slots: vec![(EMPTY, 0); MIN_SIZE], fill: 0, used: 0, finger: 0 }
    }
}

impl Probe {
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Adds a new entry (one whose key is not in the set), as `set_add_entry` does.
    pub fn add(&mut self, hash: u64, entry: u32) {
        let mask = self.mask();
        let mut i = hash as usize & mask;
        let mut perturb = hash;
        let mut free = None;
        let empty = loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            let found = (i..=i + probes).find(|&j| {
                if self.slots[j].0 == DUMMY && free.is_none() {
                    free = Some(j);
                }
                self.slots[j].0 == EMPTY
            });
            if let Some(j) = found {
                break j;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        };
        self.used += 1;
        if let Some(j) = free {
            self.slots[j] = (entry, hash);
            return;
        }
        self.slots[empty] = (entry, hash);
        self.fill += 1;
        if self.fill * 5 >= mask * 3 {
            self.resize(if self.used > 50_000 { self.used * 2 } else { self.used * 4 });
        }
    }

    fn insert_clean(&mut self, hash: u64, entry: u32) {
        let mask = self.mask();
        let mut i = hash as usize & mask;
        let mut perturb = hash;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            if let Some(j) = (i..=i + probes).find(|&j| self.slots[j].0 == EMPTY) {
                self.slots[j] = (entry, hash);
                return;
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    fn resize(&mut self, min_used: usize) {
        let mut size = MIN_SIZE;
        while size <= min_used {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, vec![(EMPTY, 0); size]);
        for (entry, hash) in old {
            if entry != EMPTY && entry != DUMMY {
                self.insert_clean(hash, entry);
            }
        }
        self.fill = self.used;
    }

    /// Leaves a dummy where `entry` was.
    pub fn discard(&mut self, entry: u32) {
        if let Some(slot) = self.slots.iter_mut().find(|(e, _)| *e == entry) {
            slot.0 = DUMMY;
            self.used -= 1;
        }
    }

    /// The entry `set.pop()` takes: the first one at or after the finger.
    pub fn pop(&mut self) -> Option<u32> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while matches!(self.slots[i].0, EMPTY | DUMMY) {
            i = if i == mask { 0 } else { i + 1 };
        }
        let entry = self.slots[i].0;
        self.slots[i].0 = DUMMY;
        self.used -= 1;
        self.finger = i + 1;
        Some(entry)
    }

    /// The entries in iteration order.
    pub fn order(&self) -> impl Iterator<Item = u32> + '_ {
        self.slots.iter().map(|(e, _)| *e).filter(|e| *e != EMPTY && *e != DUMMY)
    }

    /// Renumbers entries after the owning table compacted them.
    pub fn renumber(&mut self, new_of: &[u32]) {
        for slot in &mut self.slots {
            if slot.0 != EMPTY && slot.0 != DUMMY {
                slot.0 = new_of[slot.0 as usize];
            }
        }
    }

    /// The table `set(other)` starts with (`set_merge` into an empty set).
    pub fn copied(&self) -> Probe {
        let mut copy = Probe::default();
        if self.used * 5 >= copy.mask() * 3 {
            copy.resize(self.used * 2);
        }
        if copy.slots.len() == self.slots.len() && self.fill == self.used {
            copy.slots = self.slots.clone();
        } else {
            for (entry, hash) in self.slots.iter().copied().filter(|(e, _)| *e != EMPTY && *e != DUMMY) {
                copy.insert_clean(hash, entry);
            }
        }
        copy.fill = self.used;
        copy.used = self.used;
        copy
    }
}

/// The hash CPython gives a key, where it is not randomised per run.
pub fn cpython_hash(key: &Key) -> u64 {
    let signed = match key {
        Key::Int(i) => int_hash(*i),
        Key::Float(bits) => float_hash(f64::from_bits(*bits)),
        Key::Tuple(items) => tuple_hash(items),
        other => other.hash(),
    };
    signed as u64
}

fn int_hash(i: i64) -> i64 {
    let magnitude = (i.unsigned_abs() % MODULUS) as i64;
    let h = if i < 0 { -magnitude } else { magnitude };
    if h == -1 { -2 } else { h }
}

fn float_hash(x: f64) -> i64 {
    if x.is_infinite() {
        return if x > 0.0 { 314_159 } else { -314_159 };
    }
    if x.is_nan() {
        return 0;
    }
    let (mut m, mut e) = frexp(x);
    let sign = if m < 0.0 { -1 } else { 1 };
    m = m.abs();
    let mut h: u64 = 0;
    while m != 0.0 {
        h = ((h << 28) & MODULUS) | h >> (61 - 28);
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        h += y;
        if h >= MODULUS {
            h -= MODULUS;
        }
    }
    let e = if e >= 0 { e % 61 } else { 61 - 1 - ((-1 - e) % 61) } as u32;
    h = ((h << e) & MODULUS) | h >> (61 - e);
    let h = h as i64 * sign;
    if h == -1 { -2 } else { h }
}

/// `math.frexp`: a mantissa in [0.5, 1) and a power of two.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0 {
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent - 1022)
}

fn tuple_hash(items: &[Key]) -> i64 {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc = P5;
    for item in items {
        let lane = cpython_hash(item);
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add(items.len() as u64 ^ (P5 ^ 3_527_539));
    if acc == u64::MAX { 1_546_275_796 } else { acc as i64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_cpython() {
        // python3 -c "print(hash((1, 2)), hash(1.5), hash(-1.5), hash(0.1), hash(2**61), hash(-1))"
        assert_eq!(cpython_hash(&Key::Tuple(vec![Key::Int(1), Key::Int(2)].into())) as i64, -3_550_055_125_485_641_917);
        assert_eq!(cpython_hash(&Key::Float(1.5f64.to_bits())) as i64, 1_152_921_504_606_846_977);
        assert_eq!(cpython_hash(&Key::Float((-1.5f64).to_bits())) as i64, -1_152_921_504_606_846_977);
        assert_eq!(cpython_hash(&Key::Float(0.1f64.to_bits())) as i64, 230_584_300_921_369_408);
        assert_eq!(cpython_hash(&Key::Int(1 << 61)) as i64, 1);
        assert_eq!(cpython_hash(&Key::Int(-1)) as i64, -2);
    }

    #[test]
    fn small_ints_iterate_in_table_order_and_a_dummy_is_reused() {
        let mut probe = Probe::default();
        for (entry, value) in [3u64, 1, 2].into_iter().enumerate() {
            probe.add(value, entry as u32);
        }
        assert_eq!(probe.order().collect::<Vec<_>>(), vec![1, 2, 0]);
        let mut probe = Probe::default();
        for value in 0..10u64 {
            probe.add(value, value as u32);
        }
        probe.discard(3);
        probe.add(33, 10);
        assert_eq!(probe.order().collect::<Vec<_>>(), vec![0, 1, 2, 10, 4, 5, 6, 7, 8, 9]);
        assert_eq!(probe.pop(), Some(0));
    }
}
