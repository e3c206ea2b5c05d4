//! What each subcommand does, on top of the library: list, run (headless), check, verify.
//! Each returns the process exit code; errors bubble up to `main`'s single reporter.

mod check;
mod export;
mod list;
mod new;
mod progress;
mod replay;
mod run;
mod schema;
mod screen;
mod verify;
mod watch;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use forkbook::lesson::knobs::parse_set;
use forkbook::lesson::schedule::Schedule;
use forkbook::lesson::{self, Lesson, builtin, folders};
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
    let folders = folders::named(&cli.lesson_dirs);
    match cli.command {
        None => screen::open(catalog(&folders)?, None, lang),
        Some(Command::List) => {
            let (lessons, problems) = catalog(&folders)?;
            list::list(&lessons, lang);
            report(&problems);
            Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(FAILED) })
        }
        // `run DIR`: the picker, with that folder as one more chapter.
        Some(Command::Run(args)) if !args.headless && Path::new(&args.lesson).is_dir() => {
            let with_dir: Vec<PathBuf> = folders.iter().cloned().chain([PathBuf::from(&args.lesson)]).collect();
            screen::open(catalog(&folders::named(&with_dir))?, None, lang)
        }
        Some(Command::Run(mut args)) if args.cpython => {
            args.folders.clone_from(&folders);
            watch::lesson_under_cpython(&args, lang)
        }
        Some(Command::Run(mut args)) => {
            args.folders.clone_from(&folders);
            if args.headless { run::run(&args, lang) } else { screen::open(catalog(&folders)?, Some(&args), lang) }
        }
        Some(Command::Check { files, watch: false }) => Ok(check::check(&files)),
        Some(Command::Check { files, watch: true }) => check::watch(&files),
        Some(Command::Verify { lessons, speed, max_memory, cpython, python }) => {
            verify::verify(&lessons, &folders, verify::Options { speed, max_memory, cpython, python })
        }
        Some(Command::Progress { reset }) => Ok(progress::progress(&catalog(&folders)?.0, reset, lang)),
        Some(Command::Replay(args)) => replay::replay(&args, lang),
        Some(Command::Watch(args)) => watch::watch(&args, lang),
        Some(Command::Export(args)) => export::export(&args, lang),
        Some(Command::New { id, concept, dir }) => Ok(new::new(&id, concept.as_deref(), &dir)),
        Some(Command::Schema) => Ok(schema::schema()),
    }
}

/// The lesson a name given to `run` or `verify` stands for: a built-in id, a file, or the id
/// of a lesson in one of the lesson folders.
fn resolve(name: &str, folders: &[PathBuf]) -> Result<Lesson, lesson::Diagnostics> {
    let path = Path::new(name);
    if builtin::source(name).is_some() || path.exists() || folders.is_empty() {
        return lesson::resolve(name);
    }
    let (lessons, _) = folders::load(folders);
    match folders::find(&lessons, name) {
        Some(l) => Ok(l.clone()),
        None => lesson::resolve(name),
    }
}

/// The lesson `run` names and the settings of its run, from `RunArgs` in one place for both
/// front ends; a usage error has been reported already.
fn run_settings(args: &RunArgs) -> Result<(Lesson, Settings), ExitCode> {
    let lesson = resolve(&args.lesson, &args.folders).map_err(|diags| {
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
            max_memory_mib: args.max_memory,
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

/// The built-in lessons in chapter order (one that does not parse is a bug of this build,
/// reported, not hidden), then the lessons of `folders`, a chapter each, with the problems
/// found in those folders (their good lessons are kept).
fn catalog(folders: &[PathBuf]) -> anyhow::Result<(Vec<Lesson>, lesson::Diagnostics)> {
    let mut lessons = builtin::catalog().map_err(|diags| {
        let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("a built-in lesson does not load (a bug of this build):\n{}", lines.join("\n"))
    })?;
    let (own, problems) = folders::load(folders);
    lessons.extend(own);
    Ok((lessons, problems))
}

/// Prints a lesson's diagnostics, one per line.
fn report(diags: &[forkbook::lesson::Diagnostic]) {
    for d in diags {
        eprintln!("{}", forkbook::text::terminal_safe_lines(&d.to_string()));
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
