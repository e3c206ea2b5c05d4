//! Lesson folders as an instructor meets them, through the real binary: `forkbook new` writes a
//! lesson that passes `check`, folders become chapters in `list` (from `--lessons` and
//! `FORKBOOK_LESSONS`), an id used twice is an error at the id naming both files, `run`,
//! `check` and `verify` take folders, progress of a file lesson is its folder's, and `schema`
//! describes the fields.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use forkbook::progress::Store;

/// forkbook with these arguments in `dir`, with its own progress folder and no folders from
/// the environment but those given.
fn forkbook_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_forkbook"));
    cmd.args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .env("FORKBOOK_HOME", dir.join("home"))
        .env_remove("FORKBOOK_LESSONS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("forkbook runs")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A temp dir with folders `week1` (lesson `counter`) and `week2` (lesson `second`), both
/// written by `forkbook new`.
fn class() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (folder, id) in [("week1", "counter"), ("week2", "second")] {
        std::fs::create_dir(dir.path().join(folder)).expect("mkdir");
        let out = forkbook_in(dir.path(), &["new", id, "--dir", folder, "--concept", "Shared counter"], &[]);
        assert!(out.status.success(), "{}", text(&out));
    }
    dir
}

fn file(dir: &tempfile::TempDir, rel: &str) -> PathBuf {
    dir.path().join(rel)
}

#[test]
fn new_writes_a_lesson_that_passes_check_and_refuses_to_overwrite_or_take_a_bad_id() {
    let dir = class();
    let out = forkbook_in(dir.path(), &["check", "week1/counter.toml"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("ok    week1/counter.toml (counter)"));
    let written = std::fs::read_to_string(file(&dir, "week1/counter.toml")).expect("read");
    assert!(written.contains("docs/lesson-format.md") && written.contains("\"Shared counter\""));

    std::fs::write(file(&dir, "week1/counter.toml"), "mine").expect("write");
    let again = forkbook_in(dir.path(), &["new", "counter", "--dir", "week1"], &[]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).contains("week1/counter.toml exists already"), "{}", text(&again));
    assert_eq!(std::fs::read_to_string(file(&dir, "week1/counter.toml")).expect("read"), "mine", "left as it was");

    let nested = forkbook_in(dir.path(), &["new", "fresh", "--dir", "term2/week9"], &[]);
    assert!(nested.status.success(), "a missing folder is made: {}", text(&nested));
    assert!(file(&dir, "term2/week9/fresh.toml").is_file());

    let bad = forkbook_in(dir.path(), &["new", "My-Lesson"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad).contains("'My-Lesson' is not a lesson id"), "{}", text(&bad));
}

#[test]
fn each_folder_is_a_chapter_after_the_built_in_lessons_from_the_flag_and_the_environment() {
    let dir = class();
    let out = forkbook_in(dir.path(), &["--lessons", "week1", "list"], &[("FORKBOOK_LESSONS", "week2:")]);
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    let at = |s: &str| t.find(s).unwrap_or_else(|| panic!("{s:?} missing from:\n{t}"));
    assert!(at("why_processes") < at("week1  ("), "{t}");
    assert!(at("week1  (") < at("\ncounter ") && at("\ncounter ") < at("week2  (") && at("week2  (") < at("\nsecond "));
    assert!(t.contains("Shared counter"));
}

