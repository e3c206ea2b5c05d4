//! The lines the lesson printed, in real order, newest at the bottom: each under the name of
//! the process that printed it, in its lane colour (shortened so that names stay apart);
//! uncaught exceptions in the error style. A line too long for the width wraps (by display
//! width, so Chinese text wraps cleanly) under its own text. The newest rows that fit are
//! drawn, or, scrolled back, the rows that end at an earlier line. Terminal escape sequences
//! (the seed's `\033[41m` colours) are left out: on this screen they would print as text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::cells::{draw_line, lane_style, short_name};
use crate::text::Lang;
use crate::trace::World;
use crate::tui::theme::Theme;

/// The output log (newest at the bottom).
pub struct Output<'a> {
    pub world: &'a World,
    pub theme: &'a Theme,
    pub lang: Lang,
    /// Show the lines before this index (scrolled back); `None`: up to the newest.
    pub until: Option<usize>,
}

/// `text` without its ANSI CSI sequences (`ESC [`, parameters, one final letter).
pub fn without_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` cut into pieces of at most `width` columns (at least one piece, maybe empty).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > 0 {
            pieces.push(String::new());
            used = 0;
        }
        if let Some(last) = pieces.last_mut() {
            last.push(c);
        }
        used += w;
    }
    pieces
}

impl Widget for &Output<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let (theme, world) = (self.theme, self.world);
        let (width, height) = (area.width as usize, area.height as usize);
        if world.output.is_empty() {
            let text = self.lang.t("output.nothing_printed");
            buf.set_stringn(area.x, area.y, text, width, theme.dim());
            return;
        }
        let shown = &world.output[..self.until.map_or(world.output.len(), |u| u.min(world.output.len()))];
        // Only the newest lines shown can fit, so the name column fits those.
        let recent = &shown[shown.len().saturating_sub(height)..];
        let widest = recent.iter().map(|l| l.name.width()).max().unwrap_or(0);
        let name_w = if width >= 16 { widest.min(14).min(width / 3) } else { 0 };
        let text_w = width.saturating_sub(name_w + usize::from(name_w > 0)).max(1);
        let mut rows: Vec<Line> = Vec::new();
        for line in shown.iter().rev() {
            if rows.len() >= height {
                break;
            }
            let style = if line.is_error { theme.error() } else { Style::default() };
            // Newest first: a wrapped line's last piece comes first.
            for (k, piece) in wrap(&without_escapes(&line.text), text_w).into_iter().enumerate().rev() {
                let mut spans = Vec::new();
                if name_w > 0 {
                    let name = if k == 0 { short_name(&line.name, name_w) } else { " ".repeat(name_w) };
                    spans.push(Span::styled(name, lane_style(world, theme, line.pid)));
                    spans.push(Span::raw(" "));
                }
                spans.push(Span::styled(piece, style));
                rows.push(Line::from(spans));
            }
        }
        for (row, line) in rows.iter().take(height).rev().enumerate() {
            draw_line(buf, area.x, area.y + row as u16, line, area.width);
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Modifier;
    use ratatui::widgets::Widget;

    use super::*;
    use crate::event::EventKind;
    use crate::tui::widgets::fixture::{MAIN, Run, rows};

    fn render(world: &World, lang: Lang, width: u16, height: u16) -> Buffer {
        render_until(world, lang, width, height, None)
    }

    fn render_until(world: &World, lang: Lang, width: u16, height: u16, until: Option<usize>) -> Buffer {
        let theme = Theme::plain();
        let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
        (&Output { world, theme: &theme, lang, until }).render(buf.area, &mut buf);
        buf
    }

    #[test]
    fn the_newest_lines_that_fit_are_shown_in_order_under_their_process_names() {
        let mut run = Run::with_children(2);
        run.print(MAIN, "one").print(101, "two").print(102, "three").print(101, "four");
        let world = run.world();
        let text = rows(&render(&world, Lang::En, 40, 3));
        assert_eq!(text, ["Process-1 two", "Process-2 three", "Process-1 four"]);
        let all = rows(&render(&world, Lang::En, 40, 6));
        assert_eq!(all[..5], ["MainProcess one", "Process-1   two", "Process-2   three", "Process-1   four", ""]);
    }

    #[test]
    fn scrolled_back_it_shows_the_rows_that_end_at_an_earlier_line() {
        let mut run = Run::with_children(1);
        for i in 1..=6 {
            run.print(101, &format!("line {i}"));
        }
        let world = run.world();
        let text = rows(&render_until(&world, Lang::En, 40, 2, Some(3)));
        assert_eq!(text, ["Process-1 line 2", "Process-1 line 3"]);
        assert_eq!(rows(&render_until(&world, Lang::En, 40, 2, Some(99))), rows(&render(&world, Lang::En, 40, 2)));
    }

    #[test]
    fn pool_workers_stay_told_apart_in_a_narrow_pane() {
        let mut run = Run::with_children(0);
        run.start(101, "ForkPoolWorker-1", MAIN).start(102, "ForkPoolWorker-2", MAIN);
        run.print(101, "one").print(102, "two");
        let text = rows(&render(&run.world(), Lang::En, 30, 2));
        assert_eq!(text, ["…Worker-1  one", "…Worker-2  two"]);
    }

    #[test]
    fn a_long_chinese_line_wraps_by_display_width_under_its_own_text() {
        let mut run = Run::with_children(1);
        run.print(101, "我买到了第一张票，还剩九张");
        let world = run.world();
        let text = rows(&render(&world, Lang::En, 30, 3));
        assert_eq!(text, ["Process-1 我买到了第一张票，还", "          剩九张", ""]);
    }

    #[test]
    fn an_uncaught_exception_is_drawn_in_the_error_style() {
        let mut run = Run::with_children(1);
        run.print(101, "fine");
        run.ev(101, EventKind::Raised { error: "ValueError".into(), message: "bad".into(), line: 3, caught: false });
        let world = run.world();
        let last = world.output.last().expect("the error is output");
        assert!(last.is_error, "{last:?}");
        let buf = render(&world, Lang::En, 60, 2);
        let text = rows(&buf);
        assert!(text[1].contains("ValueError"), "{text:?}");
        let x = (0..60).find(|&x| buf[(x, 1)].symbol() == "V").expect("error text drawn");
        assert!(buf[(x, 1)].modifier.contains(Modifier::BOLD));
        assert!(!buf[(x, 0)].modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn colour_escapes_are_left_out_of_the_shown_text() {
        let mut run = Run::with_children(1);
        run.print(101, "\u{1b}[41mProcess-1 拿到A锁\u{1b}[0m");
        let text = rows(&render(&run.world(), Lang::En, 40, 1));
        assert_eq!(text, ["Process-1 Process-1 拿到A锁"]);
        assert_eq!(without_escapes("a\u{1b}[1;31mb\u{1b}c"), "ab\u{1b}c");
    }

    #[test]
    fn nothing_printed_says_so_in_both_languages() {
        let world = Run::with_children(1).world();
        assert_eq!(rows(&render(&world, Lang::En, 30, 1)), ["(nothing printed yet)"]);
        assert_eq!(rows(&render(&world, Lang::Zh, 30, 1)), ["（还没有输出）"]);
    }

    #[test]
    fn tiny_and_empty_areas_do_not_panic() {
        let mut run = Run::with_children(1);
        run.print(101, "包子包子包子").print(MAIN, "x");
        let world = run.world();
        for (w, h) in [(0, 0), (1, 1), (0, 3), (3, 0), (2, 1), (1, 4), (17, 2)] {
            render(&world, Lang::Zh, w, h);
        }
    }
}
