# Checks slicing: start/stop/step, negatives, out of range bounds, slice assignment and deletion.
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[-3:], a[:-7], a[-5:-2], a[::3], a[1::2], a[::-1], a[8:2:-2], a[-1::-3])
print(a[5:5], a[5:2], a[20:], a[-20:2], a[:100], a[::-20])
b = a[:]
b[2:5] = ["x"]
print(b)
b[:1] = []
print(b)
b[len(b):] = [10, 11]
print(b)
b[::2] = [0] * len(b[::2])
print(b)
c = [1, 2, 3, 4, 5]
del c[::2]
print(c)
t = (0, 1, 2, 3, 4)
print(t[1:3], t[::-1], t[-2:], type(t[1:3]).__name__)
s = "abcdefgh"
print(s[1:-1], s[-3:-1], s[::-2], s[2:2] == "")
try:
    b[::2] = [1]
except ValueError as e:
    print(type(e).__name__, e)
try:
    a[::0]
except ValueError as e:
    print(type(e).__name__, e)
print(a[-1], a[-10], a[len(a) - 1])
