//! How a child ends, in CPython's order (`BaseProcess._bootstrap`): its exit function runs
//! first (its daemons terminated, its other children joined), and only then is its uncaught
//! error printed. The main process prints its own error before its exit function runs.

use std::process::Command;

use forkbook::event::{Event, EventKind};

const PROGRAM: &str = "\
import time
from multiprocessing import Process

def grandchild():
    time.sleep(0.2)
    print('grandchild done')

def child():
    Process(target=grandchild).start()
    raise ValueError('child fails')

if __name__ == '__main__':
    p = Process(target=child)
    p.start()
    p.join()
    print('child exitcode', p.exitcode)
    Process(target=grandchild).start()
    raise KeyError('main fails')
";

/// The `--json` events of one headless run of `PROGRAM`.
fn run() -> Vec<Event> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("child_exit.py");
    std::fs::write(&file, PROGRAM).expect("program written");
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", file.to_str().expect("utf-8 path"), "--headless", "--json", "--speed", "10"])
        .env("LANG", "C")
        .output()
        .expect("forkbook runs");
    String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

/// Where the first event `matches` is in `events`.
fn position(events: &[Event], what: &str, matches: impl Fn(&Event) -> bool) -> usize {
    events.iter().position(matches).unwrap_or_else(|| panic!("no {what} in {events:#?}"))
}

#[test]
fn a_child_joins_its_children_before_its_error_shows_and_the_main_process_after() {
    let events = run();
    let pid_of = |name: &str| {
        events.iter().find_map(|e| match &e.kind {
            EventKind::Started { name: n, .. } if n == name => Some(e.pid),
            _ => None,
        })
    };
    let (main, child, grandchild) = (pid_of("MainProcess"), pid_of("Process-1"), pid_of("Process-1:1"));
    let (main, child, grandchild) =
        (main.expect("MainProcess"), child.expect("Process-1"), grandchild.expect("Process-1:1"));
    let raised_in =
        |pid: i32| move |e: &Event| e.pid == pid && matches!(e.kind, EventKind::Raised { caught: false, .. });
    let reaped = |pid: i32| move |e: &Event| matches!(e.kind, EventKind::Reaped { child, .. } if child == pid);
    let printed = |text: &'static str| move |e: &Event| matches!(&e.kind, EventKind::Printed { text: t } if t == text);

    let grandchild_reaped = position(&events, "reaped grandchild", reaped(grandchild));
    let child_raised = position(&events, "child's error", raised_in(child));
    assert!(position(&events, "grandchild's line", printed("grandchild done")) < grandchild_reaped);
    assert!(grandchild_reaped < child_raised, "the child's error shows only after it joined its child");

    let main_raised = position(&events, "main's error", raised_in(main));
    assert!(position(&events, "the exit code line", printed("child exitcode 1")) < main_raised);
    let second = pid_of("Process-2").expect("Process-2");
    assert!(main_raised < position(&events, "reaped Process-2", reaped(second)), "main's error shows before it joins");
}
