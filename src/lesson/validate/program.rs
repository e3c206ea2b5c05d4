//! A lesson whose Python program is what runs (no `[scripts]`): the program must parse and
//! stay inside the subset forkbook runs (each problem reported at its line of the TOML file),
//! each knob binds to a module constant of the program with a literal of the knob's type, and
//! the program creates its own shared objects, so `[resources]` has no place.

use std::collections::BTreeSet;

use super::Cx;
use super::decls::Decls;
use crate::lesson::Pos;
use crate::lesson::program::knob_binding_problem;
use crate::lesson::raw::{RawLesson, SStr};
use crate::python::Program;

impl Cx<'_> {
    /// Checks the program and binds the knobs in `decls` to its constants.
    pub(super) fn program(&mut self, raw: &RawLesson, python: &SStr, decls: &mut Decls) {
        if let Some((name, _)) = raw.resources.iter().next() {
            self.error(
                name.span(),
                format!("resource '{}' in a lesson whose program runs", name.get_ref()),
                Some("the program creates its own objects (lock = Lock()); remove [resources]".into()),
            );
        }
        decls.program_names = Some(assigned_names(python.get_ref()));
        let origin = self.string_origin(python);
        let program = match Program::parse(self.file, python.get_ref()) {
            Ok(program) => program,
            Err(problems) => {
                for d in problems {
                    let line = origin.line + d.line - 1;
                    let col = if d.line == 1 { origin.col + d.col - 1 } else { d.col };
                    self.error_at(Pos { line, col }, d.message, Some("forkbook runs the program as Python".into()));
                }
                return;
            }
        };
        for knob in &mut decls.knobs {
            let raw_knob = raw.knobs.iter().find(|(n, _)| n.get_ref() == &knob.name).map(|(_, k)| k);
            let explicit = raw_knob.and_then(|k| k.get_ref().constant.as_ref());
            let constant = explicit.map_or_else(|| knob.name.to_uppercase(), |c| c.get_ref().clone());
            let span = explicit.map_or_else(|| raw_knob.map_or(0..0, |k| k.span()), |c| c.span());
            if let Some((problem, _, _)) = knob_binding_problem(&program, knob, &constant) {
                self.error(span, problem.message, problem.hint);
                continue;
            }
            knob.constant = Some(constant);
        }
    }
}

/// The names the program's statements assign to (`lock` in `lock = Lock()`, `q` in
/// `self.q = Queue()`, both names in `a, b = Pipe()`): what its objects will be called.
fn assigned_names(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in source.lines() {
        let Some((target, rest)) = line.split_once('=') else { continue };
        if rest.starts_with('=') || target.ends_with(['!', '<', '>', '=']) {
            continue;
        }
        for part in target.split(',') {
            let last = part.trim().rsplit('.').next().unwrap_or("").trim();
            if !last.is_empty() && last.chars().all(|c| c.is_alphanumeric() || c == '_') {
                names.insert(last.to_string());
            }
        }
    }
    names
}
