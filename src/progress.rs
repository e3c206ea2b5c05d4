//! The student's progress through the workbook: which lessons were opened and run to the end,
//! the last prediction for each question (its value, see `prediction`), whether it was right
//! and the knobs of the round it was made for, which try-it tasks were reached (and with which
//! knobs). `Progress` is plain data changed by small `record_*` methods; `store` keeps it in
//! one small versioned TOML file that several forkbook instances may update at once, and
//! `programs` keeps the student's edited programs beside it.

pub mod prediction;
pub mod programs;
pub mod store;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use prediction::Prediction;
pub use programs::Programs;
pub use store::{Store, Warning};

use crate::lesson::Lesson;

/// Everything the student did, by lesson: a built-in's id, a lesson file's folder and id
/// (`Lesson::progress_key`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// Progress by lesson key (`lock`, `/home/me/lessons/my_lock`).
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
}

/// What the student did in one lesson.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonProgress {
    /// The lesson was opened at least once.
    #[serde(default)]
    pub opened: bool,
    /// How many runs of the lesson went to the end.
    #[serde(default)]
    pub finished_runs: u64,
    /// Answers by question id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub questions: BTreeMap<String, QuestionProgress>,
    /// Tasks by task id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tasks: BTreeMap<String, TaskProgress>,
}

/// The student's answer to one question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionProgress {
    /// The last prediction: the value predicted, as TOML value text (`5`, `true`, `"parent"`);
    /// read it with [`QuestionProgress::prediction`].
    #[serde(default)]
    pub prediction: String,
    /// Whether the last checked prediction was right.
    #[serde(default)]
    pub correct: bool,
    /// Whether any checked prediction was ever right (a later wrong guess keeps it).
    #[serde(default)]
    pub ever_correct: bool,
    /// The knob values of the round the last prediction was made for (`name=value …`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub knobs: String,
}

impl QuestionProgress {
    /// The last prediction, to be put in words in the student's current language.
    pub fn prediction(&self) -> Prediction {
        Prediction::parse(&self.prediction)
    }
}

/// One try-it task.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskProgress {
    /// The task's check held at the end of some run.
    #[serde(default)]
    pub done: bool,
    /// The knob values of the round that first reached it (`name=value …`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub knobs: String,
}

/// How far the student is in one lesson, counted over the lesson's current questions and tasks
/// (records of questions or tasks the lesson no longer has are ignored).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Questions answered correctly at least once.
    pub questions_correct: usize,
    pub questions: usize,
    pub tasks_done: usize,
    pub tasks: usize,
    /// Runs that went to the end.
    pub finished_runs: u64,
}

impl Tally {
    /// Every question answered correctly at least once and every task done. A lesson with no
    /// questions and no tasks is complete once it has been run to the end.
    pub fn is_complete(&self) -> bool {
        let all_answered = self.questions_correct == self.questions && self.tasks_done == self.tasks;
        let has_work = self.questions > 0 || self.tasks > 0;
        all_answered && (has_work || self.finished_runs > 0)
    }
}

impl Progress {
    /// The lesson was opened.
    pub fn record_open(&mut self, lesson_id: &str) {
        self.entry(lesson_id).opened = true;
    }

    /// A run of the lesson went to the end.
    pub fn record_run(&mut self, lesson_id: &str) {
        let lesson = self.entry(lesson_id);
        lesson.opened = true;
        lesson.finished_runs = lesson.finished_runs.saturating_add(1);
    }

    /// The student's prediction for a question was checked against a run; `prediction` is
    /// [`Prediction::stored`] text, so the file holds values, never words.
    pub fn record_answer(&mut self, lesson_id: &str, question_id: &str, prediction: &str, correct: bool) {
        let lesson = self.entry(lesson_id);
        lesson.opened = true;
        let question = lesson.questions.entry(question_id.to_string()).or_default();
        question.prediction = prediction.to_string();
        question.correct = correct;
        question.ever_correct |= correct;
    }

    /// A run reached the task's goal.
    pub fn record_task(&mut self, lesson_id: &str, task_id: &str) {
        let lesson = self.entry(lesson_id);
        lesson.opened = true;
        lesson.tasks.entry(task_id.to_string()).or_default().done = true;
    }

    /// One graded round's run went to the end: the predictions made for its knobs (question id,
    /// [`Prediction::stored`] text, right?) and the tasks it reached, each with the round's
    /// knob values (`name=value …`).
    pub fn record_round(&mut self, lesson_id: &str, knobs: &str, answers: &[(String, String, bool)], tasks: &[String]) {
        self.record_run(lesson_id);
        for (question, prediction, right) in answers {
            self.record_answer(lesson_id, question, prediction, *right);
            if let Some(q) = self.entry(lesson_id).questions.get_mut(question) {
                q.knobs = knobs.to_string();
            }
        }
        for task in tasks {
            let t = self.entry(lesson_id).tasks.entry(task.clone()).or_default();
            if !t.done {
                t.knobs = knobs.to_string();
            }
            self.record_task(lesson_id, task);
        }
    }

    /// What the student did in lesson `id`, if anything.
    pub fn lesson(&self, id: &str) -> Option<&LessonProgress> {
        self.lessons.get(id)
    }

