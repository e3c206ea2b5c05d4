//! `multiprocessing.Pool` for the Python host: real worker processes (`Process` objects named
//! `ForkPoolWorker-N`, or `SpawnPoolWorker-N` under spawn; daemons) fed through a real task
//! queue and answering on a real result queue, both shown as queues. CPython runs three handler
//! threads in the parent; here the parent is one thread and does their work at safe points:
//! before each of its statements, while it sleeps, and while it waits in a pool call. So
//! callbacks run in the parent's lane between its own statements, and dead or retired workers
//! (`maxtasksperchild`, a SIGKILL) are replaced by new processes there too.

mod framing;
pub(in crate::runtime) mod job;
mod methods;
mod pickle;
mod results;
mod send;
pub(in crate::runtime) mod state;
pub(in crate::runtime) mod tasks;
mod worker;

use std::rc::Rc;
use std::time::Duration;

use crate::python::{Args, Exc, ExcKind, HostKind, HostObj, Interpreter, Obj};

use super::ProcessHost;
use super::handle::{Function, Handle, IterMethod};
use job::Finished;
use state::{Phase, PoolState};

/// How often a waiting parent looks after its workers.
const SERVE_EVERY: Duration = Duration::from_millis(20);

/// A pool this process knows: made here, or inherited through fork (then never served).
pub struct HostPool {
    state: PoolState<Obj>,
    /// The pid of the process that made it; only that process serves it.
    owner: i32,
    initializer: Option<Obj>,
    initargs: Vec<Obj>,
}

/// The classes of the pool's world, made on first use: its iterators, and
/// `multiprocessing.TimeoutError` that `get(timeout)` raises.
#[derive(Clone)]
pub struct PoolClasses {
    pub imap: Obj,
    pub imap_unordered: Obj,
    pub process_error: Obj,
    pub timeout_error: Obj,
}

impl ProcessHost<'_, '_> {
    /// The pool's classes (made once per process; a fork inherits them).
    pub(super) fn pool_classes(&mut self, interp: &mut Interpreter) -> Result<PoolClasses, Exc> {
        if let Some(classes) = &self.pool_classes {
            return Ok(classes.clone());
        }
        let method =
            |name: &'static str, m| (name, HostObj::obj(name, Handle::IterMethod(m).encode(), HostKind::Method));
        let imap = interp.new_class(
            "IMapIterator",
            "multiprocessing.pool",
            None,
            vec![
                method("__iter__", IterMethod::Iter),
                method("__next__", IterMethod::Next),
                method("next", IterMethod::Next),
            ],
        )?;
        let imap_unordered = interp.new_class("IMapUnorderedIterator", "multiprocessing.pool", Some(&imap), vec![])?;
        let exception = interp.exception_class(ExcKind::Exception);
        let process_error = interp.new_class("ProcessError", "multiprocessing.context", Some(&exception), vec![])?;
        let timeout_error =
            interp.new_class("TimeoutError", "multiprocessing.context", Some(&process_error), vec![])?;
        let classes = PoolClasses { imap, imap_unordered, process_error, timeout_error };
        self.pool_classes = Some(classes.clone());
        Ok(classes)
    }

    /// `import multiprocessing.pool`.
    pub(super) fn pool_module(&mut self, interp: &mut Interpreter) -> Obj {
        let pool = HostObj::obj("Pool", Handle::Function(Function::Pool).encode(), HostKind::Function);
        interp.new_module("multiprocessing.pool", vec![("Pool", pool)])
    }

