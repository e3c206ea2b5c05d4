//! Drives one run to its end for the command line: feeds every event to a `World` and to the
//! caller, stops the lesson cleanly on Ctrl-C/SIGTERM/SIGHUP, and evaluates expectations.

use std::time::Duration;

use anyhow::Result;

use forkbook::lesson::{Expectation, KnobValues, Lesson};
use forkbook::runtime::event::Event;
use forkbook::runtime::{self, Settings};
use forkbook::trace::World;
use forkbook::trace::check::eval_check;
use forkbook::value::Value;

/// Runs `lesson` to the end, calling `on_event` after each event is folded in.
pub fn drive(lesson: &Lesson, settings: Settings, mut on_event: impl FnMut(&World, &Event)) -> Result<World> {
    runtime::catch_stop_signals();
    let run = runtime::start(lesson, settings)?;
    let mut world = World::default();
    let mut stopping = false;
    loop {
        if runtime::stop_requested() && !stopping {
            stopping = true;
            run.stop();
        }
        let Some(ev) = run.next_event(Duration::from_millis(100)) else {
            if run.is_over() {
                break;
            }
            continue;
        };
        world.apply(&ev);
        on_event(&world, &ev);
        if world.ended.is_some() {
            break;
        }
    }
    drop(run);
    Ok(world)
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
    let schedule = exp.schedule.as_deref().map(runtime::Schedule::parse).transpose()?;
    Ok(Settings {
        knobs: exp.set.clone(),
        seed: exp.seed.unwrap_or(0),
        speed,
        schedule,
        max_secs: 120.0,
        ..Settings::default()
    })
}

/// Whether the user's locale asks for Chinese (LC_ALL, then LC_MESSAGES, then LANG).
pub fn prefers_chinese() -> bool {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .is_some_and(|v| v.starts_with("zh"))
}
