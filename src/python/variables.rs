//! What each process's variables hold, for the screen (as Python Tutor shows them): before
//! each statement the interpreter takes the running function's locals and the module's
//! globals, each as a short repr made without running any Python code (`peek`), and hands
//! the host only what changed since the last statement. Memory isolation becomes visible:
//! a forked child starts from its parent's values and its changes are its own.

mod peek;

use std::rc::Rc;

use super::interp::Frame;
use super::object::Obj;

/// The most characters a value is shown with; the rest is cut with `…`.
pub const VALUE_WIDTH: usize = 60;

/// Where a variable lives: the running function's frame or the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    Local,
    Global,
}

/// One variable as shown: its scope, name and short repr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub scope: Scope,
    pub name: Rc<str>,
    pub value: String,
}

/// What changed since the last statement: the function now running (when it changed:
/// `None` is the module level), variables set to a new value, variables gone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub function: Option<Option<Rc<str>>>,
    pub set: Vec<Variable>,
    pub gone: Vec<(Scope, Rc<str>)>,
}

/// The last snapshot a process reported, so each statement reports only its changes.
#[derive(Debug, Default)]
pub struct Watch {
    function: Option<Rc<str>>,
    /// The values last shown, with the object they were made from (an unchanged scalar is
    /// not shown again).
    last: Vec<(Variable, Obj)>,
    started: bool,
}

impl Watch {
    /// What changed, given the globals and the frame about to run a statement; `None` when
    /// nothing did.
    pub(super) fn observe(
        &mut self,
        global_names: &[Rc<str>],
        globals: &[Option<Obj>],
        frame: &Frame,
    ) -> Option<Changes> {
        let mut now: Vec<(Variable, Obj)> = Vec::with_capacity(self.last.len());
        let function = (frame.ns.is_none() && &*frame.code.name != "<module>").then(|| frame.code.qualname.clone());
        if function.is_some() {
            for (name, value) in frame.code.local_names.iter().zip(&frame.locals) {
                if let Some(value) = value {
                    self.note(&mut now, Scope::Local, name, value.clone());
                }
            }
            for (i, cell) in frame.cells.iter().enumerate() {
                if let Some(value) = cell.borrow().clone() {
                    self.note(&mut now, Scope::Local, &Rc::from(frame.code.cell_name(i as u32)), value);
                }
            }
        }
        for (name, value) in global_names.iter().zip(globals) {
            if let Some(value) = value {
                self.note(&mut now, Scope::Global, name, value.clone());
            }
        }
        let mut changes = Changes::default();
        if !self.started || function != self.function {
            changes.function = Some(function.clone());
        }
        for (var, _) in &now {
            let before = self.last.iter().find(|(v, _)| v.scope == var.scope && v.name == var.name);
            if before.is_none_or(|(v, _)| v.value != var.value) {
                changes.set.push(var.clone());
            }
        }
        for (var, _) in &self.last {
            if !now.iter().any(|(v, _)| v.scope == var.scope && v.name == var.name) {
                changes.gone.push((var.scope, var.name.clone()));
            }
        }
        self.started = true;
        self.function = function;
        self.last = now;
        let quiet = changes.function.is_none() && changes.set.is_empty() && changes.gone.is_empty();
        (!quiet).then_some(changes)
    }

    /// Adds one variable to the snapshot, unless it is not data (a function, class, module)
    /// or a dunder name; an unchanged scalar keeps the text it had.
    fn note(&self, now: &mut Vec<(Variable, Obj)>, scope: Scope, name: &Rc<str>, value: Obj) {
        if name.starts_with("__") || !peek::is_data(&value) {
            return;
        }
        let before = self.last.iter().find(|(v, _)| v.scope == scope && v.name == *name);
        let text = match before {
            Some((var, old)) if peek::same_scalar(old, &value) => var.value.clone(),
            _ => peek::peek(&value, VALUE_WIDTH),
        };
        now.push((Variable { scope, name: name.clone(), value: text }, value));
    }
}

#[cfg(test)]
mod tests;
