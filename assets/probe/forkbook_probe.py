"""forkbook's probe: reports what a real CPython multiprocessing program does, as forkbook's
events, to the FIFO named by FORKBOOK_PROBE (one JSON line per event, one write(2) each, so
lines from many processes never interleave and arrive in the order they were written).

It wraps the multiprocessing classes a program uses at the moments their state is settled:
a lock's `acquired` after the acquire returned and its `released` before the release, a
queue's `put` before the item goes to the feeder thread and its `got` after get returned.
Loaded by the sitecustomize.py next to it, in every interpreter of the run (forked children
inherit it; spawned ones load it again). Nothing here changes what the program computes.
"""

import collections
import json
import linecache
import os
import re
import sys
import threading
import time

_real_sleep = time.sleep
_real_monotonic = time.monotonic
# forkbook's --speed: every sleep and timeout of the program's objects is divided by it,
# and the program's clocks run that much faster, as in a lesson run.
_SPEED = float(os.environ.get("FORKBOOK_SPEED", "1") or 1)


def _real(timeout):
    """A program's timeout in seconds as real seconds at the run's speed."""
    return None if timeout is None else max(0.0, timeout) / _SPEED
_PATH = os.environ.get("FORKBOOK_PROBE")
_T0 = int(os.environ.get("FORKBOOK_T0", "0"))
_USER = os.path.realpath(os.environ.get("FORKBOOK_USER_FILE", "")) if os.environ.get("FORKBOOK_USER_FILE") else None
_ITEM_CHARS = 200
_fd = None
_guard = threading.local()
_names = {}
_taken = set()
# The program's objects made in each process, for the audit at the main process's end.
_made = []
# The unwrapped queue `get` of each class, for draining a queue in the audit unreported.
_raw_get = {}
# Reading ends of queues the main process closes after its audit.
_closes = []

_ASSIGNED = re.compile(r"^\s*(?:[A-Za-z_][\w.]*\.)?([A-Za-z_]\w*)\s*=[^=]")
_WITH = re.compile(r"^\s*with\s.*\bas\s+([A-Za-z_]\w*)\s*:")


def _out():
    global _fd
    if _fd is None:
        _fd = os.open(_PATH, os.O_WRONLY)
    return _fd


_last_line = [None, 0]
# A process whose lane shows no line of the program (a manager's server runs none of it).
_no_lines = [None]


# This process's pid, kept up to date across forks (asked at every event).
_me = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _me.__setitem__(0, os.getpid()))
# One encoder for every event (json.dumps with options would make one per call).
_encode = json.JSONEncoder(ensure_ascii=False).encode


def emit(kind, pid=None, **fields):
    """Writes one event about `pid` (this process by default); first an `at_step` when the
    program's own line changed since this process last reported one."""
    if not _PATH or getattr(_guard, "busy", False):
        return
    me = _me[0]
    if pid is None and kind not in ("started", "at_step", "gated", "code_ended", "exiting") and _no_lines[0] != me:
        line = _user_line()
        if line and (_last_line[0] != me or _last_line[1] != line):
            _last_line[:] = [me, line]
            emit("at_step", line=line)
    _guard.busy = True
    try:
        fields["kind"] = kind
        fields["pid"] = me if pid is None else pid
        fields["t_ns"] = max(0, time.monotonic_ns() - _T0)
        line = (_encode(fields) + "\n").encode("utf-8", "replace")
        if len(line) > 4000:
            for key in ("item", "value", "text", "message"):
                if key in fields and isinstance(fields[key], str):
                    fields[key] = fields[key][:500] + "…"
            line = (_encode(fields)[:3990] + "\n").encode("utf-8", "replace")
        os.write(_out(), line)
    except BrokenPipeError:
        # Nobody reads the events any more: forkbook was killed. The program must not run on
        # unseen, so its whole process group ends here.
        import signal

        os.killpg(os.getpgrp(), signal.SIGKILL)
    except OSError:
        pass
    finally:
        _guard.busy = False


def _note_line():
    """Reports this process's line of the program, when it changed (as `emit` does first)."""
    if not _PATH or getattr(_guard, "busy", False):
        return
    line = _user_line()
    if line and _last_line != [os.getpid(), line]:
        _last_line[:] = [os.getpid(), line]
        emit("at_step", line=line)


def value(obj, depth=0):
    """A Python object as forkbook's value: plain data as itself, anything else as its repr."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj if not isinstance(obj, str) else obj[:_ITEM_CHARS]
    if isinstance(obj, int):
        return obj if -(2 ** 63) <= obj < 2 ** 63 else repr(obj)
    if isinstance(obj, float):
        return obj if obj == obj and obj not in (float("inf"), float("-inf")) else {"float": repr(obj)}
    if depth < 4 and isinstance(obj, list):
        return [value(x, depth + 1) for x in obj[:50]]
    if depth < 4 and isinstance(obj, tuple):
        return {"tuple": [value(x, depth + 1) for x in obj[:50]]}
    if depth < 4 and isinstance(obj, dict):
        return {"dict": [[value(k, depth + 1), value(v, depth + 1)] for k, v in list(obj.items())[:50]]}
    if depth < 4 and type(obj) is set:
        return {"set": [value(x, depth + 1) for x in list(obj)[:50]]}
    if isinstance(obj, bytes):
        return {"bytes": list(obj[:_ITEM_CHARS])}
    try:
        return repr(obj)[:_ITEM_CHARS]
    except Exception:
        return "<%s>" % type(obj).__name__


_user_files = {}


def _is_user(filename):
    """Whether code of `filename` is the program's own file (its real path, found once per
    name: a realpath costs system calls, and this is asked at every event)."""
    found = _user_files.get(filename)
    if found is None:
        found = filename == _USER or os.path.realpath(filename) == _USER
        _user_files[filename] = found
    return found


def _caller():
    """The frame of the program's own code that called into multiprocessing."""
    f = sys._getframe(2)
    while f is not None:
        name = f.f_code.co_filename
        if _USER is None or _is_user(name):
            if "multiprocessing" not in name and not name.endswith("forkbook_probe.py"):
                return f
        f = f.f_back
    return None


