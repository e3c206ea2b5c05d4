//! The lesson screen: header (header.rs), banners when the student's edited program was refused
//! or the run ended other than finished (banner.rs), the program as the run runs it (or the
//! workbook, or the story) beside the lanes, objects and output, the timeline, and
//! a footer with the keys that work now (overlays in overlay.rs); plus the "terminal too small"
//! screen. Drawing reads `App` and changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::footer::{Look, hints};
use super::overlay::{draw_help, draw_knobs, draw_symbols};
use super::{banner, header};
use crate::text::Lang;
use crate::trace::describe;
use crate::tui::app::{App, LessonView, Overlay, Tab};
use crate::tui::keys::{KEYS, Place};
use crate::tui::theme::Theme;
use crate::tui::widgets::code_view::{CodeView, Cursor};
use crate::tui::widgets::lanes::Lanes;
use crate::tui::widgets::objects::Objects;
use crate::tui::widgets::output::Output;
use crate::tui::widgets::timeline::Timeline;
use crate::tui::widgets::variables::VariablesPane;
use crate::tui::widgets::workbook::WorkbookPane;

/// The most rows the banner takes.
const BANNER_ROWS: usize = 2;

/// The smallest terminal the lesson screen is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Where the lanes were drawn (for mouse clicks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    pub lanes: Rect,
}

/// Draws the open lesson; returns where the lanes are.
pub fn draw(frame: &mut Frame, app: &App, view: &LessonView) -> Hits {
    let area = frame.area();
    let (theme, lang) = (&app.theme, app.lang);
    let mut header = header::lines(view, theme, lang, area.width);
    if let Some(problem) = app.program_problem() {
        header.extend(banner::refused(problem, theme, lang, area.width, BANNER_ROWS));
    }
    header.extend(banner::lines(&view.world, theme, lang, area.width, BANNER_ROWS));
    // A reached task takes one row on a small screen, so the panes keep their room.
    let reached_rows = if area.height < 30 { 1 } else { BANNER_ROWS };
    header.extend(banner::reached(&view.lesson, &view.workbook, theme, lang, area.width, reached_rows));
    let rows = Layout::vertical([
        Constraint::Length(header.len() as u16),
        Constraint::Min(10),
        Constraint::Length(timeline_height(area, view)),
        Constraint::Length(1),
    ])
    .split(area);
    frame.render_widget(Paragraph::new(header), rows[0]);

    let left_width = (area.width * 2 / 5).max(38);
    let cols = Layout::horizontal([Constraint::Length(left_width), Constraint::Min(40)]).split(rows[1]);
    draw_left(frame, cols[0], view, theme, lang);

    let procs = view.world.processes.len() as u16;
    let right = Layout::vertical([
        Constraint::Length((procs + 2).clamp(3, rows[1].height / 2)),
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length((rows[1].height / 4).max(4)),
    ])
    .split(cols[1]);
    let lanes_block =
        Block::new().borders(Borders::ALL).title(Span::styled(padded(lang, "lesson.processes"), theme.title()));
    let lanes_area = lanes_block.inner(right[0]);
    frame.render_widget(lanes_block, right[0]);
    let lanes = Lanes { world: &view.world, theme, lang, selected: view.selected, now_ns: view.now_ns };
    frame.render_widget(&lanes, lanes_area);
    frame.render_widget(details(view, theme, lang), right[1]);

    let objects = Objects { world: &view.world, theme, lang, touched: &view.touched, now_ns: view.now_ns };
    let objects_rows = objects.rows_needed(right[2].width.saturating_sub(2) as usize) as u16 + 2;
    let (objects_area, variables_area) = split_for_variables(view, right[2], objects_rows);
    let objects_block =
        Block::new().borders(Borders::ALL).title(Span::styled(padded(lang, "lesson.objects"), theme.title()));
    frame.render_widget(&objects, objects_block.inner(objects_area));
    frame.render_widget(objects_block, objects_area);
    if let (Some(area), Some(p)) = (variables_area, selected(view)) {
        let title = match p.variables.frame.as_deref() {
            Some(frame) if frame != "<module>" => {
                lang.t_with("lesson.variables_in", &[("process", &p.name), ("frame", &frame)])
            }
            _ => lang.t_with("lesson.variables", &[("process", &p.name)]),
        };
        let block = Block::new().borders(Borders::ALL).title(Span::styled(format!(" {title} "), theme.title()));
        frame.render_widget(&VariablesPane { variables: &p.variables, theme, lang }, block.inner(area));
        frame.render_widget(block, area);
    }

    let output_title = match view.output_until {
        Some(until) => {
            let newer = view.world.output.len().saturating_sub(until);
            format!(" {} ", lang.t_with("lesson.output_scrolled", &[("n", &newer)]))
        }
        None => padded(lang, "lesson.output"),
    };
    let output_block = Block::new().borders(Borders::ALL).title(Span::styled(output_title, theme.title()));
    let output = Output { world: &view.world, theme, lang, until: view.output_until };
    frame.render_widget(&output, output_block.inner(right[3]));
    frame.render_widget(output_block, right[3]);

    if rows[2].height > 0 {
        let block =
            Block::new().borders(Borders::TOP).title(Span::styled(padded(lang, "lesson.timeline"), theme.title()));
        frame.render_widget(&Timeline { world: &view.world, theme, now_ns: view.now_ns }, block.inner(rows[2]));
        frame.render_widget(block, rows[2]);
    }
    frame.render_widget(footer(app, rows[3].width), rows[3]);
    match &app.overlay {
        Overlay::Help => draw_help(frame, app),
        Overlay::Symbols => draw_symbols(frame, app),
        Overlay::Knobs(ed) => draw_knobs(frame, view, ed, theme, lang),
        Overlay::None => {}
    }
    Hits { lanes: lanes_area }
}

