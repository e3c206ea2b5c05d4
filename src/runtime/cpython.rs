//! Watching a real CPython program: `forkbook watch prog.py` runs it with the machine's
//! `python3`, unchanged, with forkbook's probe loaded first in every interpreter of the run
//! (a temporary `sitecustomize.py`, `probe.rs`). The probe reports the program's processes,
//! objects and output as forkbook's events to a FIFO; this side numbers them in the order they
//! arrive (each is one atomic write, made at the moment its state was settled), adds the
//! kernel's view of every live process and the main process's end, and hands them on as a
//! lesson run's events, so the same World, lesson screen and trace show them.

mod gates;
mod probe;
mod stream;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use super::schedule::GateControl;
use crate::event::{Event, RunOutcome};

pub use probe::{SUPPORTED, check_python, python_version, supported_range};

/// What to watch.
#[derive(Clone, Debug)]
pub struct WatchSpec {
    /// The program, as the student named it.
    pub program: PathBuf,
    /// The interpreter (`python3` unless `--python` says otherwise).
    pub python: PathBuf,
    /// The program's own arguments (`sys.argv[1:]`).
    pub args: Vec<String>,
    /// Stop the program after this long.
    pub max_time: Duration,
    /// The folder it runs in (default: the current one).
    pub cwd: Option<PathBuf>,
    /// Give it forkbook's `fetch(url)` (a lesson's simulated download) as a built-in.
    pub fetch: bool,
    /// forkbook's speed factor: the probe divides every sleep and timeout by it and runs the
    /// program's clocks that much faster (1: CPython's own pace).
    pub speed: f64,
    /// Grant steps in this order first (lanes it names are held, the others run free): a
    /// race pinned as for a lesson. Needs `steps`.
    pub schedule: Option<crate::lesson::schedule::Schedule>,
    /// Step mode: a line hook on the program's own file lets the viewer hold each process
    /// before each of its lines (the lesson screen; a headless run goes at full speed).
    pub steps: bool,
}

/// A CPython program running under the probe; dropped, every process of it is killed.
pub struct CpythonRun {
    events: Option<Receiver<Event>>,
    /// The main process, which leads the program's process group.
    main: i32,
    /// Why the front end stopped it, for the run's last event.
    stop: Arc<Mutex<Option<RunOutcome>>>,
    over: Arc<AtomicBool>,
    /// The gates of step mode and schedules.
    gates: gates::CpythonGates,
    steps: bool,
    _probe: probe::ProbeDir,
}

/// Starts `spec.program` under the probe (with step mode, `paused`: held before its first
/// line). The events come from `take_events`, ending with `RunEnded`.
pub fn start(spec: &WatchSpec, paused: bool) -> Result<CpythonRun> {
    check_python(&spec.python)?;
    let program = std::fs::canonicalize(&spec.program)
        .with_context(|| format!("{}: cannot read the program", spec.program.display()))?;
    // The program's orphans (a child whose parent ended first) come to this process, which
    // reaps them and shows their end, as the runner does for a lesson's.
    super::sys::become_subreaper().context("becoming a subreaper")?;
    let dir = probe::ProbeDir::create()?;
    let fifo = dir.open_fifo()?;
    dir.hold(spec.steps && (paused || spec.schedule.is_some()))?;
    let t0 = super::sys::monotonic_ns();
    let viewer = std::process::id() as i32;
    // The program leads a process group of its own (so all of it can be stopped at once), and
    // its main process dies with this one even if this one is SIGKILLed. The hook makes only
    // async-signal-safe calls (sys::spawn_with_hook).
    let hook = move || {
        super::sys::own_process_group()?;
        // Until the probe takes the hold signal, it must not kill the program (step mode).
        super::sys::ignore_hold_signal()?;
        if !super::sys::die_with_parent(Signal::SIGKILL, viewer)? {
            return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
        }
        Ok(())
    };
    let child = super::sys::spawn_with_hook(&mut command(spec, &program, &dir, t0)?, hook)
        .with_context(|| format!("cannot start {}", spec.python.display()))?;
    let main = child.id() as i32;
    let (tx, rx) = channel();
    let stop = Arc::new(Mutex::new(None));
    let over = Arc::new(AtomicBool::new(false));
    let name = program.file_stem().map_or_else(|| "program".to_string(), |s| s.to_string_lossy().into_owned());
    let gates = gates::CpythonGates { dir: dir.path().to_path_buf(), gates: Arc::default() };
    let controller = spec.schedule.as_ref().map(super::schedule::Controller::new);
    let shared = stream::Shared { stop: Arc::clone(&stop), over: Arc::clone(&over), gates: gates.clone(), controller };
    let reader = stream::Reader::new(fifo, child, name, t0, spec.max_time, shared);
    std::thread::spawn(move || {
        super::sys::batch_thread();
        reader.run(|ev| tx.send(ev).is_ok())
    });
    // The caller folds the events: like the reader, it waits for CPython's processes.
    super::sys::batch_thread();
    Ok(CpythonRun { events: Some(rx), main, stop, over, gates, steps: spec.steps, _probe: dir })
}

