//! CPython's behaviour, one small lesson per theme in tests/semantics/: errors raised where
//! CPython raises them, process names and exit codes, pipes closing. Each lesson's
//! expectations are verified by running it for real.

use std::process::Command;

fn verify(file: &str) {
    let path = format!("{}/tests/semantics/{file}", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["verify", &path, "--speed", "5"])
        .output()
        .expect("forkbook runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains(" 0 failed"), "{text}{}", String::from_utf8_lossy(&out.stderr));
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
