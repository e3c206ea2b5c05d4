//! Engine benchmarks: each row runs one program (a lesson in benches/lessons) under CPython
//! `multiprocessing` and under forkbook, interleaved round by round, and prints the median of
//! the per-round ratios forkbook/CPython for the same span (the program's own work, without
//! interpreter or viewer start) and for the whole process. Every forkbook run is folded into a
//! `World` and audited, so a fast row that lost events would show. Run with
//! `cargo bench --bench engine` (`FORKBOOK_BENCH_ROUNDS`, default 5); docs/benchmarks.md.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use forkbook::event::{Event, EventKind};
use forkbook::lesson;
use forkbook::runtime::{self, Options, Settings};
use forkbook::trace::world::World;

/// Runs a program as CPython's `__main__` and reports the seconds it took on stderr, so that
/// the interpreter's own start is left out of the span.
const PY_SPAN: &str = r#"
import sys, time
src = sys.argv[1]
t = time.perf_counter()
exec(compile(src, '<lesson>', 'exec'), sys.modules['__main__'].__dict__)
sys.stderr.write('span %.9f\n' % (time.perf_counter() - t))
"#;

/// One timed run: the program's span and the whole process, in seconds.
#[derive(Clone, Copy)]
struct Timing {
    span: f64,
    whole: f64,
    /// CPU seconds of every process of the run (forkbook: the lesson processes, the runner
    /// and this viewer; CPython: the interpreter and its children), less noisy than the span
    /// on a shared machine.
    cpu: f64,
}

/// What a forkbook run delivered besides its timing.
struct Delivered {
    events: usize,
    /// CPU time of this process (the viewer's reader thread and the fold) per event, in ns.
    cpu_ns_per_event: f64,
    audit: Result<(), String>,
}

fn lesson_path(file: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/lessons").join(file)
}

fn forkbook(file: &str) -> (Timing, Delivered) {
    let lesson = lesson::load(&lesson_path(file)).unwrap_or_else(|d| panic!("{d:?}"));
    let settings = Settings {
        // `FORKBOOK_BENCH_EXE` runs another build's lesson processes (to compare two builds
        // in one window); the viewer side is always this build's.
        exe: Some(
            std::env::var_os("FORKBOOK_BENCH_EXE").map_or_else(|| env!("CARGO_BIN_EXE_forkbook").into(), Into::into),
        ),
        max_events: u64::MAX,
        max_secs: 600.0,
        // forkbook's own costs: variables reported as on the screen, CPython's start costs
        // (the fidelity model, `benches/races.rs`) left out.
        options: Options { variables: true, cpython_costs: false, ..Options::default() },
        ..Settings::default()
    };
    let cpu_before = own_cpu_ns();
    let children_before = children_cpu_ns();
    let started = Instant::now();
    let run = runtime::start(&lesson, settings).expect("the run starts");
    let mut world = World::default();
    let (mut count, mut main, mut first, mut last, mut lost, mut outcome) = (0usize, None, None, None, 0, None);
    while let Some(ev) = run.next_event(Duration::from_secs(120)) {
        count += 1;
        world.apply(&ev);
        match &ev.kind {
            EventKind::Started { name, .. } if name == "MainProcess" => main = Some(ev.pid),
            EventKind::AtStep { .. } if first.is_none() && Some(ev.pid) == main => first = Some(ev.t_ns),
            EventKind::Exiting { .. } if Some(ev.pid) == main => last = Some(ev.t_ns),
            EventKind::Lost { .. } => lost += 1,
            EventKind::RunEnded { outcome: o } => {
                outcome = Some(o.clone());
                break;
            }
            _ => {}
        }
    }
    let whole = started.elapsed().as_secs_f64();
    drop(run);
    let own_ns = own_cpu_ns().saturating_sub(cpu_before);
    let cpu_ns_per_event = own_ns as f64 / count.max(1) as f64;
    let cpu = (own_ns + children_cpu_ns().saturating_sub(children_before)) as f64 / 1e9;
    let span = match (first, last) {
        (Some(a), Some(b)) => b.saturating_sub(a) as f64 / 1e9,
        _ => f64::NAN,
    };
    let mismatches = world.audit_mismatches();
    let audit = match outcome {
        Some(forkbook::event::RunOutcome::Finished) if mismatches.is_empty() && lost == 0 => Ok(()),
        other => Err(format!("outcome {other:?}, {lost} lost, mismatches {mismatches:?}")),
    };
    (Timing { span, whole, cpu }, Delivered { events: count, cpu_ns_per_event, audit })
}

