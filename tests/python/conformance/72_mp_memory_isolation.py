# Checks that a child works on its own copy: globals, lists, objects and a subclass's attributes stay unchanged in the parent.
from multiprocessing import Process

n = 100
items = ['a']


class Box:
    def __init__(self):
        self.value = 'original'


box = Box()


def work():
    global n
    n = 0
    items.append('child')
    box.value = 'changed in child'
    print('child sees', n, items, box.value)


class Worker(Process):
    def __init__(self):
        super().__init__()
        self.result = None

    def run(self):
        self.result = 42
        print('worker set result', self.result)


if __name__ == '__main__':
    p = Process(target=work)
    p.start()
    p.join()
    print('main sees', n, items, box.value)
    n = 5
    p = Process(target=work)
    p.start()
    p.join()
    print('main sees', n, items)
    w = Worker()
    w.start()
    w.join()
    print('main sees worker result', w.result)
