//! The workbook part of an open lesson: the student's predictions, hints shown, what the last
//! run said about each question and task, and the tally of many runs. Plain data with small
//! pure updates, and the `App` side that applies them to the open lesson.

use super::{App, Effect};
use crate::lesson::{Lesson, QuestionKind};
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
}

impl Workbook {
    pub fn new(lesson: &Lesson) -> Workbook {
        let rows = lesson.questions.len() + lesson.tasks.len();
        Workbook {
            answers: vec![None; lesson.questions.len()],
            hints: vec![0; rows],
            reached: vec![false; lesson.tasks.len()],
            ..Workbook::default()
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
            self.answers[self.row] = Some(Answer::Choice(now.rem_euclid(options.len() as i64) as usize));
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
                    self.answers[self.row] = Some(Answer::Choice(i - 1));
                }
                return;
            }
            _ => return,
        }
        self.answers[self.row] = self.typing.parse().ok().map(Answer::Number);
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

    /// Takes a finished run's verdicts; returns what to record: (question id, prediction,
    /// right?) for each answered question and the ids of tasks reached.
    pub fn finish_run(&mut self, lesson: &Lesson, verdicts: Verdicts) -> (Vec<(String, String, bool)>, Vec<String>) {
        let graded = grade(lesson, &self.answers, &verdicts);
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
