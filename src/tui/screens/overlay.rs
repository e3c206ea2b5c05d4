//! The boxes drawn over a screen: the `?` help, which lists every key of the screen from the
//! key table and, as a second page (or below the keys when there is room), a legend of every
//! lane symbol and timeline glyph drawn from the theme; and the knob editor. Each box ends with
//! the keys that work inside it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::footer::{Look, hints};
use crate::text::Lang;
use crate::trace::{Phase, describe};
use crate::tui::app::{App, KnobEditor, LessonView};
use crate::tui::keys::{KEYS, Place, When};
use crate::tui::theme::{Caught, Theme};
use crate::tui::widgets::cells::{fit, wrap};

/// The help box is at most this wide.
const HELP_WIDTH: u16 = 90;

/// The help's rows for the screen at `at`: the keys and what they do. Bindings next to each
/// other in the table with the same help share a row.
pub fn help_rows(at: Place, lang: Lang) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    let mut last_help = None;
    for b in KEYS.iter().filter(|b| b.when.listed_on(at)) {
        let text = lang.t(b.help);
        match rows.last_mut() {
            Some((keys, _)) if last_help == Some(b.help) => {
                keys.push(' ');
                keys.push_str(b.label);
            }
            _ => rows.push((b.label.to_string(), text)),
        }
        last_help = Some(b.help);
    }
    rows
}

/// The help box: every key of the screen, in the current language, sized to the terminal. When
/// it is short of rows the blank lines and the closing note go first.
pub fn draw_help(frame: &mut Frame, app: &App) {
    let (theme, lang) = (&app.theme, app.lang);
    let at = Place::of(app);
    let area = frame.area();
    let inner = usize::from(area.width.min(HELP_WIDTH).saturating_sub(2));
    let rows = help_rows(at, lang);
    let key_width = rows.iter().map(|(keys, _)| keys.width()).max().unwrap_or(0) + 2;
    let mut keys = Vec::new();
    for (label, text) in rows {
        for (i, part) in wrap(text, inner.saturating_sub(key_width)).into_iter().enumerate() {
            let label = if i == 0 { label.as_str() } else { "" };
            keys.push(Line::from(vec![Span::styled(fit(label, key_width), theme.key()), Span::raw(part)]));
        }
    }
    let note = match at {
        Place::Lesson { .. } => lang.t("overlay.help_note"),
        Place::Picker { .. } => "",
    };
    let note: Vec<Line> = wrap(note, inner).into_iter().map(|l| Line::styled(l, theme.dim())).collect();
    let legend = match at {
        Place::Lesson { .. } => legend(theme, lang, inner),
        Place::Picker { .. } => Vec::new(),
    };
    let own = box_keys(app, inner);

    let room = usize::from(area.height.saturating_sub(2));
    let title = Line::styled(lang.t("overlay.help_title"), theme.title());
    let assemble = |with_legend: bool, with_note: bool, blanks: bool| {
        let mut lines = vec![title.clone()];
        let section = |lines: &mut Vec<Line<'static>>, part: &[Line<'static>]| {
            if blanks && !part.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.extend_from_slice(part);
        };
        section(&mut lines, &keys);
        if with_legend {
            section(&mut lines, &legend);
        }
        if with_note {
            section(&mut lines, &note);
        }
        section(&mut lines, std::slice::from_ref(&own));
        lines
    };
    // When short of rows, the note goes first, then the blank lines, then the legend (which
    // has a page of its own, `?`).
    let lines =
        [(true, true, true), (true, false, true), (true, false, false), (false, false, true), (false, false, false)]
            .into_iter()
            .map(|(with_legend, with_note, blanks)| assemble(with_legend, with_note, blanks))
            .find(|lines| lines.len() <= room)
            .unwrap_or_else(|| assemble(false, false, false));
    draw_box(frame, lines, HELP_WIDTH);
}

/// The help's second page: the legend of symbols alone.
pub fn draw_symbols(frame: &mut Frame, app: &App) {
    let inner = usize::from(frame.area().width.min(HELP_WIDTH).saturating_sub(2));
    let mut lines = legend(&app.theme, app.lang, inner);
    lines.push(Line::raw(""));
    lines.push(box_keys(app, inner));
    draw_box(frame, lines, HELP_WIDTH);
}

/// The last line of the help box: the keys that work inside it.
fn box_keys(app: &App, inner: usize) -> Line<'static> {
    let at = Place::of(app);
    let own = KEYS.iter().filter(|b| matches!(b.when, When::HelpBox | When::HelpOverPicker));
    hints(own.filter(|b| b.when.holds(&app.overlay, at)), Look::Dotted, inner as u16, &app.theme, app.lang)
}

