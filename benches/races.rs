//! Races decided by timing, forkbook beside CPython: each row runs a lesson program 20 times
//! under forkbook (real processes, CPython's start costs modelled in `runtime/costs.rs`) and
//! under `python3` (the program as the knob values make it; at speed 10 its sleeps are cut to
//! a tenth, as forkbook's speed does), and tallies one or more outcomes of each run. A row
//! covers a race a lesson's story, questions or expectations say timing decides. Some rows
//! also run forkbook `--fast`, to show what the cost model changes. Prints, never asserts.
//! Run with `cargo bench --bench races` (about ten minutes; `-- NAME` runs the rows whose
//! name contains NAME).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use forkbook::event::RunOutcome;
use forkbook::lesson::{self, Lesson};
use forkbook::play::play;
use forkbook::runtime::{Options, Settings};
use forkbook::trace::World;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

const RUNS: usize = 20;

/// What one run left behind, told the same way for forkbook and CPython so that one function
/// tallies both.
struct Outcome {
    /// Printed lines (stdout), in order.
    lines: Vec<String>,
    /// The class of each uncaught exception that ended a process (its last dotted part).
    errors: Vec<String>,
    /// Time from the first printed line to the last, in ms (forkbook: the lines' event
    /// times; CPython: when each line arrived on the pipe).
    span_ms: u64,
    /// The run never ended by itself: forkbook named it stuck or deadlocked, or CPython was
    /// still running at the row's timeout.
    hung: bool,
}

impl Outcome {
    fn count(&self, text: &str) -> usize {
        self.lines.iter().filter(|l| *l == text).count()
    }
    fn count_containing(&self, text: &str) -> usize {
        self.lines.iter().filter(|l| l.contains(text)).count()
    }
    fn first(&self, text: &str) -> Option<usize> {
        self.lines.iter().position(|l| l == text)
    }
    fn first_containing(&self, text: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.contains(text))
    }
    /// Which of `texts` was printed first.
    fn earliest(&self, texts: &[&str]) -> String {
        self.lines.iter().find(|l| texts.contains(&l.as_str())).map_or_else(|| "none".into(), |l| l.clone())
    }
    fn raised(&self, class: &str) -> usize {
        self.errors.iter().filter(|e| *e == class).count()
    }
    /// The uncaught exceptions, sorted, as "EOFError×3 + ValueError", or "none".
    fn errors_text(&self) -> String {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &self.errors {
            *counts.entry(e).or_default() += 1;
        }
        if counts.is_empty() {
            return "no error".into();
        }
        counts
            .iter()
            .map(|(e, n)| if *n == 1 { e.to_string() } else { format!("{e}×{n}") })
            .collect::<Vec<_>>()
            .join("+")
    }
    fn hung_text(&self) -> &'static str {
        if self.hung { ", hung" } else { "" }
    }
}

/// One outcome tallied over a race's runs.
struct Tally {
    what: &'static str,
    tell: fn(&Outcome) -> String,
}

/// One race: a lesson with knob values, the speed, and what is tallied.
struct Race {
    name: &'static str,
    lesson: &'static str,
    knobs: &'static [(&'static str, &'static str)],
    speed: f64,
    /// Text replacements that make the CPython program match the speed (its sleeps); each
    /// must occur in the program.
    cpython_edits: &'static [(&'static str, &'static str)],
    /// Lines put before the CPython program: a `fetch` for programs that call forkbook's.
    cpython_prelude: &'static str,
    /// CPython runs still going after this long are killed and count as hung.
    timeout_secs: u64,
    /// Also run forkbook `--fast` (without the cost model).
    fast: bool,
    tallies: &'static [Tally],
}

/// Put before every CPython program: stdout flushed at each newline, as on a terminal, so
/// that a print is one write and the lines of several processes interleave as whole lines
/// (unbuffered, a print writes its text and its newline apart and lines run together; fully
/// buffered, as on a pipe by default, the order between processes is lost).
const LINE_BUFFERED: &str = "import sys; sys.stdout.reconfigure(line_buffering=True)\n";

/// forkbook's `fetch(url)` for CPython: the same network-like delay, 0.1 to 0.5 s.
const FETCH: &str = "import time as _time, random as _random\n\
def fetch(url):\n    _time.sleep(0.1 + _random.random() * 0.4)\n    return '<html>%s</html>' % url\n";

/// `time.sleep(random.randint(1,3))` at a tenth.
const RANDINT_1_3_TENTH: (&str, &str) = ("time.sleep(random.randint(1, 3))", "time.sleep(random.randint(1, 3) / 10)");

