//! The workbook part of an open lesson: the student's predictions (each for the knobs of the
//! round it was made in), hints shown, what the last run said about each question and task, and
//! the tally of many runs. Plain data with small pure updates, and the `App` side that applies
//! them to the open lesson.

use super::{App, Effect};
use crate::lesson::{KnobValues, Lesson, QuestionKind};
use crate::play::Tally;
use crate::progress::Prediction;
use crate::workbook::{Answer, Verdicts, grade};

/// Which row of the workbook is selected: a question, then the tasks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workbook {
    /// The prediction for each question (None until given).
    pub answers: Vec<Option<Answer>>,
    /// Digits being typed for a number question.
    pub typing: String,
    /// Selected row: questions first, then tasks.
    pub row: usize,
    /// How many hints are shown, per row.
    pub hints: Vec<usize>,
    /// What the last finished run said.
    pub verdicts: Option<Verdicts>,
    /// Tasks reached in any run since the lesson was opened.
    pub reached: Vec<bool>,
    /// Many runs: the tally once they are done, or how many are done so far.
    pub tally: Option<Tally>,
    pub many_running: Option<(usize, usize)>,
    /// The seed of the first of the many runs (the others follow it by one).
    pub many_seed: Option<u64>,
    /// The knob values of the round shown: a prediction counts only for the knobs it was made
    /// for.
    pub knobs: KnobValues,
    /// The knobs each prediction was made for (None while there is none).
    pub made_for: Vec<Option<KnobValues>>,
    /// The last run was not graded, and why (a catalog key).
    pub ungraded: Option<&'static str>,
    /// The tasks (indices) the last run reached, for the banner.
    pub reached_now: Vec<usize>,
}

impl Workbook {
    pub fn new(lesson: &Lesson) -> Workbook {
        let rows = lesson.questions.len() + lesson.tasks.len();
        Workbook {
            answers: vec![None; lesson.questions.len()],
            hints: vec![0; rows],
            reached: vec![false; lesson.tasks.len()],
            made_for: vec![None; lesson.questions.len()],
            ..Workbook::default()
        }
    }

    /// Starts a round with these knobs. Predictions made for other knobs are kept (and shown
    /// as such) but no longer count; the student is asked again, and the tally and verdicts of
    /// the old knobs go. Whether the knobs changed and the student is asked again.
    pub fn new_round(&mut self, knobs: &KnobValues) -> bool {
        let changed = self.knobs != *knobs;
        if changed {
            self.knobs = knobs.clone();
            self.tally = None;
            self.many_seed = None;
            self.verdicts = None;
            self.typing.clear();
        }
        self.ungraded = None;
        self.reached_now.clear();
        changed && self.asked_again()
    }

    /// Some predictions were made for other knobs: the student is asked to predict again.
    pub fn asked_again(&self) -> bool {
        (0..self.answers.len()).any(|i| self.stale(i))
    }

    /// The prediction for question `i`, if it was made for the knobs of this round.
    pub fn current(&self, i: usize) -> Option<&Answer> {
        let made_for = self.made_for.get(i)?.as_ref()?;
        self.answers.get(i)?.as_ref().filter(|_| *made_for == self.knobs)
    }

    /// Whether question `i` has a prediction made for other knobs.
    pub fn stale(&self, i: usize) -> bool {
        self.answers.get(i).is_some_and(Option::is_some) && self.current(i).is_none()
    }

    /// Whether the student has predicted anything for this round's knobs.
    pub fn predicted(&self) -> bool {
        (0..self.answers.len()).any(|i| self.current(i).is_some())
    }

    /// A prediction for the selected question, made for this round's knobs.
    fn set(&mut self, answer: Option<Answer>) {
        if let (Some(a), Some(m)) = (self.answers.get_mut(self.row), self.made_for.get_mut(self.row)) {
            *m = answer.as_ref().map(|_| self.knobs.clone());
            *a = answer;
        }
    }

