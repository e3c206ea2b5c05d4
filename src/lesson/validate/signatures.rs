//! The signatures the step language knows: built-in functions, the methods of each kind
//! of shared object (as in Python's `multiprocessing`), process and list methods, and the
//! error classes. Script checks and expectation checks read these tables.

use std::collections::BTreeSet;

/// A function or method signature: argument counts and keyword names.
#[derive(Debug)]
pub struct Sig {
    pub name: &'static str,
    pub min: usize,
    pub max: usize,
    pub kwargs: &'static [&'static str],
    /// How to call it, for hints.
    pub usage: &'static str,
}

/// Builds a signature (a `const fn` so the tables are constants).
pub const fn sig(
    name: &'static str,
    min: usize,
    max: usize,
    kwargs: &'static [&'static str],
    usage: &'static str,
) -> Sig {
    Sig { name, min, max, kwargs, usage }
}

/// The built-in functions of the step language.
pub const BUILTINS: &[Sig] = &[
    sig("print", 0, usize::MAX, &[], "print(a, b, ...)"),
    sig("sleep", 1, 1, &[], "sleep(ms)"),
    sig("compute", 1, 1, &[], "compute(ms)"),
    sig("clock", 0, 0, &[], "clock() (lesson time in ms)"),
    sig("randint", 2, 2, &[], "randint(a, b)"),
    sig("range", 1, 2, &[], "range(n) or range(a, b)"),
    sig("len", 1, 1, &[], "len(x)"),
    sig("str", 1, 1, &[], "str(x)"),
    sig("int", 1, 1, &[], "int(x)"),
    sig("exit", 0, 1, &[], "exit() or exit(code)"),
    sig(
        "Process",
        0,
        1,
        &["target", "args", "daemon", "name"],
        "Process(target=script, args=[...], daemon=False, name=\"...\")",
    ),
    sig("Lock", 0, 0, &[], "Lock()"),
    sig("RLock", 0, 0, &[], "RLock()"),
    sig("Semaphore", 1, 1, &[], "Semaphore(n)"),
    sig("BoundedSemaphore", 1, 1, &[], "BoundedSemaphore(n)"),
    sig("Event", 0, 0, &[], "Event()"),
    sig(
        "Pool",
        0,
        1,
        &["processes", "initializer", "maxtasksperchild"],
        "Pool(processes, initializer=script, maxtasksperchild=n)",
    ),
];

