//! Process lanes: one row per real process, children indented under their parent. A row shows
//! the lane colour, its name (shortened so that names stay apart), its phase's symbol and
//! state in words (held at its gate, a failure with its exit code) and — as width allows — its
//! pid, Python line, the kernel's view and what it holds. After a run that ended deadlocked or
//! stuck, the lanes of the processes caught in it carry the theme's mark before the name.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::cells::{draw_line, fit, folded, just_changed, short_name};
use crate::text::Lang;
use crate::trace::{Proc, World, describe};
use crate::tui::theme::{Caught, Theme};
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
                .map(|(name, n)| if n > 1 { format!("{name}×{n}") } else { name.to_string() })
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
        // The deadlock or stall that ended the run, if one did: a column of marks before the names.
        let caught = self.world.ended.as_ref().and_then(|o| Some((Caught::of(o)?, o.caught())));
        let marks_width = if caught.is_some() { 2 } else { 0 };
        let cols = Columns::fit(&cells, (area.width as usize).saturating_sub(marks_width));
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
            let mut spans = vec![Span::styled("▌", lane), Span::raw(" ")];
            if let Some((how, links)) = caught {
                match links.iter().any(|l| l.pid == p.pid) {
                    true => spans.push(Span::styled(format!("{} ", theme.caught(how)), theme.error())),
                    false => spans.push(Span::raw("  ")),
                }
            }
            spans.extend([Span::styled(c.name_in(cols.name), lane), Span::raw(" ")]);
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
mod tests;
