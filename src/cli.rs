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
}

/// What to do.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the built-in lessons (id, concept, title).
    List,
    /// Run a lesson (a built-in id or a path to a lesson file).
    Run(RunArgs),
    /// Check lesson files and report every problem as file:line:col.
    Check {
        /// Lesson files or directories of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run every expectation of lessons (all built-in ones when none are named) and report.
    Verify {
        /// Built-in ids or lesson files.
        lessons: Vec<String>,
        /// Speed factor for the runs.
        #[arg(long, default_value_t = 10.0, value_parser = speed)]
        speed: f64,
    },
    /// Show your progress through the lessons, or clear it with --reset.
    Progress {
        /// Remove the progress file.
        #[arg(long)]
        reset: bool,
    },
}

/// Options of `forkbook run`.
#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// Built-in lesson id (see `forkbook list`) or path to a lesson .toml file.
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
    /// Presenter mode: one pane fills the screen (keys 1-5 switch, p leaves), with the
    /// lesson's notes under the code.
    #[arg(long, conflicts_with = "headless")]
    pub present: bool,
}

fn speed(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    if (0.25..=50.0).contains(&v) { Ok(v) } else { Err(format!("{v} is out of range: the speed goes from 0.25 to 50")) }
}
