//! `multiprocessing.Pool` for the step-language interpreter, over the pool parts the Python
//! host uses (`host/pool/{state,job,tasks}.rs`): real worker processes (daemons named
//! `ForkPoolWorker-N`), a real task queue and result queue, and the handler threads' work
//! done by the parent at safe points (before each step, while it sleeps, while it waits on a
//! pool call). Here functions and callbacks are script names, and an error travels as
//! `[error, message]`.

use std::time::{Duration, Instant};

use crate::runtime::host::pool::job::{Callbacks, Finished, Next, Shape};
use crate::runtime::host::pool::state::{self, Phase, Wait};
use crate::runtime::objects::Args;
use crate::runtime::pyerr::{PyErr, PyResult};
use crate::value::Value;

use super::Interp;

mod worker;

pub use worker::WorkerOf;

/// How often a waiting parent looks after its workers.
const SERVE_EVERY: Duration = Duration::from_millis(20);

/// A pool in the process that made it: the shared state, and the initializer script its
/// workers run first.
#[derive(Debug)]
pub struct PoolState {
    state: state::PoolState<String>,
    initializer: Option<String>,
}

fn script_arg(v: Option<&Value>, what: &str) -> PyResult<String> {
    match v {
        Some(Value::Str(s)) => Ok(s.clone()),
        _ => Err(PyErr::type_error(format!("{what} must be a script of this lesson"))),
    }
}

