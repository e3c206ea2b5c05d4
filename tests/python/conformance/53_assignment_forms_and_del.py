# Checks assignment forms: chained, augmented on every operator, to items and attributes, and del.
a = b = c = 0
a += 1
print(a, b, c)
x = 10
x += 2; x -= 1; x *= 3; x //= 2; x **= 2; x %= 100
print(x)
y = 7.0
y /= 2
print(y)
s = "ab"
s += "cd"
s *= 2
print(s)
lst = [0, 1, 2]
lst[0] = "zero"
lst[-1] += 10
print(lst)
d = {}
d["k"] = 1
d["k"] += 1
d[("t", 1)] = "tuple key"
print(d)
class Obj:
    pass
o = Obj()
o.v = 5
o.v *= 3
print(o.v)
m = [[0, 0], [0, 0]]
m[1][0] = 7
print(m)
del x
try:
    print(x)
except NameError as e:
    print(type(e).__name__, e)
del d["k"]
print(d)
del o.v
print(hasattr(o, "v"))
t = l2 = []
t.append(1)
print(l2)
i, (j, k) = 1, [2, 3]
print(i, j, k)
u, v = v2, w2 = 1, 2
print(u, v, v2, w2)
n = 0
for n in range(3):
    n += 10
print(n)
if (size := len("hello")) > 3:
    print("walrus", size)
