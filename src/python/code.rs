//! The program as the interpreter walks it: ruff's tree lowered once into a smaller tree
//! whose names are already resolved (a local slot, a closure cell, a global slot, or a class
//! namespace entry), whose literals are ready objects and whose statements carry their
//! 1-based line, so running a statement costs no lookup by name and no offset arithmetic.

use std::rc::Rc;

use super::object::Obj;

/// A function body, lambda, comprehension, class body or the module itself.
#[derive(Debug)]
pub struct Code {
    /// `f`, `<lambda>`, `<listcomp>`, `<module>`, or the class name.
    pub name: Rc<str>,
    /// `Worker.run` for a method; what error messages and reprs show.
    pub qualname: Rc<str>,
    /// The line of `def`/`class`/`lambda`.
    pub line: u32,
    pub params: Params,
    /// Plain local variables (not captured by an inner function).
    pub local_names: Box<[Rc<str>]>,
    /// Locals captured by inner functions: each lives in a shared cell.
    pub cell_names: Box<[Rc<str>]>,
    /// Variables of enclosing functions this code uses: their cells come with the closure.
    /// Each holds the index of the cell in the enclosing frame, where the closure is made.
    pub free: Box<[(Rc<str>, u32)]>,
    pub body: Vec<Stmt>,
    /// The docstring, when the body opens with one.
    pub doc: Option<Rc<str>>,
}

impl Code {
    /// The name of closure cell `index` (own cells first, then free ones).
    pub fn cell_name(&self, index: u32) -> &str {
        let index = index as usize;
        match self.cell_names.get(index) {
            Some(name) => name,
            None => self.free.get(index - self.cell_names.len()).map_or("?", |(name, _)| name),
        }
    }
}

/// A function's parameters, in Python's order.
#[derive(Debug, Default)]
pub struct Params {
    /// Positional-or-keyword parameters (positional-only ones first).
    pub positional: Vec<Param>,
    /// How many of `positional` are positional-only.
    pub posonly: usize,
    pub vararg: Option<Param>,
    pub kwonly: Vec<Param>,
    pub kwarg: Option<Param>,
}

#[derive(Debug)]
pub struct Param {
    pub name: Rc<str>,
    pub slot: Slot,
}

/// Where a parameter or local lives in its frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Local(u32),
    Cell(u32),
}

/// A resolved variable.
#[derive(Clone, Debug)]
pub enum Name {
    Local(u32),
    /// A closure cell of the frame (own cells, then free ones).
    Cell(u32),
    /// A module-level variable (falling back to the builtins on load).
    Global(u32),
    /// A name in a class body: its namespace first, then `fallback`.
    Class(Rc<str>, Box<Name>),
}

impl From<Slot> for Name {
    fn from(slot: Slot) -> Name {
        match slot {
            Slot::Local(i) => Name::Local(i),
            Slot::Cell(i) => Name::Cell(i),
        }
    }
}

/// A statement and the line it starts on.
#[derive(Debug)]
pub struct Stmt {
    pub line: u32,
    pub kind: StmtKind,
}

/// One name of an `import`: `import a.b` binds `a` (`top`), `import a.b as c` binds `a.b`.
#[derive(Debug)]
pub struct Import {
    pub module: Rc<str>,
    pub target: Target,
    pub top: bool,
}

#[derive(Debug)]
pub enum StmtKind {
    Expr(Expr),
    /// `a = b = value`: the value is stored into each target, left to right.
    Assign(Vec<Target>, Expr),
    AugAssign(Target, BinaryOp, Expr),
    If(Vec<Branch>, Vec<Stmt>),
    While(Expr, Vec<Stmt>, Vec<Stmt>),
    For(Box<For>),
    Break,
    Continue,
    Pass,
    Return(Option<Expr>),
    Raise(Option<Expr>, Option<Expr>),
    Try(Box<Try>),
    With(Vec<(Expr, Option<Target>)>, Vec<Stmt>),
    Def(Rc<FuncDef>, Target),
    Class(Rc<ClassDef>, Target),
    /// `import a.b, c.d as e`: one statement (one step), each name bound in turn.
    Import(Vec<Import>),
    ImportFrom(Rc<str>, Vec<(Rc<str>, Target)>),
    Delete(Vec<Target>),
    Assert(Expr, Option<Expr>),
}

/// One `if`/`elif` test with its line and body.
#[derive(Debug)]
pub struct Branch {
    pub line: u32,
    pub test: Expr,
    pub body: Vec<Stmt>,
}

#[derive(Debug)]
pub struct For {
    pub target: Target,
    pub iter: Expr,
    pub body: Vec<Stmt>,
    pub orelse: Vec<Stmt>,
}

#[derive(Debug)]
pub struct Try {
    pub body: Vec<Stmt>,
    pub handlers: Vec<Handler>,
    pub orelse: Vec<Stmt>,
    pub finalbody: Vec<Stmt>,
}

/// `except Class as name:`.
#[derive(Debug)]
pub struct Handler {
    pub line: u32,
    pub class: Option<Expr>,
    pub name: Option<Target>,
    pub body: Vec<Stmt>,
}

