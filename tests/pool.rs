//! The pool and crawler lessons run for real: result order of imap and imap_unordered, apply
//! against apply_async as a ratio of run times, callbacks running in the main process.

use std::process::Command;

/// The JSON events of a run.
fn events(lesson: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .args(["run", lesson, "--headless", "--json", "--speed", "20"])
        .args(args)
        .output()
        .expect("forkbook runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect()
}

/// Printed lines of a run as (pid, text).
fn printed(lesson: &str, args: &[&str]) -> Vec<(i64, String)> {
    events(lesson, args)
        .iter()
        .filter(|e| e["kind"] == "printed")
        .map(|e| (e["pid"].as_i64().expect("pid"), e["text"].as_str().expect("text").to_string()))
        .collect()
}

/// The numbers in lines starting with `prefix` (`got 3` → 3), in order.
fn numbers(lines: &[(i64, String)], prefix: &str, suffix: &str) -> Vec<i64> {
    lines
        .iter()
        .filter_map(|(_, t)| {
            t.strip_prefix(prefix).and_then(|r| r.split(suffix).next()).and_then(|n| n.trim().parse().ok())
        })
        .collect()
}

#[test]
fn imap_hands_out_results_in_input_order() {
    let lines = printed("pool", &["--set", "method=imap", "--seed", "5"]);
    assert_eq!(numbers(&lines, "got ", " "), (0..10).collect::<Vec<_>>());
}

#[test]
fn imap_unordered_hands_out_results_in_the_order_they_finish() {
    let evs = events("pool", &["--set", "method=imap_unordered", "--seed", "5"]);
    // The order results entered the real result queue: [job, chunk, ok, [value]].
    let finished: Vec<i64> = evs
        .iter()
        .filter(|e| e["kind"] == "put" && e["object"] == "po.results")
        .filter_map(|e| e["item"][3][0].as_i64())
        .collect();
    let lines: Vec<(i64, String)> = evs
        .iter()
        .filter(|e| e["kind"] == "printed")
        .map(|e| (0, e["text"].as_str().expect("text").to_string()))
        .collect();
    let got = numbers(&lines, "got ", " ");
    assert_eq!(got.len(), 10);
    assert_eq!(got, finished, "results came in completion order");
    assert_ne!(got, (0..10).collect::<Vec<_>>(), "with these sleeps the completion order is not the input order");
}

fn run_time(method: &str) -> f64 {
    let lines = printed("pool", &["--set", &format!("method={method}"), "--seed", "7"]);
    let (_, t) = lines.iter().find(|(_, t)| t.starts_with("用时")).expect("the time is printed");
    t.trim_start_matches("用时 ").trim_end_matches(" 秒").parse().expect("seconds")
}

#[test]
fn apply_takes_about_the_sum_of_the_tasks_and_apply_async_about_a_quarter() {
    let (serial, parallel) = (run_time("apply"), run_time("apply_async"));
    // Four workers: apply_async should take roughly a quarter; allow a wide margin.
    assert!(serial / parallel > 2.0, "apply {serial} s, apply_async {parallel} s");
}

#[test]
fn crawler_callbacks_run_in_the_main_process_once_per_page() {
    let lines = printed("crawler", &["--seed", "2"]);
    let getters: std::collections::BTreeSet<i64> =
        lines.iter().filter(|(_, t)| t.contains("> get ")).map(|(p, _)| *p).collect();
    let parsers: std::collections::BTreeSet<i64> =
        lines.iter().filter(|(_, t)| t.contains("> parse ")).map(|(p, _)| *p).collect();
    assert_eq!(lines.iter().filter(|(_, t)| t.contains("> parse ")).count(), 5);
    assert_eq!(parsers.len(), 1, "one process parses: {parsers:?}");
    assert!(getters.is_disjoint(&parsers), "workers fetch, the main process parses");
}

#[test]
fn the_main_process_waits_for_results_while_pool_join_hands_them_out() {
    let evs = events("crawler", &["--seed", "2"]);
    let main = evs.iter().find(|e| e["kind"] == "started" && e["name"] == "MainProcess").expect("main")["pid"].clone();
    let mine: Vec<&serde_json::Value> = evs.iter().filter(|e| e["pid"] == main).collect();
    // p.join() is line 32 of the program: the main process waits in it (for its workers, as
    // CPython's does) until the first result comes, and says so rather than 'running'.
    let join = mine.iter().position(|e| e["kind"] == "at_step" && e["line"] == 32).expect("main reaches p.join()");
    let after = &mine[join..];
    let waited = after.iter().position(|e| e["kind"] == "waiting").expect("a wait in join()");
    let got = after.iter().position(|e| e["kind"] == "got" && e["object"] == "p.results").expect("a result");
    assert!(waited < got, "join() waits before its first result and says so");
}

#[test]
fn a_worker_killed_mid_task_is_replaced_by_a_new_pid_and_its_result_never_comes() {
    use forkbook::event::EventKind;
    use forkbook::runtime::{self, Settings};
    use std::time::{Duration, Instant};

    let lesson = forkbook::lesson::resolve("pool").expect("pool lesson");
    let settings = Settings {
        knobs: [
            ("method".into(), forkbook::value::Value::Str("apply_async".into())),
            ("processes".into(), forkbook::value::Value::Int(2)),
        ]
        .into(),
        seed: 4,
        speed: 2.0,
        max_secs: 20.0,
        exe: Some(env!("CARGO_BIN_EXE_forkbook").into()),
        ..Settings::default()
    };
    let run = runtime::start(&lesson, settings).expect("the run starts");
    let (mut victim, mut killed_at, mut replaced, mut reaped_as) = (None, None, false, None);
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        let Some(ev) = run.next_event(Duration::from_millis(100)) else { continue };
        match &ev.kind {
            // Kill the first worker once it has taken a task and is sleeping in it.
            EventKind::Sleeping { .. } if victim.is_none() => {
                victim = Some(ev.pid);
                assert!(run.kill(ev.pid), "a lesson process can be killed");
                killed_at = Some(ev.seq);
            }
            EventKind::Started { name, .. } if killed_at.is_some() && name.starts_with("ForkPoolWorker") => {
                replaced = true
            }
            EventKind::Reaped { child, exitcode } if Some(*child) == victim => reaped_as = Some(*exitcode),
            _ => {}
        }
        if replaced && reaped_as.is_some() {
            break;
        }
    }
    assert!(!run.kill(std::process::id() as i32), "only the run's own processes can be killed");
    drop(run);
    assert_eq!(reaped_as, Some(-9), "the killed worker is reaped with -SIGKILL");
    assert!(replaced, "a new worker process takes its place");
}

