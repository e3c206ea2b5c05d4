# Checks the queue module in one process: Queue FIFO, LifoQueue, PriorityQueue, and Empty/Full.
import queue
q = queue.Queue()
for item in ["first", "second", "third"]:
    q.put(item)
print(q.qsize(), q.empty(), q.get(), q.get(), q.get(), q.empty())
lq = queue.LifoQueue()
for item in ["first", "second", "third"]:
    lq.put(item)
print(lq.get(), lq.get(), lq.get())
pq = queue.PriorityQueue()
pq.put((20, "a"))
pq.put((10, "b"))
pq.put((30, "c"))
print(pq.get(), pq.get(), pq.get())
small = queue.Queue(2)
small.put(1)
small.put_nowait(2)
print(small.full(), small.qsize())
try:
    small.put(3, block=False)
except queue.Full as e:
    print("Full", type(e).__name__, repr(e))
try:
    small.put(3, timeout=0.05)
except queue.Full:
    print("Full after timeout")
small.get()
small.get_nowait()
try:
    small.get_nowait()
except queue.Empty as e:
    print("Empty", type(e).__name__, repr(e), repr(str(e)))
try:
    small.get(timeout=0.05)
except queue.Empty:
    print("Empty after timeout")
