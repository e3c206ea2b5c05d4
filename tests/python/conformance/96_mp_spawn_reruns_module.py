# Checks the spawn start method: the child re-runs the module as __mp_main__ with fresh globals, and set_start_method there is refused.
import multiprocessing as mp
from multiprocessing import Process
import os

print('module runs as', __name__)
counter = [0]

def f(tag):
    counter[0] += 1
    print('child', tag, counter[0], __name__)

if __name__ == '__main__':
    mp.set_start_method('spawn')
    counter[0] = 10
    p = Process(target=f, args=('a',))
    p.start()
    p.join()
    print("main", counter[0], p.exitcode, mp.get_start_method())
