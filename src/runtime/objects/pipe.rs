//! `Pipe(duplex)`: a socketpair (duplex) or a pipe (one-way: the first end receives, the
//! second sends, like CPython's `(reader, writer)`), carrying framed messages. No locking, as
//! in CPython. `Sent` is stamped before the bytes leave, so `Received` always comes after.

use std::cell::RefCell;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::rc::Rc;
use std::time::Duration;

use anyhow::Result;

use crate::event::{Audit, EventKind, GiveUp, ObjectKind, WaitOp};
use crate::python::{Exc, ExcKind};
use crate::runtime::ctx::Ctx;
use crate::runtime::frame;
use crate::runtime::sys;
use crate::value::Value;

/// A descriptor this process may close: every copy of the connection in this process sees
/// the close (the end-of-run audit keeps copies too).
type Shared = Rc<RefCell<Option<OwnedFd>>>;

/// One connection of a pipe.
#[derive(Clone, Debug)]
pub struct PipeEnd {
    pub pipe: crate::event::Name,
    pub end: String,
    /// Where this end reads from and writes to (None: that direction is not allowed).
    read_fd: Option<Shared>,
    write_fd: Option<Shared>,
}

fn shared(fd: OwnedFd) -> Shared {
    Rc::new(RefCell::new(Some(fd)))
}

/// Creates both ends of a pipe named `name`.
pub fn create(ctx: &Ctx, name: &str, duplex: bool, ends: &[String; 2], py_line: u32) -> Result<[PipeEnd; 2]> {
    let (first, second) = if duplex {
        let (a, b) = sys::socketpair()?;
        let (a, b) = (shared(a), shared(b));
        ((Some(a.clone()), Some(a)), (Some(b.clone()), Some(b)))
    } else {
        let (r, w) = sys::pipe()?;
        ((Some(shared(r)), None), (None, Some(shared(w))))
    };
    ctx.rep.emit(EventKind::Created {
        object: name.into(),
        object_kind: ObjectKind::Pipe,
        value: i64::from(duplex),
        capacity: 0,
        py_line,
        manager: None,
    });
    let end = |end: &String, (read_fd, write_fd): (Option<Shared>, Option<Shared>)| PipeEnd {
        pipe: name.into(),
        end: end.clone(),
        read_fd,
        write_fd,
    };
    Ok([end(&ends[0], first), end(&ends[1], second)])
}

impl PipeEnd {
    fn fd(side: &Option<Shared>, other: &str) -> Result<RawFd, Exc> {
        let Some(cell) = side else { return Err(Exc::new(ExcKind::OSError, format!("connection is {other}"))) };
        cell.borrow().as_ref().map(|fd| fd.as_raw_fd()).ok_or_else(|| Exc::new(ExcKind::OSError, "handle is closed"))
    }

    fn reader(&self) -> Result<RawFd, Exc> {
        Self::fd(&self.read_fd, "write-only")
    }

    fn writer(&self) -> Result<RawFd, Exc> {
        Self::fd(&self.write_fd, "read-only")
    }

    /// `send(obj)`.
    pub fn send(&self, ctx: &Ctx, item: Value) -> Result<(), Exc> {
        let fd = self.writer()?;
        let bytes = frame::encode(&item);
        // Reported before the bytes enter the pipe: the receiver's event comes after, and a
        // receiver that then ends the run cannot outrun it.
        ctx.rep.emit(EventKind::Sent { object: self.pipe.clone(), end: self.end.clone(), item });
        let sent = sys::write_all(fd, &bytes);
        sent.map_err(|e| Exc::new(ExcKind::BrokenPipeError, e.to_string()))
    }

    /// `recv()`; raises EOFError once every sending copy is closed.
    pub fn recv(&self, ctx: &Ctx) -> Result<Value, Exc> {
        let fd = self.reader()?;
        let waited = !sys::poll_readable(fd, Some(Duration::ZERO));
        if waited {
            ctx.blocks(EventKind::Waiting { object: self.pipe.clone(), op: WaitOp::Recv, timed: false });
        }
        match frame::read(fd) {
            Ok(Some(item)) => {
                ctx.rep.emit(EventKind::Received {
                    object: self.pipe.clone(),
                    end: self.end.clone(),
                    item: item.clone(),
                });
                Ok(item)
            }
            Ok(None) => {
                if waited {
                    ctx.rep.emit(EventKind::GaveUp {
                        object: self.pipe.clone(),
                        op: WaitOp::Recv,
                        why: GiveUp::Closed,
                    });
                }
                Err(Exc::with_args(ExcKind::EOFError, Vec::new()))
            }
            Err(e) => Err(Exc::new(ExcKind::OSError, e.to_string())),
        }
    }

