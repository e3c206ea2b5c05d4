"""forkbook's probe, for `Manager()`: a manager is a server process (its lane, `SyncManager-N`)
and its objects live there. The client names each object as the program's variable and sends
that name with the request that makes it; the server reports every request it serves (`served`,
in its own lane) and what the request did, in the lane of the process that asked (its pid is
the socket's peer), at the moment it did it: under the object's own lock, so the events keep
the real order. Loaded by forkbook_probe.install().
"""

import os
import threading

from forkbook_probe import (
    _made_by_program,
    _real_monotonic,
    _no_lines,
    _note_line,
    _program_name,
    _real,
    _unique,
    emit,
    value,
)

_MANAGED = {
    "dict": "dict",
    "list": "list",
    "Queue": "queue",
    "JoinableQueue": "joinable_queue",
    "Event": "event",
    "Value": "value",
    "Lock": "lock",
    "RLock": "r_lock",
    "Semaphore": "semaphore",
    "BoundedSemaphore": "bounded_semaphore",
    "Namespace": "namespace",
    "Array": "array",
    "Condition": "condition",
    "Barrier": "barrier",
}
_ACQUIRERS = ("lock", "r_lock", "semaphore", "bounded_semaphore")
_DICT_WRITES = {"__setitem__", "__delitem__", "pop", "popitem", "update", "clear", "setdefault"}
_LIST_WRITES = {
    "__setitem__", "__delitem__", "append", "extend", "insert", "pop", "remove", "reverse", "sort",
    "__iadd__", "__imul__",
}
_client = threading.local()
# A dict's, list's or value's call and its report are one step (the server runs a thread
# per connection).
_serve_lock = threading.Lock()
# The server's named objects, for its audit: (name, kind, object).
_served = []


def _peer_pid(conn):
    """The pid of the process at the other end of a manager connection (a Unix socket)."""
    import socket
    import struct

    try:
        s = socket.socket(fileno=os.dup(conn.fileno()))
        try:
            creds = s.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        finally:
            s.close()
        return struct.unpack("3i", creds)[0]
    except Exception:
        return os.getpid()


def _same(obj):
    return obj


class _Referent(object):
    """A manager's object as its server calls it: each method call is reported."""

    def __init__(self, obj, name, kind):
        self._fb = (obj, name, kind)

    def __getattr__(self, attr):
        obj, name, kind = self._fb
        real = getattr(obj, attr)
        if not callable(real):
            return real
        return lambda *args, **kwds: _serve(obj, name, kind, attr, real, args, kwds)

    def __getattribute__(self, attr):
        # A Namespace's proxy calls these three by name; every object has them, so they
        # would be the referent's own, not its object's.
        if attr in ("__getattribute__", "__setattr__", "__delattr__"):
            obj, name, kind = object.__getattribute__(self, "_fb")
            real = getattr(obj, attr)
            return lambda *args, **kwds: _serve(obj, name, kind, attr, real, args, kwds)
        return object.__getattribute__(self, attr)

    def __repr__(self):
        return repr(self._fb[0])

    def __str__(self):
        return str(self._fb[0])

    def __reduce__(self):
        return (_same, (self._fb[0],))


def _content(kind, obj):
    if kind == "value":
        return value(obj.get())
    if kind == "dict":
        return value(dict(obj))
    if kind == "namespace":
        return value({k: v for k, v in vars(obj).items() if not k.startswith("_")})
    return value(list(obj))


def _serve(obj, name, kind, method, real, args, kwds):
    client = getattr(_client, "pid", None) or os.getpid()
    if kind in ("queue", "joinable_queue"):
        return _serve_queue(obj, name, kind, method, real, args, kwds, client)
    if kind == "event":
        return _serve_event(obj, name, method, real, args, kwds, client)
    if kind in _ACQUIRERS:
        return _serve_acquirer(obj, name, kind, method, real, args, kwds, client)
    if kind == "array":
        return _serve_array(obj, name, method, real, args, kwds, client)
    if kind == "condition":
        return _serve_condition(obj, name, method, real, args, kwds, client)
    if kind == "barrier":
        return _serve_barrier(obj, name, method, real, args, kwds, client)
    if kind == "namespace":
        with _serve_lock:
            emit("served", client=client, object=name, method=method)
            result = real(*args, **kwds)
            if method in ("__setattr__", "__delattr__"):
                emit("value_written", pid=client, object=name, value=_content(kind, obj))
        return result
    with _serve_lock:
        emit("served", client=client, object=name, method=method)
        new_key = kind == "dict" and method == "setdefault" and args and args[0] not in obj
        result = real(*args, **kwds)
        writes = _DICT_WRITES if kind == "dict" else _LIST_WRITES
        if (method in writes and (method != "setdefault" or new_key)) or (kind == "value" and method == "set"):
            emit("value_written", pid=client, object=name, value=_content(kind, obj))
        elif kind == "value" and method == "get":
            emit("value_read", pid=client, object=name, value=value(result))
    return result


