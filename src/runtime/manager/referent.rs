//! The objects a manager's server keeps for its clients (a dict, a list, a queue, an event, a
//! value) and their methods, with the semantics and errors of the CPython objects behind
//! `SyncManager`'s proxies. Pure: a call says what it returns, which events show it (for the
//! calling process's lane), or that it must wait; the server does the waiting.

use std::collections::VecDeque;

use crate::event::{EventKind, GiveUp, WaitOp};
use crate::value::Value;

use super::protocol::TypeId;

/// One shared object in the server.
#[derive(Clone, Debug, PartialEq)]
pub struct Referent {
    /// The name the screen shows (the client's variable).
    pub name: crate::event::Name,
    pub typeid: TypeId,
    pub state: State,
}

/// What a referent holds.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// A dict, its items in insertion order.
    Dict(Vec<(Value, Value)>),
    List(Vec<Value>),
    /// A `queue.Queue` (both `m.Queue()` and `m.JoinableQueue()` are one): `maxsize` ≤ 0 is
    /// unbounded; `unfinished` counts puts not yet marked done.
    Queue {
        items: VecDeque<Value>,
        maxsize: i64,
        unfinished: i64,
    },
    Event(bool),
    Value {
        typecode: String,
        value: Value,
    },
}

/// An exception for the client to raise: its class name and args.
#[derive(Clone, Debug, PartialEq)]
pub struct Raise {
    pub class: &'static str,
    pub args: Vec<Value>,
}

impl Raise {
    fn new(class: &'static str, message: impl Into<String>) -> Raise {
        Raise { class, args: vec![Value::Str(message.into())] }
    }

    /// An exception without args (`queue.Empty()`).
    fn bare(class: &'static str) -> Raise {
        Raise { class, args: Vec::new() }
    }
}

/// The result of a call: done (with what to reply and the events that show it), or it must
/// wait until another call changes the object.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done { result: Result<Value, Raise>, events: Vec<EventKind>, changed: bool },
    Blocks { op: WaitOp, timeout_s: Option<f64> },
}

impl Outcome {
    fn value(value: Value) -> Outcome {
        Outcome::Done { result: Ok(value), events: Vec::new(), changed: false }
    }

    fn raise(raise: Raise) -> Outcome {
        Outcome::Done { result: Err(raise), events: Vec::new(), changed: false }
    }

    fn changed(value: Value, events: Vec<EventKind>) -> Outcome {
        Outcome::Done { result: Ok(value), events, changed: true }
    }
}

/// What a method did, before the events that show a change are added.
enum Step {
    Read(Value),
    /// Changed a dict, list or value; its new content is shown.
    Wrote(Value),
    Outcome(Outcome),
}

/// A queue's state, borrowed for one call.
struct QueueState<'a> {
    name: &'a str,
    joinable: bool,
    items: &'a mut VecDeque<Value>,
    maxsize: i64,
    unfinished: &'a mut i64,
}

/// A call's arguments: positional, then keyword.
pub struct CallArgs<'a> {
    pub pos: &'a [Value],
    pub kw: &'a [(String, Value)],
}

impl CallArgs<'_> {
    fn get(&self, i: usize, name: &str) -> Option<&Value> {
        self.pos.get(i).or_else(|| self.kw.iter().find(|(k, _)| k == name).map(|(_, v)| v))
    }

    fn required(&self, i: usize, name: &str, method: &str) -> Result<Value, Raise> {
        self.get(i, name)
            .cloned()
            .ok_or_else(|| Raise::new("TypeError", format!("{method}() missing required argument: '{name}'")))
    }

    fn flag(&self, i: usize, name: &str) -> bool {
        self.get(i, name).is_none_or(Value::truthy)
    }

    /// A timeout in seconds: `None` waits for ever; a negative one is CPython's ValueError.
    fn timeout(&self, i: usize, name: &str) -> Result<Option<f64>, Raise> {
        let seconds = match self.get(i, name) {
            None | Some(Value::None) => return Ok(None),
            Some(Value::Int(n)) => *n as f64,
            Some(Value::Float(x)) => *x,
            Some(other) => {
                return Err(Raise::new(
                    "TypeError",
                    format!("'<' not supported between instances of '{}' and 'int'", other.type_name()),
                ));
            }
        };
        if seconds < 0.0 {
            return Err(Raise::new("ValueError", "'timeout' must be a non-negative number"));
        }
        Ok(Some(seconds))
    }
}

