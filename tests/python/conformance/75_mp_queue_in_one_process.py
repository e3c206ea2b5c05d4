# Checks multiprocessing.Queue in the main process alone: maxsize, full, qsize, get order, Empty and Full.
import queue
from multiprocessing import Queue

q = Queue(3)
q.put(3)
q.put('b')
q.put([3])
print(q.full(), q.qsize())
try:
    q.put_nowait('overflow')
except queue.Full as e:
    print('Full', type(e).__name__, repr(e))
try:
    q.put('overflow', timeout=0.05)
except queue.Full:
    print('Full after timeout')
print(q.get(), q.get(), q.get())
print(q.empty(), q.qsize(), q.full())
try:
    q.get(timeout=0.05)
except queue.Empty as e:
    print('Empty', type(e).__name__, repr(e))
try:
    q.get_nowait()
except queue.Empty:
    print('Empty without waiting')
try:
    q.get(False)
except queue.Empty:
    print('Empty with block=False')
big = Queue()
for i in range(10):
    big.put('{}'.format(str(i)))
print(big.full(), big.qsize(), [big.get() for _ in range(10)])
