# Checks JoinableQueue: a daemon consumer calls task_done, the main process's join() waits for every item.
from multiprocessing import Process, JoinableQueue


def consumer(q):
    while True:
        res = q.get()
        print('consumed', res, flush=True)
        q.task_done()


if __name__ == '__main__':
    q = JoinableQueue()
    c = Process(target=consumer, args=(q,))
    c.daemon = True
    c.start()
    for i in range(5):
        q.put('item%d' % i)
    q.join()
    print('all items processed', c.is_alive(), flush=True)
    for i in range(5, 7):
        q.put('item%d' % i)
    q.join()
    print('second batch processed')
    q2 = JoinableQueue()
    q2.put(1)
    q2.get()
    q2.task_done()
    q2.join()
    try:
        q2.task_done()
    except ValueError as e:
        print(type(e).__name__, e)
    print('主')
