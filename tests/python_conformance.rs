//! The conformance suite: every program in `tests/python/conformance/` that does not use
//! `multiprocessing` runs through forkbook's interpreter with the test host, and must print
//! what CPython printed (`.out`, byte for byte), exit with its code and end stderr with its
//! last line (`.expect`), or differ only as its `.note` allows. Every failing program is
//! shown with a diff before the test fails. (`multiprocessing` programs need the runtime.)

use std::path::{Path, PathBuf};

use forkbook::python::test_host::TestHost;
use forkbook::python::{Interpreter, Program};

/// Stack for the thread a program runs on, and how much of it Python calls may use: deep
/// recursion must raise RecursionError where CPython does, even in a debug build.
const STACK: usize = 512 << 20;
const BUDGET: usize = 480 << 20;

struct Outcome {
    stdout: String,
    stderr: String,
    code: i32,
}

fn programs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "py")).collect();
    files.sort();
    files
}

fn run(path: &Path) -> Result<Outcome, String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("prog.py").to_string();
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let cwd = dir.path().to_path_buf();
    let handle = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let program = Program::parse(&name, &source)
                .map_err(|ds| ds.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
            let mut interp = Interpreter::new(&program, &[]).map_err(|ds| format!("{ds:?}"))?;
            interp.set_stack_budget(BUDGET);
            let mut host = TestHost::new(cwd);
            host.argv = vec![name];
            let exit = interp.run_main(&mut host);
            Ok(Outcome { stdout: host.stdout, stderr: host.stderr, code: exit.code })
        })
        .map_err(|e| e.to_string())?;
    handle.join().map_err(|_| "the interpreter panicked".to_string())?
}

/// The first differences between expected and actual output, line by line.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.split('\n').collect(), actual.split('\n').collect());
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y && shown < 8 {
            out.push_str(&format!("    line {}:\n      CPython:  {:?}\n      forkbook: {:?}\n", i + 1, x, y));
            shown += 1;
        }
    }
    out
}

fn last_line(text: &str) -> &str {
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// What is wrong with one program's run, if anything.
fn check(path: &Path) -> Option<String> {
    let expected_out = std::fs::read_to_string(path.with_extension("out")).unwrap_or_default();
    let expect: toml::Table = std::fs::read_to_string(path.with_extension("expect"))
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default();
    let note: Option<toml::Table> =
        std::fs::read_to_string(path.with_extension("note")).ok().and_then(|t| toml::from_str(&t).ok());
    let outcome = match run(path) {
        Ok(outcome) => outcome,
        Err(error) => return Some(format!("  does not run:\n    {error}\n")),
    };
    let mut problems = String::new();
    let (want_out, want_exit, want_err, err_prefix) = match &note {
        Some(note) => {
            let n = note.get("stdout_prefix_lines").and_then(toml::Value::as_integer).unwrap_or(0) as usize;
            let prefix: String = expected_out.split_inclusive('\n').take(n).collect();
            let got: String = outcome.stdout.split_inclusive('\n').take(n).collect();
            if prefix != got {
                problems.push_str(&format!("  stdout (first {n} lines):\n{}", diff(&prefix, &got)));
            }
            (None, note.get("exit"), note.get("stderr_last_starts_with"), true)
        }
        None => (Some(&expected_out), expect.get("exit"), expect.get("stderr_last"), false),
    };
    if let Some(want) = want_out
        && *want != outcome.stdout
    {
        problems.push_str(&format!("  stdout:\n{}", diff(want, &outcome.stdout)));
    }
    if let Some(code) = want_exit.and_then(toml::Value::as_integer)
        && code != i64::from(outcome.code)
    {
        problems.push_str(&format!("  exit code: CPython {code}, forkbook {}\n", outcome.code));
    }
    if let Some(line) = want_err.and_then(toml::Value::as_str) {
        let got = last_line(&outcome.stderr);
        let matches = if err_prefix { got.starts_with(line) } else { got == line };
        if !matches {
            problems.push_str(&format!("  stderr's last line:\n      CPython:  {line:?}\n      forkbook: {got:?}\n"));
        }
    }
    (!problems.is_empty()).then_some(problems)
}

#[test]
fn every_program_without_multiprocessing_prints_what_cpython_printed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/conformance");
    let all = programs(&dir);
    let mut ran = 0;
    let mut failures = Vec::new();
    for path in &all {
        let source = std::fs::read_to_string(path).unwrap_or_default();
        if source.contains("multiprocessing") {
            continue;
        }
        ran += 1;
        if let Some(problems) = check(path) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
            failures.push(format!("{name}:\n{problems}"));
        }
    }
    eprintln!("ran {ran} programs without multiprocessing");
    for failure in &failures {
        eprintln!("{failure}");
    }
    assert!(failures.is_empty(), "{} of {ran} programs differ from CPython (shown above)", failures.len());
}
