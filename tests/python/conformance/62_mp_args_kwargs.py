# Checks passing args= and kwargs= to a Process target, a one-element args tuple, and no target at all.
from multiprocessing import Process


def task(a, b, c=0, *, tag="none"):
    print("task", a, b, c, tag)


def show(name, age=0):
    print("show", repr(name), age, type(name).__name__)


def everything(*args, **kwargs):
    print("everything", args, sorted(kwargs.items()))


if __name__ == '__main__':
    jobs = [
        Process(target=task, args=(1, 2)),
        Process(target=task, args=(1, 2, 3), kwargs={"tag": "x"}),
        Process(target=task, args=(1,), kwargs={"b": "kw", "tag": "y"}),
        Process(target=show, args=('anne',)),
        Process(target=show, kwargs={'name': 'anne', 'age': 18}),
        Process(target=everything, args=([1, 2], {"d": 1}, None), kwargs={"z": 1.5, "a": (1,)}),
        Process(target=show, args=(("tuple", "arg"),)),
        Process(),
    ]
    for p in jobs:
        p.start()
        p.join()
    print([p.exitcode for p in jobs])
    bad = Process(target=show, args=(1, 2, 3))
    bad.start()
    bad.join()
    print("bad args exitcode", bad.exitcode)
