# Checks the import forms lessons use: import as, from-import of several names, and module attributes.
import multiprocessing
import multiprocessing as mp
from multiprocessing import Process, Lock, Queue
from multiprocessing import Pool, Semaphore, Event, JoinableQueue, Pipe, Value, Array
import os, sys, time
import queue
from queue import Empty, Full
import json, random
print(mp is multiprocessing, mp.Process is Process, mp.Lock is Lock, mp.Queue is Queue)
print(Process.__name__, type(mp).__name__, mp.__name__)
print(isinstance(mp.cpu_count(), int), mp.cpu_count() >= 1)
print(mp.current_process().name, multiprocessing.current_process().name)
print(issubclass(Empty, Exception), Empty is queue.Empty, Full.__name__)
print(callable(Pool), callable(Semaphore), callable(Event), callable(JoinableQueue), callable(Pipe), callable(Value), callable(Array))
print(callable(os.getpid), callable(sys.exit), callable(time.sleep), callable(json.dumps), callable(random.random))
try:
    import no_such_module_here
except ImportError as e:
    print(type(e).__name__, e)
try:
    from multiprocessing import NoSuchName
except ImportError as e:
    print(type(e).__name__, str(e).startswith("cannot import name 'NoSuchName' from 'multiprocessing'"))
