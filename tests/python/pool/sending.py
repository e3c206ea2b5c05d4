# What a pool can send to its workers: functions by name, exceptions with their class.
from multiprocessing import Pool, TimeoutError, current_process
import math


class Refused(Exception):
    pass


def who(x):
    return current_process().name.startswith('ForkPoolWorker'), x


def refuse(x):
    raise Refused('no %d' % x, x)


def setup(greeting, counter):
    global GREETING
    GREETING = '%s %d' % (greeting, counter)


def greet(x):
    return GREETING, x


def outer():
    def inner(x):
        return x
    return inner


if __name__ == '__main__':
    with Pool(2, initializer=setup, initargs=('hi', 3)) as pool:
        print(pool.map(who, [1, 2]))
        print(pool.apply(greet, (5,)))
        print(pool.map(math.sqrt, [4, 9]))
        try:
            pool.apply(refuse, (7,))
        except Refused as e:
            print('caught', type(e).__name__, e.args)
        for f in [lambda x: x, outer()]:
            try:
                pool.apply(f, (1,))
            except Exception as e:
                print(type(e).__name__, str(e).split(' at 0x')[0])
        it = pool.imap(refuse, [1, 2])
        for _ in range(2):
            try:
                next(it)
            except Refused as e:
                print('imap raised', e)
        r = pool.map_async(who, [1], callback=print)
        r.wait()
        print(r.ready(), r.successful())

        def late(x):
            return x
        lost = pool.apply_async(late, (1,))
        try:
            lost.get(timeout=1)
        except TimeoutError as e:
            print('lost', type(e).__module__, repr(e))
