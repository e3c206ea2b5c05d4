# Checks current_process() and parent_process(): MainProcess, Process-N numbering, custom names, nesting.
import os
import multiprocessing as mp
from multiprocessing import Process, current_process


def show():
    cp = current_process()
    print(cp.name, cp.pid == os.getpid(), cp.daemon, mp.parent_process().name)


def nested():
    print("outer", current_process().name)
    inner = Process(target=show)
    print("inner will be", inner.name)
    inner.start()
    inner.join()
    print("outer joined", inner.name, inner.exitcode)


if __name__ == '__main__':
    print(current_process().name, mp.parent_process(), current_process().pid == os.getpid())
    for i in range(2):
        p = Process(target=show)
        p.start()
        p.join()
    p = Process(target=show, name='worker-a')
    p.start()
    p.join()
    p = Process(target=show)
    print("unstarted", p.name)
    p.daemon = True
    p.start()
    p.join()
    p = Process(target=nested)
    p.start()
    p.join()
    p = Process(target=show)
    p.name = "renamed"
    p.start()
    p.join()
    print(mp.active_children(), current_process().name)
