# Checks str methods: isdigit/isalpha/isspace/isupper, zfill, center, ljust, rjust, indexing and slicing.
for t in ["123", "12a", "", " ", "abc", "ABC", "Abc", "３", "包子"]:
    print(repr(t), t.isdigit(), t.isalpha(), t.isspace(), t.isupper(), t.islower(), t.isalnum())
print("42".zfill(5), "-42".zfill(5), "abc".zfill(2), "+7".zfill(4))
print("[" + "ab".center(6) + "]", "[" + "ab".center(7, "*") + "]", "[" + "abc".center(2) + "]")
print("[" + "ab".ljust(5) + "]", "[" + "ab".rjust(5, ".") + "]", "[" + "abcdef".ljust(3) + "]")
s = "multiprocessing"
print(s[0], s[-1], s[5:], s[:5], s[-3:], s[::2], s[::-1], s[3:100], s[100:], repr(s[5:2]))
print(len(s), len(""), len("包子铺"), "包子铺"[1], "包子铺"[::-1])
print("ab" * 3, "ab" + "cd", "-" * 10, 3 * "x", "" * 5)
print(ord("a"), chr(98), ord("包"), chr(20320))
print("abc" < "abd", "a" in "abc", str(123) + "4", "x".join("12"))
try:
    s[100]
except IndexError as e:
    print(type(e).__name__, e)
try:
    s[0] = "M"
except TypeError as e:
    print(type(e).__name__, e)
for i, ch in enumerate("hey"):
    print(i, ch, end="; ")
print()
print("%s|%s" % ("a".upper(), "B".lower()), "Hello"[1:4].upper())
