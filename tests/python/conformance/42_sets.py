# Checks sets, printed only in sorted order: add, discard, remove, union, intersection, difference.
s = {3, 1, 2, 3, 1}
print(sorted(s), len(s), 2 in s, 5 in s, 5 not in s)
s.add(10)
s.add(1)
s.discard(99)
s.discard(2)
print(sorted(s))
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(sorted(a.union(b)), sorted(a.intersection(b)), sorted(a.difference(b)), sorted(a.union([9], (8,))))
print(a <= {1, 2, 3, 4, 5}, {1} < a, a.issubset(a), a.isdisjoint({7}), {1, 2} == {2, 1})
print(sorted(set("banana")), sorted(set([1, 1, 2])), type(set()).__name__, set() == set(), len(set()))
seen = set()
dups = []
for x in [1, 2, 1, 3, 2, 4]:
    if x in seen:
        dups.append(x)
    seen.add(x)
print(dups, sorted(seen))
print(sorted({w.lower() for w in ["A", "a", "B"]}))
c = a.copy()
c.update([100, 200])
print(sorted(c), sorted(a))
try:
    s.remove(42)
except KeyError as e:
    print(type(e).__name__, e)
print(sorted({"b", "a", "c"}), sorted(frozenset([2, 1])))
popped = {7}.pop()
print(popped)
