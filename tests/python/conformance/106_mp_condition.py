# multiprocessing.Condition: wait_for() until a notify_all() makes the predicate true,
# notify(1) waking one sleeper of two, wait(timeout) timing out, the AssertionErrors of
# wait() and notify() without the lock, Condition(lock) with the program's own Lock, an
# RLock held twice around wait(), and the reprs.
from multiprocessing import Process, Condition, Value, Lock, RLock, Queue


def consumer(cond, items, done):
    with cond:
        cond.wait_for(lambda: items.value > 0)
        items.value -= 1
    done.put('consumer')


def sleeper(cond, done):
    with cond:
        woke = cond.wait(5)
    done.put('woke' if woke else 'timed out')


if __name__ == '__main__':
    cond = Condition()
    print(repr(cond))
    items = Value('i', 0)
    done = Queue()
    cs = [Process(target=consumer, args=(cond, items, done)) for _ in range(3)]
    for p in cs:
        p.start()
    with cond:
        items.value = 3
        cond.notify_all()
    print(sorted(done.get() for _ in cs))
    for p in cs:
        p.join()
    print('items left', items.value)

    sleepers = [Process(target=sleeper, args=(cond, done)) for _ in range(2)]
    for p in sleepers:
        p.start()
    while True:
        with cond:
            if repr(cond).endswith(', 2)>'):
                cond.notify()
                break
    print(done.get())
    for p in sleepers:
        p.join()
    print(done.get())

    with cond:
        print('wait(0.05):', cond.wait(0.05))
    for call in (cond.wait, cond.notify, cond.notify_all):
        try:
            call()
        except AssertionError as e:
            print('AssertionError:', e)

    lock = Lock()
    c2 = Condition(lock)
    with c2:
        print('the lock is taken:', not lock.acquire(False))
        print(repr(c2))
    print('the lock is free:', lock.acquire(False))
    lock.release()

    r = RLock()
    c3 = Condition(r)
    with c3:
        with c3:
            print(c3.wait(0.01), repr(c3))
    print(repr(c3))
    print(cond.acquire(), cond.acquire(False))
    cond.release()
    cond.release()
    try:
        cond.release()
    except AssertionError as e:
        print('AssertionError:', e)
