//! `forkbook run LESSON --headless`: a readable timestamped trace (or JSON lines), then the
//! final state and the lesson's expectations that apply to this run. Exit 0 when they hold
//! (and the shown objects equal the real ones), 1 when not, 2 for usage errors.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use forkbook::event::RunOutcome;
use forkbook::headless::{self, Detail};
use forkbook::lesson::schedule::Schedule;
use forkbook::runtime::Settings;

use super::drive::{applies, drive, evaluate};
use super::{FAILED, USAGE, lesson_for_run};
use crate::cli::RunArgs;

/// Runs one lesson headless.
pub fn run(args: &RunArgs, lang: forkbook::text::Lang) -> Result<ExitCode> {
    let (lesson, overrides, knobs) = match lesson_for_run(args) {
        Ok(found) => found,
        Err(code) => return Ok(code),
    };
    let schedule = match args.schedule.as_deref().map(Schedule::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("forkbook: --schedule: {e}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    let settings = Settings {
        knobs: overrides,
        seed: args.seed,
        speed: args.speed,
        schedule,
        max_procs: args.max_procs,
        max_secs: args.max_time,
        ..Settings::default()
    };
    if let Some(n) = args.runs {
        return many(&lesson, &settings, n as usize, lang);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let world = drive(&lesson, settings, |world, ev| {
        let line = if args.json {
            Some(headless::json_line(ev))
        } else {
            headless::trace_line_with(world, ev, if args.verbose { Detail::Verbose } else { Detail::Normal })
        };
        if let Some(line) = line {
            let _ = writeln!(out, "{line}");
        }
    })?;
    if args.json {
        return Ok(ExitCode::SUCCESS);
    }
    let _ = writeln!(out, "\n{}", headless::final_state(&world));

    let mut ok = matches!(world.ended, Some(RunOutcome::Finished)) && world.audit_mismatches().is_empty();
    for exp in lesson.expectations.iter().filter(|e| applies(&lesson, e, &knobs, args.schedule.as_deref())) {
        let _ = writeln!(out, "expectation: {}", exp.name);
        for r in evaluate(exp, &world, &knobs) {
            let mark = match &r.outcome {
                Ok(true) => "✓".to_string(),
                Ok(false) => format!("✗ (it was {})", r.value.as_ref().map(|v| v.repr()).unwrap_or_default()),
                Err(e) => format!("✗ ({e})"),
            };
            ok &= matches!(r.outcome, Ok(true));
            let _ = writeln!(out, "  {mark}  {}", r.source);
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(FAILED) })
}

/// `--runs N`: the lesson run N times, and how often each outcome happened.
fn many(
    lesson: &forkbook::lesson::Lesson,
    settings: &Settings,
    n: usize,
    lang: forkbook::text::Lang,
) -> Result<ExitCode> {
    forkbook::runtime::catch_stop_signals();
    let tally = forkbook::workbook::many_runs(lesson, settings, n, lang, |i, _| {
        eprint!("\r{} {}/{n}", lang.pick("runs", "运行"), i + 1);
    })?;
    eprintln!();
    println!("{}", forkbook::workbook::tally_lines(lesson, &tally, lang).join("\n"));
    Ok(if tally.unfinished == 0 { ExitCode::SUCCESS } else { ExitCode::from(FAILED) })
}
