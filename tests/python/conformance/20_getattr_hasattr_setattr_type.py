# Checks getattr (with default), hasattr, setattr, type(x).__name__ and isinstance with tuples.
class Config:
    debug = False
    def __init__(self):
        self.level = 3

c = Config()
print(getattr(c, "level"), getattr(c, "debug"), getattr(c, "missing", "fallback"))
print(hasattr(c, "level"), hasattr(c, "missing"), hasattr(Config, "level"), hasattr(Config, "debug"))
setattr(c, "level", 5)
setattr(c, "name", "cfg")
print(c.level, c.name, Config.debug)
try:
    getattr(c, "nope")
except AttributeError as e:
    print(type(e).__name__, e)
try:
    c.nope
except AttributeError as e:
    print(type(e).__name__, e)
method = getattr(c, "__init__")
print(callable(method))
for v in [1, 1.5, "s", [1], (1,), {1: 2}, {1}, None, True, c, Config]:
    print(type(v).__name__, end=" ")
print()
print(isinstance(True, int), isinstance(1, (str, float)), isinstance(1.0, (str, float)))
print(type(1) is int, type("") == str, type(c) is Config, type(Config).__name__)
print(hasattr("abc", "upper"), getattr("abc", "upper")(), hasattr([], "append"))
try:
    getattr(None, "x")
except AttributeError as e:
    print(e)