impl Referent {
    /// A new referent of `typeid` made from the arguments of `m.dict(…)`, `m.Queue(3)`…
    /// (the client has already turned iterables and keywords into plain values).
    pub fn make(typeid: TypeId, name: &str, args: &[Value]) -> Result<Referent, Raise> {
        let state = match typeid {
            TypeId::Dict => match args.first() {
                None => State::Dict(Vec::new()),
                Some(Value::Dict(items)) => State::Dict(items.clone()),
                Some(Value::List(pairs)) => State::Dict(pairs_of(pairs)?),
                Some(other) => {
                    return Err(Raise::new("TypeError", format!("'{}' object is not iterable", other.type_name())));
                }
            },
            TypeId::List => match args.first() {
                None => State::List(Vec::new()),
                Some(Value::List(items) | Value::Tuple(items)) => State::List(items.clone()),
                Some(other) => {
                    return Err(Raise::new("TypeError", format!("'{}' object is not iterable", other.type_name())));
                }
            },
            TypeId::Queue | TypeId::JoinableQueue => {
                let maxsize = match args.first() {
                    None => 0,
                    Some(Value::Int(n)) => *n,
                    Some(other) => {
                        return Err(Raise::new(
                            "TypeError",
                            format!("'<=' not supported between instances of '{}' and 'int'", other.type_name()),
                        ));
                    }
                };
                State::Queue { items: VecDeque::new(), maxsize, unfinished: 0 }
            }
            TypeId::Event => State::Event(false),
            TypeId::Value => match args {
                [Value::Str(typecode), value] => State::Value { typecode: typecode.clone(), value: value.clone() },
                _ => return Err(Raise::new("TypeError", "Value() takes a typecode and a value")),
            },
        };
        Ok(Referent { name: name.into(), typeid, state })
    }

    /// The events that show a new referent: `Created`, then its first content.
    pub fn created_events(&self, line: u32, manager: &str) -> Vec<EventKind> {
        use crate::event::ObjectKind;
        let (object_kind, capacity) = match (&self.state, self.typeid) {
            (State::Dict(_), _) => (ObjectKind::Dict, 0),
            (State::List(_), _) => (ObjectKind::List, 0),
            (State::Queue { maxsize, .. }, TypeId::JoinableQueue) => (ObjectKind::JoinableQueue, *maxsize),
            (State::Queue { maxsize, .. }, _) => (ObjectKind::Queue, *maxsize),
            (State::Event(_), _) => (ObjectKind::Event, 0),
            (State::Value { .. }, _) => (ObjectKind::Value, 0),
        };
        let created = EventKind::Created {
            object: self.name.clone(),
            object_kind,
            value: 0,
            capacity,
            py_line: line,
            manager: Some(manager.to_string()),
        };
        let mut events = vec![created];
        if let Some(value) = self.shown() {
            events.push(self.written(value));
        }
        events
    }

    /// The whole content, for objects shown as a value (dict, list, value).
    pub fn shown(&self) -> Option<Value> {
        match &self.state {
            State::Dict(items) => Some(Value::Dict(items.clone())),
            State::List(items) => Some(Value::List(items.clone())),
            State::Value { value, .. } => Some(value.clone()),
            State::Queue { .. } | State::Event(_) => None,
        }
    }

    fn written(&self, value: Value) -> EventKind {
        EventKind::ValueWritten { object: self.name.clone(), index: None, value }
    }

    /// Calls `method`; `may_block` is false when a parked call is tried again after its
    /// timeout passed (then a call that would still wait gives up instead).
    pub fn call(&mut self, method: &str, args: &CallArgs, may_block: bool) -> Outcome {
        if matches!(method, "__str__" | "__repr__") {
            return Outcome::value(Value::Str(self.repr()));
        }
        let (name, typeid) = (self.name.as_str(), self.typeid);
        let step = match &mut self.state {
            State::Dict(items) => dict_call(items, method, args),
            State::List(items) => list_call(items, method, args),
            State::Queue { items, maxsize, unfinished } => {
                let queue = QueueState {
                    name,
                    joinable: typeid == TypeId::JoinableQueue,
                    items,
                    maxsize: *maxsize,
                    unfinished,
                };
                queue_call(queue, method, args, may_block)
            }
            State::Event(set) => event_call(name, set, method, args, may_block),
            State::Value { value, .. } => value_call(name, value, method, args),
        };
        match step {
            Ok(Some(Step::Read(value))) => Outcome::value(value),
            Ok(Some(Step::Wrote(value))) => {
                let events = self.shown().map(|v| vec![self.written(v)]).unwrap_or_default();
                Outcome::changed(value, events)
            }
            Ok(Some(Step::Outcome(outcome))) => outcome,
            Err(raise) => Outcome::raise(raise),
            Ok(None) => Outcome::raise(Raise::new(
                "AttributeError",
                format!("'{}' object has no attribute '{method}'", typeid.proxy_class()),
            )),
        }
    }

