# Checks truthiness of each kind of value, and/or returning an operand, not, and None.
for v in [0, 1, -1, 0.0, 0.5, "", "a", " ", [], [0], (), (None,), {}, {"k": 0}, set(), None, True, False]:
    print(repr(v), bool(v), "yes" if v else "no")
print(0 or "default", "" or [] or 0, 3 and 4, 0 and 4, None or None)
print(1 and "x" or "y", 0 and "x" or "y")
print(not 0, not "s", not None, not [])
print(True + 1, True == 1, False == 0, True is True, type(True).__name__)
print(None is None, None == None, type(None).__name__, repr(None), str(None))
x = None
if x is None:
    print("x is None")
if not x:
    print("x is falsy")
class Thing:
    pass
t = Thing()
print(bool(t), "object is truthy" if t else "never")
print(all([1, 2, 3]), all([1, 0]), all([]), any([0, "", None]), any([0, 5]), any([]))
print(str(True), str(False), int(False), float(True))
