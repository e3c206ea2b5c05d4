//! From the parser's tree to a check's: each construct a check may use becomes its node;
//! each other construct (methods, attributes, lambdas, comprehensions, …) becomes a problem
//! at its position and a `None` in the tree, so the rest is still walked and checked.

use rustpython_ruff_python_ast::{self as ast, Expr as AstExpr};
use rustpython_ruff_text_size::{Ranged, TextRange};

use super::{BoolOp, CmpOp, Expr, ExprKind, FPart, function_list};
use crate::lesson::{Diagnostic, Pos};
use crate::value::{self, Value};

/// What a check is made of, for hints on what it cannot use.
const WHAT_CHECKS_USE: &str =
    "a check uses literals, knob names, check functions, operators, comparisons, x[i] and f-strings";

/// The lowering of one check, collecting its problems.
pub struct Lowering<'a> {
    /// The check's text (the parser's offsets index it).
    pub text: &'a str,
    pub file: &'a str,
    pub at: &'a dyn Fn(usize) -> Pos,
    pub problems: Vec<Diagnostic>,
}

impl Lowering<'_> {
    fn pos(&self, range: TextRange) -> Pos {
        (self.at)(usize::from(range.start()))
    }

    fn source(&self, range: TextRange) -> &str {
        self.text.get(range.to_std_range()).unwrap_or("")
    }

    /// Reports a problem at `range` and stands `None` in for the construct.
    fn refuse(&mut self, range: TextRange, message: String, hint: String) -> Expr {
        let pos = self.pos(range);
        self.problems.push(Diagnostic::at(self.file, pos, message, Some(hint)));
        Expr { pos, kind: ExprKind::Const(Value::None) }
    }

    /// A construct checks do not have, named as `what`.
    fn unsupported(&mut self, range: TextRange, what: &str) -> Expr {
        self.refuse(range, format!("{what} cannot be used in a check"), WHAT_CHECKS_USE.into())
    }

    /// Lowers one expression and everything under it.
    pub fn expr(&mut self, e: &AstExpr) -> Expr {
        let kind = match e {
            AstExpr::NoneLiteral(_) => ExprKind::Const(Value::None),
            AstExpr::BooleanLiteral(b) => ExprKind::Const(Value::Bool(b.value)),
            AstExpr::NumberLiteral(n) => return self.number(n, false),
            AstExpr::StringLiteral(s) => ExprKind::Const(Value::Str(s.value.to_str().to_string())),
            AstExpr::FString(f) => ExprKind::FString(self.fstring(&f.value)),
            AstExpr::Name(n) => ExprKind::Name(n.id.as_str().to_string()),
            AstExpr::List(l) => ExprKind::List(self.items(&l.elts)),
            AstExpr::Tuple(t) => ExprKind::Tuple(self.items(&t.elts)),
            AstExpr::UnaryOp(u) => match (u.op, &*u.operand) {
                (ast::UnaryOp::USub, AstExpr::NumberLiteral(n)) => return self.number(n, true),
                (ast::UnaryOp::USub, operand) => ExprKind::Neg(Box::new(self.expr(operand))),
                (ast::UnaryOp::Not, operand) => ExprKind::Not(Box::new(self.expr(operand))),
                (op, _) => return self.unsupported(u.range, &format!("unary '{}'", op.as_str())),
            },
            AstExpr::BinOp(b) => {
                let op = match b.op {
                    ast::Operator::Add => value::BinOp::Add,
                    ast::Operator::Sub => value::BinOp::Sub,
                    ast::Operator::Mult => value::BinOp::Mul,
                    ast::Operator::Div => value::BinOp::Div,
                    ast::Operator::FloorDiv => value::BinOp::FloorDiv,
                    ast::Operator::Mod => value::BinOp::Mod,
                    other => return self.unsupported(b.range, &format!("operator '{}'", other.as_str())),
                };
                ExprKind::Binary { op, left: Box::new(self.expr(&b.left)), right: Box::new(self.expr(&b.right)) }
            }
            AstExpr::BoolOp(b) => {
                let op = match b.op {
                    ast::BoolOp::And => BoolOp::And,
                    ast::BoolOp::Or => BoolOp::Or,
                };
                ExprKind::BoolOp { op, values: self.items(&b.values) }
            }
            AstExpr::Compare(c) => self.compare(c),
            AstExpr::Call(c) => return self.call(c),
            AstExpr::Subscript(s) => match &*s.slice {
                AstExpr::Slice(slice) => return self.unsupported(slice.range, "a slice"),
                index => ExprKind::Subscript { base: Box::new(self.expr(&s.value)), index: Box::new(self.expr(index)) },
            },
            AstExpr::Attribute(a) => {
                let message = format!("checks cannot read attributes ('{}')", self.source(a.range));
                return self.refuse(a.range, message, function_list());
            }
            other => return self.unsupported(other.range(), describe(other)),
        };
        Expr { pos: self.pos(e.range()), kind }
    }

    fn items(&mut self, items: &[AstExpr]) -> Vec<Expr> {
        items.iter().map(|i| self.expr(i)).collect()
    }

    /// A number literal, negated when `negative` (so the most negative int fits).
    fn number(&mut self, n: &ast::ExprNumberLiteral, negative: bool) -> Expr {
        let value = match &n.value {
            ast::Number::Int(int) => {
                let text = int.to_string();
                let digits: String = text.chars().filter(|c| *c != '_').collect();
                let wide = match int.as_i64() {
                    Some(i) => Some(i128::from(i)),
                    None => digits.parse::<i128>().ok(),
                };
                match wide.map(|i| if negative { -i } else { i }).and_then(|i| i64::try_from(i).ok()) {
                    Some(i) => Value::Int(i),
                    None => {
                        let sign = if negative { "-" } else { "" };
                        let message = format!("integer literal '{sign}{text}' is beyond forkbook's 64-bit ints");
                        return self.refuse(n.range, message, "use a smaller number".into());
                    }
                }
            }
            ast::Number::Float(x) => Value::Float(if negative { -x } else { *x }),
            ast::Number::Complex { .. } => return self.unsupported(n.range, "a complex number"),
        };
        Expr { pos: self.pos(n.range), kind: ExprKind::Const(value) }
    }

    fn compare(&mut self, c: &ast::ExprCompare) -> ExprKind {
        let left = self.expr(&c.left);
        let mut rest = Vec::new();
        let mut before = &*c.left;
        for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
            let op = match op {
                ast::CmpOp::Eq => CmpOp::Eq,
                ast::CmpOp::NotEq => CmpOp::Ne,
                ast::CmpOp::Lt => CmpOp::Lt,
                ast::CmpOp::LtE => CmpOp::Le,
                ast::CmpOp::Gt => CmpOp::Gt,
                ast::CmpOp::GtE => CmpOp::Ge,
                ast::CmpOp::In => CmpOp::In,
                ast::CmpOp::NotIn => CmpOp::NotIn,
                ast::CmpOp::Is => CmpOp::Is,
                ast::CmpOp::IsNot => CmpOp::IsNot,
            };
            let singleton = |e: &AstExpr| matches!(e, AstExpr::NoneLiteral(_) | AstExpr::BooleanLiteral(_));
            if matches!(op, CmpOp::Is | CmpOp::IsNot) && !singleton(before) && !singleton(right) {
                let range = TextRange::new(before.range().start(), right.range().end());
                let message = format!("'{}' compares with None, True or False only", self.source(range));
                self.refuse(range, message, "compare values with == or !=".into());
            }
            rest.push((op, self.expr(right)));
            before = right;
        }
        ExprKind::Compare { left: Box::new(left), rest }
    }

    /// A call of a check function by name, with positional arguments.
    fn call(&mut self, c: &ast::ExprCall) -> Expr {
        let func = match &*c.func {
            AstExpr::Name(n) => n.id.as_str().to_string(),
            AstExpr::Attribute(a) => {
                let message = format!("checks cannot call methods ('{}()')", self.source(a.range));
                return self.refuse(c.range, message, function_list());
            }
            other => {
                let message = format!("checks cannot call '{}'", self.source(other.range()));
                return self.refuse(c.range, message, function_list());
            }
        };
        for k in &c.arguments.keywords {
            let name = k.arg.as_ref().map_or("**", |a| a.as_str());
            let hint = super::function(&func).map_or_else(function_list, |f| format!("call it as {}", f.usage));
            self.refuse(k.range, format!("'{func}' takes no keyword argument '{name}'"), hint);
        }
        let args = c
            .arguments
            .args
            .iter()
            .map(|a| match a {
                AstExpr::Starred(s) => self.unsupported(s.range, "a '*' argument"),
                other => self.expr(other),
            })
            .collect();
        Expr { pos: self.pos(c.range), kind: ExprKind::Call { func, args } }
    }

    fn fstring(&mut self, value: &ast::FStringValue) -> Vec<FPart> {
        let mut parts = Vec::new();
        for part in value.iter() {
            match part {
                ast::FStringPart::Literal(lit) => parts.push(FPart::Lit(lit.value.to_string())),
                ast::FStringPart::FString(f) => {
                    for element in f.elements.iter() {
                        parts.push(self.element(element));
                    }
                }
            }
        }
        parts
    }

    fn element(&mut self, element: &ast::InterpolatedStringElement) -> FPart {
        let field = match element {
            ast::InterpolatedStringElement::Literal(lit) => return FPart::Lit(lit.value.to_string()),
            ast::InterpolatedStringElement::Interpolation(field) => field,
        };
        let expr = self.expr(&field.expression);
        if field.debug_text.is_some() {
            self.unsupported(field.range, "'=' in an f-string field");
        }
        let repr = match field.conversion {
            ast::ConversionFlag::None | ast::ConversionFlag::Str => false,
            ast::ConversionFlag::Repr => true,
            ast::ConversionFlag::Ascii => {
                self.unsupported(field.range, "'!a'");
                false
            }
        };
        let mut spec = String::new();
        for part in field.format_spec.iter().flat_map(|s| s.elements.iter()) {
            match part {
                ast::InterpolatedStringElement::Literal(lit) => spec.push_str(&lit.value),
                ast::InterpolatedStringElement::Interpolation(inner) => {
                    self.unsupported(inner.range, "a field inside a format spec");
                }
            }
        }
        FPart::Field { expr, repr, spec }
    }
}

/// What a construct checks do not have is called in a message.
fn describe(e: &AstExpr) -> &'static str {
    match e {
        AstExpr::Named(_) => "':='",
        AstExpr::Lambda(_) => "a lambda",
        AstExpr::If(_) => "'x if c else y'",
        AstExpr::Dict(_) => "a dict",
        AstExpr::Set(_) => "a set",
        AstExpr::ListComp(_) | AstExpr::SetComp(_) | AstExpr::DictComp(_) | AstExpr::Generator(_) => "a comprehension",
        AstExpr::Await(_) => "'await'",
        AstExpr::Yield(_) | AstExpr::YieldFrom(_) => "'yield'",
        AstExpr::TString(_) => "a t-string",
        AstExpr::BytesLiteral(_) => "a bytes literal",
        AstExpr::EllipsisLiteral(_) => "'...'",
        AstExpr::Starred(_) => "'*'",
        AstExpr::Slice(_) => "a slice",
        _ => "this construct",
    }
}
