//! Races decided by timing, forkbook beside CPython: the same lesson program 20 times under
//! forkbook (real processes, CPython's start costs modelled in `runtime/costs.rs`) and under
//! `python3` (the program with the same knob values; at speed 10 its sleeps are cut to a
//! tenth, as forkbook's speed does), with the outcomes tallied. The rows: the ticket race
//! without the lock (100 buyers, 1 ticket) at speed 1 and 10, and the daemon that tries to
//! start a child (does its AssertionError ever show, or does the main process's SIGTERM come
//! first?), and the count four processes reach in a shared Value without `get_lock()`. Also
//! once with `--fast`, to show what the cost model changes. Prints, never asserts. Run with
//! `cargo bench --bench races` (a few minutes).

use std::collections::BTreeMap;
use std::process::Command;

use forkbook::lesson::{self, Lesson};
use forkbook::play::play;
use forkbook::runtime::{Options, Settings};
use forkbook::trace::World;

const RUNS: usize = 20;

/// One race: a lesson with knob values, the speed, and how a run's outcome is told.
struct Race {
    name: &'static str,
    lesson: &'static str,
    knobs: &'static [(&'static str, &'static str)],
    speed: f64,
    /// Text replacements that make the CPython program match the speed (its sleeps).
    cpython_edits: &'static [(&'static str, &'static str)],
    ours: fn(&World) -> String,
    theirs: fn(&str, &str) -> String,
}

const RACES: &[Race] = &[
    Race {
        name: "ticket race, 100 buyers, 1 ticket, speed 1: sold",
        lesson: "lock",
        knobs: &[("use_lock", "false"), ("buyers", "100")],
        speed: 1.0,
        cpython_edits: &[],
        ours: |w| w.printed_count("购票成功").to_string(),
        theirs: |out, _| out.matches("购票成功").count().to_string(),
    },
    Race {
        name: "ticket race, 100 buyers, 1 ticket, speed 10: sold",
        lesson: "lock",
        knobs: &[("use_lock", "false"), ("buyers", "100")],
        speed: 10.0,
        cpython_edits: &[("time.sleep(0.1)", "time.sleep(0.01)"), ("time.sleep(0.2)", "time.sleep(0.02)")],
        ours: |w| w.printed_count("购票成功").to_string(),
        theirs: |out, _| out.matches("购票成功").count().to_string(),
    },
    Race {
        name: "shared Value, 4 processes × 10000 increments without get_lock: the count",
        lesson: "shared_value",
        knobs: &[],
        speed: 1.0,
        cpython_edits: &[],
        ours: |w| count_of(w.output.first().map_or("", |l| l.text.as_str())),
        theirs: |out, _| count_of(out.lines().next().unwrap_or("")),
    },
    Race {
        name: "daemon with a child: p1 printed 123 / its AssertionError showed",
        lesson: "daemon",
        knobs: &[("grandchild", "true")],
        speed: 1.0,
        cpython_edits: &[],
        ours: |w| {
            daemon_outcome(w.printed_count("123") > 0, w.output.iter().any(|l| l.text.contains("AssertionError")))
        },
        theirs: |out, err| daemon_outcome(out.lines().any(|l| l == "123"), err.contains("AssertionError")),
    },
];

/// The count in "N of M".
fn count_of(line: &str) -> String {
    line.split(' ').next().unwrap_or("").to_string()
}

fn daemon_outcome(printed: bool, raised: bool) -> String {
    format!("123 {}, error {}", if printed { "yes" } else { "no" }, if raised { "shown" } else { "never" })
}

/// The outcomes of `RUNS` runs, as "outcome ×count" sorted by outcome; numbers that are
/// mostly different as their range and median.
fn tally(outcomes: impl Iterator<Item = String>) -> String {
    let outcomes: Vec<String> = outcomes.collect();
    let mut numbers: Vec<i64> = outcomes.iter().filter_map(|o| o.parse().ok()).collect();
    if numbers.len() == outcomes.len() && numbers.len() > 8 {
        numbers.sort_unstable();
        let distinct = numbers.windows(2).filter(|w| w[0] != w[1]).count() + 1;
        if distinct > 8 {
            let (lo, mid, hi) = (numbers[0], numbers[numbers.len() / 2], numbers[numbers.len() - 1]);
            return format!("from {lo} to {hi}, median {mid}");
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for o in outcomes {
        *counts.entry(o).or_default() += 1;
    }
    counts.iter().map(|(o, n)| format!("{o} ×{n}")).collect::<Vec<_>>().join(", ")
}

fn forkbook(lesson: &Lesson, race: &Race, cpython_costs: bool) -> String {
    let texts: Vec<(String, String)> = race.knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let knobs = lesson.knob_values(&texts).unwrap_or_else(|d| panic!("{d:?}"));
    let outcomes = (0..RUNS).map(|i| {
        let settings = Settings {
            knobs: knobs.clone(),
            seed: i as u64,
            speed: race.speed,
            exe: Some(env!("CARGO_BIN_EXE_forkbook").into()),
            options: Options { variables: false, cpython_costs, ..Options::default() },
            ..Settings::default()
        };
        let world = play(lesson, settings, |_, _| {}).unwrap_or_else(|e| panic!("{e}"));
        (race.ours)(&world)
    });
    tally(outcomes)
}

fn cpython(lesson: &Lesson, race: &Race) -> Option<String> {
    let texts: Vec<(String, String)> = race.knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let knobs = lesson.knob_values(&texts).ok()?;
    let mut program = lesson.program_text(&knobs);
    for (from, to) in race.cpython_edits {
        program = program.replace(from, to);
    }
    let dir = std::env::temp_dir().join(format!("forkbook-races-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join("prog.py"), &program).ok()?;
    let mut outcomes = Vec::new();
    for _ in 0..RUNS {
        let out =
            Command::new("python3").arg("prog.py").current_dir(&dir).env("PYTHONUNBUFFERED", "1").output().ok()?;
        outcomes.push((race.theirs)(&String::from_utf8_lossy(&out.stdout), &String::from_utf8_lossy(&out.stderr)));
    }
    let _ = std::fs::remove_dir_all(&dir);
    Some(tally(outcomes.into_iter()))
}

fn main() {
    let catalog = lesson::builtin::catalog().unwrap_or_else(|d| panic!("{d:?}"));
    for race in RACES {
        let lesson = catalog.iter().find(|l| l.id == race.lesson).expect("a built-in lesson");
        println!("{} ({RUNS} runs each)", race.name);
        println!("  forkbook        {}", forkbook(lesson, race, true));
        println!("  forkbook --fast {}", forkbook(lesson, race, false));
        println!("  CPython         {}", cpython(lesson, race).unwrap_or_else(|| "n/a (no python3)".into()));
    }
}
