//! The `multiprocessing` module a program imports, built from the runtime's real objects:
//! `Lock()` is a process-shared semaphore, `Queue()` a pipe with its locks, `Value('i', 0)`
//! a locked integer in shared memory. Each object is named after the variable the program
//! assigns it to (`lock = Lock()` is 'lock'), so the screen speaks the program's words.

use std::rc::Rc;

use crate::python::{Args, BoundMethod, Exc, HostKind, HostObj, Interpreter, Method, MethodFunc, Obj};
use crate::value::Value;

use super::super::objects::condition::Condition;
use super::super::objects::event_flag::EventFlag;
use super::super::objects::queue::Queue;
use super::super::objects::semlock::{SemKind, SemLock};
use super::super::objects::shared_value::SharedValue;
use super::super::objects::{self, Obj as Shared};
use super::handle::{Function, Handle};
use super::numbers::{array_items, ctype_name, typecode_is_float, value_initial};
use super::{ProcessHost, obj_of};

/// The module's functions and classes other than `Process` and its exceptions.
const FUNCTIONS: [(&str, Function); 20] = [
    ("Lock", Function::Lock),
    ("RLock", Function::RLock),
    ("Semaphore", Function::Semaphore),
    ("BoundedSemaphore", Function::BoundedSemaphore),
    ("Condition", Function::Condition),
    ("Event", Function::Event),
    ("Queue", Function::Queue),
    ("JoinableQueue", Function::JoinableQueue),
    ("Value", Function::Value),
    ("Array", Function::Array),
    ("Pipe", Function::Pipe),
    ("current_process", Function::CurrentProcess),
    ("parent_process", Function::ParentProcess),
    ("active_children", Function::ActiveChildren),
    ("cpu_count", Function::CpuCount),
    ("set_start_method", Function::SetStartMethod),
    ("get_start_method", Function::GetStartMethod),
    ("freeze_support", Function::FreezeSupport),
    ("Pool", Function::Pool),
    ("Manager", Function::Manager),
];

/// Which positional argument of a method is a timeout in seconds (converted to the
/// runtime's milliseconds).
fn timeout_position(method: &str) -> Option<usize> {
    match method {
        "acquire" | "get" => Some(1),
        "put" => Some(2),
        "wait" | "poll" => Some(0),
        _ => None,
    }
}

impl ProcessHost<'_, '_> {
    /// `import multiprocessing`.
    pub(super) fn multiprocessing(&mut self, interp: &mut Interpreter) -> Result<Obj, Exc> {
        let classes = self.pool_classes(interp)?;
        let mut attrs = vec![
            ("Process", self.process_class(interp)?),
            ("ProcessError", classes.process_error),
            ("TimeoutError", classes.timeout_error),
        ];
        for (name, f) in FUNCTIONS {
            attrs.push((name, HostObj::obj(name, Handle::Function(f).encode(), HostKind::Function)));
        }
        Ok(interp.new_module("multiprocessing", attrs))
    }

