# Checks a Queue between a producer and one consumer with a None sentinel, and values crossing processes.
from multiprocessing import Process, Queue


def producer(q):
    for i in range(5):
        q.put('包子%s' % i)
    q.put(None)


def consumer(q, results):
    eaten = 0
    while True:
        res = q.get()
        if res is None:
            break
        print('吃', res)
        eaten += 1
    results.put(eaten)
    print('consumer done')


def echo(q):
    for v in [1, 2.5, "s", None, True, [1, [2]], (3, "t"), {"k": [1]}, {4}, b"raw", 2 ** 62]:
        q.put(v)


if __name__ == '__main__':
    q = Queue()
    results = Queue()
    p = Process(target=producer, args=(q,))
    c = Process(target=consumer, args=(q, results))
    p.start()
    c.start()
    p.join()
    c.join()
    print('主', results.get())
    q2 = Queue()
    e = Process(target=echo, args=(q2,))
    e.start()
    got = [q2.get() for _ in range(11)]
    e.join()
    for v in got:
        print(type(v).__name__, repr(v))
    q3 = Queue()
    c2 = Process(target=consumer, args=(q3, results))
    c2.start()
    for i in range(3):
        q3.put(i * 10)
    q3.put(None)
    c2.join()
    print('主 again', results.get())
