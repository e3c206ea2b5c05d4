//! The step language's parser. A script is split into lines `N| code`; each line's indent
//! makes Python-like blocks, and each line's code is one statement or block header, parsed
//! by recursive descent. Every position is a position in the lesson file. Nesting is bounded
//! (64 expression levels, 64 block levels) so no input can exhaust the stack.

mod line;

use line::{Head, LineParser};

use super::lexer::{self, Tok, Token};
use super::{Expr, Handler, Pos, Stmt, StmtKind};
use crate::lesson::diagnostic::{Diagnostic, to_u32};

/// Deepest expression nesting accepted (parentheses, lists, calls, unary operators, strings).
pub const MAX_EXPR_DEPTH: u32 = 64;
/// Deepest block nesting accepted.
pub const MAX_BLOCK_DEPTH: usize = 64;

/// Parses a script; `origin` is the file position of the first character of `code`.
pub fn parse_script(code: &str, origin: Pos, file: &str) -> Result<Vec<Stmt>, Vec<Diagnostic>> {
    parse_script_for(code, origin, file, None)
}

/// Like `parse_script`, also checking each `N|` against the Python program's line count.
pub fn parse_script_for(
    code: &str,
    origin: Pos,
    file: &str,
    python_lines: Option<u32>,
) -> Result<Vec<Stmt>, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let lines = split_lines(code, origin, file, python_lines, &mut diags);
    let mut blocks = Blocks { lines, i: 0, file, diags };
    // The first statement's indent is the script's base; a line left of it is an error.
    let mut body = Vec::new();
    while let Some(indent) = blocks.next_indent() {
        if blocks.i > 0 {
            let pos = blocks.lines[blocks.i].pos;
            blocks.error(
                pos,
                "unindent does not match any outer indentation level",
                "line it up with the first statement",
            );
        }
        body.extend(blocks.block(indent, 0));
    }
    if blocks.diags.is_empty() { Ok(body) } else { Err(blocks.diags) }
}

/// Parses one expression (an expectation's check); `origin` is the position of its first char.
pub fn parse_expression(text: &str, origin: Pos, file: &str) -> Result<Expr, Vec<Diagnostic>> {
    if text.contains('\n') {
        return Err(vec![Diagnostic::at(file, origin, "a check must fit on one line".into(), None)]);
    }
    let toks = lexer::lex(text, origin).map_err(|(p, pos)| vec![p.at(file, pos)])?;
    let end = Pos { line: origin.line, col: origin.col.saturating_add(to_u32(text.chars().count())) };
    let mut p = LineParser { toks: &toks, i: 0, depth: 0, end, file };
    let expr = p.expr().and_then(|e| p.end_of_line().map(|()| e)).map_err(|d| vec![d])?;
    Ok(expr)
}

/// One non-blank line of a script.
#[derive(Debug)]
struct Line {
    py_line: u32,
    indent: usize,
    /// `None` when the line could not be lexed (already reported).
    toks: Option<Vec<Token>>,
    /// The first code character.
    pos: Pos,
    /// Just past the last character.
    end: Pos,
}