def _user_line():
    """The line of the program's own file running now in this process (0 if none)."""
    if _USER is None:
        return 0
    f = sys._getframe(2)
    while f is not None:
        if _is_user(f.f_code.co_filename):
            return f.f_lineno
        f = f.f_back
    return 0


def _mp_dir():
    """The folder of the multiprocessing package (its own code, not the program's)."""
    import multiprocessing

    return os.path.dirname(multiprocessing.__file__) + os.sep


def _made_by_program(through=False):
    """Whether the object being made is the program's own, not one multiprocessing makes for
    itself (a Queue's locks, a Pool's queues, a Manager's objects in its server). `through`:
    the call came through multiprocessing's own methods (`m.dict()` runs in managers.py)."""
    import multiprocessing

    mp_dir = os.path.dirname(multiprocessing.__file__)
    f = sys._getframe(2)
    while f is not None:
        name = f.f_code.co_filename
        skip = through and name.startswith(mp_dir)
        if skip or name.endswith("forkbook_probe.py") or name == os.path.join(mp_dir, "context.py"):
            f = f.f_back
            continue
        return not name.startswith(mp_dir)
    return False


def _program_name(fallback):
    """The variable the program's line being run assigns to (`d = m.dict()` is 'd'), and
    that line; `fallback` when the line assigns to nothing."""
    f = _caller()
    base, line = fallback, 0
    if f is not None:
        line = f.f_lineno
        text = linecache.getline(f.f_code.co_filename, f.f_lineno)
        m = _WITH.match(text) or _ASSIGNED.match(text)
        if m:
            base = m.group(1)
    return base, line


def name_for(obj, fallback):
    """The variable the program assigns `obj` to (`lock = Lock()` is 'lock'), unique; None
    for an object multiprocessing makes for itself, which is not reported."""
    if not _made_by_program():
        return None, 0
    base, line = _program_name(fallback)
    name = _unique(base)
    _names[id(obj)] = name
    _made.append((os.getpid(), name, obj))
    try:
        obj._fb_name = name
    except Exception:
        pass
    return name, line


def name_of(obj):
    return getattr(obj, "_fb_name", None) or _names.get(id(obj))


def _blocking(name, op, timeout, attempt, done):
    """A wait that a non-blocking try could not avoid: reported, made, and reported as `done`
    or as given up when its timeout passed."""
    emit("waiting", object=name, op=op, timed=timeout is not None)
    ok = attempt()
    if ok:
        emit(done, object=name)
    else:
        emit("gave_up", object=name, op=op, why="timed_out")
    return ok


def _wrap_semlocks(synchronize):
    """Locks and semaphores bind acquire/release per object (`_make_methods`), so the probe
    wraps them there, and reports each object's creation from its class's __init__."""
    make_methods = synchronize.SemLock._make_methods

    def _make_methods(self):
        make_methods(self)
        raw_acquire, raw_release = self.acquire, self.release

        def acquire(block=True, timeout=None):
            name = name_of(self)
            if name is None or getattr(_guard, "busy", False):
                return raw_acquire(block, timeout)
            if raw_acquire(False):
                emit("acquired", object=name)
                return True
            if not block:
                return False
            return _blocking(name, "acquire", timeout, lambda: raw_acquire(True, _real(timeout)), "acquired")

        def release():
            name = name_of(self)
            if name is not None:
                semlock = self._semlock
                # A BoundedSemaphore at its bound, or a free Lock, refuses (ValueError):
                # nothing is released.
                if semlock.kind == 1 and semlock._get_value() >= semlock.maxvalue:
                    return raw_release()
                emit("released", object=name)
            return raw_release()

        self.acquire, self.release = acquire, release

    synchronize.SemLock._make_methods = _make_methods
    synchronize.SemLock.__enter__ = lambda self: self.acquire()
    synchronize.SemLock.__exit__ = lambda self, *a: self.release()
    for kind in ("Lock", "RLock", "Semaphore", "BoundedSemaphore"):
        _wrap_semlock_init(getattr(synchronize, kind), kind)


def _wrap_semlock_init(cls, kind):
    init = cls.__dict__["__init__"]

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        name, line = name_for(self, kind.lower())
        if name is None:
            return
        counts = kind in ("Semaphore", "BoundedSemaphore")
        value_now = self.get_value() if counts else 1
        capacity = self._semlock.maxvalue if kind == "BoundedSemaphore" else value_now
        emit("created", object=name, object_kind=_KIND[kind], value=value_now, capacity=capacity, py_line=line)

    cls.__init__ = __init__


_KIND = {
    "Lock": "lock",
    "RLock": "r_lock",
    "Semaphore": "semaphore",
    "BoundedSemaphore": "bounded_semaphore",
}


def _wrap_event(cls):
    init, set_, clear, wait = cls.__init__, cls.set, cls.clear, cls.wait

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        name, line = name_for(self, "event")
        if name is None:
            return
        emit("created", object=name, object_kind="event", value=0, capacity=0, py_line=line)

    def set__(self):
        set_(self)
        if name_of(self) is not None:
            emit("event_set", object=name_of(self))

    def clear_(self):
        clear(self)
        if name_of(self) is not None:
            emit("event_cleared", object=name_of(self))

    def wait_(self, timeout=None):
        name = name_of(self)
        if name is None:
            return wait(self, timeout)
        if self.is_set():
            emit("event_woke", object=name)
            return True
        return _blocking(name, "wait", timeout, lambda: wait(self, _real(timeout)), "event_woke")

    cls.__init__, cls.set, cls.clear, cls.wait = __init__, set__, clear_, wait_


def _pending(q):
    """The items `q` took from this process and its feeder thread has not reported yet (a
    queue rebuilt in a spawned child starts with none)."""
    pending = q.__dict__.get("_fb_pending")
    if pending is None:
        pending = q._fb_pending = collections.deque()
    return pending


