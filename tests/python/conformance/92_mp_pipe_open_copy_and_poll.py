# Checks that recv() sees EOF only when every copy of the sending end is closed (the child's own copy too), poll(timeout), and send() on a closed connection.
from multiprocessing import Process, Pipe


def reader(r, w):
    print('got', r.recv(), r.recv(), flush=True)
    print('poll with my own copy of w open', r.poll(0.2), flush=True)
    w.close()
    print('poll after closing it', r.poll(0.2), flush=True)
    try:
        r.recv()
    except EOFError as e:
        print('EOFError', repr(e), flush=True)


if __name__ == '__main__':
    r, w = Pipe(duplex=False)
    p = Process(target=reader, args=(r, w))
    p.start()
    w.send('one')
    w.send(['two', 2])
    w.close()
    p.join()
    print('reader exitcode', p.exitcode, flush=True)
    a, b = Pipe()
    a.send('ping')
    print(b.poll(), b.recv(), b.poll(), flush=True)
    b.send('pong')
    print(a.recv(), flush=True)
    b.close()
    try:
        b.send('after close')
    except OSError as e:
        print(type(e).__name__, e, flush=True)
    try:
        a.recv()
    except EOFError:
        print('duplex EOFError', flush=True)
