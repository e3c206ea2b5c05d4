# Checks floats: true division, repr of common values, rounding, float(), int/float mixing and errors.
print(0.1 + 0.2, 1 / 3, 2 / 3, 10 / 4, 10 / 2)
print(1.0, 1.5e300 * 10, 1e16, 1e15, 1.0e-5, 0.0001, 123456789.123)
print(-0.0, 0.0 == -0.0, 3.0 * 2, 7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2)
print(2 ** 0.5, 2 ** -1, 4 ** 0.5, 9 ** -0.5)
print(1 + 2.0, type(1 + 2.0).__name__, 3 * 0.5, 1 == 1.0, 0.1 * 3 == 0.3)
print(round(2.5), round(3.5), round(-2.5), round(0.5), type(round(2.5)).__name__)
print(round(2.675, 2), round(3.14159, 3), round(1.005, 2), round(2.5, 0))
print(float("3.14"), float(" -2 "), float(7), float("1e3"), float("inf"), float("-inf"))
print(int(2.999), int(-2.999), abs(-1.25), max(1, 2.5), min(0.5, 1))
print(str(1.10), repr(2.50), str(100.0), 1e22, 1e21 / 10)
print(0.082, 0.1 + 0.7, 1.1 * 3, 100 * 1.1)
print(sum([0.1] * 10), 3.0.is_integer(), 3.5.is_integer())
x = 1.0
x /= 3
x *= 3
print(x, x == 1.0)
try:
    print(1.0 / 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    print(5 % 0.0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    float("abc")
except ValueError as e:
    print(type(e).__name__, e)
