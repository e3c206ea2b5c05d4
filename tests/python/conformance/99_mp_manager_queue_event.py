# A Manager's Queue and Event: blocking get, timeouts raising queue.Empty, wait(timeout).
from multiprocessing import Manager, Process
import queue
import time


def producer(q, e):
    for i in range(3):
        q.put(i)
    e.wait()
    q.put('after')


if __name__ == '__main__':
    m = Manager()
    q = m.Queue(2)
    e = m.Event()
    p = Process(target=producer, args=(q, e))
    p.start()
    print([q.get() for _ in range(3)])
    try:
        q.get(timeout=0.1)
    except queue.Empty:
        print('empty after a timeout')
    print(e.is_set(), e.wait(0.05))
    e.set()
    print(q.get(), e.wait())
    p.join()
    print(p.exitcode, q.empty(), q.qsize())
    try:
        q.put_nowait(1)
        q.put_nowait(2)
        q.put_nowait(3)
    except queue.Full:
        print('full', q.full())
    m.shutdown()
    print('down')
