//! What travels through a pool's queues, and a worker's loop over them, as CPython's
//! `multiprocessing.pool.worker`: take a task, call its function once per item of its chunk
//! (stopping at the first exception), put one answer, until a `None` or `maxtasksperchild`
//! tasks. A task is `[job, chunk, func, calls]` plus `kwds` when there are any; an answer is
//! `[job, chunk, ok, values or error]`, so the screen's queue boxes show both.

use crate::python::Exc;
use crate::runtime::ctx::Ctx;
use crate::value::Value;

use super::framing;
use super::state::Queues;

/// One task: a chunk of calls of one function.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub job: i64,
    pub chunk: usize,
    /// How the function travels: its name.
    pub func: Value,
    /// Each call's positional arguments (a list).
    pub calls: Vec<Value>,
    pub kwds: Vec<(String, Value)>,
}

impl Task {
    #[cfg(test)]
    pub fn encode(&self) -> Value {
        self.clone().into_value()
    }

    /// The queue item this task travels as (taking its calls, which are not copied).
    pub fn into_value(self) -> Value {
        let mut parts = vec![Value::Int(self.job), Value::Int(self.chunk as i64), self.func, Value::List(self.calls)];
        if !self.kwds.is_empty() {
            let kwds = self.kwds.into_iter().map(|(k, v)| Value::Tuple(vec![Value::Str(k), v]));
            parts.push(Value::List(kwds.collect()));
        }
        Value::List(parts)
    }

    /// The task a queue item stands for; `None` for anything else (the stop sentinel).
    pub fn decode(item: Value) -> Option<Task> {
        let Value::List(parts) = item else { return None };
        let mut parts = parts.into_iter();
        let (Some(Value::Int(job)), Some(Value::Int(chunk)), Some(func), Some(Value::List(calls))) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let kwds = match parts.next() {
            Some(Value::List(pairs)) => pairs
                .into_iter()
                .filter_map(|pair| match pair {
                    Value::Tuple(kv) | Value::List(kv) => match <[Value; 2]>::try_from(kv) {
                        Ok([Value::Str(k), v]) => Some((k, v)),
                        _ => None,
                    },
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(Task { job, chunk: chunk.max(0) as usize, func, calls, kwds })
    }
}

/// One answer: a chunk's values, or the error that stopped it.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub job: i64,
    pub chunk: usize,
    pub outcome: Result<Vec<Value>, Value>,
}

impl Answer {
    #[cfg(test)]
    pub fn encode(&self) -> Value {
        self.clone().into_value()
    }

    /// The queue item this answer travels as (taking its values, which are not copied).
    pub fn into_value(self) -> Value {
        let (ok, payload) = match self.outcome {
            Ok(values) => (true, Value::List(values)),
            Err(error) => (false, error),
        };
        Value::List(vec![Value::Int(self.job), Value::Int(self.chunk as i64), Value::Bool(ok), payload])
    }

    pub fn decode(item: Value) -> Option<Answer> {
        let Value::List(parts) = item else { return None };
        let mut parts = parts.into_iter();
        let (Some(Value::Int(job)), Some(Value::Int(chunk)), Some(Value::Bool(ok)), Some(payload)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let outcome = match (ok, payload) {
            (true, Value::List(values)) => Ok(values),
            (true, other) => Ok(vec![other]),
            (false, error) => Err(error),
        };
        Some(Answer { job, chunk: chunk.max(0) as usize, outcome })
    }
}

/// What a worker process does with a task's calls; `Stop` ends the worker (an exit).
pub trait Worker {
    type Stop;

    /// One step of the worker's own: before it takes a task and before it answers.
    fn step(&mut self);

    /// Calls the task's function: its value, or the exception it raised as a payload the
    /// owner understands; `Err` ends the worker (SystemExit, a lost queue).
    fn call(
        &mut self,
        func: &Value,
        args: Vec<Value>,
        kwds: &[(String, Value)],
    ) -> Result<Result<Value, Value>, Self::Stop>;

    /// A new task begins (its calls follow).
    fn task_started(&mut self) {}

    /// The worker's end when its queues fail.
    fn broken(&mut self, error: Exc) -> Self::Stop;
}

/// Serves tasks until a `None` or `maxtasksperchild` tasks.
pub fn serve<W: Worker>(ctx: &Ctx, queues: &Queues, worker: &mut W) -> Result<(), W::Stop> {
    let mut completed = 0;
    loop {
        worker.step();
        let item = queues.tasks.get(ctx, true, None).map_err(|e| worker.broken(e))?;
        let Some(task) = Task::decode(item) else { return Ok(()) };
        worker.task_started();
        let mut values = Vec::with_capacity(task.calls.len());
        let mut failure = None;
        for call in task.calls {
            let args = match call {
                Value::List(args) | Value::Tuple(args) => args,
                other => vec![other],
            };
            match worker.call(&task.func, args, &task.kwds)? {
                Ok(v) => values.push(v),
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        let outcome = failure.map_or(Ok(values), Err);
        let answer = Answer { job: task.job, chunk: task.chunk, outcome };
        worker.step();
        let framed = framing::answer(answer);
        queues.results.put_framed(ctx, framed.shown, &framed.bytes, true).map_err(|e| worker.broken(e))?;
        completed += 1;
        if queues.maxtasks.is_some_and(|m| completed >= m) {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_and_answers_survive_the_queue() {
        let task = Task {
            job: 3,
            chunk: 1,
            func: Value::Str("add".into()),
            calls: vec![Value::List(vec![Value::Int(2)])],
            kwds: vec![("b".into(), Value::Int(10))],
        };
        assert_eq!(Task::decode(task.encode()), Some(task));
        let answer = Answer { job: 3, chunk: 1, outcome: Ok(vec![Value::Int(12)]) };
        assert_eq!(answer.encode().repr(), "[3, 1, True, [12]]");
        assert_eq!(Answer::decode(answer.encode()), Some(answer));
        assert_eq!(Task::decode(Value::None), None, "None stops a worker");
    }
}
