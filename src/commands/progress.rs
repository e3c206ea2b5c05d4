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
        eprintln!("forkbook: {}: {w}", lang.pick("warning", "警告"));
    }
    println!("{}", lang.pick("Your progress:", "你的进度："));
    for line in lesson_lines(lessons, &progress, lang) {
        println!("{line}");
    }
    println!("{} {}", lang.pick("Saved in", "保存在"), store.path().display());
    ExitCode::SUCCESS
}

/// One line per built-in lesson, in chapter order: `✓ id  questions 2/3 correct · tasks 1/1 done  title`.
fn lesson_lines(lessons: &[Lesson], progress: &Progress, lang: Lang) -> Vec<String> {
    lessons
        .iter()
        .map(|l| {
            let t = progress.tally(l);
            let mark = if t.is_complete() { "✓" } else { " " };
            let counts = match lang {
                Lang::En => format!(
                    "questions {}/{} correct · tasks {}/{} done",
                    t.questions_correct, t.questions, t.tasks_done, t.tasks
                ),
                Lang::Zh => {
                    format!("答对问题 {}/{} · 完成任务 {}/{}", t.questions_correct, t.questions, t.tasks_done, t.tasks)
                }
            };
            format!("{mark} {:<16} {counts}  {}", l.id, lang.of(&l.title))
        })
        .collect()
}

/// `--reset`: removes the progress file and says so.
fn clear(store: &Store, lang: Lang) -> ExitCode {
    let path = store.path().display();
    match store.reset() {
        Ok(true) => {
            println!("{} {path}", lang.pick("Progress cleared: removed", "进度已清除：已删除"));
            ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("{} {path}", lang.pick("No progress to clear: there is no", "没有可清除的进度：不存在"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("forkbook: {e}");
            ExitCode::from(FAILED)
        }
    }
}
