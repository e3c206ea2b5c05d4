//! Playing runs to their end: one run folded into a `World`, the run an expectation asks for,
//! and many runs of one lesson tallied by outcome. Shared by the headless commands, `verify`,
//! the TUI's many-runs key and the tests; grading what a run shows is `workbook`'s job.

use std::time::{Duration, Instant};

use anyhow::Result;

use crate::event::{Event, EventKind, RunOutcome};
use crate::lesson::schedule::Schedule;
use crate::lesson::{Expectation, Lesson};
use crate::runtime::{self, Options, Settings};
use crate::text::Lang;
use crate::trace::{World, deadlock};
use crate::value::Value;
use crate::workbook::{actual_text, judge};

/// A run whose events can be folded to its end: a lesson's processes or a watched CPython
/// program.
trait Source {
    fn next_event(&self, timeout: Duration) -> Option<Event>;
    fn is_over(&self) -> bool;
    fn stop_because(&self, outcome: RunOutcome);
}

impl Source for runtime::Run {
    fn next_event(&self, timeout: Duration) -> Option<Event> {
        runtime::Run::next_event(self, timeout)
    }

    fn is_over(&self) -> bool {
        runtime::Run::is_over(self)
    }

    fn stop_because(&self, outcome: RunOutcome) {
        runtime::Run::stop_because(self, outcome);
    }
}

impl Source for runtime::cpython::CpythonRun {
    fn next_event(&self, timeout: Duration) -> Option<Event> {
        runtime::cpython::CpythonRun::next_event(self, timeout)
    }

    fn is_over(&self) -> bool {
        runtime::cpython::CpythonRun::is_over(self)
    }

    fn stop_because(&self, outcome: RunOutcome) {
        runtime::cpython::CpythonRun::stop_because(self, outcome);
    }
}

/// How many events in a row a run that keeps streaming may send before it is checked for a
/// deadlock anyway (a few milliseconds' worth): a cycle of a few processes can form while
/// others go on.
const VERDICT_EVERY: u32 = 4096;

/// Folds every event of `run` until it ends; `on_event` sees each one after the fold. A stop
/// signal caught by `runtime::catch_stop_signals` stops the run cleanly; a deadlock stops it
/// at once and a stall after a quiet while (`trace::deadlock::verdict`). Whether the run can
/// still move is asked whenever the fold has caught up with it and every `VERDICT_EVERY`
/// events, not after each one (that cost the viewer more than the fold itself).
fn fold(run: &impl Source, mut on_event: impl FnMut(&World, &Event), mut caught_up: impl FnMut()) -> World {
    let mut world = World::default();
    // When the last event arrived, as of the moment the fold caught up with it.
    let mut quiet_since = Instant::now();
    let mut seen_since_idle = false;
    let mut since_verdict = 0u32;
    let mut stopping = false;
    loop {
        if runtime::stop_requested() && !stopping {
            run.stop_because(RunOutcome::Stopped);
            stopping = true;
        }
        // Caught up with the run (nothing waiting): the moment to flush buffered output.
        let mut idle = false;
        let next = run.next_event(Duration::ZERO).or_else(|| {
            idle = true;
            if seen_since_idle {
                quiet_since = Instant::now();
                seen_since_idle = false;
            }
            caught_up();
            run.next_event(Duration::from_millis(100))
        });
        match next {
            Some(ev) => {
                seen_since_idle = true;
                world.apply(&ev);
                on_event(&world, &ev);
                if matches!(ev.kind, EventKind::RunEnded { .. }) {
                    break;
                }
            }
            None if run.is_over() => break,
            None => {}
        }
        since_verdict += 1;
        if !stopping && (idle || since_verdict >= VERDICT_EVERY) {
            since_verdict = 0;
            let quiet_for = if seen_since_idle { Duration::ZERO } else { quiet_since.elapsed() };
            if let Some(outcome) = deadlock::verdict(&world, quiet_for) {
                run.stop_because(outcome);
                stopping = true;
            }
        }
    }
    world
}

/// Runs a lesson to its end, folding every event (`fold`).
pub fn play(lesson: &Lesson, settings: Settings, on_event: impl FnMut(&World, &Event)) -> Result<World> {
    Ok(fold(&runtime::start(lesson, settings)?, on_event, || {}))
}

/// `play`, also calling `caught_up` whenever every event so far has been seen and the next
/// is not there yet: a headless trace written through a buffer flushes it then, so it
/// streams live without a write per event.
pub fn play_streaming(
    lesson: &Lesson,
    settings: Settings,
    on_event: impl FnMut(&World, &Event),
    caught_up: impl FnMut(),
) -> Result<World> {
    Ok(fold(&runtime::start(lesson, settings)?, on_event, caught_up))
}

/// Runs a program under CPython with the probe to its end (`runtime::cpython`), folding every
/// event as a lesson run's (`fold`); `caught_up` as for `play_streaming`.
pub fn play_cpython(
    spec: &crate::runtime::cpython::WatchSpec,
    on_event: impl FnMut(&World, &Event),
    caught_up: impl FnMut(),
) -> Result<World> {
    Ok(fold(&crate::runtime::cpython::start(spec, false)?, on_event, caught_up))
}

/// The settings of the run an expectation describes: its knobs, schedule and seed.
pub fn expectation_settings(lesson: &Lesson, exp: &Expectation, speed: f64) -> Result<Settings, String> {
    let schedule = exp.schedule.as_deref().map(Schedule::parse).transpose()?;
    Ok(Settings {
        knobs: lesson.knobs_with(&exp.set),
        seed: exp.seed.unwrap_or(0),
        speed,
        schedule,
        max_secs: 120.0,
        options: Options { variables: false, ..Options::default() },
        ..Settings::default()
    })
}

