//! The workbook against real runs: a question's true answer follows the run (two knob
//! settings, two answers), a task reached by a pinned schedule is marked done and one not
//! reached is not, and many runs are tallied.

use forkbook::lesson::schedule::Schedule;
use forkbook::lesson::{self, Lesson};
use forkbook::play::{many_runs, play};
use forkbook::runtime::Settings;
use forkbook::value::Value;
use forkbook::workbook::{Answer, is_right, judge};

fn lock() -> Lesson {
    lesson::resolve("lock").expect("the built-in lock lesson")
}

fn settings(lesson: &Lesson, knobs: &[(&str, &str)], schedule: Option<&str>) -> Settings {
    let texts: Vec<(String, String)> = knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Settings {
        knobs: lesson.knob_values(&texts).expect("valid knobs"),
        schedule: schedule.map(|s| Schedule::parse(s).expect("schedule")),
        speed: 10.0,
        exe: Some(env!("CARGO_BIN_EXE_forkbook").into()),
        ..Settings::default()
    }
}

/// The question whose answer is how many buyers print 购票成功.
fn sold_question(lesson: &Lesson) -> usize {
    lesson.questions.iter().position(|q| q.answer.source.contains("购票成功")).expect("a question counting 购票成功")
}

#[test]
fn a_questions_answer_follows_the_run_for_two_knob_settings() {
    let lesson = lock();
    let q = sold_question(&lesson);
    let schedule = Some("Process-1@17,Process-2@17,Process-3@17");
    let mut answers = Vec::new();
    for (use_lock, sched) in [("true", None), ("false", schedule)] {
        let s = settings(&lesson, &[("use_lock", use_lock), ("buyers", "3"), ("tickets", "1")], sched);
        let knobs = s.knobs.clone();
        let world = play(&lesson, s, |_, _| {}).expect("the run");
        let v = judge(&lesson, &world, &knobs);
        answers.push(v.answers[q].clone().expect("an answer"));
    }
    let question = &lesson.questions[q];
    // With the lock one buyer succeeds; without it, pinned, all three do.
    assert!(is_right(question, &Answer::Number(1), &answers[0]), "{answers:?}");
    assert!(is_right(question, &Answer::Number(3), &answers[1]), "{answers:?}");
    assert!(!is_right(question, &Answer::Number(1), &answers[1]));
}

#[test]
fn a_task_reached_by_a_pinned_schedule_is_done_and_one_not_reached_is_not() {
    let lesson = lock();
    let s = settings(
        &lesson,
        &[("use_lock", "false"), ("buyers", "3"), ("tickets", "1")],
        Some("Process-1@17,Process-2@17,Process-3@17"),
    );
    let knobs = s.knobs.clone();
    let world = play(&lesson, s, |_, _| {}).expect("the run");
    let v = judge(&lesson, &world, &knobs);
    let reached: Vec<(&str, bool)> = lesson.tasks.iter().map(|t| t.id.as_str()).zip(v.tasks.iter().copied()).collect();
    let oversold = reached.iter().find(|(_, r)| *r).expect("the oversell task is reached");
    assert!(lesson.tasks.iter().any(|t| t.id == oversold.0 && t.check.source.contains("购票成功")));
    assert!(reached.iter().any(|(_, r)| !r), "a task that needs the lock on is not reached with it off: {reached:?}");
}

#[test]
fn many_runs_are_tallied_per_answer() {
    let lesson = lock();
    let s = settings(&lesson, &[("use_lock", "true"), ("buyers", "4"), ("tickets", "2")], None);
    let tally = many_runs(&lesson, &s, 3, |_, _| {}).expect("runs");
    assert_eq!(tally.runs, 3);
    let q = sold_question(&lesson);
    // With the lock exactly `tickets` buyers succeed, every time.
    assert_eq!(tally.answers[q], vec![(Some(Value::Int(2)), 3)], "{tally:?}");
}
