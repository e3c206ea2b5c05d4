# Sets cross a Queue, a Pipe and a Pool's tasks and results, alone, empty and nested, and
# come back as sets (printed in CPython's order, equal, and usable as sets).
from multiprocessing import Process, Queue, Pipe, Pool


def work(q, conn):
    q.put({1, 2, 3})
    q.put(set())
    q.put([{'a'}, ({5, 6},), {'k': {7}}])
    conn.send({8, 9})
    conn.close()


def pair(x):
    return {x, x + 1}


def size(s):
    return len(s | {0})


if __name__ == '__main__':
    q = Queue()
    a, b = Pipe()
    p = Process(target=work, args=(q, b))
    p.start()
    first, empty, nested = q.get(), q.get(), q.get()
    got = a.recv()
    p.join()
    print(first, empty, nested, got)
    print(type(first).__name__, first == {3, 2, 1}, 2 in first, first | got, bool(empty))
    with Pool(2) as pool:
        print(pool.map(pair, range(4)))
        print(pool.map(size, [{1, 2}, set(), {0}]))
