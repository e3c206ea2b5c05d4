//! No mess left behind: forkbook killed or interrupted mid-lesson leaves no lesson process,
//! runner, zombie or run directory. The harness is a subreaper, so orphans come to it (not to
//! init) and can be seen; every spawned process carries a marker in its environment.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

#[path = "support/run.rs"]
mod support;
use std::time::{Duration, Instant};
use support::marked;

/// Tests here reap orphans with waitpid(-1), so they must not run side by side.
static SERIAL: Mutex<()> = Mutex::new(());

fn become_subreaper() {
    nix::sys::prctl::set_child_subreaper(true).expect("Linux lets any process become a subreaper");
}

/// Reaps every orphan that came to this subreaper; returns how many there were.
fn reap_orphans() -> usize {
    let mut n = 0;
    loop {
        match waitpid(Pid::from_raw(-1), Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) | Err(_) => return n,
            Ok(_) => n += 1,
        }
    }
}

/// A forkbook run that is killed with SIGKILL if the test fails halfway.
struct Viewer {
    child: Child,
    mark: String,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl Viewer {
    fn start(lesson: &str, extra: &[&str]) -> Viewer {
        let mark = format!("{}-{}", std::process::id(), lesson);
        let mut child = Command::new(env!("CARGO_BIN_EXE_forkbook"))
            .args(["run", lesson, "--headless"])
            .args(extra)
            .env("FORKBOOK_TEST_MARK", &mark)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("forkbook starts");
        let lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        Viewer { child, mark, lines }
    }

    /// Reads trace lines until one contains `text`; returns the lines read.
    fn read_until(&mut self, text: &str) -> Vec<String> {
        let mut seen = Vec::new();
        for line in self.lines.by_ref() {
            let line = line.expect("utf-8 trace");
            let done = line.contains(text);
            seen.push(line);
            if done {
                return seen;
            }
        }
        panic!("the trace ended before '{text}':\n{}", seen.join("\n"));
    }

    fn signal(&self, sig: Signal) {
        kill(Pid::from_raw(self.child.id() as i32), sig).expect("our own child is still there to signal");
    }

    /// Waits for forkbook to exit, then until no marked process is left; returns the survivors.
    fn finish(&mut self) -> Vec<i32> {
        let _ = self.child.wait();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            reap_orphans();
            let left = marked(&self.mark);
            if left.is_empty() || Instant::now() > deadline {
                return left;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
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

fn run_dirs_of(pid: u32) -> Vec<String> {
    std::fs::read_dir(std::env::temp_dir())
        .expect("temp dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("forkbook-{pid}-")))
        .collect()
}

fn killed_mid_lesson_leaves_nothing(sig: Signal) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    become_subreaper();
    let mut viewer = Viewer::start("joinable_queue", &["--speed", "2", "--seed", "1"]);
    let seen = viewer.read_until("生产了");
    let live = marked(&viewer.mark);
    assert!(
        live.len() >= 7,
        "viewer, runner, main, 3 producers and 2 consumers should be running: {live:?}\n{}",
        seen.join("\n")
    );
    let viewer_pid = viewer.child.id();
    viewer.signal(sig);
    let survivors = viewer.finish();
    assert!(survivors.is_empty(), "still running after signal {sig}: {survivors:?}");
    let left = run_dirs_of(viewer_pid);
    let detail: Vec<String> = left
        .iter()
        .map(|d| {
            let dir = std::env::temp_dir().join(d);
            let files: Vec<String> = std::fs::read_dir(&dir)
                .map(|r| r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
                .unwrap_or_default();
            format!("{d}: {files:?} log={:?}", std::fs::read_to_string(dir.join("runner.log")).unwrap_or_default())
        })
        .collect();
    assert!(left.is_empty(), "run directory left behind: {detail:?}");
}

#[test]
fn sigkill_of_forkbook_mid_lesson_leaves_no_process_behind() {
    killed_mid_lesson_leaves_nothing(Signal::SIGKILL);
}

#[test]
fn sigterm_of_forkbook_mid_lesson_leaves_no_process_behind() {
    killed_mid_lesson_leaves_nothing(Signal::SIGTERM);
}

#[test]
fn ctrl_c_of_forkbook_mid_lesson_leaves_no_process_behind() {
    killed_mid_lesson_leaves_nothing(Signal::SIGINT);
}

#[test]
fn sighup_of_forkbook_mid_lesson_leaves_no_process_behind() {
    killed_mid_lesson_leaves_nothing(Signal::SIGHUP);
}

#[test]
fn lanes_are_real_processes_with_their_python_names() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut viewer = Viewer::start("joinable_queue", &["--speed", "2", "--seed", "1"]);
    let seen = viewer.read_until("生产了");
    let started: Vec<(i32, String)> = seen
        .iter()
        .filter(|l| l.contains("started by"))
        .filter_map(|l| {
            let mut words = l.split_whitespace().skip(1);
            Some((words.next()?.parse().ok()?, words.next()?.to_string()))
        })
        .collect();
    assert!(started.len() >= 5, "{}", seen.join("\n"));
    for (pid, name) in &started {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        assert_eq!(comm.trim_end(), name.as_str(), "pid {pid} in ps is not {name}");
    }
    viewer.signal(Signal::SIGTERM);
    assert!(viewer.finish().is_empty());
}

#[test]
fn a_finished_run_still_on_screen_leaves_no_zombie_runner() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let lesson = forkbook::lesson::resolve("start").expect("a built-in lesson");
    let settings = forkbook::runtime::Settings {
        speed: 50.0,
        exe: Some(env!("CARGO_BIN_EXE_forkbook").into()),
        ..forkbook::runtime::Settings::default()
    };
    let run = forkbook::runtime::start(&lesson, settings).expect("the run starts");
    let mut runner = None;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        match run.next_event(Duration::from_secs(1)).map(|ev| ev.kind) {
            Some(forkbook::event::EventKind::RunStarted { runner: pid, .. }) => runner = Some(pid),
            Some(forkbook::event::EventKind::RunEnded { .. }) => break,
            _ => {}
        }
    }
    let runner = runner.expect("the run said who its runner is");
    // The Run is still alive (a front end showing the finished run): its runner is reaped
    // already, so /proc has no entry for it, zombie or not.
    assert!(
        !std::path::Path::new(&format!("/proc/{runner}")).exists(),
        "runner {runner} is still in the process table after the run ended"
    );
    drop(run);
}