def _get_reporting(q, name, block, timeout):
    """`Queue.get` as CPython 3.8 to 3.13 all do it, except that the item is unpickled and
    reported `got` while the queue's read lock is still held: two getters then report in the
    order they took items from the pipe (after the lock, the second could report first).
    `timeout` is in real seconds."""
    import queue as queue_module
    from multiprocessing.reduction import ForkingPickler

    if q._closed:
        raise ValueError("Queue %r is closed" % q)
    if block and timeout is None:
        with q._rlock:
            res = q._recv_bytes()
            q._sem.release()
            item = ForkingPickler.loads(res)
            emit("got", object=name, item=value(item))
        return item
    deadline = _real_monotonic() + timeout if block else None
    if not q._rlock.acquire(block, timeout):
        raise queue_module.Empty
    try:
        if block:
            if not q._poll(deadline - _real_monotonic()):
                raise queue_module.Empty
        elif not q._poll():
            raise queue_module.Empty
        res = q._recv_bytes()
        q._sem.release()
        item = ForkingPickler.loads(res)
        emit("got", object=name, item=value(item))
    finally:
        q._rlock.release()
    return item


def _wrap_queue(cls, kind):
    import queue as queue_module

    init, put, get = cls.__init__, cls.put, cls.get
    _raw_get.setdefault("get", get)

    def __init__(self, maxsize=0, *args, **kwargs):
        init(self, maxsize, *args, **kwargs)
        self._fb_pending = collections.deque()
        name, line = name_for(self, "queue")
        if name is None:
            return
        emit("created", object=name, object_kind=kind, value=0, capacity=maxsize, py_line=line)

    def put_(self, obj, block=True, timeout=None):
        # As Queue.put does; the item's `put` is reported by the feeder thread right before
        # its bytes enter the pipe, under the queue's write lock (`_start_thread_`), so the
        # events follow the order items really have in the pipe, whichever process put them.
        name = name_of(self)
        if name is None:
            return put(self, obj, block, timeout)
        if self._closed:
            raise ValueError("Queue %r is closed" % self)
        if not self._sem.acquire(False):
            if not block:
                raise queue_module.Full
            # The feeder thread reports this process's earlier puts; let it do so before the
            # process is shown waiting (a put reported after would read as the wait's end).
            for _ in range(100):
                if not _pending(self):
                    break
                _real_sleep(0.001)
            emit("waiting", object=name, op="put", timed=timeout is not None)
            if not self._sem.acquire(True, _real(timeout)):
                emit("gave_up", object=name, op="put", why="timed_out")
                raise queue_module.Full
        with self._notempty:
            if self._thread is None:
                self._start_thread()
            _pending(self).append(value(obj))
            # Handed to the feeder thread: counted (qsize) but not in the pipe yet.
            emit("fed", object=name, item=_pending(self)[-1])
            self._buffer.append(obj)
            if kind == "joinable_queue":
                with self._cond:
                    self._unfinished_tasks.release()
            self._notempty.notify()

    def get_(self, block=True, timeout=None):
        name = name_of(self)
        if name is None:
            return get(self, block, timeout)
        try:
            return _get_reporting(self, name, False, None)
        except queue_module.Empty:
            if not block:
                raise
            emit("waiting", object=name, op="get", timed=timeout is not None)
            try:
                return _get_reporting(self, name, True, _real(timeout))
            except queue_module.Empty:
                emit("gave_up", object=name, op="get", why="timed_out")
                raise

    if kind == "queue":
        start_thread, after_fork = cls._start_thread, cls._after_fork

        def _start_thread_(self):
            name = name_of(self)
            if name is not None and os.environ.get("FORKBOOK_MAIN") == str(_me[0]):
                # At exit the feeder closes the queue's reading end; the main process keeps
                # it open until its audit has drained the queue.
                self._reader.close = lambda reader=self._reader: _closes.append(reader)
            if name is not None:
                raw, pending = self._send_bytes, _pending(self)

                def send_bytes(buf, *args):
                    item = pending.popleft() if pending else None
                    emit("put", object=name, item=item)
                    return raw(buf, *args)

                self._send_bytes = send_bytes
            return start_thread(self)

        def _after_fork_(self):
            after_fork(self)
            self._fb_pending = collections.deque()

        cls._start_thread, cls._after_fork = _start_thread_, _after_fork_

    # A JoinableQueue inherits Queue's get (wrapped already): wrap only what a class defines.
    cls.__init__, cls.put = __init__, put_
    cls.put_nowait = lambda self, obj: put_(self, obj, False)
    if "get" in cls.__dict__:
        cls.get = get_
        cls.get_nowait = lambda self: get_(self, False)
    if kind == "joinable_queue":
        task_done, join = cls.task_done, cls.join

        def task_done_(self):
            task_done(self)
            if name_of(self) is not None:
                emit("task_done", object=name_of(self))

        def join_(self):
            name = name_of(self)
            if name is None:
                return join(self)
            emit("waiting", object=name, op="queue_join")
            join(self)
            emit("queue_joined", object=name)

        cls.task_done, cls.join = task_done_, join_


def _wrap_pipes():
    """`Pipe()` makes a pipe named after the variable (its ends `NAME[0]`, `NAME[1]`);
    a connection reports what it sends (before the bytes go), receives (after they came),
    waits for, and closes."""
    from multiprocessing import connection

    pipe = connection.Pipe

    def Pipe(duplex=True):
        ends = pipe(duplex)
        name, line = name_for(ends, "pipe")
        if name is not None:
            for i, end in enumerate(ends):
                end._fb_end = (name, "%s[%d]" % (name, i))
            emit("created", object=name, object_kind="pipe", value=0, capacity=0, py_line=line)
        return ends

    connection.Pipe = Pipe
    base = connection._ConnectionBase
    send, recv, close = base.send, base.recv, base.close
    _raw_get["recv"] = recv

    def send_(self, obj):
        end = getattr(self, "_fb_end", None)
        if end is not None:
            emit("sent", object=end[0], end=end[1], item=value(obj))
        return send(self, obj)

    def recv_(self):
        end = getattr(self, "_fb_end", None)
        if end is None:
            return recv(self)
        if not self.poll(0):
            emit("waiting", object=end[0], op="recv")
        try:
            obj = recv(self)
        except EOFError:
            emit("gave_up", object=end[0], op="recv", why="closed")
            raise
        emit("received", object=end[0], end=end[1], item=value(obj))
        return obj

    def close_(self):
        end = getattr(self, "_fb_end", None)
        if end is not None and not self.closed:
            emit("closed", object=end[0], end=end[1])
        return close(self)

    base.send, base.recv, base.close = send_, recv_, close_