/// CPU time used by this process so far (every thread, live or ended), from /proc in clock
/// ticks of 10 ms.
fn own_cpu_ns() -> u64 {
    // utime and stime: fields 14 and 15 of the line.
    stat_ticks(14) * 10_000_000
}

/// CPU time of this process's ended and waited-for descendants so far (a lesson's processes
/// are waited for by their runner, which this process waits for), in clock ticks of 10 ms.
fn children_cpu_ns() -> u64 {
    // cutime and cstime: fields 16 and 17.
    stat_ticks(16) * 10_000_000
}

/// The sum of fields `field` and `field + 1` (numbered from 1) of /proc/self/stat. Every
/// field is counted, negative ones too (a process without a terminal has tpgid -1).
fn stat_ticks(field: usize) -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    // The fields after the name start with the third, the state.
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let at = |i: usize| fields.get(i - 3).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    at(field) + at(field + 1)
}

/// This process's peak resident memory, from /proc.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok());
    kib.unwrap_or(0.0) / 1024.0
}

fn cpython(file: &str) -> Option<Timing> {
    let text = std::fs::read_to_string(lesson_path(file)).ok()?;
    let table: toml::Table = text.parse().ok()?;
    let src = table.get("python")?.as_str()?;
    let children_before = children_cpu_ns();
    let started = Instant::now();
    let out = Command::new("python3").arg("-c").arg(PY_SPAN).arg(src).output().ok()?;
    let whole = started.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    let span = err.lines().find_map(|l| l.strip_prefix("span "))?.trim().parse().ok()?;
    let cpu = children_cpu_ns().saturating_sub(children_before) as f64 / 1e9;
    out.status.success().then_some(Timing { span, whole, cpu })
}

