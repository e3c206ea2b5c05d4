# A worker killed in the middle of its task: a new worker takes its place, its task is lost.
from multiprocessing import Pool
import time


def slow(x):
    time.sleep(2)
    return x


if __name__ == '__main__':
    pool = Pool(2)
    results = [pool.apply_async(slow, (i,)) for i in range(2)]
    print([r.get() for r in results])