#[test]
fn an_id_used_twice_is_an_error_at_the_id_naming_both_files() {
    let dir = class();
    let second = file(&dir, "week2/second.toml");
    let src = std::fs::read_to_string(&second).expect("read").replace("id = \"second\"", "id = \"counter\"");
    std::fs::write(&second, src).expect("write");
    let out = forkbook_in(dir.path(), &["check", "week1", "week2"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(
        t.contains("week2/second.toml:14:6: lesson id 'counter' is already used by week1/counter.toml:14:6"),
        "{t}"
    );
    // In the list the first keeps the id, the second is reported and left out.
    let listed = forkbook_in(dir.path(), &["--lessons", "week1", "--lessons", "week2", "list"], &[]);
    assert_eq!(listed.status.code(), Some(1));
    let t = text(&listed);
    assert!(t.contains("week2/second.toml:14:6: lesson id 'counter' is already used"), "{t}");
    assert_eq!(t.matches("\ncounter ").count(), 1, "{t}");

    // A built-in id is taken too.
    let src = std::fs::read_to_string(&second).expect("read").replace("id = \"counter\"", "id = \"lock\"");
    std::fs::write(&second, src).expect("write");
    let t = text(&forkbook_in(dir.path(), &["check", "week2"], &[]));
    assert!(
        t.contains("week2/second.toml:14:6: lesson id 'lock' is already used by the built-in lesson builtin:lock"),
        "{t}"
    );
}

#[test]
fn forkbooks_own_lesson_folder_is_not_a_collision_with_its_built_in_lessons() {
    let lessons = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons");
    let out = forkbook_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["check", lessons], &[]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_folder_given_to_run_headless_or_a_file_path_is_told_plainly_without_a_fake_position() {
    let dir = class();
    let out = forkbook_in(dir.path(), &["run", "week1", "--headless"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("week1: is a folder of lessons, not a lesson file — name one of its files"), "{t}");
    assert!(!t.contains(":1:1"), "{t}");
    let empty = file(&dir, "empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let t = text(&forkbook_in(dir.path(), &["check", "empty"], &[]));
    assert!(t.contains("empty: no lesson files found"), "{t}");
}

#[test]
fn verify_runs_the_lessons_of_a_folder_and_run_finds_a_folder_lesson_by_id() {
    let dir = class();
    let out = forkbook_in(dir.path(), &["verify", "week1"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("✓ counter: with the lock, every addition counts"), "{}", text(&out));
    let run =
        forkbook_in(dir.path(), &["run", "second", "--headless", "--speed", "10"], &[("FORKBOOK_LESSONS", "week2")]);
    assert!(run.status.success(), "{}", text(&run));
    assert!(text(&run).contains("counter = 6"), "{}", text(&run));
}

#[test]
fn progress_of_a_file_lesson_is_keyed_by_its_folder_and_shown_by_progress() {
    let dir = class();
    let week1 = std::fs::canonicalize(file(&dir, "week1")).expect("canonical");
    let store = Store::at(dir.path().join("home").join("progress.toml"));
    let key = format!("{}/counter", week1.display());
    store
        .update(|p| {
            p.record_round(&key, "use_lock=true", &[("six".into(), "true".into(), true)], &["run_it".into()]);
            // Progress under the bare id belongs to no file lesson.
            p.record_run("second");
        })
        .expect("progress saved");
    let out = forkbook_in(dir.path(), &["--lessons", "week1", "--lessons", "week2", "progress"], &[]);
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    let line = |id: &str| {
        t.lines().find(|l| l.contains(&format!(" {id} "))).unwrap_or_else(|| panic!("{id} in {t}")).to_string()
    };
    assert!(line("counter").starts_with("✓ counter"), "{t}");
    assert!(line("counter").contains("questions 1/1 correct · tasks 1/1 done"), "{t}");
    assert!(line("second").starts_with("  second") && line("second").contains("questions 0/1"), "{t}");
    // Named without its folder, the lesson's progress is listed as elsewhere.
    let t = text(&forkbook_in(dir.path(), &["progress"], &[]));
    assert!(t.contains(&format!("  {key}  1 finished run(s)")), "{t}");
}

#[test]
fn the_schema_describes_every_field_and_the_schema_line_is_a_comment_to_check() {
    let dir = class();
    let out = forkbook_in(dir.path(), &["schema"], &[]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the schema is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    for field in ["format", "id", "python", "knobs", "expect", "questions", "tasks"] {
        assert!(schema["properties"][field].is_object(), "{field}");
    }
    let path = file(&dir, "week1/counter.toml");
    let src = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("#:schema ./lesson.schema.json\n{src}")).expect("write");
    let out = forkbook_in(dir.path(), &["check", "week1"], &[]);
    assert!(out.status.success(), "{}", text(&out));
}
