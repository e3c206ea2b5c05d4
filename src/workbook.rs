//! The workbook's grading: a student's predictions checked against what a run really did, and
//! a lesson's expectations checked over a finished run. The true answer of every question is
//! computed from the finished run's `World` (so it follows the knobs and the interleaving);
//! tasks and expectations are checked the same way. Both front ends grade through here.

use crate::lesson::schedule::Schedule;
use crate::lesson::{Expectation, KnobValues, Lesson, Question, QuestionKind};
use crate::runtime::Settings;
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

/// How one check of an expectation came out over a finished run.
#[derive(Clone, Debug, PartialEq)]
pub enum Checked {
    Holds,
    /// False; the value it had instead.
    Fails(Value),
    /// It could not be evaluated (why).
    Error(String),
}

/// Checks every condition of `exp` over the final world, as (its source, how it came out).
pub fn check_expectation<'a>(exp: &'a Expectation, world: &World, knobs: &KnobValues) -> Vec<(&'a str, Checked)> {
    exp.checks
        .iter()
        .map(|c| {
            let checked = match eval_check(&c.expr, world, knobs) {
                Ok(v) if v.truthy() => Checked::Holds,
                Ok(v) => Checked::Fails(v),
                Err(e) => Checked::Error(e),
            };
            (c.source.as_str(), checked)
        })
        .collect()
}

/// Whether `exp` was written for this run: every knob of the run equals the expectation's
/// (its `set` over the lesson's defaults), the schedule is the same one (or none on both
/// sides), and the seed is the one it pins, if it pins one. A run that differs in any knob
/// it does not name is another run, and its checks say nothing about it.
pub fn applies(lesson: &Lesson, exp: &Expectation, run: &Settings) -> bool {
    let same_knobs = lesson.knobs_with(&exp.set) == lesson.knobs_with(&run.knobs);
    let written_for = exp.schedule.as_deref().map(Schedule::parse);
    let same_schedule = match (written_for, &run.schedule) {
        (None, None) => true,
        (Some(Ok(wanted)), Some(given)) => wanted == *given,
        _ => false,
    };
    let same_seed = exp.seed.is_none_or(|seed| seed == run.seed);
    same_knobs && same_schedule && same_seed
}

/// What a finished run says of the student's predictions and the tasks.
#[derive(Clone, Debug, PartialEq)]
pub struct Graded {
    /// Each answered question whose true answer is known: (question id, prediction, right?).
    pub answers: Vec<(String, Answer, bool)>,
    /// Ids of the tasks this run reached.
    pub tasks: Vec<String>,
}

/// Grades the predictions (one per question, `None` when not given) against a run's verdicts.
pub fn grade(lesson: &Lesson, predictions: &[Option<Answer>], verdicts: &Verdicts) -> Graded {
    let answers = lesson
        .questions
        .iter()
        .zip(predictions)
        .zip(&verdicts.answers)
        .filter_map(|((q, answer), actual)| match (answer, actual) {
            (Some(a), Ok(actual)) => Some((q.id.clone(), a.clone(), is_right(q, a, actual))),
            _ => None,
        })
        .collect();
    let tasks = lesson.tasks.iter().zip(&verdicts.tasks).filter(|(_, now)| **now).map(|(t, _)| t.id.clone()).collect();
    Graded { answers, tasks }
}

/// Computes every question's answer and every task's check over a finished run.
pub fn judge(lesson: &Lesson, world: &World, knobs: &KnobValues) -> Verdicts {
    let answers = lesson.questions.iter().map(|q| eval_check(&q.answer.expr, world, knobs)).collect();
    let tasks =
        lesson.tasks.iter().map(|t| eval_check(&t.check.expr, world, knobs).is_ok_and(|v| v.truthy())).collect();
    Verdicts { answers, tasks }
}

#[cfg(test)]
mod tests;
