# Checks iteration builtins: len, range, enumerate, zip, sorted, reversed, sum, min, max, abs, round.
items = ["a", "b", "c"]
print(len(items), len("abc"), len({"k": 1}), len(range(0, 10, 2)), len((1,)))
print(list(enumerate(items)), list(enumerate(items, start=1)))
for i, v in enumerate(items, 1):
    print(i, v, end=" ")
print()
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1], [2], [3])))
for n, ch in zip(range(3), "xyz"):
    print(n, ch, end=" ")
print()
print(sum([1, 2, 3]), sum([]), sum([0.5, 0.25]), sum(range(5), 10))
print(min(4, 2, 8), max([4, 2, 8]), min("hello"), max("a", "B"), min([], default="none"), max((1, 9), (2, 0)))
print(abs(-3), abs(2.5), abs(-0.0), round(7.456, 1), round(-1.5), round(1234, -2))
print(list(reversed("abc")), list(reversed(range(3))), list(reversed((1, 2))))
print(sorted([3, 1, 2], reverse=True), list(range(3, -3, -2)))
it = iter([1, 2])
print(next(it), next(it), next(it, "end"))
names = ["anne", "bob"]
ages = [30, 25]
print(dict(zip(names, ages)), [f"{n}:{a}" for n, a in zip(names, ages)])
try:
    min([])
except ValueError as e:
    print(type(e).__name__, e)
try:
    sum(["a", "b"])
except TypeError as e:
    print(type(e).__name__, e)
