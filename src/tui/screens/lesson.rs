//! The lesson screen: header (header.rs), banners when the student's edited program was refused
//! or the run ended other than finished (banner.rs), the program as the run runs it (or the
//! workbook, or the story) beside the lanes, objects and output, the timeline, and
//! a footer with the keys that work now (overlays in overlay.rs); plus the "terminal too small"
//! screen. Drawing reads `App` and changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::footer::{Look, hints};
use super::overlay::{draw_help, draw_knobs, draw_symbols};
use super::{banner, header};
use crate::text::Lang;
use crate::trace::describe;
use crate::tui::app::{App, LessonView, Overlay, Tab};
use crate::tui::keys::{KEYS, Place};
use crate::tui::theme::Theme;
use crate::tui::widgets::cells::story_lines;
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

/// Where each part of the lesson screen goes.
struct Areas {
    header: Rect,
    left: Rect,
    lanes: Rect,
    details: Rect,
    objects: Rect,
    output: Rect,
    timeline: Rect,
    footer: Rect,
}

/// From this width (with `WIDE_MIN_HEIGHT` rows) the program takes the width of its lines and
/// the lanes run the whole width under it, so neither cuts: a 120-column screen shows lines of
/// ~70 characters and the lanes' holds column.
const WIDE_MIN_WIDTH: u16 = 110;
const WIDE_MIN_HEIGHT: u16 = 30;
/// Rows the lanes may take under a wide program: a quarter of the screen, and at least this.
const WIDE_LANES_MIN: u16 = 8;
/// The most columns the program takes: lines of ~70 characters whole, longer comments cut.
const WIDE_LEFT_MAX: u16 = 80;
/// The right column keeps at least this many columns beside a wide program.
const RIGHT_MIN: u16 = 40;

/// The screen's layout for `header_rows` rows of header.
fn areas(area: Rect, view: &LessonView, header_rows: u16) -> Areas {
    let procs = view.world().processes.len() as u16;
    let wide = area.width >= WIDE_MIN_WIDTH && area.height >= WIDE_MIN_HEIGHT;
    let lanes_rows = |room: u16| (procs + 2).clamp(3, (room / 2).max(3));
    // Under a wide program, lanes and timeline share the height the program needs too.
    let lanes_max = (area.height / 4).max(WIDE_LANES_MIN);
    let lanes_below = if wide { (procs + 2).clamp(3, lanes_max) + 1 } else { 0 };
    let timeline_rows = match wide {
        true if area.height < 50 => timeline_height(area, view).min(WIDE_LANES_MIN - 1),
        _ => timeline_height(area, view),
    };
    let rows = Layout::vertical([
        Constraint::Length(header_rows),
        Constraint::Min(10),
        Constraint::Length(lanes_below),
        Constraint::Length(timeline_rows),
        Constraint::Length(1),
    ])
    .split(area);
    let narrow_left = (area.width * 2 / 5).max(38);
    let left_width = match wide {
        true => code_width(view).clamp(narrow_left, WIDE_LEFT_MAX.max(narrow_left).min(area.width - RIGHT_MIN)),
        false => narrow_left,
    };
    let cols = Layout::horizontal([Constraint::Length(left_width), Constraint::Min(RIGHT_MIN)]).split(rows[1]);
    let (lanes, details, objects, output) = if wide {
        let below = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).split(rows[2]);
        let right =
            Layout::vertical([Constraint::Min(4), Constraint::Length((cols[1].height / 3).max(4))]).split(cols[1]);
        (below[0], below[1], right[0], right[1])
    } else {
        let right = Layout::vertical([
            Constraint::Length(lanes_rows(rows[1].height)),
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length((rows[1].height / 4).max(4)),
        ])
        .split(cols[1]);
        (right[0], right[1], right[2], right[3])
    };
    Areas { header: rows[0], left: cols[0], lanes, details, objects, output, timeline: rows[3], footer: rows[4] }
}

