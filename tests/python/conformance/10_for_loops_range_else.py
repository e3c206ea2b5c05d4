# Checks for loops over range (with steps, negative steps), strings, lists; break, continue, else.
for i in range(3):
    print("range3", i)
print(list(range(2, 10, 3)), list(range(10, 0, -3)), list(range(5, 5)), list(range(-3)))
for ch in "abc":
    print(ch, end=" ")
print()
for i in range(10):
    if i % 3 == 0:
        continue
    if i > 7:
        break
    print(i, end=",")
print()
for n in range(2, 12):
    for d in range(2, n):
        if n % d == 0:
            print(n, "=", d, "*", n // d)
            break
    else:
        print(n, "is prime")
for x in []:
    print("never")
else:
    print("else after empty loop")
total = 0
for i in range(1, 101):
    total += i
print("sum", total)
for i in range(3):
    pass
print("i after loop", i)
pairs = [(1, "a"), (2, "b")]
for num, letter in pairs:
    print(num, letter)
r = range(0, 20, 5)
print(r, len(r), r[1], r[-1], 15 in r)
