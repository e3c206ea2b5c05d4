//! How processes end, in CPython's order. A child runs its exit function first and only then
//! prints its uncaught error (`BaseProcess._bootstrap`); the main process prints its error
//! first. The exit function runs the finalizers by priority: pools (15) before the managers
//! (0), so a pool left running never sees its manager go.

use std::process::Command;

use forkbook::event::{Event, EventKind};

/// The `--json` events of one headless run of `program`.
fn run(program: &str) -> Vec<Event> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("exit_order.py");
    std::fs::write(&file, program).expect("program written");
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

/// The pid of the process named `name`.
fn pid_of(events: &[Event], name: &str) -> i32 {
    let started = events.iter().find_map(|e| match &e.kind {
        EventKind::Started { name: n, .. } if n == name => Some(e.pid),
        _ => None,
    });
    started.unwrap_or_else(|| panic!("no process {name}"))
}

fn raised_in(pid: i32) -> impl Fn(&Event) -> bool {
    move |e| e.pid == pid && matches!(e.kind, EventKind::Raised { caught: false, .. })
}

fn reaped(pid: i32) -> impl Fn(&Event) -> bool {
    move |e| matches!(e.kind, EventKind::Reaped { child, .. } if child == pid)
}

fn code_ended(pid: i32) -> impl Fn(&Event) -> bool {
    move |e| e.pid == pid && matches!(e.kind, EventKind::CodeEnded)
}

fn printed(text: &'static str) -> impl Fn(&Event) -> bool {
    move |e| matches!(&e.kind, EventKind::Printed { text: t } if t == text)
}

const ERRORS: &str = "\
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

#[test]
fn a_child_joins_its_children_before_its_error_shows_and_the_main_process_after() {
    let events = run(ERRORS);
    let [main, child, grandchild, second] =
        ["MainProcess", "Process-1", "Process-1:1", "Process-2"].map(|name| pid_of(&events, name));

    let grandchild_reaped = position(&events, "reaped grandchild", reaped(grandchild));
    assert!(position(&events, "grandchild's line", printed("grandchild done")) < grandchild_reaped);
    let child_raised = position(&events, "child's error", raised_in(child));
    assert!(grandchild_reaped < child_raised, "the child's error shows only after it joined its child");
    let child_ended = position(&events, "the child's code ending", code_ended(child));
    assert!(child_ended < grandchild_reaped, "the join of the grandchild is the child's exit protocol's");

    let main_raised = position(&events, "main's error", raised_in(main));
    assert!(position(&events, "the exit code line", printed("child exitcode 1")) < main_raised);
    assert!(main_raised < position(&events, "reaped Process-2", reaped(second)), "main's error shows before it joins");
    let main_ended = position(&events, "the main code ending", code_ended(main));
    assert!(main_raised < main_ended && main_ended < position(&events, "reaped Process-2", reaped(second)));
}

const POOL_AND_MANAGER: &str = "\
import time
from multiprocessing import Manager, Pool

def wait_for_item(q):
    q.get()

if __name__ == '__main__':
    q = Manager().Queue()
    pool = Pool(1)
    pool.apply_async(wait_for_item, (q,))
    print('qsize', q.qsize())
    time.sleep(0.3)
";

#[test]
fn a_pool_left_running_is_terminated_before_its_workers_manager_stops() {
    let events = run(POOL_AND_MANAGER);
    let [worker, manager] = ["ForkPoolWorker-2", "SyncManager-1"].map(|name| pid_of(&events, name));
    let worker_ended = position(&events, "reaped worker", reaped(worker));
    assert!(worker_ended < position(&events, "reaped manager", reaped(manager)));
    let terminated =
        events.iter().any(|e| matches!(e.kind, EventKind::Reaped { child, exitcode: -15 } if child == worker));
    assert!(terminated, "the worker ends by the pool's SIGTERM");
    let worker_errors = events.iter().filter(|e| e.pid == worker && matches!(e.kind, EventKind::Raised { .. }));
    assert_eq!(worker_errors.count(), 0, "the worker, blocked on the manager's queue, never sees it stop");
}
