//! The workbook: a student's predictions checked against what a run really did. The true
//! answer of every question is computed from the finished run's `World` (so it follows the
//! knobs and the interleaving), tasks are checked the same way, and many runs of one lesson
//! are tallied so a student sees that a race is likely, not certain.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::Result;

use crate::event::{Event, EventKind, RunOutcome};
use crate::lesson::{KnobValues, Lesson, Question, QuestionKind};
use crate::runtime::{self, Settings};
use crate::text::Lang;
use crate::trace::World;
use crate::trace::check::eval_check;
use crate::value::Value;

/// A student's prediction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Number(i64),
    /// The index of the chosen option.
    Choice(usize),
}

impl Answer {
    /// How the prediction reads (and is stored in the progress file).
    pub fn text(&self, q: &Question, lang: Lang) -> String {
        match (self, &q.kind) {
            (Answer::Number(n), _) => n.to_string(),
            (Answer::Choice(i), QuestionKind::Choice { options }) => {
                options.get(*i).map_or_else(|| i.to_string(), |o| lang.of(&o.label).to_string())
            }
            (Answer::Choice(i), QuestionKind::Number) => i.to_string(),
        }
    }
}

/// Whether `answer` matches what the run gave.
pub fn is_right(q: &Question, answer: &Answer, actual: &Value) -> bool {
    match (answer, &q.kind) {
        (Answer::Number(n), _) => Value::Int(*n).py_eq(actual),
        (Answer::Choice(i), QuestionKind::Choice { options }) => options.get(*i).is_some_and(|o| o.value.py_eq(actual)),
        (Answer::Choice(_), QuestionKind::Number) => false,
    }
}

/// What the run gave, in words (a choice's label when one matches).
pub fn actual_text(q: &Question, actual: &Value, lang: Lang) -> String {
    if let QuestionKind::Choice { options } = &q.kind
        && let Some(o) = options.iter().find(|o| o.value.py_eq(actual))
    {
        return lang.of(&o.label).to_string();
    }
    actual.to_string()
}

/// The workbook's reading of one finished run.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdicts {
    /// Each question's true answer in this run (or why it could not be computed).
    pub answers: Vec<Result<Value, String>>,
    /// Whether each task was reached in this run.
    pub tasks: Vec<bool>,
}

/// Computes every question's answer and every task's check over a finished run.
pub fn judge(lesson: &Lesson, world: &World, knobs: &KnobValues) -> Verdicts {
    let answers = lesson.questions.iter().map(|q| eval_check(&q.answer.expr, world, knobs)).collect();
    let tasks =
        lesson.tasks.iter().map(|t| eval_check(&t.check.expr, world, knobs).is_ok_and(|v| v.truthy())).collect();
    Verdicts { answers, tasks }
}

/// Runs a lesson to its end, folding every event; `on_event` sees each one after the fold.
pub fn play(lesson: &Lesson, settings: Settings, mut on_event: impl FnMut(&World, &Event)) -> Result<World> {
    let run = runtime::start(lesson, settings)?;
    let mut world = World::default();
    loop {
        if runtime::stop_requested() {
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
        if matches!(ev.kind, EventKind::RunEnded { .. }) {
            break;
        }
    }
    Ok(world)
}

/// The outcomes of many runs of one lesson with the same knobs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub runs: usize,
    /// Runs that did not finish (a limit, a failure).
    pub unfinished: usize,
    /// For each question: how many runs gave each answer (in words).
    pub answers: Vec<BTreeMap<String, usize>>,
    /// For each task: in how many runs it was reached.
    pub tasks: Vec<usize>,
}

/// Runs the lesson `n` times for real (seeds `seed`, `seed + 1`, …) and tallies the outcomes;
/// `after_run(i)` is called after each.
pub fn many_runs(
    lesson: &Lesson,
    settings: &Settings,
    n: usize,
    lang: Lang,
    mut after_run: impl FnMut(usize, &Tally),
) -> Result<Tally> {
    let knobs = lesson
        .knob_values(&settings.knobs)
        .map_err(|d| anyhow::anyhow!("{}", d.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")))?;
    let mut tally = Tally {
        answers: vec![BTreeMap::new(); lesson.questions.len()],
        tasks: vec![0; lesson.tasks.len()],
        ..Tally::default()
    };
    for i in 0..n {
        let s = Settings { seed: settings.seed.wrapping_add(i as u64), ..settings.clone() };
        let world = play(lesson, s, |_, _| {})?;
        tally.runs += 1;
        if !matches!(world.ended, Some(RunOutcome::Finished)) {
            tally.unfinished += 1;
        }
        let v = judge(lesson, &world, &knobs);
        for (q, (counts, answer)) in lesson.questions.iter().zip(tally.answers.iter_mut().zip(&v.answers)) {
            let key = match answer {
                Ok(value) => actual_text(q, value, lang),
                Err(_) => lang.pick("(no answer)", "（无法得出）").to_string(),
            };
            *counts.entry(key).or_default() += 1;
        }
        for (count, reached) in tally.tasks.iter_mut().zip(&v.tasks) {
            *count += usize::from(*reached);
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
        let mut by_count: Vec<(&String, &usize)> = counts.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1));
        for (answer, n) in by_count {
            lines.push(match lang {
                Lang::En => format!("  {answer} — in {n} of {} runs", tally.runs),
                Lang::Zh => format!("  {answer} —— {} 次运行中有 {n} 次", tally.runs),
            });
        }
    }
    for (t, n) in lesson.tasks.iter().zip(&tally.tasks) {
        lines.push(match lang {
            Lang::En => format!("{} — reached in {n} of {} runs", lang.of(&t.goal), tally.runs),
            Lang::Zh => format!("{} —— {} 次运行中达成 {n} 次", lang.of(&t.goal), tally.runs),
        });
    }
    if tally.unfinished > 0 {
        lines.push(match lang {
            Lang::En => format!("{} run(s) did not finish", tally.unfinished),
            Lang::Zh => format!("有 {} 次运行没有正常结束", tally.unfinished),
        });
    }
    lines
}
