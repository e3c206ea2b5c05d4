# Checks while loops with break, continue and else, and a while True loop ended by break.
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    print("i =", i)
else:
    print("while else runs when no break")
n = 10
while n > 0:
    n -= 3
    if n < 5:
        print("break at", n)
        break
else:
    print("never printed")
count = 0
while True:
    count += 1
    if count % 2:
        continue
    if count >= 6:
        break
    print("even", count)
print("count", count)
num = 27
steps = 0
while num != 1:
    num = num // 2 if num % 2 == 0 else 3 * num + 1
    steps += 1
print("collatz steps", steps)
k = 0
while k < 0:
    print("never")
else:
    print("else with zero iterations")