/// The selected process, if any.
fn selected(view: &LessonView) -> Option<&crate::trace::Proc> {
    view.selected.and_then(|i| view.world.processes.get(i))
}

/// Room for the objects and, below them, the selected process's variables: when both fit,
/// the objects take what they need and the variables the rest; otherwise the variables take
/// what they need up to half. None when no process is chosen or the room is too small.
fn split_for_variables(view: &LessonView, area: Rect, objects_rows: u16) -> (Rect, Option<Rect>) {
    let Some(p) = selected(view) else { return (area, None) };
    if area.height < 7 || p.variables.list.is_empty() {
        return (area, None);
    }
    let list = &p.variables.list;
    let rule = usize::from(list.first().is_some_and(|v| v.local) && list.last().is_some_and(|v| !v.local));
    let wanted = (list.len() + rule).max(1) as u16 + 2;
    let rows = if objects_rows.max(4) + wanted <= area.height {
        area.height - objects_rows.max(4)
    } else {
        wanted.min(area.height / 2).max(area.height.saturating_sub(objects_rows)).clamp(3, area.height - 4)
    };
    let parts = Layout::vertical([Constraint::Min(4), Constraint::Length(rows)]).split(area);
    (parts[0], Some(parts[1]))
}

/// A block or tab title from the catalog, padded by a space on either side.
fn padded(lang: Lang, key: &'static str) -> String {
    format!(" {} ", lang.t(key))
}

fn timeline_height(area: Rect, view: &LessonView) -> u16 {
    let wanted = view.world.processes.len() as u16 + 1;
    match area.height {
        h if h >= 40 => wanted.min(14),
        h if h >= 30 => wanted.min(7),
        _ => 0,
    }
}

fn draw_left(frame: &mut Frame, area: Rect, view: &LessonView, theme: &Theme, lang: Lang) {
    let style = |tab: Tab| if view.tab == tab { theme.selected() } else { theme.dim() };
    let mut title = Vec::new();
    if !view.lesson.questions.is_empty() || !view.lesson.tasks.is_empty() {
        title.push(Span::styled(padded(lang, "lesson.tab_workbook"), style(Tab::Workbook)));
        title.push(Span::raw(" "));
    }
    let (code_style, story_style) = (style(Tab::Code), style(Tab::Story));
    title.extend([
        Span::styled(padded(lang, "lesson.tab_python"), code_style),
        Span::raw(" "),
        Span::styled(padded(lang, "lesson.tab_story"), story_style),
        Span::styled(lang.t("lesson.tab_switch"), theme.dim()),
    ]);
    let block = Block::new().borders(Borders::ALL).title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match view.tab {
        Tab::Workbook => {
            let pane = WorkbookPane { lesson: &view.lesson, workbook: &view.workbook, mode: view.mode, theme, lang };
            frame.render_widget(&pane, inner);
        }
        Tab::Story => {
            frame.render_widget(Paragraph::new(lang.of(&view.lesson.story)).wrap(Wrap { trim: false }), inner)
        }
        Tab::Code => {
            let cursors: Vec<Cursor> = view
                .world
                .processes
                .iter()
                .enumerate()
                .filter(|(_, p)| p.state.is_alive())
                .filter_map(|(i, p)| Some(Cursor { line: p.line?, lane: i, label: p.name.clone() }))
                .collect();
            let focus_line = view.selected.and_then(|i| view.world.processes.get(i)).and_then(|p| p.line);
            frame.render_widget(&CodeView { python: &view.program, cursors: &cursors, theme, focus_line }, inner);
        }
    }
}

/// One line about the selected lane: its state in words, pid, parent and its recent phases.
fn details<'a>(view: &'a LessonView, theme: &Theme, lang: Lang) -> Line<'a> {
    let Some(p) = selected(view) else {
        return Line::styled(format!(" {}", lang.t("lesson.no_process_chosen")), theme.dim());
    };
    let parent = view.world.name_of(p.ppid);
    // What it does now comes first: in a narrow pane that is what stays.
    let mut spans = vec![
        Span::styled(format!(" {} ", p.name), theme.lane(view.selected.unwrap_or(0))),
        Span::styled(describe::process(&view.world, p, lang), theme.state(p.phase())),
        Span::raw(format!(" · pid {} ← {parent} ({}) ·", p.pid, p.ppid)),
    ];
    for &(t, phase) in p.phases().iter().rev().take(4).rev() {
        spans.push(Span::styled(format!(" {} {:.2}s", theme.symbol(phase), t as f64 / 1e9), theme.state(phase)));
    }
    Line::from(spans)
}

/// The notice, if there is one; otherwise the keys that matter most now, as many as fit.
fn footer(app: &App, width: u16) -> Line<'static> {
    if let Some(notice) = &app.notice {
        return Line::styled(format!(" {notice}"), app.theme.error());
    }
    let at = Place::of(app);
    hints(KEYS.iter().filter(|b| b.offered_on(at)), Look::Spaced, width, &app.theme, app.lang)
}

/// Shown instead of any screen when the terminal is smaller than the minimum.
pub fn draw_too_small(frame: &mut Frame, theme: &Theme, lang: Lang) {
    let area = frame.area();
    let text = lang.t_with(
        "lesson.too_small",
        &[("min_width", &MIN_WIDTH), ("min_height", &MIN_HEIGHT), ("width", &area.width), ("height", &area.height)],
    );
    frame.render_widget(Paragraph::new(text).style(theme.error()).wrap(Wrap { trim: true }), area);
}
