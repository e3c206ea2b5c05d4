//! Signals: what the runner blocks and reads through a signalfd, what a fresh lesson process
//! resets so `terminate()` really kills it, and the front end's flag for SIGINT, SIGTERM and
//! SIGHUP so it can stop a run cleanly.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use nix::sys::signal::{SigHandler, SigSet, SigmaskHow, Signal, signal, sigprocmask};
use nix::sys::signalfd::{SfdFlags, SignalFd};

fn set_of(sigs: &[Signal]) -> SigSet {
    let mut set = SigSet::empty();
    for s in sigs {
        set.add(*s);
    }
    set
}

/// In a freshly forked lesson process: unblock every signal and restore default actions for
/// the ones the runner handles, so `terminate()` (SIGTERM) really kills it.
pub fn reset_signals_in_child() -> io::Result<()> {
    sigprocmask(SigmaskHow::SIG_SETMASK, Some(&SigSet::empty()), None)?;
    for sig in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP, Signal::SIGCHLD] {
        // SAFETY: installing SIG_DFL runs none of our code in signal context.
        unsafe { signal(sig, SigHandler::SigDfl) }?;
    }
    Ok(())
}

/// Blocks these signals in the calling thread (before creating a signalfd for them).
pub fn block_signals(sigs: &[Signal]) -> io::Result<()> {
    sigprocmask(SigmaskHow::SIG_BLOCK, Some(&set_of(sigs)), None)?;
    Ok(())
}

/// A non-blocking signalfd for the given (already blocked) signals.
pub fn signalfd(sigs: &[Signal]) -> Result<SignalFd> {
    SignalFd::with_flags(&set_of(sigs), SfdFlags::SFD_CLOEXEC | SfdFlags::SFD_NONBLOCK).context("signalfd")
}

/// Reads one pending signal from a signalfd; `Ok(None)` when none is pending.
pub fn read_signal(fd: &SignalFd) -> io::Result<Option<Signal>> {
    match fd.read_signal()? {
        None => Ok(None),
        Some(info) => Ok(Some(Signal::try_from(info.ssi_signo as i32)?)),
    }
}

static STOP_REQUESTED: AtomicBool = AtomicBool::new(false);

extern "C" fn note_stop(_sig: libc::c_int) {
    STOP_REQUESTED.store(true, Ordering::SeqCst);
}

/// Catches SIGINT, SIGTERM and SIGHUP in a front end so it can stop the run cleanly;
/// `stop_requested()` tells whether one arrived.
pub fn catch_stop_signals() {
    for sig in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        let installed = unsafe { signal(sig, SigHandler::Handler(note_stop)) };
        installed.expect("signal() only refuses invalid or uncatchable signals, and these are neither");
    }
}

/// Stops the run as a stop signal would (the front end's output is gone: nobody watches).
pub fn request_stop() {
    STOP_REQUESTED.store(true, Ordering::SeqCst);
}

/// Whether a stop signal arrived since `catch_stop_signals`.
pub fn stop_requested() -> bool {
    STOP_REQUESTED.load(Ordering::SeqCst)
}

/// The real-time signal a watched CPython program's processes take as "you are held now: put
/// the line hook on" (`SIGRTMIN+5`; no default use, so it cannot mean anything else to them).
pub fn hold_signal() -> i32 {
    libc::SIGRTMIN() + 5
}

/// In a child about to exec: ignore the hold signal until the program installs its handler
/// (an ignored signal stays ignored across exec), so an early one cannot kill it.
/// Async-signal-safe.
pub fn ignore_hold_signal() -> io::Result<()> {
    // SAFETY: installing SIG_IGN runs none of our code in signal context, and `signal` is
    // async-signal-safe.
    let old = unsafe { libc::signal(hold_signal(), libc::SIG_IGN) };
    if old == libc::SIG_ERR { Err(io::Error::last_os_error()) } else { Ok(()) }
}

/// Sends the hold signal to process `pid`.
pub fn send_hold_signal(pid: i32) -> io::Result<()> {
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    let rc = unsafe { libc::kill(pid, hold_signal()) };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}
