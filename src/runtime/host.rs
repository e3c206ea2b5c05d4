//! The host a lesson process's Python interpreter runs under (`python::Host`). Before every
//! statement the process reports its line and passes its step gate; `print` becomes
//! `Printed` events, one per line (what a flush finds unfinished, `PrintedPart`);
//! `time.sleep` is scaled by the run's speed and reported; files the program changes become
//! `FileChanged` events; `multiprocessing` is built from the
//! runtime's real kernel objects (`mp.rs`, shared numbers in `numbers.rs`),
//! `Process.start()` really forks the interpreter (`process.rs`; under spawn the child runs
//! the module again first, `spawn.rs`), and a `Pool`'s workers are
//! such forks, served by this process at its safe points (`pool.rs`).

mod condition;
mod handle;
mod manager;
mod mp;
mod numbers;
pub(super) mod pool;
mod process;
mod queue_close;
mod repr;
mod spawn;

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::event::{EventKind, Variable, VariableName};
use crate::python::{Args, Changes, Exc, Exit, Host, HostObj, Interpreter, LibraryWork, Method, Obj, Scope, Stream};
use crate::value::Value;

use super::ctx::Ctx;
use super::gate;
use super::objects::Objects;

pub use process::run_program;

use handle::Handle;
use manager::{HostManager, Proxy};
use pool::{HostPool, PoolClasses};
use process::Child;

/// How many characters of a file's content a `FileChanged` event carries: enough for the
/// small files lessons keep, and small enough for an event to stay one atomic pipe write.
const FILE_SHOWN_CHARS: usize = 300;

/// Who a lesson process is.
#[derive(Clone, Debug)]
pub struct Me {
    pub name: String,
    pub slot: u32,
    pub daemon: bool,
    /// Python's `_identity`: `[]` for the main process, `[2]` for Process-2, `[2, 1]` for
    /// Process-2:1.
    pub identity: Vec<u32>,
}

/// One lesson process's side of the interpreter: who it is, the objects and children it
/// knows, and its unfinished line of output.
pub struct ProcessHost<'a, 'r> {
    ctx: &'a Ctx<'r>,
    me: Me,
    /// The run's seed; each process draws its own `random` stream from it and its name.
    seed: u64,
    argv: Vec<String>,
    /// Shared objects by name (created by this process or inherited through fork).
    objects: Objects,
    /// Object names by handle (a handle is an index here).
    handles: Vec<String>,
    /// The index in `objects` each handle was resolved to, once it was (`shared_index`).
    resolved: Vec<Option<usize>>,
    /// The `Process` objects this process made, by handle.
    children: Vec<Child>,
    /// CPython's per-process counter behind `Process-N`.
    counter: u32,
    /// Printed text not yet ended by a newline.
    line_out: String,
    /// The line of the statement running now.
    line: u32,
    /// In a child: its own `Process` object (what `current_process()` returns).
    this: Option<Obj>,
    /// The `multiprocessing.Process` class, made on first import.
    process_class: Option<Obj>,
    /// The wall-clock time (Unix seconds) the run started at, fixed once so that `time.time()`
    /// never mixes two clocks read at different moments.
    wall_t0: f64,
    /// `set_start_method` was called (a second call needs `force=True`, as in CPython).
    start_method_set: bool,
    /// `set_start_method('spawn')`: a child re-runs the module in a fresh interpreter.
    spawns: bool,
    /// A spawned child re-running the module: starting a process now is CPython's
    /// bootstrapping RuntimeError.
    bootstrapping: bool,
    /// In a child: its parent's name and pid (what `parent_process()` shows).
    parent: Option<(String, i32)>,
    /// The pools this process made or inherited, by handle.
    pools: Vec<HostPool>,
    /// Names given to pools (their queues are `<name>.tasks`, `<name>.results`).
    pool_names: Vec<String>,
    /// The pool's classes, made on first use.
    pool_classes: Option<PoolClasses>,
    /// True while a pool callback runs (no result handling at its steps).
    in_callback: bool,
    /// The files this process changed, by the names the program used, in order of first change.
    files: Vec<String>,
    /// The queues this process closed (`close()`); a forked child starts with none closed.
    closed_queues: Vec<crate::event::Name>,
    /// The variables the coming step changed, reported right after its `AtStep`: the
    /// record's tag and payload, encoded straight from the watch's changes…
    variables_tag: Option<u16>,
    variables_record: Vec<u8>,
    /// …or, when they are too many for one record, the event the reporter cuts to fit.
    variables: Option<EventKind>,
    /// Starting a child costs what it costs CPython (`costs.rs`).
    cpython_costs: bool,
    /// What this process's first `start()` still imports, as CPython's does.
    imports: super::costs::LazyImports,
    /// Which library calls are still cold in this process (a forked child's first ones).
    library: super::costs::LibraryCosts,
    /// The managers this process started or reaches through a proxy, by handle.
    managers: Vec<HostManager>,
    /// The proxies of managers' objects this process holds, by handle.
    proxies: Vec<Proxy>,
}

