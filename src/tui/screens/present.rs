//! Presenter mode: one pane fills the screen under the header — the program (with the
//! lesson's talking points for the line a process stands at), the processes, the objects, the
//! timeline or the output — `1`–`5` switch, `p` goes back. Long lines wrap instead of being
//! cut, so a large terminal font at 80×24 still shows everything.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::lesson::{
    Hits, cursors, details, draw_overlay, focus_line, footer, output_title, selected, timeline, variables_title,
};
use crate::lesson::Note;
use crate::text::Lang;
use crate::tui::app::{App, LessonView, Pane};
use crate::tui::theme::Theme;
use crate::tui::widgets::code_view::CodeView;
use crate::tui::widgets::lanes::Lanes;
use crate::tui::widgets::objects::Objects;
use crate::tui::widgets::output::Output;
use crate::tui::widgets::variables::VariablesPane;

/// Draws the lesson in presenter mode, showing `pane`; returns where the lanes are (when
/// shown).
pub fn draw(frame: &mut Frame, app: &App, view: &LessonView, pane: Pane, header: Vec<Line<'static>>) -> Hits {
    let area = frame.area();
    let (theme, lang) = (&app.theme, app.lang);
    let rows = Layout::vertical([Constraint::Length(header.len() as u16), Constraint::Min(3), Constraint::Length(1)])
        .split(area);
    frame.render_widget(Paragraph::new(header), rows[0]);
    let title = lang.t_with("lesson.present", &[("pane", &lang.t(pane.title()))]);
    let block = Block::new().borders(Borders::TOP).title(Span::styled(format!(" {title} "), theme.title()));
    let inner = block.inner(rows[1]);
    frame.render_widget(block, rows[1]);
    let mut hits = Hits::default();
    let now_ns = view.shown_now();
    match pane {
        Pane::Code => draw_code(frame, inner, view, theme, lang),
        Pane::Lanes => {
            let parts = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).split(inner);
            let lanes = Lanes { world: view.world(), theme, lang, selected: view.selected, now_ns };
            frame.render_widget(&lanes, parts[0]);
            frame.render_widget(Paragraph::new(details(view, theme, lang)).wrap(Wrap { trim: false }), parts[1]);
            hits.lanes = parts[0];
        }
        Pane::Objects => {
            let objects = Objects { world: view.world(), theme, lang, touched: &view.touched, now_ns };
            let wanted = objects.rows_needed(usize::from(inner.width)) as u16;
            match selected(view).filter(|p| !p.variables.list.is_empty() && wanted + 6 <= inner.height) {
                Some(p) => {
                    let parts = Layout::vertical([Constraint::Length(wanted), Constraint::Min(3)]).split(inner);
                    frame.render_widget(&objects, parts[0]);
                    let block =
                        Block::new().borders(Borders::TOP).title(Span::styled(variables_title(p, lang), theme.title()));
                    frame.render_widget(&VariablesPane { variables: &p.variables, theme, lang }, block.inner(parts[1]));
                    frame.render_widget(block, parts[1]);
                }
                None => frame.render_widget(&objects, inner),
            }
        }
        Pane::Timeline => frame.render_widget(&timeline(view, theme), inner),
        Pane::Output => {
            let parts = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).split(inner);
            frame.render_widget(Line::styled(output_title(view, lang), theme.dim()), parts[0]);
            let output = Output { world: view.world(), theme, lang, until: view.output_until };
            frame.render_widget(&output, parts[1]);
        }
    }
    frame.render_widget(footer(app, rows[2].width), rows[2]);
    draw_overlay(frame, app, view);
    hits
}

/// The program, wrapped, and under it the talking point for the line shown.
fn draw_code(frame: &mut Frame, area: Rect, view: &LessonView, theme: &Theme, lang: Lang) {
    let cursors = cursors(view);
    let focus = focus_line(view);
    let note = note_for(&view.lesson.notes, focus, cursors.iter().map(|c| c.line));
    let code_area = match note {
        Some(note) => {
            let text = lang.of(&note.text);
            let title = lang.t_with("lesson.notes", &[("line", &note.line)]);
            let block = Block::new().borders(Borders::TOP).title(Span::styled(format!(" {title} "), theme.title()));
            let paragraph = Paragraph::new(text.to_string()).wrap(Wrap { trim: true });
            // Word wrapping may take a row more than the plain division says.
            let wanted = (text.width() / usize::from(area.width.max(1)) + 2) as u16 + 1;
            let rows = wanted.min(area.height / 2).max(2);
            let parts = Layout::vertical([Constraint::Min(1), Constraint::Length(rows)]).split(area);
            frame.render_widget(paragraph, block.inner(parts[1]));
            frame.render_widget(block, parts[1]);
            parts[0]
        }
        None => area,
    };
    // The line the note is about stays in view with it.
    let focus_line = note.map(|n| n.line).or(focus);
    let code = CodeView { python: &view.program, cursors: &cursors, theme, focus_line, wrap: true };
    frame.render_widget(&code, code_area);
}

/// The note for the chosen process's line, or else for the first line a process stands at.
pub fn note_for(notes: &[Note], focus: Option<u32>, lines: impl IntoIterator<Item = u32>) -> Option<&Note> {
    let at = |line: u32| notes.iter().find(|n| n.line == line);
    focus.and_then(at).or_else(|| lines.into_iter().find_map(at))
}
