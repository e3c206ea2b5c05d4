//! What each subcommand does, on top of the library: list, run (headless), check, verify.
//! Each returns the process exit code; errors bubble up to `main`'s single reporter.

mod check;
mod drive;
mod list;
mod progress;
mod run;
mod screen;
mod verify;

use std::process::ExitCode;

use forkbook::lesson::knobs::parse_set;
use forkbook::lesson::{self, KnobValues, Lesson};
use forkbook::text::Lang;

use crate::cli::{Cli, Command};

/// Exit code when a check, an expectation or a lesson file failed.
const FAILED: u8 = 1;
/// Exit code for usage errors (unknown lesson, bad knob value, bad schedule).
const USAGE: u8 = 2;

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let lang = cli.lang.as_deref().and_then(Lang::parse).unwrap_or_else(Lang::from_env);
    match cli.command {
        None => screen::open(None, lang),
        Some(Command::List) => {
            list::list(lang);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Run(args)) if !args.headless => screen::open(Some(&args), lang),
        Some(Command::Run(args)) => run::run(&args, lang),
        Some(Command::Check { files }) => Ok(check::check(&files)),
        Some(Command::Verify { lessons, speed }) => verify::verify(&lessons, speed),
        Some(Command::Progress { reset }) => Ok(progress::progress(reset, lang)),
    }
}

/// A lesson to run: the lesson, its `--set` overrides and the knob values they give.
type RunLesson = (Lesson, Vec<(String, String)>, KnobValues);

/// The lesson `run` names with its overrides, or the usage error already reported.
fn lesson_for_run(args: &crate::cli::RunArgs) -> Result<RunLesson, ExitCode> {
    let lesson = lesson::resolve(&args.lesson).map_err(|diags| {
        report(&diags);
        ExitCode::from(USAGE)
    })?;
    let mut overrides = Vec::new();
    for s in &args.set {
        let kv = parse_set(s).map_err(|e| {
            eprintln!("forkbook: --set {s}: {e}");
            ExitCode::from(USAGE)
        })?;
        overrides.push(kv);
    }
    let knobs = lesson.knob_values(&overrides).map_err(|diags| {
        report(&diags);
        ExitCode::from(USAGE)
    })?;
    Ok((lesson, overrides, knobs))
}

/// Prints a lesson's diagnostics, one per line.
fn report(diags: &[forkbook::lesson::Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}