impl<'a, 'r> ProcessHost<'a, 'r> {
    /// The host of a process named by `me`, with the run's `seed` and `argv`.
    pub fn new(ctx: &'a Ctx<'r>, me: Me, seed: u64, argv: Vec<String>) -> Self {
        ProcessHost {
            ctx,
            me,
            seed,
            argv,
            objects: Objects::default(),
            handles: Vec::new(),
            resolved: Vec::new(),
            children: Vec::new(),
            counter: 0,
            line_out: String::new(),
            line: 0,
            this: None,
            process_class: None,
            wall_t0: wall_clock_at_start(ctx),
            start_method_set: false,
            spawns: false,
            bootstrapping: false,
            parent: None,
            pools: Vec::new(),
            pool_names: Vec::new(),
            pool_classes: None,
            in_callback: false,
            files: Vec::new(),
            closed_queues: Vec::new(),
            variables_tag: None,
            variables_record: Vec::new(),
            variables: None,
            cpython_costs: false,
            imports: Default::default(),
            library: Default::default(),
            managers: Vec::new(),
            proxies: Vec::new(),
        }
    }

    /// Seconds of lesson time since the run started (real time × speed), from the monotonic
    /// clock alone, to the nanosecond.
    fn lesson_seconds(&self) -> f64 {
        let h = self.ctx.region.header();
        let real_ns = super::sys::monotonic_ns().saturating_sub(h.t0_ns.load(Ordering::Relaxed));
        real_ns as f64 / 1e9 * f64::from(h.speed_milli.load(Ordering::Relaxed)) / 1000.0
    }

    /// Reports the current line and the variables it changed, then passes the step gate
    /// (where the viewer may hold us).
    fn gate(&mut self) {
        self.ctx.rep.mark(EventKind::AtStep { line: self.line }, false);
        if let Some(tag) = self.variables_tag.take() {
            self.ctx.rep.mark_record(tag, &self.variables_record, self.ctx.rep.last_mark_ns());
        } else if let Some(variables) = self.variables.take() {
            self.ctx.rep.mark_at(variables, self.ctx.rep.last_mark_ns(), false);
        }
        gate::pass(self.ctx.region, self.me.slot, &self.ctx.rep);
    }

    /// Ends the process's Python side: the rest of its output and file changes, the uncaught
    /// error (if any) as an event, and CPython's exit protocol (pools terminated, proxies let
    /// go, managers shut down, daemons terminated, the rest joined). CPython's main process prints its error
    /// before its exit function runs; a child runs that function first
    /// (`BaseProcess._bootstrap`), so its traceback comes after its children are joined.
    fn finish(&mut self, interp: &mut Interpreter, exit: &Exit) {
        self.flush_line();
        crate::python::report_file_changes(interp, self);
        let child = self.parent.is_some();
        if !child {
            self.report_uncaught(exit);
        }
        self.ctx.rep.mark(EventKind::CodeEnded, true);
        self.ctx.feeder.exit(self.ctx);
        self.exit_protocol();
        if child {
            self.report_uncaught(exit);
            if self.cpython_costs {
                super::costs::spend(super::costs::CHILD_EXIT_CPU_NS);
            }
        }
    }

    /// The uncaught error that ends the process, if any, as a `Raised` event (a child first
    /// spends what printing its traceback costs CPython).
    fn report_uncaught(&self, exit: &Exit) {
        let Some(error) = &exit.error else { return };
        if self.cpython_costs && self.parent.is_some() {
            super::costs::spend(super::costs::CHILD_TRACEBACK_CPU_NS);
        }
        self.report_raised(error, false);
    }