def _name_lock(shared, name, line):
    """A Value's or Array's own lock, shown as forkbook shows it: an RLock named `NAME.lock`,
    whose acquire and release surround each read and write (and `get_lock()`'s uses)."""
    lock = shared.get_lock()
    if name_of(lock) is not None or not hasattr(lock, "_semlock"):
        return
    lock_name = _unique("%s.lock" % name)
    lock._fb_name = lock_name
    kind = "r_lock" if type(lock).__name__ == "RLock" else "lock"
    emit("created", object=lock_name, object_kind=kind, value=1, capacity=1, py_line=line)


def _wrap_values():
    """`Value(typecode, v)`: created with its first value; each read and write of `.value`
    reported while its lock is held, so the reports keep the writes' real order."""
    from multiprocessing import sharedctypes

    make = sharedctypes.Value

    def Value(typecode_or_type, *args, **kwargs):
        v = make(typecode_or_type, *args, **kwargs)
        if hasattr(v, "get_lock"):
            name, line = name_for(v, "value")
            if name is not None:
                _name_lock(v, name, line)
                emit("created", object=name, object_kind="value", value=0, capacity=0, py_line=line)
                emit("value_written", object=name, value=value(v.get_obj().value))
        return v

    sharedctypes.Value = Value
    cls = sharedctypes.Synchronized
    prop = cls.value

    def get(self):
        name = name_of(self)
        if name is None:
            return prop.fget(self)
        # The lock once, as CPython's own getter takes it (its getter would take it again).
        with self.get_lock():
            v = self._obj.value
            emit("value_read", object=name, value=value(v))
        return v

    def set_(self, v):
        name = name_of(self)
        if name is None:
            return prop.fset(self, v)
        with self.get_lock():
            self._obj.value = v
            emit("value_written", object=name, value=value(v))

    cls.value = property(get, set_)


def _wrap_process(mp):
    from multiprocessing import process as process_module

    bootstrap = process_module.BaseProcess._bootstrap

    def _bootstrap(self, *args, **kwargs):
        parent = os.getppid()
        if not _announced:
            emit("started", name=self.name, ppid=parent, script="run", daemon=bool(self.daemon), slot=0)
        _lane[0] = os.getpid()
        _hold_if_held()
        # The process's own run(), a subclass's override too: its uncaught error is reported
        # (the bootstrap prints it and exits with 1).
        run = self.run

        def run_():
            try:
                return run()
            except BaseException as e:
                if not isinstance(e, SystemExit):
                    emit("raised", error=type(e).__name__, message=str(e), line=_tb_line(e), caught=False)
                raise
            finally:
                # The bootstrap's exit function (daemons terminated, children joined) comes next.
                _flush_output()
                emit("code_ended")

        self.run = run_
        code = bootstrap(self, *args, **kwargs)
        if sys.version_info >= (3, 13):
            # From 3.13 a child's multiprocessing finalizers (a queue's feeder flushing its
            # last items) run at exit, after the bootstrap: they run here, so the process's
            # last puts come before its end, as they do inside the bootstrap up to 3.12.
            # (atexit forgets what it ran: nothing runs twice.)
            import atexit

            atexit._run_exitfuncs()
        _flush_output()
        emit("exiting", code=code if isinstance(code, int) else 1)
        return code

    process_module.BaseProcess._bootstrap = _bootstrap
    start = process_module.BaseProcess.start

    def start_(self):
        _starting.proc = self
        try:
            return start(self)
        finally:
            _starting.proc = None

    process_module.BaseProcess.start = start_
    from multiprocessing import util

    spawnv_passfds = util.spawnv_passfds

    def spawnv_passfds_(path, args, passfds):
        # A spawned child is announced by its parent, as soon as it exists: it runs the main
        # module again before its bootstrap, and has a lane (and gates) for that too.
        proc = getattr(_starting, "proc", None)
        if proc is None or "--multiprocessing-fork" not in args:
            return spawnv_passfds(path, args, passfds)
        os.environ["FORKBOOK_ANNOUNCED"] = "1"
        try:
            pid = spawnv_passfds(path, args, passfds)
        finally:
            del os.environ["FORKBOOK_ANNOUNCED"]
        emit("started", pid=pid, name=proc.name, ppid=os.getpid(), script="run", daemon=bool(proc.daemon), slot=0)
        return pid

    util.spawnv_passfds = spawnv_passfds_
    _wrap_helpers()
    join = process_module.BaseProcess.join

    def join_(self, timeout=None):
        # A wait for a child that still runs (so a stall or a cycle through a join is seen).
        popen = getattr(self, "_popen", None)
        waits = popen is not None and popen.poll() is None and self._parent_pid == os.getpid()
        if waits:
            emit("waiting", object=self.name, op="join", timed=timeout is not None)
        # The program's timeouts follow the run's speed; multiprocessing's own (a manager's
        # server given 1 s to stop before it is terminated) are CPython's, in real seconds.
        caller = sys._getframe(1).f_code.co_filename
        join(self, timeout if caller.startswith(_mp_dir()) else _real(timeout))
        if waits and self.exitcode is None:
            emit("gave_up", object=self.name, op="join", why="timed_out")

    process_module.BaseProcess.join = join_

    from multiprocessing import popen_fork

    launch = popen_fork.Popen._launch

    def _launch(self, process_obj):
        launch(self, process_obj)
        # The parent says the child exists too, as soon as fork returned: a child killed before
        # its bootstrap still has its lane. (forkbook keeps the first `started` of a pid.)
        emit("started", pid=self.pid, name=process_obj.name, ppid=os.getpid(), script="run",
             daemon=bool(process_obj.daemon), slot=0)

    popen_fork.Popen._launch = _launch
    poll = popen_fork.Popen.poll

    def poll_(self, flag=os.WNOHANG):
        before = self.returncode
        code = poll(self, flag)
        if before is None and code is not None:
            emit("reaped", child=self.pid, exitcode=code)
        return code

    popen_fork.Popen.poll = poll_

    terminate = popen_fork.Popen._send_signal

    def send_signal(self, sig):
        if self.returncode is None:
            emit("signalled", target=self.pid, signal=int(sig))
        return terminate(self, sig)

    popen_fork.Popen._send_signal = send_signal


