//! The workbook pane: the questions to predict before running (with the student's answers,
//! marked when made for other knobs), after a run whether each prediction held and why (or why
//! the run was not graded), the try-it tasks with a ✓ once reached, hints as they are revealed,
//! and the tally of many runs once the student has predicted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::cells::wrap;
use crate::lesson::{Lesson, QuestionKind};
use crate::play::tally_lines;
use crate::text::Lang;
use crate::tui::app::{Mode, Workbook};
use crate::tui::theme::Theme;
use crate::workbook::{actual_text, is_right};

/// The workbook of one open lesson.
pub struct WorkbookPane<'a> {
    pub lesson: &'a Lesson,
    pub workbook: &'a Workbook,
    pub mode: Mode,
    pub theme: &'a Theme,
    pub lang: Lang,
}

/// Lines wrapped by display width (Chinese breaks between characters), each paragraph with a
/// prefix on its first line and the following lines indented under the text.
struct Page {
    width: usize,
    lines: Vec<Line<'static>>,
}

impl Page {
    fn para(&mut self, prefix: Vec<Span<'static>>, text: &str, style: Style) {
        let indent: usize = prefix.iter().map(|s| s.content.width()).sum();
        let room = self.width.saturating_sub(indent).max(8);
        let mut first = Some(prefix);
        for piece in wrap(text, room) {
            let mut spans = first.take().unwrap_or_else(|| vec![Span::raw(" ".repeat(indent))]);
            spans.push(Span::styled(piece, style));
            self.lines.push(Line::from(spans));
        }
        if let Some(prefix) = first {
            self.lines.push(Line::from(prefix));
        }
    }

    fn line(&mut self, text: String, style: Style) {
        self.para(Vec::new(), &text, style);
    }
}

impl WorkbookPane<'_> {
    /// The pane's lines at this width, and the index of the selected row's first line.
    fn lines(&self, width: usize) -> (Vec<Line<'static>>, usize) {
        let mut focus = 0;
        let (wb, lang, theme) = (self.workbook, self.lang, self.theme);
        let mut page = Page { width, lines: Vec::new() };
        let heading = match self.mode {
            Mode::Ready if wb.asked_again() => lang.t("workbook.predict_again"),
            Mode::Ready => lang.t("workbook.predict_then_run"),
            _ => lang.t("workbook.your_predictions"),
        };
        page.line(heading.to_string(), theme.title());
        if let Some(why) = wb.ungraded {
            page.line(lang.t(why).to_string(), theme.error());
        }
        if let Some((done, of)) = wb.many_running {
            page.line(lang.t_with("workbook.running_many", &[("done", &done), ("of", &of)]), theme.gated());
        }
        let predicted = wb.predicted() || self.lesson.questions.is_empty();
        if let Some(tally) = wb.tally.as_ref().filter(|_| predicted) {
            let title = match wb.many_seed {
                Some(first) => {
                    let last = first + tally.runs.saturating_sub(1) as u64;
                    lang.t_with(
                        "workbook.many_runs_seeds",
                        &[("runs", &tally.runs), ("first", &first), ("last", &last)],
                    )
                }
                None => lang.t_with("workbook.many_runs", &[("runs", &tally.runs)]),
            };
            page.line(title, theme.title());
            for line in tally_lines(self.lesson, tally, lang) {
                let indent = line.len() - line.trim_start().len();
                page.para(vec![Span::raw(" ".repeat(indent))], line.trim_start(), Style::new());
            }
            page.line(String::new(), Style::new());
        }
        let hint = |page: &mut Page, h: &crate::lesson::Text| {
            page.para(
                vec![Span::styled(format!("    {} ", lang.t("workbook.hint")), theme.dim())],
                lang.of(h),
                theme.dim(),
            );
        };
        for (i, q) in self.lesson.questions.iter().enumerate() {
            let selected = wb.row == i;
            let marker = if selected { "▸ " } else { "  " };
            let bold = if selected { Style::new().add_modifier(Modifier::BOLD) } else { Style::new() };
            if selected {
                focus = page.lines.len();
            }
            page.para(vec![Span::styled(format!("{marker}{}. ", i + 1), theme.key())], lang.of(&q.prompt), bold);
            let given = wb.answers.get(i).cloned().flatten();
            let shown = match (&given, &q.kind) {
                (Some(a), _) => a.text(q, lang),
                (None, QuestionKind::Number) if selected && self.mode == Mode::Ready => format!("{}▏", wb.typing),
                (None, _) => lang.t("workbook.no_answer_yet").to_string(),
            };
            let mut you = vec![Span::raw(format!("    {} ", lang.t("workbook.you"))), Span::styled(shown, theme.key())];
            if wb.stale(i) {
                you.push(Span::styled(format!(" {}", lang.t("workbook.other_knobs")), theme.dim()));
            }
            page.lines.push(Line::from(you));
            match (&q.kind, self.mode) {
                (QuestionKind::Choice { options }, Mode::Ready) => {
                    let labels: Vec<String> =
                        options.iter().enumerate().map(|(k, o)| format!("{} {}", k + 1, lang.of(&o.label))).collect();
                    page.para(vec![Span::raw("      ")], &labels.join(" · "), theme.dim());
                }
                (QuestionKind::Number, Mode::Ready) => {
                    page.para(vec![Span::raw("      ")], lang.t("workbook.type_a_number"), theme.dim());
                }
                _ => {}
            }
            if let Some(actual) = wb.verdicts.as_ref().and_then(|v| v.answers.get(i)) {
                let the_run = lang.t("workbook.the_run");
                // Only a prediction made for this run's knobs is graded: with none (never given,
                // or made for other knobs) the run's answer is shown without a mark.
                let (text, style) = match (actual, wb.current(i)) {
                    (Ok(value), Some(a)) if is_right(q, a, value) => {
                        (format!("✓ {the_run} {}", actual_text(q, value, lang)), theme.ok())
                    }
                    (Ok(value), Some(_)) => (format!("✗ {the_run} {}", actual_text(q, value, lang)), theme.error()),
                    (Ok(value), None) => (format!("· {the_run} {}", actual_text(q, value, lang)), theme.dim()),
                    (Err(e), _) => (format!("? {e}"), theme.dim()),
                };
                page.para(vec![Span::raw("    ")], &text, style);
                if selected {
                    page.para(vec![Span::raw("    ")], lang.of(&q.explain), theme.dim());
                }
            }
            for h in q.hints.iter().take(wb.hints.get(i).copied().unwrap_or(0)) {
                hint(&mut page, h);
            }
        }
        if !self.lesson.tasks.is_empty() {
            page.line(String::new(), Style::new());
            page.line(lang.t("workbook.try_it").to_string(), theme.title());
        }
        let base = self.lesson.questions.len();
        for (j, t) in self.lesson.tasks.iter().enumerate() {
            let done = wb.reached.get(j).copied().unwrap_or(false);
            let marker = if wb.row == base + j { "▸" } else { " " };
            let (mark, style) = if done { ("✓", theme.ok()) } else { ("☐", Style::new()) };
            if wb.row == base + j {
                focus = page.lines.len();
            }
            page.para(vec![Span::styled(format!("{marker} {mark} "), style)], lang.of(&t.goal), Style::new());
            for h in t.hints.iter().take(wb.hints.get(base + j).copied().unwrap_or(0)) {
                hint(&mut page, h);
            }
        }
        (page.lines, focus)
    }
}

