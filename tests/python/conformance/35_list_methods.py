# Checks list methods: append, extend, insert, pop, remove, index, count, reverse, clear, copy, del.
a = [3, 1, 2]
a.append(4)
a.extend([5, 6])
a.insert(0, 0)
a.insert(100, 99)
a.insert(-1, 7)
print(a, len(a))
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(2)
print(a, a.index(5), a.count(1), [1, 1, 2].count(1))
a.reverse()
print(a)
b = a
c = a.copy()
d = a[:]
b.append("x")
print(a, c, d, a is b, a is c)
del a[0]
del a[-1]
print(a)
del a[1:3]
print(a)
a.clear()
print(a, len(a), bool(a))
print([1, 2] + [3], [0] * 3, [[]] * 2, [1, 2] * 0)
grid = [[0] * 2] * 2
grid[0][0] = 9
print(grid)
grid = [[0] * 2 for _ in range(2)]
grid[0][0] = 9
print(grid)
e = []
e += [1]
e += (2, 3)
e += "ab"
print(e)
p_l = []
for i in range(3):
    p_l.append("p%d" % i)
print(p_l, p_l[-1], list("abc"), list(range(3)), list((1, 2)), list({"k": 1}))
try:
    [].pop()
except IndexError as e:
    print(type(e).__name__, e)
try:
    [1, 2].index(3)
except ValueError as e:
    print(type(e).__name__, e)
nested = [1, [2, [3, 4]], "s"]
print(nested[1][1][0], len(nested), nested[-1][0])
