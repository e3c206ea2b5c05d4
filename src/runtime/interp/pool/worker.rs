//! A pool worker's life in the forked process: run the initializer script, then serve
//! tasks (`host/pool/tasks.rs`), each a script called with the task's arguments.

use crate::runtime::host::pool::state::Queues;
use crate::runtime::host::pool::tasks::{self, Worker};
use crate::runtime::pyerr::PyErr;
use crate::value::Value;

use super::super::Interp;
use super::error_value;

/// What a forked worker needs from its pool.
#[derive(Clone, Debug)]
pub struct WorkerOf {
    pub queues: Queues,
    pub initializer: Option<String>,
}

/// The worker loop's view of the interpreter.
struct ScriptWorker<'w, 'a, 'r> {
    interp: &'w mut Interp<'a, 'r>,
    line: u32,
}

impl Interp<'_, '_> {
    /// In a forked worker: run the initializer, then tasks until a `None` sentinel or
    /// `maxtasksperchild` tasks; the exit code.
    pub(in crate::runtime::interp) fn pool_worker(&mut self, of: &WorkerOf) -> i32 {
        if let Some(init) = &of.initializer
            && let Err(e) = self.call_script(init, Vec::new())
        {
            self.report_raise(&e, false);
            return 1;
        }
        let line = self.current_line;
        let ctx = self.ctx;
        match tasks::serve(ctx, &of.queues, &mut ScriptWorker { interp: self, line }) {
            Ok(()) => 0,
            Err(code) => code,
        }
    }
}

impl Worker for ScriptWorker<'_, '_, '_> {
    type Stop = i32;

    fn step(&mut self) {
        self.interp.step(self.line);
    }

    fn call(&mut self, func: &Value, args: Vec<Value>, _: &[(String, Value)]) -> Result<Result<Value, Value>, i32> {
        let Value::Str(script) = func else { return Err(1) };
        match self.interp.call_script(script, args) {
            Ok(v) => Ok(Ok(v)),
            Err(PyErr::Raise { error, message }) => {
                self.interp.report_raise(&PyErr::Raise { error: error.clone(), message: message.clone() }, true);
                Ok(Err(error_value(error, message)))
            }
            Err(PyErr::Exit(code)) => Err(code),
        }
    }

    fn broken(&mut self, _: PyErr) -> i32 {
        1
    }
}
