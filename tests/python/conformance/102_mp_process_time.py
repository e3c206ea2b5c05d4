# time.process_time() is the process's CPU time: a sleep adds nothing to it, and adding up
# numbers in a child costs that child's CPU (sum() of a range spends what CPython's does).
import time
from multiprocessing import Process


def work(n):
    cpu = time.process_time()
    total = sum(range(n))
    print('child added', n, 'numbers:', total, 'using CPU:', time.process_time() - cpu >= 0.02)


if __name__ == '__main__':
    cpu = time.process_time()
    time.sleep(0.5)
    print('sleeping uses no CPU:', time.process_time() - cpu < 0.1)
    print(sum(range(10)), sum(range(10, 0, -3), 5), sum(range(0)), sum(range(-5, 5, 2), 0.5))
    p = Process(target=work, args=(3000000,))
    p.start()
    p.join()
