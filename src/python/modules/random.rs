//! `random`, with CPython's generator (MT19937, seeded as `random.seed(n)` seeds it) and
//! CPython's algorithms on top (`randbelow` by rejection on `getrandbits`, `shuffle`,
//! `choice`, `sample`, `uniform`), so a program that seeds `random` prints what python3
//! prints. Unseeded, the generator starts from the host's seed (the run's `--seed`). CPython
//! reseeds `random` in a forked child (`os.register_at_fork`); the host does that with
//! `Interpreter::reseed_random`.

use super::make_module;
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::interp::Interpreter;
use crate::python::object::Mutate;
use crate::python::object::{Args, Key, Obj};

/// The Mersenne Twister, as CPython's `_random` implements it.
#[derive(Clone, Debug)]
pub struct Mt19937 {
    state: Box<[u32; 624]>,
    index: usize,
}

impl Mt19937 {
    fn init_genrand(seed: u32) -> Mt19937 {
        let mut state = Box::new([0u32; 624]);
        state[0] = seed;
        for i in 1..624 {
            state[i] = 1_812_433_253u32.wrapping_mul(state[i - 1] ^ (state[i - 1] >> 30)).wrapping_add(i as u32);
        }
        Mt19937 { state, index: 624 }
    }

    /// Seeded with the 32-bit words of a key, least significant first (`init_by_array`).
    pub fn from_key(key: &[u32]) -> Mt19937 {
        let mut mt = Mt19937::init_genrand(19_650_218);
        let key = if key.is_empty() { &[0][..] } else { key };
        let s = &mut mt.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..624.max(key.len()) {
            s[i] = (s[i] ^ (s[i - 1] ^ (s[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= 624 {
                s[0] = s[623];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..623 {
            s[i] = (s[i] ^ (s[i - 1] ^ (s[i - 1] >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= 624 {
                s[0] = s[623];
                i = 1;
            }
        }
        s[0] = 0x8000_0000;
        mt
    }

    /// `random.seed(n)` for an int.
    pub fn from_int(n: i64) -> Mt19937 {
        let n = n.unsigned_abs();
        let key: Vec<u32> = if n >> 32 == 0 { vec![n as u32] } else { vec![n as u32, (n >> 32) as u32] };
        Mt19937::from_key(&key)
    }

    /// Seeded from the host's seed.
    pub fn from_u64(seed: u64) -> Mt19937 {
        Mt19937::from_int(i64::try_from(seed >> 1).unwrap_or(0))
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= 624 {
            let s = &mut self.state;
            for k in 0..624 {
                let y = (s[k] & 0x8000_0000) | (s[(k + 1) % 624] & 0x7fff_ffff);
                let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
                s[k] = s[(k + 397) % 624] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: 53 random bits in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for k <= 64.
    pub fn getrandbits(&mut self, k: u32) -> u64 {
        if k == 0 {
            return 0;
        }
        if k <= 32 {
            return u64::from(self.next_u32() >> (32 - k));
        }
        let low = u64::from(self.next_u32());
        let high = u64::from(self.next_u32() >> (64 - k));
        low | (high << 32)
    }

    /// `_randbelow(n)`: uniform in [0, n), by rejection.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }
}

pub fn module() -> Obj {
    make_module(
        "random",
        &[
            ("seed", seed),
            ("random", random),
            ("randint", randint),
            ("randrange", randrange),
            ("uniform", uniform),
            ("choice", choice),
            ("shuffle", shuffle),
            ("sample", sample),
            ("getrandbits", getrandbits),
        ],
        Vec::new(),
    )
}

fn int_arg(obj: &Obj) -> Result<i64, Exc> {
    obj.as_int()
        .ok_or_else(|| Exc::type_error(format!("'{}' object cannot be interpreted as an integer", obj.type_name())))
}

fn seed(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let [value, _version] = args.bind("seed", ["a", "version"], 0)?;
    interp.random = Some(match value {
        None | Some(Obj::None) => Mt19937::from_u64(host.random_seed()),
        Some(Obj::Int(n)) => Mt19937::from_int(n),
        Some(Obj::Bool(b)) => Mt19937::from_int(i64::from(b)),
        Some(Obj::Float(x)) => Mt19937::from_int(Key::of(&Obj::Float(x))?.hash()),
        Some(other) => {
            // CPython hashes a str seed with SHA-512; forkbook's sequence differs there.
            let key = Key::of(&other)?;
            Mt19937::from_int(key.hash())
        }
    });
    Ok(Obj::None)
}

fn random(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    args.positional("random", 0, 0)?;
    Ok(Obj::Float(interp.rng(host).random()))
}

fn getrandbits(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let k = int_arg(&args.positional("getrandbits", 1, 1)?[0])?;
    if !(0..=63).contains(&k) {
        return Err(Exc::value_error("forkbook's getrandbits takes 0 to 63 bits"));
    }
    Ok(Obj::Int(interp.rng(host).getrandbits(k as u32) as i64))
}

/// `randrange(start, stop, step)` as CPython 3.11 computes it.
fn range_pick(
    interp: &mut Interpreter,
    host: &mut dyn Host,
    start: i64,
    stop: Option<i64>,
    step: i64,
) -> Result<i64, Exc> {
    let Some(stop) = stop else {
        if start > 0 {
            return Ok(interp.rng(host).below(start as u64) as i64);
        }
        return Err(Exc::value_error("empty range for randrange()"));
    };
    let width = i128::from(stop) - i128::from(start);
    if step == 1 {
        if width > 0 {
            return Ok((i128::from(start) + i128::from(interp.rng(host).below(width as u64))) as i64);
        }
        return Err(Exc::value_error(format!("empty range for randrange() ({start}, {stop}, {width})")));
    }
    if step == 0 {
        return Err(Exc::value_error("zero step for randrange()"));
    }
    let step128 = i128::from(step);
    let n = if step > 0 { (width + step128 - 1) / step128 } else { (width + step128 + 1) / step128 };
    if n <= 0 {
        return Err(Exc::value_error("empty range for randrange()"));
    }
    Ok((i128::from(start) + step128 * i128::from(interp.rng(host).below(n as u64))) as i64)
}

fn randint(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("randint", 2, 2)?;
    let (a, b) = (int_arg(&pos[0])?, int_arg(&pos[1])?);
    range_pick(interp, host, a, Some(b.saturating_add(1)), 1).map(Obj::Int)
}

fn randrange(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("randrange", 1, 3)?;
    let start = int_arg(&pos[0])?;
    let stop = pos.get(1).map(int_arg).transpose()?;
    let step = pos.get(2).map(int_arg).transpose()?.unwrap_or(1);
    range_pick(interp, host, start, stop, step).map(Obj::Int)
}

fn uniform(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let pos = args.positional("uniform", 2, 2)?;
    let number = |o: &Obj| o.as_float().ok_or_else(|| Exc::type_error("uniform() needs numbers"));
    let (a, b) = (number(&pos[0])?, number(&pos[1])?);
    Ok(Obj::Float(a + (b - a) * interp.rng(host).random()))
}

fn choice(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let seq = args.positional("choice", 1, 1)?.remove(0);
    let items = interp.collect_items(host, &seq)?;
    if items.is_empty() {
        return Err(Exc::index_error("Cannot choose from an empty sequence"));
    }
    let at = interp.rng(host).below(items.len() as u64) as usize;
    Ok(items[at].clone())
}

fn shuffle(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let seq = args.positional("shuffle", 1, 1)?.remove(0);
    let Obj::List(list) = &seq else {
        return Err(Exc::type_error(format!("'{}' object does not support item assignment", seq.type_name())));
    };
    let n = list.borrow().len();
    for i in (1..n).rev() {
        let j = interp.rng(host).below(i as u64 + 1) as usize;
        list.mutate().swap(i, j);
    }
    Ok(Obj::None)
}

fn sample(interp: &mut Interpreter, host: &mut dyn Host, args: Args) -> Result<Obj, Exc> {
    let [population, k, _counts] = args.bind("sample", ["population", "k", "counts"], 2)?;
    let population = interp.collect_items(host, &population.unwrap_or(Obj::None))?;
    let k = int_arg(&k.unwrap_or(Obj::None))?;
    let n = population.len();
    if k < 0 || k as usize > n {
        return Err(Exc::value_error("Sample larger than population or is negative"));
    }
    let k = k as usize;
    let mut setsize = 21usize;
    if k > 5 {
        let exp = ((k * 3) as f64).log(4.0).ceil() as u32;
        setsize += 4usize.pow(exp);
    }
    let mut result = Vec::with_capacity(k);
    if n <= setsize {
        let mut pool = population;
        for i in 0..k {
            let j = interp.rng(host).below((n - i) as u64) as usize;
            result.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut selected = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = interp.rng(host).below(n as u64) as usize;
            while selected.contains(&j) {
                j = interp.rng(host).below(n as u64) as usize;
            }
            selected.insert(j);
            result.push(population[j].clone());
        }
    }
    Ok(Obj::list(result))
}

#[cfg(test)]
mod tests {
    use super::Mt19937;

    #[test]
    fn the_generator_matches_cpython_for_a_seeded_sequence() {
        // python3 -c "import random; random.seed(42); print(random.random(), random.getrandbits(32))"
        let mut mt = Mt19937::from_int(42);
        assert_eq!(mt.random(), 0.6394267984578837);
        // random.seed(42); [random.randint(1, 10) for _ in range(5)] == [2, 1, 5, 4, 4]
        let mut mt = Mt19937::from_int(42);
        let picks: Vec<u64> = (0..5).map(|_| 1 + mt.below(10)).collect();
        assert_eq!(picks, vec![2, 1, 5, 4, 4]);
    }
}
