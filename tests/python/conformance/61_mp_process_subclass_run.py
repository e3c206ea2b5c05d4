# Checks Process subclasses: run() overridden, default names from the class, attributes set before start.
from multiprocessing import Process, current_process


class Run(Process):
    def __init__(self, name, count):
        super().__init__()
        self.name = name
        self.count = count

    def run(self):
        print('%s running, count %d, in %s' % (self.name, self.count, current_process().name))
        print('%s running end' % self.name)


class Plain(Process):
    def run(self):
        print("plain run, name", self.name)


class NameFirst(Process):
    def __init__(self, name):
        self.name = name
        super().__init__()

    def run(self):
        print("NameFirst run, name", self.name)


if __name__ == '__main__':
    for i, n in enumerate(['anne', 'alex']):
        p = Run(n, i)
        p.start()
        p.join()
        print("joined", p.name, p.exitcode)
    q = Plain()
    print("before start", q.name)
    q.start()
    q.join()
    r = NameFirst("given")
    print("before start", r.name)
    r.start()
    r.join()
    direct = Run("direct", 9)
    direct.run()
    print("run() called directly ran in", current_process().name, direct.exitcode, direct.pid)
    print(isinstance(q, Process), type(q).__name__, Run.__bases__[0].__name__)
