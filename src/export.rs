//! Pictures of a recorded run for slides: `svg` draws the timeline (one row per process,
//! coloured by state, with marks where it acquired, released, put, got, printed or exited,
//! and the deadlock cycle if there was one) with the lanes and objects at a cursor; `html`
//! writes one file that plays the recording in a browser. Both read the same `World` folds
//! the screen and the headless trace draw, through `Scene`.

mod axis;
mod html;
mod svg;

pub use axis::Axis;
pub use html::html;
pub use svg::svg;

use crate::event::{Event, EventKind, RunOutcome};
use crate::headless::object_text;
use crate::record::Recording;
use crate::text::Lang;
use crate::trace::describe;
use crate::trace::{Phase, World};

/// Which events a picture shows: the timeline from `from` to `to` and the snapshot after
/// `at` (indices into the recording, counted from 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: usize,
    pub to: usize,
    pub at: usize,
}

impl Window {
    /// The window of `events` from options numbered from 1 (`--from`, `--to`, `--at`); the
    /// cursor defaults to the moment a deadlocked or stuck run stopped moving (before forkbook
    /// killed it) when that is in the window, else to the window's end.
    pub fn of(events: &[Event], from: Option<usize>, to: Option<usize>, at: Option<usize>) -> Result<Window, String> {
        let mut w = Window::new(events.len(), from, to, at)?;
        if at.is_none()
            && let Some(still) = last_move(events)
            && (w.from..=w.to).contains(&still)
        {
            w.at = still;
        }
        Ok(w)
    }

    /// The window of a recording of `len` events from options numbered from 1 (`--from`,
    /// `--to`, `--at`); the cursor defaults to the window's end.
    pub fn new(len: usize, from: Option<usize>, to: Option<usize>, at: Option<usize>) -> Result<Window, String> {
        if len == 0 {
            return Err("the recording has no events".to_string());
        }
        let check = |name: &str, n: usize| {
            if (1..=len).contains(&n) { Ok(n - 1) } else { Err(format!("--{name} {n}: the events go from 1 to {len}")) }
        };
        let from = from.map_or(Ok(0), |n| check("from", n))?;
        let to = to.map_or(Ok(len - 1), |n| check("to", n))?;
        if from > to {
            return Err(format!("--from {} comes after --to {}", from + 1, to + 1));
        }
        let at = at.map_or(Ok(to), |n| check("at", n))?;
        if at < from || at > to {
            return Err(format!("--at {} is outside the window {}–{}", at + 1, from + 1, to + 1));
        }
        Ok(Window { from, to, at })
    }

    /// The whole recording, cursor at its end.
    pub fn all(len: usize) -> Window {
        let last = len.saturating_sub(1);
        Window { from: 0, to: last, at: last }
    }
}

/// For a run that deadlocked or got stuck: the last event before forkbook stopped it (the
/// reaping of the killed processes, kernel samples and the end that follow are left out).
pub fn last_move(events: &[Event]) -> Option<usize> {
    let ended = events.last()?;
    if !matches!(&ended.kind, EventKind::RunEnded { outcome: RunOutcome::Deadlocked { .. } | RunOutcome::Stuck { .. } })
    {
        return None;
    }
    events.iter().rposition(|e| {
        !matches!(
            e.kind,
            EventKind::Reaped { .. } | EventKind::Kernel { .. } | EventKind::RunEnded { .. } | EventKind::Lost { .. }
        )
    })
}

/// A mark on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Acquire,
    Release,
    Put,
    Get,
    Print,
    Exit,
}

impl Mark {
    pub const ALL: [Mark; 6] = [Mark::Acquire, Mark::Release, Mark::Put, Mark::Get, Mark::Print, Mark::Exit];

    fn of(kind: &EventKind) -> Option<(Mark, String)> {
        Some(match kind {
            EventKind::Acquired { object } => (Mark::Acquire, object.to_string()),
            EventKind::Released { object } => (Mark::Release, object.to_string()),
            EventKind::Put { object, item } => (Mark::Put, format!("{object} ← {}", item.repr())),
            EventKind::Got { object, item } => (Mark::Get, format!("{object} → {}", item.repr())),
            EventKind::Printed { text } | EventKind::PrintedPart { text } => (Mark::Print, text.clone()),
            EventKind::Exiting { code } => (Mark::Exit, code.to_string()),
            _ => return None,
        })
    }

