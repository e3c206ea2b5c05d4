# Checks def: positional and keyword arguments, defaults, keyword-only parameters, returns, docstrings.
def greet(name, greeting="hello", punct="!"):
    """Builds a greeting."""
    return greeting + ", " + name + punct

print(greet("anne"))
print(greet("anne", "hi"))
print(greet("anne", punct="?"))
print(greet(punct=".", name="bob", greeting="hey"))

def nothing():
    pass

print(nothing(), repr(nothing()))

def min_max(items):
    return min(items), max(items)

lo, hi = min_max([4, 1, 9])
print(lo, hi, min_max([2]))

def append_to(item, target=[]):
    target.append(item)
    return target

print(append_to(1), append_to(2), append_to(3, []))

def kw_only(a, *, b=2, c):
    return a + b + c

print(kw_only(1, c=10), kw_only(1, b=0, c=0))
try:
    greet()
except TypeError as e:
    print(type(e).__name__, e)
try:
    greet("a", "b", "c", "d")
except TypeError as e:
    print(type(e).__name__, e)
try:
    greet("a", nme="b")
except TypeError as e:
    print(type(e).__name__, e)
def early(n):
    if n < 0:
        return "negative"
    print("not negative")
print(early(-1), early(1))
f = greet
print(f("x"), callable(f), callable(3), greet.__name__)