def _serve_array(a, name, method, real, args, kwds, client):
    """A manager's `Array` (an `array.array` in its server): an item read or written, with its
    index; a slice as the whole array."""
    with _serve_lock:
        emit("served", client=client, object=name, method=method)
        result = real(*args, **kwds)
        if method in ("__getitem__", "__setitem__") and args:
            i = args[0]
            kind = "value_read" if method == "__getitem__" else "value_written"
            if isinstance(i, int):
                k = i + len(a) if i < 0 else i
                emit(kind, pid=client, object=name, index=k, value=value(a[k]))
            else:
                emit(kind, pid=client, object=name, value=value(list(a)))
    return result


def _serve_condition(c, name, method, real, args, kwds, client):
    """A manager's `threading.Condition`: its lock taken and given back, a `wait()` reported
    asleep and its lock released before it sleeps, woken (or timed out) and the lock taken
    back after; `notify` says how many it wakes, before they wake."""
    if method in ("acquire", "__enter__"):
        emit("served", client=client, object=name, method=method)
        blocking = _arg(args, kwds, 0, "blocking", True) if method == "acquire" else True
        timeout = _arg(args, kwds, 1, "timeout", None) if method == "acquire" else None
        if c.acquire(False):
            emit("acquired", pid=client, object=name)
            return True
        if not blocking:
            return False
        timed = timeout is not None and timeout >= 0
        emit("waiting", pid=client, object=name, op="acquire", timed=timed)
        got = c.acquire(True, _real(timeout)) if timed else c.acquire(True)
        emit("acquired" if got else "gave_up", pid=client, object=name,
             **({} if got else {"op": "acquire", "why": "timed_out"}))
        return got
    if method in ("release", "__exit__"):
        emit("served", client=client, object=name, method=method)
        if c._is_owned():
            emit("released", pid=client, object=name)
        return c.release()
    if method == "wait":
        timeout = _arg(args, kwds, 0, "timeout", None)
        emit("served", client=client, object=name, method=method)
        if not c._is_owned():
            return real(*args, **kwds)
        emit("waiting", pid=client, object=name, op="wait", timed=timeout is not None)
        emit("released", pid=client, object=name)
        woke = c.wait(_real(timeout))
        if woke:
            emit("event_woke", pid=client, object=name)
        else:
            emit("gave_up", pid=client, object=name, op="wait", why="timed_out")
        emit("acquired", pid=client, object=name)
        return woke
    if method in ("notify", "notify_all"):
        emit("served", client=client, object=name, method=method)
        if c._is_owned():
            asleep = len(c._waiters)
            n = asleep if method == "notify_all" else _arg(args, kwds, 0, "n", 1)
            emit("notified", pid=client, object=name, woke=min(n, asleep))
        return real(*args, **kwds)
    emit("served", client=client, object=name, method=method)
    return real(*args, **kwds)


def _serve_barrier(b, name, method, real, args, kwds, client):
    """A manager's `threading.Barrier`: each `wait()` a wait until the last party comes; a
    broken barrier (a timeout, `abort()`, `reset()`) a give-up."""
    import threading as threading_module

    emit("served", client=client, object=name, method=method)
    if method != "wait":
        return real(*args, **kwds)
    timeout = _arg(args, kwds, 0, "timeout", None)
    emit("waiting", pid=client, object=name, op="wait", timed=timeout is not None)
    try:
        index = b.wait(_real(timeout)) if timeout is not None else b.wait()
    except threading_module.BrokenBarrierError:
        emit("gave_up", pid=client, object=name, op="wait", why="timed_out" if timeout is not None else "closed")
        raise
    emit("event_woke", pid=client, object=name)
    return index


def _arg(args, kwds, i, key, default):
    return args[i] if len(args) > i else kwds.get(key, default)


def _wait_until(cond, ready, timeout):
    """Waits on `cond` (held) until `ready()`, at most `timeout` program seconds; ready()."""
    end = None if timeout is None else _real_monotonic() + _real(timeout)
    while not ready():
        if end is None:
            cond.wait()
        else:
            left = end - _real_monotonic()
            if left <= 0:
                return False
            cond.wait(left)
    return True


