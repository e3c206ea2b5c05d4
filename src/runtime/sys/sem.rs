//! `Sem`: a POSIX semaphore placed in the shared region (`sem_init` with pshared = 1), so
//! every forked process waits on the same kernel futex, exactly as CPython's SemLock does.
//! Waits follow CPython: EINTR retries, only ETIMEDOUT (or EAGAIN for a zero timeout) is a
//! timeout, and any other failure is returned for the caller to raise.

use std::cell::UnsafeCell;
use std::io;
use std::mem::MaybeUninit;
use std::time::{Duration, SystemTime};

use anyhow::{Result, bail};

/// A semaphore slot in shared memory; unusable until `init`.
#[repr(C)]
pub struct Sem(UnsafeCell<MaybeUninit<libc::sem_t>>);

// SAFETY: sem_t is designed for concurrent use from many threads and processes; every access
// goes through the sem_* functions, never through a Rust reference to its bytes.
unsafe impl Sync for Sem {}

/// How a blocking semaphore wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SemWait {
    Acquired,
    TimedOut,
}

impl Sem {
    fn raw(&self) -> *mut libc::sem_t {
        self.0.get().cast()
    }

    /// Initialises the semaphore; must happen before any process uses it.
    pub fn init(&self, value: u32) -> Result<()> {
        // SAFETY: the pointer is valid for the region's lifetime; pshared=1 because the page is
        // MAP_SHARED; no process uses the slot before it is initialised (slots are handed out once).
        let rc = unsafe { libc::sem_init(self.raw(), 1, value) };
        if rc != 0 {
            bail!("sem_init: {}", io::Error::last_os_error());
        }
        Ok(())
    }

    /// `sem_trywait`: `Ok(true)` when a unit was taken, `Ok(false)` when none was free.
    pub fn try_wait(&self) -> io::Result<bool> {
        // SAFETY: an initialised semaphore in a live shared mapping.
        if unsafe { libc::sem_trywait(self.raw()) } == 0 {
            return Ok(true);
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EAGAIN) => Ok(false),
            _ => Err(err),
        }
    }

    /// Blocks until a unit is taken or the timeout passes; `None` waits forever. A zero
    /// timeout only tries, as CPython does.
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<SemWait> {
        if timeout.is_some_and(|d| d.is_zero()) {
            return Ok(if self.try_wait()? { SemWait::Acquired } else { SemWait::TimedOut });
        }
        let deadline = timeout.map(realtime_deadline);
        loop {
            // SAFETY: an initialised semaphore in a live shared mapping; the deadline is a
            // normalised timespec that outlives the call.
            let rc = unsafe {
                match &deadline {
                    None => libc::sem_wait(self.raw()),
                    Some(ts) => libc::sem_timedwait(self.raw(), ts),
                }
            };
            if rc == 0 {
                return Ok(SemWait::Acquired);
            }
            let err = io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::ETIMEDOUT) => return Ok(SemWait::TimedOut),
                _ => return Err(err),
            }
        }
    }

    /// `sem_post`; fails with EOVERFLOW past SEM_VALUE_MAX.
    pub fn post(&self) -> io::Result<()> {
        // SAFETY: an initialised semaphore in a live shared mapping.
        if unsafe { libc::sem_post(self.raw()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// `sem_getvalue` (glibc reports 0, never negative, while there are waiters).
    pub fn value(&self) -> i64 {
        let mut v: libc::c_int = 0;
        // SAFETY: an initialised semaphore; v is a valid out-pointer for the call.
        let rc = unsafe { libc::sem_getvalue(self.raw(), &mut v) };
        assert_eq!(
            rc,
            0,
            "sem_getvalue only reads the counter of an initialised semaphore: {}",
            io::Error::last_os_error()
        );
        i64::from(v)
    }
}

/// `sem_timedwait` takes an absolute CLOCK_REALTIME deadline.
fn realtime_deadline(d: Duration) -> libc::timespec {
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    let at = now.saturating_add(d);
    libc::timespec {
        tv_sec: libc::time_t::try_from(at.as_secs()).unwrap_or(libc::time_t::MAX),
        tv_nsec: at.subsec_nanos() as libc::c_long,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sem(value: u32) -> Sem {
        let sem = Sem(UnsafeCell::new(MaybeUninit::zeroed()));
        sem.init(value).expect("sem_init");
        sem
    }

    #[test]
    fn a_free_unit_is_taken_and_then_the_semaphore_is_empty() {
        let s = sem(1);
        assert_eq!(s.wait(None).expect("wait"), SemWait::Acquired);
        assert!(!s.try_wait().expect("try_wait"));
        assert_eq!(s.value(), 0);
    }

    #[test]
    fn a_zero_timeout_on_an_empty_semaphore_times_out_at_once() {
        let s = sem(0);
        assert_eq!(s.wait(Some(Duration::ZERO)).expect("wait"), SemWait::TimedOut);
        s.post().expect("post");
        assert_eq!(s.wait(Some(Duration::ZERO)).expect("wait"), SemWait::Acquired);
    }

    #[test]
    fn a_timed_wait_on_an_empty_semaphore_times_out_after_its_deadline() {
        let s = sem(0);
        let started = std::time::Instant::now();
        assert_eq!(s.wait(Some(Duration::from_millis(30))).expect("wait"), SemWait::TimedOut);
        assert!(started.elapsed() >= Duration::from_millis(25));
    }
}
