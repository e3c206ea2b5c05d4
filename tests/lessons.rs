//! Every built-in lesson run for real: each expectation (knobs, schedule, seed) must hold and
//! the folded World must equal the real objects audited at the end (`forkbook verify`).

use std::process::Command;

#[path = "support/run.rs"]
mod support;

/// One test per built-in lesson, named after it: every expectation of it holds at speed 10,
/// or at the speed given after `@` where a lesson's waits must outlast its workers' CPU on a
/// machine loaded by the rest of the suite. `every_built_in_lesson_is_verified` checks that
/// the list names them all.
macro_rules! every_expectation_holds {
    ($($id:ident $(@ $speed:literal)?),* $(,)?) => {
        const VERIFIED: &[&str] = &[$(stringify!($id)),*];
        mod every_expectation_holds {
            $(
                #[test]
                fn $id() {
                    super::support::verify(stringify!($id), [$($speed,)? "10"][0]);
                }
            )*
        }
    };
}

every_expectation_holds!(
    start,
    join,
    daemon,
    isolation,
    lifecycle,
    spawn,
    why_processes,
    lock,
    terminal,
    semaphore,
    event,
    deadlock,
    rlock,
    queue,
    producer_consumer,
    joinable_queue,
    pipe,
    shared_value,
    manager,
    pool,
    crawler,
    // The voters' patience (1 s, 0.1 s at speed 10) must outlast the page workers' fetches.
    voter @ "2",
);

#[test]
fn every_built_in_lesson_is_verified() {
    let catalog = forkbook::lesson::builtin::catalog().expect("the built-in lessons load");
    let ids: Vec<&str> = catalog.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, VERIFIED, "the list above follows `forkbook list`");
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
