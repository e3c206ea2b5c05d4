//! Python's scoping rules, decided before anything runs. A first walk records, for every
//! scope (module, function, lambda, class body, comprehension), the names it binds, uses
//! and declares `global`/`nonlocal`; a second pass decides, as CPython's symtable does,
//! which names are plain locals, which are cells shared with inner functions, which come
//! from an enclosing function (free) and which are globals.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use rustpython_ruff_python_ast::visitor::{self, Visitor};
use rustpython_ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use rustpython_ruff_text_size::TextRange;

use crate::python::code::Name;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Class,
    Comprehension,
}

/// A scope is found again by the range of the node that opens it.
pub type ScopeKey = (u32, u32);

pub fn key_of(range: TextRange) -> ScopeKey {
    (u32::from(range.start()), u32::from(range.end()))
}

/// What one scope binds and uses, and how each of its names resolves.
#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    parent: Option<usize>,
    children: Vec<usize>,
    bound: Vec<Rc<str>>,
    globals: HashSet<Rc<str>>,
    nonlocals: Vec<(Rc<str>, TextRange)>,
    uses: Vec<Rc<str>>,
    uses_class_cell: bool,
    /// Plain locals, parameters first.
    pub locals: Vec<Rc<str>>,
    /// Own cells (locals captured by inner scopes; `__class__` in a class).
    pub cells: Vec<Rc<str>>,
    /// Cells taken from the enclosing scope.
    pub free: Vec<Rc<str>>,
}

/// Every scope of a module, resolved.
#[derive(Debug)]
pub struct Scopes {
    scopes: Vec<Scope>,
    by_key: HashMap<ScopeKey, usize>,
    /// `nonlocal x` with no `x` in an enclosing function.
    pub errors: Vec<(TextRange, String)>,
}

impl Scopes {
    /// Walks `body` (the module) and resolves every scope in it.
    pub fn analyze(body: &[Stmt], intern: &mut dyn FnMut(&str) -> Rc<str>) -> Scopes {
        let mut scanner = Scanner { scopes: Vec::new(), by_key: HashMap::new(), current: 0, intern };
        scanner.open(ScopeKind::Module, None);
        scanner.visit_body(body);
        let mut scopes = Scopes { scopes: scanner.scopes, by_key: scanner.by_key, errors: Vec::new() };
        scopes.resolve(0, &HashSet::new());
        scopes
    }

    /// The module scope.
    pub fn module(&self) -> usize {
        0
    }

    /// The scope a function, lambda, class or comprehension node opens.
    pub fn of(&self, range: TextRange) -> Option<usize> {
        self.by_key.get(&key_of(range)).copied()
    }

    pub fn get(&self, scope: usize) -> &Scope {
        &self.scopes[scope]
    }

    /// How `name` resolves in `scope`; `global` gives a module slot for a name.
    pub fn lookup(&self, scope: usize, name: &Rc<str>, global: &mut dyn FnMut(&Rc<str>) -> u32) -> Name {
        let s = &self.scopes[scope];
        let free = |s: &Scope| s.free.iter().position(|n| n == name).map(|i| Name::Cell(idx(s.cells.len() + i)));
        match s.kind {
            ScopeKind::Module => Name::Global(global(name)),
            ScopeKind::Class => {
                let fallback = free(s).unwrap_or_else(|| Name::Global(global(name)));
                if s.bound.contains(name) && !s.globals.contains(name) {
                    Name::Class(name.clone(), Box::new(fallback))
                } else {
                    fallback
                }
            }
            ScopeKind::Function | ScopeKind::Comprehension => {
                if let Some(i) = s.cells.iter().position(|n| n == name) {
                    Name::Cell(idx(i))
                } else if let Some(i) = s.locals.iter().position(|n| n == name) {
                    Name::Local(idx(i))
                } else {
                    free(s).unwrap_or_else(|| Name::Global(global(name)))
                }
            }
        }
    }

