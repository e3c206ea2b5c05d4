# Checks seed 002's Event program run one process at a time: clear, wait(timeout) timing out, set, and wait on a set flag.
from multiprocessing import Process, Event
import time

e = Event()


def main(num):
    while True:
        if num < 5:
            e.clear()
            print('清空', num)
        if num >= 5:
            r = e.wait(timeout=0.05)
            e.set()
            print('启动', num, r)
        if num == 10:
            r = e.wait(timeout=0.3)
            e.clear()
            print('退出', num, r, e.is_set())
            break
        num += 1
        time.sleep(0.01)


if __name__ == '__main__':
    for y in (0, 4, 8):
        pp = Process(target=main, args=(y,))
        pp.start()
        pp.join()
        print('joined', y, pp.exitcode, e.is_set(), flush=True)
