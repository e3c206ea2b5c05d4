//! A lesson process that forkbook itself crashes is never a quiet success: the run says
//! "internal error", in the trace and the `--json` stream, and exits non-zero. No Rust panic
//! reachable from a Python program is known (the panic path is pinned by the unit tests of
//! `runtime::crash`); a native crash is, and it takes the same way out.

use std::process::{Command, Output};

fn run_program(source: &str, extra: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!("forkbook-internal-{}-{}", std::process::id(), extra.len()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join("crash.py");
    std::fs::write(&path, source).expect("writes the program");
    let path = path.to_str().expect("a UTF-8 path");
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", path, "--headless", "--max-time", "20"])
        .args(extra)
        .env("LANG", "C")
        .output()
        .expect("forkbook runs");
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// A child that asks for a string of 2**62 characters: forkbook's interpreter cannot allocate
/// it and Rust aborts the process (SIGABRT) instead of raising MemoryError. Should the
/// interpreter learn to raise MemoryError here, this program stops crashing; then point this
/// test at another native crash or drop it (the unit tests keep the panic path covered).
const CRASHING_CHILD: &str = "\
from multiprocessing import Process

def pad():
    print('x'.center(2 ** 62))

if __name__ == '__main__':
    p = Process(target=pad)
    p.start()
    p.join()
    print('child exit', p.exitcode)
";

#[test]
fn a_child_that_forkbook_crashes_makes_the_run_an_internal_error_that_exits_non_zero() {
    let out = run_program(CRASHING_CHILD, &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("run ended: internal error: forkbook failed in Process-1"), "{text}");
    assert!(text.contains("internal error in forkbook: the process crashed with SIGABRT"), "{text}");
    assert!(text.contains("killed: -6 SIGABRT, internal error: the process crashed with SIGABRT"), "{text}");
    assert!(text.contains("outcome: internal error"), "{text}");
    assert!(!text.contains("outcome: finished"), "{text}");
}

#[test]
fn the_json_stream_ends_with_the_internal_error_outcome() {
    let out = run_program(CRASHING_CHILD, &["--json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_ne!(out.status.code(), Some(0), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert!(last.contains(r#""how":"internal_error","process":"Process-1""#), "{last}");
}