/// Lock and RLock methods.
pub const LOCK: &[Sig] = &[
    sig("acquire", 0, 2, &["block", "timeout"], "acquire(block=True, timeout=...)"),
    sig("release", 0, 0, &[], "release()"),
];
/// Semaphore and BoundedSemaphore methods.
pub const SEMAPHORE: &[Sig] = &[
    sig("acquire", 0, 2, &["block", "timeout"], "acquire(block=True, timeout=...)"),
    sig("release", 0, 0, &[], "release()"),
    sig("get_value", 0, 0, &[], "get_value()"),
];
/// Event methods.
pub const EVENT: &[Sig] = &[
    sig("set", 0, 0, &[], "set()"),
    sig("clear", 0, 0, &[], "clear()"),
    sig("is_set", 0, 0, &[], "is_set()"),
    sig("wait", 0, 1, &["timeout"], "wait(timeout=...)"),
];
/// Queue methods (JoinableQueue has these too).
pub const QUEUE: &[Sig] = &[
    sig("put", 1, 3, &["block", "timeout"], "put(item, block=True, timeout=...)"),
    sig("get", 0, 2, &["block", "timeout"], "get(block=True, timeout=...)"),
    sig("put_nowait", 1, 1, &[], "put_nowait(item)"),
    sig("get_nowait", 0, 0, &[], "get_nowait()"),
    sig("empty", 0, 0, &[], "empty()"),
    sig("full", 0, 0, &[], "full()"),
    sig("qsize", 0, 0, &[], "qsize()"),
];
/// The methods JoinableQueue adds.
pub const JOINABLE: &[Sig] = &[sig("task_done", 0, 0, &[], "task_done()"), sig("join", 0, 0, &[], "join()")];
/// Methods of a Pipe's connection ends.
pub const CONNECTION: &[Sig] = &[
    sig("send", 1, 1, &[], "send(x)"),
    sig("recv", 0, 0, &[], "recv()"),
    sig("poll", 0, 1, &[], "poll(timeout)"),
    sig("close", 0, 0, &[], "close()"),
];
/// Methods of a File resource.
pub const FILE: &[Sig] = &[sig("read", 1, 1, &[], "read(key)"), sig("write", 2, 2, &[], "write(key, value)")];
/// Process and list methods, allowed on variables.
pub const PROCESS: &[Sig] = &[
    sig("start", 0, 0, &[], "start()"),
    sig("join", 0, 1, &["timeout"], "join(timeout)"),
    sig("terminate", 0, 0, &[], "terminate()"),
    sig("kill", 0, 0, &[], "kill()"),
    sig("is_alive", 0, 0, &[], "is_alive()"),
    sig("append", 1, 1, &[], "append(x)"),
];
/// Pool methods and AsyncResult methods, allowed on variables.
pub const POOL: &[Sig] = &[
    sig("apply", 1, 2, &["func", "args"], "apply(func, args=[...])"),
    sig(
        "apply_async",
        1,
        2,
        &["func", "args", "callback", "error_callback"],
        "apply_async(func, args=[...], callback=script)",
    ),
    sig("map", 2, 3, &["func", "iterable", "chunksize"], "map(func, items, chunksize=n)"),
    sig("map_async", 2, 3, &["func", "iterable", "chunksize", "callback", "error_callback"], "map_async(func, items)"),
    sig("starmap", 2, 3, &["func", "iterable", "chunksize"], "starmap(func, list_of_argument_lists)"),
    sig(
        "starmap_async",
        2,
        3,
        &["func", "iterable", "chunksize", "callback", "error_callback"],
        "starmap_async(func, items)",
    ),
    sig("imap", 2, 3, &["func", "iterable", "chunksize"], "imap(func, items)"),
    sig("imap_unordered", 2, 3, &["func", "iterable", "chunksize"], "imap_unordered(func, items)"),
    sig("close", 0, 0, &[], "close()"),
    sig("terminate", 0, 0, &[], "terminate()"),
    sig("join", 0, 0, &[], "join()"),
    sig("get", 0, 1, &["timeout"], "get(timeout=...)"),
    sig("wait", 0, 1, &["timeout"], "wait(timeout=...)"),
    sig("ready", 0, 0, &[], "ready()"),
    sig("successful", 0, 0, &[], "successful()"),
];
/// The `os` module's one function.
pub const OS: &[Sig] = &[sig("getpid", 0, 0, &[], "os.getpid()")];
/// Attributes readable on a variable (a process, or a shared Value passed in).
pub const VAR_ATTRS: &[&str] = &["pid", "name", "exitcode", "daemon", "value"];
/// The error classes `except` and `raise` know.
pub const ERRORS: &[&str] = &["Empty", "Full", "ValueError", "AssertionError", "EOFError", "TimeoutError", "Exception"];

/// The methods a resource kind allows.
pub fn methods_of(kind: &str) -> Vec<&'static Sig> {
    let tables: &[&[Sig]] = match kind {
        "Lock" | "RLock" => &[LOCK],
        "Semaphore" | "BoundedSemaphore" => &[SEMAPHORE],
        "Event" => &[EVENT],
        "Queue" => &[QUEUE],
        "JoinableQueue" => &[QUEUE, JOINABLE],
        "File" => &[FILE],
        "connection" => &[CONNECTION],
        _ => &[],
    };
    tables.iter().flat_map(|t| t.iter()).collect()
}

/// True if a variable may have this method at parse time (the runtime checks the rest).
pub fn any_method(name: &str) -> bool {
    [LOCK, SEMAPHORE, EVENT, QUEUE, JOINABLE, CONNECTION, FILE, PROCESS, POOL]
        .iter()
        .any(|t| t.iter().any(|s| s.name == name))
}

/// Every method name of every kind, for did-you-mean hints.
pub fn all_method_names() -> BTreeSet<&'static str> {
    [LOCK, SEMAPHORE, EVENT, QUEUE, JOINABLE, CONNECTION, FILE, PROCESS, POOL]
        .iter()
        .flat_map(|t| t.iter().map(|s| s.name))
        .collect()
}
