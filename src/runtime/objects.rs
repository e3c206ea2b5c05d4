//! The shared objects of a run (locks, semaphores, events, queues, pipes, values): created by
//! the program as it runs (`lock = Lock()`), inherited by fork, and called by the Python host
//! through one method dispatch with CPython's argument names and errors.

pub mod condition;
pub mod event_flag;
pub mod feeder;
pub mod pipe;
pub mod queue;
pub mod semlock;
pub mod shared_value;

use std::collections::BTreeMap;
use std::rc::Rc;

use super::ctx::Ctx;
use crate::event::EventKind;
use crate::python::{Exc, ExcKind};
use crate::value::Value;

use condition::Condition;
use event_flag::EventFlag;
use pipe::PipeEnd;
use queue::Queue;
use semlock::{SemKind, SemLock};
use shared_value::SharedValue;

/// Evaluated call arguments: positional, then keyword.
#[derive(Debug, Default)]
pub struct Args {
    pub pos: Vec<Value>,
    pub kw: Vec<(String, Value)>,
}

impl Args {
    /// The argument at position `i` or named `name`.
    pub fn get(&self, i: usize, name: &str) -> Option<&Value> {
        self.pos.get(i).or_else(|| self.kw.iter().find(|(k, _)| k == name).map(|(_, v)| v))
    }

    pub fn required(&self, i: usize, name: &str) -> Result<Value, Exc> {
        self.get(i, name).cloned().ok_or_else(|| Exc::type_error(format!("missing required argument: '{name}'")))
    }

    pub fn flag(&self, i: usize, name: &str, default: bool) -> bool {
        self.get(i, name).map_or(default, Value::truthy)
    }

    /// A timeout in lesson milliseconds; `None` (absent or Python None) waits forever.
    pub fn timeout(&self, i: usize, name: &str) -> Result<Option<i64>, Exc> {
        match self.get(i, name) {
            None | Some(Value::None) => Ok(None),
            Some(Value::Int(ms)) => Ok(Some(*ms)),
            Some(other) => Err(Exc::type_error(format!("timeout must be a duration, not '{}'", other.type_name()))),
        }
    }
}

/// One shared object the program can call methods on.
#[derive(Clone, Debug)]
pub enum Obj {
    Sem(SemLock),
    Condition(Condition),
    Event(EventFlag),
    Queue(Rc<Queue>),
    PipeEnd(PipeEnd),
    Value(SharedValue),
}

/// Every object of the run, by index and by name, and the order to audit them in. An object
/// keeps its index for the life of the process (and of its forked children), so the host
/// resolves a program's handle to it once and then reaches it without a name lookup.
#[derive(Default)]
pub struct Objects {
    by_name: BTreeMap<String, usize>,
    items: Vec<Obj>,
    /// Object names in creation order; a pipe is audited through its two ends.
    audit_order: Vec<(String, Option<[PipeEnd; 2]>)>,
}

impl Objects {
    /// Adds an object the program created while running (`lock = Lock()`), audited at the
    /// end when the main process made it.
    pub fn add(&mut self, name: &str, obj: Obj) {
        self.put(name, obj);
        self.audit_order.push((name.to_string(), None));
    }

    /// Adds both ends of a pipe the program created (`a, b = Pipe()`).
    pub fn add_pipe(&mut self, name: &str, ends: [PipeEnd; 2]) {
        for end in ends.iter() {
            self.put(&end.end, Obj::PipeEnd(end.clone()));
        }
        self.audit_order.push((name.to_string(), Some(ends)));
    }

    /// Names `obj` `name`, in the place of an object of that name if there is one.
    fn put(&mut self, name: &str, obj: Obj) {
        match self.by_name.get(name) {
            Some(&i) => self.items[i] = obj,
            None => {
                self.by_name.insert(name.to_string(), self.items.len());
                self.items.push(obj);
            }
        }
    }

    /// The object called `name`.
    pub fn get(&self, name: &str) -> Option<&Obj> {
        self.by_name.get(name).and_then(|&i| self.items.get(i))
    }

