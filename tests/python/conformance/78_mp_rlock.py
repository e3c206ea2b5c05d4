# Checks RLock: re-entrant acquire by its owner, release counts, and a child that cannot release it.
from multiprocessing import Process, RLock, Lock


def try_release(rl):
    try:
        rl.release()
    except AssertionError as e:
        print("child:", type(e).__name__, e)
    print("child acquire(False):", rl.acquire(False))


if __name__ == '__main__':
    rl = RLock()
    print(rl.acquire(), rl.acquire(), rl.acquire(False))
    rl.release()
    rl.release()
    rl.release()
    try:
        rl.release()
    except AssertionError as e:
        print(type(e).__name__, e)
    lock1 = RLock()
    lock2 = RLock()
    with lock1:
        with lock1:
            with lock2:
                print("nested with on RLock works")
    rl.acquire()
    p = Process(target=try_release, args=(rl,))
    p.start()
    p.join()
    rl.release()
    plain = Lock()
    plain.acquire()
    print("plain lock second acquire:", plain.acquire(timeout=0.05))