def _wrap_helpers():
    """The helper processes multiprocessing starts for itself are lanes too: the fork server
    (the `forkserver` start method forks every child from it) and the resource tracker (it
    unlinks the named semaphores of `spawn` and `forkserver` runs that their processes left)."""
    from multiprocessing import forkserver, resource_tracker

    for cls, attr, name in ((forkserver.ForkServer, "_forkserver_pid", "ForkServer"),
                            (resource_tracker.ResourceTracker, "_pid", "ResourceTracker")):
        _announce_helper(cls, attr, name)


def _announce_helper(cls, attr, name):
    ensure_running = cls.ensure_running

    def ensure_running_(self):
        before = getattr(self, attr, None)
        result = ensure_running(self)
        pid = getattr(self, attr, None)
        if pid is not None and pid != before:
            emit("started", pid=pid, name=name, ppid=os.getpid(), script="run", daemon=True, slot=0)
        return result

    cls.ensure_running = ensure_running_


def _tb_line(e):
    tb = e.__traceback__
    line = 0
    while tb is not None:
        if _USER is None or _is_user(tb.tb_frame.f_code.co_filename):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class _Output:
    """stdout as the program sees it: each finished line becomes a `printed` event, and what
    a flush (`start()` flushes before it forks, `print(..., flush=True)`) or the end finds
    of an unfinished line a `printed_part`."""

    def __init__(self, real):
        self._real = real
        self._pending = ""
        self._pid = os.getpid()

    def write(self, text):
        if self._pid != os.getpid():
            self._pid, self._pending = os.getpid(), ""
        self._pending += text
        while "\n" in self._pending:
            line, self._pending = self._pending.split("\n", 1)
            emit("printed", text=line)
        return len(text)

    def flush(self):
        if self._pid == os.getpid() and self._pending:
            emit("printed_part", text=self._pending)
            self._pending = ""

    def finish(self):
        self.flush()

    def __getattr__(self, name):
        return getattr(self._real, name)


def _flush_output():
    if isinstance(sys.stdout, _Output):
        sys.stdout.finish()


def _wrap_time():
    """`time.sleep` is reported (in the program's seconds) and, like the clocks, follows the
    run's speed."""
    sleep = time.sleep

    def sleep_(seconds):
        emit("sleeping", ms=int(round(max(0, seconds) * 1000)))
        return sleep(_real(seconds))

    time.sleep = sleep_
    if _SPEED != 1:
        for clock in ("time", "monotonic", "perf_counter"):
            real = getattr(time, clock)
            start = real()

            def scaled(real=real, start=start):
                return start + (real() - start) * _SPEED

            setattr(time, clock, scaled)


def _fetch(url):
    """forkbook's stand-in for `requests.get(url).text`, for lessons run under CPython: a
    simulated network delay of 0.1 to 0.5 s and a small fake page."""
    import random

    time.sleep(0.1 + random.random() * 0.4)
    return (
        "<html><head><title>%s</title></head><body><p>A page fetched by forkbook "
        "(no real network).</p></body></html>" % url
    )


_GATES = os.environ.get("FORKBOOK_GATES")
_hold = [None, None]
_gates = {}


def _held():
    """Whether the viewer holds this process at its gates (step mode): one byte of its own
    file in the run's folder (`hold-PID`), mapped shared, so the check costs no system call.
    A process makes its file on its first check, from the run's default (`hold`); the viewer
    may have made it first."""
    pid = os.getpid()
    if _hold[0] != pid:
        import mmap

        path = os.path.join(_GATES, "hold-%d" % pid)
        if not os.path.exists(path):
            # Made whole, then linked in: the viewer never sees it half written.
            tmp = "%s.new" % path
            with open(os.path.join(_GATES, "hold"), "rb") as default, open(tmp, "wb") as own:
                own.write(default.read(1) or b"\0")
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            os.unlink(tmp)
        fd = os.open(path, os.O_RDONLY)
        try:
            _hold[:] = [pid, mmap.mmap(fd, 1, mmap.MAP_SHARED, mmap.PROT_READ)]
        finally:
            os.close(fd)
    return _hold[1][0] != 0


def _wait_at_gate(line):
    """Reports the line and the wait, then waits for the viewer's grant: one byte on this
    process's own FIFO (`gate-PID`)."""
    pid = os.getpid()
    fd = _gates.get(pid)
    if fd is None:
        path = os.path.join(_GATES, "gate-%d" % pid)
        try:
            os.mkfifo(path)
        except FileExistsError:
            pass
        fd = os.open(path, os.O_RDWR)
        _gates[pid] = fd
    _last_line[:] = [pid, line]
    emit("at_step", line=line)
    emit("gated")
    try:
        os.read(fd, 1)
    except OSError:
        pass


def _trace_calls(frame, event, arg):
    # Only frames of the program's own file get a line hook; the standard library runs free.
    if frame.f_code.co_filename == _USER:
        return _trace_lines
    return None


