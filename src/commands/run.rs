//! `forkbook run LESSON --headless`: a readable timestamped trace (or JSON lines), then the
//! final state and the lesson's expectations written for this run (`--json`: a last verdict
//! line instead). Exit 0 when the run finished, they hold and the shown objects equal the real
//! ones; 1 when not (a run that deadlocked, got stuck or hit a limit did not finish); 2 for
//! usage errors. `--record FILE` also saves the run (`forkbook::record`).

use std::cell::RefCell;
use std::io::{BufWriter, StdoutLock, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use forkbook::event::{Event, RunOutcome};
use forkbook::headless::{self, Detail};
use forkbook::lesson::Lesson;
use forkbook::play::{many_runs, play_streaming, tally_lines};
use forkbook::record::{Header, Recorder};
use forkbook::runtime::{self, Settings};
use forkbook::text::{Lang, terminal_safe, terminal_safe_lines};
use forkbook::trace::World;
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
    let record = args.record.as_ref().map(|path| (path.clone(), Header::new(&lesson, &settings)));
    let out = RefCell::new(HeadlessOut::new(args.json, args.verbose, lang, record)?);
    out.borrow_mut().printer.start(settings.seed);
    let world = play_streaming(
        &lesson,
        settings.clone(),
        |world, ev| out.borrow_mut().event(world, ev),
        || out.borrow_mut().printer.flush(),
    )?;
    out.into_inner().finish(&lesson, &settings, &world)
}

/// Where a headless run goes: its trace, printed through a buffer the fold flushes whenever
/// the run has nothing more yet (no write per event, and the trace still streams live), and
/// its recording when one was asked for. Shared by `run --headless` and `watch --headless`.
pub struct HeadlessOut {
    pub printer: Printer<BufWriter<StdoutLock<'static>>>,
    recorder: Option<(Recorder, PathBuf)>,
    record_error: Option<anyhow::Error>,
}

impl HeadlessOut {
    /// Prints JSON lines or the readable trace (`verbose`: every marker too); with `record`,
    /// also records to that file under that header.
    pub fn new(json: bool, verbose: bool, lang: Lang, record: Option<(PathBuf, Header)>) -> Result<Self> {
        let recorder = match record {
            Some((path, header)) => Some((Recorder::create(&path, &header)?, path)),
            None => None,
        };
        let out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
        Ok(HeadlessOut { printer: Printer::new(out, json, verbose, lang), recorder, record_error: None })
    }

    /// Prints and records one event (a recording that failed records no more).
    pub fn event(&mut self, world: &World, ev: &Event) {
        self.printer.event(world, ev);
        if let Some((rec, _)) = self.recorder.as_mut()
            && self.record_error.is_none()
            && let Err(e) = rec.event(ev)
        {
            self.record_error = Some(e);
        }
    }

    /// Prints the run's end and ends the recording, saying how many events it holds. Fails
    /// when the output could not be written (the run was stopped then).
    pub fn finish(self, lesson: &Lesson, settings: &Settings, world: &World) -> Result<ExitCode> {
        if let Some(e) = &self.printer.broken {
            anyhow::bail!("the output could not be written ({e}), so the run was stopped");
        }
        let code = self.printer.finish(lesson, settings, world);
        if let Some(e) = self.record_error {
            return Err(e);
        }
        if let Some((rec, path)) = self.recorder {
            let n = rec.finish()?;
            eprintln!("forkbook: recorded {n} events to {}", path.display());
        }
        Ok(code)
    }
}

/// The headless output of one run, event by event and then its end: shared by `run
/// --headless` and `replay --headless`, so a replay prints what the run printed.
pub struct Printer<W: Write> {
    out: W,
    json: bool,
    detail: Detail,
    lang: Lang,
    /// The first write that failed (a closed stdout): nothing more is written, and the run is
    /// asked to stop, since nobody reads it.
    pub broken: Option<std::io::Error>,
}

impl<W: Write> Printer<W> {
    /// Prints to `out`: JSON lines, or the readable trace (`verbose`: with every marker).
    pub fn new(out: W, json: bool, verbose: bool, lang: Lang) -> Self {
        Printer { out, json, detail: if verbose { Detail::Verbose } else { Detail::Normal }, lang, broken: None }
    }

    /// Writes one line, unless a write failed before.
    fn line(&mut self, line: &str) {
        if self.broken.is_none() {
            let written = writeln!(self.out, "{line}");
            self.note(written);
        }
    }

    /// Keeps the first write error and stops the run: nobody reads it any more.
    fn note(&mut self, written: std::io::Result<()>) {
        if let Err(e) = written {
            self.broken = Some(e);
            runtime::request_stop();
        }
    }

    /// The first line: the seed (the text trace only).
    pub fn start(&mut self, seed: u64) {
        if !self.json {
            self.line(&headless::seed_line(seed, self.lang));
        }
    }

    /// Writes out what is buffered (the run has nothing more yet).
    pub fn flush(&mut self) {
        if self.broken.is_none() {
            let flushed = self.out.flush();
            self.note(flushed);
        }
    }

    /// One event, after it was folded into `world`.
    pub fn event(&mut self, world: &World, ev: &Event) {
        let line = if self.json {
            Some(headless::json_line(ev))
        } else {
            headless::trace_line(world, ev, self.detail, self.lang)
        };
        if let Some(line) = line {
            self.line(&line);
        }
    }

    /// The final state and the expectations written for this run (or the verdict line);
    /// returns the exit code.
    pub fn finish(mut self, lesson: &Lesson, settings: &Settings, world: &World) -> ExitCode {
        let knobs = lesson.knobs_with(&settings.knobs);
        let written_for: Vec<_> = lesson.expectations.iter().filter(|e| applies(lesson, e, settings)).collect();
        let finished = matches!(world.ended, Some(RunOutcome::Finished));
        let mismatches = world.audit_mismatches();
        let checked: Vec<_> =
            written_for.iter().map(|e| (e.name.as_str(), check_expectation(e, world, &knobs))).collect();
        let ok = finished
            && mismatches.is_empty()
            && checked.iter().all(|(_, checks)| checks.iter().all(|(_, c)| *c == Checked::Holds));
        let out = &mut self.out;
        if self.json {
            let _ = writeln!(out, "{}", verdict_line(ok, finished, &mismatches, &checked));
        } else {
            let _ = writeln!(out, "\n{}", headless::final_state(world, self.lang));
            for (name, checks) in &checked {
                let _ = writeln!(out, "expectation: {}", terminal_safe(name));
                for (source, checked) in checks {
                    let mark = match checked {
                        Checked::Holds => "✓".to_string(),
                        Checked::Fails(v) => format!("✗ (it was {})", v.repr()),
                        Checked::Error(e) => format!("✗ ({e})"),
                    };
                    let _ = writeln!(out, "{}", terminal_safe(&format!("  {mark}  {source}")));
                }
            }
        }
        let _ = out.flush();
        if ok { ExitCode::SUCCESS } else { ExitCode::from(FAILED) }
    }
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
    println!("{}", terminal_safe_lines(&tally_lines(lesson, &tally, lang).join("\n")));
    Ok(if tally.unfinished == 0 { ExitCode::SUCCESS } else { ExitCode::from(FAILED) })
}
