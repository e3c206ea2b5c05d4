//! The probe on every CPython it knows (3.8 to 3.13): each interpreter of those found on this
//! machine (pyenv's, or `python3.X` on PATH) watches a small spawn-started program and steps a
//! small one; the versions not installed are named as skipped (CI has only its python3, if
//! any). A Python the probe does not know is refused in one line, for `watch`, `run --cpython`
//! and `verify --cpython` alike.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

#[path = "support/run.rs"]
mod support;
use support::forkbook_marked as forkbook;

/// The interpreter of CPython 3.`minor` on this machine: pyenv's newest 3.`minor`.x, else
/// `python3.minor` on PATH; None (said on stderr) when there is none.
fn interpreter(minor: u32) -> Option<PathBuf> {
    let pyenv = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pyenv")))
        .map(|root| root.join("versions"));
    let prefix = format!("3.{minor}.");
    let mut found: Vec<PathBuf> = pyenv
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)))
        .map(|e| e.path().join("bin/python3"))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path).map(|d| d.join(format!("python3.{minor}"))).find(|p| p.is_file())
    });
    let python = found.pop().or(on_path);
    // It must really be that version (a pyenv shim may point elsewhere).
    match &python {
        Some(p) if forkbook::runtime::cpython::python_version(p).ok() == Some((3, minor)) => python,
        _ => {
            eprintln!("SKIPPED: CPython 3.{minor} is not installed here, so the probe is not tried on it");
            None
        }
    }
}

/// Every object travels to a spawned (or fork-server) child by pickling: its name must travel
/// too, and a child's last put must come before its end (3.13 flushes queues at exit, after
/// the bootstrap). `METHOD` is the start method.
const SPAWNED: &str = "\
import multiprocessing as mp

def work(lock, q, arr, i):
    with lock:
        arr[i] = i + 10
    q.put(i)

if __name__ == '__main__':
    mp.set_start_method('METHOD')
    lock = mp.Lock()
    q = mp.Queue()
    arr = mp.Array('i', 2)
    ps = [mp.Process(target=work, args=(lock, q, arr, i)) for i in range(2)]
    for p in ps:
        p.start()
    got = sorted([q.get(), q.get()])
    for p in ps:
        p.join()
    print(got, list(arr))
";

#[test]
fn every_installed_cpython_from_3_8_to_3_13_shows_spawned_processes_their_locks_and_helpers() {
    let dir = tempfile::tempdir().expect("a folder");
    for minor in 8..=13 {
        let Some(python) = interpreter(minor) else { continue };
        for method in ["spawn", "forkserver"] {
            let prog = dir.path().join(format!("{method}.py"));
            std::fs::write(&prog, SPAWNED.replace("METHOD", method)).expect("the program is written");
            let mark = format!("versions-{method}-3.{minor}");
            let (prog, python) = (prog.display().to_string(), python.display().to_string());
            let out = forkbook(&["watch", &prog, "--headless", "--python", &python], &mark);
            let text = String::from_utf8_lossy(&out.stdout);
            let context = format!("CPython 3.{minor}, {method}:\n{text}{}", String::from_utf8_lossy(&out.stderr));
            assert!(out.status.success(), "{context}");
            let parent = if method == "spawn" { "MainProcess" } else { "ForkServer" };
            for wanted in [
                &format!("Process-1       started by {parent}") as &str,
                &format!("Process-2       started by {parent}"),
                "Process-1   L4  acquired Lock 'lock'",
                "Process-2   L4  acquired Lock 'lock'",
                "released Lock 'lock'",
                "Process-1   L5  wrote Array 'arr'[0] = 10",
                "Process-2   L5  wrote Array 'arr'[1] = 11",
                "print  [0, 1] [10, 11]",
                // multiprocessing's own helper, seen to its end.
                "ResourceTracker     started by MainProcess",
                "reaped ResourceTracker",
                "audit: real objects match what was shown",
                "lost events: none",
                "outcome: finished",
            ] {
                assert!(text.contains(wanted), "no {wanted:?} on {context}");
            }
            assert!(!text.contains("anomaly") && !text.contains("running"), "{context}");
            // Each child's put is shown before its end.
            for child in ["Process-1", "Process-2"] {
                let mine = |l: &&str| l.contains(&format!("{child} "));
                let put = text.lines().position(|l| mine(&l) && l.contains(" put "));
                let end = text.lines().position(|l| mine(&l) && l.contains("exits with code 0"));
                assert!(put.is_some() && put < end, "{child}'s put after its end on {context}");
            }
        }
    }
}

