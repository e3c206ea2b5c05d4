//! Lowering what opens a scope: `def`, `lambda`, `class` and comprehensions. Each gets its
//! own `Code` with its locals, cells and free variables laid out by `scope`, and a
//! qualified name (`Outer.<locals>.inner`, `Worker.run`) for messages and reprs.

use std::rc::Rc;

use rustpython_ruff_python_ast::{self as ast, Expr as AstExpr};
use rustpython_ruff_text_size::TextRange;

use super::Compiler;
use super::scope::ScopeKind;
use crate::python::code::{ClassDef, Code, FuncDef, Name, Param, Params, Slot, Stmt, StmtKind};

impl Compiler<'_> {
    /// Runs `f` inside the scope opened at `range`, then builds that scope's `Code`.
    pub(super) fn in_scope(
        &mut self,
        range: TextRange,
        name: &str,
        parameters: Option<&ast::Parameters>,
        f: impl FnOnce(&mut Self) -> (Vec<Stmt>, Option<Rc<str>>),
    ) -> Rc<Code> {
        let Some(scope) = self.scopes.of(range) else {
            self.error(range, "internal error: a scope was not analysed".into());
            return Rc::new(self.empty_code(name));
        };
        let kind = self.scopes.get(scope).kind;
        let qualname = self.qualified(name);
        let outer = (self.scope, self.loops, self.in_function, self.first_param.take());
        self.scope = scope;
        self.loops = 0;
        if kind != ScopeKind::Class {
            self.in_function = true;
        }
        let prefix = match kind {
            ScopeKind::Class => qualname.clone(),
            _ => self.intern(&format!("{qualname}.<locals>")),
        };
        self.qualname.push(prefix);
        let params = parameters.map(|p| self.params(p)).unwrap_or_default();
        self.first_param = params.positional.first().map(|p| p.name.clone());
        let (body, doc) = f(self);
        self.qualname.pop();
        let s = self.scopes.get(scope);
        let code = Code {
            name: self.interner.intern(name),
            qualname,
            line: self.line(range),
            params,
            local_names: s.locals.clone().into_boxed_slice(),
            cell_names: s.cells.clone().into_boxed_slice(),
            free: self.scopes.free_sources(scope).into_boxed_slice(),
            body,
            doc,
        };
        (self.scope, self.loops, self.in_function, self.first_param) = outer;
        Rc::new(code)
    }

    fn empty_code(&mut self, name: &str) -> Code {
        let name = self.intern(name);
        Code {
            name: name.clone(),
            qualname: name,
            line: 0,
            params: Params::default(),
            local_names: Box::new([]),
            cell_names: Box::new([]),
            free: Box::new([]),
            body: Vec::new(),
            doc: None,
        }
    }

    fn params(&mut self, p: &ast::Parameters) -> Params {
        let param = |this: &mut Self, name: &str| {
            let slot = match this.name(name) {
                Name::Cell(i) => Slot::Cell(i),
                Name::Local(i) => Slot::Local(i),
                _ => Slot::Local(0),
            };
            Param { name: this.intern(name), slot }
        };
        Params {
            positional: p.posonlyargs.iter().chain(&p.args).map(|a| param(self, a.parameter.name.as_str())).collect(),
            posonly: p.posonlyargs.len(),
            vararg: p.vararg.as_ref().map(|a| param(self, a.name.as_str())),
            kwonly: p.kwonlyargs.iter().map(|a| param(self, a.parameter.name.as_str())).collect(),
            kwarg: p.kwarg.as_ref().map(|a| param(self, a.name.as_str())),
        }
    }

    /// The default values, evaluated where the definition runs.
    fn defaults(
        &mut self,
        p: Option<&ast::Parameters>,
    ) -> (Vec<crate::python::code::Expr>, Vec<(usize, crate::python::code::Expr)>) {
        let Some(p) = p else { return (Vec::new(), Vec::new()) };
        let defaults =
            p.posonlyargs.iter().chain(&p.args).filter_map(|a| a.default.as_deref()).map(|d| self.expr(d)).collect();
        let kwdefaults = p
            .kwonlyargs
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.default.as_deref().map(|d| (i, d)))
            .map(|(i, d)| (i, self.expr(d)))
            .collect();
        (defaults, kwdefaults)
    }

    pub(super) fn function_def(&mut self, def: &ast::StmtFunctionDef) -> Rc<FuncDef> {
        let decorators = def.decorator_list.iter().map(|d| self.expr(&d.expression)).collect();
        let (defaults, kwdefaults) = self.defaults(Some(&def.parameters));
        let code = self.in_scope(def.range, def.name.as_str(), Some(&def.parameters), |this| {
            (this.body(&def.body), super::stmt::docstring(&def.body))
        });
        Rc::new(FuncDef { code, defaults, kwdefaults, decorators })
    }

    pub(super) fn lambda(&mut self, lambda: &ast::ExprLambda) -> Rc<FuncDef> {
        let parameters = lambda.parameters.as_deref();
        let (defaults, kwdefaults) = self.defaults(parameters);
        let line = self.line(lambda.range);
        let code = self.in_scope(lambda.range, "<lambda>", parameters, |this| {
            let value = this.expr(&lambda.body);
            (vec![Stmt { line, kind: StmtKind::Return(Some(value)) }], None)
        });
        Rc::new(FuncDef { code, defaults, kwdefaults, decorators: Vec::new() })
    }

    pub(super) fn class_def(&mut self, class: &ast::StmtClassDef) -> Rc<ClassDef> {
        let decorators = class.decorator_list.iter().map(|d| self.expr(&d.expression)).collect();
        let bases = class.arguments.as_ref().map_or_else(Vec::new, |a| a.args.iter().map(|b| self.expr(b)).collect());
        let body = self.in_scope(class.range, class.name.as_str(), None, |this| {
            (this.body(&class.body), super::stmt::docstring(&class.body))
        });
        Rc::new(ClassDef { body, bases, decorators })
    }

    /// The zero-argument `super()` of a method: its class cell and first parameter.
    pub(super) fn bare_super(&mut self, range: TextRange) -> crate::python::code::Expr {
        match self.first_param.clone() {
            Some(first) if self.scopes.get(self.scope).kind == ScopeKind::Function => {
                let class = self.name("__class__");
                let receiver = self.name(&first);
                crate::python::code::Expr::Super(Box::new((class, receiver)))
            }
            _ => {
                self.error(range, "super(): no arguments (forkbook supports super() inside a method)".into());
                crate::python::code::Expr::Const(crate::python::object::Obj::None)
            }
        }
    }

    /// Whether `expr` is a bare `super()` call.
    pub(super) fn is_bare_super(call: &ast::ExprCall) -> bool {
        matches!(&*call.func, AstExpr::Name(f) if f.id.as_str() == "super")
            && call.arguments.args.is_empty()
            && call.arguments.keywords.is_empty()
    }
}
