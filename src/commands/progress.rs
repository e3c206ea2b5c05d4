//! `forkbook progress`: each lesson (built-in ones, then those of the lesson folders under their
//! folder's name) with a ✓ when complete and how many questions were answered correctly and
//! tasks done, then the lesson files with progress that are not shown (their folder was not
//! named this time); `--reset` removes the progress file.

use std::process::ExitCode;

use forkbook::lesson::Lesson;
use forkbook::progress::{LessonProgress, Progress, Store};
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
    // Lesson files (and the progress file's keys) may hold control characters.
    for line in lesson_lines(lessons, &progress, lang) {
        println!("{}", forkbook::text::terminal_safe(&line));
    }
    let shown: Vec<String> = lessons.iter().map(|l| l.progress_key()).collect();
    let elsewhere: Vec<(&String, &LessonProgress)> =
        progress.lessons.iter().filter(|(key, _)| key.contains('/') && !shown.contains(key)).collect();
    if !elsewhere.is_empty() {
        println!("{}", lang.t("commands.progress.elsewhere"));
        for (key, done) in elsewhere {
            let runs = lang.t_with("commands.progress.runs", &[("runs", &done.finished_runs)]);
            println!("{}", forkbook::text::terminal_safe(&format!("  {key}  {runs}")));
        }
    }
    println!("{}", lang.t_with("commands.progress.saved_in", &[("path", &store.path().display())]));
    ExitCode::SUCCESS
}

/// One line per lesson, in chapter order: `✓ id  questions 2/3 correct · tasks 1/1 done  title`,
/// the lessons of each folder under a line with the folder's name and path.
fn lesson_lines(lessons: &[Lesson], progress: &Progress, lang: Lang) -> Vec<String> {
    let mut folder = None;
    lessons
        .iter()
        .flat_map(|l| {
            let heading = (l.folder.is_some() && folder != l.folder.as_ref()).then(|| {
                folder = l.folder.as_ref();
                format!(
                    "{}  ({})",
                    l.folder_name().unwrap_or_default(),
                    l.folder.as_ref().map_or(String::new(), |f| f.display().to_string())
                )
            });
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
            heading.into_iter().chain([format!("{mark} {:<16} {counts}  {}", l.id, lang.of(&l.title))])
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