    /// A `Raised` event at the current line from an exception's last traceback line
    /// (`ValueError: stock is empty`).
    pub(super) fn report_raised(&self, text: &str, caught: bool) {
        let (class, message) = text.split_once(": ").unwrap_or((text, ""));
        self.ctx.rep.emit(EventKind::Raised {
            error: class.to_string(),
            message: message.to_string(),
            line: self.line,
            caught,
        });
    }

    /// Reports the real content of every file this process changed (the main process, at the
    /// end of the run), cut as `FileChanged` cuts it, so the verdict can compare it with the
    /// screen. A file only children changed is not audited.
    pub fn audit_files(&self) {
        for name in &self.files {
            let Ok(bytes) = std::fs::read(self.ctx.run_dir.join(name)) else { continue };
            let (content, _) = shown_content(&String::from_utf8_lossy(&bytes));
            let audit = crate::event::Audit::File { content };
            self.ctx.rep.emit(EventKind::Audited { object: name.as_str().into(), audit });
        }
    }

    /// Emits the unfinished line of output, if any.
    fn flush_line(&mut self) {
        if !self.line_out.is_empty() {
            let text = std::mem::take(&mut self.line_out);
            self.ctx.rep.emit(EventKind::PrintedPart { text });
        }
    }
}

impl Host for ProcessHost<'_, '_> {
    fn step(&mut self, interp: &mut Interpreter, line: u32) -> Result<(), Exc> {
        // A process with a pool first hands out the results that arrived (its callbacks run
        // here, as CPython's result handler thread would run them).
        if self.serves_pools() {
            self.serve_pools(interp, None);
        }
        // A process that keeps running lets its feeder in once a switch interval has passed
        // (one held at its gate lets no time pass: a schedule decides when it blocks).
        if !self.ctx.feeder.is_empty() && !gate::is_held(self.ctx.region, self.me.slot) {
            self.ctx.feeder.run_due(self.ctx);
        }
        self.line = line;
        self.gate();
        Ok(())
    }

    fn returned(&mut self, line: u32) {
        self.line = line;
        self.ctx.rep.back_at(line);
    }

    fn variables(&mut self, changes: Changes<'_>) {
        let local = |scope| scope == Scope::Local;
        let frame = changes.function.map(|f| f.unwrap_or("<module>"));
        let set = changes.set().map(|v| (local(v.scope), &*v.name, v.value.as_str()));
        let gone = changes.gone.iter().map(|(scope, name)| (local(*scope), &**name));
        let tag = super::ring::encode_variables(frame, set, gone, &mut self.variables_record);
        if self.variables_record.len() <= super::ring::MAX_PAYLOAD {
            self.variables_tag = Some(tag);
            self.variables = None;
            return;
        }
        self.variables_tag = None;
        let set =
            changes.set().map(|v| Variable { local: local(v.scope), name: (&*v.name).into(), value: v.value.clone() });
        let gone =
            changes.gone.iter().map(|(scope, name)| VariableName { local: local(*scope), name: (&**name).into() });
        let frame = frame.map(str::to_string);
        self.variables = Some(EventKind::Variables { frame, set: set.collect(), gone: gone.collect() });
    }

    fn write(&mut self, _: &mut Interpreter, stream: Stream, text: &str) -> Result<(), Exc> {
        if stream == Stream::Stderr {
            // Tracebacks and warnings go to the run's diagnostics; the error itself is an event.
            use std::io::Write;
            let _ = std::io::stderr().write_all(text.as_bytes());
            return Ok(());
        }
        self.line_out.push_str(text);
        let mut wrote = false;
        while let Some(at) = self.line_out.find('\n') {
            let text = self.line_out[..at].to_string();
            self.line_out.drain(..=at);
            self.ctx.rep.emit(EventKind::Printed { text });
            wrote = true;
        }
        // A terminal's stdout is line-buffered: a finished line is a write(2), during which
        // CPython's main thread lets go of the GIL, and a feeder thread waiting for it writes.
        if wrote && !self.ctx.feeder.is_empty() {
            self.ctx.feeder.run_now(self.ctx);
        }
        Ok(())
    }

    fn flush(&mut self, _: &mut Interpreter, stream: Stream) -> Result<(), Exc> {
        if stream == Stream::Stdout {
            self.flush_line();
        }
        Ok(())
    }

