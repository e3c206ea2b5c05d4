//! Lowering ruff's tree into `code`: names resolved through `scope`, statements tagged
//! with their line, literals turned into objects. Problems only found here (a `return`
//! outside a function, a `nonlocal` with no binding) become diagnostics, all collected.

mod expr;
mod function;
mod scope;
mod stmt;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use rustpython_ruff_python_ast::ModModule;
use rustpython_ruff_text_size::TextRange;

use super::code::{Code, Name, Params};
use super::parse::{Diagnostic, LineIndex};
use scope::Scopes;

/// Interned names: the same text is the same `Rc`, so attribute lookups compare pointers.
#[derive(Default)]
pub struct Interner(HashSet<Rc<str>>);

impl Interner {
    pub fn intern(&mut self, text: &str) -> Rc<str> {
        if let Some(found) = self.0.get(text) {
            return found.clone();
        }
        let rc: Rc<str> = Rc::from(text);
        self.0.insert(rc.clone());
        rc
    }
}

/// The lowered module and what the interpreter needs to run it.
pub struct Lowered {
    pub module: Rc<Code>,
    /// The names of the module's global slots.
    pub globals: Vec<Rc<str>>,
}

/// Lowers a parsed module; every diagnostic is returned, not only the first.
pub fn lower(file: &str, lines: &LineIndex, module: &ModModule) -> Result<Lowered, Vec<Diagnostic>> {
    let mut interner = Interner::default();
    let scopes = Scopes::analyze(&module.body, &mut |s| interner.intern(s));
    let mut compiler = Compiler {
        file,
        lines,
        scope: scopes.module(),
        scopes,
        interner,
        globals: Vec::new(),
        global_index: HashMap::new(),
        qualname: Vec::new(),
        loops: 0,
        in_function: false,
        first_param: None,
        diagnostics: Vec::new(),
    };
    let errors = std::mem::take(&mut compiler.scopes.errors);
    for (range, message) in errors {
        compiler.error(range, message);
    }
    let body = compiler.body(&module.body);
    let name = compiler.interner.intern("<module>");
    let code = Code {
        name: name.clone(),
        qualname: name,
        line: 1,
        params: Params::default(),
        local_names: Box::new([]),
        cell_names: Box::new([]),
        free: Box::new([]),
        doc: stmt::docstring(&module.body),
        body,
    };
    if compiler.diagnostics.is_empty() {
        Ok(Lowered { module: Rc::new(code), globals: compiler.globals })
    } else {
        Err(compiler.diagnostics)
    }
}

/// The lowering pass's state.
struct Compiler<'a> {
    file: &'a str,
    lines: &'a LineIndex,
    scopes: Scopes,
    scope: usize,
    interner: Interner,
    globals: Vec<Rc<str>>,
    global_index: HashMap<Rc<str>, u32>,
    /// Qualified-name prefixes of the enclosing definitions.
    qualname: Vec<Rc<str>>,
    /// How many loops enclose the current statement within its function.
    loops: u32,
    in_function: bool,
    /// The first parameter of the function being lowered (`self` for `super()`).
    first_param: Option<Rc<str>>,
    diagnostics: Vec<Diagnostic>,
}

impl Compiler<'_> {
    fn error(&mut self, range: TextRange, message: String) {
        let diagnostic = self.lines.diagnostic(self.file, range, message);
        if !self.diagnostics.contains(&diagnostic) {
            self.diagnostics.push(diagnostic);
        }
    }

    fn line(&self, range: TextRange) -> u32 {
        self.lines.line(range.start())
    }

    fn intern(&mut self, text: &str) -> Rc<str> {
        self.interner.intern(text)
    }

    /// How `name` resolves in the current scope.
    fn name(&mut self, name: &str) -> Name {
        let name = self.interner.intern(name);
        let (globals, index) = (&mut self.globals, &mut self.global_index);
        let mut global = |n: &Rc<str>| {
            *index.entry(n.clone()).or_insert_with(|| {
                globals.push(n.clone());
                u32::try_from(globals.len() - 1).unwrap_or(u32::MAX)
            })
        };
        self.scopes.lookup(self.scope, &name, &mut global)
    }

    /// `prefix.name` for the definition being lowered.
    fn qualified(&mut self, name: &str) -> Rc<str> {
        match self.qualname.last() {
            Some(prefix) => {
                let text = format!("{prefix}.{name}");
                self.intern(&text)
            }
            None => self.intern(name),
        }
    }
}
