//! The methods of a `Pool` object: `apply`, `apply_async`, `map`, `map_async`, `starmap`,
//! `starmap_async`, `imap`, `imap_unordered` (each a job whose function is sent by name and
//! whose arguments are sent as values), `close`, `terminate`, `join`, and the `with` block
//! (whose exit terminates), with CPython's checks and messages.

use std::rc::Rc;

use nix::sys::signal::Signal;

use crate::event::{EventKind, WaitOp};
use crate::python::{Args, Exc, HostKind, HostObj, Interpreter, Obj};
use crate::value::MAX_SEQUENCE;

use super::super::ProcessHost;
use super::super::handle::Handle;
use super::job::{Callbacks, Shape};
use super::send::Calls;
use super::state::Phase;
use super::{SERVE_EVERY, bound, pickle, pool_obj};

/// The methods a pool object has.
const POOL_METHODS: [&str; 14] = [
    "apply",
    "apply_async",
    "map",
    "map_async",
    "starmap",
    "starmap_async",
    "imap",
    "imap_unordered",
    "close",
    "terminate",
    "join",
    "__enter__",
    "__exit__",
    "__reduce__",
];

impl ProcessHost<'_, '_> {
    /// A method of pool `pool`.
    pub(in crate::runtime::host) fn pool_method(
        &mut self,
        interp: &mut Interpreter,
        pool: usize,
        method: &str,
        args: Args,
    ) -> Result<Obj, Exc> {
        let shape_of = |method: &str| match method {
            "imap" => Shape::Iter { ordered: true },
            "imap_unordered" => Shape::Iter { ordered: false },
            _ => Shape::List,
        };
        match method {
            "apply" | "apply_async" => {
                let fname = format!("Pool.{method}");
                let (func, call_args, kwds, callbacks) = match method {
                    "apply" => {
                        let [func, call_args, kwds] = args.bind(&fname, ["func", "args", "kwds"], 1)?;
                        (func, call_args, kwds, Callbacks::default())
                    }
                    _ => {
                        let [func, call_args, kwds, callback, error_callback] =
                            args.bind(&fname, ["func", "args", "kwds", "callback", "error_callback"], 1)?;
                        (func, call_args, kwds, callbacks(callback, error_callback))
                    }
                };
                let call_args = match call_args {
                    None => Vec::new(),
                    Some(a) => interp.collect_items(self, &a)?,
                };
                let kwds = match kwds {
                    None | Some(Obj::None) => Vec::new(),
                    Some(k) => interp
                        .pairs(self, &k)?
                        .into_iter()
                        .map(|(key, value)| match key {
                            Obj::Str(key) => Ok((key, value)),
                            _ => Err(Exc::type_error("keywords must be strings")),
                        })
                        .collect::<Result<_, _>>()?,
                };
                let func = required(func);
                let calls = Calls::Many(vec![call_args]);
                let job = self.submit(interp, pool, &func, calls, kwds, 1, Shape::One, callbacks)?;
                if method == "apply_async" {
                    return Ok(job_obj(pool, job, Shape::One));
                }
                // apply() is apply_async().get(): the caller waits, so the pool works serially.
                self.wait_job(interp, pool, job, None)?;
                self.job_value(interp, pool, job)
            }
            "map" | "map_async" | "starmap" | "starmap_async" => {
                let fname = format!("Pool.{method}");
                let is_async = method.ends_with("_async");
                let (func, iterable, chunksize, callbacks) = match is_async {
                    false => {
                        let [func, iterable, chunksize] = args.bind(&fname, ["func", "iterable", "chunksize"], 2)?;
                        (func, iterable, chunksize, Callbacks::default())
                    }
                    true => {
                        let [func, iterable, chunksize, callback, error_callback] =
                            args.bind(&fname, ["func", "iterable", "chunksize", "callback", "error_callback"], 2)?;
                        (func, iterable, chunksize, callbacks(callback, error_callback))
                    }
                };
                let items = self.job_items(interp, &required(iterable))?;
                let calls = match method.starts_with("starmap") {
                    true => Calls::Many(
                        items.iter().map(|item| interp.collect_items(self, item)).collect::<Result<_, _>>()?,
                    ),
                    false => Calls::Single(items),
                };
                // CPython's default: about four chunks per worker.
                let workers = self.pools[pool].state.processes.max(1);
                let chunksize = match chunksize {
                    None | Some(Obj::None) => calls.len().div_ceil(4 * workers),
                    Some(c) => chunk_size(&c)?,
                };
                let func = required(func);
                let job = self.submit(interp, pool, &func, calls, Vec::new(), chunksize, Shape::List, callbacks)?;
                if is_async {
                    return Ok(job_obj(pool, job, Shape::List));
                }
                self.wait_job(interp, pool, job, None)?;
                self.job_value(interp, pool, job)
            }
            "imap" | "imap_unordered" => {
                let [func, iterable, chunksize] =
                    args.bind(&format!("Pool.{method}"), ["func", "iterable", "chunksize"], 2)?;
                let chunksize = match chunksize {
                    None => 1,
                    Some(c) => chunk_size(&c)?,
                };
                if chunksize < 1 {
                    return Err(Exc::value_error(format!("Chunksize must be 1+, not {chunksize}")));
                }
                let calls = Calls::Single(self.job_items(interp, &required(iterable))?);
                let func = required(func);
                let shape = shape_of(method);
                let job =
                    self.submit(interp, pool, &func, calls, Vec::new(), chunksize, shape, Callbacks::default())?;
                self.new_iterator(interp, pool, job, shape)
            }
            "close" => {
                args.positional("close", 0, 0)?;
                self.pools[pool].state.close();
                self.upkeep(interp, pool);
                Ok(Obj::None)
            }
            "terminate" | "__exit__" => {
                self.terminate_pool(pool);
                Ok(Obj::None)
            }
            "__enter__" => {
                self.check_running(pool)?;
                Ok(pool_obj(pool))
            }
            "join" => {
                args.positional("join", 0, 0)?;
                self.join_pool(interp, pool)?;
                Ok(Obj::None)
            }
            _ => Err(Exc::attribute_error(format!("'Pool' object has no attribute '{method}'"))),
        }
    }