    /// The catalog key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Mark::Acquire => "export.acquire",
            Mark::Release => "export.release",
            Mark::Put => "export.put",
            Mark::Get => "export.get",
            Mark::Print => "export.print",
            Mark::Exit => "export.exit",
        }
    }
}

/// One process's row: its name and the phases it went through in the window.
pub struct Row {
    pub pid: i32,
    pub name: String,
    pub depth: usize,
    /// (start, end, phase) in run time, clipped to the window.
    pub spans: Vec<(u64, u64, Phase)>,
}

/// Everything a picture draws, in words and times; no drawing here.
pub struct Scene {
    pub title: String,
    /// `lesson · knobs · seed`.
    pub subtitle: String,
    pub t0: u64,
    pub t1: u64,
    /// Run time to x, quiet stretches squeezed.
    pub axis: Axis,
    pub rows: Vec<Row>,
    /// (time, row, mark, what it was about).
    pub marks: Vec<(u64, usize, Mark, String)>,
    /// The deadlock cycle as (row, object waited for) links, each waiting on the next.
    pub cycle: Vec<(usize, String)>,
    /// How the run ended, in words, when the window reaches its end.
    pub ending: Option<String>,
    pub cursor_t: u64,
    /// `after event 12 of 40, at 0.512s`.
    pub cursor_text: String,
    pub window_text: String,
    pub snapshot: Snapshot,
}

/// The lanes, objects and output at one event.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Snapshot {
    pub lanes: Vec<String>,
    pub objects: Vec<String>,
    pub output: Vec<String>,
}

/// `1.234s`.
pub fn seconds(t_ns: u64) -> String {
    format!("{}.{:03}s", t_ns / 1_000_000_000, t_ns / 1_000_000 % 1000)
}

/// Text without terminal escape sequences (a lesson may print colours).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next_if_eq(&'[').is_some() {
                while chars.next().is_some_and(|c| !c.is_ascii_alphabetic()) {}
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The world after the first `n` events.
fn fold(events: &[Event], n: usize) -> World {
    let mut world = World::default();
    for ev in events.iter().take(n) {
        world.apply(ev);
    }
    world
}

/// The lanes and objects of `world` in words, as the screen and the summary word them.
pub fn snapshot(world: &World, lang: Lang) -> Snapshot {
    let width = world.processes.iter().map(|p| p.name.chars().count()).max().unwrap_or(0);
    let lanes = world
        .tree_order()
        .into_iter()
        .filter_map(|(i, depth)| {
            let p = world.processes.get(i)?;
            let indent = "  ".repeat(depth);
            let line = p.line.map_or_else(String::new, |l| format!("L{l}"));
            let mut text = format!(
                "{indent}{:<w$} {:>6} {line:<4} {}",
                p.name,
                p.pid,
                describe::process(world, p, lang),
                w = width.saturating_sub(indent.len())
            );
            if !p.holds.is_empty() {
                text.push_str(&format!("  [{}]", lang.t_with("export.holds", &[("names", &p.holds.join(", "))])));
            }
            Some(text)
        })
        .collect();
    let objects = world.objects.iter().map(|o| format!("{}: {}", o.label(), object_text(world, o, lang))).collect();
    let output = world.output.iter().map(|l| format!("{}: {}", l.name, plain(&l.text))).collect();
    Snapshot { lanes, objects, output }
}

