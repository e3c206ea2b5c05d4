//! The lesson's Python program, syntax-coloured, with a coloured marker at each line a process
//! is on. The gutter holds the marker, with the number of processes on that line before it
//! when there are several (`3▶ 15`), kept apart from the line number; the processes' names
//! stand at the right end of their line when there is room. The view scrolls to keep the
//! focused line (or else the first cursor) in sight. Cut at the right edge, or (`wrap`, for
//! presenter mode) continued on the rows below, under the code's first column.

mod highlight;

pub use highlight::{highlight_line, highlight_lines};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::tui::theme::Theme;

/// One process's position in the program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// 1-based Python line.
    pub line: u32,
    /// The process's index (its lane colour).
    pub lane: usize,
    /// A short label (the process name).
    pub label: String,
}

/// The Python program with cursors.
pub struct CodeView<'a> {
    pub python: &'a str,
    pub cursors: &'a [Cursor],
    pub theme: &'a Theme,
    /// The line to keep in view (the selected process's), if any.
    pub focus_line: Option<u32>,
    /// Long lines go on over the next rows instead of being cut.
    pub wrap: bool,
}

/// The marker of a line that processes are on.
const MARKER: &str = "▶";
/// Cells of the gutter before the marker, for the count of processes on the line.
const COUNT_CELLS: usize = 2;
/// Tabs are drawn as this many spaces (the terminal would not draw them at all).
const TAB: &str = "    ";

impl Widget for &CodeView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let lines = highlight_lines(&self.python.replace('\t', TAB), self.theme);
        let number_width = lines.len().max(1).to_string().len();
        let gutter = COUNT_CELLS + 2 + number_width + 1;
        let room = usize::from(area.width).saturating_sub(gutter).max(1);
        // Each row: the line's index, and its piece (the whole line unless wrapping).
        let rows: Vec<(usize, usize, Vec<Span>)> = lines
            .iter()
            .enumerate()
            .flat_map(|(index, spans)| {
                let pieces = if self.wrap { pieces(spans, room) } else { vec![spans.clone()] };
                pieces.into_iter().enumerate().map(move |(k, piece)| (index, k, piece))
            })
            .collect();
        let height = usize::from(area.height);
        let first_row_of = |line: usize| rows.iter().position(|(i, _, _)| *i == line).unwrap_or(0);
        let top = self.first_shown(rows.len(), height, first_row_of);
        let right = area.right();
        for (row, (index, k, spans)) in rows.iter().skip(top).take(height).enumerate() {
            let y = area.y + row as u16;
            let number = index + 1;
            let here: Vec<&Cursor> = self.cursors.iter().filter(|c| c.line as usize == number).collect();
            if *k > 0 {
                self.render_code(buf, area.x + gutter as u16, y, right, spans, &[]);
                continue;
            }
            let x = put_spans(buf, area.x, y, right, &marker(&here, self.theme));
            let number_style = match here.first() {
                Some(c) => self.theme.lane(c.lane).add_modifier(Modifier::BOLD),
                None => self.theme.dim(),
            };
            let x = put(buf, x, y, right, &format!("{number:>number_width$} "), number_style);
            let wrapped = rows.get(top + row + 1).is_some_and(|(i, _, _)| i == index);
            self.render_code(buf, x, y, right, spans, if wrapped { &[] } else { &here });
        }
    }
}

