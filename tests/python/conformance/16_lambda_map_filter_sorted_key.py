# Checks lambda, map, filter, sorted and min/max with key=, and lambdas stored in data.
square = lambda x: x * x
print(square(7), (lambda a, b=2: a * b)(3), (lambda: "none")())
print(list(map(square, [1, 2, 3])), list(map(lambda a, b: a + b, [1, 2], [10, 20])))
print(list(filter(lambda x: x % 2, range(10))), list(filter(None, [0, 1, "", "a", None])))
words = ["banana", "Apple", "cherry", "fig", "date"]
print(sorted(words))
print(sorted(words, key=len))
print(sorted(words, key=lambda w: w.lower()))
print(sorted(words, key=lambda w: (len(w), w), reverse=True))
people = [("anne", 30), ("bob", 25), ("cid", 30), ("dee", 20)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: -p[1]))
print(max(people, key=lambda p: p[1]), min(people, key=lambda p: p[1]))
ops = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b}
for name in ["add", "mul"]:
    print(name, ops[name](6, 7))
print(list(map(str, [1, 2.5, None])), list(map(int, "123")))
print(type(map(str, [])).__name__, type(square).__name__, square.__name__)
