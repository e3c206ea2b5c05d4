//! `Manager()` for the Python host: it starts the server process (`SyncManager-N`, named
//! from the same counter as `Process-N`, as in CPython), and its `dict()`, `list()`,
//! `Queue()`… return proxies. Every use of a proxy is one request over this process's own
//! connection to the server (a forked child opens its own), answered when the server says;
//! the server reports what happened. A proxy travels to a pool worker as its address.
//! Leaving `with Manager()`, `shutdown()` and the owner's exit stop the server, and a proxy
//! used after that fails as CPython's does (`FileNotFoundError`, `BrokenPipeError`,
//! `EOFError`).

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::rc::Rc;

use nix::sys::signal::Signal;

use crate::python::{Args, BoundMethod, Exc, ExcKind, HostKind, HostObj, Interpreter, MethodFunc, Obj};
use crate::value::Value;

use super::super::manager::protocol::{Answer, Op, Reply, Request, TypeId, read_frame, write_frame};
use super::super::manager::server::{self, Server};
use super::ProcessHost;
use super::handle::{Function, Handle};

/// How a proxy travels inside a pool task's arguments: a tuple led by this tag.
const PROXY_TAG: &str = "\u{0}forkbook.proxy";

/// How long (real ms, whatever the lesson's speed: the server's shutdown is CPU work that no
/// speed shortens) the owner waits for its server to stop before terminating it, as
/// CPython's `_finalize_manager` does.
const SHUTDOWN_WAIT_MS: u64 = 1000;

/// A manager this process knows: started here, or reached through a proxy it inherited or
/// received.
pub struct HostManager {
    /// The server's process name (`SyncManager-1`).
    name: String,
    path: PathBuf,
    /// The process that started it (only it shuts it down) and its `Process` there.
    owner: i32,
    child: Option<usize>,
    /// The bound socket, from `Manager()` until the server process takes it.
    listener: Option<UnixListener>,
    /// This process's connection, with the pid that opened it: a fork opens its own.
    conn: Option<(i32, UnixStream)>,
    /// `shutdown()` was called here.
    stopped: bool,
}

impl HostManager {
    /// A manager known by its name and address only (started by another process).
    fn reached(name: String, path: PathBuf) -> HostManager {
        HostManager { name, path, owner: 0, child: None, listener: None, conn: None, stopped: false }
    }
}

/// A proxy: which manager, which of its objects.
#[derive(Clone)]
pub struct Proxy {
    manager: usize,
    id: u32,
    typeid: TypeId,
    name: String,
}

/// The methods a proxy of `typeid` exposes, as CPython's proxy types list them.
fn exposed(typeid: TypeId) -> &'static [&'static str] {
    match typeid {
        TypeId::Dict => &[
            "__contains__",
            "__delitem__",
            "__getitem__",
            "__iter__",
            "__len__",
            "__setitem__",
            "clear",
            "copy",
            "get",
            "items",
            "keys",
            "pop",
            "popitem",
            "setdefault",
            "update",
            "values",
        ],
        TypeId::List => &[
            "__contains__",
            "__delitem__",
            "__getitem__",
            "__iter__",
            "__len__",
            "__setitem__",
            "append",
            "clear",
            "copy",
            "count",
            "extend",
            "index",
            "insert",
            "pop",
            "remove",
            "reverse",
        ],
        TypeId::Queue | TypeId::JoinableQueue => {
            &["empty", "full", "get", "get_nowait", "join", "put", "put_nowait", "qsize", "task_done"]
        }
        TypeId::Event => &["clear", "is_set", "set", "wait"],
        TypeId::Value => &["get", "set"],
    }
}

/// The manager's own methods.
const MANAGER_METHODS: [&str; 10] =
    ["dict", "list", "Queue", "JoinableQueue", "Event", "Value", "shutdown", "start", "__enter__", "__exit__"];

/// A socket error as the OSError subclass CPython raises for it.
fn socket_error(e: &std::io::Error) -> Exc {
    use std::io::ErrorKind;
    if e.kind() == ErrorKind::UnexpectedEof {
        return Exc::with_args(ExcKind::EOFError, Vec::new());
    }
    let (kind, errno, text) = match e.raw_os_error() {
        Some(libc::ENOENT) => (ExcKind::FileNotFoundError, 2, "No such file or directory"),
        Some(libc::ECONNREFUSED) => (ExcKind::ConnectionRefusedError, 111, "Connection refused"),
        Some(libc::EPIPE) => (ExcKind::BrokenPipeError, 32, "Broken pipe"),
        Some(libc::ECONNRESET) => (ExcKind::ConnectionResetError, 104, "Connection reset by peer"),
        _ => return Exc::new(ExcKind::OSError, e.to_string()),
    };
    Exc::with_args(kind, vec![Obj::Int(errno), Obj::str(text)])
}

