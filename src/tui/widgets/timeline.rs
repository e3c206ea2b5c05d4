//! The timeline: one row per process (in the lanes' tree order), its name in its lane colour,
//! then its phases over lesson time 0..now scaled to the width. A stretch of a phase starts
//! with its letter (R running, H held at the gate, s sleeping, B blocked,
//! Z zombie, ✓/✗ reaped) and goes on in its own glyph, so it reads without colour too. A cell
//! shows the most telling phase the process was in during its slice of time, so a short
//! block is not lost. A rewind cursor shows as a reversed column and a `▲` with its time on
//! the axis.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::cells::short_name;
use crate::trace::{Phase, Proc, World};
use crate::tui::theme::Theme;

/// State over time for every process.
pub struct Timeline<'a> {
    pub world: &'a World,
    pub theme: &'a Theme,
    pub now_ns: u64,
    /// The rewind cursor's time, when the panes show an earlier event.
    pub cursor_ns: Option<u64>,
}

/// How much a phase tells when several share one cell (higher wins).
fn weight(phase: Phase) -> u8 {
    match phase {
        Phase::Running => 0,
        Phase::Held => 1,
        Phase::Sleeping => 2,
        Phase::Blocked => 4,
        Phase::Zombie => 5,
        Phase::Exited | Phase::Failed => 6,
    }
}

