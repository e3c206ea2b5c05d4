//! One line of a script: a statement or a block header, and the expressions in it, by
//! recursive descent over the line's tokens (precedence low to high: `or`, `and`, `not`,
//! comparisons, `+ -`, `* / // %`, unary `-`, postfix). Nesting past `MAX_EXPR_DEPTH` —
//! parentheses, operators in a row, strings in strings — is an error, never a deep stack.

use super::MAX_EXPR_DEPTH;
use crate::lesson::diagnostic::{Diagnostic, Problem, to_u32};
use crate::lesson::script::lexer::{self, RawPart, Tok, Token};
use crate::lesson::script::{BinOp, Expr, ExprKind, Pos, StmtKind, StrPart, UnOp};

/// What one line says, before blocks are attached.
pub(super) enum Head {
    Simple(StmtKind),
    If(Expr),
    Elif(Expr),
    Else,
    While(Expr),
    For(String, Expr),
    Repeat(Expr),
    Loop,
    Try,
    Except(String, Option<String>),
}

/// Positional and keyword arguments of a call.
type CallArgs = (Vec<Expr>, Vec<(String, Expr)>);

/// Recursive descent over one line's tokens.
pub(super) struct LineParser<'a> {
    pub(super) toks: &'a [Token],
    pub(super) i: usize,
    pub(super) depth: u32,
    pub(super) end: Pos,
    pub(super) file: &'a str,
}

type PResult<T> = Result<T, Diagnostic>;

