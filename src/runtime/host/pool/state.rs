//! A pool's state in the process that made it: its real task and result queues (shown as
//! `<name>.tasks` and `<name>.results`), its workers (indices into the owner's children),
//! RUN/CLOSE/TERMINATE, and its jobs. The work of CPython's three handler threads is here
//! as plain methods the owner calls at its safe points: put a job's tasks, take a result,
//! decide whether dead workers need replacing, stop idle workers after `close()`.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;

use crate::event::{EventKind, GiveUp, WaitOp};
use crate::python::Exc;
use crate::runtime::ctx::Ctx;
use crate::runtime::objects::queue::Queue;
use crate::value::Value;

use super::framing::Framed;
use super::job::{Callbacks, Finished, Job, Shape};
use super::tasks::Answer;

/// RUN, CLOSE, TERMINATE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Run,
    Close,
    Terminate,
}

/// What a worker takes from its pool when it is forked.
#[derive(Clone, Debug)]
pub struct Queues {
    pub tasks: Rc<Queue>,
    pub results: Rc<Queue>,
    pub maxtasks: Option<u32>,
}

/// A pool in the process that made it; `C` is the interpreter's callback type.
#[derive(Debug)]
pub struct PoolState<C> {
    pub processes: usize,
    pub queues: Queues,
    /// Indices into the owner's children of the live workers.
    pub workers: Vec<usize>,
    phase: Phase,
    /// After close, once no job is pending: one `None` per worker was put on the task queue.
    sentinels_sent: bool,
    jobs: BTreeMap<i64, Job<C>>,
    next_job: i64,
}

