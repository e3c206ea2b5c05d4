//! The run's clock: CLOCK_MONOTONIC as plain nanoseconds, so that times taken in different
//! processes (the viewer, the runner, every lesson process) can be compared and subtracted.

use nix::time::{ClockId, clock_gettime};

/// CLOCK_MONOTONIC in nanoseconds (comparable across processes).
pub fn monotonic_ns() -> u64 {
    let now = clock_gettime(ClockId::CLOCK_MONOTONIC).expect("Linux always provides CLOCK_MONOTONIC");
    now.tv_sec() as u64 * 1_000_000_000 + now.tv_nsec() as u64
}

/// CPU time the calling thread has used, in nanoseconds (a lesson process has one thread;
/// a fresh fork starts near zero).
pub fn cpu_ns() -> u64 {
    let now = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID).expect("Linux always provides the thread CPU clock");
    now.tv_sec() as u64 * 1_000_000_000 + now.tv_nsec() as u64
}
