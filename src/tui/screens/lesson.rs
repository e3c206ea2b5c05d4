//! The lesson screen: header, the program (or story) beside the lanes, objects and output,
//! the timeline, and a footer with the keys that work now; plus the help and knob overlays
//! and the "terminal too small" screen. Drawing reads `App` and changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::text::Lang;
use crate::trace::describe;
use crate::tui::app::{App, KnobEditor, LessonView, Mode, Overlay, Tab};
use crate::tui::theme::Theme;
use crate::tui::widgets::code_view::{CodeView, Cursor};
use crate::tui::widgets::lanes::Lanes;
use crate::tui::widgets::objects::Objects;
use crate::tui::widgets::output::Output;
use crate::tui::widgets::timeline::Timeline;
use crate::tui::widgets::workbook::WorkbookPane;

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
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(10),
        Constraint::Length(timeline_height(area, view)),
        Constraint::Length(1),
    ])
    .split(area);
    frame.render_widget(header(view, theme, lang), rows[0]);

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
        Block::new().borders(Borders::ALL).title(Span::styled(lang.pick(" processes ", " 进程 "), theme.title()));
    let lanes_area = lanes_block.inner(right[0]);
    frame.render_widget(lanes_block, right[0]);
    let lanes = Lanes { world: &view.world, theme, lang, selected: view.selected, now_ns: view.now_ns };
    frame.render_widget(&lanes, lanes_area);
    frame.render_widget(details(view, theme, lang), right[1]);

    let objects_block =
        Block::new().borders(Borders::ALL).title(Span::styled(lang.pick(" objects ", " 共享对象 "), theme.title()));
    let objects = Objects { world: &view.world, theme, lang, touched: &view.touched, now_ns: view.now_ns };
    frame.render_widget(&objects, objects_block.inner(right[2]));
    frame.render_widget(objects_block, right[2]);

    let output_block =
        Block::new().borders(Borders::ALL).title(Span::styled(lang.pick(" output ", " 输出 "), theme.title()));
    frame.render_widget(&Output { world: &view.world, theme, lang }, output_block.inner(right[3]));
    frame.render_widget(output_block, right[3]);

    if rows[2].height > 0 {
        let block =
            Block::new().borders(Borders::TOP).title(Span::styled(lang.pick(" timeline ", " 时间线 "), theme.title()));
        frame.render_widget(&Timeline { world: &view.world, theme, now_ns: view.now_ns }, block.inner(rows[2]));
        frame.render_widget(block, rows[2]);
    }
    frame.render_widget(footer(app, view), rows[3]);
    match &app.overlay {
        Overlay::Help => draw_help(frame, theme, lang),
        Overlay::Knobs(ed) => draw_knobs(frame, view, ed, theme, lang),
        Overlay::None => {}
    }
    Hits { lanes: lanes_area }
}

fn timeline_height(area: Rect, view: &LessonView) -> u16 {
    let wanted = view.world.processes.len() as u16 + 1;
    match area.height {
        h if h >= 40 => wanted.min(14),
        h if h >= 30 => wanted.min(7),
        _ => 0,
    }
}

fn header<'a>(view: &'a LessonView, theme: &Theme, lang: Lang) -> Line<'a> {
    let (mode, style) = match view.mode {
        Mode::Ready => (lang.pick("○ ready — predict, then press space", "○ 就绪 — 先预测，再按空格"), theme.key()),
        Mode::Running => (lang.pick("▶ running", "▶ 运行中"), theme.ok()),
        Mode::Paused => (lang.pick("‖ paused — stepping", "‖ 已暂停 — 单步"), theme.gated()),
        Mode::Finished => (lang.pick("■ finished", "■ 已结束"), theme.dim()),
    };
    let knobs: Vec<String> = view.knobs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Line::from(vec![
        Span::styled(format!("{} · {} ", lang.of(&view.lesson.concept), lang.of(&view.lesson.title)), theme.title()),
        Span::styled(format!(" {mode} "), style),
        Span::raw(format!(" ×{} ", view.speed)),
        Span::styled(format!(" t={:.2}s ", view.now_ns as f64 / 1e9), theme.dim()),
        Span::styled(knobs.join(" "), theme.dim()),
    ])
}

