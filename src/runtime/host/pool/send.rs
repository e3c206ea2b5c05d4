//! A job's calls as the program gave them, and their tasks framed for the task queue, as
//! CPython pickles each chunk once: a chunk of plain arguments (numbers, strings, None) is
//! written straight from the objects into its message (`framing`), never made into a `Value`
//! tree first; other arguments (tuples, lists, proxies) travel as the `Value`s they convert to.

use std::rc::Rc;

use crate::python::{Exc, Interpreter, Obj};
use crate::runtime::frame::{self, Builder};
use crate::value::Value;

use super::super::ProcessHost;
use super::framing::{self, Framed};
use super::tasks::Task;

/// The calls of a job, each its positional arguments.
pub enum Calls {
    /// `map` and `imap`: one argument per call (no list made for each).
    Single(Vec<Obj>),
    /// `apply` and `starmap`: each call's arguments.
    Many(Vec<Vec<Obj>>),
}

impl Calls {
    /// How many calls (the job's items).
    pub fn len(&self) -> usize {
        match self {
            Calls::Single(args) => args.len(),
            Calls::Many(calls) => calls.len(),
        }
    }

    /// Call `i`'s arguments.
    fn args(&self, i: usize) -> &[Obj] {
        match self {
            Calls::Single(args) => std::slice::from_ref(&args[i]),
            Calls::Many(calls) => &calls[i],
        }
    }

    /// Whether every argument of every call is a number, a string, a bool or None.
    fn all_plain(&self) -> bool {
        let plain = |a: &Obj| matches!(a, Obj::None | Obj::Bool(_) | Obj::Int(_) | Obj::Float(_) | Obj::Str(_));
        match self {
            Calls::Single(args) => args.iter().all(plain),
            Calls::Many(calls) => calls.iter().flatten().all(plain),
        }
    }
}

/// A job's tasks as they are made: framed one by one as they are sent (plain arguments:
/// nothing can fail, and the first chunk reaches a worker before the last one is framed), or
/// all framed before the first is sent.
pub type Tasks<'c> = Box<dyn Iterator<Item = Framed> + 'c>;

impl ProcessHost<'_, '_> {
    /// Job `job`'s tasks, `chunksize` calls each, for the task queue; `func` is the name the
    /// function travels as. An argument that cannot travel is a PicklingError, and then no
    /// task is made.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn frame_tasks<'c>(
        &mut self,
        interp: &mut Interpreter,
        job: i64,
        func: &'c str,
        calls: &'c Calls,
        kwds: &[(Rc<str>, Obj)],
        chunksize: usize,
    ) -> Result<Tasks<'c>, Exc> {
        let chunksize = chunksize.max(1);
        let starts = (0..calls.len()).step_by(chunksize);
        if kwds.is_empty() && calls.all_plain() {
            let frame = move |(chunk, start): (usize, usize)| {
                let end = (start + chunksize).min(calls.len());
                plain_task(job, chunk, func, (start..end).map(|i| calls.args(i)))
            };
            return Ok(Box::new(starts.enumerate().map(frame)));
        }
        let mut values = (0..calls.len())
            .map(|i| {
                let args = calls.args(i).iter().map(|a| self.task_value(interp, a));
                args.collect::<Result<Vec<_>, _>>().map(Value::List)
            })
            .collect::<Result<Vec<_>, _>>()?
            .into_iter();
        let kwds =
            kwds.iter().map(|(k, v)| Ok((k.to_string(), interp.to_value(v)?))).collect::<Result<Vec<_>, Exc>>()?;
        let frame = |(chunk, _): (usize, usize)| {
            let calls = values.by_ref().take(chunksize).collect();
            let value = Task { job, chunk, func: Value::Str(func.into()), calls, kwds: kwds.clone() }.into_value();
            Framed { bytes: frame::encode(&value), shown: value }
        };
        let tasks: Vec<Framed> = starts.enumerate().map(frame).collect();
        Ok(Box::new(tasks.into_iter()))
    }
}

/// One task of plain arguments, written straight from them: the bytes and event item of
/// `Task::into_value` for the same task.
fn plain_task<'c>(
    job: i64,
    chunk: usize,
    func: &str,
    calls: impl ExactSizeIterator<Item = &'c [Obj]> + Clone,
) -> Framed {
    let head = vec![Value::Int(job), Value::Int(chunk as i64), Value::Str(func.into())];
    // A call of one small argument takes 14 bytes; more grows the message as it must.
    let mut b = Builder::with_capacity(64 + 14 * calls.len());
    b.list(head.len() + 1);
    for v in &head {
        b.plain(v);
    }
    b.list(calls.len());
    for args in calls.clone() {
        b.list(args.len());
        for a in args {
            match a {
                Obj::Int(i) => b.int(*i),
                Obj::Str(s) => b.str(s),
                other => {
                    b.plain(&plain_value(other));
                }
            }
        }
    }
    let binary_len = b.binary_len();
    let items = calls.map(|args| Value::List(args.iter().map(plain_value).collect()));
    Framed { bytes: b.finish(), shown: framing::shown(head, items, binary_len) }
}

/// A plain argument's value (`Calls::all_plain`): what converting it gives.
fn plain_value(a: &Obj) -> Value {
    match a {
        Obj::Bool(b) => Value::Bool(*b),
        Obj::Int(i) => Value::Int(*i),
        Obj::Float(x) => Value::Float(*x),
        Obj::Str(s) => Value::Str(s.to_string()),
        _ => Value::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::report;

    /// The task `Task::into_value` makes of the same calls, each argument converted by the
    /// interpreter.
    fn whole(job: i64, chunk: usize, calls: &[Vec<Obj>]) -> Value {
        let program = crate::python::Program::parse("t.py", "").expect("parses");
        let mut interp = Interpreter::new(&program, &[]).expect("no knobs");
        let calls = calls
            .iter()
            .map(|args| Value::List(args.iter().map(|a| interp.to_value(a).expect("plain")).collect()))
            .collect();
        Task { job, chunk, func: Value::Str("square".into()), calls, kwds: Vec::new() }.into_value()
    }

    #[test]
    fn a_plain_chunk_framed_from_its_objects_is_the_message_and_event_item_of_its_task() {
        let chunks: Vec<Vec<Vec<Obj>>> = vec![
            (0..6250).map(|i| vec![Obj::Int(i)]).collect(),
            (0..4).map(|i| vec![Obj::Int(i), Obj::str("b")]).collect(),
            (0..7000).map(|i| vec![Obj::str(&format!("{i}'s")), Obj::Float(0.25), Obj::None]).collect(),
            (0..8000).map(|_| Vec::new()).collect(),
            vec![vec![Obj::str(&"z".repeat(50_000))]],
            (0..3000).map(|i| vec![Obj::Bool(i % 3 == 0)]).collect(),
            (0..5000).map(|i| vec![Obj::Int(-i), Obj::Float(f64::NAN), Obj::str("包子")]).collect(),
        ];
        for calls in chunks {
            let framed = plain_task(7, 3, "square", calls.iter().map(Vec::as_slice));
            let whole = whole(7, 3, &calls);
            assert!(framed.bytes == frame::encode(&whole), "the message of {} calls", calls.len());
            let shown = framed.shown.repr();
            assert!(framed.shown == report::event_item(&whole), "{}", shown.chars().take(200).collect::<String>());
        }
    }
}