fn optional_script(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

fn handle_of(pool: &str, job: i64) -> String {
    format!("{pool}#{job}")
}

fn split_handle(handle: &str) -> Option<(&str, i64)> {
    let (pool, job) = handle.rsplit_once('#')?;
    Some((pool, job.parse().ok()?))
}

/// An error as it travels between this interpreter's processes.
fn error_value(error: String, message: String) -> Value {
    Value::List(vec![Value::Str(error), Value::Str(message)])
}

/// The error an `[error, message]` value stands for.
fn error_of(value: &Value) -> PyErr {
    match value {
        Value::List(em) if em.len() == 2 => PyErr::Raise { error: em[0].to_string(), message: em[1].to_string() },
        other => PyErr::Raise { error: "Exception".into(), message: other.to_string() },
    }
}

impl Interp<'_, '_> {
    /// `Pool(processes, initializer=script, maxtasksperchild=n)`: makes the queues and starts
    /// the workers.
    pub(super) fn new_pool(&mut self, a: &Args) -> PyResult<Value> {
        let processes = match a.get(0, "processes") {
            None | Some(Value::None) => 2,
            Some(_) => a.int(0, "processes")?,
        };
        if processes < 1 {
            return Err(PyErr::value("Number of processes must be at least 1"));
        }
        let maxtasks = match a.get(usize::MAX, "maxtasksperchild") {
            None | Some(Value::None) => None,
            Some(_) => Some(a.int(usize::MAX, "maxtasksperchild")?.max(1) as u32),
        };
        let name = self.assigning.clone().unwrap_or_else(|| "pool".into());
        let state = state::PoolState::create(self.ctx, &name, processes as usize, maxtasks, self.current_line)
            .map_err(|e| PyErr::new("OSError", e.to_string()))?;
        let initializer = optional_script(a.get(usize::MAX, "initializer"));
        self.pools.insert(name.clone(), PoolState { state, initializer });
        self.repopulate(&name)?;
        Ok(Value::Object { object: name })
    }

    /// Starts workers until the pool has its number of them.
    fn repopulate(&mut self, pool: &str) -> PyResult<()> {
        let Some(p) = self.pools.get(pool) else { return Ok(()) };
        let of = WorkerOf { queues: p.state.queues.clone(), initializer: p.initializer.clone() };
        for _ in 0..p.state.missing() {
            let index = self.start_worker(of.clone())?;
            if let Some(p) = self.pools.get_mut(pool) {
                p.state.workers.push(index);
            }
        }
        Ok(())
    }

    /// Reaps workers that ended and, while work may remain, starts new ones (new PIDs). After
    /// `close()`, once every job is done, tells each worker to stop.
    fn maintain(&mut self, pool: &str) {
        let Some(p) = self.pools.get(pool) else { return };
        let workers = p.state.workers.clone();
        let alive: Vec<usize> = workers.into_iter().filter(|&w| self.child_running(w)).collect();
        let Some(p) = self.pools.get_mut(pool) else { return };
        if p.state.keep_alive(|w| alive.contains(&w)) {
            let _ = self.repopulate(pool);
        }
        if let Some(p) = self.pools.get_mut(pool) {
            p.state.stop_idle_workers(self.ctx);
        }
    }

    /// Hands out every result that has arrived, running callbacks; with `wait`, first waits up
    /// to that long for one.
    pub(super) fn serve_pools(&mut self, wait: Option<Duration>) -> usize {
        let mut handled = 0;
        let names: Vec<String> = self.pools.keys().cloned().collect();
        if let Some(wait) = wait {
            state::wait_for_any(self.pools.values().map(|p| &*p.state.queues.results), wait);
        }
        for name in names {
            self.maintain(&name);
            while let Some(p) = self.pools.get_mut(&name)
                && let Some(answer) = p.state.next_answer(self.ctx)
            {
                handled += 1;
                if let Some(finished) = p.state.take(answer) {
                    self.run_callback(finished);
                }
            }
        }
        handled
    }

    /// A finished job's callback, run now in this process.
    fn run_callback(&mut self, finished: Finished<String>) {
        let arg = match &finished.with {
            Ok(value) => value.clone(),
            Err(error) => match error_of(error) {
                PyErr::Raise { error, message } => Value::Str(format!("{error}: {message}")),
                PyErr::Exit(code) => Value::Int(i64::from(code)),
            },
        };
        self.in_callback = true;
        if let Err(e) = self.call_script(&finished.call, vec![arg]) {
            // CPython's result handler would die of it; keep the lesson going and show it.
            self.report_raise(&e, true);
        }
        self.in_callback = false;
    }

    fn pool(&self, pool: &str) -> PyResult<&state::PoolState<String>> {
        self.pools.get(pool).map(|p| &p.state).ok_or_else(|| PyErr::value("unknown pool"))
    }

    /// Puts a job's tasks on the task queue.
    fn submit(
        &mut self,
        pool: &str,
        func: String,
        calls: Vec<Vec<Value>>,
        chunksize: usize,
        shape: Shape,
        a: &Args,
    ) -> PyResult<String> {
        let callbacks = Callbacks {
            callback: optional_script(a.get(usize::MAX, "callback")),
            error_callback: optional_script(a.get(usize::MAX, "error_callback")),
        };
        let p = self.pools.get_mut(pool).ok_or_else(|| PyErr::value("unknown pool"))?;
        let calls = calls.into_iter().map(Value::List).collect();
        let job = p.state.submit(self.ctx, Value::Str(func), calls, Vec::new(), chunksize, shape, callbacks)?;
        Ok(handle_of(pool, job))
    }

    /// Waits until `ready` holds for the pool (serving the pools meanwhile); false on timeout.
    fn wait_pool(
        &mut self,
        pool: &str,
        timeout_ms: Option<i64>,
        ready: impl Fn(&state::PoolState<String>) -> bool,
    ) -> PyResult<bool> {
        let deadline = self.ctx.timeout(timeout_ms).map(|d| Instant::now() + d);
        let mut reported = false;
        loop {
            if ready(self.pool(pool)?) {
                return Ok(true);
            }
            if !reported {
                self.pool(pool)?.report_wait(self.ctx, Wait::Waiting { timed: deadline.is_some() });
                reported = true;
            }
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left.is_some_and(|l| l.is_zero()) {
                self.pool(pool)?.report_wait(self.ctx, Wait::GaveUp);
                return Ok(false);
            }
            if self.serve_pools(Some(left.map_or(SERVE_EVERY, |l| l.min(SERVE_EVERY)))) > 0 {
                reported = false;
            }
        }
    }

    /// Waits for a job to finish (serving the pool meanwhile); false on timeout.
    fn wait_job(&mut self, handle: &str, timeout_ms: Option<i64>) -> PyResult<bool> {
        let (pool, job) = split_handle(handle).ok_or_else(|| PyErr::value("unknown result"))?;
        let pool = pool.to_string();
        self.wait_pool(&pool, timeout_ms, |p| p.job(job).is_none_or(|j| j.done()))
    }

    /// The value of a finished job, or its error raised.
    fn job_value(&self, handle: &str) -> PyResult<Value> {
        let (pool, job) = split_handle(handle).ok_or_else(|| PyErr::value("unknown result"))?;
        let j = self.pool(pool)?.job(job).ok_or_else(|| PyErr::value("unknown result"))?;
        j.outcome().map_err(|e| error_of(&e))
    }

    /// Methods of a Pool.
    pub(super) fn pool_method(&mut self, pool: &str, method: &str, a: &Args) -> PyResult<Value> {
        let processes = self.pool(pool)?.processes;
        let items = |a: &Args| -> PyResult<Vec<Value>> {
            match a.get(1, "iterable") {
                Some(Value::List(items)) => Ok(items.clone()),
                Some(other) => Err(PyErr::type_error(format!("'{}' object is not iterable", other.type_name()))),
                None => Err(PyErr::type_error("missing required argument: 'iterable'")),
            }
        };
        let chunksize = |a: &Args, n: usize, default: usize| -> PyResult<usize> {
            match a.get(2, "chunksize") {
                None | Some(Value::None) => Ok(default.max(1).min(n.max(1))),
                Some(_) => Ok(a.int(2, "chunksize")?.max(1) as usize),
            }
        };
        let map_default = |n: usize| n.div_ceil(4 * processes);
        match method {
            "apply" | "apply_async" => {
                let func = script_arg(a.get(0, "func"), "func")?;
                let args = match a.get(1, "args") {
                    None | Some(Value::None) => Vec::new(),
                    Some(Value::List(v)) => v.clone(),
                    Some(other) => vec![other.clone()],
                };
                let handle = self.submit(pool, func, vec![args], 1, Shape::One, a)?;
                if method == "apply_async" {
                    return Ok(Value::Object { object: handle });
                }
                // apply() is apply_async().get(): the caller waits, so the pool works serially.
                self.wait_job(&handle, None)?;
                self.job_value(&handle)
            }
            "map" | "map_async" | "starmap" | "starmap_async" => {
                let func = script_arg(a.get(0, "func"), "func")?;
                let items = items(a)?;
                let star = method.starts_with("starmap");
                let calls: Vec<Vec<Value>> = items
                    .into_iter()
                    .map(|x| match (star, x) {
                        (true, Value::List(args)) => args,
                        (_, x) => vec![x],
                    })
                    .collect();
                let size = chunksize(a, calls.len(), map_default(calls.len()))?;
                let handle = self.submit(pool, func, calls, size, Shape::List, a)?;
                if method.ends_with("_async") {
                    return Ok(Value::Object { object: handle });
                }
                self.wait_job(&handle, None)?;
                self.job_value(&handle)
            }
            "imap" | "imap_unordered" => {
                let func = script_arg(a.get(0, "func"), "func")?;
                let calls: Vec<Vec<Value>> = items(a)?.into_iter().map(|x| vec![x]).collect();
                let size = chunksize(a, calls.len(), 1)?;
                let shape = Shape::Iter { ordered: method == "imap" };
                Ok(Value::Object { object: self.submit(pool, func, calls, size, shape, a)? })
            }
            "close" => {
                let p = self.pools.get_mut(pool).ok_or_else(|| PyErr::value("unknown pool"))?;
                p.state.close();
                self.maintain(pool);
                Ok(Value::None)
            }
            "terminate" => {
                let p = self.pools.get_mut(pool).ok_or_else(|| PyErr::value("unknown pool"))?;
                let workers = p.state.terminate();
                for &w in &workers {
                    self.terminate_child(w);
                }
                for &w in &workers {
                    self.join_child(w);
                }
                Ok(Value::None)
            }
            "join" => {
                if self.pool(pool)?.phase() == Phase::Run {
                    return Err(PyErr::value("Pool is still running"));
                }
                let workers = self.pool(pool)?.workers.clone();
                let mut reported = false;
                for w in workers {
                    // Wait for each worker while still handing out results and callbacks; the
                    // caller waits on the results meanwhile (a callback is its own steps, so
                    // after one it waits again).
                    while self.child_running(w) {
                        if !reported {
                            self.pool(pool)?.report_wait(self.ctx, Wait::Waiting { timed: false });
                            reported = true;
                        }
                        if self.serve_pools(Some(SERVE_EVERY)) > 0 {
                            reported = false;
                        }
                    }
                }
                let _ = self.serve_pools(None);
                Ok(Value::None)
            }
            _ => Err(PyErr::new("AttributeError", format!("'Pool' object has no attribute '{method}'"))),
        }
    }

    /// Whether `handle` names a pool's job.
    pub(super) fn is_pool_job(&self, handle: &str) -> bool {
        split_handle(handle).is_some_and(|(pool, job)| self.pool(pool).is_ok_and(|p| p.job(job).is_some()))
    }

    /// Whether `handle` is an `imap` iterator.
    pub(super) fn is_pool_iterator(&self, handle: &str) -> bool {
        split_handle(handle)
            .and_then(|(pool, job)| self.pool(pool).ok()?.job(job))
            .is_some_and(|j| matches!(j.shape(), Shape::Iter { .. }))
    }

    /// The next result of an `imap` iterator (input order, or arrival order for
    /// `imap_unordered`), waiting for it; None when all were handed out.
    pub(super) fn pool_next(&mut self, handle: &str) -> PyResult<Option<Value>> {
        let (pool, job) = split_handle(handle).ok_or_else(|| PyErr::value("unknown iterator"))?;
        let pool = pool.to_string();
        self.wait_pool(&pool, None, |p| p.job(job).is_none_or(|j| j.has_next()))?;
        let p = self.pools.get_mut(&pool).ok_or_else(|| PyErr::value("unknown iterator"))?;
        match p.state.job_mut(job).map(|j| j.next()) {
            Some(Next::Item(Ok(v))) => Ok(Some(v)),
            Some(Next::Item(Err(e))) => Err(error_of(&e)),
            Some(Next::Exhausted | Next::Pending) | None => Ok(None),
        }
    }

    /// Methods of an AsyncResult.
    pub(super) fn result_method(&mut self, handle: &str, method: &str, a: &Args) -> PyResult<Value> {
        match method {
            "get" => {
                if !self.wait_job(handle, a.timeout(0, "timeout")?)? {
                    return Err(PyErr::new("TimeoutError", ""));
                }
                self.job_value(handle)
            }
            "wait" => {
                self.wait_job(handle, a.timeout(0, "timeout")?)?;
                Ok(Value::None)
            }
            "ready" => {
                let _ = self.serve_pools(None);
                let (pool, job) = split_handle(handle).ok_or_else(|| PyErr::value("unknown result"))?;
                Ok(Value::Bool(self.pool(pool)?.job(job).is_some_and(|j| j.done())))
            }
            "successful" => {
                let (pool, job) = split_handle(handle).ok_or_else(|| PyErr::value("unknown result"))?;
                let j = self.pool(pool)?.job(job).ok_or_else(|| PyErr::value("unknown result"))?;
                if !j.done() {
                    return Err(PyErr::value(format!("{handle} not ready")));
                }
                Ok(Value::Bool(j.error().is_none()))
            }
            _ => Err(PyErr::new("AttributeError", format!("'AsyncResult' object has no attribute '{method}'"))),
        }
    }

    /// Resolves a name to a pool or a pool job, for method calls.
    pub(super) fn pool_target(&self, object: &str) -> Option<String> {
        let name = match self.vars.get(object) {
            Some(Value::Object { object }) => object.clone(),
            _ => object.to_string(),
        };
        (self.pools.contains_key(&name) || self.is_pool_job(&name)).then_some(name)
    }
}
