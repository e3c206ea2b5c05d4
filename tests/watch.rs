//! `forkbook watch` and `run --cpython`: real CPython programs under the probe, read back as
//! forkbook's events. Each test needs the machine's python3 and says so plainly when there is
//! none (CI has none). Every process a test starts is found by a marker in its environment
//! and must be gone at the end.

use std::process::Command;

#[path = "support/run.rs"]
mod support;
use support::forkbook_marked as forkbook;

fn python3() -> bool {
    let found = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: no python3 on this machine, so no CPython program can be watched");
    }
    found
}

fn program(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("the program is written");
    path.display().to_string()
}

/// The headless trace of watching `source` (written as `name`), which must end successfully.
fn watch_headless(name: &str, source: &str, mark: &str) -> String {
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(&dir, name, source);
    let out = forkbook(&["watch", &prog, "--headless"], mark);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    text
}

/// Watching `prog` under `python3` at speed 1 in step mode, for the tests that drive the
/// probe's gates by hand.
fn stepped(prog: String) -> forkbook::runtime::cpython::WatchSpec {
    forkbook::runtime::cpython::WatchSpec {
        program: prog.into(),
        python: "python3".into(),
        args: Vec::new(),
        max_time: std::time::Duration::from_secs(30),
        cwd: None,
        fetch: false,
        speed: 1.0,
        schedule: None,
        steps: true,
    }
}

/// Asserts that `text` holds every one of `wanted`.
fn assert_has(text: &str, wanted: &[&str]) {
    for wanted in wanted {
        assert!(text.contains(wanted), "no {wanted:?} in\n{text}");
    }
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
    let text = watch_headless("work.py", LOCK_AND_QUEUE, "watch-lock-queue");
    assert_has(
        &text,
        &[
            "created Lock 'lock'",
            "created Queue 'q'",
            "Process-1       started by MainProcess",
            "print  [0, 1, 4]",
            "print  done",
            "outcome: finished",
            "lost events: none",
            "audit: real objects match what was shown",
        ],
    );
    // The fold never saw a queue item taken before it was put, or two owners of the lock.
    assert!(!text.contains("anomaly"), "{text}");
    assert_eq!(text.matches("has the lock").count(), 3, "{text}");
    // A Queue's own locks and a worker's lines: only the program's objects are named.
    assert!(!text.contains("'q#2'"), "{text}");
    assert_eq!(text.matches("acquired Lock 'lock'").count(), 3, "{text}");
}

