//! The binary form of an event's kind inside a ring record: a tag and a payload of bytes.
//! The kinds a busy lesson reports all the time (steps, lock hand-offs, queue items, printed
//! lines, variables, shared values) have a compact form that needs no parsing; the rare ones
//! (a process started, an object created, an audit…) travel as their JSON, which is exact.

use crate::event::{EventKind, GiveUp, Name, Variable, VariableName, WaitOp};
use crate::value::Value;

/// The tag of a padding record, which fills the ring's end when a record does not fit there.
pub const PAD: u16 = 0;
const JSON: u16 = 1;
/// The tag of a step marker (`AtStep`): a little-endian `u32` line, the commonest record.
pub const AT_STEP: u16 = 2;
const GATED: u16 = 3;
const ACQUIRED: u16 = 4;
const RELEASED: u16 = 5;
const TASK_DONE: u16 = 6;
const QUEUE_JOINED: u16 = 7;
const EVENT_SET: u16 = 8;
const EVENT_CLEARED: u16 = 9;
const EVENT_WOKE: u16 = 10;
const PUT: u16 = 11;
const GOT: u16 = 12;
const WAITING: u16 = 13;
const PRINTED: u16 = 14;
const VARIABLES: u16 = 15;
const VALUE_READ: u16 = 16;
const VALUE_WRITTEN: u16 = 17;
const SENT: u16 = 18;
const RECEIVED: u16 = 19;
const SLEEPING: u16 = 20;
const EXITING: u16 = 21;
const REAPED: u16 = 22;
const GAVE_UP: u16 = 23;
const FED: u16 = 24;
const CODE_ENDED: u16 = 25;

/// Values nested deeper than this travel as JSON (whose reader has its own limit).
const MAX_DEPTH: usize = 64;

/// Writes `kind` into `out` (cleared first) and returns its tag.
pub fn encode(kind: &EventKind, out: &mut Vec<u8>) -> u16 {
    out.clear();
    let mut w = W(out);
    match kind {
        EventKind::AtStep { line } => {
            w.u32(*line);
            AT_STEP
        }
        EventKind::Gated => GATED,
        EventKind::CodeEnded => CODE_ENDED,
        EventKind::Acquired { object } => w.object(Named::Acquired.tag(), object),
        EventKind::Released { object } => w.object(Named::Released.tag(), object),
        EventKind::TaskDone { object } => w.object(TASK_DONE, object),
        EventKind::QueueJoined { object } => w.object(QUEUE_JOINED, object),
        EventKind::EventSet { object } => w.object(EVENT_SET, object),
        EventKind::EventCleared { object } => w.object(EVENT_CLEARED, object),
        EventKind::EventWoke { object } => w.object(EVENT_WOKE, object),
        EventKind::Put { object, item } | EventKind::Got { object, item } | EventKind::Fed { object, item } => {
            w.str(object);
            if !w.value(item, 0) {
                return json(kind, out);
            }
            match kind {
                EventKind::Put { .. } => PUT,
                EventKind::Fed { .. } => FED,
                _ => GOT,
            }
        }
        EventKind::Waiting { object, op, timed } => {
            w.str(object);
            w.u8(wait_op_code(*op));
            w.u8(u8::from(*timed));
            WAITING
        }
        EventKind::GaveUp { object, op, why } => {
            w.str(object);
            w.u8(wait_op_code(*op));
            w.u8(give_up_code(*why));
            GAVE_UP
        }
        EventKind::Printed { text } => w.object(PRINTED, text),
        EventKind::Variables { frame, set, gone } => encode_variables(
            frame.as_deref(),
            set.iter().map(|v| (v.local, v.name.as_str(), v.value.as_str())),
            gone.iter().map(|v| (v.local, v.name.as_str())),
            out,
        ),
        EventKind::ValueRead { object, index, value } | EventKind::ValueWritten { object, index, value } => {
            let read = matches!(kind, EventKind::ValueRead { .. });
            match encode_value_op(read, object, *index, value, out) {
                Some(tag) => tag,
                None => json(kind, out),
            }
        }
        EventKind::Sent { object, end, item } | EventKind::Received { object, end, item } => {
            w.str(object);
            w.str(end);
            if !w.value(item, 0) {
                return json(kind, out);
            }
            if matches!(kind, EventKind::Sent { .. }) { SENT } else { RECEIVED }
        }
        EventKind::Sleeping { ms } => {
            w.u64(*ms);
            SLEEPING
        }
        EventKind::Exiting { code } => {
            w.u32(*code as u32);
            EXITING
        }
        EventKind::Reaped { child, exitcode } => {
            w.u32(*child as u32);
            w.u32(*exitcode as u32);
            REAPED
        }
        _ => json(kind, out),
    }
}