#[test]
fn pool_map_with_a_hundred_thousand_one_call_tasks_finishes() {
    // Both pipes fill long before the last task is written: the submitting process must take
    // answers meanwhile (as CPython's result handler does) or it and its workers wait for
    // each other for ever.
    pool_map_finishes("range(100000), chunksize=1", "100000 333328333350000");
}

#[test]
fn pool_map_with_chunks_larger_than_a_default_pipe_finishes() {
    // The default chunksize makes chunks of 6,250 tasks, each message larger than a pipe of
    // the system's default size: the pool's own pipes must hold them (CPython's handler
    // threads never let its main thread wait on them).
    pool_map_finishes("range(50000)", "50000 41665416675000");
}

fn pool_map_finishes(args: &str, printed: &str) {
    let dir = std::env::temp_dir().join(format!("forkbook-pool-many-{}-{}", std::process::id(), printed.len()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let program = dir.join("many.py");
    std::fs::write(
        &program,
        format!(
            "from multiprocessing import Pool\n\ndef square(x):\n    return x * x\n\nif __name__ == '__main__':\n    \
             with Pool(2) as pool:\n        results = pool.map(square, {args})\n    \
             print(len(results), sum(results))\n"
        ),
    )
    .expect("writes the program");
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .arg("run")
        .arg(&program)
        .args(["--headless", "--max-time", "120"])
        .output()
        .expect("forkbook runs");
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(printed), "{stdout}");
    assert!(stdout.contains("outcome: finished"), "{stdout}");
}