/// Splits the script into lines, reading `N|` and the indent of each.
fn split_lines(
    code: &str,
    origin: Pos,
    file: &str,
    python_lines: Option<u32>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut last_py: Option<u32> = None;
    for (k, text) in code.split('\n').enumerate() {
        let text = text.strip_suffix('\r').unwrap_or(text);
        let chars: Vec<char> = text.chars().collect();
        let line_no = origin.line.saturating_add(to_u32(k));
        let col0 = if k == 0 { origin.col } else { 1 };
        let at = |i: usize| Pos { line: line_no, col: col0.saturating_add(to_u32(i)) };
        let first = chars.iter().position(|c| *c != ' ').unwrap_or(chars.len());
        if first == chars.len() || chars[first] == '#' {
            continue;
        }
        let digits_end = chars[first..].iter().position(|c| !c.is_ascii_digit()).map_or(chars.len(), |n| first + n);
        let bar = chars[digits_end..].iter().position(|c| *c != ' ').map(|n| digits_end + n);
        let Some(bar) = bar.filter(|b| chars[*b] == '|') else {
            if let Some(tab) = chars.iter().take_while(|c| **c != '|').position(|c| *c == '\t') {
                diags.push(Diagnostic::at(file, at(tab), "tab in a script line".into(), Some("use spaces".into())));
                continue;
            }
            diags.push(Diagnostic::at(
                file,
                at(first),
                "statement has no Python line number".into(),
                Some("start it with the Python line it stands for, e.g. `12| `".into()),
            ));
            continue;
        };
        let indent_end = chars[bar + 1..].iter().position(|c| *c != ' ').map_or(chars.len(), |n| bar + 1 + n);
        let rest: String = chars[indent_end..].iter().collect();
        let toks = match lexer::lex(&rest, at(indent_end)) {
            Ok(t) if t.is_empty() => continue,
            Ok(t) => Some(t),
            Err((p, pos)) => {
                diags.push(p.at(file, pos));
                None
            }
        };
        let py_line = if digits_end > first {
            let number: String = chars[first..digits_end].iter().collect();
            let n = number.parse::<u32>().unwrap_or(u32::MAX);
            if n == 0 {
                diags.push(Diagnostic::at(
                    file,
                    at(first),
                    "Python line '0' does not exist".into(),
                    Some("lines are numbered from 1".into()),
                ));
            // With no Python program at all, its absence is the one problem to report.
            } else if let Some(max) = python_lines.filter(|max| *max > 0 && n > *max) {
                diags.push(Diagnostic::at(
                    file,
                    at(first),
                    format!("step points past the Python program (it has {max} lines)"),
                    Some(format!("use a line from 1 to {max}")),
                ));
            }
            n
        } else if let Some(prev) = last_py {
            prev
        } else {
            diags.push(Diagnostic::at(
                file,
                at(first),
                "the first statement has no Python line number".into(),
                Some("start it with the Python line it stands for, e.g. `12| `".into()),
            ));
            0
        };
        last_py = Some(py_line);
        lines.push(Line { py_line, indent: indent_end - bar - 1, toks, pos: at(indent_end), end: at(chars.len()) });
    }
    lines
}

/// Assembles lines into nested blocks.
struct Blocks<'a> {
    lines: Vec<Line>,
    i: usize,
    file: &'a str,
    diags: Vec<Diagnostic>,
}

