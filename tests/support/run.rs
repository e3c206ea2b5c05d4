//! Helpers shared by the integration tests that run the real binary: find the processes a
//! run started (by a marker in their environment), and verify a lesson's expectations.

#![allow(dead_code)]

use std::process::{Command, Output};

/// Pids of live processes whose environment carries `FORKBOOK_TEST_MARK=mark` (a zombie has
/// no readable environment, so it is not counted).
pub fn marked(mark: &str) -> Vec<i32> {
    let needle = format!("FORKBOOK_TEST_MARK={mark}");
    std::fs::read_dir("/proc")
        .expect("/proc")
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<i32>().ok()))
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|kv| kv == needle.as_bytes()))
        })
        .collect()
}

/// Runs `forkbook verify LESSON --speed SPEED` and asserts every expectation held.
pub fn verify(lesson: &str, speed: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["verify", lesson, "--speed", speed])
        .output()
        .expect("forkbook runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains(" 0 failed"), "{text}{}", String::from_utf8_lossy(&out.stderr));
}

/// Runs forkbook with `args` in `dir`, in the C locale (English messages).
pub fn forkbook_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .output()
        .expect("forkbook runs")
}

/// Runs forkbook with `args` in the C locale, its processes carrying `mark`, then kills and
/// reports any of them still alive: a test fails when it leaves a process behind.
pub fn forkbook_marked(args: &[&str], mark: &str) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(args)
        .env("FORKBOOK_TEST_MARK", mark)
        .env("LANG", "C")
        .output()
        .expect("forkbook runs");
    let left = marked(mark);
    for pid in &left {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    assert!(left.is_empty(), "processes left behind: {left:?}");
    out
}