fn proxy_obj(typeid: TypeId, i: usize) -> Obj {
    HostObj::obj(typeid.proxy_class(), Handle::Proxy(i).encode(), HostKind::Object)
}

impl ProcessHost<'_, '_> {
    /// `Manager()`: a `SyncManager` with its server process started.
    pub(super) fn new_manager(&mut self, interp: &mut Interpreter, args: Args) -> Result<Obj, Exc> {
        args.bind("Manager", [], 0)?;
        let class = self.process_class(interp)?;
        let index = self.managers.len();
        let target = HostObj::obj("serve", Handle::Function(Function::ManagerServer).encode(), HostKind::Function);
        let kw = vec![(Rc::from("target"), target), (Rc::from("args"), Obj::tuple(vec![Obj::Int(index as i64)]))];
        let process = interp.call(self, &class, Args { pos: Vec::new(), kw })?;
        let auto = interp.getattr(self, &process, "name").and_then(|n| interp.str(self, &n))?;
        let number = auto.split_once('-').map_or(auto.as_str(), |(_, n)| n);
        let name = format!("SyncManager-{number}");
        interp.setattr(self, &process, "name", Obj::str(&name))?;
        let path = self.ctx.run_dir.join(format!("{name}.sock"));
        let listener = server::bind(&path).map_err(|e| socket_error(&e))?;
        self.managers.push(HostManager {
            owner: self.ctx.pid(),
            listener: Some(listener),
            ..HostManager::reached(name, path)
        });
        let started = interp.call_method(self, &process, "start", Args::none());
        // Only the server keeps the listening socket.
        self.managers[index].listener = None;
        started?;
        self.managers[index].child = Some(self.child_of(interp, &process)?);
        Ok(HostObj::obj("SyncManager", Handle::Manager(index).encode(), HostKind::Object))
    }

    /// The server process's life (the target of its `Process`): serve until shut down.
    pub(super) fn manager_server(&mut self, args: Args) -> Result<Obj, Exc> {
        let index = args.pos.first().and_then(Obj::as_int).and_then(|i| usize::try_from(i).ok());
        let Some(m) = index.and_then(|i| self.managers.get_mut(i)) else {
            return Err(Exc::runtime_error("a manager's server needs its manager"));
        };
        let Some(listener) = m.listener.take() else {
            return Err(Exc::runtime_error("the manager's socket is gone"));
        };
        Server::new(self.ctx, &m.name, listener, m.path.clone()).serve(self.cpython_costs);
        Ok(Obj::None)
    }

    /// An attribute of manager `i`: its methods, and `address`.
    pub(super) fn manager_attr(&mut self, obj: &HostObj, i: usize, name: &str) -> Result<Obj, Exc> {
        if MANAGER_METHODS.contains(&name) {
            return Ok(bound(obj, name));
        }
        match (name, self.managers.get(i)) {
            ("address", Some(m)) => Ok(Obj::str(&m.path.to_string_lossy())),
            _ => Err(Exc::attribute_error(format!("'SyncManager' object has no attribute '{name}'"))),
        }
    }

    /// A method of manager `i`.
    pub(super) fn manager_method(
        &mut self,
        interp: &mut Interpreter,
        obj: &HostObj,
        i: usize,
        method: &str,
        args: Args,
    ) -> Result<Obj, Exc> {
        if let Some(typeid) = TypeId::from_method(method) {
            return self.make(interp, i, typeid, args);
        }
        match method {
            "__enter__" => Ok(Obj::Host(Rc::new(obj.clone()))),
            "shutdown" | "__exit__" => {
                self.shutdown_manager(i);
                Ok(Obj::None)
            }
            "start" => {
                let class = self.pool_classes(interp)?.process_error;
                let error = interp.call(self, &class, Args::new(vec![Obj::str("Already started server")]))?;
                Err(Exc::from_object(error))
            }
            _ => Err(Exc::attribute_error(format!("'SyncManager' object has no attribute '{method}'"))),
        }
    }

