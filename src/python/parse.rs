//! From source text to ruff's syntax tree: parsing, the line index that turns byte offsets
//! into 1-based `line:col` (columns counted in characters, as an editor shows them), and the
//! `Diagnostic` every static problem (syntax, unsupported construct, scope error) becomes.

mod nesting;

use std::fmt;

use rustpython_ruff_python_ast::ModModule;
use rustpython_ruff_text_size::{Ranged, TextRange, TextSize};

/// One static problem in a program: where it is and what is wrong, printed in the house
/// style `prog.py:12:5: 'yield' is not supported by forkbook (generators)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The program's file name as given to `Program::parse`.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    /// What is wrong, offending text in quotes.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.col, self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// Byte offsets of line starts, so any node's range maps to a line and column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
    source: std::rc::Rc<str>,
}

impl LineIndex {
    /// Indexes `source`.
    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        LineIndex { starts, source: source.into() }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: TextSize) -> u32 {
        let offset = u32::from(offset);
        let line = self.starts.partition_point(|&start| start <= offset);
        u32::try_from(line).unwrap_or(u32::MAX).max(1)
    }

    /// The 1-based line and character column of byte `offset`.
    pub fn position(&self, offset: TextSize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[line as usize - 1] as usize;
        let end = (u32::from(offset) as usize).min(self.source.len());
        let col = self.source.get(start..end).map_or(end - start, |text| text.chars().count());
        (line, u32::try_from(col).unwrap_or(u32::MAX) + 1)
    }

    /// The text of 1-based `line`, without its newline (for tracebacks and the code pane).
    pub fn line_text(&self, line: u32) -> &str {
        let Some(&start) = self.starts.get((line as usize).wrapping_sub(1)) else { return "" };
        let end = self.starts.get(line as usize).map_or(self.source.len(), |&next| next as usize);
        self.source.get(start as usize..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }

    /// The whole source.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// A diagnostic at the start of `range`.
    pub fn diagnostic(&self, file: &str, range: TextRange, message: String) -> Diagnostic {
        let (line, col) = self.position(range.start());
        Diagnostic { file: file.to_string(), line, col, message }
    }
}

/// Parses `source` as a module; a syntax error becomes a diagnostic at its position.
pub fn parse(file: &str, source: &str, lines: &LineIndex) -> Result<ModModule, Diagnostic> {
    if let Some((offset, message)) = nesting::too_deep(source) {
        let at = TextSize::try_from(offset).unwrap_or_default();
        return Err(lines.diagnostic(file, TextRange::empty(at), message.to_string()));
    }
    match rustpython_ruff_python_parser::parse_module(source) {
        Ok(parsed) => Ok(parsed.into_syntax()),
        Err(error) => {
            // CPython's tokenizer finds a stray or unclosed bracket before its parser runs.
            if let Some((offset, message)) = nesting::bracket_error(source) {
                let at = TextSize::try_from(offset).unwrap_or_default();
                return Err(lines.diagnostic(file, TextRange::empty(at), message));
            }
            let at = lines.position(error.range().start()).0;
            let message = cpython_message(&error.error.to_string(), lines, at);
            Err(lines.diagnostic(file, error.range(), message))
        }
    }
}

/// CPython's words for the syntax errors a student makes most (a missing colon or indented
/// block, a stray indent), from the parser's; any other keeps the parser's after "invalid
/// syntax". `line` is where the parser stopped.
fn cpython_message(parser: &str, lines: &LineIndex, line: u32) -> String {
    if parser.starts_with("Expected `:`, found newline") {
        return "expected ':'".to_string();
    }
    if parser == "Unexpected indentation" {
        return "unexpected indent".to_string();
    }
    if parser.starts_with("unindent does not match") {
        return parser.to_string();
    }
    if let Some(what) = parser.strip_prefix("Expected an indented block after ") {
        // CPython quotes a statement's keyword ('if' statement) but not a definition's, and
        // names the line where that statement starts.
        let what = if what.ends_with(" definition") { what.replace('`', "") } else { what.replace('`', "'") };
        let keyword = match what.as_str() {
            "function definition" => "def",
            "class definition" => "class",
            _ => what.split('\'').nth(1).unwrap_or(""),
        };
        let header = (1..line).rev().find(|&n| {
            let text = lines.line_text(n).trim_start();
            text.strip_prefix(keyword).is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        });
        return match header {
            Some(n) if !keyword.is_empty() => format!("expected an indented block after {what} on line {n}"),
            _ => format!("expected an indented block after {what}"),
        };
    }
    format!("invalid syntax: {parser}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_one_based_lines_and_character_columns() {
        let lines = LineIndex::new("a = 1\n包子 = 2\n\nx");
        assert_eq!(lines.position(TextSize::from(0)), (1, 1));
        assert_eq!(lines.position(TextSize::from(4)), (1, 5));
        // "包子" is six bytes, two characters.
        assert_eq!(lines.position(TextSize::from(13)), (2, 4));
        assert_eq!(lines.position(TextSize::from(18)), (4, 1));
        assert_eq!(lines.line_text(2), "包子 = 2");
        assert_eq!(lines.line_text(3), "");
        assert_eq!(lines.line_text(9), "");
    }

    fn error_of(source: &str) -> String {
        parse("prog.py", source, &LineIndex::new(source)).expect_err("a syntax error").to_string()
    }

    #[test]
    fn a_syntax_error_is_reported_at_its_line_and_column() {
        assert_eq!(error_of("x = 1\nif x\n    pass\n"), "prog.py:2:5: expected ':'");
        assert!(error_of("x = 1 +\n").starts_with("prog.py:1:8: invalid syntax: "), "{}", error_of("x = 1 +\n"));
    }

    #[test]
    fn the_common_mistakes_read_as_cpython_words_them() {
        let block = "x = 1\nif x:\n    # nothing yet\npass\n";
        assert_eq!(error_of(block), "prog.py:4:1: expected an indented block after 'if' statement on line 2");
        let def = "def f():\n\nx = 1\n";
        assert_eq!(error_of(def), "prog.py:3:1: expected an indented block after function definition on line 1");
        let class = "class A:\nx = 1\n";
        assert_eq!(error_of(class), "prog.py:2:1: expected an indented block after class definition on line 1");
        assert_eq!(error_of("x = 1\n  y = 2\n"), "prog.py:2:1: unexpected indent");
        let unindent = "if True:\n    y = 1\n  z = 2\n";
        assert_eq!(error_of(unindent), "prog.py:3:1: unindent does not match any outer indentation level");
    }
}
