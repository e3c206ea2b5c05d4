# Checks exceptions crossing function calls and loops, finally on break/continue, and catching order.
def level3(v):
    return 100 // v

def level2(v):
    try:
        return level3(v)
    finally:
        print("level2 cleanup", v)

def level1(v):
    return level2(v) + 1

for v in [5, 0, 20]:
    try:
        print("result", level1(v))
    except ZeroDivisionError as e:
        print("caught in loop:", e)
results = []
for i in range(6):
    try:
        if i == 1:
            continue
        if i == 4:
            break
        results.append(i)
    finally:
        results.append("f%d" % i)
print(results)
def first_match(items):
    for x in items:
        try:
            return int(x)
        except ValueError:
            print("skip", repr(x))
    return None
print(first_match(["a", "b", "3", "4"]), first_match([]))
try:
    raise KeyError("k")
except LookupError as e:
    print("LookupError catches", type(e).__name__)
except KeyError:
    print("never")
def cleanup_order():
    try:
        try:
            raise ValueError("inner")
        finally:
            print("inner finally")
    except ValueError as e:
        print("outer except", e)
    finally:
        print("outer finally")
cleanup_order()
errors = []
for raw in ["1", "x", "2", None]:
    try:
        errors.append(int(raw))
    except (ValueError, TypeError) as e:
        errors.append(type(e).__name__)
print(errors)
