//! A manager's server, the whole life of its process (`SyncManager-1`): it accepts
//! connections on its Unix socket, answers each request from the objects it keeps, and parks
//! a request that must wait (a `get` on an empty queue) until another request or its timeout
//! ends the wait. One thread, so requests take effect in one real order, which its events
//! report: each request as `Served` in the server's own lane, and what it did (a put, a wait,
//! a new dict content) in the lane of the process that asked.

use std::io;
use std::os::fd::AsFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::time::Instant;

use crate::event::{Audit, EventKind, WaitOp};
use crate::value::Value;

use super::super::ctx::Ctx;
use super::super::sys;
use super::protocol::{Answer, Op, Reply, Request, read_frame, write_frame};
use super::referent::{CallArgs, Outcome, Raise, Referent, State};

/// A client's connection.
struct Conn {
    id: u64,
    stream: UnixStream,
}

/// A call that waits: who asked, on which connection, and until when.
struct Parked {
    conn: u64,
    pid: i32,
    id: u32,
    method: String,
    args: Vec<Value>,
    kw: Vec<(String, Value)>,
    deadline: Option<Instant>,
}

/// The server's state.
pub struct Server<'c, 'r> {
    ctx: &'c Ctx<'r>,
    /// The manager's process name (`SyncManager-1`).
    name: String,
    listener: UnixListener,
    path: PathBuf,
    conns: Vec<Conn>,
    next_conn: u64,
    referents: Vec<Referent>,
    parked: Vec<Parked>,
    /// The seq of the last event this server reported: a reply without events of its own
    /// orders the client after it.
    last_seq: std::cell::Cell<u64>,
}

impl<'c, 'r> Server<'c, 'r> {
    /// A server on `listener` (bound at `path` by the process that started this one).
    pub fn new(ctx: &'c Ctx<'r>, name: &str, listener: UnixListener, path: PathBuf) -> Self {
        Server {
            ctx,
            name: name.to_string(),
            listener,
            path,
            conns: Vec::new(),
            next_conn: 0,
            referents: Vec::new(),
            parked: Vec::new(),
            last_seq: std::cell::Cell::new(0),
        }
    }

    /// Serves until a `Shutdown` request (or until nobody can reach it any more); then reports
    /// the real state of every object it kept and removes its socket. With `cpython_costs`
    /// each connection costs what CPython's server spends accepting it, and it ends as slowly
    /// as CPython's server does, its connections open meanwhile.
    pub fn serve(mut self, cpython_costs: bool) {
        let me = self.ctx.pid();
        self.report(me, EventKind::Waiting { object: self.name.as_str().into(), op: WaitOp::Serve, timed: false });
        let mut running = true;
        while running {
            let now = Instant::now();
            let timeout = self.parked.iter().filter_map(|p| p.deadline).min().map(|d| d.saturating_duration_since(now));
            let ready = {
                let mut fds = vec![self.listener.as_fd()];
                fds.extend(self.conns.iter().map(|c| c.stream.as_fd()));
                match sys::poll_slice(&fds, timeout) {
                    Ok(ready) => ready,
                    Err(_) => break,
                }
            };
            if ready[0]
                && let Ok((stream, _)) = self.listener.accept()
            {
                self.next_conn += 1;
                self.conns.push(Conn { id: self.next_conn, stream });
                if cpython_costs {
                    super::super::costs::spend(super::super::costs::MANAGER_ACCEPT_CPU_NS);
                }
            }
            let readable: Vec<u64> =
                self.conns.iter().zip(&ready[1..]).filter(|(_, r)| **r).map(|(c, _)| c.id).collect();
            for conn in readable {
                match self.read(conn) {
                    Some(request) => running &= self.handle(conn, request),
                    None => self.drop_conn(conn),
                }
                if !running {
                    break;
                }
            }
            self.expire(Instant::now());
        }
        let _ = std::fs::remove_file(&self.path);
        self.audit();
        if cpython_costs {
            super::super::costs::spend(super::super::costs::MANAGER_SHUTDOWN_CPU_NS);
        }
    }

    fn conn_mut(&mut self, conn: u64) -> Option<&mut Conn> {
        self.conns.iter_mut().find(|c| c.id == conn)
    }

    fn read(&mut self, conn: u64) -> Option<Request> {
        read_frame(&mut self.conn_mut(conn)?.stream).ok()
    }

    /// A client hung up: its connection and its parked calls go (its process is gone or
    /// never waits for them again).
    fn drop_conn(&mut self, conn: u64) {
        self.conns.retain(|c| c.id != conn);
        self.parked.retain(|p| p.conn != conn);
    }

    /// Reports `kind` about process `pid`; the seq it took.
    fn report(&self, pid: i32, kind: EventKind) -> u64 {
        let stamp = self.ctx.rep.stamp();
        self.ctx.rep.emit_at(stamp, pid, kind);
        self.last_seq.set(stamp.seq);
        stamp.seq
    }

    fn reply(&mut self, conn: u64, seq: u64, result: Answer) {
        let failed = match self.conn_mut(conn) {
            Some(c) => write_frame(&mut c.stream, &Reply { seq, result }).is_err(),
            None => false,
        };
        if failed {
            self.drop_conn(conn);
        }
    }

