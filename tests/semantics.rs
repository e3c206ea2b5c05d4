//! CPython's behaviour, one small lesson per theme in tests/semantics/: errors raised where
//! CPython raises them, process names and exit codes, pipes closing. Each lesson's
//! expectations are verified by running it for real.

#[path = "support/run.rs"]
mod support;

fn verify(file: &str) {
    support::verify(&format!("{}/tests/semantics/{file}", env!("CARGO_MANIFEST_DIR")), "5");
}

#[test]
fn mistakes_raise_cpythons_errors_in_the_process_that_makes_them() {
    verify("errors.toml");
}

#[test]
fn grandchildren_signals_and_closed_pipes_behave_as_in_cpython() {
    verify("families.toml");
}

#[test]
fn pool_misuse_raises_cpythons_errors_and_a_dead_workers_task_is_lost() {
    verify("pool_rules.toml");
}
