//! Lowering expressions and assignment targets: literals become objects (a negative number
//! literal is folded, so `-9223372036854775808` fits), `obj.name(...)` becomes a method
//! call, comprehensions get their own scope, f-strings become literal and value pieces.

use std::rc::Rc;

use rustpython_ruff_python_ast::{self as ast, Expr as AstExpr};
use rustpython_ruff_text_size::Ranged;

use super::Compiler;
use crate::python::code::{BinaryOp, Call, Clause, CmpOp, Comp, CompKind, Conv, Elt, Expr, FPart, Kwarg, Stmt, Target};
use crate::python::object::Obj;

pub fn binary_op(op: ast::Operator) -> BinaryOp {
    match op {
        ast::Operator::Add => BinaryOp::Add,
        ast::Operator::Sub => BinaryOp::Sub,
        ast::Operator::Mult => BinaryOp::Mul,
        ast::Operator::MatMult => BinaryOp::MatMul,
        ast::Operator::Div => BinaryOp::Div,
        ast::Operator::Mod => BinaryOp::Mod,
        ast::Operator::Pow => BinaryOp::Pow,
        ast::Operator::LShift => BinaryOp::LShift,
        ast::Operator::RShift => BinaryOp::RShift,
        ast::Operator::BitOr => BinaryOp::BitOr,
        ast::Operator::BitXor => BinaryOp::BitXor,
        ast::Operator::BitAnd => BinaryOp::BitAnd,
        ast::Operator::FloorDiv => BinaryOp::FloorDiv,
    }
}

fn cmp_op(op: ast::CmpOp) -> CmpOp {
    match op {
        ast::CmpOp::Eq => CmpOp::Eq,
        ast::CmpOp::NotEq => CmpOp::Ne,
        ast::CmpOp::Lt => CmpOp::Lt,
        ast::CmpOp::LtE => CmpOp::Le,
        ast::CmpOp::Gt => CmpOp::Gt,
        ast::CmpOp::GtE => CmpOp::Ge,
        ast::CmpOp::Is => CmpOp::Is,
        ast::CmpOp::IsNot => CmpOp::IsNot,
        ast::CmpOp::In => CmpOp::In,
        ast::CmpOp::NotIn => CmpOp::NotIn,
    }
}