    /// One request; false when it was the last (`Shutdown`).
    fn handle(&mut self, conn: u64, req: Request) -> bool {
        let me = self.ctx.pid();
        match req.op {
            Op::Make { typeid, name, args } => {
                let name = self.unique_name(&name);
                let served =
                    EventKind::Served { client: req.pid, object: name.as_str().into(), method: typeid.name().into() };
                let mut seq = self.report(me, served);
                match Referent::make(typeid, &name, &args) {
                    Ok(referent) => {
                        for event in referent.created_events(req.line, &self.name) {
                            seq = self.report(req.pid, event);
                        }
                        self.referents.push(referent);
                        let id = (self.referents.len() - 1) as u32;
                        self.reply(conn, seq, Answer::Made { id, name });
                    }
                    Err(raise) => self.reply(conn, seq, raised(raise)),
                }
            }
            Op::Call { id, method, args, kw } => {
                let Some(object) = self.referents.get(id as usize).map(|r| r.name.clone()) else {
                    let raise = Raise { class: "KeyError", args: vec![Value::Int(i64::from(id))] };
                    let seq = self.last_seq.get();
                    self.reply(conn, seq, raised(raise));
                    return true;
                };
                let served = EventKind::Served { client: req.pid, object: object.clone(), method: method.clone() };
                self.report(me, served);
                let outcome = self.referents[id as usize].call(&method, &CallArgs { pos: &args, kw: &kw }, true);
                match outcome {
                    Outcome::Blocks { op, timeout_s } => {
                        let deadline = timeout_s.map(|s| Instant::now() + self.ctx.real((s * 1000.0).round() as u64));
                        let waiting = EventKind::Waiting { object, op, timed: deadline.is_some() };
                        self.report(req.pid, waiting);
                        self.parked.push(Parked { conn, pid: req.pid, id, method, args, kw, deadline });
                    }
                    Outcome::Done { result, events, changed } => {
                        self.finish(conn, req.pid, result, events);
                        if changed {
                            self.wake();
                        }
                    }
                }
            }
            Op::Incref { .. } | Op::Decref { .. } => {
                let seq = self.last_seq.get();
                self.reply(conn, seq, Answer::Value { value: Value::None });
            }
            Op::Shutdown => {
                let seq = self.last_seq.get();
                self.reply(conn, seq, Answer::Value { value: Value::None });
                return false;
            }
        }
        true
    }

    /// Reports a finished call's events in its caller's lane and replies.
    fn finish(&mut self, conn: u64, pid: i32, result: Result<Value, Raise>, events: Vec<EventKind>) {
        let mut seq = self.last_seq.get();
        for event in events {
            seq = self.report(pid, event);
        }
        let answer = match result {
            Ok(value) => Answer::Value { value },
            Err(raise) => raised(raise),
        };
        self.reply(conn, seq, answer);
    }

    /// Tries the parked calls again, oldest first, until none can go on.
    fn wake(&mut self) {
        let mut i = 0;
        while i < self.parked.len() {
            let p = &self.parked[i];
            let outcome = self.referents[p.id as usize].call(&p.method, &CallArgs { pos: &p.args, kw: &p.kw }, true);
            match outcome {
                Outcome::Blocks { .. } => i += 1,
                Outcome::Done { result, events, changed } => {
                    let p = self.parked.remove(i);
                    self.finish(p.conn, p.pid, result, events);
                    if changed {
                        i = 0;
                    }
                }
            }
        }
    }

    /// Ends the parked calls whose timeout passed: they give up, as their objects say.
    fn expire(&mut self, now: Instant) {
        while let Some(i) = self.parked.iter().position(|p| p.deadline.is_some_and(|d| d <= now)) {
            let p = self.parked.remove(i);
            let outcome = self.referents[p.id as usize].call(&p.method, &CallArgs { pos: &p.args, kw: &p.kw }, false);
            if let Outcome::Done { result, events, changed } = outcome {
                self.finish(p.conn, p.pid, result, events);
                if changed {
                    self.wake();
                }
            }
        }
    }

    /// The variable's name, made unique among this server's objects (`d`, `d#2`).
    fn unique_name(&self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 1;
        while self.referents.iter().any(|r| r.name == name) {
            n += 1;
            name = format!("{base}#{n}");
        }
        name
    }

    /// The real state of every object, as the fold must show it at the end.
    fn audit(&self) {
        for r in &self.referents {
            let audit = match &r.state {
                State::Queue { items, unfinished, .. } => Audit::Queue {
                    items: items.iter().cloned().collect(),
                    unfinished: (r.typeid == super::protocol::TypeId::JoinableQueue).then_some(*unfinished),
                },
                State::Event(set) => Audit::Event { set: *set },
                State::Dict(_) | State::List(_) | State::Value { .. } => {
                    Audit::Value { value: r.shown().unwrap_or(Value::None) }
                }
            };
            self.ctx.rep.emit(EventKind::Audited { object: r.name.clone(), audit });
        }
    }
}

fn raised(raise: Raise) -> Answer {
    Answer::Raised { class: raise.class.to_string(), args: raise.args }
}

/// Binds a fresh socket for a manager at `path` (a stale file there is removed first).
pub fn bind(path: &std::path::Path) -> io::Result<UnixListener> {
    let _ = std::fs::remove_file(path);
    UnixListener::bind(path)
}