impl LineParser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.i + n).map(|t| &t.tok)
    }

    fn pos(&self) -> Pos {
        self.toks.get(self.i).map_or(self.end, |t| t.pos)
    }

    fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Sym(x)) if *x == s)
    }

    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Kw(x)) if *x == k)
    }

    fn err<T>(&self, message: String, hint: Option<&str>) -> PResult<T> {
        Err(Diagnostic::at(self.file, self.pos(), message, hint.map(str::to_string)))
    }

    fn unexpected<T>(&self, wanted: &str) -> PResult<T> {
        match self.peek() {
            Some(t) => self.err(format!("expected {wanted}, found {}", t.describe()), None),
            None => self.err(format!("expected {wanted} at the end of the line"), None),
        }
    }

    fn expect_sym(&mut self, s: &str, wanted: &str) -> PResult<()> {
        if self.is_sym(s) {
            self.i += 1;
            Ok(())
        } else {
            self.unexpected(wanted)
        }
    }

    fn name(&mut self, wanted: &str) -> PResult<String> {
        match self.peek() {
            Some(Tok::Name(n)) => {
                let n = n.clone();
                self.i += 1;
                Ok(n)
            }
            _ => self.unexpected(wanted),
        }
    }

    /// Succeeds when every token of the line was used.
    pub(super) fn end_of_line(&self) -> PResult<()> {
        match self.peek() {
            None => Ok(()),
            Some(Tok::Sym("=")) => {
                self.err("can only assign to a name or to 'obj.attr'".into(), Some("e.g. `x = 1` or `v.value = 1`"))
            }
            Some(t) => self.err(format!("unexpected {}", t.describe()), Some("one statement per line")),
        }
    }

    /// `:` closing a block header, and nothing after it.
    fn colon_end(&mut self, what: &str) -> PResult<()> {
        if !self.is_sym(":") {
            return self.unexpected(&format!("':' at the end of the '{what}' line"));
        }
        self.i += 1;
        if self.peek().is_some() {
            return self.err(
                format!("code after '{what} ...:' on the same line"),
                Some("put the block on its own lines, indented"),
            );
        }
        Ok(())
    }

    /// Parses the line as a statement or a block header.
    pub(super) fn head(&mut self) -> PResult<Head> {
        let head = match self.peek() {
            Some(Tok::Kw(kw)) => {
                let kw = *kw;
                let start = self.pos();
                if !matches!(kw, "True" | "False" | "None" | "not") {
                    self.i += 1;
                }
                match kw {
                    "if" | "elif" | "while" | "repeat" => {
                        let e = self.expr()?;
                        self.colon_end(kw)?;
                        match kw {
                            "if" => Head::If(e),
                            "elif" => Head::Elif(e),
                            "while" => Head::While(e),
                            _ => Head::Repeat(e),
                        }
                    }
                    "for" => {
                        let var = self.name("a loop variable after 'for'")?;
                        if !self.is_kw("in") {
                            return self.unexpected("'in'");
                        }
                        self.i += 1;
                        let iter = self.expr()?;
                        self.colon_end("for")?;
                        Head::For(var, iter)
                    }
                    "else" | "loop" | "try" => {
                        self.colon_end(kw)?;
                        match kw {
                            "else" => Head::Else,
                            "loop" => Head::Loop,
                            _ => Head::Try,
                        }
                    }
                    "except" => {
                        let error = self.name("an error class after 'except', e.g. 'Empty'")?;
                        let bind = if self.is_kw("as") {
                            self.i += 1;
                            Some(self.name("a name after 'as'")?)
                        } else {
                            None
                        };
                        self.colon_end("except")?;
                        Head::Except(error, bind)
                    }
                    "break" | "continue" | "pass" => {
                        self.end_of_line()?;
                        Head::Simple(match kw {
                            "break" => StmtKind::Break,
                            "continue" => StmtKind::Continue,
                            _ => StmtKind::Pass,
                        })
                    }
                    "raise" => {
                        let error = self.name("an error class after 'raise', e.g. 'ValueError'")?;
                        let message = if self.is_sym("(") {
                            self.i += 1;
                            let e = self.expr()?;
                            self.expect_sym(")", "')'")?;
                            Some(e)
                        } else {
                            None
                        };
                        self.end_of_line()?;
                        Head::Simple(StmtKind::Raise { error, message })
                    }
                    "return" => {
                        let value = if self.peek().is_none() { None } else { Some(self.expr()?) };
                        self.end_of_line()?;
                        Head::Simple(StmtKind::Return { value })
                    }
                    "True" | "False" | "None" | "not" => self.expr_statement()?,
                    other => {
                        return Err(Diagnostic::at(
                            self.file,
                            start,
                            format!("unexpected '{other}' at the start of a statement"),
                            None,
                        ));
                    }
                }
            }
            _ => self.expr_statement()?,
        };
        Ok(head)
    }

    /// Assignment or expression statement.
    fn expr_statement(&mut self) -> PResult<Head> {
        let aug = |t: Option<&Tok>| match t {
            Some(Tok::Sym("+=")) => Some(BinOp::Add),
            Some(Tok::Sym("-=")) => Some(BinOp::Sub),
            Some(Tok::Sym("*=")) => Some(BinOp::Mul),
            _ => None,
        };
        if let Some(Tok::Name(target)) = self.peek() {
            let target = target.clone();
            if self.peek_at(1) == Some(&Tok::Sym("=")) {
                self.i += 2;
                let value = self.expr()?;
                self.end_of_line()?;
                return Ok(Head::Simple(StmtKind::Assign { target, value }));
            }
            if let Some(op) = aug(self.peek_at(1)) {
                self.i += 2;
                let value = self.expr()?;
                self.end_of_line()?;
                return Ok(Head::Simple(StmtKind::AugAssign { target, op, value }));
            }
            if let (Some(Tok::Sym(".")), Some(Tok::Name(attr))) = (self.peek_at(1), self.peek_at(2)) {
                let attr = attr.clone();
                if self.peek_at(3) == Some(&Tok::Sym("=")) {
                    self.i += 4;
                    let value = self.expr()?;
                    self.end_of_line()?;
                    return Ok(Head::Simple(StmtKind::SetAttr { object: target, attr, value }));
                }
                if let Some(op) = aug(self.peek_at(3)) {
                    self.i += 4;
                    let value = self.expr()?;
                    self.end_of_line()?;
                    return Ok(Head::Simple(StmtKind::AugSetAttr { object: target, attr, op, value }));
                }
            }
        }
        let e = self.expr()?;
        if aug(self.peek()).is_some() {
            return self
                .err("can only assign to a name or to 'obj.attr'".into(), Some("e.g. `x += 1` or `v.value += 1`"));
        }
        self.end_of_line()?;
        Ok(Head::Simple(StmtKind::Expr(e)))
    }

    /// Counts one level of nesting; errors past the limit.
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return self.err(
                format!("expression nested too deeply (more than {MAX_EXPR_DEPTH} levels)"),
                Some("split it into several statements with variables"),
            );
        }
        Ok(())
    }

    /// Consumes a binary operator; each one in a row deepens the tree like a nesting level.
    fn link(&mut self, links: &mut u32) -> PResult<()> {
        self.i += 1;
        *links += 1;
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return self.err(
                format!("expression too long or nested too deeply (more than {MAX_EXPR_DEPTH} levels)"),
                Some("split it into several statements with variables"),
            );
        }
        Ok(())
    }

    /// A full expression.
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let e = self.or_expr();
        self.depth -= 1;
        e
    }

    fn binary(left: Expr, op: BinOp, right: Expr) -> Expr {
        Expr { pos: left.pos, kind: ExprKind::Binary { op, left: Box::new(left), right: Box::new(right) } }
    }

    fn or_expr(&mut self) -> PResult<Expr> {
        let mut left = self.and_expr()?;
        let mut links = 0;
        while self.is_kw("or") {
            self.link(&mut links)?;
            let right = self.and_expr()?;
            left = Self::binary(left, BinOp::Or, right);
        }
        self.depth -= links;
        Ok(left)
    }

    fn and_expr(&mut self) -> PResult<Expr> {
        let mut left = self.not_expr()?;
        let mut links = 0;
        while self.is_kw("and") {
            self.link(&mut links)?;
            let right = self.not_expr()?;
            left = Self::binary(left, BinOp::And, right);
        }
        self.depth -= links;
        Ok(left)
    }

    fn not_expr(&mut self) -> PResult<Expr> {
        if self.is_kw("not") {
            let pos = self.pos();
            self.i += 1;
            self.enter()?;
            let operand = self.not_expr();
            self.depth -= 1;
            return Ok(Expr { pos, kind: ExprKind::Unary { op: UnOp::Not, operand: Box::new(operand?) } });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let left = self.sum()?;
        let op = match self.peek() {
            Some(Tok::Sym("==")) => BinOp::Eq,
            Some(Tok::Sym("!=")) => BinOp::Ne,
            Some(Tok::Sym("<")) => BinOp::Lt,
            Some(Tok::Sym("<=")) => BinOp::Le,
            Some(Tok::Sym(">")) => BinOp::Gt,
            Some(Tok::Sym(">=")) => BinOp::Ge,
            _ => return Ok(left),
        };
        self.i += 1;
        let right = self.sum()?;
        if matches!(self.peek(), Some(Tok::Sym("==" | "!=" | "<" | "<=" | ">" | ">="))) {
            return self.err("chained comparison".into(), Some("write 'a < b and b < c'"));
        }
        Ok(Self::binary(left, op, right))
    }

    fn sum(&mut self) -> PResult<Expr> {
        let mut left = self.product()?;
        let mut links = 0;
        loop {
            let op = match self.peek() {
                Some(Tok::Sym("+")) => BinOp::Add,
                Some(Tok::Sym("-")) => BinOp::Sub,
                _ => {
                    self.depth -= links;
                    return Ok(left);
                }
            };
            self.link(&mut links)?;
            let right = self.product()?;
            left = Self::binary(left, op, right);
        }
    }

    fn product(&mut self) -> PResult<Expr> {
        let mut left = self.unary()?;
        let mut links = 0;
        loop {
            let op = match self.peek() {
                Some(Tok::Sym("*")) => BinOp::Mul,
                Some(Tok::Sym("/" | "//")) => BinOp::Div,
                Some(Tok::Sym("%")) => BinOp::Mod,
                _ => {
                    self.depth -= links;
                    return Ok(left);
                }
            };
            self.link(&mut links)?;
            let right = self.unary()?;
            left = Self::binary(left, op, right);
        }
    }

    fn unary(&mut self) -> PResult<Expr> {
        if self.is_sym("-") {
            let pos = self.pos();
            self.i += 1;
            self.enter()?;
            let operand = self.unary();
            self.depth -= 1;
            let operand = operand?;
            if let ExprKind::Int(n) = operand.kind {
                return Ok(Expr { pos, kind: ExprKind::Int(n.wrapping_neg()) });
            }
            return Ok(Expr { pos, kind: ExprKind::Unary { op: UnOp::Neg, operand: Box::new(operand) } });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let mut e = self.primary()?;
        loop {
            if self.is_sym("[") {
                self.i += 1;
                let index = self.expr()?;
                self.expect_sym("]", "']'")?;
                e = Expr { pos: e.pos, kind: ExprKind::Index { base: Box::new(e), index: Box::new(index) } };
            } else if self.is_sym("(") || self.is_sym(".") {
                return self
                    .err("calls and methods work on names only".into(), Some("store the value in a variable first"));
            } else {
                return Ok(e);
            }
        }
    }

    fn primary(&mut self) -> PResult<Expr> {
        let pos = self.pos();
        let Some(tok) = self.peek().cloned() else {
            return self.unexpected("an expression");
        };
        self.i += 1;
        let kind = match tok {
            Tok::Int(n) => ExprKind::Int(n),
            Tok::Str(parts) => ExprKind::Str(self.string(parts)?),
            Tok::Kw("True") => ExprKind::Bool(true),
            Tok::Kw("False") => ExprKind::Bool(false),
            Tok::Kw("None") => ExprKind::None,
            Tok::Name(name) => {
                if self.is_sym("(") {
                    self.i += 1;
                    let (args, kwargs) = self.args()?;
                    ExprKind::Call { func: name, args, kwargs }
                } else if self.is_sym(".") {
                    self.i += 1;
                    let attr = self.name(&format!("a method or attribute name after '{name}.'"))?;
                    if self.is_sym("(") {
                        self.i += 1;
                        let (args, kwargs) = self.args()?;
                        ExprKind::Method { object: name, method: attr, args, kwargs }
                    } else {
                        ExprKind::Attr { object: name, attr }
                    }
                } else {
                    ExprKind::Name(name)
                }
            }
            Tok::Sym("[") => {
                let mut items = Vec::new();
                while !self.is_sym("]") {
                    items.push(self.expr()?);
                    if self.is_sym(",") {
                        self.i += 1;
                    } else if !self.is_sym("]") {
                        return self.unexpected("',' or ']'");
                    }
                }
                self.i += 1;
                ExprKind::List(items)
            }
            Tok::Sym("(") => {
                let inner = self.expr()?;
                if self.is_sym(",") {
                    return self.err("tuples are not part of the step language".into(), Some("use a list: [a, b]"));
                }
                self.expect_sym(")", "')'")?;
                return Ok(Expr { pos, ..inner });
            }
            other => {
                self.i -= 1;
                return self.err(format!("expected an expression, found {}", other.describe()), None);
            }
        };
        Ok(Expr { pos, kind })
    }

    /// Call arguments after `(`, through `)`.
    fn args(&mut self) -> PResult<CallArgs> {
        let mut args = Vec::new();
        let mut kwargs: Vec<(String, Expr)> = Vec::new();
        while !self.is_sym(")") {
            if let (Some(Tok::Name(key)), Some(Tok::Sym("="))) = (self.peek(), self.peek_at(1)) {
                let key = key.clone();
                if kwargs.iter().any(|(k, _)| *k == key) {
                    return self.err(format!("keyword argument '{key}' given twice"), None);
                }
                self.i += 2;
                kwargs.push((key, self.expr()?));
            } else {
                if !kwargs.is_empty() {
                    return self.err(
                        "positional argument after keyword argument".into(),
                        Some("put positional arguments first"),
                    );
                }
                args.push(self.expr()?);
            }
            if self.is_sym(",") {
                self.i += 1;
            } else if !self.is_sym(")") {
                return self.unexpected("',' or ')'");
            }
        }
        self.i += 1;
        Ok((args, kwargs))
    }

    /// Parses the `{expr}` pieces of a string literal.
    fn string(&mut self, parts: Vec<RawPart>) -> PResult<Vec<StrPart>> {
        let mut out = Vec::new();
        for part in parts {
            match part {
                RawPart::Lit(s) => out.push(StrPart::Lit(s)),
                RawPart::Expr { text, pos } => {
                    let toks = lexer::lex(&text, pos).map_err(|(p, at): (Problem, Pos)| p.at(self.file, at))?;
                    let end = Pos { line: pos.line, col: pos.col.saturating_add(to_u32(text.chars().count())) };
                    let mut sub = LineParser { toks: &toks, i: 0, depth: self.depth, end, file: self.file };
                    let e = sub.expr()?;
                    if let Some(t) = sub.peek() {
                        return sub.err(
                            format!("unexpected {} in '{{...}}'", t.describe()),
                            Some("one expression per '{...}'"),
                        );
                    }
                    out.push(StrPart::Expr(e));
                }
            }
        }
        Ok(out)
    }
}