/// The interpreter's command: the program, unchanged, with the probe first on its import
/// path for this run only, its output to the probe (stderr to a log), its own process group.
fn command(spec: &WatchSpec, program: &std::path::Path, dir: &probe::ProbeDir, t0: u64) -> Result<Command> {
    let mut cmd = Command::new(&spec.python);
    let path = match std::env::var_os("PYTHONPATH") {
        Some(old) if !old.is_empty() => {
            let mut p = dir.path().as_os_str().to_owned();
            p.push(":");
            p.push(old);
            p
        }
        _ => dir.path().as_os_str().to_owned(),
    };
    cmd.arg(program)
        .args(&spec.args)
        .env("PYTHONPATH", path)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("FORKBOOK_PROBE", dir.fifo_path())
        .env("FORKBOOK_T0", t0.to_string())
        .env("FORKBOOK_USER_FILE", program)
        .envs(spec.fetch.then_some(("FORKBOOK_FETCH", "1")))
        .env("FORKBOOK_SPEED", spec.speed.to_string())
        .envs(spec.steps.then(|| ("FORKBOOK_GATES", dir.path().as_os_str())))
        .envs(spec.steps.then(|| ("FORKBOOK_HOLD_SIGNAL", super::sys::hold_signal().to_string())))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("stderr.log")).context("creating the stderr log")?);
    if let Some(dir) = &spec.cwd {
        cmd.current_dir(dir);
    }
    Ok(cmd)
}

impl CpythonRun {
    /// The events, once (the front end relays them on its own thread).
    pub fn take_events(&mut self) -> Option<Receiver<Event>> {
        self.events.take()
    }

    /// The next event, waiting at most `timeout`; `None` on timeout, after the end, or once
    /// the events were taken.
    pub fn next_event(&self, timeout: Duration) -> Option<Event> {
        self.events.as_ref()?.recv_timeout(timeout).ok()
    }

    /// Whether the run ended (its last event was sent).
    pub fn is_over(&self) -> bool {
        self.over.load(Ordering::SeqCst)
    }

    /// Holds every process of the program: with step mode at its next line's gate, else
    /// stopped where it is (SIGSTOP to its process group; the kernel shows `T`).
    pub fn pause(&self) {
        if self.steps {
            self.gates.set_hold_all(true);
        } else {
            let _ = killpg(Pid::from_raw(self.main), Signal::SIGSTOP);
        }
    }

    /// Lets them all go on.
    pub fn resume(&self) {
        if self.steps {
            self.gates.set_hold_all(false);
        } else {
            let _ = killpg(Pid::from_raw(self.main), Signal::SIGCONT);
        }
    }

    /// One line for the process of lane `slot`, if it waits at its gate.
    pub fn grant(&self, slot: u32) -> bool {
        self.gates.grant(slot)
    }

    /// SIGKILLs one process of the program.
    pub fn kill(&self, pid: i32) -> bool {
        nix::sys::signal::kill(Pid::from_raw(pid), Signal::SIGKILL).is_ok()
    }

    /// Ends the run now, saying why (a deadlock, a stall, the student).
    pub fn stop_because(&self, outcome: RunOutcome) {
        if let Ok(mut why) = self.stop.lock() {
            why.get_or_insert(outcome);
        }
        kill_group(self.main);
    }
}

impl Drop for CpythonRun {
    fn drop(&mut self) {
        kill_group(self.main);
        // The run is over only once its processes are: SIGKILL is delivered at the kernel's
        // pace, and a forkbook that exits at once could leave one still running for a moment.
        let until = std::time::Instant::now() + Duration::from_secs(2);
        while super::proc_sample::group_has_live(self.main) && std::time::Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// SIGKILLs the program's process group, first letting stopped members run into the kill.
fn kill_group(main: i32) {
    let group = Pid::from_raw(main);
    let _ = killpg(group, Signal::SIGKILL);
    let _ = killpg(group, Signal::SIGCONT);
}

/// Waits for the main process without blocking: its exit code as Python gives it (negative
/// for a signal), once it ended.
fn exited(child: &mut Child) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    let status = child.try_wait().ok()??;
    Some(status.code().unwrap_or_else(|| -status.signal().unwrap_or(0)))
}
