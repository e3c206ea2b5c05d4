//! What a pool hands back: `AsyncResult` (`get`, `wait`, `ready`, `successful`) and the
//! lazy iterators of `imap` and `imap_unordered`. Every wait for a result serves the pools
//! meanwhile (results, callbacks, lost workers) and is reported as a wait on the pool's
//! result queue, so the screen says what the caller waits for.

use std::time::Instant;

use crate::python::{Args, Exc, ExcKind, HostObj, Interpreter, Obj};

use super::super::ProcessHost;
use super::super::handle::IterMethod;
use super::job::{Next, Shape};
use super::state::Wait;
use super::{SERVE_EVERY, bound, pickle};

/// The methods an `AsyncResult` has.
const RESULT_METHODS: [&str; 4] = ["get", "wait", "ready", "successful"];

/// Where a pool's iterator keeps which job it walks.
const POOL_ATTR: &str = "_forkbook_pool";
const JOB_ATTR: &str = "_forkbook_job";

impl ProcessHost<'_, '_> {
    /// A method of an `AsyncResult`.
    pub(in crate::runtime::host) fn result_method(
        &mut self,
        interp: &mut Interpreter,
        obj: &HostObj,
        (pool, job): (usize, i64),
        method: &str,
        args: Args,
    ) -> Result<Obj, Exc> {
        match method {
            "get" => {
                let [timeout] = args.bind("get", ["timeout"], 0)?;
                if !self.wait_job(interp, pool, job, timeout)? {
                    return Err(self.timeout_error(interp));
                }
                self.job_value(interp, pool, job)
            }
            "wait" => {
                let [timeout] = args.bind("wait", ["timeout"], 0)?;
                self.wait_job(interp, pool, job, timeout)?;
                Ok(Obj::None)
            }
            "ready" => {
                args.positional("ready", 0, 0)?;
                if self.serves_pools() {
                    self.serve_pools(interp, None);
                }
                Ok(Obj::Bool(self.job_done(pool, job)))
            }
            "successful" => {
                args.positional("successful", 0, 0)?;
                if !self.job_done(pool, job) {
                    return Err(Exc::value_error(format!("{} not ready", self.result_repr(obj))));
                }
                let failed = self.pools[pool].state.job(job).is_some_and(|j| j.error().is_some());
                Ok(Obj::Bool(!failed))
            }
            _ => Err(Exc::attribute_error(format!("'{}' object has no attribute '{method}'", obj.type_name))),
        }
    }

    /// An attribute of an `AsyncResult`: its methods, bound.
    pub(in crate::runtime::host) fn result_attr(&mut self, obj: &HostObj, name: &str) -> Result<Obj, Exc> {
        if RESULT_METHODS.contains(&name) {
            return Ok(bound(obj, name));
        }
        Err(Exc::attribute_error(format!("'{}' object has no attribute '{name}'", obj.type_name)))
    }

    /// `repr()` of an `AsyncResult`, as CPython's.
    pub(in crate::runtime::host) fn result_repr(&self, obj: &HostObj) -> String {
        format!(
            "<multiprocessing.pool.{} object at 0x{:x}>",
            obj.type_name,
            0x7f00_0000_0000_u64 + obj.handle % 0x1_0000_0000
        )
    }

    fn job_done(&self, pool: usize, job: i64) -> bool {
        self.pools[pool].state.job(job).is_none_or(|j| j.done())
    }

    /// Waits for a job to finish, serving the pools meanwhile; false when `timeout` (seconds,
    /// or None) passed first.
    pub(super) fn wait_job(
        &mut self,
        interp: &mut Interpreter,
        pool: usize,
        job: i64,
        timeout: Option<Obj>,
    ) -> Result<bool, Exc> {
        self.wait_until(interp, pool, timeout, |host| host.job_done(pool, job))
    }