/// The legend of symbols in `width` columns: its title, then for every phase its lane symbol,
/// its timeline mark and fill, and its words, as many to a row as fit; then the marks of lanes
/// caught in a deadlock or stall; then the code gutter.
/// Symbols and styles come from the theme, words from `describe`, so the legend cannot drift
/// from what the lanes and the timeline draw.
pub fn legend(theme: &Theme, lang: Lang, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> =
        wrap(lang.t("legend.title"), width).into_iter().map(|l| Line::styled(l, theme.title())).collect();
    // `▶ R██ running`: symbol, space, mark and two fills, space, words.
    let words_width = Phase::ALL.iter().map(|&p| describe::phase(p, lang).width()).max().unwrap_or(0);
    let entry_width = 1 + 1 + 3 + 1 + words_width;
    let per_row = ((width + 2) / (entry_width + 2)).max(1);
    for row in Phase::ALL.chunks(per_row) {
        let mut spans = Vec::new();
        for (i, &phase) in row.iter().enumerate() {
            let (mark, fill) = theme.timeline(phase);
            let style = theme.state(phase);
            let words = describe::phase(phase, lang);
            let last = i + 1 == row.len();
            spans.push(Span::styled(theme.symbol(phase), style));
            spans.push(Span::raw(" "));
            spans.push(Span::styled(format!("{mark}{fill}{fill}"), style));
            spans.push(Span::raw(" "));
            spans.push(Span::raw(if last { words.to_string() } else { fit(words, words_width + 2) }));
        }
        lines.push(Line::from(spans));
    }
    for caught in Caught::ALL {
        let words = lang.t(match caught {
            Caught::Cycle => "legend.in_cycle",
            Caught::Stall => "legend.in_stall",
        });
        let mut parts = wrap(words, width.saturating_sub(2)).into_iter();
        let first = parts.next().unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", theme.caught(caught)), theme.error()),
            Span::raw(first),
        ]));
        lines.extend(parts.map(|rest| Line::raw(format!("  {rest}"))));
    }
    let gutter = lang.t_with("legend.gutter", &[("count", &3), ("line", &15)]);
    lines.extend(wrap(&gutter, width).into_iter().map(Line::raw));
    lines
}

/// The knob editor: each knob with its value and help, the chosen one highlighted.
pub fn draw_knobs(frame: &mut Frame, view: &LessonView, ed: &KnobEditor, theme: &Theme, lang: Lang) {
    const WIDTH: u16 = 100;
    let mut lines = vec![Line::styled(lang.t("overlay.knobs_title"), theme.title()), Line::raw("")];
    for (i, (knob, value)) in view.lesson.knobs.iter().zip(&ed.values).enumerate() {
        let style = if i == ed.selected { theme.selected() } else { Style::new() };
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<18} ◀ {value} ▶ ", knob.name), style),
            Span::styled(lang.of(&knob.help).to_string(), theme.dim()),
        ]));
    }
    if view.lesson.knobs.is_empty() {
        lines.push(Line::raw(lang.t("overlay.no_knobs")));
    }
    lines.push(Line::raw(""));
    let inner = frame.area().width.min(WIDTH).saturating_sub(2);
    lines.push(hints(KEYS.iter().filter(|b| b.when == When::KnobBox), Look::Dotted, inner, theme, lang));
    draw_box(frame, lines, WIDTH);
}

/// A bordered box of these lines, centred, at most `width` wide.
fn draw_box(frame: &mut Frame, lines: Vec<Line<'_>>, width: u16) {
    let area = centered(frame.area(), width, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(Block::new().borders(Borders::ALL)),
        area,
    );
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::{Mode, Tab};

    #[test]
    fn bindings_with_the_same_help_share_a_row() {
        let rows = help_rows(Place::Lesson { mode: Mode::Running, tab: Tab::Code, present: false }, Lang::En);
        assert!(rows.iter().any(|(keys, _)| keys == "Tab 1-9 ↑↓"), "{rows:#?}");
        let picker = help_rows(Place::Picker { filtering: false }, Lang::En);
        assert!(picker.iter().all(|(keys, _)| keys != "space"), "{picker:#?}");
        assert!(picker.iter().any(|(keys, _)| keys == "Ctrl-C"), "{picker:#?}");
    }

    #[test]
    fn every_help_row_fits_an_80_column_box_unwrapped() {
        for at in [
            Place::Picker { filtering: false },
            Place::Lesson { mode: Mode::Ready, tab: Tab::Workbook, present: false },
        ] {
            for lang in [Lang::En, Lang::Zh] {
                let rows = help_rows(at, lang);
                let key_width = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0) + 2;
                for (keys, text) in &rows {
                    assert!(key_width + text.width() <= 78, "{keys}: {text} ({})", key_width + text.width());
                }
            }
        }
    }
}