    fn rows(&self) -> usize {
        self.hints.len()
    }

    /// Moves the selection.
    pub fn move_row(&mut self, d: i32) {
        if self.rows() > 0 {
            self.row = (self.row as i64 + i64::from(d)).rem_euclid(self.rows() as i64) as usize;
            self.typing.clear();
        }
    }

    /// ←/→ on a choice question: the previous / next option.
    pub fn change(&mut self, lesson: &Lesson, d: i32) {
        let Some(q) = lesson.questions.get(self.row) else { return };
        if let QuestionKind::Choice { options } = &q.kind
            && !options.is_empty()
        {
            let now = match self.answers[self.row] {
                Some(Answer::Choice(i)) => i as i64 + i64::from(d),
                _ if d < 0 => options.len() as i64 - 1,
                _ => 0,
            };
            self.set(Some(Answer::Choice(now.rem_euclid(options.len() as i64) as usize)));
        }
    }

    /// A digit (or Backspace as `None`) typed for a number question; for a choice question a
    /// digit picks that option.
    pub fn type_digit(&mut self, lesson: &Lesson, c: Option<char>) {
        let Some(q) = lesson.questions.get(self.row) else { return };
        match (&q.kind, c) {
            (QuestionKind::Number, Some(c)) if self.typing.len() < 9 => self.typing.push(c),
            (QuestionKind::Number, None) => {
                self.typing.pop();
            }
            (QuestionKind::Choice { options }, Some(c)) => {
                if let Some(i) = c.to_digit(10).map(|d| d as usize).filter(|d| (1..=options.len()).contains(d)) {
                    self.set(Some(Answer::Choice(i - 1)));
                }
                return;
            }
            _ => return,
        }
        let typed = self.typing.parse().ok().map(Answer::Number);
        self.set(typed);
    }

    /// Shows the next hint of the selected row.
    pub fn hint(&mut self, lesson: &Lesson) {
        let available = match lesson.questions.get(self.row) {
            Some(q) => q.hints.len(),
            None => lesson.tasks.get(self.row - lesson.questions.len()).map_or(0, |t| t.hints.len()),
        };
        if let Some(shown) = self.hints.get_mut(self.row) {
            *shown = (*shown + 1).min(available);
        }
    }

    /// A run that is not graded ended (killed by the student, stopped by a limit): it says
    /// nothing of the predictions and ticks no task.
    pub fn not_graded(&mut self, why: &'static str) {
        self.ungraded = Some(why);
        self.verdicts = None;
        self.reached_now.clear();
    }

    /// Takes a finished run's verdicts; returns what to record: (question id, prediction,
    /// right?) for each question predicted for this round's knobs and the ids of tasks reached.
    pub fn finish_run(&mut self, lesson: &Lesson, verdicts: Verdicts) -> (Vec<(String, String, bool)>, Vec<String>) {
        let current: Vec<Option<Answer>> = (0..self.answers.len()).map(|i| self.current(i).cloned()).collect();
        let graded = grade(lesson, &current, &verdicts);
        let answered = graded
            .answers
            .into_iter()
            .filter_map(|(id, a, right)| {
                let q = lesson.questions.iter().find(|q| q.id == id)?;
                Some((id, Prediction::of(q, &a).stored(), right))
            })
            .collect();
        for (reached, now) in self.reached.iter_mut().zip(&verdicts.tasks) {
            *reached |= *now;
        }
        self.reached_now = verdicts.tasks.iter().enumerate().filter(|(_, now)| **now).map(|(i, _)| i).collect();
        self.verdicts = Some(verdicts);
        (answered, graded.tasks)
    }
}

impl App {
    /// Applies a workbook change (choosing a row, answering, a hint) to the open lesson's.
    pub(super) fn answer(&mut self, change: impl FnOnce(&mut Workbook, &Lesson)) -> Vec<Effect> {
        if let Some(v) = self.view_mut() {
            change(&mut v.workbook, &v.lesson);
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests;
