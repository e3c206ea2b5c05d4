//! The workbook pane: the questions to predict before running (with the student's answers),
//! after a run whether each prediction held and why, the try-it tasks with a ✓ once reached,
//! hints as they are revealed, and the tally of many runs.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::lesson::{Lesson, QuestionKind};
use crate::text::Lang;
use crate::tui::app::{Mode, Workbook};
use crate::tui::theme::Theme;
use crate::workbook::{actual_text, is_right, tally_lines};

/// The workbook of one open lesson.
pub struct WorkbookPane<'a> {
    pub lesson: &'a Lesson,
    pub workbook: &'a Workbook,
    pub mode: Mode,
    pub theme: &'a Theme,
    pub lang: Lang,
}

impl WorkbookPane<'_> {
    fn lines(&self) -> Vec<Line<'static>> {
        let (wb, lang, theme) = (self.workbook, self.lang, self.theme);
        let mut lines = Vec::new();
        let heading = match self.mode {
            Mode::Ready => lang.pick("Predict, then run (space)", "先预测，再运行（空格）"),
            _ => lang.pick("Your predictions", "你的预测"),
        };
        lines.push(Line::styled(heading.to_string(), theme.title()));
        if let Some((done, of)) = wb.many_running {
            lines.push(Line::styled(
                format!("{} {done}/{of}…", lang.pick("running many times:", "正在多次运行：")),
                theme.gated(),
            ));
        }
        if let Some(tally) = &wb.tally {
            lines.push(Line::styled(format!("{} ({})", lang.pick("Many runs", "多次运行"), tally.runs), theme.title()));
            lines.extend(tally_lines(self.lesson, tally, lang).into_iter().map(Line::raw));
        }
        if wb.tally.is_some() {
            lines.push(Line::raw(""));
        }
        for (i, q) in self.lesson.questions.iter().enumerate() {
            let selected = wb.row == i;
            let marker = if selected { "▸ " } else { "  " };
            lines.push(Line::from(vec![
                Span::styled(format!("{marker}{}. ", i + 1), theme.key()),
                Span::styled(
                    lang.of(&q.prompt).to_string(),
                    if selected { Style::new().add_modifier(ratatui::style::Modifier::BOLD) } else { Style::new() },
                ),
            ]));
            let given = wb.answers.get(i).cloned().flatten();
            let shown = match (&given, &q.kind) {
                (Some(a), _) => a.text(q, lang),
                (None, QuestionKind::Number) if selected && self.mode == Mode::Ready => format!("{}▏", wb.typing),
                (None, _) => lang.pick("(no answer yet)", "（还没有作答）").to_string(),
            };
            let how = match (&q.kind, self.mode) {
                (QuestionKind::Choice { options }, Mode::Ready) => {
                    let labels: Vec<String> =
                        options.iter().enumerate().map(|(k, o)| format!("{} {}", k + 1, lang.of(&o.label))).collect();
                    format!("  ({})", labels.join(" · "))
                }
                (QuestionKind::Number, Mode::Ready) => lang.pick("  (type a number)", "  （输入数字）").to_string(),
                _ => String::new(),
            };
            lines.push(Line::from(vec![
                Span::raw(format!("    {} ", lang.pick("you:", "你："))),
                Span::styled(shown, theme.key()),
                Span::styled(how, theme.dim()),
            ]));
            if let Some(actual) = wb.verdicts.as_ref().and_then(|v| v.answers.get(i)) {
                let line = match (actual, &given) {
                    (Ok(value), Some(a)) if is_right(q, a, value) => Line::styled(
                        format!("    ✓ {} {}", lang.pick("the run:", "这次运行："), actual_text(q, value, lang)),
                        theme.ok(),
                    ),
                    (Ok(value), _) => Line::styled(
                        format!("    ✗ {} {}", lang.pick("the run:", "这次运行："), actual_text(q, value, lang)),
                        theme.error(),
                    ),
                    (Err(e), _) => Line::styled(format!("    ? {e}"), theme.dim()),
                };
                lines.push(line);
                if selected {
                    lines.push(Line::styled(format!("    {}", lang.of(&q.explain)), theme.dim()));
                }
            }
            for h in q.hints.iter().take(wb.hints.get(i).copied().unwrap_or(0)) {
                lines.push(Line::styled(format!("    {} {}", lang.pick("hint:", "提示："), lang.of(h)), theme.dim()));
            }
        }
        if !self.lesson.tasks.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                lang.pick(
                    "Try it (k knobs, space/n/Tab to schedule by hand)",
                    "动手试试（k 改参数，空格/n/Tab 亲手调度）",
                )
                .to_string(),
                theme.title(),
            ));
        }
        let base = self.lesson.questions.len();
        for (j, t) in self.lesson.tasks.iter().enumerate() {
            let done = wb.reached.get(j).copied().unwrap_or(false);
            let marker = if wb.row == base + j { "▸" } else { " " };
            let (mark, style) = if done { ("✓", theme.ok()) } else { ("☐", Style::new()) };
            lines.push(Line::from(vec![
                Span::styled(format!("{marker} {mark} "), style),
                Span::raw(lang.of(&t.goal).to_string()),
            ]));
            for h in t.hints.iter().take(wb.hints.get(base + j).copied().unwrap_or(0)) {
                lines.push(Line::styled(format!("    {} {}", lang.pick("hint:", "提示："), lang.of(h)), theme.dim()));
            }
        }
        lines
    }
}

impl Widget for &WorkbookPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        Paragraph::new(self.lines()).wrap(Wrap { trim: false }).render(area, buf);
    }
}
