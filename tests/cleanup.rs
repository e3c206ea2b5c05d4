//! No mess left behind: forkbook killed or interrupted mid-lesson leaves no lesson process,
//! runner, zombie or run directory. The harness is a subreaper, so orphans come to it (not to
//! init) and can be seen; every spawned process carries a marker in its environment.

use std::sync::Mutex;

use nix::sys::signal::Signal;

#[path = "support/run.rs"]
mod support;
#[path = "support/viewer.rs"]
mod viewer;
use std::time::{Duration, Instant};
use support::marked;
use viewer::{Viewer, become_subreaper, run_dirs_of};

/// Tests here reap orphans with waitpid(-1), so they must not run side by side.
static SERIAL: Mutex<()> = Mutex::new(());

fn killed_mid_lesson_leaves_nothing(sig: Signal) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    become_subreaper();
    let mut viewer = Viewer::start(&["joinable_queue", "--speed", "2", "--seed", "1"], "joinable_queue");
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
    let mut viewer = Viewer::start(&["joinable_queue", "--speed", "2", "--seed", "1"], "joinable_queue");
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

#[test]
fn a_closed_stdout_stops_the_run_says_so_and_leaves_no_process_behind() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    become_subreaper();
    let mark = format!("{}-closed-stdout", std::process::id());
    let mut child = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", "--headless", "joinable_queue", "--speed", "2", "--seed", "1"])
        .env("FORKBOOK_TEST_MARK", &mark)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("forkbook starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a first line");
    drop(stdout);
    let mut stderr = String::new();
    child.stderr.take().expect("piped").read_to_string(&mut stderr).expect("stderr read");
    let status = child.wait().expect("forkbook is our child");
    let deadline = Instant::now() + Duration::from_secs(5);
    let survivors = loop {
        viewer::reap_orphans();
        let left = marked(&mark);
        if left.is_empty() || Instant::now() > deadline {
            break left;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    for pid in &survivors {
        let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(*pid), Signal::SIGKILL);
    }
    assert_eq!(status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("the output could not be written") && stderr.contains("the run was stopped"), "{stderr}");
    assert!(survivors.is_empty(), "still running after stdout closed: {survivors:?}");
}
