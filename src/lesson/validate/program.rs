//! The lesson's Python program, which is what runs: it must parse and stay inside the subset
//! forkbook runs (each problem reported at its line of the TOML file), and each knob binds to
//! a module constant of the program with a literal of the knob's type. The program creates its
//! own shared objects and processes, so a file still carrying the old step language's
//! `[scripts]` or `[resources]` gets one diagnostic for each, at its line.

use std::collections::BTreeSet;

use super::Cx;
use super::decls::Decls;
use crate::lesson::Pos;
use crate::lesson::program::knob_binding_problem;
use crate::lesson::raw::{RawLesson, SStr};
use crate::python::Program;

impl Cx<'_> {
    /// One diagnostic for each of `[scripts]` and `[resources]`, tables of the step language
    /// that once acted the program out.
    pub(super) fn old_tables(&mut self, raw: &RawLesson) {
        if let Some(scripts) = &raw.scripts {
            self.error(
                scripts.span(),
                "[scripts] is the old step language: forkbook runs the lesson's Python program itself".into(),
                Some("remove [scripts]".into()),
            );
        }
        if let Some(resources) = &raw.resources {
            self.error(
                resources.span(),
                "[resources] is the old step language: the program creates its own objects (lock = Lock())".into(),
                Some("remove [resources]".into()),
            );
        }
    }

    /// Checks the program and that each knob in `decls` can set its constant.
    pub(super) fn program(&mut self, raw: &RawLesson, python: &SStr, decls: &mut Decls) {
        decls.program_names = Some(assigned_names(python.get_ref()));
        let origin = self.string_origin(python);
        let program = match Program::parse(self.file, python.get_ref()) {
            Ok(program) => program,
            Err(problems) => {
                for d in problems {
                    let line = origin.line + d.line - 1;
                    let col = if d.line == 1 { origin.col + d.col - 1 } else { d.col };
                    let message = lines_in_file(&d.message, origin.line - 1);
                    self.error_at(Pos { line, col }, message, Some("forkbook runs the program as Python".into()));
                }
                return;
            }
        };
        for knob in &decls.knobs {
            let raw_knob = raw.knobs.iter().find(|(n, _)| n.get_ref() == &knob.name).map(|(_, k)| k);
            let explicit = raw_knob.and_then(|k| k.get_ref().constant.as_ref());
            let span = explicit.map_or_else(|| raw_knob.map_or(0..0, |k| k.span()), |c| c.span());
            if let Some((problem, _, _)) = knob_binding_problem(&program, knob, &knob.constant) {
                self.error(span, problem.message, problem.hint);
            }
        }
    }
}

/// A syntax error's message with the program's line numbers it names (CPython's `(detected at
/// line 5)`, `on line 3`) counted in the lesson file, whose program starts `before` lines down.
fn lines_in_file(message: &str, before: u32) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        let (head, tail) = rest.split_at(at + "line ".len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        match tail[..digits].parse::<u32>() {
            Ok(n) => out.push_str(&(n + before).to_string()),
            Err(_) => out.push_str(&tail[..digits]),
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// The names the program's statements assign to (`lock` in `lock = Lock()`, `q` in
/// `self.q = Queue()`, both names in `a, b = Pipe()`, and `v.lock` for `v = Value(…)`):
/// what its objects will be called.
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
                // A Value or an Array comes with its lock, a shared object of its own.
                if rest.contains("Value(") || rest.contains("Array(") {
                    names.insert(format!("{last}.lock"));
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::assigned_names;

    #[test]
    fn a_value_or_an_array_brings_its_lock_and_other_objects_do_not() {
        let names = assigned_names("lock = Lock()\ncounter = Value('i', 0)\nself.arr = Array('d', 3)\nx == y\n");
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(names, ["arr", "arr.lock", "counter", "counter.lock", "lock"]);
    }
}
