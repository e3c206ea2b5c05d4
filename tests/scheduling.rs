//! The viewer's threads wait their turn; the lesson's processes do not. A lesson program
//! reads, from /proc, its own scheduling policy, its child's, and each thread of the viewer
//! that started it: the viewer's threads are `SCHED_BATCH` (woken, they do not preempt a
//! lesson process that is running, as nothing preempts CPython's), the lesson's processes
//! the normal policy, as CPython's are.

#[path = "support/run.rs"]
mod support;

/// Prints `policy NAME N` for the main process, a child, and every thread of the viewer (the
/// runner's parent). The policy is field 41 of /proc/PID/stat.
const PROGRAM: &str = r#"
import os
from multiprocessing import Process

def policy(path):
    return open(path + '/stat').read().rsplit(')', 1)[1].split()[38]

def child():
    print('policy child', policy('/proc/self'))

if __name__ == '__main__':
    print('policy main', policy('/proc/self'))
    p = Process(target=child)
    p.start()
    p.join()
    runner = os.getppid()
    viewer = open('/proc/%d/stat' % runner).read().rsplit(')', 1)[1].split()[1]
    for tid in sorted(os.listdir('/proc/%s/task' % viewer)):
        task = '/proc/%s/task/%s' % (viewer, tid)
        print('policy', open(task + '/comm').read().strip(), policy(task))
"#;

const SCHED_OTHER: &str = "0";
const SCHED_BATCH: &str = "3";

#[test]
fn the_viewers_threads_are_batch_and_the_lessons_processes_are_not() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let program = dir.path().join("policies.py");
    std::fs::write(&program, PROGRAM).expect("the program is written");
    let program = program.to_str().expect("a UTF-8 path");
    let out = support::forkbook_marked(&["run", program, "--headless", "--max-time", "60"], "scheduling-policies");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    let policies: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once(" print  policy ").map(|(_, rest)| rest))
        .filter_map(|rest| rest.rsplit_once(' '))
        .map(|(name, policy)| (name.to_string(), policy.to_string()))
        .collect();
    let of = |name: &str| policies.iter().filter(|(n, _)| n == name).map(|(_, p)| p.as_str()).collect::<Vec<_>>();
    assert_eq!(of("main"), [SCHED_OTHER], "{text}");
    assert_eq!(of("child"), [SCHED_OTHER], "{text}");
    // The copier, the reader, and the thread that folds the events (the process's first).
    assert_eq!(of("forkbook-rings"), [SCHED_BATCH], "{text}");
    assert_eq!(of("forkbook-events"), [SCHED_BATCH], "{text}");
    assert_eq!(of("forkbook"), [SCHED_BATCH], "{text}");
}
