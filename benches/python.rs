//! The interpreter's speed against CPython on this machine: the same Python runs under
//! forkbook's interpreter (test host, release build) and under `python3` (when present),
//! each timing only its loop, best of five. The bar (issue 11): `for i in range(1_000_000):
//! n += i` within 10x of CPython. Run with `cargo bench --bench python`; prints, never asserts.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use forkbook::python::test_host::TestHost;
use forkbook::python::{Interpreter, Program};

const WORKLOADS: &[(&str, &str)] = &[
    ("module loop: n += i, a million times", "n = 0\nfor i in range(1_000_000):\n    n += i\n"),
    (
        "function loop: locals",
        "def total():\n    n = 0\n    for i in range(1_000_000):\n        n += i\n    return n\ntotal()\n",
    ),
    (
        "mixed: calls, lists, dicts, f-strings",
        "def cost(item, qty):\n    return item['price'] * qty\nstock = {'price': 3, 'name': 'bun'}\nout = []\nfor i in range(100_000):\n    out.append(f\"{stock['name']}{i % 7}: {cost(stock, i % 5)}\")\n    if len(out) > 50:\n        out.clear()\n",
    ),
];

fn forkbook(source: &str) -> Duration {
    let program = Program::parse("bench.py", source).unwrap_or_else(|d| panic!("{d:?}"));
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let mut interp = Interpreter::new(&program, &[]).unwrap_or_else(|d| panic!("{d:?}"));
        let mut host = TestHost::new(PathBuf::from("."));
        let started = Instant::now();
        let exit = interp.run_main(&mut host);
        best = best.min(started.elapsed());
        assert_eq!(exit.code, 0, "{}", host.stderr);
    }
    best
}

fn cpython(source: &str) -> Option<Duration> {
    let timed = format!(
        "import time\n_t = time.perf_counter()\nexec(compile({source:?}, 'bench.py', 'exec'))\nprint(time.perf_counter() - _t)\n"
    );
    let mut best: Option<Duration> = None;
    for _ in 0..5 {
        let output = Command::new("python3").arg("-c").arg(&timed).output().ok()?;
        let seconds: f64 = String::from_utf8_lossy(&output.stdout).trim().parse().ok()?;
        let taken = Duration::from_secs_f64(seconds);
        best = Some(best.map_or(taken, |b| b.min(taken)));
    }
    best
}

fn main() {
    println!("{:<42} {:>12} {:>12} {:>8}", "workload", "forkbook", "CPython", "ratio");
    for (name, source) in WORKLOADS {
        let ours = forkbook(source);
        match cpython(source) {
            Some(theirs) => println!(
                "{name:<42} {:>10.1}ms {:>10.1}ms {:>7.2}x",
                ours.as_secs_f64() * 1e3,
                theirs.as_secs_f64() * 1e3,
                ours.as_secs_f64() / theirs.as_secs_f64()
            ),
            None => println!("{name:<42} {:>10.1}ms {:>12} {:>8}", ours.as_secs_f64() * 1e3, "no python3", "-"),
        }
    }
}
