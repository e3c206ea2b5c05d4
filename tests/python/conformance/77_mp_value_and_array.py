# Checks shared Value and Array: type codes, changes made by a child seen by the parent, get_lock().
from multiprocessing import Process, Value, Array


def change(num, arr, ratio):
    num.value = 3.1415927
    for i in range(len(arr)):
        arr[i] = -arr[i]
    with ratio.get_lock():
        ratio.value += 0.5


if __name__ == '__main__':
    num = Value('d', 0.0)
    arr = Array('i', range(5))
    ratio = Value('d', 1.5)
    counter = Value('i', 7)
    print(num.value, arr[:], ratio.value, counter.value, len(arr))
    p = Process(target=change, args=(num, arr, ratio))
    p.start()
    p.join()
    print(num.value, arr[:], list(arr), ratio.value)
    zeros = Array('i', 3)
    zeros[1] = 9
    print(zeros[:], zeros[1], zeros[-1], type(counter.value).__name__, type(num.value).__name__)
    counter.value += 1
    print(counter.value)
    try:
        zeros[5] = 1
    except IndexError as e:
        print(type(e).__name__, e)
