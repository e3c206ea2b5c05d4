//! `multiprocessing.Pool` with real worker processes (daemons named `ForkPoolWorker-N`) fed
//! through a real task queue and answering on a real result queue, both shown as queues.
//! CPython runs three handler threads in the parent; here the parent is single-threaded and
//! does their work at safe points: before each of its steps, while it sleeps and while it waits
//! on a pool call. So callbacks run in the parent's lane, between its own steps, and dead or
//! retired workers (`maxtasksperchild`, a SIGKILL) are replaced by new PIDs there too.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::event::{EventKind, WaitOp};
use crate::runtime::objects::Args;
use crate::runtime::objects::queue::Queue;
use crate::runtime::pyerr::{PyErr, PyResult};
use crate::value::Value;

use super::Interp;

mod worker;

pub use worker::WorkerOf;

/// How often a waiting parent looks after its workers.
const SERVE_EVERY: Duration = Duration::from_millis(20);

/// RUN, CLOSE, TERMINATE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Run,
    Close,
    Terminate,
}

/// What a job returns to the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// `apply`/`apply_async`: one value.
    One,
    /// `map`, `starmap` and their async forms: the list.
    List,
    /// `imap` (`ordered`) and `imap_unordered`: an iterator.
    Iter { ordered: bool },
}

/// One submitted job and what came back so far.
#[derive(Debug)]
struct Job {
    shape: Shape,
    chunksize: usize,
    chunks: usize,
    results: Vec<Option<Result<Value, (String, String)>>>,
    /// Item indices in the order their results arrived (imap_unordered).
    arrived: Vec<usize>,
    /// How many the iterator has handed out.
    taken: usize,
    received: usize,
    callback: Option<String>,
    error_callback: Option<String>,
    done: bool,
}

impl Job {
    fn error(&self) -> Option<(String, String)> {
        self.results.iter().flatten().find_map(|r| r.clone().err())
    }
}

