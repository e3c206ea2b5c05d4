# Checks an RLock taken twice by a child: others cannot get it until both releases, and a plain Lock's owner cannot take it again.
from multiprocessing import Process, RLock, Lock, Event


def owner(rl, taken, once, go1, go2):
    print("owner", rl.acquire(), rl.acquire(), flush=True)
    taken.set()
    go1.wait()
    rl.release()
    print("owner released once", flush=True)
    once.set()
    go2.wait()
    rl.release()
    print("owner released twice", flush=True)


if __name__ == '__main__':
    rl = RLock()
    taken, once, go1, go2 = Event(), Event(), Event(), Event()
    p = Process(target=owner, args=(rl, taken, once, go1, go2))
    p.start()
    taken.wait()
    print("main while depth 2:", rl.acquire(timeout=0.1), flush=True)
    go1.set()
    once.wait()
    print("main while depth 1:", rl.acquire(timeout=0.1), flush=True)
    go2.set()
    p.join()
    print("main after both releases:", rl.acquire(timeout=1), p.exitcode)
    rl.release()
    lock = Lock()
    print("plain lock:", lock.acquire(), lock.acquire(timeout=0.1), lock.acquire(False))
