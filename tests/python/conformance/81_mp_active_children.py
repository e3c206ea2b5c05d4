# Checks active_children(): the running children's Process objects, none after they are joined.
import multiprocessing as mp
import time


def nap(seconds):
    time.sleep(seconds)


if __name__ == '__main__':
    ps = [mp.Process(target=nap, args=(0.5,), name="nap-%d" % i) for i in range(3)]
    for p in ps:
        p.start()
    alive = mp.active_children()
    print(sorted(c.name for c in alive), all(isinstance(c, mp.Process) for c in alive))
    for p in ps:
        p.join()
    print(mp.active_children())
