//! `multiprocessing.Pool` in the Python host, run by the real binary with real processes:
//! programs print what CPython printed (`tests/python/pool/*.out`, generated once with
//! python3), callbacks run in the main process, and a worker killed in the middle of its
//! task is replaced while its task's result never comes.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use forkbook::event::{EventKind, WaitOp};
use forkbook::runtime::{self, Settings};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/pool");

/// The JSON events of a headless run of `tests/python/pool/<name>.py`.
fn events(name: &str) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .arg("run")
        .arg(Path::new(DIR).join(format!("{name}.py")))
        .args(["--headless", "--json", "--speed", "5", "--max-time", "60", "--seed", "1"])
        .output()
        .expect("forkbook runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect()
}

/// Printed lines as (pid, text).
fn printed(events: &[serde_json::Value]) -> Vec<(i64, String)> {
    events
        .iter()
        .filter(|e| e["kind"] == "printed")
        .map(|e| (e["pid"].as_i64().expect("pid"), e["text"].as_str().expect("text").to_string()))
        .collect()
}

fn main_pid(events: &[serde_json::Value]) -> i64 {
    let started = events.iter().find(|e| e["kind"] == "started" && e["name"] == "MainProcess");
    started.and_then(|e| e["pid"].as_i64()).expect("the main process started")
}

#[test]
fn pool_programs_print_what_cpython_prints() {
    for name in ["sending", "rules"] {
        let shown: Vec<String> = printed(&events(name)).into_iter().map(|(_, t)| t).collect();
        let want = std::fs::read_to_string(Path::new(DIR).join(format!("{name}.out"))).expect(".out file");
        assert_eq!(shown, want.lines().collect::<Vec<_>>(), "{name}.py");
    }
}

#[test]
fn callbacks_run_in_the_main_process_once_per_task() {
    let evs = events("callbacks");
    let main = main_pid(&evs);
    let lines = printed(&evs);
    assert!(lines.iter().all(|(pid, _)| *pid == main), "only the main process prints: {lines:?}");
    let mut texts: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(texts.pop(), Some("done"), "every callback ran before join() returned");
    texts.sort_unstable();
    assert_eq!(texts, ["failed ValueError('404 bad') True", "parse a 1 True", "parse ccc 3 True"]);
    let workers = evs
        .iter()
        .filter(|e| e["kind"] == "started" && e["name"].as_str().is_some_and(|n| n.starts_with("ForkPoolWorker")));
    assert_eq!(workers.count(), 2, "Pool(2) starts two workers");
}

#[test]
fn a_killed_workers_task_never_returns_and_a_new_worker_takes_its_place() {
    let lesson = forkbook::lesson::resolve(&format!("{DIR}/killed_worker.py")).expect("the program loads");
    let settings = Settings {
        seed: 4,
        speed: 2.0,
        max_secs: 20.0,
        exe: Some(env!("CARGO_BIN_EXE_forkbook").into()),
        ..Settings::default()
    };
    let run = runtime::start(&lesson, settings).expect("the run starts");
    let (mut main, mut victim, mut reaped_as, mut replacement) = (None, None, None, None);
    let (mut answers, mut replacement_idle, mut main_waits_again, mut printed) = (0, false, false, false);
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline && !main_waits_again {
        let Some(ev) = run.next_event(Duration::from_millis(100)) else { continue };
        match &ev.kind {
            EventKind::Started { name, .. } if name == "MainProcess" => main = Some(ev.pid),
            EventKind::Started { name, .. } if victim.is_some() && name.starts_with("ForkPoolWorker") => {
                replacement = Some(ev.pid)
            }
            // Kill the first worker once it has taken its task and sleeps in it.
            EventKind::Sleeping { .. } if victim.is_none() => {
                victim = Some(ev.pid);
                assert!(run.kill(ev.pid), "a lesson process can be killed");
            }
            EventKind::Reaped { child, exitcode } if Some(*child) == victim => reaped_as = Some(*exitcode),
            EventKind::Put { object, .. } if object == "pool.results" => answers += 1,
            // The new worker finds the task queue empty: the lost task is not run again.
            EventKind::Waiting { object, .. } if Some(ev.pid) == replacement && object == "pool.tasks" => {
                replacement_idle = true
            }
            EventKind::Waiting { object, op: WaitOp::Get, .. }
                if Some(ev.pid) == main && object == "pool.results" && answers == 1 && replacement_idle =>
            {
                main_waits_again = true
            }
            EventKind::Printed { .. } => printed = true,
            _ => {}
        }
    }
    drop(run);
    assert_eq!(reaped_as, Some(-9), "the killed worker is reaped with -SIGKILL");
    assert!(replacement.is_some(), "a new worker process takes its place");
    assert!(replacement_idle, "the new worker waits for tasks: the killed one's task is gone");
    assert_eq!(answers, 1, "only the surviving worker answers");
    assert!(main_waits_again, "the main process still waits for the lost result");
    assert!(!printed, "get() never returns");
}
