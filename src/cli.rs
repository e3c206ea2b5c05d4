//! The command line, declared with clap; these doc comments are the `--help` text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// forkbook: watch Python multiprocessing programs happen, with real processes.
#[derive(Parser, Debug)]
#[command(name = "forkbook", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Language of the workbook: en or zh (default: from LANG / LC_ALL).
    #[arg(long, global = true, value_parser = ["en", "zh"])]
    pub lang: Option<String>,
    /// A folder of your own lesson files, shown as one more chapter named after the folder
    /// (repeatable; FORKBOOK_LESSONS adds more, separated by ':').
    #[arg(long = "lessons", global = true, value_name = "DIR")]
    pub lesson_dirs: Vec<PathBuf>,
}

/// What to do.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the lessons (id, concept, title): built-in ones, then those of lesson folders.
    List,
    /// Run a lesson (an id, a path to a lesson file, or a folder of them to pick from).
    Run(RunArgs),
    /// Check lesson files and report every problem as file:line:col.
    Check {
        /// Lesson files or directories of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Check again on every save, until Ctrl-C.
        #[arg(long)]
        watch: bool,
    },
    /// Run every expectation of lessons (all built-in ones when none are named) and report.
    Verify {
        /// Built-in ids, lesson files or folders of them.
        lessons: Vec<String>,
        /// Speed factor for the runs.
        #[arg(long, default_value_t = 10.0, value_parser = speed)]
        speed: f64,
        /// Memory cap of each lesson process in MiB (64 to 1048576); past it the process gets
        /// Python's MemoryError.
        #[arg(long, value_name = "MIB", default_value_t = 512, value_parser = clap::value_parser!(u64).range(64..=1_048_576))]
        max_memory: u64,
        /// Also run each expectation's program under the real CPython with forkbook's probe
        /// (its knobs set, at the same speed) and check it there too.
        #[arg(long)]
        cpython: bool,
        /// With --cpython: the Python interpreter (CPython 3.8 to 3.13; default `python3`).
        #[arg(long, value_name = "PATH", requires = "cpython")]
        python: Option<PathBuf>,
    },
    /// Show a recorded run (`run --record`, `w` on the lesson screen) again, with no processes.
    Replay(ReplayArgs),
    /// Run a Python program under the real CPython (unchanged) and show its processes, locks,
    /// queues and output live, on the lesson screen or as a trace.
    Watch(WatchArgs),
    /// Draw a recorded run for slides: an SVG picture or a self-contained HTML player.
    Export(ExportArgs),
    /// Show your progress through the lessons, or clear it with --reset.
    Progress {
        /// Remove the progress file.
        #[arg(long)]
        reset: bool,
    },
    /// Write a new lesson file to start from (it passes `forkbook check`).
    New {
        /// The lesson's id, [a-z0-9_]+; the file is ID.toml.
        id: String,
        /// The concept taught, in a few words (English).
        #[arg(long)]
        concept: Option<String>,
        /// The folder to write it in (default: the current one).
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Print a JSON Schema of lesson files, for editors (taplo, Even Better TOML).
    Schema,
}