    fn sleep(&mut self, interp: &mut Interpreter, seconds: f64) -> Result<(), Exc> {
        let ms = (seconds.max(0.0) * 1000.0).round() as u64;
        self.ctx.rep.emit(EventKind::Sleeping { ms });
        let until = Instant::now() + self.ctx.real(ms);
        // Asleep, the process lets its feeder write (within the sleep's time).
        self.ctx.feeder.run_until(self.ctx, until);
        // A process with a pool keeps handing out results while it sleeps.
        while self.serves_pools() && Instant::now() < until {
            let left = until.saturating_duration_since(Instant::now());
            self.serve_pools(interp, Some(left.min(Duration::from_millis(20))));
        }
        std::thread::sleep(until.saturating_duration_since(Instant::now()));
        Ok(())
    }

    fn time(&mut self) -> f64 {
        // Lesson time on the wall clock of the run's start: a program that measures its own
        // sleeps prints what it would at speed 1.
        self.wall_t0 + self.lesson_seconds()
    }

    fn monotonic(&mut self) -> f64 {
        self.lesson_seconds()
    }

    fn cpu_seconds(&mut self) -> f64 {
        super::sys::cpu_ns() as f64 / 1e9
    }

    fn library_work(&mut self, work: LibraryWork) {
        if self.cpython_costs {
            super::costs::spend(self.library.cost(work));
        }
    }

    fn pid(&mut self) -> i64 {
        i64::from(self.ctx.pid())
    }

    fn ppid(&mut self) -> i64 {
        i64::from(nix::unistd::getppid().as_raw())
    }

    fn cwd(&mut self) -> PathBuf {
        self.ctx.run_dir.clone()
    }

    fn file_changed(&mut self, _: &mut Interpreter, path: &str, content: &str) {
        if !self.files.iter().any(|f| f == path) {
            self.files.push(path.to_string());
        }
        let (content, cut) = shown_content(content);
        self.ctx.rep.emit(EventKind::FileChanged { object: path.into(), content, cut });
    }

    fn argv(&mut self) -> Vec<String> {
        self.argv.clone()
    }

    fn environ(&mut self) -> Vec<(String, String)> {
        std::env::vars().collect()
    }

