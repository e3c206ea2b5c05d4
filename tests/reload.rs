//! Hot reload with real files and the real watcher (inotify): `forkbook check --watch` checks
//! again on every save, and the lesson screen's app takes a saved lesson file in (the new
//! version, or its problems while the last good version stays). Every wait is for the event
//! itself, bounded by `WAIT`; the watching child is killed when a test ends, failed or not.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use forkbook::lesson::{self, KnobValues};
use forkbook::progress::Programs;
use forkbook::text::Lang;
use forkbook::tui::app::{Action, App, Effect, Mode};
use forkbook::tui::reload;
use forkbook::tui::theme::Theme;
use forkbook::watch::Watch;

/// The longest a save may take to be seen (the issue asks for half a second; CI machines are
/// slow, so the bound is loose, and each wait ends as soon as the event comes).
const WAIT: Duration = Duration::from_secs(10);

/// A child process killed and reaped on drop.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A lesson file written by `forkbook new` in a temp dir.
fn lesson_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["new", "counter", "--dir"])
        .arg(dir.path())
        .output()
        .expect("forkbook new runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = dir.path().join("counter.toml");
    (dir, file)
}

/// Saves the file by writing it in place.
fn save(path: &Path, text: &str) {
    std::fs::write(path, text).expect("save");
}

/// Lines of the child's stdout and stderr, as they come.
fn lines_of(child: &mut Child) -> Receiver<String> {
    let (tx, rx) = channel();
    let out = child.stdout.take().expect("stdout piped");
    let err = child.stderr.take().expect("stderr piped");
    let tx2 = tx.clone();
    std::thread::spawn(move || BufReader::new(out).lines().map_while(Result::ok).try_for_each(|l| tx.send(l)));
    std::thread::spawn(move || BufReader::new(err).lines().map_while(Result::ok).try_for_each(|l| tx2.send(l)));
    rx
}

/// Waits for a line containing `text`; the lines seen on the way are returned on failure.
fn wait_for(lines: &Receiver<String>, text: &str) -> Result<String, Vec<String>> {
    let deadline = Instant::now() + WAIT;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(text) => return Ok(line),
            Ok(line) => seen.push(line),
            Err(_) => break,
        }
    }
    Err(seen)
}

#[test]
fn check_watch_checks_again_on_every_save_with_file_line_col() {
    let (_dir, file) = lesson_file();
    let good = std::fs::read_to_string(&file).expect("read");
    let mut child = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["check", "--watch"])
        .arg(&file)
        .env("LANG", "C")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("forkbook check --watch starts");
    let lines = lines_of(&mut child);
    let _child = Killed(child);
    wait_for(&lines, "ok    ").expect("the first check");
    wait_for(&lines, "watching").expect("watching");

    save(&file, &good.replace("format = 1", "format = 1\nchapterr = 2"));
    wait_for(&lines, "changed").expect("the save is seen");
    let problem = wait_for(&lines, "unknown field").expect("the problem is told");
    assert!(problem.contains("counter.toml:13:1: unknown field 'chapterr'"), "{problem}");

    save(&file, &good);
    wait_for(&lines, "changed").expect("the next save is seen");
    wait_for(&lines, "ok    ").expect("good again");
}

/// The app with the lesson file open and running, with `use_lock` off.
fn app_with(file: &Path) -> App {
    let lesson = Arc::new(lesson::load(file).expect("a good lesson"));
    let mut app = App::new(vec![Arc::clone(&lesson)], Lang::En, Theme::plain());
    let knobs = KnobValues::from([("use_lock".to_string(), forkbook::value::Value::Bool(false))]);
    let _ = app.open(lesson, knobs, 1.0);
    let _ = app.update(Action::TogglePause);
    assert_eq!(app.view().map(|v| v.mode), Some(Mode::Running));
    app
}

/// Waits for the watch to report `file`, and has the app take it in, as the TUI's loop does.
fn take_in(watch: &Watch, app: &mut App, file: &Path, programs: &Programs) -> Vec<Effect> {
    let deadline = Instant::now() + WAIT;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Some(change) = watch.next_within(left) else { break };
        if change.iter().any(|p| p.file_name() == file.file_name()) {
            return reload::changed(app, &change, programs);
        }
    }
    panic!("no change of {} within {WAIT:?}", file.display());
}

#[test]
fn a_saved_lesson_file_reloads_in_the_app_and_a_broken_one_keeps_the_last_good_version() {
    let (dir, file) = lesson_file();
    let good = std::fs::read_to_string(&file).expect("read");
    let programs = Programs::at(dir.path().join("programs"));
    let mut app = app_with(&file);
    let watch = Watch::start(&[dir.path().to_path_buf()]).expect("watch");

    let saved = Instant::now();
    save(
        &file,
        &good
            .replace("'counter ='", "'total ='")
            .replace("\"counter =\"", "\"total =\"")
            .replace("counter = 6", "total = 6"),
    );
    let effects = take_in(&watch, &mut app, &file, &programs);
    let took = saved.elapsed();
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains("counter.toml reloaded: the program"), "{notice}");
    let new_run =
        effects.iter().any(|e| matches!(e, Effect::Start { lesson, .. } if lesson.python.contains("'total ='")));
    assert!(new_run, "{effects:?}");
    let view = app.view().expect("open");
    assert_eq!(view.knobs.get("use_lock"), Some(&forkbook::value::Value::Bool(false)), "the knob stays");
    eprintln!("save to reload: {took:?}");

    let run = view.run_id;
    save(&file, &good.replace("kind = \"choice\"", "kind = \"chioce\""));
    let effects = take_in(&watch, &mut app, &file, &programs);
    assert!(effects.is_empty(), "nothing starts: {effects:?}");
    let view = app.view().expect("open");
    assert_eq!(view.run_id, run, "the last good version goes on running");
    assert!(view.original.python.contains("'total ='"), "the last good version stays");
    let problem = app.problems.first().map(ToString::to_string).unwrap_or_default();
    assert!(problem.contains("counter.toml:") && problem.contains("'chioce'"), "{problem}");
    let at = problem.split(": ").next().unwrap_or_default();
    assert_eq!(at.split(':').count(), 3, "file:line:col in {problem}");

    save(&file, &good);
    let _ = take_in(&watch, &mut app, &file, &programs);
    assert!(app.problems.is_empty(), "{:?}", app.problems);
}

#[test]
fn a_lesson_left_out_for_its_problems_joins_the_picker_when_saved_good() {
    let (dir, first) = lesson_file();
    let second = dir.path().join("second.toml");
    let good = std::fs::read_to_string(&first).expect("read");
    save(&second, &good);
    let (lessons, problems) = lesson::folders::load(&[dir.path().to_path_buf()]);
    assert_eq!(lessons.len(), 1);
    assert!(problems[0].message.contains("lesson id 'counter' is already used by"), "{problems:?}");
    let mut app = App::new(lessons.into_iter().map(Arc::new).collect(), Lang::En, Theme::plain());
    app.problems = problems;
    let programs = Programs::at(dir.path().join("programs"));
    let watch = Watch::start(&reload::watched(&app, None, &programs)).expect("watch");

    save(&second, &good.replace("id = \"counter\"", "id = \"second\""));
    let _ = take_in(&watch, &mut app, &second, &programs);
    assert!(app.problems.is_empty(), "{:?}", app.problems);
    let ids: Vec<&str> = app.catalog.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["counter", "second"]);
}