    /// For each free variable of `scope`, the index of its cell in the enclosing frame.
    pub fn free_sources(&self, scope: usize) -> Vec<(Rc<str>, u32)> {
        let s = &self.scopes[scope];
        let Some(parent) = s.parent.map(|p| &self.scopes[p]) else { return Vec::new() };
        s.free
            .iter()
            .map(|name| {
                let at = parent
                    .cells
                    .iter()
                    .chain(&parent.free)
                    .position(|n| n == name)
                    .expect("a free name is a cell or free name of the enclosing scope");
                (name.clone(), idx(at))
            })
            .collect()
    }

    /// CPython's symtable pass: returns the names `scope` needs from enclosing functions.
    fn resolve(&mut self, scope: usize, enclosing: &HashSet<Rc<str>>) -> Vec<Rc<str>> {
        let kind = self.scopes[scope].kind;
        let function_like = matches!(kind, ScopeKind::Function | ScopeKind::Comprehension);
        let locals: Vec<Rc<str>> = if function_like {
            let s = &self.scopes[scope];
            let declared = |n: &Rc<str>| s.globals.contains(n) || s.nonlocals.iter().any(|(m, _)| m == n);
            s.bound.iter().filter(|n| !declared(n)).cloned().collect()
        } else {
            Vec::new()
        };
        let mut visible = enclosing.clone();
        match kind {
            ScopeKind::Module => visible.clear(),
            ScopeKind::Class => {
                visible.insert(Rc::from("__class__"));
            }
            _ => visible.extend(locals.iter().cloned()),
        }
        let mut cells = Vec::new();
        let mut free = Vec::new();
        for child in self.scopes[scope].children.clone() {
            for name in self.resolve(child, &visible) {
                let own =
                    (function_like && locals.contains(&name)) || (kind == ScopeKind::Class && &*name == "__class__");
                if own {
                    push_unique(&mut cells, name);
                } else {
                    push_unique(&mut free, name);
                }
            }
        }
        let s = &mut self.scopes[scope];
        let mut wanted: Vec<Rc<str>> = s.uses.clone();
        if s.uses_class_cell {
            wanted.push(Rc::from("__class__"));
        }
        for (name, range) in &s.nonlocals {
            if !enclosing.contains(name) || kind == ScopeKind::Module {
                self.errors.push((*range, format!("no binding for nonlocal '{name}' found")));
            }
            wanted.push(name.clone());
        }
        for name in wanted {
            let local = function_like && locals.contains(&name);
            if !local && !s.globals.contains(&name) && enclosing.contains(&name) {
                push_unique(&mut free, name);
            }
        }
        s.locals = locals.into_iter().filter(|n| !cells.contains(n)).collect();
        s.cells = cells;
        s.free = free.clone();
        free
    }
}

fn push_unique(names: &mut Vec<Rc<str>>, name: Rc<str>) {
    if !names.contains(&name) {
        names.push(name);
    }
}

fn idx(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The first walk: what each scope binds and uses.
struct Scanner<'i> {
    scopes: Vec<Scope>,
    by_key: HashMap<ScopeKey, usize>,
    current: usize,
    intern: &'i mut dyn FnMut(&str) -> Rc<str>,
}

