//! What each subcommand does, on top of the library: list, run (headless), check, verify.
//! Each returns the process exit code; errors bubble up to `main`'s single reporter.

mod check;
mod export;
mod list;
mod progress;
mod replay;
mod run;
mod screen;
mod verify;

use std::io::Read;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use forkbook::lesson::knobs::parse_set;
use forkbook::lesson::schedule::Schedule;
use forkbook::lesson::{self, Lesson, builtin};
use forkbook::runtime::{Options, Settings};
use forkbook::text::Lang;
use forkbook::tui::app::Seeds;

use crate::cli::{Cli, Command, RunArgs};

/// Exit code when a check, an expectation or a lesson file failed.
const FAILED: u8 = 1;
/// Exit code for usage errors (unknown lesson, bad knob value, bad schedule).
const USAGE: u8 = 2;

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let lang = cli.lang.as_deref().and_then(Lang::parse).unwrap_or_else(Lang::from_env);
    match cli.command {
        None => screen::open(catalog()?, None, lang),
        Some(Command::List) => {
            list::list(&catalog()?, lang);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Run(args)) if !args.headless => screen::open(catalog()?, Some(&args), lang),
        Some(Command::Run(args)) => run::run(&args, lang),
        Some(Command::Check { files }) => Ok(check::check(&files)),
        Some(Command::Verify { lessons, speed }) => verify::verify(&lessons, speed),
        Some(Command::Replay(args)) => replay::replay(&args, lang),
        Some(Command::Export(args)) => export::export(&args, lang),
        Some(Command::Progress { reset }) => Ok(progress::progress(&catalog()?, reset, lang)),
    }
}

/// The lesson `run` names and the settings of its run, from `RunArgs` in one place for both
/// front ends; a usage error has been reported already.
fn run_settings(args: &RunArgs) -> Result<(Lesson, Settings), ExitCode> {
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
    let schedule = args.schedule.as_deref().map(Schedule::parse).transpose().map_err(|e| {
        eprintln!("forkbook: --schedule: {e}");
        ExitCode::from(USAGE)
    })?;
    let mut settings = Settings {
        knobs,
        seed: args.seed.unwrap_or_else(fresh_seed),
        speed: args.speed,
        schedule,
        max_procs: args.max_procs,
        max_secs: args.max_time,
        args: args.args.clone(),
        options: Options {
            // Only a plain headless run shows no variables.
            variables: !args.headless || args.verbose || args.json,
            cpython_costs: !args.fast,
        },
        ..Settings::default()
    };
    if let Some(path) = &args.schedule_from {
        replay::schedule_from(path, args, &lesson, &mut settings)?;
    }
    Ok((lesson, settings))
}

/// A new seed for the random sleeps, as CPython draws new random numbers at every start: from
/// the kernel's randomness, or failing that from the clock and the pid.
fn fresh_seed() -> u64 {
    let mut bytes = [0u8; 8];
    let entropy = match std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes)) {
        Ok(()) => u64::from_le_bytes(bytes),
        Err(_) => {
            let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
            nanos ^ (u64::from(std::process::id()) << 32)
        }
    };
    Seeds::drawn(entropy).draw()
}

/// The built-in lessons in chapter order; one that does not parse is reported, not hidden.
fn catalog() -> anyhow::Result<Vec<Lesson>> {
    builtin::catalog().map_err(|diags| {
        let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("a built-in lesson does not load (a bug of this build):\n{}", lines.join("\n"))
    })
}

/// Prints a lesson's diagnostics, one per line.
fn report(diags: &[forkbook::lesson::Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn settings(argv: &[&str]) -> Settings {
        let cli = Cli::try_parse_from(argv).expect("valid arguments");
        let Some(Command::Run(args)) = cli.command else { panic!("a run") };
        run_settings(&args).map(|(_, s)| s).expect("valid settings")
    }

    #[test]
    fn without_seed_every_run_draws_a_new_one_and_seed_pins_it() {
        let drawn: Vec<u64> = (0..4).map(|_| settings(&["forkbook", "run", "lock", "--headless"]).seed).collect();
        assert!(drawn.windows(2).any(|w| w[0] != w[1]), "{drawn:?}");
        assert!(drawn.iter().all(|s| *s < forkbook::tui::app::SEED_LIMIT), "{drawn:?}");
        for _ in 0..2 {
            assert_eq!(settings(&["forkbook", "run", "lock", "--headless", "--seed", "7"]).seed, 7);
        }
    }
}
