# Checks comprehensions and generator expressions: filters, nesting, conditional values, variable scope.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print(["even" if x % 2 == 0 else "odd" for x in range(4)])
print([(i, j) for i in range(3) for j in range(i)])
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[1] for row in matrix], [[row[i] for row in matrix] for i in range(3)])
print([x for row in matrix for x in row if x % 2])
print([num * 10 for num in range(10)])
print([c.upper() for c in "abc"], [len(w) for w in "a bb ccc".split()])
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]), list(x + 1 for x in (1, 2)))
print({x % 3 for x in range(10)} == {0, 1, 2}, {k: v for k, v in [("a", 1), ("b", 2)]})
x = "outer"
_ = [x for x in range(3)]
print(x)
pairs = [[k, k ** 2] for k in [3, 1]]
print(pairs, [p for p, q in pairs])
print([[0 for _ in range(2)] for _ in range(3)])
words = ["apple", "bob", "kayak", "test"]
print([w for w in words if w == w[::-1]])
print(any(x > 8 for x in range(10)), all(x < 5 for x in range(10)))