impl Widget for &WorkbookPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        // Keep the selected question or task in view, a third of the way down.
        let (lines, focus) = self.lines(usize::from(area.width));
        let height = usize::from(area.height);
        let scroll = if focus + 4 > height { focus.saturating_sub(height / 3) } else { 0 };
        Paragraph::new(lines).scroll((scroll.min(usize::from(u16::MAX)) as u16, 0)).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::fixture::rows;
    use unicode_width::UnicodeWidthStr;

    fn lesson(id: &str) -> Lesson {
        crate::lesson::resolve(id).expect("a built-in lesson")
    }

    #[test]
    fn chinese_questions_wrap_inside_the_pane_and_under_their_number() {
        let lesson = lesson("daemon");
        let wb = Workbook::new(&lesson);
        let theme = Theme::plain();
        let pane = WorkbookPane { lesson: &lesson, workbook: &wb, mode: Mode::Ready, theme: &theme, lang: Lang::Zh };
        let area = Rect::new(0, 0, 30, 40);
        let mut buf = Buffer::empty(area);
        (&pane).render(area, &mut buf);
        let text = rows(&buf);
        assert!(text.iter().all(|r| r.width() <= 30), "{text:#?}");
        let first = text.iter().position(|r| r.starts_with("▸ 1. ")).expect("question 1");
        // The prompt goes on under the text, not under the number.
        assert!(text[first + 1].starts_with("     ") && !text[first + 1].trim().is_empty(), "{text:#?}");
    }

    #[test]
    fn a_prediction_for_other_knobs_is_marked_and_the_student_asked_again() {
        let lesson = lesson("lock");
        let mut wb = Workbook::new(&lesson);
        let knobs = lesson.knobs_with(&Default::default());
        wb.new_round(&knobs);
        wb.type_digit(&lesson, Some('3'));
        let mut more = knobs.clone();
        more.insert("buyers".into(), crate::value::Value::Int(4));
        assert!(wb.new_round(&more), "asked again");
        let theme = Theme::plain();
        let pane = WorkbookPane { lesson: &lesson, workbook: &wb, mode: Mode::Ready, theme: &theme, lang: Lang::En };
        let area = Rect::new(0, 0, 90, 30);
        let mut buf = Buffer::empty(area);
        (&pane).render(area, &mut buf);
        let text = rows(&buf);
        assert!(text[0].starts_with(Lang::En.t("workbook.predict_again")), "{text:#?}");
        let other = Lang::En.t("workbook.other_knobs");
        assert!(text.iter().any(|r| r.contains(&format!("you: 3 {other}"))), "{text:#?}");
    }

    #[test]
    fn a_run_not_graded_says_so_at_the_top() {
        let lesson = lesson("lock");
        let mut wb = Workbook::new(&lesson);
        wb.not_graded("workbook.not_graded_killed");
        let theme = Theme::plain();
        let pane = WorkbookPane { lesson: &lesson, workbook: &wb, mode: Mode::Finished, theme: &theme, lang: Lang::En };
        let area = Rect::new(0, 0, 60, 30);
        let mut buf = Buffer::empty(area);
        (&pane).render(area, &mut buf);
        let text = rows(&buf);
        assert!(text[1].starts_with("Not graded: you killed a process (x)"), "{text:#?}");
    }

    #[test]
    fn a_tiny_area_does_not_panic() {
        let lesson = lesson("lock");
        let wb = Workbook::new(&lesson);
        let theme = Theme::plain();
        let pane = WorkbookPane { lesson: &lesson, workbook: &wb, mode: Mode::Ready, theme: &theme, lang: Lang::En };
        for (w, h) in [(1, 1), (0, 0), (3, 2)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            (&pane).render(area, &mut buf);
        }
    }
}
