//! Process lanes: one row per real process, children indented under their parent. A row shows
//! the lane colour, its name (shortened so that names stay apart), its phase's symbol and
//! state in words (held at its gate, a failure with its exit code) and — as width allows — its
//! pid, Python line, the kernel's view and what it holds.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::cells::{draw_line, fit, folded, just_changed, short_name};
use crate::text::Lang;
use crate::trace::{Proc, World, describe};
use crate::tui::theme::Theme;
use crate::value::Value;

/// The lanes of every process of the run.
pub struct Lanes<'a> {
    pub world: &'a World,
    pub theme: &'a Theme,
    pub lang: Lang,
    /// Index (into `world.processes`) of the selected lane.
    pub selected: Option<usize>,
    /// Lesson time "now", for highlighting lanes that changed a moment ago.
    pub now_ns: u64,
}

/// The cells of one lane, before they are fitted into columns.
struct Cells {
    /// The tree's indent before the name (`  └ `).
    indent: String,
    name: String,
    pid: String,
    line: String,
    state: String,
    kernel: String,
    holds: String,
}

impl Lanes<'_> {
    fn cells(&self, p: &Proc, depth: usize) -> Cells {
        let lang = self.lang;
        let indent = if depth == 0 { String::new() } else { format!("{}└ ", "  ".repeat(depth - 1)) };
        let kernel = match &p.kernel {
            Some(k) if !p.state.is_gone() => {
                let wchan = if k.wchan.is_empty() || k.wchan == "0" { String::new() } else { format!(" {}", k.wchan) };
                lang.t_with("lanes.kernel", &[("state", &k.state), ("wchan", &wchan)])
            }
            _ => String::new(),
        };
        let holds = if p.holds.is_empty() {
            // What it is working on: a pool worker's task, a consumer's last item.
            match (&p.last_got, p.state.is_gone()) {
                (Some(Value::List(task)), false) if task.len() == 4 && matches!(task[2], Value::Str(_)) => {
                    let calls = match &task[3] {
                        Value::List(calls) => calls
                            .iter()
                            .map(|c| match c {
                                Value::List(args) => args.iter().map(Value::repr).collect::<Vec<_>>().join(", "),
                                other => other.repr(),
                            })
                            .collect::<Vec<_>>(),
                        other => vec![other.repr()],
                    };
                    let call = format!("{}({})", task[2], calls.join(")("));
                    lang.t_with("lanes.task", &[("call", &call)])
                }
                (Some(item), false) => lang.t_with("lanes.got", &[("item", &item.repr())]),
                _ => String::new(),
            }
        } else {
            let names: Vec<String> = folded(&p.holds)
                .into_iter()
                .map(|(name, n)| if n > 1 { format!("{name}×{n}") } else { name })
                .collect();
            lang.t_with("lanes.holds", &[("names", &names.join(lang.t("punct.list")))])
        };
        Cells {
            indent,
            name: p.name.clone(),
            pid: p.pid.to_string(),
            line: p.line.map_or_else(String::new, |l| format!("L{l}")),
            state: format!("{} {}", self.theme.symbol(p.phase()), describe::process(self.world, p, lang)),
            kernel,
            holds,
        }
    }
}

impl Cells {
    /// The indent and the name in `width` columns, the name shortened to stay told apart.
    fn name_in(&self, width: usize) -> String {
        match width.checked_sub(self.indent.width()) {
            Some(room) if room >= 4 => format!("{}{}", self.indent, short_name(&self.name, room)),
            _ => fit(&format!("{}{}", self.indent, self.name), width),
        }
    }
}

/// Column widths of one frame of lanes (0: column left out).
struct Columns {
    name: usize,
    pid: usize,
    line: usize,
    state: usize,
    kernel: usize,
    holds: usize,
}

impl Columns {
    /// Name and state always; then pid, line, kernel and holds while the state keeps
    /// `STATE_MIN` columns. The choice depends on the width (and which cells exist at all),
    /// not on the states' words, so columns do not come and go as processes block.
    fn fit(cells: &[Cells], width: usize) -> Columns {
        const STATE_MIN: usize = 24;
        let widest = |f: fn(&Cells) -> &str| cells.iter().map(|c| f(c).width()).max().unwrap_or(0);
        let name = cells.iter().map(|c| c.indent.width() + c.name.width()).max().unwrap_or(0);
        let name = name.min((width / 3).clamp(8, 24));
        // The marker, the space after it and the space after the name.
        let mut left = width.saturating_sub(2 + name + 1);
        let mut take = |w: usize| {
            if w > 0 && left >= w + 1 + STATE_MIN {
                left -= w + 1;
                w
            } else {
                0
            }
        };
        let pid = take(widest(|c| c.pid.as_str()));
        let line = take(widest(|c| c.line.as_str()));
        let kernel = take(widest(|c| c.kernel.as_str()).min(20));
        let holds = take(widest(|c| c.holds.as_str()).min(24));
        Columns { name, pid, line, state: left, kernel, holds }
    }
}

