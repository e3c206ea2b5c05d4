//! A pool worker's life in its forked process (the target of its `Process`): the
//! initializer with its arguments, then tasks from the task queue, each function found
//! again by its name in this process's copy of the program. An exception a task raises
//! goes back as its class and arguments; one that is not an `Exception` (`sys.exit()` in a
//! task) ends the worker, as in CPython, and that task's result never comes.

use std::rc::Rc;

use crate::python::{Args, Exc, ExcKind, Interpreter, Obj};
use crate::value::Value;

use super::super::ProcessHost;
use super::pickle;
use super::tasks::{self, Worker};

/// The worker loop's view of this process.
struct PyWorker<'w, 'a, 'r> {
    host: &'w mut ProcessHost<'a, 'r>,
    interp: &'w mut Interpreter,
    /// The line the worker's own steps show (where the pool was made).
    line: u32,
    /// The function of the task being served, found by its name at the task's first call:
    /// as CPython unpickles a task's function once for its whole chunk.
    func: Option<Obj>,
}

impl ProcessHost<'_, '_> {
    /// The worker's whole life; `args` is `(pool,)`, the index of its pool in this process's
    /// (inherited) pools.
    pub(in crate::runtime::host) fn pool_worker(&mut self, interp: &mut Interpreter, args: Args) -> Result<Obj, Exc> {
        let pool = args.pos.first().and_then(Obj::as_int).and_then(|p| usize::try_from(p).ok());
        let Some(pool) = pool.filter(|&p| p < self.pools.len()) else {
            return Err(Exc::runtime_error("a pool worker needs its pool"));
        };
        let queues = self.pools[pool].state.queues.clone();
        let line = self.line;
        if let Some(init) = self.pools[pool].initializer.clone() {
            let initargs = self.pools[pool].initargs.clone();
            interp.call(self, &init, Args::new(initargs))?;
        }
        let ctx = self.ctx;
        tasks::serve(ctx, &queues, &mut PyWorker { host: self, interp, line, func: None })?;
        Ok(Obj::None)
    }

    /// A task's exception: sent back when it is an `Exception` (and shown as raised and
    /// caught in this lane), else it ends the worker.
    fn task_failed(&mut self, interp: &mut Interpreter, mut e: Exc) -> Result<Result<Value, Value>, Exc> {
        if !e.catchable() {
            return Err(e);
        }
        let error = interp.exc_object(&mut e);
        let is_exception = match &error {
            Obj::Instance(i) => i.class.exc_kind().is_some_and(|k| k.is_a(ExcKind::Exception)),
            _ => false,
        };
        if !is_exception {
            return Err(e);
        }
        let line = interp.exception_line(self, &error);
        self.report_raised(&line, true);
        Ok(Err(pickle::exception_value(interp, self, &error)))
    }
}

impl Worker for PyWorker<'_, '_, '_> {
    type Stop = Exc;

    fn step(&mut self) {
        self.host.line = self.line;
        self.host.gate();
    }

    fn call(&mut self, func: &Value, args: Vec<Value>, kwds: &[(String, Value)]) -> Result<Result<Value, Value>, Exc> {
        let Value::Str(name) = func else {
            return Err(Exc::type_error(format!("a pool task names its function, not {}", func.repr())));
        };
        // Not found here: the function was defined after this worker was forked.
        let func = match &self.func {
            Some(func) => func.clone(),
            None => {
                let func = pickle::find(self.interp, self.host, name)?;
                self.func = Some(func.clone());
                func
            }
        };
        let pos = args.iter().map(|a| self.host.task_arg(self.interp, a)).collect::<Result<_, _>>()?;
        let kw = kwds
            .iter()
            .map(|(k, v)| Ok((Rc::from(k.as_str()), self.interp.from_value(v)?)))
            .collect::<Result<_, Exc>>()?;
        let returned = self.interp.call(self.host, &func, Args { pos, kw });
        match returned.and_then(|value| self.interp.to_value(&value)) {
            Ok(value) => Ok(Ok(value)),
            Err(e) => self.host.task_failed(self.interp, e),
        }
    }

    fn task_started(&mut self) {
        self.func = None;
    }

    fn broken(&mut self, error: Exc) -> Exc {
        error
    }
}