#[test]
fn bytes_and_sets_on_a_cpython_queue_are_shown_as_python_shows_them() {
    if !python3() {
        return;
    }
    let source = "from multiprocessing import Queue\n\
                  if __name__ == '__main__':\n    q = Queue()\n    q.put((b'raw\\x00', {1}))\n    print(q.get())\n";
    let text = watch_headless("items.py", source, "watch-bytes");
    // Before the probe gave them their tagged forms, they came as their reprs' text: quoted.
    assert_has(&text, &["got (b'raw\\x00', {1}) from Queue 'q'", "print  (b'raw\\x00', {1})"]);
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
    use forkbook::runtime::cpython::start;
    use std::time::Duration;
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(&dir, "steps.py", "a = 1\nb = a + 1\nc = b + 1\nprint(a, b, c)\n");
    let spec = stepped(prog);
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
        // The child reports something every 0.2 s, so whenever the viewer dies (this test's view of
        // the trace can lag under load) its next write finds nobody reading within the deadline.
        "import time\nfrom multiprocessing import Process\ndef f():\n    for i in range(150):\n        \
         time.sleep(0.2)\n        print('tick', i)\nif __name__ == '__main__':\n    p = Process(target=f)\n    \
         p.start()\n    p.join()\n",
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

const MANAGER_DICT: &str = "\
from multiprocessing import Manager, Process, RawValue

def work(d, q, n):
    d[n] = n * n
    q.put(n)

if __name__ == '__main__':
    with Manager() as m:
        d = m.dict()
        q = m.Queue()
        raw = RawValue('i', 0)
        ps = [Process(target=work, args=(d, q, i)) for i in range(2)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        print(sorted(d.items()), q.qsize())
";

#[test]
fn a_managers_server_is_a_lane_and_each_proxy_call_is_shown_with_what_it_did() {
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(&dir, "mgr.py", MANAGER_DICT);
    let out = forkbook(&["watch", &prog, "--headless", "--verbose"], "watch-manager");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert_has(
        &text,
        &[
            "SyncManager-1     started by MainProcess",
            "waits for requests on its socket",
            "request from MainProcess (",
            "d = dict()",
            "created dict 'd' (SyncManager-1)",
            "created Queue 'q' (SyncManager-1)",
            "d.__setitem__()",
            "q.put()",
            "put 0 into Queue 'q' (SyncManager-1)",
            "created c_int 'raw', which forkbook does not follow",
            "print  [(0, 0), (1, 1)] 2",
            "audit: real objects match what was shown",
            "outcome: finished",
        ],
    );
    // Each write a worker asked for is shown in that worker's lane, with the dict's content.
    let written: Vec<&str> = text.lines().filter(|l| l.contains("wrote dict 'd'")).collect();
    assert_eq!(written.len(), 3, "{text}");
    assert!(written[1..].iter().all(|l| l.contains("Process-")), "{written:?}");
    let queue = ["Queue 'q' (SyncManager-1): [ 0, 1 ]", "Queue 'q' (SyncManager-1): [ 1, 0 ]"];
    assert!(queue.iter().any(|q| text.contains(q)), "{text}");
}

const MANAGER_NAMESPACE_ARRAY: &str = "\
from multiprocessing import Process, Manager

def work(ns, arr, lock, i):
    with lock:
        ns.total = ns.total + i
    arr[i] = i * i

if __name__ == '__main__':
    with Manager() as m:
        ns = m.Namespace()
        ns.total = 0
        arr = m.Array('i', [0, 0, 0])
        lock = m.Lock()
        ps = [Process(target=work, args=(ns, arr, lock, i)) for i in range(3)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        print(ns.total, list(arr[:]))
";

/// A manager's Namespace shows its attributes as each worker sets them, and its Array each
/// item a worker writes, in that worker's lane; both are audited in the server.
#[test]
fn a_managers_namespace_and_array_show_each_write_and_are_audited() {
    if !python3() {
        return;
    }
    let text = watch_headless("mgr_ns.py", MANAGER_NAMESPACE_ARRAY, "watch-manager-ns");
    assert_has(
        &text,
        &[
            "created Namespace 'ns' (SyncManager-1)",
            "wrote Namespace 'ns' (SyncManager-1) = {'total': 0}",
            "created Array 'arr' (SyncManager-1) (value 3)",
            "wrote Array 'arr' (SyncManager-1) = [0, 0, 0]",
            "L6  wrote Array 'arr' (SyncManager-1)[2] = 4",
            "audited Namespace 'ns' (SyncManager-1): value {'total': 3}",
            "audited Array 'arr' (SyncManager-1): value [0, 1, 4]",
            "print  3 [0, 1, 4]",
            "audit: real objects match what was shown",
        ],
    );
    assert!(!text.contains("does not follow"), "{text}");
    // Each worker's write of the total is in its own lane, under the lock.
    let totals = text.lines().filter(|l| l.contains("Process-") && l.contains("wrote Namespace 'ns'")).count();
    assert_eq!(totals, 3, "{text}");
}

const MANAGER_CONDITION_BARRIER: &str = "\
from multiprocessing import Process, Manager
import time

def consumer(cond, bar, n):
    bar.wait()
    with cond:
        cond.wait()
        print('consumer', n, 'woke')

if __name__ == '__main__':
    with Manager() as m:
        cond = m.Condition()
        bar = m.Barrier(3)
        ps = [Process(target=consumer, args=(cond, bar, n)) for n in range(2)]
        for p in ps:
            p.start()
        bar.wait()
        # Until both consumers woke (one may not be asleep yet at a notify).
        while any(p.is_alive() for p in ps):
            with cond:
                cond.notify_all()
            time.sleep(0.05)
        for p in ps:
            p.join()
";

/// A manager's Condition shows its holder, its sleepers and whom notify_all woke; its Barrier
/// each party's wait until the last one comes.
#[test]
fn a_managers_condition_and_barrier_are_followed_in_each_clients_lane() {
    if !python3() {
        return;
    }
    let text = watch_headless("mgr_cond.py", MANAGER_CONDITION_BARRIER, "watch-manager-cond");
    assert_has(
        &text,
        &[
            "created Condition 'cond' (SyncManager-1)",
            "created Barrier 'bar' (SyncManager-1)",
            "for the other parties (3 of 3 there)",
            "passed Barrier 'bar' (SyncManager-1): every party arrived",
            "L7  waits in wait() on Condition 'cond' (SyncManager-1) for a notify",
            "notified Condition 'cond' (SyncManager-1)",
            "L7  woke in wait() on Condition 'cond' (SyncManager-1): notified",
            "Condition 'cond' (SyncManager-1): free",
            "outcome: finished",
        ],
    );
    assert!(!text.contains("does not follow") && !text.contains("anomaly"), "{text}");
    let woke = text.lines().filter(|l| l.contains("print  consumer")).count();
    assert_eq!(woke, 2, "{text}");
}

const CONDITION: &str = "\
from multiprocessing import Process, Condition
import time

def consumer(cond, n):
    with cond:
        cond.wait()
        print('consumer', n, 'woke')

if __name__ == '__main__':
    cond = Condition()
    ps = [Process(target=consumer, args=(cond, n)) for n in range(2)]
    for p in ps:
        p.start()
    while True:
        with cond:
            asleep = cond._sleeping_count.get_value() - cond._woken_count.get_value()
            if asleep == 2:
                cond.notify_all()
                break
        time.sleep(0.01)
    for p in ps:
        p.join()
";

#[test]
fn a_condition_shows_its_lock_its_sleepers_and_whom_notify_all_woke() {
    if !python3() {
        return;
    }
    let text = watch_headless("cond.py", CONDITION, "watch-condition");
    assert!(text.contains("created Condition 'cond'"), "{text}");
    assert_eq!(text.matches("waits in wait() on Condition 'cond' for a notify").count(), 2, "{text}");
    assert!(text.contains("notified Condition 'cond': woke 2"), "{text}");
    assert_eq!(text.matches("woke in wait() on Condition 'cond': notified").count(), 2, "{text}");
    // Woken, each takes the lock back before it prints; at the end nobody holds it.
    assert_eq!(text.matches("print  consumer").count(), 2, "{text}");
    assert!(text.contains("Condition 'cond': free"), "{text}");
    assert!(!text.contains("anomaly") && text.contains("outcome: finished"), "{text}");
    // The notify comes before either wakes.
    let notified = text.find("notified Condition").expect("the notify");
    let first_woke = text.find("woke in wait()").expect("a wake");
    assert!(notified < first_woke, "{text}");
}

const BARRIER_AND_ARRAY: &str = "\
from multiprocessing import Process, Barrier, Array

def runner(b, arr, i):
    arr[i] = i * 10
    b.wait()
    print('past', i, arr[(i + 1) % 3])

if __name__ == '__main__':
    b = Barrier(3)
    arr = Array('i', 3)
    rs = [Process(target=runner, args=(b, arr, i)) for i in range(3)]
    for p in rs:
        p.start()
    for p in rs:
        p.join()
    print(arr[:])
";

#[test]
fn a_barrier_holds_each_party_until_the_last_and_an_array_shows_its_items() {
    if !python3() {
        return;
    }
    let text = watch_headless("barrier.py", BARRIER_AND_ARRAY, "watch-barrier");
    assert_has(
        &text,
        &[
            "created Barrier 'b'",
            "created Array 'arr' (value 3)",
            "wrote Array 'arr' = [0, 0, 0]",
            "wrote Array 'arr'[2] = 20",
            "(3 of 3 there)",
            "Barrier 'b': 0 of 3 waiting",
            "Array 'arr': value [0, 10, 20]",
            "audit: real objects match what was shown",
        ],
    );
    assert_eq!(text.matches("passed Barrier 'b': every party arrived").count(), 3, "{text}");
    // Every write came before any party passed: a party reads the next one's item after.
    let last_write = text.rfind("wrote Array 'arr'[").expect("a write");
    let first_pass = text.find("passed Barrier").expect("a pass");
    assert!(last_write < first_pass, "{text}");
    for i in 0..3 {
        let next = ((i + 1) % 3) * 10;
        assert!(text.contains(&format!("print  past {i} {next}")), "{text}");
    }
}

#[test]
fn a_barrier_that_can_never_fill_is_called_stuck() {
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(
        &dir,
        "short.py",
        "from multiprocessing import Process, Barrier\n\ndef f(b):\n    b.wait()\n\nif __name__ == '__main__':\n    \
         b = Barrier(3)\n    p = Process(target=f, args=(b,))\n    p.start()\n    p.join()\n",
    );
    let out = forkbook(&["watch", &prog, "--headless", "--max-time", "30"], "watch-barrier-stuck");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("outcome: stuck"), "{text}");
    assert!(text.contains("Process-1 waits at b for the other parties"), "{text}");
}

#[test]
fn a_recorded_watch_replays_exactly_what_the_watch_printed() {
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(&dir, "mgr.py", MANAGER_DICT);
    let file = dir.path().join("mgr.fbrec").display().to_string();
    let watched = forkbook(&["watch", &prog, "--headless", "--record", &file], "watch-record");
    assert!(watched.status.success(), "{}", String::from_utf8_lossy(&watched.stderr));
    assert!(String::from_utf8_lossy(&watched.stderr).contains("recorded"), "{watched:?}");
    let replayed = forkbook(&["replay", &file, "--headless"], "watch-replay");
    assert!(replayed.status.success(), "{}", String::from_utf8_lossy(&replayed.stderr));
    let (a, b) = (String::from_utf8_lossy(&watched.stdout), String::from_utf8_lossy(&replayed.stdout));
    assert!(a.contains("created dict 'd' (SyncManager-1)"), "{a}");
    assert_eq!(a, b);
    // The JSON stream too: the same events, the same verdict.
    let json = forkbook(&["replay", &file, "--headless", "--json"], "watch-replay-json");
    let text = String::from_utf8_lossy(&json.stdout);
    assert!(text.lines().any(|l| l.contains("\"kind\":\"served\"")), "{text}");
}

/// Free, a watched process runs with no line hook at all; paused, it is stopped at its next
/// line of the program (the viewer's signal put the hook on), and resumed, the hook is gone.
#[test]
fn a_free_cpython_process_has_no_line_hook_until_it_is_held() {
    use forkbook::event::EventKind;
    use forkbook::runtime::cpython::start;
    use std::time::Duration;
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(
        &dir,
        "free.py",
        "import sys, time\nprint('free', sys.gettrace() is None)\nn = 0\nwhile n < 300:\n    n += 1\n    \
         time.sleep(0.01)\nprint('after', sys.gettrace() is None)\n",
    );
    let spec = stepped(prog);
    let mut run = start(&spec, false).expect("python3 starts");
    let events = run.take_events().expect("the events");
    let next = || events.recv_timeout(Duration::from_secs(20)).expect("an event").kind;
    loop {
        if let EventKind::Printed { text } = next() {
            assert_eq!(text, "free True", "a free process has no trace function");
            break;
        }
    }
    run.pause();
    let mut line = None;
    loop {
        match next() {
            EventKind::AtStep { line: l } => line = Some(l),
            EventKind::Gated => break,
            EventKind::Printed { text } => panic!("printed {text:?} instead of stopping at a gate"),
            EventKind::RunEnded { .. } => panic!("the run ended instead of stopping at a gate"),
            _ => {}
        }
    }
    assert!(matches!(line, Some(4..=6)), "held at line {line:?}, in the loop");
    assert!(run.grant(0), "it waits at its gate");
    run.resume();
    let rest: Vec<_> = std::iter::from_fn(|| events.recv_timeout(Duration::from_secs(20)).ok()).collect();
    let printed: Vec<&str> = rest
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Printed { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(printed, ["after True"], "resumed, the hook came off");
    assert!(matches!(rest.last().map(|e| &e.kind), Some(EventKind::RunEnded { .. })));
}

#[test]
fn a_managers_lock_and_bounded_semaphore_show_their_holders_and_are_audited() {
    if !python3() {
        return;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let prog = program(
        &dir,
        "mlock.py",
        "from multiprocessing import Manager, Process\nimport time\n\ndef work(lock, sem, n):\n    with lock:\n        \
         time.sleep(0.05)\n    with sem:\n        time.sleep(0.05)\n\nif __name__ == '__main__':\n    with Manager() as m:\n        \
         lock = m.Lock()\n        sem = m.BoundedSemaphore(2)\n        ps = [Process(target=work, args=(lock, sem, i)) for i in \
         range(3)]\n        for p in ps:\n            p.start()\n        for p in ps:\n            p.join()\n",
    );
    let out = forkbook(&["watch", &prog, "--headless"], "watch-manager-lock");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(text.matches("acquired Lock 'lock' (SyncManager-1)").count(), 3, "{text}");
    assert_eq!(text.matches("released BoundedSemaphore 'sem' (SyncManager-1)").count(), 3, "{text}");
    // Three workers for one lock: at least one waited for it, named with its owner.
    assert!(text.contains("waits for Lock 'lock' (SyncManager-1) (owner"), "{text}");
    for wanted in ["Lock 'lock' (SyncManager-1): free", "audit: real objects match what was shown", "outcome: finished"]
    {
        assert!(text.contains(wanted), "no {wanted:?} in\n{text}");
    }
    assert!(!text.contains("anomaly"), "{text}");
}
