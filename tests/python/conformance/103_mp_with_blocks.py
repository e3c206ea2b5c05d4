# `with` on multiprocessing's locks, semaphores and a Value's lock: what __enter__ returns,
# the release when the block raises, nesting, and an object that is no context manager.
from multiprocessing import Lock, RLock, Semaphore, BoundedSemaphore, Value, Queue

lock = Lock()
with lock as got:
    print('entered', got)
print('free again', lock.acquire(False))
lock.release()

try:
    with lock:
        raise ValueError('inside')
except ValueError as e:
    print('raised', e, 'and released:', lock.acquire(timeout=0))
lock.release()

r = RLock()
with r:
    with r:
        print('nested rlock')
print('rlock free', r.acquire(False))
r.release()

sem = Semaphore(3)
with sem:
    with sem:
        print('two held, left', sem.get_value())
print('all back', sem.get_value())

b = BoundedSemaphore(1)
with b:
    pass
try:
    b.release()
except ValueError as e:
    print('bounded:', e)

v = Value('i', 0)
for _ in range(5):
    with v.get_lock():
        v.value += 1
print('value', v.value)

def suppress():
    try:
        with lock:
            return 'returned inside'
    finally:
        print('lock free after return:', lock.acquire(False))
        lock.release()

print(suppress())

try:
    with Queue() as q:
        pass
except Exception as e:
    print(type(e).__name__, e)
