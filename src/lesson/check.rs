//! Check expressions: an `[[expect]]`'s checks, a question's answer and a task's check are
//! Python expressions over a finished run (`printed("购票成功") > tickets`). They are parsed
//! with the same parser as the lesson's program, then lowered into the small tree below:
//! literals, knob names, the check functions, operators, comparisons, subscripts and
//! f-strings. `lesson::validate` checks names and calls; `trace::check` evaluates the tree.

mod lower;
mod nesting;
mod source_map;

pub use source_map::SourceMap;

use crate::lesson::{Diagnostic, Pos};
use crate::value::{self, Value};

/// One node of a check, with where it starts in the lesson file.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

/// What a check may say.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `None`, `True`, `3`, `0.5`, `"购票成功"` (a plain string is taken as written).
    Const(Value),
    /// `f"剩余票数{tickets}"`: literal text and replacement fields.
    FString(Vec<FPart>),
    /// A knob's name; its value is the run's setting.
    Name(String),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    /// `+ - * / // %`, applied by `value::BinOp` as the program's operators are.
    Binary {
        op: value::BinOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `a and b and c` / `a or b`: the right side is evaluated only when needed.
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    /// `a < b <= c`, chained as in Python.
    Compare {
        left: Box<Expr>,
        rest: Vec<(CmpOp, Expr)>,
    },
    /// A check function called with positional arguments: `printed("x")`.
    Call {
        func: String,
        args: Vec<Expr>,
    },
    /// `items("q")[0]`
    Subscript {
        base: Box<Expr>,
        index: Box<Expr>,
    },
}

/// `and` / `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

/// The comparison operators. `is` only ever meets `None`, `True` or `False` (the lowering
/// refuses anything else), where it means what `==` means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,
}

/// A piece of an f-string.
#[derive(Clone, Debug, PartialEq)]
pub enum FPart {
    Lit(String),
    /// `{expr!r:>5}`: the value, converted (`!r` gives its repr), formatted with `spec`.
    Field {
        expr: Expr,
        repr: bool,
        spec: String,
    },
}

/// A function a check may call: how many arguments it takes and how to call it, for hints.
#[derive(Debug)]
pub struct Function {
    pub name: &'static str,
    pub min: usize,
    pub max: usize,
    pub usage: &'static str,
    /// Its argument names a shared object, as a string (`max_holders("lock")`).
    pub takes_object: bool,
}

const fn f(name: &'static str, min: usize, max: usize, usage: &'static str) -> Function {
    Function { name, min, max, usage, takes_object: false }
}

const fn on_object(name: &'static str, usage: &'static str) -> Function {
    Function { name, min: 1, max: 1, usage, takes_object: true }
}

/// The functions a check may call.
pub const FUNCTIONS: &[Function] = &[
    f("printed", 1, 1, "printed(text): how many lines equal text"),
    f("printed_containing", 1, 1, "printed_containing(text)"),
    f("first", 1, 1, "first(text)"),
    f("last", 1, 1, "last(text)"),
    f("first_containing", 1, 1, "first_containing(text)"),
    f("last_containing", 1, 1, "last_containing(text)"),
    f("earliest", 2, usize::MAX, "earliest(\"a\", \"b\", ...): the one printed first"),
    f("len", 1, 1, "len(items(\"q\"))"),
    f("exitcode", 1, 1, "exitcode(\"Process-1\")"),
    f("raised", 1, 1, "raised(\"JSONDecodeError\"): how many processes it ended"),
    f("zombie_ms", 1, 1, "zombie_ms(\"Process-1\"): how long it was a zombie"),
    on_object("max_holders", "max_holders(\"lock\")"),
    on_object("max_waiters", "max_waiters(\"lock\")"),
    f("processes", 0, 0, "processes()"),
    on_object("items", "items(\"q\")"),
    f("duration_ms", 0, 0, "duration_ms()"),
    f("audit_ok", 0, 0, "audit_ok()"),
    f("deadlocked", 0, 0, "deadlocked(): the run ended in a wait-for cycle"),
    f("stuck", 0, 0, "stuck(): the run ended with every process waiting for good"),
];

/// The check function called `name`.
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// "check functions: printed, …", for hints and run-time errors.
pub fn function_list() -> String {
    format!("check functions: {}", FUNCTIONS.iter().map(|f| f.name).collect::<Vec<_>>().join(", "))
}

/// Parses one check's text. `at` places a byte offset of `text` in the lesson file. Gives
/// the tree unless the text is not one Python expression on one line, and every problem
/// found; where a construct checks cannot use stood, a tree with problems holds `None`.
pub fn parse(text: &str, file: &str, at: &dyn Fn(usize) -> Pos) -> (Option<Expr>, Vec<Diagnostic>) {
    let problem =
        |offset: usize, message: String, hint: Option<String>| Diagnostic::at(file, at(offset), message, hint);
    if let Some(offset) = text.find(['\n', '\r']) {
        return (None, vec![problem(offset, "a check must fit on one line".into(), None)]);
    }
    if let Err(too) = nesting::check(text) {
        return (None, vec![problem(too.offset, too.message, Some("split it into several checks".into()))]);
    }
    match rustpython_ruff_python_parser::parse_expression(text) {
        Ok(parsed) => {
            let body = parsed.into_syntax().body;
            let mut lowering = lower::Lowering { text, file, at, problems: Vec::new() };
            let expr = lowering.expr(&body);
            (Some(expr), lowering.problems)
        }
        Err(error) => {
            let offset = usize::from(error.location.start());
            let message = format!("invalid syntax: {}", error.error);
            (None, vec![problem(offset, message, Some("a check is one Python expression".into()))])
        }
    }
}

#[cfg(test)]
mod tests;
