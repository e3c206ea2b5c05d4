//! The static check: every construct forkbook does not run, found in one walk over the
//! whole module before anything runs (so `forkbook check` reports them all at once), each
//! at its `line:col` and naming the construct: generators, async, `match`, multiple
//! inheritance, modules forkbook does not provide, and the like.

use rustpython_ruff_python_ast::visitor::{self, Visitor};
use rustpython_ruff_python_ast::{self as ast, Expr, Stmt};
use rustpython_ruff_text_size::{Ranged, TextRange};

use super::parse::{Diagnostic, LineIndex};

/// Modules a program may import: forkbook's own, and those the runtime supplies.
pub const MODULES: &[&str] = &[
    "time",
    "os",
    "os.path",
    "sys",
    "json",
    "random",
    "math",
    "queue",
    "heapq",
    "multiprocessing",
    "multiprocessing.pool",
    "multiprocessing.managers",
    "multiprocessing.queues",
    "multiprocessing.synchronize",
    "multiprocessing.connection",
    "multiprocessing.sharedctypes",
    "multiprocessing.context",
    "multiprocessing.dummy",
];

/// Built-in functions a program may not call.
const FORBIDDEN_CALLS: &[(&str, &str)] = &[
    ("eval", "'eval' is not supported by forkbook"),
    ("exec", "'exec' is not supported by forkbook"),
    ("compile", "'compile' is not supported by forkbook"),
    ("globals", "'globals()' is not supported by forkbook"),
    ("locals", "'locals()' is not supported by forkbook"),
    ("__import__", "'__import__' is not supported by forkbook"),
];

/// Methods a class may not define, because forkbook would silently not call them.
const FORBIDDEN_METHODS: &[(&str, &str)] = &[
    ("__new__", "'__new__' is not supported by forkbook"),
    ("__del__", "'__del__' is not supported by forkbook (finalizers never run)"),
    ("__init_subclass__", "'__init_subclass__' is not supported by forkbook"),
    ("__getattribute__", "'__getattribute__' is not supported by forkbook"),
    ("__set_name__", "'__set_name__' is not supported by forkbook"),
    ("__get__", "descriptors ('__get__') are not supported by forkbook"),
    ("__slots__", "'__slots__' is not supported by forkbook"),
];

/// Every unsupported construct in `module`, in source order.
pub fn check(file: &str, lines: &LineIndex, module: &ast::ModModule) -> Vec<Diagnostic> {
    let mut checker = Checker { file, lines, found: Vec::new(), guarded: 0 };
    checker.visit_body(&module.body);
    checker.found.sort_by_key(|d| (d.line, d.col));
    checker.found
}

struct Checker<'a> {
    file: &'a str,
    lines: &'a LineIndex,
    found: Vec<Diagnostic>,
    /// How many enclosing `try` blocks catch an ImportError: an import there may fail at
    /// run time, as the program expects, so it is not refused here.
    guarded: u32,
}

/// Whether a `try` statement's handlers catch a failed import.
fn catches_import_error(s: &ast::StmtTry) -> bool {
    let catching = |e: &Expr| matches!(e, Expr::Name(n) if matches!(n.id.as_str(), "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException"));
    s.handlers.iter().any(|h| {
        let ast::ExceptHandler::ExceptHandler(h) = h;
        match h.type_.as_deref() {
            None => true,
            Some(Expr::Tuple(t)) => t.elts.iter().any(catching),
            Some(e) => catching(e),
        }
    })
}

impl Checker<'_> {
    fn report(&mut self, range: TextRange, message: impl Into<String>) {
        self.found.push(self.lines.diagnostic(self.file, range, message.into()));
    }

    fn module(&mut self, name: &str, range: TextRange) {
        if !MODULES.contains(&name) && self.guarded == 0 {
            let top = name.split('.').next().unwrap_or(name);
            let message = match top {
                "requests" | "bs4" | "urllib" | "http" => {
                    format!("module '{name}' is not available in forkbook: fetch pages with the built-in 'fetch(url)'")
                }
                "threading" | "asyncio" | "concurrent" => {
                    format!("module '{name}' is not available in forkbook (it teaches processes, not threads)")
                }
                _ => format!("module '{name}' is not available in forkbook"),
            };
            self.report(range, message);
        }
    }

    fn class(&mut self, class: &ast::StmtClassDef) {
        if let Some(arguments) = &class.arguments {
            if arguments.args.len() > 1 {
                self.report(arguments.args[1].range(), "multiple inheritance is not supported by forkbook");
            }
            for keyword in arguments.keywords.iter() {
                let name = keyword.arg.as_ref().map_or("**", |a| a.as_str());
                self.report(keyword.range, format!("class keyword '{name}' is not supported by forkbook"));
            }
        }
        for stmt in &class.body {
            let names: Vec<(&str, TextRange)> = match stmt {
                Stmt::FunctionDef(def) => vec![(def.name.as_str(), def.name.range)],
                Stmt::Assign(assign) => {
                    assign.targets.iter().filter_map(|t| t.as_name_expr().map(|n| (n.id.as_str(), n.range))).collect()
                }
                _ => Vec::new(),
            };
            for (name, range) in names {
                if let Some((_, message)) = FORBIDDEN_METHODS.iter().find(|(m, _)| *m == name) {
                    self.report(range, *message);
                }
            }
        }
    }
}

