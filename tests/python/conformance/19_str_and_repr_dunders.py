# Checks __str__ and __repr__: print and str() use __str__, containers and !r use __repr__.
class Ticket:
    def __init__(self, n):
        self.n = n
    def __str__(self):
        return "ticket #%d" % self.n
    def __repr__(self):
        return "Ticket(%d)" % self.n

class OnlyRepr:
    def __repr__(self):
        return "<OnlyRepr>"

class OnlyStr:
    def __str__(self):
        return "only-str"

t = Ticket(7)
print(t)
print(str(t), repr(t), [t, Ticket(8)], (t,), {"t": t})
print(f"{t} {t!r} {t!s}", "%s and %r" % (t, t), "{} {!r}".format(t, t))
o = OnlyRepr()
print(o, str(o), [o])
s = OnlyStr()
print(s, repr(s).startswith("<__main__.OnlyStr object at 0x"))
print(str([1, "a"]), repr("a'b"), repr('a"b'), repr("a'b\"c"), str("plain"))
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __str__(self):
        return "%d.%02d" % divmod(self.cents, 100)
    def __len__(self):
        return self.cents
    def __add__(self, other):
        return Money(self.cents + other.cents)
m = Money(1205) + Money(99)
print(m, len(m), "total: " + str(m))
