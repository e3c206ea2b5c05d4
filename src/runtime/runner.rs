//! The runner: the hidden role `forkbook __runner RUN_DIR`, re-executed from the viewer so it
//! starts single-threaded. It forks the lesson's MainProcess into a new process group, reaps
//! it and every orphan (it is a subreaper), and on `stop`, on EOF of the control pipe (the
//! viewer died) or on SIGTERM/SIGINT/SIGHUP kills the whole lesson group and reaps it all.

use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use nix::sys::signal::{Signal, killpg};
use nix::sys::signalfd::SignalFd;
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

use super::crash;
use super::ctx::Ctx;
use super::region::Region;
use super::report::Reporter;
use super::sys::{self, Forked};
use super::{RunFile, fds};
use crate::event::EventKind;
use crate::lesson;

/// The hidden first argument that selects this role.
pub const ROLE_ARG: &str = "__runner";

/// Entry point of the runner role; returns the process exit code.
pub fn main(run_dir: &Path) -> i32 {
    match run(run_dir) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("forkbook runner: {e:#}");
            3
        }
    }
}

fn run(run_dir: &Path) -> Result<()> {
    sys::become_subreaper().context("becoming a subreaper")?;
    let watched = [Signal::SIGCHLD, Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP];
    sys::block_signals(&watched).context("blocking signals")?;
    let sigfd = sys::signalfd(&watched)?;
    let control = sys::adopt_fd(fds::CONTROL);
    let region = Region::attach(sys::adopt_fd(fds::REGION))?;

    let text = std::fs::read_to_string(run_dir.join(super::RUN_FILE)).context("reading the run file")?;
    let run_file: RunFile = serde_json::from_str(&text).context("parsing the run file")?;
    let mut lesson = lesson::from_str(&run_file.lesson_source, &run_file.lesson_name)
        .map_err(|d| anyhow::anyhow!("{}", d.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")))?;
    lesson.python = run_file.python;
    let knobs = lesson.knobs_with(&run_file.knobs);

    let me = std::process::id() as i32;
    let rep = Reporter::new(&region, super::region::RUNNER_RING, me, 0);
    rep.emit(EventKind::RunStarted {
        version: crate::event::FORMAT_VERSION,
        lesson: lesson.id.clone(),
        runner: me,
        seed: run_file.seed,
    });
    let slot = region.take_proc_slot()?;
    super::gate::prepare(&region, slot);
    let gate = region.gate(slot);
    let stamp = rep.stamp();
    let main_pid = match sys::fork()? {
        Forked::Child => {
            drop(sigfd);
            drop(control);
            let run = MainRun {
                lesson: &lesson,
                knobs: &knobs,
                seed: run_file.seed,
                args: &run_file.args,
                options: run_file.options,
            };
            sys::exit_now(main_process(&region, &run, me, (slot, stamp.seq), run_dir.to_path_buf()))
        }
        Forked::Parent(pid) => pid,
    };
    let _ = nix::unistd::setpgid(Pid::from_raw(main_pid), Pid::from_raw(main_pid));
    gate.pid.store(main_pid, std::sync::atomic::Ordering::SeqCst);
    let started =
        EventKind::Started { name: "MainProcess".into(), ppid: me, script: "main".into(), daemon: false, slot };
    rep.emit_at(stamp, main_pid, started);

    // The viewer normally removes the run directory; if it died, nobody else will. A stop by
    // signal may be its death signal arriving before its last thread is gone (and getppid()
    // still names it), so then wait a moment for the control pipe to hang up too.
    let viewer_gone = match supervise(&rep, &control, &sigfd, main_pid) {
        End::Finished | End::Stopped => false,
        End::HungUp => true,
        End::Signalled => control_hung_up(&control, Duration::from_secs(1)),
    };
    if viewer_gone {
        let _ = std::fs::remove_dir_all(run_dir);
    }
    Ok(())
}

/// What the lesson's main process runs: the lesson's program with the run's knob values and
/// seed.
struct MainRun<'a> {
    lesson: &'a lesson::Lesson,
    knobs: &'a lesson::KnobValues,
    seed: u64,
    /// `sys.argv[1:]`.
    args: &'a [String],
    options: super::Options,
}

/// The lesson's main process: run the program (which forks the children and, at its end,
/// joins them and audits the objects it made), exit.
fn main_process(region: &Region, run: &MainRun, runner: i32, (slot, started_seq): (u32, u64), run_dir: PathBuf) -> i32 {
    // The runner sets the group from its side too; either call is enough.
    let _ = sys::own_process_group();
    if !sys::die_with_parent(Signal::SIGKILL, runner).unwrap_or(false)
        || sys::reset_signals_in_child().is_err()
        || sys::install_lifeline(runner).is_err()
    {
        return 1;
    }
    // Best effort: a cap the administrator's hard limit refuses leaves the process uncapped.
    let _ = sys::cap_memory(run.options.max_memory_mib.saturating_mul(1 << 20));
    crate::python::set_memory_check(sys::memory_check_due(), sys::over_memory_budget);
    sys::set_comm("MainProcess");
    // Every lesson process is a fork of this one, so they all inherit the hook.
    crash::install_hook();
    let pid = std::process::id() as i32;
    let ctx = Ctx {
        region,
        rep: Reporter::new(region, slot as usize, pid, started_seq),
        run_dir,
        feeder: Default::default(),
    };
    let code =
        crash::guarded(&ctx.rep, || match crate::python::Program::parse(&run.lesson.source_name, &run.lesson.python) {
            Ok(program) => {
                let overrides = run.lesson.constant_overrides(run.knobs);
                let argv = std::iter::once(run.lesson.source_name.clone()).chain(run.args.iter().cloned()).collect();
                super::host::run_program(&ctx, &program, &overrides, run.seed, argv, run.options)
            }
            Err(_) => 1,
        });
    ctx.rep.exiting(code);
    code
}

/// How supervising a lesson ended.
enum End {
    /// Every lesson process ended and was reaped.
    Finished,
    /// The viewer asked to stop.
    Stopped,
    /// The control pipe hung up: the viewer is gone (it never closes it while it lives).
    HungUp,
    /// SIGTERM, SIGINT or SIGHUP (perhaps the viewer's death signal).
    Signalled,
}

/// Reaps until no lesson process is left, or kills them all when told to stop.
fn supervise(rep: &Reporter, control: &OwnedFd, sigfd: &SignalFd, main_pid: i32) -> End {
    loop {
        // A failed poll reports nothing ready; reaping below still runs.
        let [control_ready, signal_ready] = sys::poll_many([control.as_fd(), sigfd.as_fd()]).unwrap_or_default();
        if control_ready {
            let mut buf = [0u8; 64];
            let n = nix::unistd::read(control, &mut buf).unwrap_or(0);
            if n == 0 || buf[..n].contains(&b'x') {
                kill_lesson(rep, main_pid);
                return if n == 0 { End::HungUp } else { End::Stopped };
            }
        }
        if signal_ready {
            while let Ok(Some(sig)) = sys::read_signal(sigfd) {
                if sig != Signal::SIGCHLD {
                    kill_lesson(rep, main_pid);
                    return End::Signalled;
                }
            }
        }
        if reap(rep, false) {
            return End::Finished;
        }
    }
}

/// Whether the viewer's end of the control pipe closes (EOF) within `wait`.
fn control_hung_up(control: &OwnedFd, wait: Duration) -> bool {
    if !sys::poll_readable(control.as_raw_fd(), Some(wait)) {
        return false;
    }
    let mut buf = [0u8; 64];
    matches!(nix::unistd::read(control, &mut buf), Ok(0))
}

/// Reaps what has finished (or, with `block`, everything); true when no child is left.
fn reap(rep: &Reporter, block: bool) -> bool {
    let flags = if block { None } else { Some(WaitPidFlag::WNOHANG) };
    loop {
        match waitpid(Pid::from_raw(-1), flags) {
            Ok(WaitStatus::Exited(pid, code)) => rep.emit(EventKind::Reaped { child: pid.as_raw(), exitcode: code }),
            Ok(WaitStatus::Signaled(pid, sig, _)) => {
                rep.emit(EventKind::Reaped { child: pid.as_raw(), exitcode: -(sig as i32) })
            }
            Ok(WaitStatus::StillAlive) => return false,
            Ok(_) => continue,
            Err(nix::errno::Errno::EINTR) => continue,
            Err(_) => return true,
        }
    }
}

/// Kills every lesson process (one group) and reaps them all, orphans included.
fn kill_lesson(rep: &Reporter, main_pid: i32) {
    let _ = killpg(Pid::from_raw(main_pid), Signal::SIGKILL);
    reap(rep, true);
}
