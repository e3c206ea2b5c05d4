//! The run's clock: CLOCK_MONOTONIC as plain nanoseconds, so that times taken in different
//! processes (the viewer, the runner, every lesson process) can be compared and subtracted.

use std::cell::Cell;

use nix::time::{ClockId, clock_gettime};

/// CLOCK_MONOTONIC in nanoseconds (comparable across processes). Read through libc straight
/// (the vDSO, no system call): every event takes one, so nix's checked wrapper is left out.
#[inline]
pub fn monotonic_ns() -> u64 {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid out-pointer; CLOCK_MONOTONIC always exists on Linux, so the
    // call cannot fail (and a failure would leave the zero time, never undefined memory).
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) };
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

/// CPU time the calling thread has used, in nanoseconds (a lesson process has one thread;
/// a fresh fork starts near zero).
pub fn cpu_ns() -> u64 {
    let now = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID).expect("Linux always provides the thread CPU clock");
    now.tv_sec() as u64 * 1_000_000_000 + now.tv_nsec() as u64
}

/// The reporter's clock: CLOCK_MONOTONIC, read from the vDSO at most once every `WINDOW_NS`
/// of a busy stretch and between two readings interpolated from the CPU's time-stamp counter.
/// A lock increment stamps seven events; the vDSO's read costs 24-26 ns here and the
/// counter's 10 (docs/benchmarks.md, "The reporter's clock").
///
/// Exactness: the rate (nanoseconds a cycle) is this process's own, measured between its
/// first reading and its latest; a time interpolated at most `WINDOW_NS` after a reading is
/// off by that span times the rate's error (below 0.1% once the process has run
/// `WINDOW_NS`): nanoseconds. Times never go back within a process. Where the kernel's own
/// clock is not the counter (`counter_is_the_clock`), or on other CPUs, every stamp reads
/// the vDSO.
pub struct StampClock {
    /// The first vDSO reading as (counter, ns); the rate is measured from it.
    first: Cell<(u64, u64)>,
    /// The last vDSO reading as (counter, ns).
    anchor: Cell<(u64, u64)>,
    /// Nanoseconds a cycle in 32.32 fixed point, and `WINDOW_NS` in cycles; 0 until measured
    /// over `WINDOW_NS`.
    rate: Cell<(u64, u64)>,
    /// The last time handed out.
    last: Cell<u64>,
    enabled: bool,
}

/// The longest stretch a time is interpolated over before the vDSO is read again.
const WINDOW_NS: u64 = 10_000;

/// The most the counter may move on while the vDSO is read (about 25 ns, under 100 cycles)
/// for the reading to pair with the count before it. More means the thread was interrupted
/// in between: the reading is later than that count, and as an anchor it would put every time
/// interpolated from it that much late.
const READ_CYCLES: u64 = 2_000;

impl StampClock {
    /// A clock for this process; `enabled` is `counter_is_the_clock()`, asked once.
    pub fn new(enabled: bool) -> StampClock {
        let cell = || Cell::new((0, 0));
        StampClock { first: cell(), anchor: cell(), rate: cell(), last: Cell::new(0), enabled }
    }

    /// CLOCK_MONOTONIC in nanoseconds, as `monotonic_ns` (to within nanoseconds, see above).
    #[inline]
    pub fn now_ns(&self) -> u64 {
        if !self.enabled {
            return monotonic_ns();
        }
        let t = self.at(cycles(), monotonic_ns, cycles);
        let t = t.max(self.last.get());
        self.last.set(t);
        t
    }

    /// The time at counter value `now`, reading `clock` when the interpolation cannot be
    /// trusted (no rate yet, the window passed, or the counter went back on another CPU);
    /// `counter` is read again after the clock, so that a reading interrupted in the middle
    /// is used but not kept as an anchor.
    #[inline]
    fn at(&self, now: u64, clock: impl FnOnce() -> u64, counter: impl FnOnce() -> u64) -> u64 {
        let (c0, t0) = self.anchor.get();
        let (rate, window) = self.rate.get();
        let since = now.wrapping_sub(c0);
        if since < window {
            return t0 + ((since as u128 * rate as u128) >> 32) as u64;
        }
        let t = clock();
        if counter().wrapping_sub(now) > READ_CYCLES {
            return t;
        }
        let (f0, ft) = self.first.get();
        if f0 == 0 {
            self.first.set((now, t));
        } else if t.saturating_sub(ft) >= WINDOW_NS && now > f0 {
            let rate = ((((t - ft) as u128) << 32) / (now - f0) as u128) as u64;
            let window = if rate == 0 { 0 } else { ((WINDOW_NS as u128) << 32) / rate as u128 };
            self.rate.set((rate, window as u64));
        }
        self.anchor.set((now, t));
        t
    }
}