    /// `m.dict(…)`, `m.Queue(3)`…: the server makes the object; a proxy for it comes back.
    fn make(&mut self, interp: &mut Interpreter, i: usize, typeid: TypeId, args: Args) -> Result<Obj, Exc> {
        let mut values = Vec::new();
        match typeid {
            TypeId::Dict => {
                let mut items = Vec::new();
                if let Some(first) = args.pos.first() {
                    let dict =
                        interp.call(self, &Obj::Type(crate::python::Type::Dict), Args::new(vec![first.clone()]))?;
                    if let Value::Dict(pairs) = interp.to_value(&dict)? {
                        items = pairs;
                    }
                }
                for (k, v) in &args.kw {
                    items.push((Value::Str(k.to_string()), interp.to_value(v)?));
                }
                values.push(Value::Dict(items));
            }
            TypeId::List => {
                if let Some(first) = args.pos.first() {
                    let items = interp.collect_items(self, first)?;
                    values.push(Value::List(items.iter().map(|o| interp.to_value(o)).collect::<Result<_, _>>()?));
                }
            }
            _ => {
                for a in &args.pos {
                    values.push(interp.to_value(a)?);
                }
            }
        }
        let name = self.fresh_name(interp, typeid.name());
        let answer = self.request(i, Op::Make { typeid, name, args: values })?;
        match answer {
            Answer::Made { id, name } => {
                self.proxies.push(Proxy { manager: i, id, typeid, name });
                Ok(proxy_obj(typeid, self.proxies.len() - 1))
            }
            other => self.answer_obj(interp, other),
        }
    }

    /// What a forked child's bootstrap does for every proxy it inherited, as CPython's
    /// `BaseProxy._after_fork` does: opens a connection of its own to the proxy's server,
    /// answers the authentication challenge, asks for an incref, and closes it. Only with
    /// CPython's costs: it changes nothing a lesson shows, only when the target starts (with
    /// four children starting at once, CPython's first target line comes 2-4 ms later with
    /// proxies alive than without). A failure is ignored, as CPython ignores it.
    pub(super) fn incref_inherited_proxies(&self) {
        for proxy in &self.proxies {
            self.count_reference(proxy, Op::Incref { id: proxy.id });
        }
    }

    /// What CPython's exit function does first in every process holding proxies: each
    /// proxy's finalizer (priority 10, so before the managers' shutdowns; the newest first)
    /// asks its server for a decref over a connection of its own. A server this process saw
    /// shut down is skipped, as CPython checks the manager's state; one shut down by another
    /// process since refuses the connection at once (a child's copy of that state is the one
    /// it had at its fork). Only with CPython's costs, as `incref_inherited_proxies`: a child
    /// dying of a manager's end prints its traceback only after these.
    pub(super) fn decref_proxies(&self) {
        for proxy in self.proxies.iter().rev() {
            self.count_reference(proxy, Op::Decref { id: proxy.id });
        }
    }

    /// Sends `op` (an incref or a decref of `proxy`'s object) over a fresh connection to its
    /// server, with the connection's CPU cost, and waits for the answer; a manager shut down
    /// here, or a server that cannot be reached, is passed over.
    fn count_reference(&self, proxy: &Proxy, op: Op) {
        let Some(m) = self.managers.get(proxy.manager).filter(|m| !m.stopped) else { return };
        let Ok(mut stream) = UnixStream::connect(&m.path) else { return };
        super::super::costs::spend(super::super::costs::MANAGER_CONNECT_CPU_NS);
        if write_frame(&mut stream, &Request { pid: self.ctx.pid(), line: self.line, op }).is_ok() {
            let _ = read_frame::<Reply>(&mut stream);
        }
    }

    /// Sends one request to manager `i` on this process's connection and waits for the reply.
    fn request(&mut self, i: usize, op: Op) -> Result<Answer, Exc> {
        let me = self.ctx.pid();
        let line = self.line;
        // What this process reported so far is out before it waits.
        self.ctx.rep.flush();
        let m = &mut self.managers[i];
        if m.conn.as_ref().is_none_or(|(pid, _)| *pid != me) {
            m.conn = None;
            let stream = UnixStream::connect(&m.path).map_err(|e| socket_error(&e))?;
            m.conn = Some((me, stream));
            if self.cpython_costs {
                super::super::costs::spend(super::super::costs::MANAGER_CONNECT_CPU_NS);
            }
        }
        let Some((_, stream)) = m.conn.as_mut() else {
            return Err(Exc::runtime_error("no connection to the manager"));
        };
        let sent = write_frame(stream, &Request { pid: me, line, op });
        let reply = sent.and_then(|()| read_frame::<Reply>(stream));
        match reply {
            Ok(reply) => {
                self.ctx.rep.follow(reply.seq);
                Ok(reply.result)
            }
            Err(e) => {
                m.conn = None;
                Err(socket_error(&e))
            }
        }
    }

