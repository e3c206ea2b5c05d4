//! The Communication chapter's lessons run for real: each expectation (knobs, schedule, seed)
//! must hold and the folded World must equal the real objects audited at the end.

#[path = "support/run.rs"]
mod support;

#[test]
fn queue_lesson_meets_its_expectations() {
    support::verify("queue", "10");
}

#[test]
fn producer_consumer_lesson_meets_its_expectations() {
    support::verify("producer_consumer", "10");
}

#[test]
fn pipe_lesson_meets_its_expectations() {
    support::verify("pipe", "10");
}
