//! Child processes as CPython's `Process` objects: `Process(target, args)` makes a handle,
//! `start()` really forks (with CPython's checks), `join()` really waits (the child stays a
//! zombie until then), and `is_alive()`, `exitcode` and `start()` reap finished children
//! exactly where CPython does. At the end of a script the exit protocol terminates daemon
//! children and joins the rest, as `multiprocessing.util._exit_function`.

use nix::sys::signal::Signal;

use crate::event::EventKind;
use crate::lesson::script::Expr;
use crate::runtime::children::Reaped;
use crate::runtime::ctx::Ctx;
use crate::runtime::objects::Args;
use crate::runtime::pyerr::{PyErr, PyResult};
use crate::runtime::report::Reporter;
use crate::runtime::sys::{self, Forked};
use crate::value::Value;

use super::pool::WorkerOf;
use super::{Interp, Me};

/// One `Process` object made by this script.
#[derive(Clone, Debug)]
pub struct Child {
    pub script: String,
    pub args: Vec<Value>,
    pub daemon: bool,
    pub name: String,
    /// Python's `_identity` of the child (`[2]` for Process-2), the prefix of its children's names.
    pub identity: Vec<u32>,
    pub pid: Option<i32>,
    pub exitcode: Option<i32>,
    /// Set for a pool worker: it runs the pool's task loop instead of a script.
    pub worker_of: Option<WorkerOf>,
}

/// The processes this script created, indexed by `Value::Proc { proc }`.
#[derive(Default, Debug)]
pub struct Children {
    list: Vec<Child>,
    /// Python's per-process counter behind `Process-N`.
    counter: u32,
}

impl Interp<'_, '_> {
    /// `Process(target=script, args=[…], daemon=…, name=…)`.
    pub(super) fn new_process(&mut self, args: &[Expr], kwargs: &[(String, Expr)]) -> PyResult<Value> {
        let target_expr = args.first().or_else(|| kwargs.iter().find(|(k, _)| k == "target").map(|(_, e)| e));
        let script = match target_expr.map(|e| &e.kind) {
            Some(crate::lesson::script::ExprKind::Name(n)) if self.params.lesson.scripts.contains_key(n) => n.clone(),
            _ => return Err(PyErr::type_error("Process() needs target=<a script of this lesson>")),
        };
        let rest: Vec<(String, Expr)> = kwargs.iter().filter(|(k, _)| k != "target").cloned().collect();
        let a = self.eval_args(&args[args.len().min(1)..], &rest)?;
        let call_args = match a.get(usize::MAX, "args") {
            None => Vec::new(),
            Some(Value::List(items)) => items.clone(),
            Some(other) => vec![other.clone()],
        };
        let params = self.params.lesson.scripts.get(&script).map(|s| s.params.len()).unwrap_or(0);
        if call_args.len() != params {
            return Err(PyErr::type_error(format!(
                "{script}() takes {params} positional arguments but {} were given",
                call_args.len()
            )));
        }
        self.children.counter += 1;
        let mut identity = self.me.identity.clone();
        identity.push(self.children.counter);
        let default_name = format!("Process-{}", identity.iter().map(u32::to_string).collect::<Vec<_>>().join(":"));
        let name = a.get(usize::MAX, "name").map_or(default_name, Value::to_string);
        let daemon = a.flag(usize::MAX, "daemon", false);
        self.children.list.push(Child {
            script,
            args: call_args,
            daemon,
            name,
            identity,
            pid: None,
            exitcode: None,
            worker_of: None,
        });
        Ok(Value::Proc { proc: self.children.list.len() - 1 })
    }

    fn child(&self, proc: usize) -> PyResult<&Child> {
        self.children.list.get(proc).ok_or_else(|| PyErr::value("unknown process handle"))
    }

