//! Text layout for the picker's preview: cutting to a width and wrapping by display width.
//! Done here rather than by `Paragraph`'s `Wrap`: ratatui 0.30 breaks only at spaces (a run
//! of Chinese is one word) and can overfill a line by a wide character.

use ratatui::style::Style;
use ratatui::text::Line;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters a line must not start with, and characters it must not end with.
const NO_BREAK_BEFORE: &str = "，。、；：！？）」』”’》】,.;:!?)";
const NO_BREAK_AFTER: &str = "（「『“‘《【(";

/// `text` cut to `width` columns, with `…` when something was cut.
pub(super) fn fit(text: &str, width: usize) -> String {
    crate::tui::widgets::lanes::fit(text, width).trim_end().to_string()
}

/// `text` wrapped to `width` columns, as lines in `style`.
pub(super) fn wrapped(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    wrap(text, usize::from(width)).into_iter().map(|l| Line::styled(l, style)).collect()
}

/// A story as paragraphs: the hard line breaks inside a paragraph are joined, with a space
/// between Latin words and none between Chinese characters.
pub(super) fn paragraphs(story: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in story.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let (Some(last), Some(first)) = (current.chars().last(), line.chars().next())
            && !(is_wide(last) && is_wide(first))
        {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

pub(super) fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// A line may break between `a` and `b` (with no space between them) next to a wide character,
/// unless punctuation must stay with its neighbour.
pub(super) fn can_break(a: char, b: char) -> bool {
    (is_wide(a) || is_wide(b)) && !NO_BREAK_BEFORE.contains(b) && !NO_BREAK_AFTER.contains(a)
}

/// The pieces of a paragraph that stay together, each with whether a space came before it.
pub(super) fn pieces(paragraph: &str) -> Vec<(bool, String)> {
    let mut pieces: Vec<(bool, String)> = Vec::new();
    let mut space = false;
    let mut prev: Option<char> = None;
    for c in paragraph.chars() {
        if c.is_whitespace() {
            space = true;
            prev = None;
            continue;
        }
        match pieces.last_mut() {
            Some((_, piece)) if prev.is_some_and(|a| !can_break(a, c)) => piece.push(c),
            _ => pieces.push((space, c.to_string())),
        }
        space = false;
        prev = Some(c);
    }
    pieces
}

/// Greedy wrapping by display width: breaks at spaces and between Chinese characters; a piece
/// wider than the line is broken between characters.
pub(crate) fn wrap(paragraph: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if width == 0 {
        return lines;
    }
    let mut line = String::new();
    let mut line_width = 0;
    for (space, piece) in pieces(paragraph) {
        let gap = usize::from(space && line_width > 0);
        let piece_width = piece.width();
        if line_width + gap + piece_width <= width {
            if gap > 0 {
                line.push(' ');
            }
            line.push_str(&piece);
            line_width += gap + piece_width;
            continue;
        }
        if line_width > 0 {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        for c in piece.chars() {
            let w = c.width().unwrap_or(0);
            if line_width + w > width && line_width > 0 {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push(c);
            line_width += w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