    /// An attribute of a pool: its methods, bound.
    pub(in crate::runtime::host) fn pool_attr(&mut self, obj: &HostObj, name: &str) -> Result<Obj, Exc> {
        if POOL_METHODS.contains(&name) {
            return Ok(bound(obj, name));
        }
        Err(Exc::attribute_error(format!("'Pool' object has no attribute '{name}'")))
    }

    /// `repr(pool)`, as CPython's.
    pub(in crate::runtime::host) fn pool_repr(&self, pool: usize) -> String {
        let p = &self.pools[pool].state;
        let state = match p.phase() {
            Phase::Run => "RUN",
            Phase::Close => "CLOSE",
            Phase::Terminate => "TERMINATE",
        };
        format!("<multiprocessing.pool.Pool state={state} pool_size={}>", p.workers.len())
    }

    fn check_running(&self, pool: usize) -> Result<(), Exc> {
        match self.pools[pool].state.phase() {
            Phase::Run => Ok(()),
            _ => Err(Exc::value_error("Pool not running")),
        }
    }

    /// Sends a job: its function by name and its arguments as values. When they cannot be
    /// sent, the job fails with that error (as CPython's task handler does), so `get()`
    /// raises it and the error_callback runs.
    #[allow(clippy::too_many_arguments)]
    fn submit(
        &mut self,
        interp: &mut Interpreter,
        pool: usize,
        func: &Obj,
        calls: Calls,
        kwds: Vec<(Rc<str>, Obj)>,
        chunksize: usize,
        shape: Shape,
        callbacks: Callbacks<Obj>,
    ) -> Result<i64, Exc> {
        self.check_running(pool)?;
        let name = pickle::name_of(interp, self, func);
        let job = self.pools[pool].state.new_job(shape, calls.len(), chunksize, callbacks)?;
        let (name, unsent) = match name {
            Ok(name) => (name, None),
            Err(e) => (String::new(), Some(e)),
        };
        let tasks = match unsent {
            None => self.frame_tasks(interp, job, &name, &calls, &kwds, chunksize),
            Some(e) => Err(e),
        };
        match tasks {
            Ok(tasks) => {
                let mut due = Vec::new();
                let sent = self.pools[pool].state.send(self.ctx, tasks, &mut due);
                for finished in due {
                    self.run_callback(interp, finished);
                }
                sent.map(|()| job)
            }
            Err(mut e) => {
                let error = interp.exc_object(&mut e);
                let error = pickle::exception_value(interp, self, &error);
                if let Some(finished) = self.pools[pool].state.fail(job, error) {
                    self.run_callback(interp, finished);
                }
                Ok(job)
            }
        }
    }