def _trace_lines(frame, event, arg):
    try:
        if event == "return" and _LEGACY_LINES:
            # Leaving the frame from inside `with` blocks (a return, an error): 3.10 steps
            # on each `with` line as it exits.
            last = _last_in_frame.pop(id(frame), None)
            if last is not None and _lane[0] == _me[0]:
                for head, first, end in _block_shapes()[1]:
                    if first <= last <= end and _held():
                        _wait_at_gate(head)
        if event == "line":
            if _lane[0] != _me[0]:
                # No lane yet (a spawned child running the main module again before its
                # bootstrap): nobody could grant its steps, so it runs free.
                return _trace_lines
            lines = _legacy_lines(frame) if _LEGACY_LINES else (frame.f_lineno,)
            for line in lines:
                if not _held():
                    # Let go: the hook comes off until the viewer holds this process again.
                    _set_tracing(frame, False)
                    return None
                _wait_at_gate(line)
    except Exception as e:  # the probe must never break the program: step mode ends
        _set_tracing(frame, False)
        print("forkbook probe: step mode stopped: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return None
    return _trace_lines


# Python 3.8 and 3.9 give no line event for a `while True:` line nor for leaving a `with`
# block, where 3.10 and later (PEP 626) give one: a step there would be a different step on
# each version, and a schedule would pin a different race. So on 3.8 and 3.9 the gate adds
# those lines, as 3.10 has them.
_LEGACY_LINES = sys.version_info < (3, 10)
# The last line each traced frame of the program's file reported (by frame id).
_last_in_frame = {}
_shapes = []


def _block_shapes():
    """The program file's `while True:` loops (first body line -> the while line) and `with`
    blocks (with line, first body line, last body line), read once."""
    if not _shapes:
        import ast

        heads, withs = {}, []
        try:
            with open(_USER, "rb") as f:
                tree = ast.parse(f.read())
        except (OSError, SyntaxError, ValueError):
            tree = None
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.While) and node.body:
                test = node.test
                if isinstance(test, ast.Constant) and test.value:
                    heads[node.body[0].lineno] = node.lineno
            elif isinstance(node, ast.With) and node.body:
                end = getattr(node, "end_lineno", None) or node.body[-1].lineno
                withs.append((node.lineno, node.body[0].lineno, end))
        withs.sort(key=lambda w: -w[1])
        _shapes[:] = [heads, withs]
    return _shapes


def _legacy_lines(frame):
    """The lines a 3.10 interpreter would step through to reach this line event: a `with`
    block left since the frame's last line (innermost first), a `while True:` line before
    its body's first line, then the line itself."""
    heads, withs = _block_shapes()
    line = frame.f_lineno
    last = _last_in_frame.get(id(frame))
    _last_in_frame[id(frame)] = line
    lines = []
    if last is not None:
        for head, first, end in withs:
            if first <= last <= end and not first <= line <= end and line != head:
                lines.append(head)
    if line in heads:
        lines.append(heads[line])
    lines.append(line)
    return lines


# Step mode costs nothing while a process runs free: the line hook is on only while the viewer
# holds it. Holding, the viewer sets the process's byte and sends it the hold signal; the
# handler puts the hook on the program's frames running now and on every call from there. Let
# go, the hook takes itself off at the next line it sees (`_trace_lines`).
_HOLD_SIGNAL = int(os.environ.get("FORKBOOK_HOLD_SIGNAL", "0") or 0)
# The pid of this process if it has a lane the viewer can grant steps to: the main process
# from the start (its first interpreter, which marks the environment for the others), a
# child once its bootstrap reported it `started`.
_lane = [None]
# This interpreter is a spawned child its parent reported `started` already.
_announced = bool(os.environ.pop("FORKBOOK_ANNOUNCED", None))
_starting = threading.local()
if _announced:
    _lane[0] = os.getpid()


def _set_tracing(frame, on):
    """The line hook on (for every call from now on, and on the program's frames running from
    `frame` out) or off again."""
    sys.settrace(_trace_calls if on else None)
    if not on:
        # Frames it leaves now report no return: their last lines are forgotten.
        _last_in_frame.clear()
    while frame is not None:
        if frame.f_code.co_filename == _USER:
            frame.f_trace = _trace_lines if on else None
        frame = frame.f_back


def _on_hold_signal(signum, frame):
    try:
        if _held():
            _set_tracing(frame, True)
    except Exception as e:
        print("forkbook probe: cannot hold this process: %s: %s" % (type(e).__name__, e), file=sys.stderr)


def _hold_if_held():
    """A process starting (the main one, or a child in its bootstrap) while the viewer holds
    every process: the hook goes on at once (no signal came for it)."""
    if _GATES and _USER and _held():
        _set_tracing(sys._getframe(1), True)


def _other(obj, fallback, cls_name, through=False):
    """An object the probe does not follow is still shown, as what it is: its class name,
    labelled as not followed, rather than not at all or drawn as something else."""
    if not _made_by_program(through):
        return
    base, line = _program_name(fallback)
    name = _unique(base)
    emit("created", object=name, object_kind="other", value=0, capacity=0, py_line=line)
    emit("value_written", object=name, value=cls_name)


def _unique(base):
    """`base`, or `base#2`, `base#3`...: the first name no process of the run has taken (a
    child, forked or spawned, may make objects too, as the engine's shared names are)."""
    name, n = base, 1
    while not _claim(name):
        n += 1
        name = "%s#%d" % (base, n)
    return name


def _claim(name):
    """Takes `name` for this run, if no process has: a file of that name made in the run's
    `names` folder (made only if absent, so two processes never both take one)."""
    if name in _taken:
        return False
    _taken.add(name)
    if not _PATH:
        return True
    folder = os.path.join(os.path.dirname(_PATH), "names")
    path = os.path.join(folder, name.replace("%", "%25").replace("/", "%2F"))
    for _ in range(2):
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return True
        except FileExistsError:
            return False
        except FileNotFoundError:
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                pass
        except OSError:
            break
    return True


