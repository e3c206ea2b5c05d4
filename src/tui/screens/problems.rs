//! The problems panel of hot reload: a lesson file saved with problems shows them here, each
//! as `check` prints it (`file:line:col: message — hint`), in a box over the bottom of the
//! screen (above the footer), while the last good version stays on screen and running.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::tui::app::App;
use crate::tui::widgets::cells::wrapped;

/// The panel over an area: it takes the bottom of it, at most a third of its height.
pub struct ProblemsPanel<'a> {
    pub app: &'a App,
}

impl Widget for &ProblemsPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        // Keep the footer (last line) visible; a box needs 3 rows and some width.
        if area.height < 6 || area.width < 10 {
            return;
        }
        let (theme, lang) = (&self.app.theme, self.app.lang);
        let inner_width = area.width - 2;
        let room = usize::from((area.height / 3).max(3) - 2);
        let all: Vec<Vec<Line>> =
            self.app.problems.iter().map(|d| wrapped(&d.to_string(), inner_width, theme.error())).collect();
        let mut lines: Vec<Line> = Vec::new();
        if all.iter().map(Vec::len).sum::<usize>() <= room {
            lines = all.into_iter().flatten().collect();
        } else {
            let mut shown = 0;
            for problem in all {
                if lines.len() + problem.len() > room - 1 {
                    break;
                }
                lines.extend(problem);
                shown += 1;
            }
            let hidden = self.app.problems.len() - shown;
            lines.push(Line::styled(lang.t_with("reload.more", &[("n", &hidden)]), theme.dim()));
        }
        let height = lines.len() as u16 + 2;
        let panel = Rect::new(area.x, area.bottom() - 1 - height, area.width, height);
        Clear.render(panel, buf);
        let block = Block::new().borders(Borders::ALL).border_style(theme.error()).title(lang.t("reload.panel_title"));
        Paragraph::new(lines).block(block).render(panel, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Diagnostic, Pos};
    use crate::text::Lang;
    use crate::tui::theme::Theme;
    use crate::tui::widgets::fixture::rows;

    fn app(n: usize) -> App {
        let mut app = App::new(Vec::new(), Lang::En, Theme::plain());
        app.problems = (0..n)
            .map(|i| {
                let pos = Pos { line: 3 + i as u32, col: 7 };
                Diagnostic::at("week1/lock.toml", pos, format!("problem {i}"), Some("fix it".into()))
            })
            .collect();
        app
    }

    fn draw(app: &App, w: u16, h: u16) -> Vec<String> {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        (&ProblemsPanel { app }).render(area, &mut buf);
        rows(&buf)
    }

    #[test]
    fn problems_show_at_file_line_col_above_the_footer() {
        let rows = draw(&app(2), 80, 24);
        assert!(rows[23].trim().is_empty(), "the footer line is left: {rows:#?}");
        assert!(rows[22].starts_with('└'), "{rows:#?}");
        assert!(rows.iter().any(|r| r.contains("week1/lock.toml:3:7: problem 0 — fix it")), "{rows:#?}");
        assert!(rows.iter().any(|r| r.contains("Problems in lesson files — fix and save")), "{rows:#?}");
    }

    #[test]
    fn many_problems_are_cut_with_a_count_and_tiny_areas_do_not_panic() {
        let rows = draw(&app(20), 80, 24);
        assert!(rows.iter().any(|r| r.contains("more (forkbook check FILE")), "{rows:#?}");
        for (w, h) in [(0, 0), (1, 1), (9, 30), (80, 5), (10, 6), (200, 3)] {
            draw(&app(3), w, h);
        }
    }
}
