//! `forkbook progress`: each built-in lesson with a ✓ when complete and how many questions
//! were answered correctly and tasks done; `--reset` removes the progress file.

use std::process::ExitCode;

use forkbook::lesson::Lesson;
use forkbook::progress::{Progress, Store};
use forkbook::text::Lang;

use super::FAILED;

/// Shows the student's progress, or clears it with `reset`.
pub fn progress(lessons: &[Lesson], reset: bool, lang: Lang) -> ExitCode {
    let store = Store::open_default();
    if reset {
        return clear(&store, lang);
    }
    let (progress, warning) = store.load();
    if let Some(w) = warning {
        eprintln!("forkbook: {}: {w}", lang.t("commands.progress.warning"));
    }
    println!("{}", lang.t("commands.progress.your_progress"));
    for line in lesson_lines(lessons, &progress, lang) {
        println!("{line}");
    }
    println!("{}", lang.t_with("commands.progress.saved_in", &[("path", &store.path().display())]));
    ExitCode::SUCCESS
}

/// One line per built-in lesson, in chapter order: `✓ id  questions 2/3 correct · tasks 1/1 done  title`.
fn lesson_lines(lessons: &[Lesson], progress: &Progress, lang: Lang) -> Vec<String> {
    lessons
        .iter()
        .map(|l| {
            let t = progress.tally(l);
            let mark = if t.is_complete() { "✓" } else { " " };
            let counts = lang.t_with(
                "commands.progress.counts",
                &[
                    ("correct", &t.questions_correct),
                    ("questions", &t.questions),
                    ("done", &t.tasks_done),
                    ("tasks", &t.tasks),
                ],
            );
            format!("{mark} {:<16} {counts}  {}", l.id, lang.of(&l.title))
        })
        .collect()
}

/// `--reset`: removes the progress file and says so.
fn clear(store: &Store, lang: Lang) -> ExitCode {
    let path = &store.path().display();
    match store.reset() {
        Ok(true) => {
            println!("{}", lang.t_with("commands.progress.cleared", &[("path", path)]));
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("{}", lang.t_with("commands.progress.nothing_to_clear", &[("path", path)]));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("forkbook: {e}");
            ExitCode::from(FAILED)
        }
    }
}