/// The phase shown in each of `cells` equal slices of 0..`now_ns`: the weightiest phase the
/// process was in during the slice, `None` before it started.
pub fn samples(proc: &Proc, now_ns: u64, cells: usize) -> Vec<Option<Phase>> {
    let phases = proc.phases();
    let mut next = 0; // the first entry not yet entered
    let mut current: Option<Phase> = None;
    let mut out = Vec::with_capacity(cells);
    for c in 0..cells {
        let end = (u128::from(now_ns) * (c as u128 + 1) / cells as u128) as u64;
        let mut best = current;
        while let Some(&(_, phase)) = phases.get(next).filter(|entry| entry.0 <= end) {
            if best.is_none_or(|b| weight(phase) >= weight(b)) {
                best = Some(phase);
            }
            current = Some(phase);
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
        // The cell whose slice of 0..now holds the cursor's time.
        let cursor = self.cursor_ns.filter(|_| bar_w > 0).map(|t| {
            let cell = (u128::from(t) * bar_w as u128 / u128::from(self.now_ns.max(1))) as usize;
            bar_x + cell.min(bar_w - 1) as u16
        });
        // A cursor keeps the axis row, where its time shows, even when rows are short.
        let lanes_shown = match self.cursor_ns {
            Some(_) if area.height >= 2 => order.len().min(area.height as usize - 1),
            _ => order.len().min(area.height as usize),
        };
        for (row, &(i, _)) in order.iter().take(lanes_shown).enumerate() {
            let y = area.y + row as u16;
            let p = &self.world.processes[i];
            if name_w > 0 {
                buf.set_stringn(area.x, y, short_name(&p.name, name_w), name_w, theme.lane(i));
            }
            let mut previous: Option<Phase> = None;
            for (c, phase) in samples(p, self.now_ns, bar_w).into_iter().enumerate() {
                if let Some(phase) = phase {
                    let (mark, fill) = theme.timeline(phase);
                    let glyph = if previous == Some(phase) { fill } else { mark };
                    buf.set_stringn(bar_x + c as u16, y, glyph, 1, theme.state(phase));
                }
                previous = phase;
            }
            if let Some(x) = cursor {
                let cell = &mut buf[(x, y)];
                cell.set_style(cell.style().add_modifier(ratatui::style::Modifier::REVERSED));
            }
        }
        // A time axis under the rows, when there is a row to spare.
        if lanes_shown < area.height as usize && bar_w >= 2 {
            let y = area.y + lanes_shown as u16;
            let end = seconds(self.now_ns);
            // `▲ 1.23s` from the cursor's column, or `1.23s ▲` ending there near the right edge;
            // the axis's ends give way to it.
            let mark = cursor.zip(self.cursor_ns).map(|(x, t)| {
                let mark = format!("▲ {}", seconds(t));
                if mark.width() <= area.right().saturating_sub(x) as usize {
                    (x, mark)
                } else {
                    let text = format!("{} ▲", seconds(t));
                    (x.saturating_sub(text.width() as u16 - 1).max(area.x), text)
                }
            });
            let (mark_from, mark_to) = mark.as_ref().map_or((u16::MAX, 0), |(x, t)| (*x, x + t.width() as u16));
            if mark_from > bar_x + 2 {
                buf.set_stringn(bar_x, y, "0s", bar_w, theme.dim());
            }
            let end_x = bar_x + bar_w.saturating_sub(end.width()) as u16;
            if end.width() + 3 <= bar_w && (mark_to < end_x || mark.is_none()) {
                buf.set_stringn(end_x, y, &end, bar_w, theme.dim());
            }
            if let Some((x, text)) = mark {
                buf.set_stringn(x, y, &text, area.right().saturating_sub(x) as usize, theme.gated());
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
        (&Timeline { world, theme: &theme, now_ns, cursor_ns: None }).render(buf.area, &mut buf);
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
        assert_eq!(text[1], "Pr…-1  R██B──Z✓");
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
    fn a_process_held_at_its_gate_fills_its_stretch_with_the_held_glyph_not_run_bars() {
        let mut run = Run::default();
        run.at(0).start(MAIN, "MainProcess", 99);
        run.at(18).ev(MAIN, EventKind::AtStep { line: 3 }).ev(MAIN, EventKind::Gated);
        run.at(58).ev(MAIN, EventKind::Sleeping { ms: 10 });
        let world = run.world();
        let text = rows(&render(&world, 100_000_000, 16, 1));
        assert_eq!(text[0], "Main… RH▁▁▁s░░░░");
    }

    #[test]
    fn a_rewind_cursor_reverses_its_column_and_shows_its_time_on_the_axis_even_when_rows_are_short() {
        let world = run().world();
        let theme = Theme::plain();
        let mut buf = Buffer::empty(Rect::new(0, 0, 16, 2));
        let timeline = Timeline { world: &world, theme: &theme, now_ns: 100_000_000, cursor_ns: Some(50_000_000) };
        (&timeline).render(buf.area, &mut buf);
        let text = rows(&buf);
        assert!(text[0].starts_with("Main… R"), "{text:?}");
        assert_eq!(text[1], "     0.05s ▲", "{text:?}");
        assert!(buf[(11, 0)].modifier.contains(ratatui::style::Modifier::REVERSED));
        assert!(!buf[(10, 0)].modifier.contains(ratatui::style::Modifier::REVERSED));
    }

    #[test]
    fn a_failed_exit_ends_with_the_failure_mark() {
        let mut run = Run::with_children(1);
        run.at(50).exit(101, 1).reap(MAIN, 101, 1);
        let world = run.world();
        let cells = samples(&world.processes[1], 100_000_000, 10);
        assert_eq!(cells[5], Some(Phase::Failed), "{cells:?}");
    }

    #[test]
    fn pool_workers_keep_their_numbers_in_a_narrow_timeline() {
        let mut run = Run::with_children(0);
        run.start(101, "ForkPoolWorker-1", MAIN).start(102, "ForkPoolWorker-2", MAIN);
        let text = rows(&render(&run.world(), 100_000_000, 30, 3));
        assert!(text[1].starts_with("…Worker-1 ") && text[2].starts_with("…Worker-2 "), "{text:?}");
    }

    #[test]
    fn a_block_shorter_than_a_cell_still_shows() {
        let mut run = Run::default();
        run.at(0).start(MAIN, "MainProcess", 99);
        run.at(41).wait(MAIN, "lock", WaitOp::Acquire);
        run.ev(MAIN, EventKind::Acquired { object: "lock".into() });
        let world = run.world();
        let cells = samples(&world.processes[0], 100_000_000, 10);
        assert_eq!(cells[4], Some(Phase::Blocked), "{cells:?}");
        assert_eq!(cells[5], Some(Phase::Running), "{cells:?}");
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
