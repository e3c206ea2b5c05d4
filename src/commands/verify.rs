//! `forkbook verify [LESSON...]`: runs every expectation of each lesson (an id, a file, or a
//! folder of lesson files) for real (with its
//! knobs, schedule and seed) and reports each check; exit 1 when any fails. A run must finish,
//! unless its expectation asks about the ending itself (`deadlocked()`, `stuck()`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use forkbook::event::RunOutcome;
use forkbook::lesson::schedule::Schedule;
use forkbook::lesson::{Expectation, KnobValues, Lesson};
use forkbook::lesson::{builtin, folders};
use forkbook::play::{expectation_settings, play, play_cpython};
use forkbook::runtime;
use forkbook::text::{Lang, terminal_safe, terminal_safe_lines};
use forkbook::trace::World;
use forkbook::trace::check::asks_how_it_ended;
use forkbook::trace::describe;
use forkbook::workbook::{Checked, check_expectation};

use super::watch::Folder;
use super::{FAILED, USAGE, report, resolve};

/// How `verify` runs each expectation.
pub struct Options {
    pub speed: f64,
    pub max_memory: u64,
    /// Also under CPython with the probe.
    pub cpython: bool,
    /// The interpreter for those runs (`python3` when not given).
    pub python: Option<PathBuf>,
}

/// Verifies the named lessons (a folder stands for its lesson files), or every built-in one;
/// an id is looked for in the lesson `folders` after the built-in ones.
pub fn verify(names: &[String], lesson_folders: &[PathBuf], options: Options) -> Result<ExitCode> {
    let Options { speed, max_memory: max_memory_mib, cpython, python } = options;
    let python = python.unwrap_or_else(|| PathBuf::from("python3"));
    let names: Vec<String> = if names.is_empty() {
        builtin::all().iter().map(|(id, _)| id.to_string()).collect()
    } else {
        let (files, problems) = folders::expand(&names.iter().map(PathBuf::from).collect::<Vec<_>>());
        if !problems.is_empty() {
            report(&problems);
            return Ok(ExitCode::from(USAGE));
        }
        files.iter().map(|f| f.to_string_lossy().into_owned()).collect()
    };
    // A Python the probe cannot run, or does not know, is said once, before any run.
    if cpython && let Err(e) = runtime::cpython::check_python(&python) {
        eprintln!("forkbook: {e:#}");
        return Ok(ExitCode::from(USAGE));
    }
    runtime::catch_stop_signals();
    let mut failed = 0;
    let mut total = 0;
    let (mut cpython_held, mut cpython_failed) = (0, 0);
    for name in &names {
        let found =
            if Path::new(name).exists() { forkbook::lesson::resolve(name) } else { resolve(name, lesson_folders) };
        let lesson = match found {
            Ok(l) => l,
            Err(diags) => {
                report(&diags);
                return Ok(ExitCode::from(USAGE));
            }
        };
        for exp in &lesson.expectations {
            total += 1;
            let mut settings = expectation_settings(&lesson, exp, speed)
                .map_err(|e| anyhow::anyhow!("{}: expectation '{}': {e}", lesson.source_name, exp.name))?;
            settings.options.max_memory_mib = max_memory_mib;
            let knobs = settings.knobs.clone();
            let world = play(&lesson, settings, |_, _| {})?;
            let problems = problems_of(exp, &world, &knobs);
            // A lesson file's names and the run's values may hold control characters.
            if problems.is_empty() {
                println!("{}", terminal_safe(&format!("✓ {}: {}", lesson.id, exp.name)));
            } else {
                failed += 1;
                println!("{}", terminal_safe(&format!("✗ {}: {}", lesson.id, exp.name)));
                for p in problems {
                    println!("    {}", terminal_safe(&p));
                }
            }
            if cpython {
                let under = under_cpython(&lesson, exp, &knobs, (speed, &python));
                let line = match &under {
                    Err(why) => format!("– {} (CPython): {}: {why}", lesson.id, exp.name),
                    Ok(problems) if problems.is_empty() => format!("✓ {} (CPython): {}", lesson.id, exp.name),
                    Ok(problems) => format!("✗ {} (CPython): {}\n    {}", lesson.id, exp.name, problems.join("\n    ")),
                };
                println!("{}", terminal_safe_lines(&line));
                match under {
                    Ok(problems) if problems.is_empty() => cpython_held += 1,
                    Ok(_) => cpython_failed += 1,
                    Err(_) => {}
                }
            }
        }
    }
    println!("{} passed, {failed} failed", total - failed);
    if cpython {
        let skipped = total - cpython_held - cpython_failed;
        println!("under CPython: {cpython_held} held, {cpython_failed} did not, {skipped} not run");
    }
    Ok(if failed == 0 && cpython_failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(FAILED) })
}

/// What an expectation's run shows against what it expects: the run did not end as it should,
/// the screen differed from the real objects, or a check failed.
fn problems_of(exp: &Expectation, world: &World, knobs: &KnobValues) -> Vec<String> {
    let mut problems: Vec<String> = Vec::new();
    let asks_ending = exp.checks.iter().any(|c| asks_how_it_ended(&c.expr));
    let ended_well = match &world.ended {
        Some(RunOutcome::Finished) => true,
        Some(RunOutcome::Deadlocked { .. } | RunOutcome::Stuck { .. }) => asks_ending,
        _ => false,
    };
    if !ended_well {
        let how = world.ended.as_ref().map_or_else(|| "it never ended".to_string(), |o| describe::outcome(o, Lang::En));
        problems.push(format!("the run did not finish: {how}"));
    }
    problems
        .extend(world.audit_mismatches().into_iter().map(|m| format!("shown state differs from the real object: {m}")));
    for (source, checked) in check_expectation(exp, world, knobs) {
        match checked {
            Checked::Holds => {}
            Checked::Fails(v) => problems.push(format!("'{source}' is false (it was {})", v.repr())),
            Checked::Error(e) => problems.push(format!("'{source}' could not be evaluated: {e}")),
        }
    }
    problems
}

/// The expectation checked on a run of the lesson's program under CPython (its knobs written
/// in, its schedule driving the probe's gates); `Err` says why it was not run.
fn under_cpython(
    lesson: &Lesson,
    exp: &Expectation,
    knobs: &KnobValues,
    (speed, python): (f64, &Path),
) -> Result<Vec<String>, String> {
    let folder = Folder::create(&lesson.id).map_err(|e| format!("not run: {e:#}"))?;
    let mut spec = folder.spec(lesson, knobs, speed, false).map_err(|e| format!("not run: {e:#}"))?;
    spec.python = python.to_path_buf();
    if let Some(text) = &exp.schedule {
        let schedule = Schedule::parse(text).map_err(|e| format!("not run: its schedule: {e}"))?;
        spec.schedule = Some(schedule);
        spec.steps = true;
    }
    let world = play_cpython(&spec, |_, _| {}, || {}).map_err(|e| format!("not run: {e:#}"))?;
    Ok(problems_of(exp, &world, knobs))
}