impl Scanner<'_> {
    fn open(&mut self, kind: ScopeKind, range: Option<TextRange>) -> usize {
        let id = self.scopes.len();
        let parent = if id == 0 { None } else { Some(self.current) };
        self.scopes.push(Scope {
            kind,
            parent,
            children: Vec::new(),
            bound: Vec::new(),
            globals: HashSet::new(),
            nonlocals: Vec::new(),
            uses: Vec::new(),
            uses_class_cell: false,
            locals: Vec::new(),
            cells: Vec::new(),
            free: Vec::new(),
        });
        if let Some(parent) = parent {
            self.scopes[parent].children.push(id);
        }
        if let Some(range) = range {
            self.by_key.insert(key_of(range), id);
        }
        id
    }

    fn bind(&mut self, name: &str) {
        let name = (self.intern)(name);
        push_unique(&mut self.scopes[self.current].bound, name);
    }

    fn bind_in(&mut self, scope: usize, name: &str) {
        let name = (self.intern)(name);
        push_unique(&mut self.scopes[scope].bound, name);
    }

    fn use_name(&mut self, name: &str) {
        let name = (self.intern)(name);
        push_unique(&mut self.scopes[self.current].uses, name);
    }

    /// Runs `f` inside a new scope.
    fn within(&mut self, kind: ScopeKind, range: TextRange, f: impl FnOnce(&mut Self)) {
        let outer = self.current;
        self.current = self.open(kind, Some(range));
        f(self);
        self.current = outer;
    }

    fn bind_parameters(&mut self, parameters: &ast::Parameters) {
        for p in parameters.posonlyargs.iter().chain(&parameters.args) {
            self.bind(p.parameter.name.as_str());
        }
        if let Some(p) = &parameters.vararg {
            self.bind(p.name.as_str());
        }
        for p in &parameters.kwonlyargs {
            self.bind(p.parameter.name.as_str());
        }
        if let Some(p) = &parameters.kwarg {
            self.bind(p.name.as_str());
        }
    }

    fn visit_defaults(&mut self, parameters: &ast::Parameters) {
        let all = parameters.posonlyargs.iter().chain(&parameters.args).chain(&parameters.kwonlyargs);
        for default in all.filter_map(|p| p.default.as_deref()) {
            self.visit_expr(default);
        }
    }

    fn comprehension(&mut self, range: TextRange, generators: &[ast::Comprehension], elts: &[&Expr]) {
        if let Some(first) = generators.first() {
            self.visit_expr(&first.iter);
        }
        self.within(ScopeKind::Comprehension, range, |this| {
            for (i, generator) in generators.iter().enumerate() {
                this.visit_expr(&generator.target);
                if i > 0 {
                    this.visit_expr(&generator.iter);
                }
                for condition in &generator.ifs {
                    this.visit_expr(condition);
                }
            }
            for elt in elts {
                this.visit_expr(elt);
            }
        });
    }

    /// The scope a walrus binds in: the nearest one that is not a comprehension.
    fn walrus_scope(&self) -> usize {
        let mut scope = self.current;
        while self.scopes[scope].kind == ScopeKind::Comprehension {
            match self.scopes[scope].parent {
                Some(parent) => scope = parent,
                None => break,
            }
        }
        scope
    }
}