fn json(kind: &EventKind, out: &mut Vec<u8>) -> u16 {
    out.clear();
    if serde_json::to_writer(&mut *out, kind).is_err() {
        out.clear();
        let text = "an event forkbook could not encode".to_string();
        // A Printed always encodes.
        return encode(&EventKind::InternalError { message: text, location: String::new() }, out);
    }
    JSON
}

/// Reads a payload written by `encode` with `tag`; `None` when it is not one (a record torn by
/// a writer's death is never published, so this means a bug, reported by the caller).
pub fn decode(tag: u16, bytes: &[u8], names: &mut Names) -> Option<EventKind> {
    let mut r = R { b: bytes, i: 0, names: Some(names) };
    let kind = match tag {
        JSON => return serde_json::from_slice(bytes).ok(),
        AT_STEP => EventKind::AtStep { line: r.u32()? },
        GATED => EventKind::Gated,
        CODE_ENDED => EventKind::CodeEnded,
        ACQUIRED => EventKind::Acquired { object: r.name()? },
        RELEASED => EventKind::Released { object: r.name()? },
        TASK_DONE => EventKind::TaskDone { object: r.name()? },
        QUEUE_JOINED => EventKind::QueueJoined { object: r.name()? },
        EVENT_SET => EventKind::EventSet { object: r.name()? },
        EVENT_CLEARED => EventKind::EventCleared { object: r.name()? },
        EVENT_WOKE => EventKind::EventWoke { object: r.name()? },
        PUT => EventKind::Put { object: r.name()?, item: r.value(0)? },
        GOT => EventKind::Got { object: r.name()?, item: r.value(0)? },
        FED => EventKind::Fed { object: r.name()?, item: r.value(0)? },
        WAITING => EventKind::Waiting { object: r.name()?, op: wait_op(r.u8()?)?, timed: r.u8()? != 0 },
        GAVE_UP => EventKind::GaveUp { object: r.name()?, op: wait_op(r.u8()?)?, why: give_up(r.u8()?)? },
        PRINTED => EventKind::Printed { text: r.str()? },
        VARIABLES => {
            let frame = r.opt_str()?;
            let n = r.u32()? as usize;
            let mut set = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                set.push(Variable { local: r.u8()? != 0, name: r.name()?, value: r.str()? });
            }
            let n = r.u32()? as usize;
            let mut gone = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                gone.push(VariableName { local: r.u8()? != 0, name: r.name()? });
            }
            EventKind::Variables { frame, set, gone }
        }
        VALUE_READ | VALUE_WRITTEN => {
            let object = r.name()?;
            let index = if r.u8()? == 1 { Some(r.u32()?) } else { None };
            let value = r.value(0)?;
            match tag {
                VALUE_READ => EventKind::ValueRead { object, index, value },
                _ => EventKind::ValueWritten { object, index, value },
            }
        }
        SENT => EventKind::Sent { object: r.name()?, end: r.str()?, item: r.value(0)? },
        RECEIVED => EventKind::Received { object: r.name()?, end: r.str()?, item: r.value(0)? },
        SLEEPING => EventKind::Sleeping { ms: r.u64()? },
        EXITING => EventKind::Exiting { code: r.u32()? as i32 },
        REAPED => EventKind::Reaped { child: r.u32()? as i32, exitcode: r.u32()? as i32 },
        _ => return None,
    };
    (r.i == bytes.len()).then_some(kind)
}

fn wait_op_code(op: WaitOp) -> u8 {
    match op {
        WaitOp::Acquire => 0,
        WaitOp::Get => 1,
        WaitOp::Put => 2,
        WaitOp::Wait => 3,
        WaitOp::QueueJoin => 4,
        WaitOp::Recv => 5,
        WaitOp::Join => 6,
        WaitOp::Serve => 7,
        WaitOp::Feed => 8,
    }
}

