//! A made-up run of any length, for the history benchmark and tests: a main process and four
//! children taking turns at one lock and one queue — step, acquire, print, release, put, get,
//! gate, kernel sample, sleep — so the World's processes, objects, output and histories all
//! grow as in a real run, and the fold finds nothing wrong with it.

use crate::event::{Event, EventKind, ObjectKind};
use crate::value::Value;

const MAIN: i32 = 100;
const CHILDREN: i32 = 4;

/// The first `n` events of the made-up run.
pub fn events(n: usize) -> impl Iterator<Item = Event> {
    let setup = setup();
    let rounds =
        (0u64..).flat_map(|round| (1..=CHILDREN).flat_map(move |c| turn(MAIN + c, round * CHILDREN as u64 + c as u64)));
    setup.into_iter().chain(rounds).take(n).enumerate().map(|(seq, (pid, kind))| Event {
        seq: seq as u64,
        sub: 0,
        t_ns: seq as u64 * 1_000,
        pid,
        kind,
    })
}

fn setup() -> Vec<(i32, EventKind)> {
    let started =
        |name: String, ppid, slot| EventKind::Started { name, ppid, script: "worker".into(), daemon: false, slot };
    let created = |object: &str, object_kind| EventKind::Created {
        object: object.into(),
        object_kind,
        value: 1,
        capacity: 0,
        py_line: 3,
        manager: None,
    };
    let mut setup = vec![
        (
            99,
            EventKind::RunStarted {
                version: crate::event::FORMAT_VERSION,
                lesson: "synthetic".into(),
                runner: 99,
                seed: 0,
            },
        ),
        (MAIN, started("MainProcess".into(), 99, 0)),
        (MAIN, created("lock", ObjectKind::Lock)),
        (MAIN, created("q", ObjectKind::Queue)),
    ];
    setup.extend((1..=CHILDREN).map(|c| (MAIN + c, started(format!("Process-{c}"), MAIN, c as u32))));
    setup
}

/// One child's turn `n`: ten events.
fn turn(pid: i32, n: u64) -> Vec<(i32, EventKind)> {
    let object = || "lock".to_string();
    let item = Value::Int(n as i64);
    vec![
        (pid, EventKind::AtStep { line: 10 }),
        (pid, EventKind::Acquired { object: object().into() }),
        // Every third turn's print leaves its line open for the next one to go on.
        (
            pid,
            if n % 3 == 1 {
                EventKind::PrintedPart { text: format!("turn {n}, ") }
            } else {
                EventKind::Printed { text: format!("turn {n}") }
            },
        ),
        (pid, EventKind::Released { object: object().into() }),
        (pid, EventKind::Put { object: "q".into(), item: item.clone() }),
        (pid, EventKind::Got { object: "q".into(), item }),
        (pid, EventKind::Gated),
        (pid, EventKind::Kernel { state: 'S', wchan: "futex_wait".into() }),
        (pid, EventKind::AtStep { line: 12 }),
        (pid, EventKind::Sleeping { ms: 1 }),
    ]
}