def _wait_or_raise(cond, ready, who, block, timeout, error):
    """A queue's put or get that cannot go on at once, as queue.Queue does it: `error` at once
    when not blocking, else a reported wait on `cond` (held) until `ready()`, `error` and a
    reported give-up when `timeout` passes first. `who`: (client pid, object name, op)."""
    client, name, op = who
    if not block:
        raise error
    if timeout is not None and timeout < 0:
        raise ValueError("'timeout' must be a non-negative number")
    if timeout != 0:
        emit("waiting", pid=client, object=name, op=op, timed=timeout is not None)
    if timeout == 0 or not _wait_until(cond, ready, timeout):
        emit("gave_up", pid=client, object=name, op=op, why="timed_out")
        raise error


def _serve_queue(q, name, kind, method, real, args, kwds, client):
    """A manager's `queue.Queue`, as its own methods, with each change reported under its
    mutex (so a put and a get of two clients are reported in the order they happened)."""
    import queue as queue_module

    if method in ("put", "put_nowait"):
        item = _arg(args, kwds, 0, "item", None)
        block = method == "put" and _arg(args, kwds, 1, "block", True)
        timeout = _arg(args, kwds, 2, "timeout", None) if block else None
        with q.not_full:
            emit("served", client=client, object=name, method=method)
            if q.maxsize > 0 and q._qsize() >= q.maxsize:
                room = lambda: q._qsize() < q.maxsize
                _wait_or_raise(q.not_full, room, (client, name, "put"), block, timeout, queue_module.Full)
            q._put(item)
            q.unfinished_tasks += 1
            q.not_empty.notify()
            emit("put", pid=client, object=name, item=value(item))
        return None
    if method in ("get", "get_nowait"):
        block = method == "get" and _arg(args, kwds, 0, "block", True)
        timeout = _arg(args, kwds, 1, "timeout", None) if block else None
        with q.not_empty:
            emit("served", client=client, object=name, method=method)
            if not q._qsize():
                _wait_or_raise(q.not_empty, q._qsize, (client, name, "get"), block, timeout, queue_module.Empty)
            item = q._get()
            q.not_full.notify()
            emit("got", pid=client, object=name, item=value(item))
        return item
    if method == "task_done":
        with q.all_tasks_done:
            emit("served", client=client, object=name, method=method)
            left = q.unfinished_tasks - 1
            if left < 0:
                raise ValueError("task_done() called too many times")
            if left == 0:
                q.all_tasks_done.notify_all()
            q.unfinished_tasks = left
            if kind == "joinable_queue":
                emit("task_done", pid=client, object=name)
        return None
    if method == "join":
        with q.all_tasks_done:
            emit("served", client=client, object=name, method=method)
            if q.unfinished_tasks:
                emit("waiting", pid=client, object=name, op="queue_join")
                _wait_until(q.all_tasks_done, lambda: not q.unfinished_tasks, None)
            if kind == "joinable_queue":
                emit("queue_joined", pid=client, object=name)
        return None
    with q.mutex:
        emit("served", client=client, object=name, method=method)
    return real(*args, **kwds)


def _serve_event(e, name, method, real, args, kwds, client):
    """A manager's `threading.Event`, each change reported under its own lock."""
    with e._cond:
        emit("served", client=client, object=name, method=method)
        if method == "set":
            e._flag = True
            e._cond.notify_all()
            emit("event_set", pid=client, object=name)
            return None
        if method == "clear":
            e._flag = False
            emit("event_cleared", pid=client, object=name)
            return None
        if method == "wait":
            timeout = _arg(args, kwds, 0, "timeout", None)
            if e._flag:
                emit("event_woke", pid=client, object=name)
                return True
            woke = False
            if timeout is None or timeout > 0:
                emit("waiting", pid=client, object=name, op="wait", timed=timeout is not None)
                woke = e._cond.wait(_real(timeout))
            if woke:
                emit("event_woke", pid=client, object=name)
            else:
                emit("gave_up", pid=client, object=name, op="wait", why="timed_out")
            return woke
    return real(*args, **kwds)


