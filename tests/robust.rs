//! forkbook under attack (issue 16): a runner killed mid-lesson leaves no process and no run
//! directory and fails the run; a lesson cannot exhaust memory, write escapes to the terminal
//! or crash the viewer with a long name; i64 edges raise Python errors, never Rust panics.
//! Every process a test starts carries a marker in its environment and is killed at the end.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

#[path = "support/run.rs"]
mod support;
#[path = "support/viewer.rs"]
mod viewer;
use support::marked;
use viewer::{Viewer, become_subreaper, run_dirs_of};

/// Two tests make this process a subreaper and reap orphans with waitpid(-1), which also takes
/// the exit status a test running beside them waits for (its `Command::output()` then fails
/// with ECHILD): every test that starts a process holds this while it runs.
static SERIAL: Mutex<()> = Mutex::new(());

/// This test's turn among those that start processes.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The pid after `word` in a trace line: "(runner 123)" gives 123 for "runner ".
fn pid_after(line: &str, word: &str) -> i32 {
    let rest = &line[line.find(word).expect(word) + word.len()..];
    rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().expect("a pid")
}

/// Starts the pool lesson and reads until its four workers run; returns the runner's pid.
fn pool_running(viewer: &mut Viewer) -> i32 {
    let first = viewer.read_until("run of lesson 'pool' started").pop().expect("the line found");
    viewer.read_until("ForkPoolWorker-4     started");
    viewer.read_until("sleeps");
    pid_after(&first, "(runner ")
}

#[test]
fn a_killed_runner_fails_the_run_at_once_and_leaves_no_process_or_run_dir() {
    let _serial = serial();
    become_subreaper();
    let mut viewer = Viewer::start(&["pool", "--seed", "1"], "robust-runner-kill");
    let runner = pool_running(&mut viewer);
    assert!(marked(&viewer.mark).len() >= 7, "viewer, runner, main and 4 workers run");
    kill(Pid::from_raw(runner), Signal::SIGKILL).expect("the runner is alive");
    let (trace, code) = viewer.finish_within(Duration::from_secs(5));
    assert_eq!(code, Some(1), "{trace}");
    assert!(trace.contains("runner died"), "{trace}");
    assert!(!trace.contains("outcome: finished"), "{trace}");
    let left = viewer.survivors(Duration::from_secs(3));
    assert!(left.is_empty(), "still running after the runner died: {left:?}\n{trace}");
    assert!(run_dirs_of(viewer.child.id()).is_empty(), "the run directory is left behind");
}

#[test]
fn lesson_processes_die_with_their_runner_even_when_the_viewer_cannot_act() {
    let _serial = serial();
    become_subreaper();
    let mut viewer = Viewer::start(&["pool", "--seed", "1"], "robust-runner-kill-stopped");
    let runner = pool_running(&mut viewer);
    let viewer_pid = Pid::from_raw(viewer.child.id() as i32);
    // A stopped viewer can kill nothing: only the lesson processes' own death signals act.
    kill(viewer_pid, Signal::SIGSTOP).expect("the viewer is alive");
    kill(Pid::from_raw(runner), Signal::SIGKILL).expect("the runner is alive");
    let left = viewer.survivors(Duration::from_secs(3));
    let _ = kill(viewer_pid, Signal::SIGKILL);
    let _ = kill(viewer_pid, Signal::SIGCONT);
    assert!(left.is_empty(), "lesson processes outlived their runner: {left:?}");
}

#[test]
fn an_orphan_whose_parent_was_killed_still_runs_while_the_runner_lives() {
    // The death signals that end a lesson with its runner must not end an orphan early: the
    // lifecycle lesson's orphan scene shows a grandchild going on after its parent died.
    let _serial = serial();
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["verify", "lifecycle", "--speed", "4"])
        .output()
        .expect("forkbook runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains(" 0 failed"), "{text}");
}

