//! A real run into a deadlock: two processes take two locks in opposite order, pinned by a
//! schedule so each holds one and waits for the other. The run must end `deadlocked` at once
//! (not at its time limit), say so in the trace, exit 1, and leave no process behind.

use std::process::Command;
use std::time::{Duration, Instant};

use forkbook::event::{RunOutcome, WaitOp};
use forkbook::lesson;
use forkbook::lesson::schedule::Schedule;
use forkbook::play::play;
use forkbook::runtime::Settings;

#[path = "support/run.rs"]
mod support;

const LESSON: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lessons/valid/deadlock.toml");
/// Each process stops right before its second acquire; then both run freely.
const SCHEDULE: &str = "Process-1@5,Process-2@12";
const CYCLE: &str = "Process-1 holds a and waits for b, held by Process-2, which waits for a, held by Process-1";

/// Waits until no process carrying `mark` is left; returns the survivors.
fn survivors(mark: &str) -> Vec<i32> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let left = support::marked(mark);
        if left.is_empty() || Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_pinned_deadlock_ends_the_headless_run_at_once_with_exit_1_and_no_process_left() {
    let mark = format!("{}-deadlock", std::process::id());
    let began = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", LESSON, "--headless", "--schedule", SCHEDULE, "--max-time", "60"])
        .env("FORKBOOK_TEST_MARK", &mark)
        .output()
        .expect("forkbook runs");
    let took = began.elapsed();
    let left = survivors(&mark);
    for pid in &left {
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(*pid), nix::sys::signal::Signal::SIGKILL);
    }
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(took < Duration::from_secs(10), "took {took:?}, the limit is 60 s:\n{text}");
    assert!(text.contains(&format!("run ended: deadlocked: {CYCLE}\n")), "{text}");
    assert!(text.contains(&format!("outcome: deadlocked: {CYCLE}\n")), "{text}");
    assert!(left.is_empty(), "still running after the deadlock: {left:?}");
}

#[test]
fn play_ends_a_pinned_deadlock_as_deadlocked_well_before_its_time_limit() {
    let lesson = lesson::resolve(LESSON).expect("the fixture loads");
    let settings = Settings {
        schedule: Some(Schedule::parse(SCHEDULE).expect("schedule")),
        max_secs: 60.0,
        exe: Some(env!("CARGO_BIN_EXE_forkbook").into()),
        ..Settings::default()
    };
    let began = Instant::now();
    let world = play(&lesson, settings, |_, _| {}).expect("the run");
    assert!(began.elapsed() < Duration::from_secs(10), "took {:?}", began.elapsed());
    let Some(RunOutcome::Deadlocked { cycle }) = &world.ended else {
        panic!("not deadlocked: {:?}", world.ended);
    };
    let named: Vec<(&str, WaitOp, &str)> = cycle.iter().map(|l| (l.name.as_str(), l.op, l.object.as_str())).collect();
    assert_eq!(named, vec![("Process-1", WaitOp::Acquire, "b"), ("Process-2", WaitOp::Acquire, "a")]);
    let deadline = Instant::now() + Duration::from_secs(5);
    let alive = |pid: i32| std::path::Path::new(&format!("/proc/{pid}")).exists();
    while world.processes.iter().any(|p| alive(p.pid)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<i32> = world.processes.iter().map(|p| p.pid).filter(|&pid| alive(pid)).collect();
    assert!(left.is_empty(), "lesson processes left: {left:?}");
}

#[test]
fn verify_accepts_an_expectation_that_asks_for_the_deadlock() {
    support::verify(LESSON, "10");
}
