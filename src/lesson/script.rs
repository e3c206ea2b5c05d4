//! The step language: the tiny, Python-shaped language a lesson's scripts are written in.
//! This file holds its syntax tree; `script/lexer.rs` and `script/parser.rs` turn the text
//! of a TOML multi-line string into it. Each statement remembers the Python line it acts out
//! (`12| lock.acquire()`), so the viewer can put a process's cursor on the real program.

pub mod lexer;
pub mod parser;

pub use parser::parse_script;

use crate::value;

/// Where something stands in the lesson file: 1-based line and column (columns count chars).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// One statement; executing one is one *step* (a gate sits before each).
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    /// The line of the lesson's Python program this statement stands for (1-based).
    pub py_line: u32,
    /// Where the statement starts in the lesson file.
    pub pos: Pos,
    pub kind: StmtKind,
}

/// The kinds of statement.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `name = expr`
    Assign {
        target: String,
        value: Expr,
    },
    /// `name += expr` (also `-=`, `*=`)
    AugAssign {
        target: String,
        op: BinOp,
        value: Expr,
    },
    /// `obj.attr = expr` (only `v.value = …` on a shared Value)
    SetAttr {
        object: String,
        attr: String,
        value: Expr,
    },
    /// `obj.attr += expr`: a read step and a write step, as in Python (not atomic).
    AugSetAttr {
        object: String,
        attr: String,
        op: BinOp,
        value: Expr,
    },
    /// An expression evaluated for its effect: `lock.acquire()`, `print(x)`.
    Expr(Expr),
    /// `if c: … elif c: … else: …`
    If {
        branches: Vec<(Expr, Vec<Stmt>)>,
        otherwise: Vec<Stmt>,
    },
    /// `while c: …`
    While {
        cond: Expr,
        body: Vec<Stmt>,
    },
    /// `for x in expr: …` over a list or `range(…)`.
    For {
        var: String,
        iter: Expr,
        body: Vec<Stmt>,
    },
    /// `repeat n: …` runs the body n times.
    Repeat {
        count: Expr,
        body: Vec<Stmt>,
    },
    /// `loop: …` runs until `break`.
    Loop {
        body: Vec<Stmt>,
    },
    Break,
    Continue,
    Pass,
    /// `try: … except Empty: … except ValueError as e: …`
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
    },
    /// `raise ValueError("msg")`
    Raise {
        error: String,
        message: Option<Expr>,
    },
    /// `return value`: ends the script; a pool task's result, a callback's value.
    Return {
        value: Option<Expr>,
    },
}

/// One `except NAME [as var]:` clause.
#[derive(Clone, Debug, PartialEq)]
pub struct Handler {
    /// The exception class caught (`Empty`, `Full`, `ValueError`, `AssertionError`, `EOFError`,
    /// `Exception` catches all).
    pub error: String,
    /// `as e` binds the message string.
    pub bind: Option<String>,
    pub body: Vec<Stmt>,
    pub pos: Pos,
}

/// Expressions. Integers only (durations like `100ms` and `1s` are integer milliseconds).
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Int(i64),
    /// A string literal with `{expr}` interpolation; `{{` and `}}` are literal braces.
    Str(Vec<StrPart>),
    Bool(bool),
    None,
    /// A variable, knob, resource or script name.
    Name(String),
    List(Vec<Expr>),
    Unary {
        op: UnOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `f(args, key=value)`: built-ins (`print`, `sleep`, `Process`, `randint`, …).
    Call {
        func: String,
        args: Vec<Expr>,
        kwargs: Vec<(String, Expr)>,
    },
    /// `obj.method(args, key=value)`: operations on resources, processes and lists.
    Method {
        object: String,
        method: String,
        args: Vec<Expr>,
        kwargs: Vec<(String, Expr)>,
    },
    /// `obj.attr`: `p.exitcode`, `p.pid`, `p.name`, `v.value`.
    Attr {
        object: String,
        attr: String,
    },
    /// `xs[i]`
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
    },
}

/// A piece of a string literal.
#[derive(Clone, Debug, PartialEq)]
pub enum StrPart {
    Lit(String),
    Expr(Expr),
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
}

/// Binary operators, Python's meaning (`//` floors, `/` is also floor division on integers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    /// The operator `Value` applies, or `None` for `and`/`or`, whose right side the evaluators
    /// evaluate only when the left one does not decide.
    pub fn value_op(self) -> Option<value::BinOp> {
        Some(match self {
            BinOp::Add => value::BinOp::Add,
            BinOp::Sub => value::BinOp::Sub,
            BinOp::Mul => value::BinOp::Mul,
            BinOp::Div => value::BinOp::FloorDiv,
            BinOp::Mod => value::BinOp::Mod,
            BinOp::Eq => value::BinOp::Eq,
            BinOp::Ne => value::BinOp::Ne,
            BinOp::Lt => value::BinOp::Lt,
            BinOp::Le => value::BinOp::Le,
            BinOp::Gt => value::BinOp::Gt,
            BinOp::Ge => value::BinOp::Ge,
            BinOp::And | BinOp::Or => return None,
        })
    }
}
