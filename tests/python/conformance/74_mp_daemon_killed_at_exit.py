# Checks daemon children: they cannot start children, and a sleeping daemon is ended when main exits.
import time
from multiprocessing import Process


def forever():
    time.sleep(120)
    print("never printed")


def try_child():
    try:
        Process(target=forever).start()
    except AssertionError as e:
        print("daemon cannot start a child:", e)


if __name__ == '__main__':
    d = Process(target=try_child, daemon=True)
    d.start()
    d.join()
    print("first daemon exitcode", d.exitcode)
    p = Process(target=forever)
    p.daemon = True
    p.start()
    print("daemon started", p.daemon, p.is_alive())
    try:
        p.daemon = False
    except AssertionError as e:
        print(type(e).__name__, e)
    print("main ends")