fn wait_op(code: u8) -> Option<WaitOp> {
    Some(match code {
        0 => WaitOp::Acquire,
        1 => WaitOp::Get,
        2 => WaitOp::Put,
        3 => WaitOp::Wait,
        4 => WaitOp::QueueJoin,
        5 => WaitOp::Recv,
        6 => WaitOp::Join,
        7 => WaitOp::Serve,
        8 => WaitOp::Feed,
        _ => return None,
    })
}

fn give_up_code(why: GiveUp) -> u8 {
    match why {
        GiveUp::TimedOut => 0,
        GiveUp::WouldBlock => 1,
        GiveUp::Closed => 2,
    }
}

fn give_up(code: u8) -> Option<GiveUp> {
    Some(match code {
        0 => GiveUp::TimedOut,
        1 => GiveUp::WouldBlock,
        2 => GiveUp::Closed,
        _ => return None,
    })
}

/// Writes `v` alone in the compact form (queue and pipe messages, `frame.rs`); false when it
/// is nested too deep for it.
pub fn encode_value(v: &Value, out: &mut Vec<u8>) -> bool {
    W(out).value(v, 0)
}

/// Reads a value `encode_value` wrote, which must fill `bytes` exactly.
pub fn decode_value(bytes: &[u8]) -> Option<Value> {
    let mut r = R { b: bytes, i: 0, names: None };
    let v = r.value(0)?;
    (r.i == bytes.len()).then_some(v)
}

/// Writes a `Variables` record's payload into `out` (cleared first) straight from borrowed
/// parts, the watch's own (nothing is copied into an event first): where the process runs
/// now if that changed, each variable set as (local, name, value text), each variable gone as
/// (local, name). The bytes are those `encode` writes for the same event. Returns the tag.
pub fn encode_variables<'a>(
    frame: Option<&str>,
    set: impl ExactSizeIterator<Item = (bool, &'a str, &'a str)>,
    gone: impl ExactSizeIterator<Item = (bool, &'a str)>,
    out: &mut Vec<u8>,
) -> u16 {
    out.clear();
    let mut w = W(out);
    w.opt_str(frame);
    w.u32(set.len() as u32);
    for (local, name, value) in set {
        w.u8(u8::from(local));
        w.str(name);
        w.str(value);
    }
    w.u32(gone.len() as u32);
    for (local, name) in gone {
        w.u8(u8::from(local));
        w.str(name);
    }
    VARIABLES
}

/// The two lock hand-offs, the commonest kinds whose only field is an object's name: written
/// from a borrowed name (`Reporter::emit_named`), without an `EventKind` made and dropped at
/// every acquire and release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    Acquired,
    Released,
}

impl Named {
    fn tag(self) -> u16 {
        match self {
            Named::Acquired => ACQUIRED,
            Named::Released => RELEASED,
        }
    }
}

/// Writes the payload of the `Named` event about `object` into `out` (cleared first), the
/// bytes `encode` writes for the same event; returns its tag.
pub fn encode_named(which: Named, object: &str, out: &mut Vec<u8>) -> u16 {
    out.clear();
    W(out).object(which.tag(), object)
}

/// Writes the payload of a `ValueRead` (`read`) or `ValueWritten` into `out` (cleared first)
/// from borrowed parts, the bytes `encode` writes for the same event; returns its tag, or
/// `None` when the value is nested too deep for this form.
pub fn encode_value_op(read: bool, object: &str, index: Option<u32>, value: &Value, out: &mut Vec<u8>) -> Option<u16> {
    out.clear();
    let mut w = W(out);
    w.str(object);
    match index {
        Some(i) => {
            w.u8(1);
            w.u32(i);
        }
        None => w.u8(0),
    }
    w.value(value, 0).then_some(if read { VALUE_READ } else { VALUE_WRITTEN })
}

/// Appends little-endian fields.
struct W<'a>(&'a mut Vec<u8>);

