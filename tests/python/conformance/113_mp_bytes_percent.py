# `%` on a bytes template (PEP 461), as a child building its messages would use it, and
# every error in CPython's words.
from multiprocessing import Process, Queue


class Job:
    def __repr__(self):
        return 'Job()'


CASES = [
    lambda: b'done %d' % 3,
    lambda: b'%s and %b' % (b'x', b'y'),
    lambda: b'%5s|%-5s|' % (b'ab', b'cd'),
    lambda: b'%.2b' % b'abc',
    lambda: b'%r %a' % (b'q', 'caf\xe9'),
    lambda: b'%x %o %X %#x %05d %+d %.3f %e %g' % (255, 8, 255, 255, 42, 7, 3.14159, 12345.678, 0.0001),
    lambda: b'%c%c' % (65, b'z'),
    lambda: b'%c' % 256,
    lambda: b'%c' % 'a',
    lambda: b'%s' % 'str',
    lambda: b'%s' % 5,
    lambda: b'%d %d' % (1,),
    lambda: b'%d' % (1, 2),
    lambda: b'\xff%d\x00' % 9,
    lambda: b'%(n)d %(m)s' % {b'n': 4, b'm': b'mm'},
    lambda: b'%q' % 1,
    lambda: b'%r' % Job(),
    lambda: '%r' % Job(),
    lambda: b'%s' % [1],
    lambda: b'100%%' % (),
    lambda: b'%d%%' % 50,
]


def worker(i, q):
    q.put(b'worker %d: %s' % (i, b'ok' * i))


if __name__ == '__main__':
    for case in CASES:
        try:
            print(repr(case()))
        except Exception as e:
            print(type(e).__name__, e)
    q = Queue()
    ps = [Process(target=worker, args=(i, q)) for i in range(3)]
    for p in ps:
        p.start()
    got = sorted(q.get() for _ in ps)
    for p in ps:
        p.join()
    print(got)