/// A line's spans cut into pieces of at most `width` columns.
fn pieces(spans: &[Span<'static>], width: usize) -> Vec<Vec<Span<'static>>> {
    let mut out: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for span in spans {
        let mut text = String::new();
        for ch in span.content.chars() {
            let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            if used + w > width && used > 0 {
                if let Some(last) = out.last_mut() {
                    last.push(Span::styled(std::mem::take(&mut text), span.style));
                }
                out.push(Vec::new());
                used = 0;
            }
            text.push(ch);
            used += w;
        }
        if let Some(last) = out.last_mut() {
            last.push(Span::styled(text, span.style));
        }
    }
    out
}

impl CodeView<'_> {
    /// The index of the first line shown: the focused line (or else the first cursor's) sits in
    /// the middle when the program is taller than the view.
    fn first_shown(&self, total: usize, height: usize, first_row_of: impl Fn(usize) -> usize) -> usize {
        if total <= height {
            return 0;
        }
        let target = self.focus_line.or_else(|| self.cursors.first().map(|c| c.line)).unwrap_or(1);
        let index = first_row_of((target.max(1) - 1) as usize);
        index.saturating_sub(height / 2).min(total - height)
    }

    /// The code of one line from `x`, cut at `right`, and the labels of the processes on it
    /// at the right end when they fit beside the code (or within half the width).
    fn render_code(&self, buf: &mut Buffer, x: u16, y: u16, right: u16, spans: &[Span<'_>], here: &[&Cursor]) {
        let room = usize::from(right.saturating_sub(x));
        let labels = labels(here, self.theme);
        let labels_width: usize = labels.iter().map(|s| s.content.width()).sum();
        let code_width: usize = spans.iter().map(|s| s.content.width()).sum();
        let show_labels = labels_width > 0 && (code_width + 1 + labels_width <= room || 2 * (labels_width + 1) <= room);
        let code_right = if show_labels { right - (labels_width + 1) as u16 } else { right };

        put_spans(buf, x, y, code_right, spans);
        if show_labels {
            put_spans(buf, right - labels_width as u16, y, right, &labels);
        }
    }
}

/// The gutter before a line's number: `COUNT_CELLS` for the number of processes on it (blank
/// for one), the marker `▶` in the first one's lane colour, and a space: ` 3▶ `, `  ▶ `.
fn marker(here: &[&Cursor], theme: &Theme) -> Vec<Span<'static>> {
    let count = match here.len() {
        0 | 1 => String::new(),
        n => n.to_string(),
    };
    let count = Span::styled(format!("{count:>COUNT_CELLS$}"), Style::new().add_modifier(Modifier::BOLD));
    let marker = match here.first() {
        Some(c) => Span::styled(MARKER, theme.lane(c.lane)),
        None => Span::raw(" "),
    };
    vec![count, marker, Span::raw(" ")]
}

/// `◀ Process-1, Process-2`, each name in its lane colour; nothing when no process is here.
fn labels(here: &[&Cursor], theme: &Theme) -> Vec<Span<'static>> {
    let Some(first) = here.first() else { return Vec::new() };
    let mut spans = vec![Span::styled("◀ ", theme.lane(first.lane))];
    for (i, c) in here.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(", ", theme.dim()));
        }
        spans.push(Span::styled(c.label.clone(), theme.lane(c.lane)));
    }
    spans
}