def _wrap_condition(synchronize):
    """`Condition`: one object with its lock (acquire, release, `with`) and the processes
    asleep in `wait()`. A wait reports itself asleep, then its lock's releases; woken
    (`event_woke`) or timed out, it takes the lock back. `notify` reports how many it woke,
    before they wake."""
    cls = synchronize.Condition
    init, make_methods, wait = cls.__init__, cls._make_methods, cls.wait

    def __init__(self, lock=None, *, ctx):
        init(self, lock, ctx=ctx)
        name, line = name_for(self, "cond")
        if name is not None:
            emit("created", object=name, object_kind="condition", value=0, capacity=0, py_line=line)
            _make_methods(self)

    def _make_methods(self):
        make_methods(self)
        name = name_of(self)
        if name is None:
            return
        raw_acquire, raw_release = self.acquire, self.release
        # A lock of the program's own scales its timeouts itself.
        own_lock = name_of(self._lock) is not None

        def acquire(block=True, timeout=None):
            if raw_acquire(False):
                emit("acquired", object=name)
                return True
            if not block:
                return False
            wait_for = timeout if own_lock else _real(timeout)
            return _blocking(name, "acquire", timeout, lambda: raw_acquire(True, wait_for), "acquired")

        def release():
            emit("released", object=name)
            return raw_release()

        self.acquire, self.release = acquire, release

    def wait_(self, timeout=None):
        name = name_of(self)
        if name is None:
            return wait(self, timeout)
        assert self._lock._semlock._is_mine(), "must acquire() condition before using wait()"
        self._sleeping_count.release()
        depth = self._lock._semlock._count()
        emit("waiting", object=name, op="wait", timed=timeout is not None)
        for _ in range(depth):
            emit("released", object=name)
            self._lock.release()
        woke = False
        try:
            woke = self._wait_semaphore.acquire(True, _real(timeout))
            return woke
        finally:
            self._woken_count.release()
            if woke:
                emit("event_woke", object=name)
            else:
                emit("gave_up", object=name, op="wait", why="timed_out")
            for _ in range(depth):
                if self._lock.acquire(False):
                    emit("acquired", object=name)
                else:
                    emit("waiting", object=name, op="acquire")
                    self._lock.acquire()
                    emit("acquired", object=name)

    def notify_(self, n=1):
        name = name_of(self)
        if name is None:
            return notify(self, n)
        assert self._lock._semlock._is_mine(), "lock is not owned"
        # Sleepers that timed out since the last notify are no longer asleep.
        while self._woken_count.acquire(False):
            self._sleeping_count.acquire(False)
        # No process can fall asleep meanwhile: that needs the lock, held here.
        asleep = self._sleeping_count._semlock._get_value()
        emit("notified", object=name, woke=min(n, asleep))
        woken = 0
        while woken < n and self._sleeping_count.acquire(False):
            self._wait_semaphore.release()
            woken += 1
        for _ in range(woken):
            self._woken_count.acquire()
        while self._wait_semaphore.acquire(False):
            pass

    notify = cls.notify
    cls.__init__, cls._make_methods, cls.wait, cls.notify = __init__, _make_methods, wait_, notify_
    cls.__enter__ = lambda self: self.acquire()
    cls.__exit__ = lambda self, *args: self.release()


def _wrap_barrier(synchronize):
    """`Barrier(n)`: each `wait()` reported as a wait until the last party arrives; a broken
    barrier (a timeout, `abort()`, `reset()`) as given up."""
    import threading as threading_module

    cls = synchronize.Barrier
    init = cls.__init__
    base_wait = threading_module.Barrier.wait

    def __init__(self, parties, action=None, timeout=None, *, ctx):
        init(self, parties, action, timeout, ctx=ctx)
        name, line = name_for(self, "barrier")
        if name is not None:
            emit("created", object=name, object_kind="barrier", value=parties, capacity=parties, py_line=line)

    def wait(self, timeout=None):
        name = name_of(self)
        if timeout is None:
            timeout = self._timeout
        if name is None:
            return base_wait(self, timeout)
        emit("waiting", object=name, op="wait", timed=timeout is not None)
        try:
            index = base_wait(self, _real(timeout))
        except threading_module.BrokenBarrierError:
            emit("gave_up", object=name, op="wait", why="timed_out" if timeout is not None else "closed")
            raise
        emit("event_woke", object=name)
        return index

    cls.__init__, cls.wait = __init__, wait


def _wrap_arrays():
    """`Array(typecode, n)`: created with its length, its items in a `value_written` right
    after; each item read or written (`a[i]`) reported with its index while its lock is held,
    a slice as the whole array. `RawValue`, `RawArray` and lock=False objects are not
    followed (no lock orders their changes): shown as such."""
    from multiprocessing import sharedctypes

    make, raw_value, raw_array = sharedctypes.Array, sharedctypes.RawValue, sharedctypes.RawArray
    make_value = sharedctypes.Value

    def Array(typecode_or_type, size_or_initializer, **kwargs):
        a = make(typecode_or_type, size_or_initializer, **kwargs)
        if not hasattr(a, "get_lock"):
            _other(a, "array", type(a).__name__)
            return a
        name, line = name_for(a, "array")
        if name is not None:
            _name_lock(a, name, line)
            emit("created", object=name, object_kind="array", value=len(a), capacity=0, py_line=line)
            emit("value_written", object=name, value=value(list(a.get_obj())))
        return a

    def RawValue(typecode_or_type, *args):
        v = raw_value(typecode_or_type, *args)
        _other(v, "value", type(v).__name__)
        return v

    def RawArray(typecode_or_type, size_or_initializer):
        a = raw_array(typecode_or_type, size_or_initializer)
        _other(a, "array", type(a).__name__)
        return a

    def Value(typecode_or_type, *args, **kwargs):
        v = make_value(typecode_or_type, *args, **kwargs)
        if not hasattr(v, "get_lock"):
            _other(v, "value", type(v).__name__)
        return v

    # RawValue and RawArray are called by Value and Array themselves: only the program's
    # own calls are labelled (`_made_by_program`).
    sharedctypes.Array, sharedctypes.RawValue, sharedctypes.RawArray = Array, RawValue, RawArray
    sharedctypes.Value = Value
    cls = sharedctypes.SynchronizedArray
    getitem, setitem = cls.__getitem__, cls.__setitem__

    def index_of(self, i):
        return i + len(self) if isinstance(i, int) and i < 0 else i

    def getitem_(self, i):
        name = name_of(self)
        if name is None:
            return getitem(self, i)
        with self.get_lock():
            v = self._obj[i]
            if isinstance(i, int):
                emit("value_read", object=name, index=index_of(self, i), value=value(v))
            else:
                emit("value_read", object=name, value=value(list(self.get_obj())))
        return v

    def setitem_(self, i, v):
        name = name_of(self)
        if name is None:
            return setitem(self, i, v)
        with self.get_lock():
            self._obj[i] = v
            if isinstance(i, int):
                k = index_of(self, i)
                emit("value_written", object=name, index=k, value=value(self.get_obj()[k]))
            else:
                emit("value_written", object=name, value=value(list(self.get_obj())))

    cls.__getitem__, cls.__setitem__ = getitem_, setitem_


