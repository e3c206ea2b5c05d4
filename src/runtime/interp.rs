//! The interpreter a lesson process runs: a loop over its script's statements with one gate
//! before each step. Statements and control flow live here; expressions and built-ins in
//! `interp/eval.rs`; child processes (start, join, the exit protocol) in `interp/children.rs`.

mod children;
mod eval;
mod pool;

use std::collections::HashMap;

use crate::lesson::script::{Stmt, StmtKind};
use crate::lesson::{KnobValues, Lesson};
use crate::value::Value;

use super::ctx::Ctx;
use super::gate;
use super::objects::Objects;
use super::pyerr::{PyErr, PyResult};
use super::rng::Rng;
use crate::event::EventKind;

pub use children::Children;

/// Who this process is.
#[derive(Clone, Debug)]
pub struct Me {
    pub name: String,
    pub slot: u32,
    pub daemon: bool,
    /// Python's `_identity`: `[]` for the main process, `[2]` for Process-2, `[2, 1]` for Process-2:1.
    pub identity: Vec<u32>,
}

/// How a block ended.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
    Return(Value),
}

/// Everything settable of the run that every process shares.
pub struct RunParams<'a> {
    pub lesson: &'a Lesson,
    pub knobs: &'a KnobValues,
    pub seed: u64,
}

/// One lesson process's interpreter.
pub struct Interp<'a, 'r> {
    pub ctx: &'a Ctx<'r>,
    pub params: &'a RunParams<'a>,
    pub objects: Objects,
    pub me: Me,
    pub children: Children,
    vars: HashMap<String, Value>,
    rng: Rng,
    /// The variable an object constructor's result is being assigned to (names `Lock()`s).
    assigning: Option<String>,
    /// The Python line of the step being executed.
    current_line: u32,
    /// Pools this process made, by object name.
    pools: HashMap<String, pool::PoolState>,
    /// True while a pool callback runs (no result handling inside it).
    in_callback: bool,
}

impl<'a, 'r> Interp<'a, 'r> {
    pub fn new(
        ctx: &'a Ctx<'r>,
        params: &'a RunParams<'a>,
        objects: Objects,
        me: Me,
        bindings: Vec<(String, Value)>,
    ) -> Self {
        let rng = Rng::for_process(params.seed, &me.name);
        Interp {
            ctx,
            params,
            objects,
            me,
            children: Children::default(),
            vars: bindings.into_iter().collect(),
            rng,
            assigning: None,
            current_line: 0,
            pools: HashMap::new(),
            in_callback: false,
        }
    }

    /// Runs a script to its end and returns the exit code, as `Process._bootstrap` does:
    /// 0, the `exit()` code, or 1 after an uncaught exception; then the exit protocol.
    pub fn run(&mut self, script: &str) -> i32 {
        let body = match self.params.lesson.scripts.get(script) {
            Some(s) => s.body.clone(),
            None => return 1,
        };
        let code = match self.block(&body) {
            Ok(_) => 0,
            Err(PyErr::Exit(code)) => code,
            Err(err) => {
                self.report_raise(&err, false);
                1
            }
        };
        self.exit_protocol();
        code
    }

    fn report_raise(&self, err: &PyErr, caught: bool) {
        if let PyErr::Raise { error, message } = err {
            let line = self.current_line;
            self.ctx.rep.emit(EventKind::Raised { error: error.clone(), message: message.clone(), line, caught });
        }
    }

    /// One step: report where we are, then pass the gate. A process with a pool first hands
    /// out the results that arrived (its callbacks run here, as CPython's result handler would).
    fn step(&mut self, line: u32) {
        if !self.pools.is_empty() && !self.in_callback {
            self.serve_pools(None);
        }
        self.current_line = line;
        self.ctx.rep.mark(EventKind::AtStep { line }, false);
        gate::pass(self.ctx.region, self.me.slot, &self.ctx.rep);
    }

    /// Runs a script as a function with these arguments in a scope of its own; its `return`
    /// value (None without one).
    pub(super) fn call_script(&mut self, script: &str, args: Vec<Value>) -> PyResult<Value> {
        let Some(s) = self.params.lesson.scripts.get(script) else {
            return Err(PyErr::type_error(format!("'{script}' is not a script of this lesson")));
        };
        if s.params.len() != args.len() {
            let msg = format!("{script}() takes {} positional arguments but {} were given", s.params.len(), args.len());
            return Err(PyErr::type_error(msg));
        }
        let body = s.body.clone();
        let scope: HashMap<String, Value> = s.params.iter().cloned().zip(args).collect();
        let saved = std::mem::replace(&mut self.vars, scope);
        let line = self.current_line;
        let flow = self.block(&body);
        self.vars = saved;
        // An error keeps the line it was raised on, for the report.
        if flow.is_ok() {
            self.current_line = line;
        }
        match flow? {
            Flow::Return(v) => Ok(v),
            _ => Ok(Value::None),
        }
    }

