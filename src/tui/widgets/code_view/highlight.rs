//! A small hand highlighter for the lessons' Python: keywords, builtins, strings (with
//! prefixes, escapes and triple quotes), numbers, comments and the names after `def`/`class`.
//! It works line by line; `highlight_lines` carries an open triple-quoted string across lines.
//! The spans of a line always concatenate to exactly that line.

use ratatui::style::Style;
use ratatui::text::Span;

use crate::tui::theme::Theme;

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

const BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "bin",
    "bool",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
    "__name__",
    "__main__",
    "Exception",
    "BaseException",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BrokenPipeError",
    "ChildProcessError",
    "EOFError",
    "FileNotFoundError",
    "ImportError",
    "IndexError",
    "KeyError",
    "KeyboardInterrupt",
    "NameError",
    "NotImplementedError",
    "OSError",
    "PermissionError",
    "ProcessLookupError",
    "RuntimeError",
    "StopIteration",
    "SystemExit",
    "TimeoutError",
    "TypeError",
    "ValueError",
    "ZeroDivisionError",
];

/// What is still open at the end of a line: nothing, or a triple-quoted string and its quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
enum Open {
    #[default]
    Code,
    Triple(char),
}

/// Highlights one line on its own (an unclosed triple quote runs to the end of the line).
pub fn highlight_line(line: &str, theme: &Theme) -> Vec<Span<'static>> {
    highlight_from(line, Open::Code, theme).0
}

/// Highlights a whole program, one `Vec<Span>` per line (`str::lines`), carrying triple-quoted
/// strings across lines.
pub fn highlight_lines(python: &str, theme: &Theme) -> Vec<Vec<Span<'static>>> {
    let mut open = Open::Code;
    python
        .lines()
        .map(|line| {
            let (spans, next) = highlight_from(line, open, theme);
            open = next;
            spans
        })
        .collect()
}

/// Appends `text`, merging it into the last span when the style is the same.
fn push(spans: &mut Vec<Span<'static>>, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.style == style => last.content.to_mut().push_str(text),
        _ => spans.push(Span::styled(text.to_string(), style)),
    }
}

/// The byte index just past the string whose opening quote starts at `start`, and whether a
/// triple-quoted string is still open at the end of the line.
fn string_end(line: &str, start: usize, quote: char, triple: bool) -> (usize, Open) {
    let bytes = line.as_bytes();
    let q = quote as u8;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == q && !triple => return (i + 1, Open::Code),
            b if b == q && bytes[i..].starts_with(&[q, q, q]) => return (i + 3, Open::Code),
            _ => i += 1,
        }
    }
    (line.len(), if triple { Open::Triple(quote) } else { Open::Code })
}

/// The string whose opening quote (`quote`) is at `quote_at`: the byte index just past it,
/// and whether a triple-quoted string stays open.
fn string_from(line: &str, quote_at: usize, quote: char) -> (usize, Open) {
    let triple = line[quote_at..].starts_with(if quote == '"' { "\"\"\"" } else { "'''" });
    string_end(line, quote_at + if triple { 3 } else { 1 }, quote, triple)
}

fn is_string_prefix(word: &str) -> bool {
    word.len() <= 2
        && word.chars().all(|c| matches!(c.to_ascii_lowercase(), 'r' | 'b' | 'f' | 'u'))
        && !matches!(word.to_ascii_lowercase().as_str(), "bb" | "rr" | "ff" | "uu" | "bf" | "fb" | "ub" | "bu")
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The byte index just past the number starting at `start`.
fn number_end(line: &str, start: usize) -> usize {
    let mut prev = ' ';
    let hex = line[start..].starts_with("0x") || line[start..].starts_with("0X");
    for (i, c) in line[start..].char_indices() {
        let exponent_sign = matches!(c, '+' | '-') && matches!(prev, 'e' | 'E') && !hex;
        if !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || exponent_sign) {
            return start + i;
        }
        prev = c;
    }
    line.len()
}

