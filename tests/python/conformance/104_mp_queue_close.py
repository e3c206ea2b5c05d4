# A queue closed in one process: its put and get refuse, join_thread waits for the feeder,
# and a forked child's copy is open again.
from multiprocessing import Process, Queue, JoinableQueue
import queue


def clean(e):
    # The message without the object's address, which differs from run to run.
    m = str(e)
    at = m.find(' at 0x')
    if at >= 0:
        m = m[:at] + m[m.find('>', at):]
    return type(e).__name__ + ': ' + m


def child(q):
    for i in range(3):
        q.put(i)
    print('the child put 3')


if __name__ == '__main__':
    q = Queue()
    q.put('a')
    q.close()
    for name in ['put', 'get', 'put_nowait', 'get_nowait']:
        try:
            if name == 'put':
                q.put(1)
            elif name == 'get':
                q.get()
            elif name == 'put_nowait':
                q.put_nowait(1)
            else:
                q.get_nowait()
        except Exception as e:
            print(name, clean(e))
    print('qsize', q.qsize(), 'full', q.full())
    q.join_thread()
    print('joined')
    q.close()
    print('closed twice')

    j = JoinableQueue()
    try:
        j.join_thread()
    except AssertionError as e:
        print('join_thread', clean(e))
    j.cancel_join_thread()
    j.close()
    try:
        j.put(1)
    except ValueError as e:
        print('put', clean(e))

    r = Queue()
    r.close()
    p = Process(target=child, args=(r,))
    p.start()
    p.join()
    print('child exit', p.exitcode)
    s = Queue()
    p = Process(target=child, args=(s,))
    p.start()
    p.join()
    got = []
    try:
        while True:
            got.append(s.get(timeout=0.5))
    except queue.Empty:
        pass
    print('got', got)