    fn block(&mut self, stmts: &[Stmt]) -> PyResult<Flow> {
        for stmt in stmts {
            let flow = self.stmt(stmt)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn stmt(&mut self, stmt: &Stmt) -> PyResult<Flow> {
        self.step(stmt.py_line);
        match &stmt.kind {
            StmtKind::Assign { target, value } => {
                self.assigning = Some(target.clone());
                let v = self.eval(value);
                self.assigning = None;
                self.vars.insert(target.clone(), v?);
            }
            StmtKind::AugAssign { target, op, value } => {
                let old = self.lookup(target)?;
                let rhs = self.eval(value)?;
                let new = eval::binary(*op, old, rhs)?;
                self.vars.insert(target.clone(), new);
            }
            StmtKind::SetAttr { object, attr, value } => {
                let v = self.eval(value)?;
                self.set_attr(object, attr, &v)?;
            }
            StmtKind::AugSetAttr { object, attr, op, value } => {
                let old = self.get_attr(object, attr)?;
                let rhs = self.eval(value)?;
                let new = eval::binary(*op, old, rhs)?;
                // CPython reads and writes in two separate steps; another process may run between.
                self.step(stmt.py_line);
                self.set_attr(object, attr, &new)?;
            }
            StmtKind::Expr(e) => {
                self.eval(e)?;
            }
            StmtKind::If { branches, otherwise } => {
                for (cond, body) in branches {
                    if self.eval(cond)?.truthy() {
                        return self.block(body);
                    }
                }
                return self.block(otherwise);
            }
            StmtKind::While { cond, body } => {
                let mut first = true;
                loop {
                    if !first {
                        self.step(stmt.py_line);
                    }
                    first = false;
                    if !self.eval(cond)?.truthy() {
                        break;
                    }
                    match self.block(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
            }
            StmtKind::For { var, iter, body } => {
                let items = match self.eval(iter)? {
                    Value::List(items) => items,
                    // `pool.imap(...)`: results one by one, as they become available.
                    Value::Object { object } if self.is_pool_iterator(&object) => {
                        let mut first = true;
                        while let Some(item) = self.pool_next(&object)? {
                            if !first {
                                self.step(stmt.py_line);
                            }
                            first = false;
                            self.vars.insert(var.clone(), item);
                            match self.block(body)? {
                                Flow::Break => break,
                                Flow::Return(v) => return Ok(Flow::Return(v)),
                                _ => {}
                            }
                        }
                        return Ok(Flow::Normal);
                    }
                    other => return Err(PyErr::type_error(format!("'{}' object is not iterable", other.type_name()))),
                };
                for (i, item) in items.into_iter().enumerate() {
                    if i > 0 {
                        self.step(stmt.py_line);
                    }
                    self.vars.insert(var.clone(), item);
                    match self.block(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
            }
            StmtKind::Repeat { count, body } => {
                let n = match self.eval(count)? {
                    Value::Int(n) => n,
                    other => {
                        return Err(PyErr::type_error(format!("repeat needs an int, not '{}'", other.type_name())));
                    }
                };
                for i in 0..n.max(0) {
                    if i > 0 {
                        self.step(stmt.py_line);
                    }
                    match self.block(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
            }
            StmtKind::Loop { body } => {
                let mut first = true;
                loop {
                    if !first {
                        self.step(stmt.py_line);
                    }
                    first = false;
                    match self.block(body)? {
                        Flow::Break => break,
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        _ => {}
                    }
                }
            }
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::Pass => {}
            StmtKind::Try { body, handlers } => match self.block(body) {
                Err(err) => {
                    let Some(h) = handlers.iter().find(|h| err.caught_by(&h.error)) else {
                        return Err(err);
                    };
                    self.report_raise(&err, true);
                    if let (Some(bind), PyErr::Raise { message, .. }) = (&h.bind, &err) {
                        self.vars.insert(bind.clone(), Value::Str(message.clone()));
                    }
                    return self.block(&h.body);
                }
                ok => return ok,
            },
            StmtKind::Raise { error, message } => {
                let message = match message {
                    Some(m) => self.eval(m)?.to_string(),
                    None => String::new(),
                };
                return Err(PyErr::new(error, message));
            }
            StmtKind::Return { value } => {
                let v = match value {
                    Some(e) => self.eval(e)?,
                    None => Value::None,
                };
                return Ok(Flow::Return(v));
            }
        }
        Ok(Flow::Normal)
    }

    fn lookup(&self, name: &str) -> PyResult<Value> {
        if let Some(v) = self.vars.get(name) {
            return Ok(v.clone());
        }
        if let Some(v) = self.params.knobs.get(name) {
            return Ok(v.clone());
        }
        if self.objects.by_name.contains_key(name) {
            return Ok(Value::Object { object: name.to_string() });
        }
        // A script's name stands for the function: a pool task or a callback.
        if self.params.lesson.scripts.contains_key(name) {
            return Ok(Value::Str(name.to_string()));
        }
        Err(PyErr::new("NameError", format!("name '{name}' is not defined")))
    }
}