fn draw_left(frame: &mut Frame, area: Rect, view: &LessonView, theme: &Theme, lang: Lang) {
    let style = |tab: Tab| if view.tab == tab { theme.selected() } else { theme.dim() };
    let mut title = Vec::new();
    if !view.lesson.questions.is_empty() || !view.lesson.tasks.is_empty() {
        title.push(Span::styled(lang.pick(" workbook ", " 练习 "), style(Tab::Workbook)));
        title.push(Span::raw(" "));
    }
    let (code_style, story_style) = (style(Tab::Code), style(Tab::Story));
    title.extend([
        Span::styled(lang.pick(" Python ", " Python 程序 "), code_style),
        Span::raw(" "),
        Span::styled(lang.pick(" story ", " 故事 "), story_style),
        Span::styled(lang.pick(" (s) ", "（s 切换）"), theme.dim()),
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
            frame.render_widget(&CodeView { python: &view.lesson.python, cursors: &cursors, theme, focus_line }, inner);
        }
    }
}

/// One line about the selected lane: pid, parent, and its recent history of states.
fn details<'a>(view: &'a LessonView, theme: &Theme, lang: Lang) -> Line<'a> {
    let Some(p) = view.selected.and_then(|i| view.world.processes.get(i)) else {
        return Line::styled(lang.pick(" Tab/1-9: choose a process", " Tab/1-9：选择一个进程"), theme.dim());
    };
    let parent = view.world.name_of(p.ppid);
    let mut spans = vec![
        Span::styled(format!(" {} ", p.name), theme.lane(view.selected.unwrap_or(0))),
        Span::raw(format!("pid {} ← {parent} ({}) · ", p.pid, p.ppid)),
    ];
    for (t, state) in p.history.iter().rev().take(4).rev() {
        spans.push(Span::styled(format!("{} {:.2}s ", theme.symbol(state), *t as f64 / 1e9), theme.state(state)));
    }
    spans.push(Span::styled(describe::state(&view.world, &p.state, lang), theme.state(&p.state)));
    Line::from(spans)
}

