# Checks time.time() and time.sleep(), printing only coarse facts about elapsed time.
import time
from time import sleep
t0 = time.time()
print(type(t0).__name__, t0 > 1_600_000_000)
time.sleep(0.1)
t1 = time.time()
elapsed = t1 - t0
print("elapsed >= 0.1:", elapsed >= 0.1, "elapsed < 5:", elapsed < 5)
sleep(0.05)
print("second sleep adds time:", time.time() - t1 >= 0.05)
time.sleep(0)
print("sleep returns", repr(time.sleep(0)))
p0 = time.perf_counter()
time.sleep(0.02)
print("perf_counter grows:", time.perf_counter() - p0 >= 0.02)
s = time.time()
e = time.time()
print("format:", len("%0.2f" % (e - s)), ("%.5f" % float(e - s)).startswith("0.0"))
try:
    time.sleep(-1)
except ValueError as err:
    print(type(err).__name__, err)
