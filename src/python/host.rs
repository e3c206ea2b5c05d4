//! The boundary between the interpreter and whoever runs it (the runtime, or a test host).
//! The interpreter never touches stdout, the clock, pids or `multiprocessing` itself: it
//! asks the host, which can hold the process before any statement (`step`), scale sleeps,
//! report output as events, and supply modules whose objects it implements (`HostObj`).
//! `Process.start()` is the host's: inside `call` it forks; the child runs
//! `Interpreter::bootstrap` and then ends with `_exit(code)`, as CPython's child does
//! (unwinding instead would return into the parent's copied frames).

use std::path::PathBuf;
use std::rc::Rc;

use super::exception::Exc;
use super::interp::Interpreter;
use super::object::{Args, Obj};
use super::variables::Changes;

/// A library call whose CPython cost forkbook's native version does not pay
/// (`Host::library_work`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LibraryWork {
    /// `sum()` added this many ints of a range.
    SumInts(u64),
    /// `open()` made a file object (CPython builds a raw file, a buffer and a text wrapper).
    Open,
    /// `json.load` or `json.loads` decoded a document.
    JsonDecode,
    /// `json.dump` wrote this many values and keys (CPython's encoder for a file is pure
    /// Python and writes each as a piece of its own).
    JsonDump(u64),
}

/// Where text goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// An object the host implements: a handle the host understands, and the Python type name
/// the program sees (`Lock`, `Queue`). Attribute reads, writes and calls go back to the
/// host. `kind` says how it behaves when called or found on a class.
#[derive(Clone, Debug)]
pub struct HostObj {
    pub type_name: Rc<str>,
    pub handle: u64,
    pub kind: HostKind,
}

/// How a host object behaves as a callable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostKind {
    /// A plain object (calling it asks the host with `method: None`).
    Object,
    /// A function: called as is.
    Function,
    /// A function that, found on a class, binds the instance as its first argument (the
    /// methods of a host class such as `Process`).
    Method,
}

/// Which method of a host object a call asks for. The interpreter's own protocols (`with`)
/// name theirs by code, so the host dispatches them without matching strings; a method the
/// program names (`q.put(x)`) comes by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method<'a> {
    /// Calling the object itself: `obj(args)`.
    Call,
    /// `__enter__`, as a `with` statement enters the object.
    Enter,
    /// `__exit__`, as a `with` statement leaves it; `args` are the exception's three parts,
    /// or none at all when the block ended normally (read as three `None`s: a lock's release
    /// needs no argument vector built and dropped).
    Exit,
    /// Any other method, by the name the program used.
    Named(&'a str),
}

impl<'a> Method<'a> {
    /// The method's Python name (`None` for a call of the object itself).
    pub fn name(self) -> Option<&'a str> {
        match self {
            Method::Call => None,
            Method::Enter => Some("__enter__"),
            Method::Exit => Some("__exit__"),
            Method::Named(name) => Some(name),
        }
    }

    /// The method's Python name, `__call__` for a call of the object itself.
    pub fn name_or_call(self) -> &'a str {
        self.name().unwrap_or("__call__")
    }

    /// The code of a method named `name` (`__enter__` is `Enter`).
    pub fn of(name: &'a str) -> Method<'a> {
        match name {
            "__enter__" => Method::Enter,
            "__exit__" => Method::Exit,
            _ => Method::Named(name),
        }
    }
}

impl HostObj {
    /// A host object as an `Obj`.
    pub fn obj(type_name: &str, handle: u64, kind: HostKind) -> Obj {
        Obj::Host(Rc::new(HostObj { type_name: Rc::from(type_name), handle, kind }))
    }
}

/// What the interpreter needs from its surroundings. Every method with an `interp`
/// argument may call back into it (to run Python code, to build objects).
pub trait Host {
    /// Called before every statement with the line about to run: the host may hold the
    /// process here (it blocks inside the call) or raise into the program.
    fn step(&mut self, interp: &mut Interpreter, line: u32) -> Result<(), Exc>;

    /// A call of a function of the program returned normally into a statement that was under
    /// way at `line` (the host's line until then is the callee's last).
    fn returned(&mut self, _line: u32) {}

