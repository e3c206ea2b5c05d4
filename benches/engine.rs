//! Engine benchmarks, each against CPython `multiprocessing` doing the same work in the same
//! run: lock hand-offs per second, queue items per second, time to start 100 children, and
//! events per second through the event stream. Run with `cargo bench --bench engine`;
//! docs/benchmarks.md explains the numbers. Results are printed as ratios, never asserted.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use forkbook::event::{Event, EventKind};
use forkbook::lesson;
use forkbook::runtime::{self, Options, Settings};

struct Measured {
    events: Vec<Event>,
    wall: Duration,
}

fn run(file: &str, knobs: &[(&str, String)]) -> Measured {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/lessons").join(file);
    let lesson = lesson::load(&path).unwrap_or_else(|d| panic!("{d:?}"));
    let texts: Vec<(String, String)> = knobs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let settings = Settings {
        knobs: lesson.knob_values(&texts).unwrap_or_else(|d| panic!("{d:?}")),
        exe: Some(env!("CARGO_BIN_EXE_forkbook").into()),
        max_events: u64::MAX,
        max_secs: 600.0,
        // forkbook's own costs: variables reported as on the screen, CPython's start costs
        // (the fidelity model, `benches/races.rs`) left out.
        options: Options { variables: true, cpython_costs: false, ..Options::default() },
        ..Settings::default()
    };
    let started = Instant::now();
    let run = runtime::start(&lesson, settings).expect("the run starts");
    let mut events = Vec::new();
    while let Some(ev) = run.next_event(Duration::from_secs(60)) {
        let end = matches!(ev.kind, EventKind::RunEnded { .. });
        events.push(ev);
        if end {
            break;
        }
    }
    Measured { events, wall: started.elapsed() }
}

/// Seconds between the first and last event matching each predicate.
fn span(events: &[Event], first: impl Fn(&EventKind) -> bool, last: impl Fn(&EventKind) -> bool) -> f64 {
    let a = events.iter().find(|e| first(&e.kind)).map_or(0, |e| e.t_ns);
    let b = events.iter().rev().find(|e| last(&e.kind)).map_or(0, |e| e.t_ns);
    b.saturating_sub(a) as f64 / 1e9
}

/// Runs a Python program that prints its own elapsed seconds for the measured part.
fn python(code: &str) -> Option<f64> {
    let out = Command::new("python3").arg("-c").arg(code).output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

const PY_LOCK: &str = r#"
from multiprocessing import Process, Lock
import time
def worker(lock, rounds):
    for _ in range(rounds):
        lock.acquire()
        lock.release()
if __name__ == '__main__':
    lock = Lock()
    ps = [Process(target=worker, args=(lock, ROUNDS)) for _ in range(2)]
    t = time.perf_counter()
    for p in ps: p.start()
    for p in ps: p.join()
    print(time.perf_counter() - t)
"#;

const PY_QUEUE: &str = r#"
from multiprocessing import Process, Queue
import time
def producer(q, n):
    for i in range(n): q.put(i)
def consumer(q, n):
    for _ in range(n): q.get()
if __name__ == '__main__':
    q = Queue()
    p = Process(target=producer, args=(q, ITEMS)); c = Process(target=consumer, args=(q, ITEMS))
    t = time.perf_counter()
    p.start(); c.start(); p.join(); c.join()
    print(time.perf_counter() - t)
"#;

const PY_SPAWN: &str = r#"
from multiprocessing import Process
import time
def nothing(): pass
if __name__ == '__main__':
    ps = [Process(target=nothing) for _ in range(CHILDREN)]
    t = time.perf_counter()
    for p in ps: p.start()
    started = time.perf_counter() - t
    for p in ps: p.join()
    print(started)
"#;

fn ratio(ours: f64, theirs: Option<f64>) -> String {
    match theirs {
        Some(t) if t > 0.0 => format!("{:.2}× CPython's time", ours / t),
        _ => "CPython not available".into(),
    }
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
    for e in &events {
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
    println!("lesson screen, 200 lanes at 200×60: {:.2} ms per frame", frame_ms(200));
    let rounds = 20_000;
    let m = run("lock_handoff.toml", &[("rounds", rounds.to_string())]);
    let secs =
        span(&m.events, |k| matches!(k, EventKind::Acquired { .. }), |k| matches!(k, EventKind::Released { .. }));
    let py = python(&PY_LOCK.replace("ROUNDS", &rounds.to_string()));
    println!(
        "lock hand-offs: {} acquisitions in {secs:.3} s = {:.0}/s (CPython {}) — {}",
        2 * rounds,
        2.0 * rounds as f64 / secs,
        py.map_or("n/a".into(), |p| format!("{:.0}/s", 2.0 * rounds as f64 / p)),
        ratio(secs, py)
    );
    println!(
        "event stream: {} events in {:.3} s wall = {:.0} events/s delivered to the viewer",
        m.events.len(),
        m.wall.as_secs_f64(),
        m.events.len() as f64 / m.wall.as_secs_f64()
    );

    let items = 20_000;
    let m = run("queue_items.toml", &[("items", items.to_string())]);
    let secs = span(&m.events, |k| matches!(k, EventKind::Put { .. }), |k| matches!(k, EventKind::Got { .. }));
    let py = python(&PY_QUEUE.replace("ITEMS", &items.to_string()));
    println!(
        "queue items: {items} items in {secs:.3} s = {:.0}/s (CPython {}) — {}",
        items as f64 / secs,
        py.map_or("n/a".into(), |p| format!("{:.0}/s", items as f64 / p)),
        ratio(secs, py)
    );

    let children = 100;
    let m = run("spawn_children.toml", &[("children", children.to_string())]);
    let secs = span(
        &m.events,
        |k| matches!(k, EventKind::Started { name, .. } if name == "Process-1"),
        |k| matches!(k, EventKind::Started { .. }),
    );
    let py = python(&PY_SPAWN.replace("CHILDREN", &children.to_string()));
    println!(
        "start {children} children: {:.1} ms (CPython {}) — {}",
        secs * 1e3,
        py.map_or("n/a".into(), |p| format!("{:.1} ms", p * 1e3)),
        ratio(secs, py)
    );
}
