//! Comprehensions and generator expressions. Both run in their own frame; a generator
//! expression is lazy (each `next` advances its `for` clauses just far enough for one
//! element), and a list, set or dict comprehension is the same machine run to its end.

use std::rc::Rc;

use super::{Frame, Interpreter};
use crate::python::code::{Comp, CompKind};
use crate::python::exception::Exc;
use crate::python::host::Host;
use crate::python::object::{GenState, Iter, Key, Obj, Table};

impl Interpreter {
    pub(super) fn comprehension(&mut self, host: &mut dyn Host, f: &mut Frame, comp: &Rc<Comp>) -> Result<Obj, Exc> {
        let first = self.eval(host, f, &comp.first_iter)?;
        let first = self.iterate(host, &first)?;
        let frame = Frame::new(comp.code.clone(), f.closure_for(&comp.code));
        let mut state = GenState { comp: comp.clone(), frame, iters: vec![first], started: false };
        if comp.kind == CompKind::Gen {
            return Ok(Obj::iter(Iter::Gen(Box::new(state))));
        }
        self.enter()?;
        let result = self.run_comprehension(host, &mut state);
        self.leave();
        result.map_err(|mut e| {
            if e.catchable() {
                e.push_frame(&comp.code.name, state.frame.line);
            }
            e
        })
    }

    fn run_comprehension(&mut self, host: &mut dyn Host, state: &mut GenState) -> Result<Obj, Exc> {
        let comp = state.comp.clone();
        match comp.kind {
            CompKind::List | CompKind::Gen => {
                let mut items = Vec::new();
                while self.gen_advance(host, state)? {
                    items.push(self.eval(host, &mut state.frame, &comp.elt)?);
                }
                Ok(Obj::list(items))
            }
            CompKind::Set => {
                let mut table = Table::new();
                while self.gen_advance(host, state)? {
                    let item = self.eval(host, &mut state.frame, &comp.elt)?;
                    table.insert(Key::of(&item)?, item, ());
                }
                Ok(Obj::set(table))
            }
            CompKind::Dict => {
                let mut table = Table::new();
                while self.gen_advance(host, state)? {
                    let key = self.eval(host, &mut state.frame, &comp.elt)?;
                    let value = match &comp.value {
                        Some(value) => self.eval(host, &mut state.frame, value)?,
                        None => Obj::None,
                    };
                    table.insert(Key::of(&key)?, key, value);
                }
                Ok(Obj::dict(table))
            }
        }
    }

    /// Binds the next combination of the `for` clauses whose conditions all hold; false
    /// when the outermost clause is exhausted.
    pub(super) fn gen_advance(&mut self, host: &mut dyn Host, state: &mut GenState) -> Result<bool, Exc> {
        let comp = state.comp.clone();
        let levels = comp.clauses.len();
        let mut depth = if state.started { levels - 1 } else { 0 };
        state.started = true;
        loop {
            if state.iters.len() <= depth {
                return Ok(false);
            }
            let advanced = self.advance_clause(host, state, depth)?;
            if advanced {
                if depth + 1 == levels {
                    return Ok(true);
                }
                depth += 1;
                let iterable = self.eval(host, &mut state.frame, &comp.clauses[depth].iter)?;
                let iter = self.iterate(host, &iterable)?;
                state.iters.truncate(depth);
                state.iters.push(iter);
            } else {
                if depth == 0 {
                    state.iters.clear();
                    return Ok(false);
                }
                state.iters.truncate(depth);
                depth -= 1;
            }
        }
    }

    /// Moves clause `depth` to its next item that passes its `if`s.
    fn advance_clause(&mut self, host: &mut dyn Host, state: &mut GenState, depth: usize) -> Result<bool, Exc> {
        let comp = state.comp.clone();
        let clause = &comp.clauses[depth];
        loop {
            let Some(item) = self.next(host, &mut state.iters[depth])? else { return Ok(false) };
            self.assign(host, &mut state.frame, &clause.target, item)?;
            let mut passes = true;
            for condition in &clause.ifs {
                let value = self.eval(host, &mut state.frame, condition)?;
                if !self.truth(host, &value)? {
                    passes = false;
                    break;
                }
            }
            if passes {
                return Ok(true);
            }
        }
    }
}