    /// Just before `step`, when the interpreter watches variables
    /// (`Interpreter::watch_variables`): what changed since the last statement.
    fn variables(&mut self, _changes: Changes<'_>) {}

    /// Text the program writes (`print`, `sys.stdout.write`), exactly as written.
    fn write(&mut self, interp: &mut Interpreter, stream: Stream, text: &str) -> Result<(), Exc>;

    /// `flush=True`, `sys.stdout.flush()`.
    fn flush(&mut self, _interp: &mut Interpreter, _stream: Stream) -> Result<(), Exc> {
        Ok(())
    }

    /// `time.sleep(seconds)`: the host scales, reports and performs it.
    fn sleep(&mut self, interp: &mut Interpreter, seconds: f64) -> Result<(), Exc>;

    /// `time.time()`.
    fn time(&mut self) -> f64;

    /// `time.perf_counter()` and `time.monotonic()`.
    fn monotonic(&mut self) -> f64;

    /// `time.process_time()`: the CPU time this process has used, in seconds (real CPU time,
    /// which no lesson speed scales: CPU-bound work is not slowed down).
    fn cpu_seconds(&mut self) -> f64;

    /// After library `work` forkbook did natively, far faster than CPython: the host may spend
    /// what CPython would have, so a race that the length of a call decides (a file emptied
    /// while `json.dump` writes it, CPU-bound work against the cost of starting processes)
    /// comes out as under CPython.
    fn library_work(&mut self, _work: LibraryWork) {}

    /// `os.getpid()`.
    fn pid(&mut self) -> i64;

    /// `os.getppid()`.
    fn ppid(&mut self) -> i64;

    /// The process's working directory: where `open()` and `os.path` resolve names.
    fn cwd(&mut self) -> PathBuf;

    /// A file in the working directory changed: `open()` in a writing mode created or
    /// truncated it (so `content` may be empty: the moment a concurrent reader finds nothing),
    /// or written bytes reached it. `path` is the name the program opened; `content` is the
    /// whole file right after the change.
    fn file_changed(&mut self, _interp: &mut Interpreter, _path: &str, _content: &str) {}

    /// `sys.argv`.
    fn argv(&mut self) -> Vec<String> {
        vec!["prog.py".into()]
    }

    /// `os.environ`.
    fn environ(&mut self) -> Vec<(String, String)> {
        Vec::new()
    }

    /// The seed of `random` when the program does not seed it (the run's `--seed`).
    fn random_seed(&mut self) -> u64;

    /// A module only the host provides (`multiprocessing`, `multiprocessing.pool`), or
    /// `None` when it has no such module. Called once per module; the result is cached.
    fn import(&mut self, interp: &mut Interpreter, name: &str) -> Option<Result<Obj, Exc>>;

    /// Calls a host object: `obj(args)` for `Method::Call`, else `obj.method(args)`.
    fn call(&mut self, interp: &mut Interpreter, obj: &HostObj, method: Method<'_>, args: Args) -> Result<Obj, Exc>;

    /// `call` with no arguments (a `with` block entering a lock, leaving it normally): a
    /// host may answer the common ones without an argument list made and dropped.
    fn call_bare(&mut self, interp: &mut Interpreter, obj: &HostObj, method: Method<'_>) -> Result<Obj, Exc> {
        self.call(interp, obj, method, Args::none())
    }

    /// Reads attribute `name` of a host object. A method may come back as
    /// `Interpreter::host_method` (`obj.method(...)` calls go straight to `call`).
    fn getattr(&mut self, interp: &mut Interpreter, obj: &HostObj, name: &str) -> Result<Obj, Exc>;

    /// Sets attribute `name` of a host object (`v.value = 3`).
    fn setattr(&mut self, _interp: &mut Interpreter, obj: &HostObj, name: &str, _value: Obj) -> Result<(), Exc> {
        Err(Exc::attribute_error(format!("'{}' object attribute '{name}' is read-only", obj.type_name)))
    }

    /// `repr()` of a host object.
    /// `str(obj)` when it differs from `repr(obj)` (a manager's proxy prints its object);
    /// `None` uses the repr.
    fn str(&mut self, _interp: &mut Interpreter, _obj: &HostObj) -> Option<Result<String, Exc>> {
        None
    }

    fn repr(&mut self, obj: &HostObj) -> String {
        format!("<{} object>", obj.type_name)
    }
}
