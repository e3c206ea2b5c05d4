//! Text in terminal cells, for every widget and screen: fitting and wrapping by display width
//! (a CJK character takes two columns), drawing a line that must not spill, folding repeated
//! names, and the two looks widgets share: a pid's lane colour and a change that just happened.
//! Wrapping is done here rather than by `Paragraph`'s `Wrap`: ratatui 0.30 breaks only at
//! spaces (a run of Chinese is one word) and can overfill a line by a wide character.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::Line;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::trace::World;
use crate::tui::theme::Theme;

/// How long (lesson time) a change stays highlighted.
pub const CHANGED_NS: u64 = 400_000_000;

/// Whether something changed at `t_ns` is still "just changed" at `now_ns`.
pub fn just_changed(t_ns: u64, now_ns: u64) -> bool {
    now_ns.saturating_sub(t_ns) < CHANGED_NS
}

/// The style of a pid's lane colour, dim for a pid that is no lesson process (the runner).
pub fn lane_style(world: &World, theme: &Theme, pid: i32) -> Style {
    world.lane_of(pid).map_or_else(|| theme.dim(), |i| theme.lane(i))
}

/// `text` cut or padded to exactly `width` terminal columns (a CJK character counts two); a
/// cut ends in `…`.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    if text.width() <= width {
        out.push_str(text);
        out.push_str(&" ".repeat(width - text.width()));
        return out;
    }
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
        used += 1;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// A process name in exactly `width` columns, shortened so that names stay apart: the number
/// at its end is what tells `ForkPoolWorker-1` from `ForkPoolWorker-2`, so leading words of
/// the name go first (`…Worker-1`: the `…` keeps `StockProcess-1` from reading as another
/// process's `Process-1`), then the middle (`Wor…-1`); a name with no number after its words
/// is cut at the end (`MainPro…`).
pub fn short_name(name: &str, width: usize) -> String {
    if name.width() <= width {
        return fit(name, width);
    }
    let tail_at = name.find(|c: char| !c.is_alphabetic()).unwrap_or(name.len());
    let (head, tail) = name.split_at(tail_at);
    if tail.is_empty() || tail.width() + 2 > width {
        return fit(name, width);
    }
    // Drop leading CamelCase words while one is left: ForkPoolWorker → …PoolWorker → …Worker.
    let mut last_word = 0;
    for start in head.char_indices().filter(|&(i, c)| i > 0 && c.is_uppercase()).map(|(i, _)| i) {
        last_word = start;
        if name[start..].width() < width {
            return fit(&format!("…{}", &name[start..]), width);
        }
    }
    let keep = width - tail.width() - 1;
    let mut kept = String::new();
    for c in head[last_word..].chars() {
        if kept.width() + c.width().unwrap_or(0) > keep {
            break;
        }
        kept.push(c);
    }
    fit(&format!("{kept}…{tail}"), width)
}

/// `text` cut to at most `width` columns, with `…` when something was cut; never padded.
pub fn clip(text: &str, width: usize) -> String {
    fit(text, width).trim_end().to_string()
}

/// Draws `line` at (`x`, `y`) within `width` columns, stopping after the first span that does
/// not fit whole (cut by display width). `Buffer::set_line` would go on with the next span in
/// a column left free by a wide character that did not fit.
pub fn draw_line(buf: &mut Buffer, x: u16, y: u16, line: &Line, width: u16) {
    let right = x.saturating_add(width);
    let mut at = x;
    for span in &line.spans {
        let room = right.saturating_sub(at);
        if room == 0 {
            break;
        }
        let (next, _) = buf.set_stringn(at, y, &span.content, room as usize, line.style.patch(span.style));
        if span.width() > room as usize {
            break;
        }
        at = next;
    }
}

/// Names with repeats folded: `lock, sem×2`.
pub fn folded<T: PartialEq + Clone>(items: &[T]) -> Vec<(T, usize)> {
    let mut out: Vec<(T, usize)> = Vec::new();
    for item in items {
        match out.iter_mut().find(|(seen, _)| seen == item) {
            Some((_, n)) => *n += 1,
            None => out.push((item.clone(), 1)),
        }
    }
    out
}

/// Characters a line must not start with, and characters it must not end with.
const NO_BREAK_BEFORE: &str = "，。、；：！？）」』”’》】,.;:!?)";
const NO_BREAK_AFTER: &str = "（「『“‘《【(";

/// `text` wrapped to `width` columns, as lines in `style`.
pub fn wrapped(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    wrap(text, usize::from(width)).into_iter().map(|l| Line::styled(l, style)).collect()
}

/// A story wrapped to `width`: its paragraphs (`paragraphs`), a blank line between two.
pub fn story_lines(story: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, paragraph) in paragraphs(story).iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.extend(wrapped(paragraph, width, style));
    }
    lines
}

/// A story as paragraphs: the hard line breaks inside a paragraph are joined, with a space
/// between Latin words (and between a Chinese character and a Latin word, as the stories
/// write them) and none between Chinese characters or next to Chinese punctuation.
pub fn paragraphs(story: &str) -> Vec<String> {
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
            && !is_wide_punctuation(last)
            && !is_wide_punctuation(first)
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

fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// Chinese punctuation (、。，：（）…), which carries its own space.
fn is_wide_punctuation(c: char) -> bool {
    is_wide(c)
        && matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}')
}

