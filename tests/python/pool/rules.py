# Pool rules as CPython enforces them: join before close, maxtasksperchild, a task that ends its worker (its result never comes), use after terminate.
from multiprocessing import Pool, TimeoutError
import sys

def square(x):
    return x * x

def die(x):
    sys.exit(3)  # the worker process ends: this task's result never arrives

if __name__ == '__main__':
    p = Pool(2, maxtasksperchild=1)
    try:
        p.join()
    except ValueError as e:
        print(e)
    print(p.map(square, [1, 2, 3, 4], chunksize=1))
    lost = p.apply_async(die, (0,))
    try:
        lost.get(timeout=0.5)
    except TimeoutError:
        print('lost')
    p.terminate()
    try:
        p.apply(square, (5,))
    except ValueError as e:
        print(e)