impl Compiler<'_> {
    pub(super) fn expr(&mut self, expr: &AstExpr) -> Expr {
        if matches!(expr, AstExpr::BinOp(_) | AstExpr::UnaryOp(_))
            && let Some(value) = fold(expr).and_then(|v| i64::try_from(v).ok())
        {
            return Expr::Const(Obj::Int(value));
        }
        match expr {
            AstExpr::BoolOp(e) => {
                let values = e.values.iter().map(|v| self.expr(v)).collect();
                match e.op {
                    ast::BoolOp::And => Expr::And(values),
                    ast::BoolOp::Or => Expr::Or(values),
                }
            }
            AstExpr::Named(e) => Expr::Named(Box::new((self.target(&e.target), self.expr(&e.value)))),
            AstExpr::BinOp(e) => Expr::Binary(Box::new((self.expr(&e.left), self.expr(&e.right))), binary_op(e.op)),
            AstExpr::UnaryOp(e) => self.unary(e),
            AstExpr::Lambda(e) => Expr::Lambda(self.lambda(e)),
            AstExpr::If(e) => Expr::IfElse(Box::new((self.expr(&e.test), self.expr(&e.body), self.expr(&e.orelse)))),
            AstExpr::Dict(e) => Expr::Dict(
                e.items.iter().map(|item| (item.key.as_ref().map(|k| self.expr(k)), self.expr(&item.value))).collect(),
            ),
            AstExpr::Set(e) => Expr::Set(self.elts(&e.elts)),
            AstExpr::List(e) => Expr::List(self.elts(&e.elts)),
            AstExpr::Tuple(e) => Expr::Tuple(self.elts(&e.elts)),
            AstExpr::ListComp(e) => self.comprehension(CompKind::List, e.range, &e.generators, &e.elt, None),
            AstExpr::SetComp(e) => self.comprehension(CompKind::Set, e.range, &e.generators, &e.elt, None),
            AstExpr::Generator(e) => self.comprehension(CompKind::Gen, e.range, &e.generators, &e.elt, None),
            AstExpr::DictComp(e) => self.comprehension(CompKind::Dict, e.range, &e.generators, &e.key, Some(&e.value)),
            AstExpr::Compare(e) => {
                let rest =
                    e.ops.iter().zip(e.comparators.iter()).map(|(op, right)| (cmp_op(*op), self.expr(right))).collect();
                Expr::Compare(Box::new(self.expr(&e.left)), rest)
            }
            AstExpr::Call(e) => self.call(e),
            AstExpr::FString(e) => Expr::FString(self.fstring(&e.value)),
            AstExpr::StringLiteral(e) => Expr::Const(Obj::Str(self.intern(e.value.to_str()))),
            AstExpr::NumberLiteral(e) => self.number(e, false),
            AstExpr::BytesLiteral(e) => {
                let bytes: Vec<u8> = e.value.bytes().collect();
                Expr::Const(Obj::Bytes(Rc::from(bytes)))
            }
            AstExpr::BooleanLiteral(e) => Expr::Const(Obj::Bool(e.value)),
            AstExpr::NoneLiteral(_) => Expr::Const(Obj::None),
            AstExpr::EllipsisLiteral(_) => Expr::Const(Obj::Ellipsis),
            AstExpr::Attribute(e) => Expr::Attr(Box::new(self.expr(&e.value)), self.intern(e.attr.as_str())),
            AstExpr::Subscript(e) => Expr::Item(Box::new((self.expr(&e.value), self.expr(&e.slice)))),
            AstExpr::Slice(e) => Expr::Slice(Box::new([
                e.lower.as_deref().map(|x| self.expr(x)),
                e.upper.as_deref().map(|x| self.expr(x)),
                e.step.as_deref().map(|x| self.expr(x)),
            ])),
            AstExpr::Name(e) => Expr::Load(self.name(e.id.as_str())),
            AstExpr::Starred(e) => {
                self.error(e.range, "can't use starred expression here".into());
                Expr::Const(Obj::None)
            }
            // `check` refuses the rest (await, yield, bytes, t-strings) with its own message.
            _ => Expr::Const(Obj::None),
        }
    }

    fn unary(&mut self, e: &ast::ExprUnaryOp) -> Expr {
        match (e.op, &*e.operand) {
            (ast::UnaryOp::USub, AstExpr::NumberLiteral(n)) => self.number(n, true),
            (ast::UnaryOp::USub, operand) => Expr::Neg(Box::new(self.expr(operand))),
            (ast::UnaryOp::UAdd, operand) => Expr::Pos(Box::new(self.expr(operand))),
            (ast::UnaryOp::Not, operand) => Expr::Not(Box::new(self.expr(operand))),
            (ast::UnaryOp::Invert, operand) => Expr::Invert(Box::new(self.expr(operand))),
        }
    }

    /// A number literal, negated when `negative` (so the most negative int fits).
    fn number(&mut self, e: &ast::ExprNumberLiteral, negative: bool) -> Expr {
        match &e.value {
            ast::Number::Int(int) => {
                let text = int.to_string();
                let value = int.as_i64().map(|i| if negative { i.checked_neg() } else { Some(i) });
                let value = match value {
                    Some(v) => v,
                    None if negative => parse_int_literal(&text).and_then(|v| i64::try_from(-v).ok()),
                    None => None,
                };
                match value {
                    Some(i) => Expr::Const(Obj::Int(i)),
                    None => {
                        let sign = if negative { "-" } else { "" };
                        self.error(e.range, format!("integer literal '{sign}{text}' is beyond forkbook's 64-bit ints"));
                        Expr::Const(Obj::None)
                    }
                }
            }
            ast::Number::Float(x) => Expr::Const(Obj::Float(if negative { -x } else { *x })),
            // `check` refuses complex numbers.
            ast::Number::Complex { .. } => Expr::Const(Obj::None),
        }
    }

    fn elts(&mut self, elts: &[AstExpr]) -> Vec<Elt> {
        elts.iter()
            .map(|e| match e {
                AstExpr::Starred(s) => Elt::Star(self.expr(&s.value)),
                other => Elt::One(self.expr(other)),
            })
            .collect()
    }

    fn call(&mut self, e: &ast::ExprCall) -> Expr {
        if Self::is_bare_super(e) {
            return self.bare_super(e.range);
        }
        let args = self.elts(&e.arguments.args);
        let kwargs = e
            .arguments
            .keywords
            .iter()
            .map(|k| match &k.arg {
                Some(name) => Kwarg::Named(self.intern(name.as_str()), self.expr(&k.value)),
                None => Kwarg::Spread(self.expr(&k.value)),
            })
            .collect();
        match &*e.func {
            AstExpr::Attribute(attr) => {
                let receiver = self.expr(&attr.value);
                let name = self.intern(attr.attr.as_str());
                Expr::Method(Box::new((receiver, name, Call { func: Expr::Const(Obj::None), args, kwargs })))
            }
            func => Expr::Call(Box::new(Call { func: self.expr(func), args, kwargs })),
        }
    }

    /// An assignment (or `del`) target.
    pub(super) fn target(&mut self, expr: &AstExpr) -> Target {
        match expr {
            AstExpr::Name(e) => Target::Name(self.name(e.id.as_str())),
            AstExpr::Attribute(e) => Target::Attr(self.expr(&e.value), self.intern(e.attr.as_str())),
            AstExpr::Subscript(e) => Target::Item(self.expr(&e.value), self.expr(&e.slice)),
            AstExpr::Tuple(ast::ExprTuple { elts, .. }) | AstExpr::List(ast::ExprList { elts, .. }) => {
                let mut star = None;
                let mut targets = Vec::with_capacity(elts.len());
                for (i, elt) in elts.iter().enumerate() {
                    match elt {
                        AstExpr::Starred(s) => {
                            if star.is_some() {
                                self.error(s.range, "multiple starred expressions in assignment".into());
                            }
                            star = Some(i);
                            targets.push(self.target(&s.value));
                        }
                        other => targets.push(self.target(other)),
                    }
                }
                Target::Unpack(targets, star)
            }
            other => {
                self.error(other.range(), "cannot assign to this expression".into());
                Target::Unpack(Vec::new(), None)
            }
        }
    }

    fn comprehension(
        &mut self,
        kind: CompKind,
        range: rustpython_ruff_text_size::TextRange,
        generators: &[ast::Comprehension],
        elt: &AstExpr,
        value: Option<&AstExpr>,
    ) -> Expr {
        let Some(first) = generators.first() else { return Expr::Const(Obj::None) };
        let first_iter = self.expr(&first.iter);
        let name = match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Gen => "<genexpr>",
        };
        let mut parts = None;
        let code = self.in_scope(range, name, None, |this| {
            let clauses = generators
                .iter()
                .enumerate()
                .map(|(i, g)| Clause {
                    target: this.target(&g.target),
                    iter: if i == 0 { Expr::Const(Obj::None) } else { this.expr(&g.iter) },
                    ifs: g.ifs.iter().map(|c| this.expr(c)).collect(),
                })
                .collect::<Vec<_>>();
            let elt = this.expr(elt);
            let value = value.map(|v| this.expr(v));
            parts = Some((clauses, elt, value));
            (Vec::<Stmt>::new(), None)
        });
        let Some((clauses, elt, value)) = parts else { return Expr::Const(Obj::None) };
        Expr::Comp(Rc::new(Comp { kind, code, first_iter, clauses, elt, value }))
    }

    fn fstring(&mut self, value: &ast::FStringValue) -> Vec<FPart> {
        let mut parts = Vec::new();
        for part in value.iter() {
            match part {
                ast::FStringPart::Literal(lit) => parts.push(FPart::Lit(self.intern(&lit.value))),
                ast::FStringPart::FString(f) => self.fstring_elements(&f.elements, &mut parts),
            }
        }
        parts
    }

    fn fstring_elements(&mut self, elements: &ast::InterpolatedStringElements, parts: &mut Vec<FPart>) {
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(lit) => parts.push(FPart::Lit(self.intern(&lit.value))),
                ast::InterpolatedStringElement::Interpolation(e) => {
                    let mut conv = match e.conversion {
                        ast::ConversionFlag::None => Conv::None,
                        ast::ConversionFlag::Str => Conv::Str,
                        ast::ConversionFlag::Repr => Conv::Repr,
                        ast::ConversionFlag::Ascii => Conv::Ascii,
                    };
                    if let Some(debug) = &e.debug_text {
                        let source = self.lines.source().get(e.expression.range().to_std_range()).unwrap_or("");
                        let text = format!("{}{source}{}", debug.leading, debug.trailing);
                        parts.push(FPart::Lit(self.intern(&text)));
                        if conv == Conv::None && e.format_spec.is_none() {
                            conv = Conv::Repr;
                        }
                    }
                    let spec = e.format_spec.as_ref().map(|spec| {
                        let mut spec_parts = Vec::new();
                        self.fstring_elements(&spec.elements, &mut spec_parts);
                        spec_parts
                    });
                    parts.push(FPart::Value { expr: self.expr(&e.expression), conv, spec });
                }
            }
        }
    }
}