/// Writes spans from `x` up to `right`, stopping at the first one that does not fit whole (so
/// nothing narrow is drawn after a wide character that was cut); returns the next free column.
fn put_spans(buf: &mut Buffer, mut x: u16, y: u16, right: u16, spans: &[Span<'_>]) -> u16 {
    for span in spans {
        let end = put(buf, x, y, right, &span.content, span.style);
        if usize::from(end - x) < span.content.width() {
            return end;
        }
        x = end;
    }
    x
}

/// Writes `text` from `x`, cut (by display width) before `right`; returns the next free column.
fn put(buf: &mut Buffer, x: u16, y: u16, right: u16, text: &str, style: Style) -> u16 {
    if x >= right {
        return x;
    }
    buf.set_stringn(x, y, text, usize::from(right - x), style).0
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAM: &str =
        "from multiprocessing import Process, Lock\n\ndef child(i):\n    lock.acquire()\n    print('child', i)\n";

    fn cursor(line: u32, lane: usize, label: &str) -> Cursor {
        Cursor { line, lane, label: label.to_string() }
    }

    fn draw(python: &str, cursors: &[Cursor], focus_line: Option<u32>, area: Rect) -> Buffer {
        let theme = Theme { color: true };
        let mut buf = Buffer::empty(area);
        (&CodeView { python, cursors, theme: &theme, focus_line, wrap: false }).render(area, &mut buf);
        buf
    }

    /// Row `y` as text, one entry per character (the cell hidden by a wide one is skipped).
    fn row(buf: &Buffer, y: u16) -> String {
        let mut s = String::new();
        let mut x = buf.area.x;
        while x < buf.area.right() {
            let symbol = buf[(x, y)].symbol();
            s.push_str(symbol);
            x += symbol.width().max(1) as u16;
        }
        s
    }

    #[test]
    fn wrapping_continues_a_long_line_under_its_code_and_keeps_the_focused_line_in_view() {
        let theme = Theme { color: true };
        let python = "x = 1\nprint('a long line that does not fit')\ny = 2\nz = 3\n";
        let lines = |code: &CodeView, height: u16| {
            let mut buf = Buffer::empty(Rect::new(0, 0, 24, height));
            code.render(buf.area, &mut buf);
            (0..height).map(|y| row(&buf, y).trim_end().to_string()).collect::<Vec<_>>()
        };
        // A gutter of 6 columns leaves 18 for the code: line 2 takes three rows.
        let code = CodeView { python, cursors: &[], theme: &theme, focus_line: Some(2), wrap: true };
        assert_eq!(lines(&code, 3), ["    1 x = 1", "    2 print('a long line", "       that does not fit"]);
        let code = CodeView { focus_line: Some(4), ..code };
        assert_eq!(lines(&code, 3), ["      ')", "    3 y = 2", "    4 z = 3"]);
        let code = CodeView { wrap: false, focus_line: None, ..code };
        assert_eq!(lines(&code, 3), ["    1 x = 1", "    2 print('a long line", "    3 y = 2"]);
    }

    #[test]
    fn a_cursor_marks_its_line_in_its_lane_colour() {
        let theme = Theme { color: true };
        let buf = draw(PROGRAM, &[cursor(4, 1, "Process-1")], None, Rect::new(0, 0, 60, 5));
        assert_eq!(row(&buf, 3), format!("  ▶ 4     lock.acquire(){}◀ Process-1", " ".repeat(25)));
        assert_eq!(buf[(2, 3)].fg, theme.lane(1).fg.expect("a lane has a colour"));
        for y in [0, 1, 2, 4] {
            assert!(!row(&buf, y).contains('▶'), "row {y}: {}", row(&buf, y));
        }
        assert_eq!(row(&buf, 0).trim_end(), "    1 from multiprocessing import Process, Lock");
    }

    #[test]
    fn two_cursors_on_one_line_show_their_count_apart_from_the_line_number_and_both_names() {
        let theme = Theme { color: true };
        let cursors = [cursor(5, 0, "Process-1"), cursor(5, 1, "Process-2")];
        let buf = draw(PROGRAM, &cursors, None, Rect::new(0, 0, 60, 5));
        assert!(row(&buf, 4).starts_with(" 2▶ 5     print('child', i)"), "{}", row(&buf, 4));
        assert!(row(&buf, 4).ends_with("◀ Process-1, Process-2"), "{}", row(&buf, 4));
        assert_eq!(buf[(2, 4)].fg, theme.lane(0).fg.expect("a lane has a colour"));
    }

    #[test]
    fn many_cursors_on_one_line_show_a_count_before_the_marker_and_a_space_before_the_number() {
        let python: String = (1..=20).map(|i| format!("x{i} = {i}\n")).collect();
        let cursors: Vec<Cursor> = (0..13).map(|i| cursor(15, i, &format!("Process-{i}"))).collect();
        let buf = draw(&python, &cursors, None, Rect::new(0, 0, 30, 20));
        let rows: Vec<String> = (0..20).map(|y| row(&buf, y)).collect();
        assert!(rows.iter().any(|r| r.starts_with("13▶ 15 x15 = 15")), "{rows:#?}");
        let three: Vec<Cursor> = (0..3).map(|i| cursor(4, i, &format!("P{i}"))).collect();
        let buf = draw(PROGRAM, &three, None, Rect::new(0, 0, 30, 5));
        assert!(row(&buf, 3).starts_with(" 3▶ 4     lock.acquire()"), "{}", row(&buf, 3));
    }

    #[test]
    fn labels_give_way_when_the_view_is_narrow() {
        let buf = draw(PROGRAM, &[cursor(4, 0, "Process-1")], None, Rect::new(0, 0, 24, 5));
        assert_eq!(row(&buf, 3), "  ▶ 4     lock.acquire()");
    }

    #[test]
    fn a_long_line_gives_room_to_the_label_when_it_takes_at_most_half() {
        let buf =
            draw("x = 'a very long line of code that goes on'\n", &[cursor(1, 0, "P")], None, Rect::new(0, 0, 24, 1));
        assert_eq!(row(&buf, 0), "  ▶ 1 x = 'a very lo ◀ P");
    }

    #[test]
    fn the_focus_line_stays_in_view_in_a_tall_program() {
        let python: String = (1..=100).map(|i| format!("x{i} = {i}\n")).collect();
        let buf = draw(&python, &[cursor(3, 0, "Process-1")], Some(80), Rect::new(0, 0, 30, 10));
        let rows: Vec<String> = (0..10).map(|y| row(&buf, y)).collect();
        assert!(rows.iter().any(|r| r.contains(" 80 x80 = 80")), "{rows:#?}");
        assert!(!rows.iter().any(|r| r.contains("x1 = 1")));
        assert!(rows[9].contains("x84"), "{rows:#?}");
    }

    #[test]
    fn without_focus_the_first_cursor_is_kept_in_view() {
        let python: String = (1..=100).map(|i| format!("x{i} = {i}\n")).collect();
        let buf = draw(&python, &[cursor(97, 0, "P")], None, Rect::new(0, 0, 30, 10));
        assert!(row(&buf, 9).contains("x100"), "the view stops at the last line");
        assert!((0..10).any(|y| row(&buf, y).contains("▶  97")));
    }

    #[test]
    fn a_chinese_line_is_cut_by_display_width() {
        // Gutter 6 cells, then `print('` 7 cells: 剩 would start at column 13; 14 columns
        // leave one cell, too narrow for a wide character, so it stays blank (and so does
        // everything after it).
        let buf = draw("print('剩余票数')\n", &[], None, Rect::new(0, 0, 14, 1));
        assert_eq!(row(&buf, 0), "    1 print(' ");
        let buf = draw("print('剩余票数')\n", &[], None, Rect::new(0, 0, 16, 1));
        assert_eq!(row(&buf, 0), "    1 print('剩 ");
        assert_eq!(buf[(15, 0)].symbol(), " ");
        let buf = draw("print('剩余票数')\n", &[], None, Rect::new(0, 0, 17, 1));
        assert_eq!(row(&buf, 0), "    1 print('剩余");
    }

    #[test]
    fn tiny_and_empty_areas_do_not_panic() {
        let cursors = [cursor(1, 0, "Process-1"), cursor(1, 1, "Process-2"), cursor(99, 2, "gone")];
        for area in [Rect::new(0, 0, 1, 1), Rect::new(0, 0, 0, 0), Rect::new(0, 0, 2, 3), Rect::new(0, 0, 7, 1)] {
            draw(PROGRAM, &cursors, Some(40), area);
            draw("", &cursors, None, area);
        }
        let buf = draw(PROGRAM, &cursors, None, Rect::new(0, 0, 1, 1));
        assert_eq!(buf[(0, 0)].symbol(), " ");
    }
}
