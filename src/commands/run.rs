//! `forkbook run LESSON --headless`: a readable timestamped trace (or JSON lines), then the
//! final state and the lesson's expectations written for this run (`--json`: a last verdict
//! line instead). Exit 0 when the run finished, they hold and the shown objects equal the real
//! ones; 1 when not (a run that deadlocked, got stuck or hit a limit did not finish); 2 for
//! usage errors.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

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
    let written_for: Vec<_> = lesson.expectations.iter().filter(|e| applies(&lesson, e, &settings)).collect();
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
    let mismatches = world.audit_mismatches();
    let checked: Vec<_> = written_for.iter().map(|e| (e.name.as_str(), check_expectation(e, &world, &knobs))).collect();
    let ok = finished
        && mismatches.is_empty()
        && checked.iter().all(|(_, checks)| checks.iter().all(|(_, c)| *c == Checked::Holds));
    if args.json {
        let _ = writeln!(out, "{}", verdict_line(ok, finished, &mismatches, &checked));
    } else {
        let _ = writeln!(out, "\n{}", headless::final_state(&world, lang));
        for (name, checks) in &checked {
            let _ = writeln!(out, "expectation: {name}");
            for (source, checked) in checks {
                let mark = match checked {
                    Checked::Holds => "✓".to_string(),
                    Checked::Fails(v) => format!("✗ (it was {})", v.repr()),
                    Checked::Error(e) => format!("✗ ({e})"),
                };
                let _ = writeln!(out, "  {mark}  {source}");
            }
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(FAILED) })
}

/// The last line of `--json` output (docs/events.md): whether the run passed, and why not.
fn verdict_line(ok: bool, finished: bool, mismatches: &[String], checked: &[(&str, Vec<(&str, Checked)>)]) -> String {
    let expectations: Vec<_> = checked
        .iter()
        .map(|(name, checks)| {
            let checks: Vec<_> = checks
                .iter()
                .map(|(source, c)| match c {
                    Checked::Holds => json!({"check": source, "holds": true}),
                    Checked::Fails(v) => json!({"check": source, "holds": false, "was": v.repr()}),
                    Checked::Error(e) => json!({"check": source, "holds": false, "error": e}),
                })
                .collect();
            json!({"name": name, "checks": checks})
        })
        .collect();
    let verdict = json!({"ok": ok, "finished": finished, "mismatches": mismatches, "expectations": expectations});
    json!({ "verdict": verdict }).to_string()
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