    /// How far the student is in `lesson`.
    pub fn tally(&self, lesson: &Lesson) -> Tally {
        let mut tally = Tally { questions: lesson.questions.len(), tasks: lesson.tasks.len(), ..Tally::default() };
        if let Some(done) = self.lesson(&lesson.progress_key()) {
            tally.questions_correct =
                lesson.questions.iter().filter(|q| done.questions.get(&q.id).is_some_and(|a| a.ever_correct)).count();
            tally.tasks_done = lesson.tasks.iter().filter(|t| done.tasks.get(&t.id).is_some_and(|t| t.done)).count();
            tally.finished_runs = done.finished_runs;
        }
        tally
    }

    /// Every question of `lesson` answered correctly at least once and every task done
    /// (see [`Tally::is_complete`]).
    pub fn is_complete(&self, lesson: &Lesson) -> bool {
        self.tally(lesson).is_complete()
    }

    fn entry(&mut self, lesson_id: &str) -> &mut LessonProgress {
        self.lessons.entry(lesson_id.to_string()).or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Question, QuestionKind, Task, Text};

    /// The lock lesson with two questions and one task (the checks are borrowed from its
    /// expectations; only the ids matter here).
    fn lesson_with_work() -> Lesson {
        let mut lesson = crate::lesson::resolve("lock").expect("the lock lesson is built in");
        let check = lesson.expectations[0].checks[0].clone();
        lesson.questions.clear();
        lesson.tasks.clear();
        for id in ["how_many_sold", "who_wins"] {
            lesson.questions.push(Question {
                id: id.into(),
                prompt: Text::default(),
                kind: QuestionKind::Number,
                answer: check.clone(),
                explain: Text::default(),
                hints: Vec::new(),
            });
        }
        lesson.tasks.push(Task { id: "oversell".into(), goal: Text::default(), check, hints: Vec::new() });
        lesson
    }

    #[test]
    fn a_lesson_file_with_a_built_in_id_never_shares_the_built_ins_progress() {
        let builtin = lesson_with_work();
        let mut from_folder = builtin.clone();
        from_folder.folder = Some(std::path::PathBuf::from("/class/week1"));
        let mut other_folder = builtin.clone();
        other_folder.folder = Some(std::path::PathBuf::from("/class/week2"));
        assert_eq!(builtin.progress_key(), "lock");
        assert_eq!(from_folder.progress_key(), "/class/week1/lock");
        let mut p = Progress::default();
        p.record_round(
            &from_folder.progress_key(),
            "",
            &[("how_many_sold".into(), "5".into(), true)],
            &["oversell".into()],
        );
        assert_eq!(p.tally(&from_folder).questions_correct, 1);
        assert_eq!(p.tally(&from_folder).tasks_done, 1);
        assert_eq!(p.tally(&builtin), Tally { questions: 2, tasks: 1, ..Tally::default() });
        assert_eq!(p.tally(&other_folder).finished_runs, 0);
    }

    #[test]
    fn a_lesson_is_complete_when_every_question_was_once_right_and_every_task_done() {
        let lesson = lesson_with_work();
        let mut p = Progress::default();
        assert!(!p.is_complete(&lesson));
        p.record_answer("lock", "how_many_sold", "5", true);
        p.record_answer("lock", "who_wins", "a", true);
        assert!(!p.is_complete(&lesson), "the task is not done yet");
        p.record_task("lock", "oversell");
        assert!(p.is_complete(&lesson));
        p.record_answer("lock", "who_wins", "b", false);
        assert!(p.is_complete(&lesson), "a later wrong guess keeps the question answered");
        let q = &p.lesson("lock").expect("recorded").questions["who_wins"];
        assert_eq!((q.prediction.as_str(), q.correct, q.ever_correct), ("b", false, true));
    }

    #[test]
    fn a_round_records_its_knobs_with_each_answer_and_the_first_knobs_that_reached_a_task() {
        let mut p = Progress::default();
        let answers = [("how_many_sold".to_string(), "3".to_string(), true)];
        p.record_round("lock", "buyers=3 use_lock=False", &answers, &["oversell".to_string()]);
        p.record_round("lock", "buyers=4 use_lock=False", &answers, &["oversell".to_string()]);
        let lesson = p.lesson("lock").expect("recorded");
        assert_eq!(lesson.finished_runs, 2);
        assert_eq!(lesson.questions["how_many_sold"].knobs, "buyers=4 use_lock=False");
        assert_eq!(lesson.tasks["oversell"].knobs, "buyers=3 use_lock=False", "reached first with these");
        let stored = toml::to_string(&p).expect("serializes");
        assert_eq!(toml::from_str::<Progress>(&stored).expect("reads back"), p);
    }

    #[test]
    fn the_tally_counts_only_the_lessons_current_questions_and_tasks() {
        let lesson = lesson_with_work();
        let mut p = Progress::default();
        p.record_answer("lock", "removed_question", "1", true);
        p.record_answer("lock", "how_many_sold", "9", false);
        p.record_task("lock", "removed_task");
        let tally = p.tally(&lesson);
        assert_eq!((tally.questions_correct, tally.questions, tally.tasks_done, tally.tasks), (0, 2, 0, 1));
    }

    #[test]
    fn a_lesson_without_questions_or_tasks_is_complete_after_one_finished_run() {
        let mut lesson = crate::lesson::resolve("join").expect("the join lesson is built in");
        lesson.questions.clear();
        lesson.tasks.clear();
        let mut p = Progress::default();
        p.record_open("join");
        assert!(!p.is_complete(&lesson));
        p.record_run("join");
        p.record_run("join");
        assert!(p.is_complete(&lesson));
        assert_eq!(p.lesson("join").map(|l| (l.opened, l.finished_runs)), Some((true, 2)));
    }
}