def _audit():
    """At the main process's very end (after multiprocessing joined its children): the real
    state of every object it made, read from the object itself, for the fold to be checked
    against. A queue is drained (the program is over)."""
    import queue as queue_module
    from multiprocessing import queues, sharedctypes, synchronize

    main = os.getpid()
    if os.environ.get("FORKBOOK_MAIN") != str(main):
        return
    for pid, name, obj in _made:
        if pid != main:
            continue
        try:
            if isinstance(obj, synchronize.Event):
                audit = {"of": "event", "set": obj.is_set()}
            elif isinstance(obj, (synchronize.Lock, synchronize.RLock, synchronize.Semaphore)):
                audit = {"of": "semaphore", "value": obj._semlock._get_value()}
            elif isinstance(obj, queues.Queue):
                items, eof = [], False
                while True:
                    try:
                        items.append(value(_raw_get["get"](obj, True, 0.05)))
                    except queue_module.Empty:
                        break
                    except EOFError:
                        # Empty, and every writing end is closed.
                        eof = True
                        break
                if not eof and obj._reader.poll(0):
                    # Items are in the pipe but cannot be taken: a process killed inside get()
                    # left the queue's read lock held. Its real content cannot be read.
                    continue
                unfinished = None
                if isinstance(obj, queues.JoinableQueue):
                    unfinished = obj._unfinished_tasks._semlock._get_value()
                audit = {"of": "queue", "items": items, "unfinished": unfinished}
            elif isinstance(obj, tuple) and len(obj) == 2:
                # A pipe: what waits to be read at each end. An end this process closed is
                # closed everywhere by now (its children were joined): what was sent to it is
                # gone with it.
                waiting = []
                for end in obj:
                    items = []
                    try:
                        while not end.closed and end.readable and end.poll(0):
                            items.append(value(_raw_get["recv"](end)))
                    except EOFError:
                        pass
                    waiting.append(items)
                audit = {"of": "pipe", "to_first": waiting[0], "to_second": waiting[1]}
            elif hasattr(obj, "get_obj") and isinstance(obj, sharedctypes.SynchronizedArray):
                audit = {"of": "value", "value": value(list(obj.get_obj()))}
            elif hasattr(obj, "get_obj"):
                audit = {"of": "value", "value": value(obj.get_obj().value)}
            else:
                continue
        except Exception:
            continue
        emit("audited", object=name, audit=audit)
    for reader in list(_closes):
        type(reader).close(reader)


class _Named(object):
    """An object's pickled state with its name, for a spawned or forkserver child: there the
    object is rebuilt from its state, and would otherwise be nameless (and unreported)."""

    def __init__(self, name, state):
        self.name, self.state = name, state


def _carry_names(cls):
    """Makes `cls` (which pickles through its own __getstate__/__setstate__) send its name
    along. A subclass with its own pair (JoinableQueue over Queue) sends it once, itself."""
    get, set_ = cls.__dict__["__getstate__"], cls.__dict__["__setstate__"]

    def __getstate__(self):
        state = get(self)
        name = name_of(self)
        if name is None or type(self).__getstate__ is not __getstate__:
            return state
        return _Named(name, state)

    def __setstate__(self, state):
        if isinstance(state, _Named):
            self._fb_name = state.name
            state = state.state
        set_(self, state)

    cls.__getstate__, cls.__setstate__ = __getstate__, __setstate__


def _rebuild_synchronized(name, obj, lock):
    from multiprocessing import sharedctypes

    shared = sharedctypes.synchronized(obj, lock)
    shared._fb_name = name
    return shared


def _rebuild_connection(end, rebuild, args):
    conn = rebuild(*args)
    conn._fb_end = end
    return conn


def _carry_all_names():
    """Every object the probe follows keeps its name in a child that unpickles it (spawn,
    forkserver; a fork child inherits it with the object)."""
    from multiprocessing import connection, queues, reduction, sharedctypes, synchronize

    for cls in (synchronize.SemLock, synchronize.Condition, synchronize.Barrier, queues.Queue,
                queues.JoinableQueue):
        _carry_names(cls)
    base = sharedctypes.SynchronizedBase
    reduce_shared = base.__reduce__

    def __reduce__(self):
        name = name_of(self)
        if name is None:
            return reduce_shared(self)
        rebuild, args = reduce_shared(self)
        return _rebuild_synchronized, (name,) + tuple(args)

    base.__reduce__ = __reduce__
    reducers = reduction.ForkingPickler._extra_reducers
    reduce_conn = reducers.get(connection.Connection)
    if reduce_conn is not None:

        def reduce_connection(conn):
            end = getattr(conn, "_fb_end", None)
            rebuild, args = reduce_conn(conn)
            if end is None:
                return rebuild, args
            return _rebuild_connection, (end, rebuild, args)

        reduction.ForkingPickler.register(connection.Connection, reduce_connection)


def _main_exit():
    # Runs before multiprocessing's exit function (registered earlier, so it runs later).
    _flush_output()
    emit("code_ended")


def install():
    if not _PATH:
        return
    import atexit

    # Registered before multiprocessing registers its exit function, so it runs after it.
    atexit.register(_audit)
    import multiprocessing
    from multiprocessing import queues, synchronize

    _wrap_semlocks(synchronize)
    _wrap_event(synchronize.Event)
    _wrap_queue(queues.Queue, "queue")
    _wrap_queue(queues.JoinableQueue, "joinable_queue")
    _wrap_pipes()
    _wrap_values()
    _wrap_arrays()
    _wrap_condition(synchronize)
    _wrap_barrier(synchronize)
    _carry_all_names()
    import forkbook_managers

    forkbook_managers.wrap()
    _wrap_process(multiprocessing)
    _wrap_time()
    if os.environ.get("FORKBOOK_FETCH"):
        import builtins

        builtins.fetch = _fetch
    sys.stdout = _Output(sys.stdout)
    if not os.environ.get("FORKBOOK_MAIN"):
        os.environ["FORKBOOK_MAIN"] = str(os.getpid())
        _lane[0] = os.getpid()
    if _GATES and _USER:
        import signal

        if _HOLD_SIGNAL:
            signal.signal(_HOLD_SIGNAL, _on_hold_signal)
        _hold_if_held()
    atexit.register(_main_exit)
    hook = sys.excepthook

    def excepthook(kind, e, tb):
        emit("raised", error=kind.__name__, message=str(e), line=_tb_line(e), caught=False)
        hook(kind, e, tb)

    sys.excepthook = excepthook
