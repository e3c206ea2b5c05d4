//! `forkbook watch` and `run --cpython`: real CPython programs under the probe, read back as
//! forkbook's events. Each test needs the machine's python3 and says so plainly when there is
//! none (CI has none). Every process a test starts is found by a marker in its environment
//! and must be gone at the end.

use std::process::{Command, Output};

#[path = "support/run.rs"]
mod support;

fn python3() -> bool {
    let found = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: no python3 on this machine, so no CPython program can be watched");
    }
    found
}

/// Runs forkbook with `args` (the child processes carry `mark`), then checks none is left.
fn forkbook(args: &[&str], mark: &str) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(args)
        .env("FORKBOOK_TEST_MARK", mark)
        .output()
        .expect("forkbook runs");
    let left = support::marked(mark);
    for pid in &left {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    assert!(left.is_empty(), "processes left behind: {left:?}");
    out
}

fn program(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the program is written");
    path.display().to_string()
}

const LOCK_AND_QUEUE: &str = "\
from multiprocessing import Process, Lock, Queue
import time

def work(lock, q, n):
    with lock:
        print('worker', n, 'has the lock')
        time.sleep(0.02)
    q.put(n * n)

if __name__ == '__main__':
    lock = Lock()
    q = Queue()
    ps = [Process(target=work, args=(lock, q, i)) for i in range(3)]
    for p in ps:
        p.start()
    print(sorted(q.get() for _ in range(3)))
    for p in ps:
        p.join()
    print('done')
";

#[test]
fn a_cpython_program_is_shown_with_its_processes_objects_and_output_in_real_order() {
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(&dir, "work.py", LOCK_AND_QUEUE);
    let out = forkbook(&["watch", &prog, "--headless"], "watch-lock-queue");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    for wanted in [
        "created Lock 'lock'",
        "created Queue 'q'",
        "Process-1       started by MainProcess",
        "print  [0, 1, 4]",
        "print  done",
        "outcome: finished",
        "lost events: none",
        "audit: real objects match what was shown",
    ] {
        assert!(text.contains(wanted), "no {wanted:?} in\n{text}");
    }
    // The fold never saw a queue item taken before it was put, or two owners of the lock.
    assert!(!text.contains("anomaly"), "{text}");
    assert_eq!(text.matches("has the lock").count(), 3, "{text}");
    // A Queue's own locks and a worker's lines: only the program's objects are named.
    assert!(!text.contains("'q#2'"), "{text}");
    assert_eq!(text.matches("acquired Lock 'lock'").count(), 3, "{text}");
}

#[test]
fn a_deadlock_under_cpython_is_named_and_every_process_is_killed() {
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(
        &dir,
        "dl.py",
        "from multiprocessing import Process, Lock\nimport time\n\ndef one(a, b):\n    with a:\n        \
         time.sleep(0.1)\n        with b:\n            print('both')\n\nif __name__ == '__main__':\n    a = Lock()\n    \
         b = Lock()\n    p = Process(target=one, args=(a, b))\n    q = Process(target=one, args=(b, a))\n    \
         p.start(); q.start()\n    p.join(); q.join()\n",
    );
    let out = forkbook(&["watch", &prog, "--headless", "--max-time", "30"], "watch-deadlock");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("outcome: deadlocked: Process-"), "{text}");
    assert!(!out.status.success());
}

#[test]
fn the_json_trace_of_a_watched_run_is_forkbooks_event_format_in_seq_order() {
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(&dir, "work.py", LOCK_AND_QUEUE);
    let out = forkbook(&["watch", &prog, "--headless", "--json"], "watch-json");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("a JSON event"))
        .collect();
    let seqs: Vec<u64> = lines.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    assert_eq!(lines.first().map(|e| e["kind"].clone()), Some("run_started".into()));
    assert!(lines.iter().any(|e| e["kind"] == "put" && e["object"] == "q"));
    let events: Vec<&serde_json::Value> = lines.iter().filter(|e| e.get("seq").is_some()).collect();
    assert_eq!(events.last().map(|e| e["kind"].clone()), Some("run_ended".into()));
    assert_eq!(lines.last().map(|e| e["verdict"]["finished"].clone()), Some(true.into()));
}

#[test]
fn an_interpreter_that_cannot_run_or_a_missing_program_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(&dir, "p.py", "print(1)\n");
    let out = forkbook(&["watch", &prog, "--headless", "--python", "/nonexistent/python3"], "watch-nopython");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot run /nonexistent/python3"));
    let out = forkbook(&["watch", "/nonexistent/prog.py", "--headless"], "watch-noprogram");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/prog.py"));
}