/// The spawn lesson's buyers: how many saw the whole stock, and what was left (with errors).
const STOCK_TALLIES: &[Tally] = &[
    Tally { what: "buyers who see 100", tell: |o| o.count("100 surplus of stock").to_string() },
    Tally {
        what: "stock left; errors",
        tell: |o| {
            let left = o.lines.iter().find_map(|l| l.strip_prefix("stock left: ")).unwrap_or("?");
            format!("{left}; {}", o.errors_text())
        },
    },
];

const RACES: &[Race] = &[
    Race {
        name: "lock: ticket race without the lock, 100 buyers, 1 ticket, speed 1",
        lesson: "lock",
        knobs: &[("use_lock", "false"), ("buyers", "100")],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: true,
        tallies: &[Tally { what: "buyers who print 购票成功", tell: |o| o.count("购票成功").to_string() }],
    },
    Race {
        name: "lock: ticket race without the lock, 100 buyers, 1 ticket, speed 10",
        lesson: "lock",
        knobs: &[("use_lock", "false"), ("buyers", "100")],
        speed: 10.0,
        cpython_edits: &[("time.sleep(0.1)", "time.sleep(0.01)"), ("time.sleep(0.2)", "time.sleep(0.02)")],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: true,
        tallies: &[
            Tally { what: "buyers who print 购票成功", tell: |o| o.count("购票成功").to_string() },
            Tally {
                what: "buyers who find db.txt empty (JSONDecodeError)",
                tell: |o| o.raised("JSONDecodeError").to_string(),
            },
        ],
    },
    Race {
        name: "shared_value: 4 processes × 10000 increments without get_lock",
        lesson: "shared_value",
        knobs: &[],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 60,
        fast: true,
        tallies: &[Tally {
            what: "the count reached (of 40000)",
            tell: |o| o.lines.first().and_then(|l| l.split(' ').next()).unwrap_or("").to_string(),
        }],
    },
    Race {
        name: "manager: 4 workers × 10 read-then-write on a Manager dict without the lock",
        lesson: "manager",
        knobs: &[("use_lock", "false")],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[Tally {
            what: "lost updates (of 40)",
            tell: |o| {
                o.lines.iter().find_map(|l| l.strip_prefix("lost updates: ")).unwrap_or("none printed").to_string()
            },
        }],
    },
    Race {
        name: "manager: JoinableQueue through a Manager, the with block left without p.join()",
        lesson: "manager",
        knobs: &[("variant", "joinable"), ("wait_for_producer", "false")],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[Tally {
            what: "the children's uncaught errors; produce lines",
            tell: |o| format!("{}; {} produce{}", o.errors_text(), o.count_containing("produce "), o.hung_text()),
        }],
    },
    Race {
        name: "daemon: the daemon p1 and p2 beside the main process, speed 10",
        lesson: "daemon",
        knobs: &[],
        speed: 10.0,
        cpython_edits: &[("time.sleep(1)", "time.sleep(0.1)"), ("time.sleep(3)", "time.sleep(0.3)")],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[Tally {
            what: "first of main------- / 123 / 456",
            tell: |o| o.earliest(&["main-------", "123", "456"]),
        }],
    },
    Race {
        name: "daemon: a daemon p1 that starts a child, speed 10",
        lesson: "daemon",
        knobs: &[("grandchild", "true")],
        speed: 10.0,
        cpython_edits: &[("time.sleep(1)", "time.sleep(0.1)"), ("time.sleep(3)", "time.sleep(0.3)")],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: true,
        tallies: &[Tally {
            what: "p1 printed 123 / its AssertionError showed",
            tell: |o| {
                format!(
                    "123 {}, error {}",
                    if o.count("123") > 0 { "yes" } else { "no" },
                    if o.raised("AssertionError") > 0 { "shown" } else { "never" }
                )
            },
        }],
    },
    Race {
        name: "start: four children started, then the main process prints 主线程, speed 10",
        lesson: "start",
        knobs: &[],
        speed: 10.0,
        cpython_edits: &[("time.sleep(random.randrange(1, 5))", "time.sleep(random.randrange(1, 5) / 10)")],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[
            Tally { what: "first of 主线程 / anne runing", tell: |o| o.earliest(&["主线程", "anne runing"]) },
            Tally {
                what: "children's runing lines before 主线程",
                tell: |o| {
                    let main = o.first("主线程").unwrap_or(o.lines.len());
                    o.lines[..main].iter().filter(|l| l.ends_with(" runing")).count().to_string()
                },
            },
        ],
    },
    Race {
        name: "isolation: the main process reads db.txt without join()",
        lesson: "isolation",
        knobs: &[("join", "false")],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[Tally {
            what: "what the main process reads",
            tell: |o| o.lines.iter().find(|l| l.starts_with("文件")).cloned().unwrap_or_else(|| o.errors_text()),
        }],
    },
    Race {
        name: "lifecycle: dd terminated right after start()",
        lesson: "lifecycle",
        knobs: &[],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[
            Tally { what: "释放 lines dd prints", tell: |o| o.count_containing("释放").to_string() },
            Tally {
                what: "dd.is_alive(), dd.exitcode right after terminate()",
                tell: |o| o.lines.iter().filter(|l| l.starts_with("dd ")).nth(1).cloned().unwrap_or_default(),
            },
        ],
    },
    Race {
        name: "spawn: 10 buyers under fork",
        lesson: "spawn",
        knobs: &[("start_method", "fork")],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: STOCK_TALLIES,
    },
    Race {
        name: "spawn: 10 buyers under spawn",
        lesson: "spawn",
        knobs: &[("start_method", "spawn")],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 60,
        fast: false,
        tallies: STOCK_TALLIES,
    },
    Race {
        name: "why_processes: 1 million numbers, one process or four",
        lesson: "why_processes",
        knobs: &[("steps", "1")],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[Tally {
            what: "which is faster",
            tell: |o| o.lines.iter().find_map(|l| l.strip_prefix("faster: ")).unwrap_or("?").to_string(),
        }],
    },
    Race {
        name: "terminal: 3 workers without the lock, speed 10",
        lesson: "terminal",
        knobs: &[("use_lock", "false")],
        speed: 10.0,
        cpython_edits: &[("time.sleep(2)", "time.sleep(0.2)")],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[Tally {
            what: "lines before the first is done",
            tell: |o| o.first_containing(" is done").map_or("none".into(), |i| i.to_string()),
        }],
    },
    Race {
        name: "semaphore: 13 users, 5 places, speed 10",
        lesson: "semaphore",
        knobs: &[],
        speed: 10.0,
        cpython_edits: &[("time.sleep(random.randint(0, 3))", "time.sleep(random.randint(0, 3) / 10)")],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[Tally { what: "users who get in after a user started later", tell: overtaken }],
    },
    Race {
        name: "event: seed 002's flag, ten processes without join_each",
        lesson: "event",
        knobs: &[("join_each", "false")],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[Tally {
            what: "s from the first line to the last (longer when waits time out rather than find the flag set)",
            tell: |o| format!("{:.1}", o.span_ms as f64 / 1000.0),
        }],
    },
    Race {
        name: "deadlock: 10 workers taking two locks in opposite orders, speed 10",
        lesson: "deadlock",
        knobs: &[],
        speed: 10.0,
        cpython_edits: &[("time.sleep(2)", "time.sleep(0.2)")],
        cpython_prelude: "",
        timeout_secs: 3,
        fast: false,
        tallies: &[Tally {
            what: "拿到 lines, and whether it hung",
            tell: |o| format!("{}{}", o.count_containing(" 拿到"), o.hung_text()),
        }],
    },
    Race {
        name: "queue: two readers check empty() before get(timeout=1), one item",
        lesson: "queue",
        knobs: &[("puts", "1"), ("readers", "2"), ("get", "timeout")],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[
            Tally {
                what: "readers who print queue.Empty (check-then-act lost)",
                tell: |o| o.count("queue.Empty: the queue was empty after all").to_string(),
            },
            Tally {
                // 0: every reader's empty() said True before the main process's feeder wrote.
                what: "Get lines (0: no reader saw the item)",
                tell: |o| o.count_containing(" from queue.").to_string(),
            },
        ],
    },
    Race {
        name: "producer_consumer: 3 cooks each put their own None, 2 eaters, 2 items each, speed 10",
        lesson: "producer_consumer",
        knobs: &[("producers", "3"), ("consumers", "2"), ("items", "2")],
        speed: 10.0,
        cpython_edits: &[("time.sleep(random.randint(1,3))", "time.sleep(random.randint(1,3) / 10)")],
        cpython_prelude: "",
        timeout_secs: 30,
        fast: false,
        tallies: &[Tally {
            what: "吃 lines (of 6)",
            tell: |o| format!("{}{}", o.count_containing(" 吃 "), o.hung_text()),
        }],
    },
    Race {
        name: "joinable_queue: each eater calls task_done() twice, 2 items a cook, speed 10",
        lesson: "joinable_queue",
        knobs: &[("items", "2"), ("extra_task_done", "eater")],
        speed: 10.0,
        cpython_edits: &[RANDINT_1_3_TENTH],
        cpython_prelude: "",
        timeout_secs: 6,
        fast: false,
        tallies: &[Tally {
            what: "processes dead of ValueError, and whether it hung",
            tell: |o| format!("{}{}", o.raised("ValueError"), o.hung_text()),
        }],
    },
    Race {
        name: "voter: the process version (6 pages, 3 + 3 workers, patience 1 s)",
        lesson: "voter",
        knobs: &[],
        speed: 1.0,
        cpython_edits: &[],
        cpython_prelude: FETCH,
        timeout_secs: 60,
        fast: false,
        tallies: &[
            Tally { what: "uncaught errors at exit", tell: |o| format!("{}{}", o.errors_text(), o.hung_text()) },
            Tally { what: "news voted (of 12)", tell: |o| o.count_containing("取消推荐成功").to_string() },
        ],
    },
];

