# Checks with: __enter__ value bound by as, __exit__ arguments, suppression, and order of calls.
class Tracer:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, repr(exc))
        return self.suppress

with Tracer("a") as v:
    print("body with", v)
with Tracer("b", suppress=True):
    print("body before error")
    raise KeyError("k")
    print("never")
print("after suppressed")
try:
    with Tracer("c"):
        raise ValueError("escapes")
except ValueError as e:
    print("caught outside", e)
with Tracer("outer") as o, Tracer("inner") as i:
    print("both", o, i)
def early():
    with Tracer("ret"):
        return "returned"
print(early())
for n in range(2):
    with Tracer("loop%d" % n):
        if n == 0:
            continue
        print("loop body", n)
