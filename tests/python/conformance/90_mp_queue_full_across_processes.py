# Checks a full Queue across processes: put() waits until another process gets (the taker sleeps first), and a child's put(timeout) and get_nowait() raise queue.Full and queue.Empty.
import queue
import time
from multiprocessing import Process, Queue


def taker(q):
    time.sleep(0.2)
    print('taker got', q.get(), flush=True)


def impatient(q):
    try:
        q.put('x', True, 0.05)
    except queue.Full as e:
        print('child: Full', repr(e), flush=True)
    print('child: took', q.get_nowait(), q.get_nowait(), flush=True)
    try:
        q.get_nowait()
    except queue.Empty as e:
        print('child: Empty', repr(e), flush=True)
    print('child: empty', q.empty(), 'qsize', q.qsize(), flush=True)


if __name__ == '__main__':
    q = Queue(2)
    q.put('a')
    q.put('b')
    print('full', q.full(), 'qsize', q.qsize(), flush=True)
    t = Process(target=taker, args=(q,))
    t.start()
    q.put('c')
    t.join()
    print('put c returned once the taker got a', flush=True)
    print('full', q.full(), flush=True)
    c = Process(target=impatient, args=(q,))
    c.start()
    c.join()
    print('exitcodes', t.exitcode, c.exitcode, flush=True)
