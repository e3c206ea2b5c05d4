//! A headless `forkbook run` started by a test, whose processes all carry a marker in their
//! environment, so the test can see which of them are still alive and kill every one when
//! it ends, passed or failed; and the subreaper plumbing that lets it see orphans.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

use super::support::marked;

/// Makes this test process the reaper of orphans its runs leave, so they can be seen.
pub fn become_subreaper() {
    nix::sys::prctl::set_child_subreaper(true).expect("Linux lets any process become a subreaper");
}

/// Reaps every orphan that came to this subreaper; returns how many there were.
pub fn reap_orphans() -> usize {
    let mut n = 0;
    loop {
        match waitpid(Pid::from_raw(-1), Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) | Err(_) => return n,
            Ok(_) => n += 1,
        }
    }
}

/// The run directories of the viewer with this pid still in the temp dir.
pub fn run_dirs_of(pid: u32) -> Vec<String> {
    std::fs::read_dir(std::env::temp_dir())
        .expect("temp dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("forkbook-{pid}-")))
        .collect()
}

/// A headless run; on drop it and every marked process are killed.
pub struct Viewer {
    pub child: Child,
    pub mark: String,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
    /// Every trace line read so far.
    pub seen: Vec<String>,
}

impl Viewer {
    /// `forkbook run --headless ARGS` with processes marked `<test pid>-<tag>`.
    pub fn start(args: &[&str], tag: &str) -> Viewer {
        let mark = format!("{}-{tag}", std::process::id());
        let mut child = Command::new(env!("CARGO_BIN_EXE_forkbook"))
            .args(["run", "--headless"])
            .args(args)
            .env("FORKBOOK_TEST_MARK", &mark)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("forkbook starts");
        let lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        Viewer { child, mark, lines, seen: Vec::new() }
    }

    /// Reads trace lines until one contains `text`; returns the lines this call read, that
    /// one last.
    pub fn read_until(&mut self, text: &str) -> Vec<String> {
        let from = self.seen.len();
        for line in self.lines.by_ref() {
            let line = line.expect("utf-8 trace");
            let done = line.contains(text);
            self.seen.push(line);
            if done {
                return self.seen[from..].to_vec();
            }
        }
        panic!("the trace ended before '{text}':\n{}", self.seen.join("\n"));
    }

    /// Sends `sig` to forkbook itself.
    pub fn signal(&self, sig: Signal) {
        kill(Pid::from_raw(self.child.id() as i32), sig).expect("our own child is still there to signal");
    }

    /// The rest of the trace and the exit code, failing the test if forkbook takes longer
    /// than `limit` to end.
    pub fn finish_within(&mut self, limit: Duration) -> (String, Option<i32>) {
        let pid = self.child.id() as i32;
        // A watchdog: a viewer that hangs is killed, so the reads below end.
        let watchdog = std::thread::spawn(move || {
            let deadline = Instant::now() + limit;
            while Instant::now() < deadline {
                if std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| s.contains(") Z")) {
                    return false;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
            true
        });
        for line in self.lines.by_ref() {
            self.seen.push(line.unwrap_or_default());
        }
        let status = self.child.wait().expect("forkbook is our child");
        let hung = watchdog.join().unwrap_or(true);
        assert!(!hung, "forkbook did not end within {limit:?}:\n{}", self.seen.join("\n"));
        (self.seen.join("\n"), status.code())
    }

    /// Waits until no marked process but forkbook itself is left (reaping orphans); returns
    /// the survivors.
    pub fn survivors(&self, within: Duration) -> Vec<i32> {
        let deadline = Instant::now() + within;
        loop {
            reap_orphans();
            let left: Vec<i32> = marked(&self.mark).into_iter().filter(|p| *p != self.child.id() as i32).collect();
            if left.is_empty() || Instant::now() > deadline {
                return left;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for forkbook to exit, then returns the marked processes still alive after 5 s.
    pub fn finish(&mut self) -> Vec<i32> {
        let _ = self.child.wait();
        self.survivors(Duration::from_secs(5))
    }
}

impl Drop for Viewer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for pid in marked(&self.mark) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGKILL);
        }
        std::thread::sleep(Duration::from_millis(50));
        reap_orphans();
    }
}
