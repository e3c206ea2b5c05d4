# Checks spawn without the __main__ guard: the child's re-run of the module starts a process and gets CPython's bootstrapping RuntimeError.
import multiprocessing as mp

def f():
    print('child')

if __name__ == '__main__':
    mp.set_start_method('spawn')
p = mp.Process(target=f)
p.start()
p.join()
print('exitcode', p.exitcode, __name__)
