//! The timeline: one row per process (in the lanes' tree order), its name in its lane colour,
//! then its states over lesson time 0..now scaled to the width. A stretch of a state starts
//! with its letter (R running, C computing, s sleeping, B blocked, Z zombie, ✓/✗ reaped) and
//! goes on in its own glyph, so it reads without colour too. A cell shows the most telling
//! state the process was in during its slice of time, so a short block is not lost.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::cells::fit;
use crate::trace::{Proc, ProcState, World};
use crate::tui::theme::Theme;

/// State over time for every process.
pub struct Timeline<'a> {
    pub world: &'a World,
    pub theme: &'a Theme,
    pub now_ns: u64,
}

/// How much a state tells when several share one cell (higher wins).
fn weight(state: &ProcState) -> u8 {
    match state {
        ProcState::Running => 0,
        ProcState::Sleeping { .. } => 1,
        ProcState::Computing { .. } => 2,
        ProcState::Blocked { .. } => 3,
        ProcState::Zombie { .. } => 4,
        ProcState::Exited { .. } | ProcState::Killed { .. } => 5,
    }
}

/// The state shown in each of `cells` equal slices of 0..`now_ns`: the weightiest state the
/// process was in during the slice, `None` before it started.
pub fn samples(proc: &Proc, now_ns: u64, cells: usize) -> Vec<Option<&ProcState>> {
    let history = &proc.history;
    let mut next = 0; // the first history entry not yet entered
    let mut current: Option<&ProcState> = None;
    let mut out = Vec::with_capacity(cells);
    for c in 0..cells {
        let end = (u128::from(now_ns) * (c as u128 + 1) / cells as u128) as u64;
        let mut best = current;
        while let Some((_, state)) = history.get(next).filter(|entry| entry.0 <= end) {
            if best.is_none_or(|b| weight(state) >= weight(b)) {
                best = Some(state);
            }
            current = Some(state);
            next += 1;
        }
        out.push(best);
    }
    out
}

/// `1.23s`.
fn seconds(t_ns: u64) -> String {
    format!("{:.2}s", t_ns as f64 / 1e9)
}

impl Widget for &Timeline<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let theme = self.theme;
        let order = self.world.tree_order();
        let width = area.width as usize;
        let widest = order.iter().map(|&(i, _)| self.world.processes[i].name.width()).max().unwrap_or(0);
        let name_w = if width >= 8 { widest.min(14).min(width / 3) } else { 0 };
        let bar_x = area.x + name_w as u16 + u16::from(name_w > 0);
        let bar_w = area.right().saturating_sub(bar_x) as usize;
        for (row, &(i, _)) in order.iter().take(area.height as usize).enumerate() {
            let y = area.y + row as u16;
            let p = &self.world.processes[i];
            if name_w > 0 {
                buf.set_stringn(area.x, y, fit(&p.name, name_w), name_w, theme.lane(i));
            }
            let mut previous: Option<&ProcState> = None;
            for (c, state) in samples(p, self.now_ns, bar_w).into_iter().enumerate() {
                if let Some(state) = state {
                    let (mark, fill) = theme.timeline(state);
                    let glyph = if previous == Some(state) { fill } else { mark };
                    buf.set_stringn(bar_x + c as u16, y, glyph, 1, theme.state(state));
                }
                previous = state;
            }
        }
        // A time axis under the rows, when there is a row to spare.
        if order.len() < area.height as usize && bar_w >= 2 {
            let y = area.y + order.len() as u16;
            let end = seconds(self.now_ns);
            buf.set_stringn(bar_x, y, "0s", bar_w, theme.dim());
            if end.width() + 3 <= bar_w {
                buf.set_stringn(bar_x + (bar_w - end.width()) as u16, y, &end, bar_w, theme.dim());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    use super::*;
    use crate::event::{EventKind, WaitOp};
    use crate::tui::widgets::fixture::{MAIN, Run, rows};

    fn render(world: &World, now_ns: u64, width: u16, height: u16) -> Buffer {
        let theme = Theme::plain();
        let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
        (&Timeline { world, theme: &theme, now_ns }).render(buf.area, &mut buf);
        buf
    }

    /// Main runs from 1 ms; its child starts at 19 ms, blocks on a lock at 50 ms, exits at
    /// 80 ms and is reaped at 90 ms.
    fn run() -> Run {
        let mut run = Run::default();
        run.at(0).start(MAIN, "MainProcess", 99);
        run.at(18).start(101, "Process-1", MAIN);
        run.at(49).wait(101, "lock", WaitOp::Acquire);
        run.at(79).exit(101, 0);
        run.at(89).reap(MAIN, 101, 0);
        run
    }

    #[test]
    fn each_stretch_of_a_state_starts_with_its_letter_and_is_blank_before_start_and_after_reaping() {
        let world = run().world();
        // A 5-column name, a space and 10 cells of 10 ms.
        let text = rows(&render(&world, 100_000_000, 16, 2));
        assert_eq!(text[0], "Main… R█████████");
        assert_eq!(text[1], "Proc…  R██B──Z✓");
    }

    #[test]
    fn the_timeline_follows_the_lanes_tree_order_and_adds_a_time_axis_when_there_is_room() {
        let mut run = Run::with_children(2);
        run.start(201, "Process-1:1", MAIN + 1);
        let world = run.world();
        let text = rows(&render(&world, 2_000_000_000, 40, 5));
        let names: Vec<&str> = text.iter().map(|r| r.split(' ').next().unwrap_or("")).collect();
        assert_eq!(names, ["MainProcess", "Process-1", "Process-1:1", "Process-2", ""]);
        assert!(text[4].trim_start().starts_with("0s") && text[4].ends_with("2.00s"), "{text:?}");
    }

    #[test]
    fn a_block_shorter_than_a_cell_still_shows() {
        let mut run = Run::default();
        run.at(0).start(MAIN, "MainProcess", 99);
        run.at(41).wait(MAIN, "lock", WaitOp::Acquire);
        run.ev(MAIN, EventKind::Acquired { object: "lock".into() });
        let world = run.world();
        let cells = samples(&world.processes[0], 100_000_000, 10);
        assert!(matches!(cells[4], Some(ProcState::Blocked { .. })), "{cells:?}");
        assert!(matches!(cells[5], Some(ProcState::Running)), "{cells:?}");
    }

    #[test]
    fn tiny_and_empty_areas_and_a_zero_clock_do_not_panic() {
        let world = run().world();
        for (w, h) in [(0, 0), (1, 1), (0, 3), (3, 0), (2, 1), (8, 1), (9, 3)] {
            render(&world, 100_000_000, w, h);
            render(&world, 0, w, h);
        }
        render(&World::default(), 0, 1, 1);
    }
}
