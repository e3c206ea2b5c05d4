//! The Processes chapter's lessons run for real: each expectation (knobs, schedule, seed) of
//! every lesson this chapter added must hold (`forkbook verify`).

#[path = "support/run.rs"]
mod support;

#[test]
fn start_lesson_meets_its_expectations() {
    support::verify("start", "10");
}

#[test]
fn isolation_lesson_meets_its_expectations() {
    support::verify("isolation", "10");
}

#[test]
fn lifecycle_lesson_meets_its_expectations() {
    support::verify("lifecycle", "10");
}

#[test]
fn why_processes_lesson_meets_its_expectations() {
    support::verify("why_processes", "10");
}