    /// The object an answer stands for, or the exception it carries.
    fn answer_obj(&mut self, interp: &mut Interpreter, answer: Answer) -> Result<Obj, Exc> {
        match answer {
            Answer::Value { value } => interp.from_value(&value),
            Answer::Made { .. } => Err(Exc::runtime_error("the manager made an object unasked")),
            Answer::Raised { class, args } => {
                let args: Vec<Obj> = args.iter().map(|a| interp.from_value(a)).collect::<Result<_, _>>()?;
                let kind = ExcKind::from_name(&class).unwrap_or(ExcKind::Exception);
                Err(Exc::with_args(kind, args))
            }
        }
    }

    /// Stops manager `i`'s server if this process started it and it still runs: asks it to
    /// shut down, waits a little for it to end, and terminates it if it did not.
    pub(super) fn shutdown_manager(&mut self, i: usize) {
        let me = self.ctx.pid();
        let Some(m) = self.managers.get(i) else { return };
        if m.owner != me || m.stopped {
            return;
        }
        let child = m.child;
        let _ = self.request(i, Op::Shutdown);
        self.managers[i].stopped = true;
        self.managers[i].conn = None;
        if let Some(child) = child {
            let _ = self.join(child, Some(self.ctx.lesson_ms(SHUTDOWN_WAIT_MS)));
            if self.poll(child).is_none() {
                let _ = self.signal(child, Signal::SIGTERM);
                let _ = self.join(child, None);
            }
        }
    }

    /// At exit, before daemons are terminated and children joined: every manager this
    /// process started is shut down (CPython's finalizers of priority 0, which run the newest
    /// first: the last `Manager()` made stops first).
    pub(super) fn shutdown_managers(&mut self) {
        for i in (0..self.managers.len()).rev() {
            self.shutdown_manager(i);
        }
    }

    /// An attribute of proxy `p`: an exposed method, or a Value proxy's `value`.
    pub(super) fn proxy_attr(
        &mut self,
        interp: &mut Interpreter,
        obj: &HostObj,
        p: usize,
        name: &str,
    ) -> Result<Obj, Exc> {
        let Some(proxy) = self.proxies.get(p).cloned() else {
            return Err(Exc::attribute_error(format!("'{}' object has no attribute '{name}'", obj.type_name)));
        };
        if exposed(proxy.typeid).contains(&name) {
            return Ok(bound(obj, name));
        }
        match name {
            "value" if proxy.typeid == TypeId::Value => self.proxy_method(interp, p, "get", Args::none()),
            "_typeid" => Ok(Obj::str(proxy.typeid.name())),
            _ => Err(Exc::attribute_error(format!("'{}' object has no attribute '{name}'", obj.type_name))),
        }
    }

    /// `proxy.value = v` on a Value proxy.
    pub(super) fn set_proxy_attr(
        &mut self,
        interp: &mut Interpreter,
        obj: &HostObj,
        p: usize,
        name: &str,
        value: Obj,
    ) -> Result<(), Exc> {
        match self.proxies.get(p) {
            Some(proxy) if proxy.typeid == TypeId::Value && name == "value" => {
                self.proxy_method(interp, p, "set", Args::new(vec![value])).map(|_| ())
            }
            _ => Err(Exc::attribute_error(format!("'{}' object attribute '{name}' is read-only", obj.type_name))),
        }
    }

