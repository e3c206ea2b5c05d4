# Checks the main process's exit: its managers stop in reverse order of creation, the newest first.
import time
from multiprocessing import Manager, Process


def watch(first, second):
    while True:
        for name, q in (("first", first), ("second", second)):
            try:
                q.qsize()
            except Exception:
                print("the", name, "manager stopped first")
                return


if __name__ == '__main__':
    first = Manager().Queue()
    second = Manager().Queue()
    p = Process(target=watch, args=(first, second))
    p.start()
    time.sleep(0.3)
    print("main ends without join")