impl<'a> Visitor<'a> for Checker<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => {
                if def.is_async {
                    self.report(def.range, "'async def' is not supported by forkbook");
                }
                if let Some(params) = &def.type_params {
                    self.report(params.range, "type parameters are not supported by forkbook");
                }
            }
            Stmt::ClassDef(class) => {
                self.class(class);
                if let Some(params) = &class.type_params {
                    self.report(params.range, "type parameters are not supported by forkbook");
                }
            }
            Stmt::For(s) if s.is_async => self.report(s.range, "'async for' is not supported by forkbook"),
            Stmt::With(s) if s.is_async => self.report(s.range, "'async with' is not supported by forkbook"),
            Stmt::Match(s) => self.report(s.range, "'match' is not supported by forkbook"),
            Stmt::TypeAlias(s) => self.report(s.range, "'type' aliases are not supported by forkbook"),
            Stmt::Try(s) if s.is_star => self.report(s.range, "'except*' is not supported by forkbook"),
            Stmt::Try(s) if catches_import_error(s) => {
                self.guarded += 1;
                self.visit_body(&s.body);
                self.guarded -= 1;
                for handler in &s.handlers {
                    self.visit_except_handler(handler);
                }
                self.visit_body(&s.orelse);
                self.visit_body(&s.finalbody);
                return;
            }
            Stmt::IpyEscapeCommand(s) => self.report(s.range, "IPython escapes are not Python"),
            Stmt::Import(import) => {
                for alias in &import.names {
                    self.module(alias.name.as_str(), alias.range);
                }
            }
            Stmt::ImportFrom(import) => {
                if import.level > 0 {
                    self.report(import.range, "relative imports are not supported by forkbook");
                } else if let Some(module) = &import.module {
                    self.module(module.as_str(), module.range);
                }
                for alias in &import.names {
                    if alias.name.as_str() == "*" {
                        self.report(alias.range, "'from ... import *' is not supported by forkbook");
                    }
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Yield(e) => self.report(e.range, "'yield' is not supported by forkbook (generators)"),
            Expr::YieldFrom(e) => self.report(e.range, "'yield from' is not supported by forkbook (generators)"),
            Expr::Await(e) => self.report(e.range, "'await' is not supported by forkbook"),
            Expr::TString(e) => self.report(e.range, "t-strings are not supported by forkbook"),
            Expr::IpyEscapeCommand(e) => self.report(e.range, "IPython escapes are not Python"),
            Expr::NumberLiteral(e) if e.value.is_complex() => {
                self.report(e.range, "complex numbers are not supported by forkbook");
            }
            Expr::Call(call) => {
                if let Expr::Name(func) = &*call.func {
                    if let Some((_, message)) = FORBIDDEN_CALLS.iter().find(|(name, _)| *name == func.id.as_str()) {
                        self.report(func.range, *message);
                    }
                    if func.id.as_str() == "vars" && call.arguments.args.is_empty() {
                        self.report(func.range, "'vars()' without an argument is not supported by forkbook");
                    }
                }
            }
            Expr::ListComp(ast::ExprListComp { generators, .. })
            | Expr::SetComp(ast::ExprSetComp { generators, .. })
            | Expr::DictComp(ast::ExprDictComp { generators, .. })
            | Expr::Generator(ast::ExprGenerator { generators, .. }) => {
                for generator in generators.iter().filter(|g| g.is_async) {
                    self.report(generator.range, "'async for' is not supported by forkbook");
                }
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(source: &str) -> Vec<String> {
        let lines = LineIndex::new(source);
        let module = crate::python::parse::parse("prog.py", source, &lines).expect("parses");
        check("prog.py", &lines, &module).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_unsupported_construct_is_reported_at_its_line_and_column() {
        let source = "import threading\n\
                      def gen():\n    yield 1\n\
                      async def f():\n    await g()\n\
                      class C(A, B):\n    pass\n\
                      match x:\n    case 1:\n        pass\n\
                      z = 1j\n";
        assert_eq!(
            found(source),
            vec![
                "prog.py:1:8: module 'threading' is not available in forkbook (it teaches processes, not threads)",
                "prog.py:3:5: 'yield' is not supported by forkbook (generators)",
                "prog.py:4:1: 'async def' is not supported by forkbook",
                "prog.py:5:5: 'await' is not supported by forkbook",
                "prog.py:6:12: multiple inheritance is not supported by forkbook",
                "prog.py:8:1: 'match' is not supported by forkbook",
                "prog.py:11:5: complex numbers are not supported by forkbook",
            ]
        );
    }

    #[test]
    fn the_supported_subset_passes_clean() {
        let source = "import os, time\nfrom multiprocessing import Process\nclass W(Process):\n    def run(self):\n        print([x * 2 for x in range(3)], f'{os.getpid():>5}')\n";
        assert_eq!(found(source), Vec::<String>::new());
    }

    #[test]
    fn an_import_guarded_by_except_import_error_is_left_to_run_time() {
        let source = "try:\n    import requests\nexcept ImportError:\n    requests = None\nimport bs4\n";
        assert_eq!(
            found(source),
            vec!["prog.py:5:8: module 'bs4' is not available in forkbook: fetch pages with the built-in 'fetch(url)'"]
        );
    }

    #[test]
    fn finalizers_and_eval_are_refused() {
        let found = found("class C:\n    def __del__(self):\n        pass\nx = eval('1')\n");
        assert_eq!(
            found,
            vec![
                "prog.py:2:9: '__del__' is not supported by forkbook (finalizers never run)",
                "prog.py:4:5: 'eval' is not supported by forkbook",
            ]
        );
    }
}