    /// The items of a job's iterable: a range's ints made at once, a list's or tuple's items
    /// taken at once (no Python code runs meanwhile), anything else iterated.
    fn job_items(&mut self, interp: &mut Interpreter, iterable: &Obj) -> Result<Vec<Obj>, Exc> {
        match iterable {
            Obj::Range(r) => {
                if let Some(items) = range_items(**r) {
                    return Ok(items);
                }
            }
            Obj::List(items) => return Ok(items.borrow().clone()),
            Obj::Tuple(items) => return Ok(items.to_vec()),
            _ => {}
        }
        interp.collect_items(self, iterable)
    }

    /// `terminate()`: SIGTERM every worker now and join them; pending jobs never finish.
    pub(super) fn terminate_pool(&mut self, pool: usize) {
        let workers = self.pools[pool].state.terminate();
        for &w in &workers {
            let _ = self.signal(w, Signal::SIGTERM);
        }
        for &w in &workers {
            let _ = self.join(w, None);
        }
    }

    /// `join()`: only after `close()` or `terminate()`; waits for every worker to end while
    /// still handing out results and running callbacks.
    fn join_pool(&mut self, interp: &mut Interpreter, pool: usize) -> Result<(), Exc> {
        if self.pools[pool].state.phase() == Phase::Run {
            return Err(Exc::value_error("Pool is still running"));
        }
        let unreaped =
            |host: &Self| host.pools[pool].state.workers.iter().copied().find(|&w| host.children[w].exitcode.is_none());
        while let Some(w) = unreaped(self) {
            let name = self.children[w].name.clone();
            self.ctx.blocks(EventKind::Waiting { object: name.into(), op: WaitOp::Join, timed: false });
            while self.running(w) {
                self.serve_pools(interp, Some(SERVE_EVERY));
            }
        }
        self.serve_pools(interp, None);
        Ok(())
    }
}

/// An `AsyncResult` as the program's object (`ApplyResult` or `MapResult`, as CPython's).
fn job_obj(pool: usize, job: i64, shape: Shape) -> Obj {
    let class = if shape == Shape::One { "ApplyResult" } else { "MapResult" };
    HostObj::obj(class, Handle::Job { pool, job }.encode(), HostKind::Object)
}

fn callbacks(callback: Option<Obj>, error_callback: Option<Obj>) -> Callbacks<Obj> {
    let given = |c: Option<Obj>| c.filter(|c| !matches!(c, Obj::None));
    Callbacks { callback: given(callback), error_callback: given(error_callback) }
}

/// A bound argument that `bind` already required.
fn required(arg: Option<Obj>) -> Obj {
    arg.unwrap_or(Obj::None)
}

/// The ints of `range(start, stop, step)`, unless there are more than a sequence holds
/// (`MAX_SEQUENCE`; iterating says what is wrong then).
fn range_items(range: [i64; 3]) -> Option<Vec<Obj>> {
    let len = crate::python::range_len(&range);
    if len > MAX_SEQUENCE {
        return None;
    }
    let [start, _, step] = range.map(i128::from);
    Some((0..len as i128).map(|k| Obj::Int((start + k * step) as i64)).collect())
}

fn chunk_size(obj: &Obj) -> Result<usize, Exc> {
    match obj.as_int() {
        Some(n) => Ok(n.max(0) as usize),
        None => Err(Exc::type_error(format!("'{}' object cannot be interpreted as an integer", obj.type_name()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(r: [i64; 3]) -> Vec<i64> {
        range_items(r).expect("a range").iter().filter_map(Obj::as_int).collect()
    }

    #[test]
    fn a_range_gives_the_ints_python_iterates() {
        assert_eq!(ints([0, 5, 1]), vec![0, 1, 2, 3, 4]);
        assert_eq!(ints([1, 10, 3]), vec![1, 4, 7]);
        assert_eq!(ints([10, 1, -4]), vec![10, 6, 2]);
        assert_eq!(ints([5, 5, 1]), Vec::<i64>::new());
        assert_eq!(ints([5, 0, 1]), Vec::<i64>::new());
        assert_eq!(ints([i64::MAX - 2, i64::MAX, 1]), vec![i64::MAX - 2, i64::MAX - 1]);
        assert_eq!(ints([i64::MIN, i64::MIN + 3, 2]), vec![i64::MIN, i64::MIN + 2]);
        assert!(range_items([0, i64::MAX, 1]).is_none(), "too long to make at once");
    }
}
