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

/// What changed since the last statement, as the watch holds it (nothing is copied to hand
/// it over): the function now running (when it changed: `None` is the module level),
/// variables set to a new value, variables gone.
#[derive(Clone, Copy, Debug)]
pub struct Changes<'a> {
    pub function: Option<Option<&'a str>>,
    /// The variables set: indices into `last`, in the order they were met.
    set: &'a [usize],
    last: &'a [(Variable, Obj, peek::Trace)],
    pub gone: &'a [(Scope, Rc<str>)],
}

impl<'a> Changes<'a> {
    /// The variables set to a new value, in the order the statement's frame holds them.
    pub fn set(&self) -> impl ExactSizeIterator<Item = &'a Variable> + 'a {
        let last = self.last;
        self.set.iter().map(move |&i| &last[i].0)
    }

    /// A copy to keep.
    pub fn to_list(&self) -> ChangeList {
        ChangeList {
            function: self.function.map(|f| f.map(Rc::from)),
            set: self.set().cloned().collect(),
            gone: self.gone.to_vec(),
        }
    }
}

/// `Changes` kept (a test host keeps every report).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeList {
    pub function: Option<Option<Rc<str>>>,
    pub set: Vec<Variable>,
    pub gone: Vec<(Scope, Rc<str>)>,
}

/// The last snapshot a process reported, so each statement reports only its changes. It is
/// updated in place: a statement that changes nothing allocates nothing.
#[derive(Debug, Default)]
pub struct Watch {
    /// The function last reported (`Some(None)`: the module level); `None` before the first
    /// statement.
    function: Option<Option<Rc<str>>>,
    /// The values last shown, with the object each was made from and what its text was made
    /// of (an unchanged value is not shown again, nor its text made again).
    last: Vec<(Variable, Obj, peek::Trace)>,
    /// Which of `last` the statement being observed still has.
    seen: Vec<bool>,
    /// Where a value's text is made before it is compared with the text shown.
    scratch: String,
    /// Where in `last` the next variable met probably is.
    next_hint: usize,
    /// The interpreter's count of in-place changes at the last statement observed.
    mutations: Option<u64>,
    /// The interpreter's count of bindings and the frame at the last statement observed.
    bindings: Option<(u64, u64)>,
    /// Where in `last` the plain local looked at alone last time (`one_local`) is: its frame,
    /// its slot and its index (checked before use: `last` may have moved since).
    local_at: Option<(u64, u32, usize)>,
    /// The interpreter's counts of global bindings and of in-place changes when the globals
    /// were last looked at: while both stand still, the globals show what they showed.
    globals_at: Option<(u64, u64)>,
    /// No list, dict, set or attributes changed in place since the last statement: a variable
    /// bound to the very object its text was made from needs no look.
    still: bool,
    /// The report being made, kept for the next: whether it names the function, the
    /// variables set (indices into `last`), the variables gone.
    function_changed: bool,
    set: Vec<usize>,
    gone: Vec<(Scope, Rc<str>)>,
}