    /// `Pool(processes=None, initializer=None, initargs=(), maxtasksperchild=None)`: makes the
    /// queues and starts the workers.
    pub(super) fn new_pool(&mut self, interp: &mut Interpreter, args: Args) -> Result<Obj, Exc> {
        let [processes, initializer, initargs, maxtasks] =
            args.bind("Pool", ["processes", "initializer", "initargs", "maxtasksperchild"], 0)?;
        let processes = match processes {
            None | Some(Obj::None) => std::thread::available_parallelism().map_or(1, |n| n.get()) as i64,
            Some(n) => n.as_int().ok_or_else(|| {
                Exc::type_error(format!("'{}' object cannot be interpreted as an integer", n.type_name()))
            })?,
        };
        if processes < 1 {
            return Err(Exc::value_error("Number of processes must be at least 1"));
        }
        let maxtasks = match maxtasks {
            None | Some(Obj::None) => None,
            Some(Obj::Int(n)) if n > 0 => Some(u32::try_from(n).unwrap_or(u32::MAX)),
            Some(_) => return Err(Exc::value_error("maxtasksperchild must be a positive int or None")),
        };
        let initializer = initializer.filter(|i| !matches!(i, Obj::None));
        if initializer.as_ref().is_some_and(|i| !callable(i)) {
            return Err(Exc::type_error("initializer must be a callable"));
        }
        let initargs = match initargs {
            None => Vec::new(),
            Some(a) => interp.collect_items(self, &a)?,
        };
        let name = self.fresh_name(interp, "pool");
        let state = PoolState::create(self.ctx, &name, processes as usize, maxtasks, self.line)
            .map_err(|e| Exc::new(ExcKind::OSError, format!("{e:#}")))?;
        self.pool_names.push(name);
        self.pools.push(HostPool { state, owner: self.ctx.pid(), initializer, initargs });
        let index = self.pools.len() - 1;
        self.populate(interp, index)?;
        Ok(pool_obj(index))
    }

    /// Starts workers until the pool has its number of them.
    fn populate(&mut self, interp: &mut Interpreter, pool: usize) -> Result<(), Exc> {
        for _ in 0..self.pools[pool].state.missing() {
            let worker = self.start_worker(interp, pool)?;
            self.pools[pool].state.workers.push(worker);
        }
        Ok(())
    }

    /// As CPython's `Pool._repopulate_pool_static`: a daemon `Process` whose name says it is
    /// a pool worker, started; its index among this process's children.
    fn start_worker(&mut self, interp: &mut Interpreter, pool: usize) -> Result<usize, Exc> {
        let class = self.process_class(interp)?;
        let target = HostObj::obj("worker", Handle::Function(Function::PoolWorker).encode(), HostKind::Function);
        let kw = vec![
            (Rc::from("target"), target),
            (Rc::from("args"), Obj::tuple(vec![Obj::Int(pool as i64)])),
            (Rc::from("daemon"), Obj::Bool(true)),
        ];
        let worker = interp.call(self, &class, Args { pos: Vec::new(), kw })?;
        let name = interp.getattr(self, &worker, "name").and_then(|n| interp.str(self, &n))?;
        let number = name.split_once('-').map_or(name.as_str(), |(_, n)| n);
        let kind = if self.spawns { "Spawn" } else { "Fork" };
        interp.setattr(self, &worker, "name", Obj::str(&format!("{kind}PoolWorker-{number}")))?;
        interp.call_method(self, &worker, "start", Args::none())?;
        self.child_of(interp, &worker)
    }

    /// At exit, before the proxies are let go and the managers shut down (CPython's pool
    /// finalizer has priority 15, theirs 10 and 0): every pool this process owns that is not
    /// terminated yet is, the newest first, its workers SIGTERMed and joined.
    pub(super) fn terminate_pools(&mut self) {
        let me = self.ctx.pid();
        for pool in (0..self.pools.len()).rev() {
            if self.pools[pool].owner == me && self.pools[pool].state.phase() != Phase::Terminate {
                self.terminate_pool(pool);
            }
        }
    }

    /// Whether this process serves any pool now (not from inside a callback).
    pub(super) fn serves_pools(&self) -> bool {
        let me = self.ctx.pid();
        !self.in_callback && self.pools.iter().any(|p| p.owner == me && p.state.phase() != Phase::Terminate)
    }

