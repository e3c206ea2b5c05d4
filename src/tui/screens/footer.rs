//! A row of key hints drawn from the key table: the footer of the picker and of a lesson, and
//! the last line of the boxes drawn over them. The most important hints that fit the width
//! are kept, in the table's order.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::text::Lang;
use crate::tui::keys::{Binding, fitting};
use crate::tui::theme::Theme;

/// How a row of hints looks: the lesson's footer spaces them out; the picker and the boxes
/// separate them with dots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Spaced,
    Dotted,
}

const DOT: &str = " · ";

/// The hints of the `offered` bindings that fit in `width` columns.
pub fn hints(
    offered: impl IntoIterator<Item = &'static Binding>,
    look: Look,
    width: u16,
    theme: &Theme,
    lang: Lang,
) -> Line<'static> {
    let kept = fitting(offered, usize::from(width), |chosen| row_width(chosen, look, lang));
    let mut spans = Vec::new();
    for (i, b) in kept.into_iter().enumerate() {
        let (keys, words) = parts(b, lang);
        match look {
            Look::Spaced => {
                if !keys.is_empty() {
                    spans.push(Span::styled(format!(" {keys}"), theme.key()));
                }
                spans.push(Span::raw(format!(" {words} ")));
            }
            Look::Dotted => {
                if i > 0 {
                    spans.push(Span::styled(DOT, theme.dim()));
                }
                if !keys.is_empty() {
                    spans.push(Span::styled(format!("{keys} "), theme.key()));
                }
                spans.push(Span::styled(words, theme.dim()));
            }
        }
    }
    Line::from(spans)
}

/// The keys as the footer writes them, and its words for what they do.
fn parts(b: &Binding, lang: Lang) -> (&'static str, &'static str) {
    let words = b.hint.map_or("", |h| lang.t(h.words));
    (b.first_label(), words)
}

/// Columns a row of these hints takes.
fn row_width(chosen: &[&Binding], look: Look, lang: Lang) -> usize {
    let widths = chosen.iter().map(|b| {
        let (keys, words) = parts(b, lang);
        let keys = if keys.is_empty() { 0 } else { keys.width() + 1 };
        match look {
            Look::Spaced => 1 + keys + words.width() + 1,
            Look::Dotted => keys + words.width(),
        }
    });
    let dots = match look {
        Look::Spaced => 0,
        Look::Dotted => DOT.width() * chosen.len().saturating_sub(1),
    };
    widths.sum::<usize>() + dots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::{Mode, Tab};
    use crate::tui::keys::{KEYS, Place};

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn footer(at: Place, look: Look, width: u16, lang: Lang) -> String {
        text(&hints(KEYS.iter().filter(|b| b.offered_on(at)), look, width, &Theme::plain(), lang))
    }

    fn every_place() -> Vec<Place> {
        let mut places = vec![Place::Picker { filtering: false }];
        for mode in [Mode::Ready, Mode::Running, Mode::Paused, Mode::Finished] {
            for tab in [Tab::Workbook, Tab::Code] {
                places.push(Place::Lesson { mode, tab, present: false });
                places.push(Place::Lesson { mode, tab, present: true });
            }
        }
        places
    }

    #[test]
    fn at_80_columns_every_footer_keeps_help_and_q_and_fits() {
        for at in every_place() {
            let look = if matches!(at, Place::Picker { .. }) { Look::Dotted } else { Look::Spaced };
            for lang in [Lang::En, Lang::Zh] {
                let shown = footer(at, look, 80, lang);
                assert!(shown.width() <= 80, "{at:?}: {shown:?}");
                assert!(shown.contains(&format!("? {}", lang.t("keys.hint.help"))), "{at:?}: {shown:?}");
                assert!(shown.contains(" q ") || shown.contains("· q "), "{at:?}: {shown:?}");
            }
        }
    }

    #[test]
    fn a_lesson_footer_offers_what_the_mode_needs() {
        let ready = footer(
            Place::Lesson { mode: Mode::Ready, tab: Tab::Workbook, present: false },
            Look::Spaced,
            160,
            Lang::En,
        );
        for part in ["↑↓ question", "←→/0-9 answer", "space run/pause", "n start paused", "m 10 runs", "h hint"]
        {
            assert!(ready.contains(part), "{part} in {ready:?}");
        }
        assert!(!ready.contains("r restart"), "{ready:?}");
        let running =
            footer(Place::Lesson { mode: Mode::Running, tab: Tab::Code, present: false }, Look::Spaced, 160, Lang::En);
        for part in [
            "n step",
            "Tab choose",
            "u undo",
            ". next event",
            "←→/[] rewind",
            "p present",
            "+/- speed",
            "x kill",
            "r restart",
            "k knobs",
        ] {
            assert!(running.contains(part), "{part} in {running:?}");
        }
        assert!(!running.contains("10 runs") && !running.contains("question"), "{running:?}");
        let finished =
            footer(Place::Lesson { mode: Mode::Finished, tab: Tab::Code, present: false }, Look::Spaced, 80, Lang::En);
        assert!(finished.contains("r restart") && finished.contains("m 10 runs"), "{finished:?}");
        assert!(!finished.contains("x kill") && !finished.contains("n step"), "{finished:?}");
    }

    #[test]
    fn the_picker_footer_reads_as_before_and_changes_while_filtering() {
        let browsing = footer(Place::Picker { filtering: false }, Look::Dotted, 120, Lang::En);
        assert_eq!(browsing, "↑↓/jk move · Enter open · / filter · l 中文/English · ? help · q quit");
        let filtering = footer(Place::Picker { filtering: true }, Look::Dotted, 120, Lang::En);
        assert_eq!(filtering, "↑↓ move · Enter open · Backspace delete · Esc clear");
    }

    #[test]
    fn a_footer_with_no_room_is_empty_and_does_not_panic() {
        for width in [0, 1, 5] {
            assert!(footer(Place::Picker { filtering: false }, Look::Dotted, width, Lang::Zh).width() <= 5);
        }
    }
}
