//! Waiting for and signalling a child process the way CPython's `Popen` does, shared by
//! every interpreter: `poll` is `waitpid(WNOHANG)` (so a finished child stays a zombie until
//! someone asks), `join` blocks in `waitpid` or, with a timeout, waits on a pidfd first, and
//! every step is reported.

use std::os::fd::AsRawFd;

use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

use crate::event::{EventKind, GiveUp, WaitOp};

use super::ctx::Ctx;
use super::sys;

/// How a `join` ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reaped {
    /// The child was reaped with this exit code (negative for a signal).
    Exit(i32),
    /// The timeout passed (or the child is not ours to wait for).
    StillRunning,
}

/// Python's exit code of a wait status: the code, or `-signal`.
pub fn exitcode_of(status: WaitStatus) -> Option<i32> {
    match status {
        WaitStatus::Exited(_, code) => Some(code),
        WaitStatus::Signaled(_, sig, _) => Some(-(sig as i32)),
        _ => None,
    }
}

/// Reaps `pid` if it has finished; its exit code if so.
pub fn poll(pid: i32) -> Option<i32> {
    waitpid(Pid::from_raw(pid), Some(WaitPidFlag::WNOHANG)).ok().and_then(exitcode_of)
}

/// `join(timeout)` on `pid` (named `name` on screen): reports the wait, then blocks until
/// the child ends (reaping it) or the timeout (lesson ms) passes.
pub fn join(ctx: &Ctx, pid: i32, name: &str, timeout_ms: Option<i64>) -> Reaped {
    ctx.blocks(EventKind::Waiting { object: name.into(), op: WaitOp::Join, timed: timeout_ms.is_some() });
    match timeout_ms {
        None => loop {
            match waitpid(Pid::from_raw(pid), None) {
                Ok(status) => return exitcode_of(status).map_or(Reaped::StillRunning, Reaped::Exit),
                Err(nix::errno::Errno::EINTR) => continue,
                Err(_) => return Reaped::StillRunning,
            }
        },
        Some(ms) => {
            let timeout = ctx.real(ms.max(0) as u64);
            if let Ok(pidfd) = sys::pidfd_open(pid) {
                sys::poll_readable(pidfd.as_raw_fd(), Some(timeout));
            }
            match poll(pid) {
                Some(code) => Reaped::Exit(code),
                None => {
                    let why = GiveUp::TimedOut;
                    ctx.rep.emit(EventKind::GaveUp { object: name.into(), op: WaitOp::Join, why });
                    Reaped::StillRunning
                }
            }
        }
    }
}

/// `terminate()` / `kill()`: reported, then sent.
pub fn signal(ctx: &Ctx, pid: i32, sig: Signal) {
    ctx.rep.emit(EventKind::Signalled { target: pid, signal: sig as i32 });
    let _ = kill(Pid::from_raw(pid), sig);
}