    pub(super) fn process_method(&mut self, proc: usize, method: &str, args: &Args) -> PyResult<Value> {
        match method {
            "start" => self.start(proc).map(|_| Value::None),
            "join" => self.join(proc, args.timeout(0, "timeout")?).map(|_| Value::None),
            "is_alive" => Ok(Value::Bool(self.child(proc)?.pid.is_some() && self.poll_child(proc).is_none())),
            "terminate" => self.signal(proc, Signal::SIGTERM).map(|_| Value::None),
            "kill" => self.signal(proc, Signal::SIGKILL).map(|_| Value::None),
            _ => Err(PyErr::new("AttributeError", format!("'Process' object has no attribute '{method}'"))),
        }
    }

    pub(super) fn process_attr(&mut self, proc: usize, attr: &str) -> PyResult<Value> {
        let c = self.child(proc)?.clone();
        match attr {
            "pid" => Ok(c.pid.map_or(Value::None, |p| Value::Int(i64::from(p)))),
            "name" => Ok(Value::Str(c.name)),
            "daemon" => Ok(Value::Bool(c.daemon)),
            "exitcode" => Ok(if c.pid.is_some() {
                self.poll_child(proc).map_or(Value::None, |c| Value::Int(i64::from(c)))
            } else {
                Value::None
            }),
            _ => Err(PyErr::new("AttributeError", format!("'Process' object has no attribute '{attr}'"))),
        }
    }

    pub(super) fn set_process_attr(&mut self, proc: usize, attr: &str, value: &Value) -> PyResult<()> {
        let child = self.children.list.get_mut(proc).ok_or_else(|| PyErr::value("unknown process handle"))?;
        if child.pid.is_some() {
            return Err(PyErr::assertion("process has already started"));
        }
        match attr {
            "daemon" => child.daemon = value.truthy(),
            "name" => child.name = value.to_string(),
            _ => return Err(PyErr::new("AttributeError", format!("cannot set '{attr}' of a Process"))),
        }
        Ok(())
    }

    fn reaped(&mut self, proc: usize, exitcode: i32) {
        let child = &mut self.children.list[proc];
        child.exitcode = Some(exitcode);
        let pid = child.pid.unwrap_or(0);
        self.ctx.rep.emit(EventKind::Reaped { child: pid, exitcode });
    }

    /// Reaps the child if it has finished (`waitpid(WNOHANG)`); its exit code if so.
    fn poll_child(&mut self, proc: usize) -> Option<i32> {
        let child = &self.children.list[proc];
        if child.exitcode.is_some() {
            return child.exitcode;
        }
        let code = crate::runtime::children::poll(child.pid?)?;
        self.reaped(proc, code);
        Some(code)
    }

    /// CPython's `_cleanup()` in `start()`: reap every finished child.
    fn reap_finished(&mut self) {
        for proc in 0..self.children.list.len() {
            if self.children.list[proc].pid.is_some() {
                self.poll_child(proc);
            }
        }
    }

    fn start(&mut self, proc: usize) -> PyResult<()> {
        if self.child(proc)?.pid.is_some() {
            return Err(PyErr::assertion("cannot start a process twice"));
        }
        if self.me.daemon {
            return Err(PyErr::assertion("daemonic processes are not allowed to have children"));
        }
        self.reap_finished();
        let region = self.ctx.region;
        let slot = region.take_proc_slot().map_err(|e| PyErr::new("OSError", e.to_string()))?;
        crate::runtime::gate::prepare(region, slot);
        let gate = region.gate(slot);
        let child = self.children.list[proc].clone();
        // Taken before fork, so `Started` precedes everything the child reports.
        let stamp = self.ctx.rep.stamp();
        self.ctx.rep.flush();
        match sys::fork().map_err(|e| PyErr::new("OSError", e.to_string()))? {
            Forked::Child => {
                let code = self.become_child(&child, slot, stamp.seq);
                sys::exit_now(code)
            }
            Forked::Parent(pid) => {
                gate.pid.store(pid, std::sync::atomic::Ordering::SeqCst);
                let started = EventKind::Started {
                    name: child.name.clone(),
                    ppid: self.ctx.pid(),
                    script: child.script.clone(),
                    daemon: child.daemon,
                    slot,
                };
                self.ctx.rep.emit_at(stamp, pid, started);
                self.children.list[proc].pid = Some(pid);
                Ok(())
            }
        }
    }

