# Checks the None sentinel: one None per consumer ends every consumer; with one None too few, one consumer is left waiting in get().
from multiprocessing import Process, Queue


def producer(name, q):
    for i in range(3):
        q.put('%s%d' % (name, i))


def consumer(q, out):
    while True:
        res = q.get()
        if res is None:
            break
        out.put(res)


def run(nones):
    q, out = Queue(), Queue()
    ps = [Process(target=producer, args=(name, q)) for name in ('包子', '骨头')]
    cs = [Process(target=consumer, args=(q, out)) for _ in range(2)]
    for p in ps + cs:
        p.start()
    for p in ps:
        p.join()
    for _ in range(nones):
        q.put(None)
    for c in cs:
        c.join(1)
    alive = [c for c in cs if c.is_alive()]
    print(nones, 'None: consumers still waiting', len(alive), flush=True)
    for c in alive:
        c.terminate()
        c.join()
    food = sorted(out.get() for _ in range(6))
    print(food, 'q empty', q.empty(), flush=True)
    print('exitcodes', sorted(c.exitcode for c in cs), flush=True)


if __name__ == '__main__':
    run(2)
    run(1)
