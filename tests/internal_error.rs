//! A lesson process that dies of a native crash (SIGABRT, SIGSEGV …) is never a quiet
//! success: the run says "internal error", in the trace and the `--json` stream, and exits
//! non-zero. No Rust panic or crash reachable from a Python program is known (the panic path
//! is pinned by the unit tests of `runtime::crash`), so the crash is made from outside: the
//! test sends SIGABRT to a sleeping child, which is what an abort inside forkbook looks like.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// Kills the viewer (and with it the run) however the test ends.
struct Viewer(Child);

impl Drop for Viewer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

const SLEEPING_CHILD: &str = "\
import time
from multiprocessing import Process

def nap():
    time.sleep(30)

if __name__ == '__main__':
    p = Process(target=nap)
    p.start()
    p.join()
    print('child exit', p.exitcode)
";

#[test]
fn a_child_that_crashes_makes_the_run_an_internal_error_that_exits_non_zero() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("crash.py");
    std::fs::write(&path, SLEEPING_CHILD).expect("writes the program");
    let child = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .arg("run")
        .arg(&path)
        .args(["--headless", "--json", "--max-time", "20"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("forkbook runs");
    let mut viewer = Viewer(child);
    let stdout = viewer.0.stdout.take().expect("piped stdout");
    let mut lines = Vec::new();
    let mut crashed = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line of the event stream");
        let ev: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        // Once the child sleeps, crash it the way an abort inside forkbook would.
        if !crashed && ev["kind"] == "sleeping" {
            let pid = ev["pid"].as_i64().expect("a pid") as i32;
            kill(Pid::from_raw(pid), Signal::SIGABRT).expect("SIGABRT reaches the child");
            crashed = true;
        }
        lines.push(line);
    }
    let status = viewer.0.wait().expect("the viewer ends");
    let all = lines.join("\n");
    assert!(crashed, "the child never slept:\n{all}");
    assert_ne!(status.code(), Some(0), "{all}");
    assert!(all.contains(r#""kind":"internal_error""#), "{all}");
    let ended = lines.iter().find(|l| l.contains(r#""kind":"run_ended""#)).map(String::as_str).unwrap_or_default();
    assert!(ended.contains(r#""how":"internal_error","process":"Process-1""#), "{all}");
    let verdict = lines.last().map(String::as_str).unwrap_or_default();
    assert!(verdict.contains(r#""verdict""#) && verdict.contains(r#""ok":false"#), "{verdict}");
}