impl Widget for &Lanes<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let theme = self.theme;
        let order = self.world.tree_order();
        if order.is_empty() {
            let text = self.lang.t("lanes.no_processes");
            buf.set_stringn(area.x, area.y, text, area.width as usize, theme.dim());
            return;
        }
        let cells: Vec<Cells> = order.iter().map(|&(i, depth)| self.cells(&self.world.processes[i], depth)).collect();
        let cols = Columns::fit(&cells, area.width as usize);
        let first = first_row(&order, self.selected, area.height as usize);
        for (row, (&(i, _), c)) in order.iter().zip(&cells).skip(first).take(area.height as usize).enumerate() {
            let p = &self.world.processes[i];
            let lane = theme.lane(i);
            let mut state_style = theme.state(p.phase());
            let changed_at =
                [p.history.last().map(|e| e.0), p.gate_history.last().map(|e| e.0)].into_iter().flatten().max();
            if changed_at.is_some_and(|t| just_changed(t, self.now_ns)) {
                state_style = state_style.patch(theme.changed());
            }
            let mut spans =
                vec![Span::styled("▌", lane), Span::raw(" "), Span::styled(c.name_in(cols.name), lane), Span::raw(" ")];
            if cols.pid > 0 {
                spans.push(Span::styled(format!("{:>w$} ", c.pid, w = cols.pid), theme.dim()));
            }
            if cols.line > 0 {
                spans.push(Span::styled(format!("{} ", fit(&c.line, cols.line)), theme.dim()));
            }
            let state_w = c.state.width().min(cols.state);
            spans.push(Span::styled(fit(&c.state, state_w), state_style));
            spans.push(Span::raw(" ".repeat(cols.state - state_w)));
            if cols.kernel > 0 {
                spans.push(Span::styled(format!(" {}", fit(&c.kernel, cols.kernel)), theme.dim()));
            }
            if cols.holds > 0 {
                spans.push(Span::raw(format!(" {}", fit(&c.holds, cols.holds))));
            }
            let y = area.y + row as u16;
            draw_line(buf, area.x, y, &Line::from(spans), area.width);
            if self.selected == Some(i) {
                buf.set_style(Rect::new(area.x, y, area.width, 1), theme.selected());
            }
        }
    }
}

/// What `lane_at` needs to know of the lanes: the world, and the selected lane (the rows
/// scroll to keep it in view). From `&Lanes` it is exact; from a bare `&World` it assumes no
/// selection, which is only right while every lane fits.
pub struct LaneRows<'a> {
    pub world: &'a World,
    pub selected: Option<usize>,
}

impl<'a> From<&'a World> for LaneRows<'a> {
    fn from(world: &'a World) -> LaneRows<'a> {
        LaneRows { world, selected: None }
    }
}

impl<'a> From<&Lanes<'a>> for LaneRows<'a> {
    fn from(lanes: &Lanes<'a>) -> LaneRows<'a> {
        LaneRows { world: lanes.world, selected: lanes.selected }
    }
}

/// The first row of the tree order drawn in `height` rows, so that `selected` is in view.
fn first_row(order: &[(usize, usize)], selected: Option<usize>, height: usize) -> usize {
    match selected.and_then(|s| order.iter().position(|&(i, _)| i == s)) {
        Some(p) if p >= height => p + 1 - height,
        _ => 0,
    }
}