    /// Whether an object is called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The index of the object called `name` (see `at`).
    pub fn index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The object at index `i`.
    #[inline]
    pub fn at(&self, i: usize) -> Option<&Obj> {
        self.items.get(i)
    }

    /// The object at index `i`, to change.
    pub fn at_mut(&mut self, i: usize) -> Option<&mut Obj> {
        self.items.get_mut(i)
    }

    /// Reports the real state of every object this process made (end of run, children all
    /// reaped).
    pub fn audit_all(&self, ctx: &Ctx) {
        for (name, ends) in &self.audit_order {
            let audit = match (ends, self.get(name)) {
                (Some(ends), _) => pipe::audit(ends),
                (None, Some(Obj::Sem(s))) => s.audit(ctx),
                (None, Some(Obj::Event(e))) => e.audit(ctx),
                (None, Some(Obj::Queue(q))) => q.audit(ctx),
                (None, Some(Obj::Value(v))) => v.audit(ctx),
                _ => continue,
            };
            ctx.rep.emit(EventKind::Audited { object: name.as_str().into(), audit });
        }
    }
}

/// A failed system call, raised as `OSError` with the system's message.
impl From<std::io::Error> for Exc {
    fn from(e: std::io::Error) -> Exc {
        Exc::new(ExcKind::OSError, e.to_string())
    }
}

/// The element an Array's `[i]` names, negatives counting from the end, with CPython's errors.
fn element(v: &SharedValue, args: &Args) -> Result<u32, Exc> {
    let len = i64::from(v.len());
    match args.required(0, "index")? {
        Value::Int(i) if (-len..len).contains(&i) => Ok(if i < 0 { i + len } else { i } as u32),
        Value::Int(_) => Err(Exc::index_error("invalid index")),
        other => Err(Exc::type_error(format!("indices must be integers, not {}", other.type_name()))),
    }
}

fn no_method(kind: &str, method: &str) -> Exc {
    Exc::new(ExcKind::AttributeError, format!("'{kind}' object has no attribute '{method}'"))
}