/// The value of an expression made only of int literals and `+ - * // % **`, computed
/// wide (as CPython folds constants), so `2 ** 63 - 1` is a constant that fits in 64 bits
/// although `2 ** 63` alone does not.
fn fold(expr: &AstExpr) -> Option<i128> {
    match expr {
        AstExpr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(int) => parse_int_literal(&int.to_string()),
            _ => None,
        },
        AstExpr::UnaryOp(u) => match u.op {
            ast::UnaryOp::USub => fold(&u.operand)?.checked_neg(),
            ast::UnaryOp::UAdd => fold(&u.operand),
            _ => None,
        },
        AstExpr::BinOp(b) => {
            let (x, y) = (fold(&b.left)?, fold(&b.right)?);
            match b.op {
                ast::Operator::Add => x.checked_add(y),
                ast::Operator::Sub => x.checked_sub(y),
                ast::Operator::Mult => x.checked_mul(y),
                ast::Operator::Pow => x.checked_pow(u32::try_from(y).ok()?),
                ast::Operator::FloorDiv if y != 0 => Some(x.div_euclid(y) - i128::from(y < 0 && x.rem_euclid(y) != 0)),
                ast::Operator::Mod if y != 0 => {
                    let r = x.rem_euclid(y);
                    Some(if y < 0 && r != 0 { r + y } else { r })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The value of an int literal's text (`1_000`, `0x1F`), wide enough to negate `2**63`.
fn parse_int_literal(text: &str) -> Option<i128> {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        i128::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = lower.strip_prefix("0o") {
        i128::from_str_radix(oct, 8).ok()
    } else if let Some(bin) = lower.strip_prefix("0b") {
        i128::from_str_radix(bin, 2).ok()
    } else {
        lower.parse().ok()
    }
}
