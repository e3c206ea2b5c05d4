//! The student's progress file as the library and the `progress` command meet it: round trips,
//! corrupt files kept aside, concurrent writers that never lose a record, unwritable places.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Barrier};

use forkbook::progress::{Prediction, Progress, Store};
use forkbook::value::Value;

fn store_in(dir: &Path) -> Store {
    Store::at(dir.join("progress.toml"))
}

/// Names of the `progress.toml.corrupt-*` copies in `dir`.
fn corrupt_copies(dir: &Path) -> Vec<std::path::PathBuf> {
    let entries = std::fs::read_dir(dir).expect("the temp dir lists");
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("progress.toml.corrupt-")))
        .collect()
}

#[test]
fn recorded_progress_reads_back_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_in(&dir.path().join("nested").join("forkbook"));
    store
        .update(|p| {
            p.record_run("lock");
            p.record_answer("lock", "sold", "12", false);
            p.record_answer("lock", "sold", "10", true);
            p.record_task("lock", "oversell");
            p.record_open("join");
        })
        .expect("the store saves");
    let (progress, warning) = store.load();
    assert_eq!(warning, None);
    let lock = progress.lesson("lock").expect("lock was recorded");
    assert!(lock.opened);
    assert_eq!(lock.finished_runs, 1);
    let sold = &lock.questions["sold"];
    assert_eq!((sold.prediction.as_str(), sold.correct, sold.ever_correct), ("10", true, true));
    assert!(lock.tasks["oversell"].done);
    assert!(progress.lesson("join").is_some_and(|j| j.opened && j.finished_runs == 0));
    assert_eq!(progress.lesson("daemon"), None);
}

#[test]
fn a_prediction_is_stored_as_its_value_and_an_older_files_words_still_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_in(dir.path());
    // An older forkbook stored the label it showed, in the language of the day.
    let old =
        "version = 1\n[lessons.daemon.questions.dies]\nprediction = \"会\"\ncorrect = true\never_correct = true\n";
    std::fs::write(store.path(), old).expect("the fixture is written");
    let (progress, warning) = store.load();
    assert_eq!(warning, None);
    let dies = &progress.lesson("daemon").expect("the old record loads").questions["dies"];
    assert_eq!(dies.prediction(), Prediction::Unknown("会".into()));
    assert!(dies.ever_correct);

    store
        .update(|p| p.record_answer("daemon", "dies", &Prediction::Value(Value::Bool(false)).stored(), false))
        .expect("the store saves");
    let text = std::fs::read_to_string(store.path()).expect("the file reads");
    assert!(text.contains("prediction = \"false\""), "{text}");
    let (progress, _) = store.load();
    let dies = &progress.lesson("daemon").expect("recorded").questions["dies"];
    assert_eq!(dies.prediction(), Prediction::Value(Value::Bool(false)));
}

#[test]
fn a_missing_file_is_empty_progress_without_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(store_in(dir.path()).load(), (Progress::default(), None));
}

fn assert_corrupt_file_is_kept_aside(content: &[u8], expected: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_in(dir.path());
    std::fs::write(store.path(), content).expect("the fixture is written");
    let (progress, warning) = store.load();
    assert_eq!(progress, Progress::default());
    let warning = warning.expect("a corrupt file is reported").to_string();
    assert!(warning.contains(&store.path().display().to_string()), "names the file: {warning}");
    assert!(warning.contains(expected), "says {expected:?}: {warning}");
    let kept = corrupt_copies(dir.path());
    assert_eq!(kept.len(), 1, "one corrupt copy in {kept:?}");
    assert_eq!(std::fs::read(&kept[0]).expect("the copy reads"), content, "the copy is the original");
    assert!(warning.contains(&kept[0].display().to_string()), "names the copy: {warning}");
    assert!(!store.path().exists(), "the corrupt file is moved, not copied");
    store.update(|p| p.record_run("lock")).expect("saving works again afterwards");
    assert_eq!(store.load().1, None);
    assert_eq!(corrupt_copies(dir.path()).len(), 1);
}

#[test]
fn garbage_bytes_give_a_warning_and_the_file_is_kept_aside() {
    assert_corrupt_file_is_kept_aside(b"version = 1\n[lessons.lock\nopened = tru", "not valid TOML");
}

#[test]
fn invalid_utf8_gives_a_warning_and_the_file_is_kept_aside() {
    assert_corrupt_file_is_kept_aside(b"version = 1\n\xff\xfe\x00garbage", "not UTF-8");
}