impl Scene {
    /// The scene of `rec` in `window`, worded in `lang`.
    pub fn new(rec: &Recording, window: Window, lang: Lang) -> Scene {
        let events = &rec.events;
        let world = fold(events, window.to + 1);
        let t0 = events.get(window.from).map_or(0, |e| e.t_ns);
        let t1 = events.get(window.to).map_or(0, |e| e.t_ns).max(t0 + 1);
        let order = world.tree_order();
        let mut rows = Vec::new();
        for (i, depth) in &order {
            let Some(p) = world.processes.get(*i) else { continue };
            let phases = p.phases();
            let mut spans = Vec::new();
            for (k, (start, phase)) in phases.iter().enumerate() {
                let end = phases.get(k + 1).map_or(t1, |next| next.0);
                let (s, e) = ((*start).max(t0), end.min(t1));
                if s < e || (s == e && k + 1 == phases.len() && s <= t1) {
                    spans.push((s, e, *phase));
                }
            }
            rows.push(Row { pid: p.pid, name: p.name.clone(), depth: *depth, spans });
        }
        let row_of = |pid: i32| rows.iter().rposition(|r| r.pid == pid);
        let mut marks = Vec::new();
        for ev in events.iter().take(window.to + 1).skip(window.from) {
            if let (Some((mark, what)), Some(row)) = (Mark::of(&ev.kind), row_of(ev.pid)) {
                marks.push((ev.t_ns, row, mark, what));
            }
        }
        let (mut cycle, mut ending) = (Vec::new(), None);
        if let Some(outcome) = &world.ended {
            ending = Some(describe::outcome(outcome, lang));
            if let RunOutcome::Deadlocked { cycle: links } = outcome {
                cycle = links.iter().filter_map(|l| Some((row_of(l.pid)?, l.object.clone()))).collect();
            }
        }
        let busy: Vec<u64> = events
            .iter()
            .take(window.to + 1)
            .skip(window.from)
            .filter(|e| !e.is_marker() && !matches!(e.kind, EventKind::Kernel { .. }))
            .map(|e| e.t_ns)
            .collect();
        let axis = Axis::new(t0, t1, svg::PLOT_X, svg::PLOT_W, &busy);
        let at_world = fold(events, window.at + 1);
        let cursor_t = events.get(window.at).map_or(t1, |e| e.t_ns);
        let total = events.len();
        let knobs: Vec<String> = rec.header.knobs.iter().map(|(k, v)| format!("{k}={}", v.repr())).collect();
        let lesson = rec.header.lesson().ok();
        let title = lesson.as_ref().map_or_else(|| rec.header.lesson_id.clone(), |l| lang.of(&l.title).to_string());
        let mut subtitle = format!("forkbook · {}", rec.header.lesson_id);
        if !knobs.is_empty() {
            subtitle.push_str(&format!(" · {} {}", lang.t("export.knobs"), knobs.join(" ")));
        }
        subtitle.push_str(&format!(" · {} {}", lang.t("export.seed"), rec.header.seed));
        Scene {
            title,
            subtitle,
            t0,
            t1,
            axis,
            rows,
            marks,
            cycle,
            ending: (window.to + 1 == total).then_some(ending).flatten(),
            cursor_t,
            cursor_text: lang
                .t_with("export.at_event", &[("n", &(window.at + 1)), ("total", &total), ("t", &seconds(cursor_t))]),
            window_text: lang
                .t_with("export.window", &[("from", &(window.from + 1)), ("to", &(window.to + 1)), ("total", &total)]),
            snapshot: snapshot(&at_world, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_printed_by_a_lesson_do_not_reach_the_picture() {
        assert_eq!(plain("\u{1b}[41mP-3 拿到A锁 \u{1b}[0m"), "P-3 拿到A锁 ");
        // A mark's tooltip goes through the same.
        assert_eq!(svg::esc("print \u{1b}[41mP-3 & co\u{1b}[0m"), "print P-3 &amp; co");
    }

    #[test]
    fn windows_are_numbered_from_one_and_checked() {
        assert_eq!(Window::new(10, None, None, None), Ok(Window { from: 0, to: 9, at: 9 }));
        assert_eq!(Window::new(10, Some(2), Some(5), Some(3)), Ok(Window { from: 1, to: 4, at: 2 }));
        assert!(Window::new(10, Some(0), None, None).is_err());
        assert!(Window::new(10, None, Some(11), None).is_err());
        assert!(Window::new(10, Some(5), Some(2), None).is_err());
        assert!(Window::new(10, Some(2), Some(5), Some(8)).expect_err("outside").contains("outside"));
        assert!(Window::new(0, None, None, None).is_err());
    }
}