/// Pins this process (every thread, and so every process and thread started later) to CPU 0,
/// or gives it back `all_cpus`, with util-linux's `taskset`.
fn pin(one_cpu: bool, all_cpus: &str) {
    let cpus = if one_cpu { "0" } else { all_cpus };
    let pid = std::process::id().to_string();
    let ok = Command::new("taskset").args(["-a", "-c", "-p", cpus, &pid]).output().is_ok_and(|o| o.status.success());
    if !ok && one_cpu {
        eprintln!("taskset failed: the one-CPU row runs unpinned");
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.retain(|x| x.is_finite());
    xs.sort_by(f64::total_cmp);
    if xs.is_empty() { f64::NAN } else { xs[xs.len() / 2] }
}

/// Draws the lesson screen of a run with `n` processes at 200×60 and returns ms per frame.
fn frame_ms(n: usize) -> f64 {
    use forkbook::event::ObjectKind;
    use forkbook::tui::app::{Action, App};
    use ratatui::{Terminal, backend::TestBackend};

    let lessons = forkbook::lesson::builtin::catalog().expect("built-in lessons load");
    let mut app = App::new(
        lessons.into_iter().map(std::sync::Arc::new).collect(),
        forkbook::text::Lang::En,
        forkbook::tui::theme::Theme::from_env(),
    );
    let semaphore = app.catalog.iter().find(|l| l.id == "semaphore").expect("semaphore").clone();
    let _ = app.open(semaphore, Default::default(), 1.0);
    let _ = app.update(Action::TogglePause);
    let run = app.run_id().expect("a run");
    let mut seq = 0;
    let mut ev = |pid: i32, kind: EventKind| {
        seq += 1;
        Event { seq, sub: 0, t_ns: seq * 1_000_000, pid, kind }
    };
    let mut events = vec![ev(
        1,
        EventKind::Started { name: "MainProcess".into(), ppid: 0, script: "main".into(), daemon: false, slot: 0 },
    )];
    events.push(ev(
        1,
        EventKind::Created {
            object: "sem".into(),
            object_kind: ObjectKind::Semaphore,
            value: 5,
            capacity: -1,
            py_line: 14,
            manager: None,
        },
    ));
    for i in 0..n as i32 {
        let pid = 10 + i;
        events.push(ev(
            pid,
            EventKind::Started {
                name: format!("Process-{i}"),
                ppid: 1,
                script: "go_wc".into(),
                daemon: false,
                slot: i as u32,
            },
        ));
        events.push(ev(pid, EventKind::AtStep { line: 8 }));
        events.push(ev(
            pid,
            if i < 5 {
                EventKind::Acquired { object: "sem".into() }
            } else {
                EventKind::Waiting { object: "sem".into(), op: forkbook::event::WaitOp::Acquire, timed: false }
            },
        ));
    }
    for e in events {
        let _ = app.on_event(run, e);
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
    let frames = 200;
    let started = Instant::now();
    for _ in 0..frames {
        terminal
            .draw(|f| {
                forkbook::tui::draw(f, &app);
            })
            .expect("draws");
    }
    started.elapsed().as_secs_f64() * 1e3 / f64::from(frames)
}

fn main() {
    // Taken before any pinning: once pinned, the process sees one CPU.
    let all_cpus = format!("0-{}", std::thread::available_parallelism().map_or(1, |n| n.get()) - 1);
    let rounds: usize = std::env::var("FORKBOOK_BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let rows: [(&str, &str, bool); 8] = [
        ("start+join 100", "start_join.toml", false),
        ("pipe round trip 5k", "pipe_round_trip.toml", false),
        ("pipe round trip 5k, one CPU", "pipe_round_trip.toml", true),
        ("Pool.map 50k", "pool_map.toml", false),
        ("Queue 100k", "queue_100k.toml", false),
        ("JoinableQueue 50k, 2 consumers", "joinable_queue.toml", false),
        ("lock 4 × 20k", "lock_counter.toml", false),
        ("Semaphore(3) 8 × 5k", "semaphore.toml", false),
    ];
    if only.is_empty() {
        println!("lesson screen, 200 lanes at 200×60: {:.2} ms per frame", frame_ms(200));
    }
    println!("{rounds} interleaved rounds; medians of per-round ratios forkbook/CPython (lower is better)");
    println!(
        "{:<32} {:>9} {:>9} {:>7} {:>9} {:>9} {:>7} {:>8} {:>8} {:>7} {:>9} {:>8}  fold",
        "row",
        "fb span",
        "py span",
        "span×",
        "fb whole",
        "py whole",
        "whole×",
        "fb cpu",
        "py cpu",
        "cpu×",
        "events",
        "ns/ev"
    );
    for (name, file, one_cpu) in rows {
        if !only.is_empty() && !only.iter().any(|o| name.contains(o.as_str()) || file.contains(o.as_str())) {
            continue;
        }
        pin(one_cpu, &all_cpus);
        let (mut fb, mut py, mut span_r, mut whole_r, mut cpu_r) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut delivered = None;
        for _ in 0..rounds {
            let theirs = cpython(file);
            let (ours, d) = forkbook(file);
            if let Some(t) = theirs {
                span_r.push(ours.span / t.span);
                whole_r.push(ours.whole / t.whole);
                cpu_r.push(ours.cpu / t.cpu.max(1e-9));
                py.push(t);
            }
            fb.push(ours);
            if delivered.as_ref().is_none_or(|p: &Delivered| p.audit.is_ok()) {
                delivered = Some(d);
            }
        }
        pin(false, &all_cpus);
        let med = |ts: &[Timing], f: fn(&Timing) -> f64| median(ts.iter().map(f).collect());
        let d = delivered.expect("at least one round");
        println!(
            "{:<32} {:>8.3}s {:>8.3}s {:>6.2}× {:>8.3}s {:>8.3}s {:>6.2}× {:>7.3}s {:>7.3}s {:>6.2}× {:>9} {:>8.0}  {}",
            name,
            med(&fb, |t| t.span),
            med(&py, |t| t.span),
            median(span_r),
            med(&fb, |t| t.whole),
            med(&py, |t| t.whole),
            median(whole_r),
            med(&fb, |t| t.cpu),
            med(&py, |t| t.cpu),
            median(cpu_r),
            d.events,
            d.cpu_ns_per_event,
            match &d.audit {
                Ok(()) => "all folded, audit ok".to_string(),
                Err(e) => e.clone(),
            }
        );
    }
    println!("viewer process peak RSS (bench, reader and fold): {:.1} MiB", peak_rss_mib());
}