    /// Calls a module function.
    pub(super) fn call_function(&mut self, interp: &mut Interpreter, f: Function, args: Args) -> Result<Obj, Exc> {
        let line = self.line;
        let int_arg = |args: Args, fname: &str, name: &str, default: i64| -> Result<i64, Exc> {
            match args.bind(fname, [name], 0)? {
                [None] => Ok(default),
                [Some(Obj::Int(n))] => Ok(n),
                [Some(Obj::Bool(b))] => Ok(i64::from(b)),
                [Some(other)] => {
                    Err(Exc::type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name())))
                }
            }
        };
        let makes_object = !matches!(
            f,
            Function::CurrentProcess
                | Function::ParentProcess
                | Function::ActiveChildren
                | Function::SetStartMethod
                | Function::GetStartMethod
                | Function::FreezeSupport
                | Function::CpuCount
        );
        if makes_object {
            self.imports.object_made();
        }
        let made: anyhow::Result<(Shared, &str)> = match f {
            Function::CurrentProcess => return Ok(self.current_process()),
            Function::ParentProcess => return Ok(self.parent_process()),
            Function::ActiveChildren => return self.active_children(),
            Function::SetStartMethod => {
                let [method, force] = args.bind("set_start_method", ["method", "force"], 1)?;
                let force = matches!(force, Some(Obj::Bool(true)));
                if self.start_method_set && !force {
                    return Err(Exc::runtime_error("context has already been set"));
                }
                self.start_method_set = true;
                return match method {
                    Some(Obj::Str(m)) if matches!(&*m, "fork" | "spawn") => {
                        self.spawns = &*m == "spawn";
                        Ok(Obj::None)
                    }
                    Some(Obj::Str(m)) if &*m == "forkserver" => {
                        Err(Exc::value_error("forkbook runs the 'fork' and 'spawn' start methods, not 'forkserver'"))
                    }
                    Some(other) => {
                        Err(Exc::value_error(format!("cannot find context for {}", interp.repr(self, &other)?)))
                    }
                    None => Ok(Obj::None),
                };
            }
            Function::GetStartMethod => return Ok(Obj::str(if self.spawns { "spawn" } else { "fork" })),
            Function::FreezeSupport => return Ok(Obj::None),
            Function::CpuCount => {
                let n = std::thread::available_parallelism().map_or(1, |n| n.get());
                return Ok(Obj::Int(n as i64));
            }
            Function::Pipe => return self.new_pipe(interp, args),
            Function::Pool => return self.new_pool(interp, args),
            Function::PoolWorker => return self.pool_worker(interp, args),
            Function::Manager => return self.new_manager(interp, args),
            Function::ManagerServer => return self.manager_server(args),
            Function::Lock => {
                args.positional("Lock", 0, 0)?;
                let name = self.object_name(interp, "lock");
                SemLock::create(self.ctx, &name, SemKind::Lock, 1, line).map(|s| (Shared::Sem(s), "Lock"))
            }
            Function::RLock => {
                args.positional("RLock", 0, 0)?;
                let name = self.object_name(interp, "rlock");
                SemLock::create(self.ctx, &name, SemKind::RLock, 1, line).map(|s| (Shared::Sem(s), "RLock"))
            }
            Function::Semaphore => {
                let value = int_arg(args, "Semaphore", "value", 1)?;
                if value < 0 {
                    return Err(Exc::value_error("semaphore initial value must be >= 0"));
                }
                let name = self.object_name(interp, "sem");
                SemLock::create(self.ctx, &name, SemKind::Semaphore, value, line).map(|s| (Shared::Sem(s), "Semaphore"))
            }
            Function::BoundedSemaphore => {
                let value = int_arg(args, "BoundedSemaphore", "value", 1)?;
                let name = self.object_name(interp, "sem");
                SemLock::create(self.ctx, &name, SemKind::Bounded, value, line)
                    .map(|s| (Shared::Sem(s), "BoundedSemaphore"))
            }
            Function::Condition => {
                let [lock] = args.bind("Condition", ["lock"], 0)?;
                let lock = match lock {
                    None | Some(Obj::None) => None,
                    Some(lock) => Some(self.lock_of(&lock)?),
                };
                let name = self.object_name(interp, "cond");
                Condition::create(self.ctx, &name, lock, line).map(|c| (Shared::Condition(c), "Condition"))
            }
            Function::Event => {
                args.positional("Event", 0, 0)?;
                let name = self.object_name(interp, "event");
                EventFlag::create(self.ctx, &name, line).map(|e| (Shared::Event(e), "Event"))
            }
            Function::Queue | Function::JoinableQueue => {
                let joinable = f == Function::JoinableQueue;
                let class = if joinable { "JoinableQueue" } else { "Queue" };
                let maxsize = int_arg(args, class, "maxsize", 0)?;
                let name = self.object_name(interp, "queue");
                Queue::create(self.ctx, &name, joinable, maxsize, line).map(|q| (Shared::Queue(Rc::new(q)), class))
            }
            Function::Value => {
                let [typecode, initial, lock] = args.bind("Value", ["typecode_or_type", "value", "lock"], 1)?;
                let ctype = ctype_name(typecode.as_ref());
                let initial = value_initial(typecode_is_float(typecode)?, initial)?;
                let locked = !matches!(lock, Some(Obj::Bool(false)));
                let name = self.object_name(interp, "value");
                let mut value = SharedValue::create(self.ctx, &name, &initial, locked, line)
                    .map_err(|e| Exc::new(crate::python::ExcKind::OSError, format!("{e:#}")))?;
                value.ctype = ctype;
                if let Some(lock) = &value.lock {
                    self.objects.add(&lock.name, Shared::Sem(lock.clone()));
                }
                Ok((Shared::Value(value), if locked { "Synchronized" } else { ctype }))
            }
            Function::Array => {
                let [typecode, init, lock] =
                    args.bind("Array", ["typecode_or_type", "size_or_initializer", "lock"], 2)?;
                let ctype = ctype_name(typecode.as_ref());
                let float = typecode_is_float(typecode)?;
                let items = array_items(float, init.unwrap_or(Obj::Int(0)))?;
                let locked = !matches!(lock, Some(Obj::Bool(false)));
                let name = self.object_name(interp, "array");
                let mut array = SharedValue::create_array(self.ctx, &name, (float, locked), &items, line)
                    .map_err(|e| Exc::new(crate::python::ExcKind::OSError, format!("{e:#}")))?;
                array.ctype = ctype;
                if let Some(lock) = &array.lock {
                    self.objects.add(&lock.name, Shared::Sem(lock.clone()));
                }
                // A raw array's type names its length (`c_int_Array_5`), as ctypes does.
                Ok((Shared::Value(array), if locked { "SynchronizedArray" } else { "Array" }))
            }
        };
        let (shared, class) = made.map_err(|e| Exc::new(crate::python::ExcKind::OSError, format!("{e:#}")))?;
        let name = self.handles.last().cloned().unwrap_or_default();
        self.objects.add(&name, shared);
        Ok(HostObj::obj(class, Handle::Object(self.handles.len() - 1).encode(), HostKind::Object))
    }

    /// The Lock or RLock a program passes to `Condition(lock)`.
    fn lock_of(&mut self, lock: &Obj) -> Result<SemLock, Exc> {
        let shared = match lock {
            Obj::Host(h) => match Handle::decode(h.handle) {
                Some(Handle::Object(i)) => self.shared(i),
                _ => None,
            },
            _ => None,
        };
        match shared {
            Some(Shared::Sem(sem)) if matches!(sem.kind, SemKind::Lock | SemKind::RLock) => Ok(sem.clone()),
            // CPython takes any object with `acquire` and `release`; forkbook only its locks.
            Some(_) => Err(Exc::type_error(format!(
                "forkbook's Condition takes a multiprocessing Lock or RLock, not '{}'",
                lock.type_name()
            ))),
            None => Err(Exc::attribute_error(format!("'{}' object has no attribute 'acquire'", lock.type_name()))),
        }
    }

    /// `a, b = Pipe(duplex=True)`: two connection objects.
    fn new_pipe(&mut self, interp: &mut Interpreter, args: Args) -> Result<Obj, Exc> {
        let [duplex] = args.bind("Pipe", ["duplex"], 0)?;
        let duplex = !matches!(duplex, Some(Obj::Bool(false)));
        let name = self.object_name(interp, "pipe");
        let ends = [format!("{name}[0]"), format!("{name}[1]")];
        let made = objects::pipe::create(self.ctx, &name, duplex, &ends, self.line)
            .map_err(|e| Exc::new(crate::python::ExcKind::OSError, format!("{e:#}")))?;
        self.objects.add_pipe(&name, made);
        let mut conns = Vec::new();
        for end in ends {
            self.handles.push(end);
            conns.push(HostObj::obj("Connection", Handle::Object(self.handles.len() - 1).encode(), HostKind::Object));
        }
        Ok(Obj::Tuple(conns.into()))
    }

    /// A name for a new object, pushed to the handle table (see `fresh_name`).
    fn object_name(&mut self, interp: &mut Interpreter, fallback: &str) -> String {
        let name = self.fresh_name(interp, fallback);
        self.handles.push(name.clone());
        name
    }

    /// A name for a new object: the variable the statement assigns to (`lock = Lock()`,
    /// `self.q = Queue()`, `with Pool(2) as pool:`), else `fallback`; `#2`, `#3` … keep
    /// names unique.
    pub(super) fn fresh_name(&self, interp: &Interpreter, fallback: &str) -> String {
        let text = interp.program().lines().line_text(self.line).to_string();
        // Cut like a process name: every event about the object carries it.
        let base = super::process::reported_name(assigned_name(&text).unwrap_or(fallback).to_string());
        let mut name = base.clone();
        let mut n = 1;
        while self.handles.contains(&name) || self.objects.contains(&name) || self.pool_names.contains(&name) {
            n += 1;
            name = format!("{base}#{n}");
        }
        name
    }

    /// The index in `objects` of the shared object with handle `i`, looked up by name the
    /// first time and remembered (an object keeps its index; `None` while this process does
    /// not have it).
    #[inline]
    pub(super) fn shared_index(&mut self, i: usize) -> Option<usize> {
        if let Some(Some(k)) = self.resolved.get(i) {
            return Some(*k);
        }
        self.resolve(i)
    }

    /// `shared_index` the first time: the name looked up, and remembered.
    #[inline(never)]
    fn resolve(&mut self, i: usize) -> Option<usize> {
        let k = self.objects.index(self.handles.get(i)?)?;
        if self.resolved.len() <= i {
            self.resolved.resize(i + 1, None);
        }
        self.resolved[i] = Some(k);
        Some(k)
    }

    /// The shared object with handle `i`.
    #[inline]
    fn shared(&mut self, i: usize) -> Option<&Shared> {
        let k = self.shared_index(i)?;
        self.objects.at(k)
    }

    /// The error for a handle whose object this process does not have.
    fn not_available(&self, i: usize) -> Exc {
        let name = self.handles.get(i).map_or("", String::as_str);
        Exc::runtime_error(format!("the shared object '{name}' is not available in this process"))
    }

    /// Calls `method` of shared object `i`. A `with` block's enter and exit of a lock or a
    /// semaphore go straight to it: no name, no argument conversion, no result conversion.
    pub(super) fn object_method(
        &mut self,
        interp: &mut Interpreter,
        i: usize,
        method: Method<'_>,
        args: Args,
    ) -> Result<Obj, Exc> {
        let ctx = self.ctx;
        match (self.shared(i), method) {
            (Some(Shared::Sem(sem)), Method::Enter) => return sem.acquire(ctx, true, None).map(Obj::Bool),
            (Some(Shared::Sem(sem)), Method::Exit) => return sem.release(ctx).map(|_| Obj::None),
            _ => {}
        }
        let method = method.name_or_call();
        if let Some(Shared::Queue(q)) = self.shared(i) {
            let q = Rc::clone(q);
            if let Some(done) = self.queue_close_method(&q, i, method)? {
                return Ok(done);
            }
        }
        if let (Some(Shared::Condition(cond)), "wait_for") = (self.shared(i), method) {
            let cond = cond.clone();
            return self.condition_wait_for(interp, &cond, args);
        }
        if let (Some(Shared::Value(array)), Some(Obj::Slice(slice))) = (self.shared(i), args.pos.first())
            && array.array.is_some()
        {
            let array = array.clone();
            return self.array_slice(interp, &array, slice, method, &args);
        }
        let method = match method {
            "__enter__" => "acquire",
            "__exit__" => "release",
            m => m,
        };
        let mut values = objects::Args::default();
        // `__exit__(type, value, traceback)` releases and takes no arguments of its own (a
        // `with` block's exit converts none of them).
        if method != "release" {
            for (k, arg) in args.pos.iter().enumerate() {
                values.pos.push(arg_value(interp, arg, timeout_position(method) == Some(k))?);
            }
            for (key, arg) in &args.kw {
                values.kw.push((key.to_string(), arg_value(interp, arg, &**key == "timeout")?));
            }
        }
        if method == "get_lock"
            && let Some(Shared::Value(value)) = self.shared(i)
        {
            // The RLock the Value reads and writes under, as a shared object of its own; a
            // raw one (`lock=False`) has none.
            let Some(lock) = value.lock.as_ref().map(|l| l.name.clone()) else {
                let class = if value.array.is_some() {
                    "Array"
                } else if value.float {
                    "c_double"
                } else {
                    "c_int"
                };
                return Err(Exc::attribute_error(format!("'{class}' object has no attribute 'get_lock'")));
            };
            let index = match self.handles.iter().position(|h| *h == lock) {
                Some(index) => index,
                None => {
                    self.handles.push(lock.to_string());
                    self.handles.len() - 1
                }
            };
            return Ok(HostObj::obj("RLock", Handle::Object(index).encode(), HostKind::Object));
        }
        let Some(k) = self.shared_index(i) else { return Err(self.not_available(i)) };
        let Some(shared) = self.objects.at_mut(k) else { return Err(self.not_available(i)) };
        let result = shared.call(ctx, method, &values)?;
        obj_of(interp, &result)
    }

    /// `__enter__` or `__exit__` of shared object `i` when it is a lock or a semaphore (what a
    /// `with` block does with one); `None` for anything else.
    pub(super) fn object_bare(&mut self, i: usize, method: Method<'_>) -> Option<Result<Obj, Exc>> {
        let ctx = self.ctx;
        match (self.shared(i), method) {
            (Some(Shared::Sem(sem)), Method::Enter) => Some(sem.acquire(ctx, true, None).map(Obj::Bool)),
            (Some(Shared::Sem(sem)), Method::Exit) => Some(sem.release(ctx).map(|_| Obj::None)),
            _ => None,
        }
    }

    /// Reads an attribute of shared object `i` (a Value's `value`).
    pub(super) fn object_attr(
        &mut self,
        interp: &mut Interpreter,
        obj: &HostObj,
        i: usize,
        attr: &str,
    ) -> Result<Obj, Exc> {
        let ctx = self.ctx;
        let shared = self.shared(i);
        // `counter.value`: the number read under its lock, straight into an object.
        if let Some(Shared::Value(v)) = shared
            && v.array.is_none()
            && attr == "value"
        {
            return match v.read(ctx, None)? {
                Value::Int(n) => Ok(Obj::Int(n)),
                v => obj_of(interp, &v),
            };
        }
        let is_method = match shared {
            Some(Shared::Sem(_)) => matches!(attr, "acquire" | "release" | "get_value"),
            Some(Shared::Condition(_)) => {
                matches!(attr, "acquire" | "release" | "wait" | "wait_for" | "notify" | "notify_all")
            }
            Some(Shared::Event(_)) => matches!(attr, "set" | "clear" | "is_set" | "wait"),
            Some(Shared::Queue(q)) => {
                matches!(
                    attr,
                    "put" | "get" | "put_nowait" | "get_nowait" | "empty" | "full" | "qsize" | "task_done" | "join"
                ) || (q.is_fed() && super::queue_close::METHODS.contains(&attr))
            }
            Some(Shared::PipeEnd(_)) => {
                matches!(attr, "send" | "recv" | "send_bytes" | "recv_bytes" | "poll" | "close")
            }
            _ => false,
        };
        if is_method {
            let receiver = Obj::Host(Rc::new(obj.clone()));
            return Ok(Obj::Method(Rc::new(BoundMethod { receiver, func: MethodFunc::Named(Rc::from(attr)) })));
        }
        match shared {
            Some(shared) => {
                let v = shared.get_attr(ctx, attr)?;
                obj_of(interp, &v)
            }
            None => Err(Exc::attribute_error(format!("'{}' object has no attribute '{attr}'", obj.type_name))),
        }
    }

    /// Writes an attribute of shared object `i` (`v.value = 3`).
    pub(super) fn set_object_attr(
        &mut self,
        interp: &mut Interpreter,
        obj: &HostObj,
        i: usize,
        attr: &str,
        value: Obj,
    ) -> Result<(), Exc> {
        let value = interp.to_value(&value)?;
        let ctx = self.ctx;
        match self.shared(i) {
            Some(shared) => shared.set_attr(ctx, attr, &value),
            None => Err(Exc::attribute_error(format!("'{}' object has no attribute '{attr}'", obj.type_name))),
        }
    }
}

