# Checks instances of the program's classes crossing a Queue, a Pipe and a Pool: made again
# without __init__, with their attributes; a nested class by its qualified name; a local
# class refused as pickle refuses it.
from multiprocessing import Process, Queue, Pipe, Pool

class Job:
    def __init__(self, n):
        self.n = n
        self.inits = getattr(self, 'inits', 0) + 1
        self.tags = ['a', (1, 2)]

    def __repr__(self):
        return 'Job(%d)' % self.n

class Outer:
    class Inner:
        pass

def worker(q, conn):
    j = q.get()
    print('child got', j, j.n, j.tags, j.inits, type(j).__name__, isinstance(j, Job))
    j.n += 1
    conn.send(j)
    conn.send(Outer.Inner())

def double(j):
    return Job(j.n * 2)

if __name__ == '__main__':
    q = Queue()
    a, b = Pipe()
    p = Process(target=worker, args=(q, b))
    p.start()
    q.put(Job(1))
    back = a.recv()
    print('main got', back, back.n)
    print(type(a.recv()).__qualname__)
    p.join()
    with Pool(1) as pool:
        print(pool.map(double, [Job(2), Job(3)]))
    def local():
        class L:
            pass
        return L()
    try:
        a.send(local())
    except Exception as e:
        print(type(e).__name__, e)
