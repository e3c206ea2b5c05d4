//! The conformance suite's multiprocessing programs, run by the real binary with real
//! processes (`forkbook run prog.py --headless --json`): every printed line, the main
//! process's exit code and the last uncaught error must equal what CPython 3.11 gave
//! (`tests/python/conformance/*.out` and `*.expect`, generated once with python3), text a
//! flush left unfinished (`printed_part`) joined with what follows, as a terminal shows it.
//! Programs that use what forkbook does not run yet are listed with the reason, and the test
//! fails when one of them starts passing, so the list stays true.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Programs known to differ, and why.
const NOT_YET: &[(&str, &str)] = &[];

/// What one run showed.
struct Shown {
    printed: Vec<String>,
    main_exit: Option<i64>,
    last_error: Option<String>,
}

fn run(program: &Path) -> Shown {
    let out = Command::new(env!("CARGO_BIN_EXE_forkbook"))
        .arg("run")
        .arg(program)
        .args(["--headless", "--json", "--speed", "20", "--max-time", "60", "--seed", "1"])
        .output()
        .expect("forkbook runs");
    let mut shown = Shown { printed: Vec::new(), main_exit: None, last_error: None };
    let mut main_pid = None;
    // What `printed_part` events left unfinished: the next output goes on on its line.
    let mut unfinished = String::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let ev: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not an event ({e}): {line}"));
        match ev["kind"].as_str() {
            Some("printed") => {
                shown.printed.push(std::mem::take(&mut unfinished) + ev["text"].as_str().unwrap_or_default());
            }
            Some("printed_part") => unfinished.push_str(ev["text"].as_str().unwrap_or_default()),
            Some("started") if ev["name"] == "MainProcess" => main_pid = ev["pid"].as_i64(),
            Some("reaped") if ev["child"].as_i64() == main_pid => shown.main_exit = ev["exitcode"].as_i64(),
            Some("raised") if ev["caught"] == false => {
                let (error, message) = (ev["error"].as_str().unwrap_or(""), ev["message"].as_str().unwrap_or(""));
                // CPython's traceback ends with the last line of a message of several lines.
                let whole = if message.is_empty() { error.to_string() } else { format!("{error}: {message}") };
                shown.last_error = whole.lines().rev().find(|l| !l.trim().is_empty()).map(str::to_string);
            }
            _ => {}
        }
    }
    if !unfinished.is_empty() {
        shown.printed.push(unfinished);
    }
    shown
}

/// `exit = N` and `stderr_last = "…"` from a `.expect` file.
fn expected(path: &Path) -> (i64, Option<String>) {
    let text = std::fs::read_to_string(path).expect(".expect file");
    let table: toml::Table = toml::from_str(&text).expect(".expect is TOML");
    let exit = table.get("exit").and_then(toml::Value::as_integer).unwrap_or(0);
    (exit, table.get("stderr_last").and_then(toml::Value::as_str).map(str::to_string))
}

/// Every difference between what forkbook showed and what CPython gave.
fn differences(program: &Path) -> Vec<String> {
    let shown = run(program);
    let want: Vec<String> = std::fs::read_to_string(program.with_extension("out"))
        .expect(".out file")
        .lines()
        .map(str::to_string)
        .collect();
    let (exit, stderr_last) = expected(&program.with_extension("expect"));
    let mut diffs = Vec::new();
    if shown.printed != want {
        let at =
            shown.printed.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(shown.printed.len().min(want.len()));
        diffs.push(format!(
            "output differs from line {}: forkbook {:?}, CPython {:?}",
            at + 1,
            shown.printed.get(at),
            want.get(at)
        ));
    }
    if shown.main_exit != Some(exit) {
        diffs.push(format!("main process exit code: forkbook {:?}, CPython {exit}", shown.main_exit));
    }
    if let Some(last) = stderr_last
        && shown.last_error.as_deref() != Some(last.as_str())
    {
        diffs.push(format!("last uncaught error: forkbook {:?}, CPython {last:?}", shown.last_error));
    }
    diffs
}

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/conformance");
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the conformance folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py") && p.to_string_lossy().contains("_mp_"))
        .collect();
    all.sort();
    all
}

#[test]
fn multiprocessing_programs_print_and_exit_as_under_cpython() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for program in programs() {
        let stem = program.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let known = NOT_YET.iter().find(|(name, _)| *name == stem);
        let diffs = differences(&program);
        ran += 1;
        match (known, diffs.is_empty()) {
            (None, false) => failures.push(format!("{stem}:\n    {}", diffs.join("\n    "))),
            (Some((_, why)), true) => {
                failures.push(format!("{stem} now matches CPython: take it off NOT_YET ('{why}')"))
            }
            _ => {}
        }
    }
    assert!(ran >= 15, "the suite has its multiprocessing programs ({ran} found)");
    assert!(failures.is_empty(), "{} program(s):\n{}", failures.len(), failures.join("\n"));
}