def _serve_acquirer(lock, name, kind, method, real, args, kwds, client):
    """A manager's `threading` Lock, RLock or (Bounded)Semaphore: acquired after the acquire
    returned, released before the release (one CPython refuses is not reported)."""
    if method == "acquire":
        blocking = _arg(args, kwds, 0, "blocking", True)
        timeout = _arg(args, kwds, 1, "timeout", None)
        emit("served", client=client, object=name, method=method)
        if real(False):
            emit("acquired", pid=client, object=name)
            return True
        if not blocking:
            return False
        timed = timeout is not None and timeout >= 0
        emit("waiting", pid=client, object=name, op="acquire", timed=timed)
        got = real(True, _real(timeout)) if timed else real(True)
        if got:
            emit("acquired", pid=client, object=name)
        else:
            emit("gave_up", pid=client, object=name, op="acquire", why="timed_out")
        return got
    if method == "release":
        emit("served", client=client, object=name, method=method)
        if kind == "lock":
            refused = not lock.locked()
        elif kind == "r_lock":
            refused = not lock._is_owned()
        else:
            refused = kind == "bounded_semaphore" and lock._value >= lock._initial_value
        if not refused:
            emit("released", pid=client, object=name)
        return real(*args, **kwds)
    emit("served", client=client, object=name, method=method)
    return real(*args, **kwds)


def _audit_server():
    """The real state of every object a manager's server kept, as it stops."""
    for name, kind, obj in _served:
        try:
            if kind in ("queue", "joinable_queue"):
                with obj.mutex:
                    items = [value(x) for x in list(obj.queue)]
                    unfinished = obj.unfinished_tasks if kind == "joinable_queue" else None
                audit = {"of": "queue", "items": items, "unfinished": unfinished}
            elif kind == "event":
                audit = {"of": "event", "set": obj.is_set()}
            elif kind == "lock":
                audit = {"of": "semaphore", "value": 0 if obj.locked() else 1}
            elif kind in ("semaphore", "bounded_semaphore"):
                audit = {"of": "semaphore", "value": obj._value}
            elif kind in ("r_lock", "condition", "barrier"):
                continue
            else:
                audit = {"of": "value", "value": _content(kind, obj)}
        except Exception:
            continue
        emit("audited", object=name, audit=audit)


def wrap():
    from multiprocessing import managers
    from multiprocessing import process as process_module

    create = managers.BaseManager._create

    def _create(self, typeid, *args, **kwds):
        _note_line()
        # Only a server this run started has the probe to take the name.
        if getattr(self, "_process", None) is not None and _made_by_program(True):
            kwds["_fb_name"] = list(_program_name(typeid.lower()))
        return create(self, typeid, *args, **kwds)

    managers.BaseManager._create = _create
    callmethod = managers.BaseProxy._callmethod

    def _callmethod(self, methodname, args=(), kwds={}):
        # The client's line, before the server reports what the call did in its lane.
        _note_line()
        return callmethod(self, methodname, args, kwds)

    managers.BaseProxy._callmethod = _callmethod

    server = managers.Server
    serve_create, serve_client, serve_forever = server.create, server.serve_client, server.serve_forever

    def create_(self, c, typeid, *args, **kwds):
        named = kwds.pop("_fb_name", None)
        if named is None:
            return serve_create(self, c, typeid, *args, **kwds)
        base, line = named
        client = _peer_pid(c)
        name = _unique(base)
        emit("served", client=client, object=name, method=typeid)
        ident, exposed = serve_create(self, c, typeid, *args, **kwds)
        manager = process_module.current_process().name
        kind = _MANAGED.get(typeid)
        with self.mutex:
            obj, names, to_typeid = self.id_to_obj[ident]
            if kind is None:
                emit("created", pid=client, object=name, object_kind="other", value=0, capacity=0,
                     py_line=line, manager=manager)
                emit("value_written", pid=client, object=name, value=typeid)
                return ident, exposed
            start, capacity = 0, obj.maxsize if kind in ("queue", "joinable_queue") else 0
            if kind in ("lock", "r_lock"):
                start, capacity = 1, 1
            elif kind == "semaphore":
                start = capacity = obj._value
            elif kind == "bounded_semaphore":
                start, capacity = obj._value, obj._initial_value
            elif kind == "array":
                start = len(obj)
            elif kind == "barrier":
                start = capacity = obj.parties
            emit("created", pid=client, object=name, object_kind=kind, value=start, capacity=capacity,
                 py_line=line, manager=manager)
            if kind in ("dict", "list", "value", "namespace", "array"):
                emit("value_written", pid=client, object=name, value=_content(kind, obj))
            self.id_to_obj[ident] = (_Referent(obj, name, kind), names, to_typeid)
            _served.append((name, kind, obj))
        return ident, exposed

    def serve_client_(self, conn):
        _client.pid = _peer_pid(conn)
        return serve_client(self, conn)

    def serve_forever_(self):
        _no_lines[0] = os.getpid()
        emit("waiting", object=process_module.current_process().name, op="serve")
        try:
            return serve_forever(self)
        finally:
            _audit_server()

    server.create, server.serve_client, server.serve_forever = create_, serve_client_, serve_forever_
