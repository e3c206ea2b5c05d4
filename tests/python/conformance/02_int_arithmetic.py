# Checks int operators: + - * / // % ** with negative operands, divmod, abs, and int() parsing.
a, b = 17, 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** 2)
print(-17 // 5, -17 % 5, 17 // -5, 17 % -5, -17 // -5, -17 % -5)
print(divmod(17, 5), divmod(-17, 5))
print(abs(-42), abs(0), -(-3))
print(2 ** 10, 2 ** 0, (-2) ** 3)
print(10 / 2, type(10 / 2).__name__, type(10 // 2).__name__)
print(int("42"), int(" -7 "), int("+3"), int(3.9), int(-3.9), int(True))
print(int("ff", 16), int("101", 2), int("0"))
print(True + True, True * 10, False - 1)
print(7 & 3, 7 | 8, 7 ^ 2, 1 << 10, 1024 >> 3, ~5)
x = 10
x += 5
x -= 3
x *= 2
x //= 5
x %= 3
print(x)
print(1_000_000, 0x10, 0o17, 0b1010)
print(pow(3, 4), pow(3, 4, 5))
print(round(17, -1), round(15, -1), round(25, -1))
print(hex(255), bin(10), oct(8))
print(max(3, -9, 7), min(3, -9, 7))