    /// Calls `method` of proxy `p`: one request to its manager.
    pub(super) fn proxy_method(
        &mut self,
        interp: &mut Interpreter,
        p: usize,
        method: &str,
        args: Args,
    ) -> Result<Obj, Exc> {
        let Some(proxy) = self.proxies.get(p).cloned() else {
            return Err(Exc::runtime_error("an unknown proxy"));
        };
        let is_dunder = matches!(method, "__str__" | "__repr__");
        if !is_dunder && !exposed(proxy.typeid).contains(&method) {
            return Err(Exc::attribute_error(format!(
                "'{}' object has no attribute '{method}'",
                proxy.typeid.proxy_class()
            )));
        }
        let pos = args.pos.iter().map(|a| interp.to_value(a)).collect::<Result<Vec<_>, _>>()?;
        let kw =
            args.kw.iter().map(|(k, v)| Ok((k.to_string(), interp.to_value(v)?))).collect::<Result<Vec<_>, Exc>>()?;
        let answer =
            self.request(proxy.manager, Op::Call { id: proxy.id, method: method.to_string(), args: pos, kw })?;
        self.answer_obj(interp, answer)
    }

    /// `str(proxy)`: the server's `str` of the object.
    pub(super) fn proxy_str(&mut self, interp: &mut Interpreter, p: usize) -> Result<String, Exc> {
        let text = self.proxy_method(interp, p, "__str__", Args::none())?;
        interp.str(self, &text)
    }

    /// `repr(proxy)`, as CPython writes it (`<DictProxy object, typeid 'dict' at 0x…>`).
    pub(super) fn proxy_repr(&self, p: usize) -> String {
        let Some(proxy) = self.proxies.get(p) else { return "<proxy>".to_string() };
        let class = match proxy.typeid.proxy_class() {
            "AutoProxy" => format!("AutoProxy[{}]", proxy.typeid.name()),
            other => other.to_string(),
        };
        format!("<{class} object, typeid '{}' at {:#x}>", proxy.typeid.name(), 0x7f00_0000_0000_u64 + (p as u64) * 0x40)
    }

    /// A pool task's argument as it travels: a proxy as its address, anything else as its value.
    pub(super) fn task_value(&mut self, interp: &mut Interpreter, obj: &Obj) -> Result<Value, Exc> {
        match obj {
            Obj::Host(h) => match Handle::decode(h.handle) {
                Some(Handle::Proxy(p)) if p < self.proxies.len() => {
                    let proxy = &self.proxies[p];
                    let m = &self.managers[proxy.manager];
                    Ok(Value::Tuple(vec![
                        Value::Str(PROXY_TAG.into()),
                        Value::Str(m.path.to_string_lossy().into_owned()),
                        Value::Str(m.name.clone()),
                        Value::Int(i64::from(proxy.id)),
                        Value::Str(proxy.typeid.name().into()),
                        Value::Str(proxy.name.clone()),
                    ]))
                }
                _ => interp.to_value(obj),
            },
            Obj::Tuple(items) => {
                Ok(Value::Tuple(items.iter().map(|o| self.task_value(interp, o)).collect::<Result<_, _>>()?))
            }
            _ => interp.to_value(obj),
        }
    }

    /// A travelled task argument as an object here: a proxy again (reaching its manager by
    /// its address), anything else as itself.
    pub(super) fn task_arg(&mut self, interp: &mut Interpreter, value: &Value) -> Result<Obj, Exc> {
        let Value::Tuple(items) = value else { return interp.from_value(value) };
        let [
            Value::Str(tag),
            Value::Str(path),
            Value::Str(manager),
            Value::Int(id),
            Value::Str(typeid),
            Value::Str(name),
        ] = items.as_slice()
        else {
            let items = items.iter().map(|v| self.task_arg(interp, v)).collect::<Result<_, _>>()?;
            return Ok(Obj::tuple(items));
        };
        let typeid = TypeId::from_name(typeid);
        if tag != PROXY_TAG || typeid.is_none() {
            return interp.from_value(value);
        }
        let path = PathBuf::from(path);
        let manager = match self.managers.iter().position(|m| m.path == path) {
            Some(i) => i,
            None => {
                self.managers.push(HostManager::reached(manager.clone(), path));
                self.managers.len() - 1
            }
        };
        let typeid = typeid.unwrap_or(TypeId::Dict);
        self.proxies.push(Proxy { manager, id: *id as u32, typeid, name: name.clone() });
        Ok(proxy_obj(typeid, self.proxies.len() - 1))
    }
}

/// `obj.name` as a bound method the host will be called with.
fn bound(obj: &HostObj, name: &str) -> Obj {
    let receiver = Obj::Host(Rc::new(obj.clone()));
    Obj::Method(Rc::new(BoundMethod { receiver, func: MethodFunc::Named(Rc::from(name)) }))
}
