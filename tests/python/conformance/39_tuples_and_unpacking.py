# Checks tuples: creation, one-element repr, unpacking, swap, starred and nested unpacking, immutability.
t = (1, 2, 3)
single = (5,)
not_tuple = (5)
empty = ()
print(t, single, not_tuple, empty, type(single).__name__, type(not_tuple).__name__, len(empty))
packed = 1, "a", None
print(packed, type(packed).__name__)
a, b, c = t
print(a, b, c)
a, b = b, a
print(a, b)
x, y, z = "xyz"
print(x, y, z)
first, *rest = [1, 2, 3, 4]
*init, last = [1, 2, 3, 4]
head, *middle, tail = "abcde"
print(first, rest, init, last, head, middle, tail)
p, *q = [9]
print(p, q)
(m, n), o = (1, 2), 3
print(m, n, o)
for i, (k, v) in enumerate([("a", 1), ("b", 2)]):
    print(i, k, v)
print(t + (4,), t * 2, t[1], t[-1], t.index(2), (1, 1, 2).count(1), 2 in t)
print(tuple([1, 2]), tuple("ab"), tuple(), tuple(range(3)))
print((1, 2) == (1, 2), (1, 2) < (1, 3), hash((1, 2)) == hash((1, 2)))
try:
    t[0] = 9
except TypeError as e:
    print(type(e).__name__, e)
args = ('anne',)
print(args, len(args), args[0])
def pair():
    return "left", "right"
l, r = pair()
print(l, r, pair())
nested = ((1, 2), [3, 4])
nested[1].append(5)
print(nested)
i = j = 0
i += 1
print(i, j)
