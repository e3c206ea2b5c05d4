//! The selected process's own variables, as Python Tutor shows a frame: the running
//! function's locals, then the module's globals under a rule, one `name = value` a row, the
//! ones its last statement set marked `•` (and highlighted). Rows that do not fit are counted
//! in a last "+N more" row.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::cells::draw_line;
use crate::text::Lang;
use crate::trace::variables::{Shown, Variables};
use crate::tui::theme::Theme;

/// One process's variables.
pub struct VariablesPane<'a> {
    pub variables: &'a Variables,
    pub theme: &'a Theme,
    pub lang: Lang,
}

impl VariablesPane<'_> {
    /// The rows: locals, then (when there are both) a rule, then globals.
    fn lines(&self) -> Vec<Line<'static>> {
        let list = &self.variables.list;
        let locals = list.iter().take_while(|v| v.local).count();
        let mut lines: Vec<Line> = list[..locals].iter().map(|v| self.row(v)).collect();
        if locals > 0 && locals < list.len() {
            lines.push(Line::styled(format!("── {} ──", self.lang.t("variables.globals")), self.theme.dim()));
        }
        lines.extend(list[locals..].iter().map(|v| self.row(v)));
        lines
    }

    fn row(&self, v: &Shown) -> Line<'static> {
        let (mark, style) =
            if v.changed { ("• ", self.theme.changed()) } else { ("  ", ratatui::style::Style::new()) };
        Line::from(vec![
            Span::styled(mark, self.theme.gated()),
            Span::styled(format!("{} = {}", v.name, v.value), style),
        ])
    }
}

impl Widget for &VariablesPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let mut lines = self.lines();
        let height = area.height as usize;
        if lines.is_empty() {
            lines.push(Line::styled(self.lang.t("variables.none"), self.theme.dim()));
        }
        if height == 1 && lines.len() > 1 {
            // One row: the variable the last statement set (else the first), and the count of
            // the others after it, rather than a count alone.
            let list = &self.variables.list;
            let shown = list.iter().find(|v| v.changed).unwrap_or(&list[0]);
            let mut line = self.row(shown);
            let more = self.lang.t_with("variables.more", &[("n", &(list.len() - 1))]);
            line.spans.push(Span::styled(format!("  {more}"), self.theme.dim()));
            lines = vec![line];
        }
        if lines.len() > height {
            let more = lines.len() - (height - 1);
            lines.truncate(height - 1);
            lines.push(Line::styled(self.lang.t_with("variables.more", &[("n", &more)]), self.theme.dim()));
        }
        for (row, line) in lines.iter().enumerate() {
            draw_line(buf, area.x, area.y + row as u16, line, area.width);
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    use super::VariablesPane;
    use crate::text::Lang;
    use crate::trace::variables::{Shown, Variables};
    use crate::tui::theme::Theme;
    use crate::tui::widgets::fixture::rows;

    fn shown(name: &str, value: &str, changed: bool) -> Shown {
        Shown { local: false, name: name.into(), value: value.into(), changed }
    }

    fn draw(variables: &Variables, height: u16) -> Vec<String> {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, height));
        let theme = Theme::plain();
        Widget::render(&VariablesPane { variables, theme: &theme, lang: Lang::En }, buf.area, &mut buf);
        rows(&buf)
    }

    #[test]
    fn one_row_shows_the_changed_variable_and_counts_the_others() {
        let mut variables = Variables::default();
        variables.list = vec![shown("lock", "<Lock>", false), shown("i", "7", true), shown("n", "3", false)];
        assert_eq!(draw(&variables, 1)[0].trim_end(), "• i = 7  +2 more");
        let two = draw(&variables, 2);
        assert_eq!(two[0].trim_end(), "  lock = <Lock>");
        assert_eq!(two[1].trim_end(), "+2 more");
    }
}
