//! The runtime: real processes running a lesson's Python program, reporting one ordered event
//! stream.
//!
//! `start(&Lesson, Settings) -> Run` re-executes this binary as the hidden runner role
//! (`runner.rs`), which forks the lesson's MainProcess; that process runs the program with
//! forkbook's interpreter under the Python host (`host.rs`), whose `Process.start()` forks the
//! children (`host/process.rs`, `children.rs`). Shared objects are real kernel objects
//! (`objects/`), every process reports through `report.rs`, and before every statement it
//! passes its step gate (`gate.rs`). The viewer side (`run.rs`) reads and orders the events,
//! applies a `schedule`, samples /proc, enforces limits and cleans up on drop. Nothing here
//! knows about screens.

pub mod runner;
mod schedule;

mod children;
mod costs;
pub mod cpython;
mod crash;
mod ctx;
mod frame;
mod gate;
mod host;
mod manager;
mod objects;
mod proc_sample;
mod region;
mod report;
mod ring;
mod run;
mod runner_watch;
mod sys;

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

use crate::lesson::KnobValues;
use crate::lesson::schedule::Schedule;
pub use run::{Run, start};

/// What one run is asked to do; every field has a sensible default.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Knob values, typed and validated (`Lesson::knob_values`); a knob missing here keeps
    /// its default.
    pub knobs: KnobValues,
    /// Seed for random sleeps.
    pub seed: u64,
    /// Speed factor: every lesson duration is divided by it.
    pub speed: f64,
    /// Steps granted in this order first, then everything runs freely.
    pub schedule: Option<Schedule>,
    /// Start with every process held at its first gate (step mode).
    pub start_paused: bool,
    /// At most this many lesson processes (≤ 256).
    pub max_procs: u32,
    /// Stop the run after this many seconds of wall time.
    pub max_secs: f64,
    /// Stop the run after this many printed lines.
    pub max_lines: usize,
    /// Stop the run after this many events (a runaway loop).
    pub max_events: u64,
    /// The forkbook binary to re-execute as the runner (default: this executable).
    pub exe: Option<PathBuf>,
    /// Arguments for the program (`forkbook run prog.py -- ARGS`), its `sys.argv[1:]`.
    pub args: Vec<String>,
    /// What the lesson processes report and model beyond the program itself.
    pub options: Options,
}

/// What the lesson processes do beyond running the program: both default to on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Report each process's variables (`Variables` events) at its steps: the screen, `-v`
    /// and `--json` show them; a plain headless run skips their cost.
    pub variables: bool,
    /// Spend CPython's start costs (`costs.rs`), so races decided by timing come out as
    /// under CPython; `--fast` turns this off.
    pub cpython_costs: bool,
    /// Each lesson process's memory cap in MiB (`--max-memory`); past it, MemoryError.
    #[serde(default = "default_max_memory_mib")]
    pub max_memory_mib: u64,
}

/// The memory cap of a lesson process when none is given: 512 MiB.
pub const DEFAULT_MAX_MEMORY_MIB: u64 = 512;

fn default_max_memory_mib() -> u64 {
    DEFAULT_MAX_MEMORY_MIB
}

impl Default for Options {
    fn default() -> Self {
        Options { variables: true, cpython_costs: true, max_memory_mib: DEFAULT_MAX_MEMORY_MIB }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            knobs: KnobValues::new(),
            seed: 0,
            speed: 1.0,
            schedule: None,
            start_paused: false,
            max_procs: 256,
            max_secs: 600.0,
            max_lines: 10_000,
            max_events: 2_000_000,
            exe: None,
            args: Vec::new(),
            options: Options::default(),
        }
    }
}

/// What the viewer hands the runner in the run directory.
#[derive(Serialize, Deserialize)]
struct RunFile {
    lesson_name: String,
    lesson_source: String,
    /// The program to run, which may differ from the one in `lesson_source` (a student's edit).
    python: String,
    knobs: KnobValues,
    seed: u64,
    /// The program's command-line arguments after its name (`sys.argv[1:]`).
    args: Vec<String>,
    options: Options,
}

const RUN_FILE: &str = "run.json";

/// The descriptor numbers the runner inherits.
mod fds {
    use std::os::fd::RawFd;
    /// Viewer → runner commands; EOF means the viewer is gone.
    pub const CONTROL: RawFd = 3;
    /// Everyone → viewer: the event pipe.
    pub const EVENTS: RawFd = 4;
    /// The shared control region (memfd).
    pub const REGION: RawFd = 5;
}

/// Lets a front end catch Ctrl-C, SIGTERM and SIGHUP to stop a run cleanly.
pub use sys::{catch_stop_signals, request_stop, stop_requested};