    /// What `str(proxy)` prints: the referent's own `str`.
    fn repr(&self) -> String {
        match &self.state {
            State::Dict(items) => Value::Dict(items.clone()).repr(),
            State::List(items) => Value::List(items.clone()).repr(),
            State::Queue { .. } => format!("<queue.Queue object at {}>", self.address()),
            State::Event(set) => {
                format!("<threading.Event at {} {}>", self.address(), if *set { "set" } else { "unset" })
            }
            State::Value { typecode, value } => format!("Value('{typecode}', {})", value.repr()),
        }
    }

    /// A stable stand-in for the server-side object's address.
    fn address(&self) -> String {
        let h = self.name.bytes().fold(0x7f3a_0000_u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        format!("{:#x}", 0x7f00_0000_0000 | (h & 0xff_ffff) << 4)
    }
}

fn dict_call(items: &mut Vec<(Value, Value)>, method: &str, args: &CallArgs) -> Result<Option<Step>, Raise> {
    let find = |items: &[(Value, Value)], key: &Value| items.iter().position(|(k, _)| k.py_eq(key));
    let key = |what: &str| args.required(0, "key", what);
    Ok(Some(match method {
        "__getitem__" => {
            let k = key(method)?;
            match find(items, &k) {
                Some(i) => Step::Read(items[i].1.clone()),
                None => return Err(Raise { class: "KeyError", args: vec![k] }),
            }
        }
        "get" => {
            let k = key(method)?;
            let default = args.get(1, "default").cloned().unwrap_or(Value::None);
            Step::Read(find(items, &k).map_or(default, |i| items[i].1.clone()))
        }
        "__contains__" => Step::Read(Value::Bool(find(items, &key(method)?).is_some())),
        "__len__" => Step::Read(Value::Int(items.len() as i64)),
        "keys" | "__iter__" => Step::Read(Value::List(items.iter().map(|(k, _)| k.clone()).collect())),
        "values" => Step::Read(Value::List(items.iter().map(|(_, v)| v.clone()).collect())),
        "items" => {
            Step::Read(Value::List(items.iter().map(|(k, v)| Value::Tuple(vec![k.clone(), v.clone()])).collect()))
        }
        "copy" => Step::Read(Value::Dict(items.clone())),
        "__setitem__" => {
            let (k, v) = (key(method)?, args.required(1, "value", method)?);
            match find(items, &k) {
                Some(i) => items[i].1 = v,
                None => items.push((k, v)),
            }
            Step::Wrote(Value::None)
        }
        "setdefault" => {
            let k = key(method)?;
            let default = args.get(1, "default").cloned().unwrap_or(Value::None);
            match find(items, &k) {
                Some(i) => Step::Read(items[i].1.clone()),
                None => {
                    items.push((k, default.clone()));
                    Step::Wrote(default)
                }
            }
        }
        "__delitem__" | "pop" => {
            let k = key(method)?;
            match (find(items, &k), args.get(1, "default")) {
                (Some(i), _) => {
                    let (_, v) = items.remove(i);
                    Step::Wrote(if method == "pop" { v } else { Value::None })
                }
                (None, Some(default)) if method == "pop" => Step::Read(default.clone()),
                (None, _) => return Err(Raise { class: "KeyError", args: vec![k] }),
            }
        }
        "popitem" => match items.pop() {
            Some((k, v)) => Step::Wrote(Value::Tuple(vec![k, v])),
            None => return Err(Raise::new("KeyError", "popitem(): dictionary is empty")),
        },
        "update" => {
            let mut new = match args.pos.first() {
                None => Vec::new(),
                Some(Value::Dict(pairs)) => pairs.clone(),
                Some(Value::List(pairs)) => pairs_of(pairs)?,
                Some(other) => {
                    return Err(Raise::new("TypeError", format!("'{}' object is not iterable", other.type_name())));
                }
            };
            new.extend(args.kw.iter().map(|(k, v)| (Value::Str(k.clone()), v.clone())));
            for (k, v) in new {
                match find(items, &k) {
                    Some(i) => items[i].1 = v,
                    None => items.push((k, v)),
                }
            }
            Step::Wrote(Value::None)
        }
        "clear" => {
            items.clear();
            Step::Wrote(Value::None)
        }
        _ => return Ok(None),
    }))
}

fn list_call(items: &mut Vec<Value>, method: &str, args: &CallArgs) -> Result<Option<Step>, Raise> {
    let len = items.len();
    let at = |v: &Value, what: &str| -> Result<usize, Raise> {
        let Value::Int(i) = v else {
            return Err(Raise::new(
                "TypeError",
                format!("list indices must be integers or slices, not {}", v.type_name()),
            ));
        };
        let i = if *i < 0 { *i + len as i64 } else { *i };
        usize::try_from(i).ok().filter(|&i| i < len).ok_or_else(|| Raise::new("IndexError", what.to_string()))
    };
    Ok(Some(match method {
        "__getitem__" => {
            let i = at(&args.required(0, "index", method)?, "list index out of range")?;
            Step::Read(items[i].clone())
        }
        "__len__" => Step::Read(Value::Int(len as i64)),
        "__contains__" => {
            let x = args.required(0, "value", method)?;
            Step::Read(Value::Bool(items.iter().any(|v| v.py_eq(&x))))
        }
        "__iter__" | "copy" => Step::Read(Value::List(items.clone())),
        "count" => {
            let x = args.required(0, "value", method)?;
            Step::Read(Value::Int(items.iter().filter(|v| v.py_eq(&x)).count() as i64))
        }
        "index" => {
            let x = args.required(0, "value", method)?;
            match items.iter().position(|v| v.py_eq(&x)) {
                Some(i) => Step::Read(Value::Int(i as i64)),
                None => return Err(Raise::new("ValueError", format!("{} is not in list", x.repr()))),
            }
        }
        "__setitem__" => {
            let i = at(&args.required(0, "index", method)?, "list assignment index out of range")?;
            items[i] = args.required(1, "value", method)?;
            Step::Wrote(Value::None)
        }
        "__delitem__" => {
            let i = at(&args.required(0, "index", method)?, "list assignment index out of range")?;
            items.remove(i);
            Step::Wrote(Value::None)
        }
        "append" => {
            items.push(args.required(0, "object", method)?);
            Step::Wrote(Value::None)
        }
        "extend" | "__iadd__" => {
            match args.required(0, "iterable", method)? {
                Value::List(more) | Value::Tuple(more) => items.extend(more),
                other => {
                    return Err(Raise::new("TypeError", format!("'{}' object is not iterable", other.type_name())));
                }
            }
            Step::Wrote(Value::None)
        }
        "insert" => {
            let Value::Int(i) = args.required(0, "index", method)? else {
                return Err(Raise::new("TypeError", "an integer is required"));
            };
            let i = if i < 0 { (i + len as i64).max(0) } else { i.min(len as i64) } as usize;
            items.insert(i, args.required(1, "object", method)?);
            Step::Wrote(Value::None)
        }
        "pop" => {
            if items.is_empty() {
                return Err(Raise::new("IndexError", "pop from empty list"));
            }
            let i = match args.get(0, "index") {
                None => len - 1,
                Some(v) => at(v, "pop index out of range")?,
            };
            let v = items.remove(i);
            Step::Wrote(v)
        }
        "remove" => {
            let x = args.required(0, "value", method)?;
            match items.iter().position(|v| v.py_eq(&x)) {
                Some(i) => {
                    items.remove(i);
                    Step::Wrote(Value::None)
                }
                None => return Err(Raise::new("ValueError", "list.remove(x): x not in list")),
            }
        }
        "reverse" => {
            items.reverse();
            Step::Wrote(Value::None)
        }
        "clear" => {
            items.clear();
            Step::Wrote(Value::None)
        }
        _ => return Ok(None),
    }))
}

fn queue_call(q: QueueState, method: &str, args: &CallArgs, may_block: bool) -> Result<Option<Step>, Raise> {
    let QueueState { name, joinable, items, maxsize, unfinished } = q;
    let name = name.to_string();
    let full = maxsize > 0 && items.len() as i64 >= maxsize;
    let gave_up = |op| vec![EventKind::GaveUp { object: name.as_str().into(), op, why: GiveUp::TimedOut }];
    let fail = |class, events| {
        Ok(Some(Step::Outcome(Outcome::Done { result: Err(Raise::bare(class)), events, changed: false })))
    };
    Ok(Some(match method {
        "put" | "put_nowait" => {
            let item = args.required(0, "item", method)?;
            let block = method == "put" && args.flag(1, "block");
            let timeout = if block { args.timeout(2, "timeout")? } else { None };
            if full {
                if block && may_block && timeout != Some(0.0) {
                    return Ok(Some(Step::Outcome(Outcome::Blocks { op: WaitOp::Put, timeout_s: timeout })));
                }
                return fail("Full", if block { gave_up(WaitOp::Put) } else { Vec::new() });
            }
            items.push_back(item.clone());
            *unfinished += 1;
            Step::Outcome(Outcome::changed(Value::None, vec![EventKind::Put { object: name.into(), item }]))
        }
        "get" | "get_nowait" => {
            let block = method == "get" && args.flag(0, "block");
            let timeout = if block { args.timeout(1, "timeout")? } else { None };
            match items.pop_front() {
                Some(item) => {
                    Step::Outcome(Outcome::changed(item.clone(), vec![EventKind::Got { object: name.into(), item }]))
                }
                None if block && may_block && timeout != Some(0.0) => {
                    Step::Outcome(Outcome::Blocks { op: WaitOp::Get, timeout_s: timeout })
                }
                None => return fail("Empty", if block { gave_up(WaitOp::Get) } else { Vec::new() }),
            }
        }
        "qsize" => Step::Read(Value::Int(items.len() as i64)),
        "empty" => Step::Read(Value::Bool(items.is_empty())),
        "full" => Step::Read(Value::Bool(full)),
        "task_done" => {
            if *unfinished <= 0 {
                return Err(Raise::new("ValueError", "task_done() called too many times"));
            }
            *unfinished -= 1;
            let events = if joinable { vec![EventKind::TaskDone { object: name.into() }] } else { Vec::new() };
            Step::Outcome(Outcome::changed(Value::None, events))
        }
        "join" if *unfinished > 0 => Step::Outcome(Outcome::Blocks { op: WaitOp::QueueJoin, timeout_s: None }),
        "join" => {
            let events = if joinable { vec![EventKind::QueueJoined { object: name.into() }] } else { Vec::new() };
            Step::Outcome(Outcome::Done { result: Ok(Value::None), events, changed: false })
        }
        _ => return Ok(None),
    }))
}

fn event_call(
    name: &str,
    set: &mut bool,
    method: &str,
    args: &CallArgs,
    may_block: bool,
) -> Result<Option<Step>, Raise> {
    let object = name.to_string();
    Ok(Some(match method {
        "is_set" => Step::Read(Value::Bool(*set)),
        "set" => {
            *set = true;
            Step::Outcome(Outcome::changed(Value::None, vec![EventKind::EventSet { object: object.into() }]))
        }
        "clear" => {
            *set = false;
            Step::Outcome(Outcome::changed(Value::None, vec![EventKind::EventCleared { object: object.into() }]))
        }
        "wait" => {
            let timeout = args.timeout(0, "timeout")?;
            if *set {
                let events = vec![EventKind::EventWoke { object: object.into() }];
                Step::Outcome(Outcome::Done { result: Ok(Value::Bool(true)), events, changed: false })
            } else if may_block && timeout != Some(0.0) {
                Step::Outcome(Outcome::Blocks { op: WaitOp::Wait, timeout_s: timeout })
            } else {
                let events = vec![EventKind::GaveUp { object: object.into(), op: WaitOp::Wait, why: GiveUp::TimedOut }];
                Step::Outcome(Outcome::Done { result: Ok(Value::Bool(false)), events, changed: false })
            }
        }
        _ => return Ok(None),
    }))
}

fn value_call(name: &str, value: &mut Value, method: &str, args: &CallArgs) -> Result<Option<Step>, Raise> {
    Ok(Some(match method {
        "get" => {
            let read = EventKind::ValueRead { object: name.into(), index: None, value: value.clone() };
            Step::Outcome(Outcome::Done { result: Ok(value.clone()), events: vec![read], changed: false })
        }
        "set" => {
            *value = args.required(0, "value", method)?;
            Step::Wrote(Value::None)
        }
        _ => return Ok(None),
    }))
}

/// `dict([(k, v), …])`'s pairs.
fn pairs_of(pairs: &[Value]) -> Result<Vec<(Value, Value)>, Raise> {
    pairs
        .iter()
        .enumerate()
        .map(|(i, p)| match p {
            Value::List(kv) | Value::Tuple(kv) if kv.len() == 2 => Ok((kv[0].clone(), kv[1].clone())),
            _ => Err(Raise::new(
                "ValueError",
                format!("dictionary update sequence element #{i} has length 1; 2 is required"),
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests;
