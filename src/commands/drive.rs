//! Drives one run to its end for the command line: feeds every event to a `World` and to the
//! caller, stops the lesson cleanly on Ctrl-C/SIGTERM/SIGHUP, and evaluates expectations.

use anyhow::Result;

use forkbook::event::Event;
use forkbook::lesson::{Expectation, KnobValues, Lesson};
use forkbook::runtime::{self, Settings};
use forkbook::trace::World;
use forkbook::trace::check::eval_check;
use forkbook::value::Value;

/// Runs `lesson` to the end, calling `on_event` after each event is folded in; Ctrl-C,
/// SIGTERM and SIGHUP stop the lesson cleanly.
pub fn drive(lesson: &Lesson, settings: Settings, on_event: impl FnMut(&World, &Event)) -> Result<World> {
    runtime::catch_stop_signals();
    forkbook::workbook::play(lesson, settings, on_event)
}

/// The result of one check of an expectation.
pub struct CheckResult {
    pub source: String,
    /// Ok(true) when it holds; Ok(false) with the value it had; Err when it could not be evaluated.
    pub outcome: Result<bool, String>,
    pub value: Option<Value>,
}

/// Evaluates every check of `exp` over the final world.
pub fn evaluate(exp: &Expectation, world: &World, knobs: &KnobValues) -> Vec<CheckResult> {
    exp.checks
        .iter()
        .map(|c| match eval_check(&c.expr, world, knobs) {
            Ok(v) => CheckResult { source: c.source.clone(), outcome: Ok(v.truthy()), value: Some(v) },
            Err(e) => CheckResult { source: c.source.clone(), outcome: Err(e), value: None },
        })
        .collect()
}

/// Whether `exp` describes a run with these knobs and this schedule.
pub fn applies(lesson: &Lesson, exp: &Expectation, knobs: &KnobValues, schedule: Option<&str>) -> bool {
    let Ok(theirs) = lesson.knob_values(&exp.set) else { return false };
    let same_knobs = exp.set.iter().all(|(name, _)| theirs.get(name) == knobs.get(name));
    let same_schedule = exp.schedule.as_deref().is_none_or(|s| Some(s) == schedule);
    same_knobs && same_schedule
}

/// The settings an expectation asks for.
pub fn settings_for(exp: &Expectation, speed: f64) -> Result<Settings, String> {
    let schedule = exp.schedule.as_deref().map(forkbook::lesson::schedule::Schedule::parse).transpose()?;
    Ok(Settings {
        knobs: exp.set.clone(),
        seed: exp.seed.unwrap_or(0),
        speed,
        schedule,
        max_secs: 120.0,
        ..Settings::default()
    })
}