/// The outcomes of many runs of one lesson with the same knobs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub runs: usize,
    /// Runs that did not finish (a limit, a failure).
    pub unfinished: usize,
    /// For each question: how many runs gave each answer (`None`: it could not be computed),
    /// in the order the answers first appeared.
    pub answers: Vec<Vec<(Option<Value>, usize)>>,
    /// For each task: in how many runs it was reached.
    pub tasks: Vec<usize>,
    /// A lesson with neither questions nor tasks (a program of one's own): how many runs
    /// printed each output (its lines, then its uncaught errors), in the order first seen.
    pub outputs: Vec<(String, usize)>,
}

/// Outputs `tally_lines` shows, the commonest first; the rest are counted together.
const OUTPUTS_SHOWN: usize = 5;
/// Lines of one output it shows: the last ones.
const OUTPUT_LINES_SHOWN: usize = 8;

/// What a run printed, as `Tally::outputs` counts it: its lines, then the class of each
/// uncaught error (sorted: which process raised it does not make another outcome).
fn output_of(world: &crate::trace::World) -> String {
    let mut errors: Vec<&str> = world.processes.iter().filter_map(|p| p.uncaught.as_deref()).collect();
    errors.sort_unstable();
    let lines = world.output.iter().filter(|l| !l.is_error).map(|l| l.text.as_str());
    let errors = errors.into_iter().map(|e| format!("✗ {}", e.trim()));
    lines.map(str::to_string).chain(errors).collect::<Vec<_>>().join("\n")
}

/// Runs the lesson `n` times for real (seeds `seed`, `seed + 1`, …) and tallies the outcomes;
/// `after_run(i)` is called after each.
pub fn many_runs(
    lesson: &Lesson,
    settings: &Settings,
    n: usize,
    mut after_run: impl FnMut(usize, &Tally),
) -> Result<Tally> {
    let knobs = lesson.knobs_with(&settings.knobs);
    let mut tally = Tally {
        answers: vec![Vec::new(); lesson.questions.len()],
        tasks: vec![0; lesson.tasks.len()],
        ..Tally::default()
    };
    for i in 0..n {
        // Only outcomes are tallied: no run's variables are shown.
        let options = Options { variables: false, ..settings.options };
        let s = Settings { seed: settings.seed.wrapping_add(i as u64), options, ..settings.clone() };
        let world = play(lesson, s, |_, _| {})?;
        tally.runs += 1;
        if !matches!(world.ended, Some(RunOutcome::Finished)) {
            tally.unfinished += 1;
        }
        let v = judge(lesson, &world, &knobs);
        for (counts, answer) in tally.answers.iter_mut().zip(v.answers) {
            let answer = answer.ok();
            match counts.iter_mut().find(|(a, _)| *a == answer) {
                Some((_, n)) => *n += 1,
                None => counts.push((answer, 1)),
            }
        }
        for (count, reached) in tally.tasks.iter_mut().zip(&v.tasks) {
            *count += usize::from(*reached);
        }
        if lesson.questions.is_empty() && lesson.tasks.is_empty() {
            let output = output_of(&world);
            match tally.outputs.iter_mut().find(|(o, _)| *o == output) {
                Some((_, n)) => *n += 1,
                None => tally.outputs.push((output, 1)),
            }
        }
        after_run(i, &tally);
        if runtime::stop_requested() {
            break;
        }
    }
    Ok(tally)
}

/// The tally in words, one line per outcome ("10 — in 17 of 20 runs").
pub fn tally_lines(lesson: &Lesson, tally: &Tally, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    for (q, counts) in lesson.questions.iter().zip(&tally.answers) {
        lines.push(lang.of(&q.prompt).to_string());
        let mut by_count: Vec<&(Option<Value>, usize)> = counts.iter().collect();
        by_count.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        for (answer, n) in by_count {
            let answer = match answer {
                Some(value) => actual_text(q, value, lang),
                None => lang.t("tally.no_answer").to_string(),
            };
            lines.push(lang.t_with("tally.answer", &[("answer", &answer), ("n", n), ("runs", &tally.runs)]));
        }
    }
    for (t, n) in lesson.tasks.iter().zip(&tally.tasks) {
        lines.push(lang.t_with("tally.task", &[("goal", &lang.of(&t.goal)), ("n", n), ("runs", &tally.runs)]));
    }
    let mut by_count: Vec<&(String, usize)> = tally.outputs.iter().collect();
    by_count.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    for (output, n) in by_count.iter().take(OUTPUTS_SHOWN) {
        lines.push(lang.t_with("tally.output", &[("n", n), ("runs", &tally.runs)]));
        // Its end, where a program's outcome usually shows (the last result, the errors).
        let printed: Vec<&str> = output.lines().collect();
        if output.is_empty() {
            lines.push(format!("    {}", lang.t("tally.nothing_printed")));
        }
        let from = printed.len().saturating_sub(OUTPUT_LINES_SHOWN);
        if from > 0 {
            lines.push("    …".to_string());
        }
        lines.extend(printed[from..].iter().map(|l| format!("    {l}")));
    }
    if let Some(rest) = by_count.get(OUTPUTS_SHOWN..).filter(|rest| !rest.is_empty()) {
        let runs: usize = rest.iter().map(|(_, n)| n).sum();
        lines.push(lang.t_with("tally.other_outputs", &[("k", &rest.len()), ("n", &runs)]));
    }
    if tally.unfinished > 0 {
        lines.push(lang.t_with("tally.unfinished", &[("n", &tally.unfinished)]));
    }
    lines
}
