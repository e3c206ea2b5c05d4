# Checks is_alive() before start, while running, after join(timeout) and after join; and p.start without ().
import time
from multiprocessing import Process


def nap(seconds):
    time.sleep(seconds)


if __name__ == '__main__':
    p = Process(target=nap, args=(1.0,))
    print("before start", p.is_alive())
    p.start
    print("start without parentheses", p.is_alive(), p.pid)
    p.start()
    print("after start", p.is_alive())
    t0 = time.time()
    p.join(timeout=0.1)
    waited = time.time() - t0
    print("after join(0.1)", p.is_alive(), p.exitcode, waited >= 0.1, waited < 0.9)
    p.join()
    print("after join", p.is_alive(), p.exitcode)
    quick = Process(target=nap, args=(0,))
    quick.start()
    quick.join(timeout=10)
    print("quick", quick.is_alive(), quick.exitcode)
    try:
        p.start()
    except AssertionError as e:
        print(type(e).__name__, e)
    try:
        Process(target=nap, args=(0,)).join()
    except AssertionError as e:
        print(type(e).__name__, e)
