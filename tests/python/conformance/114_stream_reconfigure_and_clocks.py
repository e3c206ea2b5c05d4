# sys.stdout.reconfigure (a program making its pipe line-buffered) and the time module's
# clocks: what they return, and CPython's TypeErrors for wrong arguments.
import sys
import time

print(sys.stdout.reconfigure(line_buffering=True), sys.stderr.reconfigure(write_through=True))
print(sys.stdout.reconfigure(encoding='utf-8', errors='strict', newline=None))
for call in [lambda: sys.stdout.reconfigure(1), lambda: sys.stdout.reconfigure(buffering=1)]:
    try:
        call()
    except TypeError as e:
        print('TypeError:', e)

for name in ['time', 'time_ns', 'monotonic', 'monotonic_ns', 'perf_counter', 'perf_counter_ns',
             'process_time', 'process_time_ns']:
    clock = getattr(time, name)
    value = clock()
    print(name, type(value).__name__, value >= 0)
    try:
        clock(1)
    except TypeError as e:
        print('  TypeError:', e)

print('process_time_ns agrees with process_time:', abs(time.process_time() - time.process_time_ns() / 1e9) < 0.5)
try:
    time.sleep()
except TypeError as e:
    print('TypeError:', e)
