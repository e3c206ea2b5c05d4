//! The Synchronization chapter's lessons run for real: every expectation of each lesson (its
//! knobs, schedules and seeds) must hold, with the folded World equal to the audited objects.

#[path = "support/run.rs"]
mod support;

#[test]
fn terminal_lesson_meets_its_expectations() {
    support::verify("terminal", "10");
}

#[test]
fn event_lesson_meets_its_expectations() {
    support::verify("event", "10");
}

#[test]
fn deadlock_lesson_meets_its_expectations() {
    support::verify("deadlock", "10");
}

#[test]
fn rlock_lesson_meets_its_expectations() {
    support::verify("rlock", "10");
}