impl Obj {
    /// Python's class name, for error messages.
    pub fn class(&self) -> &'static str {
        match self {
            Obj::Sem(s) => match s.kind {
                SemKind::Lock => "Lock",
                SemKind::RLock => "RLock",
                SemKind::Semaphore => "Semaphore",
                SemKind::Bounded => "BoundedSemaphore",
            },
            Obj::Condition(_) => "Condition",
            Obj::Event(_) => "Event",
            Obj::Queue(q) if q.joinable => "JoinableQueue",
            Obj::Queue(_) => "Queue",
            Obj::PipeEnd(_) => "Connection",
            Obj::Value(v) if v.array.is_some() => "SynchronizedArray",
            Obj::Value(_) => "Synchronized",
        }
    }

    /// Calls `method(args)` with CPython's semantics.
    pub fn call(&mut self, ctx: &Ctx, method: &str, args: &Args) -> Result<Value, Exc> {
        let class = self.class();
        match self {
            Obj::Sem(s) => match method {
                "acquire" => s.acquire(ctx, args.flag(0, "block", true), args.timeout(1, "timeout")?).map(Value::Bool),
                "release" => s.release(ctx).map(|_| Value::None),
                "get_value" => Ok(Value::Int(s.value(ctx).max(0))),
                _ => Err(no_method(class, method)),
            },
            Obj::Condition(c) => match method {
                "acquire" => c.acquire(ctx, args.flag(0, "block", true), args.timeout(1, "timeout")?).map(Value::Bool),
                "release" => c.release(ctx).map(|_| Value::None),
                "wait" => c.wait(ctx, args.timeout(0, "timeout")?).map(Value::Bool),
                "notify" => match args.get(0, "n") {
                    None => c.notify(ctx, 1),
                    Some(Value::Int(n)) => c.notify(ctx, *n),
                    Some(other) => Err(Exc::type_error(format!(
                        "'<' not supported between instances of 'int' and '{}'",
                        other.type_name()
                    ))),
                }
                .map(|_| Value::None),
                "notify_all" => c.notify(ctx, i64::MAX).map(|_| Value::None),
                _ => Err(no_method(class, method)),
            },
            Obj::Event(e) => match method {
                "set" => {
                    e.set(ctx);
                    Ok(Value::None)
                }
                "clear" => {
                    e.clear(ctx);
                    Ok(Value::None)
                }
                "is_set" => Ok(Value::Bool(e.is_set(ctx))),
                "wait" => Ok(Value::Bool(e.wait(ctx, args.timeout(0, "timeout")?))),
                _ => Err(no_method(class, method)),
            },
            Obj::Queue(q) => match method {
                "put" => Queue::put(
                    q,
                    ctx,
                    args.required(0, "obj")?,
                    args.flag(1, "block", true),
                    args.timeout(2, "timeout")?,
                )
                .map(|_| Value::None),
                "put_nowait" => Queue::put(q, ctx, args.required(0, "obj")?, false, None).map(|_| Value::None),
                "get" => q.get(ctx, args.flag(0, "block", true), args.timeout(1, "timeout")?),
                "get_nowait" => q.get(ctx, false, None),
                "empty" => Ok(Value::Bool(q.empty())),
                "full" => Ok(Value::Bool(q.full(ctx))),
                "qsize" => Ok(Value::Int(q.qsize(ctx))),
                "task_done" if q.joinable => q.task_done(ctx).map(|_| Value::None),
                "join" if q.joinable => {
                    q.join(ctx);
                    Ok(Value::None)
                }
                _ => Err(no_method(class, method)),
            },
            Obj::PipeEnd(p) => match method {
                "send" => p.send(ctx, args.required(0, "obj")?).map(|_| Value::None),
                "recv" => p.recv(ctx),
                "send_bytes" => {
                    p.send_bytes(ctx, &args.required(0, "buf")?, args.get(1, "offset"), args.get(2, "size"))
                }
                "recv_bytes" => p.recv_bytes(ctx, args.get(0, "maxlength")),
                // poll() does not wait; poll(None) waits for ever, as CPython's.
                "poll" => match args.get(0, "timeout") {
                    None => p.poll(ctx, Some(0)),
                    Some(_) => p.poll(ctx, args.timeout(0, "timeout")?),
                }
                .map(Value::Bool),
                "close" => {
                    p.close(ctx);
                    Ok(Value::None)
                }
                _ => Err(no_method(class, method)),
            },
            Obj::Value(v) if v.array.is_some() => match method {
                "__len__" => Ok(Value::Int(v.len().into())),
                "__getitem__" => v.read(ctx, Some(element(v, args)?)),
                "__setitem__" => {
                    v.write(ctx, Some(element(v, args)?), &args.required(1, "value")?).map(|_| Value::None)
                }
                // Each element is read under the lock on its own, as iterating CPython's
                // SynchronizedArray does.
                "__iter__" => {
                    let items = (0..v.len()).map(|i| v.read(ctx, Some(i))).collect::<Result<Vec<_>, _>>()?;
                    Ok(Value::List(items))
                }
                _ => Err(no_method(class, method)),
            },
            Obj::Value(_) => Err(no_method(class, method)),
        }
    }

    /// Reads `obj.attr` (only a shared Value's `value`).
    pub fn get_attr(&self, ctx: &Ctx, attr: &str) -> Result<Value, Exc> {
        match (self, attr) {
            (Obj::Value(v), "value") if v.array.is_none() => v.read(ctx, None),
            _ => Err(no_method(self.class(), attr)),
        }
    }

    /// Writes `obj.attr = v` (only a shared Value's `value`).
    pub fn set_attr(&self, ctx: &Ctx, attr: &str, value: &Value) -> Result<(), Exc> {
        match (self, attr, value) {
            (Obj::Value(v), "value", value) if v.array.is_none() => v.write(ctx, None, value),
            _ => Err(no_method(self.class(), attr)),
        }
    }
}