/// Every built-in lesson's program, with its default knobs, runs under CPython with the
/// probe to its end, and the fold of what the probe reported holds no contradiction: no
/// anomaly, and the objects the main process audits at its end equal what was shown.
#[test]
fn every_built_in_lesson_runs_under_cpython_and_reads_back_without_contradiction() {
    if !python3() {
        return;
    }
    let catalog = forkbook::lesson::builtin::catalog().expect("the built-in lessons load");
    let mut failures = Vec::new();
    for lesson in &catalog {
        let mark = format!("cpython-{}", lesson.id);
        let out = forkbook(&["run", &lesson.id, "--cpython", "--headless", "--max-time", "60"], &mark);
        let text = String::from_utf8_lossy(&out.stdout);
        let ended = ["outcome: finished", "outcome: stuck", "outcome: deadlocked"].iter().any(|o| text.contains(o));
        let contradicted = text.contains("anomaly") || text.contains("audit: real objects differ");
        if !ended || contradicted || text.contains("not events forkbook knows") {
            failures.push(format!("{}:\n{}", lesson.id, text.lines().rev().take(12).collect::<Vec<_>>().join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Step mode on CPython: held before its first line, the main process runs exactly one line
/// of the program per grant, and goes free when resumed.
#[test]
fn a_held_cpython_process_runs_one_line_per_grant() {
    use forkbook::event::EventKind;
    use forkbook::runtime::cpython::{WatchSpec, start};
    use std::time::Duration;
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(&dir, "steps.py", "a = 1\nb = a + 1\nc = b + 1\nprint(a, b, c)\n");
    let spec = WatchSpec {
        program: prog.into(),
        python: "python3".into(),
        args: Vec::new(),
        max_time: Duration::from_secs(30),
        cwd: None,
        fetch: false,
        speed: 1.0,
        schedule: None,
        steps: true,
    };
    let mut run = start(&spec, true).expect("python3 starts");
    let events = run.take_events().expect("the events");
    // The line of the next gate the process waits at (its `gated` follows its `at_step`).
    let next_gate = || {
        let mut line = None;
        loop {
            let ev = events.recv_timeout(Duration::from_secs(20)).expect("an event");
            match ev.kind {
                EventKind::AtStep { line: l } => line = Some(l),
                EventKind::Gated => break line,
                EventKind::Printed { text } => panic!("printed {text:?} while held"),
                EventKind::RunEnded { .. } => break None,
                _ => {}
            }
        }
    };
    assert_eq!(next_gate(), Some(1));
    // Held: nothing but the kernel's view comes until the grant.
    while let Ok(ev) = events.recv_timeout(Duration::from_millis(300)) {
        assert!(matches!(ev.kind, EventKind::Kernel { .. }), "{ev:?} while held");
    }
    assert!(run.grant(0), "MainProcess waits at its gate");
    assert_eq!(next_gate(), Some(2));
    assert!(run.grant(0));
    assert_eq!(next_gate(), Some(3));
    run.resume();
    let rest: Vec<_> = std::iter::from_fn(|| events.recv_timeout(Duration::from_secs(20)).ok()).collect();
    assert!(rest.iter().any(|e| matches!(&e.kind, EventKind::Printed { text } if text == "1 2 3")), "{rest:?}");
    assert!(matches!(rest.last().map(|e| &e.kind), Some(EventKind::RunEnded { .. })));
}

/// A schedule pins a race on real CPython as on forkbook's processes: with no lock, three
/// buyers who each read the one ticket before anyone writes it back all sell it.
#[test]
fn a_schedule_pins_the_ticket_race_on_real_cpython() {
    if !python3() {
        return;
    }
    let out = forkbook(
        &[
            "run",
            "lock",
            "--cpython",
            "--headless",
            "--set",
            "use_lock=false",
            "--set",
            "buyers=3",
            "--set",
            "tickets=1",
            "--schedule",
            "Process-1@17,Process-2@17,Process-3@17",
            "--speed",
            "10",
        ],
        "cpython-schedule",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("print  购票成功").count(), 3, "{text}");
    assert!(text.contains("outcome: finished") && !text.contains("anomaly"), "{text}");
}

/// forkbook killed with SIGKILL leaves nothing of the program running: its main process dies
/// with it, and a child ends the program's process group at its next event.
#[test]
fn a_killed_viewer_leaves_no_cpython_process_behind() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(
        &dir,
        "orphan.py",
        "import time\nfrom multiprocessing import Process\ndef f():\n    time.sleep(1)\n    print('woke')\n    \
         time.sleep(30)\nif __name__ == '__main__':\n    p = Process(target=f)\n    p.start()\n    p.join()\n",
    );
    let mark = "watch-killed-viewer";
    let mut viewer = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["watch", &prog, "--headless"])
        .env("FORKBOOK_TEST_MARK", mark)
        .stdout(Stdio::piped())
        .spawn()
        .expect("forkbook runs");
    let stdout = viewer.stdout.take().expect("its output");
    let started = BufReader::new(stdout).lines().map_while(Result::ok).any(|l| l.contains("Process-1       started"));
    let _ = viewer.kill();
    let _ = viewer.wait();
    assert!(started, "the child was shown starting");
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut left = support::marked(mark);
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        left = support::marked(mark);
    }
    for pid in &left {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    assert!(left.is_empty(), "left running after the viewer was killed: {left:?}");
}
