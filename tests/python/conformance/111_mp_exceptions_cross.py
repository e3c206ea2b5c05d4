# Checks exceptions crossing a Queue: built-in ones, one of queue's, the program's own, and one
# raised while handling another (its chain stays behind, as pickle leaves it).
import queue
from multiprocessing import Process, Queue, Pipe

class JobFailed(Exception):
    pass

def worker(q):
    for make in (lambda: 1 / 0, lambda: {}['k'], lambda: int('x')):
        try:
            make()
        except Exception as e:
            q.put(e)
    q.put(JobFailed('job', 3))
    q.put(queue.Empty())
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise KeyError('chained')
    except KeyError as e:
        q.put(e)

if __name__ == '__main__':
    q = Queue()
    p = Process(target=worker, args=(q,))
    p.start()
    for _ in range(6):
        e = q.get()
        print(type(e).__name__, repr(e), e.args, isinstance(e, Exception), e.__context__)
    p.join()
    try:
        raise q.get(timeout=0.1) if not q.empty() else JobFailed('raised here')
    except JobFailed as e:
        print('caught', e)