/// One argument as the runtime takes it; a timeout becomes lesson milliseconds.
pub(super) fn arg_value(interp: &mut Interpreter, arg: &Obj, is_timeout: bool) -> Result<Value, Exc> {
    if is_timeout {
        return match arg {
            Obj::None => Ok(Value::None),
            Obj::Int(s) => Ok(Value::Int(s.saturating_mul(1000))),
            Obj::Float(s) => Ok(Value::Int((s * 1000.0).round() as i64)),
            other => Err(Exc::type_error(format!("timeout must be a number, not '{}'", other.type_name()))),
        };
    }
    interp.to_value(arg)
}

/// The variable a line assigns to: `lock` in `lock = Lock()`, `q` in `self.q = mp.Queue()`,
/// `pool` in `with Pool(2) as pool:`.
fn assigned_name(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    if trimmed.starts_with("with ") {
        let (_, target) = trimmed.rsplit_once(" as ")?;
        let target = target.trim_end().trim_end_matches(':').trim();
        let simple = !target.is_empty() && target.chars().all(|c| c.is_alphanumeric() || c == '_');
        return simple.then_some(target);
    }
    let (target, _) = line.split_once('=')?;
    let target = target.trim();
    if target.is_empty() || target.contains(['(', '[', ',', '!', '<', '>']) {
        return None;
    }
    let last = target.rsplit('.').next()?.trim();
    (!last.is_empty() && last.chars().all(|c| c.is_alphanumeric() || c == '_')).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::assigned_name;

    #[test]
    fn objects_are_named_after_the_variable_they_are_assigned_to() {
        assert_eq!(assigned_name("lock = Lock()"), Some("lock"));
        assert_eq!(assigned_name("    self.q = mp.Queue(3)"), Some("q"));
        assert_eq!(assigned_name("a, b = Pipe()"), None);
        assert_eq!(assigned_name("print(Lock())"), None);
        assert_eq!(assigned_name("if x == Lock():"), None);
        assert_eq!(assigned_name("    with Pool(2) as pool:"), Some("pool"));
        assert_eq!(assigned_name("with lock:"), None);
    }
}