/// Columns the code pane wants for the longest line of the program: borders, the gutter's
/// marker and line number, and the code.
fn code_width(view: &LessonView) -> u16 {
    let lines = view.program.lines().count().max(1);
    let longest = view.program.lines().map(|l| l.replace('\t', "    ").width()).max().unwrap_or(0);
    (2 + 3 + lines.to_string().len() + 1 + longest) as u16
}

/// Draws the open lesson; returns where the lanes are.
pub fn draw(frame: &mut Frame, app: &App, view: &LessonView) -> Hits {
    let area = frame.area();
    let (theme, lang) = (&app.theme, app.lang);
    let mut header = header::lines(view, theme, lang, area.width);
    if let Some(problem) = app.program_problem() {
        header.extend(banner::refused(problem, theme, lang, area.width, BANNER_ROWS));
    }
    header.extend(banner::lines(view.world(), theme, lang, area.width, BANNER_ROWS));
    // A reached task takes one row on a small screen, so the panes keep their room.
    let reached_rows = if area.height < 30 { 1 } else { BANNER_ROWS };
    header.extend(banner::reached(&view.lesson, &view.workbook, theme, lang, area.width, reached_rows));
    if let Some(pane) = app.present {
        return super::present::draw(frame, app, view, pane, header);
    }
    let at = areas(area, view, header.len() as u16);
    frame.render_widget(Paragraph::new(header), at.header);
    draw_left(frame, at.left, view, theme, lang);

    let lanes_block =
        Block::new().borders(Borders::ALL).title(Span::styled(padded(lang, "lesson.processes"), theme.title()));
    let lanes_area = lanes_block.inner(at.lanes);
    frame.render_widget(lanes_block, at.lanes);
    let now_ns = view.shown_now();
    let lanes = Lanes { world: view.world(), theme, lang, selected: view.selected, now_ns };
    frame.render_widget(&lanes, lanes_area);
    frame.render_widget(details(view, theme, lang), at.details);

    let objects = Objects { world: view.world(), theme, lang, touched: &view.touched, now_ns };
    let objects_rows = objects.rows_needed(at.objects.width.saturating_sub(2) as usize) as u16 + 2;
    let (objects_area, variables_area) = split_for_variables(view, at.objects, objects_rows);
    let objects_block =
        Block::new().borders(Borders::ALL).title(Span::styled(padded(lang, "lesson.objects"), theme.title()));
    frame.render_widget(&objects, objects_block.inner(objects_area));
    frame.render_widget(objects_block, objects_area);
    if let (Some(area), Some(p)) = (variables_area, selected(view)) {
        let block = Block::new().borders(Borders::ALL).title(Span::styled(variables_title(p, lang), theme.title()));
        frame.render_widget(&VariablesPane { variables: &p.variables, theme, lang }, block.inner(area));
        frame.render_widget(block, area);
    }

    let output_block = Block::new().borders(Borders::ALL).title(Span::styled(output_title(view, lang), theme.title()));
    let output = Output { world: view.world(), theme, lang, until: view.output_until };
    frame.render_widget(&output, output_block.inner(at.output));
    frame.render_widget(output_block, at.output);

    if at.timeline.height > 0 {
        let block =
            Block::new().borders(Borders::TOP).title(Span::styled(padded(lang, "lesson.timeline"), theme.title()));
        frame.render_widget(&timeline(view, theme), block.inner(at.timeline));
        frame.render_widget(block, at.timeline);
    }
    frame.render_widget(footer(app, at.footer.width), at.footer);
    draw_overlay(frame, app, view);
    Hits { lanes: lanes_area }
}

/// Whatever box is open over the lesson.
pub(super) fn draw_overlay(frame: &mut Frame, app: &App, view: &LessonView) {
    match &app.overlay {
        Overlay::Help => draw_help(frame, app),
        Overlay::Symbols => draw_symbols(frame, app),
        Overlay::Knobs(ed) => draw_knobs(frame, view, ed, &app.theme, app.lang),
        Overlay::None => {}
    }
}