    /// Waits until `ready` holds (serving the pools meanwhile, and reporting the wait on
    /// the pool's result queue again after each result that did not make it hold).
    fn wait_until(
        &mut self,
        interp: &mut Interpreter,
        pool: usize,
        timeout: Option<Obj>,
        ready: impl Fn(&Self) -> bool,
    ) -> Result<bool, Exc> {
        let timeout_ms = super::super::timeout_ms(timeout.as_ref())?;
        let deadline = self.ctx.timeout(timeout_ms).map(|d| Instant::now() + d);
        let mut reported = false;
        loop {
            if ready(self) {
                return Ok(true);
            }
            if !reported {
                self.pools[pool].state.report_wait(self.ctx, Wait::Waiting { timed: deadline.is_some() });
                reported = true;
            }
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left.is_some_and(|l| l.is_zero()) {
                self.pools[pool].state.report_wait(self.ctx, Wait::GaveUp);
                return Ok(false);
            }
            if self.serve_pools(interp, Some(left.map_or(SERVE_EVERY, |l| l.min(SERVE_EVERY)))) > 0 {
                reported = false;
            }
        }
    }

    /// The value of a finished job, or its error raised.
    pub(super) fn job_value(&mut self, interp: &mut Interpreter, pool: usize, job: i64) -> Result<Obj, Exc> {
        let Some(error) = self.pools[pool].state.job(job).map(|j| j.error()) else { return Ok(Obj::None) };
        if let Some(error) = error {
            return Err(pickle::exception_of(interp, self, &error));
        }
        // The objects are made from the job's values where they lie (a map's list of 50,000
        // is not copied into a `Value` first).
        let Some(j) = self.pools[pool].state.job(job) else { return Ok(Obj::None) };
        let mut values = j.values().map(|v| interp.from_value(v));
        match j.shape() {
            Shape::One => values.next().unwrap_or(Ok(Obj::None)),
            _ => values.collect::<Result<_, _>>().map(Obj::list),
        }
    }

    /// `multiprocessing.TimeoutError()`, as `get(timeout)` raises it.
    fn timeout_error(&mut self, interp: &mut Interpreter) -> Exc {
        match self.pool_classes(interp).and_then(|c| interp.call(self, &c.timeout_error, Args::none())) {
            Ok(error) => Exc::from_object(error),
            Err(e) => e,
        }
    }

    /// The iterator `imap` or `imap_unordered` returns.
    pub(super) fn new_iterator(
        &mut self,
        interp: &mut Interpreter,
        pool: usize,
        job: i64,
        shape: Shape,
    ) -> Result<Obj, Exc> {
        let classes = self.pool_classes(interp)?;
        let class = if shape == (Shape::Iter { ordered: false }) { classes.imap_unordered } else { classes.imap };
        let iterator = interp.call(self, &class, Args::none())?;
        interp.setattr(self, &iterator, POOL_ATTR, Obj::Int(pool as i64))?;
        interp.setattr(self, &iterator, JOB_ATTR, Obj::Int(job))?;
        Ok(iterator)
    }

    /// `__iter__`, `__next__` and `next(timeout=None)` of a pool's iterator; `args.pos[0]`
    /// is the iterator.
    pub(in crate::runtime::host) fn iter_method(
        &mut self,
        interp: &mut Interpreter,
        m: IterMethod,
        mut args: Args,
    ) -> Result<Obj, Exc> {
        if args.pos.is_empty() {
            return Err(Exc::type_error("an iterator method needs its iterator"));
        }
        let this = args.pos.remove(0);
        if m == IterMethod::Iter {
            return Ok(this);
        }
        let [timeout] = args.bind("next", ["timeout"], 0)?;
        let pool = interp.getattr(self, &this, POOL_ATTR)?.as_int().unwrap_or(-1);
        let job = interp.getattr(self, &this, JOB_ATTR)?.as_int().unwrap_or(-1);
        let pool = usize::try_from(pool).ok().filter(|&p| p < self.pools.len());
        let Some(pool) = pool else { return Err(Exc::type_error("not a pool's iterator")) };
        let has_next = |host: &Self| host.pools[pool].state.job(job).is_none_or(|j| j.has_next());
        if !self.wait_until(interp, pool, timeout, has_next)? {
            return Err(self.timeout_error(interp));
        }
        match self.pools[pool].state.job_mut(job).map(|j| j.next()) {
            Some(Next::Item(Ok(value))) => interp.from_value(&value),
            Some(Next::Item(Err(error))) => Err(pickle::exception_of(interp, self, &error)),
            Some(Next::Exhausted | Next::Pending) | None => Err(Exc::with_args(ExcKind::StopIteration, Vec::new())),
        }
    }
}
