//! The interpreter of the lesson's Python program. A program is parsed with ruff's parser
//! (`parse`), checked for constructs forkbook does not run (`check`), lowered into a tree
//! with resolved names (`compile`, `code`) and walked by `Interpreter` with CPython's
//! semantics: every statement is a step the `Host` sees (and may hold), every process is a
//! `fork()` of the interpreter, so each has its own copy of every global, as under CPython's
//! fork start method. The host supplies the outside world: output, time, pids, the random
//! seed and `multiprocessing` itself.
//!
//! ```text
//! let program = Program::parse("prog.py", source)?;          // all diagnostics at once
//! let mut interp = Interpreter::new(&program, &[("USE_LOCK".into(), Value::Bool(false))])?;
//! let exit = interp.run_main(&mut host);                      // exit.code, exit.error
//! ```

mod builtins;
mod check;
mod code;
mod compile;
mod convert;
mod exception;
mod host;
mod interp;
mod knobs;
mod modules;
mod object;
mod parse;
pub mod test_host;
mod variables;

use std::rc::Rc;

pub use check::MODULES;
pub use exception::{Exc, ExcKind, ExcState, TraceLine};
pub use host::{Host, HostKind, HostObj, LibraryWork, Method, Stream};
pub use interp::{Exit, Interpreter, set_memory_check};
pub(crate) use interp::{range_len, span};
pub use knobs::Constant;
pub use modules::{forget_file_changes, report_file_changes};
pub use object::Type;
pub use object::{Args, Attrs, BoundMethod, MethodFunc, Obj, Wrapper};
pub use parse::{Diagnostic, LineIndex};
pub use variables::{ChangeList, Changes, Scope, VALUE_WIDTH, Variable};

/// A parsed, checked and lowered program, ready to run any number of times.
pub struct Program {
    file: Rc<str>,
    lines: Rc<LineIndex>,
    lowered: Rc<compile::Lowered>,
    constants: Vec<Constant>,
}

impl Program {
    /// Parses and checks `source`. Every problem is returned: a syntax error (the parser
    /// stops at the first), or all unsupported constructs and scope errors at once.
    pub fn parse(file: &str, source: &str) -> Result<Program, Vec<Diagnostic>> {
        let lines = LineIndex::new(source);
        let module = parse::parse(file, source, &lines).map_err(|d| vec![d])?;
        let mut problems = check::check(file, &lines, &module);
        let lowered = compile::lower(file, &lines, &module);
        let lowered = match lowered {
            Ok(lowered) if problems.is_empty() => lowered,
            Ok(_) => return Err(problems),
            Err(more) => {
                problems.extend(more);
                problems.sort_by_key(|d| (d.line, d.col));
                return Err(problems);
            }
        };
        let constants = knobs::constants(&lines, &module);
        Ok(Program { file: Rc::from(file), lines: Rc::new(lines), lowered: Rc::new(lowered), constants })
    }

    /// Every problem in `source`, for `forkbook check` (empty when it would run).
    pub fn check(file: &str, source: &str) -> Vec<Diagnostic> {
        Program::parse(file, source).err().unwrap_or_default()
    }

    /// The file name given to `parse`.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The source text.
    pub fn source(&self) -> &str {
        self.lines.source()
    }

    /// The line index of the source (line texts for the code pane, positions).
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// The module-level `NAME = literal` assignments a knob can bind to, in source order.
    pub fn constants(&self) -> &[Constant] {
        &self.constants
    }

    /// The program with the literal of each named constant replaced by a value (knobs).
    /// The new source differs only inside those literals, so every line keeps its number;
    /// the code pane can show `source()` of the result.
    pub fn with_overrides(&self, overrides: &[(String, crate::value::Value)]) -> Result<Program, Vec<Diagnostic>> {
        if overrides.is_empty() {
            return Ok(self.clone());
        }
        let source = knobs::substitute(&self.file, self.source(), &self.constants, overrides)?;
        Program::parse(&self.file, &source)
    }
}

impl Clone for Program {
    fn clone(&self) -> Program {
        Program {
            file: self.file.clone(),
            lines: self.lines.clone(),
            lowered: self.lowered.clone(),
            constants: self.constants.clone(),
        }
    }
}