#[test]
fn wrong_toml_types_give_a_warning_and_the_file_is_kept_aside() {
    assert_corrupt_file_is_kept_aside(b"version = 1\n[lessons.lock]\nopened = \"yes\"\n", "line 3");
}

#[test]
fn a_corrupt_file_found_while_saving_is_kept_aside_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_in(dir.path());
    std::fs::write(store.path(), "not toml at all [").expect("the fixture is written");
    store.update(|p| p.record_task("lock", "oversell")).expect("the store saves");
    assert_eq!(corrupt_copies(dir.path()).len(), 1);
    let (progress, warning) = store.load();
    assert_eq!(warning, None);
    assert!(progress.lesson("lock").is_some_and(|l| l.tasks.contains_key("oversell")));
}

#[test]
fn two_threads_updating_at_once_never_lose_a_record() {
    const EACH: usize = 50;
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|name| {
            // Each thread has its own Store value, as two forkbook instances would.
            let store = store_in(dir.path());
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                for i in 0..EACH {
                    store.update(|p| p.record_task("lock", &format!("{name}{i}"))).expect("the store saves");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("the writer does not panic");
    }
    let (progress, warning) = store_in(dir.path()).load();
    assert_eq!(warning, None);
    let tasks = &progress.lesson("lock").expect("recorded").tasks;
    assert_eq!(tasks.len(), 2 * EACH, "every update kept: {:?}", tasks.keys().collect::<Vec<_>>());
}

#[test]
fn a_directory_that_cannot_be_created_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").expect("the blocker is written");
    let store = store_in(&file.join("forkbook"));
    let err = store.update(|p| p.record_run("lock")).expect_err("no directory inside a file");
    assert!(err.contains("cannot save progress") && err.contains("a-file"), "{err}");
    assert_eq!(store.load(), (Progress::default(), None));
}

#[test]
fn a_read_only_directory_is_an_error_not_a_panic() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = store_in(dir.path());
    store.update(|p| p.record_run("lock")).expect("the store saves");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // root writes anyway; the check only means something for other users.
    let writable = std::fs::write(dir.path().join("probe"), "").is_ok();
    let result = store.update(|p| p.record_run("lock"));
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    if !writable {
        let err = result.expect_err("a read-only directory refuses the save");
        assert!(err.contains("cannot save progress"), "{err}");
        assert_eq!(store.load().0.lesson("lock").map(|l| l.finished_runs), Some(1), "the old file is intact");
    }
}

fn forkbook(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(args)
        .env("FORKBOOK_HOME", home)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("forkbook runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_progress_command_lists_every_lesson_and_the_file() {
    let home = tempfile::tempdir().expect("temp dir");
    let store = store_in(home.path());
    store.update(|p| p.record_run("join")).expect("the store saves");
    let out = forkbook(home.path(), &["progress"]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    for (id, _) in forkbook::lesson::builtin::all() {
        assert!(text.lines().any(|l| l.get(2..).is_some_and(|l| l.starts_with(id))), "{id} missing from:\n{text}");
    }
    assert!(text.contains("questions") && text.contains("tasks"), "{text}");
    assert!(text.contains(&store.path().display().to_string()), "{text}");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_progress_command_speaks_chinese_with_lang_zh() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = forkbook(home.path(), &["progress", "--lang", "zh"]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("你的进度"), "{}", stdout(&out));
}

#[test]
fn the_progress_command_warns_on_stderr_about_a_corrupt_file() {
    let home = tempfile::tempdir().expect("temp dir");
    std::fs::write(home.path().join("progress.toml"), b"\xff\xff").expect("the fixture is written");
    let out = forkbook(home.path(), &["progress"]);
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning") && err.contains("not UTF-8"), "{err}");
    assert_eq!(corrupt_copies(home.path()).len(), 1);
}

#[test]
fn progress_reset_removes_the_file_and_says_so() {
    let home = tempfile::tempdir().expect("temp dir");
    let store = store_in(home.path());
    store.update(|p| p.record_task("lock", "oversell")).expect("the store saves");
    let edited = store.programs().path("lock");
    std::fs::create_dir_all(edited.parent().expect("the programs folder")).expect("a programs folder");
    std::fs::write(&edited, "print('mine')\n").expect("an edited program");
    let out = forkbook(home.path(), &["progress", "--reset"]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("removed"), "{}", stdout(&out));
    assert!(!store.path().exists());
    assert!(!edited.exists(), "the edited programs go with the progress");
    let again = forkbook(home.path(), &["progress", "--reset"]);
    assert!(again.status.success(), "{again:?}");
    assert!(stdout(&again).contains("No progress to clear"), "{}", stdout(&again));
}
