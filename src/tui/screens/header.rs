//! The lesson screen's header: the lesson, the run's mode (or how it ended: finished,
//! deadlocked, stopped at a limit…), whether the student's edited program runs, speed, clock
//! and seed, and every knob value of the run; rewound, which event of the run the panes show. Whatever the width, every value shows whole:
//! the title gives way first (cut with `…`), and knobs that do not fit beside it wrap onto
//! lines of their own, one `name=value` at a time.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::event::RunOutcome;
use crate::text::Lang;
use crate::trace::describe;
use crate::tui::app::{LessonView, Mode};
use crate::tui::theme::Theme;
use crate::tui::widgets::cells::{clip, fit};

/// The header's lines at `width` columns (one, or more when the knobs wrap).
pub fn lines(view: &LessonView, theme: &Theme, lang: Lang, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let (mode, style) = match (view.mode, &view.world().ended) {
        _ if let Some(i) = view.cursor => {
            (lang.t_with("lesson.rewound", &[("i", &i), ("n", &view.history.len())]), theme.gated())
        }
        (Mode::Ready, _) => (lang.t("lesson.ready").to_string(), theme.key()),
        (Mode::Running, _) => (lang.t("lesson.running").to_string(), theme.ok()),
        (Mode::Paused, _) => (lang.t("lesson.paused").to_string(), theme.gated()),
        (Mode::Finished, ended) => {
            let outcome = ended.as_ref().unwrap_or(&RunOutcome::Finished);
            let words = lang.t_with("lesson.ended", &[("outcome", &describe::outcome_word(outcome, lang))]);
            (words, if *outcome == RunOutcome::Finished { theme.dim() } else { theme.error() })
        }
    };
    let mut status = vec![Span::styled(format!(" {mode} "), style)];
    if view.edited() {
        status.push(Span::styled(format!(" {} ", lang.t("lesson.edited")), theme.gated()));
    }
    status.extend([
        Span::raw(format!(" ×{} ", view.speed)),
        Span::styled(format!(" t={:.2}s ", view.shown_now() as f64 / 1e9), theme.dim()),
    ]);
    // A run under CPython has no seed: its interpreter is what says which run it is.
    let seed = match &view.interpreter {
        Some(interpreter) => interpreter.clone(),
        None => lang.t_with("lesson.seed", &[("seed", &view.seed)]),
    };
    status.push(Span::styled(format!(" {seed} "), theme.dim()));
    let status_width: usize = status.iter().map(Span::width).sum();
    let title = format!("{} · {} ", lang.of(&view.lesson.concept), lang.of(&view.lesson.title));
    let title_width = title.width().min(width.saturating_sub(status_width));
    let mut first = vec![Span::styled(fit(&title, title_width), theme.title())];
    first.extend(status);

    let knobs: Vec<String> = view.knobs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let knobs_width: usize = knobs.iter().map(|k| k.width() + 1).sum();
    if title_width + status_width + knobs_width <= width {
        first.push(Span::styled(knobs.join(" "), theme.dim()));
        return vec![Line::from(first)];
    }
    let mut lines = vec![Line::from(first)];
    let mut row = String::new();
    for knob in knobs {
        if !row.is_empty() && row.width() + 1 + knob.width() > width {
            lines.push(Line::styled(std::mem::take(&mut row), theme.dim()));
        }
        row.push(' ');
        row.push_str(&clip(&knob, width.saturating_sub(1)));
    }
    if !row.is_empty() {
        lines.push(Line::styled(row, theme.dim()));
    }
    lines
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::lesson::builtin;
    use crate::tui::app::App;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn lock_view(seed: u64) -> LessonView {
        let catalog: Vec<Arc<_>> = builtin::catalog().expect("built-in lessons").into_iter().map(Arc::new).collect();
        let mut app = App::new(catalog, Lang::En, Theme::plain());
        app.seeds = crate::tui::app::Seeds::Pinned(seed);
        let lesson = app.catalog.iter().find(|l| l.id == "lock").expect("lock").clone();
        let _ = app.open(lesson, Default::default(), 1.0);
        app.view().expect("open").clone()
    }

    #[test]
    fn at_80_columns_every_knob_value_shows_whole_on_a_line_of_its_own() {
        let view = lock_view(482_913);
        for lang in [Lang::En, Lang::Zh] {
            let lines: Vec<String> = lines(&view, &Theme::plain(), lang, 80).iter().map(text).collect();
            assert!(lines.len() >= 2, "{lines:#?}");
            assert!(lines.iter().all(|l| l.width() <= 80), "{lines:#?}");
            for (name, value) in &view.knobs {
                let token = format!("{name}={value}");
                assert!(lines.iter().any(|l| l.split(' ').any(|t| t == token)), "{token} in {lines:#?}");
            }
            assert!(lines[0].contains("482913"), "{lines:#?}");
        }
    }

    #[test]
    fn a_wide_header_keeps_everything_on_one_line() {
        let view = lock_view(7);
        let lines: Vec<String> = lines(&view, &Theme::plain(), Lang::En, 200).iter().map(text).collect();
        assert_eq!(lines.len(), 1, "{lines:#?}");
        assert!(lines[0].starts_with("Lock · Buying tickets: a shared file needs a lock "), "{lines:#?}");
        assert!(lines[0].contains(" seed 7 ") && lines[0].ends_with("use_lock=True"), "{lines:#?}");
    }

    #[test]
    fn a_run_watched_under_cpython_shows_its_interpreter_where_a_seed_would_be() {
        let mut view = lock_view(7);
        view.interpreter = Some("CPython 3.12".to_string());
        for lang in [Lang::En, Lang::Zh] {
            let first = text(&lines(&view, &Theme::plain(), lang, 200)[0]);
            assert!(first.contains(" CPython 3.12 ") && !first.contains('7'), "{first}");
        }
    }

    #[test]
    fn the_title_gives_way_before_the_mode_speed_clock_and_seed() {
        let view = lock_view(123_456);
        let first = text(&lines(&view, &Theme::plain(), Lang::En, 72)[0]);
        assert!(first.width() <= 72, "{first}");
        assert!(first.contains('…') && first.contains("×1") && first.contains("seed 123456"), "{first}");
    }
}
