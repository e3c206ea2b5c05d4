# Checks a Lock guarding a shared Value('i', 0) that 4 processes increment 1000 times each, and Lock errors.
from multiprocessing import Process, Lock, Value


def add(counter, lock, n):
    for _ in range(n):
        with lock:
            counter.value += 1


def add_explicit(counter, lock, n):
    for _ in range(n):
        lock.acquire()
        try:
            counter.value += 1
        finally:
            lock.release()


if __name__ == '__main__':
    counter = Value('i', 0)
    lock = Lock()
    ps = [Process(target=add, args=(counter, lock, 1000)) for _ in range(4)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(counter.value)
    ps = [Process(target=add_explicit, args=(counter, lock, 500)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(counter.value, type(counter.value).__name__)
    print(lock.acquire(), lock.acquire(False), lock.acquire(timeout=0.05), lock.acquire(block=False))
    lock.release()
    print(lock.acquire(False))
    lock.release()
    try:
        lock.release()
    except ValueError as e:
        print(type(e).__name__, e)
    with lock:
        print("inside with", lock.acquire(False))
    print("after with", lock.acquire(False))