impl W<'_> {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    /// A kind whose only field is one string.
    fn object(&mut self, tag: u16, s: &str) -> u16 {
        self.str(s);
        tag
    }
    /// False when the value is nested too deep for this form.
    fn value(&mut self, v: &Value, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match v {
            Value::None => self.u8(0),
            Value::Bool(b) => {
                self.u8(1);
                self.u8(u8::from(*b));
            }
            Value::Int(i) => {
                self.u8(2);
                self.u64(*i as u64);
            }
            Value::Float(x) => {
                self.u8(3);
                self.u64(x.to_bits());
            }
            Value::Str(s) => {
                self.u8(4);
                self.str(s);
            }
            Value::List(items) | Value::Tuple(items) => {
                self.u8(if matches!(v, Value::List(_)) { 5 } else { 6 });
                self.u32(items.len() as u32);
                return items.iter().all(|item| self.value(item, depth + 1));
            }
            Value::Dict(items) => {
                self.u8(7);
                self.u32(items.len() as u32);
                return items.iter().all(|(k, v)| self.value(k, depth + 1) && self.value(v, depth + 1));
            }
            Value::Set(items) => {
                self.u8(8);
                self.u32(items.len() as u32);
                return items.iter().all(|item| self.value(item, depth + 1));
            }
            Value::Bytes(bytes) => {
                self.u8(9);
                self.u32(bytes.len() as u32);
                self.0.extend_from_slice(bytes);
            }
            Value::Instance(instance) => {
                let crate::value::Instance { class, attrs, exception } = &**instance;
                self.u8(10);
                self.u8(u8::from(*exception));
                self.str(class);
                self.u32(attrs.len() as u32);
                return attrs.iter().all(|(name, v)| {
                    self.str(name);
                    self.value(v, depth + 1)
                });
            }
        }
        true
    }
}

/// Reads what `W` wrote; every read checks the bounds.
struct R<'a> {
    b: &'a [u8],
    i: usize,
    /// Where object names are interned (none: each is made anew).
    names: Option<&'a mut Names>,
}

/// The object names a reader met lately, so an event naming one again shares it instead of
/// allocating it (`event::Name`). A lesson names few objects; past `NAMES_KEPT` the list
/// starts over, so a lesson making many names costs a little and never grows this.
#[derive(Default)]
pub struct Names(Vec<Name>);

const NAMES_KEPT: usize = 64;

impl Names {
    fn get(&mut self, bytes: &[u8]) -> Option<Name> {
        if let Some(n) = self.0.iter().find(|n| n.as_bytes() == bytes) {
            return Some(n.clone());
        }
        let name = Name::from(std::str::from_utf8(bytes).ok()?);
        if self.0.len() >= NAMES_KEPT {
            self.0.clear();
        }
        self.0.push(name.clone());
        Some(name)
    }
}

impl<'a> R<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let b: &'a [u8] = self.b;
        let s = b.get(self.i..self.i.checked_add(n)?)?;
        self.i += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    /// An object's name, shared with the earlier events that named it.
    fn name(&mut self) -> Option<Name> {
        let n = self.u32()? as usize;
        let bytes = self.take(n)?;
        match &mut self.names {
            Some(names) => names.get(bytes),
            None => std::str::from_utf8(bytes).ok().map(Name::from),
        }
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        Some(if self.u8()? == 1 { Some(self.str()?) } else { None })
    }
    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match self.u8()? {
            0 => Value::None,
            1 => Value::Bool(self.u8()? != 0),
            2 => Value::Int(self.u64()? as i64),
            3 => Value::Float(f64::from_bits(self.u64()?)),
            4 => Value::Str(self.str()?),
            tag @ (5 | 6) => {
                let n = self.u32()? as usize;
                let mut items = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                if tag == 5 { Value::List(items) } else { Value::Tuple(items) }
            }
            7 => {
                let n = self.u32()? as usize;
                let mut items = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    items.push((self.value(depth + 1)?, self.value(depth + 1)?));
                }
                Value::Dict(items)
            }
            8 => {
                let n = self.u32()? as usize;
                let mut items = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::Set(items)
            }
            9 => {
                let n = self.u32()? as usize;
                Value::Bytes(self.take(n)?.to_vec())
            }
            10 => {
                let exception = self.u8()? != 0;
                let class = self.str()?;
                let n = self.u32()? as usize;
                let mut attrs = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    attrs.push((self.str()?, self.value(depth + 1)?));
                }
                Value::Instance(Box::new(crate::value::Instance { class, attrs, exception }))
            }
            _ => return None,
        })
    }
}