    /// The handler threads' work: replaces lost workers, stops idle ones after `close()`, and
    /// hands out every result that has arrived, running callbacks. With `wait`, first waits
    /// up to that long for a result. Returns how many results were taken.
    pub(super) fn serve_pools(&mut self, interp: &mut Interpreter, wait: Option<Duration>) -> usize {
        let me = self.ctx.pid();
        let mine: Vec<usize> = (0..self.pools.len())
            .filter(|&i| self.pools[i].owner == me && self.pools[i].state.phase() != Phase::Terminate)
            .collect();
        if let Some(wait) = wait {
            state::wait_for_any(mine.iter().map(|&i| &*self.pools[i].state.queues.results), wait);
        }
        let mut taken = 0;
        for pool in mine {
            self.upkeep(interp, pool);
            while let Some(answer) = self.pools[pool].state.next_answer(self.ctx) {
                taken += 1;
                if let Some(finished) = self.pools[pool].state.take(answer) {
                    self.run_callback(interp, finished);
                }
            }
        }
        taken
    }

    /// Reaps workers that ended and, while work may remain, starts new ones; after `close()`,
    /// once every job is done, tells each worker to stop.
    fn upkeep(&mut self, interp: &mut Interpreter, pool: usize) {
        let workers = self.pools[pool].state.workers.clone();
        let alive: Vec<usize> = workers.into_iter().filter(|&w| self.running(w)).collect();
        if self.pools[pool].state.keep_alive(|w| alive.contains(&w))
            && let Err(mut e) = self.populate(interp, pool)
        {
            self.report_error(interp, &mut e);
        }
        self.pools[pool].state.stop_idle_workers(self.ctx);
    }

    /// Whether child `i` has started and not ended (reaping it if it has).
    fn running(&mut self, i: usize) -> bool {
        self.children.get(i).is_some_and(|c| c.pid.is_some()) && self.poll(i).is_none()
    }

    /// Calls a finished job's callback (or error_callback with the exception) in this process.
    fn run_callback(&mut self, interp: &mut Interpreter, finished: Finished<Obj>) {
        let arg = match &finished.with {
            Ok(value) => match interp.from_value(value) {
                Ok(arg) => arg,
                Err(mut e) => {
                    self.report_error(interp, &mut e);
                    return;
                }
            },
            Err(error) => {
                let mut exc = pickle::exception_of(interp, self, error);
                interp.exc_object(&mut exc)
            }
        };
        let was = std::mem::replace(&mut self.in_callback, true);
        let result = interp.call(self, &finished.call, Args::new(vec![arg]));
        self.in_callback = was;
        if let Err(mut e) = result {
            // CPython's result handler thread dies of it; the lesson goes on and shows it.
            self.report_error(interp, &mut e);
        }
    }

    /// Shows an error no Python code can catch (a callback's, a worker start's): its
    /// traceback on stderr and a caught `Raised` event.
    fn report_error(&mut self, interp: &mut Interpreter, e: &mut Exc) {
        let text = interp.traceback_text(self, e);
        let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
        self.report_raised(text.lines().last().unwrap_or("Exception"), true);
    }
}

/// A pool as the program's object.
fn pool_obj(pool: usize) -> Obj {
    HostObj::obj("Pool", Handle::Pool(pool).encode(), HostKind::Object)
}

/// A method of a host object, bound to it.
fn bound(obj: &HostObj, name: &str) -> Obj {
    let receiver = Obj::Host(Rc::new(obj.clone()));
    Obj::Method(Rc::new(crate::python::BoundMethod {
        receiver,
        func: crate::python::MethodFunc::Named(Rc::from(name)),
    }))
}

/// Whether `obj` can be called (`callable()`).
fn callable(obj: &Obj) -> bool {
    match obj {
        Obj::Function(_) | Obj::Native(_) | Obj::Method(_) | Obj::Class(_) | Obj::Type(_) | Obj::Host(_) => true,
        Obj::Instance(i) => i.class.lookup("__call__").is_some(),
        _ => false,
    }
}
