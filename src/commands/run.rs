//! `forkbook run LESSON --headless`: a readable timestamped trace (or JSON lines), then the
//! final state and the lesson's expectations that apply to this run. Exit 0 when the run
//! finished, they hold and the shown objects equal the real ones; 1 when not (a run that
//! deadlocked, got stuck or hit a limit did not finish); 2 for usage errors.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use forkbook::event::RunOutcome;
use forkbook::headless::{self, Detail};
use forkbook::lesson::Lesson;
use forkbook::play::{many_runs, play, tally_lines};
use forkbook::runtime::{self, Settings};
use forkbook::text::Lang;
use forkbook::workbook::{Checked, applies, check_expectation};

use super::{FAILED, run_settings};
use crate::cli::RunArgs;

/// Runs one lesson headless.
pub fn run(args: &RunArgs, lang: Lang) -> Result<ExitCode> {
    let (lesson, settings) = match run_settings(args) {
        Ok(found) => found,
        Err(code) => return Ok(code),
    };
    runtime::catch_stop_signals();
    if let Some(n) = args.runs {
        return many(&lesson, &settings, n as usize, lang);
    }
    let knobs = lesson.knobs_with(&settings.knobs);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if !args.json {
        let _ = writeln!(out, "{}", headless::seed_line(settings.seed, lang));
    }
    let world = play(&lesson, settings, |world, ev| {
        let line = if args.json {
            Some(headless::json_line(ev))
        } else {
            headless::trace_line(world, ev, if args.verbose { Detail::Verbose } else { Detail::Normal }, lang)
        };
        if let Some(line) = line {
            let _ = writeln!(out, "{line}");
        }
    })?;
    let finished = matches!(world.ended, Some(RunOutcome::Finished));
    if args.json {
        return Ok(if finished { ExitCode::SUCCESS } else { ExitCode::from(FAILED) });
    }
    let _ = writeln!(out, "\n{}", headless::final_state(&world, lang));

    let mut ok = finished && world.audit_mismatches().is_empty();
    for exp in lesson.expectations.iter().filter(|e| applies(e, &knobs, args.schedule.as_deref())) {
        let _ = writeln!(out, "expectation: {}", exp.name);
        for (source, checked) in check_expectation(exp, &world, &knobs) {
            let mark = match &checked {
                Checked::Holds => "✓".to_string(),
                Checked::Fails(v) => format!("✗ (it was {})", v.repr()),
                Checked::Error(e) => format!("✗ ({e})"),
            };
            ok &= checked == Checked::Holds;
            let _ = writeln!(out, "  {mark}  {source}");
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(FAILED) })
}

/// `--runs N`: the lesson run N times, and how often each outcome happened.
fn many(lesson: &Lesson, settings: &Settings, n: usize, lang: Lang) -> Result<ExitCode> {
    let tally = many_runs(lesson, settings, n, |i, _| {
        eprint!("\r{}", lang.t_with("tally.progress", &[("i", &(i + 1)), ("n", &n)]));
    })?;
    eprintln!();
    let last = settings.seed.wrapping_add(tally.runs.saturating_sub(1) as u64);
    println!("{}", headless::seeds_line(settings.seed, last, lang));
    println!("{}", tally_lines(lesson, &tally, lang).join("\n"));
    Ok(if tally.unfinished == 0 { ExitCode::SUCCESS } else { ExitCode::from(FAILED) })
}
