//! A pool worker's life in the forked process: run the initializer, then take tasks from the
//! task queue until a `None` or `maxtasksperchild` tasks, answering each on the result queue,
//! as CPython's `multiprocessing.pool.worker`.

use std::rc::Rc;

use crate::runtime::objects::queue::Queue;
use crate::runtime::pyerr::PyErr;
use crate::value::Value;

use super::super::Interp;

/// What a forked worker needs from its pool.
#[derive(Clone, Debug)]
pub struct WorkerOf {
    pub tasks: Rc<Queue>,
    pub results: Rc<Queue>,
    pub initializer: Option<String>,
    pub maxtasks: Option<u32>,
}

impl Interp<'_, '_> {
    /// In a forked worker: run the initializer, then tasks until a `None` sentinel or
    /// `maxtasksperchild` tasks, answering each on the result queue.
    pub(in crate::runtime::interp) fn pool_worker(&mut self, of: &WorkerOf) -> i32 {
        if let Some(init) = &of.initializer
            && let Err(e) = self.call_script(init, Vec::new())
        {
            self.report_raise(&e, false);
            return 1;
        }
        let mut completed = 0;
        let line = self.current_line;
        loop {
            self.step(line);
            let task = match of.tasks.get(self.ctx, true, None) {
                Ok(t) => t,
                Err(_) => return 1,
            };
            let Value::List(parts) = task else { return 0 };
            let (Some(job), Some(chunk), Some(Value::Str(func)), Some(Value::List(calls))) =
                (parts.first(), parts.get(1), parts.get(2), parts.get(3))
            else {
                return 1;
            };
            let mut values = Vec::new();
            let mut failure = None;
            for call in calls {
                let args = match call {
                    Value::List(args) => args.clone(),
                    other => vec![other.clone()],
                };
                match self.call_script(func, args) {
                    Ok(v) => values.push(v),
                    Err(PyErr::Raise { error, message }) => {
                        self.report_raise(&PyErr::Raise { error: error.clone(), message: message.clone() }, true);
                        failure = Some(Value::List(vec![Value::Str(error), Value::Str(message)]));
                        break;
                    }
                    Err(PyErr::Exit(code)) => return code,
                }
            }
            let (ok, payload) = match failure {
                Some(f) => (false, f),
                None => (true, Value::List(values)),
            };
            let answer = Value::List(vec![job.clone(), chunk.clone(), Value::Bool(ok), payload]);
            self.step(line);
            if of.results.put(self.ctx, answer, true, None).is_err() {
                return 1;
            }
            completed += 1;
            if of.maxtasks.is_some_and(|m| completed >= m) {
                return 0;
            }
        }
    }
}
