//! Every built-in lesson run for real: each expectation (knobs, schedule, seed) must hold and
//! the folded World must equal the real objects audited at the end (`forkbook verify`).

use std::process::Command;

#[path = "support/run.rs"]
mod support;

fn verify(lesson: &str) {
    support::verify(lesson, "10");
}

#[test]
fn join_lesson_meets_its_expectations() {
    verify("join");
}

#[test]
fn daemon_lesson_meets_its_expectations() {
    verify("daemon");
}

#[test]
fn lock_lesson_meets_its_expectations() {
    verify("lock");
}

#[test]
fn semaphore_lesson_meets_its_expectations() {
    verify("semaphore");
}

#[test]
fn joinable_queue_lesson_meets_its_expectations() {
    verify("joinable_queue");
}

#[test]
fn spawn_lesson_meets_its_expectations() {
    verify("spawn");
}

#[test]
fn shared_value_lesson_meets_its_expectations() {
    verify("shared_value");
}

#[test]
fn lock_off_oversells_when_buyers_interleave_and_shows_real_pids() {
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", "lock", "--headless", "--set", "use_lock=false", "--set", "buyers=3", "--set", "tickets=1"])
        .args(["--schedule", "Process-1@17,Process-2@17,Process-3@17", "--speed", "10"])
        .output()
        .expect("forkbook runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let sold: Vec<&str> = text.lines().filter(|l| l.ends_with("print  购票成功")).collect();
    assert_eq!(sold.len(), 3, "{text}");
    let pids: std::collections::BTreeSet<i64> =
        sold.iter().filter_map(|l| l.split_whitespace().nth(1)).map(|p| p.parse().expect("a pid")).collect();
    assert_eq!(pids.len(), 3, "three different processes sold: {text}");
    assert!(pids.iter().all(|p| *p > 1));
}

#[test]
fn pool_lesson_meets_its_expectations() {
    verify("pool");
}

#[test]
fn crawler_lesson_meets_its_expectations() {
    verify("crawler");
}
