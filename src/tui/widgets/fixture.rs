//! Test fixtures shared by the widget and app tests: a run built event by event, and a
//! buffer's rows as text.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

use crate::event::{Event, EventKind, ObjectKind, WaitOp};
use crate::trace::World;
use crate::value::Value;

pub(crate) const MAIN: i32 = 100;

/// A run built event by event; each event is 1 ms after the last unless `at` moves the clock.
#[derive(Default)]
pub(crate) struct Run {
    events: Vec<Event>,
    t_ns: u64,
}

impl Run {
    /// `MainProcess` (pid 100, runner 99) and children `Process-N` (pids 101, …) it started.
    pub(crate) fn with_children(n: i32) -> Run {
        let mut run = Run::default();
        run.ev(99, EventKind::RunStarted { version: 1, lesson: "demo".into(), runner: 99, seed: 0 });
        run.start(MAIN, "MainProcess", 99);
        for i in 1..=n {
            run.start(MAIN + i, &format!("Process-{i}"), MAIN);
        }
        run
    }

    pub(crate) fn ev(&mut self, pid: i32, kind: EventKind) -> &mut Run {
        self.t_ns += 1_000_000;
        let seq = self.events.len() as u64;
        self.events.push(Event { seq, sub: 0, t_ns: self.t_ns, pid, kind });
        self
    }

    /// Moves the clock to `ms` milliseconds (the next event comes 1 ms later).
    pub(crate) fn at(&mut self, ms: u64) -> &mut Run {
        self.t_ns = ms * 1_000_000;
        self
    }

    pub(crate) fn start(&mut self, pid: i32, name: &str, ppid: i32) -> &mut Run {
        let kind = EventKind::Started { name: name.into(), ppid, script: "worker".into(), daemon: false, slot: 0 };
        self.ev(pid, kind)
    }

    pub(crate) fn create(&mut self, name: &str, kind: ObjectKind, value: i64, capacity: i64) -> &mut Run {
        let kind =
            EventKind::Created { object: name.into(), object_kind: kind, value, capacity, py_line: 3, manager: None };
        self.ev(MAIN, kind)
    }

    pub(crate) fn acquire(&mut self, pid: i32, object: &str) -> &mut Run {
        self.ev(pid, EventKind::Acquired { object: object.into() })
    }

    pub(crate) fn wait(&mut self, pid: i32, object: &str, op: WaitOp) -> &mut Run {
        self.ev(pid, EventKind::Waiting { object: object.into(), op, timed: false })
    }

    pub(crate) fn put(&mut self, pid: i32, object: &str, item: &str) -> &mut Run {
        self.ev(pid, EventKind::Put { object: object.into(), item: Value::Str(item.into()) })
    }

    pub(crate) fn print(&mut self, pid: i32, text: &str) -> &mut Run {
        self.ev(pid, EventKind::Printed { text: text.into() })
    }

    pub(crate) fn exit(&mut self, pid: i32, code: i32) -> &mut Run {
        self.ev(pid, EventKind::Exiting { code })
    }

    pub(crate) fn reap(&mut self, reaper: i32, child: i32, exitcode: i32) -> &mut Run {
        self.ev(reaper, EventKind::Reaped { child, exitcode })
    }

    /// The events so far, to feed an `App` one by one.
    pub(crate) fn events(&self) -> &[Event] {
        &self.events
    }

    pub(crate) fn world(&self) -> World {
        World::from_events(&self.events)
    }

    /// Lesson time of the last event.
    pub(crate) fn now(&self) -> u64 {
        self.t_ns
    }
}

/// Each row of the buffer as text, a wide character once, trailing spaces trimmed.
pub(crate) fn rows(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in area.left()..area.right() {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buf[(x, y)].symbol();
                skip = symbol.width().saturating_sub(1);
                row.push_str(symbol);
            }
            row.trim_end().to_string()
        })
        .collect()
}

/// The column (in cells) where `needle` starts in row text `row`.
pub(crate) fn column_of(row: &str, needle: &str) -> Option<usize> {
    row.find(needle).map(|i| row[..i].width())
}
