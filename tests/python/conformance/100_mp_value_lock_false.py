# Value(..., lock=False) is a raw number: no lock of its own (no get_lock), and an outer Lock
# makes increments whole.
from multiprocessing import Process, Lock, Value


def work(lock, counter, n):
    for _ in range(n):
        with lock:
            counter.value += 1


if __name__ == '__main__':
    lock = Lock()
    counter = Value('i', 0, lock=False)
    ps = [Process(target=work, args=(lock, counter, 500)) for _ in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(counter.value)
    try:
        counter.get_lock()
    except AttributeError as e:
        print('AttributeError', e)
    x = Value('d', 1.5, lock=False)
    x.value += 1
    print(x.value)
