# Checks conversions: int, str, float, bool, list, dict, tuple, set, and isinstance on the results.
print(int("12") + 1, int(7.9), int(-0.5), int("  8\n"), str(12) + "1", str(1.5), str([1, "a"]), str(None))
print(float("2"), float(3), float("-0.5"), bool(0), bool("0"), bool([]), bool(0.0), bool(None))
print(list("ab"), list((1, 2)), list({"a": 1, "b": 2}), list(range(2)), list())
print(tuple([1]), tuple("ab"), dict([(1, 2)]), dict(a=1), sorted(set([3, 3, 1])), sorted(set("aba")))
print(repr(str(3)), repr(int("3")), repr(float("3")), repr(str(3.0)), repr(str(True)))
for v in [int("5"), str(5), float(5), bool(5), list("5"), tuple("5"), dict(), set()]:
    print(type(v).__name__, isinstance(v, (int, float)), end=" | ")
print()
print(isinstance(True, int), isinstance(1, bool), isinstance("s", str), isinstance([], (list, tuple)))
print(int("1_000"), int("-0"), str(-0), float("1_0.5"), int(True) + int(False))
print(str(b"ab"), str("中文"), repr("中文"))
try:
    int("")
except ValueError as e:
    print(type(e).__name__, e)
try:
    int([1])
except TypeError as e:
    print(type(e).__name__, e)
try:
    dict([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
h = hash("stock")
print(isinstance(h, int), h == hash("stock"), hash(1) == hash(1.0), hash(7))
print(abs(int("-3")), round(float("2.5")), float(int("4")))
