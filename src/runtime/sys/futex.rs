//! Shared futexes on words of the region: the kernel wait queue behind an Event's flag and a
//! JoinableQueue's unfinished count. Not FUTEX_PRIVATE, so waiters in every forked process
//! meet on the same word.

use std::io;
use std::sync::atomic::AtomicU32;
use std::time::Duration;

/// Sleeps in the kernel while `word` still equals `expected`, or until the (relative) timeout;
/// spurious wake-ups, signals and a word that already changed all just return, for the caller
/// to re-check.
pub fn futex_wait(word: &AtomicU32, expected: u32, timeout: Option<Duration>) {
    let ts = timeout.map(|d| libc::timespec {
        tv_sec: libc::time_t::try_from(d.as_secs()).unwrap_or(libc::time_t::MAX),
        tv_nsec: d.subsec_nanos() as libc::c_long,
    });
    let ts_ptr = ts.as_ref().map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: word is a live, aligned u32 for the whole call (a shared mapping outlives every
    // borrow of it); ts_ptr is null or points at ts, which outlives the call.
    let rc = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAIT, expected, ts_ptr) };
    if rc != 0 {
        let err = io::Error::last_os_error();
        let expected_errno = matches!(err.raw_os_error(), Some(libc::EAGAIN | libc::EINTR | libc::ETIMEDOUT));
        assert!(expected_errno, "FUTEX_WAIT on a live word with a normalised timeout cannot fail otherwise: {err}");
    }
}

/// Wakes every process sleeping on `word`.
pub fn futex_wake_all(word: &AtomicU32) {
    // SAFETY: as futex_wait; FUTEX_WAKE only reads the address to find its wait queue.
    let rc = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE, i32::MAX) };
    assert!(rc >= 0, "FUTEX_WAKE on a live, aligned word cannot fail: {}", io::Error::last_os_error());
}
