# Checks str methods: split (default, sep, maxsplit), rsplit, join, strip/lstrip/rstrip, replace, splitlines.
s = "  hello  world \t\n"
print(s.split(), "a,b,,c".split(","), "a b c".split(" ", 1), "a,b,c".rsplit(",", 1))
print("".split(), "".split(","), "x".split("x"), "1 2  3".split(" "))
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr("xxhixx".strip("x")), repr("--a-b--".strip("-")))
print("-".join(["a", "b", "c"]), "".join(["x", "y"]), ", ".join([]), " ".join("abc"))
print("-".join(str(i) for i in range(4)), "\n".join(["l1", "l2"]))
print("aaa".replace("a", "b"), "aaa".replace("a", "b", 2), "hello".replace("l", ""), "abc".replace("", "-"))
print("l1\nl2\r\nl3".splitlines(), "a\n\nb\n".splitlines())
print("Hello World".upper(), "Hello World".lower(), "hello world".title(), "hello".capitalize(), "HeLLo".swapcase())
print("hello".startswith("he"), "hello".startswith("lo"), "hello".endswith("lo"), "hello".endswith(("x", "o")))
print("banana".find("an"), "banana".find("an", 2), "banana".find("x"), "banana".rfind("an"), "banana".index("n"))
print("banana".count("a"), "banana".count("an"), "banana".count(""), "aaaa".count("aa"))
print("k=v=w".partition("="), "k=v=w".rpartition("="), "kv".partition("="))
try:
    "a,b".join([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
try:
    "a".split("")
except ValueError as e:
    print(type(e).__name__, e)