fn footer<'a>(app: &'a App, view: &LessonView) -> Line<'a> {
    let (theme, lang) = (&app.theme, app.lang);
    if let Some(notice) = &app.notice {
        return Line::styled(format!(" {notice}"), theme.error());
    }
    let keys: Vec<(&str, &str)> = match view.mode {
        Mode::Ready => vec![
            ("↑↓", lang.pick("question", "选题")),
            ("←→/0-9", lang.pick("answer", "作答")),
            ("h", lang.pick("hint", "提示")),
            ("space", lang.pick("run", "运行")),
            ("n", lang.pick("start paused", "暂停着开始")),
            ("m", lang.pick("10 runs", "运行10次")),
        ],
        Mode::Running => vec![
            ("space", lang.pick("pause", "暂停")),
            ("n", lang.pick("step", "单步")),
            ("+/-", lang.pick("speed", "速度")),
        ],
        Mode::Paused => vec![
            ("n/→", lang.pick("step the chosen process", "让选中的进程走一步")),
            ("Tab/1-9", lang.pick("choose", "选择进程")),
            ("space", lang.pick("run", "运行")),
            ("x", lang.pick("kill", "杀死")),
        ],
        Mode::Finished => vec![
            ("r", lang.pick("run again", "再运行一次")),
            ("m", lang.pick("10 runs", "运行10次")),
            ("h", lang.pick("hint", "提示")),
        ],
    };
    let common = [
        ("k", lang.pick("knobs", "参数")),
        ("r", lang.pick("restart", "重来")),
        ("l", "中文/English"),
        ("?", lang.pick("help", "帮助")),
        ("q", lang.pick("back", "返回")),
    ];
    let mut spans = Vec::new();
    for (k, what) in
        keys.into_iter().chain(common.into_iter().filter(|(k, _)| !(view.mode == Mode::Finished && *k == "r")))
    {
        spans.push(Span::styled(format!(" {k}"), theme.key()));
        spans.push(Span::raw(format!(" {what} ")));
    }
    Line::from(spans)
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// The help overlay: every key, in the current language.
pub fn draw_help(frame: &mut Frame, theme: &Theme, lang: Lang) {
    let keys = [
        (
            "space",
            lang.pick(
                "run / pause (pausing holds every process at its next step)",
                "运行 / 暂停（暂停时每个进程停在下一步之前）",
            ),
        ),
        (
            "n  →",
            lang.pick("one step for the chosen process: you are the scheduler", "让选中的进程走一步：你就是调度器"),
        ),
        ("Tab 1-9 ↑↓", lang.pick("choose a process (or click its lane)", "选择进程（或点击它的泳道）")),
        ("+  -", lang.pick("faster / slower", "加速 / 减速")),
        (
            "x",
            lang.pick("kill the chosen process (SIGKILL, like kill -9)", "杀死选中的进程（SIGKILL，相当于 kill -9）"),
        ),
        ("r", lang.pick("restart the lesson", "重新开始本课")),
        ("k", lang.pick("change knobs, then restart with them", "修改参数，并用新参数重新开始")),
        ("s", lang.pick("switch between the program and the story", "在程序和故事之间切换")),
        ("l", lang.pick("English / 中文", "English / 中文")),
        ("q  Esc", lang.pick("back to the lessons; q again quits", "返回课程列表；再按 q 退出")),
    ];
    let mut lines = vec![Line::styled(lang.pick("Keys", "按键"), theme.title()), Line::raw("")];
    for (k, what) in keys {
        lines.push(Line::from(vec![Span::styled(format!("{k:<12}"), theme.key()), Span::raw(what)]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        lang.pick(
            "Every lane is a real process (see it in ps); every object shown is the real object's state.",
            "每条泳道都是真实的进程（ps 里能看到）；显示的每个对象都是真实对象的状态。",
        ),
        theme.dim(),
    ));
    draw_box(frame, lines, 90);
}

/// An overlay: a bordered box of these lines, centred, at most `width` wide.
fn draw_box(frame: &mut Frame, lines: Vec<Line<'_>>, width: u16) {
    let area = centered(frame.area(), width, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(Block::new().borders(Borders::ALL)),
        area,
    );
}

fn draw_knobs(frame: &mut Frame, view: &LessonView, ed: &KnobEditor, theme: &Theme, lang: Lang) {
    let mut lines = vec![
        Line::styled(lang.pick("Knobs — the run restarts with them", "参数 — 用这些值重新运行"), theme.title()),
        Line::raw(""),
    ];
    for (i, (knob, value)) in view.lesson.knobs.iter().zip(&ed.values).enumerate() {
        let style = if i == ed.selected { theme.selected() } else { Style::new() };
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<18} ◀ {value} ▶ ", knob.name), style),
            Span::styled(lang.of(&knob.help).to_string(), theme.dim()),
        ]));
    }
    if view.lesson.knobs.is_empty() {
        lines.push(Line::raw(lang.pick("This lesson has no knobs.", "本课没有可调的参数。")));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        lang.pick(
            "↑↓ choose · ←→ change · Enter restart · Esc cancel",
            "↑↓ 选择 · ←→ 修改 · Enter 重新运行 · Esc 取消",
        ),
        theme.key(),
    ));
    draw_box(frame, lines, 100);
}

/// Shown instead of any screen when the terminal is smaller than the minimum.
pub fn draw_too_small(frame: &mut Frame, theme: &Theme, lang: Lang) {
    let area = frame.area();
    let text = format!(
        "{} {MIN_WIDTH}×{MIN_HEIGHT} ({} {}×{})",
        lang.pick("Make the terminal at least", "请把终端放大到至少"),
        lang.pick("now", "现在"),
        area.width,
        area.height
    );
    frame.render_widget(Paragraph::new(text).style(theme.error()).wrap(Wrap { trim: true }), area);
}