/// A pool's state in the process that made it.
#[derive(Debug)]
pub struct PoolState {
    processes: usize,
    initializer: Option<String>,
    maxtasks: Option<u32>,
    tasks: Rc<Queue>,
    results: Rc<Queue>,
    /// Indices into the parent's children of the live workers.
    workers: Vec<usize>,
    phase: Phase,
    /// After close, once no job is pending: one `None` per worker was put on the task queue.
    sentinels_sent: bool,
    jobs: BTreeMap<i64, Job>,
    next_job: i64,
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
        let line = self.current_line;
        let oserr = |e: anyhow::Error| PyErr::new("OSError", e.to_string());
        let tasks = Rc::new(Queue::create(self.ctx, &format!("{name}.tasks"), false, 0, line).map_err(oserr)?);
        let results = Rc::new(Queue::create(self.ctx, &format!("{name}.results"), false, 0, line).map_err(oserr)?);
        let state = PoolState {
            processes: processes as usize,
            initializer: optional_script(a.get(usize::MAX, "initializer")),
            maxtasks,
            tasks,
            results,
            workers: Vec::new(),
            phase: Phase::Run,
            sentinels_sent: false,
            jobs: BTreeMap::new(),
            next_job: 0,
        };
        self.pools.insert(name.clone(), state);
        self.repopulate(&name)?;
        Ok(Value::Object { object: name })
    }

    /// Starts workers until the pool has its number of them.
    fn repopulate(&mut self, pool: &str) -> PyResult<()> {
        loop {
            let Some(p) = self.pools.get(pool) else { return Ok(()) };
            if p.workers.len() >= p.processes {
                return Ok(());
            }
            let of = WorkerOf {
                tasks: p.tasks.clone(),
                results: p.results.clone(),
                initializer: p.initializer.clone(),
                maxtasks: p.maxtasks,
            };
            let index = self.start_worker(of)?;
            if let Some(p) = self.pools.get_mut(pool) {
                p.workers.push(index);
            }
        }
    }

    /// Reaps workers that ended and, while work may remain, starts new ones (new PIDs). After
    /// `close()`, once every job is done, tells each worker to stop (as CPython's task handler).
    fn maintain(&mut self, pool: &str) {
        let Some(p) = self.pools.get(pool) else { return };
        let workers = p.workers.clone();
        let alive: Vec<usize> = workers.into_iter().filter(|&w| self.child_running(w)).collect();
        let Some(p) = self.pools.get_mut(pool) else { return };
        let lost = alive.len() < p.workers.len();
        p.workers = alive;
        let pending = p.jobs.values().any(|j| !j.done);
        if lost && (p.phase == Phase::Run || (p.phase == Phase::Close && pending)) {
            let _ = self.repopulate(pool);
        }
        let Some(p) = self.pools.get_mut(pool) else { return };
        if p.phase == Phase::Close && !pending && !p.sentinels_sent {
            p.sentinels_sent = true;
            let (tasks, n) = (p.tasks.clone(), p.workers.len());
            for _ in 0..n {
                let _ = tasks.put(self.ctx, Value::None, true, None);
            }
        }
    }

    /// Hands out every result that has arrived, running callbacks; with `wait`, first waits up
    /// to that long for one.
    pub(super) fn serve_pools(&mut self, wait: Option<Duration>) -> usize {
        let mut handled = 0;
        let names: Vec<String> = self.pools.keys().cloned().collect();
        if let Some(wait) = wait {
            let any =
                names.iter().filter_map(|n| self.pools.get(n)).any(|p| p.results.wait_readable(Some(Duration::ZERO)));
            if !any && let Some(first) = names.first().and_then(|n| self.pools.get(n)) {
                first.results.wait_readable(Some(wait));
            }
        }
        for name in names {
            self.maintain(&name);
            while let Some(results) = self.pools.get(&name).map(|p| p.results.clone()) {
                if !results.wait_readable(Some(Duration::ZERO)) {
                    break;
                }
                match results.get(self.ctx, true, None) {
                    Ok(v) => {
                        handled += 1;
                        self.take_result(&name, v);
                    }
                    Err(_) => break,
                }
            }
        }
        handled
    }

    /// Reports that this process waits for its pool's results (again after each one that
    /// was not the awaited one), or that it stopped waiting.
    fn report_wait(&self, pool: &str, waiting: bool) {
        let Some(p) = self.pools.get(pool) else { return };
        let object = p.results.name.clone();
        let kind = match waiting {
            true => EventKind::Waiting { object, op: WaitOp::Get, timed: false },
            false => EventKind::GaveUp { object, op: WaitOp::Get, why: crate::event::GiveUp::TimedOut },
        };
        self.ctx.rep.emit(kind);
    }

    /// Records one `[job, chunk, ok, values]` result; a finished job's callback runs now.
    fn take_result(&mut self, pool: &str, v: Value) {
        let Value::List(parts) = v else { return };
        let (Some(Value::Int(job)), Some(Value::Int(chunk)), Some(Value::Bool(ok)), Some(payload)) =
            (parts.first(), parts.get(1), parts.get(2), parts.get(3))
        else {
            return;
        };
        let Some(j) = self.pools.get_mut(pool).and_then(|p| p.jobs.get_mut(job)) else { return };
        let start = *chunk as usize * j.chunksize;
        match (ok, payload) {
            (true, Value::List(values)) => {
                for (k, value) in values.iter().enumerate() {
                    if let Some(slot) = j.results.get_mut(start + k) {
                        *slot = Some(Ok(value.clone()));
                        j.arrived.push(start + k);
                    }
                }
            }
            (_, payload) => {
                let (error, message) = match payload {
                    Value::List(em) if em.len() == 2 => (em[0].to_string(), em[1].to_string()),
                    other => ("Exception".to_string(), other.to_string()),
                };
                let end = (start + j.chunksize).min(j.results.len());
                for at in start..end {
                    j.results[at] = Some(Err((error.clone(), message.clone())));
                    j.arrived.push(at);
                }
            }
        }
        j.received += 1;
        // map and apply finish at the first error; iterators hand it out in its place.
        let failed = !ok && j.shape != Shape::Iter { ordered: true } && j.shape != Shape::Iter { ordered: false };
        if j.received < j.chunks && !failed {
            return;
        }
        if j.done {
            return;
        }
        j.done = true;
        let call = match j.error() {
            Some((error, message)) => {
                j.error_callback.clone().map(|cb| (cb, Value::Str(format!("{error}: {message}"))))
            }
            None => j.callback.clone().map(|cb| (cb, collect(j))),
        };
        if let Some((callback, value)) = call {
            self.in_callback = true;
            if let Err(e) = self.call_script(&callback, vec![value]) {
                // CPython's result handler would die of it; keep the lesson going and show it.
                self.report_raise(&e, true);
            }
            self.in_callback = false;
        }
    }

    fn pool(&self, pool: &str) -> PyResult<&PoolState> {
        self.pools.get(pool).ok_or_else(|| PyErr::value("unknown pool"))
    }

    /// Puts a job's tasks on the task queue: `[job, chunk, func, calls, star]`.
    fn submit(
        &mut self,
        pool: &str,
        func: String,
        calls: Vec<Vec<Value>>,
        chunksize: usize,
        shape: Shape,
        a: &Args,
    ) -> PyResult<String> {
        let p = self.pools.get_mut(pool).ok_or_else(|| PyErr::value("unknown pool"))?;
        if p.phase != Phase::Run {
            return Err(PyErr::value("Pool not running"));
        }
        let job = p.next_job;
        p.next_job += 1;
        let chunksize = chunksize.max(1);
        let chunks = calls.len().div_ceil(chunksize);
        p.jobs.insert(
            job,
            Job {
                shape,
                chunksize,
                chunks,
                results: vec![None; calls.len()],
                arrived: Vec::new(),
                taken: 0,
                received: 0,
                callback: optional_script(a.get(usize::MAX, "callback")),
                error_callback: optional_script(a.get(usize::MAX, "error_callback")),
                done: chunks == 0,
            },
        );
        let tasks = p.tasks.clone();
        for (i, chunk) in calls.chunks(chunksize).enumerate() {
            let calls = Value::List(chunk.iter().map(|c| Value::List(c.clone())).collect());
            let task = Value::List(vec![Value::Int(job), Value::Int(i as i64), Value::Str(func.clone()), calls]);
            tasks.put(self.ctx, task, true, None)?;
        }
        Ok(handle_of(pool, job))
    }

    /// Waits for a job to finish (serving the pool meanwhile); false on timeout.
    fn wait_job(&mut self, handle: &str, timeout_ms: Option<i64>) -> PyResult<bool> {
        let (pool, job) = split_handle(handle).ok_or_else(|| PyErr::value("unknown result"))?;
        let pool = pool.to_string();
        let deadline = self.ctx.timeout(timeout_ms).map(|d| Instant::now() + d);
        let mut reported = false;
        loop {
            let done = self.pool(&pool)?.jobs.get(&job).is_none_or(|j| j.done);
            if done {
                return Ok(true);
            }
            if !reported {
                self.report_wait(&pool, true);
                reported = true;
            }
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left.is_some_and(|l| l.is_zero()) {
                self.report_wait(&pool, false);
                return Ok(false);
            }
            if self.serve_pools(Some(left.map_or(SERVE_EVERY, |l| l.min(SERVE_EVERY)))) > 0 {
                reported = false;
            }
        }
    }

    /// The value of a finished job, or its error raised.
    fn job_value(&self, handle: &str) -> PyResult<Value> {
        let (pool, job) = split_handle(handle).ok_or_else(|| PyErr::value("unknown result"))?;
        let j = self.pool(pool)?.jobs.get(&job).ok_or_else(|| PyErr::value("unknown result"))?;
        match j.error() {
            Some((error, message)) => Err(PyErr::Raise { error, message }),
            None => Ok(collect(j)),
        }
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
                if p.phase == Phase::Run {
                    p.phase = Phase::Close;
                }
                self.maintain(pool);
                Ok(Value::None)
            }
            "terminate" => {
                let workers = {
                    let p = self.pools.get_mut(pool).ok_or_else(|| PyErr::value("unknown pool"))?;
                    p.phase = Phase::Terminate;
                    std::mem::take(&mut p.workers)
                };
                for &w in &workers {
                    self.terminate_child(w);
                }
                for &w in &workers {
                    self.join_child(w);
                }
                Ok(Value::None)
            }
            "join" => {
                if self.pool(pool)?.phase == Phase::Run {
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
                            self.report_wait(pool, true);
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
        split_handle(handle).is_some_and(|(pool, job)| self.pools.get(pool).is_some_and(|p| p.jobs.contains_key(&job)))
    }

    /// Whether `handle` is an `imap` iterator.
    pub(super) fn is_pool_iterator(&self, handle: &str) -> bool {
        split_handle(handle)
            .and_then(|(pool, job)| self.pools.get(pool)?.jobs.get(&job))
            .is_some_and(|j| matches!(j.shape, Shape::Iter { .. }))
    }

    /// The next result of an `imap` iterator (input order, or arrival order for
    /// `imap_unordered`), waiting for it; None when all were handed out.
    pub(super) fn pool_next(&mut self, handle: &str) -> PyResult<Option<Value>> {
        let (pool, job) = split_handle(handle).ok_or_else(|| PyErr::value("unknown iterator"))?;
        let pool = pool.to_string();
        let mut reported = false;
        loop {
            let j = self
                .pools
                .get_mut(&pool)
                .and_then(|p| p.jobs.get_mut(&job))
                .ok_or_else(|| PyErr::value("unknown iterator"))?;
            if j.taken >= j.results.len() {
                return Ok(None);
            }
            let ordered = j.shape == Shape::Iter { ordered: true };
            let next = if ordered {
                Some(j.taken).filter(|&i| j.results[i].is_some())
            } else {
                j.arrived.get(j.taken).copied()
            };
            if let Some(at) = next {
                j.taken += 1;
                return match j.results[at].clone() {
                    Some(Ok(v)) => Ok(Some(v)),
                    Some(Err((error, message))) => Err(PyErr::Raise { error, message }),
                    None => Ok(None),
                };
            }
            if !reported {
                self.report_wait(&pool, true);
                reported = true;
            }
            if self.serve_pools(Some(SERVE_EVERY)) > 0 {
                reported = false;
            }
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
                Ok(Value::Bool(self.pool(pool)?.jobs.get(&job).is_some_and(|j| j.done)))
            }
            "successful" => {
                let (pool, job) = split_handle(handle).ok_or_else(|| PyErr::value("unknown result"))?;
                let j = self.pool(pool)?.jobs.get(&job).ok_or_else(|| PyErr::value("unknown result"))?;
                if !j.done {
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

/// A job's value as its caller sees it.
fn collect(j: &Job) -> Value {
    let values: Vec<Value> = j.results.iter().map(|r| r.clone().and_then(Result::ok).unwrap_or(Value::None)).collect();
    match j.shape {
        Shape::One => values.into_iter().next().unwrap_or(Value::None),
        _ => Value::List(values),
    }
}
