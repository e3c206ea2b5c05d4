//! Running statements. Before each one the host's `step` hook sees its line (the one place
//! a process can be held); loops step again at their header each time round, as CPython's
//! line tracing does. Control flow travels back up as `Flow`, exceptions as `Err(Exc)`.

use std::rc::Rc;

use super::{Frame, Interpreter};
use crate::python::code::{ClassDef, FuncDef, Import, Stmt, StmtKind, Target};
use crate::python::exception::{Exc, ExcKind};
use crate::python::host::Host;
use crate::python::object::{Function, Obj};

/// How a statement ended.
pub enum Flow {
    Next,
    Break,
    Continue,
    Return(Obj),
}

impl Interpreter {
    pub(super) fn block(&mut self, host: &mut dyn Host, f: &mut Frame, body: &[Stmt]) -> Result<Flow, Exc> {
        for stmt in body {
            match self.stmt(host, f, stmt)? {
                Flow::Next => {}
                flow => return Ok(flow),
            }
        }
        Ok(Flow::Next)
    }

    /// Tells the host where the frame is about to be.
    pub(super) fn at_line(&mut self, host: &mut dyn Host, f: &mut Frame, line: u32) -> Result<(), Exc> {
        f.line = line;
        self.line = line;
        crate::python::modules::report_file_changes(self, host);
        if let Some(watch) = &mut self.watch
            && let Some(changes) = watch.observe(&self.program.lowered.globals, &self.globals, f)
        {
            host.variables(changes);
        }
        super::ops::memory_left()?;
        host.step(self, line)
    }

    fn stmt(&mut self, host: &mut dyn Host, f: &mut Frame, stmt: &Stmt) -> Result<Flow, Exc> {
        self.at_line(host, f, stmt.line)?;
        match &stmt.kind {
            StmtKind::Expr(e) => {
                self.eval(host, f, e)?;
            }
            StmtKind::Assign(targets, value) => {
                let value = self.eval(host, f, value)?;
                for target in targets {
                    self.assign(host, f, target, value.clone())?;
                }
            }
            StmtKind::AugAssign(target, op, value) => self.aug_assign(host, f, target, *op, value)?,
            StmtKind::If(branches, orelse) => {
                for (i, branch) in branches.iter().enumerate() {
                    if i > 0 {
                        self.at_line(host, f, branch.line)?;
                    }
                    let test = self.eval(host, f, &branch.test)?;
                    if self.truth(host, &test)? {
                        return self.block(host, f, &branch.body);
                    }
                }
                return self.block(host, f, orelse);
            }
            StmtKind::While(test, body, orelse) => loop {
                let value = self.eval(host, f, test)?;
                if !self.truth(host, &value)? {
                    return self.block(host, f, orelse);
                }
                match self.block(host, f, body)? {
                    Flow::Next | Flow::Continue => {}
                    Flow::Break => return Ok(Flow::Next),
                    flow @ Flow::Return(_) => return Ok(flow),
                }
                self.at_line(host, f, stmt.line)?;
            },
            StmtKind::For(for_loop) => {
                let iterable = self.eval(host, f, &for_loop.iter)?;
                let mut iter = self.iterate(host, &iterable)?;
                loop {
                    let Some(item) = self.next(host, &mut iter)? else {
                        return self.block(host, f, &for_loop.orelse);
                    };
                    self.assign(host, f, &for_loop.target, item)?;
                    match self.block(host, f, &for_loop.body)? {
                        Flow::Next | Flow::Continue => {}
                        Flow::Break => return Ok(Flow::Next),
                        flow @ Flow::Return(_) => return Ok(flow),
                    }
                    self.at_line(host, f, stmt.line)?;
                }
            }
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Pass => {}
            StmtKind::Return(value) => {
                let value = match value {
                    Some(e) => self.eval(host, f, e)?,
                    None => Obj::None,
                };
                return Ok(Flow::Return(value));
            }
            StmtKind::Raise(exc, cause) => return Err(self.raise(host, f, exc.as_ref(), cause.as_ref())?),
            StmtKind::Try(t) => return self.try_stmt(host, f, t),
            StmtKind::With(items, body) => return self.with_stmt(host, f, items, body),
            StmtKind::Def(def, target) => {
                let func = self.make_function(host, f, def)?;
                let func = self.decorate(host, f, &def.decorators, func)?;
                self.assign(host, f, target, func)?;
            }
            StmtKind::Class(def, target) => {
                let class = self.make_class(host, f, def)?;
                self.assign(host, f, target, class)?;
            }
            StmtKind::Import(names) => {
                for Import { module, target, top } in names {
                    let imported = self.import(host, module)?;
                    let bound =
                        if *top { self.import(host, module.split('.').next().unwrap_or(module))? } else { imported };
                    self.assign(host, f, target, bound)?;
                }
            }
            StmtKind::ImportFrom(module, names) => {
                let imported = self.import(host, module)?;
                for (name, target) in names {
                    let value = self.import_name(host, &imported, module, name)?;
                    self.assign(host, f, target, value)?;
                }
            }
            StmtKind::Delete(targets) => {
                for target in targets {
                    self.delete(host, f, target)?;
                }
            }
            StmtKind::Assert(test, message) => {
                let value = self.eval(host, f, test)?;
                if !self.truth(host, &value)? {
                    let args = match message {
                        Some(m) => vec![self.eval(host, f, m)?],
                        None => Vec::new(),
                    };
                    return Err(Exc::with_args(ExcKind::AssertionError, args));
                }
            }
        }
        Ok(Flow::Next)
    }

    /// A function object for `def` or `lambda`, its defaults evaluated now.
    pub(super) fn make_function(&mut self, host: &mut dyn Host, f: &mut Frame, def: &FuncDef) -> Result<Obj, Exc> {
        let mut defaults = Vec::with_capacity(def.defaults.len());
        for d in &def.defaults {
            defaults.push(self.eval(host, f, d)?);
        }
        let mut kwdefaults = vec![None; def.code.params.kwonly.len()];
        for (i, d) in &def.kwdefaults {
            kwdefaults[*i] = Some(self.eval(host, f, d)?);
        }
        Ok(Obj::Function(Rc::new(Function {
            code: def.code.clone(),
            defaults,
            kwdefaults,
            closure: f.closure_for(&def.code),
            attrs: Default::default(),
        })))
    }

    /// Applies decorators, innermost (last written) first.
    fn decorate(
        &mut self,
        host: &mut dyn Host,
        f: &mut Frame,
        decorators: &[crate::python::code::Expr],
        mut obj: Obj,
    ) -> Result<Obj, Exc> {
        let mut evaluated = Vec::with_capacity(decorators.len());
        for d in decorators {
            evaluated.push(self.eval(host, f, d)?);
        }
        for decorator in evaluated.iter().rev() {
            obj = self.call_obj(host, decorator, crate::python::object::Args::new(vec![obj]))?;
        }
        Ok(obj)
    }

    fn make_class(&mut self, host: &mut dyn Host, f: &mut Frame, def: &ClassDef) -> Result<Obj, Exc> {
        let mut bases = Vec::with_capacity(def.bases.len());
        for b in &def.bases {
            bases.push(self.eval(host, f, b)?);
        }
        let class = self.build_class(host, f, def, bases)?;
        self.decorate(host, f, &def.decorators, class)
    }

    /// Removes a name bound by `except ... as name` when the handler ends, as Python does.
    pub(super) fn unbind(&mut self, f: &mut Frame, target: &Target) {
        if let Target::Name(name) = target {
            self.store_name(f, name, None);
        }
    }
}