    /// In the new child: a fresh interpreter over the inherited objects runs the target script.
    fn become_child(&mut self, child: &Child, slot: u32, started_seq: u64) -> i32 {
        sys::set_comm(&child.name);
        let pid = std::process::id() as i32;
        let ctx = Ctx {
            region: self.ctx.region,
            rep: Reporter::new(self.ctx.region, self.ctx.rep.fd(), pid, started_seq),
            run_dir: self.ctx.run_dir.clone(),
        };
        let me = Me { name: child.name.clone(), slot, daemon: child.daemon, identity: child.identity.clone() };
        let params = self.params.lesson.scripts.get(&child.script).map(|s| s.params.clone()).unwrap_or_default();
        let bindings = params.into_iter().zip(child.args.iter().cloned()).collect();
        let objects = std::mem::take(&mut self.objects);
        let mut interp = Interp::new(&ctx, self.params, objects, me, bindings);
        interp.current_line = self.current_line;
        let code = match &child.worker_of {
            Some(of) => {
                let code = interp.pool_worker(of);
                interp.exit_protocol();
                code
            }
            None => interp.run(&child.script),
        };
        ctx.rep.exiting(code);
        code
    }

    /// Starts a pool worker (a daemon named `ForkPoolWorker-N`); its index among the children.
    pub(super) fn start_worker(&mut self, of: WorkerOf) -> PyResult<usize> {
        self.children.counter += 1;
        let mut identity = self.me.identity.clone();
        identity.push(self.children.counter);
        let name = format!("ForkPoolWorker-{}", identity.iter().map(u32::to_string).collect::<Vec<_>>().join(":"));
        let child = Child {
            script: "worker".into(),
            args: Vec::new(),
            daemon: true,
            name,
            identity,
            pid: None,
            exitcode: None,
            worker_of: Some(of),
        };
        self.children.list.push(child);
        let index = self.children.list.len() - 1;
        self.start(index)?;
        Ok(index)
    }

    /// Whether a started child has not ended (reaping it if it has).
    pub(super) fn child_running(&mut self, proc: usize) -> bool {
        self.children.list.get(proc).is_some_and(|c| c.pid.is_some()) && self.poll_child(proc).is_none()
    }

    pub(super) fn terminate_child(&mut self, proc: usize) {
        let _ = self.signal(proc, Signal::SIGTERM);
    }

    pub(super) fn join_child(&mut self, proc: usize) {
        let _ = self.join(proc, None);
    }

    fn join(&mut self, proc: usize, timeout_ms: Option<i64>) -> PyResult<()> {
        let Some(pid) = self.child(proc)?.pid else {
            return Err(PyErr::assertion("can only join a started process"));
        };
        if self.poll_child(proc).is_some() {
            return Ok(());
        }
        let name = self.children.list[proc].name.clone();
        if let Reaped::Exit(code) = crate::runtime::children::join(self.ctx, pid, &name, timeout_ms) {
            self.reaped(proc, code);
        }
        Ok(())
    }

    fn signal(&mut self, proc: usize, sig: Signal) -> PyResult<()> {
        let child = self.child(proc)?;
        if let (Some(pid), None) = (child.pid, child.exitcode) {
            crate::runtime::children::signal(self.ctx, pid, sig);
        }
        Ok(())
    }

    /// `_exit_function`: SIGTERM every live daemon child, then join every child.
    pub(super) fn exit_protocol(&mut self) {
        self.reap_finished();
        for proc in 0..self.children.list.len() {
            let c = &self.children.list[proc];
            if c.daemon && c.pid.is_some() && c.exitcode.is_none() {
                let _ = self.signal(proc, Signal::SIGTERM);
            }
        }
        for proc in 0..self.children.list.len() {
            let c = &self.children.list[proc];
            if c.pid.is_some() && c.exitcode.is_none() {
                let _ = self.join(proc, None);
            }
        }
    }
}
