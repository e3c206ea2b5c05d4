# Checks raise with custom exception classes: hierarchy, args, str(e), repr(e) and extra fields.
class AppError(Exception):
    pass

class StockError(AppError):
    def __init__(self, item, left):
        super().__init__("out of %s (%d left)" % (item, left))
        self.item = item
        self.left = left

class Plain(Exception):
    pass

try:
    raise AppError("generic failure")
except AppError as e:
    print(type(e).__name__, str(e), repr(e), e.args)
try:
    raise StockError("ticket", 0)
except AppError as e:
    print(type(e).__name__, str(e), repr(e), e.item, e.left, isinstance(e, Exception))
try:
    raise Plain
except Plain as e:
    print(repr(e), repr(str(e)), e.args)
try:
    raise Plain("a", 2)
except Plain as e:
    print(str(e), repr(e), e.args)
try:
    raise ValueError("bad value: %r" % "x")
except ValueError as e:
    print(e)
def check(n):
    if n < 0:
        raise ValueError("negative: " + str(n))
    return n
for v in [3, -1]:
    try:
        print("ok", check(v))
    except ValueError as e:
        print("error", e)
try:
    try:
        raise KeyError("inner")
    except KeyError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(repr(e), repr(e.__cause__))
print(issubclass(StockError, AppError), issubclass(AppError, Exception), issubclass(KeyError, LookupError))
print(TimeoutError("request failed"), repr(TimeoutError("request failed")))
