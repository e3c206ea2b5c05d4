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
            let message = format!("invalid syntax: {}", error.error);
            Err(lines.diagnostic(file, error.range(), message))
        }
    }
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

    #[test]
    fn a_syntax_error_is_reported_at_its_line_and_column() {
        let source = "x = 1\nif x\n    pass\n";
        let lines = LineIndex::new(source);
        let error = parse("prog.py", source, &lines).expect_err("missing colon");
        assert_eq!((error.line, error.col), (2, 5), "{error}");
        assert!(error.to_string().starts_with("prog.py:2:5: invalid syntax"), "{error}");
    }
}