/// How many users print 占到 after a user with a higher number (started later) did.
fn overtaken(o: &Outcome) -> String {
    let mut highest = -1i64;
    let mut overtaken = 0;
    for l in &o.lines {
        let Some(n) = l.strip_prefix("user").and_then(|r| r.split(' ').next()).and_then(|n| n.parse::<i64>().ok())
        else {
            continue;
        };
        if n < highest {
            overtaken += 1;
        }
        highest = highest.max(n);
    }
    overtaken.to_string()
}

/// The outcomes of `RUNS` runs, as "outcome ×count" sorted by outcome; numbers that are
/// mostly different as their range and median.
fn tally(outcomes: impl Iterator<Item = String>) -> String {
    let outcomes: Vec<String> = outcomes.collect();
    let mut numbers: Vec<f64> = outcomes.iter().filter_map(|o| o.parse().ok()).collect();
    if numbers.len() == outcomes.len() && numbers.len() > 8 {
        numbers.sort_by(f64::total_cmp);
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
    let numeric = counts.keys().all(|k| k.parse::<f64>().is_ok());
    let mut rows: Vec<(&String, &usize)> = counts.iter().collect();
    if numeric {
        rows.sort_by(|a, b| a.0.parse::<f64>().unwrap_or(0.0).total_cmp(&b.0.parse::<f64>().unwrap_or(0.0)));
    }
    rows.iter().map(|(o, n)| format!("{o} ×{n}")).collect::<Vec<_>>().join(", ")
}

/// The last dotted part of an exception's class name.
fn class_name(error: &str) -> String {
    error.rsplit('.').next().unwrap_or(error).to_string()
}

/// forkbook's runs of a race, each told as an `Outcome`.
fn forkbook(lesson: &Lesson, race: &Race, cpython_costs: bool) -> Vec<Outcome> {
    let texts: Vec<(String, String)> = race.knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let knobs = lesson.knob_values(&texts).unwrap_or_else(|d| panic!("{d:?}"));
    (0..RUNS)
        .map(|i| {
            let settings = Settings {
                knobs: knobs.clone(),
                seed: i as u64,
                speed: race.speed,
                // `FORKBOOK_BENCH_EXE` runs another build's lesson processes (two builds in one
                // window, as benches/engine.rs allows).
                exe: Some(
                    std::env::var_os("FORKBOOK_BENCH_EXE")
                        .map_or_else(|| env!("CARGO_BIN_EXE_forkbook").into(), Into::into),
                ),
                options: Options { variables: false, cpython_costs, ..Options::default() },
                ..Settings::default()
            };
            let world = play(lesson, settings, |_, _| {}).unwrap_or_else(|e| panic!("{e}"));
            outcome_of(&world)
        })
        .collect()
}

fn outcome_of(world: &World) -> Outcome {
    let printed: Vec<_> = world.output.iter().filter(|l| !l.is_error).collect();
    let span_ns = match (printed.first(), printed.last()) {
        (Some(first), Some(last)) => last.t_ns.saturating_sub(first.t_ns),
        _ => 0,
    };
    Outcome {
        lines: printed.iter().map(|l| l.text.clone()).collect(),
        errors: world.processes.iter().filter_map(|p| p.uncaught.as_deref()).map(class_name).collect(),
        span_ms: span_ns / 1_000_000,
        hung: matches!(world.ended, Some(RunOutcome::Stuck { .. } | RunOutcome::Deadlocked { .. })),
    }
}

/// CPython's runs of a race (None without `python3`).
fn cpython(lesson: &Lesson, race: &Race) -> Option<Vec<Outcome>> {
    let texts: Vec<(String, String)> = race.knobs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let knobs = lesson.knob_values(&texts).ok()?;
    let mut program = lesson.program_text(&knobs);
    for (from, to) in race.cpython_edits {
        assert!(program.contains(from), "{}: the program has no {from:?}", race.name);
        program = program.replace(from, to);
    }
    program = format!("{LINE_BUFFERED}{}{program}", race.cpython_prelude);
    let dir = std::env::temp_dir().join(format!("forkbook-races-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join("prog.py"), &program).ok()?;
    let mut outcomes = Vec::new();
    for _ in 0..RUNS {
        for f in ["db.txt", "stock"] {
            let _ = std::fs::remove_file(dir.join(f));
        }
        outcomes.push(run_python(&dir, Duration::from_secs(race.timeout_secs))?);
    }
    let _ = std::fs::remove_dir_all(&dir);
    Some(outcomes)
}

/// One `python3 prog.py` in its own process group, killed (the group) at `timeout`; the
/// group is killed after the main process ends too, so no stray child outlives the run.
fn run_python(dir: &std::path::Path, timeout: Duration) -> Option<Outcome> {
    let start = Instant::now();
    let mut child = Command::new("python3")
        .arg("prog.py")
        .current_dir(dir)
        .env_remove("PYTHONUNBUFFERED")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .ok()?;
    let pgid = child.id() as i32;
    let out = child.stdout.take()?;
    let mut err = child.stderr.take()?;
    // Each line with the moment it arrived (line-buffered: a print is one write).
    let out_reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(out).split(b'\n') {
            let Ok(line) = line else { break };
            lines.push((String::from_utf8_lossy(&line).into_owned(), Instant::now()));
        }
        lines
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let mut hung = false;
    loop {
        if child.try_wait().ok()?.is_some() {
            break;
        }
        if start.elapsed() > timeout {
            hung = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
    let _ = child.wait();
    let lines = out_reader.join().ok()?;
    let stderr = String::from_utf8_lossy(&err_reader.join().ok()?).into_owned();
    let span_ms = match (lines.first(), lines.last()) {
        (Some((_, first)), Some((_, last))) => last.duration_since(*first).as_millis() as u64,
        _ => 0,
    };
    Some(Outcome { lines: lines.into_iter().map(|(l, _)| l).collect(), errors: tracebacks(&stderr), span_ms, hung })
}

/// The class of the exception each traceback in `stderr` ends with (a chained traceback's
/// earlier exceptions are left out).
fn tracebacks(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut errors = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with(' ') || line.is_empty() {
            continue;
        }
        // Tracebacks of several processes can interleave line by line, so each exception
        // line is recognised by itself: a class name that ends like one, then ':' or nothing.
        let head = line.split(':').next().unwrap_or("");
        let is_class = !head.is_empty()
            && head.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && ["Error", "Exception", "Exit", "Interrupt", "Empty", "Full"].iter().any(|end| head.ends_with(end));
        if !is_class {
            continue;
        }
        let chained = lines[i + 1..]
            .iter()
            .find(|l| !l.is_empty())
            .is_some_and(|l| l.starts_with("During handling") || l.starts_with("The above exception"));
        if !chained {
            errors.push(class_name(head));
        }
    }
    errors
}

fn main() {
    let catalog = lesson::builtin::catalog().unwrap_or_else(|d| panic!("{d:?}"));
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    for race in RACES {
        if only.as_ref().is_some_and(|o| !race.name.contains(o.as_str())) {
            continue;
        }
        let lesson = catalog.iter().find(|l| l.id == race.lesson).expect("a built-in lesson");
        let started = Instant::now();
        let ours = forkbook(lesson, race, true);
        let fast = race.fast.then(|| forkbook(lesson, race, false));
        let theirs = cpython(lesson, race);
        println!("{} ({RUNS} runs each, {:.0} s)", race.name, started.elapsed().as_secs_f64());
        for t in race.tallies {
            println!("  {}", t.what);
            println!("    forkbook        {}", tally(ours.iter().map(t.tell)));
            if let Some(fast) = &fast {
                println!("    forkbook --fast {}", tally(fast.iter().map(t.tell)));
            }
            match &theirs {
                Some(theirs) => println!("    CPython         {}", tally(theirs.iter().map(t.tell))),
                None => println!("    CPython         n/a (no python3)"),
            }
        }
    }
}
