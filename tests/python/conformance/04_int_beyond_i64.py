# Checks an int result past 2**63-1 (CPython grows the int; forkbook raises OverflowError, see the .note).
print("before")
small = 2 ** 62
print(small)
print(2 ** 63 - 1)
n = 1
for i in range(1, 26):
    n *= i
print("25! =", n)
print(2 ** 64)
print("after")