/// Options of `forkbook run`.
#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// Lesson id (see `forkbook list`), path to a lesson .toml file, or a folder of them.
    pub lesson: String,
    /// Print a readable trace instead of opening the lesson screen.
    #[arg(long)]
    pub headless: bool,
    /// With --headless: print JSON lines (one event per line) instead of text.
    #[arg(long, requires = "headless")]
    pub json: bool,
    /// Set a knob: --set use_lock=false (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Speed factor from 0.25 to 50; every sleep and timeout is divided by it.
    #[arg(long, default_value_t = 1.0, value_parser = speed)]
    pub speed: f64,
    /// Seed for the random sleeps: the same seed draws the same durations. Without it every
    /// run draws a new one (as CPython does), shown in the header and the trace's first line.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Grant steps in this order first, e.g. Process-1@14,Process-2@14 (NAME, NAME*N, NAME@LINE).
    #[arg(long)]
    pub schedule: Option<String>,
    /// Most lesson processes this run may start (1 to 256).
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub max_procs: u32,
    /// Start children as fast as forkbook can, not as slowly as CPython does (races decided
    /// by start-up timing then come out differently from CPython's).
    #[arg(long)]
    pub fast: bool,
    /// Stop the run after this many seconds.
    #[arg(long, default_value_t = 600.0)]
    pub max_time: f64,
    /// Memory cap of each lesson process in MiB (64 to 1048576); past it the process gets
    /// Python's MemoryError.
    #[arg(long, value_name = "MIB", default_value_t = 512, value_parser = clap::value_parser!(u64).range(64..=1_048_576))]
    pub max_memory: u64,
    /// With --headless: run the lesson this many times for real and show how often each
    /// outcome happened (1 to 1000).
    #[arg(long, requires = "headless", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub runs: Option<u32>,
    /// Arguments for a `.py` program after `--`: its `sys.argv[1:]`.
    #[arg(last = true, value_name = "ARGS")]
    pub args: Vec<String>,
    /// Also show every step, gate and kernel sample in the trace.
    #[arg(long, short)]
    pub verbose: bool,
    /// Save the run's events, with the lesson, knobs and seed, to this file (see
    /// docs/recording.md); `forkbook replay FILE` shows it again.
    #[arg(long, value_name = "FILE", conflicts_with = "runs")]
    pub record: Option<PathBuf>,
    /// Grant steps in the order a recorded run took them, so its race happens again on real
    /// processes; its knobs and seed are used unless --set / --seed say otherwise.
    #[arg(long, value_name = "FILE", conflicts_with = "schedule")]
    pub schedule_from: Option<PathBuf>,
    /// Run the lesson's own Python program (its knobs set) under the real CPython, with
    /// forkbook's probe, instead of forkbook's interpreter (see `forkbook watch`).
    #[arg(long, conflicts_with_all = ["runs", "schedule_from", "record"])]
    pub cpython: bool,
    /// With --cpython: the Python interpreter (CPython 3.8 to 3.13; default `python3`).
    #[arg(long, value_name = "PATH", requires = "cpython")]
    pub python: Option<PathBuf>,
    /// Presenter mode: one pane fills the screen (keys 1-5 switch, p leaves), with the
    /// lesson's notes under the code.
    #[arg(long, conflicts_with = "headless")]
    pub present: bool,
    /// The lesson folders (`--lessons`, FORKBOOK_LESSONS), where an id is looked for after the
    /// built-in ones; filled in by the dispatcher, not a flag of `run`.
    #[arg(skip)]
    pub folders: Vec<PathBuf>,
}

/// Options of `forkbook watch`.
#[derive(Args, Debug, Clone)]
pub struct WatchArgs {
    /// The program to run with CPython.
    pub program: PathBuf,
    /// The Python interpreter (CPython 3.8 to 3.13).
    #[arg(long, default_value = "python3")]
    pub python: PathBuf,
    /// Print a readable trace instead of opening the lesson screen.
    #[arg(long)]
    pub headless: bool,
    /// With --headless: print JSON lines (one event per line) instead of text.
    #[arg(long, requires = "headless")]
    pub json: bool,
    /// Also show every line marker and kernel sample in the trace.
    #[arg(long, short)]
    pub verbose: bool,
    /// Stop the program after this many seconds.
    #[arg(long, default_value_t = 600.0)]
    pub max_time: f64,
    /// Save the run to FILE (docs/recording.md); `forkbook replay FILE` shows it again.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    /// Arguments for the program after `--`: its `sys.argv[1:]`.
    #[arg(last = true, value_name = "ARGS")]
    pub args: Vec<String>,
}

/// Options of `forkbook replay`.
#[derive(Args, Debug, Clone)]
pub struct ReplayArgs {
    /// A recording made with `run --record` or the `w` key.
    pub file: PathBuf,
    /// Print the run's trace, as `run --headless` printed it, instead of opening the screen.
    #[arg(long)]
    pub headless: bool,
    /// With --headless: JSON lines, as `run --headless --json` printed them.
    #[arg(long, requires = "headless")]
    pub json: bool,
    /// With --headless: every step, gate and kernel sample too.
    #[arg(long, short, requires = "headless")]
    pub verbose: bool,
}

/// Options of `forkbook export`.
#[derive(Args, Debug, Clone)]
#[command(group(clap::ArgGroup::new("out").required(true).multiple(true).args(["svg", "html"])))]
pub struct ExportArgs {
    /// A recording made with `run --record` or the `w` key.
    pub file: PathBuf,
    /// Write a standalone SVG picture: the timeline and the lanes and objects at the cursor.
    #[arg(long, value_name = "OUT.svg")]
    pub svg: Option<PathBuf>,
    /// Write one self-contained HTML file that plays the recording in a browser.
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
    /// The cursor: the snapshot shows the run after this event (numbered from 1 as in the
    /// recording; default: the last event of the window).
    #[arg(long, value_name = "EVENT")]
    pub at: Option<usize>,
    /// The window of the timeline: from this event (default 1)...
    #[arg(long, value_name = "N")]
    pub from: Option<usize>,
    /// ...to this event (default the last).
    #[arg(long, value_name = "M")]
    pub to: Option<usize>,
}

fn speed(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (0.25..=50.0).contains(&v) { Ok(v) } else { Err(format!("{v} is out of range: the speed goes from 0.25 to 50")) }
}
