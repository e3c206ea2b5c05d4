//! The command line as a user meets it: listing, wrong input, exit codes and messages.

use std::process::{Command, Output};

fn forkbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_forkbook")).args(args).env("LANG", "C").output().expect("forkbook runs")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn list_shows_every_built_in_lesson() {
    let out = forkbook(&["list"]);
    assert!(out.status.success());
    let t = text(&out);
    for id in ["join", "daemon", "lock", "semaphore", "joinable_queue"] {
        assert!(t.lines().any(|l| l.starts_with(id)), "{id} missing from:\n{t}");
    }
}

#[test]
fn an_unknown_lesson_is_a_usage_error_that_names_the_lessons() {
    let out = forkbook(&["run", "lokc", "--headless"]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("no built-in lesson 'lokc'") && t.contains("lock"), "{t}");
}

#[test]
fn a_knob_out_of_range_is_refused_with_its_range() {
    let out = forkbook(&["run", "lock", "--headless", "--set", "buyers=1000"]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("buyers") && t.contains("100"), "{t}");
}

#[test]
fn an_unknown_knob_is_refused() {
    let out = forkbook(&["run", "lock", "--headless", "--set", "use_lok=false"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("use_lock"), "{}", text(&out));
}

#[test]
fn a_speed_out_of_range_is_a_usage_error() {
    let out = forkbook(&["run", "lock", "--headless", "--speed", "100"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("0.25 to 50"), "{}", text(&out));
}

#[test]
fn a_bad_schedule_says_which_entry_is_wrong() {
    let out = forkbook(&["run", "lock", "--headless", "--schedule", "Process-1@x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("entry 1 'Process-1@x'"), "{}", text(&out));
}

#[test]
fn check_points_at_the_line_and_column_of_a_mistake() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/semaphore.toml")).expect("lesson");
    // A construct outside the subset, inside the lesson's Python program.
    let broken = src.replacen("    sem.acquire()\n", "    sem.acquire()\n    yield user\n", 1);
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, &broken).expect("write");
    let line = broken.lines().position(|l| l.contains("yield user")).expect("line") + 1;
    let out = forkbook(&["check", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains(&format!("broken.toml:{line}:5:")), "{t}");
    assert!(t.contains("yield"), "{t}");
}

#[test]
fn check_accepts_every_built_in_lesson_file() {
    let out = forkbook(&["check", concat!(env!("CARGO_MANIFEST_DIR"), "/lessons")]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn json_lines_are_one_event_each_in_seq_order() {
    let out = forkbook(&["run", "daemon", "--headless", "--json", "--speed", "20"]);
    assert!(out.status.success(), "{}", text(&out));
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("each line is JSON"))
        // The verdict line that ends the output is no event.
        .filter(|e| e.get("kind").is_some())
        .collect();
    let kinds: Vec<&str> = events.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(kinds.first(), Some(&"run_started"));
    assert_eq!(kinds.last(), Some(&"run_ended"));
    assert!(kinds.contains(&"printed") && kinds.contains(&"reaped"));
    let key = |e: &serde_json::Value| (e["seq"].as_u64().expect("seq"), e["sub"].as_u64().unwrap_or(0));
    let own: Vec<u64> =
        events.iter().filter(|e| e["kind"] != "kernel" && e.get("sub").is_none()).map(|e| key(e).0).collect();
    assert!(own.windows(2).all(|w| w[0] < w[1]), "events out of seq order: {own:?}");
    // Step markers carry their process's last seq: in order within each process.
    let mut per_pid: std::collections::BTreeMap<i64, Vec<(u64, u64)>> = Default::default();
    for e in events.iter().filter(|e| e["kind"] != "kernel") {
        per_pid.entry(e["pid"].as_i64().expect("pid")).or_default().push(key(e));
    }
    for (pid, keys) in per_pid {
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "pid {pid}'s events out of order: {keys:?}");
    }
}

#[test]
fn a_run_with_knobs_no_expectation_was_written_for_is_graded_by_none_and_exits_0() {
    // The six-buyer expectation sets no lock_per_process; it must not grade this run.
    let args = ["run", "lock", "--headless", "--speed", "10", "--set", "lock_per_process=true"];
    let out = forkbook(&[&args[..], &["--set", "buyers=6", "--set", "tickets=2"]].concat());
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(!t.contains("expectation:"), "{t}");
}

#[test]
fn json_output_ends_with_a_verdict_and_exits_1_when_an_expectation_fails() {
    // A free run at the default knobs is graded by the one expectation written for it.
    let ok = forkbook(&["run", "daemon", "--headless", "--json", "--speed", "20"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    let last = |out: &Output| -> serde_json::Value {
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        serde_json::from_str(stdout.lines().last().expect("a last line")).expect("JSON")
    };
    let verdict = last(&ok);
    assert_eq!(verdict["verdict"]["ok"], true, "{verdict}");
    assert_eq!(verdict["verdict"]["expectations"].as_array().map(Vec::len), Some(1), "{verdict}");

    // The same run graded by a copy of the lesson whose expectation is wrong: it fails.
    let dir = tempfile::tempdir().expect("temp dir");
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/daemon.toml")).expect("lesson");
    let failing = src.replacen("checks = ['printed(\"end123\") == 0'", "checks = ['printed(\"end123\") == 1'", 1);
    assert_ne!(failing, src, "the daemon expectation's first check moved");
    let path = dir.path().join("daemon.toml");
    std::fs::write(&path, failing).expect("write");
    let bad = forkbook(&["run", path.to_str().expect("utf-8 path"), "--headless", "--json", "--speed", "20"]);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    let verdict = last(&bad);
    assert_eq!(verdict["verdict"]["ok"], false, "{verdict}");
    let checks = &verdict["verdict"]["expectations"][0]["checks"];
    assert_eq!(checks[0]["holds"], false, "{verdict}");
    assert_eq!(checks[0]["was"], "False", "{verdict}");
}

/// What `run PROGRAM --headless --runs N` (with `more` arguments) printed on stdout, for a
/// program of `text`; the command must succeed.
fn tally_of(text_of_program: &str, runs: &str, more: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let program = dir.path().join("prog.py");
    std::fs::write(&program, text_of_program).expect("program written");
    let args = [&["run", program.to_str().expect("utf-8 path"), "--headless", "--runs", runs][..], more].concat();
    let out = forkbook(&args);
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn runs_of_a_program_without_questions_tally_what_each_run_printed() {
    let shown = tally_of("print('before the error')\nraise ValueError('boom')\n", "3", &["--speed", "10"]);
    let tally: Vec<&str> = shown.lines().skip(1).collect();
    assert_eq!(tally, ["3 of 3 runs printed:", "    before the error", "    ✗ ValueError"], "{shown}");
}

#[test]
fn runs_that_print_differently_show_the_commonest_outputs_by_their_last_lines() {
    let program = "import random\nfor i in range(9):\n    print('line', i)\nprint(random.randint(1, 10**9))\n";
    let shown = tally_of(program, "8", &["--seed", "1"]);
    let lines: Vec<&str> = shown.lines().collect();
    // Five outputs of one run each, each cut to its last eight lines, then the other three.
    assert_eq!(lines.iter().filter(|l| **l == "1 of 8 runs printed:").count(), 5, "{shown}");
    assert_eq!(lines.iter().filter(|l| **l == "    …").count(), 5, "{shown}");
    assert_eq!(lines.iter().filter(|l| **l == "    line 0").count(), 0, "{shown}");
    assert_eq!(lines.iter().filter(|l| **l == "    line 8").count(), 5, "{shown}");
    assert_eq!(lines.last(), Some(&"3 other outputs, in 3 runs"), "{shown}");
}