/// A line may break between `a` and `b` (with no space between them) next to a wide character,
/// unless punctuation must stay with its neighbour.
fn can_break(a: char, b: char) -> bool {
    (is_wide(a) || is_wide(b)) && !NO_BREAK_BEFORE.contains(b) && !NO_BREAK_AFTER.contains(a)
}

/// The pieces of a paragraph that stay together, each with whether a space came before it.
fn pieces(paragraph: &str) -> Vec<(bool, String)> {
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
pub fn wrap(paragraph: &str, width: usize) -> Vec<String> {
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
                // A closing mark does not start a line: the character before it goes too.
                let carry = NO_BREAK_BEFORE.contains(c)
                    && line.chars().nth(1).is_some()
                    && line.chars().last().is_some_and(|p| p.width().unwrap_or(0) + w <= width);
                let carried = if carry { line.pop() } else { None };
                lines.push(std::mem::take(&mut line));
                line_width = 0;
                if let Some(p) = carried {
                    line.push(p);
                    line_width = p.width().unwrap_or(0);
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_chinese_characters_as_two_columns() {
        assert_eq!(fit("包子", 6), "包子  ");
        assert_eq!(fit("包子包子", 6), "包子… ");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn narrow_names_keep_the_number_that_tells_them_apart() {
        assert_eq!(short_name("ForkPoolWorker-12", 20), "ForkPoolWorker-12   ");
        assert_eq!(short_name("ForkPoolWorker-12", 14), "…PoolWorker-12");
        assert_eq!(short_name("ForkPoolWorker-12", 11), "…Worker-12 ");
        assert_eq!(short_name("StockProcess-1", 12), "…Process-1  ", "never another process's name");
        assert_eq!(short_name("ForkPoolWorker-12", 7), "Wor…-12");
        assert_eq!(short_name("Process-1:1", 8), "Pro…-1:1");
        assert_eq!(short_name("MainProcess", 8), "MainPro…");
        assert_eq!(short_name("生产者-1", 6), "生…-1 ");
        assert_eq!(short_name("ForkPoolWorker-1", 3), "Fo…");
        assert_eq!(short_name("anything", 0), "");
    }

    #[test]
    fn clip_cuts_with_an_ellipsis_and_pads_nothing() {
        assert_eq!(clip("Buying tickets", 20), "Buying tickets");
        assert_eq!(clip("Buying tickets", 8), "Buying …");
        assert_eq!(clip("抢票：共享文件要加锁", 7), "抢票：…");
        assert_eq!(clip("抢票", 1), "…");
        assert_eq!(clip("抢票", 0), "");
    }

    #[test]
    fn repeated_names_fold_into_counts_in_first_seen_order() {
        assert_eq!(folded(&["lock", "sem", "sem"]), [("lock", 1), ("sem", 2)]);
        assert_eq!(folded::<&str>(&[]), []);
    }

    #[test]
    fn a_story_joins_its_hard_line_breaks_and_keeps_a_blank_line_between_paragraphs() {
        let story = "每个人先从 db.txt 读出余票，\n等一会儿。\n\nTwo\nlines.";
        let lines: Vec<String> = story_lines(story, 40, Style::new()).iter().map(|l| l.to_string()).collect();
        assert_eq!(lines, ["每个人先从 db.txt 读出余票，等一会儿。", "", "Two lines."]);
        let joined =
            paragraphs("anne、biantai、\nhaha 四个进程。无论哪种，\nstart() 都会\nfork 出一个新进程\n（子进程）");
        assert_eq!(joined, ["anne、biantai、haha 四个进程。无论哪种，start() 都会 fork 出一个新进程（子进程）"]);
    }

    #[test]
    fn wrapping_fills_lines_by_display_width_and_keeps_punctuation_attached() {
        assert_eq!(wrap("我们 use ratatui 来画界面，很方便。", 12), ["我们 use", "ratatui 来画", "界面，很方", "便。"]);
        assert_eq!(wrap("a verylongword b", 5), ["a", "veryl", "ongwo", "rd b"]);
        // A word that fills the line does not leave its closing mark to start the next.
        assert_eq!(wrap("（加 callback=f）讲", 10), ["（加", "callback=", "f）讲"]);
        assert_eq!(wrap("anything", 0), Vec::<String>::new());
        for story in crate::lesson::builtin::all()
            .iter()
            .filter_map(|(id, src)| crate::lesson::from_str(src, id).ok())
            .flat_map(|l| [l.story.en, l.story.zh])
        {
            for paragraph in paragraphs(&story) {
                for width in [1, 2, 3, 7, 20, 33, 80] {
                    let lines = wrap(&paragraph, width);
                    assert!(lines.iter().all(|l| l.width() <= width.max(2)), "{width}: {lines:#?}");
                    if width >= 20 {
                        let bad_start = |l: &&String| l.starts_with(|c| "，。、；：！？）".contains(c));
                        assert!(!lines.iter().any(|l| bad_start(&l)), "{width}: {lines:#?}");
                    }
                    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                    assert_eq!(squeeze(&lines.concat()), squeeze(&paragraph));
                }
            }
        }
    }
}
