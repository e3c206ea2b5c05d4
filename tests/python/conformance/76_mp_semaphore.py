# Checks Semaphore and BoundedSemaphore: get_value, releasing above the start value, and a bound on holders.
import time
from multiprocessing import Process, Semaphore, BoundedSemaphore, Lock, Value

s = Semaphore(3)
s.acquire()
print(s.get_value())
s.release()
print(s.get_value())
print(s.get_value())
s.release()
print(s.get_value())
s.release()
print(s.get_value(), s.acquire(timeout=0.01))
b = BoundedSemaphore(1)
print(b.acquire(), b.acquire(False), b.get_value())
b.release()
try:
    b.release()
except ValueError as e:
    print(type(e).__name__, e)


def go_wc(sem, lock, inside, most, user):
    with sem:
        with lock:
            inside.value += 1
            most.value = max(most.value, inside.value)
        time.sleep(0.05)
        with lock:
            inside.value -= 1


if __name__ == '__main__':
    sem = Semaphore(2)
    lock = Lock()
    inside = Value('i', 0)
    most = Value('i', 0)
    p_l = [Process(target=go_wc, args=(sem, lock, inside, most, 'user%s' % i)) for i in range(6)]
    for p in p_l:
        p.start()
    for p in p_l:
        p.join()
    print(1 <= most.value <= 2, inside.value, sem.get_value(), [p.exitcode for p in p_l])