/// Whether the kernel keeps CLOCK_MONOTONIC from the time-stamp counter, so that the counter
/// runs at one rate on every CPU (`StampClock`): asked once, in the runner, before any fork.
pub fn counter_is_the_clock() -> bool {
    static ANSWER: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ANSWER.get_or_init(|| {
        cfg!(target_arch = "x86_64")
            && std::fs::read_to_string("/sys/devices/system/clocksource/clocksource0/current_clocksource")
                .is_ok_and(|s| s.trim() == "tsc")
    })
}

/// The time-stamp counter (0 where there is none: the clock is then never enabled).
#[inline]
fn cycles() -> u64 {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: RDTSC exists on every x86_64 CPU and reads a register; it has no memory effects.
    return unsafe { core::arch::x86_64::_rdtsc() };
    #[cfg(not(target_arch = "x86_64"))]
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A counter at 3 cycles a nanosecond, read at `ns`; the clock read gives `ns` exactly.
    fn read(clock: &StampClock, ns: u64) -> (u64, bool) {
        let read = Cell::new(false);
        let count = 1_000_000 + ns * 3;
        let t = clock.at(
            count,
            || {
                read.set(true);
                ns
            },
            || count + 60,
        );
        (t, read.get())
    }

    #[test]
    fn the_clock_is_read_until_a_window_has_passed_then_interpolated_within_one() {
        let clock = StampClock::new(true);
        assert_eq!(read(&clock, 100), (100, true));
        assert_eq!(read(&clock, 5_000), (5_000, true), "no rate yet: still read");
        assert_eq!(read(&clock, 10_100), (10_100, true), "a window since the first: the rate is measured");
        let (t, was_read) = read(&clock, 15_000);
        assert!(!was_read, "within the window: interpolated");
        assert!(t.abs_diff(15_000) <= 1, "{t}");
        // Past the window since the last reading: read again, exactly.
        assert_eq!(read(&clock, 25_000), (25_000, true));
        let (t, was_read) = read(&clock, 34_999);
        assert!(!was_read && t.abs_diff(34_999) <= 1, "{t}");
    }

    #[test]
    fn a_reading_interrupted_between_the_counter_and_the_clock_is_not_an_anchor() {
        let clock = StampClock::new(true);
        read(&clock, 100);
        read(&clock, 20_000);
        // Interrupted for 1 ms after the counter was read at 30,000 ns: the clock says
        // 1,030,000. That time is handed out, but not paired with the count.
        let count = 1_000_000 + 30_000 * 3;
        assert_eq!(clock.at(count, || 1_030_000, || count + 1_000_000 * 3), 1_030_000);
        // So a time interpolated a little later is not a millisecond late.
        let (t, was_read) = read(&clock, 30_001);
        assert_eq!((t, was_read), (30_001, true), "the last anchor (20,000) is more than a window back");
        let (t, was_read) = read(&clock, 35_000);
        assert!(!was_read && t.abs_diff(35_000) <= 1, "{t}");
    }

    #[test]
    fn a_counter_behind_the_last_reading_is_not_trusted() {
        let clock = StampClock::new(true);
        read(&clock, 100);
        read(&clock, 20_000);
        // Another CPU's counter a little behind: the difference wraps, so the clock is read.
        let read_anew = Cell::new(false);
        let t = clock.at(
            1_000_000 + 20_000 * 3 - 5,
            || {
                read_anew.set(true);
                20_001
            },
            || 1_000_000 + 20_000 * 3 + 50,
        );
        assert_eq!((t, read_anew.get()), (20_001, true));
    }

    #[test]
    fn times_handed_out_never_go_back_and_fall_between_the_real_clocks_readings_around_them() {
        let clock = StampClock::new(counter_is_the_clock());
        let mut last = 0;
        for _ in 0..100_000 {
            let before = monotonic_ns();
            let t = clock.now_ns();
            let after = monotonic_ns();
            assert!(t >= last);
            // A microsecond either way: the interpolation's error is nanoseconds.
            assert!(before - 1_000 <= t && t <= after + 1_000, "{before} {t} {after}");
            last = t;
        }
    }
}
