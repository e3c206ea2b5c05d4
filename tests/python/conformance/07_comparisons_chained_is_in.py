# Checks comparison operators, chained comparisons, is / is not, in / not in.
a, b, c = 1, 5, 10
print(a < b < c, a < c < b, 1 <= 1 < 2, 3 > 2 > 1 > 0, 1 < 2 > 1.5)
print(1 == 1.0, 2 != 2.0, "a" < "b", "abc" < "abd", "B" < "a", "" < "a")
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, "a") < (1, "b"), [1, 2] == [1, 2])
print(0 < 5 == 5, 5 == 5 == 5.0, 1 < 3 != 3)
x = [1, 2, 3]
y = x
z = [1, 2, 3]
print(x == z, x is z, x is y, x is not z, y is not x)
print(2 in x, 4 in x, 4 not in x, "ell" in "hello", "z" not in "hello")
print("k" in {"k": 1}, 1 in {"k": 1}, 3 in (1, 2, 3), 3 in {3, 4}, 5 in range(10), 10 in range(10))
print(None is None, [] == [], {} == {}, () == ())
print(max("apple", "banana"), min([3, 1], [2, 9]))
try:
    print(1 < "a")
except TypeError as e:
    print(type(e).__name__, e)
try:
    print([1] < [None])
except TypeError as e:
    print(type(e).__name__, e)
print(1 == "1", None == 0, [] == (), "1" != 1)
