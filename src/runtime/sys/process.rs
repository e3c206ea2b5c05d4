//! Processes: fork and `_exit` for lesson processes, process groups and death signals for
//! cleanup, the subreaper role, pidfds for joins with a timeout, `comm` names for `ps`, and
//! spawning the runner with a hook between fork and exec.

use std::ffi::CString;
use std::io;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

use anyhow::{Result, bail};
use nix::sys::prctl;
use nix::sys::signal::Signal;
use nix::unistd::{Pid, getppid, setpgid};

/// The result of fork.
pub enum Forked {
    Child,
    Parent(i32),
}

/// `fork()`. Only called from single-threaded processes (the runner and lesson processes).
pub fn fork() -> Result<Forked> {
    // SAFETY: callers are single-threaded lesson processes or the runner, so the child may run
    // ordinary Rust code (no lock can be held by a vanished thread).
    match unsafe { libc::fork() } {
        -1 => bail!("fork: {}", io::Error::last_os_error()),
        0 => Ok(Forked::Child),
        pid => Ok(Forked::Parent(pid)),
    }
}

/// Ends this process at once with `code`, running no destructors or atexit handlers (as
/// CPython's forked children do with `os._exit`).
pub fn exit_now(code: i32) -> ! {
    // SAFETY: _exit touches no memory of ours and never returns; skipping destructors is the
    // point (the parent's copies of shared state must not be torn down twice).
    unsafe { libc::_exit(code) }
}

/// A pidfd: readable once the process has exited, immune to pid reuse.
pub fn pidfd_open(pid: i32) -> io::Result<OwnedFd> {
    // SAFETY: pidfd_open takes two integers and touches no memory of ours.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the kernel just created this descriptor for us; nobody else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// Own process group (a runner, a lesson's main process), so a group kill reaches exactly the
/// lesson. Async-signal-safe.
pub fn own_process_group() -> io::Result<()> {
    setpgid(Pid::from_raw(0), Pid::from_raw(0))?;
    Ok(())
}

/// Sets this process's comm (what `ps -o comm` shows; 15 bytes at most).
pub fn set_comm(name: &str) {
    let bytes: Vec<u8> = name.bytes().filter(|b| *b != 0).take(15).collect();
    let name = CString::new(bytes).expect("NUL bytes were filtered out");
    prctl::set_name(&name).expect("PR_SET_NAME only fails for an unreadable name, and ours is a live CString");
}

/// Dies with `sig` when the parent process goes away (the runner's lifeline to the main
/// lesson process); `Ok(false)` when the parent is already gone. Async-signal-safe.
pub fn die_with_parent(sig: Signal, expected_parent: i32) -> io::Result<bool> {
    prctl::set_pdeathsig(sig)?;
    Ok(getppid().as_raw() == expected_parent)
}

/// The runner's pid, for the lifeline handler of the lesson processes (0: none installed).
static RUNNER: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// The signal a lesson child asks for when its parent dies. Its default action is to ignore
/// it, so a process without the handler is never harmed by it.
const LIFELINE_SIGNAL: Signal = Signal::SIGURG;

extern "C" fn on_parent_death(_sig: libc::c_int) {
    // SAFETY: getppid, getpid and kill are async-signal-safe and touch no memory of ours.
    unsafe {
        if libc::getppid() != RUNNER.load(std::sync::atomic::Ordering::Relaxed) {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

/// In the lesson's MainProcess (inherited by every fork of it): installs the handler behind
/// `die_with_parent_or_runner`. A lesson child whose parent dies is re-parented to the runner
/// (a subreaper) and lives on as an orphan, as under CPython; one re-parented anywhere else
/// means the runner is gone too, and it kills itself. The kernel also sends the signal when a
/// subreaper the child was re-parented to dies, so an orphan of the runner dies with it.
pub fn install_lifeline(runner: i32) -> io::Result<()> {
    use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, sigaction};
    RUNNER.store(runner, std::sync::atomic::Ordering::Relaxed);
    let action = SigAction::new(SigHandler::Handler(on_parent_death), SaFlags::SA_RESTART, SigSet::empty());
    // SAFETY: the handler only makes async-signal-safe calls and reads an atomic.
    unsafe { sigaction(LIFELINE_SIGNAL, &action) }?;
    Ok(())
}

/// In a freshly forked lesson child: asks for the lifeline signal when the parent dies;
/// `Ok(false)` when the parent `expected_parent` already died and the child was not adopted
/// by the runner (the runner is gone). Async-signal-safe.
pub fn die_with_parent_or_runner(expected_parent: i32) -> io::Result<bool> {
    prctl::set_pdeathsig(LIFELINE_SIGNAL)?;
    let parent = getppid().as_raw();
    Ok(parent == expected_parent || parent == RUNNER.load(std::sync::atomic::Ordering::Relaxed))
}

/// Becomes a subreaper: orphaned descendants are re-parented here instead of to init.
pub fn become_subreaper() -> io::Result<()> {
    prctl::set_child_subreaper(true)?;
    Ok(())
}

/// Spawns `cmd` running `hook` in the child between fork and exec.
pub fn spawn_with_hook(
    cmd: &mut std::process::Command,
    hook: impl FnMut() -> io::Result<()> + Send + Sync + 'static,
) -> io::Result<std::process::Child> {
    use std::os::unix::process::CommandExt;
    // SAFETY: callers pass hooks that only make async-signal-safe calls (dup2, fcntl, setpgid,
    // prctl, getppid) and allocate nothing.
    unsafe {
        cmd.pre_exec(hook);
    }
    cmd.spawn()
}

/// Lowers the calling thread's priority by `by` nice levels (Linux keeps a nice value per
/// thread; `nice(2)` changes the caller's), so the viewer's own work yields the CPUs to the
/// lesson's processes while still getting a share of a busy machine (`SCHED_IDLE` would get
/// next to none, and a screen that stops while a browser tab is busy is no better). Best
/// effort: at the lowest priority already, nothing changes.
pub fn lower_thread_priority(by: i32) {
    // SAFETY: nice takes an integer and touches no memory of ours; its result (the new nice
    // value, or -1 with errno) is not needed.
    unsafe {
        libc::nice(by);
    }
}

/// Makes the calling thread `SCHED_BATCH`, its nice value kept: woken, it does not preempt
/// the thread running on its CPU but waits for that one to sleep or for the scheduler's tick,
/// and it gets its fair share of a busy machine as before. A viewer thread woken by a lesson
/// process's first events would otherwise take the CPU from a process starting beside it,
/// which nothing does to CPython's (docs/benchmarks.md, "The viewer's threads wait for the
/// tick"). Processes and threads it starts are normal again (`SCHED_RESET_ON_FORK`), so a
/// lesson's processes never inherit it. Best effort.
pub fn batch_thread() {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: `param` is a valid pointer for the call; pid 0 is the calling thread.
    unsafe {
        libc::sched_setscheduler(0, libc::SCHED_BATCH | libc::SCHED_RESET_ON_FORK, &param);
    }
}