    fn random_seed(&mut self) -> u64 {
        // CPython reseeds `random` in every forked child; a stream per process name keeps
        // runs with the same --seed identical.
        self.me
            .name
            .bytes()
            .fold(self.seed ^ 0x9e37_79b9_7f4a_7c15, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
    }

    fn import(&mut self, interp: &mut Interpreter, name: &str) -> Option<Result<Obj, Exc>> {
        match name {
            "multiprocessing" => Some(self.multiprocessing(interp)),
            "multiprocessing.pool" => Some(Ok(self.pool_module(interp))),
            _ => None,
        }
    }

    fn call(&mut self, interp: &mut Interpreter, obj: &HostObj, method: Method<'_>, args: Args) -> Result<Obj, Exc> {
        let handle = Handle::decode(obj.handle);
        if let Some(Handle::Object(i)) = handle {
            return self.object_method(interp, i, method, args);
        }
        // A `with` block that ended normally passes no arguments to `__exit__`; the other
        // objects take CPython's three `None`s.
        let args = if method == Method::Exit && args.pos.is_empty() && args.kw.is_empty() {
            Args::new(vec![Obj::None, Obj::None, Obj::None])
        } else {
            args
        };
        let method = method.name_or_call();
        match handle {
            Some(Handle::Function(f)) => self.call_function(interp, f, args),
            Some(Handle::ProcessMethod(m)) => self.process_method(interp, m, args),
            Some(Handle::Pool(p)) if p < self.pools.len() => self.pool_method(interp, p, method, args),
            Some(Handle::Job { pool, job }) if pool < self.pools.len() => {
                self.result_method(interp, obj, (pool, job), method, args)
            }
            Some(Handle::IterMethod(m)) => self.iter_method(interp, m, args),
            Some(Handle::Manager(i)) if i < self.managers.len() => self.manager_method(interp, obj, i, method, args),
            Some(Handle::Proxy(p)) => self.proxy_method(interp, p, method, args),
            Some(
                Handle::MainProcess
                | Handle::ParentProcess
                | Handle::Pool(_)
                | Handle::Job { .. }
                | Handle::Manager(_)
                | Handle::Object(_),
            )
            | None => Err(Exc::type_error(format!("'{}' object is not callable", obj.type_name))),
        }
    }

    fn call_bare(&mut self, interp: &mut Interpreter, obj: &HostObj, method: Method<'_>) -> Result<Obj, Exc> {
        // A lock or a semaphore entered or left by a `with` block: straight to it.
        if let Some(Handle::Object(i)) = Handle::decode(obj.handle)
            && let Some(done) = self.object_bare(i, method)
        {
            return done;
        }
        self.call(interp, obj, method, Args::none())
    }

    fn getattr(&mut self, interp: &mut Interpreter, obj: &HostObj, name: &str) -> Result<Obj, Exc> {
        match Handle::decode(obj.handle) {
            Some(Handle::Object(i)) => self.object_attr(interp, obj, i, name),
            Some(Handle::MainProcess) => self.main_process_attr(name),
            Some(Handle::ParentProcess) => self.parent_process_attr(name),
            Some(Handle::Pool(_)) => self.pool_attr(obj, name),
            Some(Handle::Job { .. }) => self.result_attr(obj, name),
            Some(Handle::Manager(i)) => self.manager_attr(obj, i, name),
            Some(Handle::Proxy(p)) => self.proxy_attr(interp, obj, p, name),
            _ => Err(Exc::attribute_error(format!("'{}' object has no attribute '{name}'", obj.type_name))),
        }
    }

    fn setattr(&mut self, interp: &mut Interpreter, obj: &HostObj, name: &str, value: Obj) -> Result<(), Exc> {
        match Handle::decode(obj.handle) {
            Some(Handle::Object(i)) => self.set_object_attr(interp, obj, i, name, value),
            Some(Handle::Proxy(p)) => self.set_proxy_attr(interp, obj, p, name, value),
            _ => Err(Exc::attribute_error(format!("'{}' object attribute '{name}' is read-only", obj.type_name))),
        }
    }

    fn str(&mut self, interp: &mut Interpreter, obj: &HostObj) -> Option<Result<String, Exc>> {
        match Handle::decode(obj.handle) {
            Some(Handle::Proxy(p)) => Some(self.proxy_str(interp, p)),
            _ => None,
        }
    }

    fn repr(&mut self, obj: &HostObj) -> String {
        match Handle::decode(obj.handle) {
            Some(Handle::Object(i)) => self.object_repr(obj, i),
            Some(Handle::MainProcess) => "<_MainProcess name='MainProcess' parent=None started>".to_string(),
            Some(Handle::Pool(p)) if p < self.pools.len() => self.pool_repr(p),
            Some(Handle::Job { .. }) => self.result_repr(obj),
            Some(Handle::Manager(_)) => "<multiprocessing.managers.SyncManager object at 0x7f0000001000>".to_string(),
            Some(Handle::Proxy(p)) => self.proxy_repr(p),
            _ => format!("<{} object>", obj.type_name),
        }
    }
}

/// The wall-clock time of the run's start: now, less the monotonic time since `t0`.
fn wall_clock_at_start(ctx: &Ctx) -> f64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64());
    let t0 = ctx.region.header().t0_ns.load(Ordering::Relaxed);
    now - super::sys::monotonic_ns().saturating_sub(t0) as f64 / 1e9
}

/// A file's content as events carry it: its first `FILE_SHOWN_CHARS` characters, and whether
/// that cut anything.
fn shown_content(content: &str) -> (String, bool) {
    match content.char_indices().nth(FILE_SHOWN_CHARS) {
        Some((at, _)) => (content[..at].to_string(), true),
        None => (content.to_string(), false),
    }
}

/// A timeout argument in seconds (None: no timeout) as lesson milliseconds.
fn timeout_ms(timeout: Option<&Obj>) -> Result<Option<i64>, Exc> {
    match timeout {
        None | Some(Obj::None) => Ok(None),
        Some(Obj::Int(s)) => Ok(Some(s.saturating_mul(1000))),
        Some(Obj::Float(s)) => Ok(Some((s * 1000.0).round() as i64)),
        Some(other) => Err(Exc::type_error(format!("timeout must be a number, not '{}'", other.type_name()))),
    }
}

/// A runtime value as the program's object.
fn obj_of(interp: &mut Interpreter, v: &Value) -> Result<Obj, Exc> {
    interp.from_value(v)
}
