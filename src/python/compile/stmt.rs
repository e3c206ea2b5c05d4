//! Lowering statements. Each keeps the line it starts on; `elif` and `except` clauses keep
//! theirs too, since the interpreter steps there. `global`/`nonlocal` and bare annotations
//! leave nothing behind: they only shaped the scopes.

use std::rc::Rc;

use rustpython_ruff_python_ast::{self as ast, Expr as AstExpr, Stmt as AstStmt};
use rustpython_ruff_text_size::Ranged;

use super::Compiler;
use crate::python::code::{Branch, For, Handler, Import, Stmt, StmtKind, Target, Try};

/// The docstring a body opens with.
pub fn docstring(body: &[AstStmt]) -> Option<Rc<str>> {
    match body.first() {
        Some(AstStmt::Expr(ast::StmtExpr { value, .. })) => match &**value {
            AstExpr::StringLiteral(s) => Some(Rc::from(s.value.to_str())),
            _ => None,
        },
        _ => None,
    }
}

impl Compiler<'_> {
    pub(super) fn body(&mut self, stmts: &[AstStmt]) -> Vec<Stmt> {
        let mut out = Vec::with_capacity(stmts.len());
        for stmt in stmts {
            self.stmt(stmt, &mut out);
        }
        out
    }

    fn loop_body(&mut self, stmts: &[AstStmt]) -> Vec<Stmt> {
        self.loops += 1;
        let body = self.body(stmts);
        self.loops -= 1;
        body
    }

    fn stmt(&mut self, stmt: &AstStmt, out: &mut Vec<Stmt>) {
        let line = self.line(stmt.range());
        let kind = match stmt {
            AstStmt::Expr(s) => StmtKind::Expr(self.expr(&s.value)),
            AstStmt::Assign(s) => {
                let targets = s.targets.iter().map(|t| self.target(t)).collect();
                StmtKind::Assign(targets, self.expr(&s.value))
            }
            AstStmt::AnnAssign(s) => match &s.value {
                Some(value) => StmtKind::Assign(vec![self.target(&s.target)], self.expr(value)),
                None => return,
            },
            AstStmt::AugAssign(s) => {
                let target = self.target(&s.target);
                StmtKind::AugAssign(target, super::expr::binary_op(s.op), self.expr(&s.value))
            }
            AstStmt::If(s) => self.if_stmt(s, line),
            AstStmt::While(s) => {
                let test = self.expr(&s.test);
                let body = self.loop_body(&s.body);
                StmtKind::While(test, body, self.body(&s.orelse))
            }
            AstStmt::For(s) => {
                let target = self.target(&s.target);
                let iter = self.expr(&s.iter);
                let body = self.loop_body(&s.body);
                StmtKind::For(Box::new(For { target, iter, body, orelse: self.body(&s.orelse) }))
            }
            AstStmt::Break(s) => {
                if self.loops == 0 {
                    self.error(s.range, "'break' outside loop".into());
                }
                StmtKind::Break
            }
            AstStmt::Continue(s) => {
                if self.loops == 0 {
                    self.error(s.range, "'continue' not properly in loop".into());
                }
                StmtKind::Continue
            }
            AstStmt::Pass(_) => StmtKind::Pass,
            AstStmt::Return(s) => {
                if !self.in_function {
                    self.error(s.range, "'return' outside function".into());
                }
                StmtKind::Return(s.value.as_deref().map(|v| self.expr(v)))
            }
            AstStmt::Raise(s) => {
                StmtKind::Raise(s.exc.as_deref().map(|e| self.expr(e)), s.cause.as_deref().map(|e| self.expr(e)))
            }
            AstStmt::Try(s) => self.try_stmt(s),
            AstStmt::With(s) => {
                let items = s
                    .items
                    .iter()
                    .map(|item| {
                        let context = self.expr(&item.context_expr);
                        (context, item.optional_vars.as_deref().map(|t| self.target(t)))
                    })
                    .collect();
                StmtKind::With(items, self.body(&s.body))
            }
            AstStmt::FunctionDef(def) => {
                let func = self.function_def(def);
                StmtKind::Def(func, self.store(def.name.as_str()))
            }
            AstStmt::ClassDef(class) => {
                let def = self.class_def(class);
                StmtKind::Class(def, self.store(class.name.as_str()))
            }
            AstStmt::Import(s) => {
                let names = s.names.iter().map(|alias| {
                    let module = self.intern(alias.name.as_str());
                    let (target, top) = match &alias.asname {
                        Some(asname) => (self.store(asname.as_str()), false),
                        None => (self.store(module.split('.').next().unwrap_or_default()), true),
                    };
                    Import { module, target, top }
                });
                StmtKind::Import(names.collect())
            }
            AstStmt::ImportFrom(s) => {
                let module = self.intern(s.module.as_ref().map_or("", |m| m.as_str()));
                let names = s
                    .names
                    .iter()
                    .map(|alias| {
                        let name = self.intern(alias.name.as_str());
                        (name, self.store(alias.asname.as_ref().unwrap_or(&alias.name).as_str()))
                    })
                    .collect();
                StmtKind::ImportFrom(module, names)
            }
            AstStmt::Delete(s) => StmtKind::Delete(s.targets.iter().map(|t| self.target(t)).collect()),
            AstStmt::Assert(s) => StmtKind::Assert(self.expr(&s.test), s.msg.as_deref().map(|m| self.expr(m))),
            // Scope declarations did their work in `scope`; the rest `check` refuses.
            _ => return,
        };
        out.push(Stmt { line, kind });
    }

    /// The target a definition or import stores its name into.
    fn store(&mut self, name: &str) -> Target {
        Target::Name(self.name(name))
    }

    fn if_stmt(&mut self, s: &ast::StmtIf, line: u32) -> StmtKind {
        let mut branches = vec![Branch { line, test: self.expr(&s.test), body: self.body(&s.body) }];
        let mut orelse = Vec::new();
        for clause in &s.elif_else_clauses {
            match &clause.test {
                Some(test) => {
                    let line = self.line(clause.range);
                    let test = self.expr(test);
                    branches.push(Branch { line, test, body: self.body(&clause.body) });
                }
                None => orelse = self.body(&clause.body),
            }
        }
        StmtKind::If(branches, orelse)
    }

    fn try_stmt(&mut self, s: &ast::StmtTry) -> StmtKind {
        let body = self.body(&s.body);
        let handlers = s
            .handlers
            .iter()
            .map(|handler| {
                let ast::ExceptHandler::ExceptHandler(h) = handler;
                Handler {
                    line: self.line(h.range),
                    class: h.type_.as_deref().map(|t| self.expr(t)),
                    name: h.name.as_ref().map(|n| self.store(n.as_str())),
                    body: self.body(&h.body),
                }
            })
            .collect();
        let orelse = self.body(&s.orelse);
        let finalbody = self.body(&s.finalbody);
        StmtKind::Try(Box::new(Try { body, handlers, orelse, finalbody }))
    }
}