impl<C: Clone> PoolState<C> {
    /// Makes the pool's two queues; the owner starts the workers.
    pub fn create(ctx: &Ctx, name: &str, processes: usize, maxtasks: Option<u32>, line: u32) -> anyhow::Result<Self> {
        // CPython's pool queues are `SimpleQueue`s: no feeder thread.
        let tasks = Rc::new(Queue::create(ctx, &format!("{name}.tasks"), false, 0, line)?.for_pool());
        let results = Rc::new(Queue::create(ctx, &format!("{name}.results"), false, 0, line)?.for_pool());
        Ok(PoolState {
            processes,
            queues: Queues { tasks, results, maxtasks },
            workers: Vec::new(),
            phase: Phase::Run,
            sentinels_sent: false,
            jobs: BTreeMap::new(),
            next_job: 0,
        })
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// `close()`: no new jobs; workers stop once the pending ones are done.
    pub fn close(&mut self) {
        if self.phase == Phase::Run {
            self.phase = Phase::Close;
        }
    }

    /// `terminate()`: the workers to stop now (the owner signals and joins them).
    pub fn terminate(&mut self) -> Vec<usize> {
        self.phase = Phase::Terminate;
        std::mem::take(&mut self.workers)
    }

    /// Keeps the workers `alive` says still run; whether new ones must be started for the
    /// lost (while running, or closed with work left, as CPython's worker handler).
    pub fn keep_alive(&mut self, mut alive: impl FnMut(usize) -> bool) -> bool {
        let before = self.workers.len();
        self.workers.retain(|&w| alive(w));
        let lost = self.workers.len() < before;
        lost && (self.phase == Phase::Run || (self.phase == Phase::Close && self.pending()))
    }

    /// How many workers are missing (to start at creation or after losses).
    pub fn missing(&self) -> usize {
        self.processes.saturating_sub(self.workers.len())
    }

    fn pending(&self) -> bool {
        self.jobs.values().any(|j| !j.done())
    }

    /// After `close()`, once every job is done: one `None` per worker, so each ends (as
    /// CPython's task handler does).
    pub fn stop_idle_workers(&mut self, ctx: &Ctx) {
        if self.phase != Phase::Close || self.pending() || self.sentinels_sent {
            return;
        }
        self.sentinels_sent = true;
        for _ in 0..self.workers.len() {
            let _ = self.queues.tasks.put(ctx, Value::None, true, None);
        }
    }

    /// Puts a job's tasks (`send.rs`) on the task queue, in order. While the task pipe is
    /// full, answers are taken from the result queue (CPython's result handler thread does
    /// that meanwhile), or workers blocked on a full result pipe and this process blocked on
    /// a full task pipe would wait for each other for ever; callbacks those answers make due
    /// go to `due`.
    pub fn send(
        &mut self,
        ctx: &Ctx,
        tasks: impl Iterator<Item = Framed>,
        due: &mut Vec<Finished<C>>,
    ) -> Result<(), Exc> {
        for task in tasks {
            while !self.queues.tasks.has_room() {
                match self.next_answer(ctx) {
                    Some(answer) => due.extend(self.take(answer)),
                    None => {
                        self.queues.results.wait_item_or_room(&self.queues.tasks, Duration::from_millis(100));
                    }
                }
            }
            self.queues.tasks.put_framed(ctx, task.shown, &task.bytes, true)?;
        }
        Ok(())
    }

    /// Records a new job (its tasks are sent next, or it is failed); its id.
    pub fn new_job(
        &mut self,
        shape: Shape,
        items: usize,
        chunksize: usize,
        callbacks: Callbacks<C>,
    ) -> Result<i64, Exc> {
        if self.phase != Phase::Run {
            return Err(Exc::value_error("Pool not running"));
        }
        let id = self.next_job;
        self.next_job += 1;
        self.jobs.insert(id, Job::new(shape, items, chunksize, callbacks));
        Ok(id)
    }

    /// Fails job `id` with `error` (its function could not be sent); the callback due.
    pub fn fail(&mut self, id: i64, error: Value) -> Option<Finished<C>> {
        self.jobs.get_mut(&id)?.fail(error)
    }

    /// Records one answer from the result queue; the callback due if it finished a job.
    pub fn take(&mut self, answer: Value) -> Option<Finished<C>> {
        let answer = Answer::decode(answer)?;
        self.jobs.get_mut(&answer.job)?.record(answer.chunk, answer.outcome)
    }

    /// An answer waiting on the result queue, taken (the owner's `Got` event), if any.
    pub fn next_answer(&self, ctx: &Ctx) -> Option<Value> {
        let results = &self.queues.results;
        if !results.wait_readable(Some(Duration::ZERO)) {
            return None;
        }
        results.get(ctx, true, None).ok()
    }

    pub fn job(&self, id: i64) -> Option<&Job<C>> {
        self.jobs.get(&id)
    }

    pub fn job_mut(&mut self, id: i64) -> Option<&mut Job<C>> {
        self.jobs.get_mut(&id)
    }

    /// Reports that the owner waits for this pool's results, or that a timed wait gave up.
    pub fn report_wait(&self, ctx: &Ctx, wait: Wait) {
        let object = self.queues.results.name.clone();
        let kind = match wait {
            Wait::Waiting { timed } => EventKind::Waiting { object, op: WaitOp::Get, timed },
            Wait::GaveUp => EventKind::GaveUp { object, op: WaitOp::Get, why: GiveUp::TimedOut },
        };
        ctx.blocks(kind);
    }
}

/// A wait on a pool's results, as reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    Waiting { timed: bool },
    GaveUp,
}

/// Waits up to `wait` until one of `queues` has a result (without reporting).
pub fn wait_for_any<'q>(queues: impl IntoIterator<Item = &'q Queue>, wait: Duration) -> bool {
    let queues: Vec<&Queue> = queues.into_iter().collect();
    if queues.iter().any(|q| q.wait_readable(Some(Duration::ZERO))) {
        return true;
    }
    match queues.first() {
        Some(first) => first.wait_readable(Some(wait)),
        None => {
            std::thread::sleep(wait);
            false
        }
    }
}
