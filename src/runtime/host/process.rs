//! `multiprocessing.Process` for the Python host: a class the program may subclass, whose
//! `start()` really forks the interpreter (the child runs `self.run()` in its own copy of
//! every object and exits), `join()` really waits, and `is_alive()`, `exitcode` and
//! `start()` reap finished children where CPython does. At the end of a process's program
//! the exit protocol terminates daemon children and joins the rest.

use std::os::fd::AsRawFd;
use std::rc::Rc;

use nix::sys::signal::Signal;

use crate::event::EventKind;
use crate::python::{Args, Exc, ExcKind, Exit, HostKind, HostObj, Interpreter, Obj, Program, Wrapper};

use crate::value::Value;

use super::super::children::{self, Reaped};
use super::super::costs;
use super::super::crash;
use super::super::ctx::Ctx;
use super::super::report::Reporter;
use super::super::sys::{self, Forked};
use super::handle::{Handle, ProcessMethod};
use super::{Me, ProcessHost};

/// One `Process` object this process made.
#[derive(Clone, Debug)]
pub struct Child {
    /// Python's `_identity` (`[2]` for Process-2), the prefix of its children's names.
    pub identity: Vec<u32>,
    pub pid: Option<i32>,
    pub exitcode: Option<i32>,
    pub daemon: bool,
    pub name: String,
    /// `close()` was called: CPython's `_closed`.
    pub closed: bool,
    /// The program's `Process` object, which `active_children()` hands back.
    pub obj: Obj,
}

/// The attribute of a `Process` instance that says which child it is.
const CHILD_ATTR: &str = "_forkbook_child";
/// Where the `daemon` property keeps its value (CPython's `_config['daemon']`).
const DAEMON_ATTR: &str = "_daemonic";

/// Whether a method starts with CPython's `_check_closed()` (ValueError once `close()` ran).
fn checks_closed(m: ProcessMethod) -> bool {
    use ProcessMethod::*;
    matches!(m, Start | Join | IsAlive | Terminate | Kill | Pid | Exitcode)
}

/// Runs `program` as the lesson's main process: the module, then the exit protocol;
/// `options` say whether to report variables and spend CPython's costs. Returns the exit code.
pub fn run_program(
    ctx: &Ctx,
    program: &Program,
    knobs: &[(String, Value)],
    seed: u64,
    argv: Vec<String>,
    options: crate::runtime::Options,
) -> i32 {
    let me = Me { name: "MainProcess".into(), slot: 0, daemon: false, identity: Vec::new() };
    let mut host = ProcessHost::new(ctx, me, seed, argv);
    let mut interp = match Interpreter::new(program, knobs) {
        Ok(interp) => interp,
        Err(problems) => {
            let text = problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
            ctx.rep.emit(EventKind::Raised { error: "SyntaxError".into(), message: text, line: 0, caught: false });
            return 1;
        }
    };
    interp.watch_variables(options.variables);
    host.cpython_costs = options.cpython_costs;
    let exit = interp.run_main(&mut host);
    host.finish(&mut interp, &exit);
    host.objects.audit_all(ctx);
    host.audit_files();
    exit.code
}