impl<'a> Visitor<'a> for Scanner<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorator_list {
                    self.visit_expr(&decorator.expression);
                }
                self.visit_defaults(&def.parameters);
                self.bind(def.name.as_str());
                self.within(ScopeKind::Function, def.range, |this| {
                    this.bind_parameters(&def.parameters);
                    this.visit_body(&def.body);
                });
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_expr(&decorator.expression);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                self.bind(class.name.as_str());
                self.within(ScopeKind::Class, class.range, |this| this.visit_body(&class.body));
            }
            Stmt::Global(global) => {
                for name in &global.names {
                    let name = (self.intern)(name.as_str());
                    self.scopes[self.current].globals.insert(name);
                }
            }
            Stmt::Nonlocal(nonlocal) => {
                for name in &nonlocal.names {
                    let name = (self.intern)(name.as_str());
                    self.scopes[self.current].nonlocals.push((name, nonlocal.range));
                }
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    match &alias.asname {
                        Some(asname) => self.bind(asname.as_str()),
                        None => self.bind(alias.name.as_str().split('.').next().unwrap_or_default()),
                    }
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    self.bind(alias.asname.as_ref().unwrap_or(&alias.name).as_str());
                }
            }
            Stmt::AnnAssign(assign) => {
                self.visit_expr(&assign.target);
                if let Some(value) = &assign.value {
                    self.visit_expr(value);
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_except_handler(&mut self, handler: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(handler) = handler;
        if let Some(name) = &handler.name {
            self.bind(name.as_str());
        }
        if let Some(class) = &handler.type_ {
            self.visit_expr(class);
        }
        self.visit_body(&handler.body);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(name) => match name.ctx {
                ExprContext::Load => self.use_name(name.id.as_str()),
                _ => self.bind(name.id.as_str()),
            },
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    self.visit_defaults(parameters);
                }
                self.within(ScopeKind::Function, lambda.range, |this| {
                    if let Some(parameters) = &lambda.parameters {
                        this.bind_parameters(parameters);
                    }
                    this.visit_expr(&lambda.body);
                });
            }
            Expr::ListComp(comp) => self.comprehension(comp.range, &comp.generators, &[&comp.elt]),
            Expr::SetComp(comp) => self.comprehension(comp.range, &comp.generators, &[&comp.elt]),
            Expr::Generator(comp) => self.comprehension(comp.range, &comp.generators, &[&comp.elt]),
            Expr::DictComp(comp) => self.comprehension(comp.range, &comp.generators, &[&comp.key, &comp.value]),
            Expr::Named(named) => {
                self.visit_expr(&named.value);
                if let Expr::Name(target) = &*named.target {
                    let scope = self.walrus_scope();
                    self.bind_in(scope, target.id.as_str());
                    if scope != self.current {
                        self.use_name(target.id.as_str());
                    }
                }
            }
            Expr::Call(call) => {
                let bare_super = matches!(&*call.func, Expr::Name(f) if f.id.as_str() == "super")
                    && call.arguments.args.is_empty()
                    && call.arguments.keywords.is_empty();
                if bare_super {
                    self.scopes[self.current].uses_class_cell = true;
                }
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }

    fn visit_annotation(&mut self, _expr: &'a Expr) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(source: &str) -> (Scopes, ast::ModModule) {
        let module = rustpython_ruff_python_parser::parse_module(source).expect("parses").into_syntax();
        let scopes = Scopes::analyze(&module.body, &mut |s| Rc::from(s));
        (scopes, module)
    }

    fn names(list: &[Rc<str>]) -> Vec<&str> {
        list.iter().map(|n| &**n).collect()
    }

    #[test]
    fn a_local_captured_by_an_inner_function_becomes_a_cell_and_free_there() {
        let (scopes, _) = analyze(
            "def outer(a):\n    b = 1\n    def inner():\n        nonlocal b\n        b += a\n    return inner\n",
        );
        let outer = scopes.get(1);
        assert_eq!(names(&outer.locals), vec!["inner"]);
        assert_eq!(names(&outer.cells), vec!["a", "b"]);
        let inner = scopes.get(2);
        assert_eq!(names(&inner.free), vec!["a", "b"]);
        assert_eq!(scopes.free_sources(2), vec![(Rc::from("a"), 0), (Rc::from("b"), 1)]);
        assert!(scopes.errors.is_empty());
    }

    #[test]
    fn globals_declared_in_a_function_are_not_locals() {
        let (scopes, _) = analyze("count = 0\ndef bump():\n    global count\n    count += 1\n    x = 2\n");
        assert_eq!(names(&scopes.get(1).locals), vec!["x"]);
    }

    #[test]
    fn methods_using_super_take_the_class_cell() {
        let (scopes, _) = analyze("class A(B):\n    def __init__(self):\n        super().__init__()\n");
        assert_eq!(names(&scopes.get(1).cells), vec!["__class__"]);
        assert_eq!(names(&scopes.get(2).free), vec!["__class__"]);
    }

    #[test]
    fn a_nonlocal_without_a_binding_is_an_error() {
        let (scopes, _) = analyze("def f():\n    nonlocal x\n    x = 1\n");
        assert_eq!(scopes.errors.len(), 1);
        assert_eq!(scopes.errors[0].1, "no binding for nonlocal 'x' found");
    }

    #[test]
    fn comprehension_variables_are_their_own_and_see_enclosing_locals_as_free() {
        let (scopes, _) = analyze("def f(n):\n    return [i * n for i in range(n)]\n");
        assert_eq!(names(&scopes.get(1).cells), vec!["n"]);
        let comp = scopes.get(2);
        assert_eq!(comp.kind, ScopeKind::Comprehension);
        assert_eq!(names(&comp.locals), vec!["i"]);
        assert_eq!(names(&comp.free), vec!["n"]);
    }
}