/// A `def` or `lambda`: its code and what is evaluated when the definition runs.
#[derive(Debug)]
pub struct FuncDef {
    pub code: Rc<Code>,
    /// Defaults of the last positional parameters.
    pub defaults: Vec<Expr>,
    /// Defaults of keyword-only parameters, by index into `params.kwonly`.
    pub kwdefaults: Vec<(usize, Expr)>,
    /// Innermost last, as written; applied bottom-up.
    pub decorators: Vec<Expr>,
}

#[derive(Debug)]
pub struct ClassDef {
    pub body: Rc<Code>,
    pub bases: Vec<Expr>,
    pub decorators: Vec<Expr>,
}

/// Where an assignment stores.
#[derive(Debug)]
pub enum Target {
    Name(Name),
    Attr(Expr, Rc<str>),
    Item(Expr, Expr),
    /// `a, *b, c = ...`: the index of the starred target, if any.
    Unpack(Vec<Target>, Option<usize>),
}

#[derive(Debug)]
pub enum Expr {
    Const(Obj),
    Load(Name),
    Attr(Box<Expr>, Rc<str>),
    Item(Box<(Expr, Expr)>),
    Slice(Box<[Option<Expr>; 3]>),
    Binary(Box<(Expr, Expr)>, BinaryOp),
    Neg(Box<Expr>),
    Pos(Box<Expr>),
    Invert(Box<Expr>),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>),
    IfElse(Box<(Expr, Expr, Expr)>),
    Call(Box<Call>),
    /// `obj.name(args)`: called without making a bound method first.
    Method(Box<(Expr, Rc<str>, Call)>),
    List(Vec<Elt>),
    Tuple(Vec<Elt>),
    Set(Vec<Elt>),
    /// Key `None` is a `**mapping` spread.
    Dict(Vec<(Option<Expr>, Expr)>),
    Comp(Rc<Comp>),
    Lambda(Rc<FuncDef>),
    FString(Vec<FPart>),
    Named(Box<(Target, Expr)>),
    /// Zero-argument `super()`: the class cell and the method's first parameter.
    Super(Box<(Name, Name)>),
}

/// An item of a list/tuple/set display or a positional argument.
#[derive(Debug)]
pub enum Elt {
    One(Expr),
    Star(Expr),
}

/// A call's arguments (and, in `Expr::Call`, what is called: `func`).
#[derive(Debug)]
pub struct Call {
    pub func: Expr,
    pub args: Vec<Elt>,
    pub kwargs: Vec<Kwarg>,
}

#[derive(Debug)]
pub enum Kwarg {
    Named(Rc<str>, Expr),
    Spread(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

/// A comprehension or generator expression: its own scope (`code`), the first iterable
/// (evaluated outside it), the `for` clauses and the element (and value, for a dict).
#[derive(Debug)]
pub struct Comp {
    pub kind: CompKind,
    pub code: Rc<Code>,
    pub first_iter: Expr,
    pub clauses: Vec<Clause>,
    pub elt: Expr,
    pub value: Option<Expr>,
}

/// One `for target in iter if cond...` of a comprehension (`iter` unused for the first).
#[derive(Debug)]
pub struct Clause {
    pub target: Target,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

/// A piece of an f-string.
#[derive(Debug)]
pub enum FPart {
    Lit(Rc<str>),
    Value { expr: Expr, conv: Conv, spec: Option<Vec<FPart>> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conv {
    None,
    Str,
    Repr,
    Ascii,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
    MatMul,
}

impl BinaryOp {
    /// How Python spells it in error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::FloorDiv => "//",
            BinaryOp::Mod => "%",
            BinaryOp::Pow => "** or pow()",
            BinaryOp::LShift => "<<",
            BinaryOp::RShift => ">>",
            BinaryOp::BitAnd => "&",
            BinaryOp::BitOr => "|",
            BinaryOp::BitXor => "^",
            BinaryOp::MatMul => "@",
        }
    }

    /// The method a class defines to support it, and the reflected one.
    pub fn dunders(self) -> (&'static str, &'static str) {
        match self {
            BinaryOp::Add => ("__add__", "__radd__"),
            BinaryOp::Sub => ("__sub__", "__rsub__"),
            BinaryOp::Mul => ("__mul__", "__rmul__"),
            BinaryOp::Div => ("__truediv__", "__rtruediv__"),
            BinaryOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
            BinaryOp::Mod => ("__mod__", "__rmod__"),
            BinaryOp::Pow => ("__pow__", "__rpow__"),
            BinaryOp::LShift => ("__lshift__", "__rlshift__"),
            BinaryOp::RShift => ("__rshift__", "__rrshift__"),
            BinaryOp::BitAnd => ("__and__", "__rand__"),
            BinaryOp::BitOr => ("__or__", "__ror__"),
            BinaryOp::BitXor => ("__xor__", "__rxor__"),
            BinaryOp::MatMul => ("__matmul__", "__rmatmul__"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Is,
    IsNot,
    In,
    NotIn,
}