impl ProcessHost<'_, '_> {
    /// The `Process` class (made once per process; a fork inherits it).
    pub(super) fn process_class(&mut self, interp: &mut Interpreter) -> Result<Obj, Exc> {
        if let Some(class) = &self.process_class {
            return Ok(class.clone());
        }
        let method =
            |name: &'static str, m| (name, HostObj::obj(name, Handle::ProcessMethod(m).encode(), HostKind::Method));
        let property = |name: &'static str, m| {
            let get = HostObj::obj(name, Handle::ProcessMethod(m).encode(), HostKind::Function);
            (name, Obj::Wrapper(Rc::new(Wrapper::Property { get, set: None })))
        };
        let attrs = vec![
            method("__init__", ProcessMethod::Init),
            method("run", ProcessMethod::Run),
            method("start", ProcessMethod::Start),
            method("join", ProcessMethod::Join),
            method("is_alive", ProcessMethod::IsAlive),
            method("terminate", ProcessMethod::Terminate),
            method("kill", ProcessMethod::Kill),
            method("close", ProcessMethod::Close),
            property("pid", ProcessMethod::Pid),
            property("ident", ProcessMethod::Pid),
            property("exitcode", ProcessMethod::Exitcode),
            ("daemon", {
                let get =
                    HostObj::obj("daemon", Handle::ProcessMethod(ProcessMethod::Daemon).encode(), HostKind::Function);
                let set = HostObj::obj(
                    "daemon",
                    Handle::ProcessMethod(ProcessMethod::SetDaemon).encode(),
                    HostKind::Function,
                );
                Obj::Wrapper(Rc::new(Wrapper::Property { get, set: Some(set) }))
            }),
        ];
        let class = interp.new_class("Process", "multiprocessing.context", None, attrs)?;
        self.process_class = Some(class.clone());
        Ok(class)
    }

    /// A method (or property) of a `Process`; `args.pos[0]` is the instance.
    pub(super) fn process_method(
        &mut self,
        interp: &mut Interpreter,
        m: ProcessMethod,
        mut args: Args,
    ) -> Result<Obj, Exc> {
        if args.pos.is_empty() {
            return Err(Exc::type_error("a Process method needs its process"));
        }
        let this = args.pos.remove(0);
        if m == ProcessMethod::Init {
            return self.init_process(interp, &this, args);
        }
        match m {
            ProcessMethod::Run => return self.run_target(interp, &this),
            ProcessMethod::Daemon => return interp.getattr(self, &this, DAEMON_ATTR),
            _ => {}
        }
        if self.is_myself(&this) {
            return Ok(self.about_myself(m));
        }
        let child = self.child_of(interp, &this)?;
        if self.children[child].closed && checks_closed(m) {
            return Err(Exc::new(ExcKind::ValueError, "process object is closed"));
        }
        match m {
            ProcessMethod::Daemon => interp.getattr(self, &this, DAEMON_ATTR),
            ProcessMethod::SetDaemon => {
                if self.children[child].pid.is_some() {
                    return Err(Exc::new(ExcKind::AssertionError, "process has already started"));
                }
                let value = args.pos.into_iter().next().unwrap_or(Obj::Bool(false));
                interp.setattr(self, &this, DAEMON_ATTR, value).map(|_| Obj::None)
            }
            ProcessMethod::Init | ProcessMethod::Run => Ok(Obj::None),
            ProcessMethod::Start => {
                args.positional("start", 0, 0)?;
                self.start(interp, &this, child).map(|_| Obj::None)
            }
            ProcessMethod::Join => {
                let [timeout] = args.bind("join", ["timeout"], 0)?;
                let timeout_ms = super::timeout_ms(timeout.as_ref())?;
                self.join(child, timeout_ms).map(|_| Obj::None)
            }
            ProcessMethod::IsAlive => {
                let c = &self.children[child];
                Ok(Obj::Bool(c.pid.is_some() && self.poll(child).is_none()))
            }
            ProcessMethod::Terminate => self.signal_method(child, Signal::SIGTERM, "terminate").map(|_| Obj::None),
            ProcessMethod::Kill => self.signal_method(child, Signal::SIGKILL, "kill").map(|_| Obj::None),
            ProcessMethod::Close => self.close(child).map(|_| Obj::None),
            ProcessMethod::Pid => Ok(self.children[child].pid.map_or(Obj::None, |p| Obj::Int(i64::from(p)))),
            ProcessMethod::Exitcode => {
                if self.children[child].pid.is_none() {
                    return Ok(Obj::None);
                }
                Ok(self.poll(child).map_or(Obj::None, |c| Obj::Int(i64::from(c))))
            }
        }
    }

    /// `Process.run()`: calls the target with its arguments (a subclass overrides it).
    fn run_target(&mut self, interp: &mut Interpreter, this: &Obj) -> Result<Obj, Exc> {
        let target = interp.getattr(self, this, "_target")?;
        if matches!(target, Obj::None) {
            return Ok(Obj::None);
        }
        // `self._target(*self._args, ...)`: any iterable, so `args=('anne')` is four letters.
        let call_args = interp.getattr(self, this, "_args")?;
        let pos = interp.collect_items(self, &call_args)?;
        let kw = match interp.getattr(self, this, "_kwargs")? {
            Obj::Dict(d) => d
                .borrow()
                .iter()
                .filter_map(|(k, v)| match k {
                    Obj::Str(s) => Some((s.clone(), v.clone())),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        interp.call(self, &target, Args { pos, kw })
    }

    /// Whether `obj` is this child's own `Process` object.
    fn is_myself(&self, obj: &Obj) -> bool {
        matches!((&self.this, obj), (Some(Obj::Instance(a)), Obj::Instance(b)) if Rc::ptr_eq(a, b))
    }

    /// What a child's own `Process` object says of itself (`current_process().pid`).
    fn about_myself(&self, m: ProcessMethod) -> Obj {
        match m {
            ProcessMethod::Pid => Obj::Int(i64::from(self.ctx.pid())),
            ProcessMethod::IsAlive => Obj::Bool(true),
            _ => Obj::None,
        }
    }

    /// `Process.__init__(self, group=None, target=None, name=None, args=(), kwargs={}, *, daemon=None)`.
    fn init_process(&mut self, interp: &mut Interpreter, this: &Obj, args: Args) -> Result<Obj, Exc> {
        let [_group, target, name, call_args, kwargs, daemon] =
            args.bind("Process.__init__", ["group", "target", "name", "args", "kwargs", "daemon"], 0)?;
        self.counter += 1;
        let mut identity = self.me.identity.clone();
        identity.push(self.counter);
        let class_name =
            match interp.getattr(self, this, "__class__").and_then(|c| interp.getattr(self, &c, "__name__")) {
                Ok(Obj::Str(s)) => s.to_string(),
                _ => "Process".to_string(),
            };
        let default_name =
            format!("{class_name}-{}", identity.iter().map(u32::to_string).collect::<Vec<_>>().join(":"));
        let name = match name {
            Some(Obj::None) | None => Obj::str(&default_name),
            Some(n) => n,
        };
        // A daemonic parent's children are daemons by default, as in CPython.
        let daemon = match daemon {
            Some(Obj::None) | None => Obj::Bool(self.me.daemon),
            Some(d) => d,
        };
        let set =
            |interp: &mut Interpreter, host: &mut Self, key: &str, value: Obj| interp.setattr(host, this, key, value);
        set(interp, self, "_target", target.unwrap_or(Obj::None))?;
        set(interp, self, "_args", call_args.unwrap_or_else(|| Obj::tuple(Vec::new())))?;
        set(interp, self, "_kwargs", kwargs.unwrap_or(Obj::None))?;
        set(interp, self, "name", name)?;
        set(interp, self, DAEMON_ATTR, daemon)?;
        let obj = this.clone();
        let name = String::new();
        self.children.push(Child { identity, pid: None, exitcode: None, daemon: false, name, closed: false, obj });
        set(interp, self, CHILD_ATTR, Obj::Int(self.children.len() as i64 - 1))?;
        Ok(Obj::None)
    }

    /// Which child a `Process` instance is.
    pub(super) fn child_of(&mut self, interp: &mut Interpreter, this: &Obj) -> Result<usize, Exc> {
        match interp.getattr(self, this, CHILD_ATTR) {
            Ok(Obj::Int(i)) if (i as usize) < self.children.len() => Ok(i as usize),
            _ => Err(Exc::new(ExcKind::AttributeError, "Process.__init__() was not called (call super().__init__())")),
        }
    }

    /// `start()`: CPython's checks, then a real fork; the child runs `self.run()`.
    fn start(&mut self, interp: &mut Interpreter, this: &Obj, child: usize) -> Result<(), Exc> {
        if self.children[child].pid.is_some() {
            return Err(Exc::new(ExcKind::AssertionError, "cannot start a process twice"));
        }
        if self.me.daemon {
            return Err(Exc::new(ExcKind::AssertionError, "daemonic processes are not allowed to have children"));
        }
        if self.bootstrapping {
            return Err(Exc::runtime_error(super::spawn::BOOTSTRAPPING));
        }
        let called_cpu_ns = sys::cpu_ns();
        self.reap_finished();
        let name = reported_name(interp.getattr(self, this, "name").and_then(|n| interp.str(self, &n))?);
        let daemon = interp.getattr(self, this, DAEMON_ATTR).and_then(|d| interp.truthy(self, &d))?;
        self.children[child].name = name.clone();
        self.children[child].daemon = daemon;
        self.flush_line();
        let region = self.ctx.region;
        let slot = region.take_proc_slot().map_err(|e| Exc::new(ExcKind::OSError, e.to_string()))?;
        super::super::gate::prepare(region, slot);
        if self.cpython_costs {
            let before = if self.spawns { costs::SPAWN_START_CPU_NS } else { costs::START_BEFORE_FORK_CPU_NS };
            costs::spend_since(called_cpu_ns, before + self.imports.start());
        }
        // Taken right before the fork (after what `start()` spends first, so the trace's time
        // is the child's birth), and so `Started` precedes everything the child reports.
        let stamp = self.ctx.rep.stamp();
        self.ctx.rep.flush();
        // CPython starts a spawned child with vfork(): the parent is suspended until the child
        // has exec'd its new interpreter, which on a busy machine first waits for a CPU. The
        // child writes to this pipe where it would exec.
        let execed = match self.spawns && self.cpython_costs {
            true => Some(sys::pipe().map_err(|e| Exc::new(ExcKind::OSError, e.to_string()))?),
            false => None,
        };
        match sys::fork().map_err(|e| Exc::new(ExcKind::OSError, e.to_string()))? {
            Forked::Child => {
                // Dies with the runner, even when the viewer is gone (`sys::install_lifeline`).
                if !sys::die_with_parent_or_runner(self.ctx.pid()).unwrap_or(false) {
                    sys::exit_now(1);
                }
                if let Some((exec_r, exec_w)) = execed {
                    drop(exec_r);
                    costs::spend(costs::SPAWN_EXEC_CPU_NS);
                    let _ = sys::write_all(exec_w.as_raw_fd(), &[1]);
                }
                if self.cpython_costs {
                    let bootstrap = if self.spawns { costs::SPAWN_BOOTSTRAP_CPU_NS } else { costs::BOOTSTRAP_CPU_NS };
                    costs::spend_since(0, bootstrap);
                    if !self.spawns {
                        self.incref_inherited_proxies();
                    }
                }
                let me = Me { name, slot, daemon, identity: self.children[child].identity.clone() };
                let code = self.become_child(interp, this, me, stamp.seq);
                sys::exit_now(code)
            }
            Forked::Parent(pid) => {
                if let Some((exec_r, exec_w)) = execed {
                    // A child that dies first closes its end: the read ends, not hangs.
                    drop(exec_w);
                    let _ = sys::read_exact(exec_r.as_raw_fd(), &mut [0u8]);
                }
                region.gate(slot).pid.store(pid, std::sync::atomic::Ordering::SeqCst);
                let started = EventKind::Started { name, ppid: self.ctx.pid(), script: "run".into(), daemon, slot };
                self.ctx.rep.emit_at(stamp, pid, started);
                self.children[child].pid = Some(pid);
                if self.cpython_costs && !self.spawns {
                    costs::spend(costs::START_AFTER_FORK_CPU_NS);
                }
                Ok(())
            }
        }
    }

    /// In the new child: a host of its own around the inherited interpreter runs `self.run()`.
    fn become_child(&mut self, interp: &mut Interpreter, this: &Obj, me: Me, started_seq: u64) -> i32 {
        sys::set_comm(&me.name);
        let pid = std::process::id() as i32;
        let ctx = Ctx {
            region: self.ctx.region,
            rep: Reporter::new(self.ctx.region, me.slot as usize, pid, started_seq),
            run_dir: self.ctx.run_dir.clone(),
            // CPython's child resets its queues' buffers after the fork: what the parent's
            // feeder held stays the parent's.
            feeder: Default::default(),
        };
        let name = me.name.clone();
        // The parent reports the file changes it made before the fork.
        crate::python::forget_file_changes();
        let mut host = ProcessHost::new(&ctx, me, self.seed, self.argv.clone());
        host.objects = std::mem::take(&mut self.objects);
        host.handles = std::mem::take(&mut self.handles);
        host.resolved = std::mem::take(&mut self.resolved);
        host.process_class = self.process_class.clone();
        // Inherited pools stay inert here: only the process that made a pool serves it.
        host.pools = std::mem::take(&mut self.pools);
        host.pool_names = std::mem::take(&mut self.pool_names);
        host.pool_classes = self.pool_classes.clone();
        // Inherited managers are reached over connections of the child's own.
        host.managers = std::mem::take(&mut self.managers);
        host.proxies = std::mem::take(&mut self.proxies);
        host.this = Some(this.clone());
        host.parent = Some((self.me.name.clone(), self.ctx.pid()));
        host.wall_t0 = self.wall_t0;
        host.line = self.line;
        host.cpython_costs = self.cpython_costs;
        host.imports = costs::LazyImports::DONE;
        host.library = costs::LibraryCosts::AFTER_FORK;
        host.spawns = self.spawns;
        // A spawned child's context is set already: the module calling set_start_method
        // again while it re-runs is CPython's "context has already been set".
        host.start_method_set = self.spawns;
        // The panic hook installed in MainProcess came along with the fork.
        let code = crash::guarded(&ctx.rep, || {
            let seed = crate::python::Host::random_seed(&mut host);
            // The child's first step reports every variable it inherited (or made anew).
            let watch = interp.watches_variables();
            let mut respawned;
            let interp = if host.spawns {
                respawned = match interp.respawned() {
                    Ok(fresh) => fresh,
                    Err(_) => return 1,
                };
                &mut respawned
            } else {
                interp
            };
            interp.reseed_random(seed);
            interp.watch_variables(watch);
            let exit = match host.spawns.then(|| host.rerun_module(interp)).flatten() {
                Some(failed) => failed,
                None => {
                    if host.spawns && host.cpython_costs {
                        costs::spend(costs::SPAWN_AFTER_MODULE_CPU_NS);
                    }
                    match interp.getattr(&mut host, this, "run") {
                        Ok(run) => interp.bootstrap(&mut host, &run, Args::none(), &name),
                        Err(_) => Exit { code: 1, error: Some("AttributeError: the process has no run()".into()) },
                    }
                }
            };
            host.finish(interp, &exit);
            exit.code
        });
        ctx.rep.exiting(code);
        code
    }

    /// `current_process()`: this child's own `Process`, or the main process.
    pub(super) fn current_process(&self) -> Obj {
        match &self.this {
            Some(this) => this.clone(),
            None => HostObj::obj("_MainProcess", Handle::MainProcess.encode(), HostKind::Object),
        }
    }

    /// `parent_process()`: None in the main process, else the parent as its child sees it.
    pub(super) fn parent_process(&self) -> Obj {
        match &self.parent {
            Some(_) => HostObj::obj("_ParentProcess", Handle::ParentProcess.encode(), HostKind::Object),
            None => Obj::None,
        }
    }

    /// The parent's attributes as `parent_process()` shows them.
    pub(super) fn parent_process_attr(&self, name: &str) -> Result<Obj, Exc> {
        let (parent, pid) = self.parent.clone().unwrap_or_default();
        match name {
            "name" => Ok(Obj::str(&parent)),
            "pid" | "ident" => Ok(Obj::Int(i64::from(pid))),
            _ => Err(Exc::attribute_error(format!("'_ParentProcess' object has no attribute '{name}'"))),
        }
    }

    /// The main process's attributes as `current_process()` shows them.
    pub(super) fn main_process_attr(&self, name: &str) -> Result<Obj, Exc> {
        match name {
            "name" => Ok(Obj::str("MainProcess")),
            "pid" | "ident" => Ok(Obj::Int(i64::from(self.ctx.pid()))),
            "daemon" => Ok(Obj::Bool(false)),
            "exitcode" => Ok(Obj::None),
            _ => Err(Exc::attribute_error(format!("'_MainProcess' object has no attribute '{name}'"))),
        }
    }

    /// `active_children()`: reaps finished children first, as CPython's does, then lists the
    /// `Process` objects of the children still running.
    pub(super) fn active_children(&mut self) -> Result<Obj, Exc> {
        self.reap_finished();
        let alive = self.children.iter().filter(|c| c.pid.is_some() && c.exitcode.is_none()).map(|c| c.obj.clone());
        Ok(Obj::List(Rc::new(std::cell::RefCell::new(alive.collect()))))
    }

    /// Reaps child `i` if it has finished; its exit code if so.
    pub(super) fn poll(&mut self, i: usize) -> Option<i32> {
        let c = &self.children[i];
        if c.exitcode.is_some() {
            return c.exitcode;
        }
        let code = children::poll(c.pid?)?;
        self.reaped(i, code);
        Some(code)
    }

    fn reaped(&mut self, i: usize, exitcode: i32) {
        self.children[i].exitcode = Some(exitcode);
        let pid = self.children[i].pid.unwrap_or(0);
        self.ctx.rep.emit(EventKind::Reaped { child: pid, exitcode });
    }

    /// CPython's `_cleanup()`: reap every finished child.
    fn reap_finished(&mut self) {
        for i in 0..self.children.len() {
            if self.children[i].pid.is_some() {
                self.poll(i);
            }
        }
    }

    pub(super) fn join(&mut self, i: usize, timeout_ms: Option<i64>) -> Result<(), Exc> {
        let Some(pid) = self.children[i].pid else {
            return Err(Exc::new(ExcKind::AssertionError, "can only join a started process"));
        };
        if self.poll(i).is_some() {
            return Ok(());
        }
        let name = self.children[i].name.clone();
        match children::join(self.ctx, pid, &name, timeout_ms) {
            Reaped::Exit(code) => self.reaped(i, code),
            Reaped::StillRunning => {}
        }
        Ok(())
    }

    /// `terminate()` / `kill()` (`method` names it): CPython calls `self._popen.terminate()`,
    /// so on a process never started it raises that call's AttributeError.
    fn signal_method(&mut self, i: usize, sig: Signal, method: &str) -> Result<(), Exc> {
        if self.children[i].pid.is_none() {
            return Err(Exc::attribute_error(format!("'NoneType' object has no attribute '{method}'")));
        }
        self.signal(i, sig)
    }

    pub(super) fn signal(&mut self, i: usize, sig: Signal) -> Result<(), Exc> {
        let c = &self.children[i];
        if let (Some(pid), None) = (c.pid, c.exitcode) {
            children::signal(self.ctx, pid, sig);
        }
        Ok(())
    }

    /// `close()`: refused while the child runs (a finished one is reaped first), after which
    /// the object is closed for good.
    fn close(&mut self, i: usize) -> Result<(), Exc> {
        if self.children[i].pid.is_some() && self.poll(i).is_none() {
            return Err(Exc::new(
                ExcKind::ValueError,
                "Cannot close a process while it is still running. You should first call join() or terminate().",
            ));
        }
        self.children[i].closed = true;
        Ok(())
    }

    /// `_exit_function`: the pools', the proxies' and the managers' finalizers, then SIGTERM
    /// every live daemon child, then join every child.
    pub(super) fn exit_protocol(&mut self) {
        if self.cpython_costs && self.parent.is_none() {
            costs::spend(costs::MAIN_EXIT_CPU_NS);
        }
        self.terminate_pools();
        if self.cpython_costs {
            self.decref_proxies();
        }
        self.shutdown_managers();
        self.reap_finished();
        for i in 0..self.children.len() {
            let c = &self.children[i];
            if c.daemon && c.pid.is_some() && c.exitcode.is_none() {
                let _ = self.signal(i, Signal::SIGTERM);
            }
        }
        for i in 0..self.children.len() {
            let c = &self.children[i];
            if c.pid.is_some() && c.exitcode.is_none() {
                let _ = self.join(i, None);
            }
        }
    }
}

/// Events carry a process or object name of at most this many characters (Python keeps the
/// whole one).
const NAME_LIMIT: usize = 100;

/// A process or object name as events, `ps` and the screen show it: cut to `NAME_LIMIT`
/// characters with an ellipsis, so a name of any length cannot flood a trace line or a column
/// (or push an event past one atomic pipe write).
pub(super) fn reported_name(name: String) -> String {
    match name.char_indices().nth(NAME_LIMIT) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name,
    }
}