/// The timeline of the whole run so far, with the rewind cursor when there is one.
pub(super) fn timeline<'a>(view: &'a LessonView, theme: &'a Theme) -> Timeline<'a> {
    let cursor_ns = view.cursor.map(|_| view.world().now_ns);
    Timeline { world: view.history.live(), theme, now_ns: view.now_ns, cursor_ns }
}

/// The variables pane's title: whose, and in which function.
pub(super) fn variables_title(p: &crate::trace::Proc, lang: Lang) -> String {
    let title = match p.variables.frame.as_deref() {
        Some(frame) if frame != "<module>" => {
            lang.t_with("lesson.variables_in", &[("process", &p.name), ("frame", &frame)])
        }
        _ => lang.t_with("lesson.variables", &[("process", &p.name)]),
    };
    format!(" {title} ")
}

/// The output pane's title, saying how many newer lines are below when scrolled back.
pub(super) fn output_title(view: &LessonView, lang: Lang) -> String {
    match view.output_until {
        Some(until) => {
            let newer = view.world().output.len().saturating_sub(until);
            format!(" {} ", lang.t_with("lesson.output_scrolled", &[("n", &newer)]))
        }
        None => padded(lang, "lesson.output"),
    }
}

/// The selected process, if any.
pub(super) fn selected(view: &LessonView) -> Option<&crate::trace::Proc> {
    view.selected.and_then(|i| view.world().processes.get(i))
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
pub(super) fn padded(lang: Lang, key: &'static str) -> String {
    format!(" {} ", lang.t(key))
}

fn timeline_height(area: Rect, view: &LessonView) -> u16 {
    let wanted = view.world().processes.len() as u16 + 1;
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
        Tab::Story => frame
            .render_widget(Paragraph::new(story_lines(lang.of(&view.lesson.story), inner.width, Style::new())), inner),
        Tab::Code => {
            let cursors = cursors(view);
            let focus_line = focus_line(view);
            let code = CodeView { python: &view.program, cursors: &cursors, theme, focus_line, wrap: false };
            frame.render_widget(&code, inner);
        }
    }
}

/// Where each live process stands in the program.
pub(super) fn cursors(view: &LessonView) -> Vec<Cursor> {
    view.world()
        .processes
        .iter()
        .enumerate()
        .filter(|(_, p)| p.state.is_alive())
        .filter_map(|(i, p)| Some(Cursor { line: p.line?, lane: i, label: p.name.clone() }))
        .collect()
}

/// The line of the chosen process.
pub(super) fn focus_line(view: &LessonView) -> Option<u32> {
    selected(view).and_then(|p| p.line)
}

/// One line about the selected lane: its state in words, pid, parent and its recent phases.
pub(super) fn details<'a>(view: &'a LessonView, theme: &Theme, lang: Lang) -> Line<'a> {
    let Some(p) = selected(view) else {
        return Line::styled(format!(" {}", lang.t("lesson.no_process_chosen")), theme.dim());
    };
    let parent = view.world().name_of(p.ppid);
    // What it does now comes first: in a narrow pane that is what stays.
    let mut spans = vec![
        Span::styled(format!(" {} ", p.name), theme.lane(view.selected.unwrap_or(0))),
        Span::styled(describe::process(view.world(), p, lang), theme.state(p.phase())),
        Span::raw(format!(" · pid {} ← {parent} ({}) ·", p.pid, p.ppid)),
    ];
    for &(t, phase) in p.phases().iter().rev().take(4).rev() {
        spans.push(Span::styled(format!(" {} {:.2}s", theme.symbol(phase), t as f64 / 1e9), theme.state(phase)));
    }
    Line::from(spans)
}

/// The notice, if there is one; otherwise the keys that matter most now, as many as fit.
pub(super) fn footer(app: &App, width: u16) -> Line<'static> {
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
