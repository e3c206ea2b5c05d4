# Checks that a built-in exception crossing a Queue stays the built-in one when the program
# defines a class of the same name, and the program's own stays its own.
from multiprocessing import Process, Queue
class ValueError(Exception):
    pass
def w(q):
    q.put(ValueError('mine'))
    try:
        int('x')
    except Exception as e:
        q.put(e)
if __name__ == '__main__':
    q = Queue()
    p = Process(target=w, args=(q,)); p.start()
    a, b = q.get(), q.get()
    print(type(a) is ValueError, type(b) is ValueError, repr(a), repr(b))
    p.join()
