# Checks Process.exitcode: None before start, 0, sys.exit(3), sys.exit("msg"), an exception (1), terminate (-15).
import sys
import time
from multiprocessing import Process


def ok():
    pass


def exit3():
    sys.exit(3)


def exit_msg():
    sys.exit("child says bye")


def boom():
    raise ValueError("bad input in child")


def sleeper():
    time.sleep(30)


def exit_n(n):
    sys.exit(n)


if __name__ == '__main__':
    for target in [ok, exit3, exit_msg, boom]:
        p = Process(target=target)
        print(target.__name__, "before start", p.exitcode)
        p.start()
        p.join()
        print(target.__name__, "exitcode", p.exitcode)
    p = Process(target=sleeper)
    p.start()
    print("sleeper running", p.exitcode, p.is_alive())
    p.terminate()
    p.join()
    print("sleeper terminated", p.exitcode, p.is_alive())
    p_l = [Process(target=exit_n, args=(n,)) for n in range(4)]
    for p in p_l:
        p.start()
    for p in p_l:
        p.join()
    print("parallel exitcodes", [p.exitcode for p in p_l])
    print("main exits normally")
