# A float Value, get_lock() making an increment whole across processes, and CPython's TypeErrors.
from multiprocessing import Process, Value

def add(v, n):
    for _ in range(n):
        with v.get_lock():
            v.value += 1

if __name__ == '__main__':
    d = Value('d', 1)
    print(d.value)
    d.value += 0.25
    print(d.value)
    v = Value('i')
    ps = [Process(target=add, args=(v, 300)) for _ in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(v.value)
    with v.get_lock():
        v.value = v.value + 1
    print(v.value)
    for bad in (1.5, 'x'):
        try:
            v.value = bad
        except TypeError as e:
            print('TypeError:', e)
    try:
        d.value = 'x'
    except TypeError as e:
        print('TypeError:', e)
    try:
        Value('x', 0)
    except TypeError as e:
        print('TypeError:', e)
