# Checks ints close to the 64-bit limits: results that still fit between -2**63 and 2**63-1.
big = 2 ** 62
print(big)
print(big + (big - 1))
print(2 ** 63 - 1)
print(-(2 ** 63))
print(-(2 ** 63) + 1)
m = 9223372036854775807
print(m, m // 7, m % 7, m // -7)
print(m - 1, -m - 1)
print(3037000499 * 3037000499)
print(-3037000499 * 3037000499)
print(10 ** 18, 10 ** 18 * 9)
n = 1
for i in range(1, 21):
    n *= i
print("20! =", n)
print(f"{m:,}", f"{-m - 1:,}")
print(str(m), len(str(m)))
print(int("9223372036854775807"), int("-9223372036854775808"))
print(m == 2 ** 63 - 1, m > 2 ** 62, type(m).__name__)
print(abs(-9223372036854775807))
print(float(2 ** 53), float(m))
