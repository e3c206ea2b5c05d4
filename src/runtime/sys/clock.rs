//! The run's clock: CLOCK_MONOTONIC as plain nanoseconds, so that times taken in different
//! processes (the viewer, the runner, every lesson process) can be compared and subtracted.

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
