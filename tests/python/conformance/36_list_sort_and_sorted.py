# Checks sort and sorted: in place vs new list, key=, reverse=, stability, mixed types error.
nums = [5, 2, 9, 1, 5, 6]
s = sorted(nums)
print(s, nums)
r = nums.sort()
print(r, nums)
nums.sort(reverse=True)
print(nums)
words = ["bb", "a", "ccc", "dd", "e"]
words.sort(key=len)
print(words)
words.sort(key=len, reverse=True)
print(words)
records = [("b", 2), ("a", 2), ("c", 1), ("d", 3), ("e", 1)]
print(sorted(records, key=lambda r: r[1]))
print(sorted(records))
print(sorted(records, key=lambda r: r[1], reverse=True))
print(sorted("hello"), sorted((3, 1, 2)), sorted({"b": 1, "a": 2}), sorted({3, 1, 2}))
print(sorted([0.5, -1, 3, 2.25]), sorted([True, False, 2, -1]), sorted([[2, 1], [1, 9], [1, 2]]))
print(sorted(["b", "A", "a", "B"]), sorted(["b", "A", "a", "B"], key=str.lower))
print(list(reversed([1, 2, 3])), sorted([], reverse=True))
d = {"x": 3, "y": 1, "z": 2}
print(sorted(d, key=d.get), sorted(d.items(), key=lambda kv: kv[1], reverse=True))
try:
    sorted([1, "a"])
except TypeError as e:
    print(type(e).__name__, e)