/// A headless run of the program `source` (written to a file); its output and exit code.
fn run_program(name: &str, source: &str, extra: &[&str]) -> (String, Option<i32>, Duration) {
    // Removed when dropped, also when a step below panics.
    let dir = temp_dir(name);
    let path = dir.path().join(format!("{name}.py"));
    std::fs::write(&path, source).expect("the program is written");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", "--headless", "--max-time", "60"])
        .arg(&path)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("forkbook starts");
    let mut out = String::new();
    child.stdout.take().expect("piped").read_to_string(&mut out).expect("utf-8 output");
    let mut err = String::new();
    child.stderr.take().expect("piped").read_to_string(&mut err).expect("utf-8 errors");
    let status = child.wait().expect("forkbook is our child");
    (out + &err, status.code(), started.elapsed())
}

/// A fresh directory for one test's files, removed when dropped (a failing test included).
fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("forkbook-robust-{name}-")).tempdir().expect("a temp dir")
}

/// Bytes a terminal would act on: ESC, BEL, CR and the 8-bit CSI.
fn has_terminal_controls(text: &str) -> bool {
    text.chars().any(|c| matches!(c, '\x1b' | '\x07' | '\r' | '\u{9b}'))
}

const ESCAPES: &str = r#"from multiprocessing import Process

def child():
    print("\x1b[2Jcleared")

if __name__ == "__main__":
    print("\x1b]0;owned\x07title")
    print("real\rfake line")
    p = Process(target=child, name="evil\x1b[31mred")
    p.start()
    p.join()
"#;

#[test]
fn a_lessons_control_characters_reach_the_terminal_as_visible_escapes() {
    let _serial = serial();
    let (out, code, _) = run_program("escapes", ESCAPES, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!has_terminal_controls(&out), "raw control characters in the trace:\n{out:?}");
    for shown in ["\\x1b[2Jcleared", "\\x1b]0;owned\\x07title", "real\\rfake line", "evil\\x1b[31mred"] {
        assert!(out.contains(shown), "{shown} is not shown:\n{out}");
    }
}

#[test]
fn json_output_keeps_the_real_control_characters() {
    let _serial = serial();
    let (out, code, _) = run_program("escapes-json", ESCAPES, &["--json"]);
    assert_eq!(code, Some(0), "{out}");
    let printed: Vec<String> = out
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["kind"] == "printed")
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    assert!(printed.iter().any(|t| t == "\x1b[2Jcleared"), "{printed:?}");
    assert!(printed.iter().any(|t| t == "real\rfake line"), "{printed:?}");
}

#[test]
fn list_check_and_verify_escape_what_a_lesson_file_says() {
    let _serial = serial();
    let temp = temp_dir("lessonfile");
    let dir = temp.path();
    let good = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lessons/valid/minimal.toml"))
        .expect("the minimal lesson")
        .replace("id = \"minimal\"", "id = \"escapes\"")
        .replace("One child, one lock", "One child\\u001b]0;owned\\u0007")
        .replace("the child prints once", "the child\\r\\u001b[2J prints once");
    std::fs::write(dir.join("escapes.toml"), &good).expect("lesson written");
    let bad = good.replace("id = \"escapes\"", "id = \"bad\"\n\"x\\u001b[2J\" = 1");
    let bad_dir = dir.join("bad");
    std::fs::create_dir_all(&bad_dir).expect("a temp dir");
    std::fs::write(bad_dir.join("bad.toml"), bad).expect("lesson written");
    let forkbook = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_forkbook")).args(args).output().expect("forkbook runs");
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    };
    let path = dir.join("escapes.toml").display().to_string();
    let listed = forkbook(&["list", "--lessons", &dir.display().to_string()]);
    let verified = forkbook(&["verify", &path, "--speed", "10"]);
    let checked = forkbook(&["check", &bad_dir.join("bad.toml").display().to_string()]);
    assert!(listed.contains("One child\\x1b]0;owned\\x07"), "{listed}");
    assert!(verified.contains("the child\\r\\x1b[2J prints once"), "{verified}");
    assert!(checked.contains("x\\x1b[2J"), "{checked}");
    for out in [listed, verified, checked] {
        assert!(!has_terminal_controls(&out), "raw control characters:\n{out:?}");
    }
}

