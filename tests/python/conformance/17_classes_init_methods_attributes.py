# Checks classes: __init__, methods, instance attributes, class attributes shared and shadowed.
class Counter(object):
    step = 1
    created = 0

    def __init__(self, name, start=0):
        """Keeps a named count."""
        self.name = name
        self.value = start
        Counter.created += 1

    def tick(self):
        self.value += self.step
        return self

    def report(self):
        return "%s=%d" % (self.name, self.value)

a = Counter("a")
b = Counter("b", 10)
a.tick().tick()
b.tick()
print(a.report(), b.report(), Counter.created, a.created)
b.step = 5
b.tick()
print(b.report(), a.step, b.step, Counter.step)
Counter.step = 2
a.tick()
print(a.report(), b.step)
print(type(a).__name__, isinstance(a, Counter), isinstance(a, object), a.name)
a.extra = [1, 2]
print(a.extra, hasattr(a, "extra"), hasattr(b, "extra"))
m = a.report
print(m(), Counter.report(b))
class Empty:
    pass
e = Empty()
e.x = 1
print(e.x, type(e).__name__, isinstance(e, Empty))
print(str(a).startswith("<__main__.Counter object at 0x"), repr(e).startswith("<__main__.Empty object at 0x"))
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)
    def moved(self, dx=0, dy=0):
        return Point(self.x + dx, self.y + dy)
p = Point(1, 2)
q = p.moved(dy=3)
print(q.x, q.y, p == Point(1, 2), p == q, p is not Point(1, 2))