impl Watch {
    /// What changed, given the globals and the frame about to run a statement; `None` when
    /// nothing did.
    #[inline]
    pub(super) fn observe(
        &mut self,
        global_names: &[Rc<str>],
        globals: &[Option<Obj>],
        frame: &Frame,
    ) -> Option<Changes<'_>> {
        let now = (super::object::mutations(), super::object::bindings());
        // No binding and no in-place change since the last statement of this frame: nothing
        // shown can have changed (most statements: asked here, before any call).
        if self.mutations == Some(now.0) && self.bindings == Some((now.1, frame.id)) {
            return None;
        }
        self.look(now, global_names, globals, frame)
    }

    /// `observe` once something may have changed.
    #[inline(never)]
    fn look(
        &mut self,
        now: (u64, u64),
        global_names: &[Rc<str>],
        globals: &[Option<Obj>],
        frame: &Frame,
    ) -> Option<Changes<'_>> {
        self.function_changed = false;
        self.set.clear();
        self.gone.clear();
        if let Some(changed) = self.one_local(now, frame) {
            return changed.then(|| self.changes());
        }
        self.bindings = Some((now.1, frame.id));
        let function = (frame.ns.is_none() && &*frame.code.name != "<module>").then(|| frame.code.qualname.clone());
        let same_function = match (&self.function, &function) {
            (Some(Some(was)), Some(now)) => Rc::ptr_eq(was, now) || was == now,
            (Some(None), None) => true,
            _ => false,
        };
        if !same_function {
            self.function_changed = true;
            self.function = Some(function.clone());
        }
        self.still = self.mutations == Some(now.0);
        self.mutations = Some(now.0);
        self.seen.clear();
        self.seen.resize(self.last.len(), false);
        self.next_hint = 0;
        if function.is_some() {
            for (name, value) in frame.code.local_names.iter().zip(&frame.locals) {
                if let Some(value) = value {
                    self.note(Scope::Local, name, value);
                }
            }
            for (i, cell) in frame.cells.iter().enumerate() {
                if let Some(value) = &*cell.borrow() {
                    self.note(Scope::Local, &Rc::from(frame.code.cell_name(i as u32)), value);
                }
            }
        }
        let globals_now = (super::object::global_bindings(), now.0);
        if self.globals_at == Some(globals_now) {
            // No global rebound and nothing changed in place since the globals were looked
            // at (a new frame of a function called again): their entries stand.
            for ((var, _, _), seen) in self.last.iter().zip(&mut self.seen) {
                if var.scope == Scope::Global {
                    *seen = true;
                }
            }
        } else {
            for (name, value) in global_names.iter().zip(globals) {
                if let Some(value) = value {
                    self.note(Scope::Global, name, value);
                }
            }
            self.globals_at = Some(globals_now);
        }
        if !self.seen.iter().all(|s| *s) {
            self.forget_unseen();
        }
        let quiet = !self.function_changed && self.set.is_empty() && self.gone.is_empty();
        (!quiet).then(|| self.changes())
    }

    /// The report made by the last `observe`.
    fn changes(&self) -> Changes<'_> {
        Changes {
            function: if self.function_changed { self.function.as_ref().map(|f| f.as_deref()) } else { None },
            set: &self.set,
            last: &self.last,
            gone: &self.gone,
        }
    }

    /// Drops the variables the statement no longer has, as gone, and moves the indices of
    /// the variables set to where their entries now are.
    fn forget_unseen(&mut self) {
        let mut k = 0;
        let mut dropped_before = Vec::with_capacity(self.last.len());
        let mut dropped = 0;
        let (seen, gone) = (&self.seen, &mut self.gone);
        self.last.retain(|(var, _, _)| {
            let kept = seen.get(k).copied().unwrap_or(true);
            k += 1;
            dropped_before.push(dropped);
            if !kept {
                dropped += 1;
                gone.push((var.scope, var.name.clone()));
            }
            kept
        });
        for i in &mut self.set {
            *i -= dropped_before.get(*i).copied().unwrap_or(0);
        }
    }

    /// The common step of a loop (`for _ in range(n)`): nothing changed in place and the one
    /// binding since the last statement of this function's frame was a plain local, still
    /// bound; only that variable is looked at. `None` when this does not apply (the caller
    /// looks at everything); `Some(false)` when that variable shows what it showed.
    fn one_local(&mut self, now: (u64, u64), frame: &Frame) -> Option<bool> {
        let (count, in_frame, slot) = super::object::last_local();
        let applies = self.mutations == Some(now.0)
            && self.bindings == Some((now.1.wrapping_sub(1), frame.id))
            && (count, in_frame) == (now.1, frame.id)
            && matches!(self.function, Some(Some(_)));
        if !applies {
            return None;
        }
        let name = frame.code.local_names.get(slot as usize)?;
        let value = frame.locals.get(slot as usize)?.as_ref()?;
        self.bindings = Some((now.1, frame.id));
        self.still = true;
        // The entry this local had last time, when it is still where it was: no search.
        let known = self.local_at.and_then(|(id, at_slot, i)| {
            let (var, _, _) = self.last.get(i)?;
            (id == frame.id && at_slot == slot && var.scope == Scope::Local && Rc::ptr_eq(&var.name, name)).then_some(i)
        });
        match known {
            Some(i) if peek::is_data(value) => self.update(i, value),
            _ => {
                self.next_hint = 0;
                self.note(Scope::Local, name, value);
                self.local_at = self.next_hint.checked_sub(1).map(|i| (frame.id, slot, i));
            }
        }
        Some(!self.set.is_empty())
    }

    /// Looks at one variable, unless it is not data (a function, class, module) or a dunder
    /// name: a new one or a changed value goes into the report being made; an unchanged scalar
    /// is not even shown again.
    fn note(&mut self, scope: Scope, name: &Rc<str>, value: &Obj) {
        if name.starts_with("__") || !peek::is_data(value) {
            return;
        }
        let same = |(v, _, _): &(Variable, Obj, peek::Trace)| {
            v.scope == scope && (Rc::ptr_eq(&v.name, name) || v.name == *name)
        };
        // Variables are met in the same order at every statement: the one after the last
        // found is nearly always the one.
        let hint = self.next_hint;
        let found = match self.last.get(hint) {
            Some(entry) if same(entry) => Some(hint),
            _ => self.last.iter().position(same),
        };
        self.next_hint = found.map_or(0, |i| i + 1);
        match found {
            Some(i) => {
                if let Some(seen) = self.seen.get_mut(i) {
                    *seen = true;
                }
                self.update(i, value);
            }
            None => {
                let mut trace = peek::Trace::default();
                peek::peek_traced(value, VALUE_WIDTH, &mut self.scratch, &mut trace);
                let var = Variable { scope, name: name.clone(), value: self.scratch.clone() };
                self.set.push(self.last.len());
                self.last.push((var, value.clone(), trace));
                self.seen.push(true);
            }
        }
    }
}

impl Watch {
    /// Looks again at the variable of entry `i` of `last`, now bound to `value`: a changed
    /// value goes into the report being made; an unchanged scalar is not shown again.
    fn update(&mut self, i: usize, value: &Obj) {
        let Some((var, old, trace)) = self.last.get_mut(i) else { return };
        // An int shown from an int (a loop counter): the same number shows the same text;
        // another is written in place of the old one.
        if let (Obj::Int(n), Obj::Int(was)) = (value, &mut *old) {
            if *n == *was {
                return;
            }
            if peek::rebind_int(*n, VALUE_WIDTH, &mut var.value, trace) {
                *was = *n;
                self.set.push(i);
                return;
            }
        }
        let kept = peek::same_fixed(old, value) || (self.still && old.is(value));
        if kept {
            return;
        }
        if !peek::unchanged(value, VALUE_WIDTH, trace) {
            *old = value.clone();
            peek::peek_traced(value, VALUE_WIDTH, &mut self.scratch, trace);
            if self.scratch != var.value {
                var.value.clone_from(&self.scratch);
                self.set.push(i);
            }
        }
    }
}

#[cfg(test)]
mod tests;