/// Every `line` the held main process waits at, granting one line each time, to its end.
fn stepped_lines(python: &Path, prog: &Path) -> Vec<u32> {
    use forkbook::event::EventKind;
    let spec = forkbook::runtime::cpython::WatchSpec {
        program: prog.to_path_buf(),
        python: python.to_path_buf(),
        args: Vec::new(),
        max_time: Duration::from_secs(30),
        cwd: None,
        fetch: false,
        speed: 1.0,
        schedule: None,
        steps: true,
    };
    let mut run = forkbook::runtime::cpython::start(&spec, true).expect("the interpreter starts");
    let events = run.take_events().expect("the events");
    let mut lines = Vec::new();
    let mut line = None;
    while let Ok(ev) = events.recv_timeout(Duration::from_secs(20)) {
        match ev.kind {
            EventKind::AtStep { line: l } => line = Some(l),
            EventKind::Gated => {
                lines.extend(line.take());
                assert!(run.grant(0), "MainProcess waits at its gate");
            }
            EventKind::RunEnded { .. } => return lines,
            _ => {}
        }
    }
    panic!("the stepped run did not end; its lines: {lines:?}");
}

#[test]
fn a_step_is_the_same_line_on_every_installed_cpython_from_3_8_to_3_13() {
    // 3.8 and 3.9 report no line for `while True:` nor for leaving a `with`; the probe steps
    // there as 3.10 and later do, so a schedule pins the same race on every version.
    let source = "\
n = 0
while True:
    n += 1
    with open(__file__) as f:
        x = 1
    if n == 2:
        break
print(n)
";
    let dir = tempfile::tempdir().expect("a folder");
    let prog = dir.path().join("loop.py");
    std::fs::write(&prog, source).expect("the program is written");
    let wanted = [1, 2, 3, 4, 5, 4, 6, 2, 3, 4, 5, 4, 6, 7, 8];
    for minor in 8..=13 {
        let Some(python) = interpreter(minor) else { continue };
        assert_eq!(stepped_lines(&python, &prog), wanted, "the steps on CPython 3.{minor}");
    }
}

/// A stand-in interpreter that answers the version question as `answer` (`CPython 3.14`).
fn fake_python(dir: &Path, answer: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(format!("python-{}", answer.replace(' ', "-")));
    std::fs::write(&path, format!("#!/bin/sh\nprintf '{answer}'\n")).expect("the stand-in is written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("it can run");
    path.display().to_string()
}

/// Asserts that `out` failed with code 2 and one line on stderr holding each of `wanted`,
/// nothing on stdout, no traceback.
fn refused(out: &Output, wanted: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(!err.contains("Traceback") && !err.contains("panicked"), "{err}");
    for w in wanted {
        assert!(err.contains(w), "no {w:?} in {err}");
    }
}

#[test]
fn a_python_the_probe_does_not_know_is_refused_in_one_line_naming_it_and_the_range() {
    let dir = tempfile::tempdir().expect("a folder");
    let prog = dir.path().join("p.py");
    std::fs::write(&prog, "print('hello')\n").expect("the program is written");
    let prog = prog.display().to_string();
    let future = fake_python(dir.path(), "CPython 3.14");
    let pypy = fake_python(dir.path(), "PyPy 3.10");
    for (python, wanted) in
        [(&future, ["Python 3.14", "3.8 to 3.13"]), (&pypy, ["PyPy 3.10, not CPython", "3.8 to 3.13"])]
    {
        refused(&forkbook(&["watch", &prog, "--headless", "--python", python], "versions-unknown-watch"), &wanted);
        // The lesson screen is not opened either.
        refused(&forkbook(&["watch", &prog, "--python", python], "versions-unknown-screen"), &wanted);
        refused(
            &forkbook(&["run", "lock", "--cpython", "--headless", "--python", python], "versions-unknown-run"),
            &wanted,
        );
        refused(&forkbook(&["verify", "lock", "--cpython", "--python", python], "versions-unknown-verify"), &wanted);
    }
    // A real old interpreter, when this machine has one.
    let old = ["3.7", "3.6"].iter().find_map(|v| {
        let root = std::env::var_os("HOME").map(|h| Path::new(&h).join(".pyenv/versions"))?;
        let dir = std::fs::read_dir(root)
            .ok()?
            .flatten()
            .find(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(&format!("{v}."))))?;
        Some((v.to_string(), dir.path().join("bin/python3")))
    });
    match old {
        Some((v, python)) => {
            let python = python.display().to_string();
            let out = forkbook(&["watch", &prog, "--headless", "--python", &python], "versions-old");
            refused(&out, &[&format!("is Python {v};"), "3.8 to 3.13"]);
        }
        None => eprintln!("SKIPPED: no CPython 3.6 or 3.7 here, so only stand-in interpreters are refused"),
    }
}