impl Blocks<'_> {
    fn error(&mut self, pos: Pos, message: &str, hint: &str) {
        self.diags.push(Diagnostic::at(self.file, pos, message.to_string(), Some(hint.to_string())));
    }

    fn next_indent(&self) -> Option<usize> {
        self.lines.get(self.i).map(|l| l.indent)
    }

    /// The statements of a block whose lines are indented by `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Vec<Stmt> {
        let mut out = Vec::new();
        let mut after_block = false;
        while let Some(line_indent) = self.next_indent() {
            if line_indent < indent {
                break;
            }
            let (pos, py_line) = (self.lines[self.i].pos, self.lines[self.i].py_line);
            if line_indent > indent {
                if after_block {
                    self.error(
                        pos,
                        "unindent does not match any outer indentation level",
                        "line it up with the block it belongs to",
                    );
                } else {
                    self.error(pos, "unexpected indent", "only a line ending in ':' opens a deeper block");
                }
                self.skip_deeper_than(indent);
                continue;
            }
            after_block = false;
            let head = self.head();
            self.i += 1;
            let stmt = |kind| Stmt { py_line, pos, kind };
            let Some(head) = head else {
                self.skip_body(indent, depth);
                continue;
            };
            after_block = !matches!(head, Head::Simple(_));
            match head {
                Head::Simple(kind) => out.push(stmt(kind)),
                Head::If(cond) => {
                    let mut branches = vec![(cond, self.body(indent, depth, pos, "if"))];
                    let mut otherwise = Vec::new();
                    while self.next_indent() == Some(indent) {
                        match self.peek_keyword() {
                            Some("elif") => {
                                let elif_pos = self.lines[self.i].pos;
                                let head = self.head();
                                self.i += 1;
                                let body = self.body(indent, depth, elif_pos, "elif");
                                if let Some(Head::Elif(cond)) = head {
                                    branches.push((cond, body));
                                }
                            }
                            Some("else") => {
                                let else_pos = self.lines[self.i].pos;
                                self.head();
                                self.i += 1;
                                otherwise = self.body(indent, depth, else_pos, "else");
                                break;
                            }
                            _ => break,
                        }
                    }
                    out.push(stmt(StmtKind::If { branches, otherwise }));
                }
                Head::While(cond) => {
                    out.push(stmt(StmtKind::While { cond, body: self.body(indent, depth, pos, "while") }))
                }
                Head::For(var, iter) => {
                    out.push(stmt(StmtKind::For { var, iter, body: self.body(indent, depth, pos, "for") }))
                }
                Head::Repeat(count) => {
                    out.push(stmt(StmtKind::Repeat { count, body: self.body(indent, depth, pos, "repeat") }))
                }
                Head::Loop => out.push(stmt(StmtKind::Loop { body: self.body(indent, depth, pos, "loop") })),
                Head::Try => {
                    let body = self.body(indent, depth, pos, "try");
                    let mut handlers = Vec::new();
                    while self.next_indent() == Some(indent) && self.peek_keyword() == Some("except") {
                        let except_pos = self.lines[self.i].pos;
                        let head = self.head();
                        self.i += 1;
                        let body = self.body(indent, depth, except_pos, "except");
                        if let Some(Head::Except(error, bind)) = head {
                            handlers.push(Handler { error, bind, body, pos: except_pos });
                        }
                    }
                    if handlers.is_empty() {
                        self.error(
                            pos,
                            "'try' without 'except'",
                            "add an 'except Empty:' (or another error) block after it",
                        );
                    }
                    out.push(stmt(StmtKind::Try { body, handlers }));
                }
                Head::Elif(_) | Head::Else => {
                    self.error(
                        pos,
                        "'elif'/'else' without 'if'",
                        "put it right after an 'if' block, at the same indent",
                    );
                    self.skip_body(indent, depth);
                }
                Head::Except(..) => {
                    self.error(pos, "'except' without 'try'", "put it right after a 'try' block, at the same indent");
                    self.skip_body(indent, depth);
                }
            }
        }
        out
    }

    /// The indented block after a header at `indent`.
    fn body(&mut self, indent: usize, depth: usize, header: Pos, what: &str) -> Vec<Stmt> {
        match self.next_indent() {
            Some(next) if next > indent => {
                if depth + 1 > MAX_BLOCK_DEPTH {
                    let pos = self.lines[self.i].pos;
                    self.error(
                        pos,
                        &format!("blocks nested too deeply (more than {MAX_BLOCK_DEPTH} levels)"),
                        "move the inner part into a script of its own",
                    );
                    self.skip_deeper_than(indent);
                    return Vec::new();
                }
                self.block(next, depth + 1)
            }
            _ => {
                self.error(
                    header,
                    &format!("'{what}' has no indented block"),
                    "indent the lines under it deeper, or write 'pass'",
                );
                Vec::new()
            }
        }
    }

    /// Parses (for its errors) and drops a block that follows a broken line.
    fn skip_body(&mut self, indent: usize, depth: usize) {
        if self.next_indent().is_some_and(|n| n > indent) {
            if depth + 1 > MAX_BLOCK_DEPTH {
                self.skip_deeper_than(indent);
            } else if let Some(next) = self.next_indent() {
                self.block(next, depth + 1);
            }
        }
    }

    fn skip_deeper_than(&mut self, indent: usize) {
        while self.next_indent().is_some_and(|n| n > indent) {
            self.i += 1;
        }
    }

    fn peek_keyword(&self) -> Option<&'static str> {
        match self.lines.get(self.i)?.toks.as_ref()?.first()?.tok {
            Tok::Kw(k) => Some(k),
            _ => None,
        }
    }

    /// Parses the current line; `None` when it has an error (reported).
    fn head(&mut self) -> Option<Head> {
        let line = &self.lines[self.i];
        let toks = line.toks.as_ref()?;
        let mut p = LineParser { toks, i: 0, depth: 0, end: line.end, file: self.file };
        match p.head() {
            Ok(h) => Some(h),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests;
