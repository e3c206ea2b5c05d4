//! What a client process and a manager's server say over their Unix socket: one request,
//! then one reply, each a length-prefixed JSON frame. A blocking request (`get` on an empty
//! queue, `wait` on a clear event) simply gets its reply later.

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};

use crate::value::Value;

/// The largest frame either side accepts: a request or reply bigger than this is a broken
/// peer, not a lesson's data.
const MAX_FRAME: usize = 16 << 20;

/// What the server keeps for its clients, as `SyncManager`'s registered types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeId {
    Dict,
    List,
    Queue,
    JoinableQueue,
    Event,
    Value,
}

impl TypeId {
    /// The method of `SyncManager` that makes one (`m.dict()`, `m.Queue()`…).
    pub fn from_method(name: &str) -> Option<TypeId> {
        Some(match name {
            "dict" => TypeId::Dict,
            "list" => TypeId::List,
            "Queue" => TypeId::Queue,
            "JoinableQueue" => TypeId::JoinableQueue,
            "Event" => TypeId::Event,
            "Value" => TypeId::Value,
            _ => return None,
        })
    }

    /// The type its typeid string names (how a proxy travels).
    pub fn from_name(name: &str) -> Option<TypeId> {
        [TypeId::Dict, TypeId::List, TypeId::Queue, TypeId::JoinableQueue, TypeId::Event, TypeId::Value]
            .into_iter()
            .find(|t| t.name() == name)
    }

    /// CPython's proxy class for it.
    pub fn proxy_class(self) -> &'static str {
        match self {
            TypeId::Dict => "DictProxy",
            TypeId::List => "ListProxy",
            TypeId::Value => "ValueProxy",
            TypeId::Queue | TypeId::JoinableQueue | TypeId::Event => "AutoProxy",
        }
    }

    /// CPython's typeid string (what a proxy's repr names).
    pub fn name(self) -> &'static str {
        match self {
            TypeId::Dict => "dict",
            TypeId::List => "list",
            TypeId::Queue => "Queue",
            TypeId::JoinableQueue => "JoinableQueue",
            TypeId::Event => "Event",
            TypeId::Value => "Value",
        }
    }
}

/// One request, from the process `pid` (whose lane the effects are shown in).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub pid: i32,
    /// The client's Python line (where a made object is created).
    pub line: u32,
    pub op: Op,
}

/// What is asked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Make a shared object named after the client's variable; the reply is `Made`.
    Make { typeid: TypeId, name: String, args: Vec<Value> },
    /// Call a method of object `id`.
    Call { id: u32, method: String, args: Vec<Value>, kw: Vec<(String, Value)> },
    /// Stop serving (`shutdown()`, leaving `with Manager()`, the owner's exit).
    Shutdown,
    /// Count one more reference to object `id`: what each proxy a forked child inherits asks
    /// over a connection of its own during CPython's bootstrap (`BaseProxy._after_fork`).
    /// Nothing a lesson shows changes, so nothing is reported.
    Incref { id: u32 },
    /// Count one reference fewer to object `id`: what each proxy's finalizer asks at its
    /// process's exit, over a connection of its own. Nothing is reported either.
    Decref { id: u32 },
}

/// The answer to one request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The seq of the last event the server reported for this request, so the client's next
    /// step marker orders after it.
    pub seq: u64,
    pub result: Answer,
}

/// What came back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Answer {
    Value {
        value: Value,
    },
    Made {
        id: u32,
        name: String,
    },
    /// The method raised: the exception's class name and args, raised again in the client.
    Raised {
        class: String,
        args: Vec<Value>,
    },
}

/// Writes one frame: its length as 4 bytes, then its JSON.
pub fn write_frame<T: Serialize>(w: &mut impl Write, msg: &T) -> io::Result<()> {
    let body = serde_json::to_vec(msg).map_err(io::Error::other)?;
    let mut frame = Vec::with_capacity(4 + body.len());
    frame.extend_from_slice(&(body.len() as u32).to_le_bytes());
    frame.extend_from_slice(&body);
    w.write_all(&frame)
}

/// Reads one frame; `UnexpectedEof` when the peer closed before a whole frame came.
pub fn read_frame<T: for<'de> Deserialize<'de>>(r: &mut impl Read) -> io::Result<T> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("a frame of {len} bytes")));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    serde_json::from_slice(&body).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_survives_its_frame() {
        let req = Request {
            pid: 7,
            line: 3,
            op: Op::Call { id: 2, method: "put".into(), args: vec![Value::Int(1)], kw: vec![] },
        };
        let mut buf = Vec::new();
        write_frame(&mut buf, &req).expect("written");
        assert_eq!(read_frame::<Request>(&mut buf.as_slice()).expect("read"), req);
    }

    #[test]
    fn a_cut_frame_is_an_eof_and_a_huge_one_is_refused() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &Reply { seq: 1, result: Answer::Value { value: Value::None } }).expect("written");
        let cut = &buf[..buf.len() - 1];
        let err = read_frame::<Reply>(&mut &cut[..]).expect_err("refused");
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        let huge = (u32::MAX).to_le_bytes();
        assert_eq!(read_frame::<Reply>(&mut &huge[..]).expect_err("refused").kind(), io::ErrorKind::InvalidData);
    }
}