/// Which process (index into `world.processes`) is drawn at terminal row `row` when the lanes
/// are rendered into `area`; for mouse clicks. Pass the `&Lanes` that were drawn (or a
/// `LaneRows` with the selection): the rows scroll to keep the selected lane in view.
pub fn lane_at<'a>(area: Rect, lanes: impl Into<LaneRows<'a>>, row: u16) -> Option<usize> {
    let lanes = lanes.into();
    if area.is_empty() || row < area.y || row >= area.bottom() {
        return None;
    }
    let order = lanes.world.tree_order();
    let first = first_row(&order, lanes.selected, area.height as usize);
    order.get(first + (row - area.y) as usize).map(|&(i, _)| i)
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Modifier;
    use ratatui::widgets::Widget;

    use super::*;
    use crate::event::{EventKind, ObjectKind, WaitOp};
    use crate::tui::widgets::cells::CHANGED_NS;
    use crate::tui::widgets::fixture::{MAIN, Run, column_of, rows};
    use crate::value::Value;

    fn render(lanes: &Lanes, width: u16, height: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
        lanes.render(buf.area, &mut buf);
        buf
    }

    fn lanes<'a>(world: &'a World, theme: &'a Theme, lang: Lang) -> Lanes<'a> {
        Lanes { world, theme, lang, selected: None, now_ns: world.now_ns }
    }

    #[test]
    fn a_grandchild_is_drawn_right_after_its_parent_and_indented_under_it() {
        let mut run = Run::with_children(2);
        run.start(201, "Process-1:1", MAIN + 1);
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 5));
        assert!(text[0].contains("MainProcess"), "{text:?}");
        assert!(text[1].contains("└ Process-1"), "{text:?}");
        assert!(text[2].contains("└ Process-1:1"), "{text:?}");
        assert!(text[3].contains("└ Process-2"), "{text:?}");
        let indent = |row: &str, name: &str| column_of(row, name).expect("name drawn");
        assert!(indent(&text[2], "Process-1:1") > indent(&text[1], "Process-1"), "{text:?}");
    }

    #[test]
    fn a_blocked_lane_names_the_lock_it_waits_for_and_the_owner_holds_it() {
        let mut run = Run::with_children(2);
        run.create("lock", ObjectKind::Lock, 1, 1).acquire(101, "lock").wait(102, "lock", WaitOp::Acquire);
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::En), 80, 3));
        assert!(text[2].contains("■ blocked on Lock 'lock'"), "{text:?}");
        assert!(text[1].contains("holds lock"), "{text:?}");
    }

    #[test]
    fn a_pool_worker_shows_the_task_it_runs() {
        let mut run = Run::with_children(1);
        run.create("po.tasks", ObjectKind::Queue, 0, 0);
        let task = Value::List(vec![
            Value::Int(0),
            Value::Int(3),
            Value::Str("worker".into()),
            Value::List(vec![Value::List(vec![Value::Int(3)])]),
        ]);
        run.ev(101, EventKind::Got { object: "po.tasks".into(), item: task });
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::En), 100, 3));
        assert!(text[1].contains("task worker(3)"), "{text:?}");
    }

    #[test]
    fn lanes_speak_chinese_when_asked() {
        let mut run = Run::with_children(1);
        run.create("q", ObjectKind::Queue, 0, 0).wait(101, "q", WaitOp::Get);
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::Zh), 60, 2));
        assert!(text[1].contains("等待从 Queue 'q' 取出"), "{text:?}");
    }

    #[test]
    fn a_finished_child_not_yet_joined_shows_as_a_zombie_and_a_reaped_one_as_exited() {
        let mut run = Run::with_children(2);
        run.exit(101, 0).exit(102, 0).reap(MAIN, 102, 0);
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::En), 80, 3));
        assert!(text[1].contains("Z zombie (exited with 0, not yet joined)"), "{text:?}");
        assert!(text[2].contains("✓ exited (0)"), "{text:?}");
    }

    #[test]
    fn a_child_that_died_of_an_exception_is_a_failure_not_a_success() {
        let mut run = Run::with_children(2);
        let raised = EventKind::Raised { error: "AssertionError".into(), message: "x".into(), line: 3, caught: false };
        run.ev(101, raised).exit(101, 1).reap(MAIN, 101, 1);
        run.exit(102, 3).reap(MAIN, 102, 3);
        let world = run.world();
        let theme = Theme { color: true };
        let later = Lanes { now_ns: run.now() + CHANGED_NS, ..lanes(&world, &theme, Lang::En) };
        let buf = render(&later, 80, 3);
        let text = rows(&buf);
        assert!(text[1].contains("✗ exit 1 AssertionError"), "{text:?}");
        assert!(text[2].contains("✗ exit 3") && !text[2].contains('✓'), "{text:?}");
        let x = (0..80).find(|&x| buf[(x, 1)].symbol() == "✗").expect("the failure mark");
        assert_eq!(buf[(x, 1)].fg, theme.error().fg.expect("the failure colour"));
    }

    #[test]
    fn a_killed_child_shows_its_exit_code_beside_the_signal_name() {
        let mut run = Run::with_children(1);
        run.reap(MAIN, 101, -15);
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 2));
        assert!(text[1].contains("✗ killed: -15 SIGTERM"), "{text:?}");
    }

    #[test]
    fn a_joining_parent_names_the_child_it_joins() {
        let mut run = Run::with_children(2);
        run.wait(MAIN, "Process-2", WaitOp::Join);
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 3));
        assert!(text[0].contains("joining Process-2"), "{text:?}");
    }

    #[test]
    fn a_lane_held_at_its_gate_is_held_not_running() {
        let mut run = Run::with_children(1);
        run.ev(101, EventKind::AtStep { line: 7 }).ev(101, EventKind::Gated);
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 2));
        assert!(text[1].contains("‖ held at its gate"), "{text:?}");
        assert!(!text[1].contains("running"), "{text:?}");
        assert!(text[0].contains("▶ running") && !text[0].contains('‖'), "{text:?}");
        let zh = rows(&render(&lanes(&world, &theme, Lang::Zh), 60, 2));
        assert!(zh[1].contains("‖ 停在闸门前"), "{zh:?}");
    }

    #[test]
    fn pool_workers_keep_their_numbers_when_the_lanes_are_narrow() {
        let mut run = Run::with_children(0);
        for i in 1..=3 {
            run.start(MAIN + i, &format!("ForkPoolWorker-{i}"), MAIN);
        }
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::En), 40, 4));
        for i in 1..=3 {
            assert!(text[i].contains(&format!("Worker-{i} ")), "{text:?}");
        }
    }

    #[test]
    fn forty_columns_show_name_and_state_and_wide_lanes_add_pid_line_and_kernel() {
        let mut run = Run::with_children(1);
        run.ev(101, EventKind::AtStep { line: 17 });
        run.ev(101, EventKind::Kernel { state: 'S', wchan: "pipe_read".into() });
        let world = run.world();
        let theme = Theme::plain();
        let narrow = rows(&render(&lanes(&world, &theme, Lang::En), 40, 2));
        assert!(narrow[1].contains("Process-1") && narrow[1].contains("▶ running"), "{narrow:?}");
        assert!(!narrow[1].contains("101"), "{narrow:?}");
        let wide = rows(&render(&lanes(&world, &theme, Lang::En), 100, 2));
        for part in ["101", "L17", "▶ running", "kernel S pipe_read"] {
            assert!(wide[1].contains(part), "{part} in {wide:?}");
        }
    }

    #[test]
    fn the_state_column_lines_up_across_lanes_with_chinese_names() {
        let mut run = Run::with_children(0);
        run.start(101, "生产者", MAIN).start(102, "Process-2", MAIN);
        let world = run.world();
        let theme = Theme::plain();
        let text = rows(&render(&lanes(&world, &theme, Lang::En), 60, 3));
        let cols: Vec<Option<usize>> = text.iter().map(|r| column_of(r, "▶")).collect();
        assert!(cols[0].is_some() && cols.iter().all(|c| *c == cols[0]), "{text:?}");
    }

    #[test]
    fn the_selected_lane_stays_in_view_and_lane_at_agrees_with_the_drawing() {
        let run = Run::with_children(9);
        let world = run.world();
        let theme = Theme::plain();
        let lanes = Lanes { selected: Some(8), ..lanes(&world, &theme, Lang::En) };
        let area = Rect::new(0, 0, 60, 4);
        let buf = render(&lanes, area.width, area.height);
        let text = rows(&buf);
        assert!(text[3].contains("Process-8"), "{text:?}");
        assert!(buf[(10, 3)].modifier.contains(Modifier::REVERSED));
        assert_eq!(lane_at(area, &lanes, 3), Some(8));
        assert_eq!(lane_at(area, &lanes, 0), Some(5));
        assert_eq!(lane_at(area, &lanes, 4), None);
    }

    #[test]
    fn a_state_that_changed_a_moment_ago_is_highlighted_and_fades_later() {
        let mut run = Run::with_children(1);
        run.wait(101, "Process-9", WaitOp::Join);
        let world = run.world();
        let theme = Theme::plain();
        let state_x = |buf: &Buffer| (0..60).find(|&x| buf[(x, 1)].symbol() == "■").expect("state drawn");
        let now = Lanes { now_ns: run.now(), ..lanes(&world, &theme, Lang::En) };
        let buf = render(&now, 60, 2);
        assert!(buf[(state_x(&buf), 1)].modifier.contains(Modifier::REVERSED));
        let later = Lanes { now_ns: run.now() + CHANGED_NS, ..lanes(&world, &theme, Lang::En) };
        let buf = render(&later, 60, 2);
        assert!(!buf[(state_x(&buf), 1)].modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn tiny_and_empty_areas_do_not_panic() {
        let run = Run::with_children(3);
        let world = run.world();
        let theme = Theme::from_env();
        let zh = Lanes { selected: Some(2), ..lanes(&world, &theme, Lang::Zh) };
        for (w, h) in [(0, 0), (1, 1), (0, 5), (5, 0), (2, 1), (3, 2)] {
            render(&zh, w, h);
            assert_eq!(lane_at(Rect::new(0, 0, w, h), &zh, 0).is_some(), w > 0 && h > 0);
        }
        render(&lanes(&World::default(), &theme, Lang::En), 1, 1);
    }
}