#[test]
fn a_process_named_with_65536_characters_neither_panics_the_viewer_nor_floods_the_trace() {
    let _serial = serial();
    let source = "from multiprocessing import Process\n\ndef child():\n    print('hi')\n\nif __name__ == '__main__':\n    p = Process(target=child, name='n' * 65536)\n    p.start()\n    p.join()\n    print(len(p.name))\n";
    let (out, code, _) = run_program("long-name", source, &[]);
    assert_eq!(code, Some(0), "{}", &out[..out.len().min(3000)]);
    assert!(out.contains("print  65536"), "Python still sees the whole name");
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 1000, "a trace line of {longest} characters");
}

#[test]
fn integer_edges_raise_python_errors_and_never_reach_a_rust_panic() {
    let _serial = serial();
    let cases = [
        ("m // -1", "OverflowError"),
        ("m % -1", "0"),
        ("divmod(m, -1)", "OverflowError"),
        ("random.randint(m, M) in range(m, M)", "True"),
        ("len(range(m, M))", "OverflowError"),
        ("(M - 1) in range(m, M)", "True"),
        ("5 in range(m, M, 3)", "False"),
        ("range(m, M, 3)[-1]", "9223372036854775804"),
        ("range(m, M)[m:M]", "OverflowError"),
        ("range(m, M, 3)[::-1]", "OverflowError"),
        ("list(enumerate('abc', M - 1))", "OverflowError"),
        ("round(M, m)", "0"),
        ("bytes(M)", "MemoryError"),
    ];
    let mut source = String::from("import random\nm = -9223372036854775807 - 1\nM = 9223372036854775807\n");
    for (i, (expr, _)) in cases.iter().enumerate() {
        source.push_str(&format!(
            "try:\n    print({i}, {expr})\nexcept Exception as e:\n    print({i}, type(e).__name__)\n"
        ));
    }
    let (out, code, _) = run_program("edges", &source, &[]);
    assert!(!out.contains("internal error"), "{out}");
    assert_eq!(code, Some(0), "{out}");
    for (i, (expr, expected)) in cases.iter().enumerate() {
        assert!(out.contains(&format!("print  {i} {expected}\n")), "{expr} should give {expected}:\n{out}");
    }
}

#[test]
fn a_lesson_that_hoards_memory_gets_memory_error_at_its_cap_quickly() {
    let _serial = serial();
    let hoard = "keep = []\nwhile True:\n    keep.append('y' * 999999)\n";
    let (out, _, took) = run_program("hoard", hoard, &["--max-memory", "256"]);
    assert!(out.contains("raised MemoryError"), "{out}");
    assert!(out.contains("exits with code 1"), "{out}");
    assert!(!out.contains("internal error"), "{out}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn a_memory_error_can_be_caught_and_the_process_goes_on() {
    let _serial = serial();
    let hoard = "keep = []\ntry:\n    while True:\n        keep.append('y' * 999999)\nexcept MemoryError:\n    n = len(keep)\n    keep = None\n    print('caught', n > 100)\n";
    let (out, _, _) = run_program("hoard-caught", hoard, &[]);
    assert!(out.contains("print  caught True"), "{out}");
    assert!(out.contains("exits with code 0"), "{out}");
}

#[test]
fn a_string_doubled_in_a_loop_ends_with_memory_error() {
    let _serial = serial();
    let (out, _, took) = run_program("double", "s = 'x'\nwhile True:\n    s = s + s\n", &[]);
    assert!(out.contains("raised MemoryError"), "{out}");
    assert!(out.contains("exits with code 1"), "{out}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn a_memory_cap_below_64_mib_is_a_usage_error() {
    let _serial = serial();
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", "start", "--headless", "--max-memory", "8"])
        .output()
        .expect("forkbook runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_object_named_after_a_variable_of_65536_characters_keeps_its_events_whole() {
    let _serial = serial();
    let name = "q".repeat(65_536);
    let source = format!("from multiprocessing import Queue\n{name} = Queue()\n{name}.put(1)\nprint({name}.get())\n");
    let (out, code, _) = run_program("long-object", &source, &[]);
    assert_eq!(code, Some(0), "{}", &out[..out.len().min(3000)]);
    assert!(out.contains("print  1"), "{}", &out[..out.len().min(3000)]);
    assert!(out.contains("audit: real objects match what was shown"), "{}", &out[..out.len().min(3000)]);
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 1000, "a trace line of {longest} characters");
}