    /// `send_bytes(buf, offset=0, size=None)`: the bytes travel as a message of their own,
    /// which `recv_bytes()` returns. (CPython's `send(obj)` sends `obj`'s pickle, so there
    /// `recv_bytes()` after `send()` returns pickle bytes and `recv()` after `send_bytes()`
    /// tries to unpickle them; forkbook pickles nothing, see `recv_bytes`.)
    pub fn send_bytes(
        &self,
        ctx: &Ctx,
        buf: &Value,
        offset: Option<&Value>,
        size: Option<&Value>,
    ) -> Result<Value, Exc> {
        let Value::Bytes(bytes) = buf else {
            return Err(Exc::type_error(format!(
                "memoryview: a bytes-like object is required, not '{}'",
                buf.type_name()
            )));
        };
        // CPython's checks, in its order and words.
        let offset = length_arg(offset)?.unwrap_or(0);
        let n = bytes.len() as i64;
        if offset < 0 {
            return Err(Exc::value_error("offset is negative"));
        }
        if n < offset {
            return Err(Exc::value_error("buffer length < offset"));
        }
        let size = match length_arg(size)? {
            None => n - offset,
            Some(size) if size < 0 => return Err(Exc::value_error("size is negative")),
            Some(size) if offset + size > n => return Err(Exc::value_error("buffer length < offset + size")),
            Some(size) => size,
        };
        let part = bytes[offset as usize..(offset + size) as usize].to_vec();
        self.send(ctx, Value::Bytes(part)).map(|_| Value::None)
    }

    /// `recv_bytes(maxlength=None)`: a message sent with `send_bytes`. A longer one than
    /// `maxlength` raises CPython's OSError. A message sent with `send(obj)` has no bytes
    /// here (CPython would hand over its pickle): a clear error says so.
    pub fn recv_bytes(&self, ctx: &Ctx, maxlength: Option<&Value>) -> Result<Value, Exc> {
        let maxlength = match length_arg(maxlength)? {
            Some(n) if n < 0 => return Err(Exc::value_error("negative maxlength")),
            n => n.map(|n| n as usize),
        };
        match self.recv(ctx)? {
            Value::Bytes(bytes) if maxlength.is_some_and(|most| bytes.len() > most) => {
                Err(Exc::new(ExcKind::OSError, "bad message length"))
            }
            bytes @ Value::Bytes(_) => Ok(bytes),
            other => Err(Exc::new(
                ExcKind::NotImplementedError,
                format!(
                    "recv_bytes() got {}, sent with send(): forkbook does not pickle, so only what send_bytes() sent can be received as bytes",
                    other.repr()
                ),
            )),
        }
    }

    /// `poll(timeout=0)`: whether a message (or EOF) is waiting. A poll that has to wait is
    /// reported as a wait to receive; when it runs out it gives up, and when something came
    /// the `recv()` that follows ends the wait in the fold.
    pub fn poll(&self, ctx: &Ctx, timeout_ms: Option<i64>) -> Result<bool, Exc> {
        let fd = self.reader()?;
        let timeout = ctx.timeout(timeout_ms);
        if sys::poll_readable(fd, Some(Duration::ZERO)) {
            return Ok(true);
        }
        if timeout == Some(Duration::ZERO) {
            return Ok(false);
        }
        ctx.blocks(EventKind::Waiting { object: self.pipe.clone(), op: WaitOp::Recv, timed: timeout.is_some() });
        let ready = sys::poll_readable(fd, timeout);
        if !ready {
            ctx.rep.emit(EventKind::GaveUp { object: self.pipe.clone(), op: WaitOp::Recv, why: GiveUp::TimedOut });
        }
        Ok(ready)
    }

    /// `close()`: this process's copy of the connection goes away (reported the first time).
    pub fn close(&mut self, ctx: &Ctx) {
        let mut was_open = false;
        for side in [&self.read_fd, &self.write_fd].into_iter().flatten() {
            was_open |= side.borrow_mut().take().is_some();
        }
        if was_open {
            ctx.rep.emit(EventKind::Closed { object: self.pipe.clone(), end: self.end.clone() });
        }
    }

    /// What is still buffered towards this end (end-of-run audit).
    pub fn drain(&self) -> Vec<Value> {
        self.reader().map(frame::drain).unwrap_or_default()
    }
}

/// A length argument of `send_bytes`/`recv_bytes` (None when absent or None); anything but
/// an int fails as CPython's first check of it, a comparison with 0, fails.
fn length_arg(v: Option<&Value>) -> Result<Option<i64>, Exc> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(n)) => Ok(Some(*n)),
        Some(other) => {
            Err(Exc::type_error(format!("'<' not supported between instances of '{}' and 'int'", other.type_name())))
        }
    }
}

/// The audit of a whole pipe from its two ends.
pub fn audit(ends: &[PipeEnd; 2]) -> Audit {
    Audit::Pipe { to_first: ends[0].drain(), to_second: ends[1].drain() }
}
