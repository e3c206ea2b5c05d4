# type(), isinstance() and repr() of the multiprocessing objects, held and free.
from multiprocessing import Process, Lock, RLock, Semaphore, BoundedSemaphore, Event, Queue, JoinableQueue, Pipe, Value, Array
import multiprocessing


def hold(lock, got, done):
    lock.acquire()
    got.set()
    done.wait()
    lock.release()


def cut(text):
    # Addresses differ from run to run: keep what comes before and after them.
    head, _, tail = text.partition(' at 0x')
    return head + ' ' + tail.split(' ', 1)[-1] if ' ' in tail else head


if __name__ == '__main__':
    a, b = Pipe()
    objects = [Lock(), RLock(), Semaphore(2), BoundedSemaphore(3), Event(), Queue(), JoinableQueue(), a,
               Value('i', 7), Value('d', 1.5), Value('l', 3, lock=False), Array('i', 3), multiprocessing.current_process()]
    for o in objects:
        print(type(o).__name__, type(o).__module__, isinstance(o, type(o)), type(o) is type(objects[0]))
    lock, rlock, sem, bsem, event = objects[:5]
    print(lock, rlock, sem, bsem)
    lock.acquire()
    rlock.acquire()
    rlock.acquire()
    sem.acquire()
    print(lock, rlock, sem)
    lock.release()
    rlock.release()
    rlock.release()
    print(cut(repr(event)))
    event.set()
    print(cut(repr(event)))
    print(cut(repr(objects[5])), cut(repr(a)))
    print(objects[8], objects[9], objects[10])
    print(cut(repr(objects[11])))
    got, done = Event(), Event()
    p = Process(target=hold, args=(lock, got, done))
    p.start()
    got.wait()
    print(lock)
    done.set()
    p.join()
    print(lock)
