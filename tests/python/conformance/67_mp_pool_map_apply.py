# Checks Pool: map, apply, apply_async().get(), starmap, imap, map_async, as a with-block and close/join.
from multiprocessing import Pool
import os


def square(x):
    return x * x


def add(a, b=0):
    return a + b


def func(msg):
    return 'func_return: %s' % msg


if __name__ == '__main__':
    with Pool(2) as pool:
        print(pool.map(square, range(10)))
        print(pool.apply(add, (2, 3)), pool.apply(add, (2,), {"b": 10}))
        r = pool.apply_async(square, (7,))
        print(r.get(timeout=30), r.ready(), r.successful())
        print(pool.starmap(add, [(1, 2), (3, 4)]))
        rs = [pool.apply_async(square, (i,)) for i in range(5)]
        print([r.get() for r in rs])
        print(list(pool.imap(square, range(4))), sorted(pool.imap_unordered(square, range(4))))
        print(pool.map_async(func, [1, 2, 3]).get())
        print(pool.map(square, []), pool.map(str, "ab"))
    p = Pool(processes=3)
    res_l = []
    for i in range(5):
        msg = "hello %d" % i
        res_l.append(p.apply_async(func, (msg,)))
    p.close()
    p.join()
    for res in res_l:
        print(res.get())
    p = Pool(2)
    print([p.apply(func, ("sync %d" % i,)) for i in range(3)])
    p.close()
    p.join()
