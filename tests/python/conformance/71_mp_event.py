# Checks Event: wait with timeout, set in the parent waking a child, is_set, clear, and a ready handshake.
from multiprocessing import Process, Event


def waiter(e, ready, name):
    print(name, "waiting", e.is_set(), flush=True)
    ready.set()
    e.wait()
    print(name, "saw the event", e.is_set(), flush=True)


if __name__ == '__main__':
    e = Event()
    ready = Event()
    print("is_set", e.is_set(), "wait(0.1) returns", e.wait(timeout=0.1), flush=True)
    p = Process(target=waiter, args=(e, ready, "child"))
    p.start()
    ready.wait()
    print("main sets the event", flush=True)
    e.set()
    p.join()
    print("after join", e.is_set(), e.wait(), e.wait(timeout=0))
    e.clear()
    print("after clear", e.is_set(), e.wait(timeout=0.05))
    e.set()
    q = Process(target=waiter, args=(e, ready, "late child"))
    q.start()
    q.join()
    print("done", p.exitcode, q.exitcode)