fn highlight_from(line: &str, open: Open, theme: &Theme) -> (Vec<Span<'static>>, Open) {
    let mut spans = Vec::new();
    let mut pos = 0;
    if let Open::Triple(quote) = open {
        let (end, still) = string_end(line, 0, quote, true);
        push(&mut spans, &line[..end], theme.string());
        if still != Open::Code {
            return (spans, still);
        }
        pos = end;
    }
    let mut after_def = false;
    while let Some(c) = line[pos..].chars().next() {
        let rest = &line[pos..];
        if c == '#' {
            push(&mut spans, rest, theme.comment());
            break;
        }
        let word_len =
            if is_ident_start(c) { rest.find(|ch: char| !is_ident_char(ch)).unwrap_or(rest.len()) } else { 0 };
        let quote_at = match rest[word_len..].chars().next() {
            Some(q @ ('\'' | '"')) if word_len == 0 || is_string_prefix(&rest[..word_len]) => Some((pos + word_len, q)),
            _ => None,
        };
        if let Some((quote_at, quote)) = quote_at {
            let (end, still) = string_from(line, quote_at, quote);
            push(&mut spans, &line[pos..end], theme.string());
            if still != Open::Code {
                return (spans, still);
            }
            pos = end;
            after_def = false;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && rest[1..].starts_with(|d: char| d.is_ascii_digit())) {
            let end = number_end(line, pos);
            push(&mut spans, &line[pos..end], theme.number());
            pos = end;
            after_def = false;
            continue;
        }
        if word_len > 0 {
            let word = &rest[..word_len];
            let style = if after_def {
                theme.definition()
            } else if KEYWORDS.contains(&word) {
                theme.keyword()
            } else if BUILTINS.contains(&word) {
                theme.builtin()
            } else {
                Style::default()
            };
            push(&mut spans, word, style);
            after_def = word == "def" || word == "class";
            pos += word_len;
            continue;
        }
        let len = c.len_utf8();
        push(&mut spans, &rest[..len], Style::default());
        if !c.is_whitespace() {
            after_def = false;
        }
        pos += len;
    }
    (spans, Open::Code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line back as (text, kind) pairs, kind being a short name of the style.
    fn kinds(line: &str) -> Vec<(String, &'static str)> {
        let t = Theme { color: true };
        let names = [
            (t.keyword(), "kw"),
            (t.builtin(), "bi"),
            (t.string(), "str"),
            (t.number(), "num"),
            (t.comment(), "com"),
            (t.definition(), "def"),
            (Style::default(), ""),
        ];
        highlight_line(line, &t)
            .into_iter()
            .map(|s| {
                let kind = names.iter().find(|(style, _)| *style == s.style).map_or("?", |(_, n)| n);
                (s.content.into_owned(), kind)
            })
            .collect()
    }

    fn of_kind(line: &str, kind: &str) -> Vec<String> {
        kinds(line).into_iter().filter(|(_, k)| *k == kind).map(|(s, _)| s).collect()
    }

    #[test]
    fn spans_give_back_every_line_of_every_lesson_exactly() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).expect("lessons/ exists") {
            let path = entry.expect("readable entry").path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let src = std::fs::read_to_string(&path).expect("lesson is UTF-8");
            let table: toml::Table = toml::from_str(&src).expect("lesson is TOML");
            let Some(python) = table.get("python").and_then(|p| p.as_str()) else { continue };
            let theme = Theme { color: true };
            for line in python.lines() {
                let joined: String = highlight_line(line, &theme).iter().map(|s| s.content.as_ref()).collect();
                assert_eq!(joined, line, "in {}", path.display());
            }
            let all: Vec<String> = highlight_lines(python, &theme)
                .iter()
                .map(|spans| spans.iter().map(|s| s.content.as_ref()).collect())
                .collect();
            assert_eq!(all, python.lines().collect::<Vec<_>>());
            checked += 1;
        }
        assert!(checked > 0, "no lesson was checked");
    }

    #[test]
    fn keywords_and_builtins_are_whole_words() {
        assert_eq!(of_kind("for i in range(BUYERS):", "kw"), ["for", "in"]);
        assert_eq!(of_kind("for i in range(BUYERS):", "bi"), ["range"]);
        assert_eq!(of_kind("format_ = inside + isnt + printer", "kw"), Vec::<String>::new());
        assert_eq!(of_kind("format_ = inside + isnt + printer", "bi"), Vec::<String>::new());
        assert_eq!(of_kind("if x is None and not done: pass", "kw"), ["if", "is", "None", "and", "not", "pass"]);
    }

    #[test]
    fn the_name_after_def_or_class_is_a_definition() {
        assert_eq!(of_kind("def task(lock):", "def"), ["task"]);
        assert_eq!(of_kind("class Buyer(Process):", "def"), ["Buyer"]);
        assert_eq!(of_kind("    lock.acquire()", "def"), Vec::<String>::new());
    }

    #[test]
    fn strings_keep_escapes_prefixes_and_hashes() {
        assert_eq!(of_kind(r#"print('it\'s # here', "a\"b")"#, "str"), [r"'it\'s # here'", r#""a\"b""#]);
        assert_eq!(of_kind(r#"print('it\'s # here', "a\"b")"#, "com"), Vec::<String>::new());
        assert_eq!(of_kind("x = f'{n} 个' + b'raw' + rb\"\\d\"", "str"), ["f'{n} 个'", "b'raw'", "rb\"\\d\""]);
        assert_eq!(of_kind("buf = bytes(1)", "str"), Vec::<String>::new());
    }

    #[test]
    fn comments_run_to_the_end_of_the_line_after_strings() {
        assert_eq!(
            kinds("print('购票成功')  # 模拟'延迟'"),
            [
                ("print".to_string(), "bi"),
                ("(".to_string(), ""),
                ("'购票成功'".to_string(), "str"),
                (")  ".to_string(), ""),
                ("# 模拟'延迟'".to_string(), "com"),
            ]
        );
    }

    #[test]
    fn numbers_include_floats_hex_and_exponents() {
        assert_eq!(
            of_kind("time.sleep(0.1); x = 0xFF + 1e-3 + .5 + 1_000", "num"),
            ["0.1", "0xFF", "1e-3", ".5", "1_000"]
        );
        assert_eq!(of_kind("worker2 = x1", "num"), Vec::<String>::new());
    }

    #[test]
    fn unclosed_strings_run_to_the_end_of_the_line() {
        assert_eq!(of_kind("s = 'open", "str"), ["'open"]);
        assert_eq!(of_kind("doc = \"\"\"starts here # not a comment", "str"), ["\"\"\"starts here # not a comment"]);
        assert_eq!(of_kind("'''one line''' + x", "str"), ["'''one line'''"]);
    }

    #[test]
    fn triple_quoted_strings_carry_across_lines() {
        let t = Theme { color: true };
        let lines = highlight_lines("x = '''a\nif # b\nc''' if y else 2\n", &t);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].len(), 1);
        assert_eq!(lines[1][0].style, t.string());
        assert_eq!(lines[2][0].content, "c'''");
        assert_eq!(lines[2][0].style, t.string());
        assert!(lines[2].iter().any(|s| s.content == "if" && s.style == t.keyword()));
    }

    #[test]
    fn empty_and_odd_lines_do_not_panic() {
        let t = Theme::plain();
        for line in ["", "'", "\"\"\"", "\\", "'\\", "'\\中'", "0x", ".", "f", "#", "中文 = 1"] {
            let joined: String = highlight_line(line, &t).iter().map(|s| s.content.as_ref()).collect();
            assert_eq!(joined, line);
        }
    }
}
